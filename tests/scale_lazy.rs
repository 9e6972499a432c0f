//! Opening index first (what the GUI does): documents are read when needed,
//! a corrupt document blocks only itself, a stub is never written, changes
//! made on disk to unread documents are taken, and the derived document
//! cache (`.gloss/cache/`) never changes what opens.

mod common;

use gloss::edit::{make_span, Edit, Transaction};
use gloss::model::{Document, Origin, Status};
use gloss::session::Session;
use gloss::store::cache::{cache_path, DocFacts};
use gloss::store::{ProjectDir, Workspace};
use std::path::{Path, PathBuf};

fn project(n: usize) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let (mut project, mut store) =
        ProjectDir::create(&dir, "p", gloss::model::default_labels()).unwrap();
    for i in 0..n {
        let mut d = Document::new(&format!("d{i}"), &format!("Ông Lê Văn Tám đến số {i}."));
        if i % 3 == 0 {
            let span = make_span(&d, 4, 14, "person", Origin::Manual).unwrap();
            d.spans.push(span);
            d.status = Status::Done;
        }
        project.documents.push(d);
    }
    store.save(&project).unwrap();
    (tmp, dir)
}

fn add_person(ws: &mut Workspace, id: &str) -> Result<(), gloss::edit::EditError> {
    // Made on the text every document starts with (an unread document has
    // no text in memory).
    let doc = Document::new(id, "Ông Lê Văn Tám đến.");
    let span = make_span(&doc, 4, 14, "person", Origin::Manual).unwrap();
    ws.apply(Transaction::single(
        "add",
        Edit::AddSpan {
            doc: id.into(),
            span,
        },
    ))
}

fn changed_files(dir: &Path, before: &[(PathBuf, Vec<u8>)]) -> Vec<PathBuf> {
    let after: std::collections::BTreeMap<_, _> = common::snapshot(dir).into_iter().collect();
    before
        .iter()
        .filter(|(name, content)| after.get(name) != Some(content))
        .map(|(name, _)| name.strip_prefix(dir).unwrap().to_owned())
        .collect()
}

fn corrupt(dir: &Path, id: &str) {
    let file = dir.join(format!("docs/{id}.ron"));
    let s = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, s.replacen("text:", "txet:", 1)).unwrap();
}

#[test]
fn opening_index_first_reads_only_what_is_opened_and_equals_a_whole_load() {
    let (_tmp, dir) = project(40);
    let mut s = Session::open_lazy_as(&dir, None).unwrap();
    // The first document is open and read; the others are not.
    assert_eq!(s.document().unwrap().id, "d0");
    assert!(s.document().unwrap().text.contains("Lê Văn Tám"));
    assert_eq!(s.workspace.unloaded_count(), 39);
    // Titles and statuses come from the index.
    let d3 = s.workspace.project.document("d3").unwrap();
    assert_eq!(d3.status, Status::Done);
    assert!(!s.workspace.is_loaded("d3"));
    s.open_document(3);
    assert!(s.workspace.is_loaded("d3"));
    assert_eq!(s.workspace.unloaded_count(), 38);
    // Read whole, it is the very project a whole load gives.
    s.load_all().unwrap();
    let (whole, _) = ProjectDir::load(&dir).unwrap();
    assert_eq!(s.workspace.project, whole);
}

#[test]
fn a_corrupt_document_blocks_only_itself() {
    let (_tmp, dir) = project(10);
    corrupt(&dir, "d4");
    // A whole load refuses the project, naming the file.
    let e = ProjectDir::load(&dir).unwrap_err().to_string();
    assert!(e.contains("d4.ron"), "{e}");
    let before = common::snapshot(&dir);
    let mut s = Session::open_lazy_as(&dir, None).unwrap();
    assert!(s.document_problems().is_none());
    // Opening it shows its problems, naming the file and the fix.
    s.open_document(4);
    let problems = s.document_problems().expect("d4 does not load");
    let text = problems[0].to_string();
    assert!(
        text.contains("docs/d4.ron") && text.contains("fix"),
        "{text}"
    );
    // It cannot be edited (so its stub is never written) ...
    let e = add_person(&mut s.workspace, "d4").unwrap_err().to_string();
    assert!(e.contains("did not load"), "{e}");
    // ... and whole-project work says why it is refused.
    let n = s.load_all().unwrap_err();
    assert!(n.text().contains("did not load"), "{}", n.text());
    // The others open, are edited and saved; d4's file is untouched.
    s.open_document(5);
    assert!(s.document_problems().is_none());
    add_person(&mut s.workspace, "d5").unwrap();
    s.save().unwrap();
    assert_eq!(changed_files(&dir, &before), [PathBuf::from("docs/d5.ron")]);
}

#[test]
fn a_save_after_one_edit_writes_only_that_document() {
    let (_tmp, dir) = project(30);
    let before = common::snapshot(&dir);
    let mut ws = Workspace::open_lazy_as(&dir, None).unwrap();
    ws.load(&["d13".to_owned()]);
    add_person(&mut ws, "d13").unwrap();
    let report = ws.save().unwrap();
    assert_eq!(report.written, [PathBuf::from("docs/d13.ron")]);
    assert_eq!(
        changed_files(&dir, &before),
        [PathBuf::from("docs/d13.ron")]
    );
    // A status change writes the document and the index, nothing else.
    let before = common::snapshot(&dir);
    ws.apply(Transaction::single(
        "done",
        Edit::SetStatus {
            doc: "d13".into(),
            from: Status::Todo,
            to: Status::Done,
        },
    ))
    .unwrap();
    ws.save().unwrap();
    assert_eq!(
        changed_files(&dir, &before),
        [PathBuf::from("docs/d13.ron"), PathBuf::from("project.ron")]
    );
    let (whole, _) = ProjectDir::load(&dir).unwrap();
    assert_eq!(whole.document("d13").unwrap().status, Status::Done);
    assert_eq!(whole.document("d14").unwrap().status, Status::Todo);
}

#[test]
fn an_unread_document_cannot_be_edited() {
    let (_tmp, dir) = project(5);
    let mut ws = Workspace::open_lazy_as(&dir, None).unwrap();
    let e = add_person(&mut ws, "d2").unwrap_err().to_string();
    assert!(e.contains("not been read"), "{e}");
}

#[test]
fn changes_on_disk_to_unread_documents_are_taken_when_they_are_read() {
    let (_tmp, dir) = project(8);
    let mut ws = Workspace::open_lazy_as(&dir, None).unwrap();
    ws.load(&["d1".to_owned()]);
    // Someone else (a git pull) marks d7 done and adds a span to it, and
    // changes d1, which is read here with no unsaved changes.
    let (mut theirs, mut store) = ProjectDir::load(&dir).unwrap();
    let d7 = theirs.document_mut("d7").unwrap();
    d7.status = Status::Done;
    let span = make_span(d7, 4, 14, "person", Origin::Manual).unwrap();
    d7.spans.push(span);
    let d1 = theirs.document_mut("d1").unwrap();
    d1.note = "checked".into();
    store.save(&theirs).unwrap();
    let report = ws.check_disk();
    assert!(report.conflicts.is_empty(), "{report:?}");
    // The index entry of the unread d7 is the new one; d1 was reloaded.
    assert_eq!(ws.project.document("d7").unwrap().status, Status::Done);
    assert!(!ws.is_loaded("d7"));
    assert_eq!(ws.project.document("d1").unwrap().note, "checked");
    assert_eq!(ws.load(&["d7".to_owned()]), 0);
    assert!(ws.is_loaded("d7"));
    assert_eq!(ws.project.document("d7").unwrap().spans.len(), 1);
    // Editing here and saving keeps their work.
    ws.load(&["d2".to_owned()]);
    add_person(&mut ws, "d2").unwrap();
    ws.save().unwrap();
    let (whole, _) = ProjectDir::load(&dir).unwrap();
    assert_eq!(whole.document("d7").unwrap().status, Status::Done);
    assert_eq!(whole.document("d1").unwrap().note, "checked");
    assert_eq!(whole.document("d2").unwrap().spans.len(), 1);
}

#[test]
fn the_cache_deleted_or_corrupted_changes_nothing_that_opens() {
    let (_tmp, dir) = project(12);
    // `gloss check`-like whole read writes the cache.
    let mut s = Session::open_lazy_as(&dir, None).unwrap();
    s.load_all().unwrap();
    drop(s);
    assert!(cache_path(&dir).exists());
    let with_cache = Session::open_lazy_as(&dir, None).unwrap();
    // Unread documents show their counts from the cache.
    assert!(!with_cache.workspace.is_loaded("d3"));
    assert_eq!(
        with_cache.workspace.facts("d3"),
        Some(DocFacts {
            spans: 1,
            relations: 0,
            open: 0
        })
    );
    let mut with_cache = with_cache;
    with_cache.load_all().unwrap();
    let opened = with_cache.workspace.project.clone();
    drop(with_cache);
    let variants: [&dyn Fn(&Path); 4] = [
        &|p| std::fs::remove_file(p).unwrap(),
        &|p| std::fs::write(p, b"\xff\xfe garbage \x00").unwrap(),
        &|p| std::fs::write(p, "gloss-document-cache 1\nd3\t1\t2\t3\t99\t0\t0\nd4\tx\n").unwrap(),
        &|p| {
            // Truncated half-way through a line.
            let s = std::fs::read(p).unwrap_or_default();
            std::fs::write(p, &s[..s.len() / 2]).unwrap()
        },
    ];
    for (k, spoil) in variants.iter().enumerate() {
        let path = cache_path(&dir);
        if !path.exists() {
            let mut s = Session::open_lazy_as(&dir, None).unwrap();
            s.load_all().unwrap();
        }
        spoil(&path);
        let before = common::snapshot(&dir)
            .into_iter()
            .filter(|(p, _)| !p.starts_with(dir.join(".gloss")))
            .collect::<Vec<_>>();
        let mut s = Session::open_lazy_as(&dir, None).unwrap();
        // A stale entry (wrong stamp) is never believed.
        assert_ne!(
            s.workspace.facts("d3").map(|f| f.spans),
            Some(99),
            "variant {k}"
        );
        s.load_all().unwrap();
        assert_eq!(s.workspace.project, opened, "variant {k}");
        drop(s);
        let after = common::snapshot(&dir)
            .into_iter()
            .filter(|(p, _)| !p.starts_with(dir.join(".gloss")))
            .collect::<Vec<_>>();
        assert_eq!(before, after, "variant {k}: project files unchanged");
    }
}

#[test]
fn a_document_changed_since_the_cache_was_written_shows_no_stale_counts() {
    let (_tmp, dir) = project(6);
    let mut s = Session::open_lazy_as(&dir, None).unwrap();
    s.load_all().unwrap();
    drop(s);
    // d0 gains a span elsewhere (another clone, then a pull).
    let (mut p, mut store) = ProjectDir::load(&dir).unwrap();
    let d0 = p.document_mut("d0").unwrap();
    d0.spans.clear();
    store.save(&p).unwrap();
    let s = Session::open_lazy_as(&dir, None).unwrap();
    // d0 is open (read): counted. d3 unchanged: from the cache.
    assert_eq!(s.workspace.facts("d0").unwrap().spans, 0);
    assert_eq!(s.workspace.facts("d3").unwrap().spans, 1);
    let s3 = dir.join("docs/d3.ron");
    let text = std::fs::read_to_string(&s3).unwrap();
    std::fs::write(&s3, text.replace("note: \"\"", "note: \"x\"")).unwrap();
    let s = Session::open_lazy_as(&dir, None).unwrap();
    assert_eq!(s.workspace.facts("d3"), None);
}

#[test]
fn gloss_check_writes_the_cache_inside_the_project() {
    let (tmp, dir) = project(7);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gloss"))
        .arg("check")
        .arg(&dir)
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(cache_path(&dir).exists());
    assert!(!tmp.path().join(".gloss").exists());
    let s = Session::open_lazy_as(&dir, None).unwrap();
    assert!(!s.workspace.is_loaded("d6"));
    assert_eq!(s.workspace.facts("d6").unwrap().spans, 1);
}

#[test]
fn search_across_documents_streams_unread_ones_and_can_be_cancelled() {
    let (_tmp, dir) = project(600);
    corrupt(&dir, "d250");
    let mut s = Session::open_lazy_as(&dir, None).unwrap();
    s.open_document(7);
    let (hits, unreadable) = s.search_documents("lê văn tám", false).wait();
    // The document that does not load is named, the others all searched.
    assert_eq!(unreadable, ["d250"]);
    assert_eq!(hits.len(), 599);
    assert_eq!(hits.iter().filter(|h| h.id == "d7").count(), 1);
    // In document order, with char offsets into each text.
    assert!(hits.windows(2).all(|w| w[0].index < w[1].index));
    for h in hits.iter().take(3) {
        let d = Document::new("x", &format!("Ông Lê Văn Tám đến số {}.", h.index));
        assert_eq!(d.slice(h.start, h.end), Some("Lê Văn Tám"));
    }
    // Searching read nothing into memory.
    assert_eq!(s.workspace.unloaded_count(), 598);
    // Cancelled at once, it stops early.
    let job = s.search_documents("lê văn tám", false);
    job.cancel();
    let (hits, _) = job.wait();
    assert!(hits.len() < 599, "{}", hits.len());
}

#[test]
fn an_annotator_opens_index_first_and_writes_only_their_layer() {
    let (_tmp, dir) = project(10);
    let mut s = Session::open(&dir).unwrap();
    s.assign(&["an".to_owned(), "binh".to_owned()], 100, 1)
        .unwrap();
    s.save().unwrap();
    drop(s);
    let before = common::snapshot(&dir);
    let mut ws = Workspace::open_lazy_as(&dir, Some("an")).unwrap();
    // No layer file yet: every document is a blank layer, not read.
    assert_eq!(ws.unloaded_count(), 10);
    assert_eq!(ws.facts("d3").unwrap().spans, 0);
    assert_eq!(ws.project.document("d3").unwrap().status, Status::Todo);
    ws.load(&["d3".to_owned()]);
    add_person(&mut ws, "d3").unwrap();
    ws.save().unwrap();
    assert_eq!(
        changed_files(&dir, &before),
        Vec::<PathBuf>::new(),
        "gold files untouched"
    );
    assert!(dir.join("annotations/an/d3.ron").exists());
    // Opened again, the worked document is read at once; eager and lazy
    // agree on it.
    let ws = Workspace::open_lazy_as(&dir, Some("an")).unwrap();
    assert!(ws.is_loaded("d3"));
    assert_eq!(ws.unloaded_count(), 9);
    let eager = Workspace::open_read_only_as(&dir, Some("an")).unwrap();
    assert_eq!(ws.project.document("d3"), eager.project.document("d3"));
    drop(ws);
    // A broken layer file blocks only its document.
    let layer = dir.join("annotations/an/d3.ron");
    let text = std::fs::read_to_string(&layer).unwrap();
    std::fs::write(&layer, text.replacen("spans: [", "spans: oops [", 1)).unwrap();
    let mut s = Session::open_lazy_as(&dir, Some("an")).unwrap();
    assert!(!s.workspace.is_loaded("d3"));
    s.open_document(3);
    let p = s.document_problems().expect("d3's layer does not load");
    assert!(
        p[0].to_string().contains("annotations/an/d3.ron"),
        "{}",
        p[0]
    );
    s.open_document(4);
    assert!(s.document_problems().is_none());
}

/// Paragraphs of the sample article as documents; every third one done,
/// with the spans that fall inside it.
fn article_parts(n: usize) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let (sample, _) = ProjectDir::load(&common::sample()).unwrap();
    let base = &sample.documents[0];
    let (mut p, mut store) = ProjectDir::create(&dir, "p", sample.labels.clone()).unwrap();
    p.relation_types = sample.relation_types.clone();
    let paragraphs: Vec<(usize, &str)> = {
        let mut at = 0;
        base.text
            .split('\n')
            .map(|line| {
                let start = at;
                at += line.chars().count() + 1;
                (start, line)
            })
            .filter(|(_, l)| l.chars().count() > 40)
            .collect()
    };
    for i in 0..n {
        let (start, line) = paragraphs[i % paragraphs.len()];
        let mut d = Document::new(&format!("part-{i:02}"), line);
        let end = start + line.chars().count();
        // Done documents keep their spans (the dictionary learns them);
        // the others are blank, for the engines to suggest on.
        if i % 3 == 0 {
            d.status = Status::Done;
            for s in base
                .spans
                .iter()
                .filter(|s| s.start >= start && s.end <= end)
            {
                let mut s = s.clone();
                s.start -= start;
                s.end -= start;
                d.spans.push(s);
            }
        }
        p.documents.push(d);
    }
    store.save(&p).unwrap();
    (tmp, dir)
}

fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(dir.join("docs"))
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let bytes = std::fs::read(&p).unwrap();
            (p.strip_prefix(dir).unwrap().to_owned(), bytes)
        })
        .collect();
    out.sort();
    out
}

/// `gloss suggest` over a project opened index first goes through it a
/// chunk at a time (the dictionary learned in a first pass, each chunk
/// saved and dropped): the files are those of suggesting on the project
/// loaded whole, and the session ends holding one document.
#[test]
fn suggesting_in_chunks_writes_what_suggesting_on_the_whole_project_writes() {
    let (_a, whole_dir) = article_parts(23);
    let (_b, chunked_dir) = article_parts(23);
    let engines = [
        gloss::suggest::Engine::RulesVi,
        gloss::suggest::Engine::Dictionary,
    ];
    let mut whole = Session::open(&whole_dir).unwrap();
    let ids = whole.document_ids(true);
    let n = whole.suggest(ids, &engines);
    assert!(!n.is_refused(), "{n:?}");
    whole.save().unwrap();
    let mut lazy = Session::open_lazy_as(&chunked_dir, None).unwrap();
    let mut calls = 0;
    let done = lazy
        .suggest_in_chunks(
            &engines,
            5,
            &mut |_, _, total| {
                calls += 1;
                assert_eq!(total, 23);
            },
            &std::sync::atomic::AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!(done.documents, 23);
    assert!(done.suggestions > 10, "{done:?}");
    assert!(calls >= 5);
    assert_eq!(lazy.workspace.unloaded_count(), 22);
    assert!(!lazy.workspace.is_dirty());
    let (a, b) = (files_under(&whole_dir), files_under(&chunked_dir));
    assert_eq!(a.len(), 23);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.0, y.0);
        assert!(x.1 == y.1, "{} differs", x.0.display());
    }
    // What the dictionary learned took part: some suggestion came from it.
    let any_dictionary = b
        .iter()
        .any(|(_, bytes)| String::from_utf8_lossy(bytes).contains("dictionary"));
    assert!(any_dictionary);
}

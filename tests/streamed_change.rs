//! Changes over every document of a big project opened index first are
//! applied, undone and redone a chunk at a time: the documents read for a
//! chunk are saved and dropped again, the change is one undo step, and a
//! step that stops part way (a file broken meanwhile, the user stopping)
//! records exactly what was done.

mod common;

use gloss::edit::{Edit, Transaction};
use gloss::model::Document;
use gloss::session::Session;
use gloss::store::ProjectDir;
use gloss::suggest::Engine;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

const DOCS: usize = 40;
const CHUNK: usize = 7;

fn project() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let (mut project, mut store) =
        ProjectDir::create(&dir, "p", gloss::model::default_labels()).unwrap();
    for i in 0..DOCS {
        let text = format!("Ông Lê Văn Tám gặp bà Nguyễn Thị Hoa tại xã số {i}.");
        project
            .documents
            .push(Document::new(&format!("d{i:02}"), &text));
    }
    store.save(&project).unwrap();
    (tmp, dir)
}

fn open(dir: &Path) -> Session {
    let mut s = Session::open_lazy_as(dir, None).unwrap();
    s.workspace.set_chunk_size(CHUNK);
    s
}

fn suggest(s: &mut Session, stop: &AtomicBool, stop_after: usize) -> usize {
    let done = s
        .suggest_in_chunks(
            &[Engine::RulesVi],
            CHUNK,
            &mut |phase, d, _| {
                if phase == gloss::session::SuggestPhase::Suggesting && d >= stop_after {
                    stop.store(true, Ordering::Relaxed);
                }
            },
            stop,
        )
        .unwrap();
    done.documents
}

#[test]
fn suggesting_everywhere_is_one_undo_step_read_again_a_chunk_at_a_time() {
    let (_tmp, dir) = project();
    let before = common::doc_files(&dir);
    let mut s = open(&dir);
    let unread = s.workspace.unloaded_count();
    assert_eq!(unread, DOCS - 1);
    assert_eq!(suggest(&mut s, &AtomicBool::new(false), usize::MAX), DOCS);
    let after = common::doc_files(&dir);
    assert_ne!(before, after);
    // Every chunk saved and dropped: the window holds the open document.
    assert_eq!(s.workspace.unloaded_count(), unread);
    assert!(!s.workspace.is_dirty());
    assert_eq!(s.workspace.unread_in_next(false), DOCS - 1);
    // The document list counts what the dropped documents now hold.
    let facts = s.workspace.facts("d10").unwrap();
    assert!(facts.open > 0, "{facts:?}");

    let mut steps = Vec::new();
    let n = s.undo_reporting(&mut |d, total| steps.push((d, total)));
    assert!(!n.is_refused(), "{n:?}");
    assert_eq!(common::doc_files(&dir), before);
    assert_eq!(s.workspace.unloaded_count(), unread);
    assert!(!s.workspace.is_dirty());
    assert_eq!(steps.len(), DOCS.div_ceil(CHUNK));
    assert_eq!(steps.last(), Some(&(DOCS, DOCS)));

    assert_eq!(s.workspace.facts("d10").unwrap().open, 0);
    let n = s.redo();
    assert!(!n.is_refused(), "{n:?}");
    assert_eq!(common::doc_files(&dir), after);
    assert_eq!(s.workspace.unloaded_count(), unread);
    assert!(!s.workspace.is_dirty());
    // And the project reads back as written.
    let (reread, _) = ProjectDir::load(&dir).unwrap();
    assert!(reread.documents.iter().all(|d| !d.suggestions.is_empty()));
}

#[test]
fn an_undo_that_meets_a_broken_file_does_the_rest_and_goes_on_once_it_is_fixed() {
    let (_tmp, dir) = project();
    let before = common::doc_files(&dir);
    let mut s = open(&dir);
    suggest(&mut s, &AtomicBool::new(false), usize::MAX);
    let after = common::doc_files(&dir);
    // Someone breaks a document of the third chunk.
    let broken = dir.join("docs/d16.ron");
    let good = std::fs::read(&broken).unwrap();
    std::fs::write(&broken, "Document(id: \"d16\", text: ").unwrap();
    let n = s.undo();
    assert!(n.is_refused(), "{n:?}");
    let text = n.text();
    assert!(
        text.starts_with("Undone in part: done in 39 of 40 documents"),
        "{text}"
    );
    assert!(
        text.contains("not in 1: document \"d16\" did not load"),
        "{text}"
    );
    assert!(text.contains("d16.ron:1:"), "{text}");
    assert!(text.contains("do it again"), "{text}");
    // Every other document is undone and saved.
    for ((path, bytes), (_, old)) in common::doc_files(&dir).iter().zip(&before) {
        if path != &broken {
            assert!(bytes == old, "{} is not undone", path.display());
        }
    }
    assert!(!s.workspace.is_dirty());
    // Fixed: the next undo does d16; two redos give everything back.
    std::fs::write(&broken, &good).unwrap();
    let n = s.undo();
    assert!(!n.is_refused(), "{n:?}");
    assert_eq!(common::doc_files(&dir), before);
    assert!(!s.redo().is_refused());
    assert!(!s.redo().is_refused());
    assert_eq!(common::doc_files(&dir), after);
    assert!(!s.workspace.is_dirty());
}

#[test]
fn a_document_changed_on_disk_after_it_was_dropped_is_read_again_not_lost() {
    let (_tmp, dir) = project();
    let mut s = open(&dir);
    suggest(&mut s, &AtomicBool::new(false), usize::MAX);
    // Someone else's version of d05 arrives (a git pull).
    let theirs = dir.join("docs/d05.ron");
    let mut doc = ProjectDir::load(&dir).unwrap().0.documents[5].clone();
    doc.note = "their note".into();
    let mut other = ProjectDir::load(&dir).unwrap();
    other.0.documents[5] = doc;
    other.1.save(&other.0).unwrap();
    let their_bytes = std::fs::read(&theirs).unwrap();
    s.workspace.check_disk();
    // An edit here and a save leave their file alone.
    s.workspace
        .apply(Transaction::single(
            "note",
            Edit::SetNote {
                doc: "d00".into(),
                from: String::new(),
                to: "mine".into(),
            },
        ))
        .unwrap();
    s.save().unwrap();
    assert_eq!(std::fs::read(&theirs).unwrap(), their_bytes);
    let (reread, _) = ProjectDir::load(&dir).unwrap();
    assert_eq!(reread.documents[5].note, "their note");
    assert_eq!(reread.documents[0].note, "mine");
    // And undoing the suggestions reads their version: d05's suggestions
    // are taken back, their note stays.
    assert!(!s.undo().is_refused());
    assert!(!s.undo().is_refused());
    let (reread, _) = ProjectDir::load(&dir).unwrap();
    assert_eq!(reread.documents[5].note, "their note");
    assert!(reread.documents[5].suggestions.is_empty());
}

#[test]
fn stopping_keeps_the_chunks_done_as_one_undo_step() {
    let (_tmp, dir) = project();
    let before = common::doc_files(&dir);
    let mut s = open(&dir);
    let stop = AtomicBool::new(false);
    // Asked to stop during the second chunk: that chunk still completes.
    assert_eq!(suggest(&mut s, &stop, CHUNK + 1), 2 * CHUNK);
    let (reread, _) = ProjectDir::load(&dir).unwrap();
    let with: Vec<&str> = reread
        .documents
        .iter()
        .filter(|d| !d.suggestions.is_empty())
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(with.len(), 2 * CHUNK);
    assert!(!s.undo().is_refused());
    assert_eq!(common::doc_files(&dir), before);
    assert_eq!(s.workspace.history().undo_name(), None);
}

#[test]
fn an_annotator_suggests_everywhere_in_their_layer_and_undoes_it_a_chunk_at_a_time() {
    let (_tmp, dir) = project();
    let mut s = Session::open(&dir).unwrap();
    s.assign(&["an".to_owned()], 100, 1).unwrap();
    s.save().unwrap();
    drop(s);
    let gold = common::doc_files(&dir);
    let mut s = Session::open_lazy_as(&dir, Some("an")).unwrap();
    s.workspace.set_chunk_size(CHUNK);
    assert_eq!(suggest(&mut s, &AtomicBool::new(false), usize::MAX), DOCS);
    // Only the layer files are written; the gold files stay as they were.
    assert_eq!(common::doc_files(&dir), gold);
    let layer = dir.join("annotations/an/d10.ron");
    assert!(std::fs::read_to_string(&layer)
        .unwrap()
        .contains("suggestions"));
    assert_eq!(s.workspace.unloaded_count(), DOCS - 1);
    // The list counts the dropped layers' suggestions.
    assert!(s.workspace.facts("d10").unwrap().open > 0);
    assert!(!s.undo().is_refused());
    assert_eq!(s.workspace.facts("d10").unwrap().open, 0);
    let (layer_now, _) = gloss::store::ProjectDir::load_as(&dir, Some("an")).unwrap();
    assert!(layer_now.documents.iter().all(|d| d.suggestions.is_empty()));
    assert_eq!(common::doc_files(&dir), gold);
}

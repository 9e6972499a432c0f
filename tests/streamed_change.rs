//! Changes over every document of a big project opened index first are
//! applied, undone and redone a chunk at a time: the documents read for a
//! chunk are saved and dropped again, the change is one undo step, and a
//! step that stops part way (a file broken meanwhile, the user stopping)
//! records exactly what was done.

mod common;

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

/// `project.ron` and every document file with its bytes, sorted.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(dir.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .chain([dir.join("project.ron")])
        .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
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
    let before = files(&dir);
    let mut s = open(&dir);
    let unread = s.workspace.unloaded_count();
    assert_eq!(unread, DOCS - 1);
    assert_eq!(suggest(&mut s, &AtomicBool::new(false), usize::MAX), DOCS);
    let after = files(&dir);
    assert_ne!(before, after);
    // Every chunk saved and dropped: the window holds the open document.
    assert_eq!(s.workspace.unloaded_count(), unread);
    assert!(!s.workspace.is_dirty());
    assert_eq!(s.workspace.unread_in_next(false), DOCS - 1);

    let mut steps = Vec::new();
    let n = s.undo_reporting(&mut |d, total| steps.push((d, total)));
    assert!(!n.is_refused(), "{n:?}");
    assert_eq!(files(&dir), before);
    assert_eq!(s.workspace.unloaded_count(), unread);
    assert!(!s.workspace.is_dirty());
    assert_eq!(steps.len(), DOCS.div_ceil(CHUNK));
    assert_eq!(steps.last(), Some(&(DOCS, DOCS)));

    let n = s.redo();
    assert!(!n.is_refused(), "{n:?}");
    assert_eq!(files(&dir), after);
    assert_eq!(s.workspace.unloaded_count(), unread);
    assert!(!s.workspace.is_dirty());
    // And the project reads back as written.
    let (reread, _) = ProjectDir::load(&dir).unwrap();
    assert!(reread.documents.iter().all(|d| !d.suggestions.is_empty()));
}

#[test]
fn an_undo_that_meets_a_broken_file_stops_there_and_goes_on_once_it_is_fixed() {
    let (_tmp, dir) = project();
    let before = files(&dir);
    let mut s = open(&dir);
    suggest(&mut s, &AtomicBool::new(false), usize::MAX);
    let after = files(&dir);
    // Someone breaks a document of the third chunk.
    let broken = dir.join("docs/d16.ron");
    let good = std::fs::read(&broken).unwrap();
    std::fs::write(&broken, "Document(id: \"d16\", text: ").unwrap();
    let n = s.undo();
    assert!(n.is_refused(), "{n:?}");
    let text = n.text();
    // An undo goes backwards: d39 to d33, d32 to d26, d25 to d19, then d16
    // does not load.
    assert!(text.contains("done in 21 of 40 documents"), "{text}");
    assert!(text.contains("d16"), "{text}");
    assert!(text.contains("Undo again"), "{text}");
    // The first three chunks are undone and saved, the others untouched.
    let now = files(&dir);
    for (i, ((path, bytes), ((_, old), (_, new)))) in
        now.iter().zip(before.iter().zip(&after)).enumerate()
    {
        if path == &broken || path.ends_with("project.ron") {
            continue;
        }
        let expected = if i >= 19 { old } else { new };
        assert!(bytes == expected, "{} is wrong", path.display());
    }
    // Fixed: the next undo does the rest; two redos give everything back.
    std::fs::write(&broken, &good).unwrap();
    let n = s.undo();
    assert!(!n.is_refused(), "{n:?}");
    assert_eq!(files(&dir), before);
    assert!(!s.redo().is_refused());
    assert!(!s.redo().is_refused());
    assert_eq!(files(&dir), after);
    assert!(!s.workspace.is_dirty());
}

#[test]
fn stopping_keeps_the_chunks_done_as_one_undo_step() {
    let (_tmp, dir) = project();
    let before = files(&dir);
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
    assert_eq!(files(&dir), before);
    assert_eq!(s.workspace.history().undo_name(), None);
}

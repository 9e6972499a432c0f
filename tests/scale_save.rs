//! Saves that do not grow with the project: a save looks only at the files
//! it writes (the rest of the folder is `check_disk`'s job), and splits into
//! a part on the caller's thread and a write that can run on another.

mod common;

use gloss::edit::{make_span, Edit, Transaction};
use gloss::model::{Document, Origin};
use gloss::store::{ProjectDir, Workspace};
use std::path::{Path, PathBuf};

fn project(n: usize) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let (mut project, mut store) =
        ProjectDir::create(&dir, "p", gloss::model::default_labels()).unwrap();
    for i in 0..n {
        let d = Document::new(&format!("d{i}"), "Ông Lê Văn Tám đến.");
        project.documents.push(d);
    }
    store.save(&project).unwrap();
    (tmp, dir)
}

fn add_person(ws: &mut Workspace, id: &str) {
    let doc = ws.project.document(id).unwrap();
    let span = make_span(doc, 4, 14, "person", Origin::Manual).unwrap();
    ws.apply(Transaction::single(
        "add",
        Edit::AddSpan {
            doc: id.into(),
            span,
        },
    ))
    .unwrap();
}

fn changed_files(dir: &Path, before: &[(PathBuf, Vec<u8>)]) -> Vec<PathBuf> {
    let after: std::collections::BTreeMap<_, _> = common::snapshot(dir).into_iter().collect();
    before
        .iter()
        .filter(|(name, content)| after.get(name) != Some(content))
        .map(|(name, _)| name.strip_prefix(dir).unwrap().to_owned())
        .collect()
}

#[test]
fn a_save_written_on_another_thread_writes_only_the_edited_document() {
    let (_tmp, dir) = project(30);
    let before = common::snapshot(&dir);
    let mut ws = Workspace::open(&dir).unwrap();
    add_person(&mut ws, "d12");
    let job = ws.begin_save().unwrap();
    assert_eq!(job.files(), [PathBuf::from("docs/d12.ron")]);
    assert!(ws.is_saving());
    let done = std::thread::spawn(move || job.run()).join().unwrap();
    let report = ws.finish_save(done).unwrap();
    assert_eq!(report.written, [PathBuf::from("docs/d12.ron")]);
    assert!(!ws.is_dirty() && !ws.is_saving());
    assert_eq!(
        changed_files(&dir, &before),
        [PathBuf::from("docs/d12.ron")]
    );
    assert_eq!(ProjectDir::load(&dir).unwrap().0, ws.project);
}

#[test]
fn edits_made_while_a_save_is_written_are_saved_by_the_next_one() {
    let (_tmp, dir) = project(5);
    let mut ws = Workspace::open(&dir).unwrap();
    add_person(&mut ws, "d1");
    let job = ws.begin_save().unwrap();
    // One save at a time, in order.
    assert!(matches!(
        ws.begin_save(),
        Err(gloss::store::StoreError::SaveInProgress)
    ));
    add_person(&mut ws, "d3");
    // Its own files being written are not taken for someone else's change.
    let done = job.run();
    assert!(ws.check_disk().is_empty());
    ws.finish_save(done).unwrap();
    assert!(ws.is_dirty(), "the edit to d3 came after the job");
    let report = ws.save().unwrap();
    assert_eq!(report.written, [PathBuf::from("docs/d3.ron")]);
    assert!(!ws.is_dirty());
    assert_eq!(ProjectDir::load(&dir).unwrap().0, ws.project);
}

#[test]
fn a_failed_write_keeps_the_changes_unsaved_and_the_next_save_writes_them() {
    let (_tmp, dir) = project(5);
    let mut ws = Workspace::open(&dir).unwrap();
    add_person(&mut ws, "d2");
    let job = ws.begin_save().unwrap();
    // The folder goes away between the plan and the write (a drive
    // unplugged): the write fails, nothing is recorded as saved.
    let aside = dir.with_file_name("aside");
    std::fs::rename(&dir, &aside).unwrap();
    let err = ws.finish_save(job.run()).unwrap_err();
    assert!(err.to_string().contains("not saved"), "{err}");
    assert!(ws.is_dirty());
    std::fs::rename(&aside, &dir).unwrap();
    let report = ws.save().unwrap();
    assert_eq!(report.written, [PathBuf::from("docs/d2.ron")]);
    assert_eq!(ProjectDir::load(&dir).unwrap().0, ws.project);
}

#[test]
fn a_save_looks_only_at_the_files_it_writes_and_check_disk_at_the_rest() {
    let (_tmp, dir) = project(5);
    let mut ws = Workspace::open(&dir).unwrap();
    // Someone else changes d4 (not edited here); we edit d0.
    let mut theirs = ProjectDir::load(&dir).unwrap();
    theirs.0.documents[4].note = "Theirs".into();
    theirs.1.save(&theirs.0).unwrap();
    add_person(&mut ws, "d0");
    let report = ws.save().unwrap();
    assert_eq!(report.written, [PathBuf::from("docs/d0.ron")]);
    assert!(report.notes.is_empty(), "{:?}", report.notes);
    // d4 on disk is theirs and untouched; the next disk check takes it.
    let on_disk = ProjectDir::load(&dir).unwrap().0;
    assert_eq!(on_disk.documents[4].note, "Theirs");
    let check = ws.check_disk();
    assert!(
        check.reloaded.contains(&PathBuf::from("docs/d4.ron")),
        "{check:?}"
    );
    assert_eq!(ws.project.documents[4].note, "Theirs");
    assert_eq!(ProjectDir::load(&dir).unwrap().0, ws.project);
}

#[test]
fn a_file_to_be_written_that_changed_on_disk_is_still_never_overwritten() {
    let (_tmp, dir) = project(3);
    let mut ws = Workspace::open(&dir).unwrap();
    add_person(&mut ws, "d1");
    let mut theirs = ProjectDir::load(&dir).unwrap();
    theirs.0.documents[1].note = "Theirs".into();
    theirs.1.save(&theirs.0).unwrap();
    let theirs_bytes = std::fs::read(dir.join("docs/d1.ron")).unwrap();
    let err = ws.save().unwrap_err();
    assert!(
        matches!(err, gloss::store::StoreError::ChangedOnDisk(_)),
        "{err}"
    );
    assert!(ws.conflict().is_some());
    assert_eq!(
        std::fs::read(dir.join("docs/d1.ron")).unwrap(),
        theirs_bytes
    );
}

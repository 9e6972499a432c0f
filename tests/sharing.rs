//! Two windows, two people, one project: the lock (one writer, read-only
//! for the others, stale locks taken over), files changed on disk behind an
//! open workspace (reloaded, or keep mine / take theirs / save mine as a
//! copy), deleted and broken files, and the CLI refusing a locked project.

mod common;

use gloss::edit::{make_span, Edit, Transaction};
use gloss::model::{default_labels, Document, Origin};
use gloss::store::lock::{LockHolder, LOCK_FILE};
use gloss::store::{ProjectDir, Resolution, StoreError, Workspace};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TEXT: &str = "Tin ngắn\nĐồng chí Nguyễn Quốc Đoàn phát biểu.";
// "Nguyễn Quốc Đoàn" is chars 18..34.

/// A project with documents `d1` and `d2`.
fn project() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let (mut project, mut store) = ProjectDir::create(&dir, "p", default_labels()).unwrap();
    project.documents.push(Document::new("d1", TEXT));
    project.documents.push(Document::new("d2", TEXT));
    store.save(&project).unwrap();
    (tmp, dir)
}

/// What another program does: read the files, change a document, write.
fn change_on_disk(dir: &Path, id: &str, note: &str) {
    let (mut project, mut store) = ProjectDir::load(dir).unwrap();
    project.document_mut(id).unwrap().note = note.to_owned();
    store.save(&project).unwrap();
}

/// An unsaved edit here: a person span in `id`.
fn edit_here(ws: &mut Workspace, id: &str) {
    let doc = ws.project.document(id).unwrap();
    let span = make_span(doc, 18, 34, "person", Origin::Manual).unwrap();
    ws.apply(Transaction::single(
        "Add person",
        Edit::AddSpan {
            doc: id.into(),
            span,
        },
    ))
    .unwrap();
    assert!(ws.is_dirty());
}

fn on_disk(dir: &Path, id: &str) -> Document {
    ProjectDir::load(dir)
        .unwrap()
        .0
        .document(id)
        .unwrap()
        .clone()
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_second_workspace_is_read_only_and_says_who_holds_the_lock() {
    let (_tmp, dir) = project();
    let mut first = Workspace::open(&dir).unwrap();
    assert_eq!(first.read_only(), None);
    assert!(dir.join(LOCK_FILE).is_file());
    let lock = std::fs::read_to_string(dir.join(LOCK_FILE)).unwrap();
    let holder: LockHolder = ron::from_str(&lock).unwrap();
    assert_eq!(holder.pid, std::process::id());

    let mut second = Workspace::open(&dir).unwrap();
    let why = second
        .read_only()
        .expect("second workspace is read-only")
        .to_owned();
    for part in [
        "open in another Gloss",
        &format!("Gloss process {}", std::process::id()),
        &format!("on host {:?}", gloss::store::lock::this_host()),
        "since 20",
    ] {
        assert!(why.contains(part), "{part:?} not in {why:?}");
    }
    // It refuses edits and saves, and writes nothing.
    let before = common::snapshot(&dir);
    let doc = second.project.document("d1").unwrap();
    let span = make_span(doc, 18, 34, "person", Origin::Manual).unwrap();
    let e = second
        .apply(Transaction::single(
            "Add",
            Edit::AddSpan {
                doc: "d1".into(),
                span,
            },
        ))
        .unwrap_err();
    assert!(e.to_string().contains("read-only"), "{e}");
    let add = gloss::edit::structure::add_documents(
        &second.project,
        vec![Document::new("d3", "x")],
        "Add",
    );
    assert!(second.apply(add).is_err(), "adding is refused too");
    let e = second.save().unwrap_err();
    assert!(matches!(e, StoreError::ReadOnly(_)), "{e}");
    assert!(e.to_string().contains("open in another Gloss"), "{e}");
    assert_eq!(common::snapshot(&dir), before);

    // The writer is unaffected; when it closes, the lock file goes and the
    // read-only one becomes writable at its next check.
    edit_here(&mut first, "d1");
    first.save().unwrap();
    drop(first);
    assert!(!dir.join(LOCK_FILE).exists());
    drop(second);
    let writer = Workspace::open(&dir).unwrap();
    let mut waiting = Workspace::open(&dir).unwrap();
    assert!(writer.read_only().is_none() && waiting.read_only().is_some());
    drop(writer);
    let report = waiting.check_disk();
    assert!(waiting.read_only().is_none(), "{report:?}");
    assert!(
        report.messages.iter().any(|m| m.contains("writable now")),
        "{report:?}"
    );
}

/// The pid of a process that has ended.
fn dead_pid() -> u32 {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

fn write_lock(dir: &Path, holder: &LockHolder) {
    std::fs::write(dir.join(LOCK_FILE), ron::to_string(holder).unwrap()).unwrap();
}

fn holder(pid: u32, host: &str, age_secs: u64) -> LockHolder {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    LockHolder {
        pid,
        host: host.into(),
        user: Some("lan".into()),
        annotator: None,
        since: now - age_secs,
        refreshed: now - age_secs,
        process_start: None,
        boot_id: None,
        token: 7,
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_stale_lock_is_taken_over_with_a_message() {
    let (_tmp, dir) = project();
    let pid = dead_pid();
    write_lock(&dir, &holder(pid, &gloss::store::lock::this_host(), 60));
    let ws = Workspace::open(&dir).unwrap();
    assert!(ws.read_only().is_none());
    let note = ws.notice().expect("a takeover is reported");
    assert!(
        note.contains("took over the stale lock")
            && note.contains(&format!("process {pid} has ended"))
            && note.contains("user \"lan\""),
        "{note}"
    );
    let now: LockHolder =
        ron::from_str(&std::fs::read_to_string(dir.join(LOCK_FILE)).unwrap()).unwrap();
    assert_eq!(now.pid, std::process::id());
    drop(ws);

    // A live process of this host (this test) whose lock is old is not stale.
    write_lock(
        &dir,
        &holder(std::process::id(), &gloss::store::lock::this_host(), 99_999),
    );
    assert!(Workspace::open(&dir).unwrap().read_only().is_some());
    // Another host cannot be checked: recent means held, old means stale.
    write_lock(&dir, &holder(1, "other-laptop", 3600));
    let ws = Workspace::open(&dir).unwrap();
    assert!(ws.read_only().unwrap().contains("\"other-laptop\""));
    drop(ws);
    write_lock(&dir, &holder(1, "other-laptop", 13 * 3600));
    let ws = Workspace::open(&dir).unwrap();
    assert!(ws.read_only().is_none());
    assert!(ws
        .notice()
        .unwrap()
        .contains("another host and was not refreshed for 13 hours"));
    drop(ws);
    // An unreadable lock file is stale once it is not being written any more.
    std::fs::write(dir.join(LOCK_FILE), "garbage").unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(dir.join(LOCK_FILE))
        .unwrap()
        .set_modified(old)
        .unwrap();
    let ws = Workspace::open(&dir).unwrap();
    assert!(
        ws.notice().unwrap().contains("unreadable lock file"),
        "{:?}",
        ws.notice()
    );
}

#[test]
fn a_taken_over_lock_stops_the_old_writer() {
    let (_tmp, dir) = project();
    let mut ws = Workspace::open(&dir).unwrap();
    edit_here(&mut ws, "d1");
    write_lock(&dir, &holder(1, "other-laptop", 0));
    let e = ws.save().unwrap_err().to_string();
    assert!(e.contains("read-only") && e.contains("other-laptop"), "{e}");
    assert!(on_disk(&dir, "d1").spans.is_empty(), "nothing written");
}

#[test]
fn a_document_changed_on_disk_without_unsaved_changes_is_reloaded() {
    let (_tmp, dir) = project();
    let mut ws = Workspace::open(&dir).unwrap();
    assert!(ws.check_disk().is_empty());
    change_on_disk(&dir, "d1", "theirs");
    let report = ws.check_disk();
    assert_eq!(report.reloaded, [PathBuf::from("docs/d1.ron")]);
    assert!(report.conflicts.is_empty());
    assert_eq!(ws.project.document("d1").unwrap().note, "theirs");
    assert!(!ws.is_dirty());
    assert!(ws.check_disk().is_empty(), "reported once");

    // With unsaved changes to another document: that one is kept, saved
    // later without touching theirs.
    edit_here(&mut ws, "d2");
    change_on_disk(&dir, "d1", "theirs again");
    let report = ws.save().unwrap();
    assert!(
        report.notes[0].contains("Reloaded docs/d1.ron"),
        "{report:?}"
    );
    assert!(
        report.notes[0].contains("undo history was cleared"),
        "{report:?}"
    );
    assert_eq!(on_disk(&dir, "d1").note, "theirs again");
    assert_eq!(on_disk(&dir, "d2").spans.len(), 1);
    assert!(!ws.is_dirty());

    // A project.ron changed on disk (a label added by someone) is reloaded.
    let (mut p, mut store) = ProjectDir::load(&dir).unwrap();
    p.labels.push(gloss::model::Label::new("org", 4));
    let mut d3 = Document::new("d3", "Ba");
    d3.note = "new from git".into();
    p.documents.push(d3);
    store.save(&p).unwrap();
    let report = ws.check_disk();
    assert!(
        report.reloaded.contains(&PathBuf::from("project.ron")),
        "{report:?}"
    );
    assert!(ws.project.label("org").is_some());
    assert_eq!(ws.project.document("d3").unwrap().note, "new from git");
}

/// Sets up a conflict on d1: an unsaved span here, a note there.
fn conflict() -> (tempfile::TempDir, PathBuf, Workspace) {
    let (tmp, dir) = project();
    let mut ws = Workspace::open(&dir).unwrap();
    edit_here(&mut ws, "d1");
    change_on_disk(&dir, "d1", "theirs");
    let theirs = std::fs::read(dir.join("docs/d1.ron")).unwrap();
    // The save is refused, and nothing is overwritten.
    let e = ws.save().unwrap_err();
    assert!(matches!(e, StoreError::ChangedOnDisk(_)), "{e}");
    assert!(e.to_string().contains("docs/d1.ron changed on disk"), "{e}");
    assert_eq!(std::fs::read(dir.join("docs/d1.ron")).unwrap(), theirs);
    let c = ws.conflict().expect("a conflict waits for a choice");
    assert_eq!(c.files, [PathBuf::from("docs/d1.ron")]);
    assert!(c.theirs_invalid.is_none());
    // Still refused on a second try.
    assert!(ws.save().is_err());
    assert_eq!(std::fs::read(dir.join("docs/d1.ron")).unwrap(), theirs);
    (tmp, dir, ws)
}

#[test]
fn unsaved_changes_and_a_change_on_disk_keep_mine() {
    let (_tmp, dir, mut ws) = conflict();
    let m = ws.resolve(Resolution::KeepMine).unwrap();
    assert!(m.contains("Kept yours"), "{m}");
    let d = on_disk(&dir, "d1");
    assert_eq!(d.spans.len(), 1);
    assert_eq!(d.note, "", "mine overwrote theirs, as chosen");
    assert!(!ws.is_dirty() && ws.conflict().is_none());
    assert!(ws.history().undo_name().is_some(), "undo kept");
}

#[test]
fn unsaved_changes_and_a_change_on_disk_take_theirs() {
    let (_tmp, dir, mut ws) = conflict();
    let m = ws.resolve(Resolution::TakeTheirs).unwrap();
    assert!(
        m.contains("Took theirs") && m.contains("undo history was cleared"),
        "{m}"
    );
    let here = ws.project.document("d1").unwrap();
    assert_eq!(here.note, "theirs");
    assert!(here.spans.is_empty());
    assert!(ws.history().undo_name().is_none());
    assert!(!ws.is_dirty());
    assert_eq!(on_disk(&dir, "d1").note, "theirs");
    assert_eq!(files(&dir), ["d1.ron", "d2.ron"]);
    ws.save().unwrap();
}

#[test]
fn unsaved_changes_and_a_change_on_disk_save_mine_as_a_copy() {
    let (_tmp, dir, mut ws) = conflict();
    let m = ws.resolve(Resolution::SaveMineAsCopy).unwrap();
    let names = files(&dir);
    assert_eq!(names.len(), 3, "{names:?}");
    let copy = names
        .iter()
        .find(|n| n.starts_with("d1.mine-") && n.ends_with("Z.ron"))
        .unwrap();
    assert!(m.contains(copy.as_str()), "{m}");
    // The copy is a document file holding my version; the loader ignores it.
    let mine: gloss::store::DocumentFile =
        ron::from_str(&std::fs::read_to_string(dir.join("docs").join(copy)).unwrap()).unwrap();
    assert_eq!(mine.document.spans.len(), 1);
    assert_eq!(ws.project.document("d1").unwrap().note, "theirs");
    let (reloaded, _) = ProjectDir::load(&dir).unwrap();
    assert_eq!(reloaded.documents.len(), 2);
    assert_eq!(reloaded, ws.project);
}

#[test]
fn a_change_in_the_same_second_with_the_same_size_is_still_caught() {
    let (_tmp, dir) = project();
    let mut ws = Workspace::open(&dir).unwrap();
    edit_here(&mut ws, "d1");
    // Rewrite in place (same inode), same length, then restore the time.
    let p = dir.join("docs/d1.ron");
    let meta = std::fs::metadata(&p).unwrap();
    let s = std::fs::read_to_string(&p).unwrap();
    let changed = s.replacen("Tin ngắn", "Tin ngấn", 1);
    assert_eq!(changed.len(), s.len());
    std::fs::write(&p, &changed).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&p)
        .unwrap()
        .set_modified(meta.modified().unwrap())
        .unwrap();
    assert!(
        ws.save().is_err(),
        "the bytes are compared before overwriting"
    );
    assert_eq!(std::fs::read_to_string(&p).unwrap(), changed);
    assert!(ws.conflict().is_some());
}

#[test]
fn a_deleted_document_or_project_file_is_written_back() {
    let (_tmp, dir) = project();
    let mut ws = Workspace::open(&dir).unwrap();
    std::fs::remove_file(dir.join("docs/d2.ron")).unwrap();
    let report = ws.check_disk();
    assert!(
        report.messages[0].contains("docs/d2.ron was deleted on disk"),
        "{report:?}"
    );
    assert!(ws.project.document("d2").is_some(), "kept");
    assert!(ws.is_dirty());
    ws.save().unwrap();
    assert!(dir.join("docs/d2.ron").is_file());

    std::fs::remove_file(dir.join("project.ron")).unwrap();
    let report = ws.check_disk();
    assert!(
        report.messages[0].contains("project.ron was deleted"),
        "{report:?}"
    );
    ws.save().unwrap();
    assert_eq!(ProjectDir::load(&dir).unwrap().0, ws.project);

    // Deleted on purpose, with the index (a git pull): the document goes.
    let (mut p, mut store) = ProjectDir::load(&dir).unwrap();
    p.documents.retain(|d| d.id != "d2");
    store.save(&p).unwrap();
    // Saving a project that no longer names d2 removes its file.
    assert!(!dir.join("docs/d2.ron").exists());
    let report = ws.check_disk();
    assert!(report.conflicts.is_empty(), "{report:?}");
    assert!(ws.project.document("d2").is_none());
}

#[test]
fn a_broken_file_on_disk_is_never_loaded_over_the_open_version() {
    let (_tmp, dir) = project();
    let mut ws = Workspace::open(&dir).unwrap();
    let p = dir.join("docs/d1.ron");
    std::fs::write(&p, "<<<<<<< HEAD\nmerge conflict\n").unwrap();
    let report = ws.check_disk();
    assert!(
        report.messages[0].contains("docs/d1.ron changed on disk but the project no longer loads"),
        "{report:?}"
    );
    assert_eq!(ws.project.document("d1").unwrap().text, TEXT, "kept");
    assert!(ws.check_disk().is_empty(), "reported once");
    // With unsaved changes: keep mine is the only way (theirs does not load).
    edit_here(&mut ws, "d1");
    assert!(ws.save().is_err());
    assert!(std::fs::read_to_string(&p).unwrap().starts_with("<<<<<<<"));
    let c = ws.conflict().unwrap();
    assert!(c.theirs_invalid.as_deref().unwrap().contains("RON syntax"));
    let e = ws.resolve(Resolution::TakeTheirs).unwrap_err().to_string();
    assert!(e.contains("does not load"), "{e}");
    assert!(ws.conflict().is_some(), "still waiting");
    ws.resolve(Resolution::KeepMine).unwrap();
    assert_eq!(on_disk(&dir, "d1").spans.len(), 1);
}

#[test]
fn unsaved_new_document_and_their_index_change_conflict() {
    let (_tmp, dir) = project();
    let mut ws = Workspace::open(&dir).unwrap();
    let add = gloss::edit::structure::add_documents(
        &ws.project,
        vec![Document::new("mine", "Của tôi")],
        "Add",
    );
    ws.apply(add).unwrap();
    let (mut p, mut store) = ProjectDir::load(&dir).unwrap();
    p.documents.push(Document::new("theirs", "Của họ"));
    store.save(&p).unwrap();
    let e = ws.save().unwrap_err().to_string();
    assert!(e.contains("project.ron"), "{e}");
    // Save a copy of mine (the index and the new document), then theirs.
    ws.resolve(Resolution::SaveMineAsCopy).unwrap();
    let ids: Vec<_> = ws.project.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["d1", "d2", "theirs"]);
    let names = files(&dir);
    assert!(
        names.iter().any(|n| n.starts_with("mine.mine-")),
        "{names:?}"
    );
    assert!(std::fs::read_dir(&dir).unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .starts_with("project.mine-")));
}

fn gloss(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .env("DISPLAY", "")
        .env("WAYLAND_DISPLAY", "")
        .output()
        .unwrap()
}

#[test]
fn the_cli_refuses_to_write_a_locked_project() {
    let (tmp, dir) = project();
    let src = tmp.path().join("a.txt");
    std::fs::write(&src, "Bài mới\nNội dung").unwrap();
    let d = dir.to_str().unwrap();
    let ws = Workspace::open(&dir).unwrap();
    let before = common::snapshot(&dir);
    for args in [
        vec!["add", d, src.to_str().unwrap()],
        vec!["suggest", d],
        vec!["import", d, "--format", "jsonl", src.to_str().unwrap()],
        vec![
            "import-predictions",
            d,
            src.to_str().unwrap(),
            "--source",
            "m",
        ],
    ] {
        let o = gloss(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("open in another Gloss")
                && err.contains(&format!("Gloss process {}", std::process::id()))
                && err.contains(".gloss.lock"),
            "{err}"
        );
        assert_eq!(common::snapshot(&dir), before, "{args:?} wrote");
    }
    // Reading commands still work.
    assert_eq!(gloss(&["check", d]).status.code(), Some(0));
    drop(ws);
    let o = gloss(&["add", d, src.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(!dir.join(LOCK_FILE).exists(), "released");
}

#[cfg(target_os = "linux")]
#[test]
fn the_cli_takes_over_a_stale_lock_with_a_note() {
    let (tmp, dir) = project();
    let src = tmp.path().join("a.txt");
    std::fs::write(&src, "Bài mới\nNội dung").unwrap();
    write_lock(
        &dir,
        &holder(dead_pid(), &gloss::store::lock::this_host(), 5),
    );
    let o = gloss(&["add", dir.to_str().unwrap(), src.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("note: took over the stale lock"), "{err}");
    assert!(!dir.join(LOCK_FILE).exists());
}

#[test]
fn new_projects_ignore_the_lock_file_in_git() {
    let (_tmp, dir) = project();
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == LOCK_FILE));
    assert!(ignore.lines().any(|l| l == "/.gloss/cache/"), "{ignore}");
    assert_eq!(ignore, gloss::store::gitignore_text());
}

#[test]
fn a_read_only_window_follows_what_the_writer_saves() {
    let (_tmp, dir) = project();
    let mut writer = Workspace::open(&dir).unwrap();
    let mut reader = Workspace::open(&dir).unwrap();
    assert!(reader.read_only().is_some());
    edit_here(&mut writer, "d1");
    writer.save().unwrap();
    let report = reader.check_disk();
    assert_eq!(
        report.reloaded,
        [PathBuf::from("docs/d1.ron")],
        "{report:?}"
    );
    assert_eq!(reader.project, writer.project);
    assert!(reader.read_only().is_some(), "still held by the writer");
}

#[test]
fn an_index_changed_in_the_same_second_is_reloaded_and_the_save_goes_on() {
    let (_tmp, dir) = project();
    let mut ws = Workspace::open(&dir).unwrap();
    ws.apply(Transaction::single(
        "Mark done",
        Edit::SetStatus {
            doc: "d1".into(),
            from: gloss::model::Status::Todo,
            to: gloss::model::Status::Done,
        },
    ))
    .unwrap();
    // Someone renames the project: same size, time restored.
    let p = dir.join("project.ron");
    let meta = std::fs::metadata(&p).unwrap();
    let s = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, s.replacen("name: \"p\"", "name: \"q\"", 1)).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&p)
        .unwrap()
        .set_modified(meta.modified().unwrap())
        .unwrap();
    let report = ws.save().unwrap();
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("Reloaded project.ron")),
        "{report:?}"
    );
    let (on_disk, _) = ProjectDir::load(&dir).unwrap();
    assert_eq!(on_disk.name, "q", "theirs kept");
    assert_eq!(
        on_disk.documents[0].status,
        gloss::model::Status::Done,
        "mine saved"
    );
}

//! The GUI when others change the project: a file changed on disk and here
//! is noticed when the window regains focus, and the keep mine / take
//! theirs / save mine as a copy question is answered by key or click; a
//! project held by another Gloss opens read-only and says so.

mod common;

use common::gui::harness;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use gloss::model::Document;
use gloss::store::{ProjectDir, Workspace};
use gloss::ui::{Command, GlossApp};
use std::path::{Path, PathBuf};

const TEXT: &str = "Tin ngắn\nĐồng chí Nguyễn Quốc Đoàn phát biểu.";

fn project() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let (mut project, mut store) =
        ProjectDir::create(&dir, "p", gloss::model::default_labels()).unwrap();
    project.documents.push(Document::new("d1", TEXT));
    store.save(&project).unwrap();
    (tmp, dir)
}

fn on_disk(dir: &Path) -> Document {
    ProjectDir::load(dir).unwrap().0.documents[0].clone()
}

/// An unsaved span here and a note written there, then the window loses
/// and regains the focus: the question is shown.
fn conflict() -> (tempfile::TempDir, PathBuf, Harness<'static, GlossApp>) {
    let (tmp, dir) = project();
    let mut h = harness(&dir);
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        &ctx,
        Command::AddSpan {
            start: 18,
            end: 34,
            label: "person".into(),
        },
    );
    let (mut theirs, mut store) = ProjectDir::load(&dir).unwrap();
    theirs.documents[0].note = "theirs".into();
    store.save(&theirs).unwrap();
    assert!(h
        .query_by_label_contains("Changed on disk and here")
        .is_none());
    h.input_mut().focused = false;
    h.run_steps(2);
    h.input_mut().focused = true;
    h.run_steps(3);
    h.get_by_label_contains("Changed on disk and here");
    h.get_by_label("docs/d1.ron");
    // Each button shows its key.
    for (button, key) in [
        ("Keep mine", "K"),
        ("Take theirs", "T"),
        ("Save mine as a copy", "C"),
        ("Decide later", "Esc"),
    ] {
        h.get_by_role_and_label(egui::accesskit::Role::Button, &format!("{button} {key}"));
    }
    assert_eq!(on_disk(&dir).note, "theirs", "nothing overwritten yet");
    (tmp, dir, h)
}

#[test]
fn keep_mine_by_key() {
    let (_tmp, dir, mut h) = conflict();
    h.key_press(Key::K);
    h.run_steps(3);
    assert!(h
        .query_by_label_contains("Changed on disk and here")
        .is_none());
    let d = on_disk(&dir);
    assert_eq!((d.spans.len(), d.note.as_str()), (1, ""));
    assert!(h.state().message().unwrap().contains("Kept yours"));
    assert!(!h.state().workspace().unwrap().is_dirty());
}

#[test]
fn take_theirs_by_click() {
    let (_tmp, dir, mut h) = conflict();
    h.get_by_label_contains("Take theirs").click();
    h.run_steps(3);
    assert!(h
        .query_by_label_contains("Changed on disk and here")
        .is_none());
    let here = h.state().document().unwrap().clone();
    assert_eq!((here.spans.len(), here.note.as_str()), (0, "theirs"));
    assert_eq!(on_disk(&dir), here);
    assert!(h.state().message().unwrap().contains("Took theirs"));
}

#[test]
fn save_mine_as_a_copy_by_key() {
    let (_tmp, dir, mut h) = conflict();
    h.key_press(Key::C);
    h.run_steps(3);
    let copies: Vec<_> = std::fs::read_dir(dir.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("d1.mine-"))
        .collect();
    assert_eq!(copies.len(), 1);
    let mine: gloss::store::DocumentFile =
        ron::from_str(&std::fs::read_to_string(dir.join("docs").join(&copies[0])).unwrap())
            .unwrap();
    assert_eq!(mine.document.spans.len(), 1);
    assert_eq!(h.state().document().unwrap().note, "theirs");
    assert!(h.state().message().unwrap().contains(&copies[0]));
}

#[test]
fn escape_decides_later_and_saving_asks_again() {
    let (_tmp, dir, mut h) = conflict();
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(h
        .query_by_label_contains("Changed on disk and here")
        .is_none());
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(3);
    h.get_by_label_contains("Changed on disk and here");
    assert_eq!(on_disk(&dir).note, "theirs");
}

#[test]
fn a_change_on_disk_without_unsaved_changes_is_reloaded_on_focus() {
    let (_tmp, dir) = project();
    let mut h = harness(&dir);
    let (mut theirs, mut store) = ProjectDir::load(&dir).unwrap();
    theirs.documents[0].note = "theirs".into();
    store.save(&theirs).unwrap();
    h.input_mut().focused = false;
    h.run_steps(2);
    h.input_mut().focused = true;
    h.run_steps(3);
    assert!(h
        .query_by_label_contains("Changed on disk and here")
        .is_none());
    assert_eq!(h.state().document().unwrap().note, "theirs");
    assert!(h
        .state()
        .message()
        .unwrap()
        .contains("Reloaded docs/d1.ron"));
}

#[test]
fn a_project_open_elsewhere_is_read_only() {
    let (_tmp, dir) = project();
    let other = Workspace::open(&dir).unwrap();
    let mut h = harness(&dir);
    h.get_by_label("Read-only");
    assert!(h.state().message().unwrap().contains("read-only"));
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        &ctx,
        Command::AddSpan {
            start: 18,
            end: 34,
            label: "person".into(),
        },
    );
    h.run_steps(2);
    assert!(h.state().document().unwrap().spans.is_empty());
    assert!(h.state().message().unwrap().contains("read-only"));
    drop(other);
}

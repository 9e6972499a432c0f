//! The GUI saves on a writer thread: a save that fails there (a folder that
//! refuses writes) is shown in the status bar with the reason, and closing
//! the window is refused until a save succeeds.
//!
//! Alone in its test binary: it limits the size of files this process may
//! write (as root, which these tests may run as, permission bits do not
//! refuse writes), which would fail any other test running beside it.

mod common;

use common::gui::harness;

use egui::{Key, Modifiers, ViewportCommand, ViewportEvent, ViewportId};
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use gloss::model::Document;
use gloss::store::ProjectDir;
use gloss::ui::GlossApp;
use std::path::Path;

const TEXT: &str = "Tin ngắn\nĐồng chí Nguyễn Quốc Đoàn, Bí thư Tỉnh ủy phát biểu.";

/// Makes this process unable (or able again) to write to files, and the
/// project's folders read-only (or writable).
#[cfg(target_os = "linux")]
fn refuse_writes(dir: &Path, refuse: bool) {
    use std::os::unix::fs::PermissionsExt;
    let mode = if refuse { 0o555 } else { 0o755 };
    for d in [dir.to_owned(), dir.join("docs")] {
        std::fs::set_permissions(&d, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let limit = libc::rlimit {
        rlim_cur: if refuse { 0 } else { libc::RLIM_INFINITY },
        rlim_max: libc::RLIM_INFINITY,
    };
    // SAFETY: plain system calls with valid arguments; ignoring SIGXFSZ
    // turns a write past the limit into an EFBIG error instead of a kill.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        assert_eq!(libc::setrlimit(libc::RLIMIT_FSIZE, &limit), 0);
    }
}

fn wait_for_label(h: &mut Harness<'_, GlossApp>, text: &str) {
    for _ in 0..1000 {
        if h.query_all_by_label_contains(text).next().is_some() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.run_steps(1);
    }
    panic!("{text:?} never appeared");
}

/// Asks to close the window; true when the app refused.
fn close_refused(h: &mut Harness<'_, GlossApp>) -> bool {
    h.input_mut()
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .events
        .push(ViewportEvent::Close);
    h.step();
    h.output()
        .viewport_output
        .get(&ViewportId::ROOT)
        .is_some_and(|v| v.commands.contains(&ViewportCommand::CancelClose))
}

#[cfg(target_os = "linux")]
#[test]
fn a_failed_background_save_is_shown_and_closing_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let (mut project, mut store) =
        ProjectDir::create(&dir, "p", gloss::model::default_labels()).unwrap();
    project.documents.push(Document::new("d1", TEXT));
    store.save(&project).unwrap();
    let before = std::fs::read(dir.join("docs/d1.ron")).unwrap();
    let mut h = harness(&dir);
    // Select "Nguyễn Quốc Đoàn" and label it with the first label.
    {
        let sel = h.state_mut().selection_mut().unwrap();
        sel.anchor = Some(18);
        sel.caret = 34;
    }
    h.key_press(Key::Num1);
    h.run_steps(2);
    assert_eq!(h.state().document().unwrap().spans.len(), 1);

    refuse_writes(&dir, true);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(1);
    wait_for_label(&mut h, "Save failed");
    assert!(
        h.query_all_by_label_contains("could not write the project")
            .count()
            >= 1
    );
    assert!(h.state().workspace().unwrap().is_dirty());
    assert!(close_refused(&mut h), "closing with the work not on disk");
    assert_eq!(std::fs::read(dir.join("docs/d1.ron")).unwrap(), before);

    refuse_writes(&dir, false);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(1);
    wait_for_label(&mut h, "✔ Saved");
    assert!(!close_refused(&mut h), "saved: the window may close");
    let (reloaded, _) = ProjectDir::load(&dir).unwrap();
    assert_eq!(reloaded.documents[0].spans.len(), 1);
}

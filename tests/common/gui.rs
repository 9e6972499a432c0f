//! The GUI test harness: the whole window on a project, as the GUI tests
//! drive it.

use egui::Vec2;
use egui_kittest::Harness;
use gloss::ui::GlossApp;
use std::path::Path;

/// The window (1280 × 800, Gloss's fonts) opened on the project `dir`,
/// after its first frames.
pub fn harness(dir: &Path) -> Harness<'static, GlossApp> {
    let dir = dir.to_owned();
    let mut h = Harness::builder()
        .with_size(Vec2::new(1280.0, 800.0))
        .with_context_setup(gloss::ui::install_fonts)
        .build_eframe(move |cc| GlossApp::new(cc, Some(&dir)));
    h.run_steps(4);
    h
}

/// Steps the app until its background training ends (up to three
/// minutes: a debug build trains the 65 starter articles in ~10 s; no
/// timing claim here), and asserts that it did.
pub fn wait_for_training(h: &mut Harness<'static, GlossApp>) {
    for _ in 0..3600 {
        if !h.state().is_training() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        h.run_steps(1);
    }
    assert!(!h.state().is_training(), "training finished");
}

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

//! The desktop GUI. egui, eframe and rfd are used here and nowhere else.
//!
//! The app ([`GlossApp`]) owns the open [`crate::store::Workspace`]; panels own
//! only their UI state, read the project passed in, and emit [`Command`]s that
//! the app applies in one place per frame.

mod app;
pub mod article;
mod command;
mod conflict;
mod data_dialog;
mod dialogs;
mod doc_list;
mod find;
mod fonts;
pub mod hit;
mod settings;
mod shortcuts;
mod side_panel;

pub use app::GlossApp;
pub use article::{ArticleView, ViewInput};
pub use command::Command;
pub use fonts::install_fonts;
pub use settings::Settings;

use crate::cli::{CliError, Outcome};
use std::path::Path;

/// Whether a graphical display is reachable (X11 or Wayland on Linux).
fn display_available() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()))
}

/// Opens the GUI on the project in `dir`.
pub fn run(dir: &Path) -> Outcome {
    if !display_available() {
        return Err(CliError::Usage(format!(
            "no display found (DISPLAY and WAYLAND_DISPLAY are unset), so the GUI cannot open; \
             the CLI works without one: gloss check|stats|add|new (see gloss --help) on {}",
            dir.display()
        )));
    }
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Gloss")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0]),
        ..Default::default()
    };
    let project = dir.to_owned();
    eframe::run_native(
        "Gloss",
        options,
        Box::new(move |cc| Ok(Box::new(GlossApp::new(cc, Some(&project))))),
    )
    .map_err(|e| {
        CliError::Usage(format!(
            "the GUI could not start ({e}); the CLI still works (gloss --help) on {}",
            dir.display()
        ))
    })
}

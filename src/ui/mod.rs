//! The desktop GUI. egui, eframe and rfd are used here and nowhere else.
//!
//! The app ([`GlossApp`]) owns the open [`crate::session::Session`]; panels
//! own only their UI state, read the project passed in, and emit
//! [`Command`]s that the app applies in one place per frame (`actions.rs`).
//! Keys, menus and help all come from one table ([`keymap`]).

mod actions;
mod annotator_dialog;
mod app;
pub mod article;
mod away;
mod central;
mod command;
mod conflict;
mod data_dialog;
mod dialogs;
mod disk;
mod doc_list;
mod doc_row;
mod find;
mod fonts;
mod found_list;
mod help;
pub mod hit;
mod ime;
mod keyboard;
pub mod keymap;
mod learning;
mod menu;
mod panels;
mod project_settings;
mod reading;
mod relation_panel;
mod saver;
mod settings;
mod side_panel;
mod status_bar;

pub use app::GlossApp;
pub use article::{ArticleView, DrawnArc, ViewInput};
pub use command::Command;
pub use fonts::install_fonts;
pub use settings::Settings;

use std::path::Path;

/// Why the GUI could not run.
#[derive(Debug, thiserror::Error)]
pub enum GuiError {
    /// No X11 or Wayland display.
    #[error("no display found (DISPLAY and WAYLAND_DISPLAY are unset), so the GUI cannot open; the CLI works without one: gloss check|stats|add|new (see gloss --help) on {0}")]
    NoDisplay(std::path::PathBuf),
    /// eframe failed to start.
    #[error("the GUI could not start; the CLI still works (gloss --help) on {0}")]
    Start(std::path::PathBuf, #[source] eframe::Error),
}

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
pub fn run(dir: &Path) -> Result<(), GuiError> {
    run_as(dir, None)
}

/// Opens the GUI on the project in `dir`, as annotator `annotator` when
/// given (else the name remembered for the folder, else the gold layer).
pub fn run_as(dir: &Path, annotator: Option<&str>) -> Result<(), GuiError> {
    if !display_available() {
        return Err(GuiError::NoDisplay(dir.to_owned()));
    }
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Gloss")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0]),
        ..Default::default()
    };
    let project = dir.to_owned();
    let annotator = annotator.map(str::to_owned);
    eframe::run_native(
        "Gloss",
        options,
        Box::new(move |cc| {
            Ok(Box::new(GlossApp::new_as(
                cc,
                Some(&project),
                annotator.as_deref(),
            )))
        }),
    )
    .map_err(|e| GuiError::Start(dir.to_owned(), e))
}

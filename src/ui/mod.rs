//! The desktop GUI (egui/eframe/rfd live here and nowhere else).

use crate::cli::{CliError, Outcome};
use std::path::Path;

/// Opens the GUI on the project in `dir`.
pub fn run(dir: &Path) -> Outcome {
    Err(CliError::Usage(format!(
        "the GUI is not built yet; use the CLI commands (gloss --help): {}",
        dir.display()
    )))
}

//! Command-line commands, one file each: parse what the user typed, call the
//! session (the same operations the GUI uses), print, return an exit code.
//! `main` prints errors once, with their causes, and exits with
//! [`CliError::code`]: 0 ok, 1 problems found in the input, 2 usage or I/O.

mod add;
pub mod args;
mod check;
mod eval;
mod export;
mod import;
mod new;
mod predictions;
mod progress;
mod stats;
mod suggest;

pub use add::add;
pub use check::check;
pub use eval::eval;
pub use export::{export, ExportArgs};
pub use import::import;
pub use new::new;
pub use predictions::import_predictions;
pub use stats::stats;
pub use suggest::suggest;

use crate::session::{Session, SessionError};
use std::path::{Path, PathBuf};

/// A command that did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The input has problems (exit 1).
    #[error("{0}")]
    Problems(String),
    /// Usage or I/O error (exit 2).
    #[error("{0}")]
    Usage(String),
    /// A session operation failed (exit 1 or 2 by its kind).
    #[error(transparent)]
    Session(#[from] SessionError),
}

impl CliError {
    /// The process exit code.
    pub fn code(&self) -> u8 {
        match self {
            CliError::Problems(_) => 1,
            CliError::Usage(_) => 2,
            CliError::Session(e) if e.is_input() => 1,
            CliError::Session(_) => 2,
        }
    }
}

/// Result of a command.
pub type Outcome = Result<(), CliError>;

/// The bundled sample project (`projects/langson-2023` in the source tree).
pub fn sample_project() -> PathBuf {
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/langson-2023");
    if bundled.exists() {
        bundled
    } else {
        PathBuf::from("projects/langson-2023")
    }
}

/// Opens a project for a command, turning load problems into exit code 1
/// and a missing folder into exit code 2.
fn open(dir: &Path) -> Result<Session, CliError> {
    if !dir.join(crate::store::PROJECT_FILE).is_file() {
        return Err(CliError::Usage(format!(
            "no Gloss project here (project.ron is missing); create one with `gloss new` or check the path: {}",
            dir.display()
        )));
    }
    Session::open(dir).map_err(|e| CliError::Problems(e.to_string()))
}

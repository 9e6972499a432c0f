//! Command-line commands, one file each. Every command returns an
//! [`Outcome`]; `main` prints errors once and exits with its code:
//! 0 ok, 1 problems found in the input, 2 usage or I/O error.

mod add;
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
pub use import::{import, import_args, ImportArgs};
pub use new::new;
pub use predictions::import_predictions;
pub use stats::{stats, stats_table};
pub use suggest::suggest;

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
}

impl CliError {
    /// The process exit code.
    pub fn code(&self) -> u8 {
        match self {
            CliError::Problems(_) => 1,
            CliError::Usage(_) => 2,
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

/// Loads a project for a command, turning load problems into exit code 1
/// and a missing folder into exit code 2.
fn load(dir: &Path) -> Result<(crate::model::Project, crate::store::ProjectDir), CliError> {
    if !dir.join(crate::store::PROJECT_FILE).is_file() {
        return Err(CliError::Usage(format!(
            "no Gloss project here (project.ron is missing); create one with `gloss new` or check the path: {}",
            dir.display()
        )));
    }
    crate::store::ProjectDir::load(dir).map_err(|e| CliError::Problems(e.to_string()))
}

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
mod relations;
mod stats;
mod suggest;
mod team;
mod train;

pub use add::add;
pub use check::check;
pub use eval::{eval, learning_curve_cmd};
pub use export::{export, ExportArgs};
pub use import::{import, ImportArgs};
pub use new::new;
pub use predictions::import_predictions;
pub use relations::{relations, RelationArgs};
pub use stats::stats;
pub use suggest::suggest;
pub use team::{agree, assign, merge, AgreeArgs};
pub use train::train;

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

/// Opens a project for a command that only reads (no lock taken, so it
/// works beside a Gloss that has the project open), turning load problems
/// into exit code 1 and a missing folder into exit code 2.
fn open(dir: &Path) -> Result<Session, CliError> {
    open_as(dir, None)
}

/// [`open`] as annotator `annotator` when given (that annotator's layer).
fn open_as(dir: &Path, annotator: Option<&str>) -> Result<Session, CliError> {
    let session = open_lazy_as(dir, annotator)?;
    read_everything(session)
}

/// Reads every document of a session opened index first, on every core,
/// with a progress bar after a second; fails with every problem of every
/// document that does not load.
fn read_everything(mut session: Session) -> Result<Session, CliError> {
    let mut bar: Option<progress::Progress> = None;
    let read = session.load_all_reporting(&mut |done, total| {
        bar.get_or_insert_with(|| progress::Progress::new(total as u64, "Reading"))
            .set(done as u64);
    });
    if let Some(b) = bar {
        b.finish();
    }
    read.map_err(|e| CliError::Problems(e.to_string()))?;
    Ok(session)
}

/// Opens `dir` index first for reading only (documents read when needed).
fn open_lazy_as(dir: &Path, annotator: Option<&str>) -> Result<Session, CliError> {
    exists(dir)?;
    Session::open_lazy_read_only_as(dir, annotator).map_err(|e| CliError::Problems(e.to_string()))
}

fn exists(dir: &Path) -> Result<(), CliError> {
    if dir.join(crate::store::PROJECT_FILE).is_file() {
        return Ok(());
    }
    Err(CliError::Usage(format!(
        "no Gloss project here (project.ron is missing); create one with `gloss new` or check the path: {}",
        dir.display()
    )))
}

/// Opens a project for a command that writes: refused (exit 2, naming the
/// holder) while another Gloss holds its lock; a stale lock is taken over
/// with a note. The lock is held until the session is dropped.
fn open_for_writing(dir: &Path) -> Result<Session, CliError> {
    open_for_writing_as(dir, None)
}

/// [`open_for_writing`] as annotator `annotator` when given: writes only
/// that annotator's layer, under that layer's lock.
fn open_for_writing_as(dir: &Path, annotator: Option<&str>) -> Result<Session, CliError> {
    // Index first (refused at once when another Gloss holds the lock), then
    // every document.
    read_everything(open_lazy_for_writing_as(dir, annotator)?)
}

/// [`open_for_writing_as`] index first: documents are read when needed.
fn open_lazy_for_writing_as(dir: &Path, annotator: Option<&str>) -> Result<Session, CliError> {
    exists(dir)?;
    let session =
        Session::open_lazy_as(dir, annotator).map_err(|e| CliError::Problems(e.to_string()))?;
    writable(dir, annotator, session)
}

/// The session, or why it cannot write (another Gloss holds the lock).
fn writable(dir: &Path, annotator: Option<&str>, session: Session) -> Result<Session, CliError> {
    if let Some(why) = session.workspace.read_only() {
        let lock_dir = match annotator {
            Some(a) => crate::store::layers::layer_dir(dir, a),
            None => dir.to_owned(),
        };
        return Err(CliError::Usage(format!(
            "the project is open for writing elsewhere: {why}; nothing was changed; close that Gloss or wait for it to finish, then try again (if you are sure none is running, delete {}): {}",
            lock_dir.join(crate::store::lock::LOCK_FILE).display(),
            dir.display()
        )));
    }
    if let Some(note) = session.workspace.notice() {
        eprintln!("note: {note}");
    }
    Ok(session)
}

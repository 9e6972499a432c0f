//! Load and save errors that say which file, where, and how to fix it.

use std::path::PathBuf;

/// One problem found while loading a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadProblem {
    /// The file, as given (project folder joined with the relative path).
    pub file: PathBuf,
    /// Line and column (1-based) for syntax and type errors.
    pub position: Option<(usize, usize)>,
    /// Document and span for invariant errors.
    pub document: Option<String>,
    /// The span, for span errors.
    pub span: Option<u64>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

impl std::fmt::Display for LoadProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, col)) = self.position {
            write!(f, ":{line}:{col}")?;
        }
        write!(f, ": ")?;
        if let Some(doc) = &self.document {
            write!(f, "document {doc:?}")?;
            if let Some(span) = self.span {
                write!(f, ", span {span}")?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{}; fix: {}", self.message, self.fix)
    }
}

/// A project that could not be loaded, with every problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The project folder.
    pub root: PathBuf,
    /// Every problem, in file order.
    pub problems: Vec<LoadProblem>,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "the project could not be loaded ({n} problem{}); nothing was changed on disk: {}",
            if n == 1 { "" } else { "s" },
            self.root.display()
        )?;
        for p in &self.problems {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// A save or create that failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Reading or writing a file failed.
    #[error(
        "could not write the project ({1}); check that the folder exists and is writable: {0}"
    )]
    Io(PathBuf, #[source] std::io::Error),
    /// The folder already holds a project.
    #[error("a project already exists here; open it instead or choose an empty folder: {0}")]
    Exists(PathBuf),
    /// Serialization failed (a bug: the model holds something RON cannot write).
    #[error("could not write RON for {0}: {1}")]
    Ron(String, String),
    /// A path that would leave the project folder, or a file that may not be used.
    #[error("not saved: {0}; nothing was written there")]
    Unsafe(#[source] super::paths::PathError),
    /// A document id that cannot be a file name.
    #[error("not saved: {0}; fix: use a safe id such as {suggestion:?}", suggestion = .0.suggestion)]
    BadName(crate::model::id::BadName),
    /// Two ids that are one file on Windows and macOS.
    #[error("not saved: documents {0:?} and {1:?} differ only in case, which is one file on Windows and macOS; fix: give one of them another id")]
    CaseClash(String, String),
    /// Files changed on disk since Gloss read them: not overwritten.
    #[error("not saved: {} changed on disk since Gloss read it (another program, a sync or a git pull); nothing was overwritten; fix: choose keep mine, take theirs or save mine as a copy", list(.0))]
    ChangedOnDisk(Vec<PathBuf>),
    /// "Take theirs" asked while the version on disk does not load.
    #[error("the version on disk cannot be taken: it does not load ({0}); fix: keep mine, or repair the files and let Gloss check again")]
    TheirsInvalid(String),
    /// The project is open read-only.
    #[error("not saved: the project is open read-only: {0}; fix: close the other Gloss, then reopen the project")]
    ReadOnly(String),
    /// A save was asked while the previous one is still being written.
    #[error("not saved yet: the previous save is still being written; fix: wait a moment and save again")]
    SaveInProgress,
    /// A document whose file was never read was to be written (a bug:
    /// edits to it are refused before this).
    #[error("not saved: document {0:?} was never read from its file, so it cannot be written; fix: open the document, then save again (and report this as a bug)")]
    NotLoaded(String),
}

fn list(files: &[PathBuf]) -> String {
    files
        .iter()
        .map(|f| f.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

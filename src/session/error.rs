//! Why a session operation failed, with the cause kept for the front end to
//! print (`{:#}`-style chains in the CLI, a message in the GUI).

use std::path::PathBuf;

/// A session operation that could not be done. Nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// The input (files, dataset, options) has problems the user must fix.
    #[error("{0}")]
    Input(String),
    /// Files could not be read: the path or permissions are wrong.
    #[error("could not read {path}")]
    Read {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The project could not be saved.
    #[error("could not save the project")]
    Save(#[source] crate::store::StoreError),
    /// A dataset could not be imported or exported.
    #[error(transparent)]
    Format(#[from] crate::formats::FormatError),
    /// The tagger could not be trained, read or saved.
    #[error(transparent)]
    Model(#[from] crate::suggest::model::ModelError),
    /// The edit was refused (an internal inconsistency: report it).
    #[error("the change was refused: {0}")]
    Edit(#[from] crate::edit::EditError),
}

impl SessionError {
    /// Whether the user's input is at fault (CLI exit code 1) rather than
    /// the environment (exit code 2).
    pub fn is_input(&self) -> bool {
        match self {
            SessionError::Input(_) => true,
            SessionError::Format(e) => matches!(e, crate::formats::FormatError::Input { .. }),
            SessionError::Model(e) => e.is_input(),
            _ => false,
        }
    }
}

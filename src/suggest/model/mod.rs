//! The learned tagger: a sequence model trained on the documents an editor
//! marked done, so suggestions improve as the editor works.
//!
//! - [`features`]: what the model sees of each syllable token.
//! - [`chain`]: BIO tags, Viterbi with BIO constraints, forward-backward.
//! - [`Tagger`]: the trained model as a value; [`train()`] makes one from a
//!   `&Project` (a snapshot, so it can run on a worker thread).
//! - [`starter`]: the bundled annotated articles a training may add to
//!   the done documents.
//! - [`combine()`]: the `all` policy (model vetoes weak rule hits, adds its
//!   own confident spans).
//! - Files: `models/tagger.bin` (weights, see [`file`]) and
//!   `models/tagger.ron` ([`ModelRecord`]), both under the project folder,
//!   written atomically; both can be rebuilt with `gloss train`.
//!
//! Offsets are chars, like everywhere in the model.

pub mod chain;
mod combine;
mod dense;
pub mod features;
pub mod figures;
pub mod file;
pub mod policy;
mod record;
pub mod replay;
pub mod starter;
mod tagger;
mod train;

pub use combine::{combine, Policy};
pub use features::FEATURE_VERSION;
pub use policy::LabelLead;
pub use record::{HeldOut, ModelRecord};
pub use starter::Starter;
pub use tagger::{Analysis, Tagger, SOURCE};
pub use train::{train, training_documents, TrainOptions, Trained};

use crate::store::write_atomic;
use std::path::{Path, PathBuf};

/// Temperature of the confidences (see [`Tagger`]); chosen on the training
/// split of the development corpus, see `docs/LEARNING.md`.
pub const DEFAULT_TAU: f32 = 10.0;

/// The folder of models, under the project folder.
pub const MODELS_DIR: &str = "models";
/// The model file, under [`MODELS_DIR`].
pub const MODEL_FILE: &str = "tagger.bin";
/// The record file, under [`MODELS_DIR`].
pub const RECORD_FILE: &str = "tagger.ron";

/// Path of the model file of the project in `root`.
pub fn model_path(root: &Path) -> PathBuf {
    root.join(MODELS_DIR).join(MODEL_FILE)
}

/// Path of the record file of the project in `root`.
pub fn record_path(root: &Path) -> PathBuf {
    root.join(MODELS_DIR).join(RECORD_FILE)
}

/// Why a model could not be trained, read or written. Each names the file
/// (where there is one) and the fix.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The project has nothing to learn from.
    #[error("{0}")]
    NothingToLearn(String),
    /// The project's labels are none or too many for the tagger.
    #[error("{0}")]
    Labels(String),
    /// No model has been trained for this project.
    #[error("no model at {}: train one with `gloss train <project>` (it learns from the documents marked done)", .0.display())]
    Missing(PathBuf),
    /// The file is not a model this Gloss can read.
    #[error("the model file {} is damaged ({why}); rebuild it with `gloss train <project>`", path.display())]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        why: String,
    },
    /// The file was written for another feature set.
    #[error("the model file {} was made with feature version {found}, this Gloss uses version {expected}; rebuild it with `gloss train <project>`", path.display())]
    OldVersion {
        /// The file.
        path: PathBuf,
        /// Its version.
        found: u32,
        /// This build's version.
        expected: u32,
    },
    /// Reading or writing failed.
    #[error("could not {action} {}", path.display())]
    Io {
        /// "read" or "write".
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

impl ModelError {
    /// Whether the user must act on the project (exit 1) rather than the
    /// environment being at fault (exit 2).
    pub fn is_input(&self) -> bool {
        !matches!(self, ModelError::Io { .. })
    }
}

/// Writes the model and its record under `root/models/`, atomically.
pub fn save(root: &Path, trained: &Trained) -> Result<(), ModelError> {
    let dir = root.join(MODELS_DIR);
    std::fs::create_dir_all(&dir).map_err(|source| ModelError::Io {
        action: "create",
        path: dir.clone(),
        source,
    })?;
    let path = model_path(root);
    write_atomic(&path, &file::to_bytes(&trained.tagger)).map_err(|source| ModelError::Io {
        action: "write",
        path: path.clone(),
        source,
    })?;
    let rec = record_path(root);
    let text = ron::ser::to_string_pretty(&trained.record, ron::ser::PrettyConfig::default())
        .map_err(|e| ModelError::Io {
            action: "write",
            path: rec.clone(),
            source: std::io::Error::other(e.to_string()),
        })?;
    write_atomic(&rec, format!("{text}\n").as_bytes()).map_err(|source| ModelError::Io {
        action: "write",
        path: rec,
        source,
    })
}

/// Reads the project's model: `Ok(None)` when there is none yet.
pub fn load(root: &Path) -> Result<Option<Tagger>, ModelError> {
    let path = model_path(root);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(ModelError::Io {
                action: "read",
                path,
                source,
            })
        }
    };
    file::from_bytes(&bytes).map(Some).map_err(|e| match e {
        file::Unreadable::Corrupt(why) => ModelError::Corrupt { path, why },
        file::Unreadable::Version(found) => ModelError::OldVersion {
            path,
            found,
            expected: FEATURE_VERSION,
        },
    })
}

/// Reads the project's model record, if there is a readable one.
pub fn load_record(root: &Path) -> Option<ModelRecord> {
    let text = std::fs::read_to_string(record_path(root)).ok()?;
    ron::from_str(&text).ok()
}

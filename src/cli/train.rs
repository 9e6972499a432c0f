//! `gloss train <dir> [--seed N] [--epochs N] [--no-starter]`: trains the
//! tagger on the done documents (topped up with the bundled starter
//! articles unless `--no-starter`, see `suggest::model::starter`) and
//! writes `models/tagger.bin` and `models/tagger.ron`.

use super::{open, CliError, Outcome};
use crate::session::SessionError;
use crate::suggest::model::{model_path, Starter, TrainOptions};
use std::path::Path;

/// Trains and saves the project's model (with the bundled starter articles
/// when `starter`); prints its record.
pub fn train(dir: &Path, seed: u64, epochs: u32, starter: bool) -> Outcome {
    // Reading is enough: the model files are not project files, and are
    // written atomically, so this works beside an open Gloss.
    let mut session = open(dir)?;
    let options = TrainOptions {
        seed,
        epochs,
        starter: if starter {
            Starter::Bundled
        } else {
            Starter::Off
        },
        ..TrainOptions::default()
    };
    let record = session.train_with(options).map_err(|e| match e {
        SessionError::Model(m) if m.is_input() => {
            CliError::Problems(format!("{m}: {}", dir.display()))
        }
        other => CliError::Session(other),
    })?;
    println!("Model written to {}", model_path(dir).display());
    println!("{record}");
    Ok(())
}

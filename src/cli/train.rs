//! `gloss train <dir> [--seed N] [--epochs N]`: trains the tagger on the
//! done documents and writes `models/tagger.bin` and `models/tagger.ron`.

use super::{open, CliError, Outcome};
use crate::session::SessionError;
use crate::suggest::model::{model_path, TrainOptions};
use std::path::Path;

/// Trains and saves the project's model; prints its record.
pub fn train(dir: &Path, seed: u64, epochs: u32) -> Outcome {
    // Reading is enough: the model files are not project files, and are
    // written atomically, so this works beside an open Gloss.
    let mut session = open(dir)?;
    let options = TrainOptions {
        seed,
        epochs,
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

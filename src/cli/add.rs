//! `gloss add <dir> <files or folders...>`: adds articles as documents.

use super::{load_for_writing, progress::Progress, CliError, Outcome};
use crate::formats::articles::{collect_files, read_file, AddError};
use std::path::{Path, PathBuf};

/// Adds every file (folders searched recursively); adds nothing when any
/// file is bad, and lists all bad files.
pub fn add(dir: &Path, inputs: &[PathBuf]) -> Outcome {
    let (mut project, mut store, _lock) = load_for_writing(dir)?;
    let files = collect_files(inputs).map_err(|e| CliError::Usage(e.to_string()))?;
    if files.is_empty() {
        return Err(CliError::Usage(
            "no .txt, .md or .jsonl files found in the given paths".into(),
        ));
    }
    let mut progress = Progress::new(files.len() as u64, "Adding");
    let mut bad = Vec::new();
    let mut added = 0;
    for f in &files {
        match read_file(&project, f) {
            Ok(docs) => {
                added += docs.len();
                project.documents.extend(docs);
            }
            Err(e @ AddError::Io(..)) => return Err(CliError::Usage(e.to_string())),
            Err(e) => bad.push(e.to_string()),
        }
        progress.inc();
    }
    progress.finish();
    if !bad.is_empty() {
        return Err(CliError::Problems(format!(
            "nothing was added: {} file(s) could not be read:\n  {}",
            bad.len(),
            bad.join("\n  ")
        )));
    }
    store
        .save(&project)
        .map_err(|e| CliError::Usage(e.to_string()))?;
    println!("Added {added} document(s) to {}", dir.display());
    Ok(())
}

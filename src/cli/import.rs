//! `gloss import <dir> --format <fmt> <file or folder>`.

use super::export::{parse_format, parse_offsets};
use super::{load_for_writing, CliError, Outcome};
use crate::formats::{import as import_file, FormatError, ImportOptions};
use std::path::Path;

/// Imports a dataset into the project; all or nothing.
pub fn import(
    dir: &Path,
    format: &str,
    input: &Path,
    offsets: Option<&str>,
    add_labels: bool,
) -> Outcome {
    let format = parse_format(format)?;
    let opts = ImportOptions {
        offsets: parse_offsets(offsets)?,
        add_labels,
    };
    let (mut project, mut store, _lock) = load_for_writing(dir)?;
    let report = import_file(&mut project, format, input, &opts).map_err(|e| match e {
        FormatError::Input { .. } => CliError::Problems(format!("nothing was imported: {e}")),
        other => CliError::Usage(other.to_string()),
    })?;
    store
        .save(&project)
        .map_err(|e| CliError::Usage(e.to_string()))?;
    print!("{report}");
    Ok(())
}

//! `gloss import-predictions <dir> <file> --source NAME [--format F]`.

use super::export::{parse_format, parse_offsets};
use super::{load_for_writing, CliError, Outcome};
use crate::edit::apply;
use crate::formats::{FormatError, ImportOptions};
use std::path::Path;

/// Adds another extractor's predictions as suggestions of `source`.
pub fn import_predictions(
    dir: &Path,
    file: &Path,
    source: &str,
    format: &str,
    offsets: Option<&str>,
) -> Outcome {
    let format = parse_format(format)?;
    let opts = ImportOptions {
        offsets: parse_offsets(offsets)?,
        add_labels: false,
    };
    let (mut project, mut store, _lock) = load_for_writing(dir)?;
    let (tx, report) = crate::suggest::import_predictions(&project, format, file, source, &opts)
        .map_err(|e| match e {
            FormatError::Input { .. } => CliError::Problems(format!("nothing was imported: {e}")),
            other => CliError::Usage(other.to_string()),
        })?;
    apply(&mut project, &tx)
        .map_err(|e| CliError::Usage(format!("internal error applying predictions: {e}")))?;
    store
        .save(&project)
        .map_err(|e| CliError::Usage(e.to_string()))?;
    println!("{report}");
    Ok(())
}

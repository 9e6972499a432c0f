//! `gloss import <dir> --format <fmt> <file or folder>`.

use super::export::{parse_format, parse_offsets_or};
use super::{load, CliError, Outcome};
use crate::formats::{import_with, FormatError, ImportExtras, ImportOptions};
use std::path::Path;

/// Import options as typed on the command line.
#[derive(Debug, Default)]
pub struct ImportArgs<'a> {
    /// `chars`, `utf16`, `bytes` (the format's default when `None`).
    pub offsets: Option<&'a str>,
    /// Add labels the project lacks.
    pub add_labels: bool,
    /// CoNLL `TOKEN,TAG` column numbers, 1-based.
    pub columns: Option<&'a str>,
    /// Label Studio data key of the text.
    pub text_key: Option<&'a str>,
}

/// Parses `--columns 2,3`.
fn parse_columns(s: &str) -> Result<(usize, usize), CliError> {
    let parts: Vec<usize> = s.split(',').filter_map(|p| p.trim().parse().ok()).collect();
    match parts[..] {
        [t, g] if t >= 1 && g >= 1 && t != g => Ok((t, g)),
        _ => Err(CliError::Usage(format!(
            "--columns {s:?} needs two different column numbers from 1, token then tag, e.g. 2,3"
        ))),
    }
}

/// Imports a dataset into the project; all or nothing.
pub fn import(
    dir: &Path,
    format: &str,
    input: &Path,
    offsets: Option<&str>,
    add_labels: bool,
) -> Outcome {
    import_args(
        dir,
        format,
        input,
        &ImportArgs {
            offsets,
            add_labels,
            ..Default::default()
        },
    )
}

/// [`import`] with every option.
pub fn import_args(dir: &Path, format: &str, input: &Path, args: &ImportArgs<'_>) -> Outcome {
    let format = parse_format(format)?;
    let opts = ImportOptions {
        offsets: parse_offsets_or(args.offsets, format.default_offsets())?,
        add_labels: args.add_labels,
    };
    let extras = ImportExtras {
        columns: args.columns.map(parse_columns).transpose()?,
        text_key: args.text_key.map(str::to_owned),
    };
    let (mut project, mut store) = load(dir)?;
    let report = import_with(&mut project, format, input, &opts, &extras).map_err(|e| match e {
        FormatError::Input { .. } => CliError::Problems(format!("nothing was imported: {e}")),
        other => CliError::Usage(other.to_string()),
    })?;
    store
        .save(&project)
        .map_err(|e| CliError::Usage(e.to_string()))?;
    print!("{report}");
    Ok(())
}

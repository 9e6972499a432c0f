//! `gloss import <dir> --format <fmt> <file or folder>`.

use super::args::{FormatArg, OffsetsArg};
use super::{open_for_writing_as, CliError, Outcome};
use crate::formats::{Format, ImportExtras, ImportOptions};
use crate::session::SessionError;
use crate::text::offsets::OffsetUnit;
use std::path::Path;

/// Import options as parsed from the command line.
#[derive(Debug, Clone, Default)]
pub struct ImportArgs {
    /// Offset unit of the file (the format's default when `None`: UTF-16
    /// for doccano).
    pub offsets: Option<OffsetsArg>,
    /// Add labels the project lacks.
    pub add_labels: bool,
    /// CoNLL `TOKEN,TAG` column numbers, 1-based.
    pub columns: Option<String>,
    /// Label Studio data key of the text.
    pub text_key: Option<String>,
    /// Import into this annotator's layer (documents must exist already).
    pub annotator: Option<String>,
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
pub fn import(dir: &Path, format: FormatArg, input: &Path, args: &ImportArgs) -> Outcome {
    let format = Format::from(format);
    let opts = ImportOptions {
        offsets: args
            .offsets
            .map_or(format.default_offsets(), OffsetUnit::from),
        add_labels: args.add_labels,
    };
    let extras = ImportExtras {
        columns: args.columns.as_deref().map(parse_columns).transpose()?,
        text_key: args.text_key.clone(),
    };
    let mut session = open_for_writing_as(dir, args.annotator.as_deref())?;
    let outcome = session
        .import(format, input, &opts, &extras)
        .map_err(|e| match e {
            SessionError::Format(f @ crate::formats::FormatError::Input { .. }) => {
                CliError::Problems(format!("nothing was imported: {f}"))
            }
            other => CliError::Session(other),
        })?;
    session.save()?;
    print!("{}", outcome.report);
    Ok(())
}

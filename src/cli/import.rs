//! `gloss import <dir> --format <fmt> <file or folder>`.

use super::args::{FormatArg, OffsetsArg};
use super::{open_for_writing, CliError, Outcome};
use crate::formats::ImportOptions;
use crate::session::SessionError;
use crate::text::offsets::OffsetUnit;
use std::path::Path;

/// Imports a dataset into the project; all or nothing.
pub fn import(
    dir: &Path,
    format: FormatArg,
    input: &Path,
    offsets: Option<OffsetsArg>,
    add_labels: bool,
) -> Outcome {
    let opts = ImportOptions {
        offsets: offsets.map_or(OffsetUnit::Chars, OffsetUnit::from),
        add_labels,
    };
    let mut session = open_for_writing(dir)?;
    let outcome = session
        .import(format.into(), input, &opts)
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

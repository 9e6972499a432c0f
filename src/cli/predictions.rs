//! `gloss import-predictions <dir> <file> --source NAME [--format F]`.

use super::args::{FormatArg, OffsetsArg};
use super::{open_for_writing_as, CliError, Outcome};
use crate::formats::{FormatError, ImportOptions};
use crate::text::offsets::OffsetUnit;
use std::path::Path;

/// Adds another extractor's predictions as suggestions of `source`.
pub fn import_predictions(
    dir: &Path,
    file: &Path,
    source: &str,
    format: FormatArg,
    offsets: Option<OffsetsArg>,
    annotator: Option<&str>,
) -> Outcome {
    let format = crate::formats::Format::from(format);
    let opts = ImportOptions {
        offsets: offsets.map_or(format.default_offsets(), OffsetUnit::from),
        add_labels: false,
    };
    let mut session = open_for_writing_as(dir, annotator)?;
    let (tx, report) =
        crate::suggest::import_predictions(&session.workspace.project, format, file, source, &opts)
            .map_err(|e| match e {
                FormatError::Input { .. } => {
                    CliError::Problems(format!("nothing was imported: {e}"))
                }
                other => CliError::Usage(crate::session::error_text(&other)),
            })?;
    let sel = session.selection.clone();
    session
        .edit(tx, sel)
        .map_err(|n| CliError::Usage(n.text().to_owned()))?;
    session.save()?;
    println!("{report}");
    Ok(())
}

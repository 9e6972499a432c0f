//! `gloss export <dir> --format <fmt> --out <path> [options]`.

use super::args::{DocStartArg, FormatArg, OffsetsArg, SchemeArg, StatusArg};
use super::{open_lazy_as, progress::Progress, CliError, Outcome};
use crate::formats::{ExportExtras, ExportOptions, Format};
use crate::text::offsets::OffsetUnit;
use std::path::Path;

/// Options as parsed from the command line.
#[derive(Debug, Clone)]
pub struct ExportArgs {
    /// The format.
    pub format: FormatArg,
    /// Only documents with these statuses (all when empty).
    pub status: Vec<StatusArg>,
    /// Only these labels (all when empty).
    pub label: Vec<String>,
    /// `80,10,10`.
    pub split: Option<String>,
    /// Split seed.
    pub seed: u64,
    /// Offset unit (the format's default when absent: UTF-16 for doccano).
    pub offsets: Option<OffsetsArg>,
    /// Tag scheme for CoNLL and HF.
    pub scheme: SchemeArg,
    /// CoNLL document separator.
    pub docstart: DocStartArg,
    /// Export this annotator's layer instead of the gold layer.
    pub annotator: Option<String>,
    /// One export per annotator: `<out>/<annotator>.<ext>` (a folder
    /// `<out>/<annotator>/` for folder formats and splits).
    pub all_annotators: bool,
}

fn options(a: &ExportArgs, format: Format) -> Result<ExportOptions, CliError> {
    let split = match &a.split {
        None => None,
        Some(s) => {
            let parts: Vec<u32> = s.split(',').filter_map(|p| p.trim().parse().ok()).collect();
            let [x, y, z] = parts[..] else {
                return Err(CliError::Usage(format!(
                    "--split {s:?} needs three percentages, e.g. 80,10,10"
                )));
            };
            Some([x, y, z])
        }
    };
    Ok(ExportOptions {
        statuses: a.status.iter().map(|s| (*s).into()).collect(),
        labels: a.label.iter().map(|l| l.trim().to_owned()).collect(),
        split,
        seed: a.seed,
        offsets: a.offsets.map_or(format.default_offsets(), OffsetUnit::from),
        scheme: a.scheme.into(),
    })
}

/// Exports and prints the report: the gold layer, one annotator's layer,
/// or (`all_annotators`) each annotator's layer into its own file.
pub fn export(dir: &Path, out: &Path, args: &ExportArgs) -> Outcome {
    if !args.all_annotators {
        return export_one(dir, out, args, args.annotator.as_deref());
    }
    if args.annotator.is_some() {
        return Err(CliError::Usage(
            "give either --annotator NAME or --all-annotators, not both".into(),
        ));
    }
    let annotators = open_lazy_as(dir, None)?
        .workspace
        .project
        .annotators
        .clone();
    if annotators.is_empty() {
        return Err(CliError::Usage(format!(
            "the project has no annotators (see `gloss assign`); export the gold layer without --all-annotators: {}",
            dir.display()
        )));
    }
    let format = Format::from(args.format);
    for a in &annotators {
        let target = if format.is_folder() || args.split.is_some() {
            out.join(a)
        } else {
            out.join(format!("{a}.{}", format.extension()))
        };
        println!("Annotator {a}:");
        export_one(dir, &target, args, Some(a))?;
    }
    Ok(())
}

fn export_one(dir: &Path, out: &Path, args: &ExportArgs, annotator: Option<&str>) -> Outcome {
    let format = Format::from(args.format);
    let opts = options(args, format)?;
    let extras = ExportExtras {
        docstart: args.docstart.into(),
    };
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        if annotator.is_some() && !parent.exists() {
            std::fs::create_dir_all(parent)
                .map_err(|e| CliError::Usage(format!("cannot create {}: {e}", parent.display())))?;
        }
    }
    // Index first: the line formats stream the documents, so memory does
    // not grow with the project.
    let session = open_lazy_as(dir, annotator)?;
    let mut bar: Option<Progress> = None;
    let report = session.export_streamed(format, out, &opts, &extras, &mut |done, total| {
        bar.get_or_insert_with(|| Progress::new(total as u64, "Exporting"))
            .set(done as u64);
    });
    if let Some(b) = bar {
        b.finish();
    }
    let report = report.map_err(|e| match e {
        crate::session::SessionError::Format(crate::formats::FormatError::Options(m)) => {
            CliError::Usage(m)
        }
        other => CliError::Session(other),
    })?;
    // The file report says `<out>` (so it does not depend on where the
    // export went); the printed one names the real folder.
    print!(
        "{}",
        report
            .to_string()
            .replace("<out>", &out.display().to_string())
    );
    println!(
        "Written: {}",
        report
            .written
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}

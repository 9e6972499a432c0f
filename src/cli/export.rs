//! `gloss export <dir> --format <fmt> --out <path> [options]`.

use super::{load, progress::Progress, CliError, Outcome};
use crate::formats::{export_with, DocStart, ExportExtras, ExportOptions, Format, Scheme};
use crate::model::Status;
use crate::text::offsets::OffsetUnit;
use std::path::Path;

/// Options as typed on the command line.
#[derive(Debug, Default)]
pub struct ExportArgs<'a> {
    /// Format name.
    pub format: &'a str,
    /// Comma-separated statuses.
    pub status: Option<&'a str>,
    /// Comma-separated labels.
    pub label: Option<&'a str>,
    /// `80,10,10`.
    pub split: Option<&'a str>,
    /// Split seed.
    pub seed: u64,
    /// `chars`, `utf16`, `bytes`.
    pub offsets: Option<&'a str>,
    /// `iob2` or `bioes`.
    pub scheme: Option<&'a str>,
    /// CoNLL document separator: `conll2003` or `none`.
    pub docstart: Option<&'a str>,
}

/// Parses a format name (usage error otherwise).
pub fn parse_format(name: &str) -> Result<Format, CliError> {
    Format::parse(name).ok_or_else(|| {
        let all: Vec<_> = Format::ALL.iter().map(|f| f.name()).collect();
        CliError::Usage(format!(
            "unknown format {name:?}; use one of {}",
            all.join(", ")
        ))
    })
}

/// Parses an offset unit name (`None`: chars).
pub fn parse_offsets(name: Option<&str>) -> Result<OffsetUnit, CliError> {
    parse_offsets_or(name, OffsetUnit::Chars)
}

/// Parses an offset unit name; `None` gives `default` (the format's).
pub fn parse_offsets_or(name: Option<&str>, default: OffsetUnit) -> Result<OffsetUnit, CliError> {
    match name {
        None => Ok(default),
        Some("chars") => Ok(OffsetUnit::Chars),
        Some("utf16") => Ok(OffsetUnit::Utf16),
        Some("bytes") => Ok(OffsetUnit::Bytes),
        Some(o) => Err(CliError::Usage(format!(
            "--offsets {o:?} is unknown; use chars, utf16 or bytes"
        ))),
    }
}

fn options(a: &ExportArgs<'_>, format: Format) -> Result<ExportOptions, CliError> {
    let statuses = match a.status {
        None => Vec::new(),
        Some(list) => list
            .split(',')
            .map(|s| {
                Status::parse(s.trim()).ok_or_else(|| {
                    CliError::Usage(format!(
                        "--status {s:?} is unknown; use todo, in_progress or done"
                    ))
                })
            })
            .collect::<Result<_, _>>()?,
    };
    let labels = a
        .label
        .map(|l| l.split(',').map(|s| s.trim().to_owned()).collect())
        .unwrap_or_default();
    let split = match a.split {
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
    let scheme = match a.scheme {
        None => Scheme::Iob2,
        Some(s) => Scheme::parse(s).ok_or_else(|| {
            CliError::Usage(format!("--scheme {s:?} is unknown; use iob2 or bioes"))
        })?,
    };
    Ok(ExportOptions {
        statuses,
        labels,
        split,
        seed: a.seed,
        offsets: parse_offsets_or(a.offsets, format.default_offsets())?,
        scheme,
    })
}

/// Exports and prints the report.
pub fn export(dir: &Path, out: &Path, args: &ExportArgs<'_>) -> Outcome {
    let format = parse_format(args.format)?;
    let opts = options(args, format)?;
    let extras = ExportExtras {
        docstart: match args.docstart {
            None => DocStart::default(),
            Some(d) => DocStart::parse(d).ok_or_else(|| {
                CliError::Usage(format!(
                    "--docstart {d:?} is unknown; use conll2003 (-DOCSTART- -X- O O) or none"
                ))
            })?,
        },
    };
    let (project, _) = load(dir)?;
    let mut bar = Progress::new(project.documents.len() as u64, "Exporting");
    let mut last = 0;
    let report = export_with(&project, format, out, &opts, &extras, &mut |done, _| {
        while last < done {
            bar.inc();
            last += 1;
        }
    })
    .map_err(|e| match e {
        crate::formats::FormatError::Options(m) => CliError::Usage(m),
        other => CliError::Usage(other.to_string()),
    })?;
    bar.finish();
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

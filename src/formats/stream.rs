//! Exports that stream: the line formats (Gloss JSONL, doccano JSONL,
//! CoNLL) without a split are written a chunk of documents at a time, each
//! chunk read, rendered (on every core) and appended to a temp file next to
//! the output, then dropped; the temp file is synced and renamed over the
//! output at the end. Memory stays that of one chunk whatever the project
//! size, and the bytes are those of [`super::export_with`] (each format is
//! a concatenation of per-document parts, rendered in document order).

use super::{
    check_options, conll, doccano, gloss_jsonl, report_path, select_one, write_file, ExportExtras,
    ExportOptions, ExportReport, Format, FormatError,
};
use crate::model::{Document, Project};
use std::io::Write as _;
use std::path::Path;

/// Reads the documents of some ids, in that order (fails when one does
/// not load).
pub type ReadDocuments<'a> = dyn FnMut(&[String]) -> Result<Vec<Document>, FormatError> + 'a;

/// Documents read per chunk.
pub const CHUNK: usize = 1000;

/// Whether [`export_streamed`] writes `format` with `opts`.
pub fn streams(format: Format, opts: &ExportOptions) -> bool {
    matches!(format, Format::Jsonl | Format::Doccano | Format::Conll) && opts.split.is_none()
}

/// Exports the documents of `project` (its index: ids in order, labels,
/// relation types; document bodies may be absent) as `format` to `out`,
/// reading them with `read` a [`CHUNK`] at a time (ids in document order;
/// it fails when one does not load). Only for what [`streams`] accepts.
/// `progress(done, total)` after each chunk.
pub fn export_streamed(
    project: &Project,
    read: &mut ReadDocuments<'_>,
    format: Format,
    out: &Path,
    opts: &ExportOptions,
    extras: &ExportExtras,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportReport, FormatError> {
    if !streams(format, opts) {
        return Err(FormatError::Options(format!(
            "{} with these options is not written a chunk at a time; report this as a bug",
            format.name()
        )));
    }
    check_options(project, format, opts)?;
    let mut report = ExportReport::new(format, opts, extras);
    report.parts.push((String::new(), 0));
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)
        .map_err(|e| FormatError::Io("create the folder", dir.to_owned(), e))?;
    let io = |what: &'static str| move |e| FormatError::Io(what, out.to_owned(), e);
    let mut tmp = tempfile::Builder::new()
        .prefix(".gloss-export-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io("write"))?;
    let ids: Vec<String> = project.documents.iter().map(|d| d.id.clone()).collect();
    let total = ids.len();
    let mut done = 0;
    for chunk in ids.chunks(CHUNK) {
        let docs: Vec<Document> = read(chunk)?
            .iter()
            .filter_map(|d| select_one(d, opts, &mut report))
            .collect();
        report.parts[0].1 += docs.len();
        for d in &docs {
            report.count_document(d);
            if !format.holds_relations() {
                for r in &d.relations {
                    report.leave_out_relation(d, r, &format!("{} has no relations", format.name()));
                }
            }
        }
        let text = match format {
            Format::Jsonl => gloss_jsonl::export(&docs, opts.offsets, &mut report)?,
            Format::Doccano => doccano::export(&docs, opts.offsets, &mut report)?,
            _ => conll::export(&docs, opts.scheme, extras.docstart, &mut report),
        };
        tmp.write_all(text.as_bytes()).map_err(io("write"))?;
        done += chunk.len();
        progress(done, total);
    }
    report.finish();
    let perms = crate::store::permissions_for(out, tmp.as_file()).map_err(io("write"))?;
    tmp.as_file().set_permissions(perms).map_err(io("write"))?;
    tmp.as_file().sync_all().map_err(io("write"))?;
    tmp.persist(out)
        .map_err(|e| FormatError::Io("write", out.to_owned(), e.error))?;
    if let Ok(d) = std::fs::File::open(dir) {
        // The rename itself is durable once the folder is synced.
        let _ = d.sync_all();
    }
    let report_path = report_path(format, out, opts);
    write_file(&report_path, report.to_string().as_bytes())?;
    report.written = vec![out.to_owned(), report_path];
    Ok(report)
}

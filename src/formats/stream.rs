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
use std::borrow::Cow;
use std::io::Write as _;
use std::ops::Range;
use std::path::Path;

/// Reads the documents at some positions of the project's document list,
/// in that order: borrowed when in memory, owned when read from disk
/// (fails when one does not load).
pub type ReadDocuments<'a> =
    dyn FnMut(Range<usize>) -> Result<Vec<Cow<'a, Document>>, FormatError> + 'a;

/// Documents read per chunk.
pub const CHUNK: usize = 1000;

/// Whether [`export_streamed`] writes `format` with `opts`.
pub fn streams(format: Format, opts: &ExportOptions) -> bool {
    matches!(format, Format::Jsonl | Format::Doccano | Format::Conll) && opts.split.is_none()
}

/// Exports the documents of `project` (its index: ids in order, labels,
/// relation types; document bodies may be absent) as `format` to `out`,
/// reading them with `read` a [`CHUNK`] at a time (positions in document
/// order; it fails when one does not load). Only for what [`streams`]
/// accepts. `progress(done, total)` after each chunk.
pub fn export_streamed<'a>(
    project: &Project,
    read: &mut ReadDocuments<'a>,
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
    let tmp = tempfile::Builder::new()
        .prefix(".gloss-export-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io("write"))?;
    let writer = std::io::BufWriter::with_capacity(1 << 20, tmp);
    let total = project.documents.len();
    // A writer thread appends each chunk while the next is read and
    // rendered (the pool would otherwise wait for the write); at most one
    // chunk waits for it, so memory stays about two chunks.
    let (rendered, written) = std::thread::scope(|scope| {
        let (send, chunks) = std::sync::mpsc::sync_channel::<Vec<String>>(1);
        let writing = scope.spawn(move || {
            let mut writer = writer;
            for parts in chunks {
                for text in parts {
                    writer.write_all(text.as_bytes())?;
                }
            }
            Ok::<_, std::io::Error>(writer)
        });
        let mut done = 0;
        let rendered = loop {
            if done >= total {
                break Ok(());
            }
            let range = done..(done + CHUNK).min(total);
            let docs: Vec<Cow<'a, Document>> = match read(range.clone()) {
                Ok(d) => d
                    .into_iter()
                    .filter_map(|d| select_one(d, opts, &mut report))
                    .collect(),
                Err(e) => break Err(e),
            };
            report.parts[0].1 += docs.len();
            for d in &docs {
                report.count_document(d);
                if !format.holds_relations() {
                    report.leave_out_relations_not_held(d);
                }
            }
            let text = match format {
                Format::Jsonl => {
                    gloss_jsonl::export(&docs, opts.offsets, &mut report).map(|t| vec![t])
                }
                Format::Doccano => {
                    doccano::export(&docs, opts.offsets, &mut report).map(|t| vec![t])
                }
                _ => Ok(conll::export_parts(
                    &docs,
                    opts.scheme,
                    extras.docstart,
                    &mut report,
                )),
            };
            let text = match text {
                Ok(t) => t,
                Err(e) => break Err(e),
            };
            if send.send(text).is_err() {
                // The writer stopped: its error is reported below.
                break Ok(());
            }
            done = range.end;
            progress(done, total);
        };
        drop(send);
        let written = writing
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the writer thread panicked")));
        (rendered, written)
    });
    rendered?;
    let writer = written.map_err(io("write"))?;
    report.finish();
    let tmp = writer
        .into_inner()
        .map_err(|e| FormatError::Io("write", out.to_owned(), e.into_error()))?;
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

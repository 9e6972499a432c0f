//! Datasets in and out: the formats training pipelines and other annotation
//! tools use. Every offset read or written goes through
//! [`crate::text::offsets`]; inside Gloss offsets are chars on NFC text.
//!
//! Export is deterministic (same project, same options, same bytes) and
//! reports every span it could not write. Import validates a whole file before
//! it changes anything: it either adds everything or nothing.

pub mod articles;
mod brat;
mod conll;
mod docbin;
mod doccano;
mod gloss_jsonl;
mod hf;
mod incoming;
mod label_studio;
mod layout;
mod report;
mod spacy;
mod split;
mod stream;
mod tags;
mod utf8;

pub use docbin::murmurhash64a;
pub use incoming::{merge, Dataset, Incoming, IncomingSpan, MergeReport};
pub use report::{ExportReport, LeftOut};
pub use split::{part_of, split_documents};
pub use stream::{export_streamed, streams, CHUNK};
pub use tags::Scheme;

use crate::model::{Document, Project, Status};
use crate::text::offsets::OffsetUnit;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// A dataset format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    /// Gloss JSONL: lossless, one document per line.
    Jsonl,
    /// doccano sequence labeling JSONL.
    Doccano,
    /// spaCy / Prodigy JSONL with tokens.
    Spacy,
    /// CoNLL token<TAB>tag.
    Conll,
    /// Hugging Face token classification JSONL + labels.json.
    Hf,
    /// brat standoff (.txt + .ann per document).
    Brat,
    /// Label Studio JSON tasks + labeling config.
    LabelStudio,
}

impl Format {
    /// Every format, in CLI order.
    pub const ALL: [Format; 7] = [
        Format::Jsonl,
        Format::Doccano,
        Format::Spacy,
        Format::Conll,
        Format::Hf,
        Format::Brat,
        Format::LabelStudio,
    ];

    /// The CLI name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Doccano => "doccano",
            Format::Spacy => "spacy",
            Format::Conll => "conll",
            Format::Hf => "hf",
            Format::Brat => "brat",
            Format::LabelStudio => "label-studio",
        }
    }

    /// Parses a CLI name.
    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == s)
    }

    /// Whether the export is a folder (else one file).
    pub fn is_folder(self) -> bool {
        matches!(self, Format::Hf | Format::Brat)
    }

    /// File extension of single-file exports.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Conll => "conll",
            Format::LabelStudio => "json",
            _ => "jsonl",
        }
    }

    /// Offset units the format can be written in (the first is the default).
    pub fn offset_units(self) -> &'static [OffsetUnit] {
        match self {
            // doccano's annotator counts JavaScript string (UTF-16) offsets
            // unless its grapheme mode is on (doccano#2290).
            Format::Doccano => &[OffsetUnit::Utf16, OffsetUnit::Chars, OffsetUnit::Bytes],
            // Label Studio counts code points (its emoji e2e test expects
            // "test" at 21..25 in "🐱 Warning: This is a test text").
            Format::Jsonl | Format::LabelStudio => {
                &[OffsetUnit::Chars, OffsetUnit::Utf16, OffsetUnit::Bytes]
            }
            // spaCy and brat are defined on Python string (code point) offsets;
            // CoNLL and HF have no offsets.
            _ => &[OffsetUnit::Chars],
        }
    }

    /// The offset unit used when none is given.
    pub fn default_offsets(self) -> OffsetUnit {
        self.offset_units()
            .first()
            .copied()
            .unwrap_or(OffsetUnit::Chars)
    }

    /// Whether the format can hold overlapping spans.
    pub fn holds_overlaps(self) -> bool {
        !matches!(self, Format::Conll | Format::Hf)
    }

    /// Whether the format carries relations between spans.
    pub fn holds_relations(self) -> bool {
        matches!(
            self,
            Format::Jsonl | Format::Doccano | Format::Brat | Format::LabelStudio
        )
    }
}

/// Export choices.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportOptions {
    /// Only documents with one of these statuses (all when empty).
    pub statuses: Vec<Status>,
    /// Only spans with one of these labels (all when empty).
    pub labels: Vec<String>,
    /// Train/dev/test percentages, by document.
    pub split: Option<[u32; 3]>,
    /// Seed of the split shuffle.
    pub seed: u64,
    /// Unit of the written offsets.
    pub offsets: OffsetUnit,
    /// Tag scheme for CoNLL and HF.
    pub scheme: Scheme,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            statuses: Vec::new(),
            labels: Vec::new(),
            split: None,
            seed: 0,
            offsets: OffsetUnit::Chars,
            scheme: Scheme::Iob2,
        }
    }
}

/// How CoNLL files separate documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DocStart {
    /// `-DOCSTART- -X- O O` and a blank line, the CoNLL-2003 form that
    /// `spacy convert` and doccano recognise.
    #[default]
    Conll2003,
    /// No separator: sentences only.
    None,
}

impl DocStart {
    /// CLI name.
    pub fn name(self) -> &'static str {
        match self {
            DocStart::Conll2003 => "conll2003",
            DocStart::None => "none",
        }
    }

    /// Parses a CLI name.
    pub fn parse(s: &str) -> Option<DocStart> {
        [DocStart::Conll2003, DocStart::None]
            .into_iter()
            .find(|d| d.name() == s)
    }
}

/// Export choices that only some formats have (kept apart from
/// [`ExportOptions`] so its users need not change).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExportExtras {
    /// CoNLL document separator.
    pub docstart: DocStart,
}

/// Import choices that only some formats have.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportExtras {
    /// CoNLL: 1-based token and tag columns (guessed when `None`: first and
    /// last).
    pub columns: Option<(usize, usize)>,
    /// Label Studio: the `data` key holding the text (`text` when `None`).
    pub text_key: Option<String>,
}

/// A problem with an export or import, worded for the user.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// Reading or writing failed.
    #[error("could not {0} ({2}); check the path and permissions: {1}")]
    Io(&'static str, PathBuf, std::io::Error),
    /// The options do not fit the format.
    #[error("{0}")]
    Options(String),
    /// The input file is malformed; nothing was imported.
    #[error("{path}:{line}: {message}; fix: {fix}")]
    Input {
        /// The file.
        path: PathBuf,
        /// 1-based line (or record) number.
        line: usize,
        /// What is wrong.
        message: String,
        /// How to fix it.
        fix: String,
    },
}

impl FormatError {
    pub(crate) fn input(
        path: &Path,
        line: usize,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        FormatError::Input {
            path: path.to_owned(),
            line,
            message: message.into(),
            fix: fix.into(),
        }
    }
}

/// One output file: path relative to the export root and its content.
pub type OutFile = (PathBuf, Vec<u8>);

/// An output file holding text.
fn text_file(rel: impl Into<PathBuf>, content: String) -> OutFile {
    (rel.into(), content.into_bytes())
}

/// The documents an export covers, in project order, with spans filtered by
/// label (the filtered-out ones counted in the report).
fn selected(project: &Project, opts: &ExportOptions, report: &mut ExportReport) -> Vec<Document> {
    project
        .documents
        .iter()
        .filter_map(|d| select_one(Cow::Borrowed(d), opts, report))
        .map(Cow::into_owned)
        .collect()
}

/// The document as exported (`None`: its status is left out), its spans
/// sorted and filtered by `--label`; borrowed when that changes nothing.
fn select_one<'a>(
    d: Cow<'a, Document>,
    opts: &ExportOptions,
    report: &mut ExportReport,
) -> Option<Cow<'a, Document>> {
    if !opts.statuses.is_empty() && !opts.statuses.contains(&d.status) {
        return None;
    }
    if opts.labels.is_empty() && d.is_sorted() {
        return Some(d);
    }
    let mut d = d.into_owned();
    d.sort_spans();
    if !opts.labels.is_empty() {
        let before = d.spans.len();
        d.spans.retain(|s| opts.labels.contains(&s.label));
        d.suggestions.retain(|s| opts.labels.contains(&s.label));
        report.filtered_by_label += before - d.spans.len();
        report.drop_dangling_relations(&mut d, "an end's label is not in --label");
    }
    Some(Cow::Owned(d))
}

/// Refuses options the format or the project cannot take.
fn check_options(
    project: &Project,
    format: Format,
    opts: &ExportOptions,
) -> Result<(), FormatError> {
    if !format.offset_units().contains(&opts.offsets) {
        return Err(FormatError::Options(format!(
            "{} offsets are always code points; leave out --offsets for this format",
            format.name()
        )));
    }
    if let Some(unknown) = opts.labels.iter().find(|l| project.label(l).is_none()) {
        return Err(FormatError::Options(format!(
            "--label {unknown:?} is not a label of this project (labels: {})",
            project.label_names()
        )));
    }
    Ok(())
}

/// Where the report of an export to `out` goes.
fn report_path(format: Format, out: &Path, opts: &ExportOptions) -> PathBuf {
    if opts.split.is_some() || format.is_folder() {
        out.join("export-report.txt")
    } else {
        let mut name = out.file_name().unwrap_or_default().to_os_string();
        name.push(".report.txt");
        out.with_file_name(name)
    }
}

/// Writes the files of one part (whole export or one split part).
fn render(
    project: &Project,
    docs: &[Document],
    format: Format,
    opts: &ExportOptions,
    extras: &ExportExtras,
    part: &str,
    report: &mut ExportReport,
) -> Result<Vec<OutFile>, FormatError> {
    let labels = &project.labels;
    let types = &project.relation_types;
    if !format.holds_relations() {
        for d in docs {
            report.leave_out_relations_not_held(d);
        }
    }
    Ok(match format {
        Format::Jsonl => vec![text_file(
            PathBuf::new(),
            gloss_jsonl::export(docs, opts.offsets, report)?,
        )],
        Format::Doccano => vec![text_file(
            PathBuf::new(),
            doccano::export(docs, opts.offsets, report)?,
        )],
        Format::Spacy => spacy::export(docs, report)?,
        Format::Conll => vec![text_file(
            PathBuf::new(),
            conll::export(docs, opts.scheme, extras.docstart, report),
        )],
        Format::Hf => hf::export(docs, labels, opts.scheme, part, report),
        Format::Brat => brat::export(docs, labels, types, report),
        Format::LabelStudio => label_studio::export(docs, labels, types, opts.offsets, report)?,
    })
}

fn write_file(path: &Path, content: &[u8]) -> Result<(), FormatError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| FormatError::Io("create the folder", parent.to_owned(), e))?;
    }
    crate::store::write_atomic(path, content)
        .map_err(|e| FormatError::Io("write", path.to_owned(), e))
}

/// Exports `project` to `out` (a file for single-file formats, a folder for
/// folder formats and whenever `split` is set). `progress(done, total)` is
/// called per document. Returns the report, which is also written next to
/// the output.
pub fn export(
    project: &Project,
    format: Format,
    out: &Path,
    opts: &ExportOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportReport, FormatError> {
    export_with(
        project,
        format,
        out,
        opts,
        &ExportExtras::default(),
        progress,
    )
}

/// [`export`] with the format-specific [`ExportExtras`].
pub fn export_with(
    project: &Project,
    format: Format,
    out: &Path,
    opts: &ExportOptions,
    extras: &ExportExtras,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportReport, FormatError> {
    if streams(format, opts) {
        // One file of per-document parts: written a chunk at a time, the
        // documents borrowed, never the whole file in memory.
        let mut read = |r: std::ops::Range<usize>| {
            Ok(project.documents[r].iter().map(Cow::Borrowed).collect())
        };
        return export_streamed(project, &mut read, format, out, opts, extras, progress);
    }
    check_options(project, format, opts)?;
    let mut report = ExportReport::new(format, opts, extras);
    let docs = selected(project, opts, &mut report);
    let total = docs.len();
    let parts: Vec<(&str, Vec<Document>)> = match opts.split {
        None => vec![("", docs)],
        Some(pct) => split_documents(docs, pct, opts.seed)
            .map_err(FormatError::Options)?
            .into_iter()
            .collect(),
    };
    let mut files: Vec<OutFile> = Vec::new();
    let mut done = 0;
    for (part, docs) in &parts {
        report.parts.push((part.to_string(), docs.len()));
        for d in docs {
            report.count_document(d);
        }
        let rendered = render(project, docs, format, opts, extras, part, &mut report)?;
        for (rel, content) in rendered {
            let main = if opts.split.is_some() {
                out.join(format!("{part}.{}", format.extension()))
            } else {
                out.to_owned()
            };
            // Files of folder formats are named after document ids: they
            // must stay inside the folder the user named.
            let inside = |rel: &Path| {
                crate::store::paths::join_inside(out, rel).map_err(|e| {
                    FormatError::Options(format!(
                        "refusing to write {} outside {}: {e}",
                        rel.display(),
                        out.display()
                    ))
                })
            };
            let path = match (format.is_folder(), opts.split.is_some()) {
                // HF names its files by part itself (`data/train.jsonl`), so
                // `load_dataset("json", data_dir=...)` finds the splits.
                (true, _) if format == Format::Hf => inside(&rel)?,
                (true, false) => inside(&rel)?,
                (true, true) => inside(&Path::new(part).join(&rel))?,
                // A companion file of a single-file format sits next to it:
                // `tasks.json` + `tasks.label_config.xml`.
                (false, _) if rel.as_os_str().is_empty() => main,
                (false, _) => {
                    let stem = main
                        .file_stem()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .into_owned();
                    main.with_file_name(format!("{stem}{}", rel.display()))
                }
            };
            // A file every part writes alike (HF `labels.json`) is written once.
            files.retain(|(p, _)| *p != path);
            files.push((path, content));
        }
        done += docs.len();
        progress(done, total);
    }
    report.finish();
    for (path, content) in &files {
        write_file(path, content)?;
    }
    let report_path = report_path(format, out, opts);
    write_file(&report_path, report.to_string().as_bytes())?;
    report.written = files
        .into_iter()
        .map(|(p, _)| p)
        .chain([report_path])
        .collect();
    Ok(report)
}

/// Import choices (see also [`ImportExtras`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportOptions {
    /// Unit of the offsets in the file (Gloss JSONL says its own).
    pub offsets: OffsetUnit,
    /// Add labels the project does not have yet, instead of refusing.
    pub add_labels: bool,
}

/// Reads `path` (a file, or a folder for brat and HF) into documents with
/// spans; nothing is changed yet.
pub fn read(
    format: Format,
    path: &Path,
    opts: &ImportOptions,
) -> Result<Vec<Incoming>, FormatError> {
    Ok(read_with(format, path, opts, &ImportExtras::default())?.documents)
}

/// [`read`] with the format-specific [`ImportExtras`]; also returns what the
/// file held that Gloss does not import.
pub fn read_with(
    format: Format,
    path: &Path,
    opts: &ImportOptions,
    extras: &ImportExtras,
) -> Result<Dataset, FormatError> {
    if !format.offset_units().contains(&opts.offsets) {
        return Err(FormatError::Options(format!(
            "{} offsets are always code points; leave out --offsets for this format",
            format.name()
        )));
    }
    let source = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let read = utf8::read_text;
    let mut data = match format {
        Format::Jsonl => Dataset::from(gloss_jsonl::import(path, &read(path)?, opts.offsets)?),
        Format::Doccano => doccano::import(path, &read(path)?, opts.offsets, &source)?,
        Format::Spacy => spacy::import(path, &read(path)?, &source)?,
        Format::Conll => conll::import(path, &read(path)?, &source, extras.columns)?,
        Format::Hf => hf::import(path, &source)?,
        Format::Brat => brat::import(path, &source)?,
        Format::LabelStudio => label_studio::import(
            path,
            &read(path)?,
            opts.offsets,
            extras.text_key.as_deref(),
            &source,
        )?,
    };
    if format.offset_units().len() > 1 && format != Format::Jsonl {
        data.notes.push(format!(
            "offsets read as {}{}",
            unit_description(opts.offsets),
            if opts.offsets == format.default_offsets() {
                String::new()
            } else {
                format!(
                    " (the {} default is {})",
                    format.name(),
                    unit_description(format.default_offsets())
                )
            }
        ));
    }
    Ok(data)
}

/// How the reports name an offset unit.
pub fn unit_description(unit: OffsetUnit) -> &'static str {
    match unit {
        OffsetUnit::Chars => "code points (Python str indices; --offsets chars)",
        OffsetUnit::Utf16 => "UTF-16 code units (JavaScript string indices; --offsets utf16)",
        OffsetUnit::Bytes => "UTF-8 bytes (--offsets bytes)",
    }
}

/// Reads and merges a file into the project (all or nothing).
pub fn import(
    project: &mut Project,
    format: Format,
    path: &Path,
    opts: &ImportOptions,
) -> Result<MergeReport, FormatError> {
    import_with(project, format, path, opts, &ImportExtras::default())
}

/// Reads a file and computes the transaction (named `name`, one undo step)
/// that merges it into the project, without changing or copying the project.
pub fn import_edit(
    project: &Project,
    format: Format,
    path: &Path,
    opts: &ImportOptions,
    extras: &ImportExtras,
    name: &str,
) -> Result<(crate::edit::Transaction, MergeReport), FormatError> {
    let data = read_with(format, path, opts, extras)?;
    let (tx, mut report) =
        incoming::merge_edit(project, data.documents, opts.add_labels, path, name)?;
    report.skipped = data.skipped;
    report.notes = data.notes;
    Ok((tx, report))
}

/// [`import`] with the format-specific [`ImportExtras`]; the report lists
/// what the file held that was not imported.
pub fn import_with(
    project: &mut Project,
    format: Format,
    path: &Path,
    opts: &ImportOptions,
    extras: &ImportExtras,
) -> Result<MergeReport, FormatError> {
    let data = read_with(format, path, opts, extras)?;
    let mut report = merge(project, data.documents, opts.add_labels, path)?;
    report.skipped = data.skipped;
    report.notes = data.notes;
    Ok(report)
}

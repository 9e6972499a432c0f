//! Bringing documents in and data out: add article files, import a dataset,
//! export one. Additions and imports are transactions (one undo step each)
//! and are saved at once by the front end.

use super::{Notice, Session, SessionError};
use crate::edit::structure;
use crate::formats::articles::{collect_files, read_file_with, AddError};
use crate::formats::{
    ExportExtras, ExportOptions, ExportReport, Format, FormatError, ImportExtras, ImportOptions,
    MergeReport,
};
use crate::model::{Document, IdAllocator, Project};
use crate::store::{BodyReader, LoadProblem};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Exports `project` as a dataset (for a copy of the project handed to a
/// worker thread); `progress(done, total)` per document.
pub fn export(
    project: &Project,
    format: Format,
    out: &Path,
    opts: &ExportOptions,
    extras: &ExportExtras,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportReport, SessionError> {
    Ok(crate::formats::export_with(
        project, format, out, opts, extras, progress,
    )?)
}

/// What adding files did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddReport {
    /// Files read.
    pub files: usize,
    /// Documents added.
    pub documents: usize,
}

/// What an import did, for the report.
#[derive(Debug, Clone)]
pub struct ImportOutcome {
    /// The merge report (documents, spans, conflicts, labels).
    pub report: MergeReport,
}

impl Session {
    /// Adds every .txt/.md/.jsonl file of `paths` (folders searched
    /// recursively) as documents: all of them, or none when any file is bad
    /// (every bad file is listed). One undo step. `progress(done, total)` is
    /// called after each file.
    pub fn add_files(
        &mut self,
        paths: &[PathBuf],
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<AddReport, SessionError> {
        let files = collect_files(paths).map_err(|e| match e {
            AddError::Io(path, source) => SessionError::Read { path, source },
            other => SessionError::Input(other.to_string()),
        })?;
        if files.is_empty() {
            return Err(SessionError::Input(
                "no .txt, .md or .jsonl files found in the given paths".into(),
            ));
        }
        let mut ids = IdAllocator::new(&self.workspace.project);
        let mut new_docs = Vec::new();
        let mut bad = Vec::new();
        for (i, f) in files.iter().enumerate() {
            match read_file_with(&mut ids, f) {
                Ok(docs) => new_docs.extend(docs),
                Err(AddError::Io(path, source)) => return Err(SessionError::Read { path, source }),
                Err(e) => bad.push(e.to_string()),
            }
            progress(i + 1, files.len());
        }
        if !bad.is_empty() {
            return Err(SessionError::Input(format!(
                "nothing was added: {} file(s) could not be read:\n  {}",
                bad.len(),
                bad.join("\n  ")
            )));
        }
        let report = AddReport {
            files: files.len(),
            documents: new_docs.len(),
        };
        let name = format!("Add {} document(s)", new_docs.len());
        let tx = structure::add_documents(&self.workspace.project, new_docs, &name);
        let sel = self.selection.clone();
        self.workspace
            .apply_at(tx, sel.clone(), sel)
            .map_err(SessionError::Edit)?;
        if self.current.is_none() {
            self.open_document(0);
        }
        Ok(report)
    }

    /// Imports a dataset file (folder for brat and HF): all or nothing, one
    /// undo step.
    pub fn import(
        &mut self,
        format: Format,
        path: &Path,
        opts: &ImportOptions,
        extras: &ImportExtras,
    ) -> Result<ImportOutcome, SessionError> {
        // Imported documents are matched by id and by text.
        self.load_all()
            .map_err(|n| SessionError::Input(n.text().to_owned()))?;
        let name = format!("Import {}", path.display());
        let (tx, report) = crate::formats::import_edit(
            &self.workspace.project,
            format,
            path,
            opts,
            extras,
            &name,
        )?;
        let sel = self.selection.clone();
        self.workspace
            .apply_at(tx, sel.clone(), sel)
            .map_err(SessionError::Edit)?;
        if self.current.is_none() {
            self.open_document(0);
        }
        self.drop_stale_selection();
        Ok(ImportOutcome { report })
    }

    /// Exports the project as a dataset; `progress(done, total)` per document.
    pub fn export(
        &self,
        format: Format,
        out: &Path,
        opts: &ExportOptions,
        extras: &ExportExtras,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ExportReport, SessionError> {
        export(&self.workspace.project, format, out, opts, extras, progress)
    }

    /// [`Session::export`] for a project opened index first: the
    /// documents not read are read a chunk at a time and dropped again
    /// (see [`crate::formats::export_streamed`]; Gloss JSONL, doccano and
    /// CoNLL without a split), so memory does not grow with the project.
    /// Other formats and splits read every document first. Fails, naming
    /// the document and the fix, when a document does not load.
    pub fn export_streamed(
        &self,
        format: Format,
        out: &Path,
        opts: &ExportOptions,
        extras: &ExportExtras,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ExportReport, SessionError> {
        self.export_job().run(format, out, opts, extras, progress)
    }

    /// A whole-project export to run on another thread (the GUI's): the
    /// project's index with copies of the documents read so far, and a
    /// reader for the others.
    pub fn export_job(&self) -> ExportJob {
        let ws = &self.workspace;
        let (reader, unread) = ws.body_reader();
        ExportJob {
            project: ws.project.clone(),
            unread: unread.into_iter().collect(),
            reader: reader.reading_only(),
        }
    }

    /// The GUI's "add documents": like [`Session::add_files`], as a notice.
    pub fn add_files_notice(&mut self, paths: &[PathBuf]) -> Notice {
        match self.add_files(paths, &mut |_, _| {}) {
            Ok(r) => Notice::Done(format!(
                "Added {} document(s) from {} file(s)",
                r.documents, r.files
            )),
            Err(e) => Notice::Refused(super::error_text(&e)),
        }
    }
}

/// A whole-project export that runs on any thread, over a project opened
/// index first: the index and the documents read when it was made
/// (copies), and a reader for the documents not read, which are read from
/// their files and dropped again (see [`Session::export_job`]).
pub struct ExportJob {
    project: Project,
    unread: HashSet<String>,
    reader: BodyReader,
}

impl ExportJob {
    /// Exports as [`Session::export`] does. The line formats without a
    /// split read the unread documents a chunk at a time, so memory does
    /// not grow with the project; the others read them all first (into
    /// this job's copy, dropped when it ends). Fails, naming the document
    /// and the fix, when a document does not load; nothing is written then.
    pub fn run(
        mut self,
        format: Format,
        out: &Path,
        opts: &ExportOptions,
        extras: &ExportExtras,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ExportReport, SessionError> {
        if !crate::formats::streams(format, opts) {
            let ids: Vec<String> = self
                .project
                .documents
                .iter()
                .filter(|d| self.unread.contains(&d.id))
                .map(|d| d.id.clone())
                .collect();
            let mut read = HashMap::new();
            for chunk in ids.chunks(crate::formats::CHUNK) {
                read.extend(
                    read_or_say(&self.reader, chunk, "exported").map_err(SessionError::Input)?,
                );
            }
            for d in &mut self.project.documents {
                if let Some(body) = read.remove(&d.id) {
                    *d = body;
                }
            }
            return export(&self.project, format, out, opts, extras, progress);
        }
        let (docs, unread, reader) = (&self.project.documents, &self.unread, &self.reader);
        let mut read = |range: Range<usize>| -> Result<Vec<Cow<'_, Document>>, FormatError> {
            let ids: Vec<String> = docs[range.clone()]
                .iter()
                .filter(|d| unread.contains(&d.id))
                .map(|d| d.id.clone())
                .collect();
            let mut got = read_or_say(reader, &ids, "exported").map_err(FormatError::Options)?;
            Ok(docs[range]
                .iter()
                .map(|d| match got.remove(&d.id) {
                    Some(read) => Cow::Owned(read),
                    None => Cow::Borrowed(d),
                })
                .collect())
        };
        Ok(crate::formats::export_streamed(
            &self.project,
            &mut read,
            format,
            out,
            opts,
            extras,
            progress,
        )?)
    }
}

/// Reads the documents `ids` with `reader`, or says the first that does
/// not load: "nothing was {done}: document X does not load (its first
/// problem); `gloss check` lists every problem".
pub(super) fn read_or_say(
    reader: &BodyReader,
    ids: &[String],
    done: &str,
) -> Result<HashMap<String, Document>, String> {
    let mut read = HashMap::with_capacity(ids.len());
    for (id, body) in reader.read(ids) {
        match body {
            Ok(b) => {
                read.insert(id, b.document);
            }
            Err(problems) => {
                let first: Option<&LoadProblem> = problems.first();
                let first = first.map(|p| p.to_string()).unwrap_or_default();
                return Err(format!(
                    "nothing was {done}: document {id} does not load ({first}); `gloss check` lists every problem"
                ));
            }
        }
    }
    Ok(read)
}

//! Files in `docs/` that the index does not name: what a crash between
//! writing documents and writing `project.ron` leaves (an import writes
//! every document file first and the index last), and the temporary files
//! of a save that never got renamed.
//!
//! Invariants: a document file is offered for adoption only when its name
//! is a valid id (`docs/<id>.ron`; "save mine as a copy" files have dots in
//! their names and are never taken), the id is free in the project, and the
//! file loads and validates against the project's labels and relation
//! types; every other file is reported with the reason it cannot be taken.
//! Listing is sorted by file name.

use super::format;
use super::LoadProblem;
use crate::model::{Document, Project};
use std::path::{Path, PathBuf};

/// Prefix and suffix of the temporary files of an atomic write.
const TEMP_PREFIX: &str = ".gloss-";
const TEMP_SUFFIX: &str = ".tmp";

/// What `docs/` holds beyond the documents the index names.
#[derive(Debug, Default)]
pub struct Orphans {
    /// Document files that load and could be added to the index, by id.
    pub adoptable: Vec<Document>,
    /// Document files that cannot be added, with the reason.
    pub unreadable: Vec<LoadProblem>,
    /// Temporary files of writes that were interrupted (relative paths).
    pub temp_files: Vec<PathBuf>,
}

impl Orphans {
    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.adoptable.is_empty() && self.unreadable.is_empty() && self.temp_files.is_empty()
    }
}

/// Looks through `root/docs` for files `project` does not name.
pub fn find(root: &Path, project: &Project) -> std::io::Result<Orphans> {
    let mut out = Orphans::default();
    let dir = root.join("docs");
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(e),
    };
    let known: std::collections::HashSet<&str> =
        project.documents.iter().map(|d| d.id.as_str()).collect();
    let mut names: Vec<String> = Vec::new();
    for entry in entries {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            if let Some(name) = entry.file_name().to_str() {
                names.push(name.to_owned());
            }
        }
    }
    names.sort();
    for name in names {
        if name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX) {
            out.temp_files.push(Path::new("docs").join(&name));
            continue;
        }
        let Some(id) = name.strip_suffix(".ron") else {
            continue;
        };
        if known.contains(id) || crate::model::id::check_document_id(id).is_err() {
            // Listed, or not a document file name (a saved copy, a note).
            continue;
        }
        match format::read_unlisted(root, id, project) {
            Ok(doc) => out.adoptable.push(doc),
            Err(p) => out.unreadable.push(p),
        }
    }
    Ok(out)
}

//! Opening a project index first: `project.ron` is read and checked, every
//! document becomes a *stub* (its id, title and status from the index, no
//! text, no spans), and a document's file is read when it is needed.
//!
//! Invariants: a stub is never written (the workspace refuses edits to it
//! and a save never serializes it); a document's file is read, parsed and
//! validated exactly as by a whole load ([`format::read_body`]), so a lazily
//! loaded document equals the eagerly loaded one; a file that fails to load
//! leaves its stub in place and blocks only that document. In an annotator's
//! layer, the documents that have a layer file are loaded at open (they are
//! that annotator's work); the others are blank layers and stay stubs until
//! opened.

// Problems are collected into a list, not propagated far: their size is fine.
#![allow(clippy::result_large_err)]

use super::format::{self, DocEntry};
use super::layers::{self, layer_path};
use super::paths::{Fingerprint, ProjectReader};
use super::saved::Digest;
use super::{LoadError, LoadProblem, ProjectDir, PROJECT_FILE};
use crate::model::{Document, Project};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A document read from disk by [`ProjectDir::read_bodies`], for
/// [`ProjectDir::accept_body`].
#[derive(Debug)]
pub struct LoadedBody {
    /// The document (in an annotator's layer: that layer over the gold text).
    pub document: Document,
    /// The file this workspace writes for it: its path, fingerprint on disk
    /// (`None`: absent) and the digest of its serialization (`None`: to be
    /// written again).
    file: (PathBuf, Option<Fingerprint>, Option<Digest>),
}

/// Reads document files on any thread, for [`ProjectDir::accept_body`].
#[derive(Debug, Clone)]
pub struct BodyReader {
    root: PathBuf,
    layer: Option<String>,
    /// Serialize what is read (to compare before writing); not for reading
    /// only.
    keep_saved: bool,
    /// The labels and relation types documents are checked against.
    rules: Project,
}

impl BodyReader {
    /// Reads the documents `ids` (on every core): each is parsed and
    /// validated like a whole load, with its problems when it fails.
    /// Results in the order of `ids`.
    pub fn read(&self, ids: &[String]) -> Vec<(String, Result<LoadedBody, Vec<LoadProblem>>)> {
        use rayon::prelude::*;
        ids.par_iter()
            .map(|id| (id.clone(), self.read_one(id)))
            .collect()
    }

    /// This reader, for documents that are read and dropped (an export):
    /// nothing read is serialized again for comparison.
    pub fn reading_only(mut self) -> Self {
        self.keep_saved = false;
        self
    }

    fn read_one(&self, id: &str) -> Result<LoadedBody, Vec<LoadProblem>> {
        let entry = DocEntry {
            id: id.to_owned(),
            title: String::new(),
            file: format::doc_path(id).to_string_lossy().replace('\\', "/"),
            status: Default::default(),
            assigned: Vec::new(),
        };
        let body = format::read_body_with(
            &self.root,
            &entry,
            &self.rules.labels,
            &self.rules.relation_types,
            self.keep_saved,
        )?;
        let Some(annotator) = self.layer.as_deref() else {
            let (rel, fp) = match body.fingerprint {
                Some((rel, fp)) => (rel, Some(fp)),
                None => (format::doc_path(id), None),
            };
            return Ok(LoadedBody {
                document: body.document,
                file: (rel, fp, body.saved),
            });
        };
        // The gold file is not this workspace's: only the layer file is.
        let mut reader = ProjectReader::new(&self.root);
        let gold = body.document;
        let document = layers::read_layer(&mut reader, &self.root, &self.rules, annotator, &gold)?
            .unwrap_or_else(|| layers::blank(&gold));
        let rel = layer_path(annotator, id);
        let fp = reader.into_fingerprints().remove(&rel);
        let saved = if self.keep_saved {
            Some(
                layers::write_layer(annotator, &document)
                    .map(|c| Digest::of(&c))
                    .map_err(|e| {
                        vec![format::plain_problem(
                            &self.root.join(&rel),
                            e.to_string(),
                            "report this as a bug",
                        )]
                    })?,
            )
        } else {
            None
        };
        Ok(LoadedBody {
            document,
            file: (rel, fp, saved),
        })
    }
}

/// The stub of an index entry: id, title and status, nothing else.
pub fn stub(entry: &DocEntry) -> Document {
    let mut d = Document::new(&entry.id, "");
    d.title = entry.title.clone();
    d.status = entry.status;
    d
}

impl ProjectDir {
    /// Reads and checks `project.ron` only, as annotator `annotator` when
    /// given; returns the project with every document a stub, the folder,
    /// and the ids of the documents to load at once (an annotator's worked
    /// documents; none for the gold layer).
    pub fn load_index_as(
        root: &Path,
        annotator: Option<&str>,
    ) -> Result<(Project, ProjectDir, Vec<String>), LoadError> {
        let index = format::read_index(root)?;
        let mut project = index.project;
        project.documents = index.entries.iter().map(stub).collect();
        let mut dir = ProjectDir {
            root: root.to_owned(),
            saved: Default::default(),
            disk: index.fingerprints,
            layer: None,
            stubs: project.documents.iter().map(|d| d.id.clone()).collect(),
            reading_only: false,
        };
        // As read: writing the index again when nothing in it changed
        // writes the same bytes (Gloss wrote them); a hand-formatted one
        // is rewritten at the next change of the index.
        if index.version == format::CURRENT_VERSION {
            dir.saved.insert(PathBuf::from(PROJECT_FILE), index.text);
        }
        let Some(annotator) = annotator else {
            return Ok((project, dir, Vec::new()));
        };
        let index_path = root.join(PROJECT_FILE);
        if let Some(p) = layers::annotator_problem(&index_path, &project, annotator) {
            return Err(LoadError {
                root: root.to_owned(),
                problems: vec![p],
            });
        }
        // An annotator's stubs are blank layers: status to do.
        for d in &mut project.documents {
            d.status = Default::default();
        }
        dir.layer = Some(annotator.to_owned());
        let worked: BTreeSet<String> = std::fs::read_dir(layers::layer_dir(root, annotator))
            .map(|rd| {
                rd.flatten()
                    .filter_map(|e| {
                        let name = e.file_name().into_string().ok()?;
                        name.strip_suffix(".ron").map(str::to_owned)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let now = project
            .documents
            .iter()
            .filter(|d| worked.contains(&d.id))
            .map(|d| d.id.clone())
            .collect();
        Ok((project, dir, now))
    }

    /// Reads the documents `ids` of `project` (on every core): each is
    /// parsed and validated like a whole load, with its problems when it
    /// fails. Results in the order of `ids`.
    pub fn read_bodies(
        &self,
        project: &Project,
        ids: &[String],
    ) -> Vec<(String, Result<LoadedBody, Vec<LoadProblem>>)> {
        self.body_reader(project).read(ids)
    }

    /// What reads documents of `project` on any thread (see
    /// [`BodyReader::read`]).
    pub fn body_reader(&self, project: &Project) -> BodyReader {
        BodyReader {
            root: self.root.clone(),
            layer: self.layer.clone(),
            keep_saved: !self.reading_only,
            rules: Project {
                labels: project.labels.clone(),
                relation_types: project.relation_types.clone(),
                ..Default::default()
            },
        }
    }

    /// Opened for reading only: documents read are not serialized (nothing
    /// is compared before writing, since nothing is written).
    pub(super) fn set_reading_only(&mut self) {
        self.reading_only = true;
    }

    /// Replaces the set of documents not read (after a reload took a new
    /// index).
    pub(super) fn set_stubs(&mut self, stubs: std::collections::HashSet<String>) {
        self.stubs = stubs;
    }

    /// Makes document `id` a stub again (its file is read again when next
    /// needed): forgets the digest kept to compare before writing and the
    /// file's fingerprint.
    /// For documents saved and not changed since (see
    /// [`super::Workspace::unload`]).
    pub(super) fn unload(&mut self, id: &str) {
        let rel = match self.layer.as_deref() {
            Some(annotator) => layer_path(annotator, id),
            None => format::doc_path(id),
        };
        self.saved.remove(&rel);
        // Like a document never read: its file is not watched (a change on
        // disk is read when it is next needed, not taken into a stub).
        self.disk.remove(&rel);
        self.stubs.insert(id.to_owned());
    }

    /// Records a document read by [`Self::read_bodies`] as read (its file's
    /// fingerprint and serialization) and gives the document.
    pub fn accept_body(&mut self, body: LoadedBody) -> Document {
        self.stubs.remove(&body.document.id);
        let (rel, fp, saved) = body.file;
        match fp {
            Some(fp) => {
                self.disk.insert(rel.clone(), fp);
            }
            None => {
                self.disk.remove(&rel);
            }
        }
        match saved {
            Some(digest) => {
                self.saved.insert_digest(rel, digest);
            }
            None => {
                self.saved.remove(&rel);
            }
        }
        body.document
    }
}

//! A workspace opened index first ([`Workspace::open_lazy_as`]): documents
//! are read when needed ([`Workspace::load`]), a document whose file fails
//! to load keeps its problems and blocks only itself, and edits to a
//! document not read yet are refused (so a stub is never written).

use super::super::cache::{DocCache, DocFacts};
use super::super::lazy::{BodyReader, LoadedBody};
use super::super::{LoadError, LoadProblem, ProjectDir, PROJECT_FILE};
use super::Workspace;
use crate::edit::{EditError, Transaction};
use crate::model::Project;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

impl Workspace {
    /// Takes the lock (read-only when another Gloss holds it), then reads
    /// `project.ron` only: the document list, titles and statuses are there
    /// at once, each document's file is read by [`Self::load`] when needed.
    /// As annotator `annotator` when given (its worked documents are read
    /// now). The cost does not grow with the project's documents beyond
    /// its index.
    pub fn open_lazy_as(root: &Path, annotator: Option<&str>) -> Result<Self, LoadError> {
        let (access, notice) = Self::acquire(root, annotator);
        Self::lazy_with(root, annotator, access, notice)
    }

    /// [`Self::open_lazy_as`] for reading only: no lock is taken, edits and
    /// saves are refused.
    pub fn open_lazy_read_only_as(root: &Path, annotator: Option<&str>) -> Result<Self, LoadError> {
        let access = super::Access::ReadOnly(super::READING_ONLY.into());
        let mut ws = Self::lazy_with(root, annotator, access, None)?;
        ws.dir.set_reading_only();
        Ok(ws)
    }

    fn lazy_with(
        root: &Path,
        annotator: Option<&str>,
        access: super::Access,
        notice: Option<String>,
    ) -> Result<Self, LoadError> {
        let (project, dir, now) = ProjectDir::load_index_as(root, annotator)?;
        let mut ws = Self::with_access(project, dir, access, notice);
        ws.lazy = true;
        ws.touched = Some(BTreeSet::new());
        if annotator.is_none() {
            // An annotator's unread documents are blank layers: nothing to
            // count.
            ws.cache = DocCache::read(root);
        }
        ws.load(&now);
        Ok(ws)
    }

    /// Makes the documents `ids` that were read stubs again, so a command
    /// that goes through a big project a chunk at a time (`gloss suggest`,
    /// suggest in all documents) keeps the memory of one chunk. Only when
    /// everything is saved (else nothing is unloaded and 0 returned): the
    /// file on disk is then what the document is, and an undo step that
    /// touches it reads it again (see [`super::streamed`]). Returns how many
    /// were unloaded.
    pub fn unload(&mut self, ids: &[String]) -> usize {
        if self.is_dirty() || !self.lazy {
            return 0;
        }
        let wanted: std::collections::HashSet<&str> = ids.iter().map(String::as_str).collect();
        let mut n = 0;
        for d in self.project.documents.iter_mut() {
            if !wanted.contains(d.id.as_str()) || !self.dir.is_loaded(&d.id) {
                continue;
            }
            let entry = super::super::DocEntry {
                id: d.id.clone(),
                title: d.title.clone(),
                file: String::new(),
                status: d.status,
                assigned: Vec::new(),
            };
            // What the document list shows of it from now on.
            match self.dir.annotator() {
                None => self.cache.put(&d.id, DocFacts::of(d)),
                Some(_) => {
                    self.layer_facts.insert(d.id.clone(), DocFacts::of(d));
                }
            }
            *d = super::super::lazy::stub(&entry);
            self.dir.unload(&entry.id);
            n += 1;
        }
        n
    }

    /// Whether the document `id` has been read from its file (always, for a
    /// project loaded whole).
    pub fn is_loaded(&self, id: &str) -> bool {
        self.dir.is_loaded(id)
    }

    /// How many documents have not been read yet.
    pub fn unloaded_count(&self) -> usize {
        self.dir.stub_count()
    }

    /// Why the document `id` could not be read, if it could not (the last
    /// attempt's problems, each naming the file, the place and the fix).
    pub fn load_problems(&self, id: &str) -> Option<&[LoadProblem]> {
        self.load_failures.get(id).map(Vec::as_slice)
    }

    /// What the document list shows of document `id`: counted when it has
    /// been read, from the cache otherwise (`None`: not known until read).
    pub fn facts(&self, id: &str) -> Option<DocFacts> {
        if self.dir.is_loaded(id) {
            return self.project.document(id).map(DocFacts::of);
        }
        if self.annotator().is_some() {
            // An unread layer is blank, unless it was read and unloaded.
            return Some(self.layer_facts.get(id).copied().unwrap_or_default());
        }
        self.cache.get(id)
    }

    /// [`Self::facts`] of the document at `index` (no lookup by id).
    pub fn facts_at(&self, index: usize) -> Option<DocFacts> {
        let doc = self.project.documents.get(index)?;
        if self.dir.is_loaded(&doc.id) {
            return Some(DocFacts::of(doc));
        }
        if self.annotator().is_some() {
            return Some(self.layer_facts.get(&doc.id).copied().unwrap_or_default());
        }
        self.cache.get(&doc.id)
    }

    /// Rewrites the document cache (`.gloss/cache/`) from the documents read
    /// and the cache's still valid entries; nothing for an annotator's
    /// layer or while there are unsaved changes (the files would not match
    /// what is counted). Call it when a whole project was read and on close.
    pub fn write_cache(&self) -> std::io::Result<()> {
        if self.annotator().is_some() || self.is_dirty() {
            return Ok(());
        }
        let (loaded, others): (Vec<_>, Vec<_>) = self
            .project
            .documents
            .iter()
            .partition(|d| self.dir.is_loaded(&d.id));
        self.cache.write(
            loaded.into_iter().map(|d| (d.id.clone(), DocFacts::of(d))),
            others.into_iter().map(|d| d.id.clone()),
        )
    }

    /// Reads the documents `ids` that have not been read (on every core).
    /// One that fails keeps its stub and its problems
    /// ([`Self::load_problems`]); the others load. Returns how many failed.
    pub fn load(&mut self, ids: &[String]) -> usize {
        let mut seen = BTreeSet::new();
        let todo: Vec<String> = ids
            .iter()
            .filter(|id| !self.dir.is_loaded(id) && seen.insert(id.as_str()))
            .cloned()
            .collect();
        if todo.is_empty() {
            return 0;
        }
        let bodies = self.dir.read_bodies(&self.project, &todo);
        self.accept_bodies(bodies)
    }

    /// What reads the documents not read yet on any thread; give its
    /// results to [`Self::accept_bodies`].
    pub fn body_reader(&self) -> (BodyReader, Vec<String>) {
        let ids = self
            .project
            .documents
            .iter()
            .filter(|d| !self.dir.is_loaded(&d.id))
            .map(|d| d.id.clone())
            .collect();
        (self.dir.body_reader(&self.project), ids)
    }

    /// Takes documents read by a [`BodyReader`] (on another thread, maybe
    /// while others were opened here): those still in the project and
    /// still not read are put in place of their stubs; a failure is kept
    /// as that document's problems. Returns how many failed.
    pub fn accept_bodies(
        &mut self,
        bodies: Vec<(String, Result<LoadedBody, Vec<LoadProblem>>)>,
    ) -> usize {
        let todo = bodies.len();
        let at: HashMap<String, usize> = if todo > 16 {
            self.project
                .documents
                .iter()
                .enumerate()
                .map(|(i, d)| (d.id.clone(), i))
                .collect()
        } else {
            HashMap::new()
        };
        let mut failed = 0;
        for (id, body) in bodies {
            if self.dir.is_loaded(&id) {
                // Opened here meanwhile: what is in memory stays.
                continue;
            }
            let i = at
                .get(&id)
                .copied()
                .or_else(|| self.project.documents.iter().position(|d| d.id == id));
            let Some(i) = i else { continue };
            match body {
                Ok(body) => {
                    self.project.documents[i] = self.dir.accept_body(body);
                    self.load_failures.remove(&id);
                }
                Err(problems) => {
                    failed += 1;
                    self.load_failures.insert(id, problems);
                }
            }
        }
        // What the views derived from the document list changed.
        self.generation += 1;
        failed
    }

    /// Reads every document not read yet (for whole-project work: export,
    /// suggest, statistics). Fails with every problem when some document
    /// does not load; the others are loaded then.
    pub fn load_all(&mut self) -> Result<(), LoadError> {
        self.load_all_reporting(&mut |_, _| {})
    }

    /// [`Self::load_all`], calling `progress(done, total)` after each
    /// thousand documents.
    pub fn load_all_reporting(
        &mut self,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<(), LoadError> {
        if self.dir.stub_count() == 0 {
            return Ok(());
        }
        let (reader, ids) = self.body_reader();
        for (n, chunk) in ids.chunks(1000).enumerate() {
            let read = reader.read(chunk);
            self.accept_bodies(read);
            progress(n * 1000 + chunk.len(), ids.len());
        }
        let problems: Vec<LoadProblem> = ids
            .iter()
            .filter_map(|id| self.load_failures.get(id))
            .flatten()
            .cloned()
            .collect();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(LoadError {
                root: self.root().to_owned(),
                problems,
            })
        }
    }

    /// Refuses a transaction touching a document not read yet.
    pub(super) fn refuse_stubs(&self, tx: &Transaction) -> Result<(), EditError> {
        match tx
            .documents()
            .into_iter()
            .find(|id| !self.dir.is_loaded(id))
        {
            Some(id) => Err(EditError::Invalid(match self.load_failures.get(&id) {
                Some(p) => format!(
                    "document {id:?} did not load ({}); fix its file first",
                    p.first().map(|p| p.to_string()).unwrap_or_default()
                ),
                None => format!("document {id:?} has not been read yet; open it first"),
            })),
            None => Ok(()),
        }
    }

    /// The project on disk as far as a reload needs it: loaded whole for a
    /// workspace loaded whole; otherwise its index, with the changed
    /// document files `changed` read (every other document a stub).
    pub(super) fn load_theirs(
        &self,
        changed: &[PathBuf],
    ) -> Result<(Project, ProjectDir), LoadError> {
        let root = self.root().to_owned();
        if !self.lazy {
            return ProjectDir::load_as(&root, self.dir.annotator());
        }
        let (project, mut dir, _) = ProjectDir::load_index_as(&root, self.dir.annotator())?;
        let mut project = project;
        let wanted: Vec<String> = changed
            .iter()
            .filter(|rel| rel.as_path() != Path::new(PROJECT_FILE))
            .filter_map(|rel| rel.file_stem()?.to_str().map(str::to_owned))
            .filter(|id| project.document(id).is_some())
            .collect();
        let mut problems = Vec::new();
        for (id, body) in dir.read_bodies(&project, &wanted) {
            match body {
                Ok(body) => {
                    let doc = dir.accept_body(body);
                    if let Some(d) = project.document_mut(&id) {
                        *d = doc;
                    }
                }
                Err(p) => problems.extend(p),
            }
        }
        if problems.is_empty() {
            Ok((project, dir))
        } else {
            Err(LoadError { root, problems })
        }
    }
}

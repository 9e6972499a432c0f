//! An open project: its data, its folder, its undo history and its lock
//! together, so the GUI and tests drive one object that applies edits, saves
//! and notices what others changed on disk.
//!
//! Invariants: `is_dirty()` is true exactly when some applied, undone or
//! redone transaction (edits, added documents, imports) or a file kept in
//! memory after it vanished from disk has not been saved yet. Only the holder
//! of the project's lock writes; a workspace opened while another Gloss
//! holds it is read-only and refuses edits and saves. A file that changed on
//! disk since it was read is reloaded when it has no unsaved changes here;
//! otherwise nothing is saved until [`Workspace::resolve`] is told keep mine,
//! take theirs or save mine as a copy. Replacing documents from disk clears
//! the undo history (its edits were made against the old text).

use super::lock::{self, Acquired};
use super::paths::{self, Fingerprint};
use super::{format, LoadError, ProjectDir, SaveReport, StoreError, PROJECT_FILE};
use crate::edit::{EditError, History, Restored, Transaction};
use crate::model::{Document, Project, Selection};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

mod disk;
mod lazy_open;
mod streamed;

/// A loaded project being edited.
#[derive(Debug)]
pub struct Workspace {
    /// The data.
    pub project: Project,
    dir: ProjectDir,
    history: History,
    saved_revision: u64,
    structure_changed: bool,
    generation: u64,
    access: Access,
    notice: Option<String>,
    conflict: Option<Conflict>,
    /// Changed files that did not load, as they were then: not reported again
    /// until they change.
    known_bad: BTreeMap<PathBuf, Option<Fingerprint>>,
    /// Documents changed by transactions since the last save (`None`: not
    /// known, so the next save compares every file).
    touched: Option<BTreeSet<String>>,
    /// Whether a transaction since the last save changed what `project.ron`
    /// holds (statuses, documents, labels).
    index_touched: bool,
    /// Whether a [`SaveJob`] is out being written.
    saving: bool,
    /// Whether part of a change applied a chunk at a time (see
    /// [`streamed`]) is not saved yet: it is in no history step yet.
    parts_unsaved: bool,
    /// Documents per chunk of a change applied a chunk at a time.
    chunk: usize,
    /// Opened index first: documents are read when needed.
    lazy: bool,
    /// Documents whose file did not load, with its problems.
    load_failures: BTreeMap<String, Vec<super::LoadProblem>>,
    /// What the document list shows of documents not read (see
    /// [`super::cache`]).
    cache: super::cache::DocCache,
    /// What the list shows of an annotator's layers read and then unloaded
    /// (a layer never read is blank).
    layer_facts: std::collections::HashMap<String, super::cache::DocFacts>,
}

/// A save serialized and checked by [`Workspace::begin_save`], to be
/// written by [`SaveJob::run`] on any thread.
#[derive(Debug)]
pub struct SaveJob {
    write: super::WriteJob,
    meta: SaveMeta,
}

/// A written [`SaveJob`], for [`Workspace::finish_save`].
#[derive(Debug)]
pub struct SaveDone {
    outcome: super::WriteOutcome,
    meta: SaveMeta,
}

/// What a save took from the workspace, given back if it fails.
#[derive(Debug)]
struct SaveMeta {
    revision: u64,
    touched: Option<BTreeSet<String>>,
    index_touched: bool,
    structure_changed: bool,
    parts_unsaved: bool,
    notes: Vec<String>,
}

impl SaveJob {
    /// Writes the files (temp file, fsync, rename).
    pub fn run(self) -> SaveDone {
        SaveDone {
            outcome: self.write.run(),
            meta: self.meta,
        }
    }

    /// The files it writes, relative to the project folder.
    pub fn files(&self) -> Vec<PathBuf> {
        self.write.files().map(Path::to_owned).collect()
    }
}

/// Why a workspace opened for reading only is read-only: it never takes
/// the lock later (it kept no copy of the files to compare before writing).
const READING_ONLY: &str = "it was opened for reading only";

#[derive(Debug)]
enum Access {
    Writer(lock::ProjectLock),
    ReadOnly(String),
}

/// Files changed on disk that also have unsaved changes here.
#[derive(Debug, Clone)]
pub struct Conflict {
    /// The files (relative to the project folder), sorted.
    pub files: Vec<PathBuf>,
    /// Why "take theirs" is impossible: the folder on disk does not load.
    pub theirs_invalid: Option<String>,
    theirs: Option<Box<(Project, ProjectDir)>>,
}

/// The user's choice for a [`Conflict`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// Write this version over the files on disk.
    KeepMine,
    /// Reload the files from disk, dropping the unsaved changes to them.
    TakeTheirs,
    /// Write this version next to them (`docs/<id>.mine-<time>.ron`), then
    /// take theirs.
    SaveMineAsCopy,
}

/// What [`Workspace::check_disk`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiskReport {
    /// Files reloaded from disk (no unsaved changes here).
    pub reloaded: Vec<PathBuf>,
    /// Files that need a choice (see [`Workspace::conflict`]).
    pub conflicts: Vec<PathBuf>,
    /// What to tell the user, one sentence each.
    pub messages: Vec<String>,
}

impl DiskReport {
    /// Whether anything changed on disk.
    pub fn is_empty(&self) -> bool {
        self.reloaded.is_empty() && self.conflicts.is_empty() && self.messages.is_empty()
    }
}

fn list(files: &[PathBuf]) -> String {
    files
        .iter()
        .map(|f| f.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

impl Workspace {
    /// Takes the project's lock (read-only when another Gloss holds it),
    /// then loads the project in `root`.
    pub fn open(root: &Path) -> Result<Self, LoadError> {
        Self::open_as(root, None)
    }

    /// Like [`Workspace::open`], as annotator `annotator` when given: the
    /// documents carry that annotator's layer, the lock is the layer's
    /// (`annotations/<annotator>/.gloss.lock`, so annotators work side by
    /// side), saving writes only the layer, and structural edits are refused.
    pub fn open_as(root: &Path, annotator: Option<&str>) -> Result<Self, LoadError> {
        // Lock first, so nobody writes between the load and the lock.
        let (access, notice) = Self::acquire(root, annotator);
        let (project, dir) = ProjectDir::load_as(root, annotator)?;
        let mut ws = Self::with_access(project, dir, access, notice);
        // Just loaded: every file is as on disk.
        ws.touched = Some(BTreeSet::new());
        Ok(ws)
    }

    /// Loads the project in `root` for reading only: no lock is taken (so it
    /// never stands in the way of a Gloss that edits the project), and edits
    /// and saves are refused.
    pub fn open_read_only(root: &Path) -> Result<Self, LoadError> {
        Self::open_read_only_as(root, None)
    }

    /// [`Workspace::open_read_only`] as annotator `annotator` when given.
    pub fn open_read_only_as(root: &Path, annotator: Option<&str>) -> Result<Self, LoadError> {
        let (project, dir) = ProjectDir::load_read_only_as(root, annotator)?;
        let access = Access::ReadOnly(READING_ONLY.into());
        Ok(Self::with_access(project, dir, access, None))
    }

    /// Wraps a project and its folder (e.g. just created), taking the lock.
    pub fn from_parts(project: Project, dir: ProjectDir) -> Self {
        let (access, notice) = Self::acquire(dir.root(), dir.annotator());
        Self::with_access(project, dir, access, notice)
    }

    fn acquire(root: &Path, annotator: Option<&str>) -> (Access, Option<String>) {
        let place = match annotator {
            Some(a) => {
                let place = super::layers::layer_dir(root, a);
                if crate::model::id::check_annotator_name(a).is_ok() {
                    let _ = std::fs::create_dir_all(&place);
                }
                place
            }
            None => root.to_owned(),
        };
        let root = place.as_path();
        match lock::acquire(root, annotator) {
            Ok(Acquired::Writer { lock, took_over }) => (Access::Writer(lock), took_over),
            Ok(Acquired::Held(holder)) => (
                Access::ReadOnly(format!("it is open in another Gloss ({holder})")),
                None,
            ),
            Err(e) => (
                Access::ReadOnly(format!(
                    "its lock file could not be created in {} ({e})",
                    root.display()
                )),
                None,
            ),
        }
    }

    fn with_access(
        project: Project,
        dir: ProjectDir,
        access: Access,
        notice: Option<String>,
    ) -> Self {
        let cache = super::cache::DocCache::empty(dir.root());
        Self {
            project,
            dir,
            history: History::default(),
            saved_revision: 0,
            structure_changed: false,
            generation: 0,
            access,
            notice,
            conflict: None,
            known_bad: BTreeMap::new(),
            touched: None,
            index_touched: false,
            saving: false,
            parts_unsaved: false,
            chunk: streamed::CHUNK,
            lazy: false,
            load_failures: BTreeMap::new(),
            cache,
            layer_facts: Default::default(),
        }
    }

    /// The project folder.
    pub fn root(&self) -> &Path {
        self.dir.root()
    }

    /// The annotator whose layer is open, if any (`None`: the gold layer).
    pub fn annotator(&self) -> Option<&str> {
        self.dir.annotator()
    }

    /// Why the project is read-only (another Gloss holds its lock), if it is.
    pub fn read_only(&self) -> Option<&str> {
        match &self.access {
            Access::ReadOnly(why) => Some(why),
            Access::Writer(_) => None,
        }
    }

    /// What opening said besides the load: a stale lock taken over.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// The files changed on disk that wait for a [`Resolution`].
    pub fn conflict(&self) -> Option<&Conflict> {
        self.conflict.as_ref()
    }

    /// The undo history.
    pub fn history(&self) -> &History {
        &self.history
    }

    fn refuse_read_only(&self) -> Result<(), EditError> {
        match self.read_only() {
            Some(why) => Err(EditError::Invalid(format!(
                "the project is open read-only: {why}"
            ))),
            None => Ok(()),
        }
    }

    /// Applies a transaction and records it for undo (with no selection).
    pub fn apply(&mut self, tx: Transaction) -> Result<(), EditError> {
        self.refuse_read_only()?;
        super::layers::refuse_structural(self.annotator(), &tx)?;
        self.refuse_stubs(&tx)?;
        self.record(&tx);
        self.history.apply(&mut self.project, tx)
    }

    /// Remembers which files a transaction touches, so a save writes only
    /// those (recorded before applying: a refused transaction only makes the
    /// next save look at a few more files).
    fn record(&mut self, tx: &Transaction) {
        use crate::edit::Edit;
        if let Some(set) = self.touched.as_mut() {
            set.extend(tx.documents());
        }
        self.index_touched |= tx.edits.iter().any(|e| {
            matches!(
                e,
                Edit::SetStatus { .. }
                    | Edit::AddDocument { .. }
                    | Edit::RemoveDocument { .. }
                    | Edit::AddLabel { .. }
                    | Edit::RemoveLabel { .. }
                    | Edit::SetSchema { .. }
                    | Edit::SetTeam { .. }
            )
        });
    }

    /// Applies a transaction and records it with the editor's selection
    /// before and after it, which undo and redo give back.
    pub fn apply_at(
        &mut self,
        tx: Transaction,
        before: Selection,
        after: Selection,
    ) -> Result<(), EditError> {
        self.refuse_read_only()?;
        super::layers::refuse_structural(self.annotator(), &tx)?;
        self.refuse_stubs(&tx)?;
        self.record(&tx);
        self.history.apply_at(&mut self.project, tx, before, after)
    }

    /// Undoes the last transaction (one touching documents not read is
    /// applied a chunk at a time: see [`Self::undo_reporting`]).
    pub fn undo(&mut self) -> Result<Option<Restored>, EditError> {
        self.undo_reporting(&mut |_, _| {})
    }

    /// Redoes the last undone transaction (see [`Self::redo_reporting`]).
    pub fn redo(&mut self) -> Result<Option<Restored>, EditError> {
        self.redo_reporting(&mut |_, _| {})
    }

    /// Changes with every edit, undo, redo (added documents and imports are
    /// transactions too) and every reload from disk: a cheap key for data
    /// derived from the project.
    pub fn revision(&self) -> u64 {
        self.history.revision() + self.generation
    }

    /// Whether there is anything not yet saved.
    pub fn is_dirty(&self) -> bool {
        self.structure_changed
            || self.parts_unsaved
            || self.history.revision() != self.saved_revision
    }

    /// Checks the files it will write, then writes what changed
    /// (atomically, file by file). Refused while read-only, when the lock
    /// was taken over, and while a file to be written changed on disk (see
    /// [`Self::conflict`]). [`Self::begin_save`] and [`Self::finish_save`]
    /// split it so the writing runs on another thread.
    pub fn save(&mut self) -> Result<SaveReport, StoreError> {
        let job = self.begin_save()?;
        let done = job.run();
        self.finish_save(done)
    }

    /// Adds document files that are on disk but not in the index (found by
    /// [`super::orphans::find`]) to the end of the document list, and saves
    /// the index that names them (not an undoable edit: the files were
    /// there already). Refused for an id the project already has.
    pub fn adopt_unlisted(&mut self, docs: Vec<Document>) -> Result<SaveReport, StoreError> {
        if let Some(why) = self.read_only() {
            return Err(StoreError::ReadOnly(why.to_owned()));
        }
        if self.annotator().is_some() {
            return Err(StoreError::ReadOnly(
                "documents are taken into the index by the curator: run `gloss check --fix` without --annotator".to_owned(),
            ));
        }
        for doc in &docs {
            if self.project.document(&doc.id).is_some() {
                return Err(StoreError::Exists(
                    self.root().join(format::doc_path(&doc.id)),
                ));
            }
        }
        for doc in docs {
            let rel = format::doc_path(&doc.id);
            // Their file as it is now is the base; rewritten in this
            // build's format by the save below.
            self.dir.accept_disk(&rel, None);
            if let Some(set) = self.touched.as_mut() {
                set.insert(doc.id.clone());
            }
            self.project.documents.push(doc);
        }
        self.index_touched = true;
        self.generation += 1;
        self.save()
    }

    /// Whether a save begun with [`Self::begin_save`] has not finished.
    pub fn is_saving(&self) -> bool {
        self.saving
    }

    /// The files a save will write when only those transactions touched
    /// changed, plus the index; `None` when that is not known.
    fn save_scope(&self) -> Option<BTreeSet<PathBuf>> {
        let docs = self.touched.as_ref().filter(|_| !self.structure_changed)?;
        let mut files: BTreeSet<PathBuf> = docs.iter().map(|id| self.dir.doc_rel(id)).collect();
        files.insert(PathBuf::from(PROJECT_FILE));
        Some(files)
    }

    /// The first half of a save, on the caller's thread: confirms the lock,
    /// looks at the files it will write (and `project.ron`: changed ones are
    /// reloaded or put to the user, the rest of the folder is left to
    /// [`Self::check_disk`]), serializes what changed. The [`SaveJob`] then
    /// writes on any thread; [`Self::finish_save`] records it. One save at a
    /// time: refused while another is being written.
    pub fn begin_save(&mut self) -> Result<SaveJob, StoreError> {
        if self.saving {
            return Err(StoreError::SaveInProgress);
        }
        if let Some(why) = self.read_only() {
            return Err(StoreError::ReadOnly(why.to_owned()));
        }
        let scope = self.save_scope();
        let mut notes = self
            .check_disk_in(scope.as_ref(), &BTreeSet::new())
            .messages;
        let mut changed = Vec::new();
        // A second round only when a file changed without its size or time
        // changing: the plan compares bytes, the check then reloads it or
        // records the conflict.
        for _ in 0..2 {
            if let Some(why) = self.read_only() {
                return Err(StoreError::ReadOnly(why.to_owned()));
            }
            if let Some(c) = &self.conflict {
                return Err(StoreError::ChangedOnDisk(c.files.clone()));
            }
            let result = match (&self.touched, self.structure_changed) {
                (Some(docs), false) => {
                    self.dir
                        .prepare_only(&self.project, docs, self.index_touched)
                }
                _ => self.dir.prepare(&self.project),
            };
            match result {
                Ok(write) => {
                    self.saving = true;
                    let meta = SaveMeta {
                        revision: self.history.revision(),
                        touched: self.touched.replace(BTreeSet::new()),
                        index_touched: std::mem::take(&mut self.index_touched),
                        structure_changed: std::mem::take(&mut self.structure_changed),
                        parts_unsaved: std::mem::take(&mut self.parts_unsaved),
                        notes,
                    };
                    return Ok(SaveJob { write, meta });
                }
                Err(StoreError::ChangedOnDisk(files)) => {
                    let files_set: BTreeSet<PathBuf> = files.iter().cloned().collect();
                    let again = self.check_disk_in(Some(&files_set), &files_set);
                    notes.extend(again.messages);
                    changed = files;
                }
                Err(e) => return Err(e),
            }
        }
        let files = self.conflict.as_ref().map_or(changed, |c| c.files.clone());
        Err(StoreError::ChangedOnDisk(files))
    }

    /// The second half of a save: records what the job wrote. On failure
    /// the changes it was to write stay unsaved (the next save writes them).
    pub fn finish_save(&mut self, done: SaveDone) -> Result<SaveReport, StoreError> {
        self.saving = false;
        let meta = done.meta;
        match self.dir.record(done.outcome) {
            Ok(mut report) => {
                self.saved_revision = meta.revision;
                report.notes = meta.notes;
                Ok(report)
            }
            Err(e) => {
                self.touched = match (self.touched.take(), meta.touched) {
                    (Some(mut now), Some(then)) => {
                        now.extend(then);
                        Some(now)
                    }
                    _ => None,
                };
                self.index_touched |= meta.index_touched;
                // Not written: the next save compares every file.
                self.structure_changed |= meta.structure_changed;
                self.parts_unsaved |= meta.parts_unsaved;
                Err(e)
            }
        }
    }
}

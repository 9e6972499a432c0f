//! The project folder on disk: `project.ron` (format version, name, labels,
//! document index) and `docs/<id>.ron` (one document each), RON pretty-printed.
//!
//! Invariants: a save writes a file only when its content changed since load
//! or the last save, and always atomically (temp file, fsync, rename); a
//! project whose load failed yields no [`ProjectDir`], so nothing can be
//! written over a file that could not be read; a file is never overwritten
//! when it changed on disk since it was read or written (its fingerprint
//! differs), and every path is built from validated ids and checked to stay
//! inside the folder ([`paths`]).

mod atomic;
pub mod cache;
pub mod clock;
mod error;
mod format;
pub mod layers;
mod lazy;
pub mod lock;
pub mod orphans;
pub mod paths;
mod saved;
mod workspace;
mod write_job;

pub use atomic::{permissions_for, write_atomic};
pub use error::{LoadError, LoadProblem, StoreError};
pub use format::{DocEntry, DocumentFile, ProjectFile, CURRENT_VERSION};
pub use lazy::{BodyReader, LoadedBody};
pub use workspace::{Conflict, DiskReport, Resolution, SaveDone, SaveJob, Workspace};
pub use write_job::{WriteJob, WriteOutcome};

use crate::model::{Label, Project};
use paths::Fingerprint;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A look at every file of a project (size, time, inode; contents when
/// those differ), made on any thread so that the UI thread only deals with
/// the files that changed. See [`Workspace::disk_probe`].
#[derive(Debug, Clone)]
pub struct DiskProbe {
    root: PathBuf,
    files: Vec<(PathBuf, Option<Fingerprint>)>,
}

impl DiskProbe {
    /// The files that differ on disk from what Gloss knew when the probe
    /// was made, sorted.
    pub fn run(&self) -> Vec<PathBuf> {
        self.files
            .iter()
            .filter(|(rel, fp)| !paths::disk_matches(&self.root, rel, fp.as_ref(), false))
            .map(|(rel, _)| rel.clone())
            .collect()
    }
}

/// Folder of derived data (rebuilt when missing or stale; never the only
/// copy of anything), relative to the project folder.
pub const CACHE_DIR: &str = ".gloss/cache";

/// The `.gitignore` of a new project: what is per machine (the lock file)
/// or derived (the cache folder) stays out of git.
pub fn gitignore_text() -> String {
    format!(
        "# Gloss: per machine or derived, not part of the project\n{lock}\n{ann}/*/{lock}\n*.tmp\n/{CACHE_DIR}/\n",
        lock = lock::LOCK_FILE,
        ann = layers::ANNOTATIONS_DIR
    )
}

/// Name of the project index file.
pub const PROJECT_FILE: &str = "project.ron";

/// An opened project folder and what was last written to (or read from) it.
#[derive(Debug, Clone)]
pub struct ProjectDir {
    root: PathBuf,
    /// What each file (relative path) held as last loaded or saved.
    saved: saved::Saved,
    /// Each file as last read or written; a file not listed was absent.
    disk: BTreeMap<PathBuf, Fingerprint>,
    /// The annotator whose layer is read and written instead of `docs/`
    /// and `project.ron` ([`layers`]); `None`: the gold layer.
    layer: Option<String>,
    /// Documents whose file has not been read (opened index first, see
    /// [`lazy`]): never written, never compared with the disk.
    stubs: std::collections::HashSet<String>,
    /// Opened for reading only: no serialization kept of what is read.
    reading_only: bool,
}

/// What a save wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaveReport {
    /// Files written, relative to the project folder, sorted.
    pub written: Vec<PathBuf>,
    /// Document files removed because the project no longer names them.
    pub removed: Vec<PathBuf>,
    /// What the check of the disk before saving did (files reloaded), for
    /// the user.
    pub notes: Vec<String>,
}

impl ProjectDir {
    /// The project folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Creates a new project folder with `project.ron` and an empty `docs/`.
    /// Refuses a folder that already holds a project.
    pub fn create(
        root: &Path,
        name: &str,
        labels: Vec<Label>,
    ) -> Result<(Project, ProjectDir), StoreError> {
        let index = root.join(PROJECT_FILE);
        if index.exists() {
            return Err(StoreError::Exists(index));
        }
        let io = |e| StoreError::Io(root.to_owned(), e);
        std::fs::create_dir_all(root.join("docs")).map_err(io)?;
        let project = Project::new(name, labels);
        let mut dir = ProjectDir {
            root: root.to_owned(),
            saved: Default::default(),
            disk: BTreeMap::new(),
            layer: None,
            stubs: Default::default(),
            reading_only: false,
        };
        dir.save(&project)?;
        // Lock files are per machine: keep them out of git.
        if !root.join(".gitignore").exists() {
            paths::write_inside(root, Path::new(".gitignore"), gitignore_text().as_bytes())?;
        }
        Ok((project, dir))
    }

    /// Loads and validates a whole project; every problem found is reported.
    pub fn load(root: &Path) -> Result<(Project, ProjectDir), LoadError> {
        format::load(root)
    }

    /// Writes every file whose content changed; atomically, one file at a
    /// time. Refuses (writing nothing) an id that cannot be a file name and
    /// any file that changed on disk since it was read or written. Serializes
    /// every document: see [`ProjectDir::save_only`] for the usual case.
    pub fn save(&mut self, project: &Project) -> Result<SaveReport, StoreError> {
        let job = self.prepare(project)?;
        self.record(job.run())
    }

    /// What [`ProjectDir::save`] would write, serialized and checked against
    /// the disk, for [`WriteJob::run`] on any thread.
    pub fn prepare(&self, project: &Project) -> Result<WriteJob, StoreError> {
        check_ids(project)?;
        let mut files: BTreeMap<PathBuf, String> = BTreeMap::new();
        for doc in self.loaded(project) {
            files.insert(self.doc_rel(&doc.id), self.doc_content(doc)?);
        }
        if self.layer.is_none() {
            files.insert(PathBuf::from(PROJECT_FILE), format::write_project(project)?);
        } else if let Some(index) = self.saved.index() {
            // An annotator never writes the index; it is not "gone" either.
            files.insert(PathBuf::from(PROJECT_FILE), index.clone());
        }
        // Document files this project wrote or read and no longer names (an
        // undone import or addition) go, after the index that dropped them.
        let gone: Vec<PathBuf> = self
            .saved
            .keys()
            .filter(|rel| !files.contains_key(*rel))
            .cloned()
            .collect();
        self.plan(files, gone)
    }

    /// Like [`ProjectDir::save`], but only for the documents `docs` (ids; a
    /// document no longer in the project has its file removed) and, when
    /// `index`, `project.ron`: the cost of a save does not grow with the
    /// project. The caller vouches that nothing else changed.
    pub fn save_only(
        &mut self,
        project: &Project,
        docs: &std::collections::BTreeSet<String>,
        index: bool,
    ) -> Result<SaveReport, StoreError> {
        let job = self.prepare_only(project, docs, index)?;
        self.record(job.run())
    }

    /// What [`ProjectDir::save_only`] would write, for [`WriteJob::run`].
    pub fn prepare_only(
        &self,
        project: &Project,
        docs: &std::collections::BTreeSet<String>,
        index: bool,
    ) -> Result<WriteJob, StoreError> {
        let mut files: BTreeMap<PathBuf, String> = BTreeMap::new();
        let mut gone = Vec::new();
        for id in docs {
            let rel = self.doc_rel(id);
            match project.document(id) {
                Some(doc) if self.stubs.contains(id) => {
                    return Err(StoreError::NotLoaded(doc.id.clone()));
                }
                Some(doc) => {
                    crate::model::id::check_document_id(&doc.id).map_err(StoreError::BadName)?;
                    files.insert(rel, self.doc_content(doc)?);
                }
                None if self.saved.contains_key(&rel) => gone.push(rel),
                None => {}
            }
        }
        if index && self.layer.is_none() {
            check_ids(project)?;
            files.insert(PathBuf::from(PROJECT_FILE), format::write_project(project)?);
        }
        self.plan(files, gone)
    }

    /// The [`WriteJob`] for `files` (relative path, content) and `gone`:
    /// only the files whose content changed; refused (`ChangedOnDisk`) when
    /// one of them was changed on disk by someone else.
    fn plan(
        &self,
        mut files: BTreeMap<PathBuf, String>,
        gone: Vec<PathBuf>,
    ) -> Result<WriteJob, StoreError> {
        files.retain(|rel, content| !self.saved.matches(rel, content));
        // Nothing is overwritten that someone else changed: compare every
        // file about to be written with what was read (bytes, not just times).
        let changed: Vec<PathBuf> = files
            .keys()
            .filter(|rel| !paths::disk_matches(&self.root, rel, self.disk.get(*rel), true))
            .cloned()
            .collect();
        if !changed.is_empty() {
            return Err(StoreError::ChangedOnDisk(changed));
        }
        let index = files.remove(Path::new(PROJECT_FILE));
        let gone = gone
            .into_iter()
            .map(|rel| {
                let known = self.disk.get(&rel).copied();
                (rel, known)
            })
            .collect();
        Ok(WriteJob {
            root: self.root.clone(),
            docs: files.into_iter().collect(),
            index,
            gone,
        })
    }

    /// Records what a [`WriteJob`] wrote and removed (also when it stopped
    /// early: those files are Gloss's own now), then returns its error or
    /// what it did.
    pub fn record(&mut self, outcome: WriteOutcome) -> Result<SaveReport, StoreError> {
        let mut report = SaveReport::default();
        for (rel, content, fingerprint) in outcome.written {
            self.disk.insert(rel.clone(), fingerprint);
            self.saved.insert(rel.clone(), content);
            report.written.push(rel);
        }
        for rel in outcome.dropped {
            self.saved.remove(&rel);
            self.disk.remove(&rel);
        }
        report.removed = outcome.removed;
        match outcome.error {
            Some(e) => Err(e),
            None => Ok(report),
        }
    }

    /// The files that differ on disk from what was last read or written:
    /// the index, every document of `project` and every file read before.
    /// `always_hash` files are compared by content even when size and time
    /// are unchanged.
    /// Only the files in `scope` when given (the cost of the look then does
    /// not grow with the project).
    fn changed_on_disk(
        &self,
        project: &Project,
        scope: Option<&std::collections::BTreeSet<PathBuf>>,
        always_hash: &std::collections::BTreeSet<PathBuf>,
    ) -> Vec<PathBuf> {
        let tracked: std::collections::BTreeSet<PathBuf> = match scope {
            Some(files) => files.clone(),
            None => {
                let mut all: std::collections::BTreeSet<PathBuf> =
                    self.disk.keys().cloned().collect();
                all.insert(PathBuf::from(PROJECT_FILE));
                all.extend(self.loaded(project).map(|d| self.doc_rel(&d.id)));
                all
            }
        };
        tracked
            .into_iter()
            .filter(|rel| {
                !paths::disk_matches(
                    &self.root,
                    rel,
                    self.disk.get(rel),
                    always_hash.contains(rel),
                )
            })
            .collect()
    }

    /// Every file a full disk check looks at, with what Gloss knows of it,
    /// for a [`DiskProbe`] on another thread.
    fn probe(&self, project: &Project) -> DiskProbe {
        let mut files: BTreeMap<PathBuf, Option<Fingerprint>> = self
            .disk
            .iter()
            .map(|(rel, fp)| (rel.clone(), Some(*fp)))
            .collect();
        files.entry(PathBuf::from(PROJECT_FILE)).or_insert(None);
        for d in self.loaded(project) {
            files.entry(self.doc_rel(&d.id)).or_insert(None);
        }
        DiskProbe {
            root: self.root.clone(),
            files: files.into_iter().collect(),
        }
    }

    /// Whether the in-memory version of one file differs from what was last
    /// read or written. For `project.ron` only what it alone holds counts
    /// (name, labels, document list): titles and statuses follow documents.
    fn file_is_dirty(&self, project: &Project, rel: &Path) -> bool {
        if rel == Path::new(PROJECT_FILE) {
            let Some(saved) = self.saved.index() else {
                return true;
            };
            let Ok(before) = ron::from_str::<ProjectFile>(saved) else {
                return true;
            };
            let ids = |ids: &mut dyn Iterator<Item = &String>| ids.cloned().collect::<Vec<_>>();
            return before.name != project.name
                || before.labels != project.labels
                || ids(&mut before.documents.iter().map(|d| &d.id))
                    != ids(&mut project.documents.iter().map(|d| &d.id));
        }
        let Some(doc) = project
            .documents
            .iter()
            .find(|d| self.doc_rel(&d.id) == rel)
        else {
            return self.saved.contains_key(rel);
        };
        if self.stubs.contains(&doc.id) {
            // Never read here, so never changed here.
            return false;
        }
        !self
            .doc_content(doc)
            .is_ok_and(|c| self.saved.matches(rel, &c))
    }

    /// Takes over what `theirs` (a fresh load) knows about one file.
    fn adopt(&mut self, rel: &Path, theirs: &ProjectDir) {
        self.saved.adopt(rel, &theirs.saved);
        match theirs.disk.get(rel) {
            Some(f) => self.disk.insert(rel.to_owned(), *f),
            None => self.disk.remove(rel),
        };
    }

    /// Accepts the file as it is on disk now as the base to overwrite, with
    /// content `saved` (`None`: unknown, so the next save writes it).
    fn accept_disk(&mut self, rel: &Path, saved: Option<String>) {
        match saved {
            Some(s) => self.saved.insert(rel.to_owned(), s),
            None => self.saved.remove(rel),
        }
        match paths::current_fingerprint(&self.root, rel) {
            Ok(Some(f)) => self.disk.insert(rel.to_owned(), f),
            _ => self.disk.remove(rel),
        };
    }

    /// The documents of `project` whose file has been read (all but stubs).
    fn loaded<'a>(
        &'a self,
        project: &'a Project,
    ) -> impl Iterator<Item = &'a crate::model::Document> + 'a {
        project
            .documents
            .iter()
            .filter(|d| !self.stubs.contains(&d.id))
    }

    /// Whether the document `id` has been read (is not a stub).
    pub fn is_loaded(&self, id: &str) -> bool {
        !self.stubs.contains(id)
    }

    /// How many documents have not been read.
    pub fn stub_count(&self) -> usize {
        self.stubs.len()
    }

    /// Whether saving now would write anything.
    pub fn is_dirty(&self, project: &Project) -> bool {
        let doc_changed = self.loaded(project).any(|d| {
            self.doc_content(d)
                .map(|c| !self.saved.matches(&self.doc_rel(&d.id), &c))
                .unwrap_or(true)
        });
        doc_changed
            || self.layer.is_none()
                && format::write_project(project)
                    .map(|c| !self.saved.matches(Path::new(PROJECT_FILE), &c))
                    .unwrap_or(true)
    }
}

/// Refuses ids that cannot be file names, and ids one file apart on
/// case-insensitive file systems, before anything is written.
fn check_ids(project: &Project) -> Result<(), StoreError> {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for doc in &project.documents {
        crate::model::id::check_document_id(&doc.id).map_err(StoreError::BadName)?;
        if let Some(other) = seen.insert(doc.id.to_ascii_lowercase(), &doc.id) {
            if other != doc.id {
                return Err(StoreError::CaseClash(other.to_owned(), doc.id.clone()));
            }
        }
    }
    Ok(())
}

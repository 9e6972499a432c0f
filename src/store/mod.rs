//! The project folder on disk: `project.ron` (format version, name, labels,
//! document index) and `docs/<id>.ron` (one document each), RON pretty-printed.
//!
//! Invariants: a save writes a file only when its content changed since load
//! or the last save, and always atomically (temp file, fsync, rename); a
//! project whose load failed yields no [`ProjectDir`], so nothing can be
//! written over a file that could not be read.

mod atomic;
mod error;
mod format;
mod workspace;

pub use atomic::write_atomic;
pub use error::{LoadError, LoadProblem, StoreError};
pub use format::{DocEntry, DocumentFile, ProjectFile, CURRENT_VERSION};
pub use workspace::Workspace;

use crate::model::{Label, Project};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Name of the project index file.
pub const PROJECT_FILE: &str = "project.ron";

/// An opened project folder and what was last written to (or read from) it.
#[derive(Debug, Clone)]
pub struct ProjectDir {
    root: PathBuf,
    /// Serialized content of each file (relative path) as last loaded or saved.
    saved: BTreeMap<PathBuf, String>,
}

/// What a save wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaveReport {
    /// Files written, relative to the project folder, sorted.
    pub written: Vec<PathBuf>,
    /// Document files removed because the project no longer names them.
    pub removed: Vec<PathBuf>,
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
            saved: BTreeMap::new(),
        };
        dir.save(&project)?;
        Ok((project, dir))
    }

    /// Loads and validates a whole project; every problem found is reported.
    pub fn load(root: &Path) -> Result<(Project, ProjectDir), LoadError> {
        format::load(root)
    }

    /// Writes every file whose content changed; atomically, one file at a time.
    pub fn save(&mut self, project: &Project) -> Result<SaveReport, StoreError> {
        let mut files: BTreeMap<PathBuf, String> = BTreeMap::new();
        for doc in &project.documents {
            files.insert(format::doc_path(&doc.id), format::write_document(doc)?);
        }
        files.insert(PathBuf::from(PROJECT_FILE), format::write_project(project)?);
        let named: std::collections::BTreeSet<PathBuf> = files.keys().cloned().collect();
        let mut report = SaveReport::default();
        // Documents first, then the index that names them.
        let (index, docs): (Vec<_>, Vec<_>) = files
            .into_iter()
            .partition(|(p, _)| p == Path::new(PROJECT_FILE));
        for (rel, content) in docs.into_iter().chain(index) {
            if self.saved.get(&rel) == Some(&content) {
                continue;
            }
            let path = self.root.join(&rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| StoreError::Io(parent.to_owned(), e))?;
            }
            write_atomic(&path, content.as_bytes()).map_err(|e| StoreError::Io(path.clone(), e))?;
            self.saved.insert(rel.clone(), content);
            report.written.push(rel);
        }
        // Document files this project wrote or read and no longer names (an
        // undone import or addition) go, after the index that dropped them.
        let gone: Vec<PathBuf> = self
            .saved
            .keys()
            .filter(|rel| !named.contains(*rel))
            .cloned()
            .collect();
        for rel in gone {
            let path = self.root.join(&rel);
            match std::fs::remove_file(&path) {
                Ok(()) => report.removed.push(rel.clone()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(StoreError::Io(path, e)),
            }
            self.saved.remove(&rel);
        }
        Ok(report)
    }

    /// Whether saving now would write anything.
    pub fn is_dirty(&self, project: &Project) -> bool {
        let doc_changed = project.documents.iter().any(|d| {
            format::write_document(d)
                .map(|c| self.saved.get(&format::doc_path(&d.id)) != Some(&c))
                .unwrap_or(true)
        });
        doc_changed
            || format::write_project(project)
                .map(|c| self.saved.get(Path::new(PROJECT_FILE)) != Some(&c))
                .unwrap_or(true)
    }
}

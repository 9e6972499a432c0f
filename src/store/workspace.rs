//! An open project: its data, its folder and its undo history together, so
//! the GUI and tests drive one object that applies edits and saves.
//!
//! Invariant: `is_dirty()` is true exactly when some applied, undone or
//! redone edit (or added document) has not been saved yet.

use super::{LoadError, ProjectDir, SaveReport, StoreError};
use crate::edit::{EditError, History, Transaction};
use crate::model::{Document, Project};
use std::path::Path;

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
}

impl Workspace {
    /// Loads the project in `root`.
    pub fn open(root: &Path) -> Result<Self, LoadError> {
        let (project, dir) = ProjectDir::load(root)?;
        Ok(Self::from_parts(project, dir))
    }

    /// Wraps a project and its folder (e.g. just created).
    pub fn from_parts(project: Project, dir: ProjectDir) -> Self {
        Self {
            project,
            dir,
            history: History::default(),
            saved_revision: 0,
            structure_changed: false,
            generation: 0,
        }
    }

    /// The project folder.
    pub fn root(&self) -> &Path {
        self.dir.root()
    }

    /// The undo history.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Applies a transaction and records it for undo.
    pub fn apply(&mut self, tx: Transaction) -> Result<(), EditError> {
        self.history.apply(&mut self.project, tx)
    }

    /// Undoes the last transaction.
    pub fn undo(&mut self) -> Result<Option<Transaction>, EditError> {
        self.history.undo(&mut self.project)
    }

    /// Redoes the last undone transaction.
    pub fn redo(&mut self) -> Result<Option<Transaction>, EditError> {
        self.history.redo(&mut self.project)
    }

    /// Appends new documents (not undoable; saved with the next save).
    pub fn add_documents(&mut self, docs: Vec<Document>) {
        self.project.documents.extend(docs);
        self.structure_changed = true;
        self.generation += 1;
    }

    /// Replaces the project with one changed outside the edit history (e.g.
    /// by an import); saved with the next save.
    pub fn replace_project(&mut self, project: Project) {
        self.project = project;
        self.structure_changed = true;
        self.generation += 1;
    }

    /// Changes with every edit, undo, redo, import or added document: a cheap
    /// key for data derived from the project.
    pub fn revision(&self) -> u64 {
        self.history.revision() + self.generation
    }

    /// Whether there is anything not yet saved.
    pub fn is_dirty(&self) -> bool {
        self.structure_changed || self.history.revision() != self.saved_revision
    }

    /// Writes what changed (atomically, file by file).
    pub fn save(&mut self) -> Result<SaveReport, StoreError> {
        let report = self.dir.save(&self.project)?;
        self.saved_revision = self.history.revision();
        self.structure_changed = false;
        Ok(report)
    }
}

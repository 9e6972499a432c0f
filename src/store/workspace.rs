//! An open project: its data, its folder and its undo history together, so
//! the GUI and tests drive one object that applies edits and saves.
//!
//! Invariant: `is_dirty()` is true exactly when some applied, undone or
//! redone transaction has not been saved yet. Everything that changes the
//! project (spans, statuses, added documents, imports) is a transaction.

use super::{LoadError, ProjectDir, SaveReport, StoreError};
use crate::edit::{EditError, History, Restored, Transaction};
use crate::model::{Project, Selection};
use std::path::Path;

/// A loaded project being edited.
#[derive(Debug)]
pub struct Workspace {
    /// The data.
    pub project: Project,
    dir: ProjectDir,
    history: History,
    saved_revision: u64,
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

    /// Applies a transaction and records it for undo (with no selection).
    pub fn apply(&mut self, tx: Transaction) -> Result<(), EditError> {
        self.history.apply(&mut self.project, tx)
    }

    /// Applies a transaction and records it with the editor's selection
    /// before and after it, which undo and redo give back.
    pub fn apply_at(
        &mut self,
        tx: Transaction,
        before: Selection,
        after: Selection,
    ) -> Result<(), EditError> {
        self.history.apply_at(&mut self.project, tx, before, after)
    }

    /// Undoes the last transaction.
    pub fn undo(&mut self) -> Result<Option<Restored>, EditError> {
        self.history.undo(&mut self.project)
    }

    /// Redoes the last undone transaction.
    pub fn redo(&mut self) -> Result<Option<Restored>, EditError> {
        self.history.redo(&mut self.project)
    }

    /// Changes with every edit, undo or redo (added documents and imports
    /// included: they are transactions too): a cheap key for data derived
    /// from the project.
    pub fn revision(&self) -> u64 {
        self.history.revision()
    }

    /// Whether there is anything not yet saved.
    pub fn is_dirty(&self) -> bool {
        self.history.revision() != self.saved_revision
    }

    /// Writes what changed (atomically, file by file).
    pub fn save(&mut self) -> Result<SaveReport, StoreError> {
        let report = self.dir.save(&self.project)?;
        self.saved_revision = self.history.revision();
        Ok(report)
    }
}

//! Unlimited undo/redo over transactions, each recorded with the editor's
//! selection before and after it (as helix does), so undo and redo put the
//! editor back where the change was made.

use super::{apply, EditError, Transaction};
use crate::model::{Project, Selection};

/// One recorded step.
#[derive(Debug, Clone)]
struct Step {
    tx: Transaction,
    before: Selection,
    after: Selection,
}

/// What undo or redo did: the transaction and the selection to restore.
#[derive(Debug, Clone, PartialEq)]
pub struct Restored {
    /// The transaction undone or redone.
    pub tx: Transaction,
    /// The selection before it (undo) or after it (redo).
    pub selection: Selection,
}

/// The transactions applied so far and those undone since.
///
/// Invariant: applying `undone` transactions in reverse order (last first)
/// after the current state reproduces the state before the undos.
#[derive(Debug, Default, Clone)]
pub struct History {
    done: Vec<Step>,
    undone: Vec<Step>,
    revision: u64,
}

impl History {
    /// Applies `tx` and records it with no selection; clears the redo list.
    pub fn apply(&mut self, project: &mut Project, tx: Transaction) -> Result<(), EditError> {
        self.apply_at(project, tx, Selection::default(), Selection::default())
    }

    /// Applies `tx` and records it with the selection before and after it.
    pub fn apply_at(
        &mut self,
        project: &mut Project,
        tx: Transaction,
        before: Selection,
        after: Selection,
    ) -> Result<(), EditError> {
        if tx.is_empty() {
            return Ok(());
        }
        apply(project, &tx)?;
        self.done.push(Step { tx, before, after });
        self.undone.clear();
        self.revision += 1;
        Ok(())
    }

    /// Undoes the last transaction; `None` when there is none.
    pub fn undo(&mut self, project: &mut Project) -> Result<Option<Restored>, EditError> {
        let Some(step) = self.done.pop() else {
            return Ok(None);
        };
        if let Err(e) = apply(project, &step.tx.inverse()) {
            self.done.push(step);
            return Err(e);
        }
        let restored = Restored {
            tx: step.tx.clone(),
            selection: step.before.clone(),
        };
        self.undone.push(step);
        self.revision += 1;
        Ok(Some(restored))
    }

    /// Redoes the last undone transaction.
    pub fn redo(&mut self, project: &mut Project) -> Result<Option<Restored>, EditError> {
        let Some(step) = self.undone.pop() else {
            return Ok(None);
        };
        if let Err(e) = apply(project, &step.tx) {
            self.undone.push(step);
            return Err(e);
        }
        let restored = Restored {
            tx: step.tx.clone(),
            selection: step.after.clone(),
        };
        self.done.push(step);
        self.revision += 1;
        Ok(Some(restored))
    }

    /// Name of what Undo would undo.
    pub fn undo_name(&self) -> Option<&str> {
        self.done.last().map(|t| t.tx.name.as_str())
    }

    /// Name of what Redo would redo.
    pub fn redo_name(&self) -> Option<&str> {
        self.undone.last().map(|t| t.tx.name.as_str())
    }

    /// Counts every apply, undo and redo: a cheap "has anything changed" key.
    pub fn revision(&self) -> u64 {
        self.revision
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Edit;
    use crate::model::{default_labels, Document, Status};

    #[test]
    fn undo_redo_many_steps() {
        let mut p = Project::new("p", default_labels());
        p.documents.push(Document::new("d", "x"));
        let mut h = History::default();
        let mut states = vec![p.clone()];
        let cycle = [Status::Todo, Status::InProgress, Status::Done];
        for i in 0..100 {
            let (from, to) = (cycle[i % 3], cycle[(i + 1) % 3]);
            h.apply(
                &mut p,
                Transaction::single(
                    "status",
                    Edit::SetStatus {
                        doc: "d".into(),
                        from,
                        to,
                    },
                ),
            )
            .unwrap();
            states.push(p.clone());
        }
        for i in (0..100).rev() {
            assert!(h.undo(&mut p).unwrap().is_some());
            assert_eq!(p, states[i]);
        }
        assert!(h.undo(&mut p).unwrap().is_none());
        for state in states.iter().skip(1) {
            h.redo(&mut p).unwrap();
            assert_eq!(&p, state);
        }
        assert_eq!(h.revision(), 300);
    }
}

//! Unlimited undo/redo over transactions.

use super::{apply, EditError, Transaction};
use crate::model::Project;

/// The transactions applied so far and those undone since.
///
/// Invariant: applying `undone` transactions in reverse order (last first)
/// after the current state reproduces the state before the undos.
#[derive(Debug, Default, Clone)]
pub struct History {
    done: Vec<Transaction>,
    undone: Vec<Transaction>,
    revision: u64,
}

impl History {
    /// Applies `tx` and records it; clears the redo list.
    pub fn apply(&mut self, project: &mut Project, tx: Transaction) -> Result<(), EditError> {
        if tx.is_empty() {
            return Ok(());
        }
        apply(project, &tx)?;
        self.done.push(tx);
        self.undone.clear();
        self.revision += 1;
        Ok(())
    }

    /// Undoes the last transaction; returns it, or `None` when there is none.
    pub fn undo(&mut self, project: &mut Project) -> Result<Option<Transaction>, EditError> {
        let Some(tx) = self.done.pop() else {
            return Ok(None);
        };
        if let Err(e) = apply(project, &tx.inverse()) {
            self.done.push(tx);
            return Err(e);
        }
        self.undone.push(tx.clone());
        self.revision += 1;
        Ok(Some(tx))
    }

    /// Redoes the last undone transaction.
    pub fn redo(&mut self, project: &mut Project) -> Result<Option<Transaction>, EditError> {
        let Some(tx) = self.undone.pop() else {
            return Ok(None);
        };
        if let Err(e) = apply(project, &tx) {
            self.undone.push(tx);
            return Err(e);
        }
        self.done.push(tx.clone());
        self.revision += 1;
        Ok(Some(tx))
    }

    /// Name of what Undo would undo.
    pub fn undo_name(&self) -> Option<&str> {
        self.done.last().map(|t| t.name.as_str())
    }

    /// Name of what Redo would redo.
    pub fn redo_name(&self) -> Option<&str> {
        self.undone.last().map(|t| t.name.as_str())
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

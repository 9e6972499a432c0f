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

impl Step {
    /// The step's edits of documents in `docs`, and the others (each `None`
    /// when it holds no edit). Only for steps whose edits all belong to a
    /// document, so the two parts apply independently.
    fn split(self, docs: &std::collections::HashSet<String>) -> (Option<Step>, Option<Step>) {
        debug_assert!(
            self.tx.edits.iter().all(|e| e.doc().is_some()),
            "only steps whose every edit belongs to a document are split"
        );
        let (inside, outside): (Vec<_>, Vec<_>) = self
            .tx
            .edits
            .into_iter()
            .partition(|e| e.doc().is_some_and(|d| docs.contains(d)));
        let part = |edits: Vec<super::Edit>| {
            (!edits.is_empty()).then(|| Step {
                tx: Transaction {
                    name: self.tx.name.clone(),
                    edits,
                },
                before: self.before.clone(),
                after: self.after.clone(),
            })
        };
        (part(inside), part(outside))
    }
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
        self.undo_with(|inverse| apply(project, inverse))
    }

    /// Redoes the last undone transaction.
    pub fn redo(&mut self, project: &mut Project) -> Result<Option<Restored>, EditError> {
        self.redo_with(|tx| apply(project, tx))
    }

    /// Undoes the last transaction with `apply` applying its inverse (all
    /// of it, or nothing on an error): for a change applied a chunk of
    /// documents at a time.
    pub fn undo_with(
        &mut self,
        apply: impl FnOnce(&Transaction) -> Result<(), EditError>,
    ) -> Result<Option<Restored>, EditError> {
        let Some(step) = self.done.pop() else {
            return Ok(None);
        };
        if let Err(e) = apply(&step.tx.inverse()) {
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

    /// Redoes the last undone transaction with `apply` applying it (all of
    /// it, or nothing on an error).
    pub fn redo_with(
        &mut self,
        apply: impl FnOnce(&Transaction) -> Result<(), EditError>,
    ) -> Result<Option<Restored>, EditError> {
        let Some(step) = self.undone.pop() else {
            return Ok(None);
        };
        if let Err(e) = apply(&step.tx) {
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

    /// What undo would undo, as it was applied.
    pub fn next_undo(&self) -> Option<&Transaction> {
        self.done.last().map(|s| &s.tx)
    }

    /// What redo would redo.
    pub fn next_redo(&self) -> Option<&Transaction> {
        self.undone.last().map(|s| &s.tx)
    }

    /// Records `tx`, already applied to the project (a chunk of documents at
    /// a time), as one step; clears the redo list.
    pub fn record_applied(&mut self, tx: Transaction, before: Selection, after: Selection) {
        if tx.is_empty() {
            return;
        }
        self.done.push(Step { tx, before, after });
        self.undone.clear();
        self.revision += 1;
    }

    /// After the inverse of the last step was applied only to the documents
    /// `undone` (an undo a chunk at a time that stopped): the step's edits of
    /// those documents become the next redo, the others stay the next undo.
    pub fn undo_partly(&mut self, undone: &std::collections::HashSet<String>) {
        if let Some(step) = self.done.pop() {
            let (gone, kept) = step.split(undone);
            self.undone.extend(gone);
            self.done.extend(kept);
            self.revision += 1;
        }
    }

    /// After the last undone step was applied again only to the documents
    /// `redone`: their edits become the next undo, the others stay the next
    /// redo.
    pub fn redo_partly(&mut self, redone: &std::collections::HashSet<String>) {
        if let Some(step) = self.undone.pop() {
            let (back, kept) = step.split(redone);
            self.done.extend(back);
            self.undone.extend(kept);
            self.revision += 1;
        }
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

    use crate::edit::by_document::tests::status;

    #[test]
    fn a_step_undone_in_part_splits_into_what_was_undone_and_the_rest() {
        let mut p = Project::new("p", default_labels());
        for id in ["a", "b", "c"] {
            p.documents.push(Document::new(id, "x"));
        }
        let start = p.clone();
        let mut h = History::default();
        let tx = Transaction {
            name: "all".into(),
            edits: ["a", "b", "c"]
                .iter()
                .map(|d| status(d, Status::Todo, Status::Done))
                .collect(),
        };
        h.apply(&mut p, tx.clone()).unwrap();
        let done = p.clone();
        // The inverse applied to "b" only, by hand (as a chunk would).
        let b_part = Transaction {
            name: "all".into(),
            edits: vec![status("b", Status::Done, Status::Todo)],
        };
        crate::edit::apply(&mut p, &b_part).unwrap();
        let undone: std::collections::HashSet<String> = ["b".to_owned()].into();
        let before = h.revision();
        h.undo_partly(&undone);
        assert!(h.revision() > before);
        // Redo gives "b" back; undo then takes back all three.
        assert_eq!(h.next_redo().unwrap().edits, vec![tx.edits[1].clone()]);
        assert_eq!(h.next_undo().unwrap().edits.len(), 2);
        h.redo(&mut p).unwrap();
        assert_eq!(p, done);
        h.undo(&mut p).unwrap();
        h.undo(&mut p).unwrap();
        assert_eq!(p, start);
        assert!(h.undo(&mut p).unwrap().is_none());
        // Redone in part: the rest stays to redo.
        crate::edit::apply(
            &mut p,
            &Transaction {
                name: "all".into(),
                edits: vec![tx.edits[0].clone()],
            },
        )
        .unwrap();
        h.redo_partly(&["a".to_owned()].into());
        assert_eq!(h.next_undo().unwrap().edits, vec![tx.edits[0].clone()]);
        h.redo(&mut p).unwrap();
        assert_eq!(p.documents[2].status, Status::Done);
    }

    #[test]
    fn a_step_recorded_as_applied_is_undone_like_any_other() {
        let mut p = Project::new("p", default_labels());
        p.documents.push(Document::new("d", "x"));
        let start = p.clone();
        let mut h = History::default();
        let tx = Transaction::single("s", status("d", Status::Todo, Status::Done));
        crate::edit::apply(&mut p, &tx).unwrap();
        h.record_applied(tx, Selection::default(), Selection::default());
        assert_eq!(h.undo_name(), Some("s"));
        h.undo(&mut p).unwrap();
        assert_eq!(p, start);
        // An empty one is no step.
        h.record_applied(
            Transaction::default(),
            Selection::default(),
            Selection::default(),
        );
        assert_eq!(h.undo_name(), None);
    }
}

//! Changes applied a chunk of documents at a time, so that a change over
//! every document of a big project opened index first (suggest in all
//! documents, and its undo and redo) holds one chunk in memory, not the
//! project.
//!
//! Invariants:
//! - A document is made a stub again ([`Workspace::unload`]) only when
//!   nothing is unsaved, so its file holds what it is. A history step may
//!   therefore touch stubs: undo and redo read them a chunk at a time,
//!   apply that chunk's edits, save, and make stubs again of the documents
//!   they read.
//! - A change that stops part way (a file that no longer loads, edits that
//!   no longer apply because the file changed on disk, a failed save, or
//!   the user stopping it) keeps the chunks done, and the history records
//!   exactly those documents' edits (`History::undo_partly`), so undo and
//!   redo stay exact. Undoing or redoing again goes on with the rest.
//! - Only changes whose edits all belong to documents are cut
//!   ([`Transaction::by_document`]); another change reads every stub it
//!   touches first.

use super::Workspace;
use crate::edit::{EditError, Restored, Transaction};
use crate::model::Selection;
use std::collections::HashSet;

/// Documents read, changed and saved together.
pub const CHUNK: usize = 500;

/// How applying a change a chunk at a time ended.
#[derive(Debug)]
enum Outcome {
    /// Every document's edits applied.
    All,
    /// Nothing applied.
    Refused(EditError),
    /// The edits of `applied` applied, then `why` stopped it.
    Part {
        applied: HashSet<String>,
        why: EditError,
    },
}

/// A change applied a chunk at a time that stopped before its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stopped {
    /// Documents changed (and saved, unless saving is what failed).
    pub applied: usize,
    /// Documents the change was for.
    pub total: usize,
    /// Why it stopped, naming the document or file and the fix.
    pub why: String,
}

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "done in {} of {} documents, then stopped: {}",
            self.applied, self.total, self.why
        )
    }
}

impl Workspace {
    /// Sets how many documents a change applied a chunk at a time reads,
    /// changes and saves together ([`CHUNK`] unless set; at least 1).
    pub fn set_chunk_size(&mut self, documents: usize) {
        self.chunk = documents.max(1);
    }

    /// How many documents `tx` touches that have not been read.
    pub fn unread_in(&self, tx: &Transaction) -> usize {
        tx.documents()
            .iter()
            .filter(|id| !self.dir.is_loaded(id))
            .count()
    }

    /// How many unread documents the next undo (`false`) or redo (`true`)
    /// touches: from a few hundred on, a window runs it on a thread.
    pub fn unread_in_next(&self, redo: bool) -> usize {
        let tx = match redo {
            false => self.history.next_undo(),
            true => self.history.next_redo(),
        };
        tx.map_or(0, |tx| self.unread_in(tx))
    }

    /// Applies `part` of a change made a chunk at a time, without
    /// recording it for undo: [`Self::record_applied`] records the whole
    /// change once its chunks are applied and saved. Refused like
    /// [`Self::apply`] (read-only, an annotator's structural edit, a
    /// document not read).
    pub fn apply_part(&mut self, part: &Transaction) -> Result<(), EditError> {
        self.refuse_read_only()?;
        super::super::layers::refuse_structural(self.annotator(), part)?;
        self.refuse_stubs(part)?;
        crate::edit::apply(&mut self.project, part)?;
        self.record(part);
        self.parts_unsaved |= !part.is_empty();
        Ok(())
    }

    /// Records `tx`, applied with [`Self::apply_part`], as one undo step
    /// with the selection before and after it. Saved already when nothing
    /// else is unsaved (each chunk was saved as it went).
    pub fn record_applied(&mut self, tx: Transaction, before: Selection, after: Selection) {
        let saved = !self.is_dirty();
        self.history.record_applied(tx, before, after);
        if saved {
            self.saved_revision = self.history.revision();
        }
    }

    /// Undoes the last step; one touching documents not read is applied a
    /// chunk at a time (see the module doc), with `progress(done, total)`
    /// in documents after each chunk.
    pub fn undo_reporting(
        &mut self,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Option<Restored>, EditError> {
        self.refuse_read_only()?;
        let Some(tx) = self.history.next_undo() else {
            return Ok(None);
        };
        if self.unread_in(tx) == 0 {
            let r = self.history.undo(&mut self.project)?;
            if let Some(r) = &r {
                self.record(&r.tx);
            }
            return Ok(r);
        }
        let inverse = tx.inverse();
        let total = inverse.documents().len();
        match self.apply_in_chunks(&inverse, progress) {
            Outcome::All => self.settle(|h| h.undo_with(|_| Ok(()))),
            Outcome::Refused(e) => Err(e),
            Outcome::Part { applied, why } => {
                self.settle(|h| {
                    h.undo_partly(&applied);
                    Ok(None)
                })?;
                Err(stopped(applied.len(), total, why, "Undo"))
            }
        }
    }

    /// Redoes the last undone step, a chunk at a time like
    /// [`Self::undo_reporting`].
    pub fn redo_reporting(
        &mut self,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Option<Restored>, EditError> {
        self.refuse_read_only()?;
        let Some(tx) = self.history.next_redo() else {
            return Ok(None);
        };
        if self.unread_in(tx) == 0 {
            let r = self.history.redo(&mut self.project)?;
            if let Some(r) = &r {
                self.record(&r.tx);
            }
            return Ok(r);
        }
        let tx = tx.clone();
        let total = tx.documents().len();
        match self.apply_in_chunks(&tx, progress) {
            Outcome::All => self.settle(|h| h.redo_with(|_| Ok(()))),
            Outcome::Refused(e) => Err(e),
            Outcome::Part { applied, why } => {
                self.settle(|h| {
                    h.redo_partly(&applied);
                    Ok(None)
                })?;
                Err(stopped(applied.len(), total, why, "Redo"))
            }
        }
    }

    /// Moves the history after a change applied a chunk at a time; the
    /// workspace stays saved when every chunk was.
    fn settle(
        &mut self,
        f: impl FnOnce(&mut crate::edit::History) -> Result<Option<Restored>, EditError>,
    ) -> Result<Option<Restored>, EditError> {
        let saved = !self.is_dirty();
        let r = f(&mut self.history);
        if saved {
            self.saved_revision = self.history.revision();
        }
        r
    }

    /// Applies `tx` a chunk of documents at a time: reads the chunk's
    /// unread documents, applies their edits, saves, makes stubs again of
    /// those it read. A change that cannot be cut reads every document it
    /// touches and applies at once.
    fn apply_in_chunks(
        &mut self,
        tx: &Transaction,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Outcome {
        let Some(parts) = tx.by_document() else {
            self.load(&tx.documents());
            return match self.apply_part(tx) {
                Ok(()) => Outcome::All,
                Err(e) => Outcome::Refused(e),
            };
        };
        let total = parts.len();
        let mut applied: HashSet<String> = HashSet::new();
        for group in parts.chunks(self.chunk) {
            let ids: Vec<String> = group.iter().map(|p| p.doc.clone()).collect();
            let read: Vec<String> = ids
                .iter()
                .filter(|id| !self.dir.is_loaded(id))
                .cloned()
                .collect();
            self.load(&read);
            let result = self.apply_part(&tx.of_parts(group)).and_then(|()| {
                applied.extend(ids);
                self.save()
                    .map(|_| ())
                    .map_err(|e| EditError::Invalid(format!("saving failed: {e}")))
            });
            // Read for this chunk and saved (or not changed): stubs again.
            self.unload(&read);
            if let Err(why) = result {
                return match applied.is_empty() {
                    true => Outcome::Refused(why),
                    false => Outcome::Part { applied, why },
                };
            }
            progress(applied.len(), total);
        }
        Outcome::All
    }
}

fn stopped(applied: usize, total: usize, why: EditError, what: &str) -> EditError {
    EditError::Invalid(
        Stopped {
            applied,
            total,
            why: format!("{why}. {what} again to go on with the rest"),
        }
        .to_string(),
    )
}

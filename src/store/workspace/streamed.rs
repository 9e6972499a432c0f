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
//!   ([`Transaction::into_by_document`]); another change reads every stub
//!   it touches first.
//! - Memory: one copy of the step (the history keeps its own), cut and
//!   inverted in place, and one chunk's documents.

use super::Workspace;
use crate::edit::{invert_parts, DocumentPart, EditError, Restored, Transaction};
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
    /// The edits of `applied` applied; `why` says what was not, and why.
    Part {
        applied: HashSet<String>,
        why: String,
    },
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
        self.step_reporting(false, progress)
    }

    /// Redoes the last undone step, a chunk at a time like
    /// [`Self::undo_reporting`].
    pub fn redo_reporting(
        &mut self,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Option<Restored>, EditError> {
        self.step_reporting(true, progress)
    }

    /// Undoes (`redo` false) or redoes the next step.
    fn step_reporting(
        &mut self,
        redo: bool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Option<Restored>, EditError> {
        self.refuse_read_only()?;
        let next = match redo {
            false => self.history.next_undo(),
            true => self.history.next_redo(),
        };
        let Some(tx) = next else {
            return Ok(None);
        };
        if self.unread_in(tx) == 0 {
            let r = match redo {
                false => self.history.undo(&mut self.project)?,
                true => self.history.redo(&mut self.project)?,
            };
            if let Some(r) = &r {
                self.record(&r.tx);
            }
            return Ok(r);
        }
        let total = tx.documents().len();
        let name = tx.name.clone();
        let plan = match (redo, tx.clone().into_by_document()) {
            (false, Ok(mut parts)) => {
                invert_parts(&mut parts);
                Ok(parts)
            }
            (false, Err(whole)) => Err(whole.inverse()),
            (true, plan) => plan,
        };
        match self.apply_in_chunks(&name, plan, progress) {
            Outcome::All => self.settle(|h| match redo {
                false => h.undo_with(|_| Ok(())),
                true => h.redo_with(|_| Ok(())),
            }),
            Outcome::Refused(e) => Err(e),
            Outcome::Part { applied, why } => {
                self.settle(|h| {
                    match redo {
                        false => h.undo_partly(&applied),
                        true => h.redo_partly(&applied),
                    }
                    Ok(None)
                })?;
                Err(EditError::Partly {
                    done: applied.len(),
                    total,
                    why,
                })
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

    /// Applies `plan` (a change cut per document, or one that cannot be cut)
    /// a chunk of documents at a time: reads the chunk's unread documents,
    /// applies their edits, saves, makes stubs again of those it read. A
    /// change that cannot be cut reads every document it touches and
    /// applies at once.
    fn apply_in_chunks(
        &mut self,
        name: &str,
        plan: Result<Vec<DocumentPart>, Transaction>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Outcome {
        let mut parts = match plan {
            Ok(parts) => parts,
            Err(whole) => {
                self.load(&whole.documents());
                return match self.apply_part(&whole) {
                    Ok(()) => Outcome::All,
                    Err(e) => Outcome::Refused(e),
                };
            }
        };
        let total = parts.len();
        let chunk = self.chunk;
        let mut applied: HashSet<String> = HashSet::new();
        let mut failed: Vec<(String, EditError)> = Vec::new();
        for group in parts.chunks_mut(chunk) {
            let read: Vec<String> = group
                .iter()
                .filter(|p| !self.dir.is_loaded(&p.doc))
                .map(|p| p.doc.clone())
                .collect();
            self.load(&read);
            // Moved out of the plan: each chunk's edits exist once.
            let mut ends = Vec::with_capacity(group.len());
            let mut part = Transaction {
                name: name.to_owned(),
                edits: Vec::new(),
            };
            for p in group.iter_mut() {
                part.edits.append(&mut p.edits);
                ends.push(part.edits.len());
            }
            let done = match self.apply_part(&part) {
                Ok(()) => group.iter().map(|p| p.doc.clone()).collect(),
                // Some document's edits no longer apply (its file does not
                // load, or changed): each document alone, the others done.
                Err(_) => self.apply_each(group, &part, &ends, &mut failed),
            };
            let changed = !done.is_empty();
            applied.extend(done);
            let saved = match changed {
                true => self.save().map(|_| ()),
                false => Ok(()),
            };
            // Read for this chunk and saved (or not changed): stubs again.
            self.unload(&read);
            if let Err(e) = saved {
                let why =
                    format!("saving failed: {e}; what was done stays unsaved until the next save");
                return match applied.is_empty() {
                    true => Outcome::Refused(EditError::Invalid(why)),
                    false => Outcome::Part { applied, why },
                };
            }
            progress(applied.len() + failed.len(), total);
        }
        if failed.is_empty() {
            return Outcome::All;
        }
        let names: Vec<String> = failed.iter().take(3).map(|(_, e)| e.to_string()).collect();
        let more = match failed.len() {
            n if n > 3 => format!(" (and {} more)", n - 3),
            _ => String::new(),
        };
        let why = format!(
            "not in {}: {}{more}. Once fixed (or restored from git), do it again to go on with them",
            failed.len(),
            names.join("; ")
        );
        match applied.is_empty() {
            true => Outcome::Refused(EditError::Invalid(why)),
            false => Outcome::Part { applied, why },
        }
    }

    /// Applies each document's edits of a chunk on its own (`part`'s edits,
    /// document `i`'s ending at `ends[i]`); gives the documents done and
    /// adds the others to `failed` with why.
    fn apply_each(
        &mut self,
        group: &[DocumentPart],
        part: &Transaction,
        ends: &[usize],
        failed: &mut Vec<(String, EditError)>,
    ) -> Vec<String> {
        let mut done = Vec::new();
        let mut start = 0;
        for (p, &end) in group.iter().zip(ends) {
            let one = Transaction {
                name: part.name.clone(),
                edits: part.edits[start..end].to_vec(),
            };
            start = end;
            match self.apply_part(&one) {
                Ok(()) => done.push(p.doc.clone()),
                Err(e) => failed.push((p.doc.clone(), e)),
            }
        }
        done
    }
}

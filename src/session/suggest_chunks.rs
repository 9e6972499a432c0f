//! Suggesting in every document of a project opened index first, a chunk
//! of documents at a time (`gloss suggest` without `--doc`): memory stays
//! that of one chunk whatever the project's size.
//!
//! Two passes over the documents, each reading the ones not read yet from
//! their files a chunk at a time and dropping them again: the dictionary
//! learns every span (as [`crate::suggest::Dictionary::learn`] does over a
//! whole project), then each chunk is suggested on, its edits applied and
//! saved, and its documents made stubs again. The files written are those of
//! suggesting on the project loaded whole (tested), except that an
//! interruption keeps the chunks already saved. Everything applied is one
//! undo step (see `store::workspace::streamed`).

use super::{Session, SessionError};
use crate::edit::Transaction;
use crate::model::Document;
use crate::suggest::model::{self as tagger_model, ModelError};
use crate::suggest::{DictionaryLearner, Engine, Extractors};
use std::sync::atomic::{AtomicBool, Ordering};

/// What suggesting in chunks is doing, for progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuggestPhase {
    /// Reading every document for the dictionary to learn its spans.
    Learning,
    /// Suggesting, a chunk at a time.
    Suggesting,
}

impl SuggestPhase {
    /// What a progress bar says.
    pub fn text(self) -> &'static str {
        match self {
            SuggestPhase::Learning => "Learning the dictionary from every document",
            SuggestPhase::Suggesting => "Suggesting in all documents",
        }
    }
}

/// What suggesting in chunks did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChunkedSuggestions {
    /// Span suggestions added.
    pub suggestions: usize,
    /// Relation suggestions added.
    pub relations: usize,
    /// Documents suggested on.
    pub documents: usize,
    /// Whether it was stopped (`stop` set) before the last chunk.
    pub stopped: bool,
}

impl Session {
    /// Suggests with `engines` in every document, `chunk` documents at a
    /// time (see the module doc); `progress(phase, done, total)` per
    /// chunk, in documents; stops
    /// before the next chunk once `stop` is set. Needs a writable session;
    /// fails, naming the document and the fix, when a document does not
    /// load (the chunks before it are saved). The chunks applied are one
    /// undo step, which reads the documents again a chunk at a time.
    pub fn suggest_in_chunks(
        &mut self,
        engines: &[Engine],
        chunk: usize,
        progress: &mut dyn FnMut(SuggestPhase, usize, usize),
        stop: &AtomicBool,
    ) -> Result<ChunkedSuggestions, SessionError> {
        let chunk = chunk.max(1);
        let tagger = if engines.contains(&Engine::Model) {
            self.tagger()?
        } else {
            None
        };
        if tagger.is_none() && engines == [Engine::Model] {
            return Err(
                ModelError::Missing(tagger_model::model_path(self.workspace.root())).into(),
            );
        }
        let ids: Vec<String> = self.document_ids(true);
        let dictionary = if Extractors::needs_dictionary(engines, tagger.is_some()) {
            let mut learner = DictionaryLearner::default();
            let mut read = 0;
            for part in ids.chunks(chunk) {
                if stop.load(Ordering::Relaxed) {
                    return Ok(ChunkedSuggestions {
                        stopped: true,
                        ..Default::default()
                    });
                }
                learner.add_all(&self.read_for_learning(part)?);
                read += part.len();
                progress(SuggestPhase::Learning, read, ids.len());
            }
            Some(learner.finish())
        } else {
            None
        };
        let mut extractors = Extractors::with_dictionary(engines, dictionary, tagger);
        let mut done = ChunkedSuggestions::default();
        let mut all = Transaction::default();
        let before = self.selection.clone();
        let mut result = Ok(());
        for part in ids.chunks(chunk) {
            if stop.load(Ordering::Relaxed) {
                done.stopped = true;
                break;
            }
            let fresh: Vec<String> = part
                .iter()
                .filter(|id| !self.workspace.is_loaded(id))
                .cloned()
                .collect();
            if let Err(n) = self.load(part) {
                result = Err(SessionError::Input(n.text().to_owned()));
                break;
            }
            let mut job = super::SuggestJob::with_extractors(part.to_vec(), extractors);
            let before = done.documents;
            job.run(&self.workspace.project, None, &mut |d, _| {
                progress(SuggestPhase::Suggesting, before + d, ids.len())
            });
            let (back, tx) = job.into_parts();
            extractors = back;
            if !tx.is_empty() {
                if let Err(e) = self.workspace.apply_part(&tx) {
                    result = Err(SessionError::Input(format!("Not done: {e}")));
                    break;
                }
                let relations = tx
                    .edits
                    .iter()
                    .filter(|e| matches!(e, crate::edit::Edit::AddRelationSuggestion { .. }))
                    .count();
                done.relations += relations;
                done.suggestions += tx.edits.len() - relations;
                all.name = tx.name;
                all.edits.extend(tx.edits);
                if let Err(e) = self.save() {
                    result = Err(e);
                    break;
                }
            }
            done.documents += part.len();
            // Documents read for this chunk go back to stubs; the open one
            // stays.
            let open = self.document().map(|d| d.id.clone());
            let drop: Vec<String> = fresh
                .into_iter()
                .filter(|id| Some(id) != open.as_ref())
                .collect();
            self.workspace.unload(&drop);
        }
        // One undo step for every chunk applied, even when it stopped.
        self.workspace.record_applied(all, before.clone(), before);
        result.map(|()| done).map_err(|e| match done.documents {
            0 => e,
            n => SessionError::Input(format!(
                "{}; the {n} documents before it were suggested in and saved (Undo takes that back)",
                super::error_text(&e)
            )),
        })
    }

    /// The documents `ids` as they are (read from their files when not read
    /// yet, not kept), for learning the dictionary.
    fn read_for_learning(&self, ids: &[String]) -> Result<Vec<Document>, SessionError> {
        let ws = &self.workspace;
        let unread: Vec<String> = ids.iter().filter(|id| !ws.is_loaded(id)).cloned().collect();
        let (reader, _) = ws.body_reader();
        let mut read = super::documents::read_or_say(&reader.reading_only(), &unread, "suggested")
            .map_err(SessionError::Input)?;
        Ok(ids
            .iter()
            .filter_map(|id| read.remove(id).or_else(|| ws.project.document(id).cloned()))
            .collect())
    }
}

impl Session {
    /// Suggests with every engine in every document, a chunk of
    /// [`crate::formats::CHUNK`] documents at a time (what a window runs on
    /// a thread for a big project); the notice says what was added, or why
    /// it stopped.
    pub fn suggest_everywhere(
        &mut self,
        progress: &dyn Fn(SuggestPhase, usize, usize),
        stop: &AtomicBool,
    ) -> super::Notice {
        let done = self.suggest_in_chunks(
            &Engine::DEFAULT,
            crate::formats::CHUNK,
            &mut |phase, d, total| progress(phase, d, total),
            stop,
        );
        match done {
            Ok(done) if done.stopped && done.documents == 0 => {
                super::Notice::Done("Stopped before suggesting: nothing changed".into())
            }
            Ok(done) => super::Notice::Done(format!(
                "{} new suggestion(s) and {} relation suggestion(s) in {} document(s){}; N walks through them, ] through the relations",
                done.suggestions,
                done.relations,
                done.documents,
                if done.stopped {
                    " (stopped there: Undo takes them back)"
                } else {
                    ""
                }
            )),
            Err(e) => super::Notice::Refused(super::error_text(&e)),
        }
    }
}

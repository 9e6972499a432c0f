//! Reviewing suggestions: walk, accept (with the editor's corrections),
//! reject, bulk accept/reject, and running the extractors over documents.

use super::{Notice, Session};
use crate::edit::Transaction;
use crate::model::Project;
use crate::suggest::{Engine, Extractors};
use rayon::prelude::*;
use std::time::{Duration, Instant};

impl Session {
    /// Selects the next (`forward`) or previous open suggestion.
    pub fn step_suggestion(&mut self, forward: bool) -> Notice {
        let Some(doc) = self.document() else {
            return Notice::Refused("Open a document first".into());
        };
        let caret = self.selection.caret;
        let cur = self
            .selection
            .selected_suggestion
            .as_ref()
            .and_then(|s| doc.suggestions.iter().position(|x| x == s));
        let next = match (cur, forward) {
            (Some(i), true) => doc.suggestions.get(i + 1),
            (Some(i), false) => i.checked_sub(1).and_then(|j| doc.suggestions.get(j)),
            (None, true) => doc
                .suggestions
                .iter()
                .find(|s| s.start >= caret)
                .or(doc.suggestions.first()),
            (None, false) => doc.suggestions.iter().rev().find(|s| s.start < caret),
        };
        match next.cloned() {
            Some(s) => {
                self.selection.select_suggestion(&s);
                Notice::Done(format!("Suggested {}: {}", s.label, s.text))
            }
            None if doc.suggestions.is_empty() => {
                Notice::Refused("No open suggestions here (Ctrl+G suggests)".into())
            }
            None => Notice::Refused("No more suggestions that way".into()),
        }
    }

    /// Accepts the suggestion under review as its draft stands (changed
    /// boundaries or label mark it corrected), then moves to the next one.
    pub fn accept_suggestion(&mut self) -> Notice {
        let (Some(doc), Some(sug), Some((start, end, label))) = (
            self.document(),
            self.selection.selected_suggestion.clone(),
            self.selection.draft.clone(),
        ) else {
            return Notice::Refused("Select a suggestion first (N, or click a dashed box)".into());
        };
        let text = doc.slice(start, end).unwrap_or_default().to_owned();
        let tx = match crate::suggest::accept(doc, &sug, start, end, &label) {
            Ok(tx) => tx,
            Err(e) => return Notice::Refused(format!("Not done: {e}")),
        };
        let mut after = self.selection.clone();
        after.clear_suggestion();
        if let Err(n) = self.edit(tx, after) {
            return n;
        }
        self.step_suggestion(true);
        Notice::Done(format!("Accepted {label}: {text}"))
    }

    /// Rejects the suggestion under review (remembered, never proposed
    /// again), then moves to the next one.
    pub fn reject_suggestion(&mut self) -> Notice {
        let (Some(doc), Some(sug)) = (self.document(), self.selection.selected_suggestion.clone())
        else {
            return Notice::Refused("Select a suggestion first (N, or click a dashed box)".into());
        };
        let tx = crate::suggest::reject(doc, &sug);
        let mut after = self.selection.clone();
        after.clear_suggestion();
        if let Err(n) = self.edit(tx, after) {
            return n;
        }
        self.step_suggestion(true);
        Notice::Done(format!("Rejected {}: {}", sug.label, sug.text))
    }

    /// Accepts every open suggestion of the open document scoring at least
    /// `threshold`, skipping conflicts; one undo step.
    pub fn accept_all(&mut self, threshold: f64) -> Notice {
        let Some(doc) = self.document() else {
            return Notice::Refused("Open a document first".into());
        };
        let (tx, r) = crate::suggest::accept_all(doc, threshold);
        let mut after = self.selection.clone();
        after.clear_suggestion();
        if let Err(n) = self.edit(tx, after) {
            return n;
        }
        Notice::Done(format!(
            "Accepted {} suggestion(s); skipped {} conflicting, {} below {threshold:.2}",
            r.accepted, r.conflicts, r.below_threshold
        ))
    }

    /// Rejects every open suggestion of the open document; one undo step.
    pub fn reject_all(&mut self) -> Notice {
        let Some(doc) = self.document() else {
            return Notice::Refused("Open a document first".into());
        };
        let (tx, n) = crate::suggest::reject_all(doc);
        let mut after = self.selection.clone();
        after.clear_suggestion();
        if let Err(e) = self.edit(tx, after) {
            return e;
        }
        Notice::Done(format!("Rejected {n} suggestion(s)"))
    }

    /// Ids of the open document, or of every document.
    pub fn document_ids(&self, all: bool) -> Vec<String> {
        if all {
            let docs = &self.workspace.project.documents;
            docs.iter().map(|d| d.id.clone()).collect()
        } else {
            self.document().map(|d| d.id.clone()).into_iter().collect()
        }
    }

    /// Runs a whole suggest job at once and applies it (one undo step).
    pub fn suggest(&mut self, ids: Vec<String>, engines: &[Engine]) -> Notice {
        let extractors = match self.extractors(engines) {
            Ok(x) => x,
            Err(e) => return Notice::Refused(format!("Not done: {}", super::error_text(&e))),
        };
        let mut job = SuggestJob::with_extractors(ids, extractors);
        job.run(&self.workspace.project, None, &mut |_, _| {});
        self.finish_suggest(job)
    }

    /// Applies a finished job's suggestions (one undo step).
    pub fn finish_suggest(&mut self, job: SuggestJob) -> Notice {
        let docs = job.ids.len();
        let relations = job
            .tx
            .edits
            .iter()
            .filter(|e| matches!(e, crate::edit::Edit::AddRelationSuggestion { .. }))
            .count();
        let n = job.tx.edits.len() - relations;
        let sel = self.selection.clone();
        if let Err(e) = self.edit(job.tx, sel) {
            return e;
        }
        Notice::Done(format!(
            "{n} new suggestion(s) and {relations} relation suggestion(s) in {docs} document(s); N walks through them, ] through the relations"
        ))
    }
}

/// Suggesting over many documents in slices, so a window stays live and a
/// command line can show progress; the models are built once when the job is
/// made. Applied as one transaction at the end.
#[derive(Debug)]
pub struct SuggestJob {
    ids: Vec<String>,
    /// Where each id was in the project's documents when the job first ran
    /// (checked before use: the project may change between slices).
    at: Vec<Option<usize>>,
    next: usize,
    extractors: Extractors,
    tx: Transaction,
}

impl SuggestJob {
    /// A job over the documents `ids` with `engines`.
    pub fn new(project: &Project, ids: Vec<String>, engines: &[Engine]) -> Self {
        Self::with_extractors(ids, Extractors::new(project, engines))
    }

    /// A job over the documents `ids` with prepared extractors (with a
    /// tagger: see [`Session::extractors`]).
    pub fn with_extractors(ids: Vec<String>, extractors: Extractors) -> Self {
        Self {
            ids,
            at: Vec::new(),
            next: 0,
            extractors,
            tx: Transaction {
                name: "Suggest".into(),
                edits: Vec::new(),
            },
        }
    }

    /// Runs documents until all are done or `budget` has passed; reports
    /// (done, total) after each batch. Returns whether the job is done.
    ///
    /// Documents are suggested on in parallel, a batch of 4 per core at a
    /// time with a budget and 64 without (rayon; the extractors are built once and shared read-only),
    /// and their edits are appended in document order, so the result is the
    /// same, edit for edit, as one document after another.
    pub fn run(
        &mut self,
        project: &Project,
        budget: Option<Duration>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> bool {
        let started = Instant::now();
        if self.at.len() != self.ids.len() {
            // Documents by id, once per job (not a scan of the project per
            // document); the first document with an id wins, as in
            // `Project::document`.
            let by_id: rustc_hash::FxHashMap<&str, usize> = project
                .documents
                .iter()
                .enumerate()
                .rev()
                .map(|(k, d)| (d.id.as_str(), k))
                .collect();
            self.at = self
                .ids
                .iter()
                .map(|id| by_id.get(id.as_str()).copied())
                .collect();
        }
        let threads = rayon::current_num_threads().max(1);
        // With a budget (the GUI), small enough to return within a frame's
        // budget (it is checked between batches) and large enough to keep
        // every core busy. Without one (the command line), large, so the
        // cores seldom wait at a batch's end for its longest document.
        let batch = threads * if budget.is_some() { 4 } else { 64 };
        while self.next < self.ids.len() {
            if budget.is_some_and(|b| started.elapsed() >= b) {
                return false;
            }
            let range = self.next..(self.next + batch).min(self.ids.len());
            let ids = &self.ids[range.clone()];
            let at = &self.at[range];
            let extractors = &self.extractors;
            // Rayon keeps the order of `ids` in what it collects.
            let results: Vec<Vec<crate::edit::Edit>> = ids
                .par_iter()
                .zip(at)
                .map(|(id, &k)| {
                    k.and_then(|k| project.documents.get(k))
                        .filter(|d| d.id == *id)
                        .or_else(|| project.document(id))
                        .map(|doc| suggest_one(extractors, project, doc))
                        .unwrap_or_default()
                })
                .collect();
            for edits in results {
                self.tx.edits.extend(edits);
            }
            self.next += ids.len();
            progress(self.next, self.ids.len());
        }
        true
    }

    /// Share of documents done, 0..=1.
    pub fn fraction(&self) -> f32 {
        self.next as f32 / self.ids.len().max(1) as f32
    }

    /// The edits found so far, in document order (applied by
    /// [`Session::finish_suggest`]).
    pub fn transaction(&self) -> &Transaction {
        &self.tx
    }

    /// Suggestions found so far.
    pub fn found(&self) -> usize {
        self.tx.edits.len()
    }

    /// The extractors (to reuse on other documents) and the edits found.
    pub fn into_parts(self) -> (Extractors, Transaction) {
        (self.extractors, self.tx)
    }
}

/// The edits that suggest on one document: its new suggestions, then the
/// relation suggestions proposed on the document as it will be after them.
fn suggest_one(
    extractors: &Extractors,
    project: &Project,
    doc: &crate::model::Document,
) -> Vec<crate::edit::Edit> {
    // Tokenized and split into sentences once, for the spans and the
    // relations.
    let table = crate::suggest::doc_tokens::DocTokens::new(doc);
    let found = extractors.run_on(project, doc, &table);
    let fresh = crate::suggest::fresh_suggestions(doc, found);
    // The relations are proposed on the document as it will be after them.
    let relations = extractors.run_relations_on(project, doc, &fresh, &table.sentences);
    let mut edits: Vec<crate::edit::Edit> = fresh
        .into_iter()
        .map(|suggestion| crate::edit::Edit::AddSuggestion {
            doc: doc.id.clone(),
            suggestion,
        })
        .collect();
    edits.extend(crate::suggest::relations::add_relation_suggestions(
        project, doc, relations,
    ));
    edits
}

//! Curation: adjudicating the annotators' layers into the gold layer of the
//! open document, with the suggestion review machinery.
//!
//! Invariants: candidates are the spans (start, end, label) that one or more
//! annotators' layers have and the gold document lacks, minus those the
//! curator dropped before (kept as rejected suggestions); each is an open
//! suggestion with source `annotator:<names joined by +>` and score = the
//! share of the document's annotators who made it. They are derived when
//! curation starts and never written to `docs/` (see
//! `store::format::write_document`). Taking one makes a span with origin
//! `Curated { from }`; every take and drop is one undo step; the step that
//! leaves no candidate open also marks the document done (curated).

use super::{Notice, Session};
use crate::edit::{Edit, Transaction};
use crate::model::{candidate_annotators, Document, Status, Suggestion, CANDIDATE_SOURCE_PREFIX};
use std::collections::BTreeMap;

/// Whether `s` is a curation candidate.
pub fn is_candidate(s: &Suggestion) -> bool {
    s.source.starts_with(CANDIDATE_SOURCE_PREFIX)
}

/// The candidates of `gold` given each annotator's layer of it.
pub fn candidates(gold: &Document, layers: &BTreeMap<&str, &Document>) -> Vec<Suggestion> {
    let mut votes: BTreeMap<(usize, usize, String), (String, Vec<&str>)> = BTreeMap::new();
    for (a, d) in layers {
        for s in &d.spans {
            let key = (s.start, s.end, s.label.clone());
            let e = votes
                .entry(key)
                .or_insert_with(|| (s.text.clone(), Vec::new()));
            if !e.1.contains(a) {
                e.1.push(a);
            }
        }
    }
    let n = layers.len().max(1) as f64;
    votes
        .into_iter()
        .filter(|((start, end, label), _)| {
            !gold
                .spans
                .iter()
                .any(|s| s.start == *start && s.end == *end && &s.label == label)
        })
        .map(|((start, end, label), (text, mut who))| {
            who.sort();
            Suggestion {
                start,
                end,
                label,
                text,
                source: format!("{CANDIDATE_SOURCE_PREFIX}{}", who.join("+")),
                score: who.len() as f64 / n,
            }
        })
        .filter(|s| {
            !gold.rejected.iter().any(|r| {
                (r.start, r.end, &r.label) == (s.start, s.end, &s.label) && is_candidate(r)
            })
        })
        .collect()
}

impl Session {
    /// Starts (or refreshes) curating the open document: its candidates
    /// from every annotator's layer become open suggestions. Refused for an
    /// annotator and in a project without annotators.
    pub fn start_curation(&mut self) -> Notice {
        if let Some(a) = self.annotator() {
            return Notice::Refused(format!(
                "Curation is the curator's: this project is open as annotator {a:?} (open it without --annotator)"
            ));
        }
        if self.workspace.project.annotators.is_empty() {
            return Notice::Refused(
                "Curation needs annotators: this project has none (gloss assign declares them)"
                    .into(),
            );
        }
        let Some(i) = self.current else {
            return Notice::Refused("Open a document first".into());
        };
        let layers = match self.layers() {
            Ok(l) => l,
            Err(e) => return Notice::Refused(format!("Cannot curate: {e}")),
        };
        let gold = &self.workspace.project.documents[i];
        let of_doc: BTreeMap<&str, &Document> = layers
            .iter()
            .filter_map(|(a, docs)| docs.get(&gold.id).map(|d| (a.as_str(), d)))
            .collect();
        let found = candidates(gold, &of_doc);
        let n = found.len();
        let doc = &mut self.workspace.project.documents[i];
        doc.suggestions.retain(|s| !is_candidate(s));
        doc.suggestions.extend(found);
        doc.suggestions.sort_by(|a, b| {
            (a.start, a.end, &a.label, &a.source).cmp(&(b.start, b.end, &b.label, &b.source))
        });
        self.selection.clear_suggestion();
        if n > 0 {
            self.step_suggestion(true);
        }
        let who: Vec<&str> = of_doc.keys().copied().collect();
        Notice::Done(if who.is_empty() {
            "Curating: no annotator has a layer of this document yet".into()
        } else {
            format!(
                "Curating: {n} candidate(s) from {} (Alt+T take, Alt+Shift+T take all of its annotator, Alt+X drop)",
                who.join(", ")
            )
        })
    }

    /// The open candidates of the open document.
    pub fn open_candidates(&self) -> Vec<&Suggestion> {
        self.document()
            .map(|d| d.suggestions.iter().filter(|s| is_candidate(s)).collect())
            .unwrap_or_default()
    }

    /// The candidate under review, else the first one under the caret.
    fn candidate_here(&self) -> Option<Suggestion> {
        let doc = self.document()?;
        if let Some(s) = self
            .selection
            .selected_suggestion
            .as_ref()
            .filter(|s| is_candidate(s))
        {
            return Some(s.clone());
        }
        let c = self.selection.caret;
        doc.suggestions
            .iter()
            .find(|s| is_candidate(s) && s.start <= c && c < s.end)
            .cloned()
    }

    /// Adds "mark curated" to `tx` when it resolves the last candidates.
    fn close_if_last(&self, mut tx: Transaction, resolved: usize) -> Transaction {
        let Some(doc) = self.document() else {
            return tx;
        };
        let open = doc.suggestions.iter().filter(|s| is_candidate(s)).count();
        if open == resolved && doc.status != Status::Done {
            tx.edits.retain(|e| !matches!(e, Edit::SetStatus { .. }));
            tx.edits.push(Edit::SetStatus {
                doc: doc.id.clone(),
                from: doc.status,
                to: Status::Done,
            });
        }
        tx
    }

    /// Takes the candidate under the caret (or under review) into the gold
    /// layer as the annotators made it.
    pub fn take_candidate(&mut self) -> Notice {
        let (Some(doc), Some(c)) = (self.document(), self.candidate_here()) else {
            return Notice::Refused(
                "No candidate here: put the caret on one (N steps to the next)".into(),
            );
        };
        let tx = match crate::suggest::accept(doc, &c, c.start, c.end, &c.label) {
            Ok(tx) => tx,
            Err(e) => return Notice::Refused(format!("Not done: {e}")),
        };
        let mut tx = self.close_if_last(tx, 1);
        tx.name = format!(
            "Take {}'s {}",
            c.source.trim_start_matches(CANDIDATE_SOURCE_PREFIX),
            c.label
        );
        self.finish_curation_step(tx, format!("Took {}: {}", c.label, c.text))
    }

    /// Drops the candidate under the caret (or under review): not taken, and
    /// not proposed again.
    pub fn drop_candidate(&mut self) -> Notice {
        let (Some(doc), Some(c)) = (self.document(), self.candidate_here()) else {
            return Notice::Refused(
                "No candidate here: put the caret on one (N steps to the next)".into(),
            );
        };
        let tx = crate::suggest::reject(doc, &c);
        let mut tx = self.close_if_last(tx, 1);
        tx.name = format!("Drop {} candidate", c.label);
        self.finish_curation_step(tx, format!("Dropped {}: {}", c.label, c.text))
    }

    /// Takes every remaining candidate of the annotator(s) of the candidate
    /// under the caret (the first of them when several), skipping those
    /// that clash with a gold span of the same label; one undo step.
    pub fn take_all_of_annotator(&mut self) -> Notice {
        let (Some(doc), Some(c)) = (self.document(), self.candidate_here()) else {
            return Notice::Refused(
                "Put the caret on a candidate of the annotator whose spans to take".into(),
            );
        };
        let who = candidate_annotators(&c.source)
            .and_then(|v| v.first().cloned())
            .unwrap_or_default();
        let mut gold = doc.clone();
        let mut tx = Transaction {
            name: format!("Take all of {who}'s candidates"),
            edits: Vec::new(),
        };
        let mine: Vec<Suggestion> = doc
            .suggestions
            .iter()
            .filter(|s| candidate_annotators(&s.source).is_some_and(|v| v.contains(&who)))
            .cloned()
            .collect();
        let mut taken = 0;
        for s in &mine {
            let Ok(step) = crate::suggest::accept(&gold, s, s.start, s.end, &s.label) else {
                continue;
            };
            let mut trial = gold.clone();
            let mut p = crate::model::Project {
                labels: self.workspace.project.labels.clone(),
                relation_types: self.workspace.project.relation_types.clone(),
                ..Default::default()
            };
            trial.id.clone_from(&doc.id);
            p.documents.push(trial);
            if crate::edit::apply(&mut p, &step).is_ok() {
                gold = p.documents.remove(0);
                tx.edits.extend(step.edits);
                taken += 1;
            }
        }
        if taken == 0 {
            return Notice::Refused(format!("No candidate of {who} can be taken here"));
        }
        let tx = self.close_if_last(tx, taken);
        self.finish_curation_step(tx, format!("Took {taken} candidate(s) of {who}"))
    }

    fn finish_curation_step(&mut self, tx: Transaction, said: String) -> Notice {
        let mut after = self.selection.clone();
        after.clear_suggestion();
        if let Err(n) = self.edit(tx, after) {
            return n;
        }
        if self.open_candidates().is_empty() {
            Notice::Done(format!(
                "{said}; no candidate left: the document is curated (done)"
            ))
        } else {
            self.step_suggestion(true);
            Notice::Done(said)
        }
    }
}

//! Automatic extractors, the review of their suggestions, and evaluation.
//!
//! Extractors only propose: their output becomes [`Suggestion`]s, which an
//! editor accepts (a span with `origin: Suggested`) or rejects (remembered,
//! never proposed again). Every review step is a [`Transaction`], so it is
//! undoable. Offsets are chars, like everywhere in the model.

mod dictionary;
pub mod doc_tokens;
pub mod eval;
pub mod fold;
pub mod model;
mod predictions;
pub mod relations;
pub mod relations_vi;
mod rules_vi;

pub use dictionary::{Dictionary, Learner as DictionaryLearner};
pub use predictions::{import_predictions, PredictionReport};
pub use rules_vi::rules_vi;

use crate::edit::{make_span, start_work, Edit, EditError, Transaction};
use crate::model::{Document, Origin, Project, Span, Suggestion};
use std::sync::Arc;

/// A built-in extractor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Engine {
    /// Rules for Vietnamese news.
    RulesVi,
    /// String matching against the project's own spans.
    Dictionary,
    /// The tagger trained on the project's done documents (`gloss train`).
    Model,
}

impl Engine {
    /// The source name written into suggestions.
    pub fn name(self) -> &'static str {
        match self {
            Engine::RulesVi => "rules-vi",
            Engine::Dictionary => "dictionary",
            Engine::Model => model::SOURCE,
        }
    }

    /// Every engine: with a model, combined by the [`model::combine`] policy.
    pub const ALL: [Engine; 3] = [Engine::RulesVi, Engine::Dictionary, Engine::Model];

    /// The engines "Suggest" runs unless told otherwise, in the GUI and in
    /// `gloss suggest` alike: all of them (the model when the project has
    /// one).
    pub const DEFAULT: [Engine; 3] = Engine::ALL;

    /// Parses `rules-vi`, `dictionary`, `model` or `all`.
    pub fn parse_list(s: &str) -> Option<Vec<Engine>> {
        match s {
            "rules-vi" => Some(vec![Engine::RulesVi]),
            "dictionary" => Some(vec![Engine::Dictionary]),
            "model" => Some(vec![Engine::Model]),
            "all" => Some(Engine::ALL.to_vec()),
            _ => None,
        }
    }
}

/// A set of engines ready to run: models are built once (the dictionary is
/// learned from the project's spans when this is made; the tagger is passed
/// in, trained or loaded elsewhere), then used for every document of a run.
#[derive(Debug, Clone)]
pub struct Extractors {
    engines: Vec<Engine>,
    dictionary: Option<Dictionary>,
    tagger: Option<Arc<model::Tagger>>,
    policy: model::Policy,
}

impl Extractors {
    /// Prepares `engines` for `project`, without a tagger (so
    /// [`Engine::Model`] proposes nothing: see [`Extractors::with_tagger`]).
    pub fn new(project: &Project, engines: &[Engine]) -> Self {
        Self::with_tagger(project, engines, None)
    }

    /// Prepares `engines` for `project` with the project's tagger. The
    /// tagger reads the dictionary's hits, so it is learned for `Model` too.
    pub fn with_tagger(
        project: &Project,
        engines: &[Engine],
        tagger: Option<Arc<model::Tagger>>,
    ) -> Self {
        let dictionary =
            Self::needs_dictionary(engines, tagger.is_some()).then(|| Dictionary::learn(project));
        Self::with_dictionary(engines, dictionary, tagger)
    }

    /// Whether `engines` (with a tagger or not) use the dictionary learned
    /// from the project's spans (the model reads its hits as features).
    pub fn needs_dictionary(engines: &[Engine], tagger: bool) -> bool {
        engines.contains(&Engine::Dictionary) || (tagger && engines.contains(&Engine::Model))
    }

    /// [`Self::with_tagger`] with the dictionary learned elsewhere (from a
    /// project read a chunk at a time: [`DictionaryLearner`]); give one
    /// when [`Self::needs_dictionary`].
    pub fn with_dictionary(
        engines: &[Engine],
        dictionary: Option<Dictionary>,
        tagger: Option<Arc<model::Tagger>>,
    ) -> Self {
        let tagger = tagger.filter(|_| engines.contains(&Engine::Model));
        Self {
            engines: engines.to_vec(),
            dictionary: dictionary.filter(|_| Self::needs_dictionary(engines, tagger.is_some())),
            tagger,
            policy: model::Policy::default(),
        }
    }

    /// The same engines with other `all` thresholds.
    pub fn with_policy(self, policy: model::Policy) -> Self {
        Self { policy, ..self }
    }

    /// Whether a tagger takes part.
    pub fn has_tagger(&self) -> bool {
        self.tagger.is_some()
    }

    /// Runs the engines on one document; labels the project lacks are
    /// dropped. With a tagger and other engines, the [`model::combine`]
    /// policy makes one list of them.
    pub fn run(&self, project: &Project, doc: &Document) -> Vec<Suggestion> {
        // Tokenized, folded and split into sentences once for every engine.
        self.run_on(project, doc, &doc_tokens::DocTokens::new(doc))
    }

    /// [`Self::run`] with the document's token table already made (shared
    /// with [`Self::run_relations_on`]).
    pub fn run_on(
        &self,
        project: &Project,
        doc: &Document,
        table: &doc_tokens::DocTokens<'_>,
    ) -> Vec<Suggestion> {
        let mut out = match &self.tagger {
            Some(tagger) => {
                let rules = rules_vi::rules_vi_on(doc, table);
                let dict = self
                    .dictionary
                    .as_ref()
                    .map(|d| d.suggest_on(doc, table))
                    .unwrap_or_default();
                let analysis = if self.engines.len() == 1 {
                    tagger.analyse_on(doc, table, &rules, &dict)
                } else {
                    tagger.analyse_for_all(doc, table, &rules, &dict)
                };
                let mut candidates = Vec::new();
                if self.engines.contains(&Engine::RulesVi) {
                    candidates.extend(rules);
                }
                if self.engines.contains(&Engine::Dictionary) {
                    candidates.extend(dict);
                }
                if self.engines.len() == 1 {
                    analysis.spans
                } else {
                    model::combine(candidates, &analysis, self.policy)
                }
            }
            None => {
                let mut out = Vec::new();
                for e in &self.engines {
                    match e {
                        Engine::RulesVi => out.extend(rules_vi::rules_vi_on(doc, table)),
                        Engine::Dictionary => {
                            if let Some(d) = &self.dictionary {
                                out.extend(d.suggest_on(doc, table));
                            }
                        }
                        Engine::Model => {}
                    }
                }
                out
            }
        };
        out.retain(|s| project.label(&s.label).is_some());
        out
    }

    /// Runs the relation rules (with `rules-vi`) on a document whose span
    /// suggestions are already in place; types the project lacks are dropped.
    pub fn run_relations(
        &self,
        project: &Project,
        doc: &Document,
    ) -> Vec<crate::model::RelationSuggestion> {
        if !self.proposes_relations(project) {
            return Vec::new();
        }
        self.run_relations_on(project, doc, &[], &crate::text::sentences(&doc.text))
    }

    /// [`Self::run_relations`] on `doc` with the span suggestions `extra`
    /// added to its own (found, not applied yet) and the sentences of its
    /// text already made (the token table's).
    pub fn run_relations_on(
        &self,
        project: &Project,
        doc: &Document,
        extra: &[Suggestion],
        sentences: &[std::ops::Range<usize>],
    ) -> Vec<crate::model::RelationSuggestion> {
        if !self.proposes_relations(project) {
            // Nothing it could propose would be kept.
            return Vec::new();
        }
        let mut out = relations_vi::relations_vi_in(doc, extra, sentences);
        out.retain(|s| project.relation_type(&s.label).is_some());
        out
    }

    /// Whether the relation rules run and the project keeps what they find.
    fn proposes_relations(&self, project: &Project) -> bool {
        self.engines.contains(&Engine::RulesVi)
            && relations_vi::TYPES
                .iter()
                .any(|t| project.relation_type(t).is_some())
    }
}

/// Runs the engines on one document; labels the project lacks are dropped.
/// (Builds the models for this one call: prefer [`Extractors`] for many.)
pub fn run(project: &Project, engines: &[Engine], doc: &Document) -> Vec<Suggestion> {
    Extractors::new(project, engines).run(project, doc)
}

/// A transaction adding new suggestions to a document: drops those already
/// open, rejected before, or identical to an existing span.
pub fn add_suggestions(doc: &Document, new: Vec<Suggestion>) -> Transaction {
    Transaction {
        name: "Suggest".into(),
        edits: fresh_suggestions(doc, new)
            .into_iter()
            .map(|suggestion| Edit::AddSuggestion {
                doc: doc.id.clone(),
                suggestion,
            })
            .collect(),
    }
}

/// The suggestions of `new` that [`add_suggestions`] adds, in their order:
/// not open already, not rejected before (same place, label and source),
/// not identical to a span (same place and label), not given twice. Looked
/// up in hash sets, so a document with many suggestions costs no more than
/// one with few.
pub fn fresh_suggestions(doc: &Document, new: Vec<Suggestion>) -> Vec<Suggestion> {
    use rustc_hash::FxHashSet;
    let keep: Vec<bool> = {
        let spans: FxHashSet<(usize, usize, &str)> = doc
            .spans
            .iter()
            .map(|x| (x.start, x.end, x.label.as_str()))
            .collect();
        let mut seen: FxHashSet<(usize, usize, &str, &str)> = doc
            .suggestions
            .iter()
            .chain(&doc.rejected)
            .map(|x| (x.start, x.end, x.label.as_str(), x.source.as_str()))
            .collect();
        new.iter()
            .map(|s| {
                !spans.contains(&(s.start, s.end, s.label.as_str()))
                    && seen.insert((s.start, s.end, s.label.as_str(), s.source.as_str()))
            })
            .collect()
    };
    new.into_iter()
        .zip(keep)
        .filter_map(|(s, keep)| keep.then_some(s))
        .collect()
}

/// The span an accepted suggestion becomes (boundaries and label possibly
/// changed by the editor first, which marks it corrected).
fn accepted_span(
    doc: &Document,
    original: &Suggestion,
    start: usize,
    end: usize,
    label: &str,
    id: u64,
) -> Result<Span, EditError> {
    let corrected = (start, end, label) != (original.start, original.end, original.label.as_str());
    let origin = match crate::model::candidate_annotators(&original.source) {
        // A curation candidate taken as the annotators made it.
        Some(from) if !corrected => Origin::Curated { from },
        _ => Origin::Suggested {
            source: original.source.clone(),
            score: original.score,
            corrected,
        },
    };
    Ok(Span {
        id,
        ..make_span(doc, start, end, label, origin)?
    })
}

/// Accepts a suggestion as `start..end` with `label` (its own unless the
/// editor changed them). A corrected suggestion is also remembered as
/// rejected in its original form, so evaluation sees what the extractor
/// really proposed and re-runs do not propose it again.
pub fn accept(
    doc: &Document,
    original: &Suggestion,
    start: usize,
    end: usize,
    label: &str,
) -> Result<Transaction, EditError> {
    let span = accepted_span(doc, original, start, end, label, doc.next_span_id())?;
    let corrected = matches!(
        span.origin,
        Origin::Suggested {
            corrected: true,
            ..
        }
    );
    let mut tx = Transaction {
        name: format!("Accept {label} suggestion"),
        edits: vec![
            Edit::RemoveSuggestion {
                doc: doc.id.clone(),
                suggestion: original.clone(),
            },
            Edit::AddSpan {
                doc: doc.id.clone(),
                span,
            },
        ],
    };
    if corrected {
        tx.edits.push(Edit::AddRejected {
            doc: doc.id.clone(),
            suggestion: original.clone(),
        });
    }
    tx.edits.extend(start_work(doc));
    Ok(tx)
}

/// Rejects a suggestion (remembered, so it is not proposed again).
pub fn reject(doc: &Document, s: &Suggestion) -> Transaction {
    Transaction {
        name: format!("Reject {} suggestion", s.label),
        edits: vec![
            Edit::RemoveSuggestion {
                doc: doc.id.clone(),
                suggestion: s.clone(),
            },
            Edit::AddRejected {
                doc: doc.id.clone(),
                suggestion: s.clone(),
            },
        ],
    }
}

/// What a bulk accept did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkAccept {
    /// Suggestions accepted.
    pub accepted: usize,
    /// Skipped: they conflict with a span (or a better suggestion) of the same label.
    pub conflicts: usize,
    /// Skipped: below the score threshold.
    pub below_threshold: usize,
}

/// Accepts every suggestion with `score >= min_score` that conflicts with
/// nothing, best score first; one transaction.
pub fn accept_all(doc: &Document, min_score: f64) -> (Transaction, BulkAccept) {
    let mut report = BulkAccept::default();
    let mut order: Vec<&Suggestion> = doc.suggestions.iter().collect();
    order.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then((a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)))
    });
    let mut tx = Transaction {
        name: format!("Accept all suggestions with score ≥ {min_score:.2}"),
        edits: Vec::new(),
    };
    let mut taken: Vec<(usize, usize, &str)> = Vec::new();
    let mut next_id = doc.next_span_id();
    for s in order {
        if s.score < min_score {
            report.below_threshold += 1;
            continue;
        }
        let clash = doc.suggestion_conflicts(s)
            || doc
                .spans
                .iter()
                .any(|x| x.start == s.start && x.end == s.end && x.label == s.label)
            || taken
                .iter()
                .any(|&(a, b, l)| l == s.label && a < s.end && s.start < b);
        if clash {
            report.conflicts += 1;
            continue;
        }
        if let Ok(span) = accepted_span(doc, s, s.start, s.end, &s.label, next_id) {
            next_id += 1;
            taken.push((s.start, s.end, &s.label));
            tx.edits.push(Edit::RemoveSuggestion {
                doc: doc.id.clone(),
                suggestion: s.clone(),
            });
            tx.edits.push(Edit::AddSpan {
                doc: doc.id.clone(),
                span,
            });
            report.accepted += 1;
        }
    }
    if report.accepted > 0 {
        tx.edits.extend(start_work(doc));
    }
    (tx, report)
}

/// Rejects every open suggestion of the document; one transaction, and how
/// many suggestions it rejects.
pub fn reject_all(doc: &Document) -> (Transaction, usize) {
    let mut tx = Transaction {
        name: "Reject all suggestions".into(),
        edits: Vec::new(),
    };
    for s in &doc.suggestions {
        tx.edits.extend(reject(doc, s).edits);
    }
    (tx, doc.suggestions.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply;
    use crate::model::default_labels;

    fn sug(doc: &Document, start: usize, end: usize, label: &str, score: f64) -> Suggestion {
        Suggestion {
            start,
            end,
            label: label.into(),
            text: doc.slice(start, end).unwrap().into(),
            source: "t".into(),
            score,
        }
    }

    fn project() -> Project {
        let mut p = Project::new("p", default_labels());
        p.documents
            .push(Document::new("d", "Ông Lê Văn Tám, Bí thư Tỉnh ủy, nói."));
        p
    }

    #[test]
    fn accept_reject_correct_and_undo() {
        let mut p = project();
        let d = p.documents[0].clone();
        let s1 = sug(&d, 4, 14, "person", 0.9);
        let s2 = sug(&d, 16, 30, "position", 0.8);
        apply(
            &mut p,
            &add_suggestions(&d, vec![s1.clone(), s2.clone(), s1.clone()]),
        )
        .unwrap();
        assert_eq!(p.documents[0].suggestions.len(), 2);
        let before = p.clone();
        // Accept the first as is.
        let tx = accept(&p.documents[0], &s1, 4, 14, "person").unwrap();
        apply(&mut p, &tx).unwrap();
        let span = &p.documents[0].spans[0];
        assert_eq!(
            span.origin,
            Origin::Suggested {
                source: "t".into(),
                score: 0.9,
                corrected: false
            }
        );
        // Accept the second shortened to "Bí thư": corrected, original remembered.
        let tx2 = accept(&p.documents[0], &s2, 16, 22, "position").unwrap();
        apply(&mut p, &tx2).unwrap();
        let d = &p.documents[0];
        assert!(matches!(
            d.spans[1].origin,
            Origin::Suggested {
                corrected: true,
                ..
            }
        ));
        assert_eq!(d.rejected, vec![s2.clone()]);
        assert!(d.suggestions.is_empty());
        apply(&mut p, &tx2.inverse()).unwrap();
        apply(&mut p, &tx.inverse()).unwrap();
        assert_eq!(p, before);
        // Rejected suggestions are not proposed again.
        let tx = reject(&p.documents[0], &s1);
        apply(&mut p, &tx).unwrap();
        assert!(add_suggestions(&p.documents[0], vec![s1.clone()]).is_empty());
    }

    #[test]
    fn bulk_accept_skips_conflicts_and_low_scores() {
        let mut p = project();
        let d = p.documents[0].clone();
        let existing = make_span(&d, 4, 6, "person", Origin::Manual).unwrap();
        apply(
            &mut p,
            &Transaction::single(
                "x",
                Edit::AddSpan {
                    doc: "d".into(),
                    span: existing,
                },
            ),
        )
        .unwrap();
        let d = p.documents[0].clone();
        let s = vec![
            sug(&d, 4, 14, "person", 0.9), // conflicts with the manual "Lê"... span
            sug(&d, 16, 30, "position", 0.8), // fine
            sug(&d, 16, 22, "position", 0.7), // overlaps the better one above
            sug(&d, 32, 35, "metric", 0.2), // below threshold
        ];
        apply(&mut p, &add_suggestions(&d, s)).unwrap();
        assert!(p.documents[0].suggestion_conflicts(&p.documents[0].suggestions[0]));
        let (tx, r) = accept_all(&p.documents[0], 0.5);
        assert_eq!(
            r,
            BulkAccept {
                accepted: 1,
                conflicts: 2,
                below_threshold: 1
            }
        );
        apply(&mut p, &tx).unwrap();
        assert_eq!(p.documents[0].spans.len(), 2);
        let (tx, n) = reject_all(&p.documents[0]);
        assert_eq!(n, 3);
        apply(&mut p, &tx).unwrap();
        assert!(p.documents[0].suggestions.is_empty());
        assert_eq!(p.documents[0].rejected.len(), 3);
    }
}

//! Review of relation suggestions (accept, reject, add new ones without
//! repeats) and their evaluation: precision, recall and F1 per relation
//! type, a relation counting as right when its type and both end spans
//! (start, end, label) match exactly.
//!
//! Relations whose note starts with `former` or `elected` are neither
//! counted nor held against a prediction (the guidelines leave them open).

use super::eval::Counts;
use crate::edit::relations::make_relation;
use crate::edit::{Edit, EditError, Transaction};
use crate::model::{Document, Origin, Project, RelationSuggestion, Span, Status};
use std::collections::{BTreeMap, BTreeSet};

/// A relation by its ends: (type, from (start, end, label), to).
pub type RelationKey = (String, (usize, usize, String), (usize, usize, String));

/// Adds the relation suggestions not yet open, rejected, or already a
/// relation of the document; only types the project has and ends it allows.
pub fn add_relation_suggestions(
    project: &Project,
    doc: &Document,
    new: Vec<RelationSuggestion>,
) -> Vec<Edit> {
    let existing: BTreeSet<RelationKey> = relation_keys(doc).into_iter().collect();
    let mut seen: Vec<RelationSuggestion> = Vec::new();
    let mut edits = Vec::new();
    for s in new {
        let fits = project
            .relation_type(&s.label)
            .is_some_and(|t| t.allows(&s.from.2, &s.to.2));
        let same = |x: &RelationSuggestion| x.key() == s.key();
        let known = doc.relation_suggestions.iter().any(same)
            || doc.rejected_relations.iter().any(same)
            || seen.iter().any(same)
            || existing.contains(&(s.label.clone(), s.from.clone(), s.to.clone()));
        if fits && !known {
            seen.push(s.clone());
            edits.push(Edit::AddRelationSuggestion {
                doc: doc.id.clone(),
                suggestion: s,
                rejected: false,
            });
        }
    }
    edits
}

/// The document's relations by their ends.
pub fn relation_keys(doc: &Document) -> Vec<RelationKey> {
    let end = |id| {
        doc.span(id)
            .map(|s: &Span| (s.start, s.end, s.label.clone()))
    };
    doc.relations
        .iter()
        .filter_map(|r| Some((r.label.clone(), end(r.from)?, end(r.to)?)))
        .collect()
}

/// Accepting a relation suggestion: ends that are not spans yet become
/// spans (a matching open span suggestion leaves the open list), then the
/// relation is added and the suggestion leaves its list.
pub fn accept(doc: &Document, s: &RelationSuggestion) -> Result<Transaction, EditError> {
    let mut edits = Vec::new();
    let mut next_id = doc.next_span_id();
    let mut ids = Vec::new();
    for (start, end, label) in [&s.from, &s.to] {
        let found = doc
            .spans
            .iter()
            .find(|x| x.start == *start && x.end == *end && x.label == *label);
        if let Some(x) = found {
            ids.push(x.id);
            continue;
        }
        let origin = Origin::Suggested {
            source: s.source.clone(),
            score: s.score,
            corrected: false,
        };
        let mut span = crate::edit::make_span(doc, *start, *end, label, origin)?;
        span.id = next_id;
        next_id += 1;
        if let Some(open) = doc
            .suggestions
            .iter()
            .find(|x| x.start == *start && x.end == *end && x.label == *label)
        {
            edits.push(Edit::RemoveSuggestion {
                doc: doc.id.clone(),
                suggestion: open.clone(),
            });
        }
        ids.push(span.id);
        edits.push(Edit::AddSpan {
            doc: doc.id.clone(),
            span,
        });
    }
    let (Some(from), Some(to)) = (ids.first(), ids.get(1)) else {
        return Err(EditError::Invalid("a relation needs two ends".into()));
    };
    let mut rel = make_relation(
        doc,
        &s.label,
        *from,
        *to,
        Origin::Suggested {
            source: s.source.clone(),
            score: s.score,
            corrected: false,
        },
    );
    rel.id = doc.next_relation_id();
    edits.push(Edit::AddRelation {
        doc: doc.id.clone(),
        relation: rel,
    });
    edits.push(Edit::RemoveRelationSuggestion {
        doc: doc.id.clone(),
        suggestion: s.clone(),
        rejected: false,
    });
    edits.extend(crate::edit::start_work(doc));
    Ok(Transaction {
        name: format!("Accept {} relation suggestion", s.label),
        edits,
    })
}

/// Rejecting: the suggestion moves to the rejected list.
pub fn reject(doc: &Document, s: &RelationSuggestion) -> Transaction {
    Transaction {
        name: format!("Reject {} relation suggestion", s.label),
        edits: vec![
            Edit::RemoveRelationSuggestion {
                doc: doc.id.clone(),
                suggestion: s.clone(),
                rejected: false,
            },
            Edit::AddRelationSuggestion {
                doc: doc.id.clone(),
                suggestion: s.clone(),
                rejected: true,
            },
        ],
    }
}

/// Whether a gold relation is left out of scoring (former or elected posts).
pub fn is_open_case(note: &str) -> bool {
    let n = note.trim_start().to_lowercase();
    n.starts_with("former") || n.starts_with("elected")
}

/// Relation scores per type and overall.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RelationEvaluation {
    /// Per relation type, sorted by name.
    pub types: BTreeMap<String, Counts>,
    /// All together (micro average).
    pub overall: Counts,
    /// Gold relations left out (former / elected).
    pub left_out: usize,
}

/// Scores predicted relations against gold, per document (parallel
/// slices). `open` lists, per document, the gold relations that count
/// neither way.
pub fn score_relations(
    gold: &[Vec<RelationKey>],
    open: &[Vec<RelationKey>],
    predicted: &[Vec<RelationKey>],
) -> RelationEvaluation {
    let mut ev = RelationEvaluation::default();
    for (i, g) in gold.iter().enumerate() {
        let g: BTreeSet<&RelationKey> = g.iter().collect();
        let o: BTreeSet<&RelationKey> = open.get(i).map(|o| o.iter().collect()).unwrap_or_default();
        ev.left_out += o.len();
        let p: BTreeSet<&RelationKey> = predicted
            .get(i)
            .map(|p| p.iter().filter(|k| !o.contains(k)).collect())
            .unwrap_or_default();
        for k in &p {
            let c = ev.types.entry(k.0.clone()).or_default();
            if g.contains(k) {
                c.tp += 1;
            } else {
                c.fp += 1;
            }
        }
        for k in g.iter().filter(|k| !p.contains(*k)) {
            ev.types.entry(k.0.clone()).or_default().fn_ += 1;
        }
    }
    for c in ev.types.values() {
        ev.overall.tp += c.tp;
        ev.overall.fp += c.fp;
        ev.overall.fn_ += c.fn_;
    }
    ev
}

/// Gold relations of a document split into (counted, open cases).
pub fn gold_relations(doc: &Document) -> (Vec<RelationKey>, Vec<RelationKey>) {
    let keys = relation_keys(doc);
    let mut counted = Vec::new();
    let mut open = Vec::new();
    for (r, k) in doc.relations.iter().zip(keys) {
        if is_open_case(&r.note) {
            open.push(k);
        } else {
            counted.push(k);
        }
    }
    (counted, open)
}

/// Evaluates relation source `source` on the done documents. For `rules-vi`
/// the predictions are what the rules propose now given the gold spans;
/// for another source, its open and rejected relation suggestions and the
/// relations accepted from it.
pub fn evaluate_relations(project: &Project, source: &str) -> RelationEvaluation {
    let (mut gold, mut open, mut pred) = (Vec::new(), Vec::new(), Vec::new());
    for d in project
        .documents
        .iter()
        .filter(|d| d.status == Status::Done)
    {
        let (g, o) = gold_relations(d);
        gold.push(g);
        open.push(o);
        let to_key = |s: &RelationSuggestion| (s.label.clone(), s.from.clone(), s.to.clone());
        if source == super::Engine::RulesVi.name() {
            // Given gold spans: the rules see the confirmed spans only.
            let mut spans_only = d.clone();
            spans_only.suggestions.clear();
            pred.push(
                super::relations_vi::relations_vi(&spans_only)
                    .iter()
                    .filter(|s| project.relation_type(&s.label).is_some())
                    .map(to_key)
                    .collect(),
            );
            continue;
        }
        let mut p: Vec<RelationKey> = d
            .relation_suggestions
            .iter()
            .chain(&d.rejected_relations)
            .filter(|s| s.source == source)
            .map(to_key)
            .collect();
        let keys = relation_keys(d);
        p.extend(d.relations.iter().zip(keys).filter_map(|(r, k)| {
            matches!(&r.origin, Origin::Suggested { source: s, corrected: false, .. } if s == source)
                .then_some(k)
        }));
        pred.push(p);
    }
    score_relations(&gold, &open, &pred)
}

impl std::fmt::Display for RelationEvaluation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{:<12} {:>9} {:>9} {:>9} {:>5} {:>5} {:>5}",
            "relation", "precision", "recall", "F1", "TP", "FP", "FN"
        )?;
        for (name, c) in self
            .types
            .iter()
            .chain([(&"overall".to_owned(), &self.overall)])
        {
            writeln!(
                f,
                "{name:<12} {:>9.3} {:>9.3} {:>9.3} {:>5} {:>5} {:>5}",
                c.precision(),
                c.recall(),
                c.f1(),
                c.tp,
                c.fp,
                c.fn_
            )?;
        }
        write!(
            f,
            "({} former/elected relation(s) not counted)",
            self.left_out
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(t: &str, a: usize, b: usize) -> RelationKey {
        (
            t.into(),
            (a, a + 1, "person".into()),
            (b, b + 1, "position".into()),
        )
    }

    #[test]
    fn hand_computed_scores() {
        // Gold: 0->5, 0->7, 2->9 (open case). Predicted: 0->5 (right),
        // 0->9 (wrong), 2->9 (open: not counted).
        let gold = vec![vec![k("holds", 0, 5), k("holds", 0, 7)]];
        let open = vec![vec![k("holds", 2, 9)]];
        let pred = vec![vec![k("holds", 0, 5), k("holds", 0, 9), k("holds", 2, 9)]];
        let ev = score_relations(&gold, &open, &pred);
        let c = ev.types["holds"];
        assert_eq!((c.tp, c.fp, c.fn_), (1, 1, 1));
        assert!((c.f1() - 0.5).abs() < 1e-9);
        assert_eq!(ev.left_out, 1);
    }
}

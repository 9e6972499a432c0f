//! Pre-filling the gold layer with what annotators agree on: `gloss merge
//! --strategy unanimous|majority`.
//!
//! Invariants: only documents done by all their annotators (see
//! [`super::annotators_of`]; at least one) are merged; a span (exact start,
//! end, label) goes into the gold layer when all of them (unanimous) or more
//! than half of them (majority) have it, with origin
//! `Curated { from: [the annotators who have it] }`; a span the gold layer
//! already has (same start, end, label) is not added twice, nor one that
//! would clash with a gold span of the same label. The result is one
//! transaction (one undo step); nothing else changes.

use super::{annotators_of, Layers};
use crate::edit::{make_span, Edit, Transaction};
use crate::model::{Origin, Project, Status};
use std::collections::BTreeMap;

/// How many annotators must agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// All of the document's annotators.
    Unanimous,
    /// More than half of them.
    Majority,
}

impl Strategy {
    /// Parses `unanimous` or `majority`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "unanimous" => Some(Strategy::Unanimous),
            "majority" => Some(Strategy::Majority),
            _ => None,
        }
    }
}

/// What a merge would do.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MergePlan {
    /// The edits (spans added to gold documents).
    pub tx: Transaction,
    /// Documents merged (ids, project order) with the spans each gains.
    pub merged: Vec<(String, usize)>,
    /// Documents skipped, with why (ids, project order).
    pub skipped: Vec<(String, String)>,
}

/// Plans the merge of `layers` into `project`'s gold layer.
pub fn plan(project: &Project, layers: &Layers, strategy: Strategy) -> MergePlan {
    let mut out = MergePlan {
        tx: Transaction {
            name: format!(
                "Merge annotators' spans ({})",
                match strategy {
                    Strategy::Unanimous => "unanimous",
                    Strategy::Majority => "majority",
                }
            ),
            edits: Vec::new(),
        },
        ..Default::default()
    };
    for gold in &project.documents {
        let names = annotators_of(project, layers, &gold.id);
        if names.is_empty() {
            out.skipped.push((gold.id.clone(), "no annotator".into()));
            continue;
        }
        let not_done: Vec<&String> = names
            .iter()
            .filter(|a| {
                layers
                    .get(*a)
                    .and_then(|d| d.get(&gold.id))
                    .is_none_or(|d| d.status != Status::Done)
            })
            .collect();
        if !not_done.is_empty() {
            let list: Vec<&str> = not_done.iter().map(|s| s.as_str()).collect();
            out.skipped
                .push((gold.id.clone(), format!("not done by {}", list.join(", "))));
            continue;
        }
        let mut votes: BTreeMap<(usize, usize, String), Vec<String>> = BTreeMap::new();
        for a in &names {
            let doc = &layers[a][&gold.id];
            let mut keys: Vec<(usize, usize, String)> = doc
                .spans
                .iter()
                .map(|s| (s.start, s.end, s.label.clone()))
                .collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                votes.entry(k).or_default().push(a.clone());
            }
        }
        let need = match strategy {
            Strategy::Unanimous => names.len(),
            Strategy::Majority => names.len() / 2 + 1,
        };
        let mut next = gold.next_span_id();
        let mut added: Vec<crate::model::Span> = Vec::new();
        for ((start, end, label), from) in votes {
            if from.len() < need {
                continue;
            }
            let exists = gold
                .spans
                .iter()
                .chain(&added)
                .any(|s| s.label == label && s.overlaps(start, end));
            if exists {
                continue;
            }
            let Ok(mut span) = make_span(gold, start, end, &label, Origin::Curated { from }) else {
                continue;
            };
            span.id = next;
            next += 1;
            added.push(span);
        }
        out.merged.push((gold.id.clone(), added.len()));
        out.tx
            .edits
            .extend(added.into_iter().map(|span| Edit::AddSpan {
                doc: gold.id.clone(),
                span,
            }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{default_labels, Document};

    fn layer(text: &str, spans: &[(usize, usize, &str)], status: Status) -> Document {
        let mut d = Document::new("d", text);
        for (i, (s, e, l)) in spans.iter().enumerate() {
            let mut span = make_span(&d, *s, *e, l, Origin::Manual).unwrap();
            span.id = i as u64 + 1;
            d.spans.push(span);
        }
        d.status = status;
        d
    }

    fn setup(statuses: [Status; 3]) -> (Project, Layers) {
        let text = "Ông Lê Văn Tám, Chủ tịch UBND tỉnh";
        let mut p = Project::new("p", default_labels());
        p.documents.push(Document::new("d", text));
        p.annotators = vec!["a".into(), "b".into(), "c".into()];
        p.assignments.insert("d".into(), p.annotators.clone());
        let mut layers = Layers::new();
        layers.insert(
            "a".into(),
            [(
                "d".into(),
                layer(
                    text,
                    &[(4, 14, "person"), (16, 34, "position")],
                    statuses[0],
                ),
            )]
            .into(),
        );
        layers.insert(
            "b".into(),
            [(
                "d".into(),
                layer(
                    text,
                    &[(4, 14, "person"), (16, 24, "position")],
                    statuses[1],
                ),
            )]
            .into(),
        );
        layers.insert(
            "c".into(),
            [(
                "d".into(),
                layer(
                    text,
                    &[(4, 14, "person"), (16, 34, "position")],
                    statuses[2],
                ),
            )]
            .into(),
        );
        (p, layers)
    }

    #[test]
    fn unanimous_takes_what_all_have_majority_what_most_have() {
        let (p, layers) = setup([Status::Done; 3]);
        let u = plan(&p, &layers, Strategy::Unanimous);
        assert_eq!(u.merged, vec![("d".to_owned(), 1)]);
        let Edit::AddSpan { span, .. } = &u.tx.edits[0] else {
            panic!()
        };
        assert_eq!(
            (span.start, span.end, span.label.as_str()),
            (4, 14, "person")
        );
        assert_eq!(
            span.origin,
            Origin::Curated {
                from: vec!["a".into(), "b".into(), "c".into()]
            }
        );
        let m = plan(&p, &layers, Strategy::Majority);
        assert_eq!(m.merged, vec![("d".to_owned(), 2)]);
        let Edit::AddSpan { span, .. } = &m.tx.edits[1] else {
            panic!()
        };
        assert_eq!(
            span.origin,
            Origin::Curated {
                from: vec!["a".into(), "c".into()]
            }
        );
        let mut merged = p.clone();
        crate::edit::apply(&mut merged, &m.tx).unwrap();
        assert_eq!(merged.documents[0].spans.len(), 2);
        // Merging again adds nothing.
        assert!(plan(&merged, &layers, Strategy::Majority)
            .tx
            .edits
            .is_empty());
    }

    #[test]
    fn documents_not_done_by_all_are_skipped() {
        let (p, layers) = setup([Status::Done, Status::InProgress, Status::Done]);
        let u = plan(&p, &layers, Strategy::Majority);
        assert!(u.tx.edits.is_empty());
        assert_eq!(
            u.skipped,
            vec![("d".to_owned(), "not done by b".to_owned())]
        );
    }
}

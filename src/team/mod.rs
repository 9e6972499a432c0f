//! Teams: several annotators, each with a layer per document (see
//! `store::layers`), and the curator's tools over those layers: who
//! annotates what ([`assign`]), how well annotators agree ([`agree`]), and
//! pre-filling the gold layer with what they agree on ([`merge`]).
//!
//! Layering: `team` uses `store`, `suggest::eval`, `edit`, `model`, `text`; no
//! GUI toolkit. Every
//! result is deterministic and sorted (annotators by name, documents in
//! project order).

pub mod agree;
pub mod assign;
pub mod merge;

use crate::model::{Document, Project, Status};
use std::collections::BTreeMap;

/// Each annotator's layers: annotator -> document id -> document.
pub type Layers = BTreeMap<String, BTreeMap<String, Document>>;

/// The annotators of document `id`: those it is assigned to, or when it is
/// assigned to nobody, those who have a layer of it. Sorted.
pub fn annotators_of(project: &Project, layers: &Layers, id: &str) -> Vec<String> {
    match project.assignments.get(id) {
        Some(names) if !names.is_empty() => names.clone(),
        _ => layers
            .iter()
            .filter(|(_, docs)| docs.contains_key(id))
            .map(|(a, _)| a.clone())
            .collect(),
    }
}

/// The layers of document `id` by annotator, those with `status` Done only
/// when `done_only`.
pub fn layers_of<'a>(
    layers: &'a Layers,
    id: &str,
    done_only: bool,
) -> BTreeMap<&'a str, &'a Document> {
    layers
        .iter()
        .filter_map(|(a, docs)| docs.get(id).map(|d| (a.as_str(), d)))
        .filter(|(_, d)| !done_only || d.status == Status::Done)
        .collect()
}

//! Inter-annotator agreement over annotator layers: `gloss agree`.
//!
//! For every pair of annotators, on the documents both have a layer of (done
//! ones by default):
//! - span precision, recall and F1 per label ([`crate::suggest::eval::score`],
//!   the first annotator of the pair taken as reference; F1 is symmetric),
//!   strict (same start, end, label) or overlap (same label, sharing a char);
//! - token-level Cohen's kappa over ALL tokens of those documents (syllable
//!   tokens of `text::tokens`), `O` included, so a span one annotator has
//!   and the other lacks counts as disagreement. Tags are IO (the label of
//!   the span covering the token, `O` for none; where spans of two labels
//!   cover a token, the first span in (start, end, label) order wins), not
//!   BIO: two adjacent spans of one label read as one;
//! - relation F1 (same type, same ends by start, end and label) when either
//!   has relations.
//!
//! Fleiss' kappa is computed for each group of documents that the same
//! number k ≥ 3 of annotators have layers of (each token an item rated by
//! k annotators). Per-document figures (span F1, kappa) are listed so the
//! worst documents can be found. Kappa is `None` when undefined (both
//! annotators gave every token the same single tag: chance agreement 1).

use super::{layers_of, Layers};
use crate::model::{Document, Project};
use crate::suggest::eval::{score, Evaluation, Labeled, MatchMode};
use crate::text::tokens::tokenize;
use std::collections::BTreeMap;

/// The tag of a token outside every span.
pub const OUTSIDE: &str = "O";

/// What to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Span matching.
    pub mode: MatchMode,
    /// Only these labels (empty: all). Tokens of other labels count as `O`.
    pub labels: Vec<String>,
    /// Also documents not marked done by the annotators.
    pub all_documents: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            mode: MatchMode::Strict,
            labels: Vec::new(),
            all_documents: false,
        }
    }
}

/// Agreement of one pair of annotators.
#[derive(Debug, Clone, PartialEq)]
pub struct PairAgreement {
    /// First annotator (the reference for precision and recall).
    pub a: String,
    /// Second annotator.
    pub b: String,
    /// Shared documents compared (ids, project order).
    pub documents: Vec<String>,
    /// Span scores, b against a.
    pub spans: Evaluation,
    /// Token-level Cohen's kappa (IO tags, `O` included).
    pub kappa: Option<f64>,
    /// Tokens compared.
    pub tokens: usize,
    /// Relation F1, when either has relations.
    pub relation_f1: Option<f64>,
}

/// One document's figures for one pair.
#[derive(Debug, Clone, PartialEq)]
pub struct DocAgreement {
    /// Document id.
    pub doc: String,
    /// First annotator.
    pub a: String,
    /// Second annotator.
    pub b: String,
    /// Strict (or overlap) span F1 over all labels.
    pub f1: f64,
    /// Token-level Cohen's kappa.
    pub kappa: Option<f64>,
}

/// Fleiss' kappa over the documents that `raters` annotators have layers of.
#[derive(Debug, Clone, PartialEq)]
pub struct FleissAgreement {
    /// Annotators per document.
    pub raters: usize,
    /// The documents (ids, project order).
    pub documents: Vec<String>,
    /// Tokens (items).
    pub tokens: usize,
    /// The kappa.
    pub kappa: Option<f64>,
}

/// Everything `gloss agree` reports.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    /// Per pair of annotators (sorted by names), with at least one shared
    /// document.
    pub pairs: Vec<PairAgreement>,
    /// Per document and pair, worst first (lowest kappa, then F1, then id).
    pub documents: Vec<DocAgreement>,
    /// Fleiss' kappa per number of raters ≥ 3.
    pub fleiss: Vec<FleissAgreement>,
}

/// The IO tag of every token of `doc` (labels outside `keep` count as `O`
/// when `keep` is non-empty).
pub fn token_tags(doc: &Document, keep: &[String]) -> Vec<String> {
    let mut spans: Vec<&crate::model::Span> = doc
        .spans
        .iter()
        .filter(|s| keep.is_empty() || keep.contains(&s.label))
        .collect();
    spans.sort_by(|x, y| x.key().cmp(&y.key()));
    tokenize(&doc.text)
        .iter()
        .map(|t| {
            spans
                .iter()
                .find(|s| s.overlaps(t.start, t.end))
                .map_or_else(|| OUTSIDE.to_owned(), |s| s.label.clone())
        })
        .collect()
}

/// Cohen's kappa of two parallel tag sequences: (p_o - p_e) / (1 - p_e),
/// p_e from each rater's own tag frequencies (as scikit-learn's
/// `cohen_kappa_score`). `None` when empty or p_e = 1.
pub fn cohen_kappa(a: &[String], b: &[String]) -> Option<f64> {
    let n = a.len().min(b.len());
    if n == 0 {
        return None;
    }
    let mut agree = 0usize;
    let mut fa: BTreeMap<&str, usize> = BTreeMap::new();
    let mut fb: BTreeMap<&str, usize> = BTreeMap::new();
    for (x, y) in a.iter().zip(b) {
        agree += usize::from(x == y);
        *fa.entry(x).or_default() += 1;
        *fb.entry(y).or_default() += 1;
    }
    let n = n as f64;
    let po = agree as f64 / n;
    let pe: f64 = fa
        .iter()
        .map(|(k, ca)| *ca as f64 / n * fb.get(k).copied().unwrap_or(0) as f64 / n)
        .sum();
    if (1.0 - pe).abs() < 1e-12 {
        return None;
    }
    Some((po - pe) / (1.0 - pe))
}

/// Fleiss' kappa: `items[i]` holds the tags the raters gave item i (the same
/// number of raters for every item, at least 2). `None` when undefined.
pub fn fleiss_kappa(items: &[Vec<String>]) -> Option<f64> {
    let n_items = items.len();
    let raters = items.first()?.len();
    if raters < 2 || items.iter().any(|i| i.len() != raters) {
        return None;
    }
    let (n, r) = (n_items as f64, raters as f64);
    let mut totals: BTreeMap<&str, usize> = BTreeMap::new();
    let mut p_bar = 0.0;
    for item in items {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for t in item {
            *counts.entry(t).or_default() += 1;
            *totals.entry(t).or_default() += 1;
        }
        let agree: f64 = counts.values().map(|c| (*c * (*c - 1)) as f64).sum();
        p_bar += agree / (r * (r - 1.0));
    }
    p_bar /= n;
    let pe: f64 = totals
        .values()
        .map(|c| {
            let p = *c as f64 / (n * r);
            p * p
        })
        .sum();
    if (1.0 - pe).abs() < 1e-12 {
        return None;
    }
    Some((p_bar - pe) / (1.0 - pe))
}

fn labeled(doc: &Document, keep: &[String]) -> Vec<Labeled> {
    doc.spans
        .iter()
        .filter(|s| keep.is_empty() || keep.contains(&s.label))
        .map(|s| (s.start, s.end, s.label.clone()))
        .collect()
}

type RelKey = (String, (usize, usize, String), (usize, usize, String));

fn relation_keys(doc: &Document) -> Vec<RelKey> {
    let key = |id| {
        doc.span(id)
            .map(|s| (s.start, s.end, s.label.clone()))
            .unwrap_or_default()
    };
    let mut out: Vec<RelKey> = doc
        .relations
        .iter()
        .map(|r| (r.label.clone(), key(r.from), key(r.to)))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Computes the whole report. `layers` as [`crate::store::layers::load_layers`]
/// gives them; documents are visited in project order.
pub fn agreement(project: &Project, layers: &Layers, options: &Options) -> Report {
    let keep = &options.labels;
    let done_only = !options.all_documents;
    let names: Vec<&String> = layers.keys().collect();
    let mut report = Report::default();
    for (i, a) in names.iter().enumerate() {
        for b in &names[i + 1..] {
            let mut docs = Vec::new();
            let (mut ga, mut gb) = (Vec::new(), Vec::new());
            let (mut ta, mut tb) = (Vec::new(), Vec::new());
            let (mut ra, mut rb, mut rboth) = (0usize, 0usize, 0usize);
            for gold in &project.documents {
                let by = layers_of(layers, &gold.id, done_only);
                let (Some(da), Some(db)) = (by.get(a.as_str()), by.get(b.as_str())) else {
                    continue;
                };
                docs.push(gold.id.clone());
                let (la, lb) = (labeled(da, keep), labeled(db, keep));
                let (xa, xb) = (token_tags(da, keep), token_tags(db, keep));
                let one = score(
                    std::slice::from_ref(&la),
                    std::slice::from_ref(&lb),
                    options.mode,
                );
                report.documents.push(DocAgreement {
                    doc: gold.id.clone(),
                    a: (*a).clone(),
                    b: (*b).clone(),
                    f1: one.overall.f1(),
                    kappa: cohen_kappa(&xa, &xb),
                });
                ga.push(la);
                gb.push(lb);
                ta.extend(xa);
                tb.extend(xb);
                let (ka, kb) = (relation_keys(da), relation_keys(db));
                ra += ka.len();
                rb += kb.len();
                rboth += ka.iter().filter(|k| kb.binary_search(k).is_ok()).count();
            }
            if docs.is_empty() {
                continue;
            }
            let relation_f1 = (ra + rb > 0).then(|| 2.0 * rboth as f64 / (ra + rb) as f64);
            report.pairs.push(PairAgreement {
                a: (*a).clone(),
                b: (*b).clone(),
                spans: score(&ga, &gb, options.mode),
                kappa: cohen_kappa(&ta, &tb),
                tokens: ta.len(),
                documents: docs,
                relation_f1,
            });
        }
    }
    report.documents.sort_by(|x, y| {
        let k = |d: &DocAgreement| d.kappa.unwrap_or(1.0);
        k(x).total_cmp(&k(y))
            .then(x.f1.total_cmp(&y.f1))
            .then_with(|| (&x.doc, &x.a, &x.b).cmp(&(&y.doc, &y.a, &y.b)))
    });
    // Fleiss: documents grouped by how many annotators have layers of them.
    let mut groups: BTreeMap<usize, (Vec<String>, Vec<Vec<String>>)> = BTreeMap::new();
    for gold in &project.documents {
        let by = layers_of(layers, &gold.id, done_only);
        if by.len() < 3 {
            continue;
        }
        let tags: Vec<Vec<String>> = by.values().map(|d| token_tags(d, keep)).collect();
        let group = groups.entry(by.len()).or_default();
        group.0.push(gold.id.clone());
        let len = tags.iter().map(Vec::len).min().unwrap_or(0);
        for t in 0..len {
            group.1.push(tags.iter().map(|v| v[t].clone()).collect());
        }
    }
    for (raters, (documents, items)) in groups {
        report.fleiss.push(FleissAgreement {
            raters,
            documents,
            tokens: items.len(),
            kappa: fleiss_kappa(&items),
        });
    }
    report
}

/// The agreement of each document (lowest kappa over its pairs), for the
/// curator's document list: document id -> (kappa, pairs compared).
pub fn per_document(report: &Report) -> BTreeMap<String, Option<f64>> {
    let mut out: BTreeMap<String, Option<f64>> = BTreeMap::new();
    for d in &report.documents {
        let k = d.kappa.or(Some(1.0).filter(|_| d.f1 == 1.0));
        out.entry(d.doc.clone())
            .and_modify(|e| {
                *e = match (*e, k) {
                    (Some(x), Some(y)) => Some(x.min(y)),
                    (x, y) => x.or(y),
                }
            })
            .or_insert(k);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn cohen_kappa_by_hand() {
        // 10 tokens, agree on 8: p_o = 0.8; a: O 6, P 4; b: O 6, P 4;
        // p_e = 0.36 + 0.16 = 0.52; kappa = 0.28 / 0.48.
        let a = tags("O O P P O O P P O O");
        let b = tags("O O P O O O P P P O");
        let k = cohen_kappa(&a, &b).unwrap();
        assert!((k - 0.28 / 0.48).abs() < 1e-12, "{k}");
        assert_eq!(cohen_kappa(&a, &a), Some(1.0));
        assert_eq!(cohen_kappa(&tags("O O"), &tags("O O")), None);
    }

    #[test]
    fn fleiss_kappa_of_the_textbook_example() {
        // Fleiss (1971) as on Wikipedia: 10 items, 14 raters, 5 categories;
        // kappa = 0.210 (0.20993 to five places).
        let rows: [[usize; 5]; 10] = [
            [0, 0, 0, 0, 14],
            [0, 2, 6, 4, 2],
            [0, 0, 3, 5, 6],
            [0, 3, 9, 2, 0],
            [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0],
            [3, 2, 6, 3, 0],
            [2, 5, 3, 2, 2],
            [6, 5, 2, 1, 0],
            [0, 2, 2, 3, 7],
        ];
        let items: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                r.iter()
                    .enumerate()
                    .flat_map(|(c, n)| std::iter::repeat_n(format!("c{c}"), *n))
                    .collect()
            })
            .collect();
        let k = fleiss_kappa(&items).unwrap();
        assert!((k - 0.20993).abs() < 5e-5, "{k}");
    }
}

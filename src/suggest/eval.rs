//! Precision, recall and F1 of a suggestion source against confirmed spans.
//!
//! Gold: every span of the `done` documents. Predictions of a source: its
//! open suggestions, its rejected suggestions (including the original form of
//! corrected ones) and the spans accepted from it unchanged. So an accepted
//! suggestion counts as right, a rejected one as wrong unless a gold span
//! matches it anyway, and an open one is judged like any prediction.
//!
//! The built-in engines are deterministic, so for them the predictions are
//! what they propose now on each done document (suggestions that equal an
//! existing span are never stored, and would otherwise be missed); the
//! dictionary is learned from the other documents only (leave one out), so
//! it is not scored on what it memorised.

use crate::model::{Origin, Project, Status};
use std::collections::BTreeMap;

/// How a prediction must match a gold span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchMode {
    /// Same label, same start and end.
    Strict,
    /// Same label, overlapping ranges (one-to-one).
    Overlap,
}

impl MatchMode {
    /// Parses `strict` or `overlap`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "strict" => Some(MatchMode::Strict),
            "overlap" => Some(MatchMode::Overlap),
            _ => None,
        }
    }
}

/// Counts for one label (or overall).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Predictions that match a gold span.
    pub tp: usize,
    /// Predictions that match none.
    pub fp: usize,
    /// Gold spans no prediction matched.
    pub fn_: usize,
}

impl Counts {
    /// tp / (tp + fp); 0 with no predictions.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// tp / (tp + fn); 0 with no gold.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Scores per label and overall.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evaluation {
    /// Per label, sorted by name.
    pub labels: BTreeMap<String, Counts>,
    /// All labels together (micro average).
    pub overall: Counts,
    /// Documents evaluated.
    pub documents: usize,
}

/// A labeled char range.
pub type Labeled = (usize, usize, String);

/// Scores predictions against gold, document by document (the two slices are
/// parallel: one entry per document).
pub fn score(gold: &[Vec<Labeled>], predicted: &[Vec<Labeled>], mode: MatchMode) -> Evaluation {
    let mut ev = Evaluation {
        documents: gold.len(),
        ..Default::default()
    };
    for (g, p) in gold.iter().zip(predicted) {
        let mut used = vec![false; g.len()];
        let mut preds: Vec<&Labeled> = p.iter().collect();
        preds.sort();
        preds.dedup();
        for pr in preds {
            let hit = g.iter().enumerate().position(|(k, gs)| {
                !used[k]
                    && gs.2 == pr.2
                    && match mode {
                        MatchMode::Strict => gs.0 == pr.0 && gs.1 == pr.1,
                        MatchMode::Overlap => gs.0 < pr.1 && pr.0 < gs.1,
                    }
            });
            let c = ev.labels.entry(pr.2.clone()).or_default();
            match hit {
                Some(k) => {
                    used[k] = true;
                    c.tp += 1;
                }
                None => c.fp += 1,
            }
        }
        for (k, gs) in g.iter().enumerate() {
            if !used[k] {
                ev.labels.entry(gs.2.clone()).or_default().fn_ += 1;
            }
        }
    }
    for c in ev.labels.values() {
        ev.overall.tp += c.tp;
        ev.overall.fp += c.fp;
        ev.overall.fn_ += c.fn_;
    }
    ev
}

/// Evaluates `source` on the project's done documents.
pub fn evaluate(project: &Project, source: &str, mode: MatchMode) -> Evaluation {
    let mut gold = Vec::new();
    let mut pred = Vec::new();
    for d in project
        .documents
        .iter()
        .filter(|d| d.status == Status::Done)
    {
        gold.push(
            d.spans
                .iter()
                .map(|s| (s.start, s.end, s.label.clone()))
                .collect(),
        );
        if source == super::Engine::RulesVi.name() {
            pred.push(
                super::rules_vi(d)
                    .into_iter()
                    .map(|s| (s.start, s.end, s.label))
                    .collect(),
            );
            continue;
        }
        if source == super::Engine::Dictionary.name() {
            let mut others = project.clone();
            others.documents.retain(|o| o.id != d.id);
            let dict = super::Dictionary::learn(&others);
            pred.push(
                dict.suggest(d)
                    .into_iter()
                    .map(|s| (s.start, s.end, s.label))
                    .collect(),
            );
            continue;
        }
        let mut p: Vec<Labeled> = d
            .suggestions
            .iter()
            .chain(&d.rejected)
            .filter(|s| s.source == source)
            .map(|s| (s.start, s.end, s.label.clone()))
            .collect();
        p.extend(
            d.spans
                .iter()
                .filter(|s| matches!(&s.origin, Origin::Suggested { source: src, corrected: false, .. } if src == source))
                .map(|s| (s.start, s.end, s.label.clone())),
        );
        pred.push(p);
    }
    score(&gold, &pred, mode)
}

impl std::fmt::Display for Evaluation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{:<12} {:>9} {:>9} {:>9} {:>5} {:>5} {:>5}",
            "label", "precision", "recall", "F1", "TP", "FP", "FN"
        )?;
        let row = |f: &mut std::fmt::Formatter<'_>, name: &str, c: &Counts| {
            writeln!(
                f,
                "{name:<12} {:>9.3} {:>9.3} {:>9.3} {:>5} {:>5} {:>5}",
                c.precision(),
                c.recall(),
                c.f1(),
                c.tp,
                c.fp,
                c.fn_
            )
        };
        for (l, c) in &self.labels {
            row(f, l, c)?;
        }
        row(f, "overall", &self.overall)?;
        write!(f, "({} done document(s))", self.documents)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(a: usize, b: usize, label: &str) -> Labeled {
        (a, b, label.to_owned())
    }

    #[test]
    fn hand_computed_case() {
        // Gold: person 0..5, person 10..15, metric 20..30.
        // Predicted: person 0..5 (exact), person 10..13 (overlap only),
        // metric 40..45 (wrong), position 0..5 (wrong label).
        let gold = vec![vec![
            l(0, 5, "person"),
            l(10, 15, "person"),
            l(20, 30, "metric"),
        ]];
        let pred = vec![vec![
            l(0, 5, "person"),
            l(10, 13, "person"),
            l(40, 45, "metric"),
            l(0, 5, "position"),
        ]];
        let strict = score(&gold, &pred, MatchMode::Strict);
        assert_eq!(
            strict.labels["person"],
            Counts {
                tp: 1,
                fp: 1,
                fn_: 1
            }
        );
        assert_eq!(
            strict.labels["metric"],
            Counts {
                tp: 0,
                fp: 1,
                fn_: 1
            }
        );
        assert_eq!(
            strict.labels["position"],
            Counts {
                tp: 0,
                fp: 1,
                fn_: 0
            }
        );
        assert_eq!(
            strict.overall,
            Counts {
                tp: 1,
                fp: 3,
                fn_: 2
            }
        );
        assert!((strict.overall.precision() - 0.25).abs() < 1e-9);
        assert!((strict.overall.recall() - 1.0 / 3.0).abs() < 1e-9);
        assert!((strict.overall.f1() - 2.0 * 0.25 * (1.0 / 3.0) / (0.25 + 1.0 / 3.0)).abs() < 1e-9);
        let overlap = score(&gold, &pred, MatchMode::Overlap);
        assert_eq!(
            overlap.labels["person"],
            Counts {
                tp: 2,
                fp: 0,
                fn_: 0
            }
        );
        assert!((overlap.labels["person"].f1() - 1.0).abs() < 1e-9);
    }
}

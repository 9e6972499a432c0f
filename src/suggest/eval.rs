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

/// Adds the counts of `other` to `into` (summing folds).
fn add(into: &mut Evaluation, other: &Evaluation) {
    for (l, c) in &other.labels {
        let e = into.labels.entry(l.clone()).or_default();
        e.tp += c.tp;
        e.fp += c.fp;
        e.fn_ += c.fn_;
    }
    into.overall.tp += other.overall.tp;
    into.overall.fp += other.overall.fp;
    into.overall.fn_ += other.overall.fn_;
    into.documents += other.documents;
}

/// One point of a learning curve: strict scores summed over the folds.
#[derive(Debug, Clone, Default)]
pub struct CurvePoint {
    /// Training documents per fold (at most this many where a fold has fewer).
    pub size: usize,
    /// The model alone.
    pub model: Evaluation,
    /// `all` (rules, dictionary, model).
    pub all: Evaluation,
    /// `rules-vi` on the same test documents.
    pub rules: Evaluation,
}

/// Strict F1 against the number of training documents, by k-fold
/// cross-validation over the done documents (fold `f` holds every `k`-th
/// document from the `f`-th, in project order).
#[derive(Debug, Clone, Default)]
pub struct LearningCurve {
    /// Folds.
    pub folds: usize,
    /// Done documents.
    pub documents: usize,
    /// Labels, in the project's order.
    pub labels: Vec<String>,
    /// Points by training size: 5, 10, 20, 40... and all the fold allows.
    pub points: Vec<CurvePoint>,
}

/// Training sizes of a curve: 5, 10, 20, 40, ... below `max`, then `max`.
pub fn curve_sizes(max: usize) -> Vec<usize> {
    let mut v = Vec::new();
    let mut n = 5;
    while n < max {
        v.push(n);
        n *= 2;
    }
    if max > 0 {
        v.push(max);
    }
    v
}

/// Runs the learning curve over the project's done documents with `folds`
/// folds (at least 2).
pub fn learning_curve(
    project: &Project,
    folds: usize,
    opts: &crate::suggest::model::TrainOptions,
) -> Result<LearningCurve, crate::suggest::model::ModelError> {
    use crate::suggest::model::{replay, ModelError};
    let docs = crate::suggest::model::training_documents(project);
    let folds = folds.max(2);
    if docs.len() < folds {
        return Err(ModelError::NothingToLearn(format!(
            "a {folds}-fold learning curve needs at least {folds} done documents, the project has {}; mark more documents done (or use fewer folds)",
            docs.len()
        )));
    }
    let largest = docs.len() - docs.len().div_ceil(folds);
    let sizes = curve_sizes(largest);
    let mut points: Vec<CurvePoint> = sizes
        .iter()
        .map(|&size| CurvePoint {
            size,
            ..Default::default()
        })
        .collect();
    for f in 0..folds {
        let test: Vec<&crate::model::Document> = docs
            .iter()
            .copied()
            .enumerate()
            .filter(|(i, _)| i % folds == f)
            .map(|(_, d)| d)
            .collect();
        let pool: Vec<&crate::model::Document> = docs
            .iter()
            .copied()
            .enumerate()
            .filter(|(i, _)| i % folds != f)
            .map(|(_, d)| d)
            .collect();
        for p in &mut points {
            let n = p.size.min(pool.len());
            let train = &pool[..n];
            if train.iter().all(|d| d.spans.is_empty()) {
                continue;
            }
            let s = replay::train_test(&project.labels, train, &test, opts)?;
            add(&mut p.model, &s.model);
            add(&mut p.all, &s.all);
            add(&mut p.rules, &s.rules);
        }
    }
    Ok(LearningCurve {
        folds,
        documents: docs.len(),
        labels: project.labels.iter().map(|l| l.name.clone()).collect(),
        points,
    })
}

impl std::fmt::Display for LearningCurve {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "Strict F1, {}-fold cross-validation over {} done document(s)",
            self.folds, self.documents
        )?;
        write!(f, "{:<10} {:<9}", "train docs", "engine")?;
        for l in &self.labels {
            write!(f, " {l:>9}")?;
        }
        writeln!(f, " {:>9}", "micro")?;
        let row = |f: &mut std::fmt::Formatter<'_>, size: &str, name: &str, e: &Evaluation| {
            write!(f, "{size:<10} {name:<9}")?;
            for l in &self.labels {
                let v = e.labels.get(l).map_or(0.0, Counts::f1);
                write!(f, " {v:>9.3}")?;
            }
            writeln!(f, " {:>9.3}", e.overall.f1())
        };
        for p in &self.points {
            let size = p.size.to_string();
            row(f, &size, "model", &p.model)?;
            row(f, &size, "all", &p.all)?;
            row(f, &size, "rules-vi", &p.rules)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(a: usize, b: usize, label: &str) -> Labeled {
        (a, b, label.to_owned())
    }

    #[test]
    fn curve_sizes_double_then_end_at_the_largest() {
        assert_eq!(curve_sizes(24), vec![5, 10, 20, 24]);
        assert_eq!(curve_sizes(5), vec![5]);
        assert_eq!(curve_sizes(3), vec![3]);
        assert!(curve_sizes(0).is_empty());
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

//! The learned per-label part of the `all` policy: which source leads each
//! label, decided by cross-validation on the done documents and the
//! starter articles when the model is trained.
//!
//! For every label, `all` is scored (strict F1 over the out-of-fold
//! documents) two ways: the rules lead (rule and dictionary hits, vetted by
//! the model, plus the model's confident spans: [`super::combine`]), or the
//! model leads from a confidence `c` (its spans of that label with a
//! confidence of at least `c` replace the overlapping rule and dictionary
//! hits of the same label), for each `c` of [`LEAD_FROM`], or `rules-vi`
//! alone for that label, or the model alone for it. The best wins; a tie
//! goes to the rules. The documents are the done ones and the training's
//! starter articles ([`super::starter`]), so with the starter the leads
//! are learned mostly on those articles until the project has many done
//! documents; the record's held-out scores are the project's documents'
//! only. Fewer than [`MIN_DOCUMENTS`] documents in all: the rules lead
//! every label (too little to judge by). The dictionary of each fold is
//! learned from the fold's training documents of the project only, as the
//! `dictionary` engine learns from the project alone.

use super::tagger::Tagger;
use super::train::{fit, Counts};
use super::{combine, HeldOut, Policy, TrainOptions};
use crate::model::{Document, Label, Project, Suggestion};
use crate::suggest::doc_tokens::DocTokens;
use crate::suggest::eval::{score, Labeled, MatchMode};
use crate::suggest::rules_vi::rules_vi_on;
use crate::suggest::Dictionary;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Confidences from which the model may lead a label (tried in this order).
pub const LEAD_FROM: [f64; 4] = [0.0, 0.3, 0.5, 0.7];

/// Documents (done, and starter articles) needed before the model may
/// lead any label.
pub const MIN_DOCUMENTS: usize = 5;

/// Folds of the cross-validation.
const FOLDS: usize = 5;

/// Who leads one label in `all`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Lead {
    /// `rules-vi` alone: no dictionary hit, no model span of this label.
    RulesAlone,
    /// Rule and dictionary hits vetted by the model, plus its confident
    /// spans (the policy without a learned lead).
    Rules,
    /// The model's spans from this confidence replace the overlapping rule
    /// and dictionary hits.
    Model(f64),
    /// The model alone: every model span of this label, no rule or
    /// dictionary hit of it (the mirror of [`Lead::RulesAlone`]).
    ModelAlone,
}

impl Lead {
    /// As stored in the model file: -3 model alone, -2 rules alone, -1
    /// rules, else the confidence.
    pub fn to_f32(self) -> f32 {
        match self {
            Lead::ModelAlone => -3.0,
            Lead::RulesAlone => -2.0,
            Lead::Rules => -1.0,
            Lead::Model(c) => c as f32,
        }
    }

    /// From the model file; `None` for a value that is none of those.
    pub fn from_f32(x: f32) -> Option<Lead> {
        if x == -3.0 {
            Some(Lead::ModelAlone)
        } else if x == -2.0 {
            Some(Lead::RulesAlone)
        } else if x == -1.0 {
            Some(Lead::Rules)
        } else if (0.0..=1.0).contains(&x) {
            Some(Lead::Model(f64::from(x)))
        } else {
            None
        }
    }
}

/// What was decided for one label, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelLead {
    /// The label.
    pub label: String,
    /// Who leads.
    pub lead: Lead,
    /// Cross-validated strict F1 of `all` on this label with the rules
    /// leading.
    pub rules_f1: f64,
    /// The same with the model leading from its best confidence.
    pub model_f1: f64,
    /// Cross-validated strict F1 of `rules-vi` alone on this label (what
    /// [`Lead::RulesAlone`] gives).
    pub rules_vi_f1: f64,
    /// The same of the model alone.
    pub model_alone_f1: f64,
}

impl std::fmt::Display for LabelLead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.lead {
            Lead::Model(c) => write!(f, "{}: model leads from {c:.1}", self.label)?,
            Lead::Rules => write!(f, "{}: rules lead, vetted by the model", self.label)?,
            Lead::RulesAlone => write!(f, "{}: rules-vi alone", self.label)?,
            Lead::ModelAlone => write!(f, "{}: model alone", self.label)?,
        }
        write!(
            f,
            " (all {:.3} with rules leading, {:.3} with the model leading; rules-vi {:.3}, model {:.3})",
            self.rules_f1, self.model_f1, self.rules_vi_f1, self.model_alone_f1
        )
    }
}

/// One out-of-fold document: gold, rule and dictionary hits, and the fold
/// model's analysis.
struct Case {
    fold: usize,
    /// A document of the project (not a starter article).
    own: bool,
    gold: Vec<Labeled>,
    rules: Vec<Suggestion>,
    candidates: Vec<Suggestion>,
    analysis: super::Analysis,
}

fn labeled(s: &[Suggestion]) -> Vec<Labeled> {
    let mut v: Vec<Labeled> = s
        .iter()
        .map(|s| (s.start, s.end, s.label.clone()))
        .collect();
    v.sort();
    v
}

/// Strict F1 per label of `pred` against `gold`.
fn f1s(gold: &[Vec<Labeled>], pred: &[Vec<Labeled>], labels: &[Label]) -> Vec<f64> {
    let e = score(gold, pred, MatchMode::Strict);
    labels
        .iter()
        .map(|l| e.labels.get(&l.name).map_or(0.0, |c| c.f1()))
        .collect()
}

/// The out-of-fold cases of `docs`: fold `f` is the documents `i % FOLDS ==
/// f`, predicted by a model and dictionary made from the others.
fn cases(docs: &[&Document], own: usize, labels: &[Label], opts: &TrainOptions) -> Vec<Case> {
    // The folds train in parallel; collected in fold order, so the result
    // does not depend on the threads.
    (0..FOLDS.min(docs.len()))
        .into_par_iter()
        .map(|f| fold_cases(docs, own, labels, opts, f))
        .collect::<Vec<Vec<Case>>>()
        .into_iter()
        .flatten()
        .collect()
}

/// The cases of fold `f`.
fn fold_cases(
    docs: &[&Document],
    own: usize,
    labels: &[Label],
    opts: &TrainOptions,
    f: usize,
) -> Vec<Case> {
    let mut out = Vec::new();
    let in_fold = |i: &usize| i % FOLDS == f;
    let train: Vec<&Document> = docs
        .iter()
        .enumerate()
        .filter(|(i, _)| !in_fold(i))
        .map(|(_, d)| *d)
        .collect();
    // The project's documents come first in `docs`, so also in `train`.
    let train_own = (0..own).filter(|i| !in_fold(i)).count();
    let test: Vec<(usize, &Document)> = docs
        .iter()
        .enumerate()
        .filter(|(i, _)| in_fold(i))
        .map(|(i, d)| (i, *d))
        .collect();
    if train.iter().all(|d| d.spans.is_empty()) {
        return out;
    }
    let (tagger, _): (Tagger, Counts) = fit(&train, train_own, labels, opts);
    let dict = Dictionary::learn(&Project {
        labels: labels.to_vec(),
        documents: train[..train_own].iter().map(|d| (*d).clone()).collect(),
        ..Default::default()
    });
    for (i, d) in test {
        let table = DocTokens::new(d);
        let rules = rules_vi_on(d, &table);
        let hits = dict.suggest_on(d, &table);
        let analysis = tagger.analyse_on(d, &table, &rules, &hits);
        let mut candidates = rules.clone();
        candidates.extend(hits);
        out.push(Case {
            fold: f,
            own: i < own,
            gold: d
                .spans
                .iter()
                .map(|s| (s.start, s.end, s.label.clone()))
                .collect(),
            rules,
            candidates,
            analysis,
        });
    }
    out
}

/// What the cross-validation found: who leads each label, and the scores
/// of the last fold (the record's held-out scores: trained on four fifths,
/// scored on every fifth document).
pub struct Learned {
    /// Per label, in the project's order.
    pub leads: Vec<LabelLead>,
    /// The last fold's scores.
    pub held_out: Option<HeldOut>,
}

/// The record's held-out scores from the cases of the last fold.
fn held_out(cases: &[Case]) -> Option<HeldOut> {
    let last: Vec<&Case> = cases
        .iter()
        .filter(|c| c.fold == FOLDS - 1 && c.own)
        .collect();
    if last.is_empty() {
        return None;
    }
    let gold: Vec<Vec<Labeled>> = last.iter().map(|c| c.gold.clone()).collect();
    let model: Vec<Vec<Labeled>> = last.iter().map(|c| labeled(&c.analysis.spans)).collect();
    let rules: Vec<Vec<Labeled>> = last.iter().map(|c| labeled(&c.rules)).collect();
    let m = score(&gold, &model, MatchMode::Strict);
    let r = score(&gold, &rules, MatchMode::Strict);
    let round = |x: f64| (x * 1000.0).round() / 1000.0;
    Some(HeldOut {
        documents: last.len(),
        label_f1: m
            .labels
            .iter()
            .map(|(l, c)| (l.clone(), round(c.f1())))
            .collect(),
        micro_f1: round(m.overall.f1()),
        rules_vi_micro_f1: round(r.overall.f1()),
    })
}

/// Decides who leads each label by cross-validation over `docs` (done
/// documents, the project's `own` first, then starter articles); `None`
/// when there are too few. The held-out scores are the project's own
/// documents' in the last fold.
pub fn learn_leads(
    docs: &[&Document],
    own: usize,
    labels: &[Label],
    opts: &TrainOptions,
    policy: Policy,
) -> Option<Learned> {
    if docs.len() < MIN_DOCUMENTS {
        return None;
    }
    let cases = cases(docs, own, labels, opts);
    if cases.is_empty() {
        return None;
    }
    let gold: Vec<Vec<Labeled>> = cases.iter().map(|c| c.gold.clone()).collect();
    let run = |lead: Lead| -> Vec<f64> {
        let pred: Vec<Vec<Labeled>> = cases
            .iter()
            .map(|c| {
                let mut a = c.analysis.clone();
                a.set_leads(vec![lead; labels.len()]);
                labeled(&combine(c.candidates.clone(), &a, policy))
            })
            .collect();
        f1s(&gold, &pred, labels)
    };
    let rules_vi = f1s(
        &gold,
        &cases.iter().map(|c| labeled(&c.rules)).collect::<Vec<_>>(),
        labels,
    );
    let model = f1s(
        &gold,
        &cases
            .iter()
            .map(|c| labeled(&c.analysis.spans))
            .collect::<Vec<_>>(),
        labels,
    );
    let with_rules = run(Lead::Rules);
    let alone = run(Lead::RulesAlone);
    let with_model: Vec<(f64, Vec<f64>)> = LEAD_FROM
        .iter()
        .map(|&c| (c, run(Lead::Model(c))))
        .collect();
    let round = |x: f64| (x * 1000.0).round() / 1000.0;
    let leads = labels
        .iter()
        .enumerate()
        .map(|(k, l)| {
            // The best confidence for this label; the earlier on a tie.
            let (c, best) = with_model.iter().map(|(c, f)| (*c, f[k])).fold(
                (LEAD_FROM[0], f64::NEG_INFINITY),
                |a, b| {
                    if b.1 > a.1 {
                        b
                    } else {
                        a
                    }
                },
            );
            // The better source leads; on a tie the rules as vetted by
            // the model (the policy without learning), then rules-vi.
            // The model alone gives `model[k]` (its spans of this label,
            // nothing else of it).
            let lead = if model[k] > best.max(with_rules[k]).max(alone[k]) {
                Lead::ModelAlone
            } else if best > with_rules[k].max(alone[k]) {
                Lead::Model(c)
            } else if alone[k] > with_rules[k] {
                Lead::RulesAlone
            } else {
                Lead::Rules
            };
            LabelLead {
                label: l.name.clone(),
                lead,
                rules_f1: round(with_rules[k]),
                model_f1: round(best),
                rules_vi_f1: round(rules_vi[k]),
                model_alone_f1: round(model[k]),
            }
        })
        .collect();
    Some(Learned {
        leads,
        held_out: held_out(&cases),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::default_labels;
    use crate::suggest::model::{file, train};

    fn sug(d: &Document, start: usize, end: usize, label: &str, source: &str) -> Suggestion {
        Suggestion {
            start,
            end,
            label: label.into(),
            text: d.slice(start, end).unwrap().into(),
            source: source.into(),
            score: 0.9,
        }
    }

    #[test]
    fn leads_survive_the_model_file_and_odd_values_are_refused() {
        for l in [
            Lead::RulesAlone,
            Lead::Rules,
            Lead::Model(0.0),
            Lead::Model(0.5),
            Lead::ModelAlone,
        ] {
            assert_eq!(Lead::from_f32(l.to_f32()), Some(l));
        }
        for x in [-4.0, -0.5, 1.5, f32::NAN] {
            assert_eq!(Lead::from_f32(x), None, "{x}");
        }
        let mut p = Project::new("p", default_labels());
        p.documents.push(crate::suggest::model::train::tests::done(
            "a",
            "Ông [person: Lê Văn Tám], [position: Bí thư Tỉnh ủy], nói.",
        ));
        let mut t = train(&p, &TrainOptions::default()).unwrap().tagger;
        t.lead = vec![
            Lead::Model(0.5),
            Lead::RulesAlone,
            Lead::Rules,
            Lead::ModelAlone,
        ];
        assert_eq!(file::from_bytes(&file::to_bytes(&t)), Ok(t));
    }

    #[test]
    fn the_leading_source_wins_its_label() {
        let mut p = Project::new("p", default_labels());
        p.documents.push(crate::suggest::model::train::tests::done(
            "a",
            "Ông [person: Lê Văn Tám], [position: Bí thư Tỉnh ủy], nói. Bà [person: Hà Thị Hoa] đến.",
        ));
        let t = train(&p, &TrainOptions::default()).unwrap();
        // Fewer than five documents: the rules lead every label.
        assert!(t.record.leads.is_none());
        assert!(t.tagger.leads().iter().all(|&l| l == Lead::Rules));
        let d = &p.documents[0];
        // The rules cut the name short; the dictionary proposes a position.
        let rule = sug(d, 4, 10, "person", "rules-vi");
        let dict = sug(d, 16, 22, "position", "dictionary");
        let mut a = t.tagger.analyse(d, &crate::suggest::rules_vi(d), &[]);
        let spans = |a: &super::super::Analysis| -> Vec<(usize, usize, String, String)> {
            combine(vec![rule.clone(), dict.clone()], a, Policy::default())
                .into_iter()
                .map(|s| (s.start, s.end, s.label, s.source))
                .collect()
        };
        let person = |v: &[(usize, usize, String, String)]| -> Vec<(usize, usize, String)> {
            v.iter()
                .filter(|s| s.2 == "person")
                .map(|s| (s.0, s.1, s.3.clone()))
                .collect()
        };
        // The model leads persons: its whole name replaces the rule's.
        a.set_leads(vec![
            Lead::Model(0.0),
            Lead::Rules,
            Lead::Rules,
            Lead::Rules,
        ]);
        let got = spans(&a);
        assert_eq!(
            person(&got),
            [(4, 14, "model".to_owned()), (40, 50, "model".to_owned())]
        );
        // rules-vi alone for persons and positions: the rule's span as it
        // is, no model person, no dictionary position.
        a.set_leads(vec![
            Lead::RulesAlone,
            Lead::RulesAlone,
            Lead::Rules,
            Lead::Rules,
        ]);
        let got = spans(&a);
        assert_eq!(person(&got), [(4, 10, "rules-vi".to_owned())]);
        assert!(got.iter().all(|s| s.2 != "position"), "{got:?}");
        // The model alone for persons: its spans, not the rule's cut name.
        a.set_leads(vec![
            Lead::ModelAlone,
            Lead::Rules,
            Lead::Rules,
            Lead::Rules,
        ]);
        let got = spans(&a);
        let model: Vec<(usize, usize, String)> = a
            .spans
            .iter()
            .filter(|s| s.label == "person")
            .map(|s| (s.start, s.end, "model".to_owned()))
            .collect();
        assert!(!model.is_empty());
        assert_eq!(person(&got), model);
    }
}

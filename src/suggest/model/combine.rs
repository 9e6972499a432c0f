//! The `all` policy: how rules, dictionary and model suggestions become one
//! list when a model exists.
//!
//! 1. Every `rules-vi` and `dictionary` hit is scored by the model (the
//!    probability of exactly that span); below [`Policy::veto_below`] it is
//!    dropped (the model vetoes it), otherwise it stays with that score.
//! 2. The model's own spans with a confidence of at least
//!    [`Policy::add_from`] are added (source `model`).
//! 3. Per label, who leads was learned when the model was trained
//!    ([`super::policy`], stored in the model): for a label the model leads
//!    from confidence `c`, its spans of that label with a confidence of at
//!    least `c` are kept and replace the rule and dictionary hits of that
//!    label that overlap them (without being the same span); for a label
//!    where `rules-vi` alone is best, its hits of that label are kept as
//!    they are and nothing else of that label is; for a label where the
//!    model alone is best, its spans of that label are kept and no rule or
//!    dictionary hit of it is; otherwise 1 and 2 apply.
//! 4. The same span from several engines is kept once (first engine in the
//!    order rules-vi, dictionary, model); spans of one label that overlap are
//!    resolved by score, the higher wins (ties: earlier, then shorter).
//!
//! Without a model, `all` is rules and dictionary as before.

use super::policy::Lead;
use super::tagger::Analysis;
use crate::model::Suggestion;

/// The source name of `rules-vi` suggestions.
const RULES: &str = "rules-vi";

/// Thresholds of the `all` policy (defaults chosen by cross-validation on
/// the training split of the development corpus: `examples/tune-policy.rs`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Policy {
    /// A rule or dictionary hit the model scores below this is dropped.
    pub veto_below: f64,
    /// A model span needs at least this confidence to be added.
    pub add_from: f64,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            veto_below: 0.3,
            add_from: 0.7,
        }
    }
}

/// Combines `candidates` (rules-vi then dictionary hits) with the model's
/// analysis of the same document; sorted by (start, end, label).
pub fn combine(
    candidates: Vec<Suggestion>,
    analysis: &Analysis,
    policy: Policy,
) -> Vec<Suggestion> {
    let leads = |s: &Suggestion| matches!(analysis.lead(&s.label), Lead::Model(c) if s.score >= c);
    let alone = |s: &Suggestion| analysis.lead(&s.label) == Lead::RulesAlone;
    let model_alone = |s: &Suggestion| analysis.lead(&s.label) == Lead::ModelAlone;
    let led: Vec<&Suggestion> = analysis.spans.iter().filter(|s| leads(s)).collect();
    let mut pool: Vec<Suggestion> = Vec::new();
    for mut c in candidates {
        if alone(&c) {
            // rules-vi alone for this label: kept as the rules made it.
            if c.source == RULES {
                pool.push(c);
            }
            continue;
        }
        if model_alone(&c) {
            continue;
        }
        let replaced = led.iter().any(|m| {
            m.label == c.label
                && m.start < c.end
                && c.start < m.end
                && (m.start, m.end) != (c.start, c.end)
        });
        if replaced {
            continue;
        }
        let p = analysis.probability(c.start, c.end, &c.label);
        if p < policy.veto_below {
            continue;
        }
        c.score = p;
        pool.push(c);
    }
    pool.extend(
        analysis
            .spans
            .iter()
            .filter(|s| !alone(s) && (s.score >= policy.add_from || leads(s) || model_alone(s)))
            .cloned(),
    );
    // Same span, several engines: the first stays.
    let mut unique: Vec<Suggestion> = Vec::new();
    for s in pool {
        if !unique
            .iter()
            .any(|u| (u.start, u.end, &u.label) == (s.start, s.end, &s.label))
        {
            unique.push(s);
        }
    }
    let mut order: Vec<usize> = (0..unique.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&unique[a], &unique[b]);
        y.score
            .total_cmp(&x.score)
            .then(x.start.cmp(&y.start))
            .then(x.end.cmp(&y.end))
            .then(a.cmp(&b))
    });
    let mut kept: Vec<usize> = Vec::new();
    for i in order {
        let s = &unique[i];
        let clash = kept.iter().any(|&k| {
            let t = &unique[k];
            t.label == s.label && t.start < s.end && s.start < t.end
        });
        if !clash {
            kept.push(i);
        }
    }
    let mut unique: Vec<Option<Suggestion>> = unique.into_iter().map(Some).collect();
    let mut out: Vec<Suggestion> = kept.into_iter().filter_map(|i| unique[i].take()).collect();
    out.sort_by(|a, b| {
        (a.start, a.end, &a.label, &a.source).cmp(&(b.start, b.end, &b.label, &b.source))
    });
    out
}

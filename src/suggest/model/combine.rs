//! The `all` policy: how rules, dictionary and model suggestions become one
//! list when a model exists.
//!
//! 1. Every `rules-vi` and `dictionary` hit is scored by the model (the
//!    probability of exactly that span); below [`Policy::veto_below`] it is
//!    dropped (the model vetoes it), otherwise it stays with that score.
//! 2. The model's own spans with a confidence of at least
//!    [`Policy::add_from`] are added (source `model`).
//! 3. The same span from several engines is kept once (first engine in the
//!    order rules-vi, dictionary, model); spans of one label that overlap are
//!    resolved by score, the higher wins (ties: earlier, then shorter).
//!
//! Without a model, `all` is rules and dictionary as before.

use super::tagger::Analysis;
use crate::model::Suggestion;

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
    let leads = |s: &Suggestion| analysis.lead(&s.label).is_some_and(|c| s.score >= c);
    let led: Vec<&Suggestion> = analysis.spans.iter().filter(|s| leads(s)).collect();
    let mut pool: Vec<Suggestion> = Vec::new();
    for mut c in candidates {
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
            .filter(|s| s.score >= policy.add_from || leads(s))
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
    let mut out: Vec<Suggestion> = kept.into_iter().map(|i| unique[i].clone()).collect();
    out.sort_by(|a, b| {
        (a.start, a.end, &a.label, &a.source).cmp(&(b.start, b.end, &b.label, &b.source))
    });
    out
}

//! The trained tagger as a value: labels, feature weights, transitions and
//! the temperature of its confidences. Running it over a document gives an
//! [`Analysis`]: its own spans with confidences, the probability of any
//! other span (used to veto rule hits), and the document's uncertainty.
//!
//! A span's confidence is the posterior probability that exactly those
//! tokens form one span of that label, under the distribution
//! `exp(score / tau)` over the sentence's BIO tag paths (forward-backward on
//! the averaged perceptron's scores). It is in `[0, 1]`; it ranks well but is
//! only as calibrated as `tau` (see `docs/LEARNING.md`).

use super::chain::{spans_of, tag_count, viterbi, Lattice};
use super::features::{covers, syllables, token_features};
use crate::model::{Document, Suggestion};
use crate::suggest::doc_tokens::DocTokens;
use crate::text::Token;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

/// Feature keys are already FNV hashes: the map uses them as they are.
#[derive(Default, Clone, Copy)]
pub(super) struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }
}

/// A map from feature hash to weight row.
pub(super) type FeatureIndex = HashMap<u64, u32, BuildHasherDefault<Prehashed>>;

/// The source name of the tagger's suggestions.
pub const SOURCE: &str = "model";

/// A trained sequence tagger (one joint BIO model over all labels).
#[derive(Clone, PartialEq)]
pub struct Tagger {
    pub(super) labels: Vec<String>,
    /// Feature hashes, sorted; row `k` of `emit` belongs to `hashes[k]`.
    pub(super) hashes: Vec<u64>,
    pub(super) index: FeatureIndex,
    /// `hashes.len() × tags` emission weights.
    pub(super) emit: Vec<f32>,
    /// `(tags + 1) × tags` transition weights; the last row is the start.
    pub(super) trans: Vec<f32>,
    /// Temperature of the confidences.
    pub(super) tau: f32,
}

impl std::fmt::Debug for Tagger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tagger")
            .field("labels", &self.labels)
            .field("features", &self.hashes.len())
            .field("tau", &self.tau)
            .finish()
    }
}

/// A document cut into what the tagger reads: tokens, sentences as token
/// ranges, and each token's feature hashes.
pub(super) struct Prepared {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Range<usize>>,
    pub features: Vec<Vec<u64>>,
}

/// Tokens, sentences and features of a document (its shared token table),
/// with the `rules-vi` and dictionary suggestions that cover its tokens.
pub(super) fn prepare(
    d: &DocTokens<'_>,
    rules: &[Suggestion],
    dict: &[Suggestion],
    labels: &[String],
) -> Prepared {
    let tokens = d.tokens.clone();
    let mut sents: Vec<Range<usize>> = Vec::new();
    for r in &d.sentences {
        let a = tokens.partition_point(|t| t.start < r.start);
        let b = tokens.partition_point(|t| t.end <= r.end);
        // Keep every token in exactly one sentence, in order.
        let a = a.max(sents.last().map_or(0, |s| s.end));
        if b > a {
            sents.push(a..b);
        }
    }
    let covered = sents.last().map_or(0, |s| s.end);
    if covered < tokens.len() {
        sents.push(covered..tokens.len());
    }
    let rc = covers(&tokens, rules, labels);
    let dc = covers(&tokens, dict, labels);
    let syl = syllables(d);
    let mut features = vec![Vec::new(); tokens.len()];
    for s in &sents {
        let (sy, r, dd) = (&syl[s.clone()], &rc[s.clone()], &dc[s.clone()]);
        for i in 0..sy.len() {
            let mut f = Vec::with_capacity(48);
            token_features(sy, r, dd, i, &mut f);
            features[s.start + i] = f;
        }
    }
    Prepared {
        tokens,
        sentences: sents,
        features,
    }
}

/// One run of the tagger over a document.
pub struct Analysis {
    tokens: Vec<Token>,
    sentences: Vec<Range<usize>>,
    lattices: Vec<Lattice>,
    labels: Vec<String>,
    /// The tagger's own spans (its best tag path), in text order, each with
    /// its confidence as the score.
    pub spans: Vec<Suggestion>,
    /// Mean over sentences of `1 - P(best tag path)`: 0 sure, near 1 unsure.
    pub uncertainty: f64,
}

impl Analysis {
    /// The tagger's probability that chars `start..end` are exactly one span
    /// of `label`; 0 when the range does not fall on token boundaries inside
    /// one sentence or the label is unknown to the model.
    pub fn probability(&self, start: usize, end: usize, label: &str) -> f64 {
        let Some(l) = self.labels.iter().position(|x| x == label) else {
            return 0.0;
        };
        let a = self.tokens.partition_point(|t| t.start < start);
        let b = self.tokens.partition_point(|t| t.end <= end);
        let aligned = self.tokens.get(a).is_some_and(|t| t.start == start)
            && b > a
            && self.tokens.get(b - 1).is_some_and(|t| t.end == end);
        if !aligned {
            return 0.0;
        }
        let k = self.sentences.partition_point(|s| s.end <= a);
        match (self.sentences.get(k), self.lattices.get(k)) {
            (Some(s), Some(lat)) if s.start <= a && b <= s.end => {
                lat.span_probability(a - s.start, b - s.start, l)
            }
            _ => 0.0,
        }
    }
}

impl Tagger {
    /// The labels it tags, in the project's order when it was trained.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The temperature of the confidences.
    pub fn tau(&self) -> f32 {
        self.tau
    }

    /// The same model with another temperature (for calibrating the
    /// confidences; the best tag path does not change).
    pub fn with_tau(self, tau: f32) -> Self {
        Tagger {
            tau: if tau.is_finite() && tau > 0.0 {
                tau
            } else {
                self.tau
            },
            ..self
        }
    }

    /// Number of features with weights.
    pub fn feature_count(&self) -> usize {
        self.hashes.len()
    }

    fn tags(&self) -> usize {
        tag_count(self.labels.len())
    }

    /// Emission scores of tokens `range` of a prepared document.
    fn scores(&self, features: &[Vec<u64>]) -> Vec<f32> {
        let tags = self.tags();
        let mut out = vec![0.0f32; features.len() * tags];
        for (t, fs) in features.iter().enumerate() {
            let row = &mut out[t * tags..(t + 1) * tags];
            for h in fs {
                if let Some(&k) = self.index.get(h) {
                    let w = &self.emit[k as usize * tags..(k as usize + 1) * tags];
                    for (r, x) in row.iter_mut().zip(w) {
                        *r += x;
                    }
                }
            }
        }
        out
    }

    /// Runs the tagger over `doc`, given what `rules-vi` and the dictionary
    /// propose there (its features).
    pub fn analyse(&self, doc: &Document, rules: &[Suggestion], dict: &[Suggestion]) -> Analysis {
        self.analyse_on(doc, &DocTokens::new(doc), rules, dict)
    }

    /// [`Tagger::analyse`] on the document's shared token table.
    pub fn analyse_on(
        &self,
        doc: &Document,
        table: &DocTokens<'_>,
        rules: &[Suggestion],
        dict: &[Suggestion],
    ) -> Analysis {
        let p = prepare(table, rules, dict, &self.labels);
        let tags = self.tags();
        let mut spans = Vec::new();
        let mut lattices = Vec::with_capacity(p.sentences.len());
        let mut unsure = 0.0;
        for s in &p.sentences {
            let emit = self.scores(&p.features[s.clone()]);
            let path = viterbi(&emit, &self.trans, tags);
            let lat = Lattice::new(&emit, &self.trans, tags, self.tau);
            unsure += 1.0 - lat.path_probability(&path);
            for (a, b, l) in spans_of(&path) {
                let (start, end) = (p.tokens[s.start + a].start, p.tokens[s.start + b - 1].end);
                spans.push(Suggestion {
                    start,
                    end,
                    label: self.labels[l].clone(),
                    text: doc
                        .text
                        .get(p.tokens[s.start + a].byte_start..p.tokens[s.start + b - 1].byte_end)
                        .unwrap_or_default()
                        .to_owned(),
                    source: SOURCE.into(),
                    score: lat.span_probability(a, b, l),
                });
            }
            lattices.push(lat);
        }
        let uncertainty = if p.sentences.is_empty() {
            0.0
        } else {
            unsure / p.sentences.len() as f64
        };
        Analysis {
            tokens: p.tokens,
            sentences: p.sentences,
            lattices,
            labels: self.labels.clone(),
            spans,
            uncertainty,
        }
    }
}

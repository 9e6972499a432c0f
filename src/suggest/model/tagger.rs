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
use super::features::{
    context_features, covers, digit_distances, distinct_syllables, local_features, span_places,
    syllables, token_features, Cover, Sentence, SpanPlace, Syllable, WINDOW,
};
use super::policy::Lead;
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
    /// Per label: who leads it in `all` ([`super::policy`]).
    pub(super) lead: Vec<Lead>,
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
/// ranges, and each token's feature hashes (for training).
pub(super) struct Prepared {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Range<usize>>,
    pub features: Vec<Vec<u64>>,
}

/// The sentences of a table as token ranges: every token in exactly one,
/// in order.
fn token_sentences(d: &DocTokens<'_>) -> Vec<Range<usize>> {
    let tokens = &d.tokens;
    let mut sents: Vec<Range<usize>> = Vec::new();
    for r in &d.sentences {
        let a = tokens.partition_point(|t| t.start < r.start);
        let b = tokens.partition_point(|t| t.end <= r.end);
        let a = a.max(sents.last().map_or(0, |s| s.end));
        if b > a {
            sents.push(a..b);
        }
    }
    let covered = sents.last().map_or(0, |s| s.end);
    if covered < tokens.len() {
        sents.push(covered..tokens.len());
    }
    sents
}

/// What the features read of a whole document, per token: covers, places
/// in rule spans, distances to numbers (these per sentence).
struct DocView<'a> {
    syl: Vec<Syllable<'a>>,
    rules: Vec<Cover>,
    dict: Vec<Cover>,
    places: Vec<SpanPlace>,
    prev_digit: Vec<u8>,
    next_digit: Vec<u8>,
    sentences: Vec<Range<usize>>,
}

impl<'a> DocView<'a> {
    fn new(
        d: &'a DocTokens<'_>,
        rules: &[Suggestion],
        dict: &[Suggestion],
        labels: &[String],
    ) -> Self {
        let sentences = token_sentences(d);
        let syl = syllables(d);
        let mut prev_digit = vec![6; syl.len()];
        let mut next_digit = vec![6; syl.len()];
        for s in &sentences {
            let (p, n) = digit_distances(&syl[s.clone()]);
            prev_digit[s.clone()].copy_from_slice(&p);
            next_digit[s.clone()].copy_from_slice(&n);
        }
        DocView {
            rules: covers(&d.tokens, rules, labels),
            dict: covers(&d.tokens, dict, labels),
            places: span_places(&d.tokens, rules, labels),
            syl,
            prev_digit,
            next_digit,
            sentences,
        }
    }

    fn sentence(&self, r: &Range<usize>) -> Sentence<'_> {
        Sentence {
            syl: &self.syl[r.clone()],
            rules: &self.rules[r.clone()],
            dict: &self.dict[r.clone()],
            places: &self.places[r.clone()],
            prev_digit: &self.prev_digit[r.clone()],
            next_digit: &self.next_digit[r.clone()],
        }
    }
}

/// Tokens, sentences and features of a document (its shared token table),
/// with the `rules-vi` and dictionary suggestions that cover its tokens.
pub(super) fn prepare(
    d: &DocTokens<'_>,
    rules: &[Suggestion],
    dict: &[Suggestion],
    labels: &[String],
) -> Prepared {
    let view = DocView::new(d, rules, dict, labels);
    let mut features = vec![Vec::new(); d.len()];
    for r in &view.sentences {
        let s = view.sentence(r);
        for i in 0..r.len() {
            let mut f = Vec::with_capacity(64);
            token_features(&s, i, &mut f);
            features[r.start + i] = f;
        }
    }
    Prepared {
        tokens: d.tokens.clone(),
        sentences: view.sentences,
        features,
    }
}

/// One run of the tagger over a document.
#[derive(Clone)]
pub struct Analysis {
    tokens: Vec<Token>,
    sentences: Vec<Range<usize>>,
    lattices: Vec<Lattice>,
    labels: Vec<String>,
    lead: Vec<Lead>,
    /// The tagger's own spans (its best tag path), in text order, each with
    /// its confidence as the score.
    pub spans: Vec<Suggestion>,
    /// Mean over sentences of `1 - P(best tag path)`: 0 sure, near 1 unsure.
    pub uncertainty: f64,
}

impl Analysis {
    /// Who leads `label` in `all` ([`Lead::Rules`] for a label the model
    /// does not know).
    pub fn lead(&self, label: &str) -> Lead {
        self.labels
            .iter()
            .position(|x| x == label)
            .and_then(|l| self.lead.get(l).copied())
            .unwrap_or(Lead::Rules)
    }

    /// The same analysis under other leads (one per label), for choosing
    /// them by cross-validation.
    pub(super) fn set_leads(&mut self, lead: Vec<Lead>) {
        self.lead = lead;
    }

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

    /// Per label (in [`Tagger::labels`] order), who leads it in `all`.
    pub fn leads(&self) -> &[Lead] {
        &self.lead
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

    /// Adds the weight row of feature `h` (if it has one) to `row`.
    fn add_weights(&self, h: u64, row: &mut [f32]) {
        if let Some(&k) = self.index.get(&h) {
            let tags = row.len();
            let w = &self.emit[k as usize * tags..(k as usize + 1) * tags];
            for (r, x) in row.iter_mut().zip(w) {
                *r += x;
            }
        }
    }

    /// Summed weights of the [`local_features`] of each distinct syllable at
    /// each offset of the [`WINDOW`] (`[syllable][offset][tag]`), then of
    /// the padding past a sentence's edge (`[offset][tag]`).
    fn local_sums(&self, distinct: &[Syllable<'_>]) -> (Vec<f32>, Vec<f32>) {
        let tags = self.tags();
        let w = WINDOW.len();
        let mut buf = Vec::with_capacity(16);
        let mut sums = vec![0.0f32; distinct.len() * w * tags];
        for (k, s) in distinct.iter().enumerate() {
            for (o, &d) in WINDOW.iter().enumerate() {
                buf.clear();
                local_features(Some(s), d, &mut buf);
                let at = (k * w + o) * tags;
                for &h in &buf {
                    self.add_weights(h, &mut sums[at..at + tags]);
                }
            }
        }
        let mut pad = vec![0.0f32; w * tags];
        for (o, &d) in WINDOW.iter().enumerate() {
            buf.clear();
            local_features(None, d, &mut buf);
            for &h in &buf {
                self.add_weights(h, &mut pad[o * tags..(o + 1) * tags]);
            }
        }
        (sums, pad)
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
        let view = DocView::new(table, rules, dict, &self.labels);
        let tags = self.tags();
        let w = WINDOW.len();
        let (local, pad) = self.local_sums(&distinct_syllables(table));
        let mut spans = Vec::new();
        let mut lattices = Vec::with_capacity(view.sentences.len());
        let mut unsure = 0.0;
        let mut buf: Vec<u64> = Vec::with_capacity(32);
        let mut emit: Vec<f32> = Vec::new();
        for r in &view.sentences {
            let s = view.sentence(r);
            emit.clear();
            emit.resize(r.len() * tags, 0.0);
            for i in 0..r.len() {
                let row = &mut emit[i * tags..(i + 1) * tags];
                for (o, &d) in WINDOW.iter().enumerate() {
                    let j = i as isize + d;
                    let from = match usize::try_from(j).ok().filter(|&j| j < r.len()) {
                        Some(j) => {
                            let k = table.syllable_of[r.start + j] as usize;
                            &local[(k * w + o) * tags..(k * w + o + 1) * tags]
                        }
                        None => &pad[o * tags..(o + 1) * tags],
                    };
                    for (x, y) in row.iter_mut().zip(from) {
                        *x += y;
                    }
                }
                buf.clear();
                context_features(&s, i, &mut buf);
                for &h in &buf {
                    self.add_weights(h, row);
                }
            }
            let path = viterbi(&emit, &self.trans, tags);
            let lat = Lattice::new(&emit, &self.trans, tags, self.tau);
            unsure += 1.0 - lat.path_probability(&path);
            let toks = &table.tokens;
            for (a, b, l) in spans_of(&path) {
                let (first, last) = (&toks[r.start + a], &toks[r.start + b - 1]);
                spans.push(Suggestion {
                    start: first.start,
                    end: last.end,
                    label: self.labels[l].clone(),
                    text: doc
                        .text
                        .get(first.byte_start..last.byte_end)
                        .unwrap_or_default()
                        .to_owned(),
                    source: SOURCE.into(),
                    score: lat.span_probability(a, b, l),
                });
            }
            lattices.push(lat);
        }
        let uncertainty = if view.sentences.is_empty() {
            0.0
        } else {
            unsure / view.sentences.len() as f64
        };
        Analysis {
            tokens: table.tokens.clone(),
            sentences: view.sentences,
            lattices,
            labels: self.labels.clone(),
            lead: self.lead.clone(),
            spans,
            uncertainty,
        }
    }
}

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

use super::chain::{spans_of, tag_count, transition_factors, viterbi_into, Lattice};
use super::dense::Dense;
use super::features::{
    context_each, covers, digit_distances, distinct_syllables, local_features, span_places,
    syllables, token_features, Cover, Sentence, SpanPlace, Syllable, WINDOW,
};
use super::figures::{Figures, Found, View};
use super::policy::Lead;
use crate::model::{Document, Suggestion};
use crate::suggest::doc_tokens::DocTokens;
use crate::text::Token;
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

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

/// The labels of the BIO chain of a tagger with `labels` labels whose
/// figure model takes `figure_labels`: the others, ascending.
pub(super) fn chain_labels(labels: usize, figure_labels: &[u8]) -> Vec<usize> {
    (0..labels)
        .filter(|&l| !figure_labels.iter().any(|&f| usize::from(f) == l))
        .collect()
}

/// A map from feature hash to weight row.
pub(super) type FeatureIndex = HashMap<u64, u32, BuildHasherDefault<Prehashed>>;

/// The source name of the tagger's suggestions.
pub const SOURCE: &str = "model";

/// A trained sequence tagger: one joint BIO chain over the labels the
/// figure model does not take ([`Tagger::chain`]), and the figure model.
#[derive(Clone)]
pub struct Tagger {
    pub(super) labels: Vec<String>,
    /// The labels of the BIO chain (indices into `labels`, ascending): every
    /// label but the figure model's. Chain label `k` has tags `1 + 2k`
    /// (begin) and `2 + 2k` (inside); tag 0 is outside.
    pub(super) chain: Vec<usize>,
    /// Feature hashes, sorted; row `k` of `emit` belongs to `hashes[k]`.
    pub(super) hashes: Vec<u64>,
    pub(super) index: FeatureIndex,
    /// `hashes.len() × tags` emission weights (`tags` of the chain).
    pub(super) emit: Vec<f32>,
    /// `(tags + 1) × tags` transition weights; the last row is the start.
    pub(super) trans: Vec<f32>,
    /// Temperature of the confidences.
    pub(super) tau: f32,
    /// Per label: who leads it in `all` ([`super::policy`]).
    pub(super) lead: Vec<Lead>,
    /// The model of figure spans ([`super::figures`]): its labels' spans
    /// and probabilities; the BIO chain leaves them out. `None` when no
    /// label's spans all hold numbers.
    pub(super) figures: Option<Figures>,
    /// The small-number context features' rows ([`Dense`]), made from
    /// `index` and `emit`.
    dense: Dense,
    /// Names these weights for the per-thread [`SyllableSums`] (unique per
    /// [`Tagger::new`]; a clone shares it, and so do the weights).
    id: u64,
}

/// Two taggers are equal when their weights, labels, temperature and leads
/// are (whatever their [`Tagger::id`]).
impl PartialEq for Tagger {
    fn eq(&self, other: &Self) -> bool {
        self.labels == other.labels
            && self.chain == other.chain
            && self.hashes == other.hashes
            && self.emit == other.emit
            && self.trans == other.trans
            && self.tau == other.tau
            && self.lead == other.lead
            && self.figures == other.figures
    }
}

/// Ids of taggers for [`SyllableSums`].
static NEXT_TAGGER: AtomicU64 = AtomicU64::new(1);

/// Floats of syllable sums a thread keeps before starting over (16 MB).
const SYLLABLE_SUMS_LIMIT: usize = 1 << 22;

/// The summed [`local_features`] weights of every syllable (as written) a
/// thread has seen, for one tagger: news text repeats a few thousand
/// syllables, so most documents find all of theirs here. The rows are
/// those [`Tagger::local_sums`] computes, so results never depend on it;
/// it starts over for another tagger or past [`SYLLABLE_SUMS_LIMIT`].
#[derive(Default)]
struct SyllableSums {
    tagger: u64,
    at: FxHashMap<Box<str>, u32>,
    /// `[row][offset][tag]`.
    sums: Vec<f32>,
}

thread_local! {
    static SYLLABLE_SUMS: RefCell<SyllableSums> = RefCell::new(SyllableSums::default());
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
pub(super) fn token_sentences(d: &DocTokens<'_>) -> Vec<Range<usize>> {
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
///
/// The best tag path is worked out for every sentence; the forward-backward
/// tables of a sentence only when a probability in it is asked for (a span
/// on its best path, a rule hit to vet, the uncertainty), then kept.
#[derive(Clone)]
pub struct Analysis {
    tokens: Vec<Token>,
    /// Sentences as token ranges; every token is in exactly one, in order.
    sentences: Vec<Range<usize>>,
    tags: usize,
    /// Emission scores, `tags` per token.
    emit: Vec<f32>,
    /// The tagger's [`transition_factors`].
    factors: Vec<f64>,
    tau: f32,
    /// The best tag of every token.
    path: Vec<u16>,
    /// Per sentence, its forward-backward tables once asked for.
    lattices: Vec<OnceLock<Lattice>>,
    labels: Vec<String>,
    /// [`Tagger::chain`].
    chain: Vec<usize>,
    lead: Vec<Lead>,
    /// The figure model's labels (indices), and per sentence what it found
    /// (`None`: no number).
    figure_labels: Vec<u8>,
    figures: Vec<Option<Found>>,
    /// The tagger's own spans (its best tag path), in text order, each with
    /// its confidence as the score.
    pub spans: Vec<Suggestion>,
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
        if self.figure_labels.iter().any(|&f| usize::from(f) == l) {
            return match (self.sentences.get(k), self.figures.get(k)) {
                (Some(s), Some(Some(f))) if s.start <= a && b <= s.end => {
                    f.probability((a - s.start, b - 1 - s.start, l as u8))
                }
                _ => 0.0,
            };
        }
        match self.sentences.get(k) {
            Some(s) if s.start <= a && b <= s.end => {
                self.chain_probability(self.lattice(k), a - s.start, b - s.start, l)
            }
            _ => 0.0,
        }
    }

    /// [`Lattice::span_probability`] of label `l` (an index into the
    /// labels; 0 for a label outside the chain).
    fn chain_probability(&self, lat: &Lattice, a: usize, b: usize, l: usize) -> f64 {
        match self.chain.iter().position(|&c| c == l) {
            Some(k) => lat.span_probability(a, b, k),
            None => 0.0,
        }
    }

    /// The forward-backward tables of sentence `k` (made on first use).
    fn lattice(&self, k: usize) -> &Lattice {
        self.lattices[k].get_or_init(|| {
            let r = &self.sentences[k];
            Lattice::with_factors(
                &self.emit[r.start * self.tags..r.end * self.tags],
                self.factors.clone(),
                self.tags,
                self.tau,
            )
        })
    }

    /// Mean over sentences of `1 - P(best tag path)`: 0 sure, near 1 unsure
    /// (for ordering the to-do documents; it makes every sentence's tables).
    /// The path is the BIO chain's, so it measures the doubt about the chain
    /// labels (persons and positions here), not the figure model's.
    pub fn uncertainty(&self) -> f64 {
        if self.sentences.is_empty() {
            return 0.0;
        }
        let mut unsure = 0.0;
        let mut path = Vec::new();
        for (k, r) in self.sentences.iter().enumerate() {
            path.clear();
            path.extend(self.path[r.clone()].iter().map(|&y| usize::from(y)));
            unsure += 1.0 - self.lattice(k).path_probability(&path);
        }
        unsure / self.sentences.len() as f64
    }
}

impl Tagger {
    /// A tagger from its parts: `hashes` sorted, `emit` a row of
    /// `tag_count(chain)` weights per hash (the chain: the labels not in
    /// `figures`, see [`chain_labels`]), `trans` the `(tags + 1) × tags`
    /// transitions.
    pub(super) fn new(
        labels: Vec<String>,
        hashes: Vec<u64>,
        emit: Vec<f32>,
        trans: Vec<f32>,
        tau: f32,
        lead: Vec<Lead>,
        figures: Option<Figures>,
    ) -> Self {
        let chain = chain_labels(labels.len(), figures.as_ref().map_or(&[], |f| f.labels()));
        let index: FeatureIndex = hashes
            .iter()
            .enumerate()
            .map(|(k, &h)| (h, k as u32))
            .collect();
        let tags = tag_count(chain.len());
        debug_assert_eq!(trans.len(), (tags + 1) * tags);
        debug_assert_eq!(emit.len(), hashes.len() * tags);
        let dense = Dense::new(labels.len(), tags, |h| {
            let k = *index.get(&h)? as usize;
            emit.get(k * tags..(k + 1) * tags)
        });
        Tagger {
            labels,
            chain,
            hashes,
            index,
            emit,
            trans,
            tau,
            lead,
            figures,
            dense,
            id: NEXT_TAGGER.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// The figure model, if there is one.
    pub fn figures(&self) -> Option<&Figures> {
        self.figures.as_ref()
    }

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
        tag_count(self.chain.len())
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

    /// Summed weights of the [`local_features`] of syllable `s` (`None`:
    /// the padding past a sentence's edge) at each offset of the [`WINDOW`],
    /// appended to `out` (`[offset][tag]`).
    fn local_sums(&self, s: Option<&Syllable<'_>>, buf: &mut Vec<u64>, out: &mut Vec<f32>) {
        let tags = self.tags();
        for &d in &WINDOW {
            buf.clear();
            local_features(s, d, buf);
            let at = out.len();
            out.resize(at + tags, 0.0);
            for &h in buf.iter() {
                self.add_weights(h, &mut out[at..at + tags]);
            }
        }
    }

    /// The rows of [`Tagger::local_sums`] for the distinct syllables of a
    /// document, from this thread's [`SyllableSums`] (adding what is
    /// missing); `f` gets them and their row per distinct syllable.
    fn with_syllable_sums<R>(
        &self,
        distinct: &[Syllable<'_>],
        f: impl FnOnce(&[f32], &[u32]) -> R,
    ) -> R {
        SYLLABLE_SUMS.with(|cell| {
            let mut c = cell.borrow_mut();
            let row_len = WINDOW.len() * self.tags();
            if c.tagger != self.id || c.sums.len() + distinct.len() * row_len > SYLLABLE_SUMS_LIMIT
            {
                *c = SyllableSums {
                    tagger: self.id,
                    ..SyllableSums::default()
                };
            }
            let c = &mut *c;
            let mut buf = Vec::with_capacity(16);
            let rows: Vec<u32> = distinct
                .iter()
                .map(|s| match c.at.get(s.text) {
                    Some(&k) => k,
                    None => {
                        let k = (c.sums.len() / row_len) as u32;
                        self.local_sums(Some(s), &mut buf, &mut c.sums);
                        c.at.insert(s.text.into(), k);
                        k
                    }
                })
                .collect();
            f(&c.sums, &rows)
        })
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
        self.analyse_keeping(doc, table, rules, dict, &|_| true)
    }

    /// [`Tagger::analyse_on`] for the `all` policy ([`super::combine()`]):
    /// the model's own spans of a label `rules-vi` leads alone are left out
    /// of [`Analysis::spans`] (the policy drops them), so their sentences'
    /// forward-backward tables are only made if a rule hit there is vetted.
    pub fn analyse_for_all(
        &self,
        doc: &Document,
        table: &DocTokens<'_>,
        rules: &[Suggestion],
        dict: &[Suggestion],
    ) -> Analysis {
        self.analyse_keeping(doc, table, rules, dict, &|l| {
            self.lead.get(l) != Some(&Lead::RulesAlone)
        })
    }

    /// The analysis, with the spans of the labels `keep` accepts.
    fn analyse_keeping(
        &self,
        doc: &Document,
        table: &DocTokens<'_>,
        rules: &[Suggestion],
        dict: &[Suggestion],
        keep: &dyn Fn(usize) -> bool,
    ) -> Analysis {
        let view = DocView::new(table, rules, dict, &self.labels);
        let tags = self.tags();
        let w = WINDOW.len();
        let mut pad = Vec::with_capacity(w * tags);
        self.local_sums(None, &mut Vec::new(), &mut pad);
        let mut emit: Vec<f32> = vec![0.0; table.len() * tags];
        let mut path: Vec<u16> = vec![0; table.len()];
        let mut best = Vec::new();
        let mut with_spans = Vec::new();
        self.with_syllable_sums(&distinct_syllables(table), |local, rows| {
            for (k, r) in view.sentences.iter().enumerate() {
                let s = view.sentence(r);
                let sent = &mut emit[r.start * tags..r.end * tags];
                for i in 0..r.len() {
                    let row = &mut sent[i * tags..(i + 1) * tags];
                    for (o, &d) in WINDOW.iter().enumerate() {
                        let j = i as isize + d;
                        let from = match usize::try_from(j).ok().filter(|&j| j < r.len()) {
                            Some(j) => {
                                let k = rows[table.syllable_of[r.start + j] as usize] as usize;
                                &local[(k * w + o) * tags..(k * w + o + 1) * tags]
                            }
                            None => &pad[o * tags..(o + 1) * tags],
                        };
                        for (x, y) in row.iter_mut().zip(from) {
                            *x += y;
                        }
                    }
                    // In `context_each` order, so the sums are those of the
                    // training's feature lists, bit for bit.
                    context_each(&s, i, |c| match self.dense.row(c) {
                        Some(weights) => {
                            for (x, y) in row.iter_mut().zip(weights) {
                                *x += y;
                            }
                        }
                        None => self.add_weights(c.hash(), row),
                    });
                }
                viterbi_into(sent, &self.trans, tags, &mut best);
                for (p, &y) in path[r.clone()].iter_mut().zip(&best) {
                    *p = y as u16;
                }
                let found: Vec<(usize, usize, usize)> = spans_of(&best)
                    .into_iter()
                    .map(|(a, b, k)| (a, b, self.chain[k]))
                    .filter(|&(_, _, l)| keep(l))
                    .collect();
                if !found.is_empty() {
                    with_spans.push((k, found));
                }
            }
        });
        let mut spans = Vec::new();
        let mut analysis = Analysis {
            tokens: table.tokens.clone(),
            lattices: (0..view.sentences.len()).map(|_| OnceLock::new()).collect(),
            sentences: view.sentences,
            tags,
            emit,
            factors: transition_factors(&self.trans, tags, self.tau),
            tau: self.tau,
            path,
            labels: self.labels.clone(),
            chain: self.chain.clone(),
            lead: self.lead.clone(),
            figure_labels: Vec::new(),
            figures: Vec::new(),
            spans: Vec::new(),
        };
        let toks = &table.tokens;
        for (k, found) in with_spans {
            let r = analysis.sentences[k].clone();
            let lat = analysis.lattice(k);
            for (a, b, l) in found {
                spans.push(suggestion(
                    doc,
                    &toks[r.start + a..r.start + b],
                    &self.labels[l],
                    analysis.chain_probability(lat, a, b, l),
                ));
            }
        }
        // Figure labels none of which is kept (rules-vi alone leads them)
        // need no figure analysis.
        let figures = self
            .figures
            .as_ref()
            .filter(|f| f.labels().iter().any(|&l| keep(usize::from(l))));
        if let Some(f) = figures {
            analysis.figure_labels = f.labels().to_vec();
            let rows = f.rows(table, self.labels.len());
            for r in &analysis.sentences {
                let found = View::has_number(table, r.clone())
                    .then(|| View::new(table, r.clone(), rules, &self.labels))
                    .and_then(|v| f.find(&v, &rows));
                if let Some(found) = &found {
                    for &(a, b, l) in &found.best {
                        if !keep(usize::from(l)) {
                            continue;
                        }
                        spans.push(suggestion(
                            doc,
                            &toks[r.start + a..=r.start + b],
                            &self.labels[usize::from(l)],
                            found.probability((a, b, l)),
                        ));
                    }
                }
                analysis.figures.push(found);
            }
            spans.sort_by(|x, y| (x.start, x.end, &x.label).cmp(&(y.start, y.end, &y.label)));
        }
        analysis.spans = spans;
        analysis
    }
}

/// The model's suggestion of `tokens` (one or more) of `doc`.
fn suggestion(doc: &Document, tokens: &[Token], label: &str, score: f64) -> Suggestion {
    let (first, last) = (&tokens[0], &tokens[tokens.len() - 1]);
    Suggestion {
        start: first.start,
        end: last.end,
        label: label.to_owned(),
        text: doc
            .text
            .get(first.byte_start..last.byte_end)
            .unwrap_or_default()
            .to_owned(),
        source: SOURCE.into(),
        score,
    }
}

#[cfg(test)]
#[path = "tagger_tests.rs"]
mod tests;

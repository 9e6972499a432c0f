//! Figure spans: a semi-Markov perceptron for the labels whose spans hold a
//! number (`metric`, `target`), scoring whole candidate spans instead of
//! one tag per token.
//!
//! Why: a figure's span runs from the first word of its indicator to the end
//! of its unit (`kim ngạch thương mại Việt Nam – Hà Lan năm 2023 đạt 11,1
//! tỷ USD`), often ten tokens or more; a tag per token breaks such spans at
//! a name or a dash. Here a span is one decision: its first and last words,
//! the words around them, the words inside, the words before it (which say
//! goal or result: `phấn đấu`, `đạt`), its length, and whether `rules-vi`
//! proposed exactly it.
//!
//! Which labels: those of which every span in the training documents holds a
//! number token (and at least [`MIN_SPANS`] of them): found at training,
//! nothing is hard-coded. A candidate span holds a number, starts and ends
//! on a word, stays on one line and in one table cell, crosses no `;` or
//! `|`, and is at most [`MAX_LEN`] tokens long.
//!
//! Decoding is exact (dynamic programming over a sentence's tokens: each
//! token is outside, or a candidate span of a figure label ends there).
//! Confidence of a span: its posterior probability over all segmentations of
//! the sentence, with weights `exp(score / tau)` (forward-backward in log
//! space). Offsets: token indices of the sentence inside, chars outside.

mod fit;
mod lattice;
mod spans;
mod view;

pub use fit::{fit, gold_segments, Example};
pub use lattice::{Lattice, Marginals, Seg, Weights};
pub use view::View;

use super::features::Hash;
use crate::suggest::doc_tokens::DocTokens;
#[cfg(test)]
use fit::*;
use lattice::*;
use rustc_hash::FxHashMap;
use spans::*;

/// Longest candidate span, in tokens.
pub const MAX_LEN: usize = 24;
/// Most tokens a candidate span holds before its first number (the
/// indicator) and after its last (the unit and what is counted): the
/// longest in the development corpus are 15 and 16.
pub const MAX_BEFORE: usize = 16;
/// See [`MAX_BEFORE`].
pub const MAX_AFTER: usize = 16;
/// Fewest training spans a label needs to be a figure label.
pub const MIN_SPANS: usize = 5;
/// Words before a span that are read as its context.
const LEFT: usize = 6;

/// A position past the sentence's edge.
const PAD: &str = "\u{2400}";

/// The token range of each sentence of `table`.
pub fn sentence_ranges(table: &DocTokens<'_>) -> Vec<std::ops::Range<usize>> {
    table
        .sentences
        .iter()
        .map(|r| {
            let a = table.tokens.partition_point(|t| t.start < r.start);
            let b = table.tokens.partition_point(|t| t.start < r.end);
            a..b
        })
        .filter(|r| !r.is_empty())
        .collect()
}

/// The figure labels of `docs`: those with at least [`MIN_SPANS`] spans, all
/// of which hold a number token. Indices into `labels`.
pub fn figure_labels(docs: &[&crate::model::Document], labels: &[String]) -> Vec<u8> {
    let mut count = vec![0usize; labels.len()];
    let mut bad = vec![false; labels.len()];
    for d in docs {
        for s in &d.spans {
            let Some(l) = labels.iter().position(|x| *x == s.label) else {
                continue;
            };
            count[l] += 1;
            let has_number = crate::text::tokenize(&s.text)
                .iter()
                .any(|t| t.text(&s.text).starts_with(|c: char| c.is_numeric()));
            if !has_number {
                bad[l] = true;
            }
        }
    }
    (0..labels.len())
        .filter(|&l| count[l] >= MIN_SPANS && !bad[l])
        .map(|l| l as u8)
        .collect()
}

/// Temperature of the figure spans' confidences; chosen on the training
/// split of the development corpus (`docs/LEARNING.md`).
pub const FIGURE_TAU: f32 = 2.0;

/// The trained figure model: which labels it tags and its weights.
#[derive(Clone)]
pub struct Figures {
    /// Label indices (into the tagger's labels) of the figure labels.
    pub(super) labels: Vec<u8>,
    /// Feature hashes, sorted; `weights[k]` belongs to `hashes[k]`.
    pub(super) hashes: Vec<u64>,
    pub(super) weights: Vec<f32>,
    /// Temperature of the confidences.
    pub(super) tau: f32,
    index: FxHashMap<u64, f32>,
    /// Names these weights for the per-thread [`RowCache`].
    id: u64,
}

/// Ids of figure models for [`RowCache`].
static NEXT_MODEL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Floats of role sums a thread keeps before starting over (8 MB).
const ROW_CACHE_LIMIT: usize = 1 << 21;

/// The role sums ([`ROLES`] per figure label) of every syllable (as
/// written) a thread has seen, for one figure model: results never depend
/// on it; it starts over for another model or past [`ROW_CACHE_LIMIT`].
#[derive(Default)]
struct RowCache {
    model: u64,
    at: FxHashMap<Box<str>, u32>,
    rows: Vec<f32>,
}

thread_local! {
    static ROW_CACHE: std::cell::RefCell<RowCache> = std::cell::RefCell::new(RowCache::default());
}

/// The role sums of one document's distinct syllables, by syllable id.
pub struct Rows {
    /// `syllables × labels × ROLES`.
    rows: Vec<f32>,
    /// A position past the sentence's edge, per label.
    pad: Vec<[f32; ROLES]>,
    /// The syllable-free weights, per label.
    constants: Vec<Constants>,
    labels: usize,
}

impl Rows {
    fn of(&self, syl: u32, slot: usize) -> [f32; ROLES] {
        let at = (syl as usize * self.labels + slot) * ROLES;
        let mut out = [0.0; ROLES];
        out.copy_from_slice(&self.rows[at..at + ROLES]);
        out
    }
}

impl PartialEq for Figures {
    fn eq(&self, o: &Self) -> bool {
        (&self.labels, &self.hashes, &self.weights, self.tau)
            == (&o.labels, &o.hashes, &o.weights, o.tau)
    }
}

impl std::fmt::Debug for Figures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Figures")
            .field("labels", &self.labels)
            .field("features", &self.hashes.len())
            .finish()
    }
}

/// What the figure model finds in one sentence: its best spans, and the
/// probability of any span.
#[derive(Clone)]
pub struct Found {
    /// The best segmentation's spans.
    pub best: Vec<Seg>,
    lattice: Lattice,
    tau: f32,
    /// The forward-backward sums, made when a probability is first asked.
    marginals: std::sync::OnceLock<Marginals>,
}

impl Found {
    /// Posterior probability of span `seg` over all segmentations of the
    /// sentence, weights `exp(score / tau)`; 0 for a span that is no
    /// candidate.
    pub fn probability(&self, seg: Seg) -> f64 {
        let Some(sc) = self.lattice.score_of(seg) else {
            return 0.0;
        };
        let m = self
            .marginals
            .get_or_init(|| self.lattice.marginals(self.tau));
        m.of(seg.0, seg.1, sc)
    }
}

impl Figures {
    /// A model from sorted `hashes` and their `weights`.
    pub fn new(labels: Vec<u8>, hashes: Vec<u64>, weights: Vec<f32>, tau: f32) -> Self {
        let index = hashes
            .iter()
            .copied()
            .zip(weights.iter().copied())
            .collect();
        Figures {
            labels,
            hashes,
            weights,
            tau,
            index,
            id: NEXT_MODEL.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// A model from trained weights (in any order).
    pub fn from_weights(labels: Vec<u8>, w: Weights, tau: f32) -> Self {
        let mut rows: Vec<(u64, f32)> = w.into_iter().collect();
        rows.sort_unstable_by_key(|r| r.0);
        let (hashes, weights) = rows.into_iter().unzip();
        Figures::new(labels, hashes, weights, tau)
    }

    /// Whether label index `l` is a figure label.
    pub fn covers(&self, l: usize) -> bool {
        self.labels.iter().any(|&x| usize::from(x) == l)
    }

    /// The figure labels (indices).
    pub fn labels(&self) -> &[u8] {
        &self.labels
    }

    /// Number of weights.
    pub fn feature_count(&self) -> usize {
        self.hashes.len()
    }

    fn weight(&self, h: u64) -> f32 {
        self.index.get(&h).copied().unwrap_or(0.0)
    }

    /// The role sums of one syllable for every figure label, appended.
    fn role_sums(&self, key: &str, shape: &str, out: &mut Vec<f32>) {
        let mut buf = Vec::with_capacity(2);
        for &l in &self.labels {
            for role in 0..ROLES {
                buf.clear();
                role_features(key, shape, role, l, &mut buf);
                out.push(buf.iter().map(|&h| self.weight(h)).sum());
            }
        }
    }

    /// The role sums of the distinct syllables of `table`, from this
    /// thread's [`RowCache`], and the [`Constants`] (`labels`: the number
    /// of all labels).
    pub fn rows(&self, table: &DocTokens<'_>, labels: usize) -> Rows {
        let width = self.labels.len() * ROLES;
        let mut pad_row = Vec::with_capacity(width);
        self.role_sums(PAD, PAD, &mut pad_row);
        let pad = pad_row
            .chunks(ROLES)
            .map(|c| std::array::from_fn(|r| c[r]))
            .collect();
        let mut rows = Vec::with_capacity(table.syllables.len() * width);
        ROW_CACHE.with(|cell| {
            let mut c = cell.borrow_mut();
            if c.model != self.id || c.rows.len() + table.syllables.len() * width > ROW_CACHE_LIMIT
            {
                *c = RowCache {
                    model: self.id,
                    ..RowCache::default()
                };
            }
            let c = &mut *c;
            for s in &table.syllables {
                let k = match c.at.get(s.text) {
                    Some(&k) => k as usize,
                    None => {
                        let k = c.rows.len() / width;
                        self.role_sums(&s.key, &s.shape, &mut c.rows);
                        c.at.insert(s.text.into(), k as u32);
                        k
                    }
                };
                rows.extend_from_slice(&c.rows[k * width..(k + 1) * width]);
            }
        });
        let w = |h: u64| self.weight(h);
        Rows {
            rows,
            pad,
            constants: self
                .labels
                .iter()
                .map(|&l| Constants::new(l, labels, &w))
                .collect(),
            labels: self.labels.len(),
        }
    }

    /// Finds the figure spans of sentence `v` (of the document whose
    /// [`Figures::rows`] are `rows`). `None` when the sentence holds no
    /// number.
    pub fn find(&self, v: &View, rows: &Rows) -> Option<Found> {
        if v.digits[v.len()] == 0 {
            return None;
        }
        let w = |h: u64| self.weight(h);
        let parts: Vec<(u8, Parts)> = self
            .labels
            .iter()
            .enumerate()
            .map(|(slot, &l)| {
                let of = |syl: u32| rows.of(syl, slot);
                let k = &rows.constants[slot];
                (l, Parts::of_rows(v, l, &of, rows.pad[slot], k, &w))
            })
            .collect();
        let lattice = Lattice::of_parts(v, &parts);
        let best = lattice.best();
        Some(Found {
            best,
            lattice,
            tau: self.tau,
            marginals: std::sync::OnceLock::new(),
        })
    }
}

/// Models averaged into one ([`train_figures`]): each sees the sentences
/// in another order, which steadies a model trained on few documents.
pub const BAGS: u64 = 3;

/// Trains a figure model on `examples`: [`BAGS`] perceptrons ([`fit`]) of
/// `epochs / 2` passes each (at least one), each with its own sentence
/// order from `seed`, their weights averaged. `None` when no label is a
/// figure label. Deterministic for a seed.
pub fn train_figures(
    examples: &[Example],
    figure_labels: Vec<u8>,
    labels: usize,
    epochs: u32,
    seed: u64,
) -> Option<Figures> {
    if figure_labels.is_empty() {
        return None;
    }
    let mut sum: FxHashMap<u64, f32> = FxHashMap::default();
    for bag in 0..BAGS {
        let mut rng = super::train::Rng(seed.wrapping_add(bag));
        let w = fit(examples, &figure_labels, labels, (epochs / 2).max(1), |v| {
            rng.shuffle(v)
        });
        for (h, x) in w {
            *sum.entry(h).or_default() += x;
        }
    }
    let w: Weights = sum
        .into_iter()
        .map(|(h, x)| (h, x / BAGS as f32))
        .filter(|(_, x)| *x != 0.0)
        .collect();
    Some(Figures::from_weights(figure_labels, w, FIGURE_TAU))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{default_labels, Project};
    use crate::suggest::model::train::tests::done;
    use crate::suggest::model::{train, TrainOptions};
    use crate::suggest::rules_vi;

    fn names() -> Vec<String> {
        default_labels().into_iter().map(|l| l.name).collect()
    }

    #[test]
    fn candidates_hold_a_number_stay_in_a_cell_and_start_on_a_word() {
        let text = "Doanh thu đạt 7,22%; lợi nhuận | 39\t28 (tăng 5%)";
        let t = DocTokens::of_text(text);
        let v = View::new(&t, 0..t.len(), &[], &names());
        let at = |s: &str| v.keys.iter().position(|k| *k == s).unwrap();
        // "Doanh thu đạt 7,22%" is one.
        assert!(v.candidate(0, at("7,22%")));
        // No number: no candidate.
        assert!(!v.candidate(0, 1));
        // Across `;` or `|`, or a tab: never.
        assert!(!v.candidate(0, at("39")));
        assert!(!v.candidate(at("39"), at("28")));
        assert!(v.candidate(at("28"), at("28")));
        // Starting or ending on punctuation: never.
        assert!(!v.candidate(at("("), at("5%")));
        assert!(!v.candidate(at("tăng"), at(")")));
        assert!(v.candidate(at("tăng"), at("5%")));
    }

    #[test]
    fn figure_labels_are_those_whose_every_span_holds_a_number() {
        let docs = [done(
            "a",
            "Ông [person: Lê Văn Tám] nói [metric: doanh thu đạt 5 tỷ đồng], [metric: lãi 2 tỷ], \
             [metric: nợ 1 tỷ], [metric: thuế 3 tỷ], [metric: 9 dự án]; [target: năm tới 10 tỷ], \
             [target: chi 2 tỷ], [target: thu 4 tỷ], [target: 8 tỷ], [target: phát triển bền vững].",
        )];
        let refs: Vec<&crate::model::Document> = docs.iter().collect();
        let names = names();
        let got: Vec<&str> = figure_labels(&refs, &names)
            .iter()
            .map(|&l| names[usize::from(l)].as_str())
            .collect();
        // person has no number; target has one span without; metric is one.
        assert_eq!(got, ["metric"]);
    }

    #[test]
    fn posteriors_are_probabilities_and_the_fast_scores_are_the_reference() {
        let text = "Năm 2023, doanh thu đạt 1.240 tỷ đồng, tăng 12% so với năm 2022; Ông Tám nói.";
        let doc = crate::model::Document::new("x", text);
        let t = DocTokens::of_text(text);
        let rules = rules_vi(&doc);
        let v = View::new(&t, 0..t.len(), &rules, &names());
        // A model with fixed pseudo-random weights on every feature the
        // reference path meets.
        let mut hashes: Vec<u64> = Vec::new();
        for l in [2u8, 3] {
            for s in 0..v.len() {
                for e in s..v.len() {
                    if v.candidate(s, e) {
                        hashes.extend(all_features(&v, s, e, l));
                    }
                }
            }
        }
        hashes.sort_unstable();
        hashes.dedup();
        let weights: Vec<f32> = hashes
            .iter()
            .map(|h| ((h % 1000) as f32 - 500.0) / 250.0)
            .collect();
        let f = Figures::new(vec![2, 3], hashes, weights, 2.0);
        let w = |h: u64| f.weight(h);
        let reference = Lattice::new(&v, &[2, 3], 4, &w);
        let fast = f.find(&v, &f.rows(&t, 4)).unwrap();
        // The lattice enumerates exactly the candidates, once per label.
        let brute = (0..v.len())
            .flat_map(|s| (s..v.len()).map(move |e| (s, e)))
            .filter(|&(s, e)| v.candidate(s, e))
            .count();
        assert!(brute > 0);
        assert_eq!(reference.cands.len(), 2 * brute);
        assert_eq!(reference.at, fast.lattice.at);
        for (x, y) in reference.cands.iter().zip(&fast.lattice.cands) {
            assert_eq!((x.0, x.1), (y.0, y.1));
            assert!((x.2 - y.2).abs() < 1e-3, "{x:?} {y:?}");
        }
        assert_eq!(reference.best(), fast.best);
        let p = reference.all(&reference.marginals(2.0));
        for &(seg, x) in &p {
            assert!((fast.probability(seg) - x).abs() < 1e-3);
        }
        assert!(!p.is_empty());
        assert!(p.iter().all(|(_, x)| (0.0..=1.0).contains(x)));
        // Spans that overlap cannot both be taken: at any token, the
        // probabilities of the spans covering it sum to at most 1 (up to
        // the single-precision exponentials of the sums).
        for i in 0..v.len() {
            let covering: f64 = p
                .iter()
                .filter(|(s, _)| s.0 <= i && i <= s.1)
                .map(|(_, x)| x)
                .sum();
            assert!(covering <= 1.0 + 1e-5, "token {i}: {covering}");
        }
    }

    #[test]
    fn the_ids_of_training_list_the_same_features_as_the_hashes() {
        let text = "Ông Tám cho biết doanh thu đạt 1.240 tỷ đồng, tăng 12%.";
        let t = DocTokens::of_text(text);
        let rules = rules_vi(&crate::model::Document::new("x", text));
        let v = View::new(&t, 0..t.len(), &rules, &names());
        let mut int = Interner::default();
        for l in [2u8, 3] {
            let ids = compile(&v, l, &mut int);
            let span = span_ids(l, 4, &mut int);
            for (s, e) in [(4, 9), (0, 12), (11, 12)] {
                let got: Vec<u64> = span_feature_ids(&v, &ids, &span, s, e)
                    .into_iter()
                    .map(|k| int.hashes[k as usize])
                    .collect();
                assert_eq!(got, all_features(&v, s, e, l), "span {s}..={e}");
            }
        }
    }

    #[test]
    fn a_trained_tagger_finds_figures_whole_and_deterministically() {
        let mut p = Project::new("p", default_labels());
        for (k, m) in [
            "Năm 2023, [metric: kim ngạch thương mại Việt Nam – Hà Lan đạt 11,1 tỷ USD].",
            "Theo ông Tám, [metric: kim ngạch xuất khẩu Việt Nam – Hàn Quốc đạt 79,4 tỷ USD].",
            "Tỉnh [metric: thu hút 62 đội ghe] và [metric: 14.800 khán giả].",
            "Năm 2024 phấn đấu [target: kim ngạch thương mại Việt Nam – Lào đạt 2 tỷ USD].",
            "Công ty [metric: thu hút 6.250 vận động viên] trong năm 2023.",
            "Bộ đặt mục tiêu [target: kim ngạch thương mại Việt Nam – Nhật Bản đạt 50 tỷ USD].",
        ]
        .iter()
        .enumerate()
        {
            p.documents.push(done(&format!("d{k}"), m));
        }
        let opts = TrainOptions::default();
        let a = train(&p, &opts).unwrap().tagger;
        let b = train(&p, &opts).unwrap().tagger;
        assert_eq!(a, b);
        let f = a.figures().expect("a figure model");
        let names = names();
        let got: Vec<&str> = f
            .labels()
            .iter()
            .map(|&l| names[usize::from(l)].as_str())
            .collect();
        // Two targets are fewer than MIN_SPANS: the chain keeps them.
        assert_eq!(got, ["metric"]);
        // A training document comes out whole, dash and names included.
        let d = &p.documents[0];
        let found = a.analyse(d, &rules_vi(d), &[]);
        let metric: Vec<&str> = found
            .spans
            .iter()
            .filter(|s| s.label == "metric")
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(
            metric,
            ["kim ngạch thương mại Việt Nam – Hà Lan đạt 11,1 tỷ USD"]
        );
        let s = found.spans.iter().find(|s| s.label == "metric").unwrap();
        assert!(s.score > 0.0 && s.score <= 1.0);
        assert_eq!(found.probability(s.start, s.end, "metric"), s.score);
        // A span the model does not consider has probability 0.
        assert_eq!(found.probability(0, 3, "metric"), 0.0);
        // The BIO chain leaves the figure label out (its tags are those of
        // the other labels), and the model file keeps that split.
        let metric = names.iter().position(|n| n == "metric").unwrap();
        let others: Vec<usize> = (0..names.len()).filter(|&l| l != metric).collect();
        assert_eq!(a.chain, others);
        assert_eq!(
            a.trans.len(),
            (2 * others.len() + 2) * (2 * others.len() + 1)
        );
        let bytes = super::super::file::to_bytes(&a);
        let back = super::super::file::from_bytes(&bytes).unwrap();
        assert_eq!(super::super::file::to_bytes(&back), bytes);
        assert_eq!(back.chain, others);
    }
}

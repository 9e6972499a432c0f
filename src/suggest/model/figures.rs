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

use super::features::Hash;
use crate::model::Suggestion;
use crate::suggest::doc_tokens::DocTokens;
use rustc_hash::FxHashMap;

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

/// The whitespace before a token: 0 none, 1 spaces, 2 a tab, 3 a line break.
fn gap_kind(text: &str) -> u8 {
    if text.contains('\n') {
        3
    } else if text.contains('\t') {
        2
    } else if text.is_empty() {
        0
    } else {
        1
    }
}

/// One sentence as the figure model reads it (token indices relative to the
/// sentence).
pub struct View<'a> {
    /// Folded syllables.
    pub keys: Vec<&'a str>,
    /// Shapes.
    pub shapes: Vec<&'a str>,
    /// Whitespace before each token ([`gap_kind`]).
    pub gaps: Vec<u8>,
    /// Syllable id of each token in its document's table.
    syl: Vec<u32>,
    /// Per token the [`start_pair`] and [`end_pair`] hashes (empty when the
    /// sentence holds no number).
    pairs: Vec<(Hash, Hash)>,
    /// Tokens before index `i` that are numbers (prefix counts, `n + 1`).
    digits: Vec<u32>,
    /// Whether a token may start or end a span (a word or number).
    word: Vec<bool>,
    /// The first number token at or after each token (`n`: none).
    next_number: Vec<u32>,
    /// Index of the next token at or after `i` that a span may not cross
    /// (`;`, `|`, a tab or line break before it), `n` when none.
    wall: Vec<usize>,
    /// `rules-vi` spans of the sentence: (first, last token) -> label index.
    rules: FxHashMap<(usize, usize), u8>,
    /// Label index + 1 of a `rules-vi` span starting (ending) at a token.
    rule_start: Vec<u8>,
    rule_end: Vec<u8>,
}

impl<'a> View<'a> {
    /// The view of tokens `range` of `table`, with the `rules-vi`
    /// suggestions `rules` (of any labels, indexed in `labels`).
    pub fn new(
        table: &'a DocTokens<'_>,
        range: std::ops::Range<usize>,
        rules: &[Suggestion],
        labels: &[String],
    ) -> Self {
        let n = range.len();
        let toks = &table.tokens[range.clone()];
        let mut keys = Vec::with_capacity(n);
        let mut shapes = Vec::with_capacity(n);
        let mut gaps = Vec::with_capacity(n);
        let mut digits = Vec::with_capacity(n + 1);
        let mut word = Vec::with_capacity(n);
        digits.push(0);
        for (k, i) in range.clone().enumerate() {
            let s = table.syllable(i);
            keys.push(&*s.key);
            shapes.push(&*s.shape);
            let gap = if k == 0 {
                0
            } else {
                let a = toks[k - 1].byte_end;
                let b = toks[k].byte_start;
                gap_kind(table.text.get(a..b).unwrap_or(""))
            };
            gaps.push(gap);
            let first = s.shape.chars().next().unwrap_or(' ');
            digits.push(digits[k] + u32::from(first == 'd'));
            word.push(matches!(first, 'X' | 'x' | 'd'));
        }
        let mut next_number = vec![n as u32; n + 1];
        for k in (0..n).rev() {
            next_number[k] = if digits[k + 1] > digits[k] {
                k as u32
            } else {
                next_number[k + 1]
            };
        }
        let mut wall = vec![n; n + 1];
        for k in (0..n).rev() {
            let hard = matches!(keys[k], ";" | "|") || gaps[k] >= 2;
            wall[k] = if hard { k } else { wall[k + 1] };
        }
        let mut map = FxHashMap::default();
        let mut rule_start = vec![0u8; n];
        let mut rule_end = vec![0u8; n];
        let (lo, hi) = (
            toks.first().map_or(0, |t| t.start),
            toks.last().map_or(0, |t| t.end),
        );
        for s in rules {
            if s.start < lo || s.end > hi {
                continue;
            }
            let Some(l) = labels.iter().position(|x| *x == s.label) else {
                continue;
            };
            let a = toks.partition_point(|t| t.start < s.start);
            let b = toks.partition_point(|t| t.end <= s.end);
            if b == 0 || a >= b || toks[a].start != s.start || toks[b - 1].end != s.end {
                continue;
            }
            map.insert((a, b - 1), l as u8);
            if rule_start[a] == 0 {
                rule_start[a] = l as u8 + 1;
            }
            if rule_end[b - 1] == 0 {
                rule_end[b - 1] = l as u8 + 1;
            }
        }
        let mut v = View {
            keys,
            shapes,
            gaps,
            syl: table.syllable_of[range].to_vec(),
            pairs: Vec::new(),
            digits,
            word,
            next_number,
            wall,
            rules: map,
            rule_start,
            rule_end,
        };
        if v.digits[n] > 0 {
            v.pairs = (0..n)
                .map(|k| (start_pair(&v, k), end_pair(&v, k)))
                .collect();
        }
        v
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether tokens `range` of `table` hold a number (else the sentence
    /// has no candidate and needs no view).
    pub fn has_number(table: &DocTokens<'_>, range: std::ops::Range<usize>) -> bool {
        range
            .into_iter()
            .any(|i| table.syllable(i).shape.starts_with('d'))
    }

    /// Whether there is no token.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Whether tokens `s..=e` may form a span ([`Lattice`] enumerates
    /// exactly these).
    fn candidate(&self, s: usize, e: usize) -> bool {
        self.word[s]
            && self.word[e]
            && e - s < MAX_LEN
            && self.digits[e + 1] > self.digits[s]
            && self.next_number[s] as usize - s <= MAX_BEFORE
            && e - self.last_number(e) <= MAX_AFTER
            // a wall at s is fine when it is the gap before s
            && self.wall[s + 1] > e
    }

    /// The last number token at or before `e` (one must exist).
    fn last_number(&self, e: usize) -> usize {
        let k = self.digits[e + 1];
        // The k-th number: the first token whose prefix count reaches k.
        self.digits.partition_point(|&c| c < k) - 1
    }

    fn key(&self, i: isize) -> &str {
        if i < 0 || i as usize >= self.len() {
            PAD
        } else {
            self.keys[i as usize]
        }
    }

    fn shape(&self, i: isize) -> &str {
        if i < 0 || i as usize >= self.len() {
            PAD
        } else {
            self.shapes[i as usize]
        }
    }
}

/// [`length_bucket`] of `1..=MAX_LEN`, by length - 1.
const LENGTH_BUCKETS: [u8; MAX_LEN] = {
    let mut t = [0u8; MAX_LEN];
    let mut i = 0;
    while i < MAX_LEN {
        t[i] = length_bucket(i + 1);
        i += 1;
    }
    t
};

const fn length_bucket(n: usize) -> u8 {
    match n {
        1 => 0,
        2 => 1,
        3..=4 => 2,
        5..=6 => 3,
        7..=9 => 4,
        10..=14 => 5,
        _ => 6,
    }
}

/// Roles a single syllable plays in a span's features (the span's first
/// word, the one or two before it, its last word, the one or two after it,
/// a word inside, a word among the [`LEFT`] before it). Their weights depend
/// on the syllable alone, so suggesting sums them once per syllable.
const ROLES: usize = 8;

/// The features of a syllable (`key`, `shape`) in `role` for label `l`.
fn role_features(key: &str, shape: &str, role: usize, l: u8, out: &mut Vec<u64>) {
    let h = |t: u8, s: &str| Hash::new(t).str(s).bytes(&[l]).0;
    match role {
        0 => out.extend([h(101, key), h(104, shape)]),
        1 => out.extend([h(102, key), h(105, shape)]),
        2 => out.push(h(103, key)),
        3 => out.extend([h(111, key), h(114, shape)]),
        4 => out.extend([h(112, key), h(115, shape)]),
        5 => out.push(h(113, key)),
        6 => out.push(Hash::new(121).str(key).str(shape).bytes(&[l]).0),
        _ => out.push(h(131, key)),
    }
}

/// The two-syllable feature of a span's start (the word before and the
/// first), before its label is mixed in.
fn start_pair(v: &View, s: usize) -> Hash {
    let i = s as isize;
    Hash::new(106).str(v.key(i - 1)).str(v.key(i))
}

/// The two-syllable feature of a span's end (the last word and the next).
fn end_pair(v: &View, e: usize) -> Hash {
    let i = e as isize;
    Hash::new(116).str(v.key(i)).str(v.key(i + 1))
}

fn gap_after(v: &View, e: usize) -> u8 {
    v.gaps.get(e + 1).copied().unwrap_or(3)
}

/// The features of a span's first token `s` for label `l` ([`EDGE`]).
fn start_features(v: &View, s: usize, l: u8, out: &mut Vec<u64>) {
    let i = s as isize;
    role_features(v.key(i), v.shape(i), 0, l, out);
    role_features(v.key(i - 1), v.shape(i - 1), 1, l, out);
    role_features(v.key(i - 2), v.shape(i - 2), 2, l, out);
    out.push(start_pair(v, s).bytes(&[l]).0);
    out.push(Hash::new(107).bytes(&[l, v.gaps[s]]).0);
    out.push(Hash::new(108).bytes(&[l, v.rule_start[s]]).0);
}

/// The features of a span's last token `e` for label `l` ([`EDGE`]).
fn end_features(v: &View, e: usize, l: u8, out: &mut Vec<u64>) {
    let i = e as isize;
    role_features(v.key(i), v.shape(i), 3, l, out);
    role_features(v.key(i + 1), v.shape(i + 1), 4, l, out);
    role_features(v.key(i + 2), v.shape(i + 2), 5, l, out);
    out.push(end_pair(v, e).bytes(&[l]).0);
    out.push(Hash::new(117).bytes(&[l, gap_after(v, e)]).0);
    out.push(Hash::new(118).bytes(&[l, v.rule_end[e]]).0);
}

/// The feature of token `t` inside a span of label `l`.
fn inside_feature(v: &View, t: usize, l: u8) -> u64 {
    let mut out = Vec::with_capacity(1);
    role_features(v.keys[t], v.shapes[t], 6, l, &mut out);
    out[0]
}

/// The feature of token `t` among the words before a span of label `l`.
fn left_feature(v: &View, t: usize, l: u8) -> u64 {
    let mut out = Vec::with_capacity(1);
    role_features(v.keys[t], v.shapes[t], 7, l, &mut out);
    out[0]
}

/// Features of the span as a whole.
#[cfg(test)]
fn span_features(v: &View, s: usize, e: usize, l: u8, out: &mut Vec<u64>) {
    let digits = (v.digits[e + 1] - v.digits[s]).min(3) as u8;
    let rule = v.rules.get(&(s, e)).map_or(0, |&r| r + 1);
    out.push(Hash::new(141).bytes(&[l, length_bucket(e - s + 1)]).0);
    out.push(Hash::new(142).bytes(&[l, digits]).0);
    out.push(Hash::new(143).bytes(&[l, rule]).0);
    out.push(Hash::new(144).bytes(&[l]).0);
}

/// Every feature of span `s..=e` of label `l`.
#[cfg(test)]
fn all_features(v: &View, s: usize, e: usize, l: u8) -> Vec<u64> {
    let mut out = Vec::with_capacity(24 + e - s);
    start_features(v, s, l, &mut out);
    end_features(v, e, l, &mut out);
    for t in s..=e {
        out.push(inside_feature(v, t, l));
    }
    for t in s.saturating_sub(LEFT)..s {
        out.push(left_feature(v, t, l));
    }
    span_features(v, s, e, l, &mut out);
    out
}

/// Weights by feature hash.
pub type Weights = FxHashMap<u64, f32>;

/// The per-token parts of the scores of one sentence for one label, so a
/// span's score is a few additions.
struct Parts {
    start: Vec<f32>,
    end: Vec<f32>,
    /// Prefix sums of the inside weights (`n + 1`).
    inside: Vec<f32>,
    /// Prefix sums of the left-context weights (`n + 1`).
    left: Vec<f32>,
    length: [f32; 7],
    digits: [f32; 4],
    rule: Vec<f32>,
    bias: f32,
}

#[cfg(test)]
fn weight(w: &impl Fn(u64) -> f32, f: u64) -> f32 {
    w(f)
}

/// The span-wide weights of label `l`: length buckets, number counts, the
/// rules' span label (0 none), bias.
fn span_weights(
    l: u8,
    labels: usize,
    w: &impl Fn(u64) -> f32,
) -> ([f32; 7], [f32; 4], Vec<f32>, f32) {
    (
        std::array::from_fn(|b| w(Hash::new(141).bytes(&[l, b as u8]).0)),
        std::array::from_fn(|b| w(Hash::new(142).bytes(&[l, b as u8]).0)),
        (0..=labels)
            .map(|r| w(Hash::new(143).bytes(&[l, r as u8]).0))
            .collect(),
        w(Hash::new(144).bytes(&[l]).0),
    )
}

impl Parts {
    /// The parts from the per-token sums and the span-wide weights.
    fn with_span_weights(
        start: Vec<f32>,
        end: Vec<f32>,
        inside: Vec<f32>,
        left: Vec<f32>,
        (length, digits, rule, bias): ([f32; 7], [f32; 4], Vec<f32>, f32),
    ) -> Self {
        Parts {
            start,
            end,
            inside,
            left,
            length,
            digits,
            rule,
            bias,
        }
    }

    /// The parts by looking every feature up (the reference the fast
    /// [`Parts::of_rows`] is tested against).
    #[cfg(test)]
    fn new(v: &View, l: u8, labels: usize, w: &impl Fn(u64) -> f32) -> Self {
        let n = v.len();
        let mut buf = Vec::with_capacity(8);
        let mut start = Vec::with_capacity(n);
        let mut end = Vec::with_capacity(n);
        let mut inside = Vec::with_capacity(n + 1);
        let mut left = Vec::with_capacity(n + 1);
        inside.push(0.0);
        left.push(0.0);
        for i in 0..n {
            buf.clear();
            start_features(v, i, l, &mut buf);
            start.push(buf.iter().map(|&f| weight(w, f)).sum());
            buf.clear();
            end_features(v, i, l, &mut buf);
            end.push(buf.iter().map(|&f| weight(w, f)).sum());
            inside.push(inside[i] + weight(w, inside_feature(v, i, l)));
            left.push(left[i] + weight(w, left_feature(v, i, l)));
        }
        Parts::with_span_weights(start, end, inside, left, span_weights(l, labels, w))
    }

    /// The parts from the per-syllable role sums (`rows`: [`ROLES`] weights
    /// per syllable id of the view's document, for this label; `pad`: those
    /// of a position past the sentence's edge) and the few features that
    /// depend on two syllables or on the sentence.
    fn of_rows(
        v: &View,
        l: u8,
        labels: usize,
        rows: &dyn Fn(u32) -> [f32; ROLES],
        pad: [f32; ROLES],
        w: &impl Fn(u64) -> f32,
    ) -> Self {
        let n = v.len();
        let role = |i: isize, r: usize| -> f32 {
            if i < 0 || i as usize >= n {
                pad[r]
            } else {
                rows(v.syl[i as usize])[r]
            }
        };
        let gap_start: [f32; 4] = std::array::from_fn(|g| w(Hash::new(107).bytes(&[l, g as u8]).0));
        let gap_end: [f32; 4] = std::array::from_fn(|g| w(Hash::new(117).bytes(&[l, g as u8]).0));
        let rule_start: Vec<f32> = (0..=labels)
            .map(|r| w(Hash::new(108).bytes(&[l, r as u8]).0))
            .collect();
        let rule_end: Vec<f32> = (0..=labels)
            .map(|r| w(Hash::new(118).bytes(&[l, r as u8]).0))
            .collect();
        let mut start = Vec::with_capacity(n);
        let mut end = Vec::with_capacity(n);
        let mut inside = Vec::with_capacity(n + 1);
        let mut left = Vec::with_capacity(n + 1);
        inside.push(0.0);
        left.push(0.0);
        for k in 0..n {
            let i = k as isize;
            start.push(
                role(i, 0)
                    + role(i - 1, 1)
                    + role(i - 2, 2)
                    + w(v.pairs[k].0.bytes(&[l]).0)
                    + gap_start[usize::from(v.gaps[k])]
                    + rule_start[usize::from(v.rule_start[k])],
            );
            end.push(
                role(i, 3)
                    + role(i + 1, 4)
                    + role(i + 2, 5)
                    + w(v.pairs[k].1.bytes(&[l]).0)
                    + gap_end[usize::from(gap_after(v, k))]
                    + rule_end[usize::from(v.rule_end[k])],
            );
            inside.push(inside[k] + role(i, 6));
            left.push(left[k] + role(i, 7));
        }
        Parts::with_span_weights(start, end, inside, left, span_weights(l, labels, w))
    }

    /// The score of span `s..=e` (the lattice adds the same terms in
    /// another order).
    fn score(&self, v: &View, s: usize, e: usize) -> f32 {
        let digits = (v.digits[e + 1] - v.digits[s]).min(3) as usize;
        let rule = if v.rule_start[s] != 0 && v.rule_end[e] != 0 {
            v.rules.get(&(s, e)).map_or(0, |&r| r as usize + 1)
        } else {
            0
        };
        self.start[s]
            + self.end[e]
            + (self.inside[e + 1] - self.inside[s])
            + (self.left[s] - self.left[s.saturating_sub(LEFT)])
            + self.length[length_bucket(e - s + 1) as usize]
            + self.digits[digits]
            + self.rule[rule]
            + self.bias
    }
}

/// One span of a sentence: first and last token, label index.
pub type Seg = (usize, usize, u8);

/// Scores of every candidate span of a sentence, for the given labels.
#[derive(Clone)]
pub struct Lattice {
    /// (start, label, score) of the candidates, grouped by end token:
    /// those ending at token `e` are `cands[at[e]..at[e + 1]]`.
    cands: Vec<(u32, u8, f32)>,
    at: Vec<u32>,
}

impl Lattice {
    /// The candidates of `v` for `figure_labels` (label indices) under
    /// weights `w`; `labels` is the number of all labels. Looks every
    /// feature up: the reference for [`Figures::find`].
    #[cfg(test)]
    pub fn new(v: &View, figure_labels: &[u8], labels: usize, w: &impl Fn(u64) -> f32) -> Self {
        let parts: Vec<(u8, Parts)> = figure_labels
            .iter()
            .map(|&l| (l, Parts::new(v, l, labels, w)))
            .collect();
        Self::of_parts(v, &parts)
    }

    /// The candidates of `v` scored by each label's parts.
    fn of_parts(v: &View, parts: &[(u8, Parts)]) -> Self {
        let n = v.len();
        // Per label, the terms of a score that depend on the start alone.
        let begins: Vec<Vec<f32>> = parts
            .iter()
            .map(|(_, p)| {
                (0..n)
                    .map(|s| {
                        p.start[s] - p.inside[s]
                            + (p.left[s] - p.left[s.saturating_sub(LEFT)])
                            + p.bias
                    })
                    .collect()
            })
            .collect();
        let mut cands = Vec::new();
        let mut at = Vec::with_capacity(n + 1);
        at.push(0);
        let mut last_digit: Option<usize> = None;
        for e in 0..n {
            if v.digits[e + 1] > v.digits[e] {
                last_digit = Some(e);
            }
            // A candidate ends on a word and starts at or before the last
            // number up to e.
            let Some(d) = last_digit.filter(|&d| v.word[e] && e - d <= MAX_AFTER) else {
                at.push(cands.len() as u32);
                continue;
            };
            let lo = (e + 1).saturating_sub(MAX_LEN);
            for (k, &(l, ref p)) in parts.iter().enumerate() {
                let end = p.end[e] + p.inside[e + 1];
                for s in (lo..=d).rev() {
                    if s < e && v.wall[s + 1] <= e {
                        break;
                    }
                    if v.word[s] && v.next_number[s] as usize - s <= MAX_BEFORE {
                        debug_assert!(v.candidate(s, e));
                        let digits = (v.digits[e + 1] - v.digits[s]).min(3) as usize;
                        let mut x = begins[k][s]
                            + end
                            + p.length[usize::from(LENGTH_BUCKETS[e - s])]
                            + p.digits[digits];
                        let rule = if v.rule_start[s] != 0 && v.rule_end[e] != 0 {
                            v.rules.get(&(s, e)).map_or(0, |&r| r as usize + 1)
                        } else {
                            0
                        };
                        x += p.rule[rule];
                        debug_assert!((x - p.score(v, s, e)).abs() < 1e-3);
                        cands.push((s as u32, l, x));
                    }
                }
            }
            at.push(cands.len() as u32);
        }
        Lattice { cands, at }
    }

    /// Number of tokens.
    fn len(&self) -> usize {
        self.at.len() - 1
    }

    /// The candidates ending at token `e`.
    fn ending(&self, e: usize) -> &[(u32, u8, f32)] {
        &self.cands[self.at[e] as usize..self.at[e + 1] as usize]
    }

    /// The best segmentation: its spans, in order.
    pub fn best(&self) -> Vec<Seg> {
        let n = self.len();
        let mut best = vec![0.0f32; n + 1];
        let mut back: Vec<Option<(usize, u8)>> = vec![None; n + 1];
        for e in 0..n {
            best[e + 1] = best[e];
            for &(s, l, sc) in self.ending(e) {
                let s = s as usize;
                let x = best[s] + sc;
                if x > best[e + 1] {
                    best[e + 1] = x;
                    back[e + 1] = Some((s, l));
                }
            }
        }
        let mut out = Vec::new();
        let mut i = n;
        while i > 0 {
            match back[i] {
                Some((s, l)) => {
                    out.push((s, i - 1, l));
                    i = s;
                }
                None => i -= 1,
            }
        }
        out.reverse();
        out
    }

    /// The forward-backward sums of the lattice, weights
    /// `exp(score / tau)`, for [`Marginals::probability`].
    pub fn marginals(&self, tau: f32) -> Marginals {
        let n = self.len();
        let t = f64::from(tau);
        let mut alpha = vec![f64::NEG_INFINITY; n + 1];
        alpha[0] = 0.0;
        let mut terms: Vec<f64> = Vec::new();
        for e in 0..n {
            terms.clear();
            terms.push(alpha[e]);
            terms.extend(
                self.ending(e)
                    .iter()
                    .map(|&(s, _, sc)| alpha[s as usize] + f64::from(sc) / t),
            );
            alpha[e + 1] = log_sum_exp(&terms);
        }
        // The candidates again, grouped by start (counting sort).
        let mut from = vec![0u32; n + 1];
        for &(s, _, _) in &self.cands {
            from[s as usize + 1] += 1;
        }
        for i in 0..n {
            from[i + 1] += from[i];
        }
        let mut fill = from.clone();
        let mut starts = vec![(0u32, 0.0f32); self.cands.len()];
        for e in 0..n {
            for &(s, _, sc) in self.ending(e) {
                starts[fill[s as usize] as usize] = (e as u32, sc);
                fill[s as usize] += 1;
            }
        }
        // beta[i]: log weight of segmenting tokens i.. .
        let mut beta = vec![f64::NEG_INFINITY; n + 1];
        beta[n] = 0.0;
        for s in (0..n).rev() {
            terms.clear();
            terms.push(beta[s + 1]);
            terms.extend(
                starts[from[s] as usize..from[s + 1] as usize]
                    .iter()
                    .map(|&(e, sc)| f64::from(sc) / t + beta[e as usize + 1]),
            );
            beta[s] = log_sum_exp(&terms);
        }
        Marginals {
            z: alpha[n],
            alpha,
            beta,
            tau: t,
        }
    }
}

/// A lattice with its forward-backward sums.
#[derive(Clone)]
pub struct Marginals {
    alpha: Vec<f64>,
    beta: Vec<f64>,
    z: f64,
    tau: f64,
}

impl Marginals {
    /// Posterior probability of the candidate from `s` with score `sc`
    /// ending at `e`.
    fn of(&self, s: usize, e: usize, sc: f32) -> f64 {
        (self.alpha[s] + f64::from(sc) / self.tau + self.beta[e + 1] - self.z)
            .exp()
            .clamp(0.0, 1.0)
    }
}

impl Lattice {
    /// The score of span `seg` if it is a candidate.
    fn score_of(&self, seg: Seg) -> Option<f32> {
        let (s, e, l) = seg;
        if e >= self.len() {
            return None;
        }
        self.ending(e)
            .iter()
            .find(|c| c.0 as usize == s && c.1 == l)
            .map(|c| c.2)
    }

    /// Every candidate span with its probability under `m`.
    #[cfg(test)]
    fn all(&self, m: &Marginals) -> Vec<(Seg, f64)> {
        let mut out = Vec::new();
        for e in 0..self.len() {
            for &(s, l, sc) in self.ending(e) {
                out.push(((s as usize, e, l), m.of(s as usize, e, sc)));
            }
        }
        out
    }
}

fn log_sum_exp(xs: &[f64]) -> f64 {
    let m = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if m == f64::NEG_INFINITY {
        return m;
    }
    m + xs.iter().map(|x| (x - m).exp()).sum::<f64>().ln()
}

/// One training sentence: its view and gold figure spans.
pub struct Example<'a> {
    /// The sentence.
    pub view: View<'a>,
    /// Gold spans of figure labels.
    pub gold: Vec<Seg>,
}

/// Start and end features per token ([`start_features`], [`end_features`]).
const EDGE: usize = 8;

/// One example's features as ids into the training's weight table, for one
/// figure label (so an epoch hashes nothing).
struct Ids {
    /// [`EDGE`] per token.
    start: Vec<u32>,
    /// [`EDGE`] per token.
    end: Vec<u32>,
    inside: Vec<u32>,
    left: Vec<u32>,
}

/// The span-wide features of one label as ids.
struct SpanIds {
    length: [u32; 7],
    digits: [u32; 4],
    rule: Vec<u32>,
    bias: u32,
}

/// Feature hashes numbered in order of first sight.
#[derive(Default)]
struct Interner {
    index: FxHashMap<u64, u32>,
    hashes: Vec<u64>,
}

impl Interner {
    fn id(&mut self, h: u64) -> u32 {
        *self.index.entry(h).or_insert_with(|| {
            self.hashes.push(h);
            (self.hashes.len() - 1) as u32
        })
    }
}

fn compile(v: &View, l: u8, int: &mut Interner) -> Ids {
    let n = v.len();
    let mut buf = Vec::with_capacity(EDGE);
    let mut ids = Ids {
        start: Vec::with_capacity(n * EDGE),
        end: Vec::with_capacity(n * EDGE),
        inside: Vec::with_capacity(n),
        left: Vec::with_capacity(n),
    };
    for i in 0..n {
        buf.clear();
        start_features(v, i, l, &mut buf);
        debug_assert_eq!(buf.len(), EDGE);
        ids.start.extend(buf.iter().map(|&h| int.id(h)));
        buf.clear();
        end_features(v, i, l, &mut buf);
        ids.end.extend(buf.iter().map(|&h| int.id(h)));
        ids.inside.push(int.id(inside_feature(v, i, l)));
        ids.left.push(int.id(left_feature(v, i, l)));
    }
    ids
}

fn span_ids(l: u8, labels: usize, int: &mut Interner) -> SpanIds {
    SpanIds {
        length: std::array::from_fn(|b| int.id(Hash::new(141).bytes(&[l, b as u8]).0)),
        digits: std::array::from_fn(|b| int.id(Hash::new(142).bytes(&[l, b as u8]).0)),
        rule: (0..=labels)
            .map(|r| int.id(Hash::new(143).bytes(&[l, r as u8]).0))
            .collect(),
        bias: int.id(Hash::new(144).bytes(&[l]).0),
    }
}

impl Parts {
    /// The parts from feature ids and the current weights.
    fn of_ids(ids: &Ids, span: &SpanIds, w: &[(f64, f64)]) -> Self {
        let n = ids.inside.len();
        let x = |k: u32| w[k as usize].0 as f32;
        let mut inside = Vec::with_capacity(n + 1);
        let mut left = Vec::with_capacity(n + 1);
        inside.push(0.0);
        left.push(0.0);
        for i in 0..n {
            inside.push(inside[i] + x(ids.inside[i]));
            left.push(left[i] + x(ids.left[i]));
        }
        Parts {
            start: ids
                .start
                .chunks(EDGE)
                .map(|c| c.iter().map(|&k| x(k)).sum())
                .collect(),
            end: ids
                .end
                .chunks(EDGE)
                .map(|c| c.iter().map(|&k| x(k)).sum())
                .collect(),
            inside,
            left,
            length: span.length.map(x),
            digits: span.digits.map(x),
            rule: span.rule.iter().map(|&k| x(k)).collect(),
            bias: x(span.bias),
        }
    }
}

/// The ids of every feature of span `s..=e` (as [`all_features`] lists them).
fn span_feature_ids(v: &View, ids: &Ids, span: &SpanIds, s: usize, e: usize) -> Vec<u32> {
    let mut out = Vec::with_capacity(2 * EDGE + LEFT + 4 + e - s);
    out.extend_from_slice(&ids.start[s * EDGE..(s + 1) * EDGE]);
    out.extend_from_slice(&ids.end[e * EDGE..(e + 1) * EDGE]);
    out.extend_from_slice(&ids.inside[s..=e]);
    out.extend_from_slice(&ids.left[s.saturating_sub(LEFT)..s]);
    let digits = (v.digits[e + 1] - v.digits[s]).min(3) as usize;
    let rule = v.rules.get(&(s, e)).map_or(0, |&r| r as usize + 1);
    out.push(span.length[length_bucket(e - s + 1) as usize]);
    out.push(span.digits[digits]);
    out.push(span.rule[rule]);
    out.push(span.bias);
    out
}

/// Trains weights by the averaged structured perceptron; `shuffle` gives
/// the sentence order of each epoch. Deterministic for a deterministic
/// `shuffle`.
pub fn fit(
    examples: &[Example],
    figure_labels: &[u8],
    labels: usize,
    epochs: u32,
    mut shuffle: impl FnMut(&mut [usize]),
) -> Weights {
    let mut int = Interner::default();
    let spans: Vec<SpanIds> = figure_labels
        .iter()
        .map(|&l| span_ids(l, labels, &mut int))
        .collect();
    // Sentences without a number have no candidate: nothing to learn.
    let useful: Vec<usize> = (0..examples.len())
        .filter(|&k| examples[k].view.digits[examples[k].view.len()] > 0)
        .collect();
    let compiled: Vec<Vec<Ids>> = useful
        .iter()
        .map(|&k| {
            figure_labels
                .iter()
                .map(|&l| compile(&examples[k].view, l, &mut int))
                .collect()
        })
        .collect();
    let mut w: Vec<(f64, f64)> = vec![(0.0, 0.0); int.hashes.len()];
    let mut c = 1.0f64;
    let mut order: Vec<usize> = (0..useful.len()).collect();
    let slot = |l: u8| figure_labels.iter().position(|&x| x == l).unwrap_or(0);
    for _ in 0..epochs {
        shuffle(&mut order);
        for &k in &order {
            let ex = &examples[useful[k]];
            let parts: Vec<(u8, Parts)> = figure_labels
                .iter()
                .zip(&compiled[k])
                .zip(&spans)
                .map(|((&l, ids), sp)| (l, Parts::of_ids(ids, sp, &w)))
                .collect();
            let pred = Lattice::of_parts(&ex.view, &parts).best();
            if pred != ex.gold {
                let mut update = |g: &Seg, by: f64| {
                    let j = slot(g.2);
                    for f in span_feature_ids(&ex.view, &compiled[k][j], &spans[j], g.0, g.1) {
                        let x = &mut w[f as usize];
                        x.0 += by;
                        x.1 += by * c;
                    }
                };
                for g in ex.gold.iter().filter(|g| !pred.contains(g)) {
                    update(g, 1.0);
                }
                for p in pred.iter().filter(|p| !ex.gold.contains(p)) {
                    update(p, -1.0);
                }
            }
            c += 1.0;
        }
    }
    int.hashes
        .iter()
        .zip(&w)
        .map(|(&h, &(w, u))| (h, (w - u / c) as f32))
        .filter(|(_, x)| *x != 0.0)
        .collect()
}

/// Gold figure spans of a sentence (tokens `range` of `table`) from a
/// document's spans; spans off token boundaries, or that could not be a
/// candidate, are left out.
pub fn gold_segments(
    view: &View,
    table: &DocTokens<'_>,
    range: std::ops::Range<usize>,
    spans: &[(usize, usize, u8)],
) -> Vec<Seg> {
    let toks = &table.tokens[range];
    let (Some(first), Some(last)) = (toks.first(), toks.last()) else {
        return Vec::new();
    };
    let mut out: Vec<Seg> = Vec::new();
    for &(a, b, l) in spans {
        if a < first.start || b > last.end {
            continue;
        }
        let s = toks.partition_point(|t| t.start < a);
        let e = toks.partition_point(|t| t.end <= b);
        if e == 0 || s >= e || toks[s].start != a || toks[e - 1].end != b {
            continue;
        }
        let e = e - 1;
        if view.candidate(s, e) && !out.iter().any(|o| o.0 <= e && s <= o.1) {
            out.push((s, e, l));
        }
    }
    out.sort_unstable();
    out
}

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
    /// thread's [`RowCache`].
    pub fn rows(&self, table: &DocTokens<'_>) -> Rows {
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
        Rows {
            rows,
            pad,
            labels: self.labels.len(),
        }
    }

    /// Finds the figure spans of sentence `v` (of the document whose
    /// [`Figures::rows`] are `rows`); `labels` is the number of all labels.
    /// `None` when the sentence holds no number.
    pub fn find(&self, v: &View, rows: &Rows, labels: usize) -> Option<Found> {
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
                (l, Parts::of_rows(v, l, labels, &of, rows.pad[slot], &w))
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
        let fast = f.find(&v, &f.rows(&t), 4).unwrap();
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
        // probabilities of the spans covering it sum to at most 1.
        for i in 0..v.len() {
            let covering: f64 = p
                .iter()
                .filter(|(s, _)| s.0 <= i && i <= s.1)
                .map(|(_, x)| x)
                .sum();
            assert!(covering <= 1.0 + 1e-9, "token {i}: {covering}");
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
    }
}

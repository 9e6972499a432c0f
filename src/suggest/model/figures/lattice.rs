//! Scoring candidate spans (per-token parts, summed), the best segmentation
//! of a sentence (dynamic programming) and the posterior of a span
//! (forward-backward in log space).

use super::*;

/// Weights by feature hash.
pub type Weights = FxHashMap<u64, f32>;

/// The per-token parts of the scores of one sentence for one label, so a
/// span's score is a few additions.
pub(super) struct Parts {
    pub(super) start: Vec<f32>,
    pub(super) end: Vec<f32>,
    /// Prefix sums of the inside weights (`n + 1`).
    pub(super) inside: Vec<f32>,
    /// Prefix sums of the left-context weights (`n + 1`).
    pub(super) left: Vec<f32>,
    pub(super) length: [f32; 7],
    pub(super) digits: [f32; 4],
    pub(super) rule: Vec<f32>,
    pub(super) bias: f32,
}

#[cfg(test)]
pub(super) fn weight(w: &impl Fn(u64) -> f32, f: u64) -> f32 {
    w(f)
}

/// The span-wide weights of label `l`: length buckets, number counts, the
/// rules' span label (0 none), bias.
pub(super) fn span_weights(
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

/// The weights of label `l` that depend on no syllable (whitespace kinds,
/// the rules' span labels, the span-wide weights): looked up once per
/// document, not per sentence.
#[derive(Clone)]
pub(super) struct Constants {
    gap_start: [f32; 4],
    gap_end: [f32; 4],
    rule_start: Vec<f32>,
    rule_end: Vec<f32>,
    span: ([f32; 7], [f32; 4], Vec<f32>, f32),
}

impl Constants {
    /// Those of label `l` of `labels` labels under weights `w`.
    pub(super) fn new(l: u8, labels: usize, w: &impl Fn(u64) -> f32) -> Self {
        Constants {
            gap_start: std::array::from_fn(|g| w(Hash::new(107).bytes(&[l, g as u8]).0)),
            gap_end: std::array::from_fn(|g| w(Hash::new(117).bytes(&[l, g as u8]).0)),
            rule_start: (0..=labels)
                .map(|r| w(Hash::new(108).bytes(&[l, r as u8]).0))
                .collect(),
            rule_end: (0..=labels)
                .map(|r| w(Hash::new(118).bytes(&[l, r as u8]).0))
                .collect(),
            span: span_weights(l, labels, w),
        }
    }
}

impl Parts {
    /// The parts from the per-token sums and the span-wide weights.
    pub(super) fn with_span_weights(
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
    pub(super) fn new(v: &View, l: u8, labels: usize, w: &impl Fn(u64) -> f32) -> Self {
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
    /// of a position past the sentence's edge), the label's [`Constants`]
    /// and the few features that depend on two syllables.
    pub(super) fn of_rows(
        v: &View,
        l: u8,
        rows: &dyn Fn(u32) -> [f32; ROLES],
        pad: [f32; ROLES],
        consts: &Constants,
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
        let Constants {
            gap_start,
            gap_end,
            rule_start,
            rule_end,
            span,
        } = consts;
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
        Parts::with_span_weights(start, end, inside, left, span.clone())
    }

    /// The score of span `s..=e` (the lattice adds the same terms in
    /// another order).
    pub(super) fn score(&self, v: &View, s: usize, e: usize) -> f32 {
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
    pub(super) cands: Vec<(u32, u8, f32)>,
    pub(super) at: Vec<u32>,
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
    pub(super) fn of_parts(v: &View, parts: &[(u8, Parts)]) -> Self {
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
    pub(super) fn len(&self) -> usize {
        self.at.len() - 1
    }

    /// The candidates ending at token `e`.
    pub(super) fn ending(&self, e: usize) -> &[(u32, u8, f32)] {
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
    pub(super) alpha: Vec<f64>,
    pub(super) beta: Vec<f64>,
    pub(super) z: f64,
    pub(super) tau: f64,
}

impl Marginals {
    /// Posterior probability of the candidate from `s` with score `sc`
    /// ending at `e`.
    pub(super) fn of(&self, s: usize, e: usize, sc: f32) -> f64 {
        (self.alpha[s] + f64::from(sc) / self.tau + self.beta[e + 1] - self.z)
            .exp()
            .clamp(0.0, 1.0)
    }
}

impl Lattice {
    /// The score of span `seg` if it is a candidate.
    pub(super) fn score_of(&self, seg: Seg) -> Option<f32> {
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
    pub(super) fn all(&self, m: &Marginals) -> Vec<(Seg, f64)> {
        let mut out = Vec::new();
        for e in 0..self.len() {
            for &(s, l, sc) in self.ending(e) {
                out.push(((s as usize, e, l), m.of(s as usize, e, sc)));
            }
        }
        out
    }
}

/// `ln Σ exp(x)`, in f64 but with single-precision exponentials (about
/// twice as fast; each term is off by at most a few parts in 10⁷, far below
/// what a confidence shown with two decimals or a threshold can tell).
pub(super) fn log_sum_exp(xs: &[f64]) -> f64 {
    let m = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if m == f64::NEG_INFINITY {
        return m;
    }
    m + xs
        .iter()
        .map(|x| f64::from(((x - m) as f32).exp()))
        .sum::<f64>()
        .ln()
}

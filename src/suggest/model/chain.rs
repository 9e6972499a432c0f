//! The linear chain under the tagger: BIO tags, Viterbi decoding with the BIO
//! constraints, and forward-backward for span confidences.
//!
//! Tags: 0 is `O`; label `k` has `B` = `1 + 2k` and `I` = `2 + 2k`. An `I`
//! tag may only follow the `B` or `I` of its own label (never start a
//! sentence). Scores are `n × tags` emission rows plus a `(tags + 1) × tags`
//! transition table whose last row is the sentence start.

/// Number of tags for `labels` labels.
pub fn tag_count(labels: usize) -> usize {
    1 + 2 * labels
}

/// `Some(label)` when `tag` is an `I` tag.
fn inside_of(tag: usize) -> Option<usize> {
    (tag > 0 && tag.is_multiple_of(2)).then(|| (tag - 2) / 2)
}

/// Whether `cur` may follow `prev` (`None`: the sentence start).
pub fn allowed(prev: Option<usize>, cur: usize) -> bool {
    match inside_of(cur) {
        None => true,
        Some(k) => prev.is_some_and(|p| p == 1 + 2 * k || p == 2 + 2 * k),
    }
}

/// The best tag sequence under `emit` (`n × tags`) and `trans`.
pub fn viterbi(emit: &[f32], trans: &[f32], tags: usize) -> Vec<usize> {
    let mut path = Vec::new();
    viterbi_into(emit, trans, tags, &mut path);
    path
}

/// [`viterbi`] into `path` (cleared first). Ties go to the lower tag, at
/// every step and at the end.
pub fn viterbi_into(emit: &[f32], trans: &[f32], tags: usize, path: &mut Vec<usize>) {
    path.clear();
    let n = emit.len() / tags;
    if n == 0 {
        return;
    }
    // Transitions into each tag (`into[y][p]`, the start last), the
    // forbidden ones at -inf, worked out once.
    let mut into = vec![f32::NEG_INFINITY; tags * (tags + 1)];
    for y in 0..tags {
        for p in 0..=tags {
            if allowed((p < tags).then_some(p), y) {
                into[y * (tags + 1) + p] = trans[p * tags + y];
            }
        }
    }
    let mut score = vec![f32::NEG_INFINITY; n * tags];
    let mut back = vec![0u16; n * tags];
    for y in 0..tags {
        score[y] = into[y * (tags + 1) + tags] + emit[y];
    }
    for t in 1..n {
        let (done, rest) = score.split_at_mut(t * tags);
        let prev = &done[(t - 1) * tags..];
        let rest = &mut rest[..tags];
        let em = &emit[t * tags..(t + 1) * tags];
        let bk = &mut back[t * tags..(t + 1) * tags];
        for y in 0..tags {
            let tr = &into[y * (tags + 1)..y * (tags + 1) + tags];
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0;
            // Forbidden steps score -inf and never win: left out.
            for p in before(y, tags) {
                let s = prev[p] + tr[p];
                if s > best {
                    best = s;
                    arg = p;
                }
            }
            rest[y] = best + em[y];
            bk[y] = arg as u16;
        }
    }
    let last = &score[(n - 1) * tags..];
    let mut y = (0..tags).fold(0, |b, k| if last[k] > last[b] { k } else { b });
    path.resize(n, 0);
    for t in (0..n).rev() {
        path[t] = y;
        y = usize::from(back[t * tags + y]);
    }
}

/// Forward-backward over scores divided by a temperature, in probability
/// space with per-position scaling (no logarithms in the inner loops): the
/// tables that give the probability of any tag run.
///
/// With `psi[t][y] = exp(emit / tau - max_y)` and `tr = exp(trans / tau)`
/// (0 where BIO forbids), `alpha` and `beta` are scaled so that each
/// `alpha[t]` sums to 1 (scale `c[t]`); then `P(path) = prod tr * psi / c`.
#[derive(Clone)]
pub struct Lattice {
    tags: usize,
    n: usize,
    psi: Vec<f64>,
    tr: Vec<f64>,
    alpha: Vec<f64>,
    beta: Vec<f64>,
    scale: Vec<f64>,
}

/// `exp(trans / tau)` with 0 where BIO forbids the step: the transition
/// factors of every [`Lattice`] of one tagger and temperature.
pub fn transition_factors(trans: &[f32], tags: usize, tau: f32) -> Vec<f64> {
    let inv = 1.0 / f64::from(tau.max(1e-3));
    let mut tr = vec![0.0; (tags + 1) * tags];
    for p in 0..=tags {
        for y in 0..tags {
            if allowed((p < tags).then_some(p), y) {
                tr[p * tags + y] = (f64::from(trans[p * tags + y]) * inv).exp();
            }
        }
    }
    tr
}

/// The tags that may come before `y` (ascending; the start not included).
fn before(y: usize, tags: usize) -> std::ops::Range<usize> {
    match inside_of(y) {
        // Its own label's B and I, which are adjacent.
        Some(k) => 1 + 2 * k..3 + 2 * k,
        None => 0..tags,
    }
}

/// The tags that may come after `y` (ascending): every tag but the `I` of
/// other labels.
fn may_follow(y: usize, c: usize) -> bool {
    allowed(Some(y), c)
}

impl Lattice {
    /// Builds the tables for `emit` (`n × tags`) and `trans`, scores divided by `tau`.
    pub fn new(emit: &[f32], trans: &[f32], tags: usize, tau: f32) -> Self {
        Self::with_factors(emit, transition_factors(trans, tags, tau), tags, tau)
    }

    /// [`Lattice::new`] with the [`transition_factors`] already worked out.
    /// Steps BIO forbids (factor 0) are left out of the sums; the terms
    /// kept are added in the same order, so the tables are the same.
    pub fn with_factors(emit: &[f32], tr: Vec<f64>, tags: usize, tau: f32) -> Self {
        let n = emit.len() / tags;
        let inv = 1.0 / f64::from(tau.max(1e-3));
        let mut psi = vec![0.0; n * tags];
        for t in 0..n {
            let row = &emit[t * tags..(t + 1) * tags];
            let m = row.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b));
            for y in 0..tags {
                psi[t * tags + y] = (f64::from(row[y] - m) * inv).exp();
            }
        }
        let mut alpha = vec![0.0; n * tags];
        let mut beta = vec![0.0; n * tags];
        let mut scale = vec![1.0; n];
        for t in 0..n {
            let mut sum = 0.0;
            for y in 0..tags {
                let inflow = if t == 0 {
                    tr[tags * tags + y]
                } else {
                    let prev = &alpha[(t - 1) * tags..t * tags];
                    let mut acc = 0.0;
                    for p in before(y, tags) {
                        acc += prev[p] * tr[p * tags + y];
                    }
                    acc
                };
                let a = inflow * psi[t * tags + y];
                alpha[t * tags + y] = a;
                sum += a;
            }
            // All paths forbidden cannot happen (O is always allowed), but
            // keep the tables finite whatever the weights.
            let c = if sum > 0.0 && sum.is_finite() {
                sum
            } else {
                1.0
            };
            scale[t] = c;
            for y in 0..tags {
                alpha[t * tags + y] /= c;
            }
        }
        if n > 0 {
            for y in 0..tags {
                beta[(n - 1) * tags + y] = 1.0;
            }
            for t in (0..n - 1).rev() {
                let (now, later) = beta.split_at_mut((t + 1) * tags);
                let later = &later[..tags];
                let ps = &psi[(t + 1) * tags..(t + 2) * tags];
                for y in 0..tags {
                    let mut out = 0.0;
                    for c in 0..tags {
                        if may_follow(y, c) {
                            out += tr[y * tags + c] * ps[c] * later[c];
                        }
                    }
                    now[t * tags + y] = out / scale[t + 1];
                }
            }
        }
        Lattice {
            tags,
            n,
            psi,
            tr,
            alpha,
            beta,
            scale,
        }
    }

    /// Probability that tokens `a..b` are exactly one span of `label`
    /// (`B I I ...` and no `I` of that label after it), in `[0, 1]`.
    pub fn span_probability(&self, a: usize, b: usize, label: usize) -> f64 {
        let (tags, n) = (self.tags, self.n);
        let (bt, it) = (1 + 2 * label, 2 + 2 * label);
        if a >= b || b > n || it >= tags {
            return 0.0;
        }
        let mut p = self.alpha[a * tags + bt];
        let mut prev = bt;
        for t in a + 1..b {
            p *= self.tr[prev * tags + it] * self.psi[t * tags + it] / self.scale[t];
            prev = it;
        }
        if b < n {
            let out: f64 = (0..tags)
                .filter(|&c| c != it)
                .map(|c| {
                    self.tr[prev * tags + c] * self.psi[b * tags + c] * self.beta[b * tags + c]
                })
                .sum();
            p *= out / self.scale[b];
        }
        if p.is_finite() {
            p.clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    /// Probability of a whole tag path.
    pub fn path_probability(&self, path: &[usize]) -> f64 {
        let tags = self.tags;
        let mut p = 1.0;
        let mut prev = tags;
        for (t, &y) in path.iter().enumerate().take(self.n) {
            p *= self.tr[prev * tags + y] * self.psi[t * tags + y] / self.scale[t];
            prev = y;
        }
        if p.is_finite() {
            p.clamp(0.0, 1.0)
        } else {
            0.0
        }
    }
}

/// Spans of a tag path: `(first token, end token, label)`.
pub fn spans_of(path: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (t, &y) in path.iter().enumerate() {
        let cont = inside_of(y).is_some_and(|k| open.is_some_and(|(_, l)| l == k));
        if cont {
            continue;
        }
        if let Some((a, l)) = open.take() {
            out.push((a, t, l));
        }
        if y > 0 && y % 2 == 1 {
            open = Some((t, (y - 1) / 2));
        }
    }
    if let Some((a, l)) = open {
        out.push((a, path.len(), l));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Forward-backward and Viterbi as first written: every step summed or
    /// compared, forbidden ones as 0 or -inf. The sparse loops must give the
    /// same tables and paths, bit for bit.
    fn dense_reference(
        emit: &[f32],
        trans: &[f32],
        tags: usize,
        tau: f32,
    ) -> (Vec<f64>, Vec<f64>, Vec<usize>) {
        let n = emit.len() / tags;
        let inv = 1.0 / f64::from(tau.max(1e-3));
        let tr = transition_factors(trans, tags, tau);
        let mut psi = vec![0.0; n * tags];
        for t in 0..n {
            let row = &emit[t * tags..(t + 1) * tags];
            let m = row.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b));
            for y in 0..tags {
                psi[t * tags + y] = (f64::from(row[y] - m) * inv).exp();
            }
        }
        let mut alpha = vec![0.0; n * tags];
        let mut scale = vec![1.0; n];
        for t in 0..n {
            let mut sum = 0.0;
            for y in 0..tags {
                let inflow: f64 = if t == 0 {
                    tr[tags * tags + y]
                } else {
                    (0..tags)
                        .map(|p| alpha[(t - 1) * tags + p] * tr[p * tags + y])
                        .sum()
                };
                alpha[t * tags + y] = inflow * psi[t * tags + y];
                sum += alpha[t * tags + y];
            }
            scale[t] = sum;
            for y in 0..tags {
                alpha[t * tags + y] /= sum;
            }
        }
        let mut beta = vec![1.0; n * tags];
        for t in (0..n - 1).rev() {
            for y in 0..tags {
                let out: f64 = (0..tags)
                    .map(|c| tr[y * tags + c] * psi[(t + 1) * tags + c] * beta[(t + 1) * tags + c])
                    .sum();
                beta[t * tags + y] = out / scale[t + 1];
            }
        }
        let mut score = vec![f32::NEG_INFINITY; n * tags];
        let mut back = vec![0usize; n * tags];
        let masked = |p: usize, y: usize| {
            if allowed((p < tags).then_some(p), y) {
                trans[p * tags + y]
            } else {
                f32::NEG_INFINITY
            }
        };
        for y in 0..tags {
            score[y] = masked(tags, y) + emit[y];
        }
        for t in 1..n {
            for y in 0..tags {
                let (mut best, mut arg) = (f32::NEG_INFINITY, 0);
                for p in 0..tags {
                    let s = score[(t - 1) * tags + p] + masked(p, y);
                    if s > best {
                        best = s;
                        arg = p;
                    }
                }
                score[t * tags + y] = best + emit[t * tags + y];
                back[t * tags + y] = arg;
            }
        }
        let last = &score[(n - 1) * tags..];
        let mut y = (0..tags).fold(0, |b, k| if last[k] > last[b] { k } else { b });
        let mut path = vec![0; n];
        for t in (0..n).rev() {
            path[t] = y;
            y = back[t * tags + y];
        }
        (alpha, beta, path)
    }

    #[test]
    fn sparse_loops_match_the_dense_ones_bit_for_bit() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut rnd = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            ((x >> 40) as f32 / (1u64 << 24) as f32 - 0.5) * 40.0
        };
        for labels in [1, 2, 4] {
            let tags = tag_count(labels);
            for n in [1, 2, 7, 30] {
                let emit: Vec<f32> = (0..n * tags).map(|_| rnd()).collect();
                let trans: Vec<f32> = (0..(tags + 1) * tags).map(|_| rnd()).collect();
                let lat = Lattice::new(&emit, &trans, tags, 10.0);
                let (alpha, beta, path) = dense_reference(&emit, &trans, tags, 10.0);
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&lat.alpha), bits(&alpha), "alpha {labels} {n}");
                assert_eq!(bits(&lat.beta), bits(&beta), "beta {labels} {n}");
                assert_eq!(viterbi(&emit, &trans, tags), path, "path {labels} {n}");
            }
        }
    }

    #[test]
    fn viterbi_respects_bio_constraints() {
        // One label: O, B, I. Emissions prefer I everywhere.
        let tags = tag_count(1);
        let emit = vec![0.0, 1.0, 5.0, 0.0, 1.0, 5.0, 0.0, 1.0, 5.0];
        let trans = vec![0.0; (tags + 1) * tags];
        let path = viterbi(&emit, &trans, tags);
        assert_eq!(path, vec![1, 2, 2]);
        assert_eq!(spans_of(&path), vec![(0, 3, 0)]);
    }

    #[test]
    fn probabilities_sum_to_one() {
        let tags = tag_count(2);
        let emit: Vec<f32> = (0..4 * tags).map(|i| ((i * 7) % 5) as f32 * 0.3).collect();
        let trans: Vec<f32> = (0..(tags + 1) * tags)
            .map(|i| ((i * 3) % 4) as f32 * 0.1)
            .collect();
        let lat = Lattice::new(&emit, &trans, tags, 1.0);
        // Sum over all allowed paths of length 4.
        let mut total = 0.0;
        let mut path = vec![0usize; 4];
        loop {
            let ok = path
                .iter()
                .enumerate()
                .all(|(t, &y)| allowed(t.checked_sub(1).map(|p| path[p]), y));
            if ok {
                total += lat.path_probability(&path);
            }
            let mut k = 0;
            loop {
                path[k] += 1;
                if path[k] < tags {
                    break;
                }
                path[k] = 0;
                k += 1;
                if k == 4 {
                    break;
                }
            }
            if k == 4 {
                break;
            }
        }
        assert!((total - 1.0).abs() < 1e-6, "{total}");
        let p = lat.span_probability(1, 3, 1);
        assert!((0.0..=1.0).contains(&p));
    }

    #[test]
    fn spans_of_splits_adjacent_begins() {
        assert_eq!(
            spans_of(&[1, 1, 2, 0, 3, 4]),
            vec![(0, 1, 0), (1, 3, 0), (4, 6, 1)]
        );
    }
}

//! Training the figure model: the averaged structured perceptron over
//! sentences, with every feature hashed once and numbered.

use super::*;

/// One training sentence: its view and gold figure spans.
pub struct Example<'a> {
    /// The sentence.
    pub view: View<'a>,
    /// Gold spans of figure labels.
    pub gold: Vec<Seg>,
}

/// Start and end features per token ([`start_features`], [`end_features`]).
pub(super) const EDGE: usize = 8;

/// One example's features as ids into the training's weight table, for one
/// figure label (so an epoch hashes nothing).
pub(super) struct Ids {
    /// [`EDGE`] per token.
    pub(super) start: Vec<u32>,
    /// [`EDGE`] per token.
    pub(super) end: Vec<u32>,
    pub(super) inside: Vec<u32>,
    pub(super) left: Vec<u32>,
}

/// The span-wide features of one label as ids.
pub(super) struct SpanIds {
    pub(super) length: [u32; 7],
    pub(super) digits: [u32; 4],
    pub(super) rule: Vec<u32>,
    pub(super) bias: u32,
}

/// Feature hashes numbered in order of first sight.
#[derive(Default)]
pub(super) struct Interner {
    pub(super) index: FxHashMap<u64, u32>,
    pub(super) hashes: Vec<u64>,
}

impl Interner {
    pub(super) fn id(&mut self, h: u64) -> u32 {
        *self.index.entry(h).or_insert_with(|| {
            self.hashes.push(h);
            (self.hashes.len() - 1) as u32
        })
    }
}

pub(super) fn compile(v: &View, l: u8, int: &mut Interner) -> Ids {
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

pub(super) fn span_ids(l: u8, labels: usize, int: &mut Interner) -> SpanIds {
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
    pub(super) fn of_ids(ids: &Ids, span: &SpanIds, w: &[(f64, f64)]) -> Self {
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
pub(super) fn span_feature_ids(
    v: &View,
    ids: &Ids,
    span: &SpanIds,
    s: usize,
    e: usize,
) -> Vec<u32> {
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

//! The features of a candidate span, as 64-bit hashes: its edges, the
//! words inside and before it, and the span as a whole. One home for what
//! the model sees: training (`fit.rs`) and suggesting (`lattice.rs`) both
//! read these functions.

use super::*;

/// [`length_bucket`] of `1..=MAX_LEN`, by length - 1.
pub(super) const LENGTH_BUCKETS: [u8; MAX_LEN] = {
    let mut t = [0u8; MAX_LEN];
    let mut i = 0;
    while i < MAX_LEN {
        t[i] = length_bucket(i + 1);
        i += 1;
    }
    t
};

pub(super) const fn length_bucket(n: usize) -> u8 {
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
pub(super) const ROLES: usize = 8;

/// The features of a syllable (`key`, `shape`) in `role` for label `l`.
pub(super) fn role_features(key: &str, shape: &str, role: usize, l: u8, out: &mut Vec<u64>) {
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
pub(super) fn start_pair(v: &View, s: usize) -> Hash {
    let i = s as isize;
    Hash::new(106).str(v.key(i - 1)).str(v.key(i))
}

/// The two-syllable feature of a span's end (the last word and the next).
pub(super) fn end_pair(v: &View, e: usize) -> Hash {
    let i = e as isize;
    Hash::new(116).str(v.key(i)).str(v.key(i + 1))
}

pub(super) fn gap_after(v: &View, e: usize) -> u8 {
    v.gaps.get(e + 1).copied().unwrap_or(3)
}

/// The features of a span's first token `s` for label `l` ([`EDGE`]).
pub(super) fn start_features(v: &View, s: usize, l: u8, out: &mut Vec<u64>) {
    let i = s as isize;
    role_features(v.key(i), v.shape(i), 0, l, out);
    role_features(v.key(i - 1), v.shape(i - 1), 1, l, out);
    role_features(v.key(i - 2), v.shape(i - 2), 2, l, out);
    out.push(start_pair(v, s).bytes(&[l]).0);
    out.push(Hash::new(107).bytes(&[l, v.gaps[s]]).0);
    out.push(Hash::new(108).bytes(&[l, v.rule_start[s]]).0);
}

/// The features of a span's last token `e` for label `l` ([`EDGE`]).
pub(super) fn end_features(v: &View, e: usize, l: u8, out: &mut Vec<u64>) {
    let i = e as isize;
    role_features(v.key(i), v.shape(i), 3, l, out);
    role_features(v.key(i + 1), v.shape(i + 1), 4, l, out);
    role_features(v.key(i + 2), v.shape(i + 2), 5, l, out);
    out.push(end_pair(v, e).bytes(&[l]).0);
    out.push(Hash::new(117).bytes(&[l, gap_after(v, e)]).0);
    out.push(Hash::new(118).bytes(&[l, v.rule_end[e]]).0);
}

/// The feature of token `t` inside a span of label `l`.
pub(super) fn inside_feature(v: &View, t: usize, l: u8) -> u64 {
    let mut out = Vec::with_capacity(1);
    role_features(v.keys[t], v.shapes[t], 6, l, &mut out);
    out[0]
}

/// The feature of token `t` among the words before a span of label `l`.
pub(super) fn left_feature(v: &View, t: usize, l: u8) -> u64 {
    let mut out = Vec::with_capacity(1);
    role_features(v.keys[t], v.shapes[t], 7, l, &mut out);
    out[0]
}

/// Features of the span as a whole.
#[cfg(test)]
pub(super) fn span_features(v: &View, s: usize, e: usize, l: u8, out: &mut Vec<u64>) {
    let digits = (v.digits[e + 1] - v.digits[s]).min(3) as u8;
    let rule = v.rules.get(&(s, e)).map_or(0, |&r| r + 1);
    out.push(Hash::new(141).bytes(&[l, length_bucket(e - s + 1)]).0);
    out.push(Hash::new(142).bytes(&[l, digits]).0);
    out.push(Hash::new(143).bytes(&[l, rule]).0);
    out.push(Hash::new(144).bytes(&[l]).0);
}

/// Every feature of span `s..=e` of label `l`.
#[cfg(test)]
pub(super) fn all_features(v: &View, s: usize, e: usize, l: u8) -> Vec<u64> {
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

//! A sentence as the figure model reads it: folded syllables, shapes,
//! whitespace, numbers, walls a span may not cross, and the `rules-vi`
//! spans; which token ranges are candidates. Token indices are relative to
//! the sentence.

use super::*;
use crate::model::Suggestion;

/// The whitespace before a token: 0 none, 1 spaces, 2 a tab, 3 a line break.
pub(super) fn gap_kind(text: &str) -> u8 {
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
    pub(super) syl: Vec<u32>,
    /// Per token the [`start_pair`] and [`end_pair`] hashes (empty when the
    /// sentence holds no number).
    pub(super) pairs: Vec<(Hash, Hash)>,
    /// Tokens before index `i` that are numbers (prefix counts, `n + 1`).
    pub(super) digits: Vec<u32>,
    /// Whether a token may start or end a span (a word or number).
    pub(super) word: Vec<bool>,
    /// The first number token at or after each token (`n`: none).
    pub(super) next_number: Vec<u32>,
    /// Index of the next token at or after `i` that a span may not cross
    /// (`;`, `|`, a tab or line break before it), `n` when none.
    pub(super) wall: Vec<usize>,
    /// `rules-vi` spans of the sentence: (first, last token) -> label index.
    pub(super) rules: FxHashMap<(usize, usize), u8>,
    /// Label index + 1 of a `rules-vi` span starting (ending) at a token.
    pub(super) rule_start: Vec<u8>,
    pub(super) rule_end: Vec<u8>,
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
    pub(super) fn candidate(&self, s: usize, e: usize) -> bool {
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
    pub(super) fn last_number(&self, e: usize) -> usize {
        let k = self.digits[e + 1];
        // The k-th number: the first token whose prefix count reaches k.
        self.digits.partition_point(|&c| c < k) - 1
    }

    pub(super) fn key(&self, i: isize) -> &str {
        if i < 0 || i as usize >= self.len() {
            PAD
        } else {
            self.keys[i as usize]
        }
    }

    pub(super) fn shape(&self, i: isize) -> &str {
        if i < 0 || i as usize >= self.len() {
            PAD
        } else {
            self.shapes[i as usize]
        }
    }
}

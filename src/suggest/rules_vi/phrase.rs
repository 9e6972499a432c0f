//! A set of phrases (folded token keys) matched at a token position by a
//! hash lookup on the first key, longest phrase first.

use super::tok::Tok;
use crate::suggest::fold::fold_phrase;
use rustc_hash::FxHashMap as HashMap;

/// Phrases of one word list, folded once (see [`crate::suggest::fold`]).
#[derive(Debug, Default)]
pub(super) struct PhraseSet {
    /// First key -> the phrases starting with it, longest first.
    by_first: HashMap<String, Vec<Vec<String>>>,
}

impl PhraseSet {
    /// Folds every phrase of `list`.
    pub fn new(list: &[&str]) -> Self {
        let mut by_first: HashMap<String, Vec<Vec<String>>> = HashMap::default();
        for p in list {
            let keys = fold_phrase(p);
            if let Some(first) = keys.first() {
                by_first.entry(first.clone()).or_default().push(keys);
            }
        }
        for v in by_first.values_mut() {
            v.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
            v.dedup();
        }
        Self { by_first }
    }

    /// Length in tokens of the longest phrase matching at token `i`.
    pub fn match_at(&self, toks: &[Tok<'_>], i: usize) -> Option<usize> {
        let first = toks.get(i)?;
        self.by_first.get(first.key)?.iter().find_map(|p| {
            p.iter()
                .enumerate()
                .skip(1)
                .all(|(k, w)| toks.get(i + k).is_some_and(|t| t.key == w))
                .then_some(p.len())
        })
    }

    /// Whether the tokens `toks[a..b]` are exactly one phrase of the set.
    pub fn is(&self, toks: &[Tok<'_>], a: usize, b: usize) -> bool {
        toks.get(a).is_some_and(|first| {
            self.by_first.get(first.key).is_some_and(|v| {
                v.iter()
                    .any(|p| p.len() == b - a && p.iter().zip(&toks[a..b]).all(|(w, t)| t.key == w))
            })
        })
    }

    /// Whether the single key `key` is a one-token phrase of the set.
    pub fn has_word(&self, key: &str) -> bool {
        self.by_first
            .get(key)
            .is_some_and(|v| v.iter().any(|p| p.len() == 1))
    }
}

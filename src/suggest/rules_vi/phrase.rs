//! A set of phrases (folded token keys) matched at a token position by a
//! hash lookup on the first word, longest phrase first.
//!
//! Words are numbers: every word of every list is interned once in the
//! lexicon's [`Words`], and each token carries the number of its key
//! ([`Tok::word`], [`NO_WORD`] when no list has it), so matching compares
//! integers, not strings.

use super::tok::Tok;
use crate::suggest::fold::fold_phrase;
use rustc_hash::FxHashMap as HashMap;

/// The number of a key that no word list has.
pub(super) const NO_WORD: u32 = u32::MAX;

/// Every word of the lists, numbered.
#[derive(Debug, Default)]
pub(super) struct Words {
    ids: HashMap<String, u32>,
}

impl Words {
    /// The number of `key`, [`NO_WORD`] when no list has it.
    pub fn id(&self, key: &str) -> u32 {
        self.ids.get(key).copied().unwrap_or(NO_WORD)
    }

    fn intern(&mut self, key: String) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.entry(key).or_insert(next)
    }
}

/// Phrases of one word list, folded once (see [`crate::suggest::fold`]).
#[derive(Debug, Default)]
pub(super) struct PhraseSet {
    /// First word -> the phrases starting with it, longest first.
    by_first: HashMap<u32, Vec<Vec<u32>>>,
}

impl PhraseSet {
    /// Folds every phrase of `list`, numbering its words in `words`.
    pub fn new(list: &[&str], words: &mut Words) -> Self {
        let mut folded: Vec<Vec<String>> = list
            .iter()
            .map(|p| fold_phrase(p))
            .filter(|k| !k.is_empty())
            .collect();
        // The order of the strings, as before the words were numbers.
        folded.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        folded.dedup();
        let mut by_first: HashMap<u32, Vec<Vec<u32>>> = HashMap::default();
        for keys in folded {
            let ids: Vec<u32> = keys.into_iter().map(|k| words.intern(k)).collect();
            by_first.entry(ids[0]).or_default().push(ids);
        }
        Self { by_first }
    }

    /// Length in tokens of the longest phrase matching at token `i`.
    pub fn match_at(&self, toks: &[Tok<'_>], i: usize) -> Option<usize> {
        let first = toks.get(i)?;
        self.by_first.get(&first.word)?.iter().find_map(|p| {
            let rest = toks.get(i + 1..i + p.len())?;
            (p[1..].iter().zip(rest).all(|(&w, t)| t.word == w)).then_some(p.len())
        })
    }

    /// Whether the tokens `toks[a..b]` are exactly one phrase of the set.
    pub fn is(&self, toks: &[Tok<'_>], a: usize, b: usize) -> bool {
        toks.get(a).is_some_and(|first| {
            self.by_first.get(&first.word).is_some_and(|v| {
                v.iter().any(|p| {
                    p.len() == b - a && p.iter().zip(&toks[a..b]).all(|(&w, t)| t.word == w)
                })
            })
        })
    }

    /// Whether the single word `word` is a one-token phrase of the set.
    pub fn has_word(&self, word: u32) -> bool {
        self.by_first
            .get(&word)
            .is_some_and(|v| v.iter().any(|p| p.len() == 1))
    }
}

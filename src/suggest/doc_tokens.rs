//! One document cut up once for every engine: its syllable tokens, each
//! token's folded key and shape (computed once per distinct syllable), and
//! its sentences. `rules-vi`, the dictionary and the tagger all read this
//! table, so a document is tokenized, folded and split into sentences once
//! per run of the engines, whatever engines run.
//!
//! Offsets are those of [`crate::text::tokenize`] (chars and bytes);
//! sentences are char ranges as [`crate::text::sentences`] gives them.
//!
//! What is worked out of a syllable (key, shape, the rules' facts) depends
//! on its text only, so each thread keeps it for the syllables it has seen
//! ([`SyllableFacts`]): a document only looks its distinct syllables up.

use super::fold::fold;
use crate::model::Document;
use crate::text::{sentences_of, tokenize, Token};
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::ops::Range;
use std::sync::Arc;

/// What is known of one distinct syllable (by its text as written).
#[derive(Debug, Clone)]
pub struct Syllable<'t> {
    /// As written.
    pub text: &'t str,
    /// The folded key ([`fold`]).
    pub key: Arc<str>,
    /// The shape (`Xx`, `d,d%`: see [`shape`]).
    pub shape: Arc<str>,
    /// What `rules-vi` asks of the syllable (its case and shape: see
    /// `rules_vi::tok`) and the number of its key in the rules' word lists.
    pub(crate) rules: (u8, u32),
}

/// The facts of every syllable (by its text) a thread has seen; started
/// over past [`FACTS_LIMIT`] entries. Results never depend on it.
type SyllableFacts = FxHashMap<Box<str>, (Arc<str>, Arc<str>, (u8, u32))>;

/// Entries of [`SyllableFacts`] per thread before it starts over.
const FACTS_LIMIT: usize = 100_000;

thread_local! {
    static FACTS: RefCell<SyllableFacts> = RefCell::new(SyllableFacts::default());
}

/// The facts of syllable `s`, from this thread's [`SyllableFacts`].
fn facts_of(facts: &mut SyllableFacts, s: &str) -> (Arc<str>, Arc<str>, (u8, u32)) {
    if let Some(f) = facts.get(s) {
        return f.clone();
    }
    if facts.len() >= FACTS_LIMIT {
        facts.clear();
    }
    let key: Arc<str> = fold(s).into();
    let f = (
        key.clone(),
        shape(s).into(),
        super::rules_vi::token_facts(s, &key),
    );
    facts.insert(s.into(), f.clone());
    f
}

/// The shared token table of one document.
#[derive(Debug, Clone)]
pub struct DocTokens<'t> {
    /// The document's text.
    pub text: &'t str,
    /// Its tokens, in text order.
    pub tokens: Vec<Token>,
    /// Per token: its index in [`DocTokens::syllables`].
    pub syllable_of: Vec<u32>,
    /// The distinct syllables, in order of first occurrence.
    pub syllables: Vec<Syllable<'t>>,
    /// Sentences as char ranges.
    pub sentences: Vec<Range<usize>>,
}

impl<'t> DocTokens<'t> {
    /// Cuts `doc` up.
    pub fn new(doc: &'t Document) -> Self {
        Self::of_text(&doc.text)
    }

    /// Cuts `text` up.
    pub fn of_text(text: &'t str) -> Self {
        let tokens = tokenize(text);
        let sentences = sentences_of(text, &tokens);
        let mut seen: FxHashMap<&'t str, u32> = FxHashMap::default();
        let mut syllables = Vec::new();
        let syllable_of = FACTS.with(|facts| {
            let mut facts = facts.borrow_mut();
            tokens
                .iter()
                .map(|t| {
                    let s = t.text(text);
                    *seen.entry(s).or_insert_with(|| {
                        let (key, shape, rules) = facts_of(&mut facts, s);
                        syllables.push(Syllable {
                            text: s,
                            key,
                            shape,
                            rules,
                        });
                        (syllables.len() - 1) as u32
                    })
                })
                .collect()
        });
        DocTokens {
            text,
            tokens,
            syllable_of,
            syllables,
            sentences,
        }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether there is no token.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Token `i` as written.
    pub fn text_of(&self, i: usize) -> &'t str {
        self.tokens[i].text(self.text)
    }

    /// The syllable facts of token `i`.
    pub fn syllable(&self, i: usize) -> &Syllable<'t> {
        &self.syllables[self.syllable_of[i] as usize]
    }

    /// The folded key of token `i`.
    pub fn key(&self, i: usize) -> &str {
        &self.syllable(i).key
    }
}

/// The shape of a syllable: upper `X`, lower `x`, digit `d`, other kept;
/// runs collapsed (`Nguyễn` -> `Xx`, `7,22%` -> `d,d%`, `UBND` -> `X`).
pub fn shape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if !out.ends_with(k) {
            out.push(k);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_table_holds_what_each_engine_computed_alone() {
        let text = "Ủy ban nhân dân tỉnh. Uỷ ban đạt 7,22%!\nỦy ban";
        let d = DocTokens::of_text(text);
        assert_eq!(d.tokens, tokenize(text));
        assert_eq!(d.sentences, crate::text::sentences(text));
        for i in 0..d.len() {
            assert_eq!(d.key(i), fold(d.text_of(i)));
            assert_eq!(*d.syllable(i).shape, shape(d.text_of(i)));
            let t = d.text_of(i);
            assert_eq!(
                d.syllable(i).rules,
                crate::suggest::rules_vi::token_facts(t, &fold(t))
            );
        }
        // `Ủy` and `Uỷ` are two syllables as written, one key.
        assert_eq!(d.key(0), d.key(6));
        assert_eq!(d.syllable_of[0], d.syllable_of[d.len() - 2]);
        assert_eq!(d.syllables.len(), 10);
    }
}

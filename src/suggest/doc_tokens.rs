//! One document cut up once for every engine: its syllable tokens, each
//! token's folded key and shape (computed once per distinct syllable), and
//! its sentences. `rules-vi`, the dictionary and the tagger all read this
//! table, so a document is tokenized, folded and split into sentences once
//! per run of the engines, whatever engines run.
//!
//! Offsets are those of [`crate::text::tokenize`] (chars and bytes);
//! sentences are char ranges as [`crate::text::sentences`] gives them.

use super::fold::fold;
use crate::model::Document;
use crate::text::{sentences_of, tokenize, Token};
use rustc_hash::FxHashMap;
use std::ops::Range;

/// What is known of one distinct syllable (by its text as written).
#[derive(Debug, Clone)]
pub struct Syllable<'t> {
    /// As written.
    pub text: &'t str,
    /// The folded key ([`fold`]).
    pub key: String,
    /// The shape (`Xx`, `d,d%`: see [`shape`]).
    pub shape: String,
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
        let syllable_of = tokens
            .iter()
            .map(|t| {
                let s = t.text(text);
                *seen.entry(s).or_insert_with(|| {
                    syllables.push(Syllable {
                        text: s,
                        key: fold(s),
                        shape: shape(s),
                    });
                    (syllables.len() - 1) as u32
                })
            })
            .collect();
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
            assert_eq!(d.syllable(i).shape, shape(d.text_of(i)));
        }
        // `Ủy` and `Uỷ` are two syllables as written, one key.
        assert_eq!(d.key(0), d.key(6));
        assert_eq!(d.syllable_of[0], d.syllable_of[d.len() - 2]);
        assert_eq!(d.syllables.len(), 10);
    }
}

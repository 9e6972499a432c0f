//! The tokens and sentence breaks a document was imported with, when it came
//! from a token-based format (CoNLL, Hugging Face), so token-based exports
//! write the same tokens and sentences back.
//!
//! Invariant: `tokens` are char (code point) ranges into the document text,
//! non-empty, sorted and non-overlapping; `sentence_starts` are indices into
//! `tokens`, strictly increasing, the first one 0.

use serde::{Deserialize, Serialize};

/// Original tokens (char ranges) and the token index each sentence starts at.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TokenLayout {
    /// Char ranges `(start, end)` of the tokens, in text order.
    pub tokens: Vec<(usize, usize)>,
    /// Index of the first token of each sentence.
    pub sentence_starts: Vec<usize>,
}

impl TokenLayout {
    /// Whether the layout fits a text of `char_len` chars (see the invariant).
    pub fn fits(&self, char_len: usize) -> bool {
        let tokens_ok = self.tokens.iter().all(|&(a, b)| a < b && b <= char_len)
            && self.tokens.windows(2).all(|w| w[0].1 <= w[1].0);
        let sentences_ok = self.sentence_starts.first().is_none_or(|&s| s == 0)
            && self.sentence_starts.windows(2).all(|w| w[0] < w[1])
            && self
                .sentence_starts
                .last()
                .is_none_or(|&s| s < self.tokens.len().max(1));
        tokens_ok && sentences_ok
    }
}

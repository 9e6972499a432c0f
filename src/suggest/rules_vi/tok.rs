//! Syllable tokens of a document as the rules see them: the token (char and
//! byte offsets), its text as written and its folded key, plus the line
//! breaks between tokens.

use crate::suggest::doc_tokens::DocTokens;
use crate::text::Token;

/// One token with its text and folded key.
pub(super) struct Tok<'t> {
    pub t: Token,
    pub text: &'t str,
    pub key: &'t str,
}

impl<'t> Tok<'t> {
    /// The tokens of a document's shared token table (no folding here: the
    /// table folded each distinct syllable once).
    pub fn all(d: &'t DocTokens<'_>) -> Vec<Tok<'t>> {
        (0..d.len())
            .map(|i| Tok {
                t: d.tokens[i],
                text: d.text_of(i),
                key: d.key(i),
            })
            .collect()
    }

    /// Letters only.
    pub fn is_word(&self) -> bool {
        self.text.chars().all(char::is_alphabetic)
    }

    /// `Xxx`: a capital then lowercase letters.
    pub fn is_title_case(&self) -> bool {
        let mut cs = self.text.chars();
        cs.next().is_some_and(char::is_uppercase) && cs.all(|c| c.is_lowercase()) && self.is_word()
    }

    /// Starts with a capital.
    pub fn is_capitalized(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// Letters, all capitals.
    pub fn is_all_caps(&self) -> bool {
        self.is_word() && self.text.chars().all(char::is_uppercase)
    }

    /// No letter or digit.
    pub fn is_punct(&self) -> bool {
        !self.text.chars().any(char::is_alphanumeric)
    }

    /// A lowercase word.
    pub fn is_lower_word(&self) -> bool {
        self.is_word() && !self.is_capitalized()
    }
}

/// `breaks[k]`: a line break stands between token `k - 1` and token `k`;
/// `breaks[toks.len()]` is true.
pub(super) fn line_breaks(toks: &[Tok<'_>], text: &str) -> Vec<bool> {
    let mut out = vec![false; toks.len() + 1];
    for k in 1..toks.len() {
        out[k] = text
            .get(toks[k - 1].t.byte_end..toks[k].t.byte_start)
            .is_some_and(|g| g.contains('\n'));
    }
    out[toks.len()] = true;
    out
}

/// A Vietnamese syllable: one run of vowels, at most 3 letters before it and 2 after.
pub(super) fn is_syllable(word: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    // Base letters only: marks (tones, circumflex, breve, horn) dropped.
    let folded: Vec<char> = word
        .to_lowercase()
        .nfd()
        .filter(|c| c.is_alphabetic())
        .collect();
    let vowel = |c: &char| "aeiouy".contains(*c);
    let Some(first) = folded.iter().position(vowel) else {
        return false;
    };
    let last = folded.iter().rposition(vowel).unwrap_or(first);
    folded[first..=last].iter().all(vowel) && first <= 3 && folded.len() - 1 - last <= 2
}

//! Syllable tokens of a document as the rules see them: the token (char and
//! byte offsets), its text as written and its folded key, plus the line
//! breaks between tokens.

use crate::suggest::doc_tokens::DocTokens;
use crate::text::Token;

/// One token with its text, folded key and the facts the rules ask of it
/// (computed once per distinct syllable of the document).
pub(super) struct Tok<'t> {
    pub t: Token,
    pub text: &'t str,
    pub key: &'t str,
    flags: u8,
}

const WORD: u8 = 1;
const TITLE_CASE: u8 = 2;
const CAPITALIZED: u8 = 4;
const ALL_CAPS: u8 = 8;
const PUNCT: u8 = 16;
const SYLLABLE: u8 = 32;

fn flags(text: &str) -> u8 {
    let word = text.chars().all(char::is_alphabetic);
    let capitalized = text.chars().next().is_some_and(char::is_uppercase);
    let mut rest = text.chars();
    rest.next();
    let title = capitalized && rest.all(char::is_lowercase) && word;
    let all_caps = word && text.chars().all(char::is_uppercase);
    let punct = !text.chars().any(char::is_alphanumeric);
    let mut f = 0;
    for (on, bit) in [
        (word, WORD),
        (title, TITLE_CASE),
        (capitalized, CAPITALIZED),
        (all_caps, ALL_CAPS),
        (punct, PUNCT),
        (is_syllable(text), SYLLABLE),
    ] {
        if on {
            f |= bit;
        }
    }
    f
}

impl<'t> Tok<'t> {
    /// The tokens of a document's shared token table (no folding here: the
    /// table folded each distinct syllable once; the facts below are also
    /// worked out once per distinct syllable).
    pub fn all(d: &'t DocTokens<'_>) -> Vec<Tok<'t>> {
        let facts: Vec<u8> = d.syllables.iter().map(|s| flags(s.text)).collect();
        (0..d.len())
            .map(|i| Tok {
                t: d.tokens[i],
                text: d.text_of(i),
                key: d.key(i),
                flags: facts[d.syllable_of[i] as usize],
            })
            .collect()
    }

    /// Letters only.
    pub fn is_word(&self) -> bool {
        self.flags & WORD != 0
    }

    /// `Xxx`: a capital then lowercase letters.
    pub fn is_title_case(&self) -> bool {
        self.flags & TITLE_CASE != 0
    }

    /// Starts with a capital.
    pub fn is_capitalized(&self) -> bool {
        self.flags & CAPITALIZED != 0
    }

    /// Letters, all capitals.
    pub fn is_all_caps(&self) -> bool {
        self.flags & ALL_CAPS != 0
    }

    /// No letter or digit.
    pub fn is_punct(&self) -> bool {
        self.flags & PUNCT != 0
    }

    /// A lowercase word.
    pub fn is_lower_word(&self) -> bool {
        self.is_word() && !self.is_capitalized()
    }

    /// Shaped like a Vietnamese syllable ([`is_syllable`]).
    pub fn is_syllable(&self) -> bool {
        self.flags & SYLLABLE != 0
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

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
    /// The number of `key` in the word lists ([`super::phrase::NO_WORD`]
    /// when none has it).
    pub word: u32,
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

/// What the rules ask of a syllable (`text`, folded `key`): its case and
/// shape flags and the number of its key in the word lists. Kept per
/// syllable by [`DocTokens`].
pub(crate) fn token_facts(text: &str, key: &str) -> (u8, u32) {
    (flags(text), super::lexicon::lexicon().words.id(key))
}

impl<'t> Tok<'t> {
    /// The tokens of a document's shared token table (no folding here: the
    /// table folded each distinct syllable once and holds the facts below,
    /// [`token_facts`]).
    pub fn all(d: &'t DocTokens<'_>) -> Vec<Tok<'t>> {
        (0..d.len())
            .map(|i| {
                let (flags, word) = d.syllable(i).rules;
                Tok {
                    t: d.tokens[i],
                    text: d.text_of(i),
                    key: d.key(i),
                    word,
                    flags,
                }
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
    match base_letters(word) {
        Some((letters, n)) => syllable_shaped(&letters[..n]),
        None => syllable_shaped(&base_letters_slow(word)),
    }
}

fn syllable_shaped(folded: &[char]) -> bool {
    let vowel = |c: &char| "aeiouy".contains(*c);
    let Some(first) = folded.iter().position(vowel) else {
        return false;
    };
    let last = folded.iter().rposition(vowel).unwrap_or(first);
    folded[first..=last].iter().all(vowel) && first <= 3 && folded.len() - 1 - last <= 2
}

/// Base letters of `word` (lowercase, marks dropped) as the whole-string
/// lowercasing and NFD give them.
fn base_letters_slow(word: &str) -> Vec<char> {
    use unicode_normalization::UnicodeNormalization;
    word.to_lowercase()
        .nfd()
        .filter(|c| c.is_alphabetic())
        .collect()
}

/// [`base_letters_slow`] without allocating, for words of at most 16
/// letters written in ASCII, Latin-1, Latin Extended and the Vietnamese
/// block (each lowercases to one letter and decomposes to one base letter
/// and marks, so char by char gives what the whole string gives); `None`
/// for anything else.
fn base_letters(word: &str) -> Option<([char; 16], usize)> {
    let mut out = ['\0'; 16];
    let mut n = 0;
    for c in word.chars() {
        let latin = matches!(u32::from(c), 0..=0x24f | 0x1e00..=0x1eff);
        if !latin {
            return None;
        }
        let mut lower = c.to_lowercase();
        let (Some(l), None) = (lower.next(), lower.next()) else {
            return None;
        };
        let mut ok = true;
        unicode_normalization::char::decompose_canonical(l, |d| {
            if d.is_alphabetic() {
                if n < out.len() {
                    out[n] = d;
                    n += 1;
                } else {
                    ok = false;
                }
            }
        });
        if !ok {
            return None;
        }
    }
    Some((out, n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn syllables_and_not() {
        for w in ["Nguyễn", "ủy", "UỶ", "trưởng", "Khuyến", "a", "Đoàn"] {
            assert!(is_syllable(w), "{w}");
        }
        for w in ["GRDP", "Kang", "strength", "7,22%", "Min-seok", ""] {
            assert_eq!(
                is_syllable(w),
                syllable_shaped(&base_letters_slow(w)),
                "{w}"
            );
        }
        assert!(!is_syllable("strength"));
    }

    proptest! {
        /// The fast path gives what lowercasing and NFD of the whole word give.
        #[test]
        fn fast_base_letters_match_the_slow_ones(
            w in "[a-zA-ZđĐàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ\u{0300}\u{0301}\u{0303}\u{0309}\u{0323}ßİ0-9%,.ς]{0,20}"
        ) {
            if let Some((letters, n)) = base_letters(&w) {
                prop_assert_eq!(letters[..n].to_vec(), base_letters_slow(&w));
            }
            prop_assert_eq!(
                is_syllable(&w),
                syllable_shaped(&base_letters_slow(&w))
            );
        }
    }
}

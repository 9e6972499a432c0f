//! The units the tokenizer reads: extended grapheme clusters with their
//! character class, made two ways that must agree exactly.
//!
//! - [`units_by_graphemes`]: the reference, `unicode-segmentation` over the
//!   whole text.
//! - [`units`]: the fast path used everywhere. A char from the "simple" set
//!   (ASCII but CR, Latin-1 and Latin Extended-A/B, Latin Extended
//!   Additional, which holds every precomposed Vietnamese letter, and most
//!   general punctuation) followed by another simple char (or the end) is a
//!   cluster of its own: no rule of UAX #29 joins two such chars. Anywhere
//!   else (a combining mark after a letter, emoji with ZWJ or skin tones,
//!   CR LF, Hangul, scripts with spacing marks) the reference segmentation
//!   takes over from that char, which is a cluster boundary preceded by a
//!   simple char, so segmenting from there gives what segmenting the whole
//!   text gives, until a cluster ends on a simple char again.
//!
//! NFC Vietnamese news is simple throughout, so it never needs the grapheme
//! tables; the class of its letters comes from ranges, not Unicode lookups.
//! Units: `chars` and `bytes` are the cluster's length in chars (code
//! points) and bytes; the clusters of a text follow each other from its
//! first byte, so offsets are their running sums.

use unicode_segmentation::UnicodeSegmentation;

/// What a cluster is to the tokenizer (decided by its first char).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// A letter (or other alphanumeric that is not numeric).
    Word,
    /// A numeric char.
    Digit,
    /// `, . / : - ' ’`: joins two alphanumerics.
    Joiner,
    /// `%`: attaches to a preceding digit.
    Percent,
    /// Whitespace: no token.
    Space,
    /// Any other char: a token of its own.
    Other,
}

/// One extended grapheme cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unit {
    /// Its length in bytes.
    pub bytes: usize,
    /// Its length in chars.
    pub chars: usize,
    /// Its class.
    pub class: Class,
    /// Whether it is exactly `/`.
    pub slash: bool,
}

/// The class of a cluster starting with `c`, by Unicode properties.
fn class_by_properties(c: char) -> Class {
    if c.is_whitespace() {
        Class::Space
    } else if c.is_numeric() {
        Class::Digit
    } else if c.is_alphanumeric() {
        Class::Word
    } else if matches!(c, ',' | '.' | '/' | ':' | '-' | '\'' | '’') {
        Class::Joiner
    } else if c == '%' {
        Class::Percent
    } else {
        Class::Other
    }
}

/// The class of a cluster starting with `c`: ASCII and Vietnamese letters by
/// range, the rest by Unicode properties (same answer: tested for every char
/// of the ranges).
pub(crate) fn class_of(c: char) -> Class {
    match c {
        'a'..='z' | 'A'..='Z' => Class::Word,
        '0'..='9' => Class::Digit,
        ' ' | '\n' | '\t' => Class::Space,
        ',' | '.' | '/' | ':' | '-' | '\'' => Class::Joiner,
        '%' => Class::Percent,
        '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{24F}' => Class::Word,
        '\u{1E00}'..='\u{1EFF}' => Class::Word,
        _ => class_by_properties(c),
    }
}

/// Whether `c` is a cluster of its own when the char after it is simple too
/// (see the module doc).
pub(crate) fn simple(c: char) -> bool {
    matches!(c as u32,
        0x00..=0x0C | 0x0E..=0x7F
        | 0xA0..=0x24F
        | 0x1E00..=0x1EFF
        | 0x2000..=0x200A
        | 0x2010..=0x2027
        | 0x2030..=0x205E)
}

fn unit(g: &str) -> Unit {
    let first = g.chars().next().unwrap_or(' ');
    Unit {
        bytes: g.len(),
        chars: g.chars().count(),
        class: class_of(first),
        slash: g == "/",
    }
}

/// The clusters of `text` by full grapheme segmentation (the reference).
pub(crate) fn units_by_graphemes(text: &str) -> Vec<Unit> {
    text.graphemes(true).map(unit).collect()
}

/// The clusters of `text`: the same as [`units_by_graphemes`], fast on
/// simple text (see the module doc).
pub(crate) fn units(text: &str) -> Vec<Unit> {
    let mut out = Vec::with_capacity(text.len()); // at most one cluster a byte
    let mut pos = 0;
    // `here` is the char at `pos`; `chars` reads on from the char after it.
    let mut chars = text.chars();
    let mut here = chars.next();
    while let Some(c) = here {
        let len = c.len_utf8();
        let after = chars.next();
        if simple(c) && after.is_none_or(simple) {
            out.push(Unit {
                bytes: len,
                chars: 1,
                class: class_of(c),
                slash: c == '/',
            });
            pos += len;
            here = after;
            continue;
        }
        let rest = &text[pos..];
        // The reference from here on, until a cluster ends on a simple char.
        let mut end = pos;
        for g in rest.graphemes(true) {
            out.push(unit(g));
            end += g.len();
            if g.chars().next_back().is_some_and(simple) {
                break;
            }
        }
        pos = end.max(pos + len);
        chars = text[pos..].chars();
        here = chars.next();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn range_classes_agree_with_unicode_properties() {
        for c in ('\0'..='\u{2FF}').chain('\u{1E00}'..='\u{206F}') {
            assert_eq!(
                class_of(c),
                class_by_properties(c),
                "{c:?} U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn hard_cases_match_the_reference() {
        for s in [
            "Nguye\u{302}\u{303}n a\r\nb",
            "👍🏽 👨‍👩‍👧 x🇻🇳🇻🇳y",
            "\u{301}đầu",
            "a\u{200D}b ©\u{200D}© e\u{301}",
            "한국어 नमस्ते ক্ষ",
            "\r",
            "",
        ] {
            assert_eq!(units(s), units_by_graphemes(s), "{s:?}");
        }
    }

    /// Pieces random text is made of: Vietnamese (NFC and decomposed), emoji
    /// with ZWJ and skin tones, flags, tabs, CRLF, figures with `,.%/`.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("Nguyễn".to_owned()),
            Just("Nguye\u{302}\u{303}n".to_owned()),
            Just("Ủy ban".to_owned()),
            Just("U\u{309}y".to_owned()),
            Just("đạt 7,22%".to_owned()),
            Just("8.200/18".to_owned()),
            Just("👩🏽‍💻".to_owned()),
            Just("👨‍👩‍👧".to_owned()),
            Just("🇻🇳".to_owned()),
            Just("\t".to_owned()),
            Just("\r\n".to_owned()),
            Just("\r".to_owned()),
            Just("\u{300}".to_owned()),
            Just("\u{200D}".to_owned()),
            Just("…–“”".to_owned()),
            Just("COVID-19".to_owned()),
            "[a-zA-Z0-9 ,./%:-]{0,6}",
            "[\\u{0300}-\\u{036F}\\u{1EA0}-\\u{1EF9}\\u{00C0}-\\u{01B0}]{1,3}",
            any::<char>().prop_map(String::from),
        ]
    }

    proptest! {
        #[test]
        fn fast_path_equals_grapheme_segmentation(
            pieces in proptest::collection::vec(piece(), 0..24)
        ) {
            let text: String = pieces.concat();
            prop_assert_eq!(units(&text), units_by_graphemes(&text));
            prop_assert_eq!(
                crate::text::tokenize(&text),
                crate::text::tokens::tokenize_graphemes(&text)
            );
        }
    }
}

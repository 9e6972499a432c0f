//! Syllable tokens and sentences, as char offset ranges.
//!
//! A token is a run of letters/digits (whole grapheme clusters, so combining
//! marks and emoji sequences are never split) in which `, . / : -` join only
//! between two alphanumerics and `%` attaches to a preceding digit: `7,22%`,
//! `8.200`, `18/18`, `COVID-19`, `UBND` are single tokens. Any other
//! punctuation is a token of its own; whitespace is no token.

use super::units::{class_of, simple, units, units_by_graphemes, Class, Unit};

/// One token: char offsets `start..end` and the matching byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// First char (code point) of the token.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// Byte offset of `start`.
    pub byte_start: usize,
    /// Byte offset of `end`.
    pub byte_end: usize,
}

impl Token {
    /// The token's text in `text` (the text it was made from).
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.byte_start..self.byte_end).unwrap_or_default()
    }
}

/// Splits `text` into syllable tokens (see the module doc). Reads clusters
/// by the fast path of [`super::units`]; the same tokens as
/// [`tokenize_graphemes`], tested on random text.
pub fn tokenize(text: &str) -> Vec<Token> {
    tokens_of_simple(text).unwrap_or_else(|| tokens_of(&units(text)))
}

/// [`tokens_of`] for a text whose every char is simple (see
/// [`super::units`]; NFC Vietnamese news is): each char is then a cluster
/// of its own, so the tokens are read straight off the chars, with no list
/// of clusters. `None` at the first char that is not simple (the caller
/// then reads clusters). The same rules as [`tokens_of`], one char looked
/// at on each side.
fn tokens_of_simple(text: &str) -> Option<Vec<Token>> {
    let alnum = |c: Option<Class>| matches!(c, Some(Class::Word | Class::Digit));
    let mut tokens = Vec::with_capacity(text.len() / 4);
    let mut current: Option<Token> = None;
    let mut before: Option<Class> = None;
    let mut chars = text.char_indices();
    let mut next = chars.next();
    let mut char_pos = 0;
    while let Some((byte, c)) = next {
        if !simple(c) {
            return None;
        }
        next = chars.next();
        let class = class_of(c);
        let after = next.map(|(_, n)| class_of(n));
        let len = c.len_utf8();
        let extends = match class {
            Class::Word | Class::Digit => current.is_some(),
            Class::Joiner if c == '/' => {
                let digits = before == Some(Class::Digit) && after == Some(Class::Digit);
                let one_letter = current.is_some_and(|t| t.end - t.start == 1) && alnum(after);
                current.is_some() && (digits || one_letter)
            }
            Class::Joiner => current.is_some() && alnum(before) && alnum(after),
            Class::Percent => current.is_some() && before == Some(Class::Digit),
            Class::Space | Class::Other => false,
        };
        if extends {
            if let Some(t) = current.as_mut() {
                t.end = char_pos + 1;
                t.byte_end = byte + len;
            }
        } else {
            tokens.extend(current.take());
            let token = Token {
                start: char_pos,
                end: char_pos + 1,
                byte_start: byte,
                byte_end: byte + len,
            };
            match class {
                Class::Space => {}
                Class::Word | Class::Digit => current = Some(token),
                _ => tokens.push(token),
            }
        }
        char_pos += 1;
        before = Some(class);
    }
    tokens.extend(current);
    Some(tokens)
}

/// [`tokenize`] by full grapheme segmentation: the reference the fast path
/// is tested against.
pub fn tokenize_graphemes(text: &str) -> Vec<Token> {
    tokens_of(&units_by_graphemes(text))
}

fn tokens_of(units: &[Unit]) -> Vec<Token> {
    let class = |i: usize| units.get(i).map(|u| u.class);
    let is_alnum = |i: usize| matches!(class(i), Some(Class::Word | Class::Digit));
    let mut tokens = Vec::with_capacity(units.len() / 3);
    let (mut char_pos, mut byte_pos) = (0, 0);
    let mut current: Option<Token> = None;
    for (i, u) in units.iter().enumerate() {
        let len = u.chars;
        let extends = match u.class {
            Class::Word | Class::Digit => current.is_some(),
            Class::Joiner if u.slash => {
                // `18/18`, `8/12`, `Đ/c` join; `QUANG/baolangson.vn` does not.
                let digits = class(i.wrapping_sub(1)) == Some(Class::Digit)
                    && class(i + 1) == Some(Class::Digit);
                let one_letter = current.is_some_and(|t| t.end - t.start == 1) && is_alnum(i + 1);
                current.is_some() && (digits || one_letter)
            }
            Class::Joiner => current.is_some() && is_alnum(i.wrapping_sub(1)) && is_alnum(i + 1),
            Class::Percent => current.is_some() && class(i.wrapping_sub(1)) == Some(Class::Digit),
            Class::Space | Class::Other => false,
        };
        if extends {
            if let Some(t) = current.as_mut() {
                t.end = char_pos + len;
                t.byte_end = byte_pos + u.bytes;
            }
        } else {
            tokens.extend(current.take());
            let token = Token {
                start: char_pos,
                end: char_pos + len,
                byte_start: byte_pos,
                byte_end: byte_pos + u.bytes,
            };
            match u.class {
                Class::Space => {}
                Class::Word | Class::Digit => current = Some(token),
                _ => tokens.push(token),
            }
        }
        char_pos += len;
        byte_pos += u.bytes;
    }
    tokens.extend(current);
    tokens
}

/// Widens char range `start..end` to whole tokens: from the start of the first
/// token it touches to the end of the last. `None` when it touches no token
/// (only whitespace).
pub fn snap_to_tokens(tokens: &[Token], start: usize, end: usize) -> Option<(usize, usize)> {
    let (start, end) = (start.min(end), start.max(end));
    let first = tokens.partition_point(|t| t.end <= start);
    let touched: Vec<&Token> = tokens[first..]
        .iter()
        .take_while(|t| t.start < end.max(start + 1))
        .collect();
    Some((touched.first()?.start, touched.last()?.end))
}

/// The token containing char `c` (or starting at it).
pub fn token_at(tokens: &[Token], c: usize) -> Option<Token> {
    let i = tokens.partition_point(|t| t.end <= c);
    tokens.get(i).filter(|t| t.start <= c).copied()
}

/// The next token boundary after `c` (`forward`) or before it, for caret moves
/// by token: the end of the current/next token going forward, the start of
/// the current/previous token going back. Stays at `c` when there is none.
pub fn token_boundary(tokens: &[Token], c: usize, forward: bool) -> usize {
    if forward {
        tokens.iter().map(|t| t.end).find(|&e| e > c).unwrap_or(c)
    } else {
        tokens
            .iter()
            .rev()
            .map(|t| t.start)
            .find(|&s| s < c)
            .unwrap_or(c)
    }
}

/// Trims whitespace off both ends of char range `start..end` of `text`.
/// `None` when nothing but whitespace remains.
pub fn trim_range(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let (start, end) = (start.min(end), start.max(end));
    let chars: Vec<char> = text.chars().skip(start).take(end - start).collect();
    let lead = chars.iter().take_while(|c| c.is_whitespace()).count();
    let trail = chars.iter().rev().take_while(|c| c.is_whitespace()).count();
    (lead < chars.len()).then(|| (start + lead, end - trail))
}

/// Abbreviations after which a dot does not end a sentence.
const ABBREVIATIONS: &[&str] = &["TS", "GS", "PGS", "ThS", "TP", "Tp", "BS", "KS", "Th", "St"];

/// Splits `text` into sentences: char ranges without surrounding whitespace.
/// A sentence ends at a line break, or after `.`, `!`, `?`, `…` followed by
/// whitespace, unless the dot closes a known abbreviation (`TS.`, `GS.`).
pub fn sentences(text: &str) -> Vec<std::ops::Range<usize>> {
    sentences_of(text, &tokenize(text))
}

/// [`sentences`] of `text` from its `tokens` (those [`tokenize`] made), for
/// callers that have them already.
pub fn sentences_of(text: &str, tokens: &[Token]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, t) in tokens.iter().enumerate() {
        let first = *start.get_or_insert(t.start);
        let next = tokens.get(i + 1);
        let gap = next.map(|n| text.get(t.byte_end..n.byte_start).unwrap_or_default());
        let line_break = gap.is_none_or(|g| g.contains('\n'));
        let tok = t.text(text);
        let prev = i
            .checked_sub(1)
            .and_then(|p| tokens.get(p))
            .map(|p| p.text(text));
        let closes = matches!(tok, "." | "!" | "?" | "…")
            && gap.is_some_and(|g| !g.is_empty())
            && !(tok == "." && prev.is_some_and(|p| ABBREVIATIONS.contains(&p)));
        if line_break || closes {
            out.push(first..t.end);
            start = None;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of text whose every char is simple: Vietnamese, figures,
    /// joiners in every place, tabs and line breaks, typographic marks.
    fn simple_piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("Nguyễn".to_owned()),
            Just("Ủy ban".to_owned()),
            Just("đạt 7,22%".to_owned()),
            Just("8.200/18".to_owned()),
            Just("Đ/c".to_owned()),
            Just("QUANG/baolangson.vn".to_owned()),
            Just("\t".to_owned()),
            Just("\n".to_owned()),
            Just("…–“”’".to_owned()),
            Just("COVID-19".to_owned()),
            "[a-zA-Z0-9 ,./%:'-]{0,6}",
            "[\\u{1EA0}-\\u{1EF9}\\u{00C0}-\\u{01B0}]{1,3}",
        ]
    }

    proptest! {
        #[test]
        fn simple_text_is_read_straight_off_its_chars(
            pieces in proptest::collection::vec(simple_piece(), 0..24)
        ) {
            let text: String = pieces.concat();
            let straight = tokens_of_simple(&text);
            prop_assert!(straight.is_some(), "{:?} is simple", text);
            prop_assert_eq!(straight, Some(tokens_of(&units(&text))));
            prop_assert_eq!(tokenize(&text), tokenize_graphemes(&text));
        }
    }

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| t.text(s)).collect()
    }

    #[test]
    fn numbers_and_acronyms_stay_whole() {
        assert_eq!(
            texts("GRDP ước đạt 7,22%; thu 8.200 tỷ, đạt 18/18 (COVID-19) UBND."),
            [
                "GRDP", "ước", "đạt", "7,22%", ";", "thu", "8.200", "tỷ", ",", "đạt", "18/18", "(",
                "COVID-19", ")", "UBND", "."
            ]
        );
    }

    #[test]
    fn ranges_and_dashes() {
        assert_eq!(texts("7 – 7,5%"), ["7", "–", "7,5%"]);
        assert_eq!(
            texts("HỒ HƯƠNG - ĐÌNH QUANG/baolangson.vn"),
            ["HỒ", "HƯƠNG", "-", "ĐÌNH", "QUANG", "/", "baolangson.vn"]
        );
        assert_eq!(
            texts("Đ/c Lê, ngày 8/12"),
            ["Đ/c", "Lê", ",", "ngày", "8/12"]
        );
    }

    #[test]
    fn offsets_are_chars_and_marks_stay_with_their_letter() {
        let s = "a 😀 Nguye\u{302}\u{303}n x";
        let t = tokenize(s);
        assert_eq!(t.len(), 4);
        assert_eq!((t[1].start, t[1].end), (2, 3));
        assert_eq!((t[2].start, t[2].end), (4, 12));
        assert_eq!(t[2].text(s), "Nguye\u{302}\u{303}n");
    }

    #[test]
    fn snapping_widens_to_whole_syllables() {
        let s = "Đồng chí Nguyễn Quốc Đoàn, Bí thư";
        let t = tokenize(s);
        // "uyễn Quốc Đo" -> "Nguyễn Quốc Đoàn"
        assert_eq!(snap_to_tokens(&t, 11, 23), Some((9, 25)));
        // Dragged backwards, same result.
        assert_eq!(snap_to_tokens(&t, 23, 11), Some((9, 25)));
        // A click inside one syllable selects it.
        assert_eq!(snap_to_tokens(&t, 10, 10), Some((9, 15)));
        // Only the space between two words: nothing.
        assert_eq!(snap_to_tokens(&t, 15, 16), None);
        assert_eq!(token_at(&t, 26), None);
        assert_eq!(token_at(&t, 25).map(|x| x.text(s)), Some(","));
        assert_eq!(token_boundary(&t, 9, true), 15);
        assert_eq!(token_boundary(&t, 15, false), 9);
        assert_eq!(trim_range(s, 8, 16), Some((9, 15)));
        assert_eq!(trim_range(s, 15, 16), None);
    }

    #[test]
    fn sentences_split_on_stops_and_lines() {
        let s = "Năm 2022 đạt 7,22%. TS. Lê nói! Mới\n\nDòng hai…";
        let got: Vec<String> = sentences(s)
            .into_iter()
            .map(|r| s.chars().skip(r.start).take(r.end - r.start).collect())
            .collect();
        assert_eq!(
            got,
            ["Năm 2022 đạt 7,22%.", "TS. Lê nói!", "Mới", "Dòng hai…"]
        );
    }
}

//! A file's span offsets turned into char offsets and checked against the
//! text. [`Offsets`] indexes one text once (O(text)) so that each offset
//! converts in O(log text): a document with many spans costs its text once,
//! not once per span. Conversions are exactly those of
//! [`crate::text::offsets::OffsetUnit`] (a test compares them).

use super::super::FormatError;
use crate::text::offsets::OffsetUnit;
use crate::text::TextIndex;
use std::path::Path;

/// One text indexed for offset conversions: where each char starts (bytes)
/// and which chars lie outside the BMP (two UTF-16 units each).
///
/// Invariant: `index`, once built, is the text's char -> byte table (built
/// only when bytes are asked for: code points and UTF-16 need only the
/// length and the astral chars); `astral` holds the char offsets of astral
/// chars in increasing order and `astral_utf16` the UTF-16 offset of each
/// (`astral[k] + k`).
pub struct Offsets<'t> {
    text: &'t str,
    char_len: usize,
    index: std::cell::OnceCell<TextIndex>,
    astral: Vec<usize>,
    astral_utf16: Vec<usize>,
}

impl<'t> Offsets<'t> {
    /// Indexes `text` (one pass over it).
    pub fn new(text: &'t str) -> Self {
        let mut char_len = 0;
        let mut astral = Vec::new();
        for ch in text.chars() {
            if ch.len_utf16() == 2 {
                astral.push(char_len);
            }
            char_len += 1;
        }
        let astral_utf16 = astral.iter().enumerate().map(|(k, a)| a + k).collect();
        Self {
            text,
            char_len,
            index: std::cell::OnceCell::new(),
            astral,
            astral_utf16,
        }
    }

    fn index(&self) -> &TextIndex {
        self.index.get_or_init(|| TextIndex::new(self.text))
    }

    /// Number of chars.
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// Whether the text has chars outside the BMP (emoji).
    pub fn has_astral(&self) -> bool {
        !self.astral.is_empty()
    }

    /// The char at char offset `c`.
    pub fn char_at(&self, c: usize) -> Option<char> {
        self.text.get(self.index().byte(c)?..)?.chars().next()
    }

    /// The text of char range `start..end`: empty when out of range or
    /// reversed, as [`crate::text::offsets::char_slice`].
    pub fn slice(&self, start: usize, end: usize) -> &'t str {
        self.index()
            .slice(self.text, start, end)
            .unwrap_or_default()
    }

    /// Char offset of offset `o` counted in `unit`, as
    /// [`OffsetUnit::to_char`]: `None` past the end or inside a char.
    pub fn to_char(&self, unit: OffsetUnit, o: usize) -> Option<usize> {
        match unit {
            OffsetUnit::Chars => (o <= self.char_len()).then_some(o),
            OffsetUnit::Bytes => self
                .text
                .is_char_boundary(o)
                .then(|| self.index().char_at_byte(o)),
            OffsetUnit::Utf16 => {
                // Astral chars that start before `o`, each one unit more.
                let k = self.astral_utf16.partition_point(|&u| u < o);
                if k > 0 && self.astral_utf16[k - 1] + 1 == o {
                    return None;
                }
                let c = o - k;
                (c <= self.char_len()).then_some(c)
            }
        }
    }

    /// Offset in `unit` of char offset `c`, as [`OffsetUnit::from_char`].
    pub fn of_char(&self, unit: OffsetUnit, c: usize) -> Option<usize> {
        match unit {
            OffsetUnit::Chars => (c <= self.char_len()).then_some(c),
            OffsetUnit::Bytes => self.index().byte(c),
            OffsetUnit::Utf16 => {
                (c <= self.char_len()).then(|| c + self.astral.partition_point(|&a| a < c))
            }
        }
    }
}

/// Converts a span's offsets from `unit` to chars and checks them against the
/// text (and against `given`, the span text the file states, if any).
#[allow(clippy::too_many_arguments)]
pub fn span_offsets(
    path: &Path,
    line: usize,
    text: &Offsets<'_>,
    start: usize,
    end: usize,
    unit: OffsetUnit,
    given: Option<&str>,
    what: &str,
) -> Result<(usize, usize), FormatError> {
    let unit_name = format!("{unit:?}").to_lowercase();
    let conv = |o: usize| text.to_char(unit, o);
    let (s, e) = match (conv(start), conv(end)) {
        (Some(s), Some(e)) if s < e => (s, e),
        _ => {
            let len = text.of_char(unit, text.char_len()).unwrap_or(0);
            let hint = if unit == OffsetUnit::Chars
                && text.to_char(OffsetUnit::Utf16, end).is_some()
                && end > text.char_len()
            {
                "the offsets look like UTF-16 code units (as JavaScript counts); import with --offsets utf16"
            } else {
                "give start < end within the text, counted in the stated unit"
            };
            return Err(FormatError::input(
                path,
                line,
                format!("{what} {start}..{end} is not a valid range of the text ({len} {unit_name}, offsets in {unit_name})"),
                hint,
            ));
        }
    };
    if given.is_none() {
        refuse_other_unit(path, line, text, (start, end), (s, e), unit, what)?;
    }
    if let Some(given) = given {
        let covered = text.slice(s, e);
        if covered != given {
            let as_utf16 = (unit == OffsetUnit::Chars)
                .then(|| {
                    let (a, b) = (
                        text.to_char(OffsetUnit::Utf16, start)?,
                        text.to_char(OffsetUnit::Utf16, end)?,
                    );
                    (a <= b && text.slice(a, b) == given).then_some(())
                })
                .flatten()
                .is_some();
            let fix = if as_utf16 {
                "the offsets are UTF-16 code units (as JavaScript counts, an emoji is 2); import with --offsets utf16"
            } else {
                "correct the offsets or the span text"
            };
            return Err(FormatError::input(
                path,
                line,
                format!("{what} {start}..{end} covers {covered:?} but the file says {given:?}"),
                fix,
            ));
        }
    }
    Ok((s, e))
}

/// Whether char offset `c` of the text is at a word boundary (not between
/// two letters or digits).
fn at_word_boundary(text: &Offsets<'_>, c: usize) -> bool {
    match (
        c.checked_sub(1).and_then(|p| text.char_at(p)),
        text.char_at(c),
    ) {
        (Some(a), Some(b)) => !(a.is_alphanumeric() && b.is_alphanumeric()),
        _ => true,
    }
}

/// Refuses offsets that are in range but in the wrong unit: on a text with
/// astral characters (emoji), when the span cuts words under `unit` but
/// falls on word boundaries under the other of chars / UTF-16.
fn refuse_other_unit(
    path: &Path,
    line: usize,
    text: &Offsets<'_>,
    raw: (usize, usize),
    got: (usize, usize),
    unit: OffsetUnit,
    what: &str,
) -> Result<(), FormatError> {
    let other = match unit {
        OffsetUnit::Chars => OffsetUnit::Utf16,
        OffsetUnit::Utf16 => OffsetUnit::Chars,
        OffsetUnit::Bytes => return Ok(()),
    };
    if !text.has_astral() {
        return Ok(());
    }
    let on_words = |(a, b): (usize, usize)| at_word_boundary(text, a) && at_word_boundary(text, b);
    if on_words(got) {
        return Ok(());
    }
    let (Some(a), Some(b)) = (text.to_char(other, raw.0), text.to_char(other, raw.1)) else {
        return Ok(());
    };
    if a >= b || !on_words((a, b)) {
        return Ok(());
    }
    let name = |u: OffsetUnit| match u {
        OffsetUnit::Chars => "code points",
        OffsetUnit::Utf16 => "UTF-16 code units",
        OffsetUnit::Bytes => "bytes",
    };
    let flag = |u: OffsetUnit| match u {
        OffsetUnit::Chars => "--offsets chars",
        OffsetUnit::Utf16 => "--offsets utf16",
        OffsetUnit::Bytes => "--offsets bytes",
    };
    Err(FormatError::input(
        path,
        line,
        format!(
            "{what} {}..{} read as {} covers {:?}, which cuts a word; read as {} it covers {:?}",
            raw.0,
            raw.1,
            name(unit),
            text.slice(got.0, got.1),
            name(other),
            text.slice(a, b)
        ),
        format!(
            "the text has characters outside the BMP (emoji), which count 1 as code points and 2 as UTF-16; if the file counts {}, import with {}",
            name(other),
            flag(other)
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn conversions_match_the_text_module(
            text in "[a-zỦđ😀\u{301} \n]{0,24}",
            o in 0usize..60,
        ) {
            let t = Offsets::new(&text);
            for unit in [OffsetUnit::Chars, OffsetUnit::Utf16, OffsetUnit::Bytes] {
                prop_assert_eq!(t.to_char(unit, o), unit.to_char(&text, o), "{:?} {}", unit, o);
                prop_assert_eq!(t.of_char(unit, o), unit.from_char(&text, o), "{:?} {}", unit, o);
            }
            let n = text.chars().count();
            for (a, b) in [(0, o), (o, n), (o / 2, o)] {
                prop_assert_eq!(t.slice(a, b), crate::text::offsets::char_slice(&text, a, b));
            }
            prop_assert_eq!(t.char_at(o), text.chars().nth(o));
        }
    }

    #[test]
    fn an_emoji_is_one_char_two_utf16_units_four_bytes() {
        let t = Offsets::new("a😀b😀");
        assert_eq!(t.to_char(OffsetUnit::Utf16, 3), Some(2));
        assert_eq!(
            t.to_char(OffsetUnit::Utf16, 2),
            None,
            "inside a surrogate pair"
        );
        assert_eq!(t.to_char(OffsetUnit::Utf16, 6), Some(4));
        assert_eq!(t.to_char(OffsetUnit::Utf16, 7), None);
        assert_eq!(t.to_char(OffsetUnit::Bytes, 5), Some(2));
        assert_eq!(t.to_char(OffsetUnit::Bytes, 3), None);
        assert_eq!(t.of_char(OffsetUnit::Utf16, 4), Some(6));
        assert!(t.has_astral());
    }
}

//! Conversions between the three offset units Gloss meets:
//! code points (chars, the unit of files and exports), UTF-8 bytes (the unit of
//! Rust `str` slicing) and UTF-16 code units (the unit of JavaScript consumers).
//!
//! Invariant: a char offset `c` is valid for `text` when `c <= text.chars().count()`;
//! every function here returns `None` for an offset that is out of range or, for
//! bytes and UTF-16, that falls inside a character.

/// Byte offset of char offset `c`, or `None` when `c` is past the end.
pub fn char_to_byte(text: &str, c: usize) -> Option<usize> {
    if c == 0 {
        return Some(0);
    }
    let mut count = 0;
    for (b, _) in text.char_indices() {
        if count == c {
            return Some(b);
        }
        count += 1;
    }
    (count == c).then_some(text.len())
}

/// Char offset of byte offset `b`, or `None` when `b` is past the end or not on
/// a char boundary.
pub fn byte_to_char(text: &str, b: usize) -> Option<usize> {
    if !text.is_char_boundary(b) {
        return None;
    }
    text.get(..b).map(|prefix| prefix.chars().count())
}

/// UTF-16 offset of char offset `c`, or `None` when `c` is past the end.
pub fn char_to_utf16(text: &str, c: usize) -> Option<usize> {
    let b = char_to_byte(text, c)?;
    text.get(..b).map(|p| p.encode_utf16().count())
}

/// Char offset of UTF-16 offset `u`, or `None` when `u` is past the end or
/// splits a surrogate pair (an astral character such as an emoji).
pub fn utf16_to_char(text: &str, u: usize) -> Option<usize> {
    let mut units = 0;
    for (i, ch) in text.chars().enumerate() {
        if units == u {
            return Some(i);
        }
        if units > u {
            return None;
        }
        units += ch.len_utf16();
    }
    (units == u).then(|| text.chars().count())
}

/// Byte offset of UTF-16 offset `u` (see [`utf16_to_char`]).
pub fn utf16_to_byte(text: &str, u: usize) -> Option<usize> {
    char_to_byte(text, utf16_to_char(text, u)?)
}

/// UTF-16 offset of byte offset `b` (see [`byte_to_char`]).
pub fn byte_to_utf16(text: &str, b: usize) -> Option<usize> {
    if !text.is_char_boundary(b) {
        return None;
    }
    text.get(..b).map(|p| p.encode_utf16().count())
}

/// The text of char range `start..end` (empty when out of range or reversed).
pub fn char_slice(text: &str, start: usize, end: usize) -> &str {
    match (char_to_byte(text, start), char_to_byte(text, end)) {
        (Some(a), Some(b)) if a <= b => text.get(a..b).unwrap_or_default(),
        _ => "",
    }
}

/// Precomputed char -> byte table for one text, for O(1) conversions on long
/// documents (the GUI converts on every frame).
///
/// Invariant: `bytes.len() == char_count + 1` and `bytes[c]` is the byte offset
/// of char `c`; the last entry is `text.len()`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextIndex {
    bytes: Vec<usize>,
}

impl TextIndex {
    /// Builds the table for `text`.
    pub fn new(text: &str) -> Self {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        Self { bytes }
    }

    /// Number of chars (code points) in the text.
    pub fn char_len(&self) -> usize {
        self.bytes.len().saturating_sub(1)
    }

    /// Byte offset of char offset `c`, or `None` past the end.
    pub fn byte(&self, c: usize) -> Option<usize> {
        self.bytes.get(c).copied()
    }

    /// Byte range of a char range, or `None` when either end is out of range
    /// or `start > end`.
    pub fn byte_range(&self, start: usize, end: usize) -> Option<std::ops::Range<usize>> {
        if start > end {
            return None;
        }
        Some(self.byte(start)?..self.byte(end)?)
    }

    /// Char offset of byte offset `b`; a byte inside a char maps to that char.
    pub fn char_at_byte(&self, b: usize) -> usize {
        match self.bytes.binary_search(&b) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The text of char range `start..end`, or `None` when out of range.
    pub fn slice<'t>(&self, text: &'t str, start: usize, end: usize) -> Option<&'t str> {
        text.get(self.byte_range(start, end)?)
    }
}

/// Char offsets of one text into an [`OffsetUnit`] (see
/// [`OffsetUnit::converter`]). Invariant: for UTF-16 and bytes, `table[c]`
/// is the offset of char `c` and has `chars + 1` entries.
#[derive(Debug, Clone)]
pub struct UnitConverter {
    unit: OffsetUnit,
    chars: usize,
    table: Vec<usize>,
}

impl UnitConverter {
    /// [`OffsetUnit::of_span_char`] of the converter's text: 0 past the end.
    pub fn of_span_char(&self, c: usize) -> usize {
        match self.unit {
            OffsetUnit::Chars => {
                if c <= self.chars {
                    c
                } else {
                    0
                }
            }
            _ => self.table.get(c).copied().unwrap_or(0),
        }
    }
}

/// The unit an exported offset is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OffsetUnit {
    /// Unicode code points (Python `str` indices). The default.
    #[default]
    Chars,
    /// UTF-16 code units (JavaScript string indices).
    Utf16,
    /// UTF-8 bytes.
    Bytes,
}

impl OffsetUnit {
    /// Converts a char offset into this unit.
    pub fn from_char(self, text: &str, c: usize) -> Option<usize> {
        match self {
            OffsetUnit::Chars => (c <= text.chars().count()).then_some(c),
            OffsetUnit::Utf16 => char_to_utf16(text, c),
            OffsetUnit::Bytes => char_to_byte(text, c),
        }
    }

    /// Converts the char offset of a validated span (always in range) into
    /// this unit, for exports.
    pub fn of_span_char(self, text: &str, c: usize) -> usize {
        // Spans were checked against their text on load, so this cannot miss.
        self.from_char(text, c).unwrap_or(0)
    }

    /// A converter of many offsets of `text` (an export writes every span,
    /// suggestion and token of a document): the same results as
    /// [`Self::of_span_char`], from one pass over the text instead of one
    /// per offset.
    pub fn converter(self, text: &str) -> UnitConverter {
        let table = match self {
            // Code points are what spans hold: nothing to convert, only the
            // range to check.
            OffsetUnit::Chars => Vec::new(),
            OffsetUnit::Utf16 | OffsetUnit::Bytes => {
                let mut table = Vec::with_capacity(text.len() + 1);
                let mut at = 0;
                for ch in text.chars() {
                    table.push(at);
                    at += match self {
                        OffsetUnit::Utf16 => ch.len_utf16(),
                        _ => ch.len_utf8(),
                    };
                }
                table.push(at);
                table
            }
        };
        UnitConverter {
            unit: self,
            chars: text.chars().count(),
            table,
        }
    }

    /// Converts an offset in this unit into a char offset.
    pub fn to_char(self, text: &str, o: usize) -> Option<usize> {
        match self {
            OffsetUnit::Chars => (o <= text.chars().count()).then_some(o),
            OffsetUnit::Utf16 => utf16_to_char(text, o),
            OffsetUnit::Bytes => byte_to_char(text, o),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_converter_gives_what_one_conversion_at_a_time_gives(
            text in "(a|é|e\u{301}|😀|👩‍💻|\t|\n|Đ| |x){0,40}",
        ) {
            let n = text.chars().count();
            for unit in [OffsetUnit::Chars, OffsetUnit::Utf16, OffsetUnit::Bytes] {
                let conv = unit.converter(&text);
                for c in 0..n + 3 {
                    prop_assert_eq!(conv.of_span_char(c), unit.of_span_char(&text, c));
                }
            }
        }
    }

    #[test]
    fn emoji_counts_one_char_two_utf16_four_bytes() {
        let t = "a😀b";
        assert_eq!(char_to_byte(t, 2), Some(5));
        assert_eq!(char_to_utf16(t, 2), Some(3));
        assert_eq!(utf16_to_char(t, 3), Some(2));
        assert_eq!(utf16_to_char(t, 2), None, "inside a surrogate pair");
        assert_eq!(byte_to_char(t, 2), None, "inside an emoji");
        assert_eq!(char_to_byte(t, 4), None);
        assert_eq!(char_slice(t, 1, 2), "😀");
        assert_eq!(char_slice(t, 2, 9), "");
    }

    #[test]
    fn vietnamese_and_combining_marks() {
        let t = "Nguyễn Quốc Đoàn";
        assert_eq!(char_to_byte(t, 7), Some("Nguyễn ".len()));
        let nfd = "Nguye\u{302}\u{303}n";
        assert_eq!(nfd.chars().count(), 8);
        assert_eq!(char_to_utf16(nfd, 8), Some(8));
    }

    #[test]
    fn index_matches_functions() {
        let t = "Ủy 😀 x\u{301}";
        let ix = TextIndex::new(t);
        assert_eq!(ix.char_len(), t.chars().count());
        for c in 0..=ix.char_len() {
            assert_eq!(ix.byte(c), char_to_byte(t, c));
        }
        assert_eq!(ix.slice(t, 3, 4), Some("😀"));
        assert_eq!(ix.char_at_byte(5), 3, "a byte inside the emoji maps to it");
    }

    fn text_strategy() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a",
            " ",
            "\n",
            "ễ",
            "Đ",
            "Ủy",
            "Uỷ",
            "😀",
            "👩‍👩‍👧",
            "e\u{301}",
            "\u{302}",
            "7,22%",
            "🇻🇳",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn conversions_round_trip(t in text_strategy()) {
            let n = t.chars().count();
            let ix = TextIndex::new(&t);
            for c in 0..=n {
                let b = char_to_byte(&t, c).unwrap();
                prop_assert_eq!(byte_to_char(&t, b), Some(c));
                let u = char_to_utf16(&t, c).unwrap();
                prop_assert_eq!(utf16_to_char(&t, u), Some(c));
                prop_assert_eq!(byte_to_utf16(&t, b), Some(u));
                prop_assert_eq!(utf16_to_byte(&t, u), Some(b));
                prop_assert_eq!(ix.byte(c), Some(b));
                prop_assert_eq!(ix.char_at_byte(b), c);
                for unit in [OffsetUnit::Chars, OffsetUnit::Utf16, OffsetUnit::Bytes] {
                    let o = unit.from_char(&t, c).unwrap();
                    prop_assert_eq!(unit.to_char(&t, o), Some(c));
                }
            }
            prop_assert_eq!(char_to_byte(&t, n + 1), None);
        }
    }
}

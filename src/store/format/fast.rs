//! A fast reader for the RON that Gloss itself writes, with `ron` as the
//! definition and the fallback.
//!
//! Why: reading `docs/<id>.ron` was ~38% of the CPU of `gloss export`
//! (`ron`'s parser checks every string slice for UTF-8 again, walks
//! whitespace and identifiers a char at a time through Unicode tables). This
//! reader walks bytes and borrows strings from the input, which is already
//! valid UTF-8.
//!
//! What it accepts: the subset of RON that `ron::ser::to_string_pretty` with
//! the project's `PrettyConfig` emits. Structs `(name: value, ...)` without
//! a struct name, sequences `[..]`, tuples `(a, b)`, maps `{k: v}`,
//! `Some(..)` / `None`, unit and struct-like enum variants, strings
//! `"..."` without a backslash and raw strings `r#"..."#`, unsigned and
//! signed decimal integers, floats (as `f64::from_str` reads them, `inf`,
//! `NaN`), `true` / `false`, chars (escapes `\\` and `\'` only), trailing
//! commas, and whitespace of ` `, `\t`, `\n`, `\r` between tokens. An
//! unknown field may hold an integer, a string or a bool. It declines
//! everything else: comments, other whitespace, `#![enable(..)]` headers,
//! escapes, struct names, number suffixes, `+`, hex, underscores, byte
//! strings, newtype and tuple variants, self-describing (`deserialize_any`)
//! types.
//!
//! Invariant: on any input, [`from_str`] either returns exactly the value
//! `ron::from_str` returns, or `None` (declines), and the caller then
//! parses with `ron`, so hand-edited files and errors (with `ron`'s line and
//! column) behave as before. It follows `ron` 0.12's grammar step by step
//! (where whitespace may stand, how a list ends, which token ends where):
//! a number or identifier is taken only when the byte after it cannot
//! continue any `ron` token, so both readers cut the input at the same
//! places. Proven by tests that compare both readers on generated
//! documents, on every file in the repository and on mangled files
//! (`fast_tests.rs`, `tests/fast_read.rs`); and in debug builds
//! `format::parse_current` reads every file the fast reader took with `ron`
//! as well and asserts the same value, so each project the test suite
//! opens checks it too.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// Parses `text` as `ron::from_str` would, or declines with `None` when the
/// text is outside the subset this reader knows (see the module doc).
pub fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Option<T> {
    let mut de = Fast { src: text, pos: 0 };
    de.ws();
    let value = T::deserialize(&mut de).ok()?;
    de.ws();
    (de.pos == text.len()).then_some(value)
}

/// Why the fast reader gave up; never shown (the caller asks `ron`).
#[derive(Debug)]
pub struct Declined;

impl fmt::Display for Declined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("outside the subset the fast reader knows")
    }
}

impl std::error::Error for Declined {}

impl de::Error for Declined {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        Declined
    }
}

type Result<T> = std::result::Result<T, Declined>;

/// Whether `b` may follow a number or an identifier: it can continue no
/// `ron` token (integer, float, identifier or raw identifier chars are all
/// outside this set, and so is every non-ASCII byte).
fn ends_token(b: Option<u8>) -> bool {
    matches!(
        b,
        None | Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b')' | b']' | b'}' | b':' | b'(')
    )
}

/// Bytes of a float as `ron` collects them (`is_float_char` less `_`,
/// which this reader declines).
fn is_float_byte(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b'e' | b'E' | b'.' | b'+' | b'-')
}

struct Fast<'de> {
    src: &'de str,
    pos: usize,
}

impl<'de> Fast<'de> {
    fn bytes(&self) -> &'de [u8] {
        self.src.as_bytes()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.pos).copied()
    }

    /// Skips the whitespace `ron` writes; anything else `ron` would skip
    /// (comments, other Unicode spaces) then makes a later step decline.
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, b: u8) -> Result<()> {
        self.eat(b).then_some(()).ok_or(Declined)
    }

    /// `word` as a whole token (what `ron`'s `consume_ident` takes).
    fn eat_word(&mut self, word: &str) -> bool {
        let end = self.pos + word.len();
        if self.bytes().get(self.pos..end) == Some(word.as_bytes())
            && ends_token(self.bytes().get(end).copied())
        {
            self.pos = end;
            true
        } else {
            false
        }
    }

    /// An ASCII identifier (`[A-Za-z_][A-Za-z0-9_]*`) ending a token.
    fn identifier(&mut self) -> Result<&'de str> {
        let start = self.pos;
        match self.peek() {
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => self.pos += 1,
            _ => return Err(Declined),
        }
        while let Some(b) = self.peek() {
            if b.is_ascii_alphanumeric() || b == b'_' {
                self.pos += 1;
            } else {
                break;
            }
        }
        if !ends_token(self.peek()) {
            return Err(Declined);
        }
        Ok(&self.src[start..self.pos])
    }

    /// `"..."` without a backslash, or `r#"..."#` with any number of `#`.
    fn string(&mut self) -> Result<&'de str> {
        if self.eat(b'"') {
            let rest = &self.bytes()[self.pos..];
            let i = memchr::memchr2(b'"', b'\\', rest).ok_or(Declined)?;
            if rest[i] == b'\\' {
                return Err(Declined);
            }
            let s = &self.src[self.pos..self.pos + i];
            self.pos += i + 1;
            Ok(s)
        } else if self.eat(b'r') {
            let hashes = self.bytes()[self.pos..]
                .iter()
                .take_while(|&&b| b == b'#')
                .count();
            self.pos += hashes;
            self.expect(b'"')?;
            let rest = &self.bytes()[self.pos..];
            let mut from = 0;
            loop {
                let i = from + memchr::memchr(b'"', &rest[from..]).ok_or(Declined)?;
                let after = &rest[i + 1..];
                if after.len() >= hashes && after[..hashes].iter().all(|&b| b == b'#') {
                    let s = &self.src[self.pos..self.pos + i];
                    self.pos += i + 1 + hashes;
                    return Ok(s);
                }
                from = i + 1;
            }
        } else {
            Err(Declined)
        }
    }

    /// Decimal digits ending a token, as a magnitude.
    fn digits(&mut self) -> Result<u64> {
        let start = self.pos;
        let mut value: u64 = 0;
        while let Some(b) = self.peek() {
            if !b.is_ascii_digit() {
                break;
            }
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(b - b'0')))
                .ok_or(Declined)?;
            self.pos += 1;
        }
        if self.pos == start || !ends_token(self.peek()) {
            return Err(Declined);
        }
        Ok(value)
    }

    fn unsigned(&mut self) -> Result<u64> {
        self.digits()
    }

    fn signed(&mut self) -> Result<i64> {
        if self.eat(b'-') {
            0i64.checked_sub_unsigned(self.digits()?).ok_or(Declined)
        } else {
            i64::try_from(self.digits()?).map_err(|_| Declined)
        }
    }

    /// The text of a float token as `ron`'s `float` passes it to
    /// `from_str` (the literals first, as `ron` tries them).
    fn float_text(&mut self) -> Result<&'de str> {
        for literal in ["inf", "+inf", "-inf", "NaN", "+NaN", "-NaN"] {
            let start = self.pos;
            if self.eat_word(literal) {
                return Ok(&self.src[start..self.pos]);
            }
        }
        let start = self.pos;
        while self.peek().is_some_and(is_float_byte) {
            self.pos += 1;
        }
        if self.pos == start || !ends_token(self.peek()) {
            return Err(Declined);
        }
        Ok(&self.src[start..self.pos])
    }

    /// A comma after an element, as `ron`'s `comma`: whether there was one.
    fn comma(&mut self) -> bool {
        self.ws();
        if self.eat(b',') {
            self.ws();
            true
        } else {
            false
        }
    }

    /// Declines a struct name before `(` (Gloss writes none): `ron` reads
    /// a name when the next char could continue an identifier.
    fn no_struct_name(&self) -> Result<()> {
        match self.peek() {
            Some(b) if b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80 => Err(Declined),
            _ => Ok(()),
        }
    }
}

/// Where a comma-separated list ends.
#[derive(Clone, Copy, PartialEq)]
enum End {
    /// `(field: value, ...)`: keys are identifiers.
    Struct,
    /// `(a, b)` or `[a, b]`.
    Seq(u8),
    /// `{key: value}`: keys are values.
    Map,
}

impl End {
    fn byte(self) -> u8 {
        match self {
            End::Struct => b')',
            End::Seq(b) => b,
            End::Map => b'}',
        }
    }
}

/// `ron`'s `CommaSeparated`.
struct List<'a, 'de> {
    de: &'a mut Fast<'de>,
    end: End,
    had_comma: bool,
}

impl<'a, 'de> List<'a, 'de> {
    fn new(de: &'a mut Fast<'de>, end: End) -> Self {
        List {
            de,
            end,
            had_comma: true,
        }
    }

    fn has_element(&mut self) -> Result<bool> {
        self.de.ws();
        let at_end = self.de.peek() == Some(self.end.byte());
        match (self.had_comma, at_end) {
            (true, at_end) => Ok(!at_end),
            (false, true) => Ok(false),
            (false, false) => Err(Declined),
        }
    }
}

impl<'de> SeqAccess<'de> for List<'_, 'de> {
    type Error = Declined;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.has_element()? {
            return Ok(None);
        }
        let value = seed.deserialize(&mut *self.de)?;
        self.had_comma = self.de.comma();
        Ok(Some(value))
    }
}

impl<'de> MapAccess<'de> for List<'_, 'de> {
    type Error = Declined;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.has_element()? {
            return Ok(None);
        }
        match self.end {
            End::Struct => seed.deserialize(Key(&mut *self.de)).map(Some),
            _ => seed.deserialize(&mut *self.de).map(Some),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.de.ws();
        self.de.expect(b':')?;
        self.de.ws();
        let value = seed.deserialize(&mut *self.de)?;
        self.had_comma = self.de.comma();
        Ok(value)
    }
}

impl<'de> Fast<'de> {
    /// `(` list `)` or `[` list `]` visited as a sequence.
    fn seq<V: Visitor<'de>>(&mut self, open: u8, close: u8, visitor: V) -> Result<V::Value> {
        self.expect(open)?;
        let value = visitor.visit_seq(List::new(self, End::Seq(close)))?;
        self.ws();
        self.expect(close)?;
        Ok(value)
    }

    /// `(` fields `)`, after the struct name (none here).
    fn fields<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.expect(b'(')?;
        let value = visitor.visit_map(List::new(self, End::Struct))?;
        self.ws();
        self.expect(b')')?;
        Ok(value)
    }
}

macro_rules! unsigned {
    ($($method:ident $visit:ident $ty:ty),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            let v = <$ty>::try_from(self.unsigned()?).map_err(|_| Declined)?;
            visitor.$visit(v)
        }
    )*};
}

macro_rules! signed {
    ($($method:ident $visit:ident $ty:ty),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            let v = <$ty>::try_from(self.signed()?).map_err(|_| Declined)?;
            visitor.$visit(v)
        }
    )*};
}

impl<'de> Deserializer<'de> for &mut Fast<'de> {
    type Error = Declined;

    /// Self-describing types take paths of `ron` (enum and struct guessing)
    /// that this reader does not follow.
    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(Declined)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.eat_word("true") {
            visitor.visit_bool(true)
        } else if self.eat_word("false") {
            visitor.visit_bool(false)
        } else {
            Err(Declined)
        }
    }

    unsigned!(deserialize_u8 visit_u8 u8, deserialize_u16 visit_u16 u16,
        deserialize_u32 visit_u32 u32, deserialize_u64 visit_u64 u64);
    signed!(deserialize_i8 visit_i8 i8, deserialize_i16 visit_i16 i16,
        deserialize_i32 visit_i32 i32, deserialize_i64 visit_i64 i64);

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let v: f32 = self.float_text()?.parse().map_err(|_| Declined)?;
        visitor.visit_f32(v)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let v: f64 = self.float_text()?.parse().map_err(|_| Declined)?;
        visitor.visit_f64(v)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'\'')?;
        let mut c = self.src[self.pos..].chars().next().ok_or(Declined)?;
        self.pos += c.len_utf8();
        // The writer escapes these two only.
        if c == '\\' {
            c = match self.peek() {
                Some(b'\\') => '\\',
                Some(b'\'') => '\'',
                _ => return Err(Declined),
            };
            self.pos += 1;
        }
        self.expect(b'\'')?;
        visitor.visit_char(c)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.string()?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(Declined)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(Declined)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.eat_word("None") {
            return visitor.visit_none();
        }
        if !self.eat_word("Some") {
            return Err(Declined);
        }
        self.ws();
        self.expect(b'(')?;
        self.ws();
        let value = visitor.visit_some(&mut *self)?;
        self.comma();
        self.expect(b')')?;
        Ok(value)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.src[self.pos..].starts_with("()") {
            self.pos += 2;
            visitor.visit_unit()
        } else {
            Err(Declined)
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _visitor: V,
    ) -> Result<V::Value> {
        Err(Declined)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _visitor: V,
    ) -> Result<V::Value> {
        Err(Declined)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.seq(b'[', b']', visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.seq(b'(', b')', visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.no_struct_name()?;
        self.seq(b'(', b')', visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        // `ron` reads the keys of a flattened struct (its visitor expects
        // "struct ...") in another way.
        if Expecting(&visitor).to_string().starts_with("struct ") {
            return Err(Declined);
        }
        self.expect(b'{')?;
        let value = visitor.visit_map(List::new(self, End::Map))?;
        self.ws();
        self.expect(b'}')?;
        Ok(value)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        // `ron` writes ranges as `a..b`.
        if name.starts_with("Range") {
            return Err(Declined);
        }
        self.no_struct_name()?;
        self.fields(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_enum(self)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.identifier()?)
    }

    /// An unknown field's value: an integer, a string or a bool (what
    /// `ron`'s `deserialize_any` reads the same way); others decline.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek() {
            Some(b'0'..=b'9') => {
                self.unsigned()?;
            }
            Some(b'"' | b'r') => {
                self.string()?;
            }
            _ => {
                if !(self.eat_word("true") || self.eat_word("false")) {
                    return Err(Declined);
                }
            }
        }
        visitor.visit_unit()
    }
}

/// A struct's field name (`ron` reads it as an identifier).
struct Key<'a, 'de>(&'a mut Fast<'de>);

/// `ron` refuses these for a field name: so does this reader.
macro_rules! no_key {
    ($($method:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, $(_: $ty,)* _visitor: V) -> Result<V::Value> {
            Err(Declined)
        }
    )*};
}

impl<'de> Deserializer<'de> for Key<'_, 'de> {
    type Error = Declined;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.0.identifier()?)
    }

    serde::forward_to_deserialize_any! {
        str string identifier
    }

    no_key!(
        deserialize_bool(),
        deserialize_i8(),
        deserialize_i16(),
        deserialize_i32(),
        deserialize_i64(),
        deserialize_u8(),
        deserialize_u16(),
        deserialize_u32(),
        deserialize_u64(),
        deserialize_f32(),
        deserialize_f64(),
        deserialize_char(),
        deserialize_bytes(),
        deserialize_byte_buf(),
        deserialize_option(),
        deserialize_unit(),
        deserialize_unit_struct(n: &'static str),
        deserialize_newtype_struct(n: &'static str),
        deserialize_seq(),
        deserialize_tuple(l: usize),
        deserialize_tuple_struct(n: &'static str, l: usize),
        deserialize_map(),
        deserialize_struct(n: &'static str, f: &'static [&'static str]),
        deserialize_enum(n: &'static str, v: &'static [&'static str]),
        deserialize_ignored_any(),
    );
}

impl<'de> de::EnumAccess<'de> for &mut Fast<'de> {
    type Error = Declined;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        self.ws();
        let value = seed.deserialize(&mut *self)?;
        Ok((value, self))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Fast<'de> {
    type Error = Declined;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value> {
        Err(Declined)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value> {
        Err(Declined)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.ws();
        self.fields(visitor)
    }
}

/// A visitor's `expecting` text, as `ron` looks at it.
struct Expecting<'a, V>(&'a V);

impl<'de, V: Visitor<'de>> fmt::Display for Expecting<'_, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }
}

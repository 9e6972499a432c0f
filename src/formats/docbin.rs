//! spaCy's binary training format (`.spacy`, a `DocBin`), written in pure
//! Rust: zlib-compressed msgpack of
//! `{version, attrs, tokens, spaces, lengths, strings, cats, flags, span_groups}`
//! as `spacy/tokens/_serialize.py` (spaCy 3.x) writes it.
//!
//! Strings are stored as spaCy's 64-bit hashes: MurmurHash64A with seed 1
//! of the UTF-8 bytes (`spacy.strings.hash_string`); every hashed string is
//! listed in `strings`. Token offsets are token indices; span char offsets
//! are code points (Python `str` indices).

use std::io::Write;

/// spaCy attribute ids (`spacy.attrs`, stable across spaCy 3.x).
const ORTH: u64 = 65;
const ENT_IOB: u64 = 77;
const ENT_TYPE: u64 = 78;

/// `ENT_IOB` values: missing, inside, outside, begin.
pub const IOB_MISSING: u64 = 0;
/// Inside an entity.
pub const IOB_I: u64 = 1;
/// Outside any entity.
pub const IOB_O: u64 = 2;
/// First token of an entity.
pub const IOB_B: u64 = 3;

/// MurmurHash64A (Austin Appleby) of `data` with `seed`, as the
/// `murmurhash` package spaCy uses computes it on little-endian machines.
pub fn murmurhash64a(data: &[u8], seed: u64) -> u64 {
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    let mut h = seed ^ (data.len() as u64).wrapping_mul(M);
    let mut chunks = data.chunks_exact(8);
    for chunk in &mut chunks {
        let mut k = chunk
            .iter()
            .rev()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        for (i, &b) in tail.iter().enumerate() {
            h ^= u64::from(b) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

/// spaCy's hash of a string (`spacy.strings.hash_string`).
pub fn string_hash(s: &str) -> u64 {
    murmurhash64a(s.as_bytes(), 1)
}

/// One token of a spaCy `Doc`.
#[derive(Debug, Clone, PartialEq)]
pub struct DocToken {
    /// The token text (whitespace tokens included).
    pub text: String,
    /// Followed by one space.
    pub space: bool,
    /// `ENT_IOB` value.
    pub iob: u64,
    /// Entity label, when `iob` is B or I.
    pub ent: Option<String>,
}

/// One span of `doc.spans["sc"]`: token range `start..end` (exclusive) and
/// char range.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSpan {
    /// Label.
    pub label: String,
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// First char (code point).
    pub start_char: usize,
    /// One past the last char.
    pub end_char: usize,
}

/// One `Doc`: tokens with entity tags and the span group `sc`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocBinDoc {
    /// Tokens.
    pub tokens: Vec<DocToken>,
    /// `doc.spans["sc"]`.
    pub spans: Vec<GroupSpan>,
}

fn io<T>(r: Result<T, impl std::fmt::Display>) -> Result<T, String> {
    r.map_err(|e| format!("could not encode the DocBin: {e}"))
}

fn write_str(buf: &mut Vec<u8>, s: &str) -> Result<(), String> {
    io(rmp::encode::write_str(buf, s))
}

fn write_bin(buf: &mut Vec<u8>, b: &[u8]) -> Result<(), String> {
    io(rmp::encode::write_bin(buf, b))
}

fn len32(n: usize) -> Result<u32, String> {
    u32::try_from(n).map_err(|_| "too many items for a DocBin".to_owned())
}

fn i32_of(n: usize) -> Result<i32, String> {
    i32::try_from(n).map_err(|_| "offset too large for a DocBin".to_owned())
}

/// The serialized span groups of one doc (`SpanGroups.to_bytes`).
fn span_groups(doc: &DocBinDoc) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    if doc.spans.is_empty() {
        // `srsly.msgpack_dumps([])`.
        io(rmp::encode::write_array_len(&mut out, 0))?;
        return Ok(out);
    }
    let mut group = Vec::new();
    io(rmp::encode::write_map_len(&mut group, 3))?;
    write_str(&mut group, "name")?;
    write_str(&mut group, "sc")?;
    write_str(&mut group, "attrs")?;
    io(rmp::encode::write_map_len(&mut group, 0))?;
    write_str(&mut group, "spans")?;
    io(rmp::encode::write_array_len(
        &mut group,
        len32(doc.spans.len())?,
    ))?;
    for s in &doc.spans {
        // struct.pack(">QQQllll", id, kb_id, label, start, end, start_char, end_char)
        let mut packed = Vec::with_capacity(40);
        packed.extend_from_slice(&0u64.to_be_bytes());
        packed.extend_from_slice(&0u64.to_be_bytes());
        packed.extend_from_slice(&string_hash(&s.label).to_be_bytes());
        for n in [s.start, s.end, s.start_char, s.end_char] {
            packed.extend_from_slice(&i32_of(n)?.to_be_bytes());
        }
        write_bin(&mut group, &packed)?;
    }
    io(rmp::encode::write_map_len(&mut out, 1))?;
    write_bin(&mut out, &group)?;
    io(rmp::encode::write_array_len(&mut out, 1))?;
    write_str(&mut out, "sc")?;
    Ok(out)
}

/// The `.spacy` file for `docs`.
pub fn to_bytes(docs: &[DocBinDoc]) -> Result<Vec<u8>, String> {
    let attrs = [ORTH, ENT_IOB, ENT_TYPE];
    let mut strings = std::collections::BTreeSet::new();
    strings.insert(String::new());
    let mut tokens = Vec::new();
    let mut spaces = Vec::new();
    let mut lengths = Vec::new();
    for d in docs {
        lengths.extend_from_slice(&i32_of(d.tokens.len())?.to_le_bytes());
        for t in &d.tokens {
            strings.insert(t.text.clone());
            let ent = match &t.ent {
                Some(l) if matches!(t.iob, IOB_B | IOB_I) => {
                    strings.insert(l.clone());
                    string_hash(l)
                }
                _ => 0,
            };
            for v in [string_hash(&t.text), t.iob, ent] {
                tokens.extend_from_slice(&v.to_le_bytes());
            }
            spaces.push(u8::from(t.space));
        }
        for s in &d.spans {
            strings.insert(s.label.clone());
        }
    }
    let mut msg = Vec::new();
    io(rmp::encode::write_map_len(&mut msg, 9))?;
    write_str(&mut msg, "version")?;
    write_str(&mut msg, "0.1")?;
    write_str(&mut msg, "attrs")?;
    io(rmp::encode::write_array_len(&mut msg, len32(attrs.len())?))?;
    for a in attrs {
        io(rmp::encode::write_uint(&mut msg, a))?;
    }
    write_str(&mut msg, "tokens")?;
    write_bin(&mut msg, &tokens)?;
    write_str(&mut msg, "spaces")?;
    write_bin(&mut msg, &spaces)?;
    write_str(&mut msg, "lengths")?;
    write_bin(&mut msg, &lengths)?;
    write_str(&mut msg, "strings")?;
    io(rmp::encode::write_array_len(
        &mut msg,
        len32(strings.len())?,
    ))?;
    for s in &strings {
        write_str(&mut msg, s)?;
    }
    write_str(&mut msg, "cats")?;
    io(rmp::encode::write_array_len(&mut msg, len32(docs.len())?))?;
    for _ in docs {
        io(rmp::encode::write_map_len(&mut msg, 0))?;
    }
    write_str(&mut msg, "flags")?;
    io(rmp::encode::write_array_len(&mut msg, len32(docs.len())?))?;
    for _ in docs {
        io(rmp::encode::write_map_len(&mut msg, 1))?;
        write_str(&mut msg, "has_unknown_spaces")?;
        io(rmp::encode::write_bool(&mut msg, false))?;
    }
    write_str(&mut msg, "span_groups")?;
    io(rmp::encode::write_array_len(&mut msg, len32(docs.len())?))?;
    for d in docs {
        write_bin(&mut msg, &span_groups(d)?)?;
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    io(z.write_all(&msg))?;
    io(z.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_match_spacy() {
        // Values printed by spaCy 3.8.18: `spacy.strings.hash_string(s)`.
        for (s, h) in [
            ("", 14313749767032693980),
            ("a", 11901859001352538922),
            ("Lê", 1358851867972863614),
            ("person", 14800503047316267216),
            ("😀 Tám", 16311335541102079278),
            ("hello world this is long", 2665140880797086598),
        ] {
            assert_eq!(string_hash(s), h, "{s:?}");
        }
    }

    #[test]
    fn a_docbin_is_zlib_msgpack() {
        let doc = DocBinDoc {
            tokens: vec![DocToken {
                text: "Lê".into(),
                space: false,
                iob: IOB_B,
                ent: Some("person".into()),
            }],
            spans: vec![],
        };
        let bytes = to_bytes(&[doc]).unwrap();
        let mut raw = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(&bytes[..]), &mut raw)
            .unwrap();
        // A fixmap of 9 entries, first key "version".
        assert_eq!(raw[0], 0x89);
        assert_eq!(&raw[1..9], b"\xa7version");
    }
}

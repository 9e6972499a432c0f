//! Token features of the tagger, as 64-bit hashes (FNV-1a of a template
//! number and its strings), so nothing is allocated per feature and a model
//! file stores only numbers.
//!
//! Per syllable token: the syllable, its folded form (lowercase, tone mark
//! placement ignored), its shape (`Xx`, `X`, `d,d%`...), prefixes and
//! suffixes, the folded syllables two to the left and right, syllable
//! bigrams, and which `rules-vi` and `dictionary` suggestion covers it
//! (`B-person`, `I-position`...), also at the neighbours, so the model learns
//! when to trust them. Change anything here: bump [`FEATURE_VERSION`].

use crate::model::Suggestion;
use crate::suggest::doc_tokens::DocTokens;
use crate::text::Token;

/// Version of the feature set; a model file from another version is refused
/// (retrain with `gloss train`).
pub const FEATURE_VERSION: u32 = 1;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a, fed piece by piece.
#[derive(Clone, Copy)]
struct Hash(u64);

impl Hash {
    fn new(template: u8) -> Self {
        Hash(FNV_OFFSET).bytes(&[template])
    }
    fn bytes(mut self, b: &[u8]) -> Self {
        for &x in b {
            self.0 ^= u64::from(x);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
        self
    }
    fn str(self, s: &str) -> Self {
        // A separator keeps ("ab","c") apart from ("a","bc").
        self.bytes(s.as_bytes()).bytes(&[0xff])
    }
}

/// FNV-1a of bytes (also the model file's checksum).
pub fn fnv(bytes: &[u8]) -> u64 {
    Hash(FNV_OFFSET).bytes(bytes).0
}

pub use crate::suggest::doc_tokens::shape;

/// What `rules-vi` or the dictionary proposed at a token: 0 nothing, else
/// `1 + 2 * label + (0 begin | 1 inside)`.
pub type Cover = u16;

/// Marks the tokens of `doc_tokens` covered by `suggestions` (label index
/// from `labels`); the first suggestion covering a token wins.
pub fn covers(tokens: &[Token], suggestions: &[Suggestion], labels: &[String]) -> Vec<Cover> {
    let mut out = vec![0; tokens.len()];
    for s in suggestions {
        let Some(l) = labels.iter().position(|x| *x == s.label) else {
            continue;
        };
        let first = tokens.partition_point(|t| t.end <= s.start);
        let mut begin = true;
        for (k, t) in tokens.iter().enumerate().skip(first) {
            if t.start >= s.end {
                break;
            }
            if out[k] == 0 {
                out[k] = 1 + 2 * l as Cover + u16::from(!begin);
            }
            begin = false;
        }
    }
    out
}

/// One token's view for feature making: its text, folded key and shape
/// (borrowed from the document's shared token table).
#[derive(Debug, Clone, Copy)]
pub struct Syllable<'a> {
    /// As written.
    pub text: &'a str,
    /// Folded (see [`crate::suggest::fold::fold`]).
    pub key: &'a str,
    /// Its shape.
    pub shape: &'a str,
}

/// The syllables of every token of a document's table.
pub fn syllables<'a>(d: &'a DocTokens<'_>) -> Vec<Syllable<'a>> {
    (0..d.len())
        .map(|i| {
            let s = d.syllable(i);
            Syllable {
                text: d.text_of(i),
                key: &s.key,
                shape: &s.shape,
            }
        })
        .collect()
}

const PAD: &str = "\u{2400}";

/// The feature hashes of token `i` of a sentence (`syl`, with the rules and
/// dictionary covers of the same tokens), appended to `out`.
pub fn token_features(
    syl: &[Syllable],
    rules: &[Cover],
    dict: &[Cover],
    i: usize,
    out: &mut Vec<u64>,
) {
    let at = |j: isize| -> &str {
        usize::try_from(j)
            .ok()
            .and_then(|j| syl.get(j))
            .map_or(PAD, |s| s.key)
    };
    let shp = |j: isize| -> &str {
        usize::try_from(j)
            .ok()
            .and_then(|j| syl.get(j))
            .map_or(PAD, |s| s.shape)
    };
    let cov = |c: &[Cover], j: isize| -> u16 {
        usize::try_from(j)
            .ok()
            .and_then(|j| c.get(j))
            .map_or(u16::MAX, |&x| x)
    };
    let Some(me) = syl.get(i) else {
        return;
    };
    let n = i as isize;
    out.push(Hash::new(0).0); // bias
    out.push(Hash::new(1).str(me.text).0);
    out.push(Hash::new(2).str(me.key).0);
    out.push(Hash::new(3).str(me.shape).0);
    let key = me.key;
    let len = key.chars().count();
    for k in 1..=3.min(len) {
        let pre = key.char_indices().nth(k).map_or(key.len(), |(b, _)| b);
        let suf = key.char_indices().nth(len - k).map_or(0, |(b, _)| b);
        out.push(Hash::new(4).bytes(&[k as u8]).str(&key[..pre]).0);
        out.push(Hash::new(5).bytes(&[k as u8]).str(&key[suf..]).0);
    }
    for d in [-2isize, -1, 1, 2] {
        out.push(Hash::new(6).bytes(&[d as u8]).str(at(n + d)).0);
        out.push(Hash::new(7).bytes(&[d as u8]).str(shp(n + d)).0);
    }
    out.push(Hash::new(8).str(at(n - 1)).str(me.key).0);
    out.push(Hash::new(9).str(me.key).str(at(n + 1)).0);
    out.push(Hash::new(10).str(at(n - 2)).str(at(n - 1)).0);
    out.push(Hash::new(11).str(at(n + 1)).str(at(n + 2)).0);
    out.push(
        Hash::new(12)
            .str(shp(n - 1))
            .str(me.shape)
            .str(shp(n + 1))
            .0,
    );
    for (t, c) in [(13u8, rules), (14u8, dict)] {
        let here = cov(c, n);
        out.push(Hash::new(t).bytes(&here.to_le_bytes()).0);
        out.push(
            Hash::new(t)
                .bytes(&[1])
                .bytes(&here.to_le_bytes())
                .str(me.shape)
                .0,
        );
        for d in [-1isize, 1] {
            out.push(
                Hash::new(t)
                    .bytes(&[2, d as u8])
                    .bytes(&cov(c, n + d).to_le_bytes())
                    .bytes(&here.to_le_bytes())
                    .0,
            );
        }
    }
    // Rules and dictionary agreeing or not.
    out.push(
        Hash::new(15)
            .bytes(&cov(rules, n).to_le_bytes())
            .bytes(&cov(dict, n).to_le_bytes())
            .0,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shape("Nguyễn"), "Xx");
        assert_eq!(shape("7,22%"), "d,d%");
        assert_eq!(shape("UBND"), "X");
        assert_eq!(shape("18/18"), "d/d");
    }

    #[test]
    fn covers_mark_begin_and_inside() {
        let text = "Ông Lê Văn Tám nói";
        let tokens = tokenize(text);
        let s = Suggestion {
            start: 4,
            end: 14,
            label: "person".into(),
            text: "Lê Văn Tám".into(),
            source: "x".into(),
            score: 1.0,
        };
        let labels = vec!["position".to_owned(), "person".to_owned()];
        assert_eq!(covers(&tokens, &[s], &labels), vec![0, 3, 4, 4, 0]);
    }

    #[test]
    fn features_fold_case_and_tone_placement() {
        let a = "Uỷ ban";
        let b = "ủy ban";
        let f = |t: &str| {
            let d = DocTokens::of_text(t);
            let syl = syllables(&d);
            let mut out = Vec::new();
            token_features(&syl, &[0, 0], &[0, 0], 1, &mut out);
            out
        };
        // Same folded neighbour: the window feature of "ban" agrees.
        let (fa, fb) = (f(a), f(b));
        assert!(fa.iter().filter(|x| fb.contains(x)).count() > 10);
        assert_ne!(fa, fb);
    }
}

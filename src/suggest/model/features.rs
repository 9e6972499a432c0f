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
pub const FEATURE_VERSION: u32 = 5;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a, fed piece by piece.
#[derive(Clone, Copy)]
pub(super) struct Hash(pub(super) u64);

impl Hash {
    pub(super) fn new(template: u8) -> Self {
        Hash(FNV_OFFSET).bytes(&[template])
    }
    pub(super) fn bytes(mut self, b: &[u8]) -> Self {
        for &x in b {
            self.0 ^= u64::from(x);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
        self
    }
    pub(super) fn str(self, s: &str) -> Self {
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

/// The distinct syllables of a document's table, by syllable id.
pub fn distinct_syllables<'a>(d: &'a DocTokens<'_>) -> Vec<Syllable<'a>> {
    d.syllables
        .iter()
        .map(|s| Syllable {
            text: s.text,
            key: &s.key,
            shape: &s.shape,
        })
        .collect()
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

/// Offsets of the window of syllable features ([`local_features`]), the
/// token itself first.
pub const WINDOW: [isize; 5] = [0, -2, -1, 1, 2];

/// Where a token stands in a `rules-vi` span, for the model to learn the
/// rules' boundary habits: 0 outside, else `1 + label * 20 + place * 5 +
/// length bucket` with place 0 begin, 1 inside, 2 last, 3 unit (one-token
/// span) and the span's length in tokens bucketed 1, 2, 3-4, 5-8, 9+.
pub type SpanPlace = u16;

fn length_bucket(n: usize) -> u16 {
    match n {
        0 | 1 => 0,
        2 => 1,
        3..=4 => 2,
        5..=8 => 3,
        _ => 4,
    }
}

/// The [`SpanPlace`] of every token in `suggestions` (the first covering
/// a token wins, like [`covers`]).
pub fn span_places(
    tokens: &[Token],
    suggestions: &[Suggestion],
    labels: &[String],
) -> Vec<SpanPlace> {
    let mut out = vec![0; tokens.len()];
    for s in suggestions {
        let Some(l) = labels.iter().position(|x| *x == s.label) else {
            continue;
        };
        let a = tokens.partition_point(|t| t.end <= s.start);
        let b = tokens.partition_point(|t| t.start < s.end);
        if b <= a {
            continue;
        }
        let len = length_bucket(b - a);
        for (k, slot) in out[a..b].iter_mut().enumerate() {
            if *slot != 0 {
                continue;
            }
            let place = match (k == 0, k + 1 == b - a) {
                (true, true) => 3,
                (true, false) => 0,
                (false, true) => 2,
                (false, false) => 1,
            };
            *slot = 1 + l as u16 * 20 + place * 5 + len;
        }
    }
    out
}

/// Distance in tokens to the nearest number token before (`prev`) and after
/// (`next`) each token of a sentence, bucketed: 0 (it is one), 1, 2, 3-4,
/// 5-8, 9+, none (6).
pub fn digit_distances(syl: &[Syllable]) -> (Vec<u8>, Vec<u8>) {
    let is_digit = |s: &Syllable| s.shape.starts_with('d');
    let bucket = |d: Option<usize>| -> u8 {
        match d {
            Some(0) => 0,
            Some(1) => 1,
            Some(2) => 2,
            Some(3..=4) => 3,
            Some(5..=8) => 4,
            Some(_) => 5,
            None => 6,
        }
    };
    let n = syl.len();
    let mut prev = vec![6; n];
    let mut next = vec![6; n];
    let mut last: Option<usize> = None;
    for i in 0..n {
        if is_digit(&syl[i]) {
            last = Some(i);
        }
        prev[i] = bucket(last.map(|l| i - l));
    }
    let mut last: Option<usize> = None;
    for i in (0..n).rev() {
        if is_digit(&syl[i]) {
            last = Some(i);
        }
        next[i] = bucket(last.map(|l| l - i));
    }
    (prev, next)
}

/// One sentence as the features read it: per token its syllable, the
/// `rules-vi` and dictionary covers, its place in a `rules-vi` span and its
/// distances to numbers (all slices of the sentence's tokens).
#[derive(Clone, Copy)]
pub struct Sentence<'a> {
    /// Syllables.
    pub syl: &'a [Syllable<'a>],
    /// `rules-vi` covers.
    pub rules: &'a [Cover],
    /// Dictionary covers.
    pub dict: &'a [Cover],
    /// Places in `rules-vi` spans.
    pub places: &'a [SpanPlace],
    /// Bucketed distance to the previous number ([`digit_distances`]).
    pub prev_digit: &'a [u8],
    /// Bucketed distance to the next number.
    pub next_digit: &'a [u8],
}

/// The features that depend on one syllable seen at offset `d` of the
/// token (`None`: past the sentence's edge), appended to `out`. At `d = 0`:
/// bias, text, key, shape, prefixes and suffixes; elsewhere the key and the
/// shape at that offset. The tagger sums their weights once per distinct
/// syllable of a document.
pub fn local_features(s: Option<&Syllable>, d: isize, out: &mut Vec<u64>) {
    if d != 0 {
        let (key, shape) = s.map_or((PAD, PAD), |s| (s.key, s.shape));
        out.push(Hash::new(6).bytes(&[d as u8]).str(key).0);
        out.push(Hash::new(7).bytes(&[d as u8]).str(shape).0);
        return;
    }
    let Some(me) = s else {
        return;
    };
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
}

/// One context feature of a token ([`context_each`]): a hash of strings, or
/// one whose inputs are small numbers (covers, the place in a rule span,
/// distances to numbers), which a tagger can keep in dense tables instead
/// of hashing and looking it up. [`Context::hash`] is its feature hash
/// either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// A feature that reads strings, already hashed.
    Hashed(u64),
    /// The cover of engine `engine` (0 `rules-vi`, 1 dictionary) at the token.
    Cover {
        /// 0 `rules-vi`, 1 dictionary.
        engine: u8,
        /// The cover at the token.
        here: Cover,
    },
    /// The cover at the neighbour on `side` (0 before, 1 after) with the
    /// cover at the token.
    CoverPair {
        /// 0 `rules-vi`, 1 dictionary.
        engine: u8,
        /// 0 the token before, 1 the token after.
        side: u8,
        /// The cover at the neighbour (`u16::MAX` past the sentence's edge).
        near: Cover,
        /// The cover at the token.
        here: Cover,
    },
    /// The `rules-vi` and dictionary covers at the token together.
    Agree {
        /// `rules-vi` cover.
        rules: Cover,
        /// Dictionary cover.
        dict: Cover,
    },
    /// The place in a `rules-vi` span alone.
    Place(SpanPlace),
    /// The bucketed distances to the previous and next numbers.
    Digits {
        /// To the previous number.
        prev: u8,
        /// To the next number.
        next: u8,
    },
    /// The distances with the place in a `rules-vi` span.
    DigitsPlace {
        /// To the previous number.
        prev: u8,
        /// To the next number.
        next: u8,
        /// The place.
        place: SpanPlace,
    },
}

const COVER_TEMPLATES: [u8; 2] = [13, 14];

impl Context {
    /// The feature hash.
    pub fn hash(self) -> u64 {
        match self {
            Context::Hashed(h) => h,
            Context::Cover { engine, here } => {
                Hash::new(COVER_TEMPLATES[usize::from(engine & 1)])
                    .bytes(&here.to_le_bytes())
                    .0
            }
            Context::CoverPair {
                engine,
                side,
                near,
                here,
            } => {
                let d: isize = if side == 0 { -1 } else { 1 };
                Hash::new(COVER_TEMPLATES[usize::from(engine & 1)])
                    .bytes(&[2, d as u8])
                    .bytes(&near.to_le_bytes())
                    .bytes(&here.to_le_bytes())
                    .0
            }
            Context::Agree { rules, dict } => {
                Hash::new(15)
                    .bytes(&rules.to_le_bytes())
                    .bytes(&dict.to_le_bytes())
                    .0
            }
            Context::Place(place) => Hash::new(16).bytes(&place.to_le_bytes()).0,
            Context::Digits { prev, next } => Hash::new(20).bytes(&[prev, next]).0,
            Context::DigitsPlace { prev, next, place } => {
                Hash::new(21)
                    .bytes(&[prev, next])
                    .bytes(&place.to_le_bytes())
                    .0
            }
        }
    }
}

/// The features of token `i` of sentence `s` that read more than one
/// syllable or the other engines, in a fixed order: bigrams, shapes around,
/// covers and their agreement, the place in a `rules-vi` span with the
/// words around it, and the distances to numbers; each given to `f`.
#[inline]
pub fn context_each(s: &Sentence, i: usize, mut f: impl FnMut(Context)) {
    let syl = s.syl;
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
    let h = Context::Hashed;
    f(h(Hash::new(8).str(at(n - 1)).str(me.key).0));
    f(h(Hash::new(9).str(me.key).str(at(n + 1)).0));
    f(h(Hash::new(10).str(at(n - 2)).str(at(n - 1)).0));
    f(h(Hash::new(11).str(at(n + 1)).str(at(n + 2)).0));
    f(h(Hash::new(12)
        .str(shp(n - 1))
        .str(me.shape)
        .str(shp(n + 1))
        .0));
    for (engine, c) in [(0u8, s.rules), (1u8, s.dict)] {
        let here = cov(c, n);
        f(Context::Cover { engine, here });
        f(h(Hash::new(COVER_TEMPLATES[usize::from(engine)])
            .bytes(&[1])
            .bytes(&here.to_le_bytes())
            .str(me.shape)
            .0));
        for (side, d) in [(0u8, -1isize), (1, 1)] {
            f(Context::CoverPair {
                engine,
                side,
                near: cov(c, n + d),
                here,
            });
        }
    }
    // Rules and dictionary agreeing or not.
    f(Context::Agree {
        rules: cov(s.rules, n),
        dict: cov(s.dict, n),
    });
    // The place in a rules-vi span (begin, inside, last, unit; label;
    // length), alone and with the words just outside and inside it: the
    // boundary habits of the rules that an editor corrects.
    let place = s.places.get(i).copied().unwrap_or(0);
    let pb = place.to_le_bytes();
    f(Context::Place(place));
    f(h(Hash::new(17).bytes(&pb).str(at(n - 1)).0));
    f(h(Hash::new(18).bytes(&pb).str(at(n + 1)).0));
    f(h(Hash::new(19).bytes(&pb).str(me.key).0));
    // Numbers near: figures and goals are built around them.
    let (p, q) = (
        s.prev_digit.get(i).copied().unwrap_or(6),
        s.next_digit.get(i).copied().unwrap_or(6),
    );
    f(Context::Digits { prev: p, next: q });
    f(Context::DigitsPlace {
        prev: p,
        next: q,
        place,
    });
    f(h(Hash::new(22).bytes(&[q]).str(me.key).0));
}

/// The hashes of the [`context_each`] features of token `i` of sentence
/// `s`, appended to `out`.
pub fn context_features(s: &Sentence, i: usize, out: &mut Vec<u64>) {
    context_each(s, i, |c| out.push(c.hash()));
}

/// Every feature hash of token `i` of sentence `s`: the [`local_features`]
/// of the syllables in the [`WINDOW`], then the [`context_features`].
pub fn token_features(s: &Sentence, i: usize, out: &mut Vec<u64>) {
    if i >= s.syl.len() {
        return;
    }
    for d in WINDOW {
        let j = i as isize + d;
        let syl = usize::try_from(j).ok().and_then(|j| s.syl.get(j));
        local_features(syl, d, out);
    }
    context_features(s, i, out);
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
            let (prev_digit, next_digit) = digit_distances(&syl);
            let s = Sentence {
                syl: &syl,
                rules: &[0, 0],
                dict: &[0, 0],
                places: &[0, 0],
                prev_digit: &prev_digit,
                next_digit: &next_digit,
            };
            let mut out = Vec::new();
            token_features(&s, 1, &mut out);
            out
        };
        // Same folded neighbour: the window feature of "ban" agrees.
        let (fa, fb) = (f(a), f(b));
        assert!(fa.iter().filter(|x| fb.contains(x)).count() > 10);
        assert_ne!(fa, fb);
    }

    /// The context features as version 2 wrote them before the small-number
    /// ones became [`Context`] values: the hashes must not change (model
    /// files of version 2 stay readable and mean the same).
    fn v2_context_features(s: &Sentence, i: usize, out: &mut Vec<u64>) {
        let syl = s.syl;
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
        for (t, c) in [(13u8, s.rules), (14u8, s.dict)] {
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
                .bytes(&cov(s.rules, n).to_le_bytes())
                .bytes(&cov(s.dict, n).to_le_bytes())
                .0,
        );
        // The place in a rules-vi span (begin, inside, last, unit; label;
        // length), alone and with the words just outside and inside it: the
        // boundary habits of the rules that an editor corrects.
        let place = s.places.get(i).copied().unwrap_or(0).to_le_bytes();
        out.push(Hash::new(16).bytes(&place).0);
        out.push(Hash::new(17).bytes(&place).str(at(n - 1)).0);
        out.push(Hash::new(18).bytes(&place).str(at(n + 1)).0);
        out.push(Hash::new(19).bytes(&place).str(me.key).0);
        // Numbers near: figures and goals are built around them.
        let (p, q) = (
            s.prev_digit.get(i).copied().unwrap_or(6),
            s.next_digit.get(i).copied().unwrap_or(6),
        );
        out.push(Hash::new(20).bytes(&[p, q]).0);
        out.push(Hash::new(21).bytes(&[p, q]).bytes(&place).0);
        out.push(Hash::new(22).bytes(&[q]).str(me.key).0);
    }

    #[test]
    fn context_hashes_are_those_of_version_2() {
        use crate::model::Document;
        let text = "Ông Lê Văn Tám, Bí thư Tỉnh ủy, cho biết GRDP ước đạt 7,22% năm 2023.";
        let doc = Document::new("x", text);
        let d = DocTokens::new(&doc);
        let rules = crate::suggest::rules_vi(&doc);
        let labels: Vec<String> = crate::model::default_labels()
            .into_iter()
            .map(|l| l.name)
            .collect();
        let syl = syllables(&d);
        let (prev_digit, next_digit) = digit_distances(&syl);
        let rc = covers(&d.tokens, &rules, &labels);
        let mut dc = vec![0; syl.len()];
        dc[1] = 3;
        dc[2] = 4;
        let places = span_places(&d.tokens, &rules, &labels);
        assert!(places.iter().any(|&p| p != 0) && rc.iter().any(|&c| c != 0));
        let s = Sentence {
            syl: &syl,
            rules: &rc,
            dict: &dc,
            places: &places,
            prev_digit: &prev_digit,
            next_digit: &next_digit,
        };
        for i in 0..syl.len() {
            let (mut new, mut old) = (Vec::new(), Vec::new());
            context_features(&s, i, &mut new);
            v2_context_features(&s, i, &mut old);
            assert_eq!(new, old, "token {i}");
        }
    }
}

//! `dictionary`: proposes the project's own annotations wherever the same
//! text occurs again (like INCEpTION's string-matching recommender).
//!
//! Learned from every span that starts and ends on token boundaries, keyed by
//! folded tokens (so `Ủy`/`Uỷ` and case variants match), except that the
//! first letter's case must be one the text was learned with: a person
//! `Như` (`bà Như nói`) is not proposed for every `như` (like). Matching is
//! longest first on token boundaries, left to right; a match glued to a
//! capitalized word on the same line (`Hà` of `Hà Lan`) is part of another
//! name and not proposed. The score is the share of that text's spans that
//! had the proposed label. It is learned afresh on every
//! run, so it always reflects the current spans.

use super::doc_tokens::DocTokens;
use super::fold::fold;
use crate::model::{Document, Project, Suggestion};
use crate::text::tokenize;
use rustc_hash::{FxHashMap, FxHasher};
use std::collections::BTreeMap;
use std::hash::Hasher;

const SOURCE: &str = "dictionary";

/// One learned text: its folded tokens and how often each label was given
/// to it.
#[derive(Debug, Clone, Default)]
struct Entry {
    keys: Vec<String>,
    labels: BTreeMap<String, usize>,
    /// Seen starting with a capital ([`CAPITAL`]), with a small letter
    /// ([`SMALL`]), or both.
    cases: u8,
}

/// The learned text started with a capital letter.
const CAPITAL: u8 = 1;
/// It started with anything else.
const SMALL: u8 = 2;

/// The case of a text's first char, as [`Entry::cases`] records it.
fn case_of(text: &str) -> u8 {
    if text.chars().next().is_some_and(char::is_uppercase) {
        CAPITAL
    } else {
        SMALL
    }
}

/// Folded token sequence -> label -> count.
///
/// Looked up by a hash of the folded keys (checked against the keys on a
/// hit), so matching allocates nothing; `first` holds, for each first token
/// of an entry, the longest entry starting with it, so most tokens cost one
/// lookup (once per distinct syllable of a document) and only the lengths
/// that can match are tried.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    entries: Vec<Entry>,
    by_hash: FxHashMap<u64, Vec<u32>>,
    first: FxHashMap<String, usize>,
}

/// Hashes folded keys one after the other; `finish` after `n` keys is the
/// hash of those `n` keys.
fn push_key(h: &mut FxHasher, key: &str) {
    h.write(key.as_bytes());
    h.write_u8(0xff);
}

/// A word starting with a capital letter (`Hà`, `UBND`).
fn capital_word(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_uppercase) && t.chars().all(char::is_alphabetic)
}

/// Whether tokens `a..b` of `d` are glued to a capitalized word on the
/// same line: right after them, or right before them unless that word
/// opens its sentence (`Ông Hà nói`).
fn glued(d: &DocTokens<'_>, a: usize, b: usize) -> bool {
    let same_line = |x: usize, y: usize| {
        !d.text
            .get(d.tokens[x].byte_end..d.tokens[y].byte_start)
            .is_some_and(|g| g.contains('\n'))
    };
    let after = b < d.len() && capital_word(d.text_of(b)) && same_line(b - 1, b);
    let before = a > 0 && capital_word(d.text_of(a - 1)) && same_line(a - 1, a) && {
        let start = d.tokens[a - 1].start;
        d.sentences
            .binary_search_by(|r| r.start.cmp(&start))
            .is_err()
    };
    after || before
}

impl Dictionary {
    /// Learns from every span of the project.
    pub fn learn(project: &Project) -> Self {
        let mut learner = Learner::default();
        learner.add_all(&project.documents);
        learner.finish()
    }
}

/// Learns a [`Dictionary`] a document at a time, so a project can be read
/// a chunk at a time and dropped: the same dictionary as
/// [`Dictionary::learn`] whatever the order and the chunks.
#[derive(Debug, Default)]
pub struct Learner {
    found: FxHashMap<Vec<String>, (BTreeMap<String, usize>, u8)>,
    first: FxHashMap<String, usize>,
}

impl Learner {
    /// Learns the spans of `doc`.
    pub fn add(&mut self, doc: &Document) {
        let (found, first) = (&mut self.found, &mut self.first);
        if doc.spans.is_empty() {
            return;
        }
        let tokens = tokenize(&doc.text);
        for s in &doc.spans {
            let a = tokens.partition_point(|t| t.start < s.start);
            let b = tokens.partition_point(|t| t.end <= s.end);
            let aligned = tokens.get(a).is_some_and(|t| t.start == s.start)
                && b > a
                && tokens[b - 1].end == s.end;
            if !aligned {
                continue;
            }
            let key: Vec<String> = tokens[a..b]
                .iter()
                .map(|t| fold(t.text(&doc.text)))
                .collect();
            if let Some(f) = key.first() {
                let longest = first.entry(f.clone()).or_default();
                *longest = (*longest).max(key.len());
            }
            let entry = found.entry(key).or_default();
            *entry.0.entry(s.label.clone()).or_default() += 1;
            entry.1 |= case_of(&s.text);
        }
    }

    /// Learns the spans of `docs`, on every core: each thread learns a
    /// share, then the shares are merged. Counts add up and cases and
    /// lengths combine the same in any grouping, so the result is the one
    /// [`Self::add`] gives document by document.
    pub fn add_all<D: std::borrow::Borrow<Document> + Sync>(&mut self, docs: &[D]) {
        use rayon::prelude::*;
        let learned = docs
            .par_iter()
            .fold(Learner::default, |mut l, d| {
                l.add(d.borrow());
                l
            })
            .reduce(Learner::default, Learner::merged);
        *self = std::mem::take(self).merged(learned);
    }

    /// Everything `self` and `other` learned.
    fn merged(mut self, other: Learner) -> Learner {
        if self.found.len() < other.found.len() {
            return other.merged(self);
        }
        for (key, (labels, cases)) in other.found {
            let entry = self.found.entry(key).or_default();
            for (label, n) in labels {
                *entry.0.entry(label).or_default() += n;
            }
            entry.1 |= cases;
        }
        for (f, n) in other.first {
            let longest = self.first.entry(f).or_default();
            *longest = (*longest).max(n);
        }
        self
    }

    /// The dictionary of everything added.
    pub fn finish(self) -> Dictionary {
        let Learner { found, first } = self;
        // A fixed order, so nothing depends on the hash map's.
        let mut entries: Vec<Entry> = found
            .into_iter()
            .map(|(keys, (labels, cases))| Entry {
                keys,
                labels,
                cases,
            })
            .collect();
        entries.sort_by(|a, b| a.keys.cmp(&b.keys));
        let mut by_hash: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
        for (k, e) in entries.iter().enumerate() {
            let mut h = FxHasher::default();
            for key in &e.keys {
                push_key(&mut h, key);
            }
            by_hash.entry(h.finish()).or_default().push(k as u32);
        }
        Dictionary {
            entries,
            by_hash,
            first,
        }
    }
}

impl Dictionary {
    /// Number of distinct texts learned.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing was learned.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry for tokens `i..i + n` of `d`, with hash `hash`.
    ///
    /// Only if it was learned with the same case of its first letter as the
    /// text has at `i` (a name learned as `Như` does not match `như`).
    fn entry(&self, d: &DocTokens<'_>, i: usize, n: usize, hash: u64) -> Option<&Entry> {
        let case = case_of(d.text_of(i));
        self.by_hash.get(&hash)?.iter().find_map(|&k| {
            let e = &self.entries[k as usize];
            (e.cases & case != 0
                && e.keys.len() == n
                && e.keys
                    .iter()
                    .enumerate()
                    .all(|(j, key)| d.key(i + j) == key))
            .then_some(e)
        })
    }

    /// Suggestions for one document.
    pub fn suggest(&self, doc: &Document) -> Vec<Suggestion> {
        self.suggest_on(doc, &DocTokens::new(doc))
    }

    /// [`Dictionary::suggest`] on the document's shared token table.
    pub fn suggest_on(&self, doc: &Document, d: &DocTokens<'_>) -> Vec<Suggestion> {
        let mut out = Vec::new();
        if self.entries.is_empty() {
            return out;
        }
        // The longest entry starting with each distinct syllable.
        let longest: Vec<usize> = d
            .syllables
            .iter()
            .map(|s| self.first.get(&*s.key).copied().unwrap_or(0))
            .collect();
        let tokens = &d.tokens;
        let mut hashes: Vec<u64> = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let most = longest[d.syllable_of[i] as usize].min(tokens.len() - i);
            if most == 0 {
                i += 1;
                continue;
            }
            hashes.clear();
            let mut h = FxHasher::default();
            for j in 0..most {
                push_key(&mut h, d.key(i + j));
                hashes.push(h.finish());
            }
            let hit = (1..=most)
                .rev()
                .find_map(|n| self.entry(d, i, n, hashes[n - 1]).map(|e| (n, &e.labels)));
            let Some((n, labels)) = hit else {
                i += 1;
                continue;
            };
            if glued(d, i, i + n) {
                // Part of a longer name (`Hà` of `Hà Lan`, `Minh` of `TP Hồ
                // Chí Minh`): not the text that was learned.
                i += 1;
                continue;
            }
            let total: usize = labels.values().sum();
            // Most frequent label; ties go to the label name order.
            if let Some((label, count)) =
                labels.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            {
                let (start, end) = (tokens[i].start, tokens[i + n - 1].end);
                out.push(Suggestion {
                    start,
                    end,
                    label: label.clone(),
                    // Tokens carry byte offsets: no scan of the text.
                    text: doc
                        .text
                        .get(tokens[i].byte_start..tokens[i + n - 1].byte_end)
                        .unwrap_or_default()
                        .to_owned(),
                    source: SOURCE.into(),
                    score: *count as f64 / total as f64,
                });
            }
            i += n;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{default_labels, Origin};

    #[test]
    fn learns_from_spans_and_matches_folded_longest_first() {
        let mut p = Project::new("p", default_labels());
        let mut a = Document::new("a", "Bí thư Tỉnh ủy gặp Bí thư. Bí thư Tỉnh ủy");
        for (s, e, l) in [
            (0, 14, "position"),
            (19, 25, "position"),
            (27, 41, "person"),
        ] {
            let span = crate::edit::make_span(&a, s, e, l, Origin::Manual).unwrap();
            a.spans.push(span);
        }
        p.documents.push(a);
        let d = Dictionary::learn(&p);
        assert_eq!(d.len(), 2);
        // Learned with capitals only: `bí thư` in lower case is not proposed.
        let b = Document::new("b", "Hôm nay Bí thư tỉnh uỷ và Bí thư đến, bí thư đi.");
        let s = d.suggest(&b);
        let got: Vec<(&str, &str, f64)> = s
            .iter()
            .map(|x| (x.text.as_str(), x.label.as_str(), x.score))
            .collect();
        // "Bí thư tỉnh uỷ": position once, person once: a tie, label order.
        assert_eq!(
            got,
            [
                ("Bí thư tỉnh uỷ", "person", 0.5),
                ("Bí thư", "position", 1.0)
            ]
        );
    }

    #[test]
    fn learning_on_every_core_learns_what_one_document_at_a_time_does() {
        let texts = [
            "Bí thư Tỉnh ủy",
            "bí thư Nguyễn Văn A",
            "Chủ tịch UBND tỉnh",
        ];
        let labels = ["position", "person", "target"];
        let docs: Vec<Document> = (0..400)
            .map(|i| {
                let text = format!("{} và {}", texts[i % 3], texts[(i / 3) % 3]);
                let mut d = Document::new(&format!("d{i}"), &text);
                let first = texts[i % 3].chars().count();
                let span = crate::edit::make_span(
                    &d,
                    0,
                    first,
                    labels[i % 2 + (i / 7) % 2],
                    Origin::Manual,
                )
                .unwrap();
                d.spans.push(span);
                d
            })
            .collect();
        let mut one = Learner::default();
        for d in &docs {
            one.add(d);
        }
        let mut every = Learner::default();
        every.add_all(&docs[..150]);
        every.add_all(&docs[150..]);
        let (one, every) = (one.finish(), every.finish());
        let sorted = |d: &Dictionary| {
            let mut first: Vec<_> = d.first.iter().collect();
            first.sort();
            format!("{:?} {first:?}", d.entries)
        };
        assert_eq!(one.len(), 3);
        assert_eq!(sorted(&one), sorted(&every));
    }
}

//! `dictionary`: proposes the project's own annotations wherever the same
//! text occurs again (like INCEpTION's string-matching recommender).
//!
//! Learned from every span that starts and ends on token boundaries, keyed by
//! folded tokens (so `Ủy`/`Uỷ` and case variants match). Matching is longest
//! first on token boundaries, left to right; the score is the share of that
//! text's spans that had the proposed label. It is learned afresh on every
//! run, so it always reflects the current spans.

use super::fold::fold;
use crate::model::{Document, Project, Suggestion};
use crate::text::tokenize;
use std::collections::{BTreeMap, HashMap};

const SOURCE: &str = "dictionary";

/// Folded token sequence -> label -> count.
///
/// Looked up by hash; `first` holds, for each first token of an entry, the
/// longest entry starting with it, so most tokens cost one lookup and only
/// the lengths that can match are tried.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    entries: HashMap<Vec<String>, BTreeMap<String, usize>>,
    first: HashMap<String, usize>,
}

impl Dictionary {
    /// Learns from every span of the project.
    pub fn learn(project: &Project) -> Self {
        let mut d = Dictionary::default();
        for doc in &project.documents {
            let tokens = tokenize(&doc.text);
            for s in &doc.spans {
                let first = tokens.partition_point(|t| t.start < s.start);
                let last = tokens.partition_point(|t| t.end <= s.end);
                let aligned = tokens.get(first).is_some_and(|t| t.start == s.start)
                    && last > first
                    && tokens[last - 1].end == s.end;
                if !aligned {
                    continue;
                }
                let key: Vec<String> = tokens[first..last]
                    .iter()
                    .map(|t| fold(t.text(&doc.text)))
                    .collect();
                if let Some(f) = key.first() {
                    let longest = d.first.entry(f.clone()).or_default();
                    *longest = (*longest).max(key.len());
                }
                *d.entries
                    .entry(key)
                    .or_default()
                    .entry(s.label.clone())
                    .or_default() += 1;
            }
        }
        d
    }

    /// Number of distinct texts learned.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing was learned.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Suggestions for one document.
    pub fn suggest(&self, doc: &Document) -> Vec<Suggestion> {
        let tokens = tokenize(&doc.text);
        let keys: Vec<String> = tokens.iter().map(|t| fold(t.text(&doc.text))).collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let Some(&longest) = self.first.get(&keys[i]) else {
                i += 1;
                continue;
            };
            let hit = (1..=longest.min(tokens.len() - i))
                .rev()
                .find_map(|n| self.entries.get(&keys[i..i + n]).map(|labels| (n, labels)));
            let Some((n, labels)) = hit else {
                i += 1;
                continue;
            };
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
        let b = Document::new("b", "Hôm nay bí thư tỉnh uỷ và Bí thư đến.");
        let s = d.suggest(&b);
        let got: Vec<(&str, &str, f64)> = s
            .iter()
            .map(|x| (x.text.as_str(), x.label.as_str(), x.score))
            .collect();
        // "bí thư tỉnh uỷ": position once, person once: a tie, label order.
        assert_eq!(
            got,
            [
                ("bí thư tỉnh uỷ", "person", 0.5),
                ("Bí thư", "position", 1.0)
            ]
        );
    }
}

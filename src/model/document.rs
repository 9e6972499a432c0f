//! A document: one article's text with its spans and review state.
//!
//! Invariants (checked by [`Document::problems`]): every span has
//! `start < end <= char count`, `text` equal to the covered text, no leading or
//! trailing whitespace, a known label, a unique id; two spans with the same
//! label never overlap. Spans are kept sorted by (start, end, label).
//! Relations (see [`super::relation`]) are kept sorted by id.

use super::{
    Label, Relation, RelationId, RelationSuggestion, RelationType, Span, SpanId, Suggestion,
};
use crate::text::TextIndex;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Review state of a document.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum Status {
    /// Not started.
    #[default]
    Todo,
    /// Started, not finished.
    InProgress,
    /// Completely annotated and reviewed.
    Done,
}

impl Status {
    /// Name as used on the command line and in exports.
    pub fn name(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::InProgress => "in_progress",
            Status::Done => "done",
        }
    }

    /// Parses a [`Status::name`].
    pub fn parse(s: &str) -> Option<Self> {
        [Status::Todo, Status::InProgress, Status::Done]
            .into_iter()
            .find(|st| st.name() == s)
    }
}

/// Facts about the article's publication, when known.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Meta {
    /// Publication date, ISO `yyyy-mm-dd`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Address of the published article.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Author(s) as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Other facts a dataset file carried (doccano / spaCy `meta`), as JSON
    /// text per key.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub extra: std::collections::BTreeMap<String, String>,
}

/// What the import changed in the original text (so offsets can be traced
/// back to the source file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Cleanup {
    /// A byte order mark was removed.
    pub bom_removed: bool,
    /// CRLF / CR line endings became LF.
    pub line_endings_fixed: bool,
    /// The text was normalized to NFC.
    pub nfc_normalized: bool,
}

impl From<crate::text::import::Cleanup> for Cleanup {
    fn from(c: crate::text::import::Cleanup) -> Self {
        Self {
            bom_removed: c.bom_removed,
            line_endings_fixed: c.line_endings_fixed,
            nfc_normalized: c.nfc_normalized,
        }
    }
}

/// One article under annotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Unique within the project; also the file name `docs/<id>.ron`.
    pub id: String,
    /// The first non-empty line, unless set otherwise.
    pub title: String,
    /// Where the text came from (path or URL).
    #[serde(default)]
    pub source: String,
    /// Publication facts.
    #[serde(default)]
    pub meta: Meta,
    /// What the import changed.
    #[serde(default)]
    pub cleanup: Cleanup,
    /// Review state.
    #[serde(default)]
    pub status: Status,
    /// Free note by the editor.
    #[serde(default)]
    pub note: String,
    /// NFC text with `\n` line endings.
    pub text: String,
    /// Confirmed annotations, sorted by (start, end, label).
    #[serde(default)]
    pub spans: Vec<Span>,
    /// Proposals waiting for review.
    #[serde(default)]
    pub suggestions: Vec<Suggestion>,
    /// Proposals the editor rejected (not proposed again).
    #[serde(default)]
    pub rejected: Vec<Suggestion>,
    /// Tokens and sentences of a token-based import (CoNLL, HF), kept for
    /// token-based exports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<super::TokenLayout>,
    /// Links between spans, sorted by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
    /// The highest relation id ever given in this document (ids are never
    /// reused, even after a relation is deleted).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub last_relation_id: RelationId,
    /// Relations proposed by an extractor, waiting for review.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relation_suggestions: Vec<RelationSuggestion>,
    /// Relation proposals the editor rejected (not proposed again).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected_relations: Vec<RelationSuggestion>,
}

fn is_zero(n: &RelationId) -> bool {
    *n == 0
}

/// One broken invariant in a document, with how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The span concerned, if any.
    pub span: Option<SpanId>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(id) = self.span {
            write!(f, "span {id}: ")?;
        }
        write!(f, "{}; fix: {}", self.message, self.fix)
    }
}

impl Document {
    /// A new document with no spans.
    pub fn new(id: &str, text: &str) -> Self {
        Self {
            id: id.to_owned(),
            title: crate::text::import::title_of(text),
            source: String::new(),
            meta: Meta::default(),
            cleanup: Cleanup::default(),
            status: Status::Todo,
            note: String::new(),
            text: text.to_owned(),
            spans: Vec::new(),
            suggestions: Vec::new(),
            rejected: Vec::new(),
            layout: None,
            relations: Vec::new(),
            last_relation_id: 0,
            relation_suggestions: Vec::new(),
            rejected_relations: Vec::new(),
        }
    }

    /// Number of chars in the text.
    pub fn char_len(&self) -> usize {
        self.text.chars().count()
    }

    /// The covered text of char range `start..end`, if in range.
    pub fn slice(&self, start: usize, end: usize) -> Option<&str> {
        TextIndex::new(&self.text).slice(&self.text, start, end)
    }

    /// An id not used by any span yet.
    pub fn next_span_id(&self) -> SpanId {
        self.spans.iter().map(|s| s.id).max().map_or(1, |m| m + 1)
    }

    /// The span with this id.
    pub fn span(&self, id: SpanId) -> Option<&Span> {
        self.spans.iter().find(|s| s.id == id)
    }

    /// An id no relation of this document ever had.
    pub fn next_relation_id(&self) -> RelationId {
        let used = self.relations.iter().map(|r| r.id).max().unwrap_or(0);
        used.max(self.last_relation_id) + 1
    }

    /// The relation with this id.
    pub fn relation(&self, id: RelationId) -> Option<&Relation> {
        self.relations.iter().find(|r| r.id == id)
    }

    /// The relations that start or end at span `id`, in id order.
    pub fn relations_of(&self, id: SpanId) -> impl Iterator<Item = &Relation> {
        self.relations
            .iter()
            .filter(move |r| r.from == id || r.to == id)
    }

    /// Checks a relation about to be added (`ignore: None`) or to replace
    /// relation `ignore`: its type, its ends, and no duplicate.
    pub fn check_relation(
        &self,
        rel: &Relation,
        types: &[RelationType],
        ignore: Option<RelationId>,
    ) -> Result<(), Problem> {
        let bad = |message: String, fix: &str| Problem {
            span: None,
            message: format!("relation {}: {message}", rel.id),
            fix: fix.to_owned(),
        };
        let Some(ty) = types.iter().find(|t| t.name == rel.label) else {
            return Err(bad(
                format!("unknown relation type {:?}", rel.label),
                "add the type to relation_types in project.ron, or change the relation's label",
            ));
        };
        let (Some(from), Some(to)) = (self.span(rel.from), self.span(rel.to)) else {
            let missing = if self.span(rel.from).is_none() {
                rel.from
            } else {
                rel.to
            };
            return Err(bad(
                format!("points at span {missing}, which the document does not have"),
                "point the relation at an existing span id, or remove the relation",
            ));
        };
        if rel.from == rel.to {
            return Err(bad(
                format!("goes from span {} to itself", rel.from),
                "link two different spans, or remove the relation",
            ));
        }
        if !ty.allows(&from.label, &to.label) {
            return Err(bad(
                format!(
                    "{} goes from a {} span ({:?}) to a {} span ({:?}), but the type allows {}",
                    rel.label,
                    from.label,
                    from.text,
                    to.label,
                    to.text,
                    ty.signature()
                ),
                "change the relation type, swap or change its ends, or allow these labels in the type (project.ron relation_types)",
            ));
        }
        if let Some(other) = self.relations.iter().find(|r| {
            Some(r.id) != ignore
                && r.id != rel.id
                && (r.label.as_str(), r.from, r.to) == (rel.label.as_str(), rel.from, rel.to)
        }) {
            return Err(bad(
                format!(
                    "repeats relation {} ({} {} -> {})",
                    other.id, rel.label, rel.from, rel.to
                ),
                "remove one of the two",
            ));
        }
        if ignore.is_none() && self.relation(rel.id).is_some() {
            return Err(bad(
                "the id is used by another relation".into(),
                "give each relation of the document its own id",
            ));
        }
        Ok(())
    }

    /// Every broken relation invariant of this document (empty when valid).
    pub fn relation_problems(&self, types: &[RelationType]) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut ids = BTreeSet::new();
        for rel in &self.relations {
            if !ids.insert(rel.id) {
                out.push(Problem {
                    span: None,
                    message: format!(
                        "relation {}: the id is used by another relation too",
                        rel.id
                    ),
                    fix: "give each relation of the document its own id".into(),
                });
                continue;
            }
            if let Err(p) = self.check_relation(rel, types, Some(rel.id)) {
                out.push(p);
            }
        }
        for (kind, list) in [
            ("relation suggestion", &self.relation_suggestions),
            ("rejected relation suggestion", &self.rejected_relations),
        ] {
            for s in list {
                let fits = |(start, end, _): &(usize, usize, String)| {
                    start < end && *end <= self.char_len()
                };
                if !fits(&s.from) || !fits(&s.to) || !types.iter().any(|t| t.name == s.label) {
                    out.push(Problem {
                        span: None,
                        message: format!(
                            "{kind} {} {:?} -> {:?} has an end outside the text or an unknown type",
                            s.label, s.from, s.to
                        ),
                        fix: "correct its offsets (chars on NFC text) or type, or remove it".into(),
                    });
                }
            }
        }
        out
    }

    /// Sorts spans by (start, end, label) and then id, the order of files;
    /// suggestions, rejections and relations likewise (see [`order`]).
    pub fn sort_spans(&mut self) {
        self.relations.sort_by(order::relation);
        self.relation_suggestions.sort_by(order::relation_key);
        self.rejected_relations.sort_by(order::relation_key);
        self.spans.sort_by(order::span);
        self.suggestions.sort_by(order::suggestion);
        self.rejected.sort_by(order::suggestion);
    }

    /// Whether [`Document::sort_spans`] would change nothing.
    pub fn is_sorted(&self) -> bool {
        let le = |o: std::cmp::Ordering| o != std::cmp::Ordering::Greater;
        self.relations
            .is_sorted_by(|a, b| le(order::relation(a, b)))
            && self
                .relation_suggestions
                .is_sorted_by(|a, b| le(order::relation_key(a, b)))
            && self
                .rejected_relations
                .is_sorted_by(|a, b| le(order::relation_key(a, b)))
            && self.spans.is_sorted_by(|a, b| le(order::span(a, b)))
            && self
                .suggestions
                .is_sorted_by(|a, b| le(order::suggestion(a, b)))
            && self
                .rejected
                .is_sorted_by(|a, b| le(order::suggestion(a, b)))
    }

    /// Checks one span against the text and labels, ignoring the other spans.
    pub fn span_problems(&self, index: &TextIndex, span: &Span, labels: &[Label]) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut problem = |message: String, fix: &str| {
            out.push(Problem {
                span: Some(span.id),
                message,
                fix: fix.to_owned(),
            })
        };
        let len = index.char_len();
        if span.start >= span.end {
            problem(
                format!("start {} is not before end {}", span.start, span.end),
                "give the span a start smaller than its end, or remove it",
            );
        } else if span.end > len {
            problem(
                format!(
                    "ends at {} past the end of the text ({len} chars)",
                    span.end
                ),
                "correct the offsets (chars, not bytes) or remove the span",
            );
        } else {
            let covered = index
                .slice(&self.text, span.start, span.end)
                .unwrap_or_default();
            if covered != span.text {
                problem(
                    format!(
                        "text {:?} does not match the document text at {}..{}, which is {:?}",
                        span.text, span.start, span.end, covered
                    ),
                    "correct the offsets (chars on NFC text) or the span text",
                );
            } else if covered.starts_with(char::is_whitespace)
                || covered.ends_with(char::is_whitespace)
            {
                problem(
                    format!("{:?} starts or ends with whitespace", span.text),
                    "move the boundaries onto the first and last non-space character",
                );
            }
        }
        if !labels.iter().any(|l| l.name == span.label) {
            problem(
                format!("unknown label {:?}", span.label),
                "add the label to the project's labels in project.ron, or relabel the span",
            );
        }
        out
    }

    /// The span with `label` that a span over `start..end` would overlap,
    /// other than `ignore`. This is the one home of the rule "spans of the
    /// same label never overlap"; edits, imports, suggestions and the view
    /// all ask here.
    pub fn same_label_clash(
        &self,
        label: &str,
        start: usize,
        end: usize,
        ignore: Option<SpanId>,
    ) -> Option<&Span> {
        self.spans
            .iter()
            .filter(|s| Some(s.id) != ignore)
            .find(|s| s.label == label && s.overlaps(start, end))
    }

    /// Whether accepting `s` as it is would clash with a confirmed span of the
    /// same label (an identical span is not a clash: accepting it is a no-op).
    pub fn suggestion_conflicts(&self, s: &Suggestion) -> bool {
        self.spans.iter().any(|x| s.conflicts_with(x))
    }

    /// Checks a span about to be added (`ignore: None`) or to replace the span
    /// `ignore`: every single-span invariant, the same-label rule and, for a
    /// new span, a free id. The first problem found is returned.
    pub fn check_span(
        &self,
        index: &TextIndex,
        span: &Span,
        labels: &[Label],
        ignore: Option<SpanId>,
    ) -> Result<(), Problem> {
        if let Some(p) = self.span_problems(index, span, labels).into_iter().next() {
            return Err(p);
        }
        if let Some(c) = self.same_label_clash(&span.label, span.start, span.end, ignore) {
            return Err(Problem {
                span: Some(span.id),
                message: format!("{:?} overlaps the {} span {:?}", span.text, c.label, c.text),
                fix:
                    "merge the two spans or remove one; only spans of different labels may overlap"
                        .into(),
            });
        }
        if ignore.is_none() && self.span(span.id).is_some() {
            return Err(Problem {
                span: Some(span.id),
                message: format!("span id {} is taken", span.id),
                fix: "give the span an id no other span of the document uses".into(),
            });
        }
        Ok(())
    }

    /// Every broken invariant of this document (empty when valid).
    pub fn problems(&self, labels: &[Label]) -> Vec<Problem> {
        let index = TextIndex::new(&self.text);
        let mut out = Vec::new();
        let mut ids = BTreeSet::new();
        for span in &self.spans {
            if !ids.insert(span.id) {
                out.push(Problem {
                    span: Some(span.id),
                    message: "the id is used by another span too".into(),
                    fix: "give each span of the document its own id".into(),
                });
            }
            out.extend(self.span_problems(&index, span, labels));
        }
        // Same-label overlaps, in (label, start) order: any overlap shows up
        // between neighbours, so this stays O(n log n) on long documents.
        let mut by_label: Vec<&Span> = self.spans.iter().collect();
        by_label.sort_by(|a, b| (&a.label, a.start, a.end).cmp(&(&b.label, b.start, b.end)));
        for pair in by_label.windows(2) {
            if let [a, b] = pair {
                if a.label == b.label && a.overlaps(b.start, b.end) {
                    out.push(Problem {
                        span: Some(b.id),
                        message: format!(
                            "overlaps span {} ({:?}) with the same label {:?}",
                            a.id, a.text, a.label
                        ),
                        fix: "merge the two spans or remove one; only spans of different labels may overlap".into(),
                    });
                }
            }
        }
        for (kind, list) in [
            ("suggestion", &self.suggestions),
            ("rejected suggestion", &self.rejected),
        ] {
            for s in list {
                let covered = if s.start < s.end {
                    index.slice(&self.text, s.start, s.end)
                } else {
                    None
                };
                if covered != Some(s.text.as_str()) {
                    out.push(Problem {
                        span: None,
                        message: format!(
                            "{kind} {}..{} {:?} does not match the text",
                            s.start, s.end, s.text
                        ),
                        fix: "correct its offsets (chars on NFC text) or remove it".into(),
                    });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{default_labels, Origin};

    fn doc_with(spans: &[(SpanId, usize, usize, &str, &str)]) -> Document {
        let mut d = Document::new("d", "Đồng chí Nguyễn Quốc Đoàn, Bí thư Tỉnh ủy 😀 x");
        d.spans = spans
            .iter()
            .map(|&(id, start, end, label, text)| Span {
                id,
                start,
                end,
                label: label.into(),
                text: text.into(),
                origin: Origin::Manual,
                note: String::new(),
            })
            .collect();
        d
    }

    #[test]
    fn is_sorted_says_whether_sort_spans_changes_anything() {
        let mut d = doc_with(&[
            (2, 27, 41, "position", "Bí thư Tỉnh ủy"),
            (1, 9, 25, "person", "Nguyễn Quốc Đoàn"),
        ]);
        assert!(!d.is_sorted());
        let before = d.clone();
        d.sort_spans();
        assert_ne!(d, before);
        assert!(d.is_sorted());
        let sorted = d.clone();
        d.sort_spans();
        assert_eq!(d, sorted);
        // Same range and label: the id decides.
        let mut d = doc_with(&[
            (7, 9, 15, "person", "Nguyễn"),
            (3, 9, 15, "person", "Nguyễn"),
        ]);
        assert!(!d.is_sorted());
        d.sort_spans();
        assert!(d.is_sorted());
        assert_eq!(d.spans[0].id, 3);
    }

    #[test]
    fn valid_spans_have_no_problems() {
        let d = doc_with(&[
            (1, 9, 25, "person", "Nguyễn Quốc Đoàn"),
            (2, 27, 41, "position", "Bí thư Tỉnh ủy"),
            (3, 9, 15, "position", "Nguyễn"),
            (4, 42, 43, "metric", "😀"),
        ]);
        assert_eq!(d.problems(&default_labels()), vec![]);
    }

    #[test]
    fn each_invariant_is_reported() {
        let d = doc_with(&[
            (1, 9, 25, "person", "Nguyễn Quốc Đoan"),
            (2, 27, 27, "position", ""),
            (3, 40, 99, "metric", "x"),
            (4, 8, 15, "target", " Nguyễn"),
            (5, 9, 15, "people", "Nguyễn"),
            (5, 20, 25, "person", "Đoàn"),
        ]);
        let problems: Vec<String> = d
            .problems(&default_labels())
            .iter()
            .map(|p| p.to_string())
            .collect();
        let all = problems.join("\n");
        assert!(
            all.contains("span 1: text \"Nguyễn Quốc Đoan\" does not match"),
            "{all}"
        );
        assert!(
            all.contains("span 2: start 27 is not before end 27"),
            "{all}"
        );
        assert!(all.contains("span 3: ends at 99 past the end"), "{all}");
        assert!(
            all.contains("span 4: \" Nguyễn\" starts or ends with whitespace"),
            "{all}"
        );
        assert!(all.contains("span 5: unknown label \"people\""), "{all}");
        assert!(
            all.contains("span 5: the id is used by another span too"),
            "{all}"
        );
        assert!(all.contains("overlaps span 1"), "{all}");
    }

    #[test]
    fn status_names_round_trip() {
        for s in [Status::Todo, Status::InProgress, Status::Done] {
            assert_eq!(Status::parse(s.name()), Some(s));
        }
        assert_eq!(Status::parse("finished"), None);
    }
}

/// The orders of a document's lists in files: one home for
/// [`Document::sort_spans`] and [`Document::is_sorted`].
mod order {
    use super::{Relation, RelationSuggestion, Span, Suggestion};
    use std::cmp::Ordering;

    pub fn relation(a: &Relation, b: &Relation) -> Ordering {
        a.id.cmp(&b.id)
    }

    pub fn relation_key(a: &RelationSuggestion, b: &RelationSuggestion) -> Ordering {
        a.key().partial_cmp(&b.key()).unwrap_or(Ordering::Equal)
    }

    pub fn span(a: &Span, b: &Span) -> Ordering {
        a.key().cmp(&b.key()).then(a.id.cmp(&b.id))
    }

    pub fn suggestion(a: &Suggestion, b: &Suggestion) -> Ordering {
        (a.start, a.end, &a.label, &a.source).cmp(&(b.start, b.end, &b.label, &b.source))
    }
}

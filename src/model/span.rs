//! Spans (confirmed annotations) and suggestions (proposed by an extractor).
//!
//! `start..end` are char offsets into the document text; `text` is always the
//! covered text, so a file can be checked against its document.

use serde::{Deserialize, Serialize};

/// Source prefix of curation candidates: an open suggestion with source
/// `annotator:an+binh` is a span those annotators' layers have and the gold
/// layer lacks. Candidates are derived when a document is curated and never
/// written to `docs/` (rejected ones are: the curator's decision).
pub const CANDIDATE_SOURCE_PREFIX: &str = "annotator:";

/// The annotators of a candidate's source (`annotator:an+binh`), sorted;
/// `None` for other sources.
pub fn candidate_annotators(source: &str) -> Option<Vec<String>> {
    let names = source.strip_prefix(CANDIDATE_SOURCE_PREFIX)?;
    let mut v: Vec<String> = names.split('+').map(str::to_owned).collect();
    v.sort();
    Some(v)
}

/// Identifies a span within its document (unique per document).
pub type SpanId = u64;

/// Where a span came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub enum Origin {
    /// Drawn by an editor.
    #[default]
    Manual,
    /// Accepted from an automatic extractor's suggestion.
    Suggested {
        /// The extractor (`rules-vi`, a model name...).
        source: String,
        /// The extractor's confidence.
        score: f64,
        /// The editor changed the boundaries or the label before accepting.
        #[serde(default)]
        corrected: bool,
    },
    /// Read from another tool's file.
    Imported {
        /// The file or tool it came from.
        source: String,
    },
    /// Taken into the gold layer from annotators' layers (by `gloss merge`
    /// or in curation): the annotators whose span it was (sorted). On disk
    /// this is the span's `curated_from` (format version 4).
    Curated {
        /// Annotator names, sorted.
        from: Vec<String>,
    },
}

impl Origin {
    /// Short name for tables: `manual`, `suggested`, `corrected`,
    /// `imported`, `curated`.
    pub fn kind(&self) -> &'static str {
        match self {
            Origin::Manual => "manual",
            Origin::Suggested {
                corrected: false, ..
            } => "suggested",
            Origin::Suggested {
                corrected: true, ..
            } => "corrected",
            Origin::Imported { .. } => "imported",
            Origin::Curated { .. } => "curated",
        }
    }
}

/// A labeled range of a document's text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Span {
    /// Unique within the document.
    pub id: SpanId,
    /// First char of the span.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// Name of a project label.
    pub label: String,
    /// The covered text, `text[start..end]` in chars.
    pub text: String,
    /// Who made it.
    #[serde(default)]
    pub origin: Origin,
    /// Free note by the editor.
    #[serde(default)]
    pub note: String,
}

impl Span {
    /// The sort key of files and exports: (start, end, label).
    pub fn key(&self) -> (usize, usize, &str) {
        (self.start, self.end, &self.label)
    }

    /// Whether the two char ranges share at least one char.
    pub fn overlaps(&self, start: usize, end: usize) -> bool {
        self.start < end && start < self.end
    }
}

/// A span proposed by an extractor, waiting for review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// Proposed label.
    pub label: String,
    /// Covered text.
    pub text: String,
    /// The extractor.
    pub source: String,
    /// Its confidence, 0..=1.
    pub score: f64,
}

impl Suggestion {
    /// Whether accepting this suggestion as it is would break the rule that
    /// spans of the same label never overlap, because of `span`. An identical
    /// span is no conflict (accepting is then a no-op).
    pub fn conflicts_with(&self, span: &Span) -> bool {
        span.label == self.label
            && span.overlaps(self.start, self.end)
            && (span.start, span.end) != (self.start, self.end)
    }
}

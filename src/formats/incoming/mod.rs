//! Documents read from a dataset file, and merging them into a project.
//!
//! Readers turn a file into [`Incoming`] documents with char offsets already
//! checked against the text (`json.rs` for the JSON fields, `offsets.rs` for
//! the offsets); [`merge`] (`merge.rs`) turns them into one transaction that
//! the project applies whole or not at all, so a bad file adds nothing
//! (relations: `relations.rs`); what it did is a [`MergeReport`]
//! (`report.rs`).

mod json;
mod merge;
mod offsets;
mod relations;
mod report;

pub use json::{
    check_text, json_kind, json_line, json_lines, meta_from_json, par_lines, str_at,
    take_text_field, text_field,
};
pub use merge::{merge, merge_edit};
pub use offsets::{span_offsets, Offsets};
pub use report::MergeReport;

use crate::model::{Meta, Origin, Status, Suggestion, TokenLayout};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A span read from a file (char offsets on the incoming text).
#[derive(Debug, Clone, PartialEq)]
pub struct IncomingSpan {
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// Label name.
    pub label: String,
    /// Note.
    pub note: String,
    /// Provenance to record.
    pub origin: Origin,
    /// Line (or record) of the file, for errors.
    pub line: usize,
}

/// A relation read from a file: its ends are indexes into the document's
/// [`Incoming::spans`].
#[derive(Debug, Clone, PartialEq)]
pub struct IncomingRelation {
    /// Relation type.
    pub label: String,
    /// Index of the start span in `spans`.
    pub from: usize,
    /// Index of the end span in `spans`.
    pub to: usize,
    /// Note.
    pub note: String,
    /// Provenance to record.
    pub origin: Origin,
    /// Line (or record) of the file, for errors.
    pub line: usize,
}

/// A document read from a file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Incoming {
    /// Id given in the file.
    pub id: Option<String>,
    /// Title given in the file.
    pub title: Option<String>,
    /// The text (NFC, `\n`).
    pub text: String,
    /// Publication facts.
    pub meta: Meta,
    /// Status given in the file.
    pub status: Option<Status>,
    /// Document note.
    pub note: String,
    /// Spans.
    pub spans: Vec<IncomingSpan>,
    /// Suggestions (predictions).
    pub suggestions: Vec<Suggestion>,
    /// Spans the file marks as rejected (Prodigy `"answer": "reject"`),
    /// kept as rejected suggestions.
    pub rejected: Vec<Suggestion>,
    /// Tokens and sentences of a token-based file.
    pub layout: Option<TokenLayout>,
    /// Relations between `spans`.
    pub relations: Vec<IncomingRelation>,
    /// Open and rejected relation suggestions (Gloss JSONL).
    pub relation_suggestions: (
        Vec<crate::model::RelationSuggestion>,
        Vec<crate::model::RelationSuggestion>,
    ),
    /// Where the document came from, when the file says (Gloss JSONL).
    pub source: Option<String>,
    /// The file the document was read from, when it is not the imported
    /// path itself (one file of a brat or HF folder), for errors.
    pub file: Option<PathBuf>,
    /// Line (or record) of the file, for errors.
    pub line: usize,
}

/// Everything read from a dataset file: the documents and what the file held
/// that Gloss does not import, counted by kind and reason.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dataset {
    /// The documents.
    pub documents: Vec<Incoming>,
    /// What was not imported and why -> how many.
    pub skipped: BTreeMap<String, usize>,
    /// Facts about how the file was read (offset unit, guessed columns).
    pub notes: Vec<String>,
}

impl Dataset {
    /// Counts `n` skipped things of one kind.
    pub fn skip(&mut self, what: impl Into<String>, n: usize) {
        if n > 0 {
            *self.skipped.entry(what.into()).or_default() += n;
        }
    }
}

impl From<Vec<Incoming>> for Dataset {
    fn from(documents: Vec<Incoming>) -> Self {
        Self {
            documents,
            ..Default::default()
        }
    }
}

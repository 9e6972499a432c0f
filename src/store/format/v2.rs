//! Format version 2, frozen: version 1 plus a document's token layout (the
//! tokens and sentences a CoNLL or Hugging Face import came with) and the
//! extra `meta` facts a dataset file carried. Types that did not change are
//! version 1's. [`into_model`] turns the current version into the model.

use serde::Deserialize;
use std::collections::BTreeMap;

pub use super::v1::{Cleanup, DocEntry, Label, Origin, ProjectFile, Span, Status, Suggestion};

/// `docs/<id>.ron`, version 2.
#[derive(Debug, Deserialize)]
pub struct DocumentFile {
    /// The document.
    pub document: Document,
}

/// A document, version 2.
#[derive(Debug, Deserialize)]
pub struct Document {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Source path or URL.
    #[serde(default)]
    pub source: String,
    /// Publication facts.
    #[serde(default)]
    pub meta: Meta,
    /// What the import changed.
    #[serde(default)]
    pub cleanup: Cleanup,
    /// Status.
    #[serde(default)]
    pub status: Status,
    /// Note.
    #[serde(default)]
    pub note: String,
    /// NFC text with `\n` line endings.
    pub text: String,
    /// Spans.
    #[serde(default)]
    pub spans: Vec<Span>,
    /// Open suggestions.
    #[serde(default)]
    pub suggestions: Vec<Suggestion>,
    /// Rejected suggestions.
    #[serde(default)]
    pub rejected: Vec<Suggestion>,
    /// Tokens and sentences of a token-based import.
    #[serde(default)]
    pub layout: Option<TokenLayout>,
}

/// Publication facts, version 2.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Meta {
    /// `yyyy-mm-dd`.
    pub date: Option<String>,
    /// Address.
    pub url: Option<String>,
    /// Author(s).
    pub author: Option<String>,
    /// Other facts (JSON text per key).
    pub extra: BTreeMap<String, String>,
}

/// Token layout, version 2.
#[derive(Debug, Deserialize)]
pub struct TokenLayout {
    /// Char ranges of the tokens.
    pub tokens: Vec<(usize, usize)>,
    /// Index of the first token of each sentence.
    #[serde(default)]
    pub sentence_starts: Vec<usize>,
}

/// Version 2 is the current version: its files become the model directly.
pub mod into_model {
    use super::*;
    use crate::model as m;

    fn status(s: Status) -> m::Status {
        match s {
            Status::Todo => m::Status::Todo,
            Status::InProgress => m::Status::InProgress,
            Status::Done => m::Status::Done,
        }
    }

    fn suggestion(s: Suggestion) -> m::Suggestion {
        m::Suggestion {
            start: s.start,
            end: s.end,
            label: s.label,
            text: s.text,
            source: s.source,
            score: s.score,
        }
    }

    /// The labels.
    pub fn labels(labels: Vec<Label>) -> Vec<m::Label> {
        labels
            .into_iter()
            .map(|l| m::Label {
                name: l.name,
                color: l.color,
                hotkey: l.hotkey,
                description: l.description,
            })
            .collect()
    }

    /// An index entry's status.
    pub fn entry_status(e: &DocEntry) -> m::Status {
        status(e.status)
    }

    /// A document.
    pub fn document(d: Document) -> m::Document {
        m::Document {
            id: d.id,
            title: d.title,
            source: d.source,
            meta: m::Meta {
                date: d.meta.date,
                url: d.meta.url,
                author: d.meta.author,
                extra: d.meta.extra,
            },
            cleanup: m::Cleanup {
                bom_removed: d.cleanup.bom_removed,
                line_endings_fixed: d.cleanup.line_endings_fixed,
                nfc_normalized: d.cleanup.nfc_normalized,
            },
            status: status(d.status),
            note: d.note,
            text: d.text,
            spans: d
                .spans
                .into_iter()
                .map(|s| m::Span {
                    id: s.id,
                    start: s.start,
                    end: s.end,
                    label: s.label,
                    text: s.text,
                    origin: match s.origin {
                        Origin::Manual => m::Origin::Manual,
                        Origin::Suggested {
                            source,
                            score,
                            corrected,
                        } => m::Origin::Suggested {
                            source,
                            score,
                            corrected,
                        },
                        Origin::Imported { source } => m::Origin::Imported { source },
                    },
                    note: s.note,
                })
                .collect(),
            suggestions: d.suggestions.into_iter().map(suggestion).collect(),
            rejected: d.rejected.into_iter().map(suggestion).collect(),
            layout: d.layout.map(|l| m::TokenLayout {
                tokens: l.tokens,
                sentence_starts: l.sentence_starts,
            }),
        }
    }
}

//! Format version 4, frozen: version 3 plus teams. `project.ron` declares
//! `annotators` (names: ASCII letters, digits, `-`, `_`) and each index entry
//! its `assigned` annotators; a span's origin may be `Curated(from: [..])`
//! (the annotators it was taken from into the gold layer). Annotator layers
//! (`annotations/<annotator>/<doc-id>.ron`) are read by `store::layers`.
//! Types that did not change are version 3's. [`into_model`] turns the
//! current version into the model.

use serde::Deserialize;

pub use super::v3::{
    Cleanup, Label, Meta, RelationSuggestion, RelationType, Status, Suggestion, TokenLayout,
};

/// `project.ron`, version 4.
#[derive(Debug, Deserialize)]
pub struct ProjectFile {
    /// Project name.
    pub name: String,
    /// Labels.
    pub labels: Vec<Label>,
    /// Relation types.
    #[serde(default)]
    pub relation_types: Vec<RelationType>,
    /// Annotator names.
    #[serde(default)]
    pub annotators: Vec<String>,
    /// The index.
    pub documents: Vec<DocEntry>,
}

/// One document in the index, version 4.
#[derive(Debug, Deserialize)]
pub struct DocEntry {
    /// Document id.
    pub id: String,
    /// Title copy.
    pub title: String,
    /// `docs/<id>.ron`.
    pub file: String,
    /// Status copy (of the gold layer).
    #[serde(default)]
    pub status: Status,
    /// Annotators the document is assigned to.
    #[serde(default)]
    pub assigned: Vec<String>,
}

/// Where a span came from, version 4.
#[derive(Debug, Default, Deserialize)]
pub enum Origin {
    /// Drawn by an editor.
    #[default]
    Manual,
    /// Accepted suggestion.
    Suggested {
        /// Extractor.
        source: String,
        /// Confidence.
        score: f64,
        /// Changed before accepting.
        #[serde(default)]
        corrected: bool,
    },
    /// Imported.
    Imported {
        /// From where.
        source: String,
    },
    /// Taken from annotators' layers into the gold layer.
    Curated {
        /// The annotators.
        from: Vec<String>,
    },
}

/// A span, version 4.
#[derive(Debug, Deserialize)]
pub struct Span {
    /// Id.
    pub id: u64,
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// Label.
    pub label: String,
    /// Covered text.
    pub text: String,
    /// Who made it.
    #[serde(default)]
    pub origin: Origin,
    /// Note.
    #[serde(default)]
    pub note: String,
}

/// `docs/<id>.ron`, version 4.
#[derive(Debug, Deserialize)]
pub struct DocumentFile {
    /// The document.
    pub document: Document,
}

/// A document, version 4.
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
    /// Relations.
    #[serde(default)]
    pub relations: Vec<Relation>,
    /// Highest relation id ever given.
    #[serde(default)]
    pub last_relation_id: u64,
    /// Open relation suggestions.
    #[serde(default)]
    pub relation_suggestions: Vec<RelationSuggestion>,
    /// Rejected relation suggestions.
    #[serde(default)]
    pub rejected_relations: Vec<RelationSuggestion>,
}

/// A relation, version 4.
#[derive(Debug, Deserialize)]
pub struct Relation {
    /// Id.
    pub id: u64,
    /// Relation type.
    pub label: String,
    /// Span id of the start.
    pub from: u64,
    /// Span id of the end.
    pub to: u64,
    /// Who made it.
    #[serde(default)]
    pub origin: Origin,
    /// Note.
    #[serde(default)]
    pub note: String,
}

/// Version 4 is the current version: its files become the model directly.
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

    fn origin(o: Origin) -> m::Origin {
        match o {
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
            Origin::Curated { from } => m::Origin::Curated { from },
        }
    }

    fn relation_suggestion(s: RelationSuggestion) -> m::RelationSuggestion {
        m::RelationSuggestion {
            label: s.label,
            from: s.from,
            to: s.to,
            source: s.source,
            score: s.score,
        }
    }

    /// The relation types.
    pub fn relation_types(types: Vec<RelationType>) -> Vec<m::RelationType> {
        types
            .into_iter()
            .map(|t| m::RelationType {
                name: t.name,
                color: t.color,
                hotkey: t.hotkey,
                from: t.from,
                to: t.to,
                description: t.description,
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
                    origin: origin(s.origin),
                    note: s.note,
                })
                .collect(),
            suggestions: d.suggestions.into_iter().map(suggestion).collect(),
            rejected: d.rejected.into_iter().map(suggestion).collect(),
            layout: d.layout.map(|l| m::TokenLayout {
                tokens: l.tokens,
                sentence_starts: l.sentence_starts,
            }),
            relations: d
                .relations
                .into_iter()
                .map(|r| m::Relation {
                    id: r.id,
                    label: r.label,
                    from: r.from,
                    to: r.to,
                    origin: origin(r.origin),
                    note: r.note,
                })
                .collect(),
            last_relation_id: d.last_relation_id,
            relation_suggestions: d
                .relation_suggestions
                .into_iter()
                .map(relation_suggestion)
                .collect(),
            rejected_relations: d
                .rejected_relations
                .into_iter()
                .map(relation_suggestion)
                .collect(),
        }
    }
}

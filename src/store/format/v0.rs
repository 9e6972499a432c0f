//! Format version 0 (pre-release draft), frozen: labels were bare names, the
//! index had no status, documents had no status, source, meta or notes, and
//! spans had no origin. Never written; read only to migrate to version 1.

use serde::Deserialize;

/// `project.ron`, version 0.
#[derive(Debug, Deserialize)]
pub struct ProjectFile {
    /// Project name.
    pub name: String,
    /// Label names.
    pub labels: Vec<String>,
    /// The index.
    pub documents: Vec<DocEntry>,
}

/// One index entry, version 0.
#[derive(Debug, Deserialize)]
pub struct DocEntry {
    /// Document id.
    pub id: String,
    /// Title.
    pub title: String,
    /// `docs/<id>.ron`.
    pub file: String,
}

/// `docs/<id>.ron`, version 0.
#[derive(Debug, Deserialize)]
pub struct DocumentFile {
    /// The document.
    pub document: Document,
}

/// A document, version 0.
#[derive(Debug, Deserialize)]
pub struct Document {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// NFC text.
    pub text: String,
    /// Spans.
    #[serde(default)]
    pub spans: Vec<Span>,
}

/// A span, version 0.
#[derive(Debug, Deserialize)]
pub struct Span {
    /// Id.
    pub id: u64,
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// Label name.
    pub label: String,
    /// Covered text.
    pub text: String,
}

/// Version 0 → 1: labels get the default colors, hotkeys by position and
/// descriptions where the name is a default label; statuses start as to do.
pub fn migrate_project(old: ProjectFile) -> super::v1::ProjectFile {
    use super::v1;
    let defaults = crate::model::default_labels();
    super::v1::ProjectFile {
        name: old.name,
        labels: old
            .labels
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let l = defaults
                    .iter()
                    .find(|d| &d.name == name)
                    .cloned()
                    .unwrap_or_else(|| crate::model::Label::new(name, i));
                v1::Label {
                    name: l.name,
                    color: l.color,
                    hotkey: char::from_digit(i as u32 + 1, 10).filter(|_| i < 9),
                    description: l.description,
                }
            })
            .collect(),
        documents: old
            .documents
            .into_iter()
            .map(|d| v1::DocEntry {
                id: d.id,
                title: d.title,
                file: d.file,
                status: v1::Status::Todo,
            })
            .collect(),
    }
}

/// Version 0 → 1 of a document file: spans become manual, nothing else is
/// known yet.
pub fn migrate_document(old: DocumentFile) -> super::v1::DocumentFile {
    use super::v1;
    let d = old.document;
    v1::DocumentFile {
        document: v1::Document {
            id: d.id,
            title: d.title,
            source: String::new(),
            meta: v1::Meta::default(),
            cleanup: v1::Cleanup::default(),
            status: v1::Status::Todo,
            note: String::new(),
            text: d.text,
            spans: d
                .spans
                .into_iter()
                .map(|s| v1::Span {
                    id: s.id,
                    start: s.start,
                    end: s.end,
                    label: s.label,
                    text: s.text,
                    origin: v1::Origin::Manual,
                    note: String::new(),
                })
                .collect(),
            suggestions: Vec::new(),
            rejected: Vec::new(),
        },
    }
}

//! Format version 1, frozen: the shapes of `project.ron` and `docs/<id>.ron`
//! as version 1 wrote them, with their own types so that a later change to
//! the model cannot change how a version 1 file is read. Version 2 reuses the
//! types that did not change; [`migrate_document`] goes from 1 to 2.

use serde::Deserialize;

/// `project.ron`, version 1 (its `format_version` is read separately).
#[derive(Debug, Deserialize)]
pub struct ProjectFile {
    /// Project name.
    pub name: String,
    /// Labels.
    pub labels: Vec<Label>,
    /// The index.
    pub documents: Vec<DocEntry>,
}

/// A label, version 1.
#[derive(Debug, Deserialize)]
pub struct Label {
    /// Name.
    pub name: String,
    /// `#rrggbb`.
    pub color: String,
    /// `'1'`..`'9'`.
    #[serde(default)]
    pub hotkey: Option<char>,
    /// What it covers.
    #[serde(default)]
    pub description: String,
}

/// One index entry, version 1.
#[derive(Debug, Deserialize)]
pub struct DocEntry {
    /// Document id.
    pub id: String,
    /// Title copy.
    pub title: String,
    /// `docs/<id>.ron`.
    pub file: String,
    /// Status copy.
    #[serde(default)]
    pub status: Status,
}

/// Review status, version 1.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
pub enum Status {
    /// Not started.
    #[default]
    Todo,
    /// Started.
    InProgress,
    /// Done.
    Done,
}

/// `docs/<id>.ron`, version 1.
#[derive(Debug, Deserialize)]
pub struct DocumentFile {
    /// The document.
    pub document: Document,
}

/// A document, version 1.
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
}

/// Publication facts, version 1.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Meta {
    /// `yyyy-mm-dd`.
    pub date: Option<String>,
    /// Address.
    pub url: Option<String>,
    /// Author(s).
    pub author: Option<String>,
}

/// Import clean-up record, version 1.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Cleanup {
    /// BOM removed.
    pub bom_removed: bool,
    /// Line endings fixed.
    pub line_endings_fixed: bool,
    /// NFC applied.
    pub nfc_normalized: bool,
}

/// A span, version 1.
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

/// Where a span came from, version 1.
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
}

/// A suggestion, version 1.
#[derive(Debug, Deserialize)]
pub struct Suggestion {
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// Label.
    pub label: String,
    /// Covered text.
    pub text: String,
    /// Extractor.
    pub source: String,
    /// Confidence.
    pub score: f64,
}

/// Version 1 → 2 of a document file: no token layout and no extra meta
/// (both were new in version 2); everything else carries over unchanged.
pub fn migrate_document(old: DocumentFile) -> super::v2::DocumentFile {
    use super::v2;
    let d = old.document;
    v2::DocumentFile {
        document: v2::Document {
            id: d.id,
            title: d.title,
            source: d.source,
            meta: v2::Meta {
                date: d.meta.date,
                url: d.meta.url,
                author: d.meta.author,
                extra: Default::default(),
            },
            cleanup: d.cleanup,
            status: d.status,
            note: d.note,
            text: d.text,
            spans: d.spans,
            suggestions: d.suggestions,
            rejected: d.rejected,
            layout: None,
        },
    }
}

//! Format version 2, frozen: version 1 plus a document's token layout (the
//! tokens and sentences a CoNLL or Hugging Face import came with) and the
//! extra `meta` facts a dataset file carried. Types that did not change are
//! version 1's. [`migrate_project`] and [`migrate_document`] go from 2 to 3.

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

/// Version 2 → 3 of `project.ron`: the project gets the default relation
/// types its labels allow (`holds`, `reported-by`); nothing else changes.
pub fn migrate_project(old: ProjectFile) -> super::v3::ProjectFile {
    use super::v3;
    let names: Vec<&str> = old.labels.iter().map(|l| l.name.as_str()).collect();
    let relation_types = v3::default_relation_types(&names);
    v3::ProjectFile {
        name: old.name,
        labels: old.labels,
        relation_types,
        documents: old.documents,
    }
}

/// Version 2 → 3 of a document file: no relations yet.
pub fn migrate_document(old: DocumentFile) -> super::v3::DocumentFile {
    use super::v3;
    let d = old.document;
    v3::DocumentFile {
        document: v3::Document {
            id: d.id,
            title: d.title,
            source: d.source,
            meta: d.meta,
            cleanup: d.cleanup,
            status: d.status,
            note: d.note,
            text: d.text,
            spans: d.spans,
            suggestions: d.suggestions,
            rejected: d.rejected,
            layout: d.layout,
            relations: Vec::new(),
            last_relation_id: 0,
            relation_suggestions: Vec::new(),
            rejected_relations: Vec::new(),
        },
    }
}

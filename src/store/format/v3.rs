//! Format version 3, frozen: version 2 plus relations. `project.ron` declares
//! `relation_types` (name, color, hotkey, the labels allowed at each end); a
//! document file holds `relations` (sorted by id), `last_relation_id` (ids
//! are never reused), and open and rejected `relation_suggestions`. Types
//! that did not change are version 2's. [`migrate_project`] and
//! [`migrate_document`] go from 3 to 4.

use serde::Deserialize;

pub use super::v2::{
    Cleanup, DocEntry, Label, Meta, Origin, Span, Status, Suggestion, TokenLayout,
};

/// `project.ron`, version 3.
#[derive(Debug, Deserialize)]
pub struct ProjectFile {
    /// Project name.
    pub name: String,
    /// Labels.
    pub labels: Vec<Label>,
    /// Relation types.
    #[serde(default)]
    pub relation_types: Vec<RelationType>,
    /// The index.
    pub documents: Vec<DocEntry>,
}

/// A relation type, version 3.
#[derive(Debug, Deserialize)]
pub struct RelationType {
    /// Name.
    pub name: String,
    /// `#rrggbb`.
    pub color: String,
    /// A letter.
    #[serde(default)]
    pub hotkey: Option<char>,
    /// Labels allowed at the start.
    pub from: Vec<String>,
    /// Labels allowed at the end.
    pub to: Vec<String>,
    /// What it means.
    #[serde(default)]
    pub description: String,
}

/// The relation types version 3 gives a project migrated from version 2
/// with these labels: `holds` (person -> position) and `reported-by`
/// (metric|target -> person|position), keeping only labels it has. Frozen
/// here (not taken from the model) so later defaults cannot change a
/// migration.
pub fn default_relation_types(labels: &[&str]) -> Vec<RelationType> {
    let keep = |list: &[&str]| -> Vec<String> {
        list.iter()
            .filter(|l| labels.contains(l))
            .map(|l| (*l).to_owned())
            .collect()
    };
    [
        RelationType {
            name: "holds".into(),
            color: "#0f766e".into(),
            hotkey: Some('h'),
            from: keep(&["person"]),
            to: keep(&["position"]),
            description:
                "The person holds (or held, or is elected to) the position, as the article states."
                    .into(),
        },
        RelationType {
            name: "reported-by".into(),
            color: "#9333ea".into(),
            hotkey: Some('r'),
            from: keep(&["metric", "target"]),
            to: keep(&["person", "position"]),
            description: "The figure or goal is given on the word of this person or office.".into(),
        },
    ]
    .into_iter()
    .filter(|t| !t.from.is_empty() && !t.to.is_empty())
    .collect()
}

/// `docs/<id>.ron`, version 3.
#[derive(Debug, Deserialize)]
pub struct DocumentFile {
    /// The document.
    pub document: Document,
}

/// A document, version 3.
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

/// A relation, version 3.
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

/// A relation suggestion, version 3: ends as (start, end, label).
#[derive(Debug, Deserialize)]
pub struct RelationSuggestion {
    /// Relation type.
    pub label: String,
    /// Start end.
    pub from: (usize, usize, String),
    /// Other end.
    pub to: (usize, usize, String),
    /// Extractor.
    pub source: String,
    /// Confidence.
    pub score: f64,
}

/// Version 3 -> 4 of `project.ron`: no annotators, nothing assigned.
pub fn migrate_project(old: ProjectFile) -> super::v4::ProjectFile {
    use super::v4;
    v4::ProjectFile {
        name: old.name,
        labels: old.labels,
        relation_types: old.relation_types,
        annotators: Vec::new(),
        documents: old
            .documents
            .into_iter()
            .map(|e| v4::DocEntry {
                id: e.id,
                title: e.title,
                file: e.file,
                status: e.status,
                assigned: Vec::new(),
            })
            .collect(),
    }
}

fn migrate_origin(o: Origin) -> super::v4::Origin {
    use super::v4;
    match o {
        Origin::Manual => v4::Origin::Manual,
        Origin::Suggested {
            source,
            score,
            corrected,
        } => v4::Origin::Suggested {
            source,
            score,
            corrected,
        },
        Origin::Imported { source } => v4::Origin::Imported { source },
    }
}

/// Version 3 -> 4 of a document file: the same document (origins gain a
/// variant).
pub fn migrate_document(old: DocumentFile) -> super::v4::DocumentFile {
    use super::v4;
    let d = old.document;
    v4::DocumentFile {
        document: v4::Document {
            id: d.id,
            title: d.title,
            source: d.source,
            meta: d.meta,
            cleanup: d.cleanup,
            status: d.status,
            note: d.note,
            text: d.text,
            spans: d
                .spans
                .into_iter()
                .map(|s| v4::Span {
                    id: s.id,
                    start: s.start,
                    end: s.end,
                    label: s.label,
                    text: s.text,
                    origin: migrate_origin(s.origin),
                    note: s.note,
                })
                .collect(),
            suggestions: d.suggestions,
            rejected: d.rejected,
            layout: d.layout,
            relations: d
                .relations
                .into_iter()
                .map(|r| v4::Relation {
                    id: r.id,
                    label: r.label,
                    from: r.from,
                    to: r.to,
                    origin: migrate_origin(r.origin),
                    note: r.note,
                })
                .collect(),
            last_relation_id: d.last_relation_id,
            relation_suggestions: d.relation_suggestions,
            rejected_relations: d.rejected_relations,
        },
    }
}

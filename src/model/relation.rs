//! Relations: a directed, typed link between two spans of one document
//! (`person --holds--> position`), and the relation types a project declares.
//!
//! Invariants (checked by [`Document::relation_problems`](super::Document::relation_problems)
//! at load and by the edit layer): a relation's ends are two different spans
//! of its document, its type is declared, the labels of its ends are allowed
//! by the type, no two relations share (type, from, to), ids are unique and
//! never reused within a document (the document remembers the highest id it
//! ever gave).

use super::{Origin, SpanId};
use serde::{Deserialize, Serialize};

/// Identifies a relation within its document; never reused.
pub type RelationId = u64;

/// A directed link between two spans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// Unique within the document, never reused.
    pub id: RelationId,
    /// Name of a project relation type (`holds`).
    pub label: String,
    /// The span the relation starts at (`person` for `holds`).
    pub from: SpanId,
    /// The span it points to (`position` for `holds`).
    pub to: SpanId,
    /// Who made it.
    #[serde(default)]
    pub origin: Origin,
    /// Free note by the editor.
    #[serde(default)]
    pub note: String,
}

/// A kind of relation a project allows, with the span labels allowed at each
/// end (brat's `[relations]` `Arg1:person, Arg2:position`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationType {
    /// Short name used in files and exports; no whitespace.
    pub name: String,
    /// Display color as `#rrggbb`.
    pub color: String,
    /// Key that applies the type while linking (a letter).
    #[serde(default)]
    pub hotkey: Option<char>,
    /// Labels allowed at the start of the relation.
    pub from: Vec<String>,
    /// Labels allowed at its end.
    pub to: Vec<String>,
    /// What the relation means (shown in the GUI).
    #[serde(default)]
    pub description: String,
}

impl RelationType {
    /// Whether a relation of this type may go from a span labeled `from` to
    /// one labeled `to`.
    pub fn allows(&self, from: &str, to: &str) -> bool {
        self.from.iter().any(|l| l == from) && self.to.iter().any(|l| l == to)
    }

    /// `person -> position`, `metric|target -> person|position` (for messages).
    pub fn signature(&self) -> String {
        format!("{} -> {}", self.from.join("|"), self.to.join("|"))
    }
}

/// An end of a relation suggestion: (start, end, label).
pub type RelationEnd = (usize, usize, String);

/// A relation proposed by an extractor, waiting for review. Its ends are
/// given by place and label (not span id), so it can point at spans that
/// are themselves still suggestions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelationSuggestion {
    /// Proposed relation type.
    pub label: String,
    /// The start end: (start, end, label) of a span or span suggestion.
    pub from: (usize, usize, String),
    /// The other end.
    pub to: (usize, usize, String),
    /// The extractor.
    pub source: String,
    /// Its confidence, 0..=1.
    pub score: f64,
}

impl RelationSuggestion {
    /// The order of files: (from, to, label, source).
    pub fn key(&self) -> (&RelationEnd, &RelationEnd, &str, &str) {
        (&self.from, &self.to, &self.label, &self.source)
    }
}

/// The relation types of a new project: `holds` (person -> position) and
/// `reported-by` (metric or target -> person or position), keeping only
/// labels the project has; a type left without an end is not offered.
pub fn default_relation_types(labels: &[super::Label]) -> Vec<RelationType> {
    let has = |n: &&&str| labels.iter().any(|l| l.name == **n);
    let make =
        |name: &str, color: &str, hotkey: char, from: &[&str], to: &[&str], d: &str| RelationType {
            name: name.to_owned(),
            color: color.to_owned(),
            hotkey: Some(hotkey),
            from: from.iter().filter(has).map(|s| (*s).to_owned()).collect(),
            to: to.iter().filter(has).map(|s| (*s).to_owned()).collect(),
            description: d.to_owned(),
        };
    [
        make(
            "holds",
            "#0f766e",
            'h',
            &["person"],
            &["position"],
            "The person holds (or held, or is elected to) the position, as the article states.",
        ),
        make(
            "reported-by",
            "#9333ea",
            'r',
            &["metric", "target"],
            &["person", "position"],
            "The figure or goal is given on the word of this person or office.",
        ),
    ]
    .into_iter()
    .filter(|t| !t.from.is_empty() && !t.to.is_empty())
    .collect()
}

/// Problems with a relation type set against the labels: names, colors,
/// hotkeys, ends (the same checks at load and in the settings dialog).
pub fn relation_type_problems(
    types: &[RelationType],
    labels: &[super::Label],
) -> Vec<super::Problem> {
    let mut out = Vec::new();
    let mut problem = |message: String, fix: &str| {
        out.push(super::Problem {
            span: None,
            message,
            fix: fix.to_owned(),
        })
    };
    for (i, t) in types.iter().enumerate() {
        if t.name.is_empty()
            || t.name.contains(char::is_whitespace)
            || super::id::first_unsafe_char(&t.name).is_some()
        {
            problem(
                format!("relation type {:?} is empty or contains whitespace", t.name),
                "use a short name without spaces, e.g. \"holds\"",
            );
        }
        if types[..i].iter().any(|o| o.name == t.name) {
            problem(
                format!("relation type {:?} is defined twice", t.name),
                "remove one of them",
            );
        }
        if labels.iter().any(|l| l.name == t.name) {
            problem(
                format!("relation type {:?} has the name of a label", t.name),
                "give relation types names no label uses",
            );
        }
        if super::parse_color(&t.color).is_none() {
            problem(
                format!("relation type {:?} has color {:?}", t.name, t.color),
                "write the color as \"#rrggbb\", e.g. \"#0f766e\"",
            );
        }
        if let Some(k) = t.hotkey {
            if !k.is_ascii_alphabetic() {
                problem(
                    format!("relation type {:?} has hotkey {k:?}", t.name),
                    "use a letter (a-z) as a relation type's hotkey, or none",
                );
            } else if types[..i]
                .iter()
                .any(|o| o.hotkey.map(|h| h.to_ascii_lowercase()) == Some(k.to_ascii_lowercase()))
            {
                problem(
                    format!(
                        "hotkey {k:?} of relation type {:?} is used by another type",
                        t.name
                    ),
                    "give each relation type its own hotkey letter or none",
                );
            }
        }
        for (end, list) in [("from", &t.from), ("to", &t.to)] {
            if list.is_empty() {
                problem(
                    format!(
                        "relation type {:?} allows no label at its {end} end",
                        t.name
                    ),
                    &format!("list at least one label in its `{end}`, e.g. [\"person\"]"),
                );
            }
            for l in list.iter() {
                if !labels.iter().any(|x| &x.name == l) {
                    problem(
                        format!(
                            "relation type {:?} allows label {l:?} at its {end} end, but there is no such label",
                            t.name
                        ),
                        "add the label to the project, or remove it from the relation type",
                    );
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::default_labels;

    #[test]
    fn defaults_follow_the_labels() {
        let labels = default_labels();
        let types = default_relation_types(&labels);
        assert_eq!(types.len(), 2);
        assert!(types[0].allows("person", "position"));
        assert!(!types[0].allows("position", "person"));
        assert!(types[1].allows("target", "position"));
        assert!(!types[1].allows("person", "metric"));
        assert!(relation_type_problems(&types, &labels).is_empty());
        assert_eq!(types[1].signature(), "metric|target -> person|position");
        // Without metric and target, reported-by has no start and is left out.
        let few: Vec<_> = labels.into_iter().take(2).collect();
        let types = default_relation_types(&few);
        assert_eq!(types.len(), 1);
        assert_eq!(types[0].name, "holds");
    }

    #[test]
    fn type_problems_found() {
        let labels = default_labels();
        let mut types = default_relation_types(&labels);
        types[1].hotkey = Some('H');
        types[1].to.push("place".into());
        types[0].from.clear();
        types[0].color = "teal".into();
        let all: Vec<String> = relation_type_problems(&types, &labels)
            .into_iter()
            .map(|p| p.message)
            .collect();
        assert_eq!(all.len(), 4, "{all:?}");
        assert!(all.iter().any(|m| m.contains("no such label")), "{all:?}");
        assert!(all.iter().any(|m| m.contains("hotkey 'H'")), "{all:?}");
    }
}

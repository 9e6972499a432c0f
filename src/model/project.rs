//! A project: the label set and the documents annotated with it.

use super::{Document, Label, Problem, RelationType};

/// Everything an editor works on at once.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Project {
    /// Display name.
    pub name: String,
    /// Labels in display order (hotkeys 1-9 follow this order by default).
    pub labels: Vec<Label>,
    /// Documents in the order of the project index.
    pub documents: Vec<Document>,
    /// Relation types in display order.
    pub relation_types: Vec<RelationType>,
    /// The team's annotators (names: ASCII letters, digits, `-`, `_`),
    /// sorted; empty for a project annotated directly in the gold layer.
    pub annotators: Vec<String>,
    /// Document id -> the annotators it is assigned to (sorted); documents
    /// not listed are assigned to nobody.
    pub assignments: std::collections::BTreeMap<String, Vec<String>>,
}

impl Project {
    /// An empty project with the given labels and the default relation
    /// types those labels allow ([`super::default_relation_types`]).
    pub fn new(name: &str, labels: Vec<Label>) -> Self {
        Self {
            name: name.to_owned(),
            relation_types: super::default_relation_types(&labels),
            labels,
            documents: Vec::new(),
            annotators: Vec::new(),
            assignments: Default::default(),
        }
    }

    /// The relation type with this name.
    pub fn relation_type(&self, name: &str) -> Option<&RelationType> {
        self.relation_types.iter().find(|t| t.name == name)
    }

    /// The relation type a hotkey applies (letters, case-insensitive).
    pub fn relation_type_for_hotkey(&self, key: char) -> Option<&RelationType> {
        self.relation_types
            .iter()
            .find(|t| t.hotkey.map(|h| h.to_ascii_lowercase()) == Some(key.to_ascii_lowercase()))
    }

    /// The label with this name.
    pub fn label(&self, name: &str) -> Option<&Label> {
        self.labels.iter().find(|l| l.name == name)
    }

    /// The label a hotkey applies (`'1'`..`'9'`), as `project.ron` assigns
    /// hotkeys (in any order, possibly with gaps).
    pub fn label_for_hotkey(&self, key: char) -> Option<&Label> {
        self.labels.iter().find(|l| l.hotkey == Some(key))
    }

    /// The label names, comma-separated (for messages).
    pub fn label_names(&self) -> String {
        self.labels
            .iter()
            .map(|l| l.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The document with this id.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == id)
    }

    /// The document with this id, mutably.
    pub fn document_mut(&mut self, id: &str) -> Option<&mut Document> {
        self.documents.iter_mut().find(|d| d.id == id)
    }

    /// Problems with the label set itself (names, colors, hotkeys) and with
    /// the relation types against it.
    pub fn label_problems(&self) -> Vec<Problem> {
        let mut out = super::relation_type_problems(&self.relation_types, &self.labels);
        let mut problem = |message: String, fix: &str| {
            out.push(Problem {
                span: None,
                message,
                fix: fix.to_owned(),
            })
        };
        for (i, l) in self.labels.iter().enumerate() {
            if l.name.is_empty() || l.name.contains(char::is_whitespace) {
                problem(
                    format!("label {:?} is empty or contains whitespace", l.name),
                    "use a short name without spaces, e.g. \"person\"",
                );
            }
            if self.labels[..i].iter().any(|o| o.name == l.name) {
                problem(
                    format!("label {:?} is defined twice", l.name),
                    "remove one of them",
                );
            }
            if super::parse_color(&l.color).is_none() {
                problem(
                    format!("label {:?} has color {:?}", l.name, l.color),
                    "write the color as \"#rrggbb\", e.g. \"#3b82f6\"",
                );
            }
            if let Some(k) = l.hotkey {
                if self.labels[..i].iter().any(|o| o.hotkey == Some(k)) {
                    problem(
                        format!(
                            "hotkey {k:?} of label {:?} is used by another label",
                            l.name
                        ),
                        "give each label its own hotkey (1-9) or none",
                    );
                }
            }
        }
        out
    }

    /// A document id derived from `stem` that no document uses yet: lowercase
    /// ASCII letters, digits and `-` (Vietnamese letters lose their marks).
    /// For many ids at once use an [`IdAllocator`] (this builds one).
    pub fn fresh_document_id(&self, stem: &str) -> String {
        IdAllocator::new(self).fresh(stem)
    }
}

/// The readable base of an id made from `stem` (a title or file name).
fn id_base(stem: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut base = String::new();
    for c in stem.nfd() {
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            base.push(c);
        } else if (c.is_whitespace() || matches!(c, '-' | '_' | '.'))
            && !base.ends_with('-')
            && !base.is_empty()
        {
            base.push('-');
        }
    }
    let base = base.trim_end_matches('-');
    let base = if base.is_empty() { "doc" } else { base };
    base.chars().take(60).collect()
}

/// Hands out document ids that no document of a project (nor an earlier id
/// from this allocator) uses, in amortized constant time: the taken ids are
/// kept lowercased (one file on a case-insensitive file system) and the next
/// free suffix is remembered per base, so `doc`, `doc-2`, `doc-3`... are not
/// probed from the start each time.
#[derive(Debug, Clone, Default)]
pub struct IdAllocator {
    taken: std::collections::HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

impl IdAllocator {
    /// An allocator for ids not used in `project`.
    pub fn new(project: &Project) -> Self {
        Self {
            taken: project
                .documents
                .iter()
                .map(|d| d.id.to_ascii_lowercase())
                .collect(),
            next: Default::default(),
        }
    }

    /// Whether `id` is taken (case-insensitively).
    pub fn is_taken(&self, id: &str) -> bool {
        self.taken.contains(&id.to_ascii_lowercase())
    }

    /// Marks `id` as taken; false when it already was.
    pub fn take(&mut self, id: &str) -> bool {
        self.taken.insert(id.to_ascii_lowercase())
    }

    /// A fresh id derived from `stem`, marked as taken: a safe file name
    /// (not a Windows device name), unique case-insensitively.
    pub fn fresh(&mut self, stem: &str) -> String {
        let base = id_base(stem);
        let mut n = self.next.get(&base).copied().unwrap_or(1);
        loop {
            let id = if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            n += 1;
            if super::id::check_document_id(&id).is_ok() && self.take(&id) {
                self.next.insert(base, n);
                return id;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::default_labels;

    #[test]
    fn fresh_ids_are_ascii_and_unique() {
        let mut p = Project::new("p", default_labels());
        assert_eq!(p.fresh_document_id("Bí thư Đoàn"), "bi-thu-doan");
        p.documents.push(Document::new("bi-thu-doan", "x"));
        assert_eq!(p.fresh_document_id("Bí thư Đoàn"), "bi-thu-doan-2");
        assert_eq!(p.fresh_document_id("😀"), "doc");
        assert_eq!(p.fresh_document_id("CON"), "con-2");
        p.documents.push(Document::new("Tin", "x"));
        assert_eq!(p.fresh_document_id("tin"), "tin-2");
    }

    #[test]
    fn label_problems_found() {
        let mut p = Project::new("p", default_labels());
        assert!(p.label_problems().is_empty());
        p.labels[1].hotkey = Some('1');
        p.labels[2].color = "green".into();
        p.labels[3].name = "my metric".into();
        // The fourth: reported-by now allows a label ("metric") that is gone.
        assert_eq!(p.label_problems().len(), 4);
    }
}

//! A transaction cut into its documents' parts, for applying a change over
//! thousands of documents a chunk at a time (see
//! `store::workspace::streamed`).
//!
//! Invariant: only transactions whose every edit belongs to one existing
//! document (no project-wide edit, no added or removed document) are cut;
//! such edits of different documents never touch the same data, so the
//! parts apply in any grouping with the same result. Within a document the
//! edits keep their order.

use super::{Edit, Transaction};
use std::collections::HashMap;

/// The edits of one document, in the transaction's order.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentPart {
    /// The document's id.
    pub doc: String,
    /// Its edits.
    pub edits: Vec<Edit>,
}

impl Transaction {
    /// The transaction's edits per document, documents in the order of
    /// their first edit; `None` when some edit is project-wide or adds or
    /// removes a document (see the module doc).
    pub fn by_document(&self) -> Option<Vec<DocumentPart>> {
        let mut parts: Vec<DocumentPart> = Vec::new();
        let mut at: HashMap<&str, usize> = HashMap::new();
        for edit in &self.edits {
            if matches!(edit, Edit::AddDocument { .. } | Edit::RemoveDocument { .. }) {
                return None;
            }
            let doc = edit.doc()?;
            let i = *at.entry(doc).or_insert_with(|| {
                parts.push(DocumentPart {
                    doc: doc.to_owned(),
                    edits: Vec::new(),
                });
                parts.len() - 1
            });
            parts[i].edits.push(edit.clone());
        }
        Some(parts)
    }

    /// A transaction named like this one holding `parts`' edits.
    pub fn of_parts(&self, parts: &[DocumentPart]) -> Transaction {
        Transaction {
            name: self.name.clone(),
            edits: parts.iter().flat_map(|p| p.edits.iter().cloned()).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    fn status(doc: &str, from: Status, to: Status) -> Edit {
        Edit::SetStatus {
            doc: doc.into(),
            from,
            to,
        }
    }

    #[test]
    fn edits_are_grouped_by_document_in_order() {
        let tx = Transaction {
            name: "t".into(),
            edits: vec![
                status("b", Status::Todo, Status::InProgress),
                status("a", Status::Todo, Status::Done),
                status("b", Status::InProgress, Status::Done),
            ],
        };
        let parts = tx.by_document().unwrap();
        assert_eq!(
            parts.iter().map(|p| p.doc.as_str()).collect::<Vec<_>>(),
            ["b", "a"]
        );
        assert_eq!(
            parts[0].edits,
            vec![tx.edits[0].clone(), tx.edits[2].clone()]
        );
        assert_eq!(tx.of_parts(&parts[1..]).edits, vec![tx.edits[1].clone()]);
    }

    #[test]
    fn project_wide_edits_are_not_cut() {
        let tx = Transaction {
            name: "t".into(),
            edits: vec![
                status("a", Status::Todo, Status::Done),
                Edit::AddLabel {
                    label: crate::model::default_labels().remove(0),
                },
            ],
        };
        assert!(tx.by_document().is_none());
    }
}

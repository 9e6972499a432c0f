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
    /// their first edit, each document's edits in order (moved, not
    /// copied); the transaction itself back when some edit is project-wide
    /// or adds or removes a document (see the module doc).
    pub fn into_by_document(self) -> Result<Vec<DocumentPart>, Transaction> {
        let cuttable = self
            .edits
            .iter()
            .all(|e| e.doc().is_some() && !e.is_structural());
        if !cuttable {
            return Err(self);
        }
        let mut parts: Vec<DocumentPart> = Vec::new();
        let mut at: HashMap<String, usize> = HashMap::new();
        for edit in self.edits {
            let doc = edit.doc().unwrap_or_default();
            let i = match at.get(doc) {
                Some(&i) => i,
                None => {
                    at.insert(doc.to_owned(), parts.len());
                    parts.push(DocumentPart {
                        doc: doc.to_owned(),
                        edits: Vec::new(),
                    });
                    parts.len() - 1
                }
            };
            parts[i].edits.push(edit);
        }
        Ok(parts)
    }
}

/// Turns the parts of a transaction into the parts of its inverse, in
/// place (one edit at a time, so no second copy of a big step is made):
/// documents in reverse order, each document's inverse edits in reverse.
pub fn invert_parts(parts: &mut [DocumentPart]) {
    parts.reverse();
    for part in parts.iter_mut() {
        part.edits.reverse();
        for edit in part.edits.iter_mut() {
            *edit = edit.inverse();
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::Status;

    pub(crate) fn status(doc: &str, from: Status, to: Status) -> Edit {
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
        let parts = tx.clone().into_by_document().unwrap();
        assert_eq!(
            parts.iter().map(|p| p.doc.as_str()).collect::<Vec<_>>(),
            ["b", "a"]
        );
        assert_eq!(
            parts[0].edits,
            vec![tx.edits[0].clone(), tx.edits[2].clone()]
        );
        assert_eq!(parts[1].edits, vec![tx.edits[1].clone()]);
    }

    #[test]
    fn the_inverse_of_the_parts_is_the_parts_of_the_inverse() {
        let tx = Transaction {
            name: "t".into(),
            edits: vec![
                status("b", Status::Todo, Status::InProgress),
                status("a", Status::Todo, Status::Done),
                status("b", Status::InProgress, Status::Done),
                status("c", Status::Done, Status::Todo),
            ],
        };
        let mut parts = tx.clone().into_by_document().unwrap();
        invert_parts(&mut parts);
        let mut inverse = tx.inverse().into_by_document().unwrap();
        // The same edits per document; documents in any order.
        parts.sort_by(|x, y| x.doc.cmp(&y.doc));
        inverse.sort_by(|x, y| x.doc.cmp(&y.doc));
        assert_eq!(parts, inverse);
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
        assert_eq!(tx.clone().into_by_document(), Err(tx));
    }
}

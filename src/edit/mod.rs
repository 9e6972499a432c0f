//! Edits as values: every change to a project is an [`Edit`] grouped in a
//! [`Transaction`], applied in one place ([`apply`]) and undone by applying its
//! [`Transaction::inverse`]. [`History`] keeps both directions without limit.
//!
//! Invariant: `apply` either applies a whole transaction or, on the first edit
//! that would break a document invariant, rolls back and changes nothing.

mod apply;
pub mod bulk;
mod by_document;
mod history;
pub mod relations;
pub mod structure;

pub use apply::apply;
pub use by_document::{invert_parts, DocumentPart};
pub use history::{History, Restored};

use crate::model::{
    Document, Label, Origin, Project, Relation, RelationSuggestion, RelationType, Span, SpanId,
    Status, Suggestion,
};
use crate::text::TextIndex;

/// One invertible change to one document.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Adds a span.
    AddSpan {
        /// Document id.
        doc: String,
        /// The new span.
        span: Span,
    },
    /// Removes a span (stored whole, so it can be put back).
    RemoveSpan {
        /// Document id.
        doc: String,
        /// The span as it was.
        span: Span,
    },
    /// Relabels, resizes or re-notes a span (same id before and after).
    ChangeSpan {
        /// Document id.
        doc: String,
        /// The span as it was.
        before: Span,
        /// The span as it becomes.
        after: Span,
    },
    /// Changes a document's review status.
    SetStatus {
        /// Document id.
        doc: String,
        /// Status before.
        from: Status,
        /// Status after.
        to: Status,
    },
    /// Adds a suggestion to the open list.
    AddSuggestion {
        /// Document id.
        doc: String,
        /// The suggestion.
        suggestion: Suggestion,
    },
    /// Removes a suggestion from the open list.
    RemoveSuggestion {
        /// Document id.
        doc: String,
        /// The suggestion as it was.
        suggestion: Suggestion,
    },
    /// Remembers a suggestion as rejected (not proposed again).
    AddRejected {
        /// Document id.
        doc: String,
        /// The suggestion.
        suggestion: Suggestion,
    },
    /// Forgets a rejection.
    RemoveRejected {
        /// Document id.
        doc: String,
        /// The suggestion.
        suggestion: Suggestion,
    },
    /// Changes a document's note.
    SetNote {
        /// Document id.
        doc: String,
        /// Note before.
        from: String,
        /// Note after.
        to: String,
    },
    /// Inserts a whole document into the project index at `index`.
    AddDocument {
        /// Position in the project's document order.
        index: usize,
        /// The document (its id must be free, its spans valid).
        document: Box<Document>,
    },
    /// Removes a whole document (stored whole, so it can be put back).
    RemoveDocument {
        /// Its position in the project's document order.
        index: usize,
        /// The document as it was.
        document: Box<Document>,
    },
    /// Appends a label to the project's label set.
    AddLabel {
        /// The label (its name must be free).
        label: Label,
    },
    /// Removes the last label of the project (no span may use it).
    RemoveLabel {
        /// The label as it was.
        label: Label,
    },
    /// Adds a relation between two spans (its id must be new).
    AddRelation {
        /// Document id.
        doc: String,
        /// The relation.
        relation: Relation,
    },
    /// Removes a relation (stored whole, so it can be put back).
    RemoveRelation {
        /// Document id.
        doc: String,
        /// The relation as it was.
        relation: Relation,
    },
    /// Relabels, reverses or re-notes a relation (same id).
    ChangeRelation {
        /// Document id.
        doc: String,
        /// As it was.
        before: Relation,
        /// As it becomes.
        after: Relation,
    },
    /// Adds a relation suggestion to the open list (`rejected: false`) or
    /// remembers it as rejected (`rejected: true`).
    AddRelationSuggestion {
        /// Document id.
        doc: String,
        /// The suggestion.
        suggestion: RelationSuggestion,
        /// Which list.
        rejected: bool,
    },
    /// Removes a relation suggestion from the open or the rejected list.
    RemoveRelationSuggestion {
        /// Document id.
        doc: String,
        /// The suggestion as it was.
        suggestion: RelationSuggestion,
        /// Which list.
        rejected: bool,
    },
    /// Replaces the project's labels and relation types at once (the
    /// settings dialog: add, rename, recolor, reorder, hotkeys, ends). Every
    /// span and relation must still be valid afterwards; a rename is this
    /// edit plus the span and relation changes, in one transaction.
    SetSchema {
        /// Labels and relation types before.
        before: (Vec<Label>, Vec<RelationType>),
        /// Labels and relation types after.
        after: (Vec<Label>, Vec<RelationType>),
    },
    /// Replaces the team: annotator names and who each document is assigned
    /// to (`gloss assign`). The curator's edit; names must be safe and every
    /// assigned name an annotator.
    SetTeam {
        /// Annotators and assignments before.
        before: Team,
        /// Annotators and assignments after.
        after: Team,
    },
}

/// A project's annotators (sorted) and document id -> assigned annotators.
pub type Team = (Vec<String>, std::collections::BTreeMap<String, Vec<String>>);

impl Edit {
    /// The edit that undoes this one.
    pub fn inverse(&self) -> Edit {
        match self.clone() {
            Edit::AddSpan { doc, span } => Edit::RemoveSpan { doc, span },
            Edit::RemoveSpan { doc, span } => Edit::AddSpan { doc, span },
            Edit::ChangeSpan { doc, before, after } => Edit::ChangeSpan {
                doc,
                before: after,
                after: before,
            },
            Edit::SetStatus { doc, from, to } => Edit::SetStatus {
                doc,
                from: to,
                to: from,
            },
            Edit::SetNote { doc, from, to } => Edit::SetNote {
                doc,
                from: to,
                to: from,
            },
            Edit::AddSuggestion { doc, suggestion } => Edit::RemoveSuggestion { doc, suggestion },
            Edit::RemoveSuggestion { doc, suggestion } => Edit::AddSuggestion { doc, suggestion },
            Edit::AddRejected { doc, suggestion } => Edit::RemoveRejected { doc, suggestion },
            Edit::RemoveRejected { doc, suggestion } => Edit::AddRejected { doc, suggestion },
            Edit::AddDocument { index, document } => Edit::RemoveDocument { index, document },
            Edit::RemoveDocument { index, document } => Edit::AddDocument { index, document },
            Edit::AddLabel { label } => Edit::RemoveLabel { label },
            Edit::RemoveLabel { label } => Edit::AddLabel { label },
            Edit::AddRelation { doc, relation } => Edit::RemoveRelation { doc, relation },
            Edit::RemoveRelation { doc, relation } => Edit::AddRelation { doc, relation },
            Edit::ChangeRelation { doc, before, after } => Edit::ChangeRelation {
                doc,
                before: after,
                after: before,
            },
            Edit::AddRelationSuggestion {
                doc,
                suggestion,
                rejected,
            } => Edit::RemoveRelationSuggestion {
                doc,
                suggestion,
                rejected,
            },
            Edit::RemoveRelationSuggestion {
                doc,
                suggestion,
                rejected,
            } => Edit::AddRelationSuggestion {
                doc,
                suggestion,
                rejected,
            },
            Edit::SetSchema { before, after } => Edit::SetSchema {
                before: after,
                after: before,
            },
            Edit::SetTeam { before, after } => Edit::SetTeam {
                before: after,
                after: before,
            },
        }
    }

    /// Whether the edit changes the project's structure (documents, labels,
    /// schema, team) rather than one document's annotations: refused in an
    /// annotator's layer, and never cut per document.
    pub fn is_structural(&self) -> bool {
        matches!(
            self,
            Edit::AddDocument { .. }
                | Edit::RemoveDocument { .. }
                | Edit::AddLabel { .. }
                | Edit::RemoveLabel { .. }
                | Edit::SetSchema { .. }
                | Edit::SetTeam { .. }
        )
    }

    /// The document this edit changes (`None` for project-wide edits).
    pub fn doc(&self) -> Option<&str> {
        Some(match self {
            Edit::AddSpan { doc, .. }
            | Edit::RemoveSpan { doc, .. }
            | Edit::ChangeSpan { doc, .. }
            | Edit::SetStatus { doc, .. }
            | Edit::SetNote { doc, .. }
            | Edit::AddSuggestion { doc, .. }
            | Edit::RemoveSuggestion { doc, .. }
            | Edit::AddRejected { doc, .. }
            | Edit::RemoveRejected { doc, .. }
            | Edit::AddRelation { doc, .. }
            | Edit::RemoveRelation { doc, .. }
            | Edit::ChangeRelation { doc, .. }
            | Edit::AddRelationSuggestion { doc, .. }
            | Edit::RemoveRelationSuggestion { doc, .. } => doc,
            Edit::AddDocument { document, .. } | Edit::RemoveDocument { document, .. } => {
                &document.id
            }
            Edit::AddLabel { .. }
            | Edit::RemoveLabel { .. }
            | Edit::SetSchema { .. }
            | Edit::SetTeam { .. } => return None,
        })
    }
}

/// Edits that belong together: one user action, one undo step.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Transaction {
    /// What the user did, for the undo menu ("Add person span").
    pub name: String,
    /// The edits, applied in order.
    pub edits: Vec<Edit>,
}

impl Transaction {
    /// A transaction of one edit.
    pub fn single(name: impl Into<String>, edit: Edit) -> Self {
        Self {
            name: name.into(),
            edits: vec![edit],
        }
    }

    /// The transaction that undoes this one (inverse edits in reverse order).
    pub fn inverse(&self) -> Transaction {
        Transaction {
            name: self.name.clone(),
            edits: self.edits.iter().rev().map(Edit::inverse).collect(),
        }
    }

    /// Whether there is nothing to apply.
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }

    /// Ids of the documents changed, sorted, without repeats.
    pub fn documents(&self) -> Vec<String> {
        let set: std::collections::BTreeSet<&str> =
            self.edits.iter().filter_map(Edit::doc).collect();
        set.into_iter().map(str::to_owned).collect()
    }
}

/// Why an edit was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    /// No document with that id.
    #[error("there is no document {0:?}")]
    NoDocument(String),
    /// No span with that id (or it changed meanwhile).
    #[error("document {doc:?} has no span {id} as expected")]
    NoSpan {
        /// Document id.
        doc: String,
        /// Span id.
        id: SpanId,
    },
    /// The span would break an invariant.
    #[error("{0}")]
    Invalid(String),
    /// The document is not in the expected state (status or note changed).
    #[error("document {0:?} changed meanwhile")]
    Stale(String),
    /// A change applied a chunk of documents at a time (an undo or redo of
    /// suggesting in all documents) was done only in part.
    #[error("done in {done} of {total} documents; {why}")]
    Partly {
        /// Documents done.
        done: usize,
        /// Documents the change was for.
        total: usize,
        /// What was not done and why, naming the documents and the fix.
        why: String,
    },
}

/// The status change that marks the first work on a to-do document
/// (to-do → in progress), to add to the transaction of that work.
pub fn start_work(doc: &Document) -> Option<Edit> {
    (doc.status == Status::Todo).then(|| Edit::SetStatus {
        doc: doc.id.clone(),
        from: Status::Todo,
        to: Status::InProgress,
    })
}

/// Builds a span over char range `start..end` of `doc`, taking its text from
/// the document. Fails when the range is empty, out of range or starts/ends
/// with whitespace.
pub fn make_span(
    doc: &Document,
    start: usize,
    end: usize,
    label: &str,
    origin: Origin,
) -> Result<Span, EditError> {
    make_span_indexed(doc, &TextIndex::new(&doc.text), start, end, label, origin)
}

/// [`make_span`] with the document's [`TextIndex`] at hand (many spans on
/// one document: building the index is linear in the text).
pub fn make_span_indexed(
    doc: &Document,
    index: &TextIndex,
    start: usize,
    end: usize,
    label: &str,
    origin: Origin,
) -> Result<Span, EditError> {
    let text = index
        .slice(&doc.text, start, end)
        .filter(|_| start < end)
        .ok_or_else(|| EditError::Invalid(format!("{start}..{end} is not a range of the text")))?;
    Ok(Span {
        id: doc.next_span_id(),
        start,
        end,
        label: label.to_owned(),
        text: text.to_owned(),
        origin,
        note: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::default_labels;

    fn project() -> Project {
        let mut p = Project::new("p", default_labels());
        p.documents.push(Document::new(
            "d",
            "Đồng chí Nguyễn Quốc Đoàn, Bí thư Tỉnh ủy",
        ));
        p
    }

    fn add(p: &Project, start: usize, end: usize, label: &str) -> Edit {
        let span = make_span(&p.documents[0], start, end, label, Origin::Manual).unwrap();
        Edit::AddSpan {
            doc: "d".into(),
            span,
        }
    }

    /// A big transaction finds documents through one id map: documents
    /// added at the front or removed in the middle of it move the others,
    /// and every edit still lands in its own document; the inverse restores
    /// the project.
    #[test]
    fn big_transactions_find_documents_after_documents_moved() {
        let text = "Đồng chí Nguyễn Quốc Đoàn, Bí thư Tỉnh ủy";
        let mut p = Project::new("p", default_labels());
        for i in 0..40 {
            p.documents.push(Document::new(&format!("d{i:02}"), text));
        }
        let before = p.clone();
        // Persons get span id 1, positions id 2.
        let span = |doc: &str, start: usize, end: usize, label: &str| Edit::AddSpan {
            doc: doc.into(),
            span: Span {
                id: if label == "person" { 1 } else { 2 },
                ..make_span(&Document::new(doc, text), start, end, label, Origin::Manual).unwrap()
            },
        };
        let mut edits: Vec<Edit> = (0..40)
            .map(|i| span(&format!("d{i:02}"), 9, 25, "person"))
            .collect();
        edits.push(Edit::AddDocument {
            index: 0,
            document: Box::new(Document::new("new", text)),
        });
        edits.push(span("new", 27, 41, "position"));
        edits.push(span("d39", 27, 41, "position"));
        // d10 as it is by then (with its person span), at 11 after "new".
        let mut scratch = p.clone();
        let first = Transaction {
            name: "first".into(),
            edits: edits[..40].to_vec(),
        };
        apply(&mut scratch, &first).unwrap();
        edits.push(Edit::RemoveDocument {
            index: 11,
            document: Box::new(scratch.documents[10].clone()),
        });
        edits.push(Edit::RemoveSpan {
            doc: "d10".into(),
            span: make_span(&Document::new("d10", text), 9, 25, "person", Origin::Manual).unwrap(),
        });
        let tx = Transaction {
            name: "big".into(),
            edits: edits.clone(),
        };
        // d10 was removed whole (with no span then): the span edit after it
        // finds no document, and the whole transaction is undone.
        assert_eq!(apply(&mut p, &tx), Err(EditError::NoDocument("d10".into())));
        assert_eq!(p, before);
        edits.pop();
        edits.pop();
        edits.push(span("d20", 27, 41, "position"));
        let tx = Transaction {
            name: "big".into(),
            edits,
        };
        apply(&mut p, &tx).unwrap();
        assert_eq!(p.documents.len(), 41);
        assert_eq!(p.documents[0].id, "new");
        assert_eq!(p.documents[0].spans[0].text, "Bí thư Tỉnh ủy");
        for d in &p.documents[1..] {
            let texts: Vec<&str> = d.spans.iter().map(|s| s.text.as_str()).collect();
            let want: &[&str] = match d.id.as_str() {
                "d20" | "d39" => &["Nguyễn Quốc Đoàn", "Bí thư Tỉnh ủy"],
                _ => &["Nguyễn Quốc Đoàn"],
            };
            assert_eq!(texts, want, "{}", d.id);
        }
        apply(&mut p, &tx.inverse()).unwrap();
        assert_eq!(p, before);
    }

    #[test]
    fn add_then_inverse_restores() {
        let mut p = project();
        let before = p.clone();
        let tx = Transaction::single("add", add(&p, 9, 25, "person"));
        apply(&mut p, &tx).unwrap();
        assert_eq!(p.documents[0].spans[0].text, "Nguyễn Quốc Đoàn");
        apply(&mut p, &tx.inverse()).unwrap();
        assert_eq!(p, before);
    }

    #[test]
    fn failing_transaction_changes_nothing() {
        let mut p = project();
        let before = p.clone();
        let a = add(&p, 9, 25, "person");
        let tx = Transaction {
            name: "two".into(),
            edits: vec![
                a.clone(),
                Edit::SetStatus {
                    doc: "d".into(),
                    from: Status::Todo,
                    to: Status::Done,
                },
                // Same label overlapping the first: refused, so all is rolled back.
                Edit::AddSpan {
                    doc: "d".into(),
                    span: Span {
                        id: 7,
                        ..make_span(&p.documents[0], 15, 20, "person", Origin::Manual).unwrap()
                    },
                },
            ],
        };
        assert!(matches!(apply(&mut p, &tx), Err(EditError::Invalid(_))));
        assert_eq!(p, before);
    }

    #[test]
    fn whitespace_and_unknown_label_refused() {
        let p = project();
        let mut q = p.clone();
        assert!(apply(&mut q, &Transaction::single("x", add(&p, 8, 15, "person"))).is_err());
        assert!(apply(&mut q, &Transaction::single("x", add(&p, 9, 15, "people"))).is_err());
        assert_eq!(q, p);
    }

    #[test]
    fn change_span_keeps_sorted_order() {
        let mut p = project();
        let a = Transaction::single("a", add(&p, 27, 41, "position"));
        apply(&mut p, &a).unwrap();
        let b = Transaction::single("b", add(&p, 9, 25, "person"));
        apply(&mut p, &b).unwrap();
        let starts: Vec<_> = p.documents[0].spans.iter().map(|s| s.start).collect();
        assert_eq!(starts, [9, 27]);
        let before = p.documents[0].spans[1].clone();
        let after = Span {
            label: "target".into(),
            ..before.clone()
        };
        let tx = Transaction::single(
            "relabel",
            Edit::ChangeSpan {
                doc: "d".into(),
                before,
                after,
            },
        );
        apply(&mut p, &tx).unwrap();
        assert_eq!(p.documents[0].spans[1].label, "target");
        apply(&mut p, &tx.inverse()).unwrap();
        assert_eq!(p.documents[0].spans[1].label, "position");
    }
}

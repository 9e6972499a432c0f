//! Transactions that change the project's structure: documents added (from
//! files or an import) and labels added, so they are undone like any edit.
//! Each costs what it changes, not the project.

use super::{Edit, Transaction};
use crate::model::{Document, Label, Project, RelationType};

/// Appends `docs` at the end of the project's document list.
pub fn add_documents(project: &Project, docs: Vec<Document>, name: &str) -> Transaction {
    let start = project.documents.len();
    Transaction {
        name: name.to_owned(),
        edits: docs
            .into_iter()
            .enumerate()
            .map(|(i, d)| Edit::AddDocument {
                index: start + i,
                document: Box::new(d),
            })
            .collect(),
    }
}

/// The transaction of a merge (an import), computed without a copy of the
/// project: `labels` are the project's labels with those the merge appends,
/// `relation_types` the relation types after it, `replaced` the documents it
/// changed (at their index) and `added` the new documents, appended in
/// order. Only what changes is cloned (each replaced document's old state,
/// for undo).
pub fn merge_documents(
    project: &Project,
    labels: &[Label],
    relation_types: &[RelationType],
    replaced: Vec<(usize, Document)>,
    added: Vec<Document>,
    name: &str,
) -> Transaction {
    let mut edits = Vec::new();
    for label in labels.get(project.labels.len()..).unwrap_or_default() {
        edits.push(Edit::AddLabel {
            label: label.clone(),
        });
    }
    // Relation types an import added or widened.
    if relation_types != project.relation_types {
        edits.push(Edit::SetSchema {
            before: (labels.to_vec(), project.relation_types.clone()),
            after: (labels.to_vec(), relation_types.to_vec()),
        });
    }
    for (i, doc) in replaced {
        if let Some(old) = project.documents.get(i) {
            edits.push(Edit::RemoveDocument {
                index: i,
                document: Box::new(old.clone()),
            });
        }
        edits.push(Edit::AddDocument {
            index: i,
            document: Box::new(doc),
        });
    }
    let start = project.documents.len();
    edits.extend(
        added
            .into_iter()
            .enumerate()
            .map(|(k, d)| Edit::AddDocument {
                index: start + k,
                document: Box::new(d),
            }),
    );
    Transaction {
        name: name.to_owned(),
        edits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply;
    use crate::model::{default_labels, Label};

    fn doc(id: &str, text: &str) -> Document {
        Document::new(id, text)
    }

    #[test]
    fn a_merge_turns_old_into_new_and_back() {
        let mut old = Project::new("p", default_labels());
        old.documents = vec![doc("a", "A"), doc("b", "B"), doc("c", "C")];
        let mut new = old.clone();
        new.labels.push(Label {
            name: "org".into(),
            color: "#123456".into(),
            hotkey: None,
            description: String::new(),
        });
        new.relation_types[0].to.push("org".into());
        new.documents[1].note = "changed".into();
        new.documents.push(doc("d", "D"));
        new.documents.push(doc("e", "E"));
        let tx = merge_documents(
            &old,
            &new.labels,
            &new.relation_types,
            vec![(1, new.documents[1].clone())],
            new.documents[3..].to_vec(),
            "Import",
        );
        let mut p = old.clone();
        apply(&mut p, &tx).unwrap();
        assert_eq!(p, new);
        apply(&mut p, &tx.inverse()).unwrap();
        assert_eq!(p, old);
    }

    #[test]
    fn many_added_documents_are_checked_for_taken_ids() {
        let mut p = Project::new("p", default_labels());
        p.documents = vec![doc("a", "A"), doc("b", "B")];
        let before = p.clone();
        let new: Vec<Document> = (0..20).map(|i| doc(&format!("n{i}"), "N")).collect();
        // b replaced (its id freed, then taken again) and 20 new ones: fine.
        let mut b = doc("b", "B");
        b.note = "changed".into();
        let tx = merge_documents(
            &p,
            &p.labels,
            &p.relation_types,
            vec![(1, b)],
            new.clone(),
            "I",
        );
        apply(&mut p, &tx).unwrap();
        assert_eq!(p.documents.len(), 22);
        // An id taken in the project, or twice in the transaction: refused whole.
        for taken in ["a", "n3"] {
            let mut p = before.clone();
            let mut bad = new.clone();
            bad[7].id = taken.into();
            let tx = merge_documents(&p, &p.labels, &p.relation_types, vec![], bad, "I");
            let e = apply(&mut p, &tx).unwrap_err();
            assert!(e.to_string().contains("is taken"), "{e}");
            assert_eq!(p, before);
        }
    }

    #[test]
    fn added_documents_undo_whole() {
        let mut p = Project::new("p", default_labels());
        p.documents.push(doc("a", "A"));
        let before = p.clone();
        let tx = add_documents(&p, vec![doc("b", "B"), doc("c", "C")], "Add");
        apply(&mut p, &tx).unwrap();
        assert_eq!(p.documents.len(), 3);
        apply(&mut p, &tx.inverse()).unwrap();
        assert_eq!(p, before);
    }
}

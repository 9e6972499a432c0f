//! Transactions that change the project's structure: documents added (from
//! files or an import) and labels added, so they are undone like any edit.

use super::{Edit, Transaction};
use crate::model::{Document, Project};

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

/// The transaction that turns `old` into `new`, for changes computed on a
/// copy of the project (an import): labels appended, documents removed,
/// replaced, added or moved. `None` when the label set changed in another
/// way than by appending (no edit expresses that).
pub fn replace_project(old: &Project, new: &Project, name: &str) -> Option<Transaction> {
    if !new.labels.starts_with(&old.labels) {
        return None;
    }
    let mut edits = Vec::new();
    let keep: std::collections::BTreeSet<&str> =
        new.documents.iter().map(|d| d.id.as_str()).collect();
    // The document list as the edits so far leave it.
    let mut now: Vec<&Document> = old.documents.iter().collect();
    for i in (0..now.len()).rev() {
        if !keep.contains(now[i].id.as_str()) {
            edits.push(Edit::RemoveDocument {
                index: i,
                document: Box::new(now.remove(i).clone()),
            });
        }
    }
    for label in &new.labels[old.labels.len()..] {
        edits.push(Edit::AddLabel {
            label: label.clone(),
        });
    }
    // Relation types an import added or widened.
    if new.relation_types != old.relation_types {
        edits.push(Edit::SetSchema {
            before: (new.labels.clone(), old.relation_types.clone()),
            after: (new.labels.clone(), new.relation_types.clone()),
        });
    }
    for (i, doc) in new.documents.iter().enumerate() {
        if now.get(i).map(|d| d.id.as_str()) == Some(doc.id.as_str()) {
            if now[i] != doc {
                edits.push(Edit::RemoveDocument {
                    index: i,
                    document: Box::new(now[i].clone()),
                });
                edits.push(Edit::AddDocument {
                    index: i,
                    document: Box::new(doc.clone()),
                });
                now[i] = doc;
            }
            continue;
        }
        if let Some(j) = now.iter().position(|d| d.id == doc.id) {
            edits.push(Edit::RemoveDocument {
                index: j,
                document: Box::new(now.remove(j).clone()),
            });
        }
        edits.push(Edit::AddDocument {
            index: i,
            document: Box::new(doc.clone()),
        });
        now.insert(i, doc);
    }
    Some(Transaction {
        name: name.to_owned(),
        edits,
    })
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
    fn replace_turns_old_into_new_and_back() {
        let mut old = Project::new("p", default_labels());
        old.documents = vec![doc("a", "A"), doc("b", "B"), doc("c", "C")];
        let mut new = old.clone();
        new.labels.push(Label {
            name: "org".into(),
            color: "#123456".into(),
            hotkey: None,
            description: String::new(),
        });
        new.documents.remove(0);
        new.documents[0].note = "changed".into();
        new.documents.swap(0, 1);
        new.documents.push(doc("d", "D"));
        let tx = replace_project(&old, &new, "Import").unwrap();
        let mut p = old.clone();
        apply(&mut p, &tx).unwrap();
        assert_eq!(p, new);
        apply(&mut p, &tx.inverse()).unwrap();
        assert_eq!(p, old);
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

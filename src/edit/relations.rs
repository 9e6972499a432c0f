//! Relation edits: adding, changing and removing relations and relation
//! suggestions, the checks spans get because of their relations, the
//! project schema (labels + relation types) as one edit, and the
//! transactions built from them (delete a span with its relations, rename a
//! label or relation type everywhere).
//!
//! Invariant: after any applied transaction every relation of every
//! document satisfies [`Document::check_relation`]; a span with relations
//! cannot be removed on its own (its relations go first, in the same
//! transaction) nor relabeled to a label its relations do not allow.

use super::{Edit, EditError, Transaction};
use crate::model::{
    Document, Label, Origin, Project, Relation, RelationSuggestion, RelationType, Span, SpanId,
};

/// Whether `edit` is one of the per-document relation edits.
pub(super) fn is_relation_edit(edit: &Edit) -> bool {
    matches!(
        edit,
        Edit::AddRelation { .. }
            | Edit::RemoveRelation { .. }
            | Edit::ChangeRelation { .. }
            | Edit::AddRelationSuggestion { .. }
            | Edit::RemoveRelationSuggestion { .. }
    )
}

fn invalid(p: crate::model::Problem) -> EditError {
    EditError::Invalid(format!("{}; fix: {}", p.message, p.fix))
}

fn stale(doc: &str) -> EditError {
    EditError::Stale(doc.to_owned())
}

fn insert_suggestion(list: &mut Vec<RelationSuggestion>, s: RelationSuggestion) {
    let at = list
        .partition_point(|x| x.key().partial_cmp(&s.key()) != Some(std::cmp::Ordering::Greater));
    list.insert(at, s);
}

/// Applies one relation edit to the document at position `at`, after
/// checking it.
pub(super) fn apply_relation_edit(
    project: &mut Project,
    at: usize,
    edit: &Edit,
) -> Result<(), EditError> {
    let types = &project.relation_types;
    let doc = project
        .documents
        .get(at)
        .ok_or_else(|| EditError::NoDocument(edit.doc().unwrap_or_default().to_owned()))?;
    let doc_id = doc.id.as_str();
    match edit {
        Edit::AddRelation { relation, .. } => {
            doc.check_relation(relation, types, None).map_err(invalid)?
        }
        Edit::RemoveRelation { relation, .. } if doc.relation(relation.id) != Some(relation) => {
            return Err(stale(doc_id));
        }
        Edit::ChangeRelation { before, after, .. } => {
            if doc.relation(before.id) != Some(before) || before.id != after.id {
                return Err(stale(doc_id));
            }
            doc.check_relation(after, types, Some(before.id))
                .map_err(invalid)?;
        }
        Edit::AddRelationSuggestion { suggestion, .. } => {
            let len = doc.char_len();
            let fits = |(s, e, l): &(usize, usize, String)| {
                s < e && *e <= len && project.label(l).is_some()
            };
            let ty = project.relation_type(&suggestion.label);
            let ok = fits(&suggestion.from)
                && fits(&suggestion.to)
                && ty.is_some_and(|t| t.allows(&suggestion.from.2, &suggestion.to.2));
            if !ok {
                return Err(EditError::Invalid(format!(
                    "relation suggestion {} {:?} -> {:?} does not fit the text or relation types",
                    suggestion.label, suggestion.from, suggestion.to
                )));
            }
        }
        Edit::RemoveRelationSuggestion {
            suggestion,
            rejected,
            ..
        } => {
            let list = if *rejected {
                &doc.rejected_relations
            } else {
                &doc.relation_suggestions
            };
            if !list.contains(suggestion) {
                return Err(stale(doc_id));
            }
        }
        _ => {}
    }
    let doc = &mut project.documents[at];
    match edit.clone() {
        Edit::AddRelation { relation, .. } => {
            // Ids are never reused: the document remembers the highest.
            doc.last_relation_id = doc.last_relation_id.max(relation.id);
            let at = doc.relations.partition_point(|r| r.id < relation.id);
            doc.relations.insert(at, relation);
        }
        Edit::RemoveRelation { relation, .. } => doc.relations.retain(|r| r.id != relation.id),
        Edit::ChangeRelation { after, .. } => {
            if let Some(r) = doc.relations.iter_mut().find(|r| r.id == after.id) {
                *r = after;
            }
        }
        Edit::AddRelationSuggestion {
            suggestion,
            rejected,
            ..
        } => insert_suggestion(
            if rejected {
                &mut doc.rejected_relations
            } else {
                &mut doc.relation_suggestions
            },
            suggestion,
        ),
        Edit::RemoveRelationSuggestion {
            suggestion,
            rejected,
            ..
        } => {
            let list = if rejected {
                &mut doc.rejected_relations
            } else {
                &mut doc.relation_suggestions
            };
            if let Some(i) = list.iter().position(|x| *x == suggestion) {
                list.remove(i);
            }
        }
        _ => {}
    }
    Ok(())
}

/// A span may only be removed once no relation uses it.
pub(super) fn check_no_relations(doc: &Document, span: &Span) -> Result<(), EditError> {
    match doc.relations_of(span.id).next() {
        None => Ok(()),
        Some(r) => Err(EditError::Invalid(format!(
            "span {} {:?} is an end of relation {} ({}); delete the span with its relations (Delete does) or delete the relation first",
            span.id, span.text, r.id, r.label
        ))),
    }
}

/// A span may take a new label only when all its relations allow it.
pub(super) fn check_relabel(
    project: &Project,
    doc: &Document,
    after: &Span,
) -> Result<(), EditError> {
    for r in doc.relations_of(after.id) {
        let label_of = |id: SpanId| {
            if id == after.id {
                Some(after.label.as_str())
            } else {
                doc.span(id).map(|s| s.label.as_str())
            }
        };
        let (Some(from), Some(to)) = (label_of(r.from), label_of(r.to)) else {
            continue;
        };
        let allowed = project
            .relation_type(&r.label)
            .is_some_and(|t| t.allows(from, to));
        if !allowed {
            let sig = project
                .relation_type(&r.label)
                .map(|t| t.signature())
                .unwrap_or_default();
            return Err(EditError::Invalid(format!(
                "{:?} cannot become {}: it is an end of relation {} ({}: {sig}); delete that relation first (the side panel lists it), or allow {} in the relation type (Project settings)",
                after.text, after.label, r.id, r.label, after.label
            )));
        }
    }
    Ok(())
}

/// Replaces labels and relation types; refused when the project does not
/// have `before` or when a label, type, span or relation would be invalid
/// under `after`.
pub(super) fn set_schema(
    project: &mut Project,
    before: &(Vec<Label>, Vec<RelationType>),
    after: &(Vec<Label>, Vec<RelationType>),
) -> Result<(), EditError> {
    if project.labels != before.0 || project.relation_types != before.1 {
        return Err(EditError::Invalid(
            "the labels or relation types changed meanwhile; open the settings again".into(),
        ));
    }
    let mut next = Project {
        name: String::new(),
        labels: after.0.clone(),
        relation_types: after.1.clone(),
        ..Default::default()
    };
    if let Some(p) = next.label_problems().first() {
        return Err(invalid(p.clone()));
    }
    for d in &project.documents {
        for s in &d.spans {
            if next.label(&s.label).is_none() {
                return Err(EditError::Invalid(format!(
                    "label {:?} is still used by span {} {:?} of document {:?}; relabel or delete those spans first",
                    s.label, s.id, s.text, d.id
                )));
            }
        }
        for s in d.suggestions.iter().chain(&d.rejected) {
            if next.label(&s.label).is_none() {
                return Err(EditError::Invalid(format!(
                    "label {:?} is still used by a suggestion in document {:?}; review or clear the suggestions first",
                    s.label, d.id
                )));
            }
        }
        if let Some(p) = d.relation_problems(&next.relation_types).first() {
            return Err(EditError::Invalid(format!(
                "document {:?}: {}; fix: {}",
                d.id, p.message, p.fix
            )));
        }
    }
    std::mem::swap(&mut project.labels, &mut next.labels);
    std::mem::swap(&mut project.relation_types, &mut next.relation_types);
    Ok(())
}

/// A new relation of `doc` (a fresh id), not yet checked.
pub fn make_relation(
    doc: &Document,
    label: &str,
    from: SpanId,
    to: SpanId,
    origin: Origin,
) -> Relation {
    Relation {
        id: doc.next_relation_id(),
        label: label.to_owned(),
        from,
        to,
        origin,
        note: String::new(),
    }
}

/// The edits that remove `span` with every relation that uses it: the
/// relations first, so the whole is one valid transaction and one undo.
pub fn remove_span_with_relations(doc: &Document, span: &Span) -> Vec<Edit> {
    let mut edits: Vec<Edit> = doc
        .relations_of(span.id)
        .map(|r| Edit::RemoveRelation {
            doc: doc.id.clone(),
            relation: r.clone(),
        })
        .collect();
    edits.push(Edit::RemoveSpan {
        doc: doc.id.clone(),
        span: span.clone(),
    });
    edits
}

/// The transaction that renames label `old` to `new` everywhere: labels,
/// relation type ends, spans, suggestions. One undo step.
pub fn rename_label(project: &Project, old: &str, new: &str) -> Result<Transaction, EditError> {
    if project.label(old).is_none() {
        return Err(EditError::Invalid(format!("there is no label {old:?}")));
    }
    if project.label(new).is_some() || project.relation_type(new).is_some() {
        return Err(EditError::Invalid(format!(
            "{new:?} is taken by another label or relation type; choose another name"
        )));
    }
    let rename = |l: &String| if l == old { new.to_owned() } else { l.clone() };
    let both_types: Vec<RelationType> = project
        .relation_types
        .iter()
        .map(|t| {
            let mut t = t.clone();
            for list in [&mut t.from, &mut t.to] {
                if list.iter().any(|l| l == old) {
                    list.push(new.to_owned());
                }
            }
            t
        })
        .collect();
    let mut both_labels = project.labels.clone();
    let mut copy = project
        .label(old)
        .cloned()
        .unwrap_or_else(|| Label::new(new, 0));
    copy.name = new.to_owned();
    copy.hotkey = None;
    both_labels.push(copy);
    let final_labels: Vec<Label> = project
        .labels
        .iter()
        .map(|l| Label {
            name: rename(&l.name),
            ..l.clone()
        })
        .collect();
    let final_types: Vec<RelationType> = project
        .relation_types
        .iter()
        .map(|t| RelationType {
            from: t.from.iter().map(rename).collect(),
            to: t.to.iter().map(rename).collect(),
            ..t.clone()
        })
        .collect();
    let current = (project.labels.clone(), project.relation_types.clone());
    let middle = (both_labels, both_types);
    let mut edits = vec![Edit::SetSchema {
        before: current,
        after: middle.clone(),
    }];
    for d in &project.documents {
        for s in d.spans.iter().filter(|s| s.label == old) {
            edits.push(Edit::ChangeSpan {
                doc: d.id.clone(),
                before: s.clone(),
                after: Span {
                    label: new.to_owned(),
                    ..s.clone()
                },
            });
        }
        for (list, rejected) in [(&d.suggestions, false), (&d.rejected, true)] {
            for s in list.iter().filter(|s| s.label == old) {
                let renamed = crate::model::Suggestion {
                    label: new.to_owned(),
                    ..s.clone()
                };
                let doc = d.id.clone();
                if rejected {
                    edits.push(Edit::RemoveRejected {
                        doc: doc.clone(),
                        suggestion: s.clone(),
                    });
                    edits.push(Edit::AddRejected {
                        doc,
                        suggestion: renamed,
                    });
                } else {
                    edits.push(Edit::RemoveSuggestion {
                        doc: doc.clone(),
                        suggestion: s.clone(),
                    });
                    edits.push(Edit::AddSuggestion {
                        doc,
                        suggestion: renamed,
                    });
                }
            }
        }
        for (list, rejected) in [
            (&d.relation_suggestions, false),
            (&d.rejected_relations, true),
        ] {
            for s in list.iter().filter(|s| s.from.2 == old || s.to.2 == old) {
                let mut renamed = s.clone();
                renamed.from.2 = rename(&s.from.2);
                renamed.to.2 = rename(&s.to.2);
                edits.push(Edit::RemoveRelationSuggestion {
                    doc: d.id.clone(),
                    suggestion: s.clone(),
                    rejected,
                });
                edits.push(Edit::AddRelationSuggestion {
                    doc: d.id.clone(),
                    suggestion: renamed,
                    rejected,
                });
            }
        }
    }
    edits.push(Edit::SetSchema {
        before: middle,
        after: (final_labels, final_types),
    });
    Ok(Transaction {
        name: format!("Rename label {old} to {new}"),
        edits,
    })
}

/// The transaction that renames relation type `old` to `new` everywhere.
pub fn rename_relation_type(
    project: &Project,
    old: &str,
    new: &str,
) -> Result<Transaction, EditError> {
    let Some(ty) = project.relation_type(old) else {
        return Err(EditError::Invalid(format!(
            "there is no relation type {old:?}"
        )));
    };
    if project.label(new).is_some() || project.relation_type(new).is_some() {
        return Err(EditError::Invalid(format!(
            "{new:?} is taken by another label or relation type; choose another name"
        )));
    }
    let current = (project.labels.clone(), project.relation_types.clone());
    let mut middle = current.clone();
    middle.1.push(RelationType {
        name: new.to_owned(),
        hotkey: None,
        ..ty.clone()
    });
    let final_types: Vec<RelationType> = project
        .relation_types
        .iter()
        .map(|t| RelationType {
            name: if t.name == old {
                new.to_owned()
            } else {
                t.name.clone()
            },
            ..t.clone()
        })
        .collect();
    let mut edits = vec![Edit::SetSchema {
        before: current,
        after: middle.clone(),
    }];
    for d in &project.documents {
        for r in d.relations.iter().filter(|r| r.label == old) {
            edits.push(Edit::ChangeRelation {
                doc: d.id.clone(),
                before: r.clone(),
                after: Relation {
                    label: new.to_owned(),
                    ..r.clone()
                },
            });
        }
        for (list, rejected) in [
            (&d.relation_suggestions, false),
            (&d.rejected_relations, true),
        ] {
            for s in list.iter().filter(|s| s.label == old) {
                edits.push(Edit::RemoveRelationSuggestion {
                    doc: d.id.clone(),
                    suggestion: s.clone(),
                    rejected,
                });
                edits.push(Edit::AddRelationSuggestion {
                    doc: d.id.clone(),
                    suggestion: RelationSuggestion {
                        label: new.to_owned(),
                        ..s.clone()
                    },
                    rejected,
                });
            }
        }
    }
    let final_labels = middle.0.clone();
    edits.push(Edit::SetSchema {
        before: middle,
        after: (final_labels, final_types),
    });
    Ok(Transaction {
        name: format!("Rename relation type {old} to {new}"),
        edits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{apply, make_span};
    use crate::model::default_labels;

    /// "Đồng chí [person: Nguyễn Quốc Đoàn], [position: Bí thư Tỉnh ủy]".
    fn project() -> Project {
        let mut p = Project::new("p", default_labels());
        let mut d = Document::new("d", "Đồng chí Nguyễn Quốc Đoàn, Bí thư Tỉnh ủy");
        let a = make_span(&d, 9, 25, "person", Origin::Manual).unwrap();
        d.spans.push(a);
        let b = make_span(&d, 27, 41, "position", Origin::Manual).unwrap();
        d.spans.push(b);
        p.documents.push(d);
        p
    }

    fn add_holds(p: &mut Project) -> Relation {
        let rel = make_relation(&p.documents[0], "holds", 1, 2, Origin::Manual);
        let tx = Transaction::single(
            "link",
            Edit::AddRelation {
                doc: "d".into(),
                relation: rel.clone(),
            },
        );
        apply(p, &tx).unwrap();
        rel
    }

    #[test]
    fn ends_and_types_are_checked() {
        let mut p = project();
        let before = p.clone();
        let d = before.documents[0].clone();
        for (label, from, to, says) in [
            ("holds", 2, 1, "but the type allows person -> position"),
            ("holds", 1, 9, "span 9, which the document does not have"),
            ("owns", 1, 2, "unknown relation type"),
            ("holds", 1, 1, "to itself"),
        ] {
            let rel = make_relation(&d, label, from, to, Origin::Manual);
            let tx = Transaction::single(
                "x",
                Edit::AddRelation {
                    doc: "d".into(),
                    relation: rel,
                },
            );
            let err = apply(&mut p, &tx).unwrap_err().to_string();
            assert!(err.contains(says), "{err}");
            assert!(err.contains("fix:"), "{err}");
        }
        assert_eq!(p, before);
        add_holds(&mut p);
        let again = make_relation(&p.documents[0], "holds", 1, 2, Origin::Manual);
        let tx = Transaction::single(
            "x",
            Edit::AddRelation {
                doc: "d".into(),
                relation: again,
            },
        );
        assert!(apply(&mut p, &tx)
            .unwrap_err()
            .to_string()
            .contains("repeats"));
    }

    #[test]
    fn ids_are_never_reused() {
        let mut p = project();
        let rel = add_holds(&mut p);
        assert_eq!(rel.id, 1);
        let tx = Transaction::single(
            "unlink",
            Edit::RemoveRelation {
                doc: "d".into(),
                relation: rel,
            },
        );
        apply(&mut p, &tx).unwrap();
        assert!(p.documents[0].relations.is_empty());
        assert_eq!(p.documents[0].next_relation_id(), 2);
    }

    #[test]
    fn deleting_a_span_takes_its_relations_in_one_step() {
        let mut p = project();
        add_holds(&mut p);
        let with = p.clone();
        let span = p.documents[0].spans[0].clone();
        // Alone, the span cannot go: its relation would dangle.
        let alone = Transaction::single(
            "x",
            Edit::RemoveSpan {
                doc: "d".into(),
                span: span.clone(),
            },
        );
        let err = apply(&mut p, &alone).unwrap_err().to_string();
        assert!(err.contains("is an end of relation 1"), "{err}");
        let tx = Transaction {
            name: "Delete".into(),
            edits: remove_span_with_relations(&p.documents[0], &span),
        };
        apply(&mut p, &tx).unwrap();
        assert!(p.documents[0].relations.is_empty());
        assert_eq!(p.documents[0].spans.len(), 1);
        apply(&mut p, &tx.inverse()).unwrap();
        assert_eq!(p, with);
    }

    #[test]
    fn relabel_refused_when_the_relation_no_longer_fits() {
        let mut p = project();
        add_holds(&mut p);
        let before = p.documents[0].spans[1].clone();
        let to_metric = Transaction::single(
            "x",
            Edit::ChangeSpan {
                doc: "d".into(),
                before: before.clone(),
                after: Span {
                    label: "metric".into(),
                    ..before.clone()
                },
            },
        );
        let err = apply(&mut p, &to_metric).unwrap_err().to_string();
        assert!(err.contains("cannot become metric"), "{err}");
        assert!(err.contains("delete that relation first"), "{err}");
        // Resizing keeps the label: allowed, the relation stays.
        let d = &p.documents[0];
        let shorter = Transaction::single(
            "x",
            Edit::ChangeSpan {
                doc: "d".into(),
                before: before.clone(),
                after: Span {
                    end: 33,
                    text: d.slice(27, 33).unwrap().into(),
                    ..before
                },
            },
        );
        apply(&mut p, &shorter).unwrap();
        assert_eq!(p.documents[0].relations.len(), 1);
    }

    #[test]
    fn renames_rewrite_everything_in_one_undoable_step() {
        let mut p = project();
        add_holds(&mut p);
        let before = p.clone();
        let tx = rename_label(&p, "position", "office").unwrap();
        apply(&mut p, &tx).unwrap();
        assert_eq!(p.labels[1].name, "office");
        assert_eq!(p.labels.len(), 4);
        assert_eq!(p.documents[0].spans[1].label, "office");
        assert_eq!(p.relation_types[0].to, ["office"]);
        assert_eq!(p.relation_types[1].to, ["person", "office"]);
        assert!(p.documents[0]
            .relation_problems(&p.relation_types)
            .is_empty());
        let tx2 = rename_relation_type(&p, "holds", "giu-chuc").unwrap();
        apply(&mut p, &tx2).unwrap();
        assert_eq!(p.documents[0].relations[0].label, "giu-chuc");
        assert_eq!(p.relation_types[0].name, "giu-chuc");
        apply(&mut p, &tx2.inverse()).unwrap();
        apply(&mut p, &tx.inverse()).unwrap();
        assert_eq!(p, before);
        assert!(rename_label(&p, "person", "metric").is_err());
    }

    #[test]
    fn schema_change_refused_while_in_use() {
        let mut p = project();
        add_holds(&mut p);
        let before = (p.labels.clone(), p.relation_types.clone());
        let mut no_types = before.clone();
        no_types.1.clear();
        let tx = Transaction::single(
            "x",
            Edit::SetSchema {
                before: before.clone(),
                after: no_types,
            },
        );
        let err = apply(&mut p, &tx).unwrap_err().to_string();
        assert!(err.contains("unknown relation type \"holds\""), "{err}");
        let mut dup_key = before.clone();
        dup_key.1[1].hotkey = Some('h');
        let tx = Transaction::single(
            "x",
            Edit::SetSchema {
                before,
                after: dup_key,
            },
        );
        assert!(apply(&mut p, &tx)
            .unwrap_err()
            .to_string()
            .contains("hotkey"));
    }
}

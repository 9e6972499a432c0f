//! The relations of a merge: the relation types incoming relations use
//! (known ones must allow their ends' labels; unknown ones refused, or added
//! with `--add-labels`), and each document's relations added through the
//! edit layer on a project of that one document.

use super::super::FormatError;
use super::{Incoming, IncomingRelation, MergeReport};
use crate::model::{Document, Label, Project};
use std::path::Path;

/// Whether a relation suggestion's ends lie in the text.
pub(super) fn scratch_fits(text: &str, s: &crate::model::RelationSuggestion) -> bool {
    let len = text.chars().count();
    s.from.0 < s.from.1 && s.from.1 <= len && s.to.0 < s.to.1 && s.to.1 <= len
}

/// Relation types the incoming relations use: known ones must allow the
/// labels of their ends; unknown ones are refused, or added (allowing the
/// end labels seen) with `--add-labels`.
pub(super) fn merge_relation_types(
    scratch: &mut Project,
    incoming: &[Incoming],
    add_labels: bool,
    path: &Path,
    report: &mut MergeReport,
) -> Result<(), FormatError> {
    for inc in incoming {
        let file = inc.file.as_deref().unwrap_or(path);
        for r in &inc.relations {
            let (Some(a), Some(b)) = (inc.spans.get(r.from), inc.spans.get(r.to)) else {
                return Err(FormatError::input(
                    file,
                    r.line,
                    format!(
                        "relation {} points at a span the file does not have",
                        r.label
                    ),
                    "point the relation at spans of the same document",
                ));
            };
            match scratch.relation_types.iter_mut().find(|t| t.name == r.label) {
                Some(t) if t.allows(&a.label, &b.label) => {}
                Some(t) if add_labels && report.relation_types_added.contains(&t.name) => {
                    for (list, l) in [(&mut t.from, &a.label), (&mut t.to, &b.label)] {
                        if !list.contains(l) {
                            list.push(l.clone());
                        }
                    }
                }
                Some(t) => {
                    return Err(FormatError::input(
                        file,
                        r.line,
                        format!(
                            "relation {} goes from {} to {}, but the project's type allows {}",
                            r.label,
                            a.label,
                            b.label,
                            t.signature()
                        ),
                        "allow these labels in the relation type (Project settings), or correct the file",
                    ))
                }
                None if add_labels => {
                    if r.label.is_empty() || r.label.contains(char::is_whitespace) {
                        return Err(FormatError::input(
                            file,
                            r.line,
                            format!("relation type {:?} is empty or has spaces", r.label),
                            "use a relation type name without spaces",
                        ));
                    }
                    let n = scratch.relation_types.len();
                    scratch.relation_types.push(crate::model::RelationType {
                        name: r.label.clone(),
                        color: Label::new("", n + 4).color,
                        hotkey: None,
                        from: vec![a.label.clone()],
                        to: vec![b.label.clone()],
                        description: String::new(),
                    });
                    report.relation_types_added.push(r.label.clone());
                }
                None => {
                    return Err(FormatError::input(
                        file,
                        r.line,
                        format!(
                            "unknown relation type {:?} (the project has {})",
                            r.label,
                            scratch
                                .relation_types
                                .iter()
                                .map(|t| t.name.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        "add it to the project with --add-labels, or rename it in the file",
                    ))
                }
            }
        }
    }
    Ok(())
}

/// Adds a document's incoming relations through the edit layer; a relation
/// whose span was skipped (an overlap) is reported, never left dangling.
pub(super) fn merge_relations(
    scratch: &mut Project,
    index: usize,
    span_ids: &[Option<crate::model::SpanId>],
    relations: Vec<IncomingRelation>,
    file: &Path,
    report: &mut MergeReport,
) -> Result<(), FormatError> {
    if relations.is_empty() {
        return Ok(());
    }
    // The edits apply to a project of this one document, so that finding
    // it does not grow with the documents merged so far.
    let mut one = Project::new(&scratch.name, scratch.labels.clone());
    one.relation_types = scratch.relation_types.clone();
    let doc = std::mem::replace(&mut scratch.documents[index], Document::new("", ""));
    one.documents.push(doc);
    let added = add_relations(&mut one, span_ids, relations, file, report);
    if let Some(doc) = one.documents.pop() {
        scratch.documents[index] = doc;
    }
    added
}

/// [`merge_relations`] on a project of one document.
fn add_relations(
    one: &mut Project,
    span_ids: &[Option<crate::model::SpanId>],
    relations: Vec<IncomingRelation>,
    file: &Path,
    report: &mut MergeReport,
) -> Result<(), FormatError> {
    let (scratch, index) = (one, 0);
    for r in relations {
        let (Some(Some(from)), Some(Some(to))) = (span_ids.get(r.from), span_ids.get(r.to)) else {
            report.conflicts.push(format!(
                "{}:{}: relation {} skipped: one of its spans was not imported (see above)",
                file.display(),
                r.line,
                r.label
            ));
            continue;
        };
        let doc = &scratch.documents[index];
        if doc
            .relations
            .iter()
            .any(|x| x.label == r.label && x.from == *from && x.to == *to)
        {
            report.relations_already_there += 1;
            continue;
        }
        let mut rel = crate::edit::relations::make_relation(doc, &r.label, *from, *to, r.origin);
        rel.note = r.note;
        let tx = crate::edit::Transaction::single(
            "Import relation",
            crate::edit::Edit::AddRelation {
                doc: doc.id.clone(),
                relation: rel,
            },
        );
        crate::edit::apply(scratch, &tx).map_err(|e| {
            FormatError::input(
                file,
                r.line,
                format!("relation {}: {e}", r.label),
                "correct the relation's ends or type",
            )
        })?;
        report.relations_added += 1;
    }
    Ok(())
}

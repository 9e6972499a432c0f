//! Applying edits: the one place where a transaction changes the project.
//! A transaction applies whole or not at all (the edits before a refused
//! one are undone); every edit checks that the project is in the state it
//! expects (the span, suggestion, status or note it names), so a stale
//! edit is refused, never applied to something else.

use super::*;

/// Applies a whole transaction to the project, or nothing when one edit fails.
pub fn apply(project: &mut Project, tx: &Transaction) -> Result<(), EditError> {
    let ids_checked = added_ids_free(project, tx)?;
    let mut lookup = DocLookup::for_edits(tx.edits.len());
    for (done, edit) in tx.edits.iter().enumerate() {
        if let Err(e) = apply_edit(project, edit, ids_checked, &mut lookup) {
            for undo in tx.edits[..done].iter().rev() {
                // Inverses of edits that just applied cannot fail.
                let _ = apply_edit(project, &undo.inverse(), false, &mut lookup);
            }
            return Err(e);
        }
    }
    Ok(())
}

/// Finds the document an edit is for: a scan of the project for a small
/// transaction; for a big one (suggestions or annotate-all over thousands
/// of documents) one id -> position map, built at the first lookup and
/// again after an edit that adds or removes documents, so a transaction
/// costs O(edits + documents), not O(edits x documents).
struct DocLookup {
    big: bool,
    positions: Option<std::collections::HashMap<String, usize>>,
}

impl DocLookup {
    /// Edits from which a transaction is big.
    const BIG: usize = 16;

    fn for_edits(edits: usize) -> Self {
        Self {
            big: edits >= Self::BIG,
            positions: None,
        }
    }

    /// The position of document `id` in `project.documents`.
    fn position(&mut self, project: &Project, id: &str) -> Option<usize> {
        if !self.big {
            return project.documents.iter().position(|d| d.id == id);
        }
        let positions = self.positions.get_or_insert_with(|| {
            project
                .documents
                .iter()
                .enumerate()
                .map(|(i, d)| (d.id.clone(), i))
                .collect()
        });
        positions
            .get(id)
            .copied()
            .filter(|&i| project.documents.get(i).is_some_and(|d| d.id == id))
    }

    /// After an edit that may have moved documents.
    fn forget(&mut self) {
        self.positions = None;
    }
}

/// For a transaction that adds many documents (an import): checks with one
/// set of the project's ids, instead of a scan of the project per document,
/// that each added id is free when its edit comes (a removal earlier in the
/// transaction frees its id). `Ok(true)` when it checked.
fn added_ids_free(project: &Project, tx: &Transaction) -> Result<bool, EditError> {
    const MANY: usize = 16;
    let added = tx
        .edits
        .iter()
        .filter(|e| matches!(e, Edit::AddDocument { .. }))
        .count();
    if added < MANY {
        return Ok(false);
    }
    let mut ids: std::collections::HashSet<&str> =
        project.documents.iter().map(|d| d.id.as_str()).collect();
    for edit in &tx.edits {
        match edit {
            Edit::RemoveDocument { document, .. } => {
                ids.remove(document.id.as_str());
            }
            Edit::AddDocument { document, .. } if !ids.insert(document.id.as_str()) => {
                return Err(EditError::Invalid(format!(
                    "document id {:?} is taken",
                    document.id
                )));
            }
            _ => {}
        }
    }
    Ok(true)
}

fn check_span(
    project: &Project,
    doc: &Document,
    span: &Span,
    ignore: Option<SpanId>,
) -> Result<(), EditError> {
    doc.check_span(&TextIndex::new(&doc.text), span, &project.labels, ignore)
        .map_err(|p| EditError::Invalid(p.message))
}

fn insert_sorted(doc: &mut Document, span: Span) {
    let at = doc
        .spans
        .partition_point(|s| (s.key(), s.id) < (span.key(), span.id));
    doc.spans.insert(at, span);
}

/// The order of suggestion lists in files: (start, end, label, source).
fn suggestion_key(s: &Suggestion) -> (usize, usize, &str, &str) {
    (s.start, s.end, &s.label, &s.source)
}

fn insert_suggestion(list: &mut Vec<Suggestion>, s: Suggestion) {
    let at = list.partition_point(|x| suggestion_key(x) <= suggestion_key(&s));
    list.insert(at, s);
}

fn remove_one(list: &mut Vec<Suggestion>, s: &Suggestion) {
    if let Some(i) = list.iter().position(|x| x == s) {
        list.remove(i);
    }
}

/// Edits of the project's structure: documents and labels; `ids_checked`
/// when [`added_ids_free`] checked the ids of added documents.
fn apply_structure(project: &mut Project, edit: &Edit, ids_checked: bool) -> Result<(), EditError> {
    let invalid = |m: String| Err(EditError::Invalid(m));
    match edit {
        Edit::AddDocument { index, document } => {
            if !ids_checked && project.document(&document.id).is_some() {
                return invalid(format!("document id {:?} is taken", document.id));
            }
            if *index > project.documents.len() {
                return invalid(format!("no place {index} in the document list"));
            }
            if let Some(p) = document
                .problems(&project.labels)
                .first()
                .or(document.relation_problems(&project.relation_types).first())
            {
                return invalid(format!("document {:?}: {p}", document.id));
            }
            project.documents.insert(*index, (**document).clone());
        }
        Edit::RemoveDocument { index, document } => {
            if project.documents.get(*index) != Some(document) {
                return Err(EditError::Stale(document.id.clone()));
            }
            project.documents.remove(*index);
        }
        Edit::AddLabel { label } => {
            if project.label(&label.name).is_some() {
                return invalid(format!("label {:?} exists already", label.name));
            }
            project.labels.push(label.clone());
        }
        Edit::RemoveLabel { label } => {
            if project.labels.last() != Some(label) {
                return invalid(format!("label {:?} is not the last label", label.name));
            }
            let used = project.documents.iter().any(|d| {
                d.spans.iter().any(|s| s.label == label.name)
                    || d.suggestions
                        .iter()
                        .chain(&d.rejected)
                        .any(|s| s.label == label.name)
            });
            if used {
                return invalid(format!("label {:?} is still in use", label.name));
            }
            project.labels.pop();
        }
        Edit::SetSchema { before, after } => relations::set_schema(project, before, after)?,
        Edit::SetTeam { before, after } => {
            if project.annotators != before.0 || project.assignments != before.1 {
                return Err(EditError::Stale(
                    "the team (annotators, assignments)".into(),
                ));
            }
            for name in &after.0 {
                crate::model::id::check_annotator_name(name)
                    .map_err(|e| EditError::Invalid(e.to_string()))?;
            }
            for (doc, names) in &after.1 {
                if project.document(doc).is_none() {
                    return Err(EditError::NoDocument(doc.clone()));
                }
                if let Some(n) = names.iter().find(|n| !after.0.contains(n)) {
                    return invalid(format!(
                        "document {doc:?} is assigned to {n:?}, who is not an annotator"
                    ));
                }
            }
            project.annotators = after.0.clone();
            project.assignments = after.1.clone();
        }
        _ => {}
    }
    Ok(())
}

fn apply_edit(
    project: &mut Project,
    edit: &Edit,
    ids_checked: bool,
    lookup: &mut DocLookup,
) -> Result<(), EditError> {
    let Some(doc_id) = edit.doc() else {
        lookup.forget();
        return apply_structure(project, edit, ids_checked);
    };
    if matches!(edit, Edit::AddDocument { .. } | Edit::RemoveDocument { .. }) {
        lookup.forget();
        return apply_structure(project, edit, ids_checked);
    }
    let at = lookup
        .position(project, doc_id)
        .ok_or_else(|| EditError::NoDocument(doc_id.to_owned()))?;
    if relations::is_relation_edit(edit) {
        return relations::apply_relation_edit(project, at, edit);
    }
    let doc = &project.documents[at];
    let no_span = |id| EditError::NoSpan {
        doc: doc_id.to_owned(),
        id,
    };
    match edit {
        Edit::AddSpan { span, .. } => check_span(project, doc, span, None)?,
        Edit::RemoveSpan { span, .. } => {
            if doc.span(span.id) != Some(span) {
                return Err(no_span(span.id));
            }
            relations::check_no_relations(doc, span)?;
        }
        Edit::ChangeSpan { before, after, .. } => {
            if doc.span(before.id) != Some(before) || before.id != after.id {
                return Err(no_span(before.id));
            }
            check_span(project, doc, after, Some(before.id))?;
            relations::check_relabel(project, doc, after)?;
        }
        Edit::SetStatus { from, .. } => {
            if doc.status != *from {
                return Err(EditError::Stale(doc_id.to_owned()));
            }
        }
        Edit::SetNote { from, .. } => {
            if doc.note != *from {
                return Err(EditError::Stale(doc_id.to_owned()));
            }
        }
        Edit::AddSuggestion { suggestion, .. } | Edit::AddRejected { suggestion, .. } => {
            let ok = suggestion.start < suggestion.end
                && doc.slice(suggestion.start, suggestion.end) == Some(suggestion.text.as_str())
                && project.label(&suggestion.label).is_some();
            if !ok {
                return Err(EditError::Invalid(format!(
                    "suggestion {}..{} {:?} does not fit the text or labels",
                    suggestion.start, suggestion.end, suggestion.text
                )));
            }
        }
        Edit::RemoveSuggestion { suggestion, .. } => {
            if !doc.suggestions.contains(suggestion) {
                return Err(EditError::Stale(doc_id.to_owned()));
            }
        }
        Edit::RemoveRejected { suggestion, .. } => {
            if !doc.rejected.contains(suggestion) {
                return Err(EditError::Stale(doc_id.to_owned()));
            }
        }
        // Handled before (structure and relation edits).
        Edit::AddDocument { .. }
        | Edit::RemoveDocument { .. }
        | Edit::AddLabel { .. }
        | Edit::RemoveLabel { .. }
        | Edit::SetSchema { .. }
        | Edit::SetTeam { .. }
        | Edit::AddRelation { .. }
        | Edit::RemoveRelation { .. }
        | Edit::ChangeRelation { .. }
        | Edit::AddRelationSuggestion { .. }
        | Edit::RemoveRelationSuggestion { .. } => {}
    }
    let doc = &mut project.documents[at];
    match edit.clone() {
        Edit::AddSpan { span, .. } => insert_sorted(doc, span),
        Edit::RemoveSpan { span, .. } => doc.spans.retain(|s| s.id != span.id),
        Edit::ChangeSpan { after, .. } => {
            doc.spans.retain(|s| s.id != after.id);
            insert_sorted(doc, after);
        }
        Edit::SetStatus { to, .. } => doc.status = to,
        Edit::SetNote { to, .. } => doc.note = to,
        Edit::AddSuggestion { suggestion, .. } => {
            insert_suggestion(&mut doc.suggestions, suggestion)
        }
        Edit::AddRejected { suggestion, .. } => insert_suggestion(&mut doc.rejected, suggestion),
        Edit::RemoveSuggestion { suggestion, .. } => remove_one(&mut doc.suggestions, &suggestion),
        Edit::RemoveRejected { suggestion, .. } => remove_one(&mut doc.rejected, &suggestion),
        _ => {}
    }
    Ok(())
}

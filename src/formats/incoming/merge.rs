//! Merging incoming documents into a project: into the document with the
//! same id and text, else the one with the same text, else as a new
//! document. The result is one transaction (one undo step); nothing is
//! cloned but the documents it changes, and lookups by id and text are hash
//! maps, so a merge costs the incoming documents, not the project.

use super::super::FormatError;
use super::relations::{merge_relation_types, merge_relations, scratch_fits};
use super::{Incoming, MergeReport};
use crate::model::{Document, Label, Project, Span};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// Adds incoming documents to the project: into the document with the same
/// id and text, else the one with identical text, else as a new document.
/// All or nothing (see [`merge_edit`]).
pub fn merge(
    project: &mut Project,
    incoming: Vec<Incoming>,
    add_labels: bool,
    path: &Path,
) -> Result<MergeReport, FormatError> {
    let (tx, report) = merge_edit(project, incoming, add_labels, path, "Import")?;
    crate::edit::apply(project, &tx)
        .map_err(|e| FormatError::input(path, 0, e.to_string(), "correct the file"))?;
    Ok(report)
}

/// A hash of a text, to find documents with the same text.
fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// Where a document the merge works on lives.
#[derive(Clone, Copy)]
enum Place {
    /// In the project, untouched so far (its index there).
    Project(usize),
    /// In the scratch list (its index there).
    Scratch(usize),
}

/// The transaction (named `name`, one undo step) that merges incoming
/// documents into the project, and what it does. The project is not
/// copied: only the documents the merge changes are, into a scratch project
/// that holds them, the labels and the relation types.
pub fn merge_edit(
    project: &Project,
    incoming: Vec<Incoming>,
    add_labels: bool,
    path: &Path,
    name: &str,
) -> Result<(crate::edit::Transaction, MergeReport), FormatError> {
    let mut scratch = Project::new(&project.name, project.labels.clone());
    scratch.relation_types = project.relation_types.clone();
    // The project index of each scratch document (`None`: a new one).
    let mut from_project: Vec<Option<usize>> = Vec::new();
    let mut report = MergeReport::default();
    // Labels first: refuse unknown ones unless asked to add them.
    for inc in &incoming {
        let labels = inc.spans.iter().map(|s| (s.label.as_str(), s.line)).chain(
            inc.suggestions
                .iter()
                .chain(&inc.rejected)
                .map(|s| (s.label.as_str(), inc.line)),
        );
        // One file of a folder format names itself (`d6.ann:3`).
        let file = inc.file.as_deref().unwrap_or(path);
        for (label, line) in labels {
            if scratch.label(label).is_some() {
                continue;
            }
            if !add_labels {
                return Err(FormatError::input(
                    file,
                    line,
                    format!(
                        "unknown label {label:?} (the project has {})",
                        project.label_names()
                    ),
                    "add it to the project with --add-labels, or rename it in the file",
                ));
            }
            if label.is_empty() || label.contains(char::is_whitespace) {
                return Err(FormatError::input(
                    file,
                    line,
                    format!("label {label:?} is empty or has spaces"),
                    "use a label name without spaces",
                ));
            }
            let n = scratch.labels.len();
            scratch.labels.push(Label::new(label, n));
            report.labels_added.push(label.to_owned());
        }
    }
    merge_relation_types(&mut scratch, &incoming, add_labels, path, &mut report)?;
    let mut touched = BTreeSet::new();
    // Lookups by id and by text in constant time, kept up to date as
    // documents are added: a merge is linear in the documents, not
    // quadratic, and reads no project text but those of the same length.
    let mut ids = crate::model::IdAllocator::new(project);
    let mut index_of: HashMap<&str, Place> = project
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), Place::Project(i)))
        .collect();
    let mut new_ids: HashMap<String, usize> = HashMap::new();
    // Texts are compared by (length, hash); a project text is hashed only
    // when an incoming text has its length.
    let mut by_len: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, d) in project.documents.iter().enumerate() {
        by_len.entry(d.text.len()).or_default().push(i);
    }
    let mut project_hash: HashMap<usize, u64> = HashMap::new();
    let mut new_by_key: HashMap<(usize, u64), Vec<usize>> = HashMap::new();
    let labels = scratch.labels.clone();
    for mut inc in incoming {
        let text_of = |place: Place| match place {
            Place::Project(i) => &project.documents[i].text,
            Place::Scratch(j) => &scratch.documents[j].text,
        };
        let by_id = inc
            .id
            .as_deref()
            .and_then(|id| {
                new_ids
                    .get(id)
                    .map(|&j| Place::Scratch(j))
                    .or_else(|| index_of.get(id).copied())
            })
            .filter(|&p| *text_of(p) == inc.text);
        let key = (inc.text.len(), text_hash(&inc.text));
        // The first project document with this text, else the first new one.
        let by_text = || {
            let old = by_len
                .get(&key.0)
                .into_iter()
                .flatten()
                .copied()
                .find(|&i| {
                    let d = &project.documents[i];
                    *project_hash.entry(i).or_insert_with(|| text_hash(&d.text)) == key.1
                        && d.text == inc.text
                });
            let old = old.map(|i| {
                let id = project.documents[i].id.as_str();
                index_of.get(id).copied().unwrap_or(Place::Project(i))
            });
            old.or_else(|| {
                let new = new_by_key.get(&key).into_iter().flatten();
                new.map(|&j| Place::Scratch(j))
                    .find(|&p| *text_of(p) == inc.text)
            })
        };
        let index = match by_id.or_else(by_text) {
            Some(place) => {
                let index = match place {
                    Place::Scratch(j) => j,
                    Place::Project(i) => {
                        // First change to this document: a copy to work on.
                        scratch.documents.push(project.documents[i].clone());
                        from_project.push(Some(i));
                        let j = scratch.documents.len() - 1;
                        index_of.insert(project.documents[i].id.as_str(), Place::Scratch(j));
                        j
                    }
                };
                let id = &scratch.documents[index].id;
                if from_project[index].is_some() && touched.insert(id.clone()) {
                    report.documents_merged.push(id.clone());
                }
                index
            }
            None => {
                // An id that is not a safe file name becomes one (the rule
                // the loader checks lives in `model::id`).
                let wanted = inc
                    .id
                    .clone()
                    .filter(|id| crate::model::id::check_document_id(id).is_ok());
                let id = match wanted {
                    Some(id) if ids.take(&id) => id,
                    other => ids.fresh(other.as_deref().or(inc.title.as_deref()).unwrap_or("doc")),
                };
                // `Document::new` without a copy of the text.
                let mut doc = Document::new(&id, "");
                doc.title = crate::text::import::title_of(&inc.text);
                doc.text = std::mem::take(&mut inc.text);
                if let Some(t) = &inc.title {
                    doc.title = t.clone();
                }
                doc.meta = inc.meta.clone();
                doc.status = inc.status.unwrap_or_default();
                doc.note = inc.note.clone();
                doc.source = inc
                    .source
                    .clone()
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| path.display().to_string());
                doc.layout = inc.layout.clone().filter(|l| l.fits(doc.char_len()));
                report.documents_added.push(id.clone());
                scratch.documents.push(doc);
                from_project.push(None);
                let j = scratch.documents.len() - 1;
                new_ids.insert(id, j);
                new_by_key.entry(key).or_default().push(j);
                j
            }
        };
        let doc = &mut scratch.documents[index];
        let file = inc.file.clone().unwrap_or_else(|| path.to_owned());
        if doc.layout.is_none() {
            doc.layout = inc.layout.clone().filter(|l| l.fits(doc.char_len()));
        }
        let doc = &mut scratch.documents[index];
        let text_index = crate::text::TextIndex::new(&doc.text);
        // The span id each incoming span became (for its relations).
        let mut span_ids: Vec<Option<crate::model::SpanId>> = Vec::new();
        for s in inc.spans {
            if let Some(there) = doc
                .spans
                .iter()
                .find(|d| d.start == s.start && d.end == s.end && d.label == s.label)
            {
                span_ids.push(Some(there.id));
                report.spans_already_there += 1;
                continue;
            }
            span_ids.push(None);
            // The same rule and the same span builder and checks as every
            // edit (`edit::make_span`, `Document::check_span`).
            if let Some(c) = doc.same_label_clash(&s.label, s.start, s.end, None) {
                report.conflicts.push(format!(
                    "{}:{}: {} {}..{} overlaps {:?} in document {}",
                    file.display(),
                    s.line,
                    s.label,
                    s.start,
                    s.end,
                    c.text,
                    doc.id
                ));
                continue;
            }
            let bad = |message: String, fix: &str| FormatError::input(&file, s.line, message, fix);
            let span = crate::edit::make_span_indexed(
                doc,
                &text_index,
                s.start,
                s.end,
                &s.label,
                s.origin.clone(),
            )
            .map_err(|e| bad(e.to_string(), "correct the span's offsets"))?;
            let span = Span {
                note: s.note,
                ..span
            };
            doc.check_span(&text_index, &span, &labels, None)
                .map_err(|p| {
                    bad(
                        format!(
                            "span {}..{} {:?}: {}",
                            span.start, span.end, span.text, p.message
                        ),
                        &p.fix,
                    )
                })?;
            if let Some(last) = span_ids.last_mut() {
                *last = Some(span.id);
            }
            doc.spans.push(span);
            report.spans_added += 1;
        }
        merge_relations(
            &mut scratch,
            index,
            &span_ids,
            inc.relations,
            &file,
            &mut report,
        )?;
        let doc = &mut scratch.documents[index];
        let (open_rel, rejected_rel) = inc.relation_suggestions;
        for (list, rejected) in [(open_rel, false), (rejected_rel, true)] {
            for s in list {
                let fits = scratch_fits(&doc.text, &s);
                let target = if rejected {
                    &mut doc.rejected_relations
                } else {
                    &mut doc.relation_suggestions
                };
                if fits && !target.contains(&s) {
                    target.push(s);
                }
            }
        }
        for sug in inc.suggestions {
            let known = doc.suggestions.iter().chain(&doc.rejected).any(|x| {
                x.start == sug.start
                    && x.end == sug.end
                    && x.label == sug.label
                    && x.source == sug.source
            });
            if !known {
                doc.suggestions.push(sug);
                report.suggestions_added += 1;
            }
        }
        for rej in inc.rejected {
            let known = doc.rejected.iter().any(|x| {
                x.start == rej.start
                    && x.end == rej.end
                    && x.label == rej.label
                    && x.source == rej.source
            });
            if !known {
                doc.rejected.push(rej);
                report.rejected_added += 1;
            }
        }
        doc.sort_spans();
    }
    // Every scratch document was added to or created: check them, those
    // of the project in its order first, then the new ones.
    let mut order: Vec<usize> = (0..scratch.documents.len()).collect();
    order.sort_by_key(|&j| (from_project[j].is_none(), from_project[j], j));
    // On every core; the first problem in that order is the error.
    let problems: Vec<Option<String>> = {
        use rayon::prelude::*;
        order
            .par_iter()
            .map(|&j| {
                let d = &scratch.documents[j];
                let relation_problems = d.relation_problems(&scratch.relation_types);
                d.problems(&scratch.labels)
                    .first()
                    .or(relation_problems.first())
                    .map(|p| format!("document {}: {p}", d.id))
            })
            .collect()
    };
    if let Some(message) = problems.into_iter().flatten().next() {
        return Err(FormatError::input(path, 0, message, "correct the file"));
    }
    let mut replaced = Vec::new();
    let mut added = Vec::new();
    let mut documents: Vec<Option<Document>> = scratch.documents.drain(..).map(Some).collect();
    for j in order {
        let Some(doc) = documents[j].take() else {
            continue;
        };
        match from_project[j] {
            // Unchanged (everything in it was there already): no edit.
            Some(i) if project.documents[i] == doc => {}
            Some(i) => replaced.push((i, doc)),
            None => added.push(doc),
        }
    }
    let tx = crate::edit::structure::merge_documents(
        project,
        &scratch.labels,
        &scratch.relation_types,
        replaced,
        added,
        name,
    );
    Ok((tx, report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::IncomingSpan;
    use crate::model::{default_labels, Origin};

    fn incoming(id: Option<&str>, text: &str, spans: &[(usize, usize, &str)]) -> Incoming {
        Incoming {
            id: id.map(str::to_owned),
            text: text.into(),
            spans: spans
                .iter()
                .map(|&(start, end, label)| IncomingSpan {
                    start,
                    end,
                    label: label.into(),
                    note: String::new(),
                    origin: Origin::Manual,
                    line: 1,
                })
                .collect(),
            line: 1,
            ..Default::default()
        }
    }

    #[test]
    fn the_transaction_changes_only_what_the_merge_touches_and_undoes_whole() {
        let mut p = Project::new("p", default_labels());
        p.documents = vec![
            Document::new("a", "Ông Hùng nói."),
            Document::new("b", "Bà Lan nói."),
            Document::new("c", "Không ai nói."),
        ];
        let before = p.clone();
        let input = vec![
            // Into b by text, a span added.
            incoming(None, "Bà Lan nói.", &[(3, 6, "person")]),
            // Into c by id: nothing new, so c is not rewritten.
            incoming(Some("c"), "Không ai nói.", &[]),
            // New, its wanted id taken: a fresh one.
            incoming(Some("a"), "Tin mới.", &[(0, 3, "target")]),
            // Into the new document by text.
            incoming(None, "Tin mới.", &[(4, 7, "metric")]),
        ];
        let path = Path::new("in.jsonl");
        let (tx, report) = merge_edit(&p, input.clone(), false, path, "Import").unwrap();
        assert_eq!(p, before, "the project is not changed");
        assert_eq!(
            report.documents_merged,
            vec!["b".to_owned(), "c".to_owned()]
        );
        assert_eq!(report.documents_added, vec!["a-2".to_owned()]);
        assert_eq!(report.spans_added, 3);
        // b replaced (remove + add), a-2 added; a and c untouched.
        let docs: Vec<&str> = tx.edits.iter().filter_map(|e| e.doc()).collect();
        assert_eq!(docs, ["b", "b", "a-2"]);
        crate::edit::apply(&mut p, &tx).unwrap();
        assert_eq!(p.documents[1].spans.len(), 1);
        assert_eq!(p.documents[3].id, "a-2");
        assert_eq!(p.documents[3].spans.len(), 2);
        // The same as merging in place.
        let mut q = before.clone();
        merge(&mut q, input, false, path).unwrap();
        assert_eq!(q, p);
        crate::edit::apply(&mut p, &tx.inverse()).unwrap();
        assert_eq!(p, before);
    }
}

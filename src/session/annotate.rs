//! Span operations: label the selection, relabel, resize, delete, notes,
//! annotate-all, and moving between spans and documents.

use super::{Notice, Session};
use crate::edit::bulk::{annotate_all, mark_corrected, move_edge, moved_range, Edge};
use crate::edit::{make_span, Edit, Transaction};
use crate::model::{Origin, Span, Status};
use crate::text::Token;

/// Where annotate-all looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The open document.
    Document,
    /// Every document of the project.
    Project,
}

impl Session {
    /// The label key `key` (`'1'`..`'9'`) was pressed: makes its label the
    /// active one and applies it (see [`Session::apply_label`]).
    pub fn label_key(&mut self, key: char) -> Option<Notice> {
        let name = self.workspace.project.label_for_hotkey(key)?.name.clone();
        self.active_label = Some(name.clone());
        Some(self.apply_label(&name))
    }

    /// Labels what is selected: the suggestion under review (its draft is
    /// relabeled), else the text selection (a new span), else the selected
    /// span (relabeled).
    pub fn apply_label(&mut self, label: &str) -> Notice {
        if let Some(draft) = self.selection.draft.as_mut() {
            draft.2 = label.to_owned();
            return Notice::Done(format!("Suggestion relabeled as {label}; A accepts it"));
        }
        if let Some((s, e)) = self.selection.selection() {
            return self.add_span(s, e, label);
        }
        if self.selected_span().is_some() {
            return self.change_span(&format!("Relabel as {label}"), |s| Span {
                label: label.to_owned(),
                origin: mark_corrected(&s.origin),
                ..s.clone()
            });
        }
        Notice::Refused("Select text first: drag, double-click, or Shift+arrows".into())
    }

    /// A new span over `start..end` (plus to-do → in progress on the first
    /// work in a document); the new span becomes selected.
    pub fn add_span(&mut self, start: usize, end: usize, label: &str) -> Notice {
        let Some(doc) = self.document() else {
            return Notice::Refused("Open a document first".into());
        };
        let span = match make_span(doc, start, end, label, Origin::Manual) {
            Ok(s) => s,
            Err(e) => return Notice::Refused(format!("Not done: {e}")),
        };
        let mut tx = Transaction::single(
            format!("Add {label} span"),
            Edit::AddSpan {
                doc: doc.id.clone(),
                span: span.clone(),
            },
        );
        tx.edits.extend(crate::edit::start_work(doc));
        let mut after = self.selection.clone();
        after.select_span(&span);
        after.caret = span.end;
        match self.edit(tx, after) {
            Ok(()) => Notice::Done(format!("Added {label}: {}", span.text)),
            Err(n) => n,
        }
    }

    /// Changes the selected span with `change` (same id).
    fn change_span(&mut self, name: &str, change: impl FnOnce(&Span) -> Span) -> Notice {
        let (Some(doc), Some(before)) = (self.document(), self.selected_span()) else {
            return Notice::Refused("Select a span first (click it, or Tab)".into());
        };
        let after = change(before);
        let tx = Transaction::single(
            name,
            Edit::ChangeSpan {
                doc: doc.id.clone(),
                before: before.clone(),
                after,
            },
        );
        let sel = self.selection.clone();
        match self.edit(tx, sel) {
            Ok(()) => Notice::Done(name.to_owned()),
            Err(n) => n,
        }
    }

    /// Removes the selected span.
    pub fn delete_span(&mut self) -> Notice {
        let (Some(doc), Some(span)) = (self.document(), self.selected_span()) else {
            return Notice::Refused("Select a span first (click it, or Tab)".into());
        };
        let span = span.clone();
        // Its relations go with it, in the same undo step.
        let tx = Transaction {
            name: format!("Delete {} span", span.label),
            edits: crate::edit::relations::remove_span_with_relations(doc, &span),
        };
        let mut after = self.selection.clone();
        after.selected_span = None;
        after.caret = span.start;
        match self.edit(tx, after) {
            Ok(()) => Notice::Done(format!("Deleted {}: {}", span.label, span.text)),
            Err(n) => n,
        }
    }

    /// Moves one boundary of the suggestion draft, or of the selected span,
    /// by one token of `tokens` (the open document's tokens).
    pub fn move_edge(&mut self, tokens: &[Token], edge: Edge, forward: bool) -> Notice {
        if let Some((start, end, label)) = self.selection.draft.clone() {
            return match moved_range(tokens, (start, end), edge, forward) {
                Some((s, e)) => {
                    self.selection.draft = Some((s, e, label));
                    Notice::Done("Suggestion resized; A accepts it".into())
                }
                None => Notice::Refused("The suggestion cannot move further that way".into()),
            };
        }
        let tx = match (self.document(), self.selected_span()) {
            (Some(doc), Some(span)) => move_edge(doc, tokens, span, edge, forward),
            _ => return Notice::Refused("Select a span first (click it, or Tab)".into()),
        };
        match tx {
            Some(tx) => {
                let sel = self.selection.clone();
                match self.edit(tx, sel) {
                    Ok(()) => Notice::Done("Resized".into()),
                    Err(n) => n,
                }
            }
            None => Notice::Refused("The span cannot move further that way".into()),
        }
    }

    /// Sets the note of span `id` (when it is the selected one).
    pub fn set_span_note(&mut self, id: u64, note: String) -> Notice {
        if self.selection.selected_span != Some(id) {
            return Notice::Refused("Select the span first".into());
        }
        let note = super::input::clean_multiline(&note);
        self.change_span("Edit note", |s| Span { note, ..s.clone() })
    }

    /// Labels every whole-token occurrence of `query` in the open document or
    /// the whole project; one undo step.
    pub fn annotate_all(
        &mut self,
        query: &str,
        label: &str,
        match_case: bool,
        scope: Scope,
    ) -> Notice {
        if scope == Scope::Project {
            if let Err(n) = self.load_all() {
                return n;
            }
        }
        let ids: Vec<String> = match scope {
            Scope::Document => self.document().map(|d| d.id.clone()).into_iter().collect(),
            Scope::Project => self
                .workspace
                .project
                .documents
                .iter()
                .map(|d| d.id.clone())
                .collect(),
        };
        self.annotate_in(&ids, query, label, match_case)
    }

    /// Annotate-all in the project when the documents not read are known
    /// to hold no occurrence: a scan read them (on a thread) and kept only
    /// those where [`may_hold`] is true. Annotates the documents read and
    /// reads nothing more, so memory grows with the documents that match,
    /// not with the project. Refused, naming one, when a document did not
    /// load.
    pub fn annotate_all_read(&mut self, query: &str, label: &str, match_case: bool) -> Notice {
        let ws = &self.workspace;
        let failed: Vec<&str> = ws
            .project
            .documents
            .iter()
            .filter(|d| ws.load_problems(&d.id).is_some())
            .map(|d| d.id.as_str())
            .collect();
        if let Some(first) = failed.first() {
            let problem = ws
                .load_problems(first)
                .and_then(|p| p.first())
                .map(|p| p.to_string())
                .unwrap_or_default();
            return Notice::Refused(format!(
                "Not done: {} document(s) did not load, and this needs every document; first: {problem}",
                failed.len()
            ));
        }
        let ids: Vec<String> = ws
            .project
            .documents
            .iter()
            .filter(|d| ws.is_loaded(&d.id))
            .map(|d| d.id.clone())
            .collect();
        self.annotate_in(&ids, query, label, match_case)
    }

    fn annotate_in(
        &mut self,
        ids: &[String],
        query: &str,
        label: &str,
        match_case: bool,
    ) -> Notice {
        let query = super::input::clean_line(query);
        let (tx, report) = annotate_all(&self.workspace.project, ids, &query, label, match_case);
        let text = format!(
            "Added {} {label} span(s); skipped {} already labeled, {} inside a longer word",
            report.added, report.skipped_covered, report.skipped_inside_word
        );
        if !tx.is_empty() {
            let sel = self.selection.clone();
            if let Err(n) = self.edit(tx, sel) {
                return n;
            }
        }
        Notice::Done(text)
    }

    /// Selects the next (`forward`) or previous span from the selected one or
    /// the caret.
    pub fn step_span(&mut self, forward: bool) -> Notice {
        let Some(doc) = self.document() else {
            return Notice::Refused("Open a document first".into());
        };
        let cur = self
            .selection
            .selected_span
            .and_then(|id| doc.spans.iter().position(|s| s.id == id));
        let caret = self.selection.caret;
        let next = match (cur, forward) {
            (Some(i), true) => doc.spans.get(i + 1),
            (Some(i), false) => i.checked_sub(1).and_then(|j| doc.spans.get(j)),
            (None, true) => doc.spans.iter().find(|s| s.start >= caret),
            (None, false) => doc.spans.iter().rev().find(|s| s.start < caret),
        };
        match next.cloned() {
            Some(span) => {
                self.selection.select_span(&span);
                Notice::Done(format!("{}: {}", span.label, span.text))
            }
            None => Notice::Refused(
                if forward {
                    "No more spans after this one"
                } else {
                    "No spans before this one"
                }
                .into(),
            ),
        }
    }

    /// Opens the document `step` places away in the project order.
    pub fn step_document(&mut self, step: i64) -> Notice {
        let n = self.workspace.project.documents.len() as i64;
        let Some(cur) = self.current else {
            return Notice::Refused("Open a document first".into());
        };
        let next = cur as i64 + step;
        if (0..n).contains(&next) && self.open_document(next as usize) {
            Notice::Done(format!("Document {}/{n}", next + 1))
        } else if step > 0 {
            Notice::Refused("This is the last document".into())
        } else {
            Notice::Refused("This is the first document".into())
        }
    }

    /// Marks the open document done (one undo step) and opens the next one.
    pub fn done_and_next(&mut self) -> Notice {
        let Some(doc) = self.document() else {
            return Notice::Refused("Open a document first".into());
        };
        if doc.status != Status::Done {
            let tx = Transaction::single(
                "Mark done",
                Edit::SetStatus {
                    doc: doc.id.clone(),
                    from: doc.status,
                    to: Status::Done,
                },
            );
            let sel = self.selection.clone();
            if let Err(n) = self.edit(tx, sel) {
                return n;
            }
        }
        self.step_document(1)
    }
}

/// Whether annotate-all of `query` may label something in `text` (the
/// scan before [`Session::annotate_all_read`] keeps the documents where
/// this is true): the query as annotate-all cleans it occurs in the text.
pub fn may_hold(text: &str, query: &str, match_case: bool) -> bool {
    let query = super::input::clean_line(query);
    !crate::edit::bulk::find_all(text, query.trim(), match_case).is_empty()
}

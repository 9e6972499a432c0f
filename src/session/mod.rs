//! An open project and what the editor is doing with it: the open document,
//! the selection, the suggestion under review, the active label.
//!
//! Every operation the GUI and the CLI both offer (add files, import, export,
//! suggest, accept/reject/correct, relabel, resize, delete, stats) is a
//! function here, so both front ends give the same answer and all of it is
//! tested without a window. Operations compute a [`Transaction`] and apply
//! it through [`Session::edit`], which records the selection before and after
//! so undo and redo put the editor back where the change was made.
//!
//! Layering: `session` uses `store`, `suggest`, `formats`, `edit`, `model`,
//! `text`; only `cli` and `ui` use `session`.

mod annotate;
mod curate;
mod documents;
mod error;
pub mod input;
mod learn;
mod relations;
mod review;
mod search;
mod stats;
mod suggest_chunks;
mod team;

pub use annotate::{may_hold, Scope};
pub use curate::{candidates, is_candidate};
pub use documents::{export, AddReport, ExportJob, ImportOutcome};
pub use error::SessionError;
pub use learn::{uncertainties, ModelState, Trainer};
pub use relations::{describe as describe_relation_suggestion, RelationRow};
pub use review::SuggestJob;
pub use search::{SearchEvent, SearchHit, SearchJob, MAX_HITS};
pub use stats::{DocumentCounts, Stats, ORIGIN_KINDS};
pub use suggest_chunks::{ChunkedSuggestions, SuggestPhase};

use crate::edit::Transaction;
use crate::model::{Document, Selection, Span};
use crate::store::{LoadError, Workspace};
use std::path::Path;

/// An error with its causes, one after the other (`a: b: c`), as both
/// front ends show it.
pub fn error_text(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !out.contains(&s_text) {
            out.push_str(": ");
            out.push_str(&s_text);
        }
        source = s.source();
    }
    out
}

/// The refusal of a whole-project operation when documents do not load.
fn load_refusal(e: &LoadError) -> Notice {
    let docs: std::collections::BTreeSet<&str> = e
        .problems
        .iter()
        .filter_map(|p| p.document.as_deref())
        .collect();
    let first = e
        .problems
        .first()
        .map(|p| p.to_string())
        .unwrap_or_default();
    Notice::Refused(format!(
        "Not done: {} document(s) did not load, and this needs every document; first: {first}",
        docs.len().max(1)
    ))
}

/// What an operation tells the editor: done (with a short report) or not
/// done (with the reason and what to do instead).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// It was done.
    Done(String),
    /// It was not done; nothing changed.
    Refused(String),
}

impl Notice {
    /// The text, whichever it is.
    pub fn text(&self) -> &str {
        match self {
            Notice::Done(t) | Notice::Refused(t) => t,
        }
    }

    /// Whether the operation was refused.
    pub fn is_refused(&self) -> bool {
        matches!(self, Notice::Refused(_))
    }
}

/// An open project and the editor's place in it.
#[derive(Debug)]
pub struct Session {
    /// The project, its folder and its history.
    pub workspace: Workspace,
    /// Index of the open document.
    pub current: Option<usize>,
    /// Caret, selection, selected span, suggestion under review.
    pub selection: Selection,
    /// The label sticky mode and annotate-all use (set by the label keys).
    pub active_label: Option<String>,
    /// Sticky mode: every finished drag becomes a span of the active label.
    pub sticky: bool,
    /// The learned tagger, loaded on first use (see [`Session::tagger`]).
    pub model: ModelState,
}

impl Session {
    /// Opens the project in `root` on its first document.
    pub fn open(root: &Path) -> Result<Self, LoadError> {
        Ok(Self::new(Workspace::open(root)?))
    }

    /// Opens the project in `root` as annotator `annotator` when given (its
    /// layer; see [`Workspace::open_as`]).
    pub fn open_as(root: &Path, annotator: Option<&str>) -> Result<Self, LoadError> {
        Ok(Self::new(Workspace::open_as(root, annotator)?))
    }

    /// Opens for reading only, as annotator `annotator` when given.
    pub fn open_read_only_as(root: &Path, annotator: Option<&str>) -> Result<Self, LoadError> {
        Ok(Self::new(Workspace::open_read_only_as(root, annotator)?))
    }

    /// Opens the project in `root` for reading only (no lock; edits refused).
    pub fn open_read_only(root: &Path) -> Result<Self, LoadError> {
        Ok(Self::new(Workspace::open_read_only(root)?))
    }

    /// Wraps an open workspace, on its first document.
    pub fn new(workspace: Workspace) -> Self {
        let active_label = workspace.project.labels.first().map(|l| l.name.clone());
        let mut s = Self {
            workspace,
            current: None,
            selection: Selection::default(),
            active_label,
            sticky: false,
            model: ModelState::default(),
        };
        s.open_document(0);
        s
    }

    /// The open document.
    pub fn document(&self) -> Option<&Document> {
        self.workspace.project.documents.get(self.current?)
    }

    /// The selected span of the open document.
    pub fn selected_span(&self) -> Option<&Span> {
        self.document()?.span(self.selection.selected_span?)
    }

    /// Opens the project in `root` index first, as annotator `annotator`
    /// when given (see [`Workspace::open_lazy_as`]): what the GUI does, so
    /// a big project shows at once. Documents are read when opened; the
    /// whole-project operations read the rest first.
    pub fn open_lazy_as(root: &Path, annotator: Option<&str>) -> Result<Self, LoadError> {
        Ok(Self::new(Workspace::open_lazy_as(root, annotator)?))
    }

    /// [`Session::open_lazy_as`] for reading only.
    pub fn open_lazy_read_only_as(root: &Path, annotator: Option<&str>) -> Result<Self, LoadError> {
        Ok(Self::new(Workspace::open_lazy_read_only_as(
            root, annotator,
        )?))
    }

    /// Reads every document not read yet (whole-project operations call
    /// it); refused, naming the documents and the first problem, when some
    /// do not load.
    pub fn load_all(&mut self) -> Result<(), Notice> {
        self.load_all_reporting(&mut |_, _| {})
            .map_err(|e| load_refusal(&e))
    }

    /// [`Session::load_all`] with `progress(done, total)` after each
    /// thousand documents, failing with every problem of every document
    /// that does not load (what `gloss check` reports).
    pub fn load_all_reporting(
        &mut self,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<(), LoadError> {
        let unread = self.workspace.unloaded_count();
        let result = self.workspace.load_all_reporting(progress);
        if unread > 0 && result.is_ok() {
            // Every document's counts are known now (and the folder loads): keep them for the
            // next opening (derived; losing them loses nothing).
            let _ = self.workspace.write_cache();
        }
        result
    }

    /// Reads the documents `ids` not read yet; refused like
    /// [`Session::load_all`].
    pub fn load(&mut self, ids: &[String]) -> Result<(), Notice> {
        if self.workspace.load(ids) == 0 {
            return Ok(());
        }
        let problems: Vec<crate::store::LoadProblem> = ids
            .iter()
            .filter_map(|id| self.workspace.load_problems(id))
            .flatten()
            .cloned()
            .collect();
        Err(load_refusal(&LoadError {
            root: self.workspace.root().to_owned(),
            problems,
        }))
    }

    /// Why the open document could not be read, if it could not.
    pub fn document_problems(&self) -> Option<&[crate::store::LoadProblem]> {
        let doc = self.workspace.project.documents.get(self.current?)?;
        self.workspace.load_problems(&doc.id)
    }

    /// Opens document `i` with an empty selection (reading its file if it
    /// was not read; one that does not load is open with its problems, see
    /// [`Session::document_problems`]); `false` when there is none.
    pub fn open_document(&mut self, i: usize) -> bool {
        let Some(id) = self
            .workspace
            .project
            .documents
            .get(i)
            .map(|d| d.id.clone())
        else {
            return false;
        };
        self.workspace.load(std::slice::from_ref(&id));
        let Some(doc) = self.workspace.project.documents.get(i) else {
            return false;
        };
        self.selection = Selection::at_start(&doc.id);
        self.current = Some(i);
        true
    }

    /// Opens the document with this id (and keeps `selection` when given).
    fn open_document_id(&mut self, id: &str) {
        if let Some(i) = self
            .workspace
            .project
            .documents
            .iter()
            .position(|d| d.id == id)
        {
            self.current = Some(i);
        }
    }

    /// Applies `tx` as one undo step; on success the selection becomes
    /// `after`. A refused transaction changes nothing.
    pub fn edit(&mut self, tx: Transaction, after: Selection) -> Result<(), Notice> {
        let before = self.selection.clone();
        self.workspace
            .apply_at(tx, before, after.clone())
            .map_err(|e| Notice::Refused(format!("Not done: {e}")))?;
        self.selection = after;
        Ok(())
    }

    /// Keeps the selection pointing at things that exist (an undo or a bulk
    /// edit may have removed the selected span or suggestion).
    pub fn drop_stale_selection(&mut self) {
        let (span_gone, sug_gone) = match self.document() {
            Some(d) => (
                self.selection
                    .selected_span
                    .is_some_and(|id| d.span(id).is_none()),
                self.selection
                    .selected_suggestion
                    .as_ref()
                    .is_some_and(|s| !d.suggestions.contains(s)),
            ),
            None => (true, true),
        };
        if span_gone {
            self.selection.selected_span = None;
        }
        if sug_gone {
            self.selection.clear_suggestion();
        }
    }

    /// Undoes the last step and restores the selection it was made from.
    pub fn undo(&mut self) -> Notice {
        self.undo_reporting(&mut |_, _| {})
    }

    /// [`Self::undo`], with `progress(done, total)` in documents after each
    /// chunk when the step touches documents not read (they are read, changed
    /// and saved a chunk at a time).
    pub fn undo_reporting(&mut self, progress: &mut dyn FnMut(usize, usize)) -> Notice {
        match self.workspace.undo_reporting(progress) {
            Ok(Some(r)) => {
                self.restore(r.selection);
                Notice::Done(format!("Undid: {}", r.tx.name))
            }
            Ok(None) => Notice::Done("Nothing to undo".into()),
            Err(e @ crate::edit::EditError::Partly { .. }) => {
                Notice::Refused(format!("Undone in part: {e}"))
            }
            Err(e) => Notice::Refused(format!("Cannot undo: {e}")),
        }
    }

    /// Redoes the last undone step and restores the selection after it.
    pub fn redo(&mut self) -> Notice {
        self.redo_reporting(&mut |_, _| {})
    }

    /// [`Self::redo`], with `progress` as in [`Self::undo_reporting`].
    pub fn redo_reporting(&mut self, progress: &mut dyn FnMut(usize, usize)) -> Notice {
        match self.workspace.redo_reporting(progress) {
            Ok(Some(r)) => {
                self.restore(r.selection);
                Notice::Done(format!("Redid: {}", r.tx.name))
            }
            Ok(None) => Notice::Done("Nothing to redo".into()),
            Err(e @ crate::edit::EditError::Partly { .. }) => {
                Notice::Refused(format!("Redone in part: {e}"))
            }
            Err(e) => Notice::Refused(format!("Cannot redo: {e}")),
        }
    }

    fn restore(&mut self, selection: Selection) {
        match selection.doc.clone() {
            Some(id) => {
                self.open_document_id(&id);
                self.selection = selection;
            }
            None => {
                // Recorded without a selection (a CLI step): keep the place,
                // unless the open document is gone.
                let n = self.workspace.project.documents.len();
                if self.current.is_some_and(|i| i >= n) || (self.current.is_none() && n > 0) {
                    self.open_document(0);
                }
            }
        }
        if self
            .current
            .is_some_and(|i| i >= self.workspace.project.documents.len())
        {
            self.current = None;
        }
        self.drop_stale_selection();
    }

    /// Saves what changed.
    pub fn save(&mut self) -> Result<crate::store::SaveReport, SessionError> {
        self.workspace.save().map_err(SessionError::Save)
    }
}

#[cfg(test)]
mod tests;

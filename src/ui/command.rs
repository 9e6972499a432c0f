//! Everything a panel can ask the app to do; applied in one place per frame.

use crate::edit::bulk::Edge;
use crate::model::SpanId;
use std::path::PathBuf;

/// Where annotate-all looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The open document.
    Document,
    /// Every document of the project.
    Project,
}

/// A request from a panel or a shortcut.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Label the selection, or relabel the selected span.
    ApplyLabel(String),
    /// Make the char range a span with the label (sticky mode, drag end).
    AddSpan {
        /// First char.
        start: usize,
        /// One past the last char.
        end: usize,
        /// Label name.
        label: String,
    },
    /// Remove the selected span.
    DeleteSpan,
    /// Move a boundary of the selected span by one token.
    MoveEdge(Edge, bool),
    /// Put the keyboard focus in the selected span's note.
    EditNote,
    /// Change the selected span's note.
    SetSpanNote(SpanId, String),
    /// Label every match of the text in the document or project.
    AnnotateAll {
        /// The text to find.
        query: String,
        /// Label name.
        label: String,
        /// Case must match.
        match_case: bool,
        /// Where.
        scope: Scope,
    },
    /// Select the next (`true`) or previous suggestion.
    StepSuggestion(bool),
    /// Accept the selected suggestion (with the editor's changes).
    AcceptSuggestion,
    /// Reject the selected suggestion.
    RejectSuggestion,
    /// Accept every open suggestion of the document with score ≥ threshold.
    AcceptAllSuggestions,
    /// Reject every open suggestion of the document.
    RejectAllSuggestions,
    /// Run the built-in extractors on this document or on all of them.
    Suggest {
        /// Every document (else the open one).
        all: bool,
    },
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Save now.
    Save,
    /// Open the document at this index.
    OpenDocument(usize),
    /// Open the next / previous document.
    StepDocument(i32),
    /// Mark the open document done and open the next one.
    DoneAndNext,
    /// Open a project folder.
    OpenProject(PathBuf),
    /// Create a project folder and open it.
    NewProject(PathBuf),
    /// Add article files or folders to the project.
    AddDocuments(Vec<PathBuf>),
    /// Switch light/dark.
    ToggleTheme,
    /// Change the zoom by this factor (1.0 resets).
    Zoom(f32),
    /// Quit (after saving).
    Quit,
}

//! Everything a panel can ask the app to do; applied in one place per frame
//! (`actions.rs`). Keyboard and menu actions arrive as [`Command::Action`].

use super::keymap::Action;
use crate::model::{Label, RelationId, RelationType, SpanId};
use crate::session::Scope;
use std::path::PathBuf;

/// A request from a panel, a menu or a shortcut.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// A keymap action (keys, menus and buttons all send these).
    Action(Action),
    /// Make this the active label and label the selection with it (or
    /// relabel the selected span or suggestion).
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
    /// Open the document at this index.
    OpenDocument(usize),
    /// List the matches of the query in every document (on a thread).
    FindEverywhere {
        /// The text to find.
        query: String,
        /// Case must match.
        match_case: bool,
    },
    /// Open a document and select a match in it.
    OpenMatch {
        /// The document.
        id: String,
        /// First char.
        start: usize,
        /// One past the last char.
        end: usize,
    },
    /// Open a project folder.
    OpenProject(PathBuf),
    /// Create a project folder and open it.
    NewProject(PathBuf),
    /// Add article files or folders to the project.
    AddDocuments(Vec<PathBuf>),
    /// Change the sticky-label mode.
    SetSticky(bool),
    /// Make this the active label without applying it.
    SetActiveLabel(String),
    /// Link span `0` to span `1` (a drag from a label tag): made at once
    /// when one relation type fits, else the type's hotkey finishes it.
    LinkSpans(SpanId, SpanId),
    /// Give relation `0` the relation type `1`.
    RelabelRelation(RelationId, String),
    /// Delete a relation.
    DeleteRelation(RelationId),
    /// Replace the labels and relation types (project settings).
    SetSchema(Vec<Label>, Vec<RelationType>),
    /// Rename a label (`false`) or relation type (`true`) everywhere.
    Rename {
        /// Current name.
        old: String,
        /// New name.
        new: String,
        /// A relation type rather than a label.
        relation: bool,
    },
    /// Delete a label (`false`) or relation type (`true`); with its spans or
    /// relations when `with_uses`.
    DeleteFromSchema {
        /// Its name.
        name: String,
        /// A relation type rather than a label.
        relation: bool,
        /// Delete what uses it too.
        with_uses: bool,
    },
}

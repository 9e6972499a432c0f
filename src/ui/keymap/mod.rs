//! The one keymap: every GUI action with its keys, menu text and help text.
//! The menus, the F1 help and the key handling are all generated from
//! [`Action::binding`], plain keys included, so a key shown is a key that
//! works. Matching is exact on Ctrl/Shift/Alt (egui's own matching ignores
//! extra Shift and Alt, which would make Alt+Right also a plain Right).

mod table;

use crate::edit::bulk::Edge;
use egui::{Event, Key, Modifiers};

/// A caret movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaretMove {
    /// One char left.
    Left,
    /// One char right.
    Right,
    /// To the previous syllable boundary.
    WordLeft,
    /// To the next syllable boundary.
    WordRight,
    /// Start of the line.
    Home,
    /// End of the line.
    End,
    /// One visual row up.
    Up,
    /// One visual row down.
    Down,
}

/// Everything the keyboard and the menus can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Create a project.
    NewProject,
    /// Open a project.
    OpenProject,
    /// Add article files.
    AddDocuments,
    /// Export a dataset.
    Export,
    /// Import a dataset.
    Import,
    /// Save now.
    Save,
    /// Quit.
    Quit,
    /// Next document.
    NextDocument,
    /// Previous document.
    PreviousDocument,
    /// Mark done and open the next document.
    DoneAndNext,
    /// Focus the document filter.
    FilterDocuments,
    /// Toggle ordering the to-do documents by the model's uncertainty.
    OrderByUncertainty,
    /// Move the caret (`true`: extend the selection).
    Caret(CaretMove, bool),
    /// Clear the selection, close find or help.
    Escape,
    /// Label key `'1'`..`'9'`.
    Label(char),
    /// Toggle sticky label mode.
    ToggleSticky,
    /// Next span.
    NextSpan,
    /// Previous span.
    PreviousSpan,
    /// Remove the selected span.
    DeleteSpan,
    /// Move a boundary of the selected span or suggestion (`true`: right).
    MoveEdge(Edge, bool),
    /// Edit the selected span's note.
    EditNote,
    /// Find the selected span's text, to annotate it everywhere.
    AnnotateAll,
    /// Open the find bar.
    Find,
    /// Find: next match.
    FindNext,
    /// Find: previous match.
    FindPrevious,
    /// Find: annotate all matches in this document.
    FindAnnotateDocument,
    /// Find: annotate all matches in every document.
    FindAnnotateProject,
    /// Find: list the matches in every document (streamed, on a thread).
    FindEverywhere,
    /// Find: stop finding in every document.
    StopFinding,
    /// Find: open the next match of the list of every document's matches.
    NextFoundDocument,
    /// Suggest in this document.
    Suggest,
    /// Suggest in every document.
    SuggestAll,
    /// Next suggestion.
    NextSuggestion,
    /// Previous suggestion.
    PreviousSuggestion,
    /// Accept the selected suggestion.
    Accept,
    /// Reject the selected suggestion.
    Reject,
    /// Accept every suggestion above the threshold.
    AcceptAll,
    /// Reject every open suggestion.
    RejectAll,
    /// Undo.
    Undo,
    /// Redo.
    Redo,
    /// Zoom in.
    ZoomIn,
    /// Zoom out.
    ZoomOut,
    /// Reset zoom.
    ZoomReset,
    /// Light/dark theme.
    ToggleTheme,
    /// Show the keyboard help.
    Help,
    /// Files changed on disk and here: write mine over them.
    KeepMine,
    /// Files changed on disk and here: reload theirs.
    TakeTheirs,
    /// Files changed on disk and here: save mine as a copy, take theirs.
    SaveMineAsCopy,
    /// Files changed on disk and here: decide at the next save.
    DecideLater,
    /// Start a relation at the selected span.
    StartLink,
    /// While linking: the next span that can be linked.
    LinkNext,
    /// While linking: the previous span that can be linked.
    LinkPrevious,
    /// While linking: finish with the only relation type that fits.
    LinkFinish,
    /// While linking: stop without a change.
    LinkCancel,
    /// While linking: finish with the relation type of this hotkey letter.
    LinkType(char),
    /// Focus the next relation of the selected span (side panel).
    NextRelation,
    /// Give the focused relation the next relation type that fits.
    CycleRelationType,
    /// Delete the focused relation.
    DeleteRelation,
    /// Next relation suggestion.
    NextRelationSuggestion,
    /// Previous relation suggestion.
    PreviousRelationSuggestion,
    /// Labels and relation types of the project.
    ProjectSettings,
    /// Curate the open document: annotators' spans the gold layer lacks
    /// become candidates.
    Curate,
    /// Take the candidate under the caret into the gold layer.
    TakeCandidate,
    /// Take every remaining candidate of that candidate's annotator.
    TakeAllOfAnnotator,
    /// Drop the candidate under the caret.
    DropCandidate,
    /// Pre-fill the gold layer with the spans all annotators agree on.
    MergeUnanimous,
    /// Pre-fill the gold layer with the spans most annotators agree on.
    MergeMajority,
    /// Document list: my documents / all documents.
    ToggleMyDocuments,
    /// Who is annotating: the annotator with this number (`'1'`..`'9'`).
    PickAnnotator(char),
    /// Who is annotating: the curator (the gold layer).
    PickCurator,
}

/// A key press that triggers an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chord {
    /// A key with exactly these modifiers.
    Key(Modifiers, Key),
    /// A typed character (e.g. `?`), which arrives as text.
    Text(&'static str),
}

/// When an action's keys are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Always (Ctrl shortcuts, F1), unless a dialog is open.
    Always,
    /// Only when no text field has the keyboard (plain keys).
    NotTyping,
    /// Only inside the find bar.
    InFind,
    /// Only while the changed-on-disk question is open (it takes every key).
    InConflict,
    /// Only while a relation is being made from the keyboard (it takes the
    /// plain keys).
    InLink,
    /// Only while "who is annotating?" is asked (it takes every key).
    InChoice,
}

impl When {
    /// Whether keys read in `self` and in `other` can be pressed in the same
    /// situation (then they must differ).
    pub fn competes_with(self, other: When) -> bool {
        use When::*;
        match (self, other) {
            (InConflict, o) | (o, InConflict) => o == InConflict,
            (InChoice, o) | (o, InChoice) => o == InChoice,
            (Always, _) | (_, Always) => true,
            (a, b) => a == b,
        }
    }
}

/// An action's keys and words.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// The keys, first one shown in menus.
    pub keys: &'static [Chord],
    /// When the keys are read.
    pub when: When,
    /// Help group.
    pub group: &'static str,
    /// Menu text.
    pub menu: &'static str,
    /// Help text.
    pub help: &'static str,
}

/// Help groups in the order F1 shows them.
pub const GROUPS: [&str; 11] = [
    "Project",
    "Documents",
    "Selecting text",
    "Spans",
    "Relations",
    "Find",
    "Suggestions",
    "Team",
    "Edit",
    "View",
    "Changed on disk",
];

impl Action {
    /// Every action, in help order.
    pub fn all() -> Vec<Action> {
        use Action::*;
        let mut v = vec![
            NewProject,
            OpenProject,
            AddDocuments,
            Export,
            Import,
            Save,
            Quit,
            NextDocument,
            PreviousDocument,
            DoneAndNext,
            FilterDocuments,
            OrderByUncertainty,
        ];
        for extend in [false, true] {
            for m in [
                CaretMove::Left,
                CaretMove::Right,
                CaretMove::WordLeft,
                CaretMove::WordRight,
                CaretMove::Home,
                CaretMove::End,
                CaretMove::Up,
                CaretMove::Down,
            ] {
                v.push(Caret(m, extend));
            }
        }
        v.push(Escape);
        v.extend(('1'..='9').map(Label));
        v.extend([ToggleSticky, NextSpan, PreviousSpan, DeleteSpan]);
        for edge in [Edge::End, Edge::Start] {
            v.extend([MoveEdge(edge, false), MoveEdge(edge, true)]);
        }
        v.extend([
            EditNote,
            AnnotateAll,
            Find,
            FindNext,
            FindPrevious,
            FindAnnotateDocument,
            FindAnnotateProject,
            FindEverywhere,
            StopFinding,
            NextFoundDocument,
            Suggest,
            SuggestAll,
            NextSuggestion,
            PreviousSuggestion,
            Accept,
            Reject,
            AcceptAll,
            RejectAll,
            Undo,
            Redo,
            ZoomIn,
            ZoomOut,
            ZoomReset,
            ToggleTheme,
            Help,
            KeepMine,
            TakeTheirs,
            SaveMineAsCopy,
            DecideLater,
            StartLink,
            LinkNext,
            LinkPrevious,
            LinkFinish,
            LinkCancel,
        ]);
        v.extend(('a'..='z').map(LinkType));
        v.extend([
            NextRelation,
            CycleRelationType,
            DeleteRelation,
            NextRelationSuggestion,
            PreviousRelationSuggestion,
            ProjectSettings,
            Curate,
            TakeCandidate,
            TakeAllOfAnnotator,
            DropCandidate,
            MergeUnanimous,
            MergeMajority,
            ToggleMyDocuments,
        ]);
        v.extend(('1'..='9').map(PickAnnotator));
        v.push(PickCurator);
        v
    }

    /// The first key, as shown in menus ("Ctrl+Shift+Z").
    pub fn shortcut_text(self) -> String {
        self.binding()
            .keys
            .first()
            .map(|c| chord_text(*c))
            .unwrap_or_default()
    }

    /// All keys, as shown in the help ("Delete / Backspace").
    pub fn keys_text(self) -> String {
        let keys: Vec<String> = self.binding().keys.iter().map(|c| chord_text(*c)).collect();
        keys.join(" / ")
    }
}

/// "Ctrl+Shift+Z", "Alt+←", "?".
pub fn chord_text(c: Chord) -> String {
    match c {
        Chord::Text(t) => t.to_owned(),
        Chord::Key(m, k) => {
            let mut s = String::new();
            if m.command || m.ctrl {
                s.push_str("Ctrl+");
            }
            if m.alt {
                s.push_str("Alt+");
            }
            if m.shift {
                s.push_str("Shift+");
            }
            s.push_str(match k {
                Key::ArrowLeft => "←",
                Key::ArrowRight => "→",
                Key::ArrowUp => "↑",
                Key::ArrowDown => "↓",
                Key::Equals => "=",
                Key::Plus => "+",
                Key::Minus => "-",
                Key::Delete => "Del",
                Key::Escape => "Esc",
                other => other.name(),
            });
            s
        }
    }
}

/// Whether the modifiers are exactly `want` (Ctrl/Cmd, Shift, Alt).
fn exactly(m: Modifiers, want: Modifiers) -> bool {
    m.alt == want.alt && m.shift == want.shift && m.command == want.command
}

/// Consumes a press of `chord`; true when there was one.
pub fn take(input: &mut egui::InputState, chord: Chord) -> bool {
    let mut hit = false;
    input.events.retain(|e| match (e, chord) {
        (
            Event::Key {
                key: k,
                pressed: true,
                modifiers,
                ..
            },
            Chord::Key(mods, key),
        ) if *k == key && exactly(*modifiers, mods) => {
            hit = true;
            false
        }
        (Event::Text(t), Chord::Text(want)) if t == want => {
            hit = true;
            false
        }
        _ => true,
    });
    hit
}

/// Consumes any key of `action`; true when one was pressed.
pub fn take_action(input: &mut egui::InputState, action: Action) -> bool {
    let mut hit = false;
    for &c in action.binding().keys {
        hit |= take(input, c);
    }
    hit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_keys_and_no_two_actions_share_one() {
        let all = Action::all();
        let mut seen: Vec<(Chord, When, Action)> = Vec::new();
        for a in &all {
            let b = a.binding();
            assert!(!b.keys.is_empty(), "{a:?} has no shortcut");
            assert!(GROUPS.contains(&b.group), "{a:?} is in no help group");
            for &k in b.keys {
                // Keys read in the same situation must differ. Find-bar keys
                // are read only while the bar has the keyboard, plain keys
                // only when no field does, the disk question takes all keys.
                let clash = seen
                    .iter()
                    .find(|(k2, w2, a2)| *k2 == k && a2 != a && w2.competes_with(b.when));
                assert!(
                    clash.is_none(),
                    "{a:?} and {:?} share {}",
                    clash.map(|c| c.2),
                    chord_text(k)
                );
                seen.push((k, b.when, *a));
            }
        }
        let mut unique = all.clone();
        unique.dedup();
        assert_eq!(unique.len(), all.len());
    }

    #[test]
    fn linking_takes_its_own_keys() {
        assert_eq!(Action::LinkType('h').keys_text(), "H");
        assert_eq!(Action::LinkNext.keys_text(), "Tab / →");
        assert!(When::InLink.competes_with(When::Always));
        assert!(!When::InLink.competes_with(When::NotTyping));
    }

    #[test]
    fn chords_read_as_people_write_them() {
        assert_eq!(Action::Redo.keys_text(), "Ctrl+Shift+Z / Ctrl+Y");
        assert_eq!(
            Action::MoveEdge(Edge::Start, false).shortcut_text(),
            "Alt+Shift+←"
        );
        assert_eq!(Action::Help.keys_text(), "F1 / ?");
    }
}

//! The table itself: each action's keys, menu text and help text, as one
//! exhaustive match (an action without keys does not compile).

use super::{Action, Binding, CaretMove, Chord, When};
use crate::edit::bulk::Edge;
use egui::{Key, Modifiers};

const NONE: Modifiers = Modifiers::NONE;
const CTRL: Modifiers = Modifiers::COMMAND;
const SHIFT: Modifiers = Modifiers::SHIFT;
const ALT: Modifiers = Modifiers::ALT;
const CTRL_SHIFT: Modifiers = Modifiers {
    alt: false,
    ctrl: false,
    shift: true,
    mac_cmd: false,
    command: true,
};
const ALT_SHIFT: Modifiers = Modifiers {
    alt: true,
    ctrl: false,
    shift: true,
    mac_cmd: false,
    command: false,
};

const fn b(
    keys: &'static [Chord],
    when: When,
    group: &'static str,
    menu: &'static str,
    help: &'static str,
) -> Binding {
    Binding {
        keys,
        when,
        group,
        menu,
        help,
    }
}

use Chord::{Key as K, Text as T};
use When::{Always, InChoice, InConflict, InFind, InLink, NotTyping};

impl Action {
    /// The keys and words of this action (an exhaustive match: an action
    /// without keys does not compile).
    pub fn binding(self) -> Binding {
        use Action::*;
        const P: &str = "Project";
        const D: &str = "Documents";
        const S: &str = "Selecting text";
        const SP: &str = "Spans";
        const F: &str = "Find";
        const SU: &str = "Suggestions";
        const E: &str = "Edit";
        const V: &str = "View";
        const DISK: &str = "Changed on disk";
        const R: &str = "Relations";
        const TEAM: &str = "Team";
        match self {
            NewProject => b(&[K(CTRL, Key::N)], Always, P, "New project…", "Create a project folder"),
            OpenProject => b(&[K(CTRL, Key::O)], Always, P, "Open project…", "Open a project folder"),
            AddDocuments => b(&[K(CTRL, Key::D)], Always, P, "Add documents…", "Add .txt, .md or .jsonl articles"),
            Export => b(&[K(CTRL, Key::E)], Always, P, "Export dataset…", "Export a dataset (JSONL, doccano, spaCy, CoNLL, HF, brat, Label Studio)"),
            Import => b(&[K(CTRL, Key::I)], Always, P, "Import dataset…", "Import a dataset (one undo step)"),
            Save => b(&[K(CTRL, Key::S)], Always, P, "Save", "Save now (edits also save by themselves after 2 s idle)"),
            Quit => b(&[K(CTRL, Key::Q)], Always, P, "Quit", "Quit (saves first)"),
            NextDocument => b(&[K(NONE, Key::PageDown)], NotTyping, D, "Next document", "Open the next document"),
            PreviousDocument => b(&[K(NONE, Key::PageUp)], NotTyping, D, "Previous document", "Open the previous document"),
            DoneAndNext => b(&[K(CTRL, Key::Enter)], Always, D, "Mark done and next", "Mark done and open the next document"),
            FilterDocuments => b(&[K(CTRL, Key::L)], Always, D, "Filter documents", "Filter the document list by title, id or status"),
            OrderByUncertainty => b(&[K(ALT, Key::U)], NotTyping, D, "Least confident first", "Toggle: list the documents not done yet by the model's uncertainty, least confident first (needs a trained model)"),
            Caret(m, extend) => b(caret_chord(m, extend), NotTyping, S, caret_help(m, extend), caret_help(m, extend)),
            Escape => b(&[K(NONE, Key::Escape)], NotTyping, S, "Clear selection", "Clear the selection (or close find / help)"),
            Label(c) => b(label_chord(c), NotTyping, SP, "Label", "Label the selection, or relabel the selected span or suggestion, with the label of this hotkey"),
            ToggleSticky => b(&[K(NONE, Key::S)], NotTyping, SP, "Sticky label", "Sticky label: every finished drag becomes a span of the active label"),
            NextSpan => b(&[K(NONE, Key::Tab)], NotTyping, SP, "Next span", "Select the next span"),
            PreviousSpan => b(&[K(SHIFT, Key::Tab)], NotTyping, SP, "Previous span", "Select the previous span"),
            DeleteSpan => b(&[K(NONE, Key::Delete), K(NONE, Key::Backspace)], NotTyping, SP, "Delete span", "Remove the selected span"),
            MoveEdge(Edge::End, false) => b(&[K(ALT, Key::ArrowLeft)], NotTyping, SP, "Shrink end", "Move the end of the span (or suggestion) one syllable left"),
            MoveEdge(Edge::End, true) => b(&[K(ALT, Key::ArrowRight)], NotTyping, SP, "Grow end", "Move the end of the span (or suggestion) one syllable right"),
            MoveEdge(Edge::Start, false) => b(&[K(ALT_SHIFT, Key::ArrowLeft)], NotTyping, SP, "Grow start", "Move the start of the span (or suggestion) one syllable left"),
            MoveEdge(Edge::Start, true) => b(&[K(ALT_SHIFT, Key::ArrowRight)], NotTyping, SP, "Shrink start", "Move the start of the span (or suggestion) one syllable right"),
            EditNote => b(&[K(NONE, Key::E)], NotTyping, SP, "Edit note", "Edit the selected span's note"),
            AnnotateAll => b(&[K(CTRL_SHIFT, Key::A)], NotTyping, SP, "Annotate all occurrences", "Label every occurrence of the selected span's text in this document"),
            Find => b(&[K(CTRL, Key::F)], Always, F, "Find…", "Find in the document"),
            FindNext => b(&[K(NONE, Key::Enter)], InFind, F, "Next match", "Next match (the first one after the query changed)"),
            FindPrevious => b(&[K(SHIFT, Key::Enter)], InFind, F, "Previous match", "Previous match"),
            FindAnnotateDocument => b(&[K(ALT, Key::D)], InFind, F, "Annotate all in document", "Annotate all matches in this document"),
            FindAnnotateProject => b(&[K(ALT, Key::P)], InFind, F, "…in every document", "Annotate all matches in every document"),
            FindEverywhere => b(&[K(ALT, Key::A)], InFind, F, "Find in all documents", "List the matches in every document as they are found (documents not opened are read from disk, a few hundred at a time)"),
            StopFinding => b(&[K(ALT, Key::S)], InFind, F, "Stop finding", "Stop finding in all documents (the matches found so far stay listed)"),
            NextFoundDocument => b(&[K(ALT, Key::N)], InFind, F, "Open next found", "Open the next match in the list of all documents' matches"),
            Suggest => b(&[K(CTRL, Key::G)], NotTyping, SU, "Suggest in this document", "Suggest spans (rules-vi, dictionary and the trained model) in this document"),
            SuggestAll => b(&[K(CTRL_SHIFT, Key::G)], NotTyping, SU, "Suggest in all documents", "Suggest spans in every document"),
            NextSuggestion => b(&[K(NONE, Key::N)], NotTyping, SU, "Next suggestion", "Select the next suggestion"),
            PreviousSuggestion => b(&[K(SHIFT, Key::N)], NotTyping, SU, "Previous suggestion", "Select the previous suggestion"),
            Accept => b(&[K(NONE, Key::A), K(NONE, Key::Enter)], NotTyping, SU, "Accept", "Accept the selected suggestion (with your label or boundary changes)"),
            Reject => b(&[K(NONE, Key::R), K(NONE, Key::X)], NotTyping, SU, "Reject", "Reject the selected suggestion"),
            AcceptAll => b(&[K(SHIFT, Key::A)], NotTyping, SU, "Accept all above threshold", "Accept every suggestion with score ≥ threshold (conflicts skipped)"),
            RejectAll => b(&[K(SHIFT, Key::R)], NotTyping, SU, "Reject all remaining", "Reject every open suggestion of the document"),
            Undo => b(&[K(CTRL, Key::Z)], Always, E, "Undo", "Undo (every edit, bulk ones, imports and added documents included)"),
            Redo => b(&[K(CTRL_SHIFT, Key::Z), K(CTRL, Key::Y)], Always, E, "Redo", "Redo"),
            ZoomIn => b(&[K(CTRL, Key::Equals), K(CTRL, Key::Plus)], Always, V, "Zoom in", "Zoom in"),
            ZoomOut => b(&[K(CTRL, Key::Minus)], Always, V, "Zoom out", "Zoom out"),
            ZoomReset => b(&[K(CTRL, Key::Num0)], Always, V, "Reset zoom", "Reset zoom"),
            ToggleTheme => b(&[K(CTRL, Key::T)], Always, V, "Light / dark theme", "Switch light / dark theme"),
            Help => b(&[K(NONE, Key::F1), T("?")], Always, V, "Keyboard shortcuts", "This help"),
            KeepMine => b(&[K(NONE, Key::K)], InConflict, DISK, "Keep mine", "Write your version over the files changed on disk"),
            TakeTheirs => b(&[K(NONE, Key::T)], InConflict, DISK, "Take theirs", "Reload the files from disk; your unsaved changes to them are dropped"),
            SaveMineAsCopy => b(&[K(NONE, Key::C)], InConflict, DISK, "Save mine as a copy", "Write your version to docs/<id>.mine-<time>.ron, then reload theirs"),
            DecideLater => b(&[K(NONE, Key::Escape)], InConflict, DISK, "Decide later", "Close the question; nothing is saved until you choose"),
            StartLink => b(&[K(NONE, Key::L)], NotTyping, R, "Link selected span…", "Start a relation at the selected span (the nearest span that fits is proposed)"),
            LinkNext => b(&[K(NONE, Key::Tab), K(NONE, Key::ArrowRight)], InLink, R, "Link: next span", "While linking: the next span a relation type allows"),
            LinkPrevious => b(&[K(SHIFT, Key::Tab), K(NONE, Key::ArrowLeft)], InLink, R, "Link: previous span", "While linking: the previous span a relation type allows"),
            LinkFinish => b(&[K(NONE, Key::Enter)], InLink, R, "Link: finish", "While linking: make the relation when only one type fits"),
            LinkCancel => b(&[K(NONE, Key::Escape)], InLink, R, "Link: cancel", "While linking: stop without a change"),
            LinkType(c) => b(letter_chord(c), InLink, R, "Link with type", "While linking: make the relation with the type of this hotkey"),
            NextRelation => b(&[K(NONE, Key::K)], NotTyping, R, "Next relation of the span", "Focus the next relation of the selected span (side panel)"),
            CycleRelationType => b(&[K(NONE, Key::T)], NotTyping, R, "Relabel relation", "Give the focused relation the next relation type that fits its spans"),
            DeleteRelation => b(&[K(SHIFT, Key::Delete), K(SHIFT, Key::Backspace)], NotTyping, R, "Delete relation", "Delete the focused relation"),
            NextRelationSuggestion => b(&[T("]")], NotTyping, R, "Next relation suggestion", "Select the next relation suggestion (A accepts, R rejects)"),
            PreviousRelationSuggestion => b(&[T("[")], NotTyping, R, "Previous relation suggestion", "Select the previous relation suggestion"),
            Curate => b(&[K(CTRL, Key::U)], Always, TEAM, "Curate this document", "Curator: show the annotators' spans the gold layer lacks as candidates (dashed, one colour per annotator)"),
            TakeCandidate => b(&[K(ALT, Key::T)], NotTyping, TEAM, "Take candidate", "Curation: take the candidate under the caret into the gold layer (origin: curated from its annotators)"),
            TakeAllOfAnnotator => b(&[K(ALT_SHIFT, Key::T)], NotTyping, TEAM, "Take all of this annotator", "Curation: take every remaining candidate of the annotator of the candidate under the caret"),
            DropCandidate => b(&[K(ALT, Key::X)], NotTyping, TEAM, "Drop candidate", "Curation: drop the candidate under the caret (not proposed again); the document is curated (done) when none is left"),
            PickAnnotator(c) => b(label_chord(c), InChoice, TEAM, "Annotate as", "Who is annotating (asked on first opening a team project): the annotator with this number; remembered for the folder"),
            PickCurator => b(&[K(NONE, Key::C), K(NONE, Key::Escape)], InChoice, TEAM, "Curator (gold layer)", "Who is annotating: nobody, I curate the gold layer; remembered for the folder"),
            MergeUnanimous => b(&[K(CTRL_SHIFT, Key::U)], Always, TEAM, "Merge agreed spans (unanimous)", "Curator: pre-fill the gold layer of documents done by all their annotators with the spans they all agree on (one undo step; same as gloss merge --strategy unanimous)"),
            MergeMajority => b(&[K(CTRL_SHIFT, Key::J)], Always, TEAM, "Merge agreed spans (majority)", "Curator: pre-fill the gold layer with the spans more than half of the document's annotators agree on (one undo step; gloss merge --strategy majority)"),
            ToggleMyDocuments => b(&[K(CTRL, Key::M)], Always, D, "My documents / all", "Team projects: show only the documents assigned to you, or all of them"),
            ProjectSettings => b(&[K(CTRL, Key::Comma)], Always, P, "Project settings…", "Labels and relation types: add, rename, recolor, reorder, hotkeys, allowed ends, delete"),
        }
    }
}

fn caret_help(m: CaretMove, extend: bool) -> &'static str {
    use CaretMove as C;
    match (m, extend) {
        (C::Left, false) => "Move the caret one character left",
        (C::Right, false) => "Move the caret one character right",
        (C::WordLeft, false) => "Move the caret to the previous syllable",
        (C::WordRight, false) => "Move the caret to the next syllable",
        (C::Home, false) => "Move the caret to the start of the line",
        (C::End, false) => "Move the caret to the end of the line",
        (C::Up, false) => "Move the caret one line up",
        (C::Down, false) => "Move the caret one line down",
        (C::Left, true) => "Extend the selection one character left",
        (C::Right, true) => "Extend the selection one character right",
        (C::WordLeft, true) => "Extend the selection to the previous syllable",
        (C::WordRight, true) => "Extend the selection to the next syllable",
        (C::Home, true) => "Extend the selection to the start of the line",
        (C::End, true) => "Extend the selection to the end of the line",
        (C::Up, true) => "Extend the selection one line up",
        (C::Down, true) => "Extend the selection one line down",
    }
}

fn caret_chord(m: CaretMove, extend: bool) -> &'static [Chord] {
    use CaretMove as C;
    match (m, extend) {
        (C::Left, false) => &[K(NONE, Key::ArrowLeft)],
        (C::Right, false) => &[K(NONE, Key::ArrowRight)],
        (C::WordLeft, false) => &[K(CTRL, Key::ArrowLeft)],
        (C::WordRight, false) => &[K(CTRL, Key::ArrowRight)],
        (C::Home, false) => &[K(NONE, Key::Home)],
        (C::End, false) => &[K(NONE, Key::End)],
        (C::Up, false) => &[K(NONE, Key::ArrowUp)],
        (C::Down, false) => &[K(NONE, Key::ArrowDown)],
        (C::Left, true) => &[K(SHIFT, Key::ArrowLeft)],
        (C::Right, true) => &[K(SHIFT, Key::ArrowRight)],
        (C::WordLeft, true) => &[K(CTRL_SHIFT, Key::ArrowLeft)],
        (C::WordRight, true) => &[K(CTRL_SHIFT, Key::ArrowRight)],
        (C::Home, true) => &[K(SHIFT, Key::Home)],
        (C::End, true) => &[K(SHIFT, Key::End)],
        (C::Up, true) => &[K(SHIFT, Key::ArrowUp)],
        (C::Down, true) => &[K(SHIFT, Key::ArrowDown)],
    }
}

fn label_chord(c: char) -> &'static [Chord] {
    match c {
        '1' => &[K(NONE, Key::Num1)],
        '2' => &[K(NONE, Key::Num2)],
        '3' => &[K(NONE, Key::Num3)],
        '4' => &[K(NONE, Key::Num4)],
        '5' => &[K(NONE, Key::Num5)],
        '6' => &[K(NONE, Key::Num6)],
        '7' => &[K(NONE, Key::Num7)],
        '8' => &[K(NONE, Key::Num8)],
        _ => &[K(NONE, Key::Num9)],
    }
}

fn letter_chord(c: char) -> &'static [Chord] {
    const KEYS: [Key; 26] = [
        Key::A,
        Key::B,
        Key::C,
        Key::D,
        Key::E,
        Key::F,
        Key::G,
        Key::H,
        Key::I,
        Key::J,
        Key::K,
        Key::L,
        Key::M,
        Key::N,
        Key::O,
        Key::P,
        Key::Q,
        Key::R,
        Key::S,
        Key::T,
        Key::U,
        Key::V,
        Key::W,
        Key::X,
        Key::Y,
        Key::Z,
    ];
    const CHORDS: [[Chord; 1]; 26] = {
        let mut out = [[Chord::Key(NONE, Key::A)]; 26];
        let mut i = 0;
        while i < 26 {
            out[i] = [Chord::Key(NONE, KEYS[i])];
            i += 1;
        }
        out
    };
    let i = (c.to_ascii_lowercase() as usize).wrapping_sub('a' as usize);
    match CHORDS.get(i) {
        Some(chord) => chord,
        None => &CHORDS[0],
    }
}

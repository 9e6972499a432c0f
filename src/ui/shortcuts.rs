//! Every keyboard shortcut, in one table shown by F1 and used by the menus.
//!
//! Matching is exact on Ctrl/Shift/Alt (egui's own matching ignores extra
//! Shift and Alt, which would make Alt+Right also a plain Right).

use egui::{Event, Key, KeyboardShortcut, Modifiers};

/// Ctrl (Cmd on macOS) + key.
const fn ctrl(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

/// Ctrl+S.
pub const SAVE: KeyboardShortcut = ctrl(Key::S);
/// Ctrl+Z.
pub const UNDO: KeyboardShortcut = ctrl(Key::Z);
/// Ctrl+Shift+Z.
pub const REDO: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
/// Ctrl+Y.
pub const REDO_Y: KeyboardShortcut = ctrl(Key::Y);
/// Ctrl+F.
pub const FIND: KeyboardShortcut = ctrl(Key::F);
/// Ctrl+O.
pub const OPEN: KeyboardShortcut = ctrl(Key::O);
/// Ctrl+N.
pub const NEW: KeyboardShortcut = ctrl(Key::N);
/// Ctrl+D.
pub const ADD_DOCS: KeyboardShortcut = ctrl(Key::D);
/// Ctrl+E.
pub const EXPORT: KeyboardShortcut = ctrl(Key::E);
/// Ctrl+I.
pub const IMPORT: KeyboardShortcut = ctrl(Key::I);
/// Ctrl+G.
pub const SUGGEST: KeyboardShortcut = ctrl(Key::G);
/// Ctrl+Shift+G.
pub const SUGGEST_ALL: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::G);
/// Ctrl+Q.
pub const QUIT: KeyboardShortcut = ctrl(Key::Q);
/// Ctrl+Enter.
pub const DONE_NEXT: KeyboardShortcut = ctrl(Key::Enter);
/// Ctrl+T.
pub const THEME: KeyboardShortcut = ctrl(Key::T);
/// Ctrl+=.
pub const ZOOM_IN: KeyboardShortcut = ctrl(Key::Equals);
/// Ctrl+-.
pub const ZOOM_OUT: KeyboardShortcut = ctrl(Key::Minus);
/// Ctrl+0.
pub const ZOOM_RESET: KeyboardShortcut = ctrl(Key::Num0);
/// Ctrl+L.
pub const FILTER: KeyboardShortcut = ctrl(Key::L);
/// Ctrl+Shift+A.
pub const ANNOTATE_ALL: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::A);

/// The help table: (group, [(keys, what it does)]).
pub const HELP: &[(&str, &[(&str, &str)])] = &[
    (
        "Project",
        &[
            ("Ctrl+N", "New project"),
            ("Ctrl+O", "Open project"),
            ("Ctrl+D", "Add documents"),
            (
                "Ctrl+E",
                "Export a dataset (JSONL, doccano, spaCy, CoNLL, HF, brat, Label Studio)",
            ),
            ("Ctrl+I", "Import a dataset"),
            (
                "Ctrl+S",
                "Save now (edits also save by themselves after 2 s idle)",
            ),
            ("Ctrl+Q", "Quit (saves first)"),
        ],
    ),
    (
        "Documents",
        &[
            ("PageDown / PageUp", "Next / previous document"),
            ("Ctrl+Enter", "Mark done and open the next document"),
            ("Ctrl+L", "Filter the document list"),
        ],
    ),
    (
        "Selecting text",
        &[
            ("Drag", "Select; snaps to whole syllables"),
            ("Alt+Drag", "Select exact characters"),
            ("Double-click", "Select one syllable"),
            ("← → Home End ↑ ↓", "Move the caret"),
            ("Shift+arrows", "Extend the selection by a character / line"),
            ("Ctrl+Shift+← →", "Extend the selection by a syllable"),
            ("Ctrl+← →", "Move the caret by a syllable"),
            ("Esc", "Clear the selection"),
        ],
    ),
    (
        "Spans",
        &[
            ("1 … 9", "Label the selection, or relabel the selected span"),
            (
                "S",
                "Sticky label: every finished drag becomes a span of the active label",
            ),
            ("Click", "Select a span"),
            ("Tab / Shift+Tab", "Next / previous span"),
            ("Delete / Backspace", "Remove the selected span"),
            (
                "Alt+← / Alt+→",
                "Move the span's end one syllable left / right",
            ),
            (
                "Alt+Shift+← / Alt+Shift+→",
                "Move the span's start one syllable left / right",
            ),
            ("E", "Edit the selected span's note"),
            (
                "Ctrl+Shift+A",
                "Find the selected span's text (to annotate all)",
            ),
            (
                "Right-click",
                "Span menu: relabel, delete, note, annotate all",
            ),
        ],
    ),
    (
        "Find",
        &[
            ("Ctrl+F", "Find in the document"),
            ("Enter / Shift+Enter", "Next / previous match"),
            ("Alt+D", "Annotate all matches in this document"),
            ("Alt+P", "Annotate all matches in every document"),
            ("Esc", "Close find"),
        ],
    ),
    (
        "Edit and view",
        &[
            ("Ctrl+Z", "Undo"),
            ("Ctrl+Shift+Z / Ctrl+Y", "Redo"),
            ("Ctrl+= / Ctrl+- / Ctrl+0", "Zoom in / out / reset"),
            ("Ctrl+T", "Light / dark theme"),
            ("F1 or ?", "This help"),
        ],
    ),
];

/// Whether the modifiers are exactly `want` (Ctrl/Cmd, Shift, Alt).
fn exactly(m: Modifiers, want: Modifiers) -> bool {
    m.alt == want.alt && m.shift == want.shift && m.command == want.command
}

/// Consumes a press of `key` with exactly `mods`; true when there was one.
pub fn take(input: &mut egui::InputState, mods: Modifiers, key: Key) -> bool {
    let mut hit = false;
    input.events.retain(|e| match e {
        Event::Key {
            key: k,
            pressed: true,
            modifiers,
            ..
        } if *k == key && exactly(*modifiers, mods) => {
            hit = true;
            false
        }
        _ => true,
    });
    hit
}

/// Consumes a shortcut with exact modifiers.
pub fn take_shortcut(input: &mut egui::InputState, s: &KeyboardShortcut) -> bool {
    take(input, s.modifiers, s.logical_key)
}

/// Consumes a typed character (e.g. `?`), which arrives as a text event.
pub fn take_text(input: &mut egui::InputState, text: &str) -> bool {
    let mut hit = false;
    input.events.retain(|e| match e {
        Event::Text(t) if t == text => {
            hit = true;
            false
        }
        _ => true,
    });
    hit
}

/// The digit keys 1-9 in order.
pub const DIGITS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

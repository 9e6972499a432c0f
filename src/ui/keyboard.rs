//! Reads the keyboard once per frame, generated from the keymap: global
//! shortcuts always, plain keys only when no text field has the focus, no
//! keys at all while a dialog is open (they belong to the dialog).

use super::app::GlossApp;
use super::keymap::{self, Action, When};
use super::Command;

impl GlossApp {
    /// The commands the keys pressed this frame ask for.
    pub(super) fn keyboard(&mut self, ctx: &egui::Context) -> Vec<Command> {
        ctx.input_mut(|i| super::ime::translate_committed_controls(i, &mut self.last_alt_key));
        let dialog_open = self.dialog.is_some()
            || self.data_dialog.is_some()
            || self.conflict_dialog.is_some()
            || self.annotator_dialog.is_some()
            || self.project_settings.is_open();
        if dialog_open {
            return Vec::new();
        }
        let typing = ctx.egui_wants_keyboard_input();
        if !typing {
            // Tab and the arrows belong to the article here, not to egui's
            // widget focus navigation.
            ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
        }
        // While linking, the plain keys belong to the link.
        let linking = self
            .session
            .as_ref()
            .is_some_and(|s| s.selection.link.is_some());
        let mut out = Vec::new();
        ctx.input_mut(|i| {
            for action in Action::all() {
                let when = action.binding().when;
                let live = match when {
                    When::Always => true,
                    When::NotTyping => !typing && !linking,
                    When::InLink => !typing && linking,
                    When::InFind | When::InConflict | When::InChoice => false,
                };
                if live && keymap::take_action(i, action) {
                    out.push(Command::Action(action));
                }
            }
        });
        out
    }
}

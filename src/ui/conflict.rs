//! The question asked when files changed on disk and here: keep mine, take
//! theirs, or save mine as a copy and take theirs. A modal panel that owns no
//! project data: it shows the [`Conflict`] passed in and returns the choice;
//! the app applies it. Each button has its key (from the keymap) shown on it.

use super::keymap::{take_action, Action};
use crate::store::{Conflict, Resolution};

/// What the user chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictChoice {
    /// Settle the conflict this way.
    Resolve(Resolution),
    /// Close the question; nothing is saved until it is answered.
    Later,
}

/// The open question (no state beyond being open).
#[derive(Debug, Default)]
pub struct ConflictDialog;

impl ConflictDialog {
    /// Shows the question; returns the choice once made (by click or key).
    pub fn ui(&mut self, ctx: &egui::Context, conflict: &Conflict) -> Option<ConflictChoice> {
        let can_take = conflict.theirs_invalid.is_none();
        let mut choice = ctx.input_mut(|i| {
            if take_action(i, Action::KeepMine) {
                Some(ConflictChoice::Resolve(Resolution::KeepMine))
            } else if can_take && take_action(i, Action::TakeTheirs) {
                Some(ConflictChoice::Resolve(Resolution::TakeTheirs))
            } else if can_take && take_action(i, Action::SaveMineAsCopy) {
                Some(ConflictChoice::Resolve(Resolution::SaveMineAsCopy))
            } else if take_action(i, Action::DecideLater) {
                Some(ConflictChoice::Later)
            } else {
                None
            }
        });
        egui::Modal::new(egui::Id::unique("conflict_dialog")).show(ctx, |ui| {
            ui.set_max_width(560.0);
            ui.heading("Changed on disk and here");
            ui.label(
                "Another program or person (a sync, a git pull, an editor, another Gloss) \
                 changed these files since Gloss read them, and you have unsaved changes to them:",
            );
            for f in &conflict.files {
                ui.monospace(f.display().to_string());
            }
            if let Some(why) = &conflict.theirs_invalid {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!("The version on disk does not load, so it cannot be taken: {why}"),
                );
            }
            ui.label("Nothing is saved until you choose.");
            ui.separator();
            let button = |ui: &mut egui::Ui, enabled: bool, action: Action| {
                let b = action.binding();
                ui.add_enabled(
                    enabled,
                    egui::Button::new(b.menu).shortcut_text(action.shortcut_text()),
                )
                .on_hover_text(b.help)
                .clicked()
            };
            ui.horizontal_wrapped(|ui| {
                if button(ui, true, Action::KeepMine) {
                    choice = Some(ConflictChoice::Resolve(Resolution::KeepMine));
                }
                if button(ui, can_take, Action::TakeTheirs) {
                    choice = Some(ConflictChoice::Resolve(Resolution::TakeTheirs));
                }
                if button(ui, can_take, Action::SaveMineAsCopy) {
                    choice = Some(ConflictChoice::Resolve(Resolution::SaveMineAsCopy));
                }
                if button(ui, true, Action::DecideLater) {
                    choice = Some(ConflictChoice::Later);
                }
            });
        });
        choice
    }
}

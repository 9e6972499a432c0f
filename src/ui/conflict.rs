//! The question asked when files changed on disk and here: keep mine, take
//! theirs, or save mine as a copy and take theirs. A modal panel that owns no
//! project data: it shows the [`Conflict`] passed in and returns the choice;
//! the app applies it. Each button has a key shown on it (K, T, C, Esc).

use crate::store::{Conflict, Resolution};
use egui::{Key, Modifiers};

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
            if i.consume_key(Modifiers::NONE, Key::K) {
                Some(ConflictChoice::Resolve(Resolution::KeepMine))
            } else if can_take && i.consume_key(Modifiers::NONE, Key::T) {
                Some(ConflictChoice::Resolve(Resolution::TakeTheirs))
            } else if can_take && i.consume_key(Modifiers::NONE, Key::C) {
                Some(ConflictChoice::Resolve(Resolution::SaveMineAsCopy))
            } else if i.consume_key(Modifiers::NONE, Key::Escape) {
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
            let button = |ui: &mut egui::Ui, enabled: bool, text: &str, key: &str, tip: &str| {
                ui.add_enabled(enabled, egui::Button::new(text).shortcut_text(key))
                    .on_hover_text(tip)
                    .clicked()
            };
            ui.horizontal_wrapped(|ui| {
                if button(
                    ui,
                    true,
                    "Keep mine",
                    "K",
                    "Write your version over the files on disk",
                ) {
                    choice = Some(ConflictChoice::Resolve(Resolution::KeepMine));
                }
                if button(
                    ui,
                    can_take,
                    "Take theirs",
                    "T",
                    "Reload the files from disk; your unsaved changes to them are dropped",
                ) {
                    choice = Some(ConflictChoice::Resolve(Resolution::TakeTheirs));
                }
                if button(
                    ui,
                    can_take,
                    "Save mine as a copy",
                    "C",
                    "Write your version to docs/<id>.mine-<time>.ron, then reload theirs",
                ) {
                    choice = Some(ConflictChoice::Resolve(Resolution::SaveMineAsCopy));
                }
                if button(
                    ui,
                    true,
                    "Decide later",
                    "Esc",
                    "Nothing is saved until you choose",
                ) {
                    choice = Some(ConflictChoice::Later);
                }
            });
        });
        choice
    }
}

//! "Who is annotating?": asked when a team project (one that declares
//! annotators) is opened without a name given or remembered. A modal that
//! owns no project data: it lists the names with their number keys (from the
//! keymap), returns the choice, and the app reopens the project as that
//! annotator (or as the curator) and remembers it for the folder.

use super::keymap::{take_action, Action};

/// What the user chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnnotatorChoice {
    /// Annotate as this annotator (their layer).
    Annotator(String),
    /// Curate the gold layer.
    Curator,
}

/// The open question: the project's annotators (at most nine have keys).
#[derive(Debug, Clone)]
pub struct AnnotatorDialog {
    /// Annotator names, sorted.
    pub names: Vec<String>,
}

impl AnnotatorDialog {
    /// Shows the question; returns the choice once made (by key or click).
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<AnnotatorChoice> {
        let mut choice = ctx.input_mut(|i| {
            for (k, name) in ('1'..='9').zip(&self.names) {
                if take_action(i, Action::PickAnnotator(k)) {
                    return Some(AnnotatorChoice::Annotator(name.clone()));
                }
            }
            take_action(i, Action::PickCurator).then_some(AnnotatorChoice::Curator)
        });
        egui::Modal::new(egui::Id::unique("annotator_dialog")).show(ctx, |ui| {
            ui.set_max_width(480.0);
            ui.heading("Who is annotating?");
            ui.label(
                "This is a team project: each annotator works in their own layer \
                 (annotations/<name>/), so nobody edits another's files. \
                 The choice is remembered for this folder (gloss <dir> --annotator NAME changes it).",
            );
            ui.separator();
            for (k, name) in ('1'..='9').zip(&self.names) {
                let action = Action::PickAnnotator(k);
                if ui
                    .add(egui::Button::new(name.as_str()).shortcut_text(action.shortcut_text()))
                    .on_hover_text(action.binding().help)
                    .clicked()
                {
                    choice = Some(AnnotatorChoice::Annotator(name.clone()));
                }
            }
            ui.separator();
            let action = Action::PickCurator;
            if ui
                .add(egui::Button::new(action.binding().menu).shortcut_text(action.shortcut_text()))
                .on_hover_text(action.binding().help)
                .clicked()
            {
                choice = Some(AnnotatorChoice::Curator);
            }
        });
        choice
    }
}

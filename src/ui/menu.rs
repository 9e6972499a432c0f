//! The menu bar, generated from the keymap: every item shows its shortcut.

use super::app::GlossApp;
use super::keymap::Action;
use super::Command;

/// Menus and their items (`None` draws a separator).
const MENUS: &[(&str, &[Option<Action>])] = &[
    (
        "Project",
        &[
            Some(Action::NewProject),
            Some(Action::OpenProject),
            Some(Action::AddDocuments),
            Some(Action::Export),
            Some(Action::Import),
            None,
            Some(Action::Save),
            Some(Action::Quit),
        ],
    ),
    (
        "Edit",
        &[
            Some(Action::Undo),
            Some(Action::Redo),
            None,
            Some(Action::Find),
            Some(Action::DeleteSpan),
            Some(Action::EditNote),
            Some(Action::AnnotateAll),
            Some(Action::ToggleSticky),
        ],
    ),
    (
        "Document",
        &[
            Some(Action::NextDocument),
            Some(Action::PreviousDocument),
            Some(Action::DoneAndNext),
            Some(Action::FilterDocuments),
            Some(Action::OrderByUncertainty),
        ],
    ),
    (
        "Suggestions",
        &[
            Some(Action::Suggest),
            Some(Action::SuggestAll),
            None,
            Some(Action::NextSuggestion),
            Some(Action::PreviousSuggestion),
            Some(Action::Accept),
            Some(Action::Reject),
            Some(Action::AcceptAll),
            Some(Action::RejectAll),
        ],
    ),
    (
        "Team",
        &[
            Some(Action::Curate),
            Some(Action::TakeCandidate),
            Some(Action::TakeAllOfAnnotator),
            Some(Action::DropCandidate),
            None,
            Some(Action::MergeUnanimous),
            Some(Action::MergeMajority),
            None,
            Some(Action::ToggleMyDocuments),
        ],
    ),
    (
        "Relations",
        &[
            Some(Action::StartLink),
            Some(Action::NextRelation),
            Some(Action::CycleRelationType),
            Some(Action::DeleteRelation),
            None,
            Some(Action::NextRelationSuggestion),
            Some(Action::PreviousRelationSuggestion),
            None,
            Some(Action::ProjectSettings),
        ],
    ),
    (
        "View",
        &[
            Some(Action::ToggleTheme),
            Some(Action::ZoomIn),
            Some(Action::ZoomOut),
            Some(Action::ZoomReset),
        ],
    ),
    ("Help", &[Some(Action::Help)]),
];

impl GlossApp {
    /// The menu bar.
    pub(super) fn menu_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let undo = self.workspace().and_then(|w| w.history().undo_name());
        let redo = self.workspace().and_then(|w| w.history().redo_name());
        let undo = undo.map(|n| format!("Undo {n}"));
        let redo = redo.map(|n| format!("Redo {n}"));
        let recent = self.settings.recent.clone();
        egui::MenuBar::new().ui(ui, |ui| {
            for (title, items) in MENUS {
                ui.menu_button(*title, |ui| {
                    for item in *items {
                        let Some(action) = item else {
                            ui.separator();
                            continue;
                        };
                        let text = match action {
                            Action::Undo => undo.clone(),
                            Action::Redo => redo.clone(),
                            _ => None,
                        }
                        .unwrap_or_else(|| action.binding().menu.to_owned());
                        let button = egui::Button::new(text).shortcut_text(action.shortcut_text());
                        if ui.add(button).clicked() {
                            commands.push(Command::Action(*action));
                            ui.close();
                        }
                        if *action == Action::OpenProject {
                            recent_menu_ui(ui, &recent, commands);
                        }
                    }
                });
            }
        });
    }
}

fn recent_menu_ui(ui: &mut egui::Ui, recent: &[std::path::PathBuf], commands: &mut Vec<Command>) {
    ui.menu_button("Recent projects", |ui| {
        if recent.is_empty() {
            ui.weak("None yet");
        }
        for dir in recent {
            if ui.button(dir.display().to_string()).clicked() {
                commands.push(Command::OpenProject(dir.clone()));
                ui.close();
            }
        }
    });
}

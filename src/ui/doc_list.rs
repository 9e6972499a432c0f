//! Left panel: the project's documents with status, span count, a filter and
//! overall progress.

use super::Command;
use crate::model::{Project, Status};

/// UI state of the document list.
#[derive(Default)]
pub struct DocumentList {
    filter: String,
    /// Set to put the keyboard focus in the filter box next frame.
    pub focus_filter: bool,
    /// Set to scroll the open document's entry into view next frame.
    pub scroll_to_current: bool,
}

fn icon(status: Status) -> &'static str {
    match status {
        Status::Todo => "○",
        Status::InProgress => "◐",
        Status::Done => "●",
    }
}

impl DocumentList {
    /// Draws the list; `current` is the open document's index.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        project: &Project,
        current: Option<usize>,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        ui.heading("Documents");
        let done = project
            .documents
            .iter()
            .filter(|d| d.status == Status::Done)
            .count();
        let total = project.documents.len();
        ui.label(format!("{done} / {total} done"));
        let fraction = if total == 0 {
            0.0
        } else {
            done as f32 / total as f32
        };
        ui.add(egui::ProgressBar::new(fraction).desired_height(6.0));
        ui.horizontal(|ui| {
            let label = ui.label("Filter");
            let edit = ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text("title or status (Ctrl+L)")
                    .desired_width(f32::INFINITY),
            );
            let edit = edit.labelled_by(label.id);
            if std::mem::take(&mut self.focus_filter) {
                edit.request_focus();
            }
        });
        ui.separator();
        let needle = self.filter.to_lowercase();
        egui::ScrollArea::vertical()
            .id_salt("doc-list")
            .show(ui, |ui| {
                for (i, d) in project.documents.iter().enumerate() {
                    let matches = needle.is_empty()
                        || d.title.to_lowercase().contains(&needle)
                        || d.id.contains(&needle)
                        || d.status.name().contains(&needle);
                    if !matches {
                        continue;
                    }
                    let open = d.suggestions.len();
                    let counts = if open > 0 {
                        format!("{} · {open}?", d.spans.len())
                    } else {
                        d.spans.len().to_string()
                    };
                    let selected = current == Some(i);
                    let r = ui
                        .add(
                            egui::Button::selectable(
                                selected,
                                format!("{} {}", icon(d.status), d.title),
                            )
                            .right_text(counts)
                            .truncate(),
                        )
                        .on_hover_text(format!(
                            "{} · {} · {} spans · {open} open suggestions",
                            d.id,
                            d.status.name(),
                            d.spans.len()
                        ));
                    if r.clicked() && !selected {
                        commands.push(Command::OpenDocument(i));
                    }
                    if selected && std::mem::take(&mut self.scroll_to_current) {
                        r.scroll_to_me(None);
                    }
                }
            });
        commands
    }
}

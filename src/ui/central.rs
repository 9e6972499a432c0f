//! The central area: load errors, the empty states, the find bar and the
//! article view.

use super::app::GlossApp;
use super::article::ViewInput;
use super::keymap::Action;
use super::Command;
use crate::model::id::visible;

/// Body text size at zoom 1.
const FONT_SIZE: f32 = 17.0;

impl GlossApp {
    /// The central area.
    pub(super) fn central_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let width = ui.available_width();
        if !self.load_errors.is_empty() {
            ui.heading("This project could not be loaded");
            ui.label(format!(
                "Nothing was changed on disk. Fix these problems (or restore the files) and open it again ({}):",
                Action::OpenProject.shortcut_text()
            ));
            ui.separator();
            egui::ScrollArea::vertical().show(ui, |ui| {
                for e in &self.load_errors {
                    ui.label(egui::RichText::new(e).monospace());
                }
            });
            return;
        }
        let Some(session) = self.session.as_mut() else {
            ui.heading("No project open");
            ui.label(format!(
                "Open a project ({}) or create one ({}).",
                Action::OpenProject.shortcut_text(),
                Action::NewProject.shortcut_text()
            ));
            return;
        };
        let project = &session.workspace.project;
        let Some(doc) = session.current.and_then(|i| project.documents.get(i)) else {
            ui.heading("No documents yet");
            ui.label(format!(
                "Add article files with {} (.txt, .md, .jsonl).",
                Action::AddDocuments.shortcut_text()
            ));
            return;
        };
        if let Some(problems) = session.document_problems() {
            // This document's file does not load: it alone is blocked.
            ui.heading(visible(&doc.title));
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("{} could not be read; the other documents are not affected. Fix the file (or restore it from git), then open the document again ({} / {}).", doc.id, Action::PreviousDocument.shortcut_text(), Action::NextDocument.shortcut_text()),
            );
            for p in problems {
                ui.label(visible(&p.to_string()));
            }
            return;
        }
        let sel = &mut session.selection;
        if self.find.open {
            self.find.refresh(Some(doc));
            let (cmds, jump) =
                self.find
                    .ui(ui, doc, &project.labels, session.active_label.as_deref());
            commands.extend(cmds);
            if let Some((s, e)) = jump {
                sel.select_range(s, e, self.article.char_len());
            }
            ui.separator();
        }
        ui.horizontal(|ui| {
            ui.set_max_width(width);
            ui.add(egui::Label::new(egui::RichText::new(visible(&doc.title)).heading()).truncate());
            ui.add(
                egui::Label::new(
                    egui::RichText::new(format!("{} · {}", doc.id, doc.status.name())).weak(),
                )
                .truncate(),
            );
        });
        let sticky = session
            .sticky
            .then_some(session.active_label.as_deref())
            .flatten();
        let input = ViewInput {
            doc,
            labels: &project.labels,
            relation_types: &project.relation_types,
            sticky,
            matches: if self.find.open {
                &self.find.matches
            } else {
                &[]
            },
            current_match: self.find.current,
            font_size: FONT_SIZE,
            width,
            revision: session.workspace.revision(),
        };
        commands.extend(self.article.ui(ui, &input, sel));
    }
}

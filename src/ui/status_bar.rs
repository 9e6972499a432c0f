//! The status bar: document position, caret or selection, saved state
//! (saving, saved, unsaved, or why the save failed), a
//! hint of the next useful keys (from the keymap), and the last message.

use super::app::GlossApp;
use super::keymap::Action;

impl GlossApp {
    /// The status bar.
    pub(super) fn status_ui(&self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let Some(s) = self.session.as_ref() else {
                self.message_ui(ui);
                return;
            };
            let n = s.workspace.project.documents.len();
            if let Some(i) = s.current {
                ui.label(format!("Document {}/{n}", i + 1));
                ui.separator();
            }
            let sel = &s.selection;
            match (sel.selection(), s.selected_span()) {
                (Some((a, b)), _) => ui.label(format!("Selection {a}–{b} ({} chars)", b - a)),
                (None, Some(span)) => {
                    ui.label(format!("Span {} {}–{}", span.label, span.start, span.end))
                }
                _ => ui.label(format!("Caret {}", sel.caret)),
            };
            ui.separator();
            if let Some(why) = s.workspace.read_only() {
                ui.colored_label(ui.visuals().warn_fg_color, "Read-only")
                    .on_hover_text(why);
                ui.separator();
            }
            if let Some(p) = self.reading_progress() {
                ui.add(egui::Spinner::new());
                ui.label(p);
                ui.separator();
            }
            match (&self.save_error, self.is_saving(), s.workspace.is_dirty()) {
                (Some(e), _, _) => ui.colored_label(ui.visuals().error_fg_color, e),
                (None, true, _) => ui.label("⟳ Saving…"),
                (None, false, true) => ui.label("● Unsaved changes"),
                (None, false, false) => ui.label("✔ Saved"),
            };
            ui.separator();
            if s.sticky {
                ui.strong("STICKY");
                ui.separator();
            }
            if let Some(m) = self.model_status() {
                ui.label(m);
                ui.separator();
            }
            if let Some(job) = &self.suggest_job {
                ui.add(
                    egui::ProgressBar::new(job.fraction())
                        .desired_width(120.0)
                        .text("Suggesting"),
                );
                ui.separator();
            }
            let k = |a: Action| a.shortcut_text();
            let hint = if sel.draft.is_some() {
                format!(
                    "{} accept · {} reject · 1–9 change label · {}/{} resize · {} next",
                    k(Action::Accept),
                    k(Action::Reject),
                    k(Action::MoveEdge(crate::edit::bulk::Edge::End, false)),
                    k(Action::MoveEdge(crate::edit::bulk::Edge::End, true)),
                    k(Action::NextSuggestion)
                )
            } else if sel.selection().is_some() {
                format!("1–9: label the selection · {}: clear", k(Action::Escape))
            } else if sel.selected_span.is_some() {
                format!(
                    "1–9 relabel · {} remove · {}/{} resize · {} next",
                    k(Action::DeleteSpan),
                    k(Action::MoveEdge(crate::edit::bulk::Edge::End, false)),
                    k(Action::MoveEdge(crate::edit::bulk::Edge::End, true)),
                    k(Action::NextSpan)
                )
            } else {
                format!(
                    "Drag or double-click to select · {}: next span · {}: all keys",
                    k(Action::NextSpan),
                    k(Action::Help)
                )
            };
            ui.weak(hint);
            self.message_ui(ui);
        });
    }

    fn message_ui(&self, ui: &mut egui::Ui) {
        if let Some((m, is_err)) = &self.message {
            ui.separator();
            // A long message is cut at the window's edge: whole on hover.
            if *is_err {
                ui.colored_label(ui.visuals().warn_fg_color, m)
                    .on_hover_text(m);
            } else {
                ui.label(m).on_hover_text(m);
            }
        }
    }
}

//! Right panel: labels (color, hotkey, count), the selected span with its
//! note, and the annotation guidelines.

use super::Command;
use crate::model::{Document, Label, SpanId};

const GUIDELINES: &str = include_str!("../../assets/GUIDELINES.md");

/// UI state of the side panel.
#[derive(Default)]
pub struct SidePanel {
    note_for: Option<SpanId>,
    note: String,
    /// Put the keyboard focus in the note box next frame.
    pub focus_note: bool,
}

impl SidePanel {
    /// Draws the panel. `active` is the sticky/active label.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: Option<&Document>,
        labels: &[Label],
        selected: Option<SpanId>,
        sticky: &mut bool,
        active: &mut usize,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        ui.heading("Labels");
        for (i, l) in labels.iter().enumerate() {
            let count = doc.map_or(0, |d| d.spans.iter().filter(|s| s.label == l.name).count());
            let [r, g, b] = l.rgb();
            ui.horizontal(|ui| {
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
                ui.painter()
                    .rect_filled(rect, 3.0, egui::Color32::from_rgb(r, g, b));
                let key = l.hotkey.map(|k| format!("[{k}] ")).unwrap_or_default();
                let button =
                    egui::Button::selectable(*sticky && *active == i, format!("{key}{}", l.name))
                        .right_text(format!("{count}"));
                let resp = ui.add(button).on_hover_text(&l.description);
                if resp.clicked() {
                    *active = i;
                    commands.push(Command::ApplyLabel(l.name.clone()));
                }
            });
        }
        let sticky_text = match labels.get(*active) {
            Some(l) => format!("Sticky label: {} (S)", l.name),
            None => "Sticky label (S)".into(),
        };
        ui.checkbox(sticky, sticky_text)
            .on_hover_text("When on, every finished drag becomes a span of the active label");
        ui.separator();
        ui.heading("Selected span");
        match doc.zip(selected).and_then(|(d, id)| d.span(id)) {
            Some(span) => {
                if self.note_for != Some(span.id) {
                    self.note_for = Some(span.id);
                    self.note = span.note.clone();
                }
                let origin = match &span.origin {
                    crate::model::Origin::Manual => "manual".to_owned(),
                    crate::model::Origin::Suggested {
                        source,
                        score,
                        corrected,
                    } => {
                        format!(
                            "{source} ({score:.2}){}",
                            if *corrected { ", corrected" } else { "" }
                        )
                    }
                    crate::model::Origin::Imported { source } => format!("imported from {source}"),
                };
                ui.horizontal_wrapped(|ui| {
                    ui.strong(&span.label);
                    ui.weak(format!("{}–{} (chars) · {origin}", span.start, span.end));
                });
                ui.add(egui::Label::new(egui::RichText::new(&span.text).size(15.0)).wrap());
                let label = ui.label("Note (E to edit, Enter to keep)");
                let edit = ui
                    .add(egui::TextEdit::singleline(&mut self.note).desired_width(f32::INFINITY))
                    .labelled_by(label.id);
                if std::mem::take(&mut self.focus_note) {
                    edit.request_focus();
                }
                if edit.lost_focus() && self.note != span.note {
                    commands.push(Command::SetSpanNote(span.id, self.note.clone()));
                }
            }
            None => {
                self.note_for = None;
                ui.weak("Click a span, or Tab to walk through them.");
            }
        }
        ui.separator();
        egui::CollapsingHeader::new("Guidelines")
            .default_open(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("guidelines")
                    .show(ui, |ui| {
                        for line in GUIDELINES.lines() {
                            if let Some(h) = line.strip_prefix("## ") {
                                ui.strong(h);
                            } else if let Some(h) = line.strip_prefix("# ") {
                                ui.heading(h);
                            } else if !line.trim().is_empty() {
                                ui.label(line.replace('`', ""));
                            }
                        }
                    });
            });
        commands
    }
}

//! Right panel: labels (color, hotkey, count), the selected span with its
//! note, and the annotation guidelines.

use super::keymap::Action;
use super::Command;
use crate::model::id::visible;
use crate::model::{Document, Draft, Label, SpanId};

const GUIDELINES: &str = include_str!("../../assets/GUIDELINES.md");

/// What the side panel shows, per frame.
#[derive(Clone, Copy)]
pub struct SideInput<'a> {
    /// The open document.
    pub doc: Option<&'a Document>,
    /// The project's labels.
    pub labels: &'a [Label],
    /// The selected span.
    pub selected: Option<SpanId>,
    /// The suggestion under review and its draft (start, end, label).
    pub review: Option<(&'a crate::model::Suggestion, &'a Draft)>,
    /// Sticky label mode.
    pub sticky: bool,
    /// The active label (sticky mode, find bar).
    pub active: Option<&'a str>,
    /// The project's edit revision (per-label counts are cached by it).
    pub revision: u64,
    /// The relations section.
    pub relations: &'a super::relation_panel::RelationInput<'a>,
}

/// A button that sends a keymap action, its key shown beside it.
fn action_button(ui: &mut egui::Ui, text: &str, action: Action, commands: &mut Vec<Command>) {
    if ui
        .add(egui::Button::new(text).shortcut_text(action.shortcut_text()))
        .clicked()
    {
        commands.push(Command::Action(action));
    }
}

/// UI state of the side panel.
pub struct SidePanel {
    note_for: Option<SpanId>,
    note: String,
    /// Put the keyboard focus in the note box next frame.
    pub focus_note: bool,
    /// Bulk accept takes suggestions with at least this score.
    pub threshold: f64,
    /// Spans per label in the open document, for (revision, document).
    counts: Option<((u64, String), Vec<usize>)>,
}

impl Default for SidePanel {
    fn default() -> Self {
        Self {
            note_for: None,
            note: String::new(),
            focus_note: false,
            threshold: 0.5,
            counts: None,
        }
    }
}

impl SidePanel {
    /// Draws the panel.
    pub fn ui(&mut self, ui: &mut egui::Ui, input: &SideInput<'_>) -> Vec<Command> {
        let SideInput {
            doc,
            labels,
            selected,
            review,
            sticky,
            active,
            revision,
            relations,
        } = *input;
        let key = (revision, doc.map(|d| d.id.clone()).unwrap_or_default());
        if self.counts.as_ref().map(|c| &c.0) != Some(&key) {
            let counts = labels
                .iter()
                .map(|l| doc.map_or(0, |d| d.spans.iter().filter(|s| s.label == l.name).count()))
                .collect();
            self.counts = Some((key, counts));
        }
        let counts = self
            .counts
            .as_ref()
            .map(|c| c.1.clone())
            .unwrap_or_default();
        let mut commands = Vec::new();
        ui.heading("Labels");
        for (l, count) in labels.iter().zip(counts) {
            let [r, g, b] = l.rgb();
            ui.horizontal(|ui| {
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
                ui.painter()
                    .rect_filled(rect, 3.0, egui::Color32::from_rgb(r, g, b));
                let key = l.hotkey.map(|k| format!("[{k}] ")).unwrap_or_default();
                let button = egui::Button::selectable(
                    sticky && active == Some(&l.name),
                    format!("{key}{}", l.name),
                )
                .right_text(format!("{count}"));
                let resp = ui.add(button).on_hover_text(&l.description);
                if resp.clicked() {
                    commands.push(Command::ApplyLabel(l.name.clone()));
                }
            });
        }
        let key = Action::ToggleSticky.shortcut_text();
        let sticky_text = match active {
            Some(l) => format!("Sticky label: {l} ({key})"),
            None => format!("Sticky label ({key})"),
        };
        let mut on = sticky;
        if ui
            .checkbox(&mut on, sticky_text)
            .on_hover_text("When on, every finished drag becomes a span of the active label")
            .changed()
        {
            commands.push(Command::SetSticky(on));
        }
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
                    crate::model::Origin::Curated { from } => {
                        format!("curated from {}", from.join(", "))
                    }
                };
                ui.horizontal_wrapped(|ui| {
                    ui.strong(&span.label);
                    ui.weak(format!("{}–{} (chars) · {origin}", span.start, span.end));
                });
                ui.add(
                    egui::Label::new(egui::RichText::new(visible(&span.text)).size(15.0)).wrap(),
                );
                let label = ui.label(format!(
                    "Note ({} to edit, Enter to keep)",
                    Action::EditNote.shortcut_text()
                ));
                let edit = ui
                    .add(egui::TextEdit::singleline(&mut self.note).desired_width(f32::INFINITY))
                    .labelled_by(label.id);
                if std::mem::take(&mut self.focus_note) {
                    edit.request_focus();
                }
                if crate::model::id::first_unsafe_char(&span.note).is_some() {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        format!("The note holds hidden characters: {}", visible(&span.note)),
                    );
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
        commands.extend(super::relation_panel::relations_ui(ui, relations));
        ui.separator();
        ui.heading("Suggestions");
        let open = doc.map_or(0, |d| d.suggestions.len());
        match review {
            Some((sug, (start, end, label))) => {
                let corrected =
                    (*start, *end, label.as_str()) != (sug.start, sug.end, sug.label.as_str());
                ui.horizontal_wrapped(|ui| {
                    ui.strong(format!("{label}?"));
                    ui.weak(format!(
                        "{} · score {:.2}{}",
                        sug.source,
                        sug.score,
                        if corrected { " · corrected" } else { "" }
                    ));
                });
                if let Some(text) = doc.and_then(|d| d.slice(*start, *end)) {
                    ui.add(egui::Label::new(egui::RichText::new(text).size(15.0)).wrap());
                }
                if doc.is_some_and(|d| d.suggestion_conflicts(sug)) {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        "Overlaps a span with the same label",
                    );
                }
                ui.horizontal(|ui| {
                    action_button(ui, "Accept", Action::Accept, &mut commands);
                    action_button(ui, "Reject", Action::Reject, &mut commands);
                });
            }
            None => {
                ui.weak(format!(
                    "{open} open in this document. {}: next suggestion.",
                    Action::NextSuggestion.shortcut_text()
                ));
            }
        }
        ui.horizontal(|ui| {
            let label = ui.label("Accept all with score ≥");
            ui.add(
                egui::DragValue::new(&mut self.threshold)
                    .range(0.0..=1.0)
                    .speed(0.01),
            )
            .labelled_by(label.id);
        });
        ui.horizontal_wrapped(|ui| {
            action_button(ui, "Accept all", Action::AcceptAll, &mut commands);
            action_button(ui, "Reject all", Action::RejectAll, &mut commands);
            action_button(ui, "Suggest", Action::Suggest, &mut commands);
            action_button(
                ui,
                "Suggest all documents",
                Action::SuggestAll,
                &mut commands,
            );
        });
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

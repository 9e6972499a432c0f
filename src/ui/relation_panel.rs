//! The side panel's relations section: the selected span's relations (type,
//! direction, the other span) with a type menu to relabel and a delete
//! button, the focused one marked; and the relation suggestion under review
//! with accept / reject. Everything goes out as commands, so it is undoable
//! like the keys.

use super::keymap::Action;
use super::Command;
use crate::model::{RelationId, RelationSuggestion, RelationType};
use crate::session::RelationRow;

/// What the relations section shows.
pub struct RelationInput<'a> {
    /// The selected span's relations.
    pub rows: &'a [RelationRow],
    /// The project's relation types.
    pub types: &'a [RelationType],
    /// The focused relation.
    pub focused: Option<RelationId>,
    /// The relation suggestion under review, described.
    pub review: Option<(&'a RelationSuggestion, String)>,
    /// Whether a span is selected.
    pub span_selected: bool,
    /// Labels of the ends of each row (from, to), for the types that fit.
    pub ends: &'a [(String, String)],
}

/// Draws the section; returns what the user asked for.
pub fn relations_ui(ui: &mut egui::Ui, input: &RelationInput<'_>) -> Vec<Command> {
    let mut out = Vec::new();
    ui.heading("Relations");
    if let Some((s, text)) = &input.review {
        ui.label(format!("Suggested ({}, {:.2}): {text}", s.source, s.score));
        ui.horizontal(|ui| {
            if ui
                .add(egui::Button::new("Accept").shortcut_text(Action::Accept.shortcut_text()))
                .clicked()
            {
                out.push(Command::Action(Action::Accept));
            }
            if ui
                .add(egui::Button::new("Reject").shortcut_text(Action::Reject.shortcut_text()))
                .clicked()
            {
                out.push(Command::Action(Action::Reject));
            }
        });
    }
    if !input.span_selected {
        ui.weak(format!(
            "Select a span to see its relations; {} starts one, {} walks through relation suggestions.",
            Action::StartLink.shortcut_text(),
            Action::NextRelationSuggestion.shortcut_text()
        ));
        return out;
    }
    if input.rows.is_empty() {
        ui.weak(format!(
            "No relations. {} links this span to another.",
            Action::StartLink.shortcut_text()
        ));
        return out;
    }
    for (k, row) in input.rows.iter().enumerate() {
        let r = &row.relation;
        let focused = input.focused == Some(r.id);
        ui.horizontal_wrapped(|ui| {
            let arrow = if row.outgoing { "→" } else { "←" };
            let mark = if focused { ">" } else { " " };
            ui.monospace(mark);
            let (from, to) = input.ends.get(k).cloned().unwrap_or_default();
            let fitting: Vec<&RelationType> = input
                .types
                .iter()
                .filter(|t| t.allows(&from, &to))
                .collect();
            egui::ComboBox::from_id_salt(("relation-type", r.id))
                .selected_text(&r.label)
                .show_ui(ui, |ui| {
                    for t in fitting {
                        if ui.selectable_label(t.name == r.label, &t.name).clicked()
                            && t.name != r.label
                        {
                            out.push(Command::RelabelRelation(r.id, t.name.clone()));
                        }
                    }
                });
            ui.label(format!("{arrow} {} {:?}", row.other.label, row.other.text));
            if !r.note.is_empty() {
                ui.weak(format!("({})", r.note));
            }
            if ui
                .small_button("Delete")
                .on_hover_text(format!(
                    "Delete this relation ({} deletes the focused one)",
                    Action::DeleteRelation.shortcut_text()
                ))
                .clicked()
            {
                out.push(Command::DeleteRelation(r.id));
            }
        });
    }
    ui.weak(format!(
        "{} focuses the next · {} relabels · {} deletes",
        Action::NextRelation.shortcut_text(),
        Action::CycleRelationType.shortcut_text(),
        Action::DeleteRelation.shortcut_text()
    ));
    out
}

/// The (from, to) labels of each row's relation, for the types that fit.
pub fn row_ends(session: &crate::session::Session, rows: &[RelationRow]) -> Vec<(String, String)> {
    let doc = session.document();
    rows.iter()
        .map(|row| {
            let label = |id| {
                doc.and_then(|d| d.span(id))
                    .map(|s| s.label.clone())
                    .unwrap_or_default()
            };
            (label(row.relation.from), label(row.relation.to))
        })
        .collect()
}

//! The project settings dialog: labels and relation types. Add, recolor,
//! reorder, hotkeys and a relation type's allowed ends are edited on a copy
//! and applied together (one undo step, refused with the reason when a span,
//! relation or hotkey would break: the same checks as at load); rename and
//! delete act at once (one undo step each; delete asks before taking the
//! spans or relations that use it).

use super::Command;
use crate::model::{Label, Project, RelationType};
use crate::session::Notice;

/// A delete waiting for the user's "delete N too".
#[derive(Debug, Clone)]
struct PendingDelete {
    name: String,
    relation: bool,
    uses: usize,
}

/// UI state of the dialog.
#[derive(Debug, Default)]
pub struct ProjectSettings {
    open: bool,
    labels: Vec<Label>,
    types: Vec<RelationType>,
    /// The project's schema the copy was taken from.
    base: Option<(Vec<Label>, Vec<RelationType>)>,
    renames: std::collections::BTreeMap<(bool, usize), String>,
    new_label: String,
    new_type: String,
    pending: Option<PendingDelete>,
    message: Option<(bool, String)>,
}

fn rgb_of(color: &str) -> [u8; 3] {
    crate::model::parse_color(color).unwrap_or([128, 128, 128])
}

fn color_text([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn hotkey_edit(
    ui: &mut egui::Ui,
    id: impl std::hash::Hash + std::fmt::Debug,
    key: &mut Option<char>,
) {
    let mut text: String = key.map(String::from).unwrap_or_default();
    let edit = egui::TextEdit::singleline(&mut text)
        .id_salt(id)
        .desired_width(18.0)
        .char_limit(1);
    if ui
        .add(edit)
        .on_hover_text("Hotkey (one key, or empty)")
        .changed()
    {
        *key = text.chars().next();
    }
}

impl ProjectSettings {
    /// Opens the dialog on a copy of the project's labels and types.
    pub fn open(&mut self, project: &Project) {
        *self = Self {
            open: true,
            ..Self::default()
        };
        self.sync(project);
    }

    /// Whether the dialog is showing (it then takes the keyboard).
    pub fn is_open(&self) -> bool {
        self.open
    }

    fn sync(&mut self, project: &Project) {
        self.labels = project.labels.clone();
        self.types = project.relation_types.clone();
        self.base = Some((self.labels.clone(), self.types.clone()));
        self.renames.clear();
    }

    /// The outcome of a command the dialog sent.
    pub fn result(&mut self, n: &Notice) {
        if self.open {
            self.message = Some((n.is_refused(), n.text().to_owned()));
            if !n.is_refused() {
                // Taken from the project again next frame.
                self.base = None;
            }
        }
    }

    /// Counts of spans per label and relations per type, for delete.
    fn uses(project: &Project, name: &str, relation: bool) -> usize {
        project
            .documents
            .iter()
            .map(|d| {
                if relation {
                    d.relations.iter().filter(|r| r.label == name).count()
                } else {
                    d.spans.iter().filter(|s| s.label == name).count()
                }
            })
            .sum()
    }

    /// Draws the dialog; returns what the user asked for.
    pub fn ui(&mut self, ctx: &egui::Context, project: &Project) -> Vec<Command> {
        let mut out = Vec::new();
        if !self.open {
            return out;
        }
        let current = (project.labels.clone(), project.relation_types.clone());
        if self.base.as_ref() != Some(&current) {
            // Changed by a command (or undo): start again from the project.
            self.sync(project);
        }
        let mut open = true;
        egui::Window::new("Project settings")
            .open(&mut open)
            .collapsible(false)
            .default_width(560.0)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(520.0)
                    .show(ui, |ui| {
                        self.labels_ui(ui, project, &mut out);
                        ui.separator();
                        self.types_ui(ui, project, &mut out);
                        ui.separator();
                        self.footer_ui(ui, &mut out);
                    });
            });
        if !open || ctx.input(|i| i.key_pressed(egui::Key::Escape)) && self.pending.is_none() {
            self.open = false;
        }
        out
    }

    fn rename_ui(
        &mut self,
        ui: &mut egui::Ui,
        relation: bool,
        i: usize,
        name: &str,
        out: &mut Vec<Command>,
    ) {
        let entry = self
            .renames
            .entry((relation, i))
            .or_insert_with(|| name.to_owned());
        ui.add(
            egui::TextEdit::singleline(entry)
                .id_salt(("rename", relation, i))
                .desired_width(110.0),
        );
        if entry.trim() != name && ui.small_button("Rename").clicked() {
            out.push(Command::Rename {
                old: name.to_owned(),
                new: entry.trim().to_owned(),
                relation,
            });
        }
    }

    fn delete_button(
        &mut self,
        ui: &mut egui::Ui,
        project: &Project,
        name: &str,
        relation: bool,
        out: &mut Vec<Command>,
    ) {
        if ui.small_button("Delete").clicked() {
            let uses = Self::uses(project, name, relation);
            if uses == 0 {
                out.push(Command::DeleteFromSchema {
                    name: name.to_owned(),
                    relation,
                    with_uses: false,
                });
            } else {
                self.pending = Some(PendingDelete {
                    name: name.to_owned(),
                    relation,
                    uses,
                });
            }
        }
    }

    fn labels_ui(&mut self, ui: &mut egui::Ui, project: &Project, out: &mut Vec<Command>) {
        ui.heading("Labels");
        let n = self.labels.len();
        let mut swap = None;
        egui::Grid::new("settings-labels")
            .striped(true)
            .show(ui, |ui| {
                for i in 0..n {
                    let name = self.labels[i].name.clone();
                    self.rename_ui(ui, false, i, &name, out);
                    let mut rgb = rgb_of(&self.labels[i].color);
                    if ui.color_edit_button_srgb(&mut rgb).changed() {
                        self.labels[i].color = color_text(rgb);
                    }
                    hotkey_edit(ui, ("label-key", i), &mut self.labels[i].hotkey);
                    if ui
                        .add_enabled(i > 0, egui::Button::new("↑").small())
                        .clicked()
                    {
                        swap = Some((i - 1, i));
                    }
                    if ui
                        .add_enabled(i + 1 < n, egui::Button::new("↓").small())
                        .clicked()
                    {
                        swap = Some((i, i + 1));
                    }
                    ui.weak(format!("{} span(s)", Self::uses(project, &name, false)));
                    self.delete_button(ui, project, &name, false, out);
                    ui.end_row();
                }
            });
        if let Some((a, b)) = swap {
            self.labels.swap(a, b);
        }
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(&mut self.new_label)
                    .hint_text("new label")
                    .desired_width(110.0),
            );
            if ui.button("Add label").clicked() && !self.new_label.trim().is_empty() {
                let label = Label::new(self.new_label.trim(), self.labels.len());
                let hotkey = label
                    .hotkey
                    .filter(|k| !self.labels.iter().any(|l| l.hotkey == Some(*k)));
                self.labels.push(Label { hotkey, ..label });
                self.new_label.clear();
            }
        });
    }

    fn types_ui(&mut self, ui: &mut egui::Ui, project: &Project, out: &mut Vec<Command>) {
        ui.heading("Relation types");
        let names: Vec<String> = self.labels.iter().map(|l| l.name.clone()).collect();
        let n = self.types.len();
        let mut swap = None;
        for i in 0..n {
            let name = self.types[i].name.clone();
            ui.horizontal(|ui| {
                self.rename_ui(ui, true, i, &name, out);
                let mut rgb = rgb_of(&self.types[i].color);
                if ui.color_edit_button_srgb(&mut rgb).changed() {
                    self.types[i].color = color_text(rgb);
                }
                hotkey_edit(ui, ("type-key", i), &mut self.types[i].hotkey);
                if ui
                    .add_enabled(i > 0, egui::Button::new("↑").small())
                    .clicked()
                {
                    swap = Some((i - 1, i));
                }
                if ui
                    .add_enabled(i + 1 < n, egui::Button::new("↓").small())
                    .clicked()
                {
                    swap = Some((i, i + 1));
                }
                ui.weak(format!("{} relation(s)", Self::uses(project, &name, true)));
                self.delete_button(ui, project, &name, true, out);
            });
            for (end, from) in [("from", true), ("to", false)] {
                ui.horizontal_wrapped(|ui| {
                    ui.weak(end);
                    for l in &names {
                        let list = if from {
                            &mut self.types[i].from
                        } else {
                            &mut self.types[i].to
                        };
                        let mut on = list.contains(l);
                        if ui.checkbox(&mut on, l.as_str()).changed() {
                            if on {
                                list.push(l.clone());
                            } else {
                                list.retain(|x| x != l);
                            }
                        }
                    }
                });
            }
        }
        if let Some((a, b)) = swap {
            self.types.swap(a, b);
        }
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(&mut self.new_type)
                    .hint_text("new relation type")
                    .desired_width(110.0),
            );
            if ui.button("Add relation type").clicked() && !self.new_type.trim().is_empty() {
                let color = Label::new("", self.types.len() + 4).color;
                self.types.push(RelationType {
                    name: self.new_type.trim().to_owned(),
                    color,
                    hotkey: None,
                    from: names.first().cloned().into_iter().collect(),
                    to: names.get(1).cloned().into_iter().collect(),
                    description: String::new(),
                });
                self.new_type.clear();
            }
        });
    }

    fn footer_ui(&mut self, ui: &mut egui::Ui, out: &mut Vec<Command>) {
        if let Some(p) = self.pending.clone() {
            let what = if p.relation { "relation" } else { "span" };
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("{:?} is used by {} {what}(s).", p.name, p.uses),
            );
            ui.horizontal(|ui| {
                if ui
                    .button(format!("Delete {} {what}s too", p.uses))
                    .clicked()
                {
                    out.push(Command::DeleteFromSchema {
                        name: p.name.clone(),
                        relation: p.relation,
                        with_uses: true,
                    });
                    self.pending = None;
                }
                if ui.button("Keep it").clicked() {
                    self.pending = None;
                }
            });
        }
        let changed = self.base.as_ref() != Some(&(self.labels.clone(), self.types.clone()));
        ui.horizontal(|ui| {
            if ui
                .add_enabled(changed, egui::Button::new("Apply"))
                .on_hover_text(
                    "Apply colors, hotkeys, order, new entries and allowed ends (one undo step)",
                )
                .clicked()
            {
                out.push(Command::SetSchema(self.labels.clone(), self.types.clone()));
            }
            if ui
                .add_enabled(changed, egui::Button::new("Revert"))
                .clicked()
            {
                if let Some((l, t)) = self.base.clone() {
                    self.labels = l;
                    self.types = t;
                }
            }
        });
        if let Some((refused, text)) = &self.message {
            if *refused {
                ui.colored_label(ui.visuals().error_fg_color, text);
            } else {
                ui.label(text);
            }
        }
    }
}

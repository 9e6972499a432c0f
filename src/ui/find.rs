//! The find bar (Ctrl+F): highlights matches and annotates them all.

use super::keymap::{self, Action};
use super::Command;
use crate::edit::bulk::find_all;
use crate::model::{Document, Label};
use crate::session::input::clean_line;
use crate::session::Scope;

/// UI state of the find bar.
#[derive(Default)]
pub struct FindBar {
    /// Whether the bar is shown.
    pub open: bool,
    /// The text searched.
    pub query: String,
    match_case: bool,
    /// Matches in the open document (char ranges).
    pub matches: Vec<(usize, usize)>,
    /// The current match.
    pub current: Option<usize>,
    searched: Option<(String, bool, String)>,
    /// The matches changed and Return has not gone to one of them yet.
    fresh: bool,
    focus: bool,
    /// What the last annotate-all did.
    pub report: Option<String>,
    /// The matches in every document (Alt+A).
    pub everywhere: super::found_list::FoundList,
}

impl FindBar {
    /// Opens the bar with `query` (or the last one) and focuses it.
    pub fn open_with(&mut self, query: Option<String>) {
        self.open = true;
        self.focus = true;
        if let Some(q) = query {
            self.query = q;
        }
    }

    /// Recomputes matches when the query or document changed; true when
    /// they were recomputed (the current match is then the first one).
    pub fn refresh(&mut self, doc: Option<&Document>) -> bool {
        if !self.open {
            // Closing the bar stops finding in every document.
            self.everywhere.stop();
        }
        let Some(doc) = doc.filter(|_| self.open) else {
            self.matches.clear();
            self.current = None;
            self.searched = None;
            return false;
        };
        let key = (self.query.clone(), self.match_case, doc.id.clone());
        if self.searched.as_ref() == Some(&key) {
            return false;
        }
        self.matches = find_all(&doc.text, clean_line(&self.query).trim(), self.match_case);
        self.current = (!self.matches.is_empty()).then_some(0);
        self.searched = Some(key);
        self.fresh = true;
        true
    }

    /// Steps to the next/previous match; returns its range.
    pub fn step(&mut self, forward: bool) -> Option<(usize, usize)> {
        let n = self.matches.len();
        if n == 0 {
            return None;
        }
        let i = match self.current {
            Some(i) if forward => (i + 1) % n,
            Some(i) => (i + n - 1) % n,
            None => 0,
        };
        self.current = Some(i);
        self.matches.get(i).copied()
    }

    /// Draws the bar over `doc`; returns commands and whether the view should
    /// jump to the current match. `active` is the label annotate-all uses.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        labels: &[Label],
        active: Option<&str>,
    ) -> (Vec<Command>, Option<(usize, usize)>) {
        let mut commands = Vec::new();
        let mut jump = None;
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Find");
            let edit = ui
                .add(
                    egui::TextEdit::singleline(&mut self.query)
                        .desired_width(220.0)
                        .hint_text("text in this document"),
                )
                .labelled_by(label.id);
            if std::mem::take(&mut self.focus) {
                edit.request_focus();
            }
            if edit.changed() {
                // Text an input method committed with a control key in it.
                self.query = clean_line(&self.query);
                self.report = None;
            }
            if edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                let back = ui.input(|i| i.modifiers.shift);
                // The first Return after the query changed (in this frame
                // or before) goes to the new query's first match.
                self.refresh(Some(doc));
                jump = if std::mem::take(&mut self.fresh) {
                    self.current = (!self.matches.is_empty()).then_some(0);
                    self.matches.first().copied()
                } else {
                    self.step(!back)
                };
                edit.request_focus();
            }
            ui.checkbox(&mut self.match_case, "Match case");
            let count = match (self.current, self.matches.len()) {
                (_, 0) => "no matches".to_owned(),
                (Some(i), n) => format!("{} of {n}", i + 1),
                (None, n) => format!("{n} matches"),
            };
            ui.label(count);
            ui.separator();
            let name = active.unwrap_or_default().to_owned();
            egui::ComboBox::from_id_salt("find-label")
                .selected_text(format!("as {name}"))
                .show_ui(ui, |ui| {
                    for l in labels {
                        if ui.selectable_label(l.name == name, &l.name).clicked() {
                            commands.push(Command::SetActiveLabel(l.name.clone()));
                        }
                    }
                });
            let (alt_d, alt_p, alt_a, alt_s, alt_n) = ui.input_mut(|i| {
                (
                    keymap::take_action(i, Action::FindAnnotateDocument),
                    keymap::take_action(i, Action::FindAnnotateProject),
                    keymap::take_action(i, Action::FindEverywhere),
                    keymap::take_action(i, Action::StopFinding),
                    keymap::take_action(i, Action::NextFoundDocument),
                )
            });
            let all_btn = ui.add(
                egui::Button::new(Action::FindEverywhere.binding().menu)
                    .shortcut_text(Action::FindEverywhere.shortcut_text()),
            );
            if (all_btn.clicked() || alt_a) && !self.query.trim().is_empty() {
                commands.push(Command::FindEverywhere {
                    query: self.query.clone(),
                    match_case: self.match_case,
                });
            }
            if self.everywhere.is_running()
                && (alt_s
                    || ui
                        .add(
                            egui::Button::new(Action::StopFinding.binding().menu)
                                .shortcut_text(Action::StopFinding.shortcut_text()),
                        )
                        .clicked())
            {
                self.everywhere.stop();
            }
            if alt_n {
                commands.extend(self.everywhere.next());
            }
            let doc_btn = ui.add(
                egui::Button::new(Action::FindAnnotateDocument.binding().menu)
                    .shortcut_text(Action::FindAnnotateDocument.shortcut_text()),
            );
            let proj_btn = ui.add(
                egui::Button::new(Action::FindAnnotateProject.binding().menu)
                    .shortcut_text(Action::FindAnnotateProject.shortcut_text()),
            );
            let scope = if doc_btn.clicked() || alt_d {
                Some(Scope::Document)
            } else if proj_btn.clicked() || alt_p {
                Some(Scope::Project)
            } else {
                None
            };
            if let Some(scope) = scope.filter(|_| !self.query.trim().is_empty() && !name.is_empty())
            {
                commands.push(Command::AnnotateAll {
                    query: self.query.clone(),
                    label: name.clone(),
                    match_case: self.match_case,
                    scope,
                });
            }
            if ui
                .add(egui::Button::new("Close").shortcut_text(Action::Escape.shortcut_text()))
                .clicked()
            {
                self.open = false;
            }
            if let Some(r) = &self.report {
                ui.label(r);
            }
        });
        commands.extend(self.everywhere.ui(ui));
        (commands, jump)
    }
}

//! The F1 help window, generated from the keymap (so it lists exactly the
//! keys that work), plus the mouse gestures that have no key.

use super::app::GlossApp;
use super::keymap::{Action, GROUPS};

/// Mouse gestures, shown with the keys of their group.
const MOUSE: &[(&str, &str, &str)] = &[
    ("Selecting text", "Drag", "Select; snaps to whole syllables"),
    ("Selecting text", "Alt+Drag", "Select exact characters"),
    ("Selecting text", "Double-click", "Select one syllable"),
    ("Spans", "Click", "Select a span (or a dashed suggestion)"),
    (
        "Spans",
        "Right-click",
        "Span menu: relabel, delete, note, annotate all",
    ),
];

impl GlossApp {
    /// The help window.
    pub(super) fn help_ui(&mut self, ctx: &egui::Context) {
        let mut open = self.show_help;
        let labels: Vec<(char, String)> = self
            .workspace()
            .map(|w| {
                w.project
                    .labels
                    .iter()
                    .filter_map(|l| Some((l.hotkey?, l.name.clone())))
                    .collect()
            })
            .unwrap_or_default();
        egui::Window::new(format!(
            "Keyboard shortcuts ({})",
            Action::Help.shortcut_text()
        ))
        .open(&mut open)
        .default_width(560.0)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                for group in GROUPS {
                    ui.strong(group);
                    egui::Grid::new(group)
                        .num_columns(2)
                        .striped(true)
                        .show(ui, |ui| {
                            for (g, keys, what) in MOUSE {
                                if *g == group {
                                    ui.monospace(*keys);
                                    ui.label(*what);
                                    ui.end_row();
                                }
                            }
                            for action in Action::all() {
                                let b = action.binding();
                                if b.group != group {
                                    continue;
                                }
                                let what = match action {
                                    Action::Label(c) => {
                                        match labels.iter().find(|(k, _)| *k == c) {
                                            Some((_, name)) => format!("Label as {name}"),
                                            None => continue,
                                        }
                                    }
                                    _ => b.help.to_owned(),
                                };
                                ui.monospace(action.keys_text());
                                ui.label(what);
                                ui.end_row();
                            }
                        });
                    ui.add_space(6.0);
                }
            });
        });
        self.show_help = open;
    }
}

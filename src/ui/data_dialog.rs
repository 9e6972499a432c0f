//! Export and Import dialogs: the CLI's options, a path (typed or picked),
//! a progress bar, and the report when done. Exports run on a worker thread
//! ([`crate::session::ExportJob`]: the project's index, copies of the
//! documents read, and a reader for the others, which the line formats
//! stream), so the window stays responsive and a project opened index first
//! is not read whole into the window's memory.

use super::dialogs::{poll_picker, spawn_picker, Pick};
use crate::formats::{ExportOptions, Format, ImportOptions, Scheme};
use crate::model::{Project, Status};
use crate::session::Session;
use crate::text::offsets::OffsetUnit;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Receiver};
use std::sync::Arc;
use std::time::Instant;

/// An export under way: its result channel, documents done, documents in all.
type RunningExport = (Receiver<Result<String, String>>, Arc<AtomicUsize>, usize);

/// Which dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataKind {
    /// Export a dataset.
    Export,
    /// Import a dataset.
    Import,
}

/// A finished import, for the app to apply.
pub struct ImportRequest {
    /// Format.
    pub format: Format,
    /// File or folder.
    pub path: PathBuf,
    /// Options.
    pub opts: ImportOptions,
}

/// The Export / Import dialog.
pub struct DataDialog {
    kind: DataKind,
    format: Format,
    path: String,
    statuses: [bool; 3],
    labels: Vec<(String, bool)>,
    offsets: OffsetUnit,
    scheme: Scheme,
    split: bool,
    pct: [u32; 3],
    seed: u64,
    add_labels: bool,
    picker: Option<(Receiver<Vec<PathBuf>>, Instant)>,
    note: Option<String>,
    running: Option<RunningExport>,
    focus: bool,
    /// The report (or error) of the last run.
    pub result: Option<Result<String, String>>,
}

fn unit_label(u: OffsetUnit) -> &'static str {
    match u {
        OffsetUnit::Chars => "code points",
        OffsetUnit::Utf16 => "UTF-16 (JavaScript)",
        OffsetUnit::Bytes => "UTF-8 bytes",
    }
}

impl DataDialog {
    /// A dialog for `project`'s labels.
    pub fn new(kind: DataKind, project: &Project) -> Self {
        Self {
            kind,
            format: Format::Jsonl,
            path: String::new(),
            statuses: [false, false, true],
            labels: project
                .labels
                .iter()
                .map(|l| (l.name.clone(), true))
                .collect(),
            offsets: Format::Jsonl.default_offsets(),
            scheme: Scheme::Iob2,
            split: false,
            pct: [80, 10, 10],
            seed: 0,
            add_labels: false,
            picker: None,
            note: None,
            running: None,
            focus: true,
            result: None,
        }
    }

    fn export_options(&self) -> ExportOptions {
        let all = [Status::Todo, Status::InProgress, Status::Done];
        let statuses = all
            .iter()
            .zip(self.statuses)
            .filter(|(_, on)| *on)
            .map(|(s, _)| *s)
            .collect::<Vec<_>>();
        let labels: Vec<String> = if self.labels.iter().all(|(_, on)| *on) {
            Vec::new()
        } else {
            self.labels
                .iter()
                .filter(|(_, on)| *on)
                .map(|(n, _)| n.clone())
                .collect()
        };
        ExportOptions {
            statuses: if statuses.len() == 3 {
                Vec::new()
            } else {
                statuses
            },
            labels,
            split: self.split.then_some(self.pct),
            seed: self.seed,
            offsets: self.offsets,
            scheme: self.scheme,
        }
    }

    fn start_export(&mut self, ctx: &egui::Context, session: &Session) {
        let job = session.export_job();
        let (format, out, opts) = (
            self.format,
            PathBuf::from(self.path.trim()),
            self.export_options(),
        );
        let done = Arc::new(AtomicUsize::new(0));
        let total = session.workspace.project.documents.len().max(1);
        let (tx, rx) = channel();
        let counter = done.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let r = job.run(format, &out, &opts, &Default::default(), &mut |d, _| {
                counter.store(d, Ordering::Relaxed);
                ctx.request_repaint();
            });
            let _ = tx.send(
                r.map(|rep| {
                    let files: Vec<String> = rep
                        .written
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect();
                    format!("{rep}Written: {}", files.join(", "))
                })
                .map_err(|e| e.to_string()),
            );
            ctx.request_repaint();
        });
        self.running = Some((rx, done, total));
    }

    /// Draws the dialog. Returns `false` when it was closed, and an import to
    /// apply when the user confirmed one.
    pub fn ui(&mut self, ctx: &egui::Context, session: &Session) -> (bool, Option<ImportRequest>) {
        let mut open = true;
        let mut request = None;
        if let Some(paths) = poll_picker(&mut self.picker, &mut self.note) {
            if let Some(p) = paths.first() {
                self.path = p.display().to_string();
            }
        }
        if let Some((rx, _, _)) = &self.running {
            if let Ok(r) = rx.try_recv() {
                self.result = Some(r);
                self.running = None;
            }
        }
        let title = match self.kind {
            DataKind::Export => "Export dataset (Ctrl+E)",
            DataKind::Import => "Import dataset (Ctrl+I)",
        };
        egui::Window::new(title)
            .collapsible(false)
            .open(&mut open)
            .default_width(520.0)
            .show(ctx, |ui| {
                egui::Grid::new("data-grid")
                    .num_columns(2)
                    .spacing([12.0, 6.0])
                    .show(ui, |ui| {
                        ui.label("Format");
                        egui::ComboBox::from_id_salt("data-format")
                            .selected_text(self.format.name())
                            .show_ui(ui, |ui| {
                                for f in Format::ALL {
                                    if ui.selectable_value(&mut self.format, f, f.name()).changed()
                                    {
                                        // Each format starts at the unit its tool counts in
                                        // (UTF-16 for doccano).
                                        self.offsets = f.default_offsets();
                                    }
                                }
                            });
                        ui.end_row();
                        if !self.format.offset_units().contains(&self.offsets) {
                            self.offsets = self.format.default_offsets();
                        }
                        ui.label("Offsets");
                        ui.horizontal(|ui| {
                            for &u in self.format.offset_units() {
                                ui.radio_value(&mut self.offsets, u, unit_label(u));
                            }
                        });
                        ui.end_row();
                        let label =
                            ui.label(match (self.kind, self.format.is_folder() || self.split) {
                                (DataKind::Export, true) => "Output folder",
                                (DataKind::Export, false) => "Output file",
                                (DataKind::Import, _) if self.format.is_folder() => "Input folder",
                                (DataKind::Import, _) => "Input file",
                            });
                        ui.horizontal(|ui| {
                            let edit = ui
                                .add(
                                    egui::TextEdit::singleline(&mut self.path).desired_width(300.0),
                                )
                                .labelled_by(label.id);
                            if std::mem::take(&mut self.focus) {
                                edit.request_focus();
                            }
                            if ui
                                .add_enabled(self.picker.is_none(), egui::Button::new("Browse…"))
                                .clicked()
                            {
                                let pick = match (
                                    self.kind,
                                    self.format.is_folder()
                                        || (self.split && self.kind == DataKind::Export),
                                ) {
                                    (_, true) => Pick::Folder,
                                    (DataKind::Export, false) => Pick::SaveFile,
                                    (DataKind::Import, false) => {
                                        Pick::Files(&["jsonl", "json", "conll", "txt"])
                                    }
                                };
                                self.picker = Some((spawn_picker(ctx, pick), Instant::now()));
                            }
                        });
                        ui.end_row();
                        match self.kind {
                            DataKind::Export => {
                                ui.label("Status");
                                ui.horizontal(|ui| {
                                    for (on, name) in self.statuses.iter_mut().zip([
                                        "todo",
                                        "in progress",
                                        "done",
                                    ]) {
                                        ui.checkbox(on, name);
                                    }
                                });
                                ui.end_row();
                                ui.label("Labels");
                                ui.horizontal_wrapped(|ui| {
                                    for (name, on) in &mut self.labels {
                                        ui.checkbox(on, name.as_str());
                                    }
                                });
                                ui.end_row();
                                if matches!(self.format, Format::Conll | Format::Hf) {
                                    ui.label("Tags");
                                    ui.horizontal(|ui| {
                                        ui.radio_value(&mut self.scheme, Scheme::Iob2, "IOB2");
                                        ui.radio_value(&mut self.scheme, Scheme::Bioes, "BIOES");
                                    });
                                    ui.end_row();
                                }
                                ui.checkbox(&mut self.split, "Split");
                                ui.add_enabled_ui(self.split, |ui| {
                                    ui.horizontal(|ui| {
                                        for (v, name) in
                                            self.pct.iter_mut().zip(["train %", "dev %", "test %"])
                                        {
                                            ui.add(egui::DragValue::new(v).range(0..=100))
                                                .on_hover_text(name);
                                            ui.label(name);
                                        }
                                        ui.add(egui::DragValue::new(&mut self.seed))
                                            .on_hover_text("seed");
                                        ui.label("seed");
                                    });
                                });
                                ui.end_row();
                            }
                            DataKind::Import => {
                                ui.label("Labels");
                                ui.checkbox(&mut self.add_labels, "Add labels the project lacks");
                                ui.end_row();
                            }
                        }
                    });
                if let Some(n) = &self.note {
                    ui.colored_label(ui.visuals().warn_fg_color, n);
                }
                ui.separator();
                if let Some((_, done, total)) = &self.running {
                    let d = done.load(Ordering::Relaxed);
                    ui.add(
                        egui::ProgressBar::new(d as f32 / *total as f32)
                            .text(format!("{d} / {total} documents")),
                    );
                }
                let go_text = match self.kind {
                    DataKind::Export => "Export",
                    DataKind::Import => "Import",
                };
                let ready = !self.path.trim().is_empty() && self.running.is_none();
                let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
                let clicked = ui
                    .add_enabled(ready, egui::Button::new(go_text).shortcut_text("Enter"))
                    .clicked();
                if ready && (clicked || enter) {
                    match self.kind {
                        DataKind::Export => self.start_export(ctx, session),
                        DataKind::Import => {
                            request = Some(ImportRequest {
                                format: self.format,
                                path: PathBuf::from(self.path.trim()),
                                opts: ImportOptions {
                                    offsets: self.offsets,
                                    add_labels: self.add_labels,
                                },
                            })
                        }
                    }
                }
                match &self.result {
                    Some(Ok(report)) => {
                        egui::ScrollArea::vertical()
                            .max_height(240.0)
                            .show(ui, |ui| {
                                ui.label(egui::RichText::new(report).monospace());
                            });
                    }
                    Some(Err(e)) => {
                        ui.colored_label(ui.visuals().error_fg_color, e);
                    }
                    None => {}
                }
            });
        let closed =
            !open || (ctx.input(|i| i.key_pressed(egui::Key::Escape)) && self.running.is_none());
        (!closed, request)
    }
}

//! Path dialogs: a typed path (always works) plus the system file dialog (rfd)
//! run on a worker thread, so a dialog that never answers cannot freeze the
//! window. When rfd has no backend it answers "nothing" at once; the dialog
//! then says so and the typed path remains.

use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// What the system dialog should let the user pick.
#[derive(Debug, Clone, Copy)]
pub enum Pick {
    /// One folder.
    Folder,
    /// One or more files with these extensions.
    Files(&'static [&'static str]),
    /// One file to write.
    SaveFile,
}

/// Opens the system file dialog on a worker thread; the answer (empty when
/// cancelled or when no dialog backend exists) arrives on the receiver.
pub fn spawn_picker(ctx: &egui::Context, pick: Pick) -> Receiver<Vec<PathBuf>> {
    let (tx, rx) = channel();
    let ctx = ctx.clone();
    std::thread::spawn(move || {
        let dialog = rfd::FileDialog::new();
        let picked: Vec<PathBuf> = match pick {
            Pick::Folder => dialog.pick_folder().into_iter().collect(),
            Pick::Files(ext) => dialog
                .add_filter("Files", ext)
                .pick_files()
                .unwrap_or_default(),
            Pick::SaveFile => dialog.save_file().into_iter().collect(),
        };
        let _ = tx.send(picked);
        ctx.request_repaint();
    });
    rx
}

/// Polls a picker: `Some(paths)` once answered; sets `note` when the answer
/// came too fast to be a person (no dialog backend).
pub fn poll_picker(
    pending: &mut Option<(Receiver<Vec<PathBuf>>, Instant)>,
    note: &mut Option<String>,
) -> Option<Vec<PathBuf>> {
    let (rx, started) = pending.as_ref()?;
    let paths = rx.try_recv().ok()?;
    if paths.is_empty() && started.elapsed() < Duration::from_millis(400) {
        *note = Some(
            "No system file dialog is available here (no desktop portal); type the path instead."
                .into(),
        );
    }
    *pending = None;
    Some(paths)
}

/// What the dialog asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    /// An existing project folder.
    OpenProject,
    /// A new (empty) folder for a project.
    NewProject,
    /// Article files or folders (one path per line).
    AddDocuments,
}

impl PathKind {
    fn title(self) -> &'static str {
        match self {
            PathKind::OpenProject => "Open project",
            PathKind::NewProject => "New project",
            PathKind::AddDocuments => "Add documents",
        }
    }
}

/// An open path dialog.
pub struct PathDialog {
    /// What it asks for.
    pub kind: PathKind,
    typed: String,
    pending: Option<(Receiver<Vec<PathBuf>>, Instant)>,
    note: Option<String>,
    focus: bool,
}

/// The outcome of a frame of the dialog.
pub enum DialogResult {
    /// Still open.
    Open,
    /// Closed without a choice.
    Cancelled,
    /// Paths chosen.
    Chosen(Vec<PathBuf>),
}

impl PathDialog {
    /// A new dialog.
    pub fn new(kind: PathKind) -> Self {
        Self {
            kind,
            typed: String::new(),
            pending: None,
            note: None,
            focus: true,
        }
    }

    fn browse(&mut self, ctx: &egui::Context) {
        let (tx, rx) = channel();
        let kind = self.kind;
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let dialog = rfd::FileDialog::new();
            let picked: Vec<PathBuf> = match kind {
                PathKind::OpenProject | PathKind::NewProject => {
                    dialog.pick_folder().into_iter().collect()
                }
                PathKind::AddDocuments => dialog
                    .add_filter("Articles", &["txt", "md", "jsonl"])
                    .pick_files()
                    .unwrap_or_default(),
            };
            let _ = tx.send(picked);
            ctx.request_repaint();
        });
        self.pending = Some((rx, Instant::now()));
    }

    /// Draws the dialog window.
    pub fn ui(&mut self, ctx: &egui::Context) -> DialogResult {
        let mut result = DialogResult::Open;
        if let Some(paths) = poll_picker(&mut self.pending, &mut self.note) {
            if !paths.is_empty() {
                result = DialogResult::Chosen(paths);
            }
        }
        let mut open = true;
        egui::Window::new(self.kind.title())
            .collapsible(false)
            .resizable(false)
            .open(&mut open)
            .show(ctx, |ui| {
                let hint = match self.kind {
                    PathKind::AddDocuments => "One file or folder per line (.txt, .md, .jsonl)",
                    PathKind::NewProject => "Folder for the new project (created if missing)",
                    PathKind::OpenProject => "Project folder (holds project.ron)",
                };
                let label = ui.label(hint);
                let multiline = self.kind == PathKind::AddDocuments;
                let edit = if multiline {
                    egui::TextEdit::multiline(&mut self.typed).desired_rows(3)
                } else {
                    egui::TextEdit::singleline(&mut self.typed)
                };
                let r = ui.add(edit.desired_width(420.0)).labelled_by(label.id);
                if std::mem::take(&mut self.focus) {
                    r.request_focus();
                }
                let enter =
                    r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) && !multiline;
                if let Some(n) = &self.note {
                    ui.colored_label(ui.visuals().warn_fg_color, n);
                }
                ui.horizontal(|ui| {
                    let browsing = self.pending.is_some();
                    if ui
                        .add_enabled(!browsing, egui::Button::new("Browse…"))
                        .clicked()
                    {
                        self.browse(ui.ctx());
                    }
                    let ok = ui
                        .add(egui::Button::new("OK").shortcut_text(if multiline {
                            "Ctrl+Enter"
                        } else {
                            "Enter"
                        }))
                        .clicked()
                        || enter
                        || (multiline
                            && ui
                                .input(|i| i.modifiers.command && i.key_pressed(egui::Key::Enter)));
                    if ok {
                        let paths: Vec<PathBuf> = self
                            .typed
                            .lines()
                            .map(str::trim)
                            .filter(|l| !l.is_empty())
                            .map(PathBuf::from)
                            .collect();
                        if !paths.is_empty() {
                            result = DialogResult::Chosen(paths);
                        }
                    }
                    if ui
                        .add(egui::Button::new("Cancel").shortcut_text("Esc"))
                        .clicked()
                    {
                        result = DialogResult::Cancelled;
                    }
                });
            });
        if !open || ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            result = DialogResult::Cancelled;
        }
        result
    }
}

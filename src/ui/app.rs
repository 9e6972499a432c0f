//! The Gloss window: wires the panels to the open [`Workspace`], reads the
//! keyboard, and applies every [`Command`] in one place ([`GlossApp::apply`]).

use super::article::{ArticleView, ViewInput};
use super::command::Scope;
use super::conflict::{ConflictChoice, ConflictDialog};
use super::data_dialog::{DataDialog, DataKind};
use super::dialogs::{DialogResult, PathDialog, PathKind};
use super::doc_list::DocumentList;
use super::find::FindBar;
use super::shortcuts::{self as keys, take, take_shortcut, take_text};
use super::side_panel::SidePanel;
use super::{Command, Settings};
use crate::edit::bulk::{annotate_all, mark_corrected, move_edge, Edge};
use crate::edit::{make_span, Edit, Transaction};
use crate::model::{default_labels, Document, Origin, Span, Status};
use crate::store::{ProjectDir, Workspace};
use egui::{Key, Modifiers};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Edits are saved after this much idle time.
const AUTOSAVE_AFTER: Duration = Duration::from_secs(2);
/// Body text size at zoom 1.
const FONT_SIZE: f32 = 17.0;

/// The application state.
pub struct GlossApp {
    workspace: Option<Workspace>,
    load_errors: Vec<String>,
    current: Option<usize>,
    article: ArticleView,
    doc_list: DocumentList,
    side: SidePanel,
    find: FindBar,
    dialog: Option<PathDialog>,
    data_dialog: Option<DataDialog>,
    settings: Settings,
    sticky: bool,
    active_label: usize,
    show_help: bool,
    message: Option<(String, bool)>,
    dirty_since: Option<Instant>,
    save_error: Option<String>,
    title: String,
    suggest_job: Option<SuggestJob>,
    conflict_dialog: Option<ConflictDialog>,
    was_focused: bool,
}

/// Suggesting over many documents, a few per frame so the window stays live;
/// applied as one undoable step at the end.
struct SuggestJob {
    ids: Vec<String>,
    next: usize,
    tx: Transaction,
}

impl GlossApp {
    /// Creates the app and opens `dir` (if given).
    pub fn new(cc: &eframe::CreationContext<'_>, dir: Option<&Path>) -> Self {
        super::install_fonts(&cc.egui_ctx);
        cc.egui_ctx.options_mut(|o| o.zoom_with_keyboard = false);
        let settings: Settings = cc
            .storage
            .and_then(|s| eframe::get_value(s, Settings::KEY))
            .unwrap_or_default();
        let mut app = Self {
            workspace: None,
            load_errors: Vec::new(),
            current: None,
            article: ArticleView::default(),
            doc_list: DocumentList::default(),
            side: SidePanel::default(),
            find: FindBar::default(),
            dialog: None,
            data_dialog: None,
            settings,
            sticky: false,
            active_label: 0,
            show_help: false,
            message: None,
            dirty_since: None,
            save_error: None,
            title: String::new(),
            suggest_job: None,
            conflict_dialog: None,
            was_focused: true,
        };
        app.apply_view_settings(&cc.egui_ctx);
        if let Some(dir) = dir {
            app.open_project(dir);
        }
        app
    }

    /// The open project, if one loaded.
    pub fn workspace(&self) -> Option<&Workspace> {
        self.workspace.as_ref()
    }

    /// The open document.
    pub fn document(&self) -> Option<&Document> {
        self.workspace
            .as_ref()?
            .project
            .documents
            .get(self.current?)
    }

    /// The article view (caret, selection, geometry of the last frame).
    pub fn article(&self) -> &ArticleView {
        &self.article
    }

    /// The article view, mutably (tests set the caret directly).
    pub fn article_mut(&mut self) -> &mut ArticleView {
        &mut self.article
    }

    /// Chooses the active label (sticky mode, find bar) by index.
    pub fn set_active_label(&mut self, index: usize) {
        self.active_label = index;
    }

    /// Problems of a project that failed to load, one line each.
    pub fn load_errors(&self) -> &[String] {
        &self.load_errors
    }

    /// The remembered settings (theme, zoom, recent projects).
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The last status message.
    pub fn message(&self) -> Option<&str> {
        self.message.as_ref().map(|(m, _)| m.as_str())
    }

    fn apply_view_settings(&self, ctx: &egui::Context) {
        ctx.set_theme(if self.settings.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        ctx.set_zoom_factor(self.settings.zoom);
    }

    fn say(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), false));
    }

    fn warn(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), true));
    }

    fn save_now(&mut self) -> bool {
        let Some(ws) = self.workspace.as_mut() else {
            return true;
        };
        if !ws.is_dirty() {
            return true;
        }
        match ws.save() {
            Ok(report) => {
                self.save_error = None;
                self.dirty_since = None;
                self.after_disk_check(report.notes);
                true
            }
            Err(e) => {
                if ws.conflict().is_some() {
                    self.conflict_dialog = Some(ConflictDialog);
                }
                let text = format!("Save failed: {e}");
                self.save_error = Some(text.clone());
                self.warn(text);
                false
            }
        }
    }

    /// Compares the open files with the disk (on focus regain): reloads
    /// what changed there, asks about what changed in both places.
    fn check_disk(&mut self) {
        let Some(ws) = self.workspace.as_mut() else {
            return;
        };
        let report = ws.check_disk();
        if ws.conflict().is_some() {
            self.conflict_dialog = Some(ConflictDialog);
        }
        self.after_disk_check(report.messages);
    }

    fn after_disk_check(&mut self, messages: Vec<String>) {
        if messages.is_empty() {
            return;
        }
        self.warn(messages.join("; "));
        // Reloaded documents: the view's tokens and caret belong to the old text.
        let Some(ws) = self.workspace.as_ref() else {
            return;
        };
        let n = ws.project.documents.len();
        self.current = self
            .current
            .map(|i| i.min(n.saturating_sub(1)))
            .filter(|_| n > 0);
        if let Some(doc) = self.current.and_then(|i| ws.project.documents.get(i)) {
            self.article.open(doc);
            self.find.refresh(Some(doc));
        }
    }

    fn resolve_conflict(&mut self, choice: ConflictChoice) {
        self.conflict_dialog = None;
        let Some(ws) = self.workspace.as_mut() else {
            return;
        };
        let ConflictChoice::Resolve(resolution) = choice else {
            return self.warn("Not saved: the files changed on disk wait for your choice (asked again at the next save)");
        };
        match ws.resolve(resolution) {
            Ok(message) => {
                self.save_error = None;
                self.after_disk_check(vec![message]);
            }
            Err(e) => {
                if ws.conflict().is_some() {
                    self.conflict_dialog = Some(ConflictDialog);
                }
                self.warn(e.to_string());
            }
        }
    }

    fn open_project(&mut self, dir: &Path) {
        if !self.save_now() {
            return;
        }
        // Release this window's lock first: reopening the same folder must
        // not find it held by ourselves.
        self.workspace = None;
        self.conflict_dialog = None;
        match Workspace::open(dir) {
            Ok(ws) => {
                let n = ws.project.documents.len();
                match (ws.read_only(), ws.notice()) {
                    (Some(why), _) => {
                        self.warn(format!("Opened {} read-only: {why}", dir.display()))
                    }
                    (None, Some(note)) => {
                        self.warn(format!("Opened {} ({n} documents); {note}", dir.display()))
                    }
                    (None, None) => self.say(format!("Opened {} ({n} documents)", dir.display())),
                }
                self.workspace = Some(ws);
                self.load_errors.clear();
                self.settings.remember(dir.to_owned());
                self.current = None;
                self.article = ArticleView::default();
                if n > 0 {
                    self.open_document(0);
                }
            }
            Err(e) => {
                self.workspace = None;
                self.current = None;
                self.load_errors = e.problems.iter().map(|p| p.to_string()).collect();
                self.warn(format!(
                    "Could not load {}: nothing was changed on disk",
                    dir.display()
                ));
            }
        }
    }

    fn open_document(&mut self, i: usize) {
        let Some(ws) = self.workspace.as_ref() else {
            return;
        };
        let Some(doc) = ws.project.documents.get(i) else {
            return;
        };
        self.article.open(doc);
        self.current = Some(i);
        self.find.refresh(Some(doc));
        self.doc_list.scroll_to_current = true;
        // Switching documents saves what was done in the last one.
        self.save_now();
    }

    /// Applies a transaction, reporting refusals in the status bar.
    fn edit(&mut self, tx: Transaction) -> bool {
        let Some(ws) = self.workspace.as_mut() else {
            return false;
        };
        match ws.apply(tx) {
            Ok(()) => {
                self.dirty_since.get_or_insert_with(Instant::now);
                true
            }
            Err(e) => {
                self.warn(format!("Not done: {e}"));
                false
            }
        }
    }

    /// A new span over `start..end`, plus a status change to in-progress when
    /// it is the first work on a to-do document.
    fn add_span(&mut self, start: usize, end: usize, label: &str) {
        let Some(doc) = self.document() else { return };
        let span = match make_span(doc, start, end, label, Origin::Manual) {
            Ok(s) => s,
            Err(e) => return self.warn(format!("Not done: {e}")),
        };
        let mut tx = Transaction::single(
            format!("Add {label} span"),
            Edit::AddSpan {
                doc: doc.id.clone(),
                span: span.clone(),
            },
        );
        tx.edits.extend(crate::edit::start_work(doc));
        if self.edit(tx) {
            self.article.selected_span = Some(span.id);
            self.article.anchor = None;
            self.say(format!("Added {label}: {}", span.text));
        }
    }

    fn selected(&self) -> Option<Span> {
        self.document()?.span(self.article.selected_span?).cloned()
    }

    fn change_span(&mut self, name: &str, after: impl FnOnce(&Span) -> Span) {
        let (Some(doc), Some(before)) = (self.document(), self.selected()) else {
            return self.say("Select a span first (click it, or Tab)");
        };
        let after = after(&before);
        let tx = Transaction::single(
            name,
            Edit::ChangeSpan {
                doc: doc.id.clone(),
                before,
                after,
            },
        );
        self.edit(tx);
    }

    /// Applies one command. Every change to the project goes through here.
    pub fn apply(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::ApplyLabel(label) => {
                if let Some(draft) = self.article.draft.as_mut() {
                    draft.2 = label.clone();
                    self.say(format!("Suggestion relabeled as {label}; A accepts it"));
                } else if let Some((s, e)) = self.article.selection() {
                    self.add_span(s, e, &label);
                } else if self.selected().is_some() {
                    self.change_span(&format!("Relabel as {label}"), |s| Span {
                        label: label.clone(),
                        origin: mark_corrected(&s.origin),
                        ..s.clone()
                    });
                } else {
                    self.say("Select text first: drag, double-click, or Shift+arrows");
                }
            }
            Command::AddSpan { start, end, label } => self.add_span(start, end, &label),
            Command::DeleteSpan => {
                if let (Some(doc), Some(span)) = (self.document(), self.selected()) {
                    let tx = Transaction::single(
                        format!("Delete {} span", span.label),
                        Edit::RemoveSpan {
                            doc: doc.id.clone(),
                            span: span.clone(),
                        },
                    );
                    if self.edit(tx) {
                        self.article.selected_span = None;
                        self.article.caret = span.start;
                        self.say(format!("Deleted {}: {}", span.label, span.text));
                    }
                }
            }
            Command::MoveEdge(edge, forward) if self.article.draft.is_some() => {
                let (Some(doc), Some((start, end, label))) =
                    (self.document(), self.article.draft.clone())
                else {
                    return;
                };
                let probe = Span {
                    id: 0,
                    start,
                    end,
                    label: label.clone(),
                    text: doc.slice(start, end).unwrap_or_default().to_owned(),
                    origin: Origin::Manual,
                    note: String::new(),
                };
                let moved =
                    move_edge(doc, &self.article.tokens, &probe, edge, forward).and_then(|tx| {
                        match tx.edits.first() {
                            Some(Edit::ChangeSpan { after, .. }) => Some((after.start, after.end)),
                            _ => None,
                        }
                    });
                match moved {
                    Some((s2, e2)) => self.article.draft = Some((s2, e2, label)),
                    None => self.say("The suggestion cannot move further that way"),
                }
            }
            Command::MoveEdge(edge, forward) => {
                let tx = match (self.document(), self.selected()) {
                    (Some(doc), Some(span)) => {
                        move_edge(doc, &self.article.tokens, &span, edge, forward)
                    }
                    _ => None,
                };
                match tx {
                    Some(tx) => {
                        self.edit(tx);
                    }
                    None => self.say("The span cannot move further that way"),
                }
            }
            Command::EditNote => self.side.focus_note = self.article.selected_span.is_some(),
            Command::SetSpanNote(id, note) => {
                if self.article.selected_span == Some(id) {
                    self.change_span("Edit note", |s| Span { note, ..s.clone() });
                }
            }
            Command::AnnotateAll {
                query,
                label,
                match_case,
                scope,
            } => {
                let Some(ws) = self.workspace.as_ref() else {
                    return;
                };
                let ids: Vec<String> = match scope {
                    Scope::Document => self.document().map(|d| d.id.clone()).into_iter().collect(),
                    Scope::Project => ws.project.documents.iter().map(|d| d.id.clone()).collect(),
                };
                let (tx, report) = annotate_all(&ws.project, &ids, &query, &label, match_case);
                let text = format!(
                    "Added {} {label} span(s); skipped {} already labeled, {} inside a longer word",
                    report.added, report.skipped_covered, report.skipped_inside_word
                );
                if !tx.is_empty() {
                    self.edit(tx);
                }
                self.find.report = Some(text.clone());
                self.say(text);
            }
            Command::StepSuggestion(forward) => self.step_suggestion(forward),
            Command::AcceptSuggestion => {
                let (Some(doc), Some(sug), Some((start, end, label))) = (
                    self.document(),
                    self.article.selected_suggestion.clone(),
                    self.article.draft.clone(),
                ) else {
                    return self.say("Select a suggestion first (N, or click a dashed box)");
                };
                match crate::suggest::accept(doc, &sug, start, end, &label) {
                    Ok(tx) => {
                        if self.edit(tx) {
                            self.say(format!(
                                "Accepted {label}: {}",
                                self.document()
                                    .and_then(|d| d.slice(start, end))
                                    .unwrap_or_default()
                            ));
                            self.article.clear_suggestion();
                            self.step_suggestion(true);
                        }
                    }
                    Err(e) => self.warn(format!("Not done: {e}")),
                }
            }
            Command::RejectSuggestion => {
                let (Some(doc), Some(sug)) =
                    (self.document(), self.article.selected_suggestion.clone())
                else {
                    return self.say("Select a suggestion first (N, or click a dashed box)");
                };
                let tx = crate::suggest::reject(doc, &sug);
                if self.edit(tx) {
                    self.say(format!("Rejected {}: {}", sug.label, sug.text));
                    self.article.clear_suggestion();
                    self.step_suggestion(true);
                }
            }
            Command::AcceptAllSuggestions => {
                let Some(doc) = self.document() else { return };
                let (tx, r) = crate::suggest::accept_all(doc, self.side.threshold);
                if !tx.is_empty() {
                    self.edit(tx);
                }
                self.article.clear_suggestion();
                self.say(format!(
                    "Accepted {} suggestion(s); skipped {} conflicting, {} below {:.2}",
                    r.accepted, r.conflicts, r.below_threshold, self.side.threshold
                ));
            }
            Command::RejectAllSuggestions => {
                let Some(doc) = self.document() else { return };
                let tx = crate::suggest::reject_all(doc);
                let n = tx.edits.len() / 2;
                if !tx.is_empty() {
                    self.edit(tx);
                }
                self.article.clear_suggestion();
                self.say(format!("Rejected {n} suggestion(s)"));
            }
            Command::Suggest { all } => {
                let Some(ws) = self.workspace.as_ref() else {
                    return;
                };
                let ids: Vec<String> = if all {
                    ws.project.documents.iter().map(|d| d.id.clone()).collect()
                } else {
                    self.document().map(|d| d.id.clone()).into_iter().collect()
                };
                self.suggest_job = Some(SuggestJob {
                    ids,
                    next: 0,
                    tx: Transaction {
                        name: "Suggest".into(),
                        edits: Vec::new(),
                    },
                });
            }
            Command::Undo => {
                let r = self.workspace.as_mut().map(|w| w.undo());
                match r {
                    Some(Ok(Some(tx))) => {
                        self.dirty_since.get_or_insert_with(Instant::now);
                        self.say(format!("Undid: {}", tx.name));
                    }
                    Some(Ok(None)) => self.say("Nothing to undo"),
                    Some(Err(e)) => self.warn(format!("Cannot undo: {e}")),
                    None => {}
                }
            }
            Command::Redo => {
                let r = self.workspace.as_mut().map(|w| w.redo());
                match r {
                    Some(Ok(Some(tx))) => {
                        self.dirty_since.get_or_insert_with(Instant::now);
                        self.say(format!("Redid: {}", tx.name));
                    }
                    Some(Ok(None)) => self.say("Nothing to redo"),
                    Some(Err(e)) => self.warn(format!("Cannot redo: {e}")),
                    None => {}
                }
            }
            Command::Save => {
                if self.save_now() {
                    self.say("Saved");
                }
            }
            Command::OpenDocument(i) => self.open_document(i),
            Command::StepDocument(step) => {
                let n = self
                    .workspace
                    .as_ref()
                    .map_or(0, |w| w.project.documents.len());
                if let Some(cur) = self.current {
                    let next = cur as i64 + step as i64;
                    if (0..n as i64).contains(&next) {
                        self.open_document(next as usize);
                    } else {
                        self.say(if step > 0 {
                            "This is the last document"
                        } else {
                            "This is the first document"
                        });
                    }
                }
            }
            Command::DoneAndNext => {
                if let Some(doc) = self.document() {
                    if doc.status != Status::Done {
                        let tx = Transaction::single(
                            "Mark done",
                            Edit::SetStatus {
                                doc: doc.id.clone(),
                                from: doc.status,
                                to: Status::Done,
                            },
                        );
                        self.edit(tx);
                    }
                    self.apply(ctx, Command::StepDocument(1));
                }
            }
            Command::OpenProject(dir) => self.open_project(&dir),
            Command::NewProject(dir) => {
                match ProjectDir::create(&dir, &dir_name(&dir), default_labels()) {
                    Ok(_) => self.open_project(&dir),
                    Err(e) => self.warn(e.to_string()),
                }
            }
            Command::AddDocuments(paths) => self.add_documents(&paths),
            Command::ToggleTheme => {
                self.settings.dark = !self.settings.dark;
                self.apply_view_settings(ctx);
            }
            Command::Zoom(f) => {
                self.settings.zoom = if f == 1.0 {
                    1.0
                } else {
                    (self.settings.zoom * f).clamp(0.5, 3.0)
                };
                self.apply_view_settings(ctx);
            }
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
    }

    fn open_data_dialog(&mut self, kind: DataKind) {
        match self.workspace.as_ref() {
            Some(ws) => self.data_dialog = Some(DataDialog::new(kind, &ws.project)),
            None => self.warn("Open or create a project first"),
        }
    }

    /// Imports a dataset into a copy of the project and keeps it only when
    /// the whole file fits.
    fn import_dataset(&mut self, req: super::data_dialog::ImportRequest) -> Result<String, String> {
        let Some(ws) = self.workspace.as_mut() else {
            return Err("no project is open".into());
        };
        if let Some(why) = ws.read_only() {
            return Err(format!(
                "Nothing was imported: the project is open read-only: {why}"
            ));
        }
        let mut project = ws.project.clone();
        let report = crate::formats::import(&mut project, req.format, &req.path, &req.opts)
            .map_err(|e| format!("Nothing was imported: {e}"))?;
        ws.replace_project(project);
        self.save_now();
        if self.current.is_none() {
            self.open_document(0);
        }
        Ok(report.to_string())
    }

    fn add_documents(&mut self, paths: &[PathBuf]) {
        use crate::formats::articles::{collect_files, read_file};
        if let Some(why) = self
            .workspace
            .as_ref()
            .and_then(|w| w.read_only())
            .map(str::to_owned)
        {
            return self.warn(format!(
                "Nothing was added: the project is open read-only: {why}"
            ));
        }
        let Some(ws) = self.workspace.as_mut() else {
            return self.warn("Open or create a project first");
        };
        let files = match collect_files(paths) {
            Ok(f) => f,
            Err(e) => return self.warn(e.to_string()),
        };
        let mut scratch = ws.project.clone();
        let mut new_docs = Vec::new();
        let mut bad = Vec::new();
        for f in &files {
            match read_file(&scratch, f) {
                Ok(docs) => {
                    scratch.documents.extend(docs.iter().cloned());
                    new_docs.extend(docs);
                }
                Err(e) => bad.push(e.to_string()),
            }
        }
        if !bad.is_empty() {
            return self.warn(format!("Nothing was added: {}", bad.join("; ")));
        }
        let n = new_docs.len();
        ws.add_documents(new_docs);
        self.save_now();
        self.say(format!("Added {n} document(s)"));
        if self.current.is_none() && n > 0 {
            self.open_document(0);
        }
    }

    /// Reads the keyboard: global shortcuts always, plain keys only when no
    /// text field has the focus.
    fn keyboard(&mut self, ctx: &egui::Context) -> Vec<Command> {
        let mut out = Vec::new();
        let typing = ctx.egui_wants_keyboard_input();
        let labels: Vec<String> = self
            .workspace
            .as_ref()
            .map(|w| {
                let mut by_key: Vec<(char, String)> = w
                    .project
                    .labels
                    .iter()
                    .filter_map(|l| Some((l.hotkey?, l.name.clone())))
                    .collect();
                by_key.sort();
                (1..=9)
                    .map(|d| {
                        let k = char::from_digit(d, 10).unwrap_or('0');
                        by_key
                            .iter()
                            .find(|(h, _)| *h == k)
                            .map(|(_, n)| n.clone())
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .unwrap_or_default();
        let ctrl_shift = Modifiers::COMMAND.plus(Modifiers::SHIFT);
        let alt_shift = Modifiers::ALT.plus(Modifiers::SHIFT);
        if !typing && self.dialog.is_none() && self.data_dialog.is_none() {
            // Tab and the arrows belong to the article here, not to egui's
            // widget focus navigation.
            ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
        }
        let dialog_open =
            self.dialog.is_some() || self.data_dialog.is_some() || self.conflict_dialog.is_some();
        ctx.input_mut(|i| {
            if dialog_open {
                // Keys belong to the dialog (Enter, Ctrl+Enter, Esc, typing).
                return;
            }
            if take_shortcut(i, &keys::REDO) || take_shortcut(i, &keys::REDO_Y) {
                out.push(Command::Redo);
            }
            if take_shortcut(i, &keys::UNDO) {
                out.push(Command::Undo);
            }
            if take_shortcut(i, &keys::SAVE) {
                out.push(Command::Save);
            }
            if take_shortcut(i, &keys::FIND) {
                self.find.open_with(None);
            }
            if take_shortcut(i, &keys::OPEN) {
                self.dialog = Some(PathDialog::new(PathKind::OpenProject));
            }
            if take_shortcut(i, &keys::NEW) {
                self.dialog = Some(PathDialog::new(PathKind::NewProject));
            }
            if take_shortcut(i, &keys::ADD_DOCS) {
                self.dialog = Some(PathDialog::new(PathKind::AddDocuments));
            }
            if take_shortcut(i, &keys::EXPORT) {
                self.open_data_dialog(DataKind::Export);
            }
            if take_shortcut(i, &keys::IMPORT) {
                self.open_data_dialog(DataKind::Import);
            }
            if take_shortcut(i, &keys::QUIT) {
                out.push(Command::Quit);
            }
            if take_shortcut(i, &keys::DONE_NEXT) {
                out.push(Command::DoneAndNext);
            }
            if take_shortcut(i, &keys::THEME) {
                out.push(Command::ToggleTheme);
            }
            if take_shortcut(i, &keys::ZOOM_IN) || take(i, Modifiers::COMMAND, Key::Plus) {
                out.push(Command::Zoom(1.1));
            }
            if take_shortcut(i, &keys::ZOOM_OUT) {
                out.push(Command::Zoom(1.0 / 1.1));
            }
            if take_shortcut(i, &keys::ZOOM_RESET) {
                out.push(Command::Zoom(1.0));
            }
            if take_shortcut(i, &keys::FILTER) {
                self.doc_list.focus_filter = true;
            }
            if take(i, Modifiers::NONE, Key::F1) {
                self.show_help = !self.show_help;
            }
            if typing || self.dialog.is_some() || self.data_dialog.is_some() {
                return;
            }
            if take(i, Modifiers::NONE, Key::Escape) {
                if self.show_help {
                    self.show_help = false;
                } else if self.find.open {
                    self.find.open = false;
                } else {
                    self.article.anchor = None;
                    self.article.selected_span = None;
                    self.article.clear_suggestion();
                }
            }
            if take_text(i, "?") {
                self.show_help = !self.show_help;
            }
            if take(i, Modifiers::NONE, Key::PageDown) {
                out.push(Command::StepDocument(1));
            }
            if take(i, Modifiers::NONE, Key::PageUp) {
                out.push(Command::StepDocument(-1));
            }
            for (d, key) in keys::DIGITS.iter().enumerate() {
                if take(i, Modifiers::NONE, *key) {
                    if let Some(name) = labels.get(d).filter(|n| !n.is_empty()) {
                        self.active_label = d.min(labels.len());
                        out.push(Command::ApplyLabel(name.clone()));
                    }
                }
            }
            if take(i, Modifiers::NONE, Key::Delete) || take(i, Modifiers::NONE, Key::Backspace) {
                out.push(Command::DeleteSpan);
            }
            if take(i, Modifiers::NONE, Key::S) {
                self.sticky = !self.sticky;
            }
            if take_shortcut(i, &keys::SUGGEST_ALL) {
                out.push(Command::Suggest { all: true });
            }
            if take_shortcut(i, &keys::SUGGEST) {
                out.push(Command::Suggest { all: false });
            }
            if take(i, Modifiers::SHIFT, Key::N) {
                out.push(Command::StepSuggestion(false));
            }
            if take(i, Modifiers::NONE, Key::N) {
                out.push(Command::StepSuggestion(true));
            }
            if take(i, Modifiers::SHIFT, Key::A) {
                out.push(Command::AcceptAllSuggestions);
            }
            if take(i, Modifiers::SHIFT, Key::R) {
                out.push(Command::RejectAllSuggestions);
            }
            let reviewing = self.article.selected_suggestion.is_some();
            if take(i, Modifiers::NONE, Key::A)
                || (reviewing && take(i, Modifiers::NONE, Key::Enter))
            {
                out.push(Command::AcceptSuggestion);
            }
            if take(i, Modifiers::NONE, Key::R) || take(i, Modifiers::NONE, Key::X) {
                out.push(Command::RejectSuggestion);
            }
            if take(i, Modifiers::NONE, Key::E) && self.article.selected_span.is_some() {
                self.side.focus_note = true;
            }
            if take_shortcut(i, &keys::ANNOTATE_ALL) {
                if let Some(span) = self
                    .document()
                    .and_then(|d| d.span(self.article.selected_span?))
                {
                    out.push(Command::AnnotateAll {
                        query: span.text.clone(),
                        label: span.label.clone(),
                        match_case: true,
                        scope: Scope::Document,
                    });
                }
            }
            let tab_back = take(i, Modifiers::SHIFT, Key::Tab);
            let tab = take(i, Modifiers::NONE, Key::Tab);
            if tab || tab_back {
                self.step_span(!tab_back);
            }
            // Span boundaries.
            for (mods, edge) in [(alt_shift, Edge::Start), (Modifiers::ALT, Edge::End)] {
                if take(i, mods, Key::ArrowLeft) {
                    out.push(Command::MoveEdge(edge, false));
                }
                if take(i, mods, Key::ArrowRight) {
                    out.push(Command::MoveEdge(edge, true));
                }
            }
            // Caret and selection.
            let a = &mut self.article;
            let c = a.caret;
            let tokens = &a.tokens;
            let moves = [
                (Modifiers::NONE, Key::ArrowLeft, c.saturating_sub(1), false),
                (Modifiers::NONE, Key::ArrowRight, c + 1, false),
                (Modifiers::SHIFT, Key::ArrowLeft, c.saturating_sub(1), true),
                (Modifiers::SHIFT, Key::ArrowRight, c + 1, true),
                (
                    Modifiers::COMMAND,
                    Key::ArrowLeft,
                    crate::text::token_boundary(tokens, c, false),
                    false,
                ),
                (
                    Modifiers::COMMAND,
                    Key::ArrowRight,
                    crate::text::token_boundary(tokens, c, true),
                    false,
                ),
                (
                    ctrl_shift,
                    Key::ArrowLeft,
                    crate::text::token_boundary(tokens, c, false),
                    true,
                ),
                (
                    ctrl_shift,
                    Key::ArrowRight,
                    crate::text::token_boundary(tokens, c, true),
                    true,
                ),
                (Modifiers::NONE, Key::Home, a.line_bounds(c).0, false),
                (Modifiers::NONE, Key::End, a.line_bounds(c).1, false),
                (Modifiers::SHIFT, Key::Home, a.line_bounds(c).0, true),
                (Modifiers::SHIFT, Key::End, a.line_bounds(c).1, true),
                (
                    Modifiers::NONE,
                    Key::ArrowUp,
                    a.vertical_move(c, false),
                    false,
                ),
                (
                    Modifiers::NONE,
                    Key::ArrowDown,
                    a.vertical_move(c, true),
                    false,
                ),
                (
                    Modifiers::SHIFT,
                    Key::ArrowUp,
                    a.vertical_move(c, false),
                    true,
                ),
                (
                    Modifiers::SHIFT,
                    Key::ArrowDown,
                    a.vertical_move(c, true),
                    true,
                ),
            ];
            for (mods, key, to, extend) in moves {
                if take(i, mods, key) {
                    a.move_caret(to, extend);
                }
            }
        });
        out
    }

    fn step_suggestion(&mut self, forward: bool) {
        let Some(doc) = self.document() else { return };
        let caret = self.article.caret;
        let cur = self
            .article
            .selected_suggestion
            .as_ref()
            .and_then(|s| doc.suggestions.iter().position(|x| x == s));
        let next = match (cur, forward) {
            (Some(i), true) => doc.suggestions.get(i + 1),
            (Some(i), false) => i.checked_sub(1).and_then(|j| doc.suggestions.get(j)),
            (None, true) => doc
                .suggestions
                .iter()
                .find(|s| s.start >= caret)
                .or(doc.suggestions.first()),
            (None, false) => doc.suggestions.iter().rev().find(|s| s.start < caret),
        };
        match next.cloned() {
            Some(s) => self.article.select_suggestion(&s),
            None => self.say(if doc.suggestions.is_empty() {
                "No open suggestions here (Ctrl+G suggests)"
            } else {
                "No more suggestions that way"
            }),
        }
    }

    /// Runs a slice of a suggest job (about 10 ms per frame).
    fn run_suggest_job(&mut self, ctx: &egui::Context) {
        let Some(job) = self.suggest_job.as_mut() else {
            return;
        };
        let Some(ws) = self.workspace.as_ref() else {
            self.suggest_job = None;
            return;
        };
        let started = Instant::now();
        let engines = [
            crate::suggest::Engine::RulesVi,
            crate::suggest::Engine::Dictionary,
        ];
        while job.next < job.ids.len() && started.elapsed() < Duration::from_millis(10) {
            if let Some(doc) = ws.project.document(&job.ids[job.next]) {
                let found = crate::suggest::run(&ws.project, &engines, doc);
                job.tx
                    .edits
                    .extend(crate::suggest::add_suggestions(doc, found).edits);
            }
            job.next += 1;
        }
        if job.next < job.ids.len() {
            ctx.request_repaint();
            return;
        }
        let Some(job) = self.suggest_job.take() else {
            return;
        };
        let n = job.tx.edits.len();
        let docs = job.ids.len();
        if n > 0 {
            self.edit(job.tx);
        }
        self.say(format!(
            "{n} new suggestion(s) in {docs} document(s); N walks through them"
        ));
    }

    fn step_span(&mut self, forward: bool) {
        let Some(doc) = self.document() else { return };
        let cur = self
            .article
            .selected_span
            .and_then(|id| doc.spans.iter().position(|s| s.id == id));
        let caret = self.article.caret;
        let next = match (cur, forward) {
            (Some(i), true) => doc.spans.get(i + 1),
            (Some(i), false) => i.checked_sub(1).and_then(|j| doc.spans.get(j)),
            (None, true) => doc.spans.iter().find(|s| s.start >= caret),
            (None, false) => doc.spans.iter().rev().find(|s| s.start < caret),
        };
        match next.cloned() {
            Some(span) => self.article.select_span(&span),
            None => self.say(if forward {
                "No more spans after this one"
            } else {
                "No spans before this one"
            }),
        }
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let item = |ui: &mut egui::Ui, text: &str, key: &str| {
            ui.add(egui::Button::new(text).shortcut_text(key)).clicked()
        };
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("Project", |ui| {
                if item(ui, "New project…", "Ctrl+N") {
                    self.dialog = Some(PathDialog::new(PathKind::NewProject));
                    ui.close();
                }
                if item(ui, "Open project…", "Ctrl+O") {
                    self.dialog = Some(PathDialog::new(PathKind::OpenProject));
                    ui.close();
                }
                ui.menu_button("Recent projects", |ui| {
                    if self.settings.recent.is_empty() {
                        ui.weak("None yet");
                    }
                    for dir in self.settings.recent.clone() {
                        if ui.button(dir.display().to_string()).clicked() {
                            commands.push(Command::OpenProject(dir));
                            ui.close();
                        }
                    }
                });
                if item(ui, "Add documents…", "Ctrl+D") {
                    self.dialog = Some(PathDialog::new(PathKind::AddDocuments));
                    ui.close();
                }
                if item(ui, "Export dataset…", "Ctrl+E") {
                    self.open_data_dialog(DataKind::Export);
                    ui.close();
                }
                if item(ui, "Import dataset…", "Ctrl+I") {
                    self.open_data_dialog(DataKind::Import);
                    ui.close();
                }
                ui.separator();
                if item(ui, "Save", "Ctrl+S") {
                    commands.push(Command::Save);
                    ui.close();
                }
                if item(ui, "Quit", "Ctrl+Q") {
                    commands.push(Command::Quit);
                    ui.close();
                }
            });
            ui.menu_button("Edit", |ui| {
                let undo = self
                    .workspace
                    .as_ref()
                    .and_then(|w| w.history().undo_name())
                    .map(|n| format!("Undo {n}"));
                let redo = self
                    .workspace
                    .as_ref()
                    .and_then(|w| w.history().redo_name())
                    .map(|n| format!("Redo {n}"));
                if item(ui, undo.as_deref().unwrap_or("Undo"), "Ctrl+Z") {
                    commands.push(Command::Undo);
                    ui.close();
                }
                if item(ui, redo.as_deref().unwrap_or("Redo"), "Ctrl+Shift+Z") {
                    commands.push(Command::Redo);
                    ui.close();
                }
                ui.separator();
                if item(ui, "Find…", "Ctrl+F") {
                    self.find.open_with(None);
                    ui.close();
                }
                if item(ui, "Delete span", "Del") {
                    commands.push(Command::DeleteSpan);
                    ui.close();
                }
                if item(ui, "Sticky label", "S") {
                    self.sticky = !self.sticky;
                    ui.close();
                }
            });
            ui.menu_button("Document", |ui| {
                if item(ui, "Next document", "PageDown") {
                    commands.push(Command::StepDocument(1));
                    ui.close();
                }
                if item(ui, "Previous document", "PageUp") {
                    commands.push(Command::StepDocument(-1));
                    ui.close();
                }
                if item(ui, "Mark done and next", "Ctrl+Enter") {
                    commands.push(Command::DoneAndNext);
                    ui.close();
                }
            });
            ui.menu_button("Suggestions", |ui| {
                for (text, key, c) in [
                    (
                        "Suggest in this document",
                        "Ctrl+G",
                        Command::Suggest { all: false },
                    ),
                    (
                        "Suggest in all documents",
                        "Ctrl+Shift+G",
                        Command::Suggest { all: true },
                    ),
                    ("Next suggestion", "N", Command::StepSuggestion(true)),
                    (
                        "Previous suggestion",
                        "Shift+N",
                        Command::StepSuggestion(false),
                    ),
                    ("Accept", "A", Command::AcceptSuggestion),
                    ("Reject", "R", Command::RejectSuggestion),
                    (
                        "Accept all above threshold",
                        "Shift+A",
                        Command::AcceptAllSuggestions,
                    ),
                    (
                        "Reject all remaining",
                        "Shift+R",
                        Command::RejectAllSuggestions,
                    ),
                ] {
                    if item(ui, text, key) {
                        commands.push(c);
                        ui.close();
                    }
                }
            });
            ui.menu_button("View", |ui| {
                if item(
                    ui,
                    if self.settings.dark {
                        "Light theme"
                    } else {
                        "Dark theme"
                    },
                    "Ctrl+T",
                ) {
                    commands.push(Command::ToggleTheme);
                    ui.close();
                }
                if item(ui, "Zoom in", "Ctrl+=") {
                    commands.push(Command::Zoom(1.1));
                }
                if item(ui, "Zoom out", "Ctrl+-") {
                    commands.push(Command::Zoom(1.0 / 1.1));
                }
                if item(ui, "Reset zoom", "Ctrl+0") {
                    commands.push(Command::Zoom(1.0));
                }
            });
            ui.menu_button("Help", |ui| {
                if item(ui, "Keyboard shortcuts", "F1") {
                    self.show_help = true;
                    ui.close();
                }
            });
        });
    }

    fn status_ui(&self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let n = self
                .workspace
                .as_ref()
                .map_or(0, |w| w.project.documents.len());
            if let Some(i) = self.current {
                ui.label(format!("Document {}/{n}", i + 1));
                ui.separator();
            }
            let a = &self.article;
            match (a.selection(), self.selected()) {
                (Some((s, e)), _) => ui.label(format!("Selection {s}–{e} ({} chars)", e - s)),
                (None, Some(span)) => {
                    ui.label(format!("Span {} {}–{}", span.label, span.start, span.end))
                }
                _ => ui.label(format!("Caret {}", a.caret)),
            };
            ui.separator();
            if let Some(why) = self.workspace.as_ref().and_then(|w| w.read_only()) {
                ui.colored_label(ui.visuals().warn_fg_color, "Read-only")
                    .on_hover_text(why);
                ui.separator();
            }
            let dirty = self.workspace.as_ref().is_some_and(|w| w.is_dirty());
            match (&self.save_error, dirty) {
                (Some(e), _) => ui.colored_label(ui.visuals().error_fg_color, e),
                (None, true) => ui.label("● Unsaved changes"),
                (None, false) => ui.label("✔ Saved"),
            };
            ui.separator();
            if self.sticky {
                ui.strong("STICKY");
                ui.separator();
            }
            if let Some(job) = &self.suggest_job {
                ui.add(
                    egui::ProgressBar::new(job.next as f32 / job.ids.len().max(1) as f32)
                        .desired_width(120.0)
                        .text("Suggesting"),
                );
                ui.separator();
            }
            let hint = if a.draft.is_some() {
                "A accept · R reject · 1–9 change label · Alt+←/→ resize · N next"
            } else if a.selection().is_some() {
                "1–9: label the selection · Esc: clear"
            } else if a.selected_span.is_some() {
                "1–9 relabel · Del remove · Alt+←/→ resize · Tab next"
            } else {
                "Drag or double-click to select · Tab: next span · F1: all keys"
            };
            ui.weak(hint);
            if let Some((m, is_err)) = &self.message {
                ui.separator();
                if *is_err {
                    ui.colored_label(ui.visuals().warn_fg_color, m);
                } else {
                    ui.label(m);
                }
            }
        });
    }

    fn help_ui(&mut self, ctx: &egui::Context) {
        let mut open = self.show_help;
        egui::Window::new("Keyboard shortcuts (F1)")
            .open(&mut open)
            .default_width(520.0)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    for (group, rows) in keys::HELP {
                        ui.strong(*group);
                        egui::Grid::new(*group)
                            .num_columns(2)
                            .striped(true)
                            .show(ui, |ui| {
                                for (k, what) in *rows {
                                    ui.monospace(*k);
                                    ui.label(*what);
                                    ui.end_row();
                                }
                            });
                        ui.add_space(6.0);
                    }
                });
            });
        self.show_help = open;
    }

    fn central_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let width = ui.available_width();
        if !self.load_errors.is_empty() {
            ui.heading("This project could not be loaded");
            ui.label("Nothing was changed on disk. Fix these problems (or restore the files) and open it again (Ctrl+O):");
            ui.separator();
            egui::ScrollArea::vertical().show(ui, |ui| {
                for e in &self.load_errors {
                    ui.label(egui::RichText::new(e).monospace());
                }
            });
            return;
        }
        let Some(ws) = self.workspace.as_ref() else {
            ui.heading("No project open");
            ui.label("Open a project (Ctrl+O) or create one (Ctrl+N).");
            return;
        };
        let Some(doc) = self.current.and_then(|i| ws.project.documents.get(i)) else {
            ui.heading("No documents yet");
            ui.label("Add article files with Ctrl+D (.txt, .md, .jsonl).");
            return;
        };
        if self.find.open {
            let (cmds, jump) = self.find.ui(ui, &ws.project.labels, &mut self.active_label);
            commands.extend(cmds);
            self.find.refresh(Some(doc));
            if let Some((s, e)) = jump {
                self.article.select_range(s, e);
            }
            ui.separator();
        }
        ui.horizontal(|ui| {
            ui.set_max_width(width);
            ui.add(egui::Label::new(egui::RichText::new(&doc.title).heading()).truncate());
            ui.add(
                egui::Label::new(
                    egui::RichText::new(format!("{} · {}", doc.id, doc.status.name())).weak(),
                )
                .truncate(),
            );
        });
        let sticky = self
            .sticky
            .then(|| {
                ws.project
                    .labels
                    .get(self.active_label)
                    .map(|l| l.name.as_str())
            })
            .flatten();
        let input = ViewInput {
            doc,
            labels: &ws.project.labels,
            sticky,
            matches: if self.find.open {
                &self.find.matches
            } else {
                &[]
            },
            current_match: self.find.current,
            font_size: FONT_SIZE,
            width,
            revision: ws.revision(),
        };
        commands.extend(self.article.ui(ui, &input));
    }

    fn autosave(&mut self, ctx: &egui::Context) {
        let dirty = self.workspace.as_ref().is_some_and(|w| w.is_dirty());
        if !dirty {
            self.dirty_since = None;
            return;
        }
        let since = *self.dirty_since.get_or_insert_with(Instant::now);
        let elapsed = since.elapsed();
        if elapsed >= AUTOSAVE_AFTER && self.save_error.is_none() {
            self.save_now();
        } else {
            ctx.request_repaint_after(AUTOSAVE_AFTER.saturating_sub(elapsed));
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let name = self
            .workspace
            .as_ref()
            .map(|w| w.project.name.clone())
            .unwrap_or_else(|| "no project".into());
        let dirty = self.workspace.as_ref().is_some_and(|w| w.is_dirty());
        let doc = self
            .document()
            .map(|d| format!(" — {}", d.title))
            .unwrap_or_default();
        let read_only = self.workspace.as_ref().and_then(|w| w.read_only());
        let title = format!(
            "{}Gloss — {name}{doc}{}",
            if dirty { "● " } else { "" },
            match (read_only, dirty) {
                (Some(_), _) => " (read-only)",
                (None, true) => " (unsaved)",
                (None, false) => " (saved)",
            }
        );
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }
}

fn dir_name(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "project".into())
}

impl eframe::App for GlossApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        // Back in the window: others may have changed the files meanwhile.
        let focused = ctx.input(|i| i.focused);
        if focused && !self.was_focused {
            self.check_disk();
        }
        self.was_focused = focused;
        if self.workspace.as_ref().and_then(|w| w.conflict()).is_none() {
            // Settled meanwhile (e.g. the file was changed back): stop asking.
            self.conflict_dialog = None;
        }
        // Drop a span selection that an undo or a bulk edit removed.
        if let Some(id) = self.article.selected_span {
            if self.document().and_then(|d| d.span(id)).is_none() {
                self.article.selected_span = None;
            }
        }
        if let Some(sug) = &self.article.selected_suggestion {
            if !self.document().is_some_and(|d| d.suggestions.contains(sug)) {
                self.article.clear_suggestion();
            }
        }
        let mut commands = self.keyboard(&ctx);
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui, &mut commands));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        if let Some(ws) = self.workspace.as_ref() {
            egui::Panel::left("documents")
                .resizable(true)
                .default_size(240.0)
                .max_size(400.0)
                .show(ui, |ui| {
                    commands.extend(self.doc_list.ui(ui, &ws.project, self.current));
                });
            let doc = self.current.and_then(|i| ws.project.documents.get(i));
            egui::Panel::right("side")
                .resizable(true)
                .default_size(300.0)
                .max_size(420.0)
                .show(ui, |ui| {
                    let review = self
                        .article
                        .selected_suggestion
                        .as_ref()
                        .zip(self.article.draft.as_ref());
                    let input = super::side_panel::SideInput {
                        doc,
                        labels: &ws.project.labels,
                        selected: self.article.selected_span,
                        review,
                    };
                    commands.extend(self.side.ui(
                        ui,
                        &input,
                        &mut self.sticky,
                        &mut self.active_label,
                    ));
                });
        }
        egui::CentralPanel::default().show(ui, |ui| self.central_ui(ui, &mut commands));
        if let Some(dialog) = self.dialog.as_mut() {
            let kind = dialog.kind;
            match dialog.ui(&ctx) {
                DialogResult::Open => {}
                DialogResult::Cancelled => self.dialog = None,
                DialogResult::Chosen(mut paths) => {
                    self.dialog = None;
                    commands.push(match kind {
                        PathKind::OpenProject => Command::OpenProject(paths.remove(0)),
                        PathKind::NewProject => Command::NewProject(paths.remove(0)),
                        PathKind::AddDocuments => Command::AddDocuments(paths),
                    });
                }
            }
        }
        if let Some(mut dialog) = self.data_dialog.take() {
            let empty = crate::model::Project::default();
            let project = self.workspace.as_ref().map_or(&empty, |w| &w.project);
            let (keep, request) = dialog.ui(&ctx, project);
            if let Some(req) = request {
                let r = self.import_dataset(req);
                if let Ok(report) = &r {
                    self.say(report.lines().next().unwrap_or_default().to_owned());
                }
                dialog.result = Some(r);
            }
            if keep {
                self.data_dialog = Some(dialog);
            }
        }
        if self.show_help {
            self.help_ui(&ctx);
        }
        let asked = self
            .conflict_dialog
            .as_mut()
            .zip(self.workspace.as_ref().and_then(|w| w.conflict()));
        if let Some(choice) = asked.and_then(|(d, c)| d.ui(&ctx, c)) {
            self.resolve_conflict(choice);
        }
        for c in commands {
            self.apply(&ctx, c);
        }
        self.run_suggest_job(&ctx);
        self.autosave(&ctx);
        self.update_title(&ctx);
        if ctx.input(|i| i.viewport().close_requested()) && !self.save_now() {
            // Keep the window open: the work is not on disk yet.
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, Settings::KEY, &self.settings);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.save_now();
    }
}

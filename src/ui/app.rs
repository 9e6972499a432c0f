//! The Gloss window: owns the open [`Session`] and the panels, wires them
//! together each frame, and saves. Commands from panels, menus and keys are
//! applied in `actions.rs`; keys are read in `keyboard.rs`; the menu bar,
//! status bar and help are drawn from the keymap in their own files.

use super::article::ArticleView;
use super::conflict::ConflictDialog;
use super::data_dialog::DataDialog;
use super::dialogs::PathDialog;
use super::doc_list::DocumentList;
use super::find::FindBar;
use super::side_panel::SidePanel;
use super::Settings;
use crate::model::id::visible;
use crate::model::{Document, Selection};
use crate::session::{Notice, Session, SuggestJob};
use crate::store::Workspace;
use std::path::Path;
use std::time::{Duration, Instant};

/// Edits are saved after this much idle time.
const AUTOSAVE_AFTER: Duration = Duration::from_secs(2);

/// The message while an asked-for save is being written.
pub(super) const SAVING: &str = "Saving…";

/// The application state.
pub struct GlossApp {
    pub(super) session: Option<Session>,
    pub(super) load_errors: Vec<String>,
    pub(super) article: ArticleView,
    pub(super) doc_list: DocumentList,
    pub(super) side: SidePanel,
    pub(super) project_settings: super::project_settings::ProjectSettings,
    pub(super) find: FindBar,
    pub(super) dialog: Option<PathDialog>,
    pub(super) data_dialog: Option<DataDialog>,
    pub(super) settings: Settings,
    pub(super) show_help: bool,
    pub(super) message: Option<(String, bool)>,
    pub(super) dirty_since: Option<Instant>,
    /// Ctrl+S came while a save was being written: save again when it is
    /// done (the edits since are in no save yet), and say "Saved" only then.
    pub(super) save_queued: bool,
    pub(super) save_error: Option<String>,
    title: String,
    pub(super) suggest_job: Option<SuggestJob>,
    pub(super) conflict_dialog: Option<ConflictDialog>,
    pub(super) was_focused: bool,
    /// Project revision the selection was last checked against.
    checked_revision: Option<u64>,
    /// The model retraining in the background, if it is.
    pub(super) training: Option<super::learning::Training>,
    /// "Who is annotating?", while asked.
    pub(super) annotator_dialog: Option<super::annotator_dialog::AnnotatorDialog>,
    /// The background writer of saves.
    saver: super::saver::Saver,
    /// A focus-regain disk check waits for the save being written.
    pub(super) disk_check_due: bool,
    /// A look at every file of a big project, running on a thread.
    pub(super) disk_probe: Option<std::sync::mpsc::Receiver<Vec<std::path::PathBuf>>>,
    /// For threads that ask for a frame when their result is in.
    pub(super) repaint: egui::Context,
    /// Documents being read before a command that needs them all.
    pub(super) reading: Option<super::reading::Reading>,
    /// The last key press when it was Alt+key (its text is not typed).
    pub(super) last_alt_key: Option<egui::Key>,
    /// The session, while it is out on a thread for whole-project work.
    pub(super) away: Option<super::away::Away>,
}

impl GlossApp {
    /// Creates the app and opens `dir` (if given).
    pub fn new(cc: &eframe::CreationContext<'_>, dir: Option<&Path>) -> Self {
        Self::new_as(cc, dir, None)
    }

    /// Creates the app and opens `dir` (if given) as annotator `annotator`
    /// (when given; else the name remembered for that folder).
    pub fn new_as(
        cc: &eframe::CreationContext<'_>,
        dir: Option<&Path>,
        annotator: Option<&str>,
    ) -> Self {
        super::install_fonts(&cc.egui_ctx);
        cc.egui_ctx.options_mut(|o| o.zoom_with_keyboard = false);
        let settings: Settings = cc
            .storage
            .and_then(|s| eframe::get_value(s, Settings::KEY))
            .unwrap_or_default();
        let mut app = Self {
            session: None,
            load_errors: Vec::new(),
            article: ArticleView::default(),
            doc_list: DocumentList::default(),
            side: SidePanel::default(),
            project_settings: Default::default(),
            find: FindBar::default(),
            dialog: None,
            data_dialog: None,
            settings,
            show_help: false,
            message: None,
            dirty_since: None,
            save_queued: false,
            save_error: None,
            title: String::new(),
            suggest_job: None,
            conflict_dialog: None,
            was_focused: true,
            checked_revision: None,
            training: None,
            annotator_dialog: None,
            saver: super::saver::Saver::new(cc.egui_ctx.clone()),
            disk_check_due: false,
            disk_probe: None,
            repaint: cc.egui_ctx.clone(),
            reading: None,
            last_alt_key: None,
            away: None,
        };
        app.apply_view_settings(&cc.egui_ctx);
        if let Some(dir) = dir {
            if let Some(a) = annotator {
                app.settings.annotators.insert(dir.to_owned(), a.to_owned());
            }
            app.open_project(dir);
        }
        app
    }

    /// The open project, if one loaded.
    pub fn workspace(&self) -> Option<&Workspace> {
        self.session.as_ref().map(|s| &s.workspace)
    }

    /// The open session (project plus the editor's place in it).
    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// The open document.
    pub fn document(&self) -> Option<&Document> {
        self.session.as_ref()?.document()
    }

    /// The article view (geometry of the last frame).
    pub fn article(&self) -> &ArticleView {
        &self.article
    }

    /// The find bar's query.
    pub fn find_query(&self) -> &str {
        &self.find.query
    }

    /// The matches found in every document so far (find bar, Alt+A), and
    /// whether the search still runs.
    pub fn found_everywhere(&self) -> (usize, bool) {
        (
            self.find.everywhere.hits().len(),
            self.find.everywhere.is_running(),
        )
    }

    /// Whether the export or import dialog is open.
    pub fn is_data_dialog_open(&self) -> bool {
        self.data_dialog.is_some()
    }

    /// Whether documents are being read before a whole-project command.
    pub fn is_reading(&self) -> bool {
        self.reading.is_some()
    }

    /// Whether a suggest job is running.
    pub fn is_suggesting(&self) -> bool {
        self.suggest_job.is_some()
    }

    /// Whether the model is retraining in the background.
    pub fn is_training(&self) -> bool {
        self.training.is_some()
    }

    /// The editor's selection in the open document.
    pub fn selection(&self) -> Selection {
        self.session
            .as_ref()
            .map(|s| s.selection.clone())
            .unwrap_or_default()
    }

    /// The editor's selection, mutably (tests set the caret directly).
    pub fn selection_mut(&mut self) -> Option<&mut Selection> {
        self.session.as_mut().map(|s| &mut s.selection)
    }

    /// Chooses the active label (sticky mode, find bar) by name.
    pub fn set_active_label(&mut self, name: &str) {
        if let Some(s) = self.session.as_mut() {
            s.active_label = Some(name.to_owned());
        }
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

    pub(super) fn apply_view_settings(&self, ctx: &egui::Context) {
        ctx.set_theme(if self.settings.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        ctx.set_zoom_factor(self.settings.zoom);
    }

    pub(super) fn say(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), false));
    }

    pub(super) fn warn(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), true));
    }

    /// Shows what an operation said in the status bar.
    pub(super) fn notice(&mut self, n: Notice) {
        match n {
            Notice::Done(t) => self.say(t),
            Notice::Refused(t) => self.warn(t),
        }
    }

    /// Saves now if anything changed and waits until it is on disk (for
    /// closing and switching projects); false when the save failed. The
    /// files are still written by the writer thread.
    pub(super) fn save_now(&mut self) -> bool {
        self.wait_for_save();
        self.save_in_background();
        match self.saver.wait() {
            Some(done) => self.finish_save(done),
            // Nothing was begun: clean, or refused (the error is shown).
            None => self.save_error.is_none() || !self.is_dirty(),
        }
    }

    /// Waits for the save being written, if one is, and records it.
    pub(super) fn wait_for_save(&mut self) {
        // The caller saves what is left (or closes without it).
        self.save_queued = false;
        if let Some(done) = self.saver.wait() {
            self.finish_save(done);
        }
    }

    fn is_dirty(&self) -> bool {
        self.workspace().is_some_and(|w| w.is_dirty())
    }

    /// Whether a save is being written.
    pub fn is_saving(&self) -> bool {
        self.saver.is_busy()
    }

    /// Serializes what changed and hands it to the writer thread (nothing
    /// while a save is out: the edits since wait for the next one).
    pub(super) fn save_in_background(&mut self) {
        if self.saver.is_busy() {
            return;
        }
        let Some(s) = self.session.as_mut() else {
            return;
        };
        if !s.workspace.is_dirty() {
            return;
        }
        match s.workspace.begin_save() {
            Ok(job) => self.saver.submit(job),
            Err(e) => {
                if s.workspace.conflict().is_some() {
                    self.conflict_dialog = Some(ConflictDialog);
                }
                self.save_failed(&e);
            }
        }
    }

    fn save_failed(&mut self, e: &crate::store::StoreError) {
        let text = format!("Save failed: {}", crate::session::error_text(e));
        self.save_error = Some(text.clone());
        self.warn(text);
    }

    /// Records a written save; true when it succeeded.
    fn finish_save(&mut self, done: crate::store::SaveDone) -> bool {
        let Some(s) = self.session.as_mut() else {
            return true;
        };
        match s.workspace.finish_save(done) {
            Ok(report) => {
                self.save_error = None;
                if !s.workspace.is_dirty() {
                    self.dirty_since = None;
                }
                if self.message.as_ref().is_some_and(|(m, _)| m == SAVING) && !self.save_queued {
                    self.say("Saved");
                }
                self.after_disk_check(report.notes);
                if std::mem::take(&mut self.disk_check_due) {
                    self.check_disk();
                }
                true
            }
            Err(e) => {
                self.save_failed(&e);
                false
            }
        }
    }

    /// Per frame: takes a save the writer finished.
    fn poll_save(&mut self) {
        if let Some(done) = self.saver.poll() {
            let saved = self.finish_save(done);
            if std::mem::take(&mut self.save_queued) && saved {
                self.save_in_background();
                if !self.is_saving() && self.save_error.is_none() {
                    // Nothing changed since the save just written.
                    self.say("Saved");
                }
            }
        }
    }

    pub(super) fn open_project(&mut self, dir: &Path) {
        if !self.save_now() {
            return;
        }
        // Release this window's lock first: reopening the same folder must
        // not find it held by ourselves.
        self.session = None;
        self.conflict_dialog = None;
        // Documents being read belong to the project being closed.
        self.reading = None;
        // Remembered per folder; "" is the curator.
        let remembered = self.settings.annotators.get(dir).cloned();
        let annotator = remembered.as_deref().filter(|a| !a.is_empty());
        self.annotator_dialog = None;
        // Index first: a 50,000-document project shows at once; documents
        // are read when opened.
        match Session::open_lazy_as(dir, annotator) {
            Ok(mut session) => {
                // The status bar shows the model's state from the start.
                session.read_model_record();
                let team = &session.workspace.project.annotators;
                if remembered.is_none() && !team.is_empty() {
                    self.annotator_dialog = Some(super::annotator_dialog::AnnotatorDialog {
                        names: team.clone(),
                    });
                }
                let n = session.workspace.project.documents.len();
                let ws = &session.workspace;
                match (ws.read_only(), ws.notice()) {
                    (Some(why), _) => {
                        self.warn(format!("Opened {} read-only: {why}", dir.display()))
                    }
                    (None, Some(note)) => {
                        self.warn(format!("Opened {} ({n} documents); {note}", dir.display()))
                    }
                    (None, None) => self.say(format!("Opened {} ({n} documents)", dir.display())),
                }
                self.session = Some(session);
                // Read the annotators' agreement afresh for this opening.
                self.doc_list = Default::default();
                self.load_errors.clear();
                self.settings.remember(dir.to_owned());
                self.article = ArticleView::default();
                self.doc_list.scroll_to_current = true;
            }
            Err(e) => {
                self.session = None;
                self.load_errors = e.problems.iter().map(|p| p.to_string()).collect();
                self.warn(format!(
                    "Could not load {}: nothing was changed on disk",
                    dir.display()
                ));
            }
        }
    }

    /// Shows "who is annotating?" while asked; reopens the project as the
    /// choice and remembers it for the folder.
    pub(super) fn annotator_dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(choice) = self.annotator_dialog.as_mut().and_then(|d| d.ui(ctx)) else {
            return;
        };
        self.annotator_dialog = None;
        let Some(dir) = self.workspace().map(|w| w.root().to_owned()) else {
            return;
        };
        let name = match choice {
            super::annotator_dialog::AnnotatorChoice::Annotator(a) => a,
            super::annotator_dialog::AnnotatorChoice::Curator => String::new(),
        };
        self.settings.annotators.insert(dir.clone(), name);
        self.open_project(&dir);
    }

    /// Marks unsaved work for the autosave timer.
    pub(super) fn touched(&mut self) {
        self.dirty_since.get_or_insert_with(Instant::now);
    }

    fn autosave(&mut self, ctx: &egui::Context) {
        let dirty = self.workspace().is_some_and(|w| w.is_dirty());
        if !dirty {
            self.dirty_since = None;
            return;
        }
        let since = *self.dirty_since.get_or_insert_with(Instant::now);
        let elapsed = since.elapsed();
        if elapsed >= AUTOSAVE_AFTER && self.save_error.is_none() {
            self.save_in_background();
        } else {
            ctx.request_repaint_after(AUTOSAVE_AFTER.saturating_sub(elapsed));
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let name = self
            .workspace()
            .map(|w| w.project.name.clone())
            .unwrap_or_else(|| "no project".into());
        let dirty = self.workspace().is_some_and(|w| w.is_dirty());
        let doc = self
            .document()
            .map(|d| format!(" — {}", visible(&d.title)))
            .unwrap_or_default();
        let read_only = self.workspace().and_then(|w| w.read_only()).is_some();
        let who = match self.workspace() {
            Some(w) if w.annotator().is_some() => {
                format!(" [as {}]", w.annotator().unwrap_or_default())
            }
            Some(w) if !w.project.annotators.is_empty() => " [curator: gold layer]".to_owned(),
            _ => String::new(),
        };
        let title = format!(
            "{}Gloss — {name}{who}{doc}{}",
            if dirty { "● " } else { "" },
            match (read_only, dirty) {
                (true, _) => " (read-only)",
                (false, true) => " (unsaved)",
                (false, false) => " (saved)",
            }
        );
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }
}

impl eframe::App for GlossApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.poll_away();
        if self.away_ui(ui) {
            return;
        }
        self.disk_ui(&ctx);
        // An undo, a bulk edit or a reload may have removed the selected
        // span or suggestion: checked when the project changed, not per frame.
        if let Some(s) = self.session.as_mut() {
            let revision = Some(s.workspace.revision());
            if self.checked_revision != revision {
                s.drop_stale_selection();
                self.checked_revision = revision;
            }
        }
        let mut commands = self.keyboard(&ctx);
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui, &mut commands));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        self.panels_ui(ui, &mut commands);
        egui::CentralPanel::default().show(ui, |ui| self.central_ui(ui, &mut commands));
        self.dialogs_ui(&ctx, &mut commands);
        self.annotator_dialog_ui(&ctx);
        if self.show_help {
            self.help_ui(&ctx);
        }
        for c in commands {
            self.apply(&ctx, c);
        }
        self.run_suggest_job(&ctx);
        self.poll_training(&ctx);
        self.poll_save();
        self.poll_reading(&ctx);
        self.autosave(&ctx);
        self.update_title(&ctx);
        if ctx.input(|i| i.viewport().close_requested()) && !self.save_now() {
            // Keep the window open (after waiting for the writer): the work
            // is not on disk yet.
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, Settings::KEY, &self.settings);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.call_back();
        if self.save_now() {
            if let Some(s) = &self.session {
                // Derived counts for the next opening; losing them loses
                // nothing.
                let _ = s.workspace.write_cache();
            }
        }
    }
}

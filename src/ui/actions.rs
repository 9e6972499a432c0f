//! Applies commands: every change the GUI makes goes through
//! [`GlossApp::apply`], which hands domain work to the session and keeps
//! only screen matters (dialogs, focus, theme) here.

use super::app::GlossApp;
use super::data_dialog::{DataDialog, DataKind, ImportRequest};
use super::dialogs::{PathDialog, PathKind};
use super::keymap::{Action, CaretMove};
use super::Command;
use crate::model::default_labels;
use crate::session::{Scope, SuggestJob};
use crate::store::ProjectDir;
use crate::suggest::Engine;
use std::time::Duration;

impl GlossApp {
    /// Applies one command.
    pub fn apply(&mut self, ctx: &egui::Context, command: Command) {
        if !self.read_first(&command) {
            self.apply_now(ctx, command);
        }
    }

    /// Applies one command now (documents not read are read by the
    /// session, or the command is refused naming those that do not load).
    pub(super) fn apply_now(&mut self, ctx: &egui::Context, command: Command) {
        let revision = self.workspace().map(|w| w.revision());
        match command {
            Command::Action(a) => self.run_action(ctx, a),
            Command::ApplyLabel(label) => {
                if let Some(s) = self.session.as_mut() {
                    s.active_label = Some(label.clone());
                    let n = s.apply_label(&label);
                    self.notice(n);
                }
            }
            Command::AddSpan { start, end, label } => {
                if let Some(s) = self.session.as_mut() {
                    let n = s.add_span(start, end, &label);
                    self.notice(n);
                }
            }
            Command::SetSpanNote(id, note) => {
                if let Some(s) = self.session.as_mut() {
                    let n = s.set_span_note(id, note);
                    if n.is_refused() {
                        self.notice(n);
                    }
                }
            }
            Command::AnnotateAll {
                query,
                label,
                match_case,
                scope,
            } => {
                if let Some(s) = self.session.as_mut() {
                    let n = s.annotate_all(&query, &label, match_case, scope);
                    self.find.report = Some(n.text().to_owned());
                    self.notice(n);
                }
            }
            Command::OpenDocument(i) => self.open_document(i),
            Command::FindEverywhere { query, match_case } => {
                if let Some(s) = self.session.as_ref() {
                    let job = s.search_documents(&query, match_case);
                    self.find.everywhere.start(job, &query);
                }
            }
            Command::OpenMatch { id, start, end } => {
                let Some(i) = self.session.as_ref().and_then(|s| {
                    s.workspace
                        .project
                        .documents
                        .iter()
                        .position(|d| d.id == id)
                }) else {
                    return self.warn(format!("Document {id} is no longer in the project"));
                };
                self.open_document(i);
                if let Some(s) = self.session.as_mut() {
                    let len = s.document().map_or(0, |d| d.char_len());
                    s.selection.select_range(start, end, len);
                    self.article.scroll_to(end.min(len));
                }
            }
            Command::OpenProject(dir) => self.open_project(&dir),
            Command::NewProject(dir) => {
                let name = dir
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "project".into());
                match ProjectDir::create(&dir, &name, default_labels()) {
                    Ok(_) => self.open_project(&dir),
                    Err(e) => self.warn(crate::session::error_text(&e)),
                }
            }
            Command::AddDocuments(paths) => {
                let Some(s) = self.session.as_mut() else {
                    return self.warn("Open or create a project first");
                };
                let n = s.add_files_notice(&paths);
                self.notice(n);
                // Added files are saved at once, like an import.
                self.save_now();
            }
            Command::SetSticky(on) => {
                if let Some(s) = self.session.as_mut() {
                    s.sticky = on;
                }
            }
            Command::SetActiveLabel(name) => self.set_active_label(&name),
            Command::LinkSpans(from, to) => {
                if let Some(s) = self.session.as_mut() {
                    let n = s.link_spans(from, to);
                    self.notice(n);
                }
            }
            Command::RelabelRelation(id, label) => {
                if let Some(s) = self.session.as_mut() {
                    let n = s.relabel_relation(id, &label);
                    self.notice(n);
                }
            }
            Command::DeleteRelation(id) => {
                if let Some(s) = self.session.as_mut() {
                    let n = s.delete_relation(id);
                    self.notice(n);
                }
            }
            Command::SetSchema(labels, types) => {
                if let Some(s) = self.session.as_mut() {
                    let n = s.set_schema(labels, types);
                    self.project_settings.result(&n);
                    self.notice(n);
                }
            }
            Command::Rename { old, new, relation } => {
                if let Some(s) = self.session.as_mut() {
                    let n = s.rename(&old, &new, relation);
                    self.project_settings.result(&n);
                    self.notice(n);
                }
            }
            Command::DeleteFromSchema {
                name,
                relation,
                with_uses,
            } => {
                if let Some(s) = self.session.as_mut() {
                    let n = s.delete_from_schema(&name, relation, with_uses);
                    self.project_settings.result(&n);
                    self.notice(n);
                }
            }
        }
        if self.workspace().map(|w| w.revision()) != revision {
            self.touched();
        }
    }

    /// Runs a keymap action (from a key, a menu or a button).
    pub(super) fn run_action(&mut self, ctx: &egui::Context, action: Action) {
        use Action::*;
        if matches!(action, SuggestAll | Undo | Redo) && self.send_away_if_big(action) {
            return;
        }
        match action {
            NewProject => self.dialog = Some(PathDialog::new(PathKind::NewProject)),
            OpenProject => self.dialog = Some(PathDialog::new(PathKind::OpenProject)),
            AddDocuments => self.dialog = Some(PathDialog::new(PathKind::AddDocuments)),
            Export => self.open_data_dialog(DataKind::Export),
            Import => self.open_data_dialog(DataKind::Import),
            Save => {
                // Written by the writer thread: "Saved" when it is done.
                self.save_error = None;
                self.say(super::app::SAVING);
                // A save being written holds none of the edits since: write
                // them as soon as it is done.
                self.save_queued = self.is_saving();
                self.save_in_background();
                if !self.is_saving() && self.save_error.is_none() {
                    self.say("Saved");
                }
            }
            Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            FilterDocuments => self.doc_list.focus_filter = true,
            ToggleMyDocuments => {
                self.doc_list.show_all = !self.doc_list.show_all;
                self.say(if self.doc_list.show_all {
                    "Showing all documents".to_owned()
                } else {
                    "Showing the documents assigned to you".to_owned()
                });
            }
            OrderByUncertainty => self.toggle_uncertainty_order(),
            Find => self.find.open_with(None),
            FindNext | FindPrevious | FindAnnotateDocument | FindAnnotateProject
            | FindEverywhere | StopFinding | NextFoundDocument | KeepMine | TakeTheirs
            | SaveMineAsCopy | DecideLater => {
                // Read by the find bar or the disk question while open.
            }
            Help => self.show_help = !self.show_help,
            ProjectSettings => match self.session.as_ref() {
                Some(s) => self.project_settings.open(&s.workspace.project),
                None => self.warn("Open or create a project first"),
            },
            Escape => {
                if self.show_help {
                    self.show_help = false;
                } else if self.find.open {
                    self.find.open = false;
                } else if let Some(s) = self.session.as_mut() {
                    s.selection.clear();
                }
            }
            EditNote => {
                self.side.focus_note = self
                    .session
                    .as_ref()
                    .is_some_and(|s| s.selection.selected_span.is_some())
            }
            ToggleTheme => {
                self.settings.dark = !self.settings.dark;
                self.apply_view_settings(ctx);
            }
            ZoomIn | ZoomOut | ZoomReset => {
                self.settings.zoom = match action {
                    ZoomIn => (self.settings.zoom * 1.1).clamp(0.5, 3.0),
                    ZoomOut => (self.settings.zoom / 1.1).clamp(0.5, 3.0),
                    _ => 1.0,
                };
                self.apply_view_settings(ctx);
            }
            Suggest | SuggestAll => self.start_suggest(action == SuggestAll),
            Caret(m, extend) => self.move_caret(m, extend),
            _ => self.session_action(action),
        }
    }

    /// Actions that are plain session operations.
    fn session_action(&mut self, action: Action) {
        use Action::*;
        let threshold = self.side.threshold;
        let tokens = self.article.tokens.clone();
        let Some(s) = self.session.as_mut() else {
            return self.warn("Open or create a project first");
        };
        let before = s.current;
        let n = match action {
            NextDocument => s.step_document(1),
            PreviousDocument => s.step_document(-1),
            DoneAndNext => s.done_and_next(),
            Label(c) => match s.label_key(c) {
                Some(n) => n,
                None => return,
            },
            ToggleSticky => {
                s.sticky = !s.sticky;
                return;
            }
            NextSpan => s.step_span(true),
            PreviousSpan => s.step_span(false),
            DeleteSpan => s.delete_span(),
            MoveEdge(edge, forward) => s.move_edge(&tokens, edge, forward),
            AnnotateAll => match s.selected_span().cloned() {
                Some(span) => s.annotate_all(&span.text, &span.label, true, Scope::Document),
                None => return,
            },
            NextSuggestion => s.step_suggestion(true),
            PreviousSuggestion => s.step_suggestion(false),
            Accept if s.selection.relation_suggestion.is_some() => s.accept_relation_suggestion(),
            Reject if s.selection.relation_suggestion.is_some() => s.reject_relation_suggestion(),
            Accept => s.accept_suggestion(),
            Reject => s.reject_suggestion(),
            StartLink => s.start_link(),
            LinkNext => s.move_link(true),
            LinkPrevious => s.move_link(false),
            LinkFinish => s.finish_link(None),
            LinkCancel => s.cancel_link(),
            LinkType(c) => s.finish_link(Some(c)),
            NextRelation => s.focus_next_relation(),
            CycleRelationType => s.cycle_relation_type(),
            DeleteRelation => s.delete_focused_relation(),
            NextRelationSuggestion => s.step_relation_suggestion(true),
            PreviousRelationSuggestion => s.step_relation_suggestion(false),
            Curate => s.start_curation(),
            TakeCandidate => s.take_candidate(),
            TakeAllOfAnnotator => s.take_all_of_annotator(),
            DropCandidate => s.drop_candidate(),
            MergeUnanimous => s.merge_agreed(crate::team::merge::Strategy::Unanimous),
            MergeMajority => s.merge_agreed(crate::team::merge::Strategy::Majority),
            AcceptAll => s.accept_all(threshold),
            RejectAll => s.reject_all(),
            Undo => s.undo(),
            Redo => s.redo(),
            _ => return,
        };
        let switched = s.current != before;
        let retrain = action == DoneAndNext;
        // Plain walking (Tab, N) only reports when it cannot go on.
        let quiet = matches!(
            action,
            NextSpan | PreviousSpan | NextSuggestion | PreviousSuggestion
        );
        if !quiet || n.is_refused() {
            self.notice(n);
        }
        if switched {
            self.document_switched();
        }
        if retrain {
            // The editor's latest work teaches the next suggestions.
            self.retrain();
        }
    }

    fn move_caret(&mut self, m: CaretMove, extend: bool) {
        let a = &self.article;
        let Some(s) = self.session.as_mut() else {
            return;
        };
        let c = s.selection.caret;
        let to = match m {
            CaretMove::Left => c.saturating_sub(1),
            CaretMove::Right => c + 1,
            CaretMove::WordLeft => crate::text::token_boundary(&a.tokens, c, false),
            CaretMove::WordRight => crate::text::token_boundary(&a.tokens, c, true),
            CaretMove::Home => a.line_bounds(c).0,
            CaretMove::End => a.line_bounds(c).1,
            CaretMove::Up => a.vertical_move(c, false),
            CaretMove::Down => a.vertical_move(c, true),
        };
        s.selection.move_caret(to, extend, a.char_len());
    }

    /// Opens document `i` (saving what was done in the last one).
    pub(super) fn open_document(&mut self, i: usize) {
        if let Some(s) = self.session.as_mut() {
            if s.open_document(i) {
                self.document_switched();
            }
        }
    }

    /// After the open document changed: refresh the find bar, scroll the
    /// list, and save what was done in the last one.
    fn document_switched(&mut self) {
        let doc = self.session.as_ref().and_then(|s| s.document());
        self.find.refresh(doc);
        self.doc_list.scroll_to_current = true;
        self.save_in_background();
    }

    fn open_data_dialog(&mut self, kind: DataKind) {
        let Some(s) = self.session.as_mut() else {
            return self.warn("Open or create a project first");
        };
        // An import matches documents by id and text: it needs every
        // document. An export reads the unread ones on its own thread.
        if kind == DataKind::Import {
            if let Err(n) = s.load_all() {
                return self.notice(n);
            }
        }
        self.data_dialog = Some(DataDialog::new(kind, &s.workspace.project));
    }

    /// Imports a dataset (all or nothing, one undo step) and saves at once.
    pub(super) fn import_dataset(&mut self, req: ImportRequest) -> Result<String, String> {
        let Some(s) = self.session.as_mut() else {
            return Err("no project is open".into());
        };
        let outcome = s
            .import(req.format, &req.path, &req.opts, &Default::default())
            .map_err(|e| format!("Nothing was imported: {}", crate::session::error_text(&e)))?;
        self.save_now();
        Ok(outcome.report.to_string())
    }

    fn start_suggest(&mut self, all: bool) {
        let Some(s) = self.session.as_mut() else {
            return;
        };
        let ids = s.document_ids(all);
        if let Err(n) = s.load(&ids) {
            self.notice(n);
            return;
        }
        // The same engines, and the same trained model, as `gloss suggest`.
        match s.extractors(&Engine::DEFAULT) {
            Ok(x) => self.suggest_job = Some(SuggestJob::with_extractors(ids, x)),
            Err(e) => self.warn(crate::session::error_text(&e)),
        }
    }

    /// Runs a slice of the suggest job (about 10 ms per frame) so the window
    /// stays live; applied as one undo step at the end.
    pub(super) fn run_suggest_job(&mut self, ctx: &egui::Context) {
        let (Some(job), Some(s)) = (self.suggest_job.as_mut(), self.session.as_mut()) else {
            self.suggest_job = None;
            return;
        };
        let done = job.run(
            &s.workspace.project,
            Some(Duration::from_millis(10)),
            &mut |_, _| {},
        );
        if !done {
            ctx.request_repaint();
            return;
        }
        if let Some(job) = self.suggest_job.take() {
            let n = s.finish_suggest(job);
            self.notice(n);
            self.touched();
        }
    }
}

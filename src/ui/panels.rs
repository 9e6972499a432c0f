//! The side panels (document list; labels, selected span, relations and
//! review) and the dialogs and windows over the main view, each fed what it
//! shows and collecting the commands it emits.

use super::app::GlossApp;
use super::dialogs::{DialogResult, PathKind};
use super::Command;

impl GlossApp {
    /// The side panels (document list, labels and review), when a project is open.
    pub(super) fn panels_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let Some(session) = self.session.as_ref() else {
            return;
        };
        let project = &session.workspace.project;
        let revision = session.workspace.revision();
        egui::Panel::left("documents")
            .resizable(true)
            .default_size(240.0)
            .max_size(400.0)
            .show(ui, |ui| {
                commands.extend(self.doc_list.ui(ui, session, revision));
            });
        let sel = &session.selection;
        egui::Panel::right("side")
            .resizable(true)
            .default_size(300.0)
            .max_size(420.0)
            .show(ui, |ui| {
                let rows = session.selected_relations();
                let ends = super::relation_panel::row_ends(session, &rows);
                let review = sel.relation_suggestion.as_ref().and_then(|s| {
                    Some((
                        s,
                        crate::session::describe_relation_suggestion(session.document()?, s),
                    ))
                });
                let relations = super::relation_panel::RelationInput {
                    rows: &rows,
                    types: &project.relation_types,
                    focused: session.focused_relation(),
                    review,
                    span_selected: sel.selected_span.is_some(),
                    ends: &ends,
                };
                let input = super::side_panel::SideInput {
                    relations: &relations,
                    doc: session.document(),
                    labels: &project.labels,
                    selected: sel.selected_span,
                    review: sel.selected_suggestion.as_ref().zip(sel.draft.as_ref()),
                    sticky: session.sticky,
                    active: session.active_label.as_deref(),
                    revision,
                };
                commands.extend(self.side.ui(ui, &input));
            });
    }

    pub(super) fn dialogs_ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        if let Some(s) = self.session.as_ref() {
            commands.extend(self.project_settings.ui(ctx, &s.workspace.project));
        }
        if let Some(dialog) = self.dialog.as_mut() {
            let kind = dialog.kind;
            match dialog.ui(ctx) {
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
            let (keep, request) = match self.session.as_ref() {
                Some(s) => dialog.ui(ctx, s),
                None => (false, None),
            };
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
    }
}

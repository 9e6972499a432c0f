//! Left panel: the project's documents with status, span count, a filter and
//! overall progress. In a team project an annotator sees the documents
//! assigned to them (Ctrl+M: all), and the curator sees each document's
//! agreement (lowest token kappa over its pairs of annotators, done layers).
//!
//! Speed: the rows that match the filter and the done count are computed
//! once per project revision and filter text, not per frame, and only the
//! rows in view are drawn (`show_rows`), each from texts laid out once per
//! revision (`doc_row.rs`), so a frame costs about the same on a
//! 50,000-document project as on a small one.

use super::doc_row::{RowCache, RowText};
use super::keymap::Action;
use super::Command;
use crate::model::id::visible;
use crate::model::{Document, Project, Status};
use crate::session::input::clean_line;
use crate::session::{DocumentCounts, Session};
use std::collections::BTreeMap;

/// UI state of the document list.
#[derive(Default)]
pub struct DocumentList {
    filter: String,
    /// Set to put the keyboard focus in the filter box next frame.
    pub focus_filter: bool,
    /// Set to scroll the open document's entry into view next frame.
    pub scroll_to_current: bool,
    /// (revision, filter) the cached rows belong to.
    cached_for: Option<(u64, String)>,
    /// Indices of the documents that match the filter.
    rows: Vec<usize>,
    done: usize,
    /// Show every document, not only those assigned to the annotator.
    pub show_all: bool,
    /// Document id -> agreement (curator of a team project only).
    agreement: BTreeMap<String, Option<f64>>,
    /// The project folder the agreement was read for: it compares the
    /// annotators' layers (not the gold layer being edited), so it is read
    /// once per opened project, not per edit.
    agreement_for: Option<std::path::PathBuf>,
    /// Document indices in the model's uncertainty order (to-do first,
    /// least confident first), when that order is on.
    order: Option<Vec<usize>>,
    /// The rows in view, laid out.
    row_cache: RowCache,
}

/// A row's texts: status and title; counts (and agreement); tooltip.
/// `counts`: `None` for a document not read yet whose counts the cache
/// does not know.
fn row_text(
    d: &Document,
    counts: Option<DocumentCounts>,
    agreement: &BTreeMap<String, Option<f64>>,
) -> RowText {
    let mut short = counts.map(|c| c.short()).unwrap_or_default();
    if let Some(k) = agreement.get(&d.id) {
        short = match k {
            Some(k) => format!("κ {k:.2} · {short}"),
            None => format!("κ – · {short}"),
        };
    }
    RowText {
        title: format!("{} {}", icon(d.status), visible(&d.title)),
        right: short,
        hover: format!(
            "{} · {} · {}",
            d.id,
            d.status.name(),
            counts.map_or_else(
                || "not read yet: counts show once it is opened".to_owned(),
                |c| c.long()
            )
        ),
    }
}

fn icon(status: Status) -> &'static str {
    match status {
        Status::Todo => "○",
        Status::InProgress => "◐",
        Status::Done => "●",
    }
}

impl DocumentList {
    /// Orders the rows by `order` (document indices), or by file order
    /// with `None`.
    pub fn set_order(&mut self, order: Option<Vec<usize>>) {
        self.order = order;
        self.cached_for = None;
    }

    /// The listed documents' indices, as last drawn.
    pub fn rows(&self) -> &[usize] {
        &self.rows
    }

    /// Whether the uncertainty order is on.
    pub fn ordered(&self) -> bool {
        self.order.is_some()
    }

    fn refresh(&mut self, session: &Session, revision: u64) {
        let project: &Project = &session.workspace.project;
        let key = (
            revision,
            format!("{}{}", u8::from(self.show_all), self.filter),
        );
        if self.cached_for.as_ref() == Some(&key) {
            return;
        }
        let needle = self.filter.to_lowercase();
        let mine: Option<Vec<usize>> = (!self.show_all).then(|| session.my_documents());
        let root = session.workspace.root().to_owned();
        if self.agreement_for.as_ref() != Some(&root) {
            self.agreement = if session.annotator().is_none() && project.annotators.len() > 1 {
                session
                    .agreement(&Default::default())
                    .map(|r| crate::team::agree::per_document(&r))
                    .unwrap_or_default()
            } else {
                BTreeMap::new()
            };
            self.agreement_for = Some(root);
        }
        self.rows = project
            .documents
            .iter()
            .enumerate()
            .filter(|(i, _)| mine.as_ref().is_none_or(|m| m.binary_search(i).is_ok()))
            .filter(|(_, d)| {
                needle.is_empty()
                    || d.title.to_lowercase().contains(&needle)
                    || d.id.contains(&needle)
                    || d.status.name().contains(&needle)
            })
            .map(|(i, _)| i)
            .collect();
        if let Some(order) = &self.order {
            super::learning::order_rows(&mut self.rows, order);
        }
        self.done = project
            .documents
            .iter()
            .filter(|d| d.status == Status::Done)
            .count();
        self.cached_for = Some(key);
    }

    /// Draws the list; `current` is the open document's index, `revision`
    /// the project's edit revision.
    pub fn ui(&mut self, ui: &mut egui::Ui, session: &Session, revision: u64) -> Vec<Command> {
        let project = &session.workspace.project;
        let current = session.current;
        let mut commands = Vec::new();
        self.refresh(session, revision);
        ui.heading("Documents");
        let total = project.documents.len();
        ui.label(format!("{} / {total} done", self.done));
        if session.annotator().is_some() && !project.assignments.is_empty() {
            ui.weak(format!(
                "{} ({} to switch)",
                if self.show_all {
                    "All documents"
                } else {
                    "My documents"
                },
                Action::ToggleMyDocuments.shortcut_text()
            ));
        }
        let fraction = if total == 0 {
            0.0
        } else {
            self.done as f32 / total as f32
        };
        ui.add(egui::ProgressBar::new(fraction).desired_height(6.0));
        if self.order.is_some() {
            ui.label(format!(
                "To do: least confident first ({})",
                Action::OrderByUncertainty.shortcut_text()
            ));
        }
        ui.horizontal(|ui| {
            let label = ui.label("Filter");
            let edit = ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text(format!(
                        "title, id or status ({})",
                        Action::FilterDocuments.shortcut_text()
                    ))
                    .desired_width(f32::INFINITY),
            );
            if edit.changed() {
                self.filter = clean_line(&self.filter);
            }
            let edit = edit.labelled_by(label.id);
            if std::mem::take(&mut self.focus_filter) {
                edit.request_focus();
            }
        });
        ui.separator();
        let row_height = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
        let mut area = egui::ScrollArea::vertical()
            .id_salt("doc-list")
            .auto_shrink([false, false]);
        if std::mem::take(&mut self.scroll_to_current) {
            if let Some(pos) = current.and_then(|c| self.rows.iter().position(|&r| r == c)) {
                let target = pos as f32 * row_height;
                area = area.vertical_scroll_offset((target - 3.0 * row_height).max(0.0));
            }
        }
        let rows = &self.rows;
        let agreement = &self.agreement;
        let cache = &mut self.row_cache;
        area.show_rows(
            ui,
            row_height - ui.spacing().item_spacing.y,
            rows.len(),
            |ui, range| {
                cache.begin(ui, revision);
                let visible = &rows[range];
                for &i in visible {
                    let Some(d) = project.documents.get(i) else {
                        continue;
                    };
                    let selected = current == Some(i);
                    let height = row_height - ui.spacing().item_spacing.y;
                    // Counted, or from the cache for a document not read.
                    let counts = || session.workspace.facts_at(i).map(Into::into);
                    let r =
                        cache.row_ui(ui, i, selected, height, || row_text(d, counts(), agreement));
                    if r.clicked() && !selected {
                        commands.push(Command::OpenDocument(i));
                    }
                }
                cache.trim(visible);
            },
        );
        commands
    }
}

//! The rows of the document list, drawn cheaply: a row's texts are laid out
//! once (per project revision, list width and zoom) and kept as galleys, so a
//! frame only allocates one widget per visible row and paints its background
//! and two cached galleys. Only rows that have been in view are kept (at
//! most [`KEEP`] between trims), so memory does not grow with the project.
//!
//! Invariant: a cached row belongs to the key it was made under; any change
//! of revision, width or pixels per point drops every row.

use egui::text::{LayoutJob, TextWrapping};
use egui::{Color32, Galley, Role, Sense, StrokeKind, WidgetInfo};
use std::collections::HashMap;
use std::sync::Arc;

/// Rows kept before those out of view are dropped.
const KEEP: usize = 512;

/// What one row says, as text.
pub struct RowText {
    /// Status icon and title, left (truncated to fit).
    pub title: String,
    /// The counts, right.
    pub right: String,
    /// The tooltip.
    pub hover: String,
}

/// One laid-out row.
struct Row {
    title: Arc<Galley>,
    right: Arc<Galley>,
    hover: String,
    /// What assistive technologies (and tests) read: title and counts.
    accessible: String,
}

/// The laid-out rows of the list, by document index.
#[derive(Default)]
pub struct RowCache {
    /// (revision, width bits, pixels-per-point bits) the rows belong to.
    key: Option<(u64, u32, u32)>,
    rows: HashMap<usize, Row>,
}

impl RowCache {
    /// Drops every row unless they were laid out for `revision` at this
    /// width and zoom.
    pub fn begin(&mut self, ui: &egui::Ui, revision: u64) {
        let key = (
            revision,
            ui.available_width().to_bits(),
            ui.ctx().pixels_per_point().to_bits(),
        );
        if self.key != Some(key) {
            self.rows.clear();
            self.key = Some(key);
        }
    }

    /// Keeps only the rows of `visible` once more than [`KEEP`] are cached.
    pub fn trim(&mut self, visible: &[usize]) {
        if self.rows.len() > KEEP {
            let mut kept = HashMap::with_capacity(visible.len());
            for i in visible {
                if let Some(row) = self.rows.remove(i) {
                    kept.insert(*i, row);
                }
            }
            self.rows = kept;
        }
    }

    /// Draws the row of document `index` (texts from `text` when not cached
    /// yet), `height` points high across the available width.
    pub fn row_ui(
        &mut self,
        ui: &mut egui::Ui,
        index: usize,
        selected: bool,
        height: f32,
        text: impl FnOnce() -> RowText,
    ) -> egui::Response {
        let width = ui.available_width();
        let pad = ui.spacing().button_padding.x;
        let row = self
            .rows
            .entry(index)
            .or_insert_with(|| layout(ui, text(), width - 2.0 * pad));
        let (rect, response) = ui.allocate_exact_size(egui::vec2(width, height), Sense::click());
        response.widget_info(|| {
            WidgetInfo::selected(Role::Button, ui.is_enabled(), selected, &row.accessible)
        });
        if ui.is_rect_visible(rect) {
            let visuals = ui.style().interact_selectable(&response, selected);
            let painter = ui.painter();
            if selected || response.hovered() || response.has_focus() {
                painter.rect(
                    rect,
                    visuals.corner_radius,
                    visuals.weak_bg_fill,
                    visuals.bg_stroke,
                    StrokeKind::Inside,
                );
            }
            let color = visuals.text_color();
            let y = rect.center().y - row.title.size().y / 2.0;
            painter.galley(egui::pos2(rect.left() + pad, y), row.title.clone(), color);
            let right_x = rect.right() - pad - row.right.size().x;
            painter.galley(egui::pos2(right_x, y), row.right.clone(), color);
        }
        response.on_hover_ui(|ui| {
            ui.label(&row.hover);
        })
    }
}

/// Lays out a row's texts: the counts at their width, the title truncated
/// (with "…") to what is left of `inner_width`.
fn layout(ui: &egui::Ui, text: RowText, inner_width: f32) -> Row {
    let font = egui::TextStyle::Button.resolve(ui.style());
    let galley = |s: &str, max_width: f32| {
        let mut job =
            LayoutJob::simple_singleline(s.to_owned(), font.clone(), Color32::PLACEHOLDER);
        job.wrap = TextWrapping::truncate_at_width(max_width.max(0.0));
        ui.painter().layout_job(job)
    };
    let right = galley(&text.right, f32::INFINITY);
    let gap = ui.spacing().item_spacing.x;
    let title = galley(&text.title, inner_width - right.size().x - gap);
    Row {
        title,
        right,
        accessible: format!("{} {}", text.title, text.right),
        hover: text.hover,
    }
}

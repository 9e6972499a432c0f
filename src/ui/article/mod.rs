//! The article view: the document text, wrapped, with spans drawn in their
//! label colors, a caret and a selection of its own.
//!
//! Speed: the text is split into paragraphs (lines); only paragraphs that
//! intersect the viewport are laid out, and their galleys are cached until
//! the width, font size or theme changes. Spans are painted as shapes under
//! and over the cached text, so editing spans never re-lays text. Paragraph
//! heights start as estimates and are replaced by measured heights.
//! Relations are drawn as arcs stacked above the rows that carry them; such
//! a row gets extra space above it ([`arcs`]), so a paragraph's galley is
//! the plain layout with its rows moved down (cached the same way, and
//! re-placed once per edit revision).
//!
//! The selection itself (caret, anchor, selected span, suggestion under
//! review) belongs to the session ([`Selection`]); the view reads it, lets
//! the mouse change it, and scrolls to it when it moves.
//!
//! All positions here are char offsets into the document text.

mod arc_layout;
mod arcs;
mod paint;

pub use arcs::DrawnArc;

use super::hit;
use super::keymap::Action;
use super::Command;
use crate::model::id::visible;
use crate::model::{Document, Label, Selection, Span, SpanId};
use crate::text::{snap_to_tokens, token_at, tokenize, trim_range, TextIndex, Token};
use egui::text::LayoutJob;
use egui::{Color32, FontId, Galley, Pos2, Rect, Sense, Stroke, TextFormat, Vec2};
use std::sync::Arc;

/// One line of the text: chars `start..end` (the `\n` after it excluded).
#[derive(Debug, Clone)]
struct Paragraph {
    start: usize,
    end: usize,
    bytes: std::ops::Range<usize>,
}

/// What the view needs to know from outside, per frame.
pub struct ViewInput<'a> {
    /// The open document.
    pub doc: &'a Document,
    /// The project's labels.
    pub labels: &'a [Label],
    /// The project's relation types (arc colors).
    pub relation_types: &'a [crate::model::RelationType],
    /// Sticky mode: every finished drag becomes a span of this label.
    pub sticky: Option<&'a str>,
    /// Find matches to highlight (char ranges) and the current one.
    pub matches: &'a [(usize, usize)],
    /// Index into `matches` of the current match.
    pub current_match: Option<usize>,
    /// Body font size in points.
    pub font_size: f32,
    /// Width available for the text (taken before anything could widen the
    /// panel).
    pub width: f32,
    /// Changes whenever the project's spans or suggestions may have changed
    /// (the edit history's revision), so derived data can be cached.
    pub revision: u64,
}

/// UI state of the article view.
#[derive(Default)]
pub struct ArticleView {
    doc_id: Option<String>,
    paragraphs: Vec<Paragraph>,
    heights: Vec<f32>,
    /// Galleys as drawn: the plain layout with room above rows with arcs.
    galleys: Vec<Option<Arc<Galley>>>,
    /// The plain layout of each paragraph (no room for arcs).
    plain: Vec<Option<Arc<Galley>>>,
    /// Arc pieces per laid-out paragraph, for the current revision (`None`
    /// when they must be placed again).
    arc_rows: Vec<Option<arcs::ParagraphArcs>>,
    /// Relations and relation suggestions by place (per revision) and, sorted,
    /// (paragraph, arc) for each paragraph an arc touches.
    arcs: Vec<arcs::ArcEnds>,
    arc_index: Vec<(usize, usize)>,
    /// Span id -> chars (per revision), for the link being made.
    span_places: std::collections::BTreeMap<SpanId, (usize, usize)>,
    /// Arc labels painted last frame.
    drawn: Vec<DrawnArc>,
    /// Width of the text column the galleys wrap at.
    layout_width: f32,
    layout_key: Option<(u32, u32, bool)>,
    /// Syllable tokens of the document (for snapping and caret moves).
    pub tokens: Vec<Token>,
    drag_anchor: Option<usize>,
    /// Chars under the pointer where the drag began and where it is now.
    drag_chars: (Option<usize>, Option<usize>),
    pending_scroll: Option<usize>,
    viewport_height: f32,
    scroll_offset: f32,
    scroll_to_top: bool,
    /// Prefix sums of `heights` (empty when they must be recomputed).
    tops: Vec<f32>,
    heights_changed: bool,
    /// Edit revision the cached span lengths below belong to.
    revision: Option<u64>,
    longest_span: usize,
    longest_suggestion: usize,
    /// Paragraphs drawn last frame with their galley's screen position.
    visible: Vec<(usize, Pos2)>,
    char_len: usize,
    context_span: Option<SpanId>,
    /// A relation being dragged from a span's label tag: the span and the
    /// pointer.
    link_drag: Option<(SpanId, Pos2)>,
    /// Selection as last seen, to scroll when it moves elsewhere.
    seen: Option<(usize, Option<SpanId>, Option<usize>)>,
}

/// A dashed rectangle outline.
fn dashed_rect(painter: &egui::Painter, r: Rect, stroke: Stroke) {
    let path = [
        r.left_top(),
        r.right_top(),
        r.right_bottom(),
        r.left_bottom(),
        r.left_top(),
    ];
    painter.extend(egui::Shape::dashed_line(&path, stroke, 4.0, 3.0));
}

impl ArticleView {
    /// Resets the view for another document (or the same one, reloaded).
    pub fn open(&mut self, doc: &Document) {
        let index = TextIndex::new(&doc.text);
        let mut paragraphs = Vec::new();
        let mut start = 0;
        for line in doc.text.split('\n') {
            let n = line.chars().count();
            let range = index.byte_range(start, start + n).unwrap_or(0..0);
            paragraphs.push(Paragraph {
                start,
                end: start + n,
                bytes: range,
            });
            start += n + 1;
        }
        // A place asked for before the document opened (a match in
        // another document) is kept; otherwise the view starts at the top.
        let pending = self.pending_scroll.take();
        *self = Self {
            doc_id: Some(doc.id.clone()),
            heights: vec![0.0; paragraphs.len()],
            galleys: vec![None; paragraphs.len()],
            plain: vec![None; paragraphs.len()],
            arc_rows: vec![None; paragraphs.len()],
            paragraphs,
            tokens: tokenize(&doc.text),
            char_len: index.char_len(),
            scroll_to_top: pending.is_none(),
            pending_scroll: pending,
            ..Default::default()
        };
    }

    /// The document the view shows.
    pub fn doc_id(&self) -> Option<&str> {
        self.doc_id.as_deref()
    }

    /// Brings char `c` into view on the next frame.
    pub fn scroll_to(&mut self, c: usize) {
        self.pending_scroll = Some(c);
    }

    /// Number of chars in the document.
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    fn paragraph_of(&self, c: usize) -> usize {
        self.paragraphs
            .partition_point(|p| p.end < c)
            .min(self.paragraphs.len().saturating_sub(1))
    }

    /// Start and end of the line holding the caret (Home / End).
    pub fn line_bounds(&self, c: usize) -> (usize, usize) {
        self.paragraphs
            .get(self.paragraph_of(c))
            .map_or((0, 0), |p| (p.start, p.end))
    }

    /// The caret position one visual row up or down from `c`.
    pub fn vertical_move(&self, c: usize, down: bool) -> usize {
        let i = self.paragraph_of(c);
        let Some(p) = self.paragraphs.get(i) else {
            return c;
        };
        let Some(galley) = self.galleys.get(i).and_then(Option::as_ref) else {
            return c;
        };
        let r = hit::caret_rect(galley, c.saturating_sub(p.start));
        // Rows may have room for arcs above them: go by row, not by height.
        let k = galley
            .rows
            .iter()
            .position(|row| row.rect().max.y > r.center().y)
            .unwrap_or(0);
        let target = if down { k + 1 } else { k.wrapping_sub(1) };
        if let Some(row) = galley.rows.get(target) {
            return p.start + hit::boundary_at(galley, Vec2::new(r.min.x, row.rect().center().y));
        }
        let j = if down { i + 1 } else { i.wrapping_sub(1) };
        let Some(q) = self.paragraphs.get(j) else {
            return if down { p.end } else { p.start };
        };
        match self.galleys.get(j).and_then(Option::as_ref) {
            Some(g) => {
                let row = if down { g.rows.first() } else { g.rows.last() };
                let y = row.map_or(0.0, |row| row.rect().center().y);
                q.start + hit::boundary_at(g, Vec2::new(r.min.x, y))
            }
            None => q.start + (c - p.start).min(q.end - q.start),
        }
    }

    /// Screen rectangle of char `c` as drawn last frame (for tests and popups).
    pub fn char_screen_rect(&self, c: usize) -> Option<Rect> {
        let &(i, pos) = self.visible.iter().find(|(i, _)| {
            let p = &self.paragraphs[*i];
            p.start <= c && c < p.end
        })?;
        let p = &self.paragraphs[i];
        let galley = self.galleys.get(i)?.as_ref()?;
        hit::range_rects(galley, c - p.start, c - p.start + 1)
            .first()
            .map(|r| r.translate(pos.to_vec2()))
    }

    fn layout(
        &mut self,
        ui: &egui::Ui,
        i: usize,
        text: &str,
        font_size: f32,
        color: Color32,
        width: f32,
    ) -> Arc<Galley> {
        if let (Some(Some(g)), Some(Some(_))) = (self.galleys.get(i), self.arc_rows.get(i)) {
            return g.clone();
        }
        let plain = match self.plain.get(i).and_then(Option::as_ref) {
            Some(g) => g.clone(),
            None => {
                let mut job = LayoutJob::single_section(
                    text.to_owned(),
                    TextFormat {
                        font_id: FontId::proportional(font_size),
                        color,
                        line_height: Some((font_size * 2.3).round()),
                        ..Default::default()
                    },
                );
                job.wrap.max_width = width;
                let g = ui.fonts_mut(|f| f.layout_job(job));
                self.plain[i] = Some(g.clone());
                g
            }
        };
        let placed = self.place_arcs(ui, i, &plain, font_size, width);
        let galley = if placed.extra.iter().all(|e| *e == 0.0) {
            plain
        } else {
            Arc::new(arcs::with_room(&plain, &placed.extra))
        };
        self.arc_rows[i] = Some(placed);
        // Blank lines take half a line: articles separate paragraphs with them.
        let h = if text.is_empty() {
            galley.size().y * 0.5
        } else {
            galley.size().y
        };
        if self.heights[i] != h {
            self.heights[i] = h;
            self.heights_changed = true;
        }
        self.galleys[i] = Some(galley.clone());
        galley
    }

    /// Char under / nearest to a screen position, from last frame's layout.
    fn locate(&self, pos: Pos2) -> Option<(usize, Option<usize>)> {
        let mut best: Option<(usize, Pos2)> = None;
        for &(i, origin) in &self.visible {
            if pos.y >= origin.y {
                best = Some((i, origin));
            }
        }
        let (i, origin) = best.or_else(|| self.visible.first().copied())?;
        let p = &self.paragraphs[i];
        let galley = self.galleys.get(i)?.as_ref()?;
        let local = pos - origin;
        let boundary = p.start + hit::boundary_at(galley, local);
        let under = hit::char_at(galley, local).map(|c| p.start + c);
        Some((boundary, under))
    }

    /// Draws the view and handles the mouse (which changes `sel`); returns
    /// commands for the app.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        input: &ViewInput<'_>,
        sel: &mut Selection,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        if self.doc_id.as_deref() != Some(input.doc.id.as_str()) {
            self.open(input.doc);
        }
        let seen = (
            sel.caret,
            sel.selected_span,
            sel.selected_suggestion.as_ref().map(|s| s.start),
        );
        if self.seen.is_some_and(|old| old != seen) {
            self.pending_scroll = Some(sel.caret.min(self.char_len));
        }
        self.seen = Some(seen);
        let dark = ui.visuals().dark_mode;
        let width = (input.width - 24.0).max(100.0);
        let key = (width.to_bits(), input.font_size.to_bits(), dark);
        if self.layout_key != Some(key) {
            self.layout_key = Some(key);
            self.galleys.iter_mut().for_each(|g| *g = None);
            self.plain.iter_mut().for_each(|g| *g = None);
            self.arc_rows.iter_mut().for_each(|a| *a = None);
            self.layout_width = width;
            let line_h = (input.font_size * 2.3).round();
            let chars_per_row = (width / (input.font_size * 0.5)).max(1.0);
            for (h, p) in self.heights.iter_mut().zip(&self.paragraphs) {
                let rows = (((p.end - p.start) as f32) / chars_per_row).ceil();
                *h = if rows == 0.0 {
                    line_h * 0.5
                } else {
                    rows * line_h
                };
            }
            self.tops.clear();
        }
        let text_color = ui.visuals().text_color();
        // Paragraph tops: a prefix sum redone only when a height changed.
        if self.tops.len() != self.heights.len() + 1 {
            let mut y = 0.0;
            self.tops.clear();
            for h in &self.heights {
                self.tops.push(y);
                y += h;
            }
            self.tops.push(y);
        }
        let tops = std::mem::take(&mut self.tops);
        let y = tops.last().copied().unwrap_or(0.0);
        if self.revision != Some(input.revision) {
            self.revision = Some(input.revision);
            self.longest_span = input
                .doc
                .spans
                .iter()
                .map(|s| s.end - s.start)
                .max()
                .unwrap_or(0);
            self.longest_suggestion = input
                .doc
                .suggestions
                .iter()
                .map(|s| s.end - s.start)
                .max()
                .unwrap_or(0);
            // Arcs are placed again (the galleys are kept).
            self.index_arcs(input.doc);
            self.arc_rows.iter_mut().for_each(|a| *a = None);
        }
        let mut area = egui::ScrollArea::vertical()
            .id_salt("article")
            .auto_shrink([false, false]);
        if std::mem::take(&mut self.scroll_to_top) {
            area = area.vertical_scroll_offset(0.0);
        } else if let Some(c) = self.pending_scroll.take() {
            let i = self.paragraph_of(c);
            let y = tops.get(i).copied().unwrap_or(0.0);
            let offset = self.scroll_offset;
            let h = self.heights.get(i).copied().unwrap_or(0.0);
            if y < offset || y + h > offset + self.viewport_height {
                area = area.vertical_scroll_offset((y - self.viewport_height * 0.3).max(0.0));
            }
        }
        let output = area.show_viewport(ui, |ui, viewport| {
            // A little room above the first line for its label tags.
            const TOP: f32 = 6.0;
            ui.set_min_size(Vec2::new(width, y + TOP));
            let origin = ui.min_rect().min + Vec2::new(8.0, TOP);
            let first = tops
                .partition_point(|&t| t <= viewport.min.y)
                .saturating_sub(1);
            self.visible.clear();
            let doc = input.doc;
            let mut i = first;
            while i < self.paragraphs.len() && tops[i] < viewport.max.y {
                let p = self.paragraphs[i].clone();
                let text = doc.text.get(p.bytes.clone()).unwrap_or_default();
                self.layout(ui, i, text, input.font_size, text_color, width);
                self.visible.push((i, origin + Vec2::new(0.0, tops[i])));
                i += 1;
            }
            let visible_rect =
                Rect::from_min_size(ui.min_rect().min + viewport.min.to_vec2(), viewport.size());
            let response = ui.interact(
                visible_rect,
                ui.make_persistent_id("article-text"),
                Sense::click_and_drag(),
            );
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Document, true, "Article text")
            });
            self.handle_pointer(ui, &response, input, sel, &mut commands);
            self.paint(ui, input, sel);
            self.paint_arcs(ui, input, sel);
            self.paint_link_drag(ui, input);
            let hovered = response
                .hover_pos()
                .and_then(|p| self.locate(p))
                .and_then(|(_, under)| under)
                .and_then(|c| {
                    input
                        .doc
                        .suggestions
                        .iter()
                        .find(|s| s.start <= c && c < s.end)
                });
            let response = match hovered {
                Some(s) => {
                    let conflict = if input.doc.suggestion_conflicts(s) {
                        " — conflicts with a span"
                    } else {
                        ""
                    };
                    response.on_hover_text_at_pointer(format!(
                        "Suggested {} by {} (score {:.2}){conflict}\nA accept · R reject",
                        s.label, s.source, s.score
                    ))
                }
                None => response,
            };
            (response, viewport)
        });
        if self.tops.is_empty() && !self.heights_changed {
            self.tops = tops;
        }
        self.heights_changed = false;
        let (response, viewport) = output.inner;
        // What the mouse did is not a reason to scroll.
        self.seen = Some((
            sel.caret,
            sel.selected_span,
            sel.selected_suggestion.as_ref().map(|s| s.start),
        ));
        self.viewport_height = viewport.height();
        self.scroll_offset = viewport.min.y;
        self.context_menu(&response, input, &mut commands);
        commands
    }

    fn span_at<'d>(&self, doc: &'d Document, c: usize) -> Option<&'d Span> {
        doc.spans
            .iter()
            .filter(|s| s.start <= c && c < s.end)
            .min_by_key(|s| s.end - s.start)
    }

    fn handle_pointer(
        &mut self,
        ui: &egui::Ui,
        response: &egui::Response,
        input: &ViewInput<'_>,
        sel: &mut Selection,
        commands: &mut Vec<Command>,
    ) {
        let (alt, press_origin) = ui.input(|i| (i.modifiers.alt, i.pointer.press_origin()));
        // A drag that starts on a label tag makes a relation, not a selection.
        if response.drag_started() {
            if let Some(id) = press_origin.and_then(|p| self.tag_at(input, p)) {
                self.link_drag = press_origin.map(|p| (id, p));
            }
        }
        if let Some((from, _)) = self.link_drag {
            if let Some(p) = response.interact_pointer_pos() {
                self.link_drag = Some((from, p));
            }
            if response.drag_stopped() {
                self.link_drag = None;
                let to = response
                    .interact_pointer_pos()
                    .and_then(|p| self.locate(p))
                    .and_then(|(_, under)| under)
                    .and_then(|c| self.span_at(input.doc, c))
                    .map(|s| s.id);
                if let Some(to) = to.filter(|t| *t != from) {
                    commands.push(Command::LinkSpans(from, to));
                }
            }
            return;
        }
        if response.drag_started() {
            if let Some((b, under)) = press_origin.and_then(|p| self.locate(p)) {
                self.drag_anchor = Some(b);
                self.drag_chars = (under, under);
            }
        }
        if response.dragged() {
            if let (Some(a), Some((b, under))) = (
                self.drag_anchor,
                response.interact_pointer_pos().and_then(|p| self.locate(p)),
            ) {
                sel.anchor = Some(a);
                sel.caret = b;
                self.drag_chars.1 = under;
                sel.selected_span = None;
            }
        }
        if response.drag_stopped() {
            if let Some(a) = self.drag_anchor.take() {
                let range = if alt {
                    trim_range(&input.doc.text, a, sel.caret)
                } else {
                    // Snap from the characters pressed and released on (a
                    // press on the right half of a letter still means that
                    // letter), falling back to the boundaries.
                    let (s, e) = match self.drag_chars {
                        (Some(x), Some(y)) => (x.min(y), x.max(y) + 1),
                        _ => (a, sel.caret),
                    };
                    snap_to_tokens(&self.tokens, s, e)
                };
                match range {
                    Some((s, e)) => {
                        sel.anchor = Some(s);
                        sel.caret = e;
                        if let Some(label) = input.sticky {
                            commands.push(Command::AddSpan {
                                start: s,
                                end: e,
                                label: label.to_owned(),
                            });
                        }
                    }
                    None => sel.anchor = None,
                }
            }
        }
        if response.double_clicked() {
            if let Some((_, Some(c))) = response.interact_pointer_pos().and_then(|p| self.locate(p))
            {
                if let Some(t) = token_at(&self.tokens, c) {
                    sel.anchor = Some(t.start);
                    sel.caret = t.end;
                    sel.selected_span = None;
                }
            }
        } else if response.clicked() {
            if let Some((b, under)) = response.interact_pointer_pos().and_then(|p| self.locate(p)) {
                let suggestion = under.and_then(|c| {
                    input
                        .doc
                        .suggestions
                        .iter()
                        .filter(|s| s.start <= c && c < s.end)
                        .min_by_key(|s| s.end - s.start)
                });
                match (under.and_then(|c| self.span_at(input.doc, c)), suggestion) {
                    (Some(span), _) => {
                        sel.clear_suggestion();
                        sel.selected_span = Some(span.id);
                        sel.anchor = None;
                        sel.caret = span.start;
                    }
                    (None, Some(sug)) => {
                        let sug = sug.clone();
                        sel.select_suggestion(&sug);
                    }
                    (None, None) => {
                        sel.clear_suggestion();
                        sel.caret = b;
                        sel.anchor = None;
                        sel.selected_span = None;
                    }
                }
            }
        }
        if response.secondary_clicked() {
            let span = response
                .interact_pointer_pos()
                .and_then(|p| self.locate(p))
                .and_then(|(_, under)| under)
                .and_then(|c| self.span_at(input.doc, c));
            self.context_span = span.map(|s| s.id);
            if let Some(s) = span {
                sel.selected_span = Some(s.id);
                sel.anchor = None;
            }
        }
    }

    fn context_menu(
        &mut self,
        response: &egui::Response,
        input: &ViewInput<'_>,
        commands: &mut Vec<Command>,
    ) {
        let Some(span) = self.context_span.and_then(|id| input.doc.span(id)).cloned() else {
            return;
        };
        response.context_menu(|ui| {
            ui.label(format!("{}: {}", span.label, visible(&span.text)));
            ui.separator();
            ui.menu_button("Relabel", |ui| {
                for l in input.labels {
                    let key = l.hotkey.map(|k| k.to_string()).unwrap_or_default();
                    if ui
                        .add(egui::Button::new(&l.name).shortcut_text(key))
                        .clicked()
                    {
                        commands.push(Command::ApplyLabel(l.name.clone()));
                        ui.close();
                    }
                }
            });
            for action in [Action::DeleteSpan, Action::EditNote, Action::AnnotateAll] {
                let b = action.binding();
                if ui
                    .add(egui::Button::new(b.menu).shortcut_text(action.shortcut_text()))
                    .clicked()
                {
                    commands.push(Command::Action(action));
                    ui.close();
                }
            }
        });
    }
}

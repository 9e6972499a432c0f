//! Relations drawn as arcs (brat's are the reference). An arc rises from
//! above the start span's label tag and comes down with an arrowhead onto
//! the end span, the type's name on top. Arcs are stacked in levels per
//! visual row ([`super::arc_layout`]), and each row that carries arcs gets
//! extra space above it for its levels, so no arc label lies on text, on a
//! label tag or on another label.
//!
//! An arc whose ends are in different rows is drawn as two halves (brat's
//! way): from the start out to the edge toward the other end (the right edge
//! when it comes later in the text, the left when earlier), and in from the
//! opposite edge onto the end. A half says where its other end is (↓ later,
//! ↑ earlier, with the other span's text when it is in another paragraph)
//! and ends at the edge with a triangle pointing that way, so a relation
//! whose other end is off screen is still seen.
//!
//! Speed: the arcs and the paragraphs they touch are indexed once per edit
//! revision; a paragraph's pieces are placed when it is laid out (once per
//! revision and width); a frame only paints the pieces of visible paragraphs.
//!
//! The selected span's relations are drawn strong and the others faded;
//! relation suggestions are dashed; a link being made from the keyboard is
//! drawn thick.

use super::arc_layout::{stack, Course, Piece};
use super::{ArticleView, ViewInput};
use crate::model::{Document, RelationId, Selection, SpanId};
use crate::ui::hit;
use egui::epaint::text::PlacedRow;
use egui::{Color32, FontId, Galley, Pos2, Rect, Stroke, Vec2};
use std::collections::BTreeMap;

/// A relation or relation suggestion with its ends by place (per revision).
#[derive(Debug, Clone)]
pub(super) struct ArcEnds {
    /// The relation and its end spans; `None` for a suggestion.
    relation: Option<(RelationId, SpanId, SpanId)>,
    /// Index of the suggestion in the document's open list.
    suggestion: Option<usize>,
    /// The relation type.
    type_name: String,
    /// The text on a full arc: the type (and note), `?` for a suggestion.
    label: String,
    /// Chars of the start end and of the end end.
    from: (usize, usize),
    to: (usize, usize),
    /// Paragraphs of the two ends.
    from_paragraph: usize,
    to_paragraph: usize,
    /// The ends' texts, shortened (for halves pointing off the paragraph).
    from_text: String,
    to_text: String,
}

/// The arcs of one laid-out paragraph: pieces with their label texts, and
/// per visual row the levels used and the extra space added above it.
#[derive(Debug, Clone, Default)]
pub(super) struct ParagraphArcs {
    pieces: Vec<Piece>,
    labels: Vec<String>,
    levels: Vec<usize>,
    /// Points added above each row (whole points, so text stays crisp).
    pub(super) extra: Vec<f32>,
}

/// An arc label as painted last frame (for tests and the screenshot check).
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnArc {
    /// The label text.
    pub label: String,
    /// Where the label is, on screen.
    pub label_rect: Rect,
    /// Whether it is a half going to an edge (the other end in another row).
    pub half: bool,
    /// Its level above the row.
    pub level: usize,
}

/// At most this many chars of the other end's text on a half.
const SHORT: usize = 22;

fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(SHORT).collect();
    if text.chars().count() > SHORT {
        out.push('…');
    }
    out
}

/// Sizes derived from the body font size, in points.
pub(super) struct Metrics {
    font: FontId,
    /// Height of one level (a label and a little air).
    level: f32,
    /// From a row's text top up to the base of its arcs (the label tags).
    tag: f32,
}

impl Metrics {
    pub(super) fn new(font_size: f32) -> Self {
        let size = (font_size * 0.6).round();
        Self {
            font: FontId::proportional(size),
            level: (size * 1.45 + 2.0).round(),
            tag: (font_size * 0.62).round() + 4.0,
        }
    }
}

/// Row index and rect (galley coordinates) of chars `start..end`'s first
/// row in a paragraph's galley.
fn first_row_rect(galley: &Galley, start: usize, end: usize) -> Option<(usize, Rect)> {
    let mut row_start = 0;
    for (k, row) in galley.rows.iter().enumerate() {
        let n = row.glyphs.len();
        if start < row_start + n || (start == row_start + n && k + 1 == galley.rows.len()) {
            let rect = hit::range_rects(galley, start, end.max(start + 1))
                .into_iter()
                .next()?;
            return Some((k, rect));
        }
        row_start += n + usize::from(row.ends_with_newline);
    }
    None
}

/// The top of the glyphs of a row (galley coordinates).
fn text_top(row: &PlacedRow) -> f32 {
    row.glyphs.first().map_or(row.pos.y, |g| {
        row.pos.y + 0.5 * (g.line_height - g.font_height)
    })
}

/// `plain` with extra space above its rows (`extra[k]` points above row k).
pub(super) fn with_room(plain: &Galley, extra: &[f32]) -> Galley {
    let mut g = plain.clone();
    let mut dy = 0.0;
    for (row, e) in g.rows.iter_mut().zip(extra) {
        dy += e;
        row.pos.y += dy;
    }
    g.rect.max.y += dy;
    g.mesh_bounds.max.y += dy;
    g
}

/// A path from `a` up to height `y`, across to `b.x`, and down to `b`, with
/// rounded corners (`b` may be at height `y`: then it just ends there).
fn bracket(a: Pos2, y: f32, b: Pos2) -> Vec<Pos2> {
    let dir = if b.x >= a.x { 1.0 } else { -1.0 };
    let r = ((b.x - a.x).abs() / 2.0).min(6.0).min((a.y - y).max(0.0));
    let corner = |from: Pos2, to: Pos2, c: Pos2| -> Vec<Pos2> {
        (0..=4)
            .map(|k| {
                let t = k as f32 / 4.0;
                let u = 1.0 - t;
                Pos2::new(
                    from.x * u * u + c.x * 2.0 * u * t + to.x * t * t,
                    from.y * u * u + c.y * 2.0 * u * t + to.y * t * t,
                )
            })
            .collect()
    };
    let mut pts = vec![a];
    pts.extend(corner(
        Pos2::new(a.x, y + r),
        Pos2::new(a.x + dir * r, y),
        Pos2::new(a.x, y),
    ));
    if (b.y - y).abs() < 0.5 {
        pts.push(b);
    } else {
        pts.extend(corner(
            Pos2::new(b.x - dir * r, y),
            Pos2::new(b.x, y + r),
            Pos2::new(b.x, y),
        ));
        pts.push(b);
    }
    pts
}

impl ArticleView {
    /// Rebuilds the arc list and its paragraph index (once per revision).
    pub(super) fn index_arcs(&mut self, doc: &Document) {
        let places: BTreeMap<SpanId, (usize, usize, &str)> = doc
            .spans
            .iter()
            .map(|s| (s.id, (s.start, s.end, s.text.as_str())))
            .collect();
        let text_of = |a: usize, b: usize| shorten(doc.slice(a, b).unwrap_or_default());
        let mut arcs = Vec::new();
        for r in &doc.relations {
            let (Some(&(fs, fe, ft)), Some(&(ts, te, tt))) =
                (places.get(&r.from), places.get(&r.to))
            else {
                continue;
            };
            let mut label = r.label.clone();
            if !r.note.is_empty() {
                label.push_str(&format!(" ({})", shorten(&r.note)));
            }
            arcs.push(ArcEnds {
                relation: Some((r.id, r.from, r.to)),
                suggestion: None,
                type_name: r.label.clone(),
                label,
                from: (fs, fe),
                to: (ts, te),
                from_paragraph: self.paragraph_of(fs),
                to_paragraph: self.paragraph_of(ts),
                from_text: shorten(ft),
                to_text: shorten(tt),
            });
        }
        for (k, s) in doc.relation_suggestions.iter().enumerate() {
            arcs.push(ArcEnds {
                relation: None,
                suggestion: Some(k),
                type_name: s.label.clone(),
                label: format!("{}?", s.label),
                from: (s.from.0, s.from.1),
                to: (s.to.0, s.to.1),
                from_paragraph: self.paragraph_of(s.from.0),
                to_paragraph: self.paragraph_of(s.to.0),
                from_text: text_of(s.from.0, s.from.1),
                to_text: text_of(s.to.0, s.to.1),
            });
        }
        let mut index: Vec<(usize, usize)> = Vec::with_capacity(arcs.len() * 2);
        for (k, a) in arcs.iter().enumerate() {
            index.push((a.from_paragraph, k));
            if a.to_paragraph != a.from_paragraph {
                index.push((a.to_paragraph, k));
            }
        }
        index.sort_unstable();
        self.span_places = places
            .into_iter()
            .map(|(id, (s, e, _))| (id, (s, e)))
            .collect();
        self.arcs = arcs;
        self.arc_index = index;
    }

    /// The arcs touching paragraph `i`.
    fn arcs_in(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let from = self.arc_index.partition_point(|&(p, _)| p < i);
        self.arc_index[from..]
            .iter()
            .take_while(move |&&(p, _)| p == i)
            .map(|&(_, k)| k)
    }

    /// Places the arc pieces of paragraph `i`, laid out as `plain`, in a
    /// column `width` points wide.
    pub(super) fn place_arcs(
        &self,
        ui: &egui::Ui,
        i: usize,
        plain: &Galley,
        font_size: f32,
        width: f32,
    ) -> ParagraphArcs {
        let Some(p) = self.paragraphs.get(i) else {
            return ParagraphArcs::default();
        };
        let m = Metrics::new(font_size);
        let rows = plain.rows.len();
        let mut pieces = Vec::new();
        let mut labels = Vec::new();
        let here = |(s, e): (usize, usize)| -> Option<(usize, Rect)> {
            if s < p.start || s > p.end {
                return None;
            }
            first_row_rect(plain, s - p.start, e.min(p.end) - p.start)
        };
        for k in self.arcs_in(i) {
            let Some(a) = self.arcs.get(k) else {
                continue;
            };
            let from = (a.from_paragraph == i).then(|| here(a.from)).flatten();
            let to = (a.to_paragraph == i).then(|| here(a.to)).flatten();
            let later = a.to.0 > a.from.0;
            let mut push = |row: usize, course: Course, label: String| {
                let w = ui
                    .painter()
                    .layout_no_wrap(label.clone(), m.font.clone(), Color32::WHITE)
                    .size()
                    .x
                    + 4.0;
                pieces.push(Piece::new(k, row, course, w));
                labels.push(label);
            };
            match (from, to) {
                (Some((rf, f)), Some((rt, t))) if rf == rt => push(
                    rf,
                    Course::Full {
                        from: f.min.x + 4.0,
                        to: t.center().x,
                    },
                    a.label.clone(),
                ),
                (from, to) => {
                    if let Some((rf, f)) = from {
                        let arrow = if later { "↓" } else { "↑" };
                        push(
                            rf,
                            Course::Half {
                                at: f.min.x + 4.0,
                                later,
                                target: false,
                            },
                            if a.to_paragraph == i {
                                format!("{} {arrow}", a.label)
                            } else {
                                format!("{} {arrow} {}", a.label, a.to_text)
                            },
                        );
                    }
                    if let Some((rt, t)) = to {
                        let arrow = if later { "↑" } else { "↓" };
                        push(
                            rt,
                            Course::Half {
                                at: t.center().x,
                                later: !later,
                                target: true,
                            },
                            if a.from_paragraph == i {
                                format!("{} {arrow}", a.label)
                            } else {
                                format!("{} {} {arrow}", a.from_text, a.label)
                            },
                        );
                    }
                }
            }
        }
        let levels = stack(&mut pieces, rows, width);
        let extra = levels
            .iter()
            .map(|&l| {
                if l == 0 {
                    0.0
                } else {
                    l as f32 * m.level + 2.0
                }
            })
            .collect();
        ParagraphArcs {
            pieces,
            labels,
            levels,
            extra,
        }
    }

    /// Where the label tag of span `id` is drawn (above its first char), if
    /// the span is on screen: the handle a relation is dragged from.
    pub fn tag_rect(&self, input_doc: &Document, id: SpanId, font_size: f32) -> Option<Rect> {
        let span = input_doc.span(id)?;
        for &(i, origin) in &self.visible {
            let p = self.paragraphs.get(i)?;
            if span.start < p.start || span.start >= p.end.max(p.start + 1) {
                continue;
            }
            let galley = self.galleys.get(i)?.as_ref()?;
            let first =
                hit::range_rects(galley, span.start - p.start, span.end.min(p.end) - p.start)
                    .first()
                    .map(|r| r.translate(origin.to_vec2()))?;
            let size = (font_size * 0.62).round();
            let width = (span.label.chars().count() as f32 * size * 0.6).max(size * 2.0);
            return Some(Rect::from_min_size(
                Pos2::new(first.min.x, first.min.y - size - 3.0),
                Vec2::new(width, size + 3.0),
            ));
        }
        None
    }

    /// The span whose label tag is at `pos` (spans of visible paragraphs).
    pub(super) fn tag_at(&self, input: &ViewInput<'_>, pos: Pos2) -> Option<SpanId> {
        let spans = &input.doc.spans;
        self.visible
            .iter()
            .filter_map(|&(i, _)| self.paragraphs.get(i))
            .flat_map(|p| {
                let from = spans.partition_point(|s| s.start < p.start);
                spans[from..]
                    .iter()
                    .take_while(move |s| s.start < p.end.max(p.start + 1))
            })
            .filter(|s| {
                self.tag_rect(input.doc, s.id, input.font_size)
                    .is_some_and(|r| r.contains(pos))
            })
            .last()
            .map(|s| s.id)
    }

    /// The line drawn while a relation is dragged from a tag.
    pub(super) fn paint_link_drag(&self, ui: &egui::Ui, input: &ViewInput<'_>) {
        let Some((from, to)) = self.link_drag else {
            return;
        };
        let Some(start) = self.tag_rect(input.doc, from, input.font_size) else {
            return;
        };
        let stroke = Stroke::new(2.0, ui.visuals().strong_text_color());
        let a = start.center_top();
        let top = a.y.min(to.y) - 20.0;
        ui.painter()
            .add(egui::Shape::line(bracket(a, top, to), stroke));
    }

    /// The screen rect of the first row of chars `start..end`, if visible,
    /// with the levels its row uses.
    fn place_rect(&self, start: usize, end: usize) -> Option<(Rect, usize)> {
        for &(i, origin) in &self.visible {
            let p = self.paragraphs.get(i)?;
            if start < p.start || start >= p.end.max(p.start + 1) {
                continue;
            }
            let galley = self.galleys.get(i)?.as_ref()?;
            let (row, r) = first_row_rect(galley, start - p.start, end.min(p.end) - p.start)?;
            let levels = self
                .arc_rows
                .get(i)
                .and_then(Option::as_ref)
                .and_then(|a| a.levels.get(row).copied())
                .unwrap_or(0);
            return Some((r.translate(origin.to_vec2()), levels));
        }
        None
    }

    /// Arcs drawn last frame (labels with their screen rects).
    pub fn drawn_arcs(&self) -> &[DrawnArc] {
        &self.drawn
    }

    /// Paints the arcs of the visible paragraphs and the link being made.
    pub(super) fn paint_arcs(&mut self, ui: &egui::Ui, input: &ViewInput<'_>, sel: &Selection) {
        self.drawn.clear();
        let m = Metrics::new(input.font_size);
        let color_of = |name: &str| {
            let [r, g, b] = input
                .relation_types
                .iter()
                .find(|t| t.name == name)
                .and_then(|t| crate::model::parse_color(&t.color))
                .unwrap_or([110, 110, 110]);
            Color32::from_rgb(r, g, b)
        };
        let painter = ui.painter();
        let width = self.layout_width;
        let bg = ui.visuals().extreme_bg_color.gamma_multiply(0.9);
        let selected = sel.selected_span;
        let mut drawn = Vec::new();
        for &(i, origin) in &self.visible {
            let (Some(Some(galley)), Some(Some(arcs))) =
                (self.galleys.get(i), self.arc_rows.get(i))
            else {
                continue;
            };
            for (piece, text) in arcs.pieces.iter().zip(&arcs.labels) {
                let (Some(a), Some(row)) = (self.arcs.get(piece.arc), galley.rows.get(piece.row))
                else {
                    continue;
                };
                let mine = a
                    .relation
                    .is_some_and(|(_, f, t)| selected.is_some_and(|s| s == f || s == t));
                let reviewing = a.suggestion.is_some_and(|k| {
                    sel.relation_suggestion.is_some()
                        && sel.relation_suggestion.as_ref() == input.doc.relation_suggestions.get(k)
                });
                let focused = mine
                    && a.relation
                        .is_some_and(|(id, _, _)| sel.relation.is_some_and(|f| f == id));
                let strong = selected.is_none() || mine || reviewing;
                let stroke_width = if focused || reviewing {
                    3.0
                } else if mine {
                    2.2
                } else {
                    1.3
                };
                let base = origin.y + text_top(row) - m.tag;
                let y = base - m.level * (piece.level as f32 + 0.5);
                let base_color = color_of(&a.type_name);
                let c = Color32::from_rgba_unmultiplied(
                    base_color.r(),
                    base_color.g(),
                    base_color.b(),
                    if strong { 255 } else { 90 },
                );
                let stroke = Stroke::new(stroke_width, c);
                let x = |v: f32| origin.x + v;
                let (pts, head_at, half) = match piece.course {
                    Course::Full { from, to } => {
                        let b = Pos2::new(x(to), base);
                        (bracket(Pos2::new(x(from), base), y, b), Some(b), false)
                    }
                    Course::Half { at, later, target } => {
                        let edge = x(if later { width } else { 0.0 });
                        let pts = bracket(Pos2::new(x(at), base), y, Pos2::new(edge, y));
                        // A triangle at the edge pointing to where the other
                        // end is: down for later in the text, up for earlier.
                        let down = later != target;
                        let t = m.level * 0.3;
                        let tip = if down { t } else { -t };
                        painter.add(egui::Shape::convex_polygon(
                            vec![
                                Pos2::new(edge, y + tip),
                                Pos2::new(edge - t * 0.8, y - tip * 0.4),
                                Pos2::new(edge + t * 0.8, y - tip * 0.4),
                            ],
                            c,
                            Stroke::NONE,
                        ));
                        (pts, target.then_some(Pos2::new(x(at), base)), true)
                    }
                };
                if a.relation.is_none() {
                    painter.extend(egui::Shape::dashed_line(&pts, stroke, 4.0, 3.0));
                } else {
                    painter.add(egui::Shape::line(pts, stroke));
                }
                if let Some(b) = head_at {
                    let head = input.font_size * 0.3;
                    painter.add(egui::Shape::convex_polygon(
                        vec![
                            Pos2::new(b.x, b.y + head * 0.8),
                            Pos2::new(b.x - head * 0.6, b.y - head * 0.4),
                            Pos2::new(b.x + head * 0.6, b.y - head * 0.4),
                        ],
                        c,
                        Stroke::NONE,
                    ));
                }
                let label = painter.layout_no_wrap(text.clone(), m.font.clone(), c);
                let r = Rect::from_min_size(
                    Pos2::new(x(piece.label_x), y - label.size().y / 2.0),
                    Vec2::new(piece.label_width, label.size().y),
                );
                painter.rect_filled(r, 2.0, bg);
                painter.galley(r.min + Vec2::new(2.0, 0.0), label, c);
                drawn.push(DrawnArc {
                    label: text.clone(),
                    label_rect: r,
                    half,
                    level: piece.level,
                });
            }
        }
        self.drawn = drawn;
        self.paint_link(ui, input, sel, &m);
    }

    /// The relation being made from the keyboard: a thick dashed arc above
    /// the arcs of its row (it is there only while linking).
    fn paint_link(&self, ui: &egui::Ui, input: &ViewInput<'_>, sel: &Selection, m: &Metrics) {
        let Some((from, Some(to))) = sel.link else {
            return;
        };
        let place = |id: SpanId| {
            self.span_places
                .get(&id)
                .and_then(|&(s, e)| self.place_rect(s, e))
        };
        let (Some((a, la)), Some((b, lb))) = (place(from), place(to)) else {
            return;
        };
        let c = ui.visuals().strong_text_color();
        let pa = Pos2::new(a.min.x + 4.0, a.min.y - m.tag);
        let pb = Pos2::new(b.center().x, b.min.y - m.tag);
        let y = pa.y.min(pb.y) - m.level * (la.max(lb) as f32 + 0.5);
        let painter = ui.painter();
        painter.extend(egui::Shape::dashed_line(
            &bracket(pa, y, pb),
            Stroke::new(2.5, c),
            4.0,
            3.0,
        ));
        let head = input.font_size * 0.3;
        painter.add(egui::Shape::convex_polygon(
            vec![
                Pos2::new(pb.x, pb.y + head * 0.8),
                Pos2::new(pb.x - head * 0.6, pb.y - head * 0.4),
                Pos2::new(pb.x + head * 0.6, pb.y - head * 0.4),
            ],
            c,
            Stroke::NONE,
        ));
        let galley = painter.layout_no_wrap("link…".into(), m.font.clone(), c);
        let r = Rect::from_center_size(Pos2::new((pa.x + pb.x) / 2.0, y), galley.size())
            .expand2(Vec2::new(2.0, 0.0));
        painter.rect_filled(r, 2.0, ui.visuals().extreme_bg_color.gamma_multiply(0.9));
        painter.galley(r.min + Vec2::new(2.0, 0.0), galley, c);
    }
}

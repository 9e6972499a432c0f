//! Relations drawn as arcs (brat's are the reference): a curve from above
//! the start span's label tag to above the end span, an arrowhead at the
//! end, the type's name on top. Arcs of one row are stacked by width (the
//! shortest lowest), so several relations in a line stay apart; an arc
//! between rows (a line break, another paragraph) rises from both ends to
//! above the upper row. The selected span's relations are drawn strong and
//! the others faded; relation suggestions are dashed; a link being made
//! from the keyboard is drawn thick.

use super::{ArticleView, ViewInput};
use crate::model::{Selection, SpanId};
use crate::ui::hit;
use egui::{Color32, FontId, Pos2, Rect, Stroke, Vec2};
use std::collections::BTreeMap;

/// One arc to draw.
struct Arc {
    from: Rect,
    to: Rect,
    label: String,
    color: Color32,
    strong: bool,
    dashed: bool,
    width: f32,
}

/// Points of the cubic Bézier `p0 p1 p2 p3`.
fn bezier(p: [Pos2; 4], n: usize) -> Vec<Pos2> {
    (0..=n)
        .map(|k| {
            let t = k as f32 / n as f32;
            let u = 1.0 - t;
            let w = [u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t];
            let x = p.iter().zip(w).map(|(q, w)| q.x * w).sum();
            let y = p.iter().zip(w).map(|(q, w)| q.y * w).sum();
            Pos2::new(x, y)
        })
        .collect()
}

impl ArticleView {
    /// Where the label tag of span `id` is drawn (above its first char), if
    /// the span is on screen: the handle a relation is dragged from.
    pub fn tag_rect(
        &self,
        input_doc: &crate::model::Document,
        id: SpanId,
        font_size: f32,
    ) -> Option<Rect> {
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

    /// The span whose label tag is at `pos`.
    pub(super) fn tag_at(&self, input: &ViewInput<'_>, pos: Pos2) -> Option<SpanId> {
        input
            .doc
            .spans
            .iter()
            .rev()
            .find(|s| {
                self.tag_rect(input.doc, s.id, input.font_size)
                    .is_some_and(|r| r.contains(pos))
            })
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
        let pts = bezier(
            [
                a,
                Pos2::new(a.x, a.y - 20.0),
                Pos2::new(to.x, to.y - 20.0),
                to,
            ],
            16,
        );
        for w in pts.windows(2) {
            if let [p, q] = w {
                ui.painter().line_segment([*p, *q], stroke);
            }
        }
    }

    /// The first screen rect of each span in the visible paragraphs.
    fn span_rects(&self, input: &ViewInput<'_>) -> BTreeMap<SpanId, Rect> {
        let mut out = BTreeMap::new();
        for &(i, origin) in &self.visible {
            let (Some(p), Some(Some(galley))) = (self.paragraphs.get(i), self.galleys.get(i))
            else {
                continue;
            };
            // Spans are sorted by start: only those starting here.
            let spans = &input.doc.spans;
            let from = spans.partition_point(|s| s.start < p.start);
            for s in spans[from..]
                .iter()
                .take_while(|s| s.start < p.end.max(p.start + 1))
            {
                let end = s.end.min(p.end);
                if let Some(r) = hit::range_rects(galley, s.start - p.start, end - p.start).first()
                {
                    out.insert(s.id, r.translate(origin.to_vec2()));
                }
            }
        }
        out
    }

    /// The rect of a (start, end, label) end of a relation suggestion.
    fn place_rect(&self, start: usize, end: usize) -> Option<Rect> {
        for &(i, origin) in &self.visible {
            let p = self.paragraphs.get(i)?;
            if start < p.start || start >= p.end.max(p.start + 1) {
                continue;
            }
            let galley = self.galleys.get(i)?.as_ref()?;
            return hit::range_rects(galley, start - p.start, end.min(p.end) - p.start)
                .first()
                .map(|r| r.translate(origin.to_vec2()));
        }
        None
    }

    pub(super) fn paint_arcs(&self, ui: &egui::Ui, input: &ViewInput<'_>, sel: &Selection) {
        let doc = input.doc;
        if doc.relations.is_empty() && doc.relation_suggestions.is_empty() && sel.link.is_none() {
            return;
        }
        let rects = self.span_rects(input);
        let color_of = |name: &str| {
            let [r, g, b] = input
                .relation_types
                .iter()
                .find(|t| t.name == name)
                .and_then(|t| crate::model::parse_color(&t.color))
                .unwrap_or([110, 110, 110]);
            Color32::from_rgb(r, g, b)
        };
        let selected = sel.selected_span;
        let mut arcs = Vec::new();
        for r in &doc.relations {
            let (Some(a), Some(b)) = (rects.get(&r.from), rects.get(&r.to)) else {
                continue;
            };
            let mine = selected.is_some_and(|s| s == r.from || s == r.to);
            let focused = mine && sel.relation.is_none_or(|f| f == r.id);
            let mut label = r.label.clone();
            if !r.note.is_empty() {
                label.push_str(&format!(" ({})", r.note));
            }
            arcs.push(Arc {
                from: *a,
                to: *b,
                label,
                color: color_of(&r.label),
                strong: selected.is_none() || mine,
                dashed: false,
                width: if focused && sel.relation.is_some() {
                    3.0
                } else if mine {
                    2.2
                } else {
                    1.3
                },
            });
        }
        for s in &doc.relation_suggestions {
            let (Some(a), Some(b)) = (
                self.place_rect(s.from.0, s.from.1),
                self.place_rect(s.to.0, s.to.1),
            ) else {
                continue;
            };
            let reviewing = sel.relation_suggestion.as_ref() == Some(s);
            arcs.push(Arc {
                from: a,
                to: b,
                label: format!("{}?", s.label),
                color: color_of(&s.label),
                strong: reviewing || selected.is_none(),
                dashed: true,
                width: if reviewing { 2.5 } else { 1.2 },
            });
        }
        if let Some((from, Some(to))) = sel.link {
            if let (Some(a), Some(b)) = (rects.get(&from), rects.get(&to)) {
                arcs.push(Arc {
                    from: *a,
                    to: *b,
                    label: "link…".into(),
                    color: ui.visuals().strong_text_color(),
                    strong: true,
                    dashed: true,
                    width: 2.5,
                });
            }
        }
        // Stack arcs of one row by width: the shortest lowest.
        arcs.sort_by(|x, y| {
            let w = |a: &Arc| (a.from.center().x - a.to.center().x).abs();
            w(x).total_cmp(&w(y))
        });
        let tag = input.font_size * 0.62 + 4.0;
        let step = input.font_size * 0.45;
        let font = FontId::proportional((input.font_size * 0.55).round());
        let painter = ui.painter();
        let mut placed: Vec<(f32, f32, f32, usize)> = Vec::new();
        // The text column: where the half-arcs of a row break leave and enter.
        let left = self.visible.first().map_or(0.0, |(_, o)| o.x);
        let clip = Rect::from_min_max(
            Pos2::new(left - 2.0, 0.0),
            Pos2::new(left + (input.width - 24.0).max(100.0) + 2.0, 0.0),
        );
        // The lowest level at which a curve over x0..x1 above row `top` meets
        // no curve placed before it.
        let mut level_for = |top: f32, x0: f32, x1: f32| {
            let level = (0..)
                .find(|l| {
                    !placed.iter().any(|&(y, a0, a1, pl)| {
                        pl == *l && (y - top).abs() < 1.0 && a0 < x1 && x0 < a1
                    })
                })
                .unwrap_or(0);
            placed.push((top, x0, x1, level));
            top - step * (1.0 + level as f32 * 0.9)
        };
        for arc in &arcs {
            let a = Pos2::new(arc.from.min.x + 4.0, arc.from.min.y - tag);
            let b = Pos2::new(arc.to.center().x, arc.to.min.y - tag);
            let pts: Vec<Pos2> = if (a.y - b.y).abs() < 1.0 {
                let peak = level_for(a.y, a.x.min(b.x), a.x.max(b.x));
                bezier([a, Pos2::new(a.x, peak), Pos2::new(b.x, peak), b], 24)
            } else {
                // Across rows (brat's way): from the start up and out to the
                // edge toward the other end, and in from the opposite edge
                // down onto the end, each half stacked in its own row.
                let later = b.y > a.y;
                let (out_x, in_x) = if later {
                    (clip.max.x - 4.0, clip.min.x + 4.0)
                } else {
                    (clip.min.x + 4.0, clip.max.x - 4.0)
                };
                let pa = level_for(a.y, a.x.min(out_x), a.x.max(out_x));
                let pb = level_for(b.y, b.x.min(in_x), b.x.max(in_x));
                let mut first = bezier(
                    [
                        a,
                        Pos2::new(a.x, pa),
                        Pos2::new(a.x, pa),
                        Pos2::new(a.x + (out_x - a.x) * 0.15, pa),
                    ],
                    8,
                );
                first.push(Pos2::new(out_x, pa));
                // A gap between the halves: drawn as two strokes below.
                first.push(Pos2::new(f32::NAN, f32::NAN));
                first.push(Pos2::new(in_x, pb));
                first.extend(bezier(
                    [
                        Pos2::new(b.x + (in_x - b.x) * 0.15, pb),
                        Pos2::new(b.x, pb),
                        Pos2::new(b.x, pb),
                        b,
                    ],
                    8,
                ));
                first
            };
            let alpha = if arc.strong { 255 } else { 90 };
            let c =
                Color32::from_rgba_unmultiplied(arc.color.r(), arc.color.g(), arc.color.b(), alpha);
            let stroke = Stroke::new(arc.width, c);
            for (k, w) in pts.windows(2).enumerate() {
                if arc.dashed && k % 2 == 1 {
                    continue;
                }
                if let [p, q] = w {
                    if p.x.is_finite() && q.x.is_finite() {
                        painter.line_segment([*p, *q], stroke);
                    }
                }
            }
            // Arrowhead at the end, pointing down onto the span.
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
            // The type's name at the top of the arc, on the background.
            // The name near the start (across rows) or at the top.
            let finite: Vec<Pos2> = pts.iter().copied().filter(|p| p.x.is_finite()).collect();
            let mid = if (a.y - b.y).abs() < 1.0 {
                finite.get(finite.len() / 2).copied().unwrap_or(a)
            } else {
                match (finite.get(8), finite.get(9)) {
                    (Some(p), Some(q)) => Pos2::new((p.x + q.x) / 2.0, p.y),
                    _ => a,
                }
            };
            let galley = painter.layout_no_wrap(arc.label.clone(), font.clone(), c);
            let r = Rect::from_center_size(mid, galley.size()).expand2(Vec2::new(2.0, 0.0));
            painter.rect_filled(r, 2.0, ui.visuals().extreme_bg_color.gamma_multiply(0.9));
            painter.galley(r.min + Vec2::new(2.0, 0.0), galley, c);
        }
    }
}

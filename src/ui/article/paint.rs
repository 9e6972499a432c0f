//! Painting the article: find matches, span backgrounds and underline lanes,
//! label tags, suggestions (dashed, red on conflict), the draft under review,
//! the selection and the caret. Reads only what the last layout left in the
//! view; a frame does no work that grows with the document (longest span
//! lengths come from the per-revision cache).

use super::{dashed_rect, ArticleView, ViewInput};
use crate::model::{Label, Selection, Span};
use crate::ui::hit;
use egui::{Color32, FontId, Pos2, Rect, Stroke, Vec2};

impl ArticleView {
    pub(super) fn paint(&self, ui: &egui::Ui, input: &ViewInput<'_>, sel: &Selection) {
        let painter = ui.painter();
        let dark = ui.visuals().dark_mode;
        let fill_alpha = if dark { 90 } else { 70 };
        let color_of = |label: &str| {
            let [r, g, b] = input
                .labels
                .iter()
                .find(|l| l.name == label)
                .map_or([128, 128, 128], Label::rgb);
            Color32::from_rgb(r, g, b)
        };
        let tag_font = FontId::proportional((input.font_size * 0.62).round());
        let selection = sel.selection();
        let spans = &input.doc.spans;
        // Longest lengths come from the per-revision cache: a frame does no
        // work that grows with the document.
        let longest = self.longest_span;
        let suggestions = &input.doc.suggestions;
        let longest_suggestion = self.longest_suggestion;
        for &(i, origin) in &self.visible {
            let p = &self.paragraphs[i];
            let Some(galley) = self.galleys[i].as_ref() else {
                continue;
            };
            let rects = |s: usize, e: usize| -> Vec<Rect> {
                let (a, b) = (s.max(p.start), e.min(p.end));
                if a >= b {
                    return Vec::new();
                }
                hit::range_rects(galley, a - p.start, b - p.start)
                    .into_iter()
                    .map(|r| r.translate(origin.to_vec2()))
                    .collect()
            };
            // Find matches.
            for (k, &(s, e)) in input.matches.iter().enumerate() {
                if e <= p.start || s >= p.end {
                    continue;
                }
                let current = input.current_match == Some(k);
                for r in rects(s, e) {
                    let fill = if current {
                        Color32::from_rgb(255, 200, 0)
                    } else {
                        Color32::from_rgba_unmultiplied(255, 220, 0, 90)
                    };
                    painter.rect_filled(r.expand(1.0), 2.0, fill);
                }
            }
            // Spans in this paragraph, with a lane each so overlaps stay visible.
            let from = spans.partition_point(|s| s.start + longest < p.start);
            let mut here: Vec<&Span> = spans[from..]
                .iter()
                .take_while(|s| s.start <= p.end)
                .filter(|s| s.end > p.start && s.start < p.end.max(p.start + 1))
                .collect();
            here.sort_by(|a, b| {
                (a.start, std::cmp::Reverse(a.end)).cmp(&(b.start, std::cmp::Reverse(b.end)))
            });
            let mut lane_ends: Vec<usize> = Vec::new();
            let mut laned = Vec::with_capacity(here.len());
            for s in here {
                let lane = match lane_ends.iter().position(|&e| e <= s.start) {
                    Some(l) => {
                        lane_ends[l] = s.end;
                        l
                    }
                    None => {
                        lane_ends.push(s.end);
                        lane_ends.len() - 1
                    }
                };
                laned.push((s, lane));
            }
            for &(s, lane) in &laned {
                if lane == 0 {
                    let c = color_of(&s.label);
                    for r in rects(s.start, s.end) {
                        painter.rect_filled(
                            r,
                            2.0,
                            Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), fill_alpha),
                        );
                    }
                }
            }
            if let Some((a, b)) = selection {
                for r in rects(a, b) {
                    painter.rect_filled(r, 0.0, ui.visuals().selection.bg_fill.gamma_multiply(0.6));
                }
            }
            painter.galley(origin, galley.clone(), ui.visuals().text_color());
            let mut tag_right: Vec<(f32, f32)> = Vec::new();
            for &(s, lane) in &laned {
                let c = color_of(&s.label);
                let rs = rects(s.start, s.end);
                for r in &rs {
                    let y = r.max.y + 1.5 + 3.5 * lane as f32;
                    painter.line_segment(
                        [Pos2::new(r.min.x, y), Pos2::new(r.max.x, y)],
                        Stroke::new(2.5, c),
                    );
                }
                if sel.selected_span == Some(s.id) {
                    for r in &rs {
                        painter.rect_stroke(
                            r.expand(2.0),
                            3.0,
                            Stroke::new(2.0, ui.visuals().strong_text_color()),
                            egui::StrokeKind::Outside,
                        );
                    }
                }
                if s.start >= p.start {
                    if let Some(first) = rs.first() {
                        let mut x = first.min.x;
                        let y = first.min.y - tag_font.size - 3.0;
                        if let Some(&(_, right)) = tag_right
                            .iter()
                            .rev()
                            .find(|(ty, r)| (*ty - y).abs() < 1.0 && *r > x)
                        {
                            x = right + 3.0;
                        }
                        let tag = painter.text(
                            Pos2::new(x, y),
                            egui::Align2::LEFT_TOP,
                            &s.label,
                            tag_font.clone(),
                            c,
                        );
                        tag_right.push((y, tag.max.x));
                    }
                }
            }
            // Suggestions: dashed outline in the label color, no fill; red
            // when it conflicts with a span of the same label.
            // Suggestions are sorted by start, like spans: look only near
            // this paragraph, and check conflicts against its spans only.
            let from = suggestions.partition_point(|s| s.start + longest_suggestion < p.start);
            for sug in suggestions[from..].iter().take_while(|s| s.start <= p.end) {
                if sug.end <= p.start || sug.start >= p.end.max(p.start + 1) {
                    continue;
                }
                let is_selected = sel.selected_suggestion.as_ref() == Some(sug);
                if is_selected {
                    continue;
                }
                let conflict = laned.iter().any(|(x, _)| sug.conflicts_with(x));
                // A curation candidate: its annotators' colour and names.
                let who = crate::model::candidate_annotators(&sug.source);
                let c = match &who {
                    _ if conflict => Color32::from_rgb(220, 40, 40),
                    Some(names) => annotator_color(names.first().map_or("", String::as_str)),
                    None => color_of(&sug.label),
                };
                let rs = rects(sug.start, sug.end);
                for r in &rs {
                    dashed_rect(painter, r.expand(1.5), Stroke::new(1.5, c));
                }
                if let (Some(names), Some(first)) = (&who, rs.first()) {
                    if sug.start >= p.start {
                        painter.text(
                            Pos2::new(first.min.x, first.max.y + 1.0),
                            egui::Align2::LEFT_TOP,
                            format!("{}: {}", names.join("+"), sug.label),
                            tag_font.clone(),
                            c,
                        );
                    }
                }
            }
            if let Some((s0, e0, label)) = &sel.draft {
                let c = color_of(label);
                let rs = rects(*s0, *e0);
                for r in &rs {
                    painter.rect_filled(
                        *r,
                        2.0,
                        Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), fill_alpha / 2),
                    );
                    dashed_rect(painter, r.expand(2.0), Stroke::new(2.5, c));
                }
                if *s0 >= p.start {
                    if let Some(first) = rs.first() {
                        let y = first.min.y - tag_font.size - 3.0;
                        painter.text(
                            Pos2::new(first.min.x, y),
                            egui::Align2::LEFT_TOP,
                            format!("{label}?"),
                            tag_font.clone(),
                            c,
                        );
                    }
                }
            }
            // Caret.
            if (p.start..=p.end).contains(&sel.caret)
                && sel.selected_span.is_none()
                && sel.draft.is_none()
            {
                let r = hit::caret_rect(galley, sel.caret - p.start).translate(origin.to_vec2());
                let band = r.shrink2(Vec2::new(0.0, r.height() * 0.22));
                painter.rect_filled(
                    band.with_max_x(band.min.x + 1.5),
                    0.0,
                    ui.visuals().text_color(),
                );
            }
        }
    }
}

/// A colour per annotator (from the name, so the same on every machine):
/// one of eight hues distinct from each other in light and dark themes.
fn annotator_color(name: &str) -> Color32 {
    const PALETTE: [[u8; 3]; 8] = [
        [0, 114, 178],
        [213, 94, 0],
        [0, 158, 115],
        [204, 121, 167],
        [86, 180, 233],
        [230, 159, 0],
        [120, 94, 240],
        [100, 143, 60],
    ];
    let h = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    let [r, g, b] = PALETTE[(h % PALETTE.len() as u64) as usize];
    Color32::from_rgb(r, g, b)
}

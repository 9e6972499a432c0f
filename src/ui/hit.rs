//! Geometry between characters and screen positions in a laid-out paragraph
//! ([`egui::Galley`]). Positions are relative to the galley's top-left; char
//! indices count code points within the paragraph (one glyph per char).

use egui::{Galley, Pos2, Rect, Vec2};

/// The vertical band of a row where the glyphs are (a row may be taller than
/// its font when the layout adds line spacing).
fn text_band(row: &egui::epaint::text::PlacedRow) -> (f32, f32) {
    match row.glyphs.first() {
        Some(g) => {
            let top = row.pos.y + 0.5 * (g.line_height - g.font_height);
            (top, top + g.font_height)
        }
        None => (row.pos.y, row.pos.y + row.size.y),
    }
}

/// Rectangles (one per row) covering chars `start..end` of the paragraph.
pub fn range_rects(galley: &Galley, start: usize, end: usize) -> Vec<Rect> {
    let mut out = Vec::new();
    let mut row_start = 0;
    for row in &galley.rows {
        let n = row.glyphs.len();
        let (a, b) = (start.max(row_start), end.min(row_start + n));
        if a < b {
            let x0 = row.glyphs.get(a - row_start).map_or(0.0, |g| g.pos.x);
            let x1 = match row.glyphs.get(b - row_start) {
                Some(g) => g.pos.x,
                None => row.glyphs.last().map_or(x0, |g| g.max_x()),
            };
            let (y0, y1) = text_band(row);
            out.push(Rect::from_min_max(
                Pos2::new(row.pos.x + x0, y0),
                Pos2::new(row.pos.x + x1, y1),
            ));
        }
        row_start += n + usize::from(row.ends_with_newline);
    }
    out
}

/// The char whose glyph is under `pos`, if any.
pub fn char_at(galley: &Galley, pos: Vec2) -> Option<usize> {
    let mut row_start = 0;
    for row in &galley.rows {
        let r = row.rect();
        if pos.y >= r.min.y && pos.y < r.max.y {
            let x = pos.x - row.pos.x;
            return row
                .glyphs
                .iter()
                .position(|g| x >= g.pos.x && x < g.max_x())
                .map(|i| row_start + i);
        }
        row_start += row.glyphs.len() + usize::from(row.ends_with_newline);
    }
    None
}

/// The char boundary nearest to `pos` (where a caret would go).
pub fn boundary_at(galley: &Galley, pos: Vec2) -> usize {
    galley.cursor_from_pos(pos).index.0
}

/// The caret rectangle before char `c` (thin, glyph height).
pub fn caret_rect(galley: &Galley, c: usize) -> Rect {
    let r = galley.pos_from_cursor(egui::text::CCursor::new(c));
    r.with_max_x(r.min.x + 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::text::LayoutJob;
    use egui::{Color32, FontId, TextFormat};
    use std::sync::Arc;

    fn layout(text: &str, width: f32) -> Arc<Galley> {
        let ctx = egui::Context::default();
        super::super::install_fonts(&ctx);
        let mut galley = None;
        // Fonts load during the first pass; lay out in the second.
        for _ in 0..2 {
            let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
                let mut job = LayoutJob::single_section(
                    text.to_owned(),
                    TextFormat {
                        font_id: FontId::proportional(16.0),
                        color: Color32::BLACK,
                        line_height: Some(32.0),
                        ..Default::default()
                    },
                );
                job.wrap.max_width = width;
                galley = Some(ui.fonts_mut(|f| f.layout_job(job)));
            });
            // No renderer here to upload the font atlas to.
            output.textures_delta.clear();
        }
        galley.unwrap()
    }

    const TEXT: &str = "Đồng chí Nguyễn Quốc Đoàn, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy 😀";

    #[test]
    fn one_glyph_per_char() {
        let g = layout(TEXT, 200.0);
        assert!(g.rows.len() > 1, "wraps");
        let glyphs: usize = g.rows.iter().map(|r| r.glyphs.len()).sum();
        assert_eq!(glyphs, TEXT.chars().count());
    }

    #[test]
    fn pointer_on_each_glyph_hits_that_char() {
        let g = layout(TEXT, 200.0);
        for c in 0..TEXT.chars().count() {
            let rects = range_rects(&g, c, c + 1);
            assert_eq!(rects.len(), 1);
            let r = rects[0];
            if r.width() < 1.0 {
                continue;
            }
            assert_eq!(char_at(&g, r.center().to_vec2()), Some(c), "char {c}");
            // Left edge is the boundary before it, right edge the one after.
            assert_eq!(
                boundary_at(&g, (r.left_center() + Vec2::new(0.5, 0.0)).to_vec2()),
                c
            );
            assert_eq!(
                boundary_at(&g, (r.right_center() - Vec2::new(0.5, 0.0)).to_vec2()),
                c + 1
            );
        }
    }

    #[test]
    fn name_rects_cover_the_name_and_wrapped_ranges_split_per_row() {
        let g = layout(TEXT, 320.0);
        assert!(g.rows.len() > 1, "wraps");
        let name = range_rects(&g, 9, 25);
        assert_eq!(name.len(), 1);
        assert_eq!(
            char_at(&g, name[0].left_center().to_vec2() + Vec2::new(1.0, 0.0)),
            Some(9)
        );
        assert_eq!(
            char_at(&g, name[0].right_center().to_vec2() - Vec2::new(1.0, 0.0)),
            Some(24)
        );
        let all = range_rects(&g, 0, TEXT.chars().count());
        assert_eq!(all.len(), g.rows.len());
        // Text band sits inside the taller row, centred.
        assert!(all[0].height() < 32.0 && all[0].min.y > 0.0);
        assert_eq!(char_at(&g, Vec2::new(5000.0, 5.0)), None);
    }
}

//! Where relation arcs go in a paragraph, as plain data (no painting): each
//! arc piece lives in one visual row and is stacked in a level above that
//! row, brat's way. A piece occupies the horizontal interval from its
//! leftmost to its rightmost point, its label included; pieces in one row
//! and one level never share any part of their intervals, so no label sits
//! on another label. Narrow pieces go low, wide ones high, so an arc that
//! spans another is drawn above it.
//!
//! Units: x in points from the left edge of the text column (the galley's
//! x), levels counted from 0 (the lowest, just above the label tags).

/// How a piece runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Course {
    /// Both ends in this row: from `from` up, across, and down onto `to`
    /// (the arrowhead).
    Full {
        /// x of the start end.
        from: f32,
        /// x of the end end.
        to: f32,
    },
    /// One end in this row, the other in another row (of this paragraph,
    /// another paragraph, or off screen): from `at` up and across to the
    /// right edge when the other end comes later in the text, to the left
    /// edge when it came earlier.
    Half {
        /// x of the end in this row.
        at: f32,
        /// Whether the other end comes later in the text.
        later: bool,
        /// Whether the end in this row is the relation's target (it gets the
        /// arrowhead).
        target: bool,
    },
}

/// One arc piece to place.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// Index of the arc (relation or suggestion) it draws, for the painter.
    pub arc: usize,
    /// Visual row of the paragraph.
    pub row: usize,
    /// How it runs.
    pub course: Course,
    /// Width of its label in points.
    pub label_width: f32,
    /// Left x of its label (set by [`stack`]).
    pub label_x: f32,
    /// Its level above the row (set by [`stack`]).
    pub level: usize,
}

impl Piece {
    /// A piece not placed yet.
    pub fn new(arc: usize, row: usize, course: Course, label_width: f32) -> Self {
        Self {
            arc,
            row,
            course,
            label_width,
            label_x: 0.0,
            level: 0,
        }
    }

    /// The interval it occupies (label included) once its label is placed.
    pub fn extent(&self, right_edge: f32) -> (f32, f32) {
        let (a, b) = match self.course {
            Course::Full { from, to } => (from.min(to), from.max(to)),
            Course::Half { at, later, .. } => {
                if later {
                    (at, right_edge)
                } else {
                    (0.0, at)
                }
            }
        };
        (a.min(self.label_x), b.max(self.label_x + self.label_width))
    }
}

/// Gap kept between pieces of one level, in points.
pub const GAP: f32 = 4.0;

/// Places labels and assigns levels to `pieces` in a text column `width`
/// points wide. Returns, per row (`rows` of them), how many levels it uses.
pub fn stack(pieces: &mut [Piece], rows: usize, width: f32) -> Vec<usize> {
    for p in pieces.iter_mut() {
        let w = p.label_width;
        let x = match p.course {
            Course::Full { from, to } => (from + to) / 2.0 - w / 2.0,
            // Beside the leg, on the side the piece runs to.
            Course::Half { at, later, .. } => {
                if later {
                    at + GAP
                } else {
                    at - GAP - w
                }
            }
        };
        p.label_x = x.min(width - w).max(0.0);
    }
    // Narrow first (they go low), then left to right: deterministic.
    let mut order: Vec<usize> = (0..pieces.len()).collect();
    order.sort_by(|&i, &j| {
        let (a0, a1) = pieces[i].extent(width);
        let (b0, b1) = pieces[j].extent(width);
        (a1 - a0)
            .total_cmp(&(b1 - b0))
            .then(a0.total_cmp(&b0))
            .then(i.cmp(&j))
    });
    let mut levels = vec![0; rows];
    // Per row and level: the intervals taken.
    let mut taken: Vec<Vec<Vec<(f32, f32)>>> = vec![Vec::new(); rows];
    for i in order {
        let row = pieces[i].row;
        let Some(row_levels) = taken.get_mut(row) else {
            continue;
        };
        let (x0, x1) = pieces[i].extent(width);
        let level = row_levels
            .iter()
            .position(|used| !used.iter().any(|&(a, b)| a < x1 + GAP && x0 < b + GAP))
            .unwrap_or(row_levels.len());
        if level == row_levels.len() {
            row_levels.push(Vec::new());
        }
        row_levels[level].push((x0, x1));
        pieces[i].level = level;
        levels[row] = levels[row].max(level + 1);
    }
    levels
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(arc: usize, row: usize, from: f32, to: f32) -> Piece {
        Piece::new(arc, row, Course::Full { from, to }, 30.0)
    }

    fn half(arc: usize, row: usize, at: f32, later: bool) -> Piece {
        Piece::new(
            arc,
            row,
            Course::Half {
                at,
                later,
                target: !later,
            },
            40.0,
        )
    }

    /// No two pieces of one row and level overlap (labels included), and
    /// every label lies in the text column.
    fn assert_apart(pieces: &[Piece], width: f32) {
        for (i, p) in pieces.iter().enumerate() {
            assert!(
                p.label_x >= 0.0 && p.label_x + p.label_width <= width,
                "{p:?}"
            );
            for q in &pieces[i + 1..] {
                if p.row == q.row && p.level == q.level {
                    let (a0, a1) = p.extent(width);
                    let (b0, b1) = q.extent(width);
                    assert!(a1 <= b0 || b1 <= a0, "{p:?} overlaps {q:?}");
                }
            }
        }
    }

    #[test]
    fn a_wide_arc_goes_above_the_narrow_ones_it_spans() {
        let mut ps = vec![
            full(0, 0, 10.0, 400.0),
            full(1, 0, 10.0, 150.0),
            full(2, 0, 200.0, 390.0),
        ];
        let levels = stack(&mut ps, 1, 800.0);
        assert_eq!(levels, [2]);
        assert_eq!(ps[1].level, 0);
        assert_eq!(ps[2].level, 0);
        assert_eq!(ps[0].level, 1);
        assert_apart(&ps, 800.0);
    }

    #[test]
    fn rows_are_stacked_apart_and_rows_without_arcs_use_no_level() {
        let mut ps = vec![full(0, 0, 10.0, 100.0), full(1, 2, 10.0, 100.0)];
        assert_eq!(stack(&mut ps, 3, 800.0), [1, 0, 1]);
        assert_eq!((ps[0].level, ps[1].level), (0, 0));
    }

    #[test]
    fn halves_run_to_the_edge_toward_the_other_end() {
        let mut ps = vec![half(0, 0, 700.0, true), half(1, 0, 50.0, false)];
        stack(&mut ps, 1, 800.0);
        // The label fits in the column even next to the right edge.
        assert!(ps[0].label_x + 40.0 <= 800.0);
        assert_eq!(ps[0].extent(800.0).1, 800.0);
        assert_eq!(ps[1].extent(800.0).0, 0.0);
        // Disjoint (700..800 and 0..50): both on the lowest level.
        assert_eq!((ps[0].level, ps[1].level), (0, 0));
        assert_apart(&ps, 800.0);
    }

    #[test]
    fn labels_of_short_arcs_are_kept_apart() {
        // Two arcs between neighbours whose labels are wider than the arcs.
        let mut ps = vec![full(0, 0, 100.0, 110.0), full(1, 0, 115.0, 125.0)];
        stack(&mut ps, 1, 800.0);
        assert_ne!(ps[0].level, ps[1].level);
        assert_apart(&ps, 800.0);
    }

    #[test]
    fn many_pieces_never_overlap() {
        // A fixed pseudo-random set: several rows, all kinds of pieces.
        let mut seed = 7u64;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        let mut ps = Vec::new();
        for arc in 0..200 {
            let row = next(6) as usize;
            let a = next(800) as f32;
            let b = next(800) as f32;
            ps.push(match next(3) {
                0 => full(arc, row, a, b),
                1 => half(arc, row, a, true),
                _ => half(arc, row, a, false),
            });
        }
        let levels = stack(&mut ps, 6, 800.0);
        assert_apart(&ps, 800.0);
        for p in &ps {
            assert!(p.level < levels[p.row]);
        }
    }
}

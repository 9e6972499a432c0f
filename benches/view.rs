//! Frame time of the real article view, headless (no GPU): each frame runs
//! `egui::Context::run_ui` with the view in a central panel, then
//! `tessellate`, while a mouse wheel scrolls through the article.
//!
//! Run: `cargo bench --bench view`. Prints the median / p95 / max CPU time per
//! frame for a 1 MB article with 20,000 spans, for a 10 KB article, and for
//! the 1 MB article with about 12,000 relations drawn as arcs.

use egui::{Event, MouseWheelUnit, Pos2, RawInput, Rect, Vec2};
use gloss::model::{default_labels, Document, Origin};
use gloss::ui::{install_fonts, ArticleView, ViewInput};
use std::time::Instant;

/// The sample article repeated to `bytes`, with `spans` spans on its tokens
/// (single tokens, plus every fifth a three-token span of another label
/// overlapping it).
fn article(bytes: usize, spans: usize) -> Document {
    let sample = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/langson-2023.marked.txt"
    ))
    .expect("sample fixture");
    let (one, _) = gloss::text::markup::parse(&sample).expect("fixture parses");
    let mut text = String::new();
    while text.len() < bytes {
        text.push_str(&one);
        text.push('\n');
    }
    let cut = (0..=bytes.min(text.len()))
        .rev()
        .find(|&b| text.is_char_boundary(b))
        .unwrap_or(0);
    text.truncate(cut);
    let mut doc = Document::new("bench", &text);
    let labels = default_labels();
    let tokens: Vec<_> = gloss::text::tokenize(&text)
        .into_iter()
        .filter(|t| t.text(&text).chars().all(char::is_alphanumeric))
        .collect();
    let step = (tokens.len() / spans.max(1)).max(5);
    let mut id = 1;
    for (k, i) in (0..tokens.len()).step_by(step).enumerate() {
        if doc.spans.len() >= spans {
            break;
        }
        let label = &labels[k % 4].name;
        let t = tokens[i];
        let mut ranges = vec![(t.start, t.end, label.clone())];
        if k % 5 == 0 && i + 2 < tokens.len() && doc.spans.len() + 1 < spans {
            ranges.push((t.start, tokens[i + 2].end, labels[(k + 1) % 4].name.clone()));
        }
        for (start, end, label) in ranges {
            let span = gloss::edit::make_span(&doc, start, end, &label, Origin::Manual)
                .expect("valid span");
            doc.spans.push(gloss::model::Span { id, ..span });
            id += 1;
        }
    }
    // Open suggestions on a quarter as many other tokens, drawn dashed.
    for t in tokens.iter().skip(3).step_by(step * 4).take(spans / 4) {
        let text = t.text(&doc.text).to_owned();
        doc.suggestions.push(gloss::model::Suggestion {
            start: t.start,
            end: t.end,
            label: labels[0].name.clone(),
            text,
            source: "bench".into(),
            score: 0.5,
        });
    }
    doc.sort_spans();
    doc
}

/// `doc` with relations drawn as arcs: every span linked to the next one
/// (mostly in the same row), every tenth also to the span six further on
/// (often in another row or paragraph).
fn with_relations(mut doc: Document) -> Document {
    let ids: Vec<u64> = doc.spans.iter().map(|s| s.id).collect();
    let mut id = 1;
    for (k, pair) in ids.windows(7).enumerate().step_by(2) {
        let mut add = |label: &str, from: u64, to: u64| {
            doc.relations.push(gloss::model::Relation {
                id,
                label: label.into(),
                from,
                to,
                origin: Origin::Manual,
                note: String::new(),
            });
            id += 1;
        };
        add("holds", pair[0], pair[1]);
        if k % 10 == 0 {
            add("reported-by", pair[0], pair[6]);
        }
    }
    doc
}

struct Stats {
    first_ms: f64,
    median_ms: f64,
    p95_ms: f64,
    max_ms: f64,
}

/// Runs `frames` frames; `sweep` scrolls down all the time (always into text
/// not laid out yet), otherwise the wheel goes 30 frames down, 30 up.
fn run(doc: &Document, frames: usize, sweep: bool) -> Stats {
    let labels = default_labels();
    let ctx = egui::Context::default();
    install_fonts(&ctx);
    let mut view = ArticleView::default();
    let mut selection = gloss::model::Selection::at_start(&doc.id);
    let screen = Rect::from_min_size(Pos2::ZERO, Vec2::new(1000.0, 800.0));
    let mut times = Vec::with_capacity(frames);
    let mut first_ms = 0.0;
    for f in 0..frames + 1 {
        let mut input = RawInput {
            screen_rect: Some(screen),
            time: Some(f as f64 / 60.0),
            ..Default::default()
        };
        input
            .events
            .push(Event::PointerMoved(Pos2::new(500.0, 400.0)));
        if f > 0 {
            input.events.push(Event::MouseWheel {
                unit: MouseWheelUnit::Point,
                delta: Vec2::new(
                    0.0,
                    if sweep || (f / 30) % 2 == 0 {
                        -90.0
                    } else {
                        90.0
                    },
                ),
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Unknown,
                modifiers: egui::Modifiers::NONE,
            });
        }
        let started = Instant::now();
        let mut output = ctx.run_ui(input, |ui| {
            egui::CentralPanel::default().show(ui, |ui| {
                let input = ViewInput {
                    doc,
                    labels: &labels,
                    relation_types: &[],
                    sticky: None,
                    matches: &[],
                    current_match: None,
                    font_size: 17.0,
                    width: ui.available_width(),
                    revision: 0,
                };
                let _ = view.ui(ui, &input, &mut selection);
            });
        });
        // No renderer to upload textures to: drop the atlas updates on purpose.
        output.textures_delta.clear();
        let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
        std::hint::black_box(primitives);
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        if f == 0 {
            first_ms = ms;
        } else {
            times.push(ms);
        }
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    Stats {
        first_ms,
        median_ms: at(0.5),
        p95_ms: at(0.95),
        max_ms: at(1.0),
    }
}

fn main() {
    let frames = std::env::var("FRAMES")
        .ok()
        .and_then(|f| f.parse().ok())
        .unwrap_or(600);
    let big = article(1_000_000, 20_000);
    let small = article(10_000, 200);
    println!(
        "articles: big {} bytes / {} spans / {} suggestions, small {} bytes / {} spans / {} suggestions; {frames} frames each, wheel 90 pt/frame",
        big.text.len(),
        big.spans.len(),
        big.suggestions.len(),
        small.text.len(),
        small.spans.len(),
        small.suggestions.len()
    );
    let b = run(&big, frames, false);
    let s = run(&small, frames, false);
    let sweep = run(&big, frames, true);
    let big = with_relations(big);
    println!(
        "with relations: {} relations on the big article",
        big.relations.len()
    );
    let arcs = run(&big, frames, false);
    let arcs_sweep = run(&big, frames, true);
    for (name, st) in [
        ("1 MB, wheel down and up", &b),
        ("10 KB, wheel down and up", &s),
        ("1 MB, sweep into new text", &sweep),
        ("1 MB + arcs, down and up", &arcs),
        ("1 MB + arcs, sweep", &arcs_sweep),
    ] {
        println!(
            "{name:<26}: first frame {:.2} ms, median {:.3} ms, p95 {:.3} ms, max {:.3} ms",
            st.first_ms, st.median_ms, st.p95_ms, st.max_ms
        );
    }
    println!(
        "ratio of medians 1 MB / 10 KB (same scrolling): {:.2}",
        b.median_ms / s.median_ms
    );
}

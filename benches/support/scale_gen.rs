//! The generated projects of `benches/scale.rs` (also used by
//! `examples/scale-project.rs`): the sample article varied per document, a
//! numbered paragraph with a person and a figure appended, 41 spans and 2
//! suggestions each.

use gloss::model::{Document, Origin, Span, Suggestion};
use gloss::store::ProjectDir;
use std::path::Path;

/// The bundled sample project's first document.
pub fn sample() -> Document {
    let (p, _) = ProjectDir::load(&gloss::cli::sample_project()).expect("sample project loads");
    p.documents
        .into_iter()
        .next()
        .expect("sample has a document")
}

/// The sample article with a paragraph of its own appended: a person, a
/// figure, and two suggestions on them.
pub fn varied(base: &Document, i: usize) -> Document {
    let extra = format!(
        "\n\nTin số {i}: ông Nguyễn Văn Hùng {i} cho biết tổng thu ngân sách đạt {} tỷ đồng.",
        1000 + i
    );
    let mut d = base.clone();
    d.id = format!("tin-{i:05}");
    d.text.push_str(&extra);
    d.title = format!("{} ({i})", base.title);
    let start = d.char_len() - extra.chars().count();
    let find = |needle: &str| {
        let at = d.text[d.text.len() - extra.len()..]
            .find(needle)
            .expect("needle in extra");
        let chars_before = d.text[d.text.len() - extra.len()..][..at].chars().count();
        (
            start + chars_before,
            start + chars_before + needle.chars().count(),
        )
    };
    let name = format!("Nguyễn Văn Hùng {i}");
    let (ps, pe) = find(&name);
    let figure = format!("tổng thu ngân sách đạt {} tỷ đồng", 1000 + i);
    let (ms, me) = find(&figure);
    let id = d.next_span_id();
    d.spans.push(Span {
        id,
        ..gloss::edit::make_span(&d, ps, pe, "person", Origin::Manual).expect("span")
    });
    for (s, e, label) in [(ps, pe, "position"), (ms, me, "metric")] {
        d.suggestions.push(Suggestion {
            start: s,
            end: e,
            label: label.into(),
            text: d.slice(s, e).expect("in range").into(),
            source: "rules-vi".into(),
            score: 0.7,
        });
    }
    d.sort_spans();
    d
}

pub fn generate(dir: &Path, n: usize) -> u64 {
    let base = sample();
    let (mut project, mut store) =
        ProjectDir::create(dir, "scale", gloss::model::default_labels()).expect("create");
    project.documents = (0..n).map(|i| varied(&base, i)).collect();
    store.save(&project).expect("save");
    project.documents.iter().map(|d| d.text.len() as u64).sum()
}

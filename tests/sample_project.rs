//! The bundled sample project is complete, valid and follows the guidelines.

mod common;

use gloss::model::Status;
use gloss::store::ProjectDir;
use gloss::text::markup;

#[test]
fn sample_matches_the_hand_annotated_fixture() {
    let (project, _) = ProjectDir::load(&common::sample()).unwrap();
    assert_eq!(project.documents.len(), 1);
    let doc = &project.documents[0];
    assert_eq!(doc.status, Status::Done);
    let article = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/langson-2023.marked.txt"
    ))
    .unwrap();
    let (text, marked) = markup::parse(&article).unwrap();
    assert_eq!(doc.text, text);
    let got: Vec<(usize, usize, &str)> = doc
        .spans
        .iter()
        .map(|s| (s.start, s.end, s.label.as_str()))
        .collect();
    let want: Vec<(usize, usize, &str)> = marked
        .iter()
        .map(|m| (m.start, m.end, m.label.as_str()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn sample_spans_follow_the_general_rules() {
    let (project, _) = ProjectDir::load(&common::sample()).unwrap();
    for s in &project.documents[0].spans {
        let bad = |c: char| c.is_whitespace() || ",;.–(".contains(c);
        assert!(
            !s.text.starts_with(bad) && !s.text.ends_with(bad),
            "{:?}",
            s.text
        );
        if s.label == "person" {
            for honorific in ["ông ", "bà ", "đồng chí ", "Đồng chí "] {
                assert!(!s.text.starts_with(honorific), "{:?}", s.text);
            }
        }
        if s.label == "position" {
            assert!(!s.text.starts_with("nguyên "), "{:?}", s.text);
        }
    }
    let count = |l: &str| {
        project.documents[0]
            .spans
            .iter()
            .filter(|s| s.label == l)
            .count()
    };
    assert_eq!(
        (
            count("person"),
            count("position"),
            count("target"),
            count("metric")
        ),
        (9, 18, 6, 7)
    );
}

#[test]
fn guidelines_ship_with_the_project() {
    let g = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/GUIDELINES.md"))
        .unwrap();
    for label in ["person", "position", "target", "metric"] {
        assert!(g.contains(&format!("## {label}")), "{label}");
    }
}

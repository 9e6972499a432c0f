//! The document list on a project of many documents: only the rows in view
//! exist, a row shows its document's title and counts and opens it when
//! clicked, and an edit shows up in its row (rows are cached per revision).

mod common;

use common::gui::harness;

use egui::{Event, MouseWheelUnit, Vec2};
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use gloss::model::Document;
use gloss::store::ProjectDir;
use gloss::ui::GlossApp;
use std::path::PathBuf;

fn project(n: usize) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let (mut project, mut store) =
        ProjectDir::create(&dir, "p", gloss::model::default_labels()).unwrap();
    for i in 0..n {
        let mut d = Document::new(&format!("d{i:04}"), &format!("Tin số {i}: ông Hùng nói."));
        d.title = format!("Bài {i:04}");
        project.documents.push(d);
    }
    store.save(&project).unwrap();
    (tmp, dir)
}

fn rows(h: &Harness<'_, GlossApp>) -> usize {
    h.query_all_by_label_contains("○ Bài ").count()
}

#[test]
fn only_rows_in_view_exist_and_a_click_opens_one() {
    let (_tmp, dir) = project(2000);
    let mut h = harness(&dir);
    let shown = rows(&h);
    assert!((10..100).contains(&shown), "{shown} rows drawn");
    // Title only: d0003 has not been read (the project opens index first)
    // and no cache knows its counts.
    h.get_by_label_contains("○ Bài 0003").click();
    h.run_steps(2);
    assert_eq!(h.state().document().unwrap().id, "d0003");
    // Scrolling the list far down shows rows that were never drawn.
    assert!(h.query_by_label_contains("Bài 0400").is_none());
    for _ in 0..200 {
        h.hover_at(egui::pos2(100.0, 400.0));
        h.event(Event::MouseWheel {
            unit: MouseWheelUnit::Point,
            delta: Vec2::new(0.0, -100.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        });
        h.step();
    }
    h.run_steps(2);
    assert!(h.query_by_label_contains("Bài 0400").is_none());
    assert!(rows(&h) < 100);
    assert!(
        h.query_all_by_label_contains("○ Bài 08").count() > 5,
        "the list scrolled to about row 800"
    );
}

#[test]
fn an_edit_shows_in_its_row() {
    let (_tmp, dir) = project(50);
    let mut h = harness(&dir);
    h.get_by_label("○ Bài 0000 0");
    // A span in the open document (d0000): "Hùng".
    let start = "Tin số 0: ông ".chars().count();
    let len = h.state().document().unwrap().char_len();
    h.state_mut()
        .selection_mut()
        .unwrap()
        .select_range(start, start + 4, len);
    h.key_press(egui::Key::Num1);
    h.run_steps(2);
    assert_eq!(h.state().document().unwrap().spans.len(), 1);
    h.get_by_label("◐ Bài 0000 1");
    assert!(h.query_by_label("○ Bài 0000 0").is_none());
}

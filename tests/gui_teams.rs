//! Curation in the real app (egui_kittest): Ctrl+U shows the annotators'
//! spans the gold layer lacks as candidates; Alt+T takes the one under the
//! caret, Alt+Shift+T all of its annotator's, Alt+X drops one; Ctrl+Z undoes
//! each; the document is curated (done) when none is left. Candidates are
//! never written to docs/. An annotator sees their documents and name.

mod common;

use egui::{Key, Modifiers, Vec2};
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use gloss::model::{default_labels, Document, Origin, Status};
use gloss::store::{ProjectDir, Workspace};
use gloss::ui::GlossApp;
use std::path::{Path, PathBuf};

const TEXT: &str = "Tin ngắn\nÔng Lê Văn Tám, Chủ tịch UBND tỉnh, cho biết tăng trưởng đạt 7%.";
// "Lê Văn Tám" 13..23, "Chủ tịch UBND tỉnh" 25..43, "tăng trưởng đạt 7%" 54..72.

fn annotate(dir: &Path, who: &str, spans: &[(usize, usize, &str)]) {
    let mut ws = Workspace::open_as(dir, Some(who)).unwrap();
    let doc = ws.project.document("d1").unwrap().clone();
    let mut edits = Vec::new();
    for (id, (s, e, l)) in (1..).zip(spans) {
        let mut span = gloss::edit::make_span(&doc, *s, *e, l, Origin::Manual).unwrap();
        span.id = id;
        edits.push(gloss::edit::Edit::AddSpan {
            doc: "d1".into(),
            span,
        });
    }
    ws.apply(gloss::edit::Transaction {
        name: "a".into(),
        edits,
    })
    .unwrap();
    ws.save().unwrap();
}

/// Gold d1 has the person; an adds the position, binh the position and the
/// metric; d2 is assigned to binh only.
fn project() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let (mut project, mut store) = ProjectDir::create(&dir, "p", default_labels()).unwrap();
    let mut d1 = Document::new("d1", TEXT);
    d1.spans
        .push(gloss::edit::make_span(&d1, 13, 23, "person", Origin::Manual).unwrap());
    d1.spans[0].id = 1;
    project.documents.push(d1);
    project.documents.push(Document::new("d2", TEXT));
    project.annotators = vec!["an".into(), "binh".into()];
    project
        .assignments
        .insert("d1".into(), vec!["an".into(), "binh".into()]);
    project.assignments.insert("d2".into(), vec!["binh".into()]);
    store.save(&project).unwrap();
    annotate(&dir, "an", &[(13, 23, "person"), (25, 43, "position")]);
    annotate(
        &dir,
        "binh",
        &[(13, 23, "person"), (25, 43, "position"), (54, 72, "metric")],
    );
    (tmp, dir)
}

/// The app on `dir`, with "who is annotating?" still open.
fn harness_asked(dir: &Path) -> Harness<'static, GlossApp> {
    common::gui::harness(dir)
}

/// The app on `dir` as the curator (C answers the question).
fn harness(dir: &Path) -> Harness<'static, GlossApp> {
    let mut h = harness_asked(dir);
    h.key_press(Key::C);
    h.run_steps(3);
    h
}

fn key_mod(h: &mut Harness<'_, GlossApp>, m: Modifiers, k: Key) {
    h.key_press_modifiers(m, k);
    h.run_steps(2);
}

fn gold(h: &Harness<'_, GlossApp>) -> Vec<(usize, usize, String, Origin)> {
    h.state()
        .document()
        .unwrap()
        .spans
        .iter()
        .map(|s| (s.start, s.end, s.label.clone(), s.origin.clone()))
        .collect()
}

fn candidates(h: &Harness<'_, GlossApp>) -> Vec<(usize, String)> {
    h.state()
        .session()
        .unwrap()
        .open_candidates()
        .iter()
        .map(|s| (s.start, s.source.clone()))
        .collect()
}

fn caret(h: &mut Harness<'_, GlossApp>, c: usize) {
    let s = h.state_mut().selection_mut().unwrap();
    s.clear_suggestion();
    s.caret = c;
    h.run_steps(1);
}

const ALT_SHIFT: Modifiers = Modifiers {
    alt: true,
    ctrl: false,
    shift: true,
    mac_cmd: false,
    command: false,
};

#[test]
fn curation_keys_take_take_all_drop_and_undo() {
    let (_tmp, dir) = project();
    let mut h = harness(&dir);
    assert_eq!(gold(&h).len(), 1);
    key_mod(&mut h, Modifiers::COMMAND, Key::U);
    assert_eq!(
        candidates(&h),
        vec![
            (25, "annotator:an+binh".into()),
            (54, "annotator:binh".into())
        ]
    );
    // Take the position (both annotators) at the caret.
    caret(&mut h, 30);
    key_mod(&mut h, Modifiers::ALT, Key::T);
    assert_eq!(gold(&h).len(), 2);
    assert_eq!(
        gold(&h)[1].3,
        Origin::Curated {
            from: vec!["an".into(), "binh".into()]
        }
    );
    assert_eq!(candidates(&h).len(), 1);
    // Undo gives the candidate back; redo takes it again.
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(gold(&h).len(), 1);
    assert_eq!(candidates(&h).len(), 2);
    // Drop the metric: not taken, and the document is not done yet.
    caret(&mut h, 60);
    key_mod(&mut h, Modifiers::ALT, Key::X);
    assert_eq!(candidates(&h), vec![(25, "annotator:an+binh".into())]);
    assert_ne!(h.state().document().unwrap().status, Status::Done);
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(candidates(&h).len(), 2);
    // Take all of binh's: both; none left, so the document is curated.
    caret(&mut h, 60);
    key_mod(&mut h, ALT_SHIFT, Key::T);
    assert_eq!(gold(&h).len(), 3);
    assert!(candidates(&h).is_empty());
    assert_eq!(h.state().document().unwrap().status, Status::Done);
    // One undo step takes it all back.
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(gold(&h).len(), 1);
    assert_eq!(candidates(&h).len(), 2);
    assert_ne!(h.state().document().unwrap().status, Status::Done);
    key_mod(&mut h, Modifiers::COMMAND, Key::Y);
    assert_eq!(gold(&h).len(), 3);
    // Saved: the gold layer has the curated spans and no candidate.
    key_mod(&mut h, Modifiers::COMMAND, Key::S);
    wait_saved(&mut h);
    let file = std::fs::read_to_string(dir.join("docs/d1.ron")).unwrap();
    assert!(
        file.contains("Curated(") && !file.contains("annotator:"),
        "{file}"
    );
    let (p, _) = ProjectDir::load(&dir).unwrap();
    assert_eq!(p.documents[0].spans.len(), 3);
    assert_eq!(p.documents[0].status, Status::Done);
}

#[test]
fn dropped_candidates_stay_dropped_and_candidates_are_never_saved() {
    let (_tmp, dir) = project();
    let mut h = harness(&dir);
    key_mod(&mut h, Modifiers::COMMAND, Key::U);
    caret(&mut h, 60);
    key_mod(&mut h, Modifiers::ALT, Key::X);
    key_mod(&mut h, Modifiers::COMMAND, Key::S);
    wait_saved(&mut h);
    let file = std::fs::read_to_string(dir.join("docs/d1.ron")).unwrap();
    // The open candidate is not stored; the curator's drop is.
    assert_eq!(file.matches("annotator:").count(), 1, "{file}");
    drop(h);
    let mut h = harness(&dir);
    key_mod(&mut h, Modifiers::COMMAND, Key::U);
    assert_eq!(candidates(&h), vec![(25, "annotator:an+binh".into())]);
}

#[test]
fn an_annotator_sees_their_documents_their_layer_and_cannot_curate() {
    let (_tmp, dir) = project();
    let d = dir.clone();
    let mut h = Harness::builder()
        .with_size(Vec2::new(1280.0, 800.0))
        .with_context_setup(gloss::ui::install_fonts)
        .build_eframe(move |cc| GlossApp::new_as(cc, Some(&d), Some("an")));
    h.run_steps(4);
    assert_eq!(h.state().workspace().unwrap().annotator(), Some("an"));
    // an's layer: person and position, not the gold layer.
    assert_eq!(gold(&h).len(), 2);
    assert_eq!(h.state().session().unwrap().my_documents(), vec![0]);
    key_mod(&mut h, Modifiers::COMMAND, Key::U);
    assert!(candidates(&h).is_empty());
    assert_eq!(
        h.state()
            .settings()
            .annotators
            .get(&dir)
            .map(String::as_str),
        Some("an")
    );
}

#[test]
fn a_team_project_opened_without_a_name_asks_who_is_annotating() {
    let (_tmp, dir) = project();
    let mut h = harness_asked(&dir);
    // Asked; until answered the gold layer is open and keys go to the question.
    assert!(h.state().workspace().unwrap().annotator().is_none());
    h.key_press(Key::Num2);
    h.run_steps(3);
    assert_eq!(h.state().workspace().unwrap().annotator(), Some("binh"));
    assert_eq!(gold(&h).len(), 3);
    assert_eq!(
        h.state()
            .settings()
            .annotators
            .get(&dir)
            .map(String::as_str),
        Some("binh")
    );
    // C: the curator, remembered as such.
    let mut h = harness_asked(&dir);
    h.key_press(Key::C);
    h.run_steps(3);
    assert!(h.state().workspace().unwrap().annotator().is_none());
    assert_eq!(
        h.state()
            .settings()
            .annotators
            .get(&dir)
            .map(String::as_str),
        Some("")
    );
}

/// Saves are written by a background thread: waits until it is done.
fn wait_saved(h: &mut Harness<'_, GlossApp>) {
    for _ in 0..1000 {
        if !h.state().is_saving() {
            h.run_steps(1);
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.run_steps(1);
    }
    panic!("the save never finished");
}

/// Marks d1 done in `who`'s layer.
fn mark_done(dir: &Path, who: &str) {
    let mut ws = Workspace::open_as(dir, Some(who)).unwrap();
    let from = ws.project.document("d1").unwrap().status;
    ws.apply(gloss::edit::Transaction {
        name: "done".into(),
        edits: vec![gloss::edit::Edit::SetStatus {
            doc: "d1".into(),
            from,
            to: Status::Done,
        }],
    })
    .unwrap();
    ws.save().unwrap();
}

#[test]
fn merge_keys_prefill_the_gold_layer_and_undo_in_one_step() {
    let (_tmp, dir) = project();
    // Nothing is merged while the annotators have not marked d1 done.
    let mut h = harness(&dir);
    key_mod(&mut h, CTRL_SHIFT, Key::U);
    assert_eq!(gold(&h).len(), 1);
    drop(h);
    mark_done(&dir, "an");
    mark_done(&dir, "binh");
    let mut h = harness(&dir);
    // Unanimous: the position both agree on (the person is gold already);
    // binh's metric alone is not taken.
    key_mod(&mut h, CTRL_SHIFT, Key::U);
    let spans = gold(&h);
    assert_eq!(spans.len(), 2, "{spans:?}");
    assert_eq!(
        (spans[1].0, spans[1].1, spans[1].2.as_str()),
        (25, 43, "position")
    );
    assert!(matches!(spans[1].3, Origin::Curated { .. }), "{spans:?}");
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(gold(&h).len(), 1);
    // The menu shows the keys.
    h.get_by_label("Team").click();
    h.run_steps(2);
    h.get_by_label_contains("Merge agreed spans (unanimous)");
    h.get_by_label_contains("Ctrl+Shift+U");
}

const CTRL_SHIFT: Modifiers = Modifiers {
    alt: false,
    ctrl: true,
    shift: true,
    mac_cmd: false,
    command: true,
};

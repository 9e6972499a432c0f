//! The model in the GUI: ordering the to-do documents by the model's
//! uncertainty (egui_kittest, the real app headless).

mod common;

use common::gui::harness;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use gloss::model::Status;
use gloss::store::ProjectDir;
use gloss::suggest::model::replay::marked_folder;
use std::path::{Path, PathBuf};

/// A project of 6 done training articles then 5 to-do test articles, with
/// a model trained by `gloss train`.
fn trained_project() -> (tempfile::TempDir, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dev-corpus");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let (mut project, mut store) =
        ProjectDir::create(&dir, "p", gloss::model::default_labels()).unwrap();
    project.documents.extend(
        marked_folder(&root.join("train"))
            .unwrap()
            .into_iter()
            .take(6),
    );
    for mut d in marked_folder(&root.join("test"))
        .unwrap()
        .into_iter()
        .take(5)
    {
        d.spans.clear();
        d.status = Status::Todo;
        project.documents.push(d);
    }
    store.save(&project).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(["train", dir.to_str().unwrap(), "--no-starter"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (tmp, dir)
}

#[test]
fn alt_u_orders_the_to_do_documents_by_uncertainty_and_back() {
    let (_tmp, dir) = trained_project();
    let (project, _) = ProjectDir::load(&dir).unwrap();
    let file_order: Vec<String> = project.documents.iter().map(|d| d.id.clone()).collect();
    let todo: Vec<String> = file_order[6..].to_vec();
    let mut h = harness(&dir);
    assert_eq!(h.state().listed_documents(), file_order);
    assert!(h.query_by_label_contains("least confident first").is_none());

    h.key_press_modifiers(Modifiers::ALT, Key::U);
    h.run_steps(3);
    let ordered = h.state().listed_documents();
    assert_ne!(ordered, file_order, "the order changes");
    // The to-do documents first, each once, then the done ones in file order.
    let mut first: Vec<String> = ordered[..5].to_vec();
    first.sort();
    assert_eq!(first, todo);
    assert_eq!(ordered[5..], file_order[..6]);
    // Least confident first: the session ranks them the same way.
    let tagger = gloss::suggest::model::load(&dir).unwrap().unwrap();
    let ranked = gloss::session::uncertainties(&project, &tagger, &todo);
    let ids: Vec<String> = ranked.iter().map(|(id, _)| id.clone()).collect();
    assert_eq!(ordered[..5], ids[..]);
    assert!(ranked.windows(2).all(|w| w[0].1 >= w[1].1));
    // The option and its key are shown in the list.
    h.get_by_label_contains("least confident first (Alt+U)");

    h.key_press_modifiers(Modifiers::ALT, Key::U);
    h.run_steps(3);
    assert_eq!(h.state().listed_documents(), file_order);
}

#[test]
fn retraining_keeps_a_model_trained_without_the_starter_without_it() {
    // `gloss train --no-starter` made the model: Ctrl+Enter's retraining
    // keeps that choice (the record says so), and the status bar shows no
    // starter articles.
    let (_tmp, dir) = trained_project();
    let mut h = harness(&dir);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_steps(1);
    assert!(h.state().is_training(), "training started without blocking");
    common::gui::wait_for_training(&mut h);
    let msg = h.state().message().unwrap_or_default().to_owned();
    assert!(
        msg.contains("Model retrained on 6 done document(s);"),
        "{msg}"
    );
    let rec = gloss::suggest::model::load_record(&dir).expect("a record");
    assert_eq!((rec.documents, rec.starter_documents), (6, 0));
    assert!(rec.no_starter);
    h.run_steps(1);
    h.get_by_label_contains("Model: 6 docs, F1");
    assert!(h.query_by_label_contains("starter").is_none());
}

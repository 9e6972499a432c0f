//! The GUI on a project opened index first: documents are read when
//! opened, a corrupt one shows its problems and blocks only itself, and a
//! command that needs every document reads the rest on a thread first.

mod common;

use common::gui::harness;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use gloss::model::Document;
use gloss::store::ProjectDir;
use gloss::ui::GlossApp;
use std::path::PathBuf;

const TEXT: &str = "Tin ngắn\nĐồng chí Nguyễn Quốc Đoàn, Bí thư Tỉnh ủy phát biểu tại hội nghị.";

fn project(n: usize) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let (mut project, mut store) =
        ProjectDir::create(&dir, "p", gloss::model::default_labels()).unwrap();
    for i in 0..n {
        let mut d = Document::new(&format!("d{i:02}"), TEXT);
        d.title = format!("Tin {i:02}");
        project.documents.push(d);
    }
    store.save(&project).unwrap();
    (tmp, dir)
}

fn key(h: &mut Harness<'_, GlossApp>, m: Modifiers, k: Key) {
    h.key_press_modifiers(m, k);
    h.run_steps(2);
}

/// Steps frames until nothing runs in the background.
fn settle(h: &mut Harness<'_, GlossApp>) {
    for _ in 0..6000 {
        let s = h.state();
        if !s.is_reading() && !s.is_suggesting() && !s.is_saving() && !s.is_away() {
            h.run_steps(2);
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.run_steps(1);
    }
    panic!("background work never finished");
}

#[test]
fn documents_are_read_when_opened_and_whole_project_commands_read_the_rest_first() {
    let (_tmp, dir) = project(12);
    let mut h = harness(&dir);
    let ws = h.state().workspace().unwrap();
    assert_eq!(ws.unloaded_count(), 11);
    key(&mut h, Modifiers::NONE, Key::PageDown);
    assert_eq!(h.state().document().unwrap().id, "d01");
    assert_eq!(h.state().workspace().unwrap().unloaded_count(), 10);
    // Suggest in all documents (Ctrl+Shift+G) needs them all: they are read
    // on a thread, then it runs.
    key(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::G);
    settle(&mut h);
    let ws = h.state().workspace().unwrap();
    assert_eq!(ws.unloaded_count(), 0);
    for d in &ws.project.documents {
        assert!(
            d.suggestions.iter().any(|s| s.label == "person"),
            "{}: {:?}",
            d.id,
            d.suggestions
        );
    }
}

#[test]
fn a_corrupt_document_is_shown_with_its_problems_and_blocks_only_itself() {
    let (_tmp, dir) = project(5);
    let file = dir.join("docs/d02.ron");
    let s = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, s.replacen("text:", "txet:", 1)).unwrap();
    let mut h = harness(&dir);
    h.get_by_label("Tin 00");
    key(&mut h, Modifiers::NONE, Key::PageDown);
    key(&mut h, Modifiers::NONE, Key::PageDown);
    assert_eq!(h.state().session().unwrap().current, Some(2));
    h.get_by_label_contains("d02 could not be read; the other documents are not affected");
    h.get_by_label_contains("docs/d02.ron");
    key(&mut h, Modifiers::NONE, Key::PageDown);
    assert!(h
        .state()
        .document()
        .unwrap()
        .text
        .contains("Nguyễn Quốc Đoàn"));
    // A command that needs every document says which did not load.
    key(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::G);
    settle(&mut h);
    let m = h.state().message().unwrap_or_default().to_owned();
    assert!(m.contains("did not load"), "{m}");
    let ws = h.state().workspace().unwrap();
    assert_eq!(ws.unloaded_count(), 1);
    assert!(ws.project.document("d02").unwrap().suggestions.is_empty());
}

#[test]
fn find_in_all_documents_lists_matches_as_they_come_and_opens_them() {
    let (_tmp, dir) = project(40);
    let mut h = harness(&dir);
    key(&mut h, Modifiers::COMMAND, Key::F);
    h.get_by_label("Find").type_text("quốc đoàn");
    h.run_steps(2);
    key(&mut h, Modifiers::ALT, Key::A);
    for _ in 0..2000 {
        if !h.state().found_everywhere().1 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.run_steps(1);
    }
    h.run_steps(2);
    assert_eq!(h.state().found_everywhere(), (40, false));
    h.get_by_label_contains("40 match(es) of \"quốc đoàn\" in 40 document(s)");
    // Nothing was read into memory to search.
    assert_eq!(h.state().workspace().unwrap().unloaded_count(), 39);
    // Alt+N opens the next match: the first, then the second document.
    key(&mut h, Modifiers::ALT, Key::N);
    key(&mut h, Modifiers::ALT, Key::N);
    assert_eq!(h.state().document().unwrap().id, "d01");
    let sel = h.state().selection().selection();
    let doc = h.state().document().unwrap();
    let (a, b) = sel.expect("the match is selected");
    assert_eq!(doc.slice(a, b), Some("Quốc Đoàn"));
}

#[test]
fn an_alt_shortcut_does_not_type_its_letter_into_the_find_bar() {
    let (_tmp, dir) = project(3);
    let mut h = harness(&dir);
    key(&mut h, Modifiers::COMMAND, Key::F);
    h.get_by_label("Find").type_text("Đoàn");
    h.run_steps(2);
    // X11 sends Alt+A as the key and as the text "a".
    h.event(egui::Event::ModifiersChanged(Modifiers::ALT));
    h.event(egui::Event::Key {
        key: Key::A,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::ALT,
    });
    h.event(egui::Event::Text("a".into()));
    h.run_steps(1);
    h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    h.run_steps(2);
    assert_eq!(h.state().find_query(), "Đoàn");
    // The shortcut itself worked (waited for before Alt+S below, which
    // would stop it).
    for _ in 0..2000 {
        if !h.state().found_everywhere().1 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.run_steps(1);
    }
    assert_eq!(h.state().found_everywhere(), (3, false));
    // Alt pressed and released within one frame: the text comes with no
    // modifier held at the end of the frame, right after the Alt+S press.
    h.event(egui::Event::Key {
        key: Key::S,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::ALT,
    });
    h.event(egui::Event::Ime(egui::ImeEvent::Commit("s".into())));
    h.run_steps(2);
    assert_eq!(h.state().find_query(), "Đoàn");
}

#[test]
fn a_big_project_is_read_on_a_thread_before_a_command_that_needs_it_all() {
    let (_tmp, dir) = project(320);
    let mut h = harness(&dir);
    assert_eq!(h.state().workspace().unwrap().unloaded_count(), 319);
    // Import (Ctrl+I) matches documents by id and text, so it needs every
    // document: they are read on a thread, the window stays live, then the
    // dialog opens.
    key(&mut h, Modifiers::COMMAND, Key::I);
    settle(&mut h);
    // The thread said what it read.
    let m = h.state().message().unwrap_or_default().to_owned();
    assert!(m.contains("Reading 319 documents first"), "{m}");
    assert_eq!(h.state().workspace().unwrap().unloaded_count(), 0);
    assert!(h.state().is_data_dialog_open());
}

#[test]
fn an_export_streams_the_documents_not_read_without_reading_them_into_the_window() {
    let (tmp, dir) = project(320);
    // The dialog exports done documents by default.
    let (mut p, mut store) = ProjectDir::load(&dir).unwrap();
    for d in &mut p.documents {
        d.status = gloss::model::Status::Done;
    }
    store.save(&p).unwrap();
    let mut h = harness(&dir);
    assert_eq!(h.state().workspace().unwrap().unloaded_count(), 319);
    key(&mut h, Modifiers::COMMAND, Key::E);
    h.run_steps(2);
    assert!(h.state().is_data_dialog_open(), "opens at once");
    let out = tmp.path().join("all.jsonl");
    h.get_by_label("Output file").focus();
    h.run_steps(1);
    h.get_by_label("Output file")
        .type_text(out.to_str().unwrap());
    h.run_steps(1);
    key(&mut h, Modifiers::NONE, Key::Enter);
    for _ in 0..3000 {
        if h.query_by_label_contains("Written:").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.run_steps(1);
    }
    h.get_by_label_contains("Written:");
    let lines = std::fs::read_to_string(&out).unwrap();
    assert_eq!(lines.lines().count(), 320);
    // Every document is in the file with its text, in project order.
    let (whole, _) = ProjectDir::load(&dir).unwrap();
    for (line, d) in lines.lines().zip(&whole.documents) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["id"], d.id.as_str());
        assert_eq!(v["text"], d.text.as_str());
    }
    // Read on the export's thread and dropped: the window still holds one.
    assert_eq!(h.state().workspace().unwrap().unloaded_count(), 319);
}

#[test]
fn annotate_all_in_a_big_project_reads_only_the_documents_that_hold_the_query() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let (mut project, mut store) =
        ProjectDir::create(&dir, "p", gloss::model::default_labels()).unwrap();
    for i in 0..320 {
        let text = if i % 40 == 7 {
            format!("{TEXT}\nBà Lê Thị Hoa phát biểu.")
        } else {
            TEXT.to_owned()
        };
        project
            .documents
            .push(Document::new(&format!("d{i:03}"), &text));
    }
    store.save(&project).unwrap();
    let mut h = harness(&dir);
    assert_eq!(h.state().workspace().unwrap().unloaded_count(), 319);
    key(&mut h, Modifiers::COMMAND, Key::F);
    h.get_by_label("Find").type_text("Lê Thị Hoa");
    h.run_steps(2);
    // Alt+P: annotate all in the project. The 319 unread documents are
    // scanned on a thread; only the 8 that hold the name are kept.
    key(&mut h, Modifiers::ALT, Key::P);
    settle(&mut h);
    let m = h.state().message().unwrap_or_default().to_owned();
    assert!(m.contains("Added 8"), "{m}");
    let ws = h.state().workspace().unwrap();
    assert_eq!(ws.unloaded_count(), 311);
    for d in &ws.project.documents {
        let want = usize::from(d.id.ends_with('7') && d.text.contains("Lê Thị Hoa"));
        assert_eq!(d.spans.len(), want, "{}", d.id);
        if want == 1 {
            assert_eq!(d.spans[0].text, "Lê Thị Hoa");
        }
    }
    // One undo step takes all 8 back.
    key(&mut h, Modifiers::COMMAND, Key::Z);
    let ws = h.state().workspace().unwrap();
    assert!(ws.project.documents.iter().all(|d| d.spans.is_empty()));
}

#[test]
fn suggesting_in_all_documents_of_a_big_project_streams_them_and_so_does_its_undo() {
    let (_tmp, dir) = project(320);
    let before = common::doc_files(&dir);
    let mut h = harness(&dir);
    assert_eq!(h.state().workspace().unwrap().unloaded_count(), 319);
    // Ctrl+Shift+G: the session goes to a thread that reads, suggests,
    // saves and drops the documents a chunk at a time.
    key(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::G);
    settle(&mut h);
    let m = h.state().message().unwrap_or_default().to_owned();
    assert!(m.contains("in 320 document(s)"), "{m}");
    let ws = h.state().workspace().unwrap();
    assert_eq!(ws.unloaded_count(), 319);
    assert!(!ws.is_dirty());
    let after = common::doc_files(&dir);
    assert_eq!(after.len(), before.len());
    for ((path, old), (_, new)) in before.iter().zip(&after) {
        if path.ends_with("project.ron") {
            continue;
        }
        assert!(old != new, "{} has no suggestion", path.display());
    }
    // One undo step, undone and redone a chunk at a time too.
    key(&mut h, Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    let m = h.state().message().unwrap_or_default().to_owned();
    assert!(m.starts_with("Undid"), "{m}");
    assert_eq!(common::doc_files(&dir), before);
    assert_eq!(h.state().workspace().unwrap().unloaded_count(), 319);
    key(&mut h, Modifiers::COMMAND, Key::Y);
    settle(&mut h);
    assert_eq!(common::doc_files(&dir), after);
    assert!(!h.state().workspace().unwrap().is_dirty());
}

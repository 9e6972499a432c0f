//! The real app driven headless with egui_kittest: pointer drags, clicks and
//! keys go through egui exactly as from a window.

mod common;

use common::gui::harness;

use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use gloss::model::{Document, Status};
use gloss::store::ProjectDir;
use gloss::ui::GlossApp;
use std::path::PathBuf;

const TEXT: &str =
    "Tin ngắn\nĐồng chí Nguyễn Quốc Đoàn, Bí thư Tỉnh ủy 😀 phát biểu. Bí thư Tỉnh ủy nhấn mạnh.";
// "Nguyễn Quốc Đoàn" is chars 18..34, "Bí thư Tỉnh ủy" 36..50 and 68..82.

fn project_with(texts: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let (mut project, mut store) =
        ProjectDir::create(&dir, "p", gloss::model::default_labels()).unwrap();
    for (i, t) in texts.iter().enumerate() {
        project
            .documents
            .push(Document::new(&format!("d{}", i + 1), t));
    }
    store.save(&project).unwrap();
    (tmp, dir)
}

fn center_of(h: &Harness<'_, GlossApp>, c: usize) -> Pos2 {
    h.state()
        .article()
        .char_screen_rect(c)
        .unwrap_or_else(|| panic!("char {c} is not on screen"))
        .center()
}

fn press(h: &mut Harness<'_, GlossApp>, pos: Pos2, pressed: bool) {
    h.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    });
}

/// Drags from the middle of char `a` to the middle of char `b`.
fn drag(h: &mut Harness<'_, GlossApp>, a: usize, b: usize) {
    let (from, to) = (center_of(h, a), center_of(h, b));
    h.hover_at(from);
    timed_step(h);
    press(h, from, true);
    timed_step(h);
    for k in 1..=4 {
        h.hover_at(from + (to - from) * (k as f32 / 4.0));
        timed_step(h);
    }
    press(h, to, false);
    timed_step(h);
    timed_step(h);
}

thread_local! {
    static CLOCK: std::cell::Cell<f64> = const { std::cell::Cell::new(10.0) };
}

/// One frame with the input clock moved on by 50 ms (kittest leaves the
/// time unset, which makes every pair of clicks look like a triple click).
fn timed_step(h: &mut Harness<'_, GlossApp>) {
    let t = CLOCK.with(|c| {
        c.set(c.get() + 0.05);
        c.get()
    });
    h.input_mut().time = Some(t);
    h.step();
}

/// Clicks the middle of char `c`.
fn click(h: &mut Harness<'_, GlossApp>, c: usize) {
    let pos = center_of(h, c);
    h.hover_at(pos);
    timed_step(h);
    press(h, pos, true);
    timed_step(h);
    press(h, pos, false);
    timed_step(h);
}

fn key(h: &mut Harness<'_, GlossApp>, k: Key) {
    h.key_press(k);
    h.run_steps(2);
}

fn key_mod(h: &mut Harness<'_, GlossApp>, m: Modifiers, k: Key) {
    h.key_press_modifiers(m, k);
    h.run_steps(2);
}

/// Steps frames until the writer thread has finished the save.
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

fn spans(h: &Harness<'_, GlossApp>) -> Vec<(usize, usize, String)> {
    h.state()
        .document()
        .unwrap()
        .spans
        .iter()
        .map(|s| (s.start, s.end, s.label.clone()))
        .collect()
}

#[test]
fn opens_the_sample_project() {
    let (_tmp, dir) = common::sample_copy();
    let h = harness(&dir);
    let doc = h.state().document().unwrap();
    assert_eq!(doc.id, "baolangson-546048");
    assert_eq!(doc.spans.len(), 40);
    h.get_by_role(egui::Role::Document);
    h.get_by_label_contains("1 / 1 done");
}

#[test]
fn drag_select_snaps_to_syllables_and_hotkey_labels_it() {
    let (_tmp, dir) = project_with(&[TEXT]);
    let mut h = harness(&dir);
    // From inside "Nguyễn" to inside "Đoàn": snaps to the whole name.
    drag(&mut h, 20, 31);
    assert_eq!(h.state().selection().selection(), Some((18, 34)));
    key(&mut h, Key::Num1);
    assert_eq!(spans(&h), [(18, 34, "person".to_string())]);
    let doc = h.state().document().unwrap();
    assert_eq!(doc.spans[0].text, "Nguyễn Quốc Đoàn");
    assert_eq!(
        doc.status,
        Status::InProgress,
        "first span starts the document"
    );
    // Undo removes the span (and the status change), redo brings both back.
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(spans(&h).is_empty());
    assert_eq!(h.state().document().unwrap().status, Status::Todo);
    key_mod(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(spans(&h).len(), 1);
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    key_mod(&mut h, Modifiers::COMMAND, Key::Y);
    assert_eq!(spans(&h).len(), 1);
}

#[test]
fn alt_drag_selects_exact_characters() {
    let (_tmp, dir) = project_with(&[TEXT]);
    let mut h = harness(&dir);
    h.event(Event::ModifiersChanged(Modifiers::ALT));
    h.step();
    drag(&mut h, 20, 31);
    h.event(Event::ModifiersChanged(Modifiers::NONE));
    h.step();
    let (s, e) = h.state().selection().selection().unwrap();
    assert!(
        s > 18 && e < 34,
        "exact selection {s}..{e} is inside the name"
    );
}

#[test]
fn double_click_hotkey_relabel_delete_with_undo() {
    let (_tmp, dir) = project_with(&[TEXT]);
    let mut h = harness(&dir);
    // Double-click inside "Bí".
    click(&mut h, 37);
    click(&mut h, 37);
    assert_eq!(h.state().selection().selection(), Some((36, 38)));
    key(&mut h, Key::Num2);
    assert_eq!(spans(&h), [(36, 38, "position".to_string())]);
    // The new span is selected: a hotkey relabels it.
    key(&mut h, Key::Num3);
    assert_eq!(spans(&h), [(36, 38, "target".to_string())]);
    // Grow its end by two syllables with Alt+Right.
    key_mod(&mut h, Modifiers::ALT, Key::ArrowRight);
    key_mod(&mut h, Modifiers::ALT, Key::ArrowRight);
    assert_eq!(spans(&h), [(36, 47, "target".to_string())]);
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(spans(&h), [(36, 38, "position".to_string())]);
    key_mod(&mut h, Modifiers::COMMAND, Key::Y);
    assert_eq!(spans(&h), [(36, 38, "target".to_string())]);
    // Click the span to select it, then delete.
    h.state_mut().selection_mut().unwrap().selected_span = None;
    click(&mut h, 37);
    assert!(h.state().selection().selected_span.is_some());
    key(&mut h, Key::Delete);
    assert!(spans(&h).is_empty());
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(spans(&h).len(), 1);
    key_mod(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert!(spans(&h).is_empty());
}

#[test]
fn keyboard_selection_and_tab_between_spans() {
    let (_tmp, dir) = project_with(&[TEXT]);
    let mut h = harness(&dir);
    // Caret to line 2 start, then a syllable right, then extend two syllables.
    key(&mut h, Key::ArrowDown);
    key(&mut h, Key::Home);
    assert_eq!(h.state().selection().caret, 9);
    key_mod(&mut h, Modifiers::COMMAND, Key::ArrowRight);
    key_mod(&mut h, Modifiers::COMMAND, Key::ArrowRight);
    key(&mut h, Key::ArrowRight);
    assert_eq!(h.state().selection().caret, 18);
    for _ in 0..3 {
        key_mod(
            &mut h,
            Modifiers::COMMAND | Modifiers::SHIFT,
            Key::ArrowRight,
        );
    }
    assert_eq!(h.state().selection().selection(), Some((18, 34)));
    key(&mut h, Key::Num1);
    key(&mut h, Key::End);
    key_mod(&mut h, Modifiers::SHIFT, Key::ArrowLeft);
    assert_eq!(
        h.state().selection().selection().map(|(s, e)| e - s),
        Some(1)
    );
    key(&mut h, Key::Escape);
    assert_eq!(h.state().selection().selection(), None);
    for (s, e) in [(36, 50), (68, 82)] {
        h.state_mut()
            .selection_mut()
            .unwrap()
            .select_range(s, e, usize::MAX);
        key(&mut h, Key::Num2);
    }
    // Tab walks spans; Shift+Tab back.
    key(&mut h, Key::Home);
    key_mod(&mut h, Modifiers::COMMAND, Key::Home);
    h.state_mut().selection_mut().unwrap().caret = 0;
    key(&mut h, Key::Tab);
    let first = h.state().document().unwrap().spans[0].id;
    assert_eq!(h.state().selection().selected_span, Some(first));
    // A second Tab goes on to the next span (not to egui's widget focus).
    let mut second = h.state().document().unwrap().spans.clone();
    second.sort_by_key(|s| s.start);
    key(&mut h, Key::Tab);
    key(&mut h, Key::Tab);
    assert_eq!(h.state().selection().selected_span, Some(second[2].id));
    key_mod(&mut h, Modifiers::SHIFT, Key::Tab);
    assert_eq!(h.state().selection().selected_span, Some(second[1].id));
}

#[test]
fn find_and_annotate_all_is_one_undo_step() {
    let (_tmp, dir) = project_with(&[TEXT, "Ông Bí thư Tỉnh ủy đến."]);
    let mut h = harness(&dir);
    key_mod(&mut h, Modifiers::COMMAND, Key::F);
    h.get_by_label("Find").type_text("Bí thư Tỉnh ủy");
    h.run_steps(2);
    h.get_by_label_contains("1 of 2");
    // Label 2 (position) as the active label, then annotate in every document.
    h.state_mut().set_active_label("position");
    key_mod(&mut h, Modifiers::ALT, Key::P);
    let ws = h.state().workspace().unwrap();
    let count: usize = ws
        .project
        .documents
        .iter()
        .map(|d| d.spans.iter().filter(|s| s.label == "position").count())
        .sum();
    assert_eq!(count, 3);
    // Running it again adds nothing: every match is covered.
    key_mod(&mut h, Modifiers::ALT, Key::P);
    assert!(h
        .state()
        .message()
        .unwrap()
        .contains("Added 0 position span(s); skipped 3 already labeled"));
    key(&mut h, Key::Escape);
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    let ws = h.state().workspace().unwrap();
    assert!(ws.project.documents.iter().all(|d| d.spans.is_empty()));
}

#[test]
fn done_and_next_then_save_and_reload_identical() {
    let (_tmp, dir) = project_with(&[TEXT, "Hai", "Ba"]);
    let mut h = harness(&dir);
    key_mod(&mut h, Modifiers::COMMAND, Key::Enter);
    assert_eq!(h.state().document().unwrap().id, "d2");
    key(&mut h, Key::PageDown);
    assert_eq!(h.state().document().unwrap().id, "d3");
    key(&mut h, Key::PageUp);
    key(&mut h, Key::PageUp);
    assert_eq!(h.state().document().unwrap().id, "d1");
    assert_eq!(h.state().document().unwrap().status, Status::Done);
    drag(&mut h, 20, 31);
    key(&mut h, Key::Num1);
    // The document switches above began background saves; one may still be
    // being written, without this span: Ctrl+S then saves again when it
    // is done, and only that says "Saved".
    key_mod(&mut h, Modifiers::COMMAND, Key::S);
    wait_saved(&mut h);
    h.get_by_label("✔ Saved");
    let (reloaded, _) = ProjectDir::load(&dir).unwrap();
    assert_eq!(&reloaded, &h.state().workspace().unwrap().project);
    // Undo of the status change is possible too.
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        h.state().workspace().unwrap().project.documents[0].status,
        Status::Todo
    );
}

#[test]
fn edits_autosave_after_idle() {
    let (_tmp, dir) = project_with(&[TEXT]);
    let mut h = harness(&dir);
    drag(&mut h, 20, 31);
    key(&mut h, Key::Num1);
    assert!(h.state().workspace().unwrap().is_dirty());
    std::thread::sleep(std::time::Duration::from_millis(2200));
    h.run_steps(2);
    wait_saved(&mut h);
    assert!(!h.state().workspace().unwrap().is_dirty());
    let (reloaded, _) = ProjectDir::load(&dir).unwrap();
    assert_eq!(reloaded.documents[0].spans.len(), 1);
}

#[test]
fn a_broken_document_shows_its_errors_and_blocks_only_itself() {
    let (_tmp, dir) = common::sample_copy();
    let doc = dir.join(common::SAMPLE_DOC);
    let s = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(
        &doc,
        s.replacen("label: \"person\"", "label: \"persona\"", 1),
    )
    .unwrap();
    let before = common::snapshot(&dir);
    let mut h = harness(&dir);
    // The project opens (index first); the document that does not load
    // shows why, naming the file and the fix.
    assert!(h.state().workspace().is_some());
    h.get_by_label_contains("could not be read; the other documents are not affected");
    h.get_by_label_contains("unknown label \"persona\"");
    // Nothing edits it, and nothing is written.
    key(&mut h, Key::Num1);
    h.run_steps(2);
    drop(h);
    assert_eq!(common::snapshot(&dir), before);
}

#[test]
fn help_lists_every_shortcut() {
    let (_tmp, dir) = project_with(&[TEXT]);
    let mut h = harness(&dir);
    key(&mut h, Key::F1);
    h.get_by_label("Keyboard shortcuts (F1)");
    h.get_by_label("Ctrl+Shift+Z / Ctrl+Y");
}

#[test]
fn export_and_import_dialogs() {
    let (tmp, dir) = project_with(&[TEXT]);
    let mut h = harness(&dir);
    drag(&mut h, 20, 31);
    key(&mut h, Key::Num1);
    key_mod(&mut h, Modifiers::COMMAND, Key::Enter); // done (and stays: last document)
                                                     // Export: Ctrl+E, type the output path, Enter; the export runs on a thread.
    key_mod(&mut h, Modifiers::COMMAND, Key::E);
    let out = tmp.path().join("export.jsonl");
    h.get_by_label("Output file").focus();
    h.run_steps(1);
    h.get_by_label("Output file")
        .type_text(out.to_str().unwrap());
    h.run_steps(1);
    key(&mut h, Key::Enter);
    for _ in 0..200 {
        if out.exists() && h.query_by_label_contains("Written:").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.run_steps(1);
    }
    let line = std::fs::read_to_string(&out).unwrap();
    assert!(line.contains("\"text\":\"Nguyễn Quốc Đoàn\""), "{line}");
    h.get_by_label_contains("Left out: 0 span(s)");
    key(&mut h, Key::Escape);
    // Import a Gloss JSONL line holding a new document.
    let input = tmp.path().join("new.jsonl");
    std::fs::write(&input, "{\"id\": \"moi\", \"text\": \"Bà Lê Thị Hoa phát biểu.\", \"spans\": [{\"start\": 3, \"end\": 13, \"label\": \"person\", \"text\": \"Lê Thị Hoa\"}]}\n").unwrap();
    key_mod(&mut h, Modifiers::COMMAND, Key::I);
    h.get_by_label("Input file").focus();
    h.run_steps(1);
    h.get_by_label("Input file")
        .type_text(input.to_str().unwrap());
    h.run_steps(1);
    key(&mut h, Key::Enter);
    assert_eq!(
        h.query_all_by_label_contains("1 new document(s)").count(),
        2,
        "dialog report and status bar"
    );
    let ws = h.state().workspace().unwrap();
    assert_eq!(ws.project.documents.len(), 2);
    assert_eq!(ws.project.documents[1].spans[0].text, "Lê Thị Hoa");
    // It was saved right away.
    assert_eq!(ProjectDir::load(&dir).unwrap().0.documents.len(), 2);
}

#[test]
fn review_suggestions_accept_correct_reject_and_bulk() {
    let text = "Tin ngắn\nÔng Lê Văn Tám, Phó Chủ tịch UBND tỉnh, cho biết năm 2022 tổng thu ngân sách ước đạt 1.200 tỷ đồng. Bà Hà Thị Mai dự.";
    let (_tmp, dir) = project_with(&[text]);
    let mut h = harness(&dir);
    key_mod(&mut h, Modifiers::COMMAND, Key::G);
    h.run_steps(2);
    let open = |h: &Harness<'_, GlossApp>| h.state().document().unwrap().suggestions.clone();
    let found: Vec<String> = open(&h)
        .iter()
        .map(|s| format!("{}:{}", s.label, s.text))
        .collect();
    assert!(
        found.contains(&"person:Lê Văn Tám".to_string()),
        "{found:?}"
    );
    assert!(
        found.contains(&"position:Phó Chủ tịch UBND tỉnh".to_string()),
        "{found:?}"
    );
    let n = open(&h).len();
    // N selects the first suggestion; 2 relabels the draft; A accepts it as corrected.
    key(&mut h, Key::N);
    let first = h.state().selection().selected_suggestion.clone().unwrap();
    assert_eq!(first.text, "Lê Văn Tám");
    key(&mut h, Key::Num3);
    key(&mut h, Key::A);
    let doc = h.state().document().unwrap();
    assert_eq!(doc.spans.len(), 1);
    assert_eq!(doc.spans[0].label, "target");
    assert!(
        matches!(&doc.spans[0].origin, gloss::model::Origin::Suggested { source, corrected: true, .. } if source == "rules-vi")
    );
    assert_eq!(
        doc.rejected,
        vec![first.clone()],
        "the original is remembered"
    );
    assert_eq!(doc.suggestions.len(), n - 1);
    // Accepting moved on to the next suggestion; undo brings the first back.
    assert!(h.state().selection().selected_suggestion.is_some());
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(open(&h).len(), n);
    assert!(h.state().document().unwrap().spans.is_empty());
    // Select it again, shrink its end by one syllable, accept.
    h.state_mut().selection_mut().unwrap().clear_suggestion();
    h.state_mut().selection_mut().unwrap().caret = 0;
    key(&mut h, Key::N);
    key_mod(&mut h, Modifiers::ALT, Key::ArrowLeft);
    key(&mut h, Key::Enter);
    assert_eq!(h.state().document().unwrap().spans[0].text, "Lê Văn");
    // Reject the next one (R): remembered as rejected.
    let next = h.state().selection().selected_suggestion.clone().unwrap();
    key(&mut h, Key::R);
    assert!(h.state().document().unwrap().rejected.contains(&next));
    // Shift+A accepts the rest above the threshold (0.5); none conflict here.
    let left = open(&h).len();
    key_mod(&mut h, Modifiers::SHIFT, Key::A);
    let doc = h.state().document().unwrap();
    assert!(doc.suggestions.is_empty());
    assert_eq!(doc.spans.len(), 1 + left);
    // One undo step reverts the whole bulk accept.
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(open(&h).len(), left);
    key_mod(&mut h, Modifiers::SHIFT, Key::R);
    assert!(open(&h).is_empty());
    // Suggesting again proposes nothing that was rejected or accepted.
    key_mod(&mut h, Modifiers::COMMAND, Key::G);
    h.run_steps(2);
    assert!(open(&h).is_empty(), "{:?}", open(&h));
}

#[test]
fn sticky_label_turns_each_drag_into_a_span() {
    let (_tmp, dir) = project_with(&[TEXT]);
    let mut h = harness(&dir);
    h.state_mut().set_active_label("position");
    key(&mut h, Key::S);
    h.get_by_label_contains("STICKY");
    drag(&mut h, 37, 48);
    // Pressed in the middle of "í" of "Bí": the whole syllable counts.
    drag(&mut h, 65, 76);
    assert_eq!(
        spans(&h),
        [
            (36, 50, "position".to_string()),
            (64, 78, "position".to_string())
        ]
    );
    key(&mut h, Key::S);
    drag(&mut h, 20, 31);
    assert_eq!(spans(&h).len(), 2, "sticky off: a drag only selects");
}

#[test]
fn open_project_and_add_documents_by_typed_path() {
    let (tmp, dir) = project_with(&[TEXT]);
    let (_tmp2, other) = project_with(&["Khác\nMột bài khác."]);
    let mut h = harness(&dir);
    // Add documents (Ctrl+D): one path per line, Ctrl+Enter confirms.
    let a = tmp.path().join("a.txt");
    std::fs::write(&a, "Bài mới\r\nNội dung 😀").unwrap();
    key_mod(&mut h, Modifiers::COMMAND, Key::D);
    h.get_by_label("One file or folder per line (.txt, .md, .jsonl)")
        .type_text(a.to_str().unwrap());
    h.run_steps(1);
    key_mod(&mut h, Modifiers::COMMAND, Key::Enter);
    let ws = h.state().workspace().unwrap();
    assert_eq!(ws.project.documents.len(), 2);
    assert_eq!(ws.project.documents[1].text, "Bài mới\nNội dung 😀");
    assert_eq!(
        ProjectDir::load(&dir).unwrap().0.documents.len(),
        2,
        "saved at once"
    );
    // A bad file adds nothing and says why.
    let bad = tmp.path().join("bad.txt");
    std::fs::write(&bad, b"Vi\xEAt").unwrap();
    key_mod(&mut h, Modifiers::COMMAND, Key::D);
    h.get_by_label("One file or folder per line (.txt, .md, .jsonl)")
        .type_text(bad.to_str().unwrap());
    h.run_steps(1);
    key_mod(&mut h, Modifiers::COMMAND, Key::Enter);
    assert!(
        h.state().message().unwrap().contains("nothing was added")
            && h.state().message().unwrap().contains("byte offset 2")
    );
    assert_eq!(h.state().workspace().unwrap().project.documents.len(), 2);
    // Open another project (Ctrl+O): typed path, Enter.
    key_mod(&mut h, Modifiers::COMMAND, Key::O);
    h.get_by_label("Project folder (holds project.ron)")
        .type_text(other.to_str().unwrap());
    h.run_steps(1);
    key(&mut h, Key::Enter);
    assert_eq!(h.state().document().unwrap().title, "Khác");
    assert_eq!(
        h.state().settings().recent[0],
        other,
        "remembered in recent projects"
    );
}

#[test]
fn right_click_menu_annotates_all_and_deletes() {
    let (_tmp, dir) = project_with(&[TEXT]);
    let mut h = harness(&dir);
    h.state_mut()
        .selection_mut()
        .unwrap()
        .select_range(36, 50, usize::MAX);
    key(&mut h, Key::Num2);
    h.state_mut().selection_mut().unwrap().selected_span = None;
    let pos = center_of(&h, 40);
    let right = |h: &mut Harness<'_, GlossApp>| {
        h.hover_at(pos);
        timed_step(h);
        for pressed in [true, false] {
            h.event(Event::PointerButton {
                pos,
                button: PointerButton::Secondary,
                pressed,
                modifiers: Modifiers::NONE,
            });
            timed_step(h);
        }
        h.run_steps(2);
    };
    right(&mut h);
    h.get_by_label("position: Bí thư Tỉnh ủy");
    h.get_by_label_contains("Annotate all occurrences").click();
    h.run_steps(3);
    assert_eq!(
        spans(&h).len(),
        2,
        "the other \"Bí thư Tỉnh ủy\" was annotated too"
    );
    right(&mut h);
    h.get_by_label_contains("Delete").click();
    h.run_steps(3);
    assert_eq!(spans(&h), [(64, 78, "position".to_string())]);
}

#[test]
fn every_vietnamese_letter_has_a_glyph() {
    use unicode_normalization::UnicodeNormalization;
    let mut text = String::from("Dấu thanh\n");
    for v in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY".chars() {
        for tone in ["", "\u{300}", "\u{301}", "\u{303}", "\u{309}", "\u{323}"] {
            text.extend(format!("{v}{tone} ").nfc());
        }
    }
    // One paragraph, so all of it is laid out (only visible paragraphs are).
    text.push_str("đ Đ Ủy Uỷ 😀 – “” …");
    let (_tmp, dir) = project_with(&[&text]);
    // egui_kittest panics on a missing glyph; the article must render all.
    let mut h = harness(&dir);
    h.run_steps(2);
    assert_eq!(h.state().document().unwrap().text, text);
    assert!(h
        .state()
        .article()
        .char_screen_rect(text.chars().count() - 1)
        .is_some());
}

/// Text an input method commits, as egui receives it.
fn commit(h: &mut Harness<'_, GlossApp>, text: &str) {
    h.event(Event::Text(text.to_owned()));
    h.run_steps(2);
}

#[test]
fn committed_escape_tab_and_return_act_as_keys_and_are_never_stored() {
    let (_tmp, dir) = project_with(&[TEXT]);
    let mut h = harness(&dir);
    h.state_mut()
        .selection_mut()
        .unwrap()
        .select_range(18, 34, usize::MAX);
    key(&mut h, Key::Num1);
    // E puts the focus in the note; ibus commits "Tỉnh" followed by a raw
    // Return while composing, then a stray ESC.
    key(&mut h, Key::E);
    commit(&mut h, "Tỉnh\r");
    let note = &h.state().document().unwrap().spans[0].note;
    assert_eq!(note, "Tỉnh", "Return committed the note at once");
    key(&mut h, Key::E);
    commit(&mut h, "\u{1b}");
    let note = &h.state().document().unwrap().spans[0].note;
    assert!(!note.contains('\u{1b}'), "{note:?}");
    // Tab committed into the single-line find box is not searched for.
    key_mod(&mut h, Modifiers::COMMAND, Key::F);
    commit(&mut h, "Bí thư\t");
    h.run_steps(2);
    h.get_by_label_contains("1 of 2");
}

#[test]
fn return_after_a_new_query_goes_to_its_first_match() {
    let (_tmp, dir) = project_with(&[TEXT]);
    let mut h = harness(&dir);
    key_mod(&mut h, Modifiers::COMMAND, Key::F);
    h.get_by_label("Find").type_text("Bí thư");
    h.run_steps(2);
    key(&mut h, Key::Enter);
    h.get_by_label_contains("1 of 2");
    key(&mut h, Key::Enter);
    h.get_by_label_contains("2 of 2");
    // Type a new query and press Return in the same breath.
    h.get_by_label("Find").focus();
    h.run_steps(1);
    h.get_by_label("Find").type_text(" Tỉnh");
    key(&mut h, Key::Enter);
    h.get_by_label_contains("1 of 2");
    assert_eq!(h.state().selection().selection(), Some((36, 47)));
}

#[test]
fn the_gui_and_the_cli_suggest_the_same_spans() {
    let other = "Ông Lê Văn Tám, Phó Chủ tịch UBND tỉnh, dự. Đồng chí Nguyễn Quốc Đoàn phát biểu.";
    let (tmp, dir) = project_with(&[TEXT, other]);
    // A confirmed span, so the dictionary has something to propose.
    let (mut p, mut store) = ProjectDir::load(&dir).unwrap();
    let span = gloss::edit::make_span(
        &p.documents[0],
        18,
        34,
        "person",
        gloss::model::Origin::Manual,
    )
    .unwrap();
    p.documents[0].spans.push(span);
    store.save(&p).unwrap();
    let copy = tmp.path().join("copy");
    std::fs::create_dir_all(copy.join("docs")).unwrap();
    for f in ["project.ron", "docs/d1.ron", "docs/d2.ron"] {
        std::fs::copy(dir.join(f), copy.join(f)).unwrap();
    }
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(["suggest", copy.to_str().unwrap(), "--doc", "d2"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut h = harness(&dir);
    key(&mut h, Key::PageDown);
    key_mod(&mut h, Modifiers::COMMAND, Key::G);
    h.run_steps(3);
    let gui = h.state().document().unwrap().suggestions.clone();
    let cli = ProjectDir::load(&copy).unwrap().0.documents[1]
        .suggestions
        .clone();
    assert!(gui.iter().any(|s| s.source == "dictionary"), "{gui:?}");
    assert_eq!(gui, cli);
}

#[test]
fn hidden_characters_in_titles_are_shown_escaped() {
    let (_tmp, dir) = project_with(&["Tin\u{202e}ngắn\nĐồng chí Nguyễn Quốc Đoàn phát biểu."]);
    let h = harness(&dir);
    assert!(h.query_by_label_contains("Tin\u{202e}ngắn").is_none());
    // In the document list and as the article's heading.
    assert_eq!(h.query_all_by_label_contains("Tin\\u{202e}ngắn").count(), 2);
}

#[test]
fn marking_done_retrains_the_model_in_the_background() {
    let (_tmp, dir) = common::sample_copy();
    let mut h = harness(&dir);
    // The sample is a team project: answer "who is annotating?" (curator).
    key(&mut h, Key::C);
    key_mod(&mut h, Modifiers::COMMAND, Key::Enter);
    assert!(h.state().is_training(), "training started without blocking");
    common::gui::wait_for_training(&mut h);
    let msg = h.state().message().unwrap_or_default().to_owned();
    assert!(
        msg.contains(&format!(
            "Model retrained on 1 done document(s) and {} starter article(s)",
            gloss::suggest::model::starter::bundled().len()
        )),
        "{msg}"
    );
    assert!(dir.join("models/tagger.bin").is_file());
    h.run_steps(1);
    let status = format!(
        "Model: 1 docs + {} starter",
        gloss::suggest::model::starter::bundled().len()
    );
    h.get_by_label_contains(&status);
    key_mod(&mut h, Modifiers::COMMAND, Key::S);
    drop(h);
    // Opened again, the window shows the model's state at once (from its
    // record; the weights are read at the first Suggest).
    let mut h = harness(&dir);
    key(&mut h, Key::C);
    h.run_steps(1);
    h.get_by_label_contains(&status);
}

//! Relations in the real app driven headless with egui_kittest, from the
//! keyboard only: select a span, L, Tab to the other span, a type's hotkey;
//! relabel (T), delete (Shift+Del), undo (Ctrl+Z); a drag from a label tag;
//! renaming a relation type in the project settings as one undo step.

mod common;

use common::gui::harness;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use gloss::model::{Document, Origin, RelationType};
use gloss::store::ProjectDir;
use gloss::ui::GlossApp;
use std::path::PathBuf;

/// "Đồng chí [person: Nguyễn Quốc Đoàn], [position: Bí thư Tỉnh ủy] phát biểu."
const TEXT: &str = "Tin ngắn\nĐồng chí Nguyễn Quốc Đoàn, Bí thư Tỉnh ủy phát biểu.";

fn project() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let (mut project, mut store) =
        ProjectDir::create(&dir, "p", gloss::model::default_labels()).unwrap();
    // A second type between person and position, so T has something to
    // relabel to.
    project.relation_types.push(RelationType {
        name: "held".into(),
        color: "#64748b".into(),
        hotkey: Some('e'),
        from: vec!["person".into()],
        to: vec!["position".into()],
        description: "A former post.".into(),
    });
    let mut d = Document::new("d1", TEXT);
    for (a, b, l) in [(18, 34, "person"), (36, 50, "position")] {
        let s = gloss::edit::make_span(&d, a, b, l, Origin::Manual).unwrap();
        d.spans.push(s);
    }
    project.documents.push(d);
    store.save(&project).unwrap();
    (tmp, dir)
}

fn key(h: &mut Harness<'_, GlossApp>, k: Key) {
    h.key_press(k);
    h.run_steps(2);
}

fn key_mod(h: &mut Harness<'_, GlossApp>, m: Modifiers, k: Key) {
    h.key_press_modifiers(m, k);
    h.run_steps(2);
}

fn relations(h: &Harness<'_, GlossApp>) -> Vec<(u64, String, u64, u64)> {
    h.state()
        .session()
        .unwrap()
        .document()
        .unwrap()
        .relations
        .iter()
        .map(|r| (r.id, r.label.clone(), r.from, r.to))
        .collect()
}

#[test]
fn create_relabel_delete_and_undo_a_relation_with_the_keyboard_only() {
    let (_tmp, dir) = project();
    let mut h = harness(&dir);
    // Tab selects the first span (the person), L starts a link proposing
    // the nearest span that fits (the title), H makes it a holds relation.
    key(&mut h, Key::Tab);
    assert_eq!(
        h.state().session().unwrap().selection.selected_span,
        Some(1)
    );
    key(&mut h, Key::L);
    assert_eq!(
        h.state().session().unwrap().selection.link,
        Some((1, Some(2)))
    );
    // Tab while linking moves the other end (only one candidate: it stays).
    key(&mut h, Key::Tab);
    assert_eq!(
        h.state().session().unwrap().selection.link,
        Some((1, Some(2)))
    );
    // Enter is refused: two types fit; the hotkey chooses.
    key(&mut h, Key::Enter);
    assert!(relations(&h).is_empty());
    key(&mut h, Key::H);
    assert_eq!(relations(&h), [(1, "holds".to_owned(), 1, 2)]);
    assert_eq!(h.state().session().unwrap().selection.link, None);
    // T relabels the focused relation to the next type that fits.
    key(&mut h, Key::T);
    assert_eq!(relations(&h), [(1, "held".to_owned(), 1, 2)]);
    // Shift+Del deletes it; Ctrl+Z brings it back, then undoes the relabel.
    key_mod(&mut h, Modifiers::SHIFT, Key::Delete);
    assert!(relations(&h).is_empty());
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(relations(&h), [(1, "held".to_owned(), 1, 2)]);
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(relations(&h), [(1, "holds".to_owned(), 1, 2)]);
    // Esc while linking cancels without a change.
    key(&mut h, Key::L);
    assert!(h.state().session().unwrap().selection.link.is_some());
    key(&mut h, Key::Escape);
    assert_eq!(h.state().session().unwrap().selection.link, None);
    assert_eq!(relations(&h).len(), 1);
}

fn press(h: &mut Harness<'_, GlossApp>, pos: egui::Pos2, pressed: bool) {
    h.event(egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    });
}

thread_local! {
    static CLOCK: std::cell::Cell<f64> = const { std::cell::Cell::new(10.0) };
}

fn timed_step(h: &mut Harness<'_, GlossApp>) {
    let t = CLOCK.with(|c| {
        c.set(c.get() + 0.05);
        c.get()
    });
    h.input_mut().time = Some(t);
    h.step();
}

#[test]
fn dragging_from_a_label_tag_to_another_span_links_them() {
    let (_tmp, dir) = project();
    let mut h = harness(&dir);
    let doc = h.state().session().unwrap().document().unwrap().clone();
    // From the title's tag to the person: the link is oriented person -> title.
    let from = h
        .state()
        .article()
        .tag_rect(&doc, 2, 17.0)
        .unwrap()
        .center();
    let to = h.state().article().char_screen_rect(20).unwrap().center();
    h.hover_at(from);
    timed_step(&mut h);
    press(&mut h, from, true);
    timed_step(&mut h);
    for k in 1..=4 {
        h.hover_at(from + (to - from) * (k as f32 / 4.0));
        timed_step(&mut h);
    }
    press(&mut h, to, false);
    timed_step(&mut h);
    timed_step(&mut h);
    // Two types fit person/position: the link waits for a hotkey, and the
    // drag selected no text.
    let sel = &h.state().session().unwrap().selection;
    assert_eq!(sel.link, Some((2, Some(1))));
    assert_eq!(sel.selection(), None);
    key(&mut h, Key::E);
    assert_eq!(relations(&h), [(1, "held".to_owned(), 1, 2)]);
}

#[test]
fn project_settings_rename_a_relation_type_in_one_undo_step() {
    use egui_kittest::kittest::Queryable as _;
    let (_tmp, dir) = project();
    let mut h = harness(&dir);
    key(&mut h, Key::Tab);
    key(&mut h, Key::L);
    key(&mut h, Key::H);
    assert_eq!(relations(&h), [(1, "holds".to_owned(), 1, 2)]);
    // No span selected: the side panel shows no relation menu.
    key(&mut h, Key::Escape);
    key_mod(&mut h, Modifiers::COMMAND, Key::Comma);
    h.get_by_label_contains("Relation types");
    // The dialog takes the keyboard: L does not start a link.
    key(&mut h, Key::L);
    assert_eq!(h.state().session().unwrap().selection.link, None);
    // The first relation type's name box holds "holds": click it, type,
    // Rename.
    h.get_by(|n| {
        n.role() == egui::accesskit::Role::TextInput && n.value().as_deref() == Some("holds")
    })
    .click();
    h.run_steps(2);
    h.get_by(|n| {
        n.role() == egui::accesskit::Role::TextInput && n.value().as_deref() == Some("holds")
    })
    .type_text("-office");
    h.run_steps(2);
    h.get_by_label("Rename").click();
    h.run_steps(3);
    assert_eq!(relations(&h), [(1, "holds-office".to_owned(), 1, 2)]);
    let p = &h.state().session().unwrap().workspace.project;
    assert!(p.relation_type("holds-office").is_some() && p.relation_type("holds").is_none());
    // One undo brings the old name back everywhere.
    key(&mut h, Key::Escape);
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(relations(&h), [(1, "holds".to_owned(), 1, 2)]);
}

/// A project with one document: `text`, spans on the given substrings (the
/// n-th occurrence: `("Bí thư Tỉnh ủy", 2)`), and `holds` relations between
/// them (indices into `spans`).
fn dense_project(
    text: &str,
    spans: &[(&str, usize, &str)],
    holds: &[(usize, usize)],
) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let (project, mut store) =
        ProjectDir::create(&dir, "p", gloss::model::default_labels()).unwrap();
    let mut project = project;
    let mut d = Document::new("d1", text);
    for (k, &(needle, nth, label)) in spans.iter().enumerate() {
        let byte = text
            .match_indices(needle)
            .nth(nth - 1)
            .unwrap_or_else(|| panic!("{needle:?} #{nth}"))
            .0;
        let start = text[..byte].chars().count();
        let end = start + needle.chars().count();
        let mut s = gloss::edit::make_span(&d, start, end, label, Origin::Manual).unwrap();
        s.id = k as u64 + 1;
        d.spans.push(s);
    }
    d.sort_spans();
    for (k, &(from, to)) in holds.iter().enumerate() {
        d.relations.push(gloss::model::Relation {
            id: k as u64 + 1,
            label: "holds".into(),
            from: from as u64 + 1,
            to: to as u64 + 1,
            origin: Origin::Manual,
            note: String::new(),
        });
    }
    project.documents.push(d);
    store.save(&project).unwrap();
    (tmp, dir)
}

/// Screen rects of the visible chars of the open document.
fn char_rects(h: &Harness<'_, GlossApp>) -> Vec<egui::Rect> {
    let n = h.state().article().char_len();
    (0..n)
        .filter_map(|c| h.state().article().char_screen_rect(c))
        .collect()
}

/// Arc labels never lie on one another, on text or on a label tag.
fn assert_labels_apart(h: &Harness<'_, GlossApp>) {
    let arcs = h.state().article().drawn_arcs().to_vec();
    let doc = h.state().session().unwrap().document().unwrap().clone();
    let chars = char_rects(h);
    let tags: Vec<egui::Rect> = doc
        .spans
        .iter()
        .filter_map(|s| h.state().article().tag_rect(&doc, s.id, 17.0))
        .collect();
    for (i, a) in arcs.iter().enumerate() {
        let r = a.label_rect.shrink(0.5);
        for b in &arcs[i + 1..] {
            assert!(
                !r.intersects(b.label_rect.shrink(0.5)),
                "label {a:?} on label {b:?}"
            );
        }
        for c in &chars {
            assert!(!r.intersects(*c), "label {a:?} on text at {c:?}");
        }
        for t in &tags {
            assert!(!r.intersects(*t), "label {a:?} on a tag at {t:?}");
        }
    }
}

#[test]
fn arcs_in_a_dense_line_keep_their_labels_off_text_and_each_other() {
    // The sample's densest sentence: three officials, six titles, wrapped
    // over several rows; each person holds the titles after the name, and
    // the last person also holds the first title (a long arc back across
    // rows).
    let text = "Tin ngắn\nCác đồng chí: Nguyễn Quốc Đoàn, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy; Hoàng Văn Nghiệm, Phó Bí thư Thường trực Tỉnh ủy, Trưởng Đoàn đại biểu Quốc hội tỉnh; Hồ Tiến Thiệu, Phó Bí Thư Tỉnh ủy, Chủ tịch UBND tỉnh đồng chủ trì hội nghị.\nDòng sau không có quan hệ nào, chỉ có chữ để kiểm tra khoảng cách.";
    let spans = [
        ("Nguyễn Quốc Đoàn", 1, "person"),
        ("Ủy viên Trung ương Đảng", 1, "position"),
        ("Bí thư Tỉnh ủy", 1, "position"),
        ("Hoàng Văn Nghiệm", 1, "person"),
        ("Phó Bí thư Thường trực Tỉnh ủy", 1, "position"),
        ("Trưởng Đoàn đại biểu Quốc hội tỉnh", 1, "position"),
        ("Hồ Tiến Thiệu", 1, "person"),
        ("Phó Bí Thư Tỉnh ủy", 1, "position"),
        ("Chủ tịch UBND tỉnh", 1, "position"),
    ];
    let holds = [(0, 1), (0, 2), (3, 4), (3, 5), (6, 7), (6, 8), (6, 1)];
    let (_tmp, dir) = dense_project(text, &spans, &holds);
    let mut h = harness(&dir);
    h.run_steps(3);
    let arcs = h.state().article().drawn_arcs().to_vec();
    // Every relation is drawn: whole, or as two halves across rows.
    let halves = arcs.iter().filter(|a| a.half).count();
    assert_eq!(arcs.len() - halves / 2, holds.len(), "{arcs:#?}");
    assert!(halves >= 2, "the long arc back crosses rows: {arcs:#?}");
    assert!(
        arcs.iter().any(|a| a.level > 0),
        "several arcs in one row are stacked: {arcs:#?}"
    );
    assert_labels_apart(&h);
    // Selecting a span (its relations strong) does not restack the arcs.
    key(&mut h, Key::Tab);
    // (The side panel's width may change with the selection: one more
    // frame for the paragraphs to settle.)
    h.run_steps(2);
    let stacked = |arcs: &[gloss::ui::DrawnArc]| -> Vec<(String, usize)> {
        arcs.iter().map(|a| (a.label.clone(), a.level)).collect()
    };
    assert_eq!(stacked(h.state().article().drawn_arcs()), stacked(&arcs));
    assert_labels_apart(&h);
    // Rows with room for arcs above them: Down still goes row by row
    // (from the first span: the next rows of the dense paragraph, then the
    // last line).
    key(&mut h, Key::Escape);
    let mut ys = Vec::new();
    for _ in 0..6 {
        key(&mut h, Key::ArrowDown);
        let caret = h.state().selection().caret;
        let y = h
            .state()
            .article()
            .char_screen_rect(caret)
            .map(|r| r.center().y as i32);
        ys.push((caret, y));
    }
    let rows: Vec<i32> = ys.iter().filter_map(|(_, y)| *y).collect();
    assert!(rows.windows(2).all(|w| w[0] < w[1]), "{ys:?}");
    assert!(rows.len() >= 3, "{ys:?}");
}

#[test]
fn a_relation_whose_other_end_is_off_screen_is_still_drawn() {
    // A person in the first line, the title 80 lines further down.
    let filler: String = (0..80)
        .map(|k| format!("Dòng thứ {k} của bài viết, không có tên người nào.\n"))
        .collect();
    let text =
        format!("Ông Nguyễn Văn An phát biểu.\n{filler}Chức vụ của ông là Giám đốc Sở Tài chính.");
    let spans = [
        ("Nguyễn Văn An", 1, "person"),
        ("Giám đốc Sở Tài chính", 1, "position"),
    ];
    let (_tmp, dir) = dense_project(&text, &spans, &[(0, 1)]);
    let mut h = harness(&dir);
    h.run_steps(3);
    // At the top: the start end, with a half toward the bottom naming the
    // other end.
    let top: Vec<String> = h
        .state()
        .article()
        .drawn_arcs()
        .iter()
        .map(|a| a.label.clone())
        .collect();
    assert_eq!(top, ["holds ↓ Giám đốc Sở Tài chính"]);
    assert!(h
        .state()
        .article()
        .char_screen_rect(text.chars().count() - 2)
        .is_none());
    // Walk to the title (Tab twice): the view scrolls there, and the other
    // half says where the relation comes from.
    key(&mut h, Key::Tab);
    key(&mut h, Key::Tab);
    h.run_steps(3);
    let bottom: Vec<String> = h
        .state()
        .article()
        .drawn_arcs()
        .iter()
        .map(|a| a.label.clone())
        .collect();
    assert_eq!(bottom, ["Nguyễn Văn An holds ↑"]);
    assert!(h.state().article().char_screen_rect(5).is_none());
    assert_labels_apart(&h);
}

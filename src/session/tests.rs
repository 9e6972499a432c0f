//! Session operations without a window.

use super::*;
use crate::model::{default_labels, Label};
use crate::store::ProjectDir;

const TEXT: &str = "Đồng chí Nguyễn Quốc Đoàn, Bí thư Tỉnh ủy phát biểu.";

fn session_with(labels: Vec<Label>, texts: &[(&str, &str)]) -> (tempfile::TempDir, Session) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    let (mut project, dir) = ProjectDir::create(&root, "p", labels).unwrap();
    for (id, text) in texts {
        project.documents.push(Document::new(id, text));
    }
    let mut ws = Workspace::from_parts(project, dir);
    ws.save().unwrap();
    (tmp, Session::new(ws))
}

#[test]
fn label_keys_follow_the_hotkeys_of_project_ron_not_their_order() {
    // Hotkeys assigned out of order: "target" is on 1, "person" on 3.
    let mut labels = default_labels();
    labels[0].hotkey = Some('3'); // person
    labels[2].hotkey = Some('1'); // target
    let (_t, mut s) = session_with(labels, &[("d", TEXT)]);
    s.selection.select_range(9, 25, 52);
    assert!(!s.label_key('3').unwrap().is_refused());
    assert_eq!(s.document().unwrap().spans[0].label, "person");
    assert_eq!(s.active_label.as_deref(), Some("person"));
    s.sticky = true;
    s.selection.select_range(27, 41, 52);
    assert!(!s.label_key('1').unwrap().is_refused());
    assert_eq!(s.active_label.as_deref(), Some("target"));
    assert!(s.label_key('7').is_none());
}

#[test]
fn undo_and_redo_restore_the_selection() {
    let (_t, mut s) = session_with(default_labels(), &[("a", TEXT), ("b", TEXT)]);
    s.selection.select_range(9, 25, 52);
    let before = s.selection.clone();
    s.apply_label("person");
    let after = s.selection.clone();
    assert!(after.selected_span.is_some());
    s.open_document(1);
    assert!(!s.undo().is_refused());
    assert_eq!(s.current, Some(0), "undo goes back to the document");
    assert_eq!(s.selection, before);
    assert!(!s.redo().is_refused());
    assert_eq!(s.selection, after);
}

#[test]
fn adding_documents_is_one_undo_step_and_older_steps_still_undo() {
    let (t, mut s) = session_with(default_labels(), &[("a", TEXT)]);
    s.selection.select_range(9, 25, 52);
    s.apply_label("person");
    let file = t.path().join("new.txt");
    std::fs::write(&file, "Ông Lê Văn Tám phát biểu.").unwrap();
    let r = s.add_files(&[file], &mut |_, _| {}).unwrap();
    assert_eq!(r.documents, 1);
    assert_eq!(s.workspace.project.documents.len(), 2);
    s.save().unwrap();
    assert!(t.path().join("p/docs/new.ron").exists());
    s.undo();
    assert_eq!(s.workspace.project.documents.len(), 1);
    s.undo();
    assert!(s.workspace.project.documents[0].spans.is_empty());
    s.save().unwrap();
    assert!(
        !t.path().join("p/docs/new.ron").exists(),
        "an undone addition leaves no file behind"
    );
    let reloaded = Session::open(&t.path().join("p")).unwrap();
    assert_eq!(reloaded.workspace.project, s.workspace.project);
}

#[test]
fn an_import_is_undone_whole_and_history_before_it_still_applies() {
    let (t, mut s) = session_with(default_labels(), &[("a", TEXT)]);
    s.selection.select_range(9, 25, 52);
    s.apply_label("person");
    let with_span = s.workspace.project.clone();
    let file = t.path().join("in.jsonl");
    std::fs::write(
        &file,
        format!(
            "{}\n{}\n",
            serde_json::json!({"text": TEXT, "label": [[27, 41, "position"]]}),
            serde_json::json!({"id": "x", "text": "Ông Tám, Chủ tịch.", "label": [[0, 7, "org"]]})
        ),
    )
    .unwrap();
    let opts = crate::formats::ImportOptions {
        offsets: crate::text::offsets::OffsetUnit::Chars,
        add_labels: true,
    };
    s.import(
        crate::formats::Format::Doccano,
        &file,
        &opts,
        &Default::default(),
    )
    .unwrap();
    assert_eq!(s.workspace.project.documents.len(), 2);
    assert!(s.workspace.project.label("org").is_some());
    assert_eq!(s.workspace.project.documents[0].spans.len(), 2);
    assert!(!s.undo().is_refused());
    assert_eq!(s.workspace.project, with_span);
    assert!(!s.undo().is_refused(), "the step before the import undoes");
    assert!(s.workspace.project.documents[0].spans.is_empty());
    s.redo();
    s.redo();
    assert_eq!(s.workspace.project.documents.len(), 2);
}

#[test]
fn empty_input_is_refused_like_on_the_command_line() {
    let (t, mut s) = session_with(default_labels(), &[]);
    let empty = t.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let e = s.add_files(&[empty], &mut |_, _| {}).unwrap_err();
    assert!(e.is_input(), "{e}");
    let missing = t.path().join("missing.txt");
    let e = s.add_files(&[missing], &mut |_, _| {}).unwrap_err();
    assert!(!e.is_input());
    assert!(error_text(&e).contains("missing.txt"), "{}", error_text(&e));
}

#[test]
fn draft_resize_and_accept_marks_corrected() {
    let (_t, mut s) = session_with(default_labels(), &[("d", TEXT)]);
    let n = s.suggest(s.document_ids(false), &crate::suggest::Engine::DEFAULT);
    assert!(!n.is_refused(), "{n:?}");
    let doc = s.document().unwrap();
    assert!(!doc.suggestions.is_empty());
    let tokens = crate::text::tokenize(&doc.text);
    s.step_suggestion(true);
    let (start, end, _) = s.selection.draft.clone().unwrap();
    s.move_edge(&tokens, crate::edit::bulk::Edge::End, false);
    let (_, end2, _) = s.selection.draft.clone().unwrap();
    if end2 < end {
        s.accept_suggestion();
        let span = s
            .document()
            .unwrap()
            .spans
            .iter()
            .find(|x| x.start == start)
            .unwrap();
        assert_eq!(span.origin.kind(), "corrected");
    }
}

#[test]
fn stats_count_by_status_and_origin() {
    let (_t, mut s) = session_with(default_labels(), &[("a", TEXT), ("b", TEXT)]);
    s.selection.select_range(9, 25, 52);
    s.apply_label("person");
    let st = Stats::of(&s.workspace.project);
    assert_eq!(st.by_status, [1, 1, 0]);
    assert_eq!(st.by_label[0], ("person".into(), [1, 0, 0, 0, 0]));
    assert!(st.to_string().contains("person"));
}

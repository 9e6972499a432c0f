//! Relation operations without a window.

use super::super::*;
use super::describe;
use crate::model::default_labels;
use crate::store::ProjectDir;

/// "Đồng chí [person: Nguyễn Quốc Đoàn], [position: Ủy viên Trung ương Đảng],
/// [position: Bí thư Tỉnh ủy] cho biết [metric: GRDP tăng 7%]."
const TEXT: &str =
    "Đồng chí Nguyễn Quốc Đoàn, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy cho biết GRDP tăng 7%.";

fn session() -> (tempfile::TempDir, Session) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    let (mut project, dir) = ProjectDir::create(&root, "p", default_labels()).unwrap();
    project.documents.push(Document::new("d", TEXT));
    let ws = Workspace::from_parts(project, dir);
    let mut s = Session::new(ws);
    for (a, b, l) in [
        (9, 25, "person"),
        (27, 50, "position"),
        (52, 66, "position"),
        (76, 88, "metric"),
    ] {
        s.selection.select_range(a, b, 89);
        assert!(!s.add_span(a, b, l).is_refused());
    }
    (tmp, s)
}

fn rels(s: &Session) -> Vec<(u64, String, u64, u64)> {
    s.document()
        .unwrap()
        .relations
        .iter()
        .map(|r| (r.id, r.label.clone(), r.from, r.to))
        .collect()
}

#[test]
fn keyboard_link_picks_the_nearest_span_tabs_and_orients_the_type() {
    let (_t, mut s) = session();
    // From the second title: the link is made backwards to the person.
    let title = s.document().unwrap().spans[2].clone();
    s.selection.select_span(&title);
    let n = s.start_link();
    assert!(!n.is_refused(), "{n:?}");
    // Nearest is the first title (a position cannot link a position), so
    // the proposal is the metric or the person; Tab cycles in text order.
    let (from, to) = s.selection.link.unwrap();
    assert_eq!(from, title.id);
    let to_text = s
        .document()
        .unwrap()
        .span(to.unwrap())
        .unwrap()
        .text
        .clone();
    assert_eq!(to_text, "GRDP tăng 7%");
    s.move_link(true);
    let to = s.selection.link.unwrap().1.unwrap();
    assert_eq!(
        s.document().unwrap().span(to).unwrap().text,
        "Nguyễn Quốc Đoàn"
    );
    // One type fits person/position: Enter takes it, oriented person -> title.
    let n = s.finish_link(None);
    assert!(!n.is_refused(), "{n:?}");
    assert_eq!(rels(&s), [(1, "holds".to_owned(), 1, 3)]);
    assert!(s.selection.link.is_none());
    // Undo brings the selection back and removes the relation.
    s.undo();
    assert!(rels(&s).is_empty());
}

#[test]
fn hotkey_must_fit_and_relabel_delete_undo() {
    let (_t, mut s) = session();
    let metric = s.document().unwrap().spans[3].clone();
    s.selection.select_span(&metric);
    s.start_link();
    // Nearest to the metric is the second title.
    let n = s.finish_link(Some('h'));
    assert!(n.is_refused(), "holds does not fit metric/position: {n:?}");
    assert!(!s.finish_link(Some('r')).is_refused());
    assert_eq!(rels(&s), [(1, "reported-by".to_owned(), 4, 3)]);
    let rows = s.selected_relations();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].outgoing);
    assert_eq!(rows[0].other.text, "Bí thư Tỉnh ủy");
    // Relabel to a type that does not fit: refused, nothing changes.
    assert!(s.relabel_relation(1, "holds").is_refused());
    assert_eq!(s.next_relation_type(1), None);
    assert!(!s.set_relation_note(1, "elected\u{7}").is_refused());
    assert_eq!(s.document().unwrap().relations[0].note, "elected");
    assert!(!s.delete_relation(1).is_refused());
    assert!(rels(&s).is_empty());
    s.undo();
    assert_eq!(rels(&s).len(), 1);
}

#[test]
fn deleting_a_span_deletes_its_relations_and_one_undo_restores_both() {
    let (_t, mut s) = session();
    assert!(!s.add_relation("holds", 1, 2).is_refused());
    assert!(!s.add_relation("holds", 1, 3).is_refused());
    let person = s.document().unwrap().spans[0].clone();
    s.selection.select_span(&person);
    let n = s.delete_span();
    assert!(!n.is_refused(), "{n:?}");
    assert!(rels(&s).is_empty());
    assert_eq!(s.document().unwrap().spans.len(), 3);
    s.undo();
    assert_eq!(rels(&s).len(), 2);
    assert_eq!(s.document().unwrap().spans.len(), 4);
    // A new relation gets a new id, never 1 or 2 again.
    s.delete_relation(2);
    assert!(!s.add_relation("holds", 1, 3).is_refused());
    assert_eq!(rels(&s).last().unwrap().0, 3);
}

#[test]
fn relabeling_a_linked_span_is_refused_with_the_reason() {
    let (_t, mut s) = session();
    s.add_relation("holds", 1, 2);
    let title = s.document().unwrap().spans[1].clone();
    s.selection.select_span(&title);
    let n = s.apply_label("metric");
    assert!(n.is_refused());
    assert!(n.text().contains("delete that relation first"), "{n:?}");
    assert_eq!(s.document().unwrap().spans[1].label, "position");
}

#[test]
fn suggest_proposes_relations_and_review_accepts_and_rejects() {
    let (_t, mut s) = session();
    let ids = s.document_ids(false);
    s.suggest(ids, &[crate::suggest::Engine::RulesVi]);
    let open = s.document().unwrap().relation_suggestions.clone();
    let described: Vec<String> = open
        .iter()
        .map(|r| describe(s.document().unwrap(), r))
        .collect();
    assert!(
        described.contains(&"holds \"Nguyễn Quốc Đoàn\" → \"Bí thư Tỉnh ủy\"".to_owned()),
        "{described:?}"
    );
    assert!(
        described.contains(&"reported-by \"GRDP tăng 7%\" → \"Nguyễn Quốc Đoàn\"".to_owned()),
        "{described:?}"
    );
    let n = open.len();
    s.step_relation_suggestion(true);
    assert!(s.selection.relation_suggestion.is_some());
    assert!(!s.accept_relation_suggestion().is_refused());
    assert_eq!(s.document().unwrap().relations.len(), 1);
    assert_eq!(s.document().unwrap().relation_suggestions.len(), n - 1);
    s.step_relation_suggestion(true);
    assert!(!s.reject_relation_suggestion().is_refused());
    assert_eq!(s.document().unwrap().rejected_relations.len(), 1);
    // Suggesting again proposes neither the accepted nor the rejected one.
    let ids = s.document_ids(false);
    s.suggest(ids, &[crate::suggest::Engine::RulesVi]);
    assert_eq!(s.document().unwrap().relation_suggestions.len(), n - 2);
}

#[test]
fn settings_rename_delete_and_schema_checks() {
    let (_t, mut s) = session();
    s.add_relation("holds", 1, 2);
    assert!(!s.rename("position", "office", false).is_refused());
    assert_eq!(s.document().unwrap().spans[1].label, "office");
    assert!(!s.rename("holds", "giu", true).is_refused());
    assert_eq!(rels(&s)[0].1, "giu");
    // One undo per rename.
    s.undo();
    assert_eq!(rels(&s)[0].1, "holds");
    s.undo();
    assert_eq!(s.document().unwrap().spans[1].label, "position");
    // Delete refused while in use, unless with its uses.
    let n = s.delete_from_schema("holds", true, false);
    assert!(n.text().contains("used by 1 relation"), "{n:?}");
    assert!(!s.delete_from_schema("person", false, true).is_refused());
    assert!(rels(&s).is_empty());
    assert!(s.workspace.project.label("person").is_none());
    assert_eq!(s.workspace.project.relation_types.len(), 1);
    s.undo();
    assert_eq!(rels(&s).len(), 1);
    assert_eq!(s.workspace.project.relation_types.len(), 2);
    // Duplicate hotkeys are refused by the same checks as at load.
    let mut labels = s.workspace.project.labels.clone();
    labels[1].hotkey = Some('1');
    let types = s.workspace.project.relation_types.clone();
    let n = s.set_schema(labels, types);
    assert!(n.text().contains("hotkey"), "{n:?}");
}

//! The RON project folder: round trips, atomic saves, and every load error.

mod common;

use common::*;
use gloss::model::{Origin, Status};
use gloss::store::{ProjectDir, CURRENT_VERSION};
use std::path::Path;

fn edit_file(dir: &Path, rel: &str, from: &str, to: &str) {
    let p = dir.join(rel);
    let s = std::fs::read_to_string(&p).unwrap();
    assert!(s.contains(from), "{from:?} not in {rel}");
    std::fs::write(&p, s.replacen(from, to, 1)).unwrap();
}

/// Loads a broken project and checks that the error says `expected` and that
/// no file changed.
fn assert_load_fails(dir: &Path, expected: &[&str]) {
    let before = snapshot(dir);
    let err = ProjectDir::load(dir).unwrap_err().to_string();
    for e in expected {
        assert!(err.contains(e), "expected {e:?} in:\n{err}");
    }
    assert!(err.contains("fix:"), "no fix in:\n{err}");
    assert_eq!(snapshot(dir), before, "a failed load changed files");
}

#[test]
fn load_then_save_changes_no_byte() {
    let (_tmp, dir) = sample_copy();
    let before = snapshot(&dir);
    let (project, mut store) = ProjectDir::load(&dir).unwrap();
    assert!(!store.is_dirty(&project));
    let report = store.save(&project).unwrap();
    assert!(report.written.is_empty());
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn saved_files_are_canonical() {
    // The committed sample is exactly what Gloss writes, so diffs stay clean.
    let (_tmp, dir) = sample_copy();
    let (project, _) = ProjectDir::load(&dir).unwrap();
    let doc = gloss::store::DocumentFile {
        format_version: CURRENT_VERSION,
        document: project.documents[0].clone(),
    };
    let written = std::fs::read_to_string(dir.join(SAMPLE_DOC)).unwrap();
    assert!(written.starts_with(&format!(
        "(\n  format_version: {CURRENT_VERSION},\n  document: ("
    )));
    let reread: gloss::store::DocumentFile = ron::from_str(&written).unwrap();
    assert_eq!(reread, doc);
}

#[test]
fn only_changed_documents_are_written_and_reload_is_identical() {
    let (_tmp, dir) = sample_copy();
    let (mut project, mut store) = ProjectDir::load(&dir).unwrap();
    let doc = &mut project.documents[0];
    doc.status = Status::InProgress;
    let span = gloss::edit::make_span(doc, 0, 3, "position", Origin::Manual).unwrap();
    doc.spans.push(span);
    assert!(store.is_dirty(&project));
    let report = store.save(&project).unwrap();
    let written: Vec<String> = report
        .written
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    assert_eq!(written, [SAMPLE_DOC, "project.ron"]);
    let (reloaded, _) = ProjectDir::load(&dir).unwrap();
    project.documents[0].sort_spans();
    assert_eq!(reloaded, project);
    // No temp files are left behind.
    assert!(snapshot(&dir)
        .iter()
        .all(|(p, _)| !p.to_string_lossy().contains(".gloss-")));
}

#[test]
fn truncated_project_ron_reports_line_and_column() {
    let (_tmp, dir) = sample_copy();
    let p = dir.join("project.ron");
    let s = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, &s[..s.len() / 2]).unwrap();
    let err = ProjectDir::load(&dir).unwrap_err();
    let first = &err.problems[0];
    assert!(first.position.is_some(), "{err}");
    assert_load_fails(
        &dir,
        &[
            "project.ron:",
            "RON syntax or type error",
            "restore it from git",
        ],
    );
}

#[test]
fn span_text_mismatch_names_document_and_span() {
    let (_tmp, dir) = sample_copy();
    edit_file(
        &dir,
        SAMPLE_DOC,
        "text: \"Nguyễn Quốc Đoàn\"",
        "text: \"Nguyen Quoc Doan\"",
    );
    assert_load_fails(
        &dir,
        &[
            "document \"baolangson-546048\", span 1:",
            "does not match the document text",
            "\"Nguyễn Quốc Đoàn\"",
        ],
    );
}

#[test]
fn span_past_the_end_and_unknown_label() {
    let (_tmp, dir) = sample_copy();
    let (project, _) = ProjectDir::load(&dir).unwrap();
    let last = project.documents[0].spans.last().unwrap().clone();
    edit_file(
        &dir,
        SAMPLE_DOC,
        &format!("end: {},", last.end),
        "end: 999999,",
    );
    edit_file(&dir, SAMPLE_DOC, "label: \"metric\"", "label: \"figure\"");
    assert_load_fails(
        &dir,
        &[
            "past the end of the text",
            "unknown label \"figure\"",
            "add the label",
        ],
    );
    // Both problems are reported at once.
    assert_eq!(ProjectDir::load(&dir).unwrap_err().problems.len(), 2);
}

#[test]
fn future_format_version_is_refused() {
    let (_tmp, dir) = sample_copy();
    edit_file(
        &dir,
        "project.ron",
        &format!("format_version: {CURRENT_VERSION}"),
        "format_version: 7",
    );
    assert_load_fails(
        &dir,
        &[
            "format version 7 was written by a newer Gloss",
            "update Gloss",
        ],
    );
}

#[test]
fn missing_document_file_and_missing_project() {
    let (_tmp, dir) = sample_copy();
    std::fs::remove_file(dir.join(SAMPLE_DOC)).unwrap();
    assert_load_fails(&dir, &["baolangson-546048.ron: cannot be read"]);
    let empty = tempfile::tempdir().unwrap();
    assert_load_fails(empty.path(), &["project.ron: cannot be read", "gloss new"]);
}

#[test]
fn version_0_is_migrated() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v0-project"),
        tmp.path(),
    );
    let (project, mut store) = ProjectDir::load(tmp.path()).unwrap();
    let names: Vec<_> = project.labels.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["person", "position", "org"]);
    assert_eq!(project.labels[2].hotkey, Some('3'));
    assert!(project.labels[0]
        .description
        .contains("name of a specific person"));
    assert_eq!(project.documents[0].spans[0].text, "Lê Văn Tám");
    // Saving writes the current version.
    store.save(&project).unwrap();
    let s = std::fs::read_to_string(tmp.path().join("project.ron")).unwrap();
    assert!(s.contains("format_version: 4,"));
    // Version 3 adds the default relation types the labels allow: holds
    // (person -> position); reported-by has no metric or target here.
    let types: Vec<_> = project
        .relation_types
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(types, ["holds"]);
    assert_eq!(ProjectDir::load(tmp.path()).unwrap().0, project);
}

#[test]
fn create_refuses_an_existing_project() {
    let (_tmp, dir) = sample_copy();
    let err = ProjectDir::create(&dir, "x", gloss::model::default_labels()).unwrap_err();
    assert!(err.to_string().contains("already exists"));
}

#[test]
fn the_example_in_format_md_loads() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/FORMAT.md"))
        .unwrap();
    let blocks: Vec<&str> = doc
        .split("```ron\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .collect();
    assert_eq!(blocks.len(), 2);
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("docs")).unwrap();
    std::fs::write(tmp.path().join("project.ron"), blocks[0]).unwrap();
    std::fs::write(tmp.path().join("docs/tin-ngan.ron"), blocks[1]).unwrap();
    let (project, _) = ProjectDir::load(tmp.path()).unwrap();
    let spans: Vec<&str> = project.documents[0]
        .spans
        .iter()
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(spans, ["Nguyễn Quốc Đoàn", "Bí thư Tỉnh ủy"]);
}

#[test]
fn version_1_reads_every_field_and_is_saved_as_version_4() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1-project"),
        tmp.path(),
    );
    let before_doc = std::fs::read(tmp.path().join("docs/a.ron")).unwrap();
    let (project, mut store) = ProjectDir::load(tmp.path()).unwrap();
    let d = &project.documents[0];
    assert_eq!(d.status, gloss::model::Status::InProgress);
    assert_eq!(d.meta.date.as_deref(), Some("2023-05-01"));
    assert!(d.cleanup.bom_removed && !d.cleanup.nfc_normalized);
    assert_eq!(d.spans[0].origin.kind(), "corrected");
    assert_eq!(d.spans[1].origin.kind(), "imported");
    assert_eq!(d.spans[1].note, "ghi chú");
    assert_eq!(d.suggestions[0].text, "Hà Thị Mai");
    assert_eq!(d.rejected[0].text, "Lê Văn");
    // Saving writes version 4, which differs from version 1 only in the
    // version line (the new fields are absent when empty).
    let report = store.save(&project).unwrap();
    assert_eq!(report.written.len(), 2, "{:?}", report.written);
    let after = std::fs::read_to_string(tmp.path().join("docs/a.ron")).unwrap();
    assert_eq!(
        after,
        String::from_utf8(before_doc)
            .unwrap()
            .replace("format_version: 1,", "format_version: 4,")
    );
    assert_eq!(ProjectDir::load(tmp.path()).unwrap().0, project);
}

#[test]
fn version_2_keeps_layout_and_extra_meta_and_is_saved_as_version_4() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v2-project"),
        tmp.path(),
    );
    let (project, mut store) = ProjectDir::load(tmp.path()).unwrap();
    let d = &project.documents[0];
    assert_eq!(d.meta.extra["annotator"], "\"lan\"");
    let layout = d.layout.as_ref().unwrap();
    assert_eq!(layout.tokens, [(0, 3), (4, 8)]);
    let report = store.save(&project).unwrap();
    assert_eq!(report.written.len(), 2, "{:?}", report.written);
    let after = std::fs::read_to_string(tmp.path().join("docs/a.ron")).unwrap();
    assert!(after.starts_with("(\n  format_version: 4,"), "{after}");
    assert!(!after.contains("relations"), "{after}");
    let index = std::fs::read_to_string(tmp.path().join("project.ron")).unwrap();
    assert!(
        index.contains("relation_types: [\n    (\n      name: \"holds\","),
        "{index}"
    );
    assert_eq!(ProjectDir::load(tmp.path()).unwrap().0, project);
}

#[test]
fn version_3_keeps_relations_and_is_saved_as_version_4() {
    let tmp = tempfile::tempdir().unwrap();
    let before_doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v3-project/docs/a.ron"),
    )
    .unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v3-project"),
        tmp.path(),
    );
    let (project, mut store) = ProjectDir::load(tmp.path()).unwrap();
    let d = &project.documents[0];
    let rels: Vec<_> = d
        .relations
        .iter()
        .map(|r| (r.id, r.label.as_str(), r.from, r.to))
        .collect();
    assert_eq!(rels, [(1, "holds", 1, 2), (3, "holds", 1, 3)]);
    // Relation 2 was deleted: its id is not given again.
    assert_eq!(d.last_relation_id, 3);
    assert_eq!(d.next_relation_id(), 4);
    assert_eq!(d.relations[1].note, "former");
    assert_eq!(d.relation_suggestions.len(), 1);
    assert_eq!(d.rejected_relations.len(), 1);
    // Version 4 differs from version 3 only in the version line (the team
    // fields are absent while there is no team).
    let report = store.save(&project).unwrap();
    assert_eq!(report.written.len(), 2, "{:?}", report.written);
    let after = std::fs::read_to_string(tmp.path().join("docs/a.ron")).unwrap();
    assert_eq!(
        after,
        before_doc.replace("format_version: 3,", "format_version: 4,")
    );
    assert!(store.save(&project).unwrap().written.is_empty());
}

#[test]
fn a_save_after_one_edit_writes_only_that_document() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let (mut project, mut store) =
        ProjectDir::create(&dir, "p", gloss::model::default_labels()).unwrap();
    for i in 0..20 {
        let mut d = gloss::model::Document::new(&format!("d{i}"), "Ông Lê Văn Tám đến.");
        d.status = Status::InProgress;
        project.documents.push(d);
    }
    store.save(&project).unwrap();
    drop(store);
    let before = snapshot(&dir);
    let mut ws = gloss::store::Workspace::open(&dir).unwrap();
    let doc = ws.project.document("d7").unwrap();
    let span = gloss::edit::make_span(doc, 4, 14, "person", Origin::Manual).unwrap();
    ws.apply(gloss::edit::Transaction::single(
        "add",
        gloss::edit::Edit::AddSpan {
            doc: "d7".into(),
            span,
        },
    ))
    .unwrap();
    let report = ws.save().unwrap();
    assert_eq!(report.written, [std::path::PathBuf::from("docs/d7.ron")]);
    let after: std::collections::BTreeMap<_, _> = snapshot(&dir).into_iter().collect();
    let changed: Vec<_> = before
        .iter()
        .filter(|(name, content)| after.get(name) != Some(content))
        .map(|(name, _)| name.strip_prefix(&dir).unwrap().to_owned())
        .collect();
    assert_eq!(
        changed,
        [std::path::PathBuf::from("docs/d7.ron")],
        "every other file is byte-identical"
    );
}

#[test]
fn bad_relations_are_load_errors_with_file_place_and_fix() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v3-project");
    for (from, to, says) in [
        // Reversed ends: position -> person.
        (
            "from: 1,\n        to: 2,",
            "from: 2,\n        to: 1,",
            "relation 1: holds goes from a position span",
        ),
        // A span that is not there.
        (
            "from: 1,\n        to: 2,",
            "from: 1,\n        to: 7,",
            "relation 1: points at span 7",
        ),
        // An unknown type.
        (
            "label: \"holds\",\n        from: 1,\n        to: 2,",
            "label: \"owns\",\n        from: 1,\n        to: 2,",
            "unknown relation type \"owns\"",
        ),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        copy_dir(&fixture, tmp.path());
        edit_file(tmp.path(), "docs/a.ron", from, to);
        assert_load_fails(tmp.path(), &["docs/a.ron", says]);
    }
    // A relation type allowing a label the project does not have.
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture, tmp.path());
    edit_file(
        tmp.path(),
        "project.ron",
        "to: [\n        \"position\",",
        "to: [\n        \"office\",",
    );
    assert_load_fails(
        tmp.path(),
        &["project.ron", "allows label \"office\"", "no such label"],
    );
}

#[test]
fn files_the_index_does_not_name_are_found_and_only_good_documents_adopted() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let (mut project, mut store) =
        ProjectDir::create(&dir, "p", gloss::model::default_labels()).unwrap();
    for id in ["a", "b", "c"] {
        project
            .documents
            .push(gloss::model::Document::new(id, "Ông Lê Văn Tám đến."));
    }
    store.save(&project).unwrap();
    // The index loses b and c (as if the crash came before it named them);
    // c's file is broken, a saved copy and a temporary file lie beside them.
    let b_text = std::fs::read(dir.join("docs/b.ron")).unwrap();
    let mut index = project.clone();
    index.documents.truncate(1);
    store.save(&index).unwrap();
    std::fs::write(dir.join("docs/b.ron"), b_text).unwrap();
    std::fs::write(dir.join("docs/c.ron"), "(format_version: 3, document: (").unwrap();
    std::fs::write(dir.join("docs/a.mine-20260101.ron"), "copy").unwrap();
    std::fs::write(dir.join("docs/.gloss-x1.tmp"), "half").unwrap();
    let (loaded, _) = ProjectDir::load(&dir).unwrap();
    assert_eq!(loaded.documents.len(), 1);
    let found = gloss::store::orphans::find(&dir, &loaded).unwrap();
    let ids: Vec<&str> = found.adoptable.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["b"]);
    assert_eq!(found.unreadable.len(), 1);
    assert!(found.unreadable[0].file.ends_with("docs/c.ron"));
    assert!(found.unreadable[0].position.is_some(), "names the place");
    assert_eq!(
        found.temp_files,
        [std::path::PathBuf::from("docs/.gloss-x1.tmp")]
    );
    let mut ws = gloss::store::Workspace::open(&dir).unwrap();
    ws.adopt_unlisted(found.adoptable).unwrap();
    let (after, _) = ProjectDir::load(&dir).unwrap();
    let ids: Vec<&str> = after.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(after.documents[1], project.documents[1]);
    assert_eq!(
        std::fs::read_to_string(dir.join("docs/c.ron")).unwrap(),
        "(format_version: 3, document: (",
        "a file that cannot be taken is left alone"
    );
}

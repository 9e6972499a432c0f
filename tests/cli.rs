//! The `gloss` command line: every command, its output and exit codes.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn gloss(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .env("DISPLAY", "")
        .env("WAYLAND_DISPLAY", "")
        .output()
        .unwrap()
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn new_add_check_stats() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("proj");
    let o = gloss(&["new", p(&dir), "--labels", "person,org"]);
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    let pr = std::fs::read_to_string(dir.join("project.ron")).unwrap();
    assert!(pr.contains("name: \"org\"") && pr.contains("hotkey: Some('2')"));

    let src = tmp.path().join("in");
    std::fs::create_dir_all(src.join("sub")).unwrap();
    std::fs::write(
        src.join("a.txt"),
        b"\xEF\xBB\xBFTin m\xE1\xBB\x9Bi\r\nN\xE1\xBB\x99i dung",
    )
    .unwrap();
    std::fs::write(src.join("sub/b.md"), "# Bài hai\nNội dung 😀").unwrap();
    std::fs::write(src.join("c.jsonl"), "{\"id\": \"x1\", \"text\": \"Một\", \"meta\": {\"author\": \"An\"}}\n\n{\"text\": \"Hai\\nba\", \"title\": \"T\"}\n").unwrap();
    std::fs::write(src.join("ignored.png"), b"\x89PNG").unwrap();
    let o = gloss(&["add", p(&dir), p(&src)]);
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    assert!(text(&o).0.contains("Added 4 document(s)"));

    let (project, _) = gloss::store::ProjectDir::load(&dir).unwrap();
    let ids: Vec<_> = project.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["a", "x1", "hai", "b"]);
    assert_eq!(project.documents[0].text, "Tin mới\nNội dung");
    assert!(
        project.documents[0].cleanup.bom_removed && project.documents[0].cleanup.line_endings_fixed
    );
    assert_eq!(project.documents[1].meta.author.as_deref(), Some("An"));
    assert_eq!(project.documents[2].title, "T");

    let o = gloss(&["check", p(&dir)]);
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o).0.starts_with("OK: 4 document(s), 0 span(s)"));

    let o = gloss(&["stats", p(&common::sample())]);
    assert_eq!(o.status.code(), Some(0));
    let out = text(&o).0;
    assert!(out.contains("done             1"), "{out}");
    assert!(
        out.contains("position            18         0         0         0         0        18"),
        "{out}"
    );
}

#[test]
fn add_refuses_bad_files_and_adds_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("proj");
    assert_eq!(gloss(&["new", p(&dir)]).status.code(), Some(0));
    let before = common::snapshot(&dir);
    let good = tmp.path().join("good.txt");
    let cp1258 = tmp.path().join("old.txt");
    let empty = tmp.path().join("empty.txt");
    let bad_json = tmp.path().join("bad.jsonl");
    std::fs::write(&good, "Fine").unwrap();
    std::fs::write(&cp1258, b"Vi\xEAt Nam").unwrap();
    std::fs::write(&empty, b"").unwrap();
    std::fs::write(&bad_json, "{\"text\": \"ok\"}\n{\"text\": 5}\n").unwrap();
    let o = gloss(&[
        "add",
        p(&dir),
        p(&good),
        p(&cp1258),
        p(&empty),
        p(&bad_json),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o).1;
    assert!(err.contains("nothing was added: 3 file(s)"), "{err}");
    assert!(
        err.contains("old.txt: is not UTF-8 text: invalid byte 0xEA at byte offset 2"),
        "{err}"
    );
    assert!(err.contains("empty.txt: is empty"), "{err}");
    assert!(
        err.contains("bad.jsonl:2: field \"text\" is missing or not a string"),
        "{err}"
    );
    assert_eq!(common::snapshot(&dir), before);
}

#[test]
fn check_reports_problems_with_exit_1_and_touches_nothing() {
    let (_tmp, dir) = common::sample_copy();
    let doc = dir.join(common::SAMPLE_DOC);
    let s = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(
        &doc,
        s.replacen("label: \"person\"", "label: \"persona\"", 1),
    )
    .unwrap();
    let before = common::snapshot(&dir);
    let o = gloss(&["check", p(&dir)]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o).1;
    assert!(err.contains("unknown label \"persona\""), "{err}");
    assert!(err.contains("baolangson-546048.ron"), "{err}");
    // `add` on a broken project refuses too, and nothing is overwritten.
    let extra = dir.join("extra.txt");
    std::fs::write(&extra, "x").unwrap();
    assert_eq!(gloss(&["add", p(&dir), p(&extra)]).status.code(), Some(1));
    std::fs::remove_file(&extra).unwrap();
    assert_eq!(common::snapshot(&dir), before);
}

#[test]
fn usage_and_io_errors_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(gloss(&["frobnicate", "x", "y"]).status.code(), Some(2));
    assert_eq!(gloss(&["add"]).status.code(), Some(2));
    let o = gloss(&["check", p(&tmp.path().join("nowhere"))]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o).1;
    assert!(
        err.starts_with("error: no Gloss project here") && err.trim_end().ends_with("nowhere"),
        "{err}"
    );
    assert_eq!(gloss(&["new", p(&common::sample())]).status.code(), Some(2));
    assert_eq!(
        gloss(&["new", p(&tmp.path().join("q")), "--labels", "a b"])
            .status
            .code(),
        Some(2)
    );
    let o = gloss(&[
        "add",
        p(&common::sample()),
        p(&tmp.path().join("missing.txt")),
    ]);
    assert_eq!(o.status.code(), Some(2), "{:?}", text(&o));
}

#[test]
fn export_and_import_commands() {
    let (tmp, dir) = common::sample_copy();
    let out = tmp.path().join("train-set");
    let o = gloss(&[
        "export",
        p(&dir),
        "--format",
        "conll",
        "--out",
        p(&out),
        "--status",
        "done",
        "--split",
        "80,10,10",
        "--seed",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    assert!(text(&o).0.contains("Left out: 0 span(s)"));
    for part in [
        "train.conll",
        "dev.conll",
        "test.conll",
        "export-report.txt",
    ] {
        assert!(out.join(part).is_file(), "{part}");
    }
    let o = gloss(&["export", p(&dir), "--format", "xml", "--out", p(&out)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("invalid value 'xml'") && text(&o).1.contains("label-studio"));
    let o = gloss(&[
        "export",
        p(&dir),
        "--format",
        "conll",
        "--out",
        p(&out),
        "--offsets",
        "utf16",
    ]);
    assert_eq!(o.status.code(), Some(2));

    // Import a doccano file into a fresh project: a new document with its span.
    let fresh = tmp.path().join("fresh");
    assert_eq!(gloss(&["new", p(&fresh)]).status.code(), Some(0));
    let file = tmp.path().join("in.jsonl");
    std::fs::write(
        &file,
        "{\"id\": \"a1\", \"text\": \"Ông Lê Văn Tám đến.\", \"label\": [[4, 14, \"person\"]]}\n",
    )
    .unwrap();
    let o = gloss(&["import", p(&fresh), "--format", "doccano", p(&file)]);
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    assert!(text(&o).0.contains("1 new document(s)"));
    let (project, _) = gloss::store::ProjectDir::load(&fresh).unwrap();
    assert_eq!(project.documents[0].id, "a1");
    assert_eq!(project.documents[0].spans[0].text, "Lê Văn Tám");

    // A bad file: exit 1, nothing written.
    let before = common::snapshot(&fresh);
    std::fs::write(&file, "{\"text\": \"abc\", \"label\": [[0, 2, \"person\"]]}\n{\"text\": \"x\", \"label\": [[0, 5, \"person\"]]}\n").unwrap();
    let o = gloss(&["import", p(&fresh), "--format", "doccano", p(&file)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).1.contains("nothing was imported") && text(&o).1.contains("in.jsonl:2:"),
        "{:?}",
        text(&o)
    );
    assert_eq!(common::snapshot(&fresh), before);
}

#[test]
fn without_a_display_the_gui_says_so_and_points_to_the_cli() {
    let o = gloss(&[p(&common::sample())]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o).1;
    assert!(
        err.starts_with("error: no display found") && err.contains("gloss check"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

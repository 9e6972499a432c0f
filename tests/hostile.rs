//! Project folders from someone else are untrusted input: traversal ids,
//! absolute paths, symlinks out of the folder, a 200 MB document, deeply
//! nested RON, control and bidi characters. Each is refused with a clear,
//! escaped message (or, for free text, loaded and shown escaped), nothing
//! outside the project folder is read or written, and nothing panics.

mod common;

use common::*;
use gloss::model::{default_labels, Document};
use gloss::store::{ProjectDir, Workspace};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name)
}

/// A copy of a hostile fixture at `<tmp>/a/b/<name>`, so that `../../..`
/// from its `docs/` lands in `<tmp>`, which the test controls.
fn fixture_copy(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("a/b").join(name);
    copy_dir(&fixture(name), &dir);
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    (tmp, dir)
}

fn gloss(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .env("DISPLAY", "")
        .env("WAYLAND_DISPLAY", "")
        .output()
        .unwrap()
}

/// No raw control character (but newlines) or bidi control in a message.
fn assert_escaped(message: &str) {
    let bad = message
        .chars()
        .find(|c| *c != '\n' && gloss::model::id::first_unsafe_char(&c.to_string()).is_some());
    assert!(bad.is_none(), "raw {bad:?} in message:\n{message}");
}

/// Every entry below `dir` (links not followed) with, for files, size and
/// time: cheap even with a 200 MB file in it.
fn state(dir: &Path) -> Vec<(PathBuf, u64, Option<std::time::SystemTime>)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_owned()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let m = std::fs::symlink_metadata(&p).unwrap();
            // A folder's time changes when the lock file comes and goes.
            if m.is_dir() {
                todo.push(p.clone());
                out.push((p, 0, None));
            } else {
                out.push((p, m.len(), m.modified().ok()));
            }
        }
    }
    out.sort();
    out
}

/// Loads `dir`, expecting a failure that says all of `expected`, names a
/// fix, is escaped, and changed no file below `watch`.
fn assert_refused(dir: &Path, watch: &Path, expected: &[&str]) -> String {
    let before = state(watch);
    let err = ProjectDir::load(dir).unwrap_err().to_string();
    for e in expected {
        assert!(err.contains(e), "expected {e:?} in:\n{err}");
    }
    assert!(err.contains("fix:"), "no fix in:\n{err}");
    assert_escaped(&err);
    // Opening the workspace (which takes the lock) fails the same way and
    // leaves no lock file behind.
    assert!(Workspace::open(dir).is_err());
    assert_eq!(state(watch), before, "a refused load changed files");
    err
}

/// A valid document file with this id (what an attacker would plant).
fn planted(id: &str) -> String {
    let mut doc = Document::new(id, "Bí mật");
    doc.note = "outside the project".into();
    let file = gloss::store::DocumentFile {
        format_version: 1,
        document: doc,
    };
    ron::ser::to_string(&file).unwrap()
}

#[test]
fn traversal_id_is_refused_and_the_fix_is_safe() {
    let (tmp, dir) = fixture_copy("traversal");
    // Where `docs/../../../tmp/pwned.ron` leads: a valid document waits there.
    std::fs::create_dir_all(tmp.path().join("tmp")).unwrap();
    std::fs::write(
        tmp.path().join("tmp/pwned.ron"),
        planted("../../../tmp/pwned"),
    )
    .unwrap();
    let err = assert_refused(
        &dir,
        tmp.path(),
        &[
            "project.ron",
            "document id \"../../../tmp/pwned\"",
            "it was not read",
            "id: \"tmp-pwned\"",
            "file: \"docs/tmp-pwned.ron\"",
        ],
    );
    assert!(!err.contains("outside the project"), "{err}");
    // `gloss check` no longer says OK, and the fix it prints loads.
    let o = gloss(&["check", dir.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("id: \"tmp-pwned\""), "{stderr}");
    let fixed = std::fs::read_to_string(dir.join("project.ron"))
        .unwrap()
        .replace("../../../tmp/pwned", "tmp-pwned")
        .replace("docs/../../../tmp/pwned.ron", "docs/tmp-pwned.ron");
    std::fs::write(dir.join("project.ron"), fixed).unwrap();
    std::fs::write(dir.join("docs/tmp-pwned.ron"), planted("tmp-pwned")).unwrap();
    let o = gloss(&["check", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{:?}", o);
}

#[test]
fn absolute_paths_are_refused() {
    let (tmp, dir) = fixture_copy("absolute");
    assert_refused(
        &dir,
        tmp.path(),
        &["is listed with file \"/etc/passwd\"", "docs/passwd.ron"],
    );
    let (tmp, dir) = fixture_copy("absolute-id");
    assert_refused(
        &dir,
        tmp.path(),
        &[
            "document id \"/etc/passwd\"",
            "only ASCII letters",
            "etc-passwd",
        ],
    );
    let (tmp, dir) = fixture_copy("dot-id");
    assert_refused(&dir, tmp.path(), &["document id \"..\"", "id: \"doc\""]);
}

#[test]
fn control_and_bidi_characters_in_ids_and_labels_are_refused_escaped() {
    let (tmp, dir) = fixture_copy("bidi-id");
    assert_refused(
        &dir,
        tmp.path(),
        &["\"report\\u{202e}fdp\"", "id: \"report-fdp\""],
    );
    let (tmp, dir) = fixture_copy("control-id");
    assert_refused(&dir, tmp.path(), &["\"a\\u{7}b\"", "'\\u{7}'"]);
    let (tmp, dir) = fixture_copy("bidi-label");
    assert_refused(
        &dir,
        tmp.path(),
        &["label \"per\\u{202e}son\"", "control or bidi character"],
    );
    // The CLI prints the same escaped text.
    let o = gloss(&["check", dir.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr.contains("per\\u{202e}son"), "{stderr}");
    assert_escaped(&stderr);
}

#[test]
fn bidi_and_control_characters_in_notes_load_and_are_escaped_in_messages() {
    let (_tmp, dir) = fixture_copy("bidi-note");
    let (project, _) = ProjectDir::load(&dir).unwrap();
    let doc = &project.documents[0];
    assert!(doc.note.contains('\u{202e}') && doc.note.contains('\u{7}'));
    assert!(doc.spans[0].note.contains('\u{2066}'));
    // A problem with that document shows its text escaped.
    let p = dir.join("docs/tin.ron");
    let s = std::fs::read_to_string(&p).unwrap();
    std::fs::write(
        &p,
        s.replace(
            "text: \"Nguyễn Quốc Đoàn\"",
            "text: \"Nguyễn\u{202e} Quốc\u{7}\"",
        ),
    )
    .unwrap();
    let err = ProjectDir::load(&dir).unwrap_err().to_string();
    assert!(err.contains("Nguyễn\\u{202e} Quốc\\u{7}"), "{err}");
    assert_escaped(&err);
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_folder_are_refused_for_reading_and_writing() {
    let tmp = tempfile::tempdir().unwrap();
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("d1.ron"), planted("d1")).unwrap();
    let dir = tmp.path().join("p");
    let (mut project, mut store) = ProjectDir::create(&dir, "p", default_labels()).unwrap();
    project.documents.push(Document::new("d1", "Tin"));
    store.save(&project).unwrap();

    // A document file that is a link to a file outside.
    std::fs::remove_file(dir.join("docs/d1.ron")).unwrap();
    std::os::unix::fs::symlink(outside.join("d1.ron"), dir.join("docs/d1.ron")).unwrap();
    let err = assert_refused(
        &dir,
        tmp.path(),
        &[
            "docs/d1.ron",
            "leads outside the project folder",
            "replace the link",
        ],
    );
    assert!(!err.contains("Bí mật"), "{err}");

    // `docs/` itself a link to a folder outside.
    std::fs::remove_file(dir.join("docs/d1.ron")).unwrap();
    std::fs::remove_dir(dir.join("docs")).unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("docs")).unwrap();
    assert_refused(&dir, tmp.path(), &["leads outside the project folder"]);

    // Writing through it is refused too: a new document is not created outside.
    let before = snapshot(&outside);
    let mut p2 = project.clone();
    p2.documents.push(Document::new("d2", "Hai"));
    let e = store.save(&p2).unwrap_err().to_string();
    assert!(e.contains("leads outside"), "{e}");
    assert_eq!(snapshot(&outside), before);
}

#[test]
fn a_bad_id_made_in_memory_is_never_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("a/b/p");
    let (mut project, mut store) = ProjectDir::create(&dir, "p", default_labels()).unwrap();
    let before = snapshot(tmp.path());
    for bad in ["../../../evil", "con", "x\u{202e}y", ""] {
        project.documents = vec![Document::new(bad, "Tin")];
        let e = store.save(&project).unwrap_err().to_string();
        assert!(e.contains("not saved") && e.contains("fix:"), "{e}");
        assert_escaped(&e);
    }
    // Two ids that are one file on Windows and macOS.
    project.documents = vec![Document::new("Tin", "a"), Document::new("tin", "b")];
    let e = store.save(&project).unwrap_err().to_string();
    assert!(e.contains("differ only in case"), "{e}");
    assert_eq!(snapshot(tmp.path()), before);
}

#[test]
fn ids_equal_but_for_case_are_refused_at_load() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let (mut project, mut store) = ProjectDir::create(&dir, "p", default_labels()).unwrap();
    project.documents.push(Document::new("tin", "a"));
    store.save(&project).unwrap();
    let index = dir.join("project.ron");
    let s = std::fs::read_to_string(&index).unwrap();
    let entry_start = s.find("    (\n      id: \"tin\"").unwrap();
    let entry_end = s[entry_start..].find("    ),\n").unwrap() + entry_start + 7;
    let entry = s[entry_start..entry_end].replace("tin", "Tin");
    let s = format!("{}{entry}{}", &s[..entry_end], &s[entry_end..]);
    std::fs::write(&index, s).unwrap();
    std::fs::write(dir.join("docs/Tin.ron"), planted("Tin")).unwrap();
    assert_refused(&dir, tmp.path(), &["differ only in case"]);
}

#[test]
fn a_200_mb_document_is_refused_without_being_read() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let (mut project, mut store) = ProjectDir::create(&dir, "p", default_labels()).unwrap();
    project.documents.push(Document::new("big", "Tin"));
    store.save(&project).unwrap();
    // Sparse: 200 MB long, no disk space used, and reading it would take
    // seconds and 200 MB of memory.
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(dir.join("docs/big.ron"))
        .unwrap();
    f.set_len(200 * 1024 * 1024).unwrap();
    drop(f);
    let started = std::time::Instant::now();
    assert_refused(
        &dir,
        tmp.path(),
        &[
            "docs/big.ron",
            "209715200 bytes, more than the size limit",
            "it was not read",
            "split the text",
        ],
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    // project.ron has the same limit.
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(dir.join("project.ron"))
        .unwrap();
    f.set_len(gloss::store::paths::MAX_FILE_BYTES + 1).unwrap();
    drop(f);
    assert_refused(
        &dir,
        tmp.path(),
        &["project.ron", "more than the size limit"],
    );
}

#[test]
fn deeply_nested_ron_is_an_error_not_a_stack_overflow() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let (mut project, mut store) = ProjectDir::create(&dir, "p", default_labels()).unwrap();
    project.documents.push(Document::new("deep", "Tin"));
    store.save(&project).unwrap();
    let depth = 200_000;
    let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    // In a field the reader ignores (header pass), in a known field, and in
    // project.ron.
    let doc = dir.join("docs/deep.ron");
    let s = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(
        &doc,
        s.replacen(
            &format!("format_version: {},", gloss::store::CURRENT_VERSION),
            &format!(
                "format_version: {}, junk: {nested},",
                gloss::store::CURRENT_VERSION
            ),
            1,
        ),
    )
    .unwrap();
    assert_refused(&dir, tmp.path(), &["docs/deep.ron", "nested too deeply"]);
    std::fs::write(
        &doc,
        s.replacen("spans: []", &format!("spans: {nested}"), 1),
    )
    .unwrap();
    std::fs::write(
        &doc,
        std::fs::read_to_string(&doc).unwrap().replacen(
            "note: \"\"",
            &format!("note: {nested}"),
            1,
        ),
    )
    .unwrap();
    assert_refused(
        &dir,
        tmp.path(),
        &["docs/deep.ron", "RON syntax or type error"],
    );
    let index = dir.join("project.ron");
    let s = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        s.replacen("labels: [", &format!("labels: [{nested}, "), 1),
    )
    .unwrap();
    assert_refused(
        &dir,
        tmp.path(),
        &["project.ron", "RON syntax or type error"],
    );
    std::fs::write(
        &index,
        s.replacen("name: \"p\",", &format!("name: \"p\", junk: {nested},"), 1),
    )
    .unwrap();
    assert_refused(&dir, tmp.path(), &["project.ron", "nested too deeply"]);
}

#[test]
fn exports_stay_inside_the_output_named() {
    use gloss::store::paths::join_inside;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    assert_eq!(
        join_inside(&out, Path::new("train/a.ann")).unwrap(),
        out.join("train/a.ann")
    );
    for bad in ["../a.ann", "/etc/passwd", "a/../../b"] {
        assert!(join_inside(&out, Path::new(bad)).is_err(), "{bad}");
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(tmp.path(), out.join("up")).unwrap();
        assert!(join_inside(&out, Path::new("up/a.ann")).is_err());
    }
}

#[cfg(unix)]
#[test]
fn an_export_folder_with_a_link_out_is_not_written_through() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let (mut project, mut store) = ProjectDir::create(&dir, "p", default_labels()).unwrap();
    project.documents.push(Document::new("d1", "Tin ngắn"));
    store.save(&project).unwrap();
    let outside = tmp.path().join("outside.txt");
    std::fs::write(&outside, "keep me").unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::os::unix::fs::symlink(&outside, out.join("d1.txt")).unwrap();
    let o = gloss(&[
        "export",
        dir.to_str().unwrap(),
        "--format",
        "brat",
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("outside"), "{err}");
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep me");
}

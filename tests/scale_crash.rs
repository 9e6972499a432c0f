//! Crash safety in bulk: a `gloss import` of 20,000 documents killed with
//! SIGKILL while it renames its document files into place leaves a project
//! that loads (the index is written last); `gloss check` reports the
//! document files the index does not name and `gloss check --fix` takes them
//! back. No timing: the child is killed as soon as its first document file
//! is on disk, whenever that is.

use std::path::Path;
use std::process::{Command, Output};

const N: usize = 20_000;

fn gloss(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .output()
        .unwrap()
}

fn unlisted_files(dir: &Path, project: &gloss::model::Project) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            let id = n.strip_suffix(".ron").unwrap_or(n);
            project.document(id).is_none()
        })
        .collect();
    out.sort();
    out
}

#[cfg(unix)]
#[test]
fn an_import_killed_midway_leaves_a_loading_project_and_check_fix_adopts_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let p = |path: &Path| path.to_str().unwrap().to_owned();
    assert!(gloss(&["new", &p(&dir)]).status.success());
    let input = tmp.path().join("in.jsonl");
    let mut lines = String::new();
    for i in 0..N {
        lines.push_str(&format!(
            "{{\"id\": \"imp{i:05}\", \"text\": \"Ông Lê Văn Tám đến xã số {i}.\", \"spans\": [{{\"start\": 4, \"end\": 14, \"label\": \"person\", \"text\": \"Lê Văn Tám\"}}]}}\n"
        ));
    }
    std::fs::write(&input, lines).unwrap();

    // Documents are renamed into place in id order: the first one on disk
    // means the rename phase has begun and the index is not written yet.
    let first = dir.join("docs/imp00000.ron");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(["import", &p(&dir), "--format", "jsonl", &p(&input)])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let killed = loop {
        if first.exists() {
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            break true;
        }
        if child.try_wait().unwrap().is_some() {
            break false;
        }
        std::thread::yield_now();
    };
    assert!(killed, "the import finished before it could be killed");

    // The project loads: the index names what it named before.
    let (project, _) = gloss::store::ProjectDir::load(&dir).unwrap();
    let unlisted = unlisted_files(&dir, &project);
    let orphans: Vec<&String> = unlisted.iter().filter(|n| n.ends_with(".ron")).collect();
    assert!(!orphans.is_empty(), "the kill came after the index");
    assert!(
        orphans.len() < N,
        "the index was not written, so not all are named"
    );

    let check = gloss(&["check", &p(&dir)]);
    assert_eq!(check.status.code(), Some(1));
    let said = String::from_utf8_lossy(&check.stderr).into_owned()
        + &String::from_utf8_lossy(&check.stdout);
    assert!(said.contains("imp00000.ron"), "{said}");
    assert!(said.contains("check --fix"), "{said}");
    assert!(
        said.contains(&format!("{} file(s)", unlisted.len())),
        "{said}"
    );

    let fix = gloss(&["check", "--fix", &p(&dir)]);
    let fix_said = String::from_utf8_lossy(&fix.stdout).into_owned();
    assert!(
        fix.status.success(),
        "{fix_said} {}",
        String::from_utf8_lossy(&fix.stderr)
    );
    assert!(
        fix_said.contains(&format!("{} document file(s)", orphans.len())),
        "{fix_said}"
    );
    assert!(gloss(&["check", &p(&dir)]).status.success());
    let (project, _) = gloss::store::ProjectDir::load(&dir).unwrap();
    assert_eq!(project.documents.len(), orphans.len());
    assert!(unlisted_files(&dir, &project).is_empty());
    for doc in &project.documents {
        assert_eq!(doc.spans.len(), 1, "{}", doc.id);
        assert_eq!(doc.spans[0].text, "Lê Văn Tám");
    }
}

/// `gloss suggest` over a big project saves each chunk of 1,000 documents
/// when it is done: killed with SIGKILL once the first chunk is on disk,
/// the project still loads and checks clean (after `check --fix` removes a
/// temp file, if the kill came in a write), the saved chunk keeps its
/// suggestions, and running it again gives the files one uninterrupted run
/// gives.
#[cfg(unix)]
#[test]
fn a_suggest_killed_after_a_chunk_keeps_it_and_a_second_run_completes_it() {
    const DOCS: usize = 2_500;
    let tmp = tempfile::tempdir().unwrap();
    let p = |path: &Path| path.to_str().unwrap().to_owned();
    let input = tmp.path().join("in.jsonl");
    let mut lines = String::new();
    for i in 0..DOCS {
        lines.push_str(&format!(
            "{{\"id\": \"d{i:05}\", \"text\": \"Đồng chí Lê Văn Tám, Bí thư Tỉnh ủy, đến xã số {i}.\"}}\n"
        ));
    }
    std::fs::write(&input, lines).unwrap();
    let (killed_dir, whole_dir) = (tmp.path().join("a"), tmp.path().join("b"));
    for dir in [&killed_dir, &whole_dir] {
        assert!(gloss(&["new", &p(dir)]).status.success());
        let import = gloss(&["import", &p(dir), "--format", "jsonl", &p(&input)]);
        assert!(import.status.success(), "{import:?}");
    }
    let suggest = |dir: &Path| {
        vec![
            "suggest".to_owned(),
            p(dir),
            "--engine".to_owned(),
            "rules-vi".to_owned(),
        ]
    };
    let first = killed_dir.join("docs/d00000.ron");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(suggest(&killed_dir))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let killed = loop {
        let saved = std::fs::read_to_string(&first).is_ok_and(|t| t.contains("rules-vi"));
        if saved {
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            break true;
        }
        if child.try_wait().unwrap().is_some() {
            break false;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    };
    assert!(killed, "the suggest finished before it could be killed");
    if !gloss(&["check", &p(&killed_dir)]).status.success() {
        let fix = gloss(&["check", "--fix", &p(&killed_dir)]);
        assert!(fix.status.success(), "{fix:?}");
    }
    let (project, _) = gloss::store::ProjectDir::load(&killed_dir).unwrap();
    assert!(!project.documents[0].suggestions.is_empty());

    let again = gloss(
        &suggest(&killed_dir)
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert!(again.status.success(), "{again:?}");
    let whole = gloss(
        &suggest(&whole_dir)
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert!(whole.status.success(), "{whole:?}");
    for i in (0..DOCS).step_by(97).chain([DOCS - 1]) {
        let name = format!("docs/d{i:05}.ron");
        assert!(
            std::fs::read(killed_dir.join(&name)).unwrap()
                == std::fs::read(whole_dir.join(&name)).unwrap(),
            "{name} differs"
        );
    }
}

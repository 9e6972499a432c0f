//! Document files are read by a fast reader with `ron` as the fallback
//! (`store::format::fast`): a project whose files were edited by hand
//! (comments, other line endings, escapes, struct names) loads exactly as
//! it did before the edit, and a broken file is reported with `ron`'s line
//! and column, as before.

mod common;

use gloss::store::ProjectDir;
use std::path::Path;

/// The document files of `dir`, by name.
fn document_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir.join("docs"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    files
}

/// Every document file of `dir`, with `edit` applied.
fn edit_documents(dir: &Path, edit: impl Fn(&str) -> String) {
    for f in document_files(dir) {
        let text = std::fs::read_to_string(&f).unwrap();
        let edited = edit(&text);
        assert_ne!(edited, text, "{}", f.display());
        std::fs::write(&f, edited).unwrap();
    }
}

/// A hand edit of a document file's text.
type Edit = fn(&str) -> String;

#[test]
fn hand_edited_document_files_load_as_before() {
    let (before, _) = ProjectDir::load(&common::sample()).unwrap();
    let edits: [(&str, Edit); 6] = [
        ("a comment", |t| format!("// edited by hand\n{t}")),
        ("CRLF line ends outside strings", |t| {
            t.replacen("(\n", "(\r\n", 2)
        }),
        ("an escape in a string", |t| {
            t.replacen("\n    note: \"\",", "\n    note: \"\\u{41}\\n\",", 1)
        }),
        ("a struct name", |t| {
            t.replacen("cleanup: (", "cleanup: Cleanup(", 1)
        }),
        ("an extension header", |t| {
            format!("#![enable(implicit_some)]\n{t}")
        }),
        ("a number with a suffix", |t| {
            t.replacen("format_version: 4,", "format_version: 4u32,", 1)
        }),
    ];
    for (what, edit) in edits {
        let (_tmp, dir) = common::sample_copy();
        edit_documents(&dir, edit);
        let (after, _) = ProjectDir::load(&dir).unwrap_or_else(|e| panic!("{what}: {e}"));
        let mut expected = before.clone();
        if what == "an escape in a string" {
            for d in &mut expected.documents {
                d.note = "A\n".into();
            }
        }
        assert_eq!(after.documents, expected.documents, "{what}");
    }
}

/// The first document file of `dir` (by name).
fn first_document_file(dir: &Path) -> std::path::PathBuf {
    document_files(dir).swap_remove(0)
}

/// The problem loading `dir` whole reports for `file`.
fn problem_with(dir: &Path, file: &Path) -> gloss::store::LoadProblem {
    let e = ProjectDir::load(dir).unwrap_err();
    e.problems
        .iter()
        .find(|p| p.file == file)
        .cloned()
        .unwrap_or_else(|| panic!("{e}"))
}

#[test]
fn a_broken_document_file_is_reported_with_rons_line() {
    let (_tmp, dir) = common::sample_copy();
    let file = first_document_file(&dir);
    let text = std::fs::read_to_string(&file).unwrap();
    // Line 4 of the file: `id: "..."` loses its colon.
    let broken = text.replacen("    id: ", "    id ", 1);
    std::fs::write(&file, &broken).unwrap();
    let p = problem_with(&dir, &file);
    assert_eq!(p.position.map(|(line, _)| line), Some(4), "{p}");
    assert!(p.message.starts_with("RON syntax or type error"), "{p}");
}

#[test]
fn a_document_file_that_is_not_utf8_is_named_with_the_bad_byte() {
    let (_tmp, dir) = common::sample_copy();
    let file = first_document_file(&dir);
    let mut bytes = std::fs::read(&file).unwrap();
    // A Latin-1 "é" after the opening bracket and newline: offset 2.
    bytes.insert(2, 0xE9);
    std::fs::write(&file, &bytes).unwrap();
    let p = problem_with(&dir, &file);
    assert_eq!(p.message, "is not UTF-8 (bad byte at offset 2)", "{p}");
    assert!(p.fix.contains("restore the file from git"), "{p}");
    // Opened index first, the document is read only when asked, and says
    // the same.
    let mut lazy = gloss::store::Workspace::open_lazy_as(&dir, None).unwrap();
    let id = lazy.project.documents[0].id.clone();
    assert_eq!(lazy.load(std::slice::from_ref(&id)), 1);
    let problems = lazy.load_problems(&id).unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p.message == "is not UTF-8 (bad byte at offset 2)"),
        "{problems:?}"
    );
}

//! The spaCy DocBin Gloss writes, read by spaCy itself: run when Python with
//! spaCy is available (`GLOSS_PEER_PYTHON`, else `target/peer-venv/bin/python`
//! as `scripts/peer-check` creates it, else `python3`), skipped with a printed
//! message otherwise. `scripts/peer-check` runs the complete peer checks.

use gloss::formats::{export, import, ExportOptions, Format, ImportOptions};
use gloss::model::{default_labels, Project};
use std::path::{Path, PathBuf};
use std::process::Command;

fn python_with_spacy() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        std::env::var_os("GLOSS_PEER_PYTHON").map(PathBuf::from),
        Some(root.join("target/peer-venv/bin/python")),
        Some(PathBuf::from("python3")),
    ];
    candidates.into_iter().flatten().find(|py| {
        Command::new(py)
            .args(["-c", "import spacy"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

const CHECK: &str = r#"
import json, sys
import spacy
from spacy.tokens import Doc, DocBin
nlp = spacy.blank("xx")
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
docs = list(DocBin().from_disk(sys.argv[2]).get_docs(nlp.vocab))
assert len(docs) == len(lines), (len(docs), len(lines))
for doc, line in zip(docs, lines):
    assert doc.text == line["text"], (doc.text, line["text"])
    words = [t["text"] for t in line["tokens"]]
    spaces = [t["ws"] for t in line["tokens"]]
    assert [t.text for t in doc] == words
    rebuilt = Doc(nlp.vocab, words=words, spaces=spaces)
    assert rebuilt.text == line["text"]
    want = sorted((s["start"], s["end"], s["label"]) for s in line["spans"])
    got = sorted((s.start_char, s.end_char, s.label_) for s in doc.spans.get("sc", []))
    assert got == want, (got, want)
    for s in line["spans"]:
        span = rebuilt.char_span(s["start"], s["end"])
        assert span is not None and span.start == s["token_start"], s
    for e in doc.ents:
        assert (e.start_char, e.end_char, e.label_) in want, e
print("spaCy", spacy.__version__, "read", len(docs), "docs")
"#;

#[test]
fn spacy_reads_the_docbin_and_the_jsonl() {
    let Some(python) = python_with_spacy() else {
        println!(
            "skipped: no Python with spaCy (set GLOSS_PEER_PYTHON or run scripts/peer-check once)"
        );
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut p = Project::new("tricky", default_labels());
    import(
        &mut p,
        Format::Jsonl,
        &root.join("tests/fixtures/peers/tricky/tricky.jsonl"),
        &ImportOptions::default(),
    )
    .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("train.jsonl");
    export(
        &p,
        Format::Spacy,
        &out,
        &ExportOptions::default(),
        &mut |_, _| {},
    )
    .unwrap();
    let script = tmp.path().join("check.py");
    std::fs::write(&script, CHECK).unwrap();
    let o = Command::new(&python)
        .arg(&script)
        .arg(&out)
        .arg(tmp.path().join("train.spacy"))
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "spaCy refused the export:\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    println!("{}", String::from_utf8_lossy(&o.stdout));
}

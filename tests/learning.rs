//! The tagger that learns from the editor: determinism, too little data,
//! damaged or outdated model files, and the command-line loop the held-out
//! replay uses (import done documents, train, suggest --engine all, export
//! Label Studio predictions).

mod common;

use gloss::model::{default_labels, Document, Project, Status};
use gloss::suggest::model::replay::{marked_document, marked_folder};
use gloss::suggest::model::{file, train, TrainOptions};
use gloss::suggest::{Engine, Extractors};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

/// Articles in the bundled starter corpus (all of them are used below
/// [`gloss::suggest::model::starter::TOP_UP`] done documents minus their count).
fn starter_len() -> usize {
    gloss::suggest::model::starter::bundled().len()
}

/// What `gloss train` says it trained on with `done` done documents and
/// the whole starter.
fn trained_on(done: usize) -> String {
    format!(
        "trained on {done} done document(s) and {} starter article(s)",
        starter_len()
    )
}

fn gloss(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .env("DISPLAY", "")
        .env("WAYLAND_DISPLAY", "")
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval")
}

fn eval_docs() -> Vec<Document> {
    marked_folder(&fixtures()).unwrap()
}

fn project(docs: Vec<Document>) -> Project {
    Project {
        labels: default_labels(),
        documents: docs,
        ..Default::default()
    }
}

#[test]
fn same_seed_same_model_and_same_suggestions() {
    let docs = eval_docs();
    assert_eq!(docs.len(), 4);
    let mut p = project(docs[..3].to_vec());
    let mut todo = docs[3].clone();
    todo.spans.clear();
    todo.status = Status::Todo;
    p.documents.push(todo.clone());
    let opts = TrainOptions::default();
    let a = train(&p, &opts).unwrap();
    let b = train(&p, &opts).unwrap();
    assert_eq!(file::to_bytes(&a.tagger), file::to_bytes(&b.tagger));
    assert_eq!(a.record.document_ids, b.record.document_ids);
    assert_eq!(a.record.documents, 3, "only done documents teach");
    assert!(
        a.tagger.figures().is_some(),
        "metric spans all hold numbers"
    );
    let run = |t: &gloss::suggest::model::Tagger| {
        Extractors::with_tagger(&p, &Engine::ALL, Some(Arc::new(t.clone()))).run(&p, &todo)
    };
    let (sa, sb) = (run(&a.tagger), run(&b.tagger));
    assert!(!sa.is_empty());
    assert_eq!(sa, sb);
    assert!(sa.iter().all(|s| (0.0..=1.0).contains(&s.score)));
    // Sorted output.
    let keys: Vec<_> = sa
        .iter()
        .map(|s| (s.start, s.end, s.label.clone()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    // A round trip through the file keeps the model exactly.
    let back = file::from_bytes(&file::to_bytes(&a.tagger)).unwrap();
    assert_eq!(back, a.tagger);
    // Another seed orders the sentences differently, so the weights differ.
    let c = train(&p, &TrainOptions { seed: 7, ..opts }).unwrap();
    assert_ne!(file::to_bytes(&c.tagger), file::to_bytes(&a.tagger));
}

#[test]
fn damaged_bytes_are_an_error_never_a_panic() {
    let p = project(eval_docs());
    let tagger = train(&p, &TrainOptions::default()).unwrap().tagger;
    let figures = tagger
        .figures()
        .expect("the figure model's section is tested too");
    // The figure section is the file's tail: weights, hashes, then its head.
    let section = 4 + 4 * figures.labels().len() + 4 + 4 + 12 * figures.feature_count();
    let bytes = file::to_bytes(&tagger);
    let tail = bytes.len() - 8 - section;
    for cut in [
        0,
        4,
        8,
        12,
        20,
        bytes.len() / 2,
        tail,
        tail + 4,
        bytes.len() - 9,
        bytes.len() - 1,
    ] {
        assert!(file::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    for at in (0..bytes.len()).step_by(97).chain(tail..tail + 16) {
        let mut b = bytes.clone();
        b[at] ^= 0x5a;
        assert!(file::from_bytes(&b).is_err(), "flipped byte {at}");
    }
    let mut old = bytes.clone();
    old[8..12].copy_from_slice(&0u32.to_le_bytes());
    assert_eq!(file::from_bytes(&old), Err(file::Unreadable::Version(0)));
}

/// A project made through the command line from marked documents: the
/// first `done` of them imported as done with their spans, the rest todo.
fn cli_project(tmp: &Path, docs: &[Document], done: usize) -> PathBuf {
    let dir = tmp.join("proj");
    let o = gloss(&["new", p(&dir)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let mut jsonl = String::new();
    for (i, d) in docs.iter().enumerate() {
        let spans: Vec<serde_json::Value> = if i < done {
            d.spans
                .iter()
                .map(|s| serde_json::json!({"start": s.start, "end": s.end, "label": s.label}))
                .collect()
        } else {
            Vec::new()
        };
        let line = serde_json::json!({
            "id": d.id, "text": d.text, "offsets": "chars", "spans": spans,
            "status": if i < done { "done" } else { "todo" },
        });
        jsonl.push_str(&line.to_string());
        jsonl.push('\n');
    }
    let file = tmp.join("in.jsonl");
    std::fs::write(&file, jsonl).unwrap();
    let o = gloss(&["import", p(&dir), "--format", "jsonl", p(&file)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    dir
}

#[test]
fn cli_train_suggest_all_and_export_predictions() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = eval_docs();
    let dir = cli_project(tmp.path(), &docs, 3);
    let next = &docs[3].id;
    // Before training, the model alone has nothing to offer: a clear error.
    let o = gloss(&["suggest", p(&dir), "--engine", "model", "--doc", next]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("gloss train"), "{}", text(&o));

    // As the held-out replay runs it: with the bundled starter articles.
    let o = gloss(&["train", p(&dir)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains(&trained_on(3)), "{}", text(&o));
    // With the starter there are enough documents to learn who leads.
    assert!(
        text(&o).contains("policy of `all`, by 5-fold cross-validation"),
        "{}",
        text(&o)
    );
    assert!(dir.join("models/tagger.bin").is_file());
    let rec = std::fs::read_to_string(dir.join("models/tagger.ron")).unwrap();
    assert!(
        rec.contains(&format!(
            "feature_version: {}",
            gloss::suggest::model::FEATURE_VERSION
        )) && rec.contains("seed: 1"),
        "{rec}"
    );

    let o = gloss(&["suggest", p(&dir), "--engine", "all", "--doc", next]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = tmp.path().join("ls.json");
    let o = gloss(&[
        "export",
        p(&dir),
        "--format",
        "label-studio",
        "--out",
        p(&out),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let tasks: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let task = tasks
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["data"]["doc_id"] == next.as_str())
        .unwrap();
    let preds = task["predictions"].as_array().expect("predictions");
    // Span regions (relation suggestions ride along as `relation` results).
    let results: Vec<&serde_json::Value> = preds
        .iter()
        .flat_map(|p| p["result"].as_array().unwrap())
        .filter(|r| r["type"] == "labels")
        .collect();
    assert!(results.len() >= 5, "{preds:?}");
    assert!(results
        .iter()
        .all(|r| (0.0..=1.0).contains(&r["score"].as_f64().unwrap())));
    // The gold spans of that document: most suggestions are right.
    let gold: Vec<(u64, u64, String)> = docs[3]
        .spans
        .iter()
        .map(|s| (s.start as u64, s.end as u64, s.label.clone()))
        .collect();
    let right = results
        .iter()
        .filter(|r| {
            let v = &r["value"];
            gold.contains(&(
                v["start"].as_u64().unwrap(),
                v["end"].as_u64().unwrap(),
                v["labels"][0].as_str().unwrap().to_owned(),
            ))
        })
        .count();
    assert!(right * 2 > results.len(), "{right} of {}", results.len());
    // Exactly what the library's replay predicts for this step.
    let known = gloss::store::ProjectDir::load(&dir).unwrap().0;
    let tagger = gloss::suggest::model::load(&dir).unwrap().map(Arc::new);
    let mut expected =
        gloss::suggest::model::replay::predict(&known, tagger.as_ref(), &docs[3]).all;
    expected.sort();
    let mut got: Vec<(usize, usize, String)> = results
        .iter()
        .map(|r| {
            let v = &r["value"];
            (
                v["start"].as_u64().unwrap() as usize,
                v["end"].as_u64().unwrap() as usize,
                v["labels"][0].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(got, expected);
}

#[test]
fn cli_train_with_zero_or_one_done_document() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = eval_docs();
    let dir = cli_project(tmp.path(), &docs[..2], 0);
    let o = gloss(&["train", p(&dir), "--no-starter"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("no document is done"), "{}", text(&o));
    assert!(!dir.join("models/tagger.bin").exists());
    // `all` without a model: rules and dictionary, with a note.
    let o = gloss(&["suggest", p(&dir), "--engine", "all"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("no model yet"), "{}", text(&o));
    // With the starter articles (the default), a first model before any
    // document is done.
    let o = gloss(&["train", p(&dir)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains(&trained_on(0)), "{}", text(&o));
    let rec = gloss::suggest::model::load_record(&dir).expect("a record");
    assert_eq!((rec.documents, rec.starter_documents), (0, starter_len()));
    assert!(!rec.no_starter && rec.held_out.is_none());
    let o = gloss(&["suggest", p(&dir), "--engine", "model"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    let tmp = tempfile::tempdir().unwrap();
    let dir = cli_project(tmp.path(), &docs[..2], 1);
    let o = gloss(&["train", p(&dir), "--no-starter"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("1 document(s) only"), "{}", text(&o));
    let rec = gloss::suggest::model::load_record(&dir).expect("a record");
    assert_eq!((rec.documents, rec.starter_documents), (1, 0));
    assert!(rec.no_starter, "the GUI's retraining keeps this choice");
    let o = gloss(&["eval", p(&dir), "--learning-curve"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("needs at least 5 done documents"),
        "{}",
        text(&o)
    );
}

#[test]
fn cli_damaged_and_outdated_model_files_name_the_file_and_the_fix() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = eval_docs();
    let dir = cli_project(tmp.path(), &docs, 3);
    let o = gloss(&["train", p(&dir), "--no-starter"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let model = dir.join("models/tagger.bin");
    let good = std::fs::read(&model).unwrap();

    std::fs::write(&model, b"not a model at all").unwrap();
    for engine in ["model", "all"] {
        let o = gloss(&["suggest", p(&dir), "--engine", engine]);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        let t = text(&o);
        assert!(
            t.contains("tagger.bin") && t.contains("damaged") && t.contains("gloss train"),
            "{t}"
        );
    }
    let mut old = good.clone();
    old[8..12].copy_from_slice(&0u32.to_le_bytes());
    std::fs::write(&model, &old).unwrap();
    let o = gloss(&["suggest", p(&dir), "--engine", "model"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let t = text(&o);
    assert!(
        t.contains("feature version 0") && t.contains("gloss train"),
        "{t}"
    );
    // The project itself was not touched, and retraining repairs it.
    let o = gloss(&["train", p(&dir), "--no-starter"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(
        std::fs::read(&model).unwrap(),
        good,
        "same data, same seed, same file"
    );
    let o = gloss(&["suggest", p(&dir), "--engine", "model"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn cli_learning_curve_reports_model_and_rules_per_label() {
    let tmp = tempfile::tempdir().unwrap();
    let mut docs = eval_docs();
    let sample = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/langson-2023.marked.txt"),
    )
    .unwrap();
    docs.push(marked_document("langson", &sample).unwrap());
    let dir = cli_project(tmp.path(), &docs, docs.len());
    let o = gloss(&["eval", p(&dir), "--learning-curve", "--folds", "5"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let t = text(&o);
    assert!(
        t.contains("5-fold cross-validation over 5 done document(s)"),
        "{t}"
    );
    for w in [
        "person", "position", "target", "metric", "micro", "rules-vi", "model", "all",
    ] {
        assert!(t.contains(w), "{w}: {t}");
    }
    // One training document per fold here (5 documents, 5 folds: 4 to train).
    assert!(t.lines().any(|l| l.starts_with("4 ")), "{t}");
}

#[test]
fn session_train_keeps_the_model_and_ranks_todo_documents() {
    let (_tmp, dir) = common::sample_copy();
    let mut s = gloss::session::Session::open(&dir).unwrap();
    assert!(s.tagger().unwrap().is_none());
    assert!(s.uncertainty_order().unwrap().is_none());
    let rec = s.train().unwrap();
    assert_eq!(rec.documents, 1);
    assert!(s.model.record().is_some());
    // Add two documents to do; the order puts the more uncertain first.
    let mut p = s.workspace.project.clone();
    p.documents.push(Document::new(
        "x1",
        "Ông Nguyễn Văn An, Chủ tịch UBND tỉnh, nói.",
    ));
    p.documents.push(Document::new("x2", "Trời mưa."));
    let t = s.tagger().unwrap().unwrap();
    let order = gloss::session::uncertainties(&p, &t, &["x1".to_owned(), "x2".to_owned()]);
    assert_eq!(order.len(), 2);
    assert!(order[0].1 >= order[1].1);
    assert!(order.iter().all(|(_, u)| (0.0..=1.0).contains(u)));
    // A worker thread trains on a snapshot; the result is installed.
    let trainer = s.trainer(TrainOptions {
        held_out: false,
        ..TrainOptions::default()
    });
    let trained = std::thread::spawn(move || trainer.run())
        .join()
        .unwrap()
        .unwrap();
    let bytes = file::to_bytes(&trained.tagger);
    s.install_model(trained).unwrap();
    assert_eq!(std::fs::read(dir.join("models/tagger.bin")).unwrap(), bytes);
    // The session's suggest (what the GUI calls) uses the model with ALL.
    let id = s.workspace.project.documents[0].id.clone();
    let notice = s.suggest(vec![id], &Engine::ALL);
    assert!(!notice.is_refused(), "{notice:?}");
    let doc = &s.workspace.project.documents[0];
    assert!(doc
        .suggestions
        .iter()
        .all(|x| (0.0..=1.0).contains(&x.score)));
    // A fresh session finds the saved model on disk.
    drop(s);
    let mut s2 = gloss::session::Session::open(&dir).unwrap();
    assert!(s2.tagger().unwrap().is_some());
    assert_eq!(s2.model.record().map(|r| r.documents), Some(1));
}

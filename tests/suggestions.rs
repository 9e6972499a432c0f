//! Suggestions: storage round trip, importing predictions in each format
//! (bad lines included), and the suggest/import-predictions/eval commands.

mod common;

use gloss::edit::apply;
use gloss::formats::{Format, ImportOptions};
use gloss::model::Suggestion;
use gloss::store::ProjectDir;
use gloss::suggest::{add_suggestions, import_predictions, rules_vi};
use gloss::text::offsets::OffsetUnit;
use std::process::Command;

#[test]
fn suggestions_and_rejections_survive_save_and_reload() {
    let (_tmp, dir) = common::sample_copy();
    let (mut p, mut store) = ProjectDir::load(&dir).unwrap();
    let doc = p.documents[0].clone();
    let mut found = rules_vi(&doc);
    // Keep only what is not already a span, plus one made-up rejection.
    let tx = add_suggestions(&doc, found.clone());
    apply(&mut p, &tx).unwrap();
    found.truncate(1);
    p.documents[0].rejected.push(Suggestion {
        start: 0,
        end: 3,
        label: "metric".into(),
        text: "Ban".into(),
        source: "m".into(),
        score: 0.25,
    });
    store.save(&p).unwrap();
    let (back, _) = ProjectDir::load(&dir).unwrap();
    assert_eq!(back.documents[0].suggestions, p.documents[0].suggestions);
    assert_eq!(back.documents[0].rejected, p.documents[0].rejected);
    let ron = std::fs::read_to_string(dir.join(common::SAMPLE_DOC)).unwrap();
    assert!(
        ron.contains("rejected: [\n      (\n        start: 0,\n        end: 3,"),
        "{ron}"
    );
}

fn fresh_sample() -> (tempfile::TempDir, gloss::model::Project) {
    let (tmp, dir) = common::sample_copy();
    let (p, _) = ProjectDir::load(&dir).unwrap();
    (tmp, p)
}

#[test]
fn predictions_from_each_format() {
    let (tmp, p) = fresh_sample();
    let text = &p.documents[0].text;
    let opts = ImportOptions::default();
    // doccano: matched by identical text; a span that is already a span is skipped.
    let f = tmp.path().join("pred.jsonl");
    let line = serde_json::json!({"text": text, "label": [[0, 3, "metric"], [353, 369, "person"]]});
    std::fs::write(
        &f,
        format!("{line}\n{{\"text\": \"không có\", \"label\": []}}\n"),
    )
    .unwrap();
    let (tx, report) = import_predictions(&p, Format::Doccano, &f, "ner-v1", &opts).unwrap();
    assert_eq!(
        (
            report.matched,
            report.added,
            report.skipped,
            report.unmatched.clone()
        ),
        (1, 1, 1, vec![2])
    );
    assert!(report
        .to_string()
        .contains("no matching document for line(s) 2"));
    let mut q = p.clone();
    apply(&mut q, &tx).unwrap();
    let s = &q.documents[0].suggestions[0];
    assert_eq!(
        (s.text.as_str(), s.source.as_str(), s.score),
        ("Ban", "ner-v1", 1.0)
    );

    // Gloss JSONL: its suggestions (with scores), matched by id.
    let g = tmp.path().join("pred-gloss.jsonl");
    let line = serde_json::json!({"id": "baolangson-546048", "text": text, "offsets": "chars",
        "suggestions": [{"start": 4, "end": 8, "label": "metric", "text": "Chấp", "source": "x", "score": 0.4}]});
    std::fs::write(&g, format!("{line}\n")).unwrap();
    let (tx, report) = import_predictions(&p, Format::Jsonl, &g, "ner-v2", &opts).unwrap();
    assert_eq!(report.added, 1);
    let mut q = p.clone();
    apply(&mut q, &tx).unwrap();
    let s = &q.documents[0].suggestions[0];
    assert_eq!(
        (s.text.as_str(), s.source.as_str(), s.score),
        ("Chấp", "ner-v2", 0.4)
    );

    // Label Studio predictions with UTF-16 offsets.
    let ls = tmp.path().join("pred-ls.json");
    let task = serde_json::json!([{"data": {"text": text}, "predictions": [{"model_version": "m", "score": 0.6,
        "result": [{"type": "labels", "from_name": "label", "to_name": "text", "score": 0.9,
                    "value": {"start": 0, "end": 3, "text": "Ban", "labels": ["metric"]}}]}]}]);
    std::fs::write(&ls, task.to_string()).unwrap();
    let (tx, report) = import_predictions(
        &p,
        Format::LabelStudio,
        &ls,
        "ls-model",
        &ImportOptions {
            offsets: OffsetUnit::Utf16,
            add_labels: false,
        },
    )
    .unwrap();
    assert_eq!(report.added, 1);
    let mut q = p.clone();
    apply(&mut q, &tx).unwrap();
    assert_eq!(
        (
            q.documents[0].suggestions[0].source.as_str(),
            q.documents[0].suggestions[0].score
        ),
        ("ls-model", 0.9)
    );
}

#[test]
fn bad_prediction_files_are_refused_whole() {
    let (tmp, p) = fresh_sample();
    let text = &p.documents[0].text;
    let f = tmp.path().join("bad.jsonl");
    let good = serde_json::json!({"text": text, "label": [[0, 3, "metric"]]});
    std::fs::write(
        &f,
        format!("{good}\n{{\"text\": \"x\", \"label\": [[0, 99, \"metric\"]]}}\n"),
    )
    .unwrap();
    let err = import_predictions(&p, Format::Doccano, &f, "m", &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("bad.jsonl:2:") && err.contains("0..99"),
        "{err}"
    );
    std::fs::write(&f, format!("{good}\nnot json\n")).unwrap();
    let err = import_predictions(&p, Format::Doccano, &f, "m", &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("bad.jsonl:2: invalid JSON"), "{err}");
    let unknown = serde_json::json!({"text": text, "label": [[0, 3, "org"]]});
    std::fs::write(&f, format!("{unknown}\n")).unwrap();
    let err = import_predictions(&p, Format::Doccano, &f, "m", &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("bad.jsonl:1: unknown label \"org\""), "{err}");
    let err = import_predictions(&p, Format::Conll, &f, "m", &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("jsonl, doccano or label-studio"), "{err}");
}

fn gloss(args: &[&str]) -> (Option<i32>, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn suggest_eval_and_import_predictions_commands() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let d = dir.to_str().unwrap();
    assert_eq!(gloss(&["new", d]).0, Some(0));
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/eval/langson-dau-tu.marked.txt");
    let (text, _) = gloss::text::markup::parse(&std::fs::read_to_string(&src).unwrap()).unwrap();
    let article = tmp.path().join("a.txt");
    std::fs::write(&article, &text).unwrap();
    assert_eq!(gloss(&["add", d, article.to_str().unwrap()]).0, Some(0));
    let (code, out, err) = gloss(&["suggest", d, "--engine", "rules-vi"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("in 1 document(s)"), "{out}");
    let (p, _) = ProjectDir::load(&dir).unwrap();
    assert!(p.documents[0]
        .suggestions
        .iter()
        .any(|s| s.text == "Phạm Ngọc Thưởng" && s.source == "rules-vi"));
    // Nothing is done yet: eval says so (exit 1).
    let (code, _, err) = gloss(&["eval", d, "--source", "rules-vi"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("no document is done"), "{err}");
    assert_eq!(gloss(&["suggest", d, "--engine", "magic"]).0, Some(2));
    assert_eq!(gloss(&["suggest", d, "--doc", "nope"]).0, Some(2));
    assert_eq!(
        gloss(&["eval", d, "--source", "x", "--match", "fuzzy"]).0,
        Some(2)
    );
    // Predictions from a doccano file.
    let pred = tmp.path().join("pred.jsonl");
    std::fs::write(
        &pred,
        format!(
            "{}\n",
            serde_json::json!({"text": text, "label": [[0, 8, "metric"]]})
        ),
    )
    .unwrap();
    let (code, out, err) = gloss(&[
        "import-predictions",
        d,
        pred.to_str().unwrap(),
        "--source",
        "ner-v1",
        "--format",
        "doccano",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("1 suggestion(s) added to 1 document(s)"),
        "{out}"
    );
    // Evaluate on the sample (done): the table has every label and overall.
    let (code, out, _) = gloss(&[
        "eval",
        common::sample().to_str().unwrap(),
        "--source",
        "rules-vi",
        "--match",
        "overlap",
    ]);
    assert_eq!(code, Some(0));
    for l in ["metric", "person", "position", "target", "overall"] {
        assert!(out.contains(l), "{out}");
    }
}

/// Suggesting over many documents runs them in parallel; the edits must be
/// those of one document after another, in the same order.
#[test]
fn parallel_suggest_job_gives_the_sequential_edits_in_order() {
    use gloss::model::{default_labels, Document, Project};
    use gloss::session::SuggestJob;
    use gloss::suggest::{Engine, Extractors};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dev-corpus");
    let mut docs: Vec<Document> =
        gloss::suggest::model::replay::marked_folder(&root.join("test")).unwrap();
    // Half keep their spans (the dictionary learns from them), half are to do.
    for d in docs.iter_mut().skip(7) {
        d.spans.clear();
        d.status = gloss::model::Status::Todo;
    }
    let project = Project {
        labels: default_labels(),
        documents: docs,
        ..Default::default()
    };
    let ids: Vec<String> = project.documents.iter().map(|d| d.id.clone()).collect();
    let engines = [Engine::RulesVi, Engine::Dictionary];
    let mut job = SuggestJob::new(&project, ids.clone(), &engines);
    let mut reports = Vec::new();
    assert!(job.run(&project, None, &mut |done, total| reports
        .push((done, total))));
    assert_eq!(reports.last(), Some(&(ids.len(), ids.len())));
    let x = Extractors::new(&project, &engines);
    let mut expected = Vec::new();
    for d in &project.documents {
        expected.extend(add_suggestions(d, x.run(&project, d)).edits);
    }
    assert!(expected.len() > 50, "too few suggestions to compare");
    assert_eq!(job.transaction().edits, expected);

    // The same with the model (trained on the seven done documents) and
    // every engine: one token table per document shared by the engines, and
    // documents in parallel, give what one document after another gives.
    let mut done = project.clone();
    for d in done.documents.iter_mut().take(7) {
        d.status = gloss::model::Status::Done;
    }
    let tagger = std::sync::Arc::new(
        gloss::suggest::model::train(&done, &gloss::suggest::model::TrainOptions::default())
            .unwrap()
            .tagger,
    );
    let x = Extractors::with_tagger(&done, &Engine::ALL, Some(tagger));
    let mut job = SuggestJob::with_extractors(ids.clone(), x.clone());
    assert!(job.run(&done, None, &mut |_, _| {}));
    let mut expected = Vec::new();
    for d in &done.documents {
        expected.extend(add_suggestions(d, x.run(&done, d)).edits);
    }
    assert!(expected.len() > 50, "too few suggestions to compare");
    assert_eq!(job.transaction().edits, expected);
}

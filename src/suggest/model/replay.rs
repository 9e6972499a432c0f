//! Measuring the tagger as an editor would meet it: trained on some done
//! documents, suggesting on the next. Used by `gloss eval
//! --learning-curve`, the learning report and the tests.

use super::{train, ModelError, Tagger, TrainOptions};
use crate::model::{Document, Label, Project, Status};
use crate::suggest::eval::{score, Evaluation, Labeled, MatchMode};
use crate::suggest::{Engine, Extractors};
use std::sync::Arc;

/// What each engine set proposes on one document.
#[derive(Debug, Clone, Default)]
pub struct Predicted {
    /// `rules-vi` alone.
    pub rules: Vec<Labeled>,
    /// `rules-vi` + `dictionary` (today's `all` without a model).
    pub rules_dictionary: Vec<Labeled>,
    /// The model alone (empty without one).
    pub model: Vec<Labeled>,
    /// `all`: rules, dictionary and model by the combine policy.
    pub all: Vec<Labeled>,
}

fn labeled(s: Vec<crate::model::Suggestion>) -> Vec<Labeled> {
    let mut v: Vec<Labeled> = s.into_iter().map(|s| (s.start, s.end, s.label)).collect();
    v.sort();
    v
}

/// Gold spans of a document.
pub fn gold(doc: &Document) -> Vec<Labeled> {
    doc.spans
        .iter()
        .map(|s| (s.start, s.end, s.label.clone()))
        .collect()
}

/// Predictions on `doc` by extractors prepared from `known` (the documents
/// an editor has: the dictionary learns from their spans) and `tagger`.
pub fn predict(known: &Project, tagger: Option<&Arc<Tagger>>, doc: &Document) -> Predicted {
    let mut bare = doc.clone();
    bare.spans.clear();
    bare.status = Status::Todo;
    let run = |engines: &[Engine]| {
        labeled(Extractors::with_tagger(known, engines, tagger.cloned()).run(known, &bare))
    };
    Predicted {
        rules: run(&[Engine::RulesVi]),
        rules_dictionary: run(&[Engine::RulesVi, Engine::Dictionary]),
        model: if tagger.is_some() {
            run(&[Engine::Model])
        } else {
            Vec::new()
        },
        all: run(&Engine::ALL),
    }
}

/// A project of `docs` (clones) with `labels`.
pub fn project_of(labels: &[Label], docs: &[&Document]) -> Project {
    Project {
        labels: labels.to_vec(),
        documents: docs.iter().map(|d| (*d).clone()).collect(),
        ..Default::default()
    }
}

/// Strict scores of each engine set over a run of documents.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    /// `rules-vi`.
    pub rules: Evaluation,
    /// `rules-vi` + `dictionary`.
    pub rules_dictionary: Evaluation,
    /// The model alone.
    pub model: Evaluation,
    /// `all`.
    pub all: Evaluation,
}

/// Scores parallel gold and predictions.
pub fn scores(gold: &[Vec<Labeled>], pred: &[Predicted]) -> Scores {
    let pick = |f: fn(&Predicted) -> &Vec<Labeled>| -> Vec<Vec<Labeled>> {
        pred.iter().map(|p| f(p).clone()).collect()
    };
    Scores {
        rules: score(gold, &pick(|p| &p.rules), MatchMode::Strict),
        rules_dictionary: score(gold, &pick(|p| &p.rules_dictionary), MatchMode::Strict),
        model: score(gold, &pick(|p| &p.model), MatchMode::Strict),
        all: score(gold, &pick(|p| &p.all), MatchMode::Strict),
    }
}

/// Trains on `train` and scores every engine set on `test`.
pub fn train_test(
    labels: &[Label],
    train_docs: &[&Document],
    test: &[&Document],
    opts: &TrainOptions,
) -> Result<Scores, ModelError> {
    let known = project_of(labels, train_docs);
    let trained = train(
        &known,
        &TrainOptions {
            held_out: false,
            starter: opts.starter.without(test),
            ..opts.clone()
        },
    )?;
    let tagger = Arc::new(trained.tagger);
    let gold: Vec<Vec<Labeled>> = test.iter().map(|d| gold(d)).collect();
    let pred: Vec<Predicted> = test
        .iter()
        .map(|d| predict(&known, Some(&tagger), d))
        .collect();
    Ok(scores(&gold, &pred))
}

/// The simulated editor: documents come one at a time in order; before
/// document `i`, documents `0..i` are done with their gold spans, the model
/// is retrained on them (with the options' starter articles; from the
/// first document with a span on when there are none) and suggests on
/// document `i`.
#[derive(Debug, Clone, Default)]
pub struct Replay {
    /// Per document, in order: gold and predictions.
    pub gold: Vec<Vec<Labeled>>,
    /// Predictions per document.
    pub predicted: Vec<Predicted>,
    /// Seconds each retraining took.
    pub train_seconds: Vec<f64>,
}

impl Replay {
    /// Scores over documents `from..`.
    pub fn scores_from(&self, from: usize) -> Scores {
        let from = from.min(self.gold.len());
        scores(&self.gold[from..], &self.predicted[from..])
    }
}

/// Runs the simulated editor over `docs` (each with its gold spans).
pub fn replay(
    labels: &[Label],
    docs: &[&Document],
    opts: &TrainOptions,
) -> Result<Replay, ModelError> {
    let mut out = Replay::default();
    // A scored article must not teach as a starter article.
    let opts = &TrainOptions {
        starter: opts.starter.without(docs),
        ..opts.clone()
    };
    for i in 0..docs.len() {
        let mut done: Vec<Document> = docs[..i].iter().map(|d| (*d).clone()).collect();
        for d in &mut done {
            d.status = Status::Done;
        }
        let refs: Vec<&Document> = done.iter().collect();
        let known = project_of(labels, &refs);
        // Without spans (and no starter) there is nothing to learn yet.
        let tagger = match train(
            &known,
            &TrainOptions {
                held_out: false,
                ..opts.clone()
            },
        ) {
            Ok(t) => {
                out.train_seconds.push(t.record.seconds);
                Some(Arc::new(t.tagger))
            }
            Err(ModelError::NothingToLearn(_)) => None,
            Err(e) => return Err(e),
        };
        out.gold.push(gold(docs[i]));
        out.predicted
            .push(predict(&known, tagger.as_ref(), docs[i]));
    }
    Ok(out)
}

/// A done document from a file in the marked notation
/// (`[label: covered text]`, see [`crate::text::markup`]), id from `id`.
pub fn marked_document(id: &str, marked: &str) -> Result<Document, String> {
    let (text, spans) = crate::text::markup::parse(marked)?;
    let mut doc = Document::new(id, &text);
    for s in spans {
        let span =
            crate::edit::make_span(&doc, s.start, s.end, &s.label, crate::model::Origin::Manual)
                .map_err(|e| e.to_string())?;
        doc.spans.push(span);
    }
    doc.sort_spans();
    doc.status = Status::Done;
    Ok(doc)
}

/// Every `*.marked.txt` of `dir` as a done document, in file name order
/// (id: the file name without `.marked.txt`).
pub fn marked_folder(dir: &std::path::Path) -> Result<Vec<Document>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("could not read {}: {e}", dir.display()))?;
    let mut paths: Vec<std::path::PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".marked.txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p)
                .map_err(|e| format!("could not read {}: {e}", p.display()))?;
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let id = name.trim_end_matches(".marked.txt");
            marked_document(id, &text).map_err(|e| format!("{}: {e}", p.display()))
        })
        .collect()
}

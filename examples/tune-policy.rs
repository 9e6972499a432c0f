//! How the `all` thresholds, the temperature and the epochs were chosen:
//! 5-fold cross-validation over the *training* split of the development
//! corpus only (the test split stays unseen). Prints strict micro-F1 of the
//! model and of `all` for each setting.
//!
//! `cargo run --release --example tune-policy [-- --corpus DIR]`

use gloss::model::{default_labels, Document};
use gloss::suggest::eval::{score, Labeled, MatchMode};
use gloss::suggest::model::replay::{gold, marked_folder, project_of};
use gloss::suggest::model::{train, Policy, TrainOptions};
use gloss::suggest::{Engine, Extractors};
use std::path::PathBuf;
use std::sync::Arc;

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let corpus = args
        .iter()
        .position(|a| a == "--corpus")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dev-corpus")
        });
    let docs = marked_folder(&corpus.join("train"))?;
    let labels = default_labels();
    let folds = 5;
    let taus = [1.0f32, 3.0, 10.0, 30.0];
    let vetoes = [0.0, 0.1, 0.2, 0.3, 0.5];
    let adds = [0.3, 0.4, 0.5, 0.6, 0.7];
    for epochs in [8u32, 12, 16] {
        // Per fold: the trained tagger, the known project and the test docs.
        let mut runs = Vec::new();
        for f in 0..folds {
            let tr: Vec<&Document> = docs
                .iter()
                .enumerate()
                .filter(|(i, _)| i % folds != f)
                .map(|(_, d)| d)
                .collect();
            let te: Vec<&Document> = docs
                .iter()
                .enumerate()
                .filter(|(i, _)| i % folds == f)
                .map(|(_, d)| d)
                .collect();
            let known = project_of(&labels, &tr);
            let t = train(
                &known,
                &TrainOptions {
                    epochs,
                    held_out: false,
                    ..TrainOptions::default()
                },
            )
            .map_err(|e| e.to_string())?;
            runs.push((t.tagger, known, te));
        }
        let mut gold_all: Vec<Vec<Labeled>> = Vec::new();
        let mut model_all: Vec<Vec<Labeled>> = Vec::new();
        for (t, known, te) in &runs {
            let x = Extractors::with_tagger(known, &[Engine::Model], Some(Arc::new(t.clone())));
            for d in te {
                let mut bare = (*d).clone();
                bare.spans.clear();
                gold_all.push(gold(d));
                model_all.push(
                    x.run(known, &bare)
                        .into_iter()
                        .map(|s| (s.start, s.end, s.label))
                        .collect(),
                );
            }
        }
        let m = score(&gold_all, &model_all, MatchMode::Strict).overall.f1();
        println!("epochs {epochs}: model {m:.3}");
        for &tau in &taus {
            for &veto_below in &vetoes {
                for &add_from in &adds {
                    let policy = Policy {
                        veto_below,
                        add_from,
                    };
                    let mut pred = Vec::new();
                    for (t, known, te) in &runs {
                        let tagger = Arc::new(t.clone().with_tau(tau));
                        let x = Extractors::with_tagger(known, &Engine::ALL, Some(tagger))
                            .with_policy(policy);
                        for d in te {
                            let mut bare = (*d).clone();
                            bare.spans.clear();
                            pred.push(
                                x.run(known, &bare)
                                    .into_iter()
                                    .map(|s| (s.start, s.end, s.label))
                                    .collect::<Vec<Labeled>>(),
                            );
                        }
                    }
                    let e = score(&gold_all, &pred, MatchMode::Strict);
                    println!(
                        "epochs {epochs} tau {tau:.1} veto {veto_below:.2} add {add_from:.2}: all {:.3} (P {:.3} R {:.3})",
                        e.overall.f1(),
                        e.overall.precision(),
                        e.overall.recall()
                    );
                }
            }
        }
    }
    Ok(())
}

//! Where the strict errors are, by 5-fold cross-validation over a folder of
//! `*.marked.txt` files (the TRAINING split: the test split stays unseen):
//! per engine and label, how many gold spans were found exactly, found with
//! other boundaries (a prediction of the same label overlaps), or missed,
//! and how many predictions overlap no gold span of their label
//! (spurious); then, with `--show LABEL`, the model's boundary errors on
//! that label with a little context.
//!
//! `cargo run --release --example cv-errors [-- DIR] [--epochs N] [--show target]`

use gloss::model::{default_labels, Document};
use gloss::suggest::eval::Labeled;
use gloss::suggest::model::replay::{gold, predict, project_of};
use gloss::suggest::model::{train, TrainOptions};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Default)]
struct Tally {
    exact: usize,
    boundary: usize,
    missed: usize,
    spurious: usize,
    predicted: usize,
}

impl Tally {
    fn add(&mut self, gold: &[Labeled], pred: &[Labeled], label: &str) {
        let g: Vec<&Labeled> = gold.iter().filter(|x| x.2 == label).collect();
        let p: Vec<&Labeled> = pred.iter().filter(|x| x.2 == label).collect();
        let overlaps = |a: &Labeled, b: &Labeled| a.0 < b.1 && b.0 < a.1;
        for x in &g {
            if p.iter().any(|y| y.0 == x.0 && y.1 == x.1) {
                self.exact += 1;
            } else if p.iter().any(|y| overlaps(x, y)) {
                self.boundary += 1;
            } else {
                self.missed += 1;
            }
        }
        self.predicted += p.len();
        self.spurious += p
            .iter()
            .filter(|y| !g.iter().any(|x| overlaps(x, y)))
            .count();
    }
    fn f1(&self) -> f64 {
        let gold = self.exact + self.boundary + self.missed;
        let (p, r) = (
            self.exact as f64 / self.predicted.max(1) as f64,
            self.exact as f64 / gold.max(1) as f64,
        );
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let dir = args
        .first()
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dev-corpus/train")
        });
    let epochs: u32 = value("--epochs").and_then(|e| e.parse().ok()).unwrap_or(12);
    let show = value("--show");
    let docs: Vec<Document> = gloss::suggest::model::replay::marked_folder(&dir)?;
    let labels = default_labels();
    let folds = 5;
    let engines = ["rules-vi", "rules-vi + dictionary", "model", "all"];
    let mut tallies: BTreeMap<(usize, String), Tally> = BTreeMap::new();
    let mut shown = Vec::new();
    for f in 0..folds {
        let tr: Vec<&Document> = docs
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds != f)
            .map(|(_, d)| d)
            .collect();
        let known = project_of(&labels, &tr);
        let opts = TrainOptions {
            epochs,
            held_out: false,
            ..TrainOptions::default()
        };
        let t = train(&known, &opts).map_err(|e| e.to_string())?;
        if f == 0 {
            println!("fold 0 record:\n{}\n", t.record);
        }
        let tagger = Arc::new(t.tagger);
        for (i, d) in docs.iter().enumerate() {
            if i % folds != f {
                continue;
            }
            let g = gold(d);
            let p = predict(&known, Some(&tagger), d);
            for (k, pred) in [&p.rules, &p.rules_dictionary, &p.model, &p.all]
                .into_iter()
                .enumerate()
            {
                for l in &labels {
                    tallies
                        .entry((k, l.name.clone()))
                        .or_default()
                        .add(&g, pred, &l.name);
                }
            }
            if let Some(label) = &show {
                let chars: Vec<char> = d.text.chars().collect();
                let s = |a: usize, b: usize| -> String {
                    chars[a.min(chars.len())..b.min(chars.len())]
                        .iter()
                        .map(|&c| if c == '\n' { '/' } else { c })
                        .collect()
                };
                for x in g.iter().filter(|x| &x.2 == label) {
                    for y in p.all.iter().filter(|y| &y.2 == label) {
                        if y.0 < x.1 && x.0 < y.1 && (y.0, y.1) != (x.0, x.1) {
                            shown.push(format!("gold ⟦{}⟧\n all ⟦{}⟧", s(x.0, x.1), s(y.0, y.1)));
                        }
                    }
                }
            }
        }
    }
    println!(
        "{:<24}{:<10}{:>7}{:>9}{:>8}{:>10}{:>7}",
        "engine", "label", "exact", "boundary", "missed", "spurious", "F1"
    );
    for (k, name) in engines.iter().enumerate() {
        for l in &labels {
            if let Some(t) = tallies.get(&(k, l.name.clone())) {
                println!(
                    "{:<24}{:<10}{:>7}{:>9}{:>8}{:>10}{:>7.3}",
                    name,
                    l.name,
                    t.exact,
                    t.boundary,
                    t.missed,
                    t.spurious,
                    t.f1()
                );
            }
        }
    }
    for s in shown {
        println!("{s}");
    }
    Ok(())
}

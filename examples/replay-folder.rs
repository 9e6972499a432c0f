//! The simulated editor on one folder of `*.marked.txt` articles, as
//! `gloss train` replays it (with the bundled starter, or `--no-starter`):
//! each article suggested by a model trained on the ones before it; prints
//! per-label strict F1 over the second half for each engine.
//!
//! `cargo run --release --example replay-folder -- DIR [--no-starter]
//! [--starter DIR,DIR...]` (`--starter`: these folders' articles as the
//! starter instead of the bundled one).

use gloss::model::{default_labels, Document};
use gloss::suggest::model::replay::{marked_folder, replay};
use gloss::suggest::model::{Starter, TrainOptions};
use std::path::PathBuf;

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args
        .iter()
        .enumerate()
        .find(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--starter"))
        .map(|(_, a)| a)
        .map(PathBuf::from)
        .ok_or("usage: replay-folder DIR [--no-starter]")?;
    let folders = args
        .iter()
        .position(|a| a == "--starter")
        .and_then(|i| args.get(i + 1));
    let starter = if args.iter().any(|a| a == "--no-starter") {
        Starter::Off
    } else if let Some(list) = folders {
        let mut docs = Vec::new();
        for f in list.split(',') {
            docs.extend(marked_folder(&PathBuf::from(f))?);
        }
        Starter::Documents(std::sync::Arc::new(docs))
    } else {
        Starter::Bundled
    };
    let held = marked_folder(&dir)?;
    let docs: Vec<&Document> = held.iter().collect();
    let labels = default_labels();
    let opts = TrainOptions {
        starter,
        ..TrainOptions::default()
    };
    let r = replay(&labels, &docs, &opts).map_err(|e| e.to_string())?;
    let s = r.scores_from(docs.len() / 2);
    println!("engine        person position   target   metric    micro");
    for (name, e) in [
        ("rules-vi", &s.rules),
        ("rules+dict", &s.rules_dictionary),
        ("model", &s.model),
        ("all", &s.all),
    ] {
        print!("{name:<12}");
        for l in &labels {
            print!(" {:>8.3}", e.labels.get(&l.name).map_or(0.0, |c| c.f1()));
        }
        println!(" {:>8.3}", e.overall.f1());
    }
    println!(
        "all - rules-vi: {:+.3}",
        s.all.overall.f1() - s.rules.overall.f1()
    );
    Ok(())
}

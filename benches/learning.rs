//! Training time and suggestion throughput of the tagger.
//!
//! Run: `cargo bench --bench learning`. Trains on 100 done documents (the
//! development corpus, cycled to 100 with fresh ids) and prints the median
//! of 5 trainings (the GUI's retraining: no held-out pass) and one
//! `gloss train` training (with the held-out pass); then suggests over about
//! 4 MB of articles and prints MB/s for `model`, `all` and `rules-vi`.
//! Targets (issue 9): training on 100 documents <= 2 s, suggesting >= 5 MB/s.
//! `cargo bench --bench learning -- --suggest-only` trains once and measures
//! only the suggestions (for profiling); `--only NAME` (with it) runs only
//! the rows whose name is NAME (`all`, `job all`, `rules-vi`...);
//! `--runs N` times each suggestion row N times and prints the best run
//! (on a shared machine the best run is the least disturbed one).

use gloss::model::{default_labels, Document, Project};
use gloss::suggest::model::replay::marked_folder;
use gloss::suggest::model::{train, Starter, TrainOptions};
use gloss::suggest::{Engine, Extractors};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

fn corpus() -> Vec<Document> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut docs = Vec::new();
    for dir in ["dev-corpus/train", "dev-corpus/test", "eval"] {
        if let Ok(mut d) = marked_folder(&root.join(dir)) {
            docs.append(&mut d);
        }
    }
    docs
}

/// CPU seconds this process has used (all threads): the machine is shared,
/// so MB per CPU second says what the code costs whatever else runs.
fn cpu_seconds() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec the call writes into.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let base = corpus();
    assert!(!base.is_empty(), "no corpus under tests/fixtures");
    let docs: Vec<Document> = (0..100)
        .map(|i| {
            let mut d = base[i % base.len()].clone();
            d.id = format!("{}-{i}", d.id);
            d
        })
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    // A project as `gloss new` makes it: default labels and relation types
    // (so the suggestion job proposes relations too).
    let mut project = Project::new("bench", default_labels());
    project.documents = docs;
    let quick = TrainOptions {
        held_out: false,
        ..TrainOptions::default()
    };
    let args: Vec<String> = std::env::args().collect();
    let suggest_only = args.iter().any(|a| a == "--suggest-only");
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|k| args.get(k + 1).cloned());
    let wanted = |name: &str| only.as_deref().is_none_or(|o| o == name);
    let runs: usize = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|k| args.get(k + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
        .max(1);
    let mut times = Vec::new();
    let mut tagger = None;
    for _ in 0..if suggest_only { 1 } else { 5 } {
        let t = Instant::now();
        let trained = train(&project, &quick).expect("trains");
        times.push(t.elapsed().as_secs_f64());
        tagger = Some(trained);
    }
    let trained = tagger.expect("trained");
    println!(
        "train, 100 documents ({:.2} MB, {} tokens, {} spans): median {:.3} s of {} (target <= 2 s)",
        bytes as f64 / 1e6,
        trained.record.tokens,
        trained.record.spans,
        median(times.clone()),
        times.len()
    );
    if !suggest_only {
        // The starter tops the done documents up to 100 documents, so a
        // training with it costs at most the 100-document row above; this
        // row is the starter alone (a project before its first done
        // document, as the GUI and `gloss train` train it).
        let empty = Project::new("empty", default_labels());
        let with = TrainOptions {
            starter: Starter::Bundled,
            ..quick.clone()
        };
        let mut times = Vec::new();
        let mut record = None;
        for _ in 0..5 {
            let t = Instant::now();
            record = Some(train(&empty, &with).expect("trains").record);
            times.push(t.elapsed().as_secs_f64());
        }
        let record = record.expect("trained");
        println!(
            "train, the {} starter articles alone ({} tokens, {} spans): median {:.3} s of {}",
            record.starter_documents,
            record.tokens,
            record.spans,
            median(times.clone()),
            times.len()
        );
        let t = Instant::now();
        let full = train(&project, &TrainOptions::default()).expect("trains");
        println!(
            "train with the held-out pass (gloss train): {:.3} s; held-out micro-F1 {:?} (the documents repeat here, so that score means nothing)",
            t.elapsed().as_secs_f64(),
            full.record.held_out.map(|h| h.micro_f1)
        );
    }

    // Suggest over ~4 MB: the corpus repeated, as separate documents.
    let mut targets = Vec::new();
    let mut total = 0;
    let mut i = 0;
    while total < 4_000_000 {
        let mut d = base[i % base.len()].clone();
        d.spans.clear();
        d.id = format!("s{i}");
        total += d.text.len();
        targets.push(d);
        i += 1;
    }
    let t = Instant::now();
    let n: usize = targets
        .iter()
        .map(|d| gloss::text::tokenize(&d.text).len())
        .sum();
    let s = t.elapsed().as_secs_f64();
    println!(
        "tokenize alone   {:.2} MB in {s:.3} s: {:.2} MB/s ({n} tokens; the floor under every engine)",
        total as f64 / 1e6,
        total as f64 / 1e6 / s
    );
    let tagger = Arc::new(trained.tagger);
    for (name, engines) in [
        ("model", vec![Engine::Model]),
        ("all", Engine::ALL.to_vec()),
        ("rules-vi", vec![Engine::RulesVi]),
        (
            "rules-vi + dictionary",
            vec![Engine::RulesVi, Engine::Dictionary],
        ),
        ("dictionary", vec![Engine::Dictionary]),
    ] {
        if !wanted(name) {
            continue;
        }
        let x = Extractors::with_tagger(&project, &engines, Some(tagger.clone()));
        let (mut s, mut cpu, mut n) = (f64::INFINITY, f64::INFINITY, 0);
        for _ in 0..runs {
            let (t, c) = (Instant::now(), cpu_seconds());
            n = 0;
            for d in &targets {
                n += x.run(&project, d).len();
            }
            s = s.min(t.elapsed().as_secs_f64());
            cpu = cpu.min(cpu_seconds() - c);
        }
        println!(
            "suggest {name:<21} {:.2} MB in {:.3} s: {:.2} MB/s, {:.2} MB per CPU s ({n} suggestions; best of {runs}; target >= 5 MB/s)",
            total as f64 / 1e6,
            s,
            total as f64 / 1e6 / s,
            total as f64 / 1e6 / cpu
        );
    }

    // The same through `SuggestJob`, as `gloss suggest` and the GUI run it:
    // documents in parallel on every core, edits in document order.
    let mut with_targets = project.clone();
    with_targets.documents.extend(targets.iter().cloned());
    let ids: Vec<String> = targets.iter().map(|d| d.id.clone()).collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    for (name, engines) in [
        ("all", Engine::ALL.to_vec()),
        ("rules-vi", vec![Engine::RulesVi]),
    ] {
        if !wanted(&format!("job {name}")) {
            continue;
        }
        let x = Extractors::with_tagger(&project, &engines, Some(tagger.clone()));
        let (mut s, mut cpu) = (f64::INFINITY, f64::INFINITY);
        let mut job = gloss::session::SuggestJob::with_extractors(ids.clone(), x.clone());
        for _ in 0..runs {
            job = gloss::session::SuggestJob::with_extractors(ids.clone(), x.clone());
            let (t, c) = (Instant::now(), cpu_seconds());
            job.run(&with_targets, None, &mut |_, _| {});
            s = s.min(t.elapsed().as_secs_f64());
            cpu = cpu.min(cpu_seconds() - c);
        }
        println!(
            "suggest job {name:<17} {:.2} MB in {:.3} s: {:.2} MB/s, {:.2} MB per CPU s ({} edits; {cores} cores; best of {runs}; target >= 5 MB/s, issue 10 >= 20 MB/s)",
            total as f64 / 1e6,
            s,
            total as f64 / 1e6 / s,
            total as f64 / 1e6 / cpu,
            job.found()
        );
    }
}

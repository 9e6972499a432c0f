//! Writes `docs/LEARNING.md`: the tagger on the development corpus (fixed
//! split, learning curve, simulated editor, training time, the held-out
//! `unseen/` to `unseen-6/` articles when the corpus has them, and replays
//! with the starter corpus).
//!
//! `cargo run --release --example learning-report` (add `-- --print` to
//! print instead of writing; `-- --corpus DIR` for another corpus with
//! `train/` and `test/` folders of `*.marked.txt`).

use gloss::model::{default_labels, Document};
use gloss::suggest::eval::{learning_curve, Evaluation};
use gloss::suggest::model::replay::{marked_folder, project_of, replay, train_test, Scores};
use gloss::suggest::model::{train, Policy, Starter, TrainOptions};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

fn row(out: &mut String, name: &str, e: &Evaluation, labels: &[String]) {
    let _ = write!(out, "| {name} |");
    for l in labels {
        let v = e.labels.get(l).map_or(0.0, |c| c.f1());
        let _ = write!(out, " {v:.3} |");
    }
    let o = e.overall;
    let _ = writeln!(
        out,
        " {:.3} | {:.3} | {:.3} |",
        o.precision(),
        o.recall(),
        o.f1()
    );
}

fn table(out: &mut String, s: &Scores, labels: &[String]) {
    let _ = write!(out, "| engine |");
    for l in labels {
        let _ = write!(out, " {l} F1 |");
    }
    let _ = writeln!(out, " micro P | micro R | micro F1 |");
    let _ = writeln!(out, "|---|{}---|---|---|", "---|".repeat(labels.len()));
    row(out, "rules-vi", &s.rules, labels);
    row(out, "rules-vi + dictionary", &s.rules_dictionary, labels);
    row(out, "model", &s.model, labels);
    row(out, "all (rules + dictionary + model)", &s.all, labels);
}

/// The simulated editor over `docs` from nothing (or from the starter of
/// `opts`, described by `from`): each article suggested by a model trained
/// on the ones before it; scores over the second half. Returns the gain of
/// `all` over `rules-vi`.
#[allow(clippy::too_many_arguments)]
fn replay_section(
    out: &mut String,
    what: &str,
    from: &str,
    order: &str,
    docs: &[&Document],
    labels: &[gloss::model::Label],
    names: &[String],
    opts: &TrainOptions,
) -> Result<f64, String> {
    let started = Instant::now();
    let r = replay(labels, docs, opts).map_err(|e| e.to_string())?;
    let half = docs.len() / 2;
    let s = r.scores_from(half);
    let _ = writeln!(
        out,
        "\nSimulated editor on {what}, {from}: the {} articles {order}, each suggested by a model \
         trained on the ones before it. Scores over the second half (articles {}..{}):\n",
        docs.len(),
        half + 1,
        docs.len()
    );
    table(out, &s, names);
    let gain = s.all.overall.f1() - s.rules.overall.f1();
    let _ = writeln!(
        out,
        "\n`all` minus `rules-vi`: {gain:+.3} strict micro-F1 (goal: +0.10); {:.1} s.",
        started.elapsed().as_secs_f64()
    );
    Ok(gain)
}

/// How the replays without a starter begin.
const NOTHING: &str = "from nothing (as the issue replays its held-out set)";

/// The folders of the bundled starter corpus (`build.rs`).
const STARTER_FOLDERS: [&str; 6] = [
    "train", "test", "unseen", "unseen-2", "unseen-3", "unseen-5",
];

/// Replays of each folder with the starter made of the other folders, as
/// `gloss train` and the GUI train (the starter minus the replayed set).
fn starter_section(
    out: &mut String,
    corpus: &std::path::Path,
    labels: &[gloss::model::Label],
    names: &[String],
    opts: &TrainOptions,
) -> Result<(), String> {
    if STARTER_FOLDERS.iter().any(|f| !corpus.join(f).is_dir()) {
        return Ok(());
    }
    let _ = writeln!(
        out,
        "\n## With the starter corpus (what `gloss train` and the GUI do)\n\n\
         `gloss train` and the GUI add the bundled starter articles (the {} articles of \
         {}) to the done documents, topping the training set up to {} documents \
         (`src/suggest/model/starter.rs`). Each replay below keeps the replayed folder \
         out of the starter: the model learns from the other folders and from \
         the replayed articles before the one it suggests on.",
        gloss::suggest::model::starter::bundled().len(),
        STARTER_FOLDERS.map(|f| format!("`{f}/`")).join(", "),
        gloss::suggest::model::starter::TOP_UP
    );
    let mut gains = Vec::new();
    for dir in [
        "unseen-6", "unseen-4", "unseen-5", "unseen-3", "unseen-2", "unseen", "test",
    ] {
        if !corpus.join(dir).is_dir() {
            continue;
        }
        let held = marked_folder(&corpus.join(dir))?;
        let docs: Vec<&Document> = held.iter().collect();
        // `unseen-4/` and `unseen-6/` are in no starter: the bundled one, as
        // `gloss train` uses it; the others replay with the starter of the
        // other folders.
        let (starter, heading, from) = if STARTER_FOLDERS.contains(&dir) {
            let mut starter = Vec::new();
            for other in STARTER_FOLDERS.iter().filter(|f| **f != dir) {
                starter.extend(marked_folder(&corpus.join(other))?);
            }
            (
                Starter::Documents(std::sync::Arc::new(starter)),
                format!("### `{dir}/`"),
                "from the starter without it",
            )
        } else {
            (
                Starter::Bundled,
                format!(
                    "### `{dir}/`, exactly as `gloss train` does it\n\nThe whole bundled \
                     starter: `{dir}/` is not in it."
                ),
                "from the bundled starter",
            )
        };
        let with = TrainOptions {
            starter,
            ..opts.clone()
        };
        let _ = writeln!(out, "\n{heading}");
        let gain = replay_section(
            out,
            &format!("`{dir}/`"),
            from,
            "in file name order",
            &docs,
            labels,
            names,
            &with,
        )?;
        gains.push(format!("`{dir}/` {gain:+.3}"));
    }
    let _ = writeln!(
        out,
        "\n`all` minus `rules-vi` over the second halves, with the starter: {}. \
         `unseen-4/` and `unseen-6/` are the sets nobody tuned anything on; the `rules-vi` figures of \
         the others are development figures (the rules were fixed from their errors).",
        gains.join(", ")
    );
    Ok(())
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let print = args.iter().any(|a| a == "--print");
    let corpus = args
        .iter()
        .position(|a| a == "--corpus")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dev-corpus")
        });
    let train_docs = marked_folder(&corpus.join("train"))?;
    let test_docs = marked_folder(&corpus.join("test"))?;
    let labels = default_labels();
    let names: Vec<String> = labels.iter().map(|l| l.name.clone()).collect();
    let opts = TrainOptions::default();
    let policy = Policy::default();
    let mut out = String::new();
    let spans = |d: &[Document]| d.iter().map(|d| d.spans.len()).sum::<usize>();
    let _ = writeln!(out, "# The tagger on the development corpus\n");
    let _ = writeln!(
        out,
        "Written by `cargo run --release --example learning-report` (rerun it to \
         refresh this file; `cargo run --release --example replay-folder -- DIR` \
         replays any one folder of `*.marked.txt` articles the same way, with the \
         bundled starter or `--no-starter`). Corpus: `{}`: {} training documents ({} spans), {} test \
         documents ({} spans). Scores are strict (same label, same start and end), \
         micro-averaged over spans. Training: averaged perceptron, {} epochs, seed {}; \
         `all` policy: the model vetoes rule and dictionary hits it scores below {:.2} \
         and adds its own spans from {:.2}; who leads each label is learned at every \
         training (docs/LEARNING.md, How it works).\n",
        corpus
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(&corpus)
            .display(),
        train_docs.len(),
        spans(&train_docs),
        test_docs.len(),
        spans(&test_docs),
        opts.epochs,
        opts.seed,
        policy.veto_below,
        policy.add_from
    );

    // 1. The fixed split.
    let tr: Vec<&Document> = train_docs.iter().collect();
    let te: Vec<&Document> = test_docs.iter().collect();
    let split = train_test(&labels, &tr, &te, &opts).map_err(|e| e.to_string())?;
    let _ = writeln!(
        out,
        "## Fixed split: trained on `train/`, scored on `test/`\n"
    );
    table(&mut out, &split, &names);
    // Who leads each label in `all` for that model, learned by 5-fold
    // cross-validation over `train/` when it was trained.
    let known = project_of(&labels, &tr);
    let fixed = train(&known, &opts).map_err(|e| e.to_string())?;
    let _ = writeln!(
        out,
        "\nPolicy of `all` learned when training on `train/` (5-fold cross-validation \
         over its {} documents, strict F1 of each choice):\n",
        tr.len()
    );
    match &fixed.record.leads {
        Some(leads) => {
            for l in leads {
                let _ = writeln!(out, "- {l}");
            }
        }
        None => {
            let _ = writeln!(out, "- too few documents: the rules lead every label");
        }
    }

    // 2. Learning curve over every document.
    let all_docs: Vec<&Document> = train_docs.iter().chain(&test_docs).collect();
    let project = project_of(&labels, &all_docs);
    let curve = learning_curve(&project, 5, &opts).map_err(|e| e.to_string())?;
    let _ = writeln!(
        out,
        "\n## Learning curve\n\n`gloss eval --learning-curve` on a project of all {} \
         documents: 5-fold cross-validation, strict F1 per label and micro, by training \
         documents per fold; `rules-vi` on the same test folds.\n",
        all_docs.len()
    );
    let _ = writeln!(out, "```text\n{curve}```");

    // 3. Simulated editor, in file name order over train then test.
    let started = Instant::now();
    let r = replay(&labels, &all_docs, &opts).map_err(|e| e.to_string())?;
    let half = all_docs.len() / 2;
    let s = r.scores_from(half);
    let _ = writeln!(
        out,
        "\n## Simulated editor\n\nThe {} documents one at a time (`train/` then `test/`, \
         each in file name order). Before each document, the earlier ones are done \
         with their gold spans, the model is retrained on them and suggests on the next \
         one. Scores over the second half (documents {}..{}):\n",
        all_docs.len(),
        half + 1,
        all_docs.len()
    );
    table(&mut out, &s, &names);
    let gain = s.all.overall.f1() - s.rules.overall.f1();
    let _ = writeln!(
        out,
        "\n`all` minus `rules-vi`: {gain:+.3} strict micro-F1 (goal: +0.10). \
         The whole replay took {:.1} s; the longest retraining {:.3} s.",
        started.elapsed().as_secs_f64(),
        r.train_seconds.iter().copied().fold(0.0, f64::max)
    );

    // 4. Training time on every document.
    let t = train(
        &project,
        &TrainOptions {
            held_out: false,
            ..opts.clone()
        },
    )
    .map_err(|e| e.to_string())?;
    let _ = writeln!(
        out,
        "\n## Training time\n\nAll {} documents ({} tokens, {} spans): {:.3} s, {} features \
         (this machine, release build). `cargo bench --bench learning` measures 100 \
         documents and suggestion throughput.",
        t.record.documents, t.record.tokens, t.record.spans, t.record.seconds, t.record.features
    );
    // 5. The later sets, `unseen/` to `unseen-6/` (each README says how
    // held out it still is).
    let mut all_held_out: Vec<Document> = Vec::new();
    let mut found: Vec<String> = Vec::new();
    for (dir, when) in [
        (
            "unseen",
            "written and annotated after the rules, the features and the settings of \
             session 8 were fixed; never used to choose a setting of the model, but its \
             `rules-vi` position errors were read in session 9 to fix the rules, so its \
             `rules-vi` figures are development figures",
        ),
        (
            "unseen-2",
            "written blind (its writer read no code) while session 9 changed the rules; \
             only its scores were read until session 10 read its `rules-vi` position \
             errors to fix the rules, so its `rules-vi` figures are development figures \
             from then on",
        ),
        (
            "unseen-3",
            "written blind in session 10 (its writer read no code); after its scores \
             were read, its `rules-vi` position errors were read to fix the rules, so \
             its `rules-vi` figures are development figures; never used to choose a \
             setting of the model; in the starter corpus since session 11",
        ),
        (
            "unseen-4",
            "written blind in session 10 (its writer read no code) after the rules of \
             that session were final, and never looked at to choose anything: only its \
             scores were read; not in the starter corpus",
        ),
        (
            "unseen-5",
            "written blind in session 11 (its writer read no code); after its scores \
             were read (`rules-vi` person 0.934, position 0.752), its `rules-vi` person \
             and position errors were read to fix the rules, so its `rules-vi` figures \
             are development figures; never used to choose a setting of the model; in \
             the starter corpus",
        ),
        (
            "unseen-6",
            "written blind in session 11 (its writer read no code) and never looked at \
             to choose anything: only its scores were read; not in the starter corpus",
        ),
    ] {
        let held_dir = corpus.join(dir);
        if !held_dir.is_dir() {
            continue;
        }
        let held = marked_folder(&held_dir)?;
        let un: Vec<&Document> = held.iter().collect();
        let fixed = train_test(&labels, &all_docs, &un, &opts).map_err(|e| e.to_string())?;
        let _ = writeln!(
            out,
            "\n## Held-out articles: `{dir}/`\n\n`{dir}/`: {} articles ({} spans), {when} \
             (`{dir}/README.md`).\n\n\
             Trained on all {} documents of `train/` and `test/`, scored on `{dir}/`:\n",
            un.len(),
            spans(&held),
            all_docs.len()
        );
        table(&mut out, &fixed, &names);
        replay_section(
            &mut out,
            &format!("`{dir}/` alone"),
            NOTHING,
            "in file name order",
            &un,
            &labels,
            &names,
            &opts,
        )?;
        all_held_out.extend(held);
        found.push(format!("`{dir}/`"));
    }
    if found.len() >= 2 {
        let first = all_held_out.len() / 2;
        let un: Vec<&Document> = all_held_out.iter().collect();
        let set_names = found.join(" then ");
        let _ = writeln!(
            out,
            "\n## Held-out articles: the sets in one replay\n\nA longer replay is a \
             steadier measure, and its second half has {} to {} articles to learn from \
             (the issue's replay has 12 to 23): {set_names}, {} articles.",
            first,
            un.len() - 1,
            un.len()
        );
        replay_section(
            &mut out,
            "the held-out sets",
            NOTHING,
            &format!("({set_names}, each in file name order)"),
            &un,
            &labels,
            &names,
            &opts,
        )?;
    }
    starter_section(&mut out, &corpus, &labels, &names, &opts)?;
    if print {
        print!("{out}");
    } else {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/LEARNING.md");
        let existing = std::fs::read_to_string(&path).unwrap_or_default();
        // Keep any hand-written part after the generated one.
        let tail = existing
            .find("<!-- end of generated part -->")
            .map(|i| existing[i..].to_owned())
            .unwrap_or_else(|| "<!-- end of generated part -->\n".into());
        std::fs::write(&path, format!("{out}\n{tail}"))
            .map_err(|e| format!("could not write {}: {e}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

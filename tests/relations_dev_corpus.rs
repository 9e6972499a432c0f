//! The `rules-vi` relation suggester measured on the development corpus
//! (`tests/fixtures/dev-corpus/{train,test}`, 37 articles) against gold
//! relations written by an independent annotator
//! (`tests/fixtures/dev-corpus/relations/{train,test}/<stem>.txt`), given
//! the gold spans.
//!
//! The gold files name ends by span text without `#N` (see their README): a
//! relation counts as right when its type and both end texts match a gold
//! line. `former`/`elected` lines count neither way. The same figures come
//! out of `gloss eval` on a project built from the corpus (the gold
//! relations placed on the occurrence the suggester linked, else on the
//! nearest pair of spans with those texts).
//!
//! Print the tables: `cargo test --test relations_dev_corpus -- --nocapture`.

use gloss::model::{Document, Origin, Relation, Span, Status};
use gloss::store::ProjectDir;
use gloss::suggest::eval::Counts;
use gloss::suggest::relations::{is_open_case, RelationEvaluation};
use gloss::suggest::relations_vi::relations_vi;
use gloss::text::markup;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// (type, from text, to text).
type TextKey = (String, String, String);

/// One article: gold spans as confirmed spans, gold relations by text
/// (counted, and former/elected with their notes).
struct Article {
    doc: Document,
    counted: Vec<TextKey>,
    open: Vec<(TextKey, String)>,
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dev-corpus")
}

fn split(name: &str) -> Vec<Article> {
    let dir = corpus().join(name);
    let mut stems: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".marked.txt").map(str::to_owned)
        })
        .collect();
    stems.sort();
    stems
        .iter()
        .map(|stem| {
            let marked = std::fs::read_to_string(dir.join(format!("{stem}.marked.txt"))).unwrap();
            let (text, spans) = markup::parse(&marked).unwrap();
            let mut doc = Document::new(stem, &text);
            for (i, m) in spans.iter().enumerate() {
                doc.spans.push(Span {
                    id: i as u64 + 1,
                    start: m.start,
                    end: m.end,
                    label: m.label.clone(),
                    text: doc.slice(m.start, m.end).unwrap().to_owned(),
                    origin: Origin::Manual,
                    note: String::new(),
                });
            }
            let gold = corpus().join(format!("relations/{name}/{stem}.txt"));
            let gold = std::fs::read_to_string(&gold)
                .unwrap_or_else(|e| panic!("{}: {e}", gold.display()));
            let (mut counted, mut open) = (Vec::new(), Vec::new());
            for line in gold.lines().filter(|l| !l.trim().is_empty()) {
                let (rel, note) = line.split_once(" | ").unwrap_or((line, ""));
                let (ty, ends) = rel.split_once(": ").unwrap();
                let (a, b) = ends.split_once(" -> ").unwrap();
                let key = (ty.to_owned(), a.trim().to_owned(), b.trim().to_owned());
                for end in [&key.1, &key.2] {
                    assert!(
                        doc.spans.iter().any(|s| s.text == *end),
                        "{stem}: no span {end:?}"
                    );
                }
                if is_open_case(note) {
                    open.push((key, note.to_owned()));
                } else {
                    counted.push(key);
                }
            }
            Article { doc, counted, open }
        })
        .collect()
}

/// What the rules propose for an article, by text (repeats merged).
fn predicted(doc: &Document) -> BTreeSet<TextKey> {
    let text = |(s, e): (usize, usize)| doc.slice(s, e).unwrap().to_owned();
    relations_vi(doc)
        .into_iter()
        .map(|r| (r.label, text((r.from.0, r.from.1)), text((r.to.0, r.to.1))))
        .collect()
}

/// Scores by text, per type; with the wrong and missed relations listed.
fn score(articles: &[Article]) -> (RelationEvaluation, Vec<String>) {
    let mut ev = RelationEvaluation::default();
    let mut errors = Vec::new();
    for a in articles {
        let gold: BTreeSet<&TextKey> = a.counted.iter().collect();
        let open: BTreeSet<&TextKey> = a.open.iter().map(|(k, _)| k).collect();
        ev.left_out += open.len();
        let pred = predicted(&a.doc);
        for k in pred.iter().filter(|k| !open.contains(k)) {
            let c = ev.types.entry(k.0.clone()).or_default();
            if gold.contains(k) {
                c.tp += 1;
            } else {
                c.fp += 1;
                errors.push(format!("{}: wrong  {}: {} -> {}", a.doc.id, k.0, k.1, k.2));
            }
        }
        for k in gold.iter().filter(|k| !pred.contains(*k)) {
            ev.types.entry(k.0.clone()).or_default().fn_ += 1;
            errors.push(format!("{}: missed {}: {} -> {}", a.doc.id, k.0, k.1, k.2));
        }
    }
    let mut overall = Counts::default();
    for c in ev.types.values() {
        overall.tp += c.tp;
        overall.fp += c.fp;
        overall.fn_ += c.fn_;
    }
    ev.overall = overall;
    (ev, errors)
}

#[test]
fn train_split_figures_and_errors() {
    let (ev, errors) = score(&split("train"));
    println!("train (text pairing, given gold spans):\n{ev}\n");
    for e in &errors {
        println!("{e}");
    }
    assert_eq!(ev.left_out, 10);
    let holds = ev.types["holds"];
    assert_eq!(holds.tp + holds.fn_, 83, "gold holds on train");
    assert!(
        holds.f1() >= HOLDS_F1_FLOOR,
        "holds F1 {:.3}\n{ev}",
        holds.f1()
    );
}

/// The test split: the figures the README reports. Floors sit just below
/// the measured figures, so a change that loses quality fails here.
#[test]
fn test_split_holds_and_reported_by_given_gold_spans() {
    let (ev, errors) = score(&split("test"));
    println!("test (text pairing, given gold spans):\n{ev}\n");
    for e in &errors {
        println!("{e}");
    }
    assert_eq!(ev.left_out, 8);
    let holds = ev.types["holds"];
    assert_eq!(holds.tp + holds.fn_, 48, "gold holds on test");
    assert!(
        holds.f1() >= HOLDS_F1_FLOOR,
        "holds F1 {:.3}\n{ev}",
        holds.f1()
    );
    let rep = ev.types["reported-by"];
    assert_eq!(rep.tp + rep.fn_, 38, "gold reported-by on test");
    assert!(
        rep.f1() >= REPORTED_F1_FLOOR,
        "reported-by F1 {:.3}\n{ev}",
        rep.f1()
    );
}

/// The goal for `holds` (measured: 1.000).
const HOLDS_F1_FLOOR: f64 = 0.9;
/// Just below the measured 0.794.
const REPORTED_F1_FLOOR: f64 = 0.75;

/// The nearest pair of spans with these texts and labels allowed by the
/// type: (from id, to id).
fn place(doc: &Document, key: &TextKey, linked: &[(u64, u64)]) -> (u64, u64) {
    let ends = |t: &str| -> Vec<&Span> { doc.spans.iter().filter(|s| s.text == t).collect() };
    let mut pairs: Vec<(usize, u64, u64)> = Vec::new();
    for a in ends(&key.1) {
        for b in ends(&key.2) {
            let d = a.start.abs_diff(b.start);
            // The occurrence the suggester linked comes first.
            let rank = if linked.contains(&(a.id, b.id)) {
                0
            } else {
                1 + d
            };
            pairs.push((rank, a.id, b.id));
        }
    }
    pairs.sort();
    let (_, a, b) = pairs[0];
    (a, b)
}

#[test]
fn gloss_eval_on_the_test_split_gives_the_same_figures() {
    let articles = split("test");
    let (by_text, _) = score(&articles);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("dev-test");
    let (mut project, mut store) =
        ProjectDir::create(&dir, "dev-test", gloss::model::default_labels()).unwrap();
    for a in &articles {
        let mut doc = a.doc.clone();
        // Span ids of what the rules link, to place gold on that occurrence.
        let linked: Vec<(u64, u64)> = relations_vi(&doc)
            .iter()
            .filter_map(|r| {
                let id = |(s, e, l): &(usize, usize, String)| {
                    doc.spans
                        .iter()
                        .find(|x| x.start == *s && x.end == *e && x.label == *l)
                        .map(|x| x.id)
                };
                Some((id(&r.from)?, id(&r.to)?))
            })
            .collect();
        let lines = a
            .counted
            .iter()
            .map(|k| (k, String::new()))
            .chain(a.open.iter().map(|(k, n)| (k, n.clone())));
        for (n, (key, note)) in lines.enumerate() {
            let (from, to) = place(&doc, key, &linked);
            doc.relations.push(Relation {
                id: n as u64 + 1,
                label: key.0.clone(),
                from,
                to,
                origin: Origin::Manual,
                note,
            });
        }
        doc.status = Status::Done;
        project.documents.push(doc);
    }
    store.save(&project).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(["eval", "--source", "rules-vi"])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    println!("gloss eval --source rules-vi <dev-corpus test split>:\n{stdout}");
    let rel = stdout
        .split("Relations (both end spans strict, same type):")
        .nth(1)
        .unwrap();
    for (name, c) in &by_text.types {
        let line = rel
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap();
        let f: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(
            f[4..7],
            [c.tp.to_string(), c.fp.to_string(), c.fn_.to_string()],
            "{name}: gloss eval and the text pairing disagree\n{stdout}\n{by_text}"
        );
    }
}

//! Lists what `rules-vi` gets wrong on a folder of `*.marked.txt` files:
//! strict F1 per label, then every missed gold span and every wrong
//! suggestion of the chosen labels, with a little context. A tool for
//! improving the rules on the TRAINING split; the test split is for the
//! figure at the end of a round only.
//!
//! `cargo run --example rules-errors -- tests/fixtures/dev-corpus/train person position`
//! (`--quiet` prints the scores only).

use gloss::suggest::eval::{score, Labeled, MatchMode};
use gloss::suggest::model::replay::marked_folder;
use gloss::suggest::rules_vi;
use gloss::text::import::date_of;
use std::path::PathBuf;

fn context(text: &str, start: usize, end: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let a = start.saturating_sub(30);
    let b = (end + 30).min(chars.len());
    let s = |r: std::ops::Range<usize>| -> String {
        chars[r]
            .iter()
            .map(|&c| if c == '\n' { '/' } else { c })
            .collect()
    };
    format!("{}⟦{}⟧{}", s(a..start), s(start..end), s(end..b))
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quiet = args.iter().any(|a| a == "--quiet");
    let mut rest = args.iter().filter(|a| !a.starts_with("--"));
    let dir = PathBuf::from(rest.next().ok_or("usage: rules-errors DIR [LABEL...]")?);
    let labels: Vec<&String> = rest.collect();
    let mut docs = marked_folder(&dir)?;
    let mut gold = Vec::new();
    let mut pred = Vec::new();
    for doc in &mut docs {
        doc.meta.date = date_of(&doc.text);
        let g: Vec<Labeled> = doc
            .spans
            .iter()
            .map(|s| (s.start, s.end, s.label.clone()))
            .collect();
        let p: Vec<Labeled> = rules_vi(doc)
            .into_iter()
            .map(|s| (s.start, s.end, s.label))
            .collect();
        if !quiet {
            for l in &labels {
                for x in g.iter().filter(|x| &x.2 == *l && !p.contains(x)) {
                    println!("MISS {l:9} {}: {}", doc.id, context(&doc.text, x.0, x.1));
                }
                for x in p.iter().filter(|x| &x.2 == *l && !g.contains(x)) {
                    println!("FP   {l:9} {}: {}", doc.id, context(&doc.text, x.0, x.1));
                }
            }
        }
        gold.push(g);
        pred.push(p);
    }
    let e = score(&gold, &pred, MatchMode::Strict);
    for (l, c) in &e.labels {
        println!(
            "{l:9} P {:.3} R {:.3} F1 {:.3} (tp {} fp {} fn {})",
            c.precision(),
            c.recall(),
            c.f1(),
            c.tp,
            c.fp,
            c.fn_
        );
    }
    println!("micro     F1 {:.3}", e.overall.f1());
    Ok(())
}

//! Times each stage of suggesting, one document at a time on one thread,
//! over the first 2,000 documents of a project in memory: the token
//! table, `rules-vi`, the dictionary (and how long learning it from the
//! whole project takes), the relation rules. Shows which stage to work on
//! before profiling: `cargo run --release --example engine-time -- /tmp/p5k`.

use gloss::suggest::{doc_tokens::DocTokens, relations_vi, Engine, Extractors};
use std::time::Instant;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: engine-time <project folder>");
        std::process::exit(2);
    };
    let session =
        gloss::session::Session::open_read_only(dir.as_ref()).unwrap_or_else(|e| panic!("{e}"));
    let p = &session.workspace.project;
    let docs = &p.documents[..p.documents.len().min(2000)];
    let mb: f64 = docs.iter().map(|d| d.text.len() as f64 / 1e6).sum();
    let started = Instant::now();
    let rules = Extractors::new(p, &[Engine::RulesVi]);
    let dictionary = Extractors::new(p, &[Engine::Dictionary]);
    let learned = started.elapsed().as_secs_f64();
    let mut took = [0.0f64; 4];
    let mut time = |stage: usize, started: Instant| took[stage] += started.elapsed().as_secs_f64();
    for d in docs {
        let t = Instant::now();
        let table = DocTokens::new(d);
        time(0, t);
        let t = Instant::now();
        let mut found = rules.run_on(p, d, &table);
        time(1, t);
        let t = Instant::now();
        found.extend(dictionary.run_on(p, d, &table));
        time(2, t);
        let t = Instant::now();
        let relations = relations_vi::relations_vi_in(d, &found, &table.sentences);
        time(3, t);
        drop(relations);
    }
    println!(
        "{mb:.1} MB of text, one thread: token table {:.0} MB/s, rules-vi {:.0} MB/s, \
         dictionary {:.0} MB/s (learned from the whole project in {learned:.2} s), relations {:.0} MB/s",
        mb / took[0],
        mb / took[1],
        mb / took[2],
        mb / took[3]
    );
}

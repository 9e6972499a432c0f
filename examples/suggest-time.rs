//! Times suggesting with every engine over a project already in memory
//! (what the scale bench's "suggest all engines" measures), a few rounds,
//! for profiling the engines (`perf record` on this binary):
//! `cargo run --release --example suggest-time -- /tmp/p5k 3`.

use gloss::session::{Session, SuggestJob};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(dir) = args.get(1) else {
        eprintln!("usage: suggest-time <project folder> [rounds]");
        std::process::exit(2);
    };
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(3);
    let session = Session::open_read_only(dir.as_ref()).unwrap_or_else(|e| panic!("{e}"));
    let project = &session.workspace.project;
    let mb: f64 = project
        .documents
        .iter()
        .map(|d| d.text.len() as f64 / 1e6)
        .sum();
    for _ in 0..rounds {
        let started = std::time::Instant::now();
        let ids = session.document_ids(true);
        let mut job = SuggestJob::new(project, ids, &gloss::suggest::Engine::DEFAULT);
        let built = started.elapsed().as_secs_f64();
        job.run(project, None, &mut |_, _| {});
        println!(
            "suggest all engines: {:.1} MB/s ({} suggestions; engines built in {:.2} s)",
            mb / started.elapsed().as_secs_f64(),
            job.found(),
            built
        );
    }
}

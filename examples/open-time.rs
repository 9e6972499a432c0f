//! Times opening a project as the GUI does (index first, then the first
//! document) and the resident memory it takes:
//! `cargo run --release --example open-time -- /tmp/p50k`.

fn rss_mb() -> f64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: f64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0.0);
    pages * 4096.0 / 1e6
}

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: open-time <project folder>");
        std::process::exit(2);
    };
    let rss0 = rss_mb();
    let started = std::time::Instant::now();
    let session = gloss::session::Session::open_lazy_read_only_as(dir.as_ref(), None)
        .unwrap_or_else(|e| panic!("{e}"));
    println!(
        "{} documents, first one {:?}: {:.1} ms, resident +{:.1} MB",
        session.workspace.project.documents.len(),
        session.document().map(|d| d.id.as_str()),
        started.elapsed().as_secs_f64() * 1000.0,
        rss_mb() - rss0
    );
}

//! Writes a project of N generated documents (the scale bench's: the sample
//! article varied per document, 41 spans each) to a folder, to try the GUI
//! and the CLI on a big project:
//! `cargo run --release --example scale-project -- /tmp/p50k 50000`, then
//! `cargo run --release -- /tmp/p50k`.

#[path = "../benches/support/scale_gen.rs"]
mod scale_gen;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(n)) = (args.get(1), args.get(2).and_then(|n| n.parse().ok())) else {
        eprintln!("usage: scale-project <new folder> <documents>");
        std::process::exit(2);
    };
    let started = std::time::Instant::now();
    let bytes = scale_gen::generate(std::path::Path::new(dir), n);
    println!(
        "{dir}: {n} documents, {:.1} MB of text, in {:.1} s",
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
}

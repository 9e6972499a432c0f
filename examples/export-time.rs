//! Times exporting a project already in memory, a few rounds, for
//! profiling the renderers (`perf record` on this binary):
//! `cargo run --release --example export-time -- /tmp/p5k conll 3`.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(format)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: export-time <project folder> <format> [rounds]");
        std::process::exit(2);
    };
    let rounds: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(3);
    let format = gloss::formats::Format::parse(format).expect("a format name");
    let session =
        gloss::session::Session::open_read_only(dir.as_ref()).unwrap_or_else(|e| panic!("{e}"));
    let mb: f64 = session
        .workspace
        .project
        .documents
        .iter()
        .map(|d| d.text.len() as f64 / 1e6)
        .sum();
    let out = std::env::temp_dir().join(format!("gloss-export-time.{}", format.extension()));
    for _ in 0..rounds {
        let started = std::time::Instant::now();
        session
            .export(
                format,
                &out,
                &Default::default(),
                &Default::default(),
                &mut |_, _| {},
            )
            .unwrap_or_else(|e| panic!("{e}"));
        println!(
            "{}: {:.1} MB/s of text",
            format.name(),
            mb / started.elapsed().as_secs_f64()
        );
    }
}

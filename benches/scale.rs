//! Gloss on projects of realistic size: generates projects of 1, 5,000 (and,
//! with `--docs 1,5000,50000`, 50,000) documents in a temp dir (the sample
//! article varied per document: a numbered paragraph with a person and a
//! figure appended, ~40 spans and 2 suggestions each) and reports:
//! open, save after one edit, whole-window frame time (egui_kittest, pointer
//! moving and wheel scrolling over the document list and the article),
//! import of 2,000 doccano lines without ids, export to CoNLL and JSONL,
//! check, suggest with every engine, and suggest in all documents streamed
//! and saved (as the GUI and `gloss suggest` run it) with its undo.
//!
//! Run: `cargo bench --bench scale` (or `-- --docs 1,5000,50000`); `--only
//! frames,import` runs only those figures (open, save, frames, export,
//! check, suggest, streamed, import), e.g. under a profiler; `--frames N` draws N
//! whole-window frames instead of 240. Timings are wall clock on
//! this machine; nothing here asserts a time.

use egui::{Event, MouseWheelUnit, Pos2, Vec2};
use gloss::formats::{ExportOptions, Format, ImportOptions};
use gloss::model::Document;
use gloss::session::{Session, SuggestJob};
use std::path::Path;
use std::time::{Duration, Instant};

#[path = "support/scale_gen.rs"]
mod scale_gen;
use scale_gen::{generate, sample};

fn rss_mb() -> f64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: f64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0.0);
    pages * 4096.0 / 1e6
}

fn dir_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    for e in walk(dir) {
        total += std::fs::metadata(&e).map(|m| m.len()).unwrap_or(0);
    }
    total
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    let med = v[v.len() / 2];
    let p95 = v[(v.len() * 95 / 100).min(v.len() - 1)];
    (med, p95)
}

/// CPU time this thread has used (wall clock where that is not available):
/// frames are timed by CPU so that other processes on the machine do not
/// count, as the "CPU per frame" asks.
fn cpu_now() -> Duration {
    #[cfg(target_os = "linux")]
    {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `ts` is a valid, writable timespec for the call.
        if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) } == 0 {
            return Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32);
        }
    }
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

/// Median and p95 CPU time of whole-window frames. One frame is what
/// eframe does once per screen refresh: one egui pass over every panel with
/// that refresh's input (the pointer moved and the wheel turned), then
/// tessellating the shapes it painted (the GPU upload is left out).
fn frames(dir: &Path, count: usize) -> (f64, f64) {
    let dir = dir.to_owned();
    let mut h = egui_kittest::Harness::builder()
        .with_size(Vec2::new(1280.0, 800.0))
        .with_context_setup(gloss::ui::install_fonts)
        .build_eframe(move |cc| gloss::ui::GlossApp::new(cc, Some(&dir)));
    h.run_steps(5);
    let mut times = Vec::new();
    let mut t = 10.0;
    for f in 0..count.max(40) {
        // Alternate between the document list (x 120) and the article (x 600).
        let x = if (f / 60) % 2 == 0 { 120.0 } else { 600.0 };
        let pos = Pos2::new(x, 200.0 + (f % 30) as f32 * 10.0);
        t += 0.016;
        let input = h.input_mut();
        input.time = Some(t);
        // Both events in one pass (`Harness::hover_at` and `event` would
        // run a pass for each).
        input.events.push(Event::PointerMoved(pos));
        input.events.push(Event::MouseWheel {
            unit: MouseWheelUnit::Point,
            delta: Vec2::new(0.0, if (f / 30) % 2 == 0 { -60.0 } else { 60.0 }),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        });
        let started = cpu_now();
        h.step();
        let pass = cpu_now() - started;
        let output = h.output();
        let (shapes, ppp) = (output.shapes.clone(), output.pixels_per_point);
        let started = cpu_now();
        let primitives = h.ctx.tessellate(shapes, ppp);
        let tessellate = cpu_now() - started;
        assert!(!primitives.is_empty(), "the window painted nothing");
        if f >= 20 {
            times.push(ms(pass + tessellate));
        }
    }
    median(times)
}

fn doccano_lines(n: usize, base: &Document) -> String {
    let mut out = String::new();
    for i in 0..n {
        let text = format!("{}\n\nBản tin {i}.", base.text);
        let spans: Vec<_> = base
            .spans
            .iter()
            .map(|s| {
                let a = base
                    .text
                    .chars()
                    .take(s.start)
                    .map(char::len_utf16)
                    .sum::<usize>();
                let b = a + s.text.chars().map(char::len_utf16).sum::<usize>();
                serde_json::json!([a, b, s.label])
            })
            .collect();
        out.push_str(&serde_json::json!({"text": text, "label": spans}).to_string());
        out.push('\n');
    }
    out
}

fn run(n: usize, only: &dyn Fn(&str) -> bool, frame_count: usize) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("p");
    let started = Instant::now();
    let text_bytes = generate(&dir, n);
    let ron_bytes = dir_bytes(&dir);
    println!(
        "\n## {n} document(s): {:.1} MB text, {:.1} MB RON (generated in {:.1} s)",
        text_bytes as f64 / 1e6,
        ron_bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    let mb = text_bytes as f64 / 1e6;

    if only("open") || only("save") {
        open_and_save(&dir, n, ron_bytes);
    }
    if only("frames") {
        // Whole window.
        let (f_med, f_p95) = frames(&dir, frame_count);
        println!("whole window frame: median {f_med:.2} ms, p95 {f_p95:.2} ms");
    }
    if only("export") || only("check") || only("suggest") {
        export_check_suggest(&dir, tmp.path(), mb, ron_bytes, only);
    }
    if only("streamed") {
        streamed(&dir, mb);
    }
    if only("import") {
        import(&dir, tmp.path());
    }
}

/// Peak resident memory since the last reset, in MB (Linux `VmHWM`).
fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1e3)
}

/// Starts measuring the peak afresh (writing 5 to `clear_refs` resets
/// `VmHWM` to `VmRSS`); the resident memory now, in MB.
fn reset_peak() -> f64 {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    peak_mb()
}

/// Suggest in all documents streamed, as the GUI (Ctrl+Shift+G on a big
/// project) and `gloss suggest` run it: read, suggest, save and drop a
/// chunk at a time; then its undo, streamed the same way. Leaves the
/// project as it was.
fn streamed(dir: &Path, mb: f64) {
    let mut session = Session::open_lazy_as(dir, None).expect("opens");
    let base = reset_peak();
    let started = Instant::now();
    // When the suggesting pass began (after the dictionary's reading pass).
    let learned = std::sync::Mutex::new(None);
    let notice = session.suggest_everywhere(
        &|phase, _, _| {
            if phase == gloss::session::SuggestPhase::Suggesting {
                if let Ok(mut l) = learned.lock() {
                    l.get_or_insert_with(|| started.elapsed().as_secs_f64());
                }
            }
        },
        &std::sync::atomic::AtomicBool::new(false),
    );
    let t = started.elapsed().as_secs_f64();
    let learned = learned.lock().ok().and_then(|l| *l).unwrap_or(0.0);
    assert!(!notice.is_refused(), "{notice:?}");
    let peak = peak_mb() - base;
    println!(
        "suggest in all documents, streamed and saved: {t:.1} s, {:.1} MB/s (reading for the dictionary {learned:.1} s), peak resident +{peak:.0} MB ({})",
        mb / t,
        notice.text()
    );
    let base = reset_peak();
    let started = Instant::now();
    let undone = session.undo();
    let t = started.elapsed().as_secs_f64();
    assert!(!undone.is_refused(), "{undone:?}");
    println!(
        "its undo, streamed and saved: {t:.1} s, peak resident +{:.0} MB",
        peak_mb() - base
    );
}

/// Open, then save after one edit.
fn open_and_save(dir: &Path, n: usize, ron_bytes: u64) {
    // Open as the GUI does: the index, then the first document.
    let rss0 = rss_mb();
    let started = Instant::now();
    let mut session = Session::open_lazy_as(dir, None).expect("opens");
    let open = started.elapsed();
    let rss = rss_mb() - rss0;
    println!(
        "open index first (the GUI), to the first document: {:.0} ms, resident +{rss:.0} MB",
        ms(open)
    );
    // Opening 200 more documents one by one, as an editor paging through.
    let started = Instant::now();
    for i in 0..n.min(200) {
        session.open_document(i);
    }
    println!(
        "then opening {} documents one after another: {:.2} ms each, resident +{:.0} MB",
        n.min(200),
        ms(started.elapsed()) / n.min(200) as f64,
        rss_mb() - rss0
    );
    drop(session);
    // Open whole (Session::open: every document parsed before anything else).
    let rss0 = rss_mb();
    let started = Instant::now();
    let mut session = Session::open(dir).expect("opens");
    let open = started.elapsed();
    let rss = rss_mb() - rss0;
    println!(
        "open whole (Session::open, loads every document): {:.0} ms ({:.0} MB/s of RON), resident +{rss:.0} MB",
        ms(open),
        ron_bytes as f64 / 1e6 / open.as_secs_f64()
    );

    // Save after one edit, five times: the whole save, and its two halves
    // as the GUI runs them (serialize and check on the UI thread, write and
    // fsync on the writer thread).
    let mut saves = Vec::new();
    let mut ui_parts = Vec::new();
    let mut writes = Vec::new();
    for k in 0..10 {
        session.open_document(n / 2);
        let doc = session.document().expect("doc");
        let tokens = gloss::text::tokenize(&doc.text);
        let t = tokens[100 + k * 3];
        let notice = session.add_span(t.start, t.end, "target");
        assert!(!notice.is_refused(), "{notice:?}");
        let started = Instant::now();
        let report = if k < 5 {
            let report = session.save().expect("saves");
            saves.push(ms(started.elapsed()));
            report
        } else {
            let job = session.workspace.begin_save().expect("begins");
            ui_parts.push(ms(started.elapsed()));
            let started = Instant::now();
            let done = job.run();
            writes.push(ms(started.elapsed()));
            session.workspace.finish_save(done).expect("saves")
        };
        // The document, and the index when the status changed (first edit).
        assert!(report.written.len() <= 2, "{:?}", report.written);
    }
    let (save_med, _) = median(saves);
    let (ui_med, _) = median(ui_parts);
    let (write_med, _) = median(writes);
    println!(
        "save after one edit (document + index): median {save_med:.1} ms; on the UI thread {ui_med:.1} ms, on the writer {write_med:.1} ms"
    );
    // The figures after this one measure the project as generated: the ten
    // one-syllable `target` spans added here would make the dictionary
    // propose them in every document (121 suggestions a document instead
    // of 3; that load is measured in docs/PERFORMANCE.md, seventh round).
    for _ in 0..10 {
        let undone = session.undo();
        assert!(!undone.is_refused(), "{undone:?}");
    }
    session.save().expect("saves");
    // The look at every file for changes made elsewhere (on focus regain),
    // on a thread in the GUI.
    let started = Instant::now();
    let changed = session.workspace.disk_probe().run();
    assert!(changed.is_empty(), "{changed:?}");
    println!(
        "disk check of every file (off the UI thread): {:.1} ms",
        ms(started.elapsed())
    );
}

/// Export to CoNLL and JSONL, check, suggest.
fn export_check_suggest(
    dir: &Path,
    tmp: &Path,
    mb: f64,
    ron_bytes: u64,
    only: &dyn Fn(&str) -> bool,
) {
    let session = Session::open_read_only(dir).expect("opens");
    // CoNLL MB/s from memory and streamed, for the comparison with spaCy.
    let mut conll = (0.0, 0.0);
    for format in [Format::Conll, Format::Jsonl]
        .into_iter()
        .filter(|_| only("export"))
    {
        let out = tmp.join(format!("out.{}", format.extension()));
        let started = Instant::now();
        session
            .export(
                format,
                &out,
                &ExportOptions::default(),
                &Default::default(),
                &mut |_, _| {},
            )
            .expect("exports");
        let t = started.elapsed().as_secs_f64();
        println!(
            "export {} from memory: {:.1} MB/s of text",
            format.name(),
            mb / t
        );
        if format == Format::Conll {
            conll.0 = mb / t;
        }
        // As `gloss export` does: index first, documents read, rendered
        // and written a chunk at a time (reading the RON included).
        let rss0 = rss_mb();
        let started = Instant::now();
        let lazy = Session::open_lazy_read_only_as(dir, None).expect("opens");
        lazy.export_streamed(
            format,
            &out,
            &ExportOptions::default(),
            &Default::default(),
            &mut |_, _| {},
        )
        .expect("exports");
        let t = started.elapsed().as_secs_f64();
        println!(
            "export {} streamed from disk (gloss export): {:.1} MB/s of text, resident +{:.0} MB",
            format.name(),
            mb / t,
            rss_mb() - rss0
        );
        if format == Format::Conll {
            conll.1 = mb / t;
        }
    }
    if only("export") {
        // The JSONL just written, converted by spaCy as its users would.
        spacy_comparison(&tmp.join("out.jsonl"), &tmp.join("spacy.conll"), conll);
    }
    if only("check") {
        // As `gloss check` (and every command that reads the whole
        // project) does: index first, then every document on every core,
        // parsed and validated.
        let started = Instant::now();
        let mut s = Session::open_lazy_read_only_as(dir, None).expect("opens");
        s.load_all_reporting(&mut |_, _| {}).expect("loads");
        let t = started.elapsed().as_secs_f64();
        println!(
            "check (and every CLI read of a whole project): {:.1} MB/s of RON ({:.1} MB/s of text)",
            ron_bytes as f64 / 1e6 / t,
            mb / t
        );
    }
    if !only("suggest") {
        return;
    }
    // Suggest, every engine, models built once.
    let started = Instant::now();
    let ids = session.document_ids(true);
    let mut job = SuggestJob::new(
        &session.workspace.project,
        ids,
        &gloss::suggest::Engine::DEFAULT,
    );
    job.run(&session.workspace.project, None, &mut |_, _| {});
    let t = started.elapsed().as_secs_f64();
    println!(
        "suggest all engines: {:.1} MB/s ({} suggestions)",
        mb / t,
        job.found()
    );
}

/// Runs `scripts/spacy_conll_time.py` (spaCy's `offsets_to_biluo_tags`
/// on the first 300 documents of `jsonl`) with the Python of
/// `$GLOSS_SPACY_PYTHON` or `target/peer-venv` (made by
/// `scripts/peer-check`), and prints how many times faster Gloss's CoNLL
/// export was in this run. Skipped, saying so, without that Python.
fn spacy_comparison(jsonl: &Path, out: &Path, (memory, streamed): (f64, f64)) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = std::env::var_os("GLOSS_SPACY_PYTHON")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target/peer-venv/bin/python"));
    let ran = std::process::Command::new(&python)
        .arg(root.join("scripts/spacy_conll_time.py"))
        .arg(jsonl)
        .arg(out)
        .arg("300")
        .output();
    let figure = ran.ok().filter(|o| o.status.success()).and_then(|o| {
        let line = String::from_utf8_lossy(&o.stdout).to_string();
        let v: serde_json::Value = serde_json::from_str(line.trim()).ok()?;
        v.get("mb_per_s")?.as_f64()
    });
    match figure {
        Some(spacy) => println!(
            "export conll with spaCy offsets_to_biluo_tags (300 documents): {spacy:.2} MB/s of text; \
             Gloss {:.0}x from memory, {:.0}x streamed",
            memory / spacy,
            streamed / spacy
        ),
        None => println!(
            "export conll with spaCy: skipped ({} has no spaCy; run scripts/peer-check once)",
            python.display()
        ),
    }
}

/// Import 2,000 doccano lines without ids three times (each undone in one
/// step, so each does the same work), then save the last.
fn import(dir: &Path, tmp: &Path) {
    let base = sample();
    let lines = doccano_lines(2000, &base);
    let file = tmp.join("in.jsonl");
    std::fs::write(&file, &lines).expect("write");
    let mut session = Session::open(dir).expect("opens");
    let before = session.workspace.project.documents.len();
    let mb = lines.len() as f64 / 1e6;
    let mut times = Vec::new();
    for rep in 0..3 {
        if rep > 0 {
            // One undo step takes the whole import back.
            let undone = session.undo();
            assert!(!undone.is_refused(), "{undone:?}");
            assert_eq!(session.workspace.project.documents.len(), before);
        }
        let started = Instant::now();
        session
            .import(
                Format::Doccano,
                &file,
                &ImportOptions {
                    offsets: gloss::text::offsets::OffsetUnit::Utf16,
                    add_labels: false,
                },
                &Default::default(),
            )
            .expect("imports");
        times.push(started.elapsed().as_secs_f64());
        assert_eq!(session.workspace.project.documents.len(), before + 2000);
    }
    let started = Instant::now();
    session.save().expect("saves");
    let save = started.elapsed();
    let first = times[0];
    let (median, _) = median(times);
    println!(
        "import 2,000 doccano lines ({mb:.1} MB): median of 3 {median:.2} s ({:.1} MB/s; the first {first:.2} s, {:.1} MB/s), then save {:.2} s",
        mb / median,
        mb / first,
        save.as_secs_f64()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let sizes: Vec<usize> = value("--docs")
        .map(|s| s.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_else(|| vec![1, 5000]);
    let parts: Option<Vec<String>> =
        value("--only").map(|s| s.split(',').map(str::to_owned).collect());
    let frame_count = value("--frames")
        .and_then(|s| s.parse().ok())
        .unwrap_or(240);
    let only = |part: &str| parts.as_ref().is_none_or(|p| p.iter().any(|x| x == part));
    println!(
        "Gloss scale benchmark on {} cores",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    for n in sizes {
        run(n, &only, frame_count);
    }
}

//! Exports of a project opened index first stream its documents a chunk at
//! a time: the files and reports are byte-identical to exporting the
//! project loaded whole, for every line format and its options, across
//! chunk boundaries; a document that does not load stops the export
//! without leaving a file behind.

mod common;

use gloss::formats::{DocStart, ExportExtras, ExportOptions, Format, Scheme};
use gloss::model::Status;
use gloss::session::Session;
use gloss::store::ProjectDir;
use gloss::text::offsets::OffsetUnit;
use std::path::{Path, PathBuf};

/// The sample article (spans and relations) 2,100 times over, statuses and
/// kept spans varied, so that chunks of 1,000 end inside the project.
fn project() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let (sample, _) = ProjectDir::load(&common::sample()).unwrap();
    // The article's first part (spans, relations, suggestions kept where
    // they fall inside it): small documents, so the test stays quick.
    let mut base = sample.documents[0].clone();
    let chars: Vec<char> = base.text.chars().collect();
    let cut = chars[1200..].iter().position(|&c| c == '\n').unwrap() + 1200;
    base.text = chars[..cut].iter().collect();
    base.spans.retain(|s| s.end <= cut);
    base.suggestions.retain(|s| s.end <= cut);
    base.rejected.retain(|s| s.end <= cut);
    let ids: Vec<u64> = base.spans.iter().map(|s| s.id).collect();
    base.relations
        .retain(|r| ids.contains(&r.from) && ids.contains(&r.to));
    base.relation_suggestions
        .retain(|r| r.from.1 <= cut && r.to.1 <= cut);
    base.rejected_relations.clear();
    assert!(!base.relations.is_empty() && base.spans.len() > 5);
    let (mut p, mut store) = ProjectDir::create(&dir, "p", sample.labels.clone()).unwrap();
    p.relation_types = sample.relation_types.clone();
    for i in 0..2100 {
        let mut d = base.clone();
        d.id = format!("doc-{i:04}");
        d.status = [Status::Done, Status::Todo, Status::InProgress][i % 3];
        if i % 5 == 0 {
            d.relations.clear();
            d.relation_suggestions.clear();
            d.rejected_relations.clear();
            let keep = d.spans.len() * (i % 7) / 7;
            d.spans.truncate(keep);
        }
        p.documents.push(d);
    }
    store.save(&p).unwrap();
    (tmp, dir)
}

fn whole(
    dir: &Path,
    format: Format,
    opts: &ExportOptions,
    extras: &ExportExtras,
    out: &Path,
) -> String {
    let s = Session::open_read_only(dir).unwrap();
    let r = s.export(format, out, opts, extras, &mut |_, _| {}).unwrap();
    format!("{}", r)
}

fn streamed(
    dir: &Path,
    format: Format,
    opts: &ExportOptions,
    extras: &ExportExtras,
    out: &Path,
) -> Result<String, String> {
    let s = Session::open_lazy_read_only_as(dir, None).unwrap();
    let mut calls = 0;
    let r = s
        .export_streamed(format, out, opts, extras, &mut |_, _| calls += 1)
        .map_err(|e| e.to_string())?;
    assert!(calls >= 3, "progress after each chunk");
    // Nothing but the first document was read into the session.
    assert!(s.workspace.unloaded_count() >= 2099);
    Ok(format!("{r}"))
}

#[test]
fn streamed_line_exports_equal_whole_ones() {
    let (tmp, dir) = project();
    let cases: Vec<(Format, ExportOptions, ExportExtras)> = vec![
        (
            Format::Jsonl,
            ExportOptions::default(),
            ExportExtras::default(),
        ),
        (
            Format::Jsonl,
            ExportOptions {
                offsets: OffsetUnit::Utf16,
                statuses: vec![Status::Done],
                ..Default::default()
            },
            ExportExtras::default(),
        ),
        (
            Format::Doccano,
            ExportOptions {
                offsets: OffsetUnit::Utf16,
                labels: vec!["person".into(), "position".into()],
                ..Default::default()
            },
            ExportExtras::default(),
        ),
        (
            Format::Conll,
            ExportOptions::default(),
            ExportExtras::default(),
        ),
        (
            Format::Conll,
            ExportOptions {
                scheme: Scheme::Bioes,
                ..Default::default()
            },
            ExportExtras {
                docstart: DocStart::None,
            },
        ),
    ];
    for (k, (format, opts, extras)) in cases.iter().enumerate() {
        let a = tmp.path().join(format!("whole-{k}.{}", format.extension()));
        let b = tmp
            .path()
            .join(format!("streamed-{k}.{}", format.extension()));
        let report_a = whole(&dir, *format, opts, extras, &a);
        let report_b = streamed(&dir, *format, opts, extras, &b).unwrap();
        assert_eq!(
            std::fs::read(&a).unwrap(),
            std::fs::read(&b).unwrap(),
            "case {k}"
        );
        assert_eq!(report_a, report_b, "case {k}");
        let ra = std::fs::read_to_string(
            a.with_file_name(format!("whole-{k}.{}.report.txt", format.extension())),
        )
        .unwrap();
        let rb = std::fs::read_to_string(
            b.with_file_name(format!("streamed-{k}.{}.report.txt", format.extension())),
        )
        .unwrap();
        assert_eq!(ra, rb, "case {k}");
    }
}

#[test]
fn a_document_that_does_not_load_stops_a_streamed_export_without_a_file() {
    let (tmp, dir) = project();
    let file = dir.join("docs/doc-1500.ron");
    let s = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, s.replacen("text:", "txet:", 1)).unwrap();
    let out = tmp.path().join("out/x.jsonl");
    let e = streamed(
        &dir,
        Format::Jsonl,
        &ExportOptions::default(),
        &ExportExtras::default(),
        &out,
    )
    .unwrap_err();
    assert!(e.contains("doc-1500") && e.contains("gloss check"), "{e}");
    assert!(!out.exists());
    let left: Vec<_> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .flatten()
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Line exports are a concatenation of per-document parts: written a chunk
/// at a time, the file equals the exports of parts cut elsewhere, joined; a
/// project whose spans are out of file order (as edits leave them) exports
/// exactly as the same project sorted.
#[test]
fn chunked_line_exports_are_per_document_parts_and_ignore_span_order() {
    let (tmp, dir) = project();
    let (mut p, _) = ProjectDir::load(&dir).unwrap();
    p.documents.truncate(1003);
    let mut shuffled = p.clone();
    for d in shuffled.documents.iter_mut().step_by(2) {
        d.spans.reverse();
        d.suggestions.reverse();
        d.relations.reverse();
    }
    assert!(shuffled.documents.iter().any(|d| !d.is_sorted()));
    for format in [Format::Conll, Format::Jsonl, Format::Doccano] {
        let ext = format.extension();
        let export = |project: &gloss::model::Project, name: &str| {
            let out = tmp.path().join(format!("{name}.{ext}"));
            gloss::formats::export(
                project,
                format,
                &out,
                &ExportOptions::default(),
                &mut |_, _| {},
            )
            .unwrap();
            std::fs::read(&out).unwrap()
        };
        let all = export(&p, "all");
        assert_eq!(export(&shuffled, "shuffled"), all, "{format:?}");
        // Cut elsewhere than the chunks of 1,000 (1,000 + 3) are.
        let mut joined = Vec::new();
        let mut part = p.clone();
        for range in [0..1, 1..500, 500..1003] {
            part.documents = p.documents[range].to_vec();
            joined.extend(export(&part, "part"));
        }
        assert_eq!(joined, all, "{format:?}");
    }
}

/// The GUI's export job over a project opened index first: exports that do
/// not stream (folder formats, splits) read the unread documents into the job's
/// own copy and write what a whole load writes; the session still holds
/// only what it had read.
#[test]
fn an_export_job_writes_formats_that_do_not_stream_as_a_whole_load_does() {
    let (tmp, dir) = project();
    let opts = ExportOptions {
        split: Some([80, 10, 10]),
        ..Default::default()
    };
    // A split is written as a folder of parts; it never streams.
    for (k, (format, opts)) in [(Format::Jsonl, opts)].into_iter().enumerate() {
        let a = tmp.path().join(format!("whole-{k}"));
        let b = tmp.path().join(format!("job-{k}"));
        let report_a = whole(&dir, format, &opts, &ExportExtras::default(), &a);
        let s = Session::open_lazy_read_only_as(&dir, None).unwrap();
        let report_b = s
            .export_job()
            .run(format, &b, &opts, &ExportExtras::default(), &mut |_, _| {})
            .unwrap();
        assert_eq!(report_a, format!("{report_b}"));
        assert!(s.workspace.unloaded_count() >= 2099);
        let files = |root: &Path| -> Vec<(String, Vec<u8>)> {
            let mut out: Vec<(String, Vec<u8>)> = walk(root)
                .into_iter()
                .map(|p| {
                    let rel = p.strip_prefix(root).unwrap().display().to_string();
                    (rel, std::fs::read(&p).unwrap())
                })
                .collect();
            out.sort();
            out
        };
        let (fa, fb) = (files(&a), files(&b));
        assert!(fa.len() > 3, "{format:?}: {} files", fa.len());
        assert!(fa == fb, "{format:?}: files differ");
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

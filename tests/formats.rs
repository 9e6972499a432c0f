//! Dataset formats: round trips on random documents, golden files for the
//! sample project, hand-written CoNLL/HF tags, the overlap report,
//! determinism and every bad-input case.

mod common;

use gloss::formats::{export, import, ExportOptions, Format, ImportOptions, Scheme};
use gloss::model::{default_labels, Document, Origin, Project, Span, Status, Suggestion};
use gloss::store::ProjectDir;
use gloss::text::offsets::OffsetUnit;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn sample() -> Project {
    ProjectDir::load(&common::sample()).unwrap().0
}

fn out_path(dir: &Path, format: Format) -> PathBuf {
    if format.is_folder() {
        dir.join("out")
    } else {
        dir.join(format!("out.{}", format.extension()))
    }
}

fn export_to(
    project: &Project,
    format: Format,
    dir: &Path,
    opts: &ExportOptions,
) -> gloss::formats::ExportReport {
    export(
        project,
        format,
        &out_path(dir, format),
        opts,
        &mut |_, _| {},
    )
    .unwrap()
}

fn empty_like(project: &Project) -> Project {
    Project::new("empty", project.labels.clone())
}

fn spans_of(p: &Project) -> Vec<Vec<(usize, usize, String, String)>> {
    p.documents
        .iter()
        .map(|d| {
            d.spans
                .iter()
                .map(|s| (s.start, s.end, s.label.clone(), s.text.clone()))
                .collect()
        })
        .collect()
}

// ---------- random documents ----------

fn doc_strategy() -> impl Strategy<Value = (String, Vec<(usize, usize, usize)>)> {
    let words = prop::sample::select(vec![
        "Nguyễn",
        "Quốc",
        "Đoàn",
        "Ủy",
        "Uỷ",
        "viên",
        "😀",
        "👩‍👩‍👧",
        "Tie\u{301}n",
        "7,22%",
        "8.200",
        "tỷ",
        "đồng",
        "COVID-19",
        "UBND",
        "abc",
    ]);
    let seps = prop::sample::select(vec![" ", " ", ", ", "\r\n", "\n", " – "]);
    (
        prop::collection::vec((words, seps), 3..30),
        prop::collection::vec((0usize..40, 1usize..4, 0usize..4), 0..8),
    )
        .prop_map(|(pieces, picks)| {
            let raw: String = pieces.iter().map(|(w, s)| format!("{w}{s}")).collect();
            (raw, picks)
        })
}

/// A project with one document made from raw text (cleaned like an import:
/// CRLF to LF, NFC) and token-aligned spans, no two of a label overlapping.
fn build(raw: &str, picks: &[(usize, usize, usize)], overlap_free: bool) -> Project {
    let (text, _) = gloss::text::import::prepare_text(raw);
    let text = text.trim().to_owned();
    let mut doc = Document::new("d1", &text);
    let tokens: Vec<_> = gloss::text::tokenize(&text)
        .into_iter()
        .filter(|t| t.text(&text).chars().any(char::is_alphanumeric))
        .collect();
    let labels = default_labels();
    for &(at, len, label) in picks {
        if tokens.is_empty() {
            break;
        }
        let a = at % tokens.len();
        let b = (a + len - 1).min(tokens.len() - 1);
        let (start, end) = (tokens[a].start, tokens[b].end);
        let label = &labels[label].name;
        let clash = doc
            .spans
            .iter()
            .any(|s| s.overlaps(start, end) && (overlap_free || &s.label == label));
        let crosses_line = doc.slice(start, end).is_some_and(|t| t.contains('\n'));
        if clash || (overlap_free && crosses_line) {
            continue;
        }
        let span = gloss::edit::make_span(&doc, start, end, label, Origin::Manual).unwrap();
        doc.spans.push(span);
    }
    doc.sort_spans();
    doc.status = Status::Done;
    let mut p = Project::new("p", labels);
    p.documents.push(doc);
    p
}

fn round_trip(project: &Project, format: Format, offsets: OffsetUnit) -> Project {
    let tmp = tempfile::tempdir().unwrap();
    let opts = ExportOptions {
        offsets,
        ..Default::default()
    };
    export_to(project, format, tmp.path(), &opts);
    let mut back = empty_like(project);
    import(
        &mut back,
        format,
        &out_path(tmp.path(), format),
        &ImportOptions {
            offsets,
            add_labels: false,
        },
    )
    .unwrap();
    back
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn offset_formats_round_trip_exactly((raw, picks) in doc_strategy()) {
        let p = build(&raw, &picks, false);
        for (format, units) in [
            (Format::Jsonl, &[OffsetUnit::Chars, OffsetUnit::Utf16, OffsetUnit::Bytes][..]),
            (Format::Doccano, &[OffsetUnit::Chars, OffsetUnit::Utf16, OffsetUnit::Bytes][..]),
            (Format::LabelStudio, &[OffsetUnit::Chars, OffsetUnit::Utf16][..]),
            (Format::Spacy, &[OffsetUnit::Chars][..]),
            (Format::Brat, &[OffsetUnit::Chars][..]),
        ] {
            for &unit in units {
                let back = round_trip(&p, format, unit);
                prop_assert_eq!(&back.documents[0].text, &p.documents[0].text, "{:?} {:?}", format, unit);
                prop_assert_eq!(spans_of(&back), spans_of(&p), "{:?} {:?}", format, unit);
            }
        }
    }

    #[test]
    fn tag_formats_round_trip_labels_and_texts((raw, picks) in doc_strategy()) {
        let p = build(&raw, &picks, true);
        let want: Vec<(String, String)> = p.documents[0].spans.iter().map(|s| (s.label.clone(), s.text.clone())).collect();
        for format in [Format::Conll, Format::Hf] {
            for scheme in [Scheme::Iob2, Scheme::Bioes] {
                let tmp = tempfile::tempdir().unwrap();
                let opts = ExportOptions { scheme, ..Default::default() };
                let report = export_to(&p, format, tmp.path(), &opts);
                prop_assert!(report.left_out.is_empty());
                let mut back = empty_like(&p);
                import(&mut back, format, &out_path(tmp.path(), format), &ImportOptions::default()).unwrap();
                let got: Vec<(String, String)> = back.documents.iter().flat_map(|d| d.spans.iter().map(|s| (s.label.clone(), s.text.replace(' ', "")))).collect();
                let want_nospace: Vec<(String, String)> = want.iter().map(|(l, t)| (l.clone(), t.replace([' ', '\n'], ""))).collect();
                prop_assert_eq!(got, want_nospace, "{:?} {:?}", format, scheme);
            }
        }
    }
}

#[test]
fn gloss_jsonl_is_lossless() {
    let mut p = sample();
    let d = &mut p.documents[0];
    d.note = "kiểm tra".into();
    d.spans[0].note = "tên đầy đủ".into();
    d.spans[1].origin = Origin::Suggested {
        source: "rules-vi".into(),
        score: 0.75,
        corrected: true,
    };
    d.suggestions.push(Suggestion {
        start: 0,
        end: 3,
        label: "metric".into(),
        text: "Ban".into(),
        source: "m".into(),
        score: 0.5,
    });
    let back = round_trip(&p, Format::Jsonl, OffsetUnit::Utf16);
    let (a, b) = (&p.documents[0], &back.documents[0]);
    assert_eq!(
        (&a.id, &a.title, &a.meta, a.status, &a.note),
        (&b.id, &b.title, &b.meta, b.status, &b.note)
    );
    assert_eq!(
        a.spans
            .iter()
            .map(|s| (&s.origin, &s.note, &s.text))
            .collect::<Vec<_>>(),
        b.spans
            .iter()
            .map(|s| (&s.origin, &s.note, &s.text))
            .collect::<Vec<_>>()
    );
    assert_eq!(a.suggestions, b.suggestions);
}

// ---------- golden files ----------

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn files_below(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = common::snapshot(dir)
        .into_iter()
        .map(|(p, b)| {
            (
                p.strip_prefix(dir).unwrap().to_string_lossy().into_owned(),
                // Binary files (spaCy's .spacy) compare as hex.
                String::from_utf8(b.clone())
                    .unwrap_or_else(|_| b.iter().map(|x| format!("{x:02x}")).collect()),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn golden_files_for_the_sample_project() {
    let p = sample();
    for format in Format::ALL {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join(format.name());
        std::fs::create_dir_all(&out).unwrap();
        let target = if format.is_folder() {
            out.join("sample")
        } else {
            out.join(format!("sample.{}", format.extension()))
        };
        export(
            &p,
            format,
            &target,
            &ExportOptions::default(),
            &mut |_, _| {},
        )
        .unwrap();
        let golden = golden_dir().join(format.name());
        if std::env::var_os("GLOSS_BLESS").is_some() {
            let _ = std::fs::remove_dir_all(&golden);
            common::copy_dir(&out, &golden);
        }
        assert_eq!(
            files_below(&out),
            files_below(&golden),
            "{} export differs from tests/golden (GLOSS_BLESS=1 rewrites it after review)",
            format.name()
        );
    }
}

#[test]
fn conll_tags_match_the_hand_written_expectation() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s.conll");
    export(
        &sample(),
        Format::Conll,
        &out,
        &ExportOptions::default(),
        &mut |_, _| {},
    )
    .unwrap();
    let got = std::fs::read_to_string(&out).unwrap();
    let expected = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/expected-caption.conll"),
    )
    .unwrap();
    assert!(
        got.contains(&expected),
        "hand-written block not found in the export:\n{expected}"
    );
    let expected_targets = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/expected-targets.bioes.conll"),
    )
    .unwrap();
    export(
        &sample(),
        Format::Conll,
        &out,
        &ExportOptions {
            scheme: Scheme::Bioes,
            ..Default::default()
        },
        &mut |_, _| {},
    )
    .unwrap();
    let got = std::fs::read_to_string(&out).unwrap();
    assert!(
        got.contains(&expected_targets),
        "hand-written BIOES block not found:\n{expected_targets}"
    );
}

#[test]
fn hf_tags_match_the_hand_written_expectation() {
    let tmp = tempfile::tempdir().unwrap();
    export(
        &sample(),
        Format::Hf,
        &tmp.path().join("hf"),
        &ExportOptions::default(),
        &mut |_, _| {},
    )
    .unwrap();
    let data = std::fs::read_to_string(tmp.path().join("hf/data/data.jsonl")).unwrap();
    let line = data
        .lines()
        .find(|l| l.contains("\"Nghiệm\"") && l.contains("\"ĐBQH\""))
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    let pairs: Vec<String> = v["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .zip(v["ner_tags"].as_array().unwrap())
        .take(17)
        .map(|(t, g)| format!("{} {}", t.as_str().unwrap(), g.as_str().unwrap()))
        .collect();
    let expected = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/expected-caption.conll"),
    )
    .unwrap();
    let want: Vec<String> = expected
        .lines()
        .filter(|l| !l.is_empty())
        .take(17)
        .map(|l| l.replace('\t', " "))
        .collect();
    assert_eq!(pairs, want);
    let labels: Vec<String> =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("hf/labels.json")).unwrap())
            .unwrap();
    assert_eq!(
        labels,
        [
            "O",
            "B-person",
            "I-person",
            "B-position",
            "I-position",
            "B-target",
            "I-target",
            "B-metric",
            "I-metric"
        ]
    );
}

// ---------- report, determinism, options ----------

#[test]
fn overlaps_are_reported_with_the_longest_span_kept() {
    let mut p = sample();
    let d = &mut p.documents[0];
    // "Bí thư Tỉnh ủy" (a position) also tagged as metric over "Tỉnh ủy" only.
    let pos = d
        .spans
        .iter()
        .find(|s| s.text == "Bí thư Tỉnh ủy")
        .unwrap()
        .clone();
    let inner = gloss::edit::make_span(d, pos.end - 7, pos.end, "metric", Origin::Manual).unwrap();
    d.spans.push(Span { id: 999, ..inner });
    d.sort_spans();
    for format in [Format::Conll, Format::Hf] {
        let tmp = tempfile::tempdir().unwrap();
        let report = export_to(&p, format, tmp.path(), &ExportOptions::default());
        assert_eq!(report.left_out.len(), 1, "{format:?}");
        assert_eq!(report.left_out[0].span, 999);
        assert!(report.left_out[0].reason.contains("longest span wins"));
        let text = report.to_string();
        assert!(
            text.contains("Left out: 1 span(s)") && text.contains("\"Tỉnh ủy\""),
            "{text}"
        );
        assert!(text.contains("metric            7 / 8"), "{text}");
    }
    // Formats that hold overlaps keep both.
    let tmp = tempfile::tempdir().unwrap();
    assert!(
        export_to(&p, Format::Brat, tmp.path(), &ExportOptions::default())
            .left_out
            .is_empty()
    );
}

#[test]
fn exports_are_deterministic_and_write_a_report() {
    let p = sample();
    for format in Format::ALL {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        export_to(&p, format, a.path(), &ExportOptions::default());
        export_to(&p, format, b.path(), &ExportOptions::default());
        assert_eq!(files_below(a.path()), files_below(b.path()), "{format:?}");
        assert!(
            files_below(a.path())
                .iter()
                .any(|(n, r)| n.ends_with("report.txt") && r.contains("Documents: 1")),
            "{format:?}"
        );
    }
}

#[test]
fn filters_split_and_offset_options() {
    let mut p = sample();
    for i in 0..9 {
        let mut d = Document::new(&format!("x{i}"), "Ông Lê Văn Tám đến.");
        d.status = if i % 3 == 0 {
            Status::Todo
        } else {
            Status::Done
        };
        p.documents.push(d);
    }
    let tmp = tempfile::tempdir().unwrap();
    let opts = ExportOptions {
        statuses: vec![Status::Done],
        labels: vec!["person".into()],
        split: Some([50, 25, 25]),
        seed: 3,
        ..Default::default()
    };
    let report = export(
        &p,
        Format::Doccano,
        &tmp.path().join("split"),
        &opts,
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(report.documents, 7);
    assert_eq!(report.filtered_by_label, 31);
    let lines = |name: &str| {
        std::fs::read_to_string(tmp.path().join("split").join(name))
            .unwrap()
            .lines()
            .count()
    };
    assert_eq!(
        lines("train.jsonl") + lines("dev.jsonl") + lines("test.jsonl"),
        7
    );
    // Each document's part is the one its id hashes to.
    for (part, k) in [("train.jsonl", 0), ("dev.jsonl", 1), ("test.jsonl", 2)] {
        for l in std::fs::read_to_string(tmp.path().join("split").join(part))
            .unwrap()
            .lines()
        {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let id = v["id"].as_str().unwrap();
            assert_eq!(
                gloss::formats::part_of(id, opts.split.unwrap(), opts.seed),
                k
            );
        }
    }
    assert!(
        std::fs::read_to_string(tmp.path().join("split/train.jsonl"))
            .unwrap()
            .lines()
            .all(|l| !l.contains("\"position\""))
    );
    // CoNLL has no offsets to convert.
    let err = export(
        &p,
        Format::Conll,
        &tmp.path().join("c"),
        &ExportOptions {
            offsets: OffsetUnit::Utf16,
            ..Default::default()
        },
        &mut |_, _| {},
    );
    assert!(err.unwrap_err().to_string().contains("leave out --offsets"));
}

#[test]
fn utf16_offsets_for_javascript_consumers() {
    let mut p = Project::new("p", default_labels());
    let mut d = Document::new("e", "😀 Nguyễn Văn A");
    let span = gloss::edit::make_span(&d, 2, 8, "person", Origin::Manual).unwrap();
    d.spans.push(span);
    p.documents.push(d);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("d.jsonl");
    export(
        &p,
        Format::Doccano,
        &out,
        &ExportOptions {
            offsets: OffsetUnit::Utf16,
            ..Default::default()
        },
        &mut |_, _| {},
    )
    .unwrap();
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .contains("[[3,9,\"person\"]]"));
}

// ---------- bad input ----------

fn import_err(format: Format, content: &str, opts: ImportOptions) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("in.jsonl");
    std::fs::write(&path, content).unwrap();
    let mut p = sample();
    let before = p.clone();
    let err = import(&mut p, format, &path, &opts)
        .unwrap_err()
        .to_string();
    assert_eq!(p, before, "a failed import changed the project");
    err
}

#[test]
fn bad_imports_name_the_line_and_add_nothing() {
    let good = r#"{"text": "Ông Lê Văn Tám đến.", "label": [[4, 14, "person"]]}"#;
    let e = import_err(
        Format::Doccano,
        &format!("{good}\n{{\"text\": \"x\", \"label\": [\n"),
        ImportOptions::default(),
    );
    assert!(e.contains("in.jsonl:2: invalid JSON"), "{e}");
    let e = import_err(
        Format::Doccano,
        &format!("{good}\n{{\"text\": \"abc\", \"label\": [[1, 9, \"person\"]]}}\n"),
        ImportOptions::default(),
    );
    assert!(
        e.contains("in.jsonl:2:") && e.contains("1..9 is not a valid range"),
        "{e}"
    );
    let e = import_err(
        Format::Doccano,
        "{\"text\": \"Tám\", \"label\": [[0, 3, \"people\"]]}\n",
        ImportOptions::default(),
    );
    assert!(
        e.contains("in.jsonl:1: unknown label \"people\"") && e.contains("--add-labels"),
        "{e}"
    );
    let e = import_err(
        Format::Doccano,
        "{\"label\": []}\n",
        ImportOptions::default(),
    );
    assert!(e.contains("field \"text\" is missing"), "{e}");
    // UTF-16 offsets on astral text, read as code points: the stated span
    // text does not match, and the error says what the offsets are.
    let ls = r#"[{"data": {"text": "😀😀 Lê Văn Tám"}, "annotations": [{"result": [{"type": "labels", "from_name": "label", "to_name": "text", "value": {"start": 5, "end": 15, "text": "Lê Văn Tám", "labels": ["person"]}}]}]}]"#;
    let e = import_err(Format::LabelStudio, ls, ImportOptions::default());
    assert!(
        e.contains("in.jsonl:1:") && e.contains("--offsets utf16"),
        "{e}"
    );
    // The same file with --offsets utf16 imports.
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("ls.json");
    std::fs::write(&path, ls).unwrap();
    let mut p = sample();
    import(
        &mut p,
        Format::LabelStudio,
        &path,
        &ImportOptions {
            offsets: OffsetUnit::Utf16,
            add_labels: false,
        },
    )
    .unwrap();
    let d = p.documents.last().unwrap();
    assert_eq!(
        (d.spans[0].start, d.spans[0].end, d.spans[0].text.as_str()),
        (3, 13, "Lê Văn Tám")
    );
    assert_eq!(
        d.spans[0].origin,
        Origin::Imported {
            source: "label-studio:ls.json".into()
        }
    );
    // NFD or CRLF text cannot carry offsets into Gloss's NFC text.
    let e = import_err(
        Format::Doccano,
        "{\"text\": \"Le\\u0302 A\", \"label\": []}\n",
        ImportOptions::default(),
    );
    assert!(e.contains("not NFC"), "{e}");
    let e = import_err(
        Format::Conll,
        "Nguyễn\tB-person\nVăn\tX-person\n",
        ImportOptions::default(),
    );
    assert!(
        e.contains("in.jsonl:2: \"X-person\" in the guessed tag column 2 is not a tag"),
        "{e}"
    );
}

#[test]
fn unknown_labels_can_be_added_and_spans_merge_into_matching_documents() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("in.jsonl");
    let p0 = sample();
    let text = &p0.documents[0].text;
    let line = serde_json::json!({"text": text, "label": [[0, 3, "org"], [353, 369, "person"]]});
    std::fs::write(&path, format!("{line}\n")).unwrap();
    let mut p = p0.clone();
    let report = import(
        &mut p,
        Format::Doccano,
        &path,
        &ImportOptions {
            add_labels: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(report.labels_added, ["org"]);
    assert_eq!(report.documents_merged, ["baolangson-546048"]);
    assert_eq!((report.spans_added, report.spans_already_there), (1, 1));
    assert_eq!(p.documents.len(), 1);
    assert_eq!(p.label("org").unwrap().hotkey, Some('5'));
}

#[test]
fn imported_spans_obey_the_same_rules_as_edits() {
    // Whitespace at a span's edge: refused with the line, nothing added.
    let line = r#"{"text": "Ông Lê Văn Tám đến.", "label": [[3, 14, "person"]]}"#;
    let e = import_err(
        Format::Doccano,
        &format!("{line}\n"),
        ImportOptions {
            offsets: OffsetUnit::Chars,
            add_labels: false,
        },
    );
    assert!(
        e.contains("in.jsonl:1") && e.contains("starts or ends with whitespace"),
        "{e}"
    );
    // A same-label overlap with a span already there is listed, not added.
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("in.jsonl");
    std::fs::write(
        &path,
        "{\"text\": \"Ông Lê Văn Tám đến.\", \"label\": [[4, 14, \"person\"], [8, 18, \"person\"]]}\n",
    )
    .unwrap();
    let mut p = Project::new("p", default_labels());
    let report = import(
        &mut p,
        Format::Doccano,
        &path,
        &ImportOptions {
            offsets: OffsetUnit::Chars,
            add_labels: false,
        },
    )
    .unwrap();
    assert_eq!(p.documents[0].spans.len(), 1);
    assert_eq!(report.conflicts.len(), 1, "{:?}", report.conflicts);
}

//! Regression tests for issue 14 ("Datasets that the peers' own tools accept
//! exactly"), each with the input quoted in the issue.

mod common;

use gloss::formats::{
    export, export_with, import, import_with, DocStart, ExportExtras, ExportOptions, Format,
    ImportExtras, ImportOptions, MergeReport,
};
use gloss::model::{default_labels, Document, Label, Project, Span};
use gloss::text::offsets::{char_slice, OffsetUnit};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A document written as (id, text, [(start, end, label)]).
type DocSpec<'a> = (&'a str, &'a str, &'a [(usize, usize, &'a str)]);

/// A project with the default labels plus `extra`, and documents.
fn project(extra: &[&str], docs: &[DocSpec<'_>]) -> Project {
    let mut labels = default_labels();
    for l in extra {
        let n = labels.len();
        labels.push(Label::new(l, n));
    }
    let mut p = Project::new("t", labels);
    for (id, text, spans) in docs {
        let mut d = Document::new(id, text);
        for (k, &(a, b, l)) in spans.iter().enumerate() {
            d.spans.push(Span {
                id: k as u64 + 1,
                start: a,
                end: b,
                label: l.into(),
                text: char_slice(text, a, b).into(),
                origin: Default::default(),
                note: String::new(),
            });
        }
        d.sort_spans();
        assert!(
            d.problems(&p.labels).is_empty(),
            "{:?}",
            d.problems(&p.labels)
        );
        p.documents.push(d);
    }
    p
}

fn export_file(p: &Project, format: Format, dir: &Path, opts: &ExportOptions) -> (PathBuf, String) {
    let out = if format.is_folder() {
        dir.join("out")
    } else {
        dir.join(format!("out.{}", format.extension()))
    };
    let report = export(p, format, &out, opts, &mut |_, _| {}).unwrap();
    (out, report.to_string())
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

fn import_into(
    p: &mut Project,
    format: Format,
    path: &Path,
    opts: ImportOptions,
    extras: ImportExtras,
) -> Result<MergeReport, String> {
    import_with(p, format, path, &opts, &extras).map_err(|e| e.to_string())
}

fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, content).unwrap();
    path
}

fn empty(extra: &[&str]) -> Project {
    project(extra, &[])
}

fn spans(p: &Project) -> Vec<(String, String)> {
    p.documents
        .iter()
        .flat_map(|d| d.spans.iter().map(|s| (s.label.clone(), s.text.clone())))
        .collect()
}

// ---------- export defect 1: spans across sentence breaks ----------

const KNAPPER: &str = "Hôm qua, U.S. Ambassador Marc Knapper đến.";

#[test]
fn conll_and_hf_never_split_a_span_across_sequences() {
    let p = project(&[], &[("d1", KNAPPER, &[(9, 24, "position")])]);
    let tmp = tempfile::tempdir().unwrap();
    let (out, report) = export_file(&p, Format::Conll, tmp.path(), &ExportOptions::default());
    let conll = read(&out);
    assert!(
        conll.contains("U.S\tB-position\n.\tI-position\nAmbassador\tI-position\n"),
        "{conll}"
    );
    assert!(report.contains("Left out: 0"), "{report}");
    assert!(report.contains("sentences joined): 1"), "{report}");
    // Gloss's own import reads it back as one span.
    let mut back = empty(&[]);
    import(&mut back, Format::Conll, &out, &ImportOptions::default()).unwrap();
    assert_eq!(
        spans(&back),
        [("position".into(), "U.S . Ambassador".into())]
    );
    // BIOES keeps the entity whole too.
    let bioes = ExportOptions {
        scheme: gloss::formats::Scheme::Bioes,
        ..Default::default()
    };
    let (out, _) = export_file(&p, Format::Conll, &tmp.path().join("b"), &bioes);
    assert!(read(&out).contains("U.S\tB-position\n.\tI-position\nAmbassador\tE-position\n"));
    // HF: one sequence holds the whole span.
    let (out, _) = export_file(&p, Format::Hf, tmp.path(), &ExportOptions::default());
    let data = read(&out.join("data/data.jsonl"));
    assert_eq!(data.lines().count(), 1, "{data}");
}

#[test]
fn a_span_containing_a_newline_stays_in_one_sequence() {
    let text = "Ông Lê Văn Tám\nphát biểu. Bí thư\nTỉnh ủy họp.";
    let p = project(&[], &[("d1", text, &[(26, 40, "position")])]);
    assert_eq!(char_slice(text, 26, 40), "Bí thư\nTỉnh ủy");
    let tmp = tempfile::tempdir().unwrap();
    let (out, _) = export_file(&p, Format::Conll, tmp.path(), &ExportOptions::default());
    let conll = read(&out);
    assert!(
        conll.contains("Bí\tB-position\nthư\tI-position\nTỉnh\tI-position\nủy\tI-position\n"),
        "{conll}"
    );
    let mut back = empty(&[]);
    import(&mut back, Format::Conll, &out, &ImportOptions::default()).unwrap();
    assert_eq!(spans(&back), [("position".into(), "Bí thư Tỉnh ủy".into())]);
}

// ---------- export defect 2 and 3: spaCy tokens ----------

#[test]
fn spacy_tokens_rebuild_the_text_and_spans_align() {
    let text = "Ông\tLê  Văn Tám\nphát biểu";
    let p = project(&[], &[("d1", text, &[(4, 15, "person")])]);
    let tmp = tempfile::tempdir().unwrap();
    let (out, _) = export_file(&p, Format::Spacy, tmp.path(), &ExportOptions::default());
    let v: Value = serde_json::from_str(read(&out).lines().next().unwrap()).unwrap();
    let tokens = v["tokens"].as_array().unwrap();
    // Doc(words, spaces).text == text
    let rebuilt: String = tokens
        .iter()
        .map(|t| {
            format!(
                "{}{}",
                t["text"].as_str().unwrap(),
                if t["ws"].as_bool().unwrap() { " " } else { "" }
            )
        })
        .collect();
    assert_eq!(rebuilt, text);
    for (i, t) in tokens.iter().enumerate() {
        assert_eq!(t["id"].as_u64().unwrap() as usize, i);
        let (a, b) = (
            t["start"].as_u64().unwrap() as usize,
            t["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(char_slice(text, a, b), t["text"].as_str().unwrap());
    }
    let span = &v["spans"][0];
    let (ts, te) = (
        span["token_start"].as_u64().unwrap() as usize,
        span["token_end"].as_u64().unwrap() as usize,
    );
    assert_eq!(tokens[ts]["start"], 4);
    assert_eq!(tokens[te]["end"], 15);
    assert_eq!(span["text"], "Lê  Văn Tám");
    // The .spacy DocBin is written beside the JSONL.
    assert!(tmp.path().join("out.spacy").is_file());
}

#[test]
fn the_report_lists_spans_that_split_a_gloss_token() {
    let text = "UBND-HĐND tỉnh; đạt 7,22%; Tám's; Hà Nội-Lạng Sơn; tam@langson.gov.vn";
    let at = |s: &str| text.chars().count() - text[text.find(s).unwrap()..].chars().count();
    let span = |s: &str, l| (at(s), at(s) + s.chars().count(), l);
    let list = [
        span("UBND", "target"),
        span("7,22", "metric"),
        span("Tám", "person"),
        span("Lạng Sơn", "position"),
        (at("tam@"), at("tam@") + 3, "person"),
    ];
    let p = project(&[], &[("d1", text, &list)]);
    let tmp = tempfile::tempdir().unwrap();
    let (out, report) = export_file(&p, Format::Spacy, tmp.path(), &ExportOptions::default());
    for word in ["\"UBND-HĐND\"", "\"7,22%\"", "\"Tám's\"", "\"Nội-Lạng\""] {
        assert!(report.contains(word), "{word} not in {report}");
    }
    assert!(report.contains(": 4 span(s)"), "{report}");
    // Every span is on the exported tokens: char_span would find it.
    let v: Value = serde_json::from_str(read(&out).lines().next().unwrap()).unwrap();
    let tokens = v["tokens"].as_array().unwrap();
    for s in v["spans"].as_array().unwrap() {
        let ts = s["token_start"].as_u64().unwrap() as usize;
        let te = s["token_end"].as_u64().unwrap() as usize;
        assert_eq!(tokens[ts]["start"], s["start"]);
        assert_eq!(tokens[te]["end"], s["end"]);
    }
}

// ---------- export defect 4: split ----------

#[test]
fn adding_documents_moves_nobody_between_parts() {
    let docs: Vec<(String, String)> = (1..=6)
        .map(|i| (format!("a{i}"), format!("Văn bản số {i}.")))
        .collect();
    let make = |n: usize| {
        let list: Vec<DocSpec<'_>> = docs[..n]
            .iter()
            .map(|(id, t)| (id.as_str(), t.as_str(), &[][..]))
            .collect();
        project(&[], &list)
    };
    let opts = ExportOptions {
        split: Some([50, 50, 0]),
        seed: 0,
        ..Default::default()
    };
    let part_of = |p: &Project, id: &str| -> String {
        let tmp = tempfile::tempdir().unwrap();
        export(
            p,
            Format::Jsonl,
            &tmp.path().join("s"),
            &opts,
            &mut |_, _| {},
        )
        .unwrap();
        ["train", "dev", "test"]
            .into_iter()
            .find(|part| {
                read(&tmp.path().join(format!("s/{part}.jsonl")))
                    .contains(&format!("\"id\":\"{id}\""))
            })
            .unwrap()
            .to_owned()
    };
    let (small, large) = (make(3), make(6));
    for id in ["a1", "a2", "a3"] {
        assert_eq!(part_of(&small, id), part_of(&large, id), "{id} moved");
    }
}

// ---------- export defect 5: offset units ----------

fn gloss(args: &[&str]) -> (bool, String, String) {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .output()
        .unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn doccano_defaults_to_utf16_both_ways_and_says_so() {
    let (_tmp, dir) = common::sample_copy();
    let d = dir.to_str().unwrap();
    let input = dir.join("in.jsonl");
    std::fs::write(
        &input,
        "{\"text\":\"😀 Tám, Phó Chủ tịch\",\"label\":[[3,6,\"person\"]]}\n",
    )
    .unwrap();
    // chars: ám, -> refused, naming both readings and the flag.
    let (ok, _, err) = gloss(&[
        "import",
        d,
        "--format",
        "doccano",
        "--offsets",
        "chars",
        input.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(err.contains("read as code points covers \"ám,\""), "{err}");
    assert!(
        err.contains("read as UTF-16 code units it covers \"Tám\""),
        "{err}"
    );
    assert!(err.contains("--offsets utf16"), "{err}");
    // Default (UTF-16): Tám.
    let (ok, out, err) = gloss(&["import", d, "--format", "doccano", input.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.contains("UTF-16 code units"), "{out}");
    // Export: UTF-16 by default, and the report says so.
    let target = dir.join("out.jsonl");
    let (ok, out, err) = gloss(&[
        "export",
        d,
        "--format",
        "doccano",
        "--out",
        target.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("offsets in UTF-16 code units"), "{out}");
    let line = read(&target)
        .lines()
        .find(|l| l.contains("😀 Tám"))
        .unwrap()
        .to_owned();
    assert!(line.contains("[3,6,\"person\"]"), "{line}");
    // --offsets chars still available.
    let (ok, _, _) = gloss(&[
        "export",
        d,
        "--format",
        "doccano",
        "--offsets",
        "chars",
        "--out",
        target.to_str().unwrap(),
    ]);
    assert!(ok);
    assert!(read(&target).contains("[2,5,\"person\"]"));
}

#[test]
fn label_studio_counts_code_points() {
    // Label Studio's own emoji e2e test: "test" at 21..25.
    let text = "🐱 Warning: This is a test text";
    let p = project(&["word"], &[("d1", text, &[(21, 25, "word")])]);
    assert_eq!(Format::LabelStudio.default_offsets(), OffsetUnit::Chars);
    let tmp = tempfile::tempdir().unwrap();
    let (out, _) = export_file(
        &p,
        Format::LabelStudio,
        tmp.path(),
        &ExportOptions::default(),
    );
    let v: Value = serde_json::from_str(&read(&out)).unwrap();
    let value = &v[0]["annotations"][0]["result"][0]["value"];
    assert_eq!(
        (value["start"].as_u64(), value["end"].as_u64()),
        (Some(21), Some(25))
    );
}

// ---------- imports of the peers' files ----------

fn peers() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/peers")
}

#[test]
fn doccano_relation_projects_keep_their_entities() {
    let mut p = empty(&[]);
    let r = import_into(
        &mut p,
        Format::Doccano,
        &peers().join("doccano/relation_extraction/example.jsonl"),
        ImportOptions {
            offsets: OffsetUnit::Utf16,
            add_labels: true,
        },
        ImportExtras::default(),
    )
    .unwrap();
    assert_eq!(r.spans_added, 4);
    assert_eq!(
        spans(&p),
        [
            ("ORG".into(), "Google".into()),
            ("DATE".into(), "September 4, 1998".into()),
            ("PERSON".into(), "Larry Page".into()),
            ("PERSON".into(), "Sergey Brin".into())
        ]
    );
    // The relations come along; --add-labels adds their types with the
    // end labels seen.
    assert_eq!(r.relations_added, 3, "{r}");
    assert_eq!(r.relation_types_added, ["foundedAt", "foundedBy"]);
    let by = p.relation_type("foundedBy").unwrap();
    assert!(by.allows("ORG", "PERSON"));
}

#[test]
fn prodigy_rejected_spans_and_tasks_are_not_gold() {
    let tmp = tempfile::tempdir().unwrap();
    let f = write(
        tmp.path(),
        "prodigy.jsonl",
        concat!(
            "{\"text\":\"iBook G3 and MacBook\",\"spans\":[{\"start\":13,\"end\":20,\"label\":\"PRODUCT\",\"answer\":\"accept\"},{\"start\":6,\"end\":8,\"label\":\"PRODUCT\",\"answer\":\"reject\"}],\"answer\":\"accept\"}\n",
            "{\"text\":\"Mac mini\",\"spans\":[{\"start\":0,\"end\":8,\"label\":\"PRODUCT\"}],\"answer\":\"reject\"}\n",
            "{\"text\":\"iPod\",\"spans\":[{\"start\":0,\"end\":4,\"label\":\"PRODUCT\"}],\"answer\":\"ignore\"}\n",
        ),
    );
    let mut p = empty(&["PRODUCT"]);
    let r = import_into(
        &mut p,
        Format::Spacy,
        &f,
        ImportOptions::default(),
        ImportExtras::default(),
    )
    .unwrap();
    assert_eq!(spans(&p), [("PRODUCT".into(), "MacBook".into())]);
    assert_eq!(p.documents.len(), 1);
    assert_eq!(p.documents[0].rejected.len(), 1);
    assert_eq!(p.documents[0].rejected[0].text, "G3");
    let text = r.to_string();
    assert!(text.contains("1 task(s) answered \"reject\""), "{text}");
    assert!(text.contains("1 task(s) answered \"ignore\""), "{text}");
    assert!(text.contains("1 span(s) answered \"reject\""), "{text}");
}

#[test]
fn brat_discontinuous_spans_are_never_widened() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("brat");
    write(&dir, "d.txt", "North and South America");
    write(
        &dir,
        "d.ann",
        "T1\tLocation 0 5;16 23\tNorth America\nT2\tLocation 10 23\tSouth America\n",
    );
    let mut p = empty(&["Location"]);
    let r = import_into(
        &mut p,
        Format::Brat,
        &dir,
        ImportOptions::default(),
        ImportExtras::default(),
    )
    .unwrap();
    let got = spans(&p);
    assert!(
        got.contains(&("Location".into(), "South America".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("Location".into(), "North".into())),
        "{got:?}"
    );
    assert!(
        !got.iter().any(|(_, t)| t == "North and South America"),
        "{got:?}"
    );
    let north = p.documents[0]
        .spans
        .iter()
        .find(|s| s.text == "North")
        .unwrap();
    assert!(
        north
            .note
            .contains("fragment 1 of 2 of discontinuous brat annotation T1"),
        "{}",
        north.note
    );
    let text = r.to_string();
    assert!(text.contains("discontinuous brat annotation(s)"), "{text}");
    assert!(
        text.contains("overlaps"),
        "the second fragment is listed: {text}"
    );
}

#[test]
fn brat_line_break_fragments_written_by_gloss_join_back() {
    let text = "Bí thư\nTỉnh ủy họp";
    let p = project(&[], &[("d1", text, &[(0, 14, "position")])]);
    let tmp = tempfile::tempdir().unwrap();
    let (out, _) = export_file(&p, Format::Brat, tmp.path(), &ExportOptions::default());
    assert!(read(&out.join("d1.ann")).contains("position 0 6;7 14"));
    let mut back = empty(&[]);
    import(&mut back, Format::Brat, &out, &ImportOptions::default()).unwrap();
    assert_eq!(
        spans(&back),
        [("position".into(), "Bí thư\nTỉnh ủy".into())]
    );
}

#[test]
fn brat_file_names_with_dots_keep_their_id_and_other_lines_are_counted() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("CoNLL-ST_2002");
    write(&dir, "esp.train-doc-29.txt", "Melbourne ( Australia )");
    write(
        &dir,
        "esp.train-doc-29.ann",
        "T1\tLOC 0 9\tMelbourne\nT2\tLOC 12 21\tAustralia\nR1\tPart-of Arg1:T1 Arg2:T2\nA1\tNegated T1\n#1\tAnnotatorNotes R1\tcity in country\n#2\tAnnotatorNotes E1\tmoved\nE1\tMove:T1\n*\tEquiv T1 T2\nN1\tReference T1 Wikipedia:1\tMelbourne\n",
    );
    let mut p = empty(&["LOC"]);
    let r = import_into(
        &mut p,
        Format::Brat,
        &dir,
        ImportOptions {
            add_labels: true,
            ..ImportOptions::default()
        },
        ImportExtras::default(),
    )
    .unwrap();
    assert_eq!(p.documents[0].id, "esp-train-doc-29");
    // The R line is a relation now, with its note.
    let rel = &p.documents[0].relations[0];
    assert_eq!(
        (rel.label.as_str(), rel.note.as_str()),
        ("Part-of", "city in country")
    );
    let text = r.to_string();
    for kind in [
        "attribute line(s) (A/M)",
        "event line(s) (E)",
        "equivalence line(s) (*)",
        "normalization line(s) (N)",
        "note(s) attached to a relation",
    ] {
        assert!(text.contains(kind), "{kind} not in {text}");
    }
}

#[test]
fn token_imports_keep_their_tokens_and_sentences() {
    let tmp = tempfile::tempdir().unwrap();
    let conll = "U.N.\tB-ORG\nofficial\tO\nEkeus\tB-PER\nheads\tO\nfor\tO\nBaghdad\tB-LOC\n.\tO\n\nDr.\tO\nSmith\tB-PER\nsaid\tO\nso\tO\n.\tO\n\n";
    let f = write(tmp.path(), "in.conll", conll);
    let mut p = empty(&["ORG", "PER", "LOC"]);
    import(&mut p, Format::Conll, &f, &ImportOptions::default()).unwrap();
    assert!(p.documents[0].layout.is_some());
    let opts = ExportOptions::default();
    let extras = ExportExtras {
        docstart: DocStart::None,
    };
    let out = tmp.path().join("out.conll");
    export_with(&p, Format::Conll, &out, &opts, &extras, &mut |_, _| {}).unwrap();
    assert_eq!(read(&out), conll, "same tokens, same sentences");
    // HF too.
    export(
        &p,
        Format::Hf,
        &tmp.path().join("hf"),
        &opts,
        &mut |_, _| {},
    )
    .unwrap();
    let data = read(&tmp.path().join("hf/data/data.jsonl"));
    assert_eq!(data.lines().count(), 2);
    assert!(data.contains("[\"U.N.\",\"official\""), "{data}");
}

#[test]
fn column_files_skip_comments_and_name_their_columns() {
    // flair's GermEval 2014 layout: index, token, outer tag, inner tag.
    let tsv = "# http://de.wikipedia.org/wiki/Manfred_Korfmann [2009-10-17]\n1\tAufgrund\tO\tO\n2\tseiner\tO\tO\n3\tinternationalen\tO\tO\n4\tBerliner\tB-ORG\tB-LOCderiv\n5\tUniversität\tI-ORG\tO\n\n";
    let tmp = tempfile::tempdir().unwrap();
    let f = write(tmp.path(), "germeval.tsv", tsv);
    let mut p = empty(&["ORG", "LOCderiv"]);
    let r = import_into(
        &mut p,
        Format::Conll,
        &f,
        ImportOptions::default(),
        ImportExtras::default(),
    )
    .unwrap();
    // Guessed: token column 2 (column 1 is numbers), tag column 4; comment skipped.
    assert_eq!(
        p.documents[0].text,
        "Aufgrund seiner internationalen Berliner Universität"
    );
    let text = r.to_string();
    assert!(
        text.contains("token column 2 and tag column 4 guessed (column(s) 3 hold tags too)"),
        "{text}"
    );
    assert!(text.contains("1 comment line(s)"), "{text}");
    // Named columns: the outer tags.
    let mut p = empty(&["ORG"]);
    import_into(
        &mut p,
        Format::Conll,
        &f,
        ImportOptions::default(),
        ImportExtras {
            columns: Some((2, 3)),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(spans(&p), [("ORG".into(), "Berliner Universität".into())]);
    // A guessed tag column that is no tag column is a clear error.
    let f = write(
        tmp.path(),
        "pos.tsv",
        "Berliner\tB-ORG\tNE\nUniversität\tI-ORG\tNN\n",
    );
    let e = import_into(
        &mut empty(&["ORG"]),
        Format::Conll,
        &f,
        ImportOptions::default(),
        ImportExtras::default(),
    )
    .unwrap_err();
    assert!(
        e.contains("pos.tsv:1: \"NE\" in the guessed tag column 3 is not a tag"),
        "{e}"
    );
    assert!(e.contains("--columns 1,2"), "{e}");
}

#[test]
fn label_studio_choices_textareas_and_relations_are_counted() {
    let tmp = tempfile::tempdir().unwrap();
    let f = write(
        tmp.path(),
        "ls.json",
        r#"[{"data":{"text":"Ông Tám đến"},"annotations":[{"result":[
            {"id":"a","from_name":"label","to_name":"text","type":"labels","value":{"start":4,"end":7,"labels":["person"]}},
            {"from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Positive"]}},
            {"from_name":"note","to_name":"text","type":"textarea","value":{"text":["hi"]}},
            {"from_id":"a","to_id":"a","type":"relation","direction":"right"}]}]}]"#,
    );
    let mut p = empty(&[]);
    let r = import_into(
        &mut p,
        Format::LabelStudio,
        &f,
        ImportOptions::default(),
        ImportExtras::default(),
    )
    .unwrap();
    let text = r.to_string();
    for kind in [
        "\"choices\" result(s)",
        "\"textarea\" result(s)",
        "\"relation\" result(s) without a type",
    ] {
        assert!(text.contains(kind), "{kind} not in {text}");
    }
    assert_eq!(spans(&p), [("person".into(), "Tám".into())]);
}

#[test]
fn doccano_and_spacy_meta_is_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let f = write(
        tmp.path(),
        "d.jsonl",
        "{\"text\":\"Ông Tám\",\"label\":[[4,7,\"person\"]],\"meta\":{\"source\":\"vnexpress\",\"n\":3}}\n",
    );
    let mut p = empty(&[]);
    import(&mut p, Format::Doccano, &f, &ImportOptions::default()).unwrap();
    let extra = &p.documents[0].meta.extra;
    assert_eq!(
        extra.get("source").map(String::as_str),
        Some("\"vnexpress\"")
    );
    assert_eq!(extra.get("n").map(String::as_str), Some("3"));
    // ...and written back in spaCy's meta.
    let (out, _) = export_file(&p, Format::Spacy, tmp.path(), &ExportOptions::default());
    let v: Value = serde_json::from_str(read(&out).lines().next().unwrap()).unwrap();
    assert_eq!(v["meta"]["source"], "vnexpress");
    assert_eq!(v["meta"]["n"], 3);
}

#[test]
fn latin1_conll_says_it_is_not_utf8() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("de.conll");
    std::fs::write(&f, b"Haus\tO\nM\xfcnchen\tB-LOC\n").unwrap();
    let e = import_into(
        &mut empty(&["LOC"]),
        Format::Conll,
        &f,
        ImportOptions::default(),
        ImportExtras::default(),
    )
    .unwrap_err();
    assert!(
        e.contains("de.conll:2: the file is not UTF-8: byte 0xFC"),
        "{e}"
    );
    assert!(e.contains("iconv -f LATIN1 -t UTF-8"), "{e}");
}

#[test]
fn label_studio_single_flat_and_other_key_tasks_import() {
    let tmp = tempfile::tempdir().unwrap();
    let single = write(
        tmp.path(),
        "one.json",
        r#"{"data":{"ner":"Ông Tám đến"},"predictions":[{"result":[{"from_name":"label","to_name":"text","type":"labels","value":{"start":4,"end":7,"labels":["person"]}}]}]}"#,
    );
    let mut p = empty(&[]);
    let r = import_into(
        &mut p,
        Format::LabelStudio,
        &single,
        ImportOptions::default(),
        ImportExtras {
            text_key: Some("ner".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(p.documents[0].text, "Ông Tám đến");
    // No score in the file: not an invented 1.0.
    assert_eq!(p.documents[0].suggestions[0].score, 0.0);
    assert!(r.to_string().contains("had no score"), "{r}");
    let flat = write(
        tmp.path(),
        "flat.json",
        r#"[{"text":"Bà Lan"},{"text":"Ông Tám"}]"#,
    );
    let mut p = empty(&[]);
    import(
        &mut p,
        Format::LabelStudio,
        &flat,
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(p.documents.len(), 2);
    // An example task without annotations gets none invented on export.
    let (out, _) = export_file(
        &p,
        Format::LabelStudio,
        tmp.path(),
        &ExportOptions::default(),
    );
    let v: Value = serde_json::from_str(&read(&out)).unwrap();
    assert!(v[0].get("annotations").is_none(), "{v}");
    assert!(v[0].get("predictions").is_none(), "{v}");
}

// ---------- the last mile ----------

#[test]
fn conll_docstart_forms() {
    let p = project(
        &[],
        &[
            ("d1", "Ông Tám.", &[(4, 7, "person")]),
            ("d2", "Bà Lan.", &[]),
        ],
    );
    let tmp = tempfile::tempdir().unwrap();
    let (out, _) = export_file(&p, Format::Conll, tmp.path(), &ExportOptions::default());
    let conll = read(&out);
    assert!(
        conll.starts_with(
            "-DOCSTART- -X- O O\n\nÔng\tO\nTám\tB-person\n.\tO\n\n-DOCSTART- -X- O O\n\n"
        ),
        "{conll}"
    );
    let none = tmp.path().join("none.conll");
    export_with(
        &p,
        Format::Conll,
        &none,
        &ExportOptions::default(),
        &ExportExtras {
            docstart: DocStart::None,
        },
        &mut |_, _| {},
    )
    .unwrap();
    assert!(!read(&none).contains("DOCSTART"));
    let mut back = empty(&[]);
    import(&mut back, Format::Conll, &out, &ImportOptions::default()).unwrap();
    assert_eq!(back.documents.len(), 2, "no junk documents");
}

#[test]
fn hf_labels_live_beside_the_data_and_no_split_file_is_empty() {
    let p = project(&[], &[("a1", "Ông Tám.", &[(4, 7, "person")])]);
    let tmp = tempfile::tempdir().unwrap();
    let opts = ExportOptions {
        split: Some([50, 50, 0]),
        ..Default::default()
    };
    let out = tmp.path().join("hf");
    let report = export(&p, Format::Hf, &out, &opts, &mut |_, _| {}).unwrap();
    assert!(out.join("labels.json").is_file());
    let data: Vec<String> = std::fs::read_dir(out.join("data"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(data.len(), 1, "one document, one non-empty part: {data:?}");
    assert!(
        report
            .to_string()
            .contains("load_dataset(\"json\", data_dir="),
        "{report}"
    );
    // Gloss reads its own layout back.
    let mut back = empty(&[]);
    import(&mut back, Format::Hf, &out, &ImportOptions::default()).unwrap();
    assert_eq!(spans(&back), [("person".into(), "Tám".into())]);
}

#[test]
fn spacy_import_checks_a_stated_span_text() {
    let tmp = tempfile::tempdir().unwrap();
    let f = write(
        tmp.path(),
        "s.jsonl",
        "{\"text\":\"Ông Tám đến\",\"spans\":[{\"start\":4,\"end\":7,\"label\":\"person\",\"text\":\"Lan\"}]}\n",
    );
    let e = import_into(
        &mut empty(&[]),
        Format::Spacy,
        &f,
        ImportOptions::default(),
        ImportExtras::default(),
    )
    .unwrap_err();
    assert!(
        e.contains("s.jsonl:1: span 1 4..7 covers \"Tám\" but the file says \"Lan\""),
        "{e}"
    );
}

#[test]
fn unknown_labels_in_folder_formats_name_the_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("brat");
    write(&dir, "d5.txt", "Ông Tám");
    write(&dir, "d5.ann", "T1\tperson 4 7\tTám\n");
    write(&dir, "d6.txt", "Ông Tám ở Hà Nội");
    write(
        &dir,
        "d6.ann",
        "T1\tperson 4 7\tTám\n#1\tAnnotatorNotes T1\tx\nT2\tcity 10 16\tHà Nội\n",
    );
    let e = import_into(
        &mut empty(&[]),
        Format::Brat,
        &dir,
        ImportOptions::default(),
        ImportExtras::default(),
    )
    .unwrap_err();
    assert!(e.contains("d6.ann:3: unknown label \"city\""), "{e}");
}

#[test]
fn doccano_label_entries_are_numbered_from_one() {
    let tmp = tempfile::tempdir().unwrap();
    let f = write(
        tmp.path(),
        "d.jsonl",
        "{\"text\":\"Ông Tám\",\"label\":[[4,7,\"person\"],[4]]}\n",
    );
    let e = import_into(
        &mut empty(&[]),
        Format::Doccano,
        &f,
        ImportOptions::default(),
        ImportExtras::default(),
    )
    .unwrap_err();
    assert!(e.contains("\"label\" entry 2 is not"), "{e}");
}

#[test]
fn gloss_jsonl_keeps_the_source() {
    let mut p = project(&[], &[("d1", "Ông Tám", &[(4, 7, "person")])]);
    p.documents[0].source = "https://baolangson.vn/x.html".into();
    let tmp = tempfile::tempdir().unwrap();
    let (out, _) = export_file(&p, Format::Jsonl, tmp.path(), &ExportOptions::default());
    let mut back = empty(&[]);
    import(&mut back, Format::Jsonl, &out, &ImportOptions::default()).unwrap();
    assert_eq!(back.documents[0].source, "https://baolangson.vn/x.html");
}

#[test]
fn gloss_jsonl_keeps_the_token_layout_and_rejected_suggestions() {
    let tmp = tempfile::tempdir().unwrap();
    let f = write(
        tmp.path(),
        "in.conll",
        "U.N.\tB-ORG\nofficial\tO\n\nDr.\tO\nSmith\tB-PER\n\n",
    );
    let mut p = empty(&["ORG", "PER"]);
    import(&mut p, Format::Conll, &f, &ImportOptions::default()).unwrap();
    assert_eq!(p.documents[0].text, "U.N. official\nDr. Smith");
    p.documents[0].rejected.push(gloss::model::Suggestion {
        start: 18,
        end: 23,
        label: "PER".into(),
        text: "Smith".into(),
        source: "prodigy".into(),
        score: 0.0,
    });
    for unit in [OffsetUnit::Chars, OffsetUnit::Utf16, OffsetUnit::Bytes] {
        let opts = ExportOptions {
            offsets: unit,
            ..Default::default()
        };
        let (out, _) = export_file(&p, Format::Jsonl, tmp.path(), &opts);
        let mut back = empty(&["ORG", "PER"]);
        import(&mut back, Format::Jsonl, &out, &ImportOptions::default()).unwrap();
        assert_eq!(back.documents[0].layout, p.documents[0].layout, "{unit:?}");
        assert_eq!(
            back.documents[0].rejected, p.documents[0].rejected,
            "{unit:?}"
        );
    }
}

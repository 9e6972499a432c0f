//! The fast reader against `ron`, its definition: on documents the writer
//! makes from arbitrary content, on every `.ron` in the repository and on
//! mangled files, the fast reader returns what `ron` returns or declines.

use super::{fast, to_ron, v4, write_document, write_project, CURRENT_VERSION};
use crate::model::{
    Document, Label, Meta, Origin, Project, Relation, RelationSuggestion, RelationType, Span,
    Status, Suggestion, TokenLayout,
};
use proptest::prelude::*;
use serde::Deserialize;
use std::fmt::Debug;
use std::path::{Path, PathBuf};

/// What both readers give, compared by `Debug` (floats print exactly,
/// and `NaN` equals itself there).
fn agree<'a, T: Deserialize<'a> + Debug>(text: &'a str) -> Agreement {
    let slow = ron::from_str::<T>(text).map(|v| format!("{v:?}"));
    match fast::from_str::<T>(text).map(|v| format!("{v:?}")) {
        None => Agreement::Declined,
        Some(fast) => {
            assert_eq!(
                Ok(&fast),
                slow.as_ref(),
                "the fast reader accepted input and read it differently from ron:\n{text}"
            );
            Agreement::Same
        }
    }
}

#[derive(Debug, PartialEq)]
enum Agreement {
    Same,
    Declined,
}

fn document_file(text: &str) -> Agreement {
    agree::<v4::DocumentFile>(text)
}

fn project_file(text: &str) -> Agreement {
    agree::<v4::ProjectFile>(text)
}

/// Text with what a string can hold that matters to a reader.
fn any_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just(String::new()),
        Just("\"".to_owned()),
        Just("\\".to_owned()),
        Just("\"#".to_owned()),
        Just("\"##".to_owned()),
        Just("#".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\t".to_owned()),
        Just("\u{0}\u{1}\u{7f}\u{85}\u{2028}".to_owned()),
        Just("\u{feff}".to_owned()),
        Just("👩‍👩‍👧".to_owned()),
        Just("e\u{301}".to_owned()),
        Just("Nguyễn Quốc Đoàn".to_owned()),
        Just("r#\"x\"#".to_owned()),
        Just("/* // */".to_owned()),
        Just("),]}".to_owned()),
        Just("\\u{1F600}\\n".to_owned()),
        "\\PC{0,12}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..6).prop_map(|p| p.concat())
}

fn any_float() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(0.0),
        Just(-0.0),
        Just(0.1),
        Just(1.0),
        Just(1e-7),
        Just(1e300),
        Just(f64::MAX),
        Just(f64::MIN_POSITIVE),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(f64::NAN),
        any::<f64>(),
    ]
}

fn any_origin() -> impl Strategy<Value = Origin> {
    prop_oneof![
        Just(Origin::Manual),
        (any_text(), any_float(), any::<bool>()).prop_map(|(source, score, corrected)| {
            Origin::Suggested {
                source,
                score,
                corrected,
            }
        }),
        any_text().prop_map(|source| Origin::Imported { source }),
        prop::collection::vec(any_text(), 0..3).prop_map(|from| Origin::Curated { from }),
    ]
}

fn any_number() -> impl Strategy<Value = usize> {
    prop_oneof![Just(0), Just(usize::MAX), any::<usize>(), 0..100usize]
}

fn any_span() -> impl Strategy<Value = Span> {
    (
        any::<u64>(),
        any_number(),
        any_number(),
        any_text(),
        any_text(),
        any_origin(),
        any_text(),
    )
        .prop_map(|(id, start, end, label, text, origin, note)| Span {
            id,
            start,
            end,
            label,
            text,
            origin,
            note,
        })
}

fn any_suggestion() -> impl Strategy<Value = Suggestion> {
    (
        any_number(),
        any_number(),
        any_text(),
        any_text(),
        any_text(),
        any_float(),
    )
        .prop_map(|(start, end, label, text, source, score)| Suggestion {
            start,
            end,
            label,
            text,
            source,
            score,
        })
}

fn any_end() -> impl Strategy<Value = (usize, usize, String)> {
    (any_number(), any_number(), any_text())
}

fn any_relation_suggestion() -> impl Strategy<Value = RelationSuggestion> {
    (any_text(), any_end(), any_end(), any_text(), any_float()).prop_map(
        |(label, from, to, source, score)| RelationSuggestion {
            label,
            from,
            to,
            source,
            score,
        },
    )
}

fn any_relation() -> impl Strategy<Value = Relation> {
    (
        any::<u64>(),
        any_text(),
        any::<u64>(),
        any::<u64>(),
        any_origin(),
        any_text(),
    )
        .prop_map(|(id, label, from, to, origin, note)| Relation {
            id,
            label,
            from,
            to,
            origin,
            note,
        })
}

fn any_meta() -> impl Strategy<Value = Meta> {
    (
        prop::option::of(any_text()),
        prop::option::of(any_text()),
        prop::option::of(any_text()),
        prop::collection::btree_map(any_text(), any_text(), 0..3),
    )
        .prop_map(|(date, url, author, extra)| Meta {
            date,
            url,
            author,
            extra,
        })
}

fn any_layout() -> impl Strategy<Value = Option<TokenLayout>> {
    prop::option::of(
        (
            prop::collection::vec((any_number(), any_number()), 0..4),
            prop::collection::vec(any_number(), 0..3),
        )
            .prop_map(|(tokens, sentence_starts)| TokenLayout {
                tokens,
                sentence_starts,
            }),
    )
}

fn any_document() -> impl Strategy<Value = Document> {
    (
        (any_text(), any_text(), any_text(), any_meta(), any_text()),
        (
            prop::collection::vec(any_span(), 0..4),
            prop::collection::vec(any_suggestion(), 0..3),
            prop::collection::vec(any_suggestion(), 0..2),
            any_layout(),
        ),
        (
            prop::collection::vec(any_relation(), 0..3),
            any::<u64>(),
            prop::collection::vec(any_relation_suggestion(), 0..2),
            prop::collection::vec(any_relation_suggestion(), 0..2),
            prop_oneof![
                Just(Status::Todo),
                Just(Status::InProgress),
                Just(Status::Done)
            ],
            (any::<bool>(), any::<bool>(), any::<bool>()),
        ),
    )
        .prop_map(
            |(
                (id, title, source, meta, note),
                (spans, suggestions, rejected, layout),
                (relations, last_relation_id, relation_suggestions, rejected_relations, status, c),
            )| {
                let mut d = Document::new(&id, "");
                d.title = title;
                d.source = source;
                d.meta = meta;
                d.note = note;
                d.status = status;
                d.cleanup.bom_removed = c.0;
                d.cleanup.line_endings_fixed = c.1;
                d.cleanup.nfc_normalized = c.2;
                d.spans = spans;
                d.suggestions = suggestions;
                d.rejected = rejected;
                d.layout = layout;
                d.relations = relations;
                d.last_relation_id = last_relation_id;
                d.relation_suggestions = relation_suggestions;
                d.rejected_relations = rejected_relations;
                d
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Every document the writer makes is read by the fast reader, as ron
    /// reads it.
    #[test]
    fn written_documents_read_as_ron_reads_them(mut doc in any_document(), text in any_text()) {
        doc.text = text;
        let written = write_document(&doc).unwrap();
        prop_assert_eq!(document_file(&written), Agreement::Same);
    }

    /// Mangled at any byte (cut, a byte inserted or removed), a written
    /// document is read as ron reads it, or declined.
    #[test]
    fn mangled_documents_read_as_ron_or_decline(
        doc in any_document(),
        at in any::<prop::sample::Index>(),
        byte in prop_oneof![
            Just(b' '), Just(b','), Just(b'('), Just(b')'), Just(b'"'), Just(b'#'),
            Just(b'/'), Just(b'-'), Just(b'+'), Just(b'_'), Just(b'.'), Just(b'e'),
            Just(b'r'), Just(b'\\'), Just(b':'), Just(b'0'), Just(b'x'), Just(b'\n'),
        ],
        how in 0..3u8,
    ) {
        let written = write_document(&doc).unwrap();
        let mut bytes = written.into_bytes();
        let i = at.index(bytes.len() + 1);
        match how {
            0 => bytes.truncate(i),
            1 => bytes.insert(i, byte),
            _ => {
                if i < bytes.len() {
                    bytes.remove(i);
                }
            }
        }
        if let Ok(text) = String::from_utf8(bytes) {
            document_file(&text);
        }
    }

    /// Every project index the writer makes is read as ron reads it.
    #[test]
    fn written_projects_read_as_ron_reads_them(
        names in prop::collection::vec(any_text(), 0..4),
        hotkey in prop::option::of(any::<char>()),
        annotators in prop::collection::vec("[a-z0-9_-]{1,8}", 0..3),
    ) {
        let labels: Vec<Label> = names
            .iter()
            .map(|n| Label {
                name: n.clone(),
                color: "#123456".into(),
                hotkey,
                description: n.clone(),
            })
            .collect();
        let mut project = Project::new("p", labels);
        project.relation_types = vec![RelationType {
            name: names.concat(),
            color: "#000000".into(),
            hotkey,
            from: names.clone(),
            to: names.clone(),
            description: String::new(),
        }];
        project.annotators = annotators;
        for n in &names {
            let mut d = Document::new("d", "");
            d.id = format!("d{}", n.len());
            d.title = n.clone();
            project.documents.push(d);
        }
        let written = write_project(&project).unwrap();
        prop_assert_eq!(project_file(&written), Agreement::Same);
    }
}

/// A small written document to mangle by hand.
fn sample() -> String {
    let mut d = Document::new("doc-1", "Ông Nguyễn Văn A, Chủ tịch.\nTăng 7,5%.");
    d.spans.push(Span {
        id: 1,
        start: 4,
        end: 16,
        label: "person".into(),
        text: "Nguyễn Văn A".into(),
        origin: Origin::Suggested {
            source: "rules-vi".into(),
            score: 0.25,
            corrected: true,
        },
        note: String::new(),
    });
    d.meta.date = Some("2023-01-02".into());
    d.meta.extra.insert("k".into(), "{\"a\": 1}".into());
    d.layout = Some(TokenLayout {
        tokens: vec![(0, 3), (4, 10)],
        sentence_starts: vec![0],
    });
    write_document(&d).unwrap()
}

#[test]
fn the_sample_is_read_fast() {
    let text = sample();
    assert!(
        text.contains("r#\""),
        "the sample has a raw string:\n{text}"
    );
    assert_eq!(document_file(&text), Agreement::Same);
}

/// Hand edits: each is read as ron reads it or declined; the ones outside
/// the subset decline.
#[test]
fn hand_edits_read_as_ron_or_decline() {
    let text = sample();
    let declined = [
        format!("// a comment\n{text}"),
        text.replacen("(\n", "( /* c */\n", 1),
        format!("#![enable(implicit_some)]\n{text}"),
        text.replacen("(\n", "DocumentFile(\n", 1),
        text.replacen("id: 1,", "id: 0x1,", 1),
        text.replacen("id: 1,", "id: 1_0,", 1),
        text.replacen("id: 1,", "id: +1,", 1),
        text.replacen("id: 1,", "id: 1u64,", 1),
        text.replacen("id: 1,", "id: -0,", 1),
        text.replacen("score: 0.25", "score: 0.2_5", 1),
        text.replacen("score: 0.25", "score: 0.25f64", 1),
        text.replacen("title: \"", "title: \"\\u{41}", 1),
        text.replacen("title: \"", "title: \"\\n", 1),
        text.replacen("  ", "\u{b}", 1),
        text.replacen("  ", "\u{2028}", 1),
        text.replacen("origin: Suggested(", "origin: Suggested(\n  // c\n", 1),
        text.replacen("format_version: 4,", "format_version: 4u32,", 1),
        text.replacen("format_version: 4,", "format_version: 4.0,", 1),
        text.replacen("format_version: 4,", "format_version: (),", 1),
        text.replacen("format_version: 4,", "format_version: 4..5,", 1),
        text.replacen("text: ", "r#text: ", 1),
        text.replacen("meta: (", "meta: Meta(", 1),
        format!("\u{feff}{text}"),
        format!("{text}// end"),
        text.replacen("status: Todo", "status: Todo()", 1),
        text.replacen("status: Todo", "status: Todo(x: 1)", 1),
    ];
    for t in &declined {
        assert_eq!(document_file(t), Agreement::Declined, "{t}");
    }
    let either = [
        text.replace("\n", "\r\n"),
        text.replace("  ", "\t"),
        text.replace(",\n", "\n"),
        text.replace(",\n", " ,\n"),
        text.replace(": ", ":"),
        text.replace(": ", " :   "),
        text.replace("(\n", "(\n\n\n"),
        text.replacen("id: \"doc-1\",", "", 1),
        text.replacen("id: \"doc-1\",", "id: \"doc-1\", id: \"doc-2\",", 1),
        text.replacen("id: \"doc-1\",", "id: \"doc-1\", unknown: 12,", 1),
        text.replacen("id: \"doc-1\",", "id: \"doc-1\", unknown: r##\"x\"##,", 1),
        text.replacen("id: \"doc-1\",", "id: \"doc-1\", unknown: true,", 1),
        text.replacen("id: \"doc-1\",", "id: \"doc-1\", unknown: (a: 1),", 1),
        text.replacen(
            "id: \"doc-1\",",
            "id: \"doc-1\", unknown: 99999999999999999999999,",
            1,
        ),
        text.replacen("date: Some(\"", "date: Some (\"", 1),
        text.replacen(
            "date: Some(\"2023-01-02\")",
            "date: Some(\"2023-01-02\",)",
            1,
        ),
        text.replacen("date: Some(\"2023-01-02\")", "date: None", 1),
        text.replacen("date: Some(\"2023-01-02\")", "date: Some(None)", 1),
        text.replacen("date: Some(\"2023-01-02\")", "date: \"2023-01-02\"", 1),
        text.replacen("score: 0.25", "score: 1", 1),
        text.replacen("score: 0.25", "score: .25", 1),
        text.replacen("score: 0.25", "score: 25e-2", 1),
        text.replacen("score: 0.25", "score: 2.5E-1", 1),
        text.replacen("score: 0.25", "score: -inf", 1),
        text.replacen("score: 0.25", "score: +NaN", 1),
        text.replacen("score: 0.25", "score: infinity", 1),
        text.replacen("score: 0.25", "score: 1..2", 1),
        text.replacen("score: 0.25", "score: 1e", 1),
        text.replacen("score: 0.25", "score: --1", 1),
        text.replacen("id: 1,", "id: 007,", 1),
        text.replacen("id: 1,", "id: 18446744073709551615,", 1),
        text.replacen("id: 1,", "id: 18446744073709551616,", 1),
        text.replacen("id: 1,", "id: -1,", 1),
        text.replacen("start: 4,", "start: 4.0,", 1),
        text.replacen("corrected: true", "corrected: True", 1),
        text.replacen("corrected: true", "corrected: truex", 1),
        text.replacen("(0, 3)", "(0, 3,)", 1),
        text.replacen("(0, 3)", "(0, 3, 4)", 1),
        text.replacen("(0, 3)", "(0)", 1),
        text.replacen("(0, 3)", "[0, 3]", 1),
        text.replacen("(0, 3)", "( 0 , 3 )", 1),
        text.replacen("\"k\": ", "\"k\": \"v\", \"k\": ", 1),
        text.replacen("\"k\": ", "k: ", 1),
        text.replacen("spans: [", "spans: [,", 1),
        text.replacen("],", "]", 1),
        text.replacen("status: ", "status: Done, status: ", 1),
        text.replacen("Suggested(", "Suggested (", 1),
        text.replacen("Suggested(", "Imported(", 1),
        text.replacen("Suggested(", "Nope(", 1),
        text.replacen("origin: Suggested(", "origin: Manual, o: (", 1),
        text.replacen("r#\"", "r\"", 1),
        text.replacen("r#\"", "r##\"", 1),
        text.replacen("\"#", "\"", 1),
        text.replacen("\"", "'", 1),
        format!("{text}\n\n \t"),
        format!("{text})"),
        format!("  \n{text}"),
        text[..text.len() / 2].to_owned(),
        String::new(),
        "()".to_owned(),
        "(format_version: 4, document: ())".to_owned(),
    ];
    for t in &either {
        document_file(t);
    }
}

/// Every `.ron` file under `dir`, sorted.
fn ron_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            ron_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "ron") {
            out.push(p);
        }
    }
}

/// Every `.ron` in the repository (fixtures of every version, hostile
/// files, the sample project, annotator layers) is read as ron reads it,
/// as a document file, a project index and a layer; the current version's
/// files written by Gloss are read fast.
#[test]
fn every_ron_file_in_the_repository_reads_as_ron_reads_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    ron_files(&root.join("tests"), &mut files);
    ron_files(&root.join("projects"), &mut files);
    assert!(files.len() > 20, "found only {files:?}");
    let mut fast_documents = 0;
    let mut fast_layers = 0;
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        let doc = document_file(&text);
        project_file(&text);
        let layer = agree::<crate::store::layers::LayerFile>(&text);
        if f.components().any(|c| c.as_os_str() == "annotations") {
            assert_eq!(layer, Agreement::Same, "{}", f.display());
            fast_layers += 1;
        }
        let is_current = text.contains(&format!("format_version: {CURRENT_VERSION},"));
        let in_hostile = f.components().any(|c| c.as_os_str() == "hostile");
        if is_current && !in_hostile && f.parent().is_some_and(|p| p.ends_with("docs")) {
            // Written by Gloss: the fast reader takes it.
            assert_eq!(doc, Agreement::Same, "{}", f.display());
            fast_documents += 1;
        }
    }
    assert!(fast_documents > 0 && fast_layers > 0);
}

/// A written document written again equals itself through the fast
/// reader (the reader feeds the model that the writer writes).
#[test]
fn read_then_written_again_is_the_same_file() {
    let text = sample();
    let read: v4::DocumentFile = fast::from_str(&text).unwrap();
    let doc = v4::into_model::document(read.document);
    assert_eq!(write_document(&doc).unwrap(), text);
    let header = to_ron("x", &(1u32, "a")).unwrap();
    assert_eq!(agree::<(u32, String)>(&header), Agreement::Same);
}

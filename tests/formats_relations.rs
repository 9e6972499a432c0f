//! Relations through every dataset format that carries them: export the
//! sample (16 hand-annotated relations, 3 with notes) and import it into an
//! empty project: the same relations come back. Formats without relations
//! say in the report what they left out; `--label` never leaves one dangling.

mod common;

use gloss::formats::{export, import, ExportOptions, Format, ImportOptions};
use gloss::model::{default_labels, Project, RelationSuggestion};
use gloss::store::ProjectDir;
use gloss::text::offsets::OffsetUnit;
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

/// (type, from text, to text, note) of every relation, sorted.
fn relation_texts(p: &Project) -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    for d in &p.documents {
        for r in &d.relations {
            let text = |id| d.span(id).unwrap().text.clone();
            out.push((r.label.clone(), text(r.from), text(r.to), r.note.clone()));
        }
    }
    out.sort();
    out
}

fn round_trip(format: Format, offsets: OffsetUnit, mut project: Project) -> Project {
    let tmp = tempfile::tempdir().unwrap();
    let out = out_path(tmp.path(), format);
    let opts = ExportOptions {
        offsets,
        ..Default::default()
    };
    // Doccano, Label Studio and Gloss JSONL number documents or name them
    // by id; an open relation suggestion goes along where the format can.
    let report = export(&project, format, &out, &opts, &mut |_, _| {}).unwrap();
    assert!(report.relations_left_out.is_empty(), "{report}");
    project.documents.clear();
    let mut fresh = Project::new("empty", default_labels());
    fresh.relation_types = project.relation_types.clone();
    let merged = import(
        &mut fresh,
        format,
        &out,
        &ImportOptions {
            offsets,
            add_labels: false,
        },
    )
    .unwrap();
    assert_eq!(merged.relations_added, 16, "{format:?}: {merged}");
    fresh
}

#[test]
fn every_relation_format_round_trips_the_sample() {
    let original = relation_texts(&sample());
    assert_eq!(original.len(), 16);
    for (format, offsets) in [
        (Format::Jsonl, OffsetUnit::Chars),
        (Format::Jsonl, OffsetUnit::Utf16),
        (Format::Doccano, OffsetUnit::Utf16),
        (Format::Brat, OffsetUnit::Chars),
        (Format::LabelStudio, OffsetUnit::Chars),
    ] {
        let back = round_trip(format, offsets, sample());
        let mut got = relation_texts(&back);
        // Only Gloss JSONL and brat (AnnotatorNotes) carry relation notes.
        if matches!(format, Format::Doccano | Format::LabelStudio) {
            for r in &mut got {
                r.3.clear();
            }
            let mut want = original.clone();
            for r in &mut want {
                r.3.clear();
            }
            assert_eq!(got, want, "{format:?}");
        } else {
            assert_eq!(got, original, "{format:?}");
        }
        // The types of the project allow every imported relation.
        for d in &back.documents {
            assert!(d.relation_problems(&back.relation_types).is_empty());
        }
    }
}

#[test]
fn formats_without_relations_report_them_and_label_filter_never_dangles() {
    let project = sample();
    let tmp = tempfile::tempdir().unwrap();
    for format in [Format::Conll, Format::Hf, Format::Spacy] {
        let out = out_path(tmp.path(), format);
        let report = export(
            &project,
            format,
            &out,
            &ExportOptions::default(),
            &mut |_, _| {},
        )
        .unwrap();
        // The reason is the same for every relation: counted, not listed.
        assert_eq!(report.relations_not_held, 16, "{format:?}");
        assert!(report.relations_left_out.is_empty(), "{format:?}");
        let text = report.to_string();
        assert!(
            text.contains("Relations (written / in documents): 0 / 16"),
            "{text}"
        );
        assert!(
            text.contains(&format!(
                "Left out: 16 relation(s)\n  16 relation(s): {} has no relations",
                format.name()
            )),
            "{text}"
        );
    }
    // Only persons: the holds relations lose their position end, so they
    // are listed as left out, and none is written.
    let out = tmp.path().join("persons.jsonl");
    let opts = ExportOptions {
        labels: vec!["person".into()],
        ..Default::default()
    };
    let report = export(&project, Format::Jsonl, &out, &opts, &mut |_, _| {}).unwrap();
    assert_eq!(report.relations_left_out.len(), 16);
    assert!(report.relations_left_out[0].contains("not in --label"));
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(!written.contains("\"relations\""), "{written}");
}

#[test]
fn open_relation_suggestions_go_into_label_studio_predictions() {
    let mut project = sample();
    let d = &mut project.documents[0];
    // A figure reported by the first person; the person is a confirmed span.
    let metric = d.span(17).unwrap().clone();
    let person = d.span(1).unwrap().clone();
    d.relation_suggestions.push(RelationSuggestion {
        label: "reported-by".into(),
        from: (metric.start, metric.end, metric.label.clone()),
        to: (person.start, person.end, person.label.clone()),
        source: "rules-vi".into(),
        score: 0.7,
    });
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("tasks.json");
    export(
        &project,
        Format::LabelStudio,
        &out,
        &ExportOptions::default(),
        &mut |_, _| {},
    )
    .unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let pred = &json[0]["predictions"][0];
    assert_eq!(pred["model_version"], "rules-vi");
    let result = pred["result"].as_array().unwrap();
    let rel = result.iter().find(|r| r["type"] == "relation").unwrap();
    assert_eq!(rel["labels"][0], "reported-by");
    // Both ends are regions of the same prediction.
    for end in ["from_id", "to_id"] {
        assert!(result
            .iter()
            .any(|r| r["id"] == rel[end] && r["type"] == "labels"));
    }
    let config = std::fs::read_to_string(tmp.path().join("tasks.label_config.xml")).unwrap();
    assert!(
        config.contains("<Relation value=\"reported-by\""),
        "{config}"
    );
    // Read back: the relation suggestion, not its end regions as spans.
    let mut fresh = Project::new("empty", default_labels());
    import(
        &mut fresh,
        Format::LabelStudio,
        &out,
        &ImportOptions {
            offsets: OffsetUnit::Chars,
            add_labels: false,
        },
    )
    .unwrap();
    let d = &fresh.documents[0];
    assert_eq!(d.relation_suggestions.len(), 1);
    assert_eq!(d.relation_suggestions[0].source, "rules-vi");
    assert!(d.suggestions.is_empty(), "{:?}", d.suggestions);
}

#[test]
fn brat_relation_to_an_unknown_t_line_is_an_error_with_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("a.txt"),
        "Ông Lê Văn Tám, Chủ tịch UBND tỉnh.",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("a.ann"),
        "T1\tperson 4 14\tLê Văn Tám\nT2\tposition 16 34\tChủ tịch UBND tỉnh\nR1\tholds Arg1:T1 Arg2:T9\n",
    )
    .unwrap();
    let mut p = Project::new("p", default_labels());
    let err = import(
        &mut p,
        Format::Brat,
        tmp.path(),
        &ImportOptions {
            offsets: OffsetUnit::Chars,
            add_labels: false,
        },
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("a.ann") && err.contains(":3"), "{err}");
    assert!(err.contains("T9"), "{err}");
    assert!(p.documents.is_empty());
    // An unknown relation type is refused, or added with --add-labels.
    std::fs::write(
        tmp.path().join("a.ann"),
        "T1\tperson 4 14\tLê Văn Tám\nT2\tposition 16 34\tChủ tịch UBND tỉnh\nR1\tchairs Arg1:T1 Arg2:T2\n",
    )
    .unwrap();
    let err = import(
        &mut p,
        Format::Brat,
        tmp.path(),
        &ImportOptions {
            offsets: OffsetUnit::Chars,
            add_labels: false,
        },
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("unknown relation type \"chairs\""), "{err}");
    let report = import(
        &mut p,
        Format::Brat,
        tmp.path(),
        &ImportOptions {
            offsets: OffsetUnit::Chars,
            add_labels: true,
        },
    )
    .unwrap();
    assert_eq!(report.relation_types_added, ["chairs"]);
    assert!(p
        .relation_type("chairs")
        .unwrap()
        .allows("person", "position"));
    assert_eq!(p.documents[0].relations.len(), 1);
}

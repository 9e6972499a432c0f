//! Exports render documents on every core: the output and the report are
//! byte-identical to exporting each document alone and joining the results
//! in document order, and the same from one run to the next.

mod common;

use gloss::formats::{export, ExportOptions, Format};
use gloss::model::Project;
use gloss::store::ProjectDir;
use std::path::Path;

/// The sample article 60 times over, each copy with its id and with spans
/// cut away at a different place (so the documents differ).
fn project() -> Project {
    let (sample, _) = ProjectDir::load(&common::sample()).unwrap();
    let base = sample.documents[0].clone();
    let mut p = Project::new("p", sample.labels.clone());
    p.relation_types = sample.relation_types.clone();
    for i in 0..60 {
        let mut d = base.clone();
        d.id = format!("doc-{i:02}");
        d.relations.clear();
        d.relation_suggestions.clear();
        d.rejected_relations.clear();
        let keep = d.spans.len() * (i % 7 + 1) / 7;
        d.spans.truncate(keep);
        p.documents.push(d);
    }
    p
}

fn run(p: &Project, format: Format, out: &Path) -> (Vec<u8>, String) {
    let report = export(p, format, out, &ExportOptions::default(), &mut |_, _| {}).unwrap();
    (std::fs::read(out).unwrap(), format!("{report:?}"))
}

#[test]
fn conll_and_jsonl_exports_equal_one_document_at_a_time() {
    let tmp = tempfile::tempdir().unwrap();
    let p = project();
    for format in [Format::Conll, Format::Jsonl] {
        let whole = tmp.path().join(format!("all.{}", format.extension()));
        let (bytes, report) = run(&p, format, &whole);
        let (again, report_again) = run(&p, format, &whole);
        assert_eq!(bytes, again, "{format:?}: same bytes every run");
        assert_eq!(report, report_again);
        let mut joined = Vec::new();
        for (i, d) in p.documents.iter().enumerate() {
            let mut one = Project::new("p", p.labels.clone());
            one.relation_types = p.relation_types.clone();
            one.documents.push(d.clone());
            let out = tmp.path().join(format!("one-{i}.{}", format.extension()));
            joined.extend(run(&one, format, &out).0);
        }
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            String::from_utf8(joined).unwrap(),
            "{format:?}"
        );
    }
}

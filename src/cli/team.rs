//! `gloss assign`, `gloss agree`, `gloss merge`: the curator's team
//! commands (see `team/`).

use super::args::{MatchArg, StrategyArg};
use super::{open, open_for_writing, CliError, Outcome};
use crate::suggest::eval::MatchMode;
use crate::team::agree::{self, Report};
use crate::team::merge::Strategy;
use std::fmt::Write as _;
use std::path::Path;

/// Declares annotators and assigns documents; writes `project.ron`.
pub fn assign(dir: &Path, annotators: &str, overlap: u32, seed: u64) -> Outcome {
    let names: Vec<String> = annotators
        .split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    let mut session = open_for_writing(dir)?;
    let notice = session.assign(&names, overlap, seed)?;
    session.save()?;
    println!("{}", notice.text());
    for d in &session.workspace.project.documents {
        let who = session
            .workspace
            .project
            .assignments
            .get(&d.id)
            .map(|v| v.join(","))
            .unwrap_or_default();
        println!("{}\t{who}", d.id);
    }
    Ok(())
}

/// What `gloss agree` was asked.
#[derive(Debug, Clone)]
pub struct AgreeArgs {
    /// strict or overlap.
    pub mode: MatchArg,
    /// Only these labels.
    pub labels: Vec<String>,
    /// Also documents not marked done.
    pub all_documents: bool,
    /// JSON instead of tables.
    pub json: bool,
}

fn kappa_text(k: Option<f64>) -> String {
    k.map_or_else(|| "n/a".to_owned(), |k| format!("{k:.3}"))
}

/// Prints agreement between every pair of annotators.
pub fn agree(dir: &Path, args: &AgreeArgs) -> Outcome {
    let session = open(dir)?;
    let project = &session.workspace.project;
    if project.annotators.len() < 2 {
        return Err(CliError::Usage(format!(
            "agreement needs two or more annotators; this project has {} (declare them with `gloss assign <dir> --annotators a,b`): {}",
            project.annotators.len(),
            dir.display()
        )));
    }
    for l in &args.labels {
        if project.label(l).is_none() {
            return Err(CliError::Usage(format!(
                "--label {l:?} is not a label of the project"
            )));
        }
    }
    let options = agree::Options {
        mode: MatchMode::from(args.mode),
        labels: args.labels.clone(),
        all_documents: args.all_documents,
    };
    let report = session.agreement(&options)?;
    if args.json {
        println!("{}", json(&report));
    } else {
        print!("{}", table(&report, args.all_documents));
    }
    Ok(())
}

/// The report as text tables.
fn table(report: &Report, all: bool) -> String {
    let mut out = String::new();
    if report.pairs.is_empty() {
        let _ = writeln!(
            out,
            "No two annotators share a {}document yet.",
            if all { "" } else { "done " }
        );
        return out;
    }
    for p in &report.pairs {
        let _ = writeln!(
            out,
            "{} vs {}: {} document(s), {} tokens; Cohen's kappa (tokens, IO tags, O included) {}; span F1 {:.3}{}",
            p.a,
            p.b,
            p.documents.len(),
            p.tokens,
            kappa_text(p.kappa),
            p.spans.overall.f1(),
            p.relation_f1
                .map(|f| format!("; relation F1 {f:.3}"))
                .unwrap_or_default()
        );
        let _ = writeln!(
            out,
            "  {:<12} {:>6} {:>6} {:>6} {:>5} {:>5} {:>5}",
            "label", "P", "R", "F1", "both", "only1", "only2"
        );
        for (label, c) in &p.spans.labels {
            let _ = writeln!(
                out,
                "  {:<12} {:>6.3} {:>6.3} {:>6.3} {:>5} {:>5} {:>5}",
                label,
                c.precision(),
                c.recall(),
                c.f1(),
                c.tp,
                c.fn_,
                c.fp
            );
        }
    }
    for f in &report.fleiss {
        let _ = writeln!(
            out,
            "Fleiss' kappa, {} annotators on {} document(s), {} tokens: {}",
            f.raters,
            f.documents.len(),
            f.tokens,
            kappa_text(f.kappa)
        );
    }
    let _ = writeln!(out, "Per document, worst first:");
    for d in &report.documents {
        let _ = writeln!(
            out,
            "  {:<24} {} vs {}: kappa {}, span F1 {:.3}",
            d.doc,
            d.a,
            d.b,
            kappa_text(d.kappa),
            d.f1
        );
    }
    out
}

/// The report as JSON (keys sorted by construction, numbers unrounded).
fn json(report: &Report) -> String {
    use serde_json::json;
    let pairs: Vec<_> = report
        .pairs
        .iter()
        .map(|p| {
            let labels: serde_json::Map<String, serde_json::Value> = p
                .spans
                .labels
                .iter()
                .map(|(l, c)| {
                    (
                        l.clone(),
                        json!({"precision": c.precision(), "recall": c.recall(), "f1": c.f1(),
                               "both": c.tp, "only_first": c.fn_, "only_second": c.fp}),
                    )
                })
                .collect();
            json!({
                "a": p.a, "b": p.b, "documents": p.documents, "tokens": p.tokens,
                "cohen_kappa": p.kappa, "span_f1": p.spans.overall.f1(),
                "labels": labels, "relation_f1": p.relation_f1,
            })
        })
        .collect();
    let docs: Vec<_> = report
        .documents
        .iter()
        .map(|d| json!({"doc": d.doc, "a": d.a, "b": d.b, "cohen_kappa": d.kappa, "span_f1": d.f1}))
        .collect();
    let fleiss: Vec<_> = report
        .fleiss
        .iter()
        .map(|f| json!({"raters": f.raters, "documents": f.documents, "tokens": f.tokens, "fleiss_kappa": f.kappa}))
        .collect();
    serde_json::to_string_pretty(&json!({
        "pairs": pairs, "documents": docs, "fleiss": fleiss,
        "token_tags": "IO", "outside_tag": agree::OUTSIDE,
    }))
    .unwrap_or_default()
}

/// Pre-fills the gold layer from the annotators' layers; writes `docs/`.
pub fn merge(dir: &Path, strategy: StrategyArg) -> Outcome {
    let strategy = Strategy::from(strategy);
    let mut session = open_for_writing(dir)?;
    let plan = session.merge_layers(strategy)?;
    session.save()?;
    let added: usize = plan.merged.iter().map(|(_, n)| n).sum();
    println!(
        "Merged {} document(s): {added} span(s) added to the gold layer (origin: curated from the annotators who agree)",
        plan.merged.len()
    );
    for (id, n) in &plan.merged {
        println!("  {id}: +{n}");
    }
    for (id, why) in &plan.skipped {
        println!("  {id}: skipped ({why})");
    }
    Ok(())
}

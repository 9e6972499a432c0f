//! `gloss stats <dir>`: documents by status, spans by label and origin.

use super::{load, Outcome};
use crate::model::{Project, Status};
use std::path::Path;

/// Prints the statistics table.
pub fn stats(dir: &Path) -> Outcome {
    let (project, _) = load(dir)?;
    print!("{}", stats_table(&project));
    Ok(())
}

/// The statistics as text (deterministic: labels in project order).
pub fn stats_table(project: &Project) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Project {:?}: {} document(s)",
        project.name,
        project.documents.len()
    );
    let _ = writeln!(out, "\nDocuments by status:");
    for st in [Status::Todo, Status::InProgress, Status::Done] {
        let n = project.documents.iter().filter(|d| d.status == st).count();
        let _ = writeln!(out, "  {:<12}{n:>6}", st.name());
    }
    let kinds = ["manual", "suggested", "corrected", "imported"];
    let _ = writeln!(out, "\nSpans by label and origin:");
    let _ = write!(out, "  {:<12}", "label");
    for k in kinds.iter().chain(&["total"]) {
        let _ = write!(out, "{k:>10}");
    }
    let _ = writeln!(out);
    let spans: Vec<_> = project.documents.iter().flat_map(|d| &d.spans).collect();
    let mut rows: Vec<(String, Vec<usize>)> = project
        .labels
        .iter()
        .map(|l| {
            let counts = kinds
                .iter()
                .map(|k| {
                    spans
                        .iter()
                        .filter(|s| s.label == l.name && s.origin.kind() == *k)
                        .count()
                })
                .collect();
            (l.name.clone(), counts)
        })
        .collect();
    let totals = (0..kinds.len())
        .map(|i| rows.iter().map(|r| r.1[i]).sum())
        .collect();
    rows.push(("all".into(), totals));
    for (name, counts) in rows {
        let _ = write!(out, "  {name:<12}");
        for c in &counts {
            let _ = write!(out, "{c:>10}");
        }
        let _ = writeln!(out, "{:>10}", counts.iter().sum::<usize>());
    }
    out
}

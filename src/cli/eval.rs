//! `gloss eval <dir> --source NAME [--match strict|overlap]`.

use super::args::MatchArg;
use super::{open, CliError, Outcome};
use crate::suggest::eval::{evaluate, MatchMode};
use std::path::Path;

/// Prints precision, recall and F1 of a suggestion source per label, then
/// per relation type.
pub fn eval(dir: &Path, source: &str, mode: MatchArg) -> Outcome {
    let mode = MatchMode::from(mode);
    let session = open(dir)?;
    let ev = evaluate(&session.workspace.project, source, mode);
    if ev.documents == 0 {
        return Err(CliError::Problems(format!("no document is done, so there is nothing to evaluate against; mark reviewed documents done: {}", dir.display())));
    }
    println!(
        "Source {source:?}, {} match",
        if mode == MatchMode::Strict {
            "strict"
        } else {
            "overlap"
        }
    );
    println!("{ev}");
    let rel = crate::suggest::relations::evaluate_relations(&session.workspace.project, source);
    if !rel.types.is_empty() || rel.left_out > 0 {
        println!("\nRelations (both end spans strict, same type):");
        println!("{rel}");
    }
    Ok(())
}

//! `gloss eval <dir> --source NAME [--match strict|overlap]` and
//! `gloss eval <dir> --learning-curve [--folds K] [--seed N]`.

use super::args::MatchArg;
use super::{open, CliError, Outcome};
use crate::suggest::eval::{evaluate, learning_curve, MatchMode};
use crate::suggest::model::TrainOptions;
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

/// Prints the tagger's learning curve: k-fold cross-validation over the done
/// documents, per-label strict F1 at 5, 10, 20, ... training documents, next
/// to `rules-vi` and `all` on the same folds.
pub fn learning_curve_cmd(dir: &Path, folds: usize, seed: u64) -> Outcome {
    let session = open(dir)?;
    let opts = TrainOptions {
        seed,
        held_out: false,
        ..TrainOptions::default()
    };
    let curve = learning_curve(&session.workspace.project, folds, &opts)
        .map_err(|e| CliError::Problems(format!("{e}: {}", dir.display())))?;
    print!("{curve}");
    Ok(())
}

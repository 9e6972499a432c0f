//! `gloss suggest <dir> [--engine rules-vi|dictionary|all] [--doc ID]`.

use super::{load_for_writing, progress::Progress, CliError, Outcome};
use crate::edit::apply;
use crate::suggest::{add_suggestions, run, Engine};
use std::path::Path;

/// Runs extractors and stores their suggestions (rejected ones are not
/// proposed again; existing spans are not proposed).
pub fn suggest(dir: &Path, engine: &str, doc: Option<&str>) -> Outcome {
    let engines = Engine::parse_list(engine).ok_or_else(|| {
        CliError::Usage(format!(
            "--engine {engine:?} is unknown; use rules-vi, dictionary or all"
        ))
    })?;
    let (mut project, mut store, _lock) = load_for_writing(dir)?;
    let ids: Vec<String> = match doc {
        Some(id) if project.document(id).is_none() => {
            return Err(CliError::Usage(format!(
                "there is no document {id:?} in the project (see gloss stats): {}",
                dir.display()
            )))
        }
        Some(id) => vec![id.to_owned()],
        None => project.documents.iter().map(|d| d.id.clone()).collect(),
    };
    let mut bar = Progress::new(ids.len() as u64, "Suggesting");
    let mut added = 0;
    for id in &ids {
        let Some(d) = project.document(id) else {
            continue;
        };
        let tx = add_suggestions(d, run(&project, &engines, d));
        added += tx.edits.len();
        apply(&mut project, &tx)
            .map_err(|e| CliError::Usage(format!("internal error applying suggestions: {e}")))?;
        bar.inc();
    }
    bar.finish();
    store
        .save(&project)
        .map_err(|e| CliError::Usage(e.to_string()))?;
    println!("Added {added} suggestion(s) to {} document(s)", ids.len());
    Ok(())
}

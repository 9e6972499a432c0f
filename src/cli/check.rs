//! `gloss check <dir>`: validates every file of a project.

use super::{open_as, CliError, Outcome};
use std::path::Path;

/// Exit 0 when the project loads cleanly, 1 with every problem otherwise.
/// Every annotator layer is checked too; with `annotator`, the counts are
/// that annotator's.
pub fn check(dir: &Path, annotator: Option<&str>) -> Outcome {
    let session = open_as(dir, annotator)?;
    let layers = session
        .layers()
        .map_err(|e| CliError::Problems(e.to_string()))?;
    let project = &session.workspace.project;
    let spans: usize = project.documents.iter().map(|d| d.spans.len()).sum();
    let layer_files: usize = layers.values().map(|d| d.len()).sum();
    let layer_note = if project.annotators.is_empty() {
        String::new()
    } else {
        format!(
            ", {} annotator(s) with {layer_files} layer file(s)",
            project.annotators.len()
        )
    };
    println!(
        "OK: {} document(s), {spans} span(s){layer_note}, no problems: {}",
        project.documents.len(),
        dir.display()
    );
    Ok(())
}

//! `gloss check <dir>`: validates every file of a project.

use super::{open, Outcome};
use std::path::Path;

/// Exit 0 when the project loads cleanly, 1 with every problem otherwise.
pub fn check(dir: &Path) -> Outcome {
    let session = open(dir)?;
    let project = &session.workspace.project;
    let spans: usize = project.documents.iter().map(|d| d.spans.len()).sum();
    println!(
        "OK: {} document(s), {spans} span(s), no problems: {}",
        project.documents.len(),
        dir.display()
    );
    Ok(())
}

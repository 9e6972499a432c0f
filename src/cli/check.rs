//! `gloss check <dir>`: validates every file of a project.

use super::{load, Outcome};
use std::path::Path;

/// Exit 0 when the project loads cleanly, 1 with every problem otherwise.
pub fn check(dir: &Path) -> Outcome {
    let (project, _) = load(dir)?;
    let spans: usize = project.documents.iter().map(|d| d.spans.len()).sum();
    println!(
        "OK: {} document(s), {spans} span(s), no problems: {}",
        project.documents.len(),
        dir.display()
    );
    Ok(())
}

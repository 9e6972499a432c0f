//! `gloss add <dir> <files or folders...>`: adds articles as documents.

use super::{open_for_writing, progress::Progress, Outcome};
use std::path::{Path, PathBuf};

/// Adds every file (folders searched recursively); adds nothing when any
/// file is bad, and lists all bad files.
pub fn add(dir: &Path, inputs: &[PathBuf]) -> Outcome {
    let mut session = open_for_writing(dir)?;
    let mut bar: Option<Progress> = None;
    let report = session.add_files(inputs, &mut |done, total| {
        bar.get_or_insert_with(|| Progress::new(total as u64, "Adding"))
            .set(done as u64);
    });
    if let Some(b) = bar {
        b.finish();
    }
    let report = report?;
    session.save()?;
    println!(
        "Added {} document(s) from {} file(s) to {}",
        report.documents,
        report.files,
        dir.display()
    );
    Ok(())
}

//! `gloss check <dir>`: validates every file of a project, annotator layers
//! included, and finds document files the index does not name.

use super::{open_for_writing, open_lazy_as, progress::Progress, CliError, Outcome};
use crate::store::orphans::{self, Orphans};
use std::path::Path;

/// Exit 0 when the project loads cleanly and `docs/` holds nothing
/// unlisted (or `--fix` took it all back), 1 with every problem otherwise.
/// Every annotator layer is checked too; with `annotator`, the counts are
/// that annotator's. `--fix` changes the index, which is the curator's
/// (gold layer's) file, so it refuses an annotator.
pub fn check(dir: &Path, annotator: Option<&str>, fix: bool) -> Outcome {
    if fix && annotator.is_some() {
        return Err(CliError::Usage(
            "--fix rewrites project.ron, which only the curator changes; run `gloss check --fix` without --annotator".into(),
        ));
    }
    let mut session = if fix {
        open_for_writing(dir)?
    } else {
        // Index first, then every document on every core with a progress
        // bar; every problem of every file is reported.
        let mut s = open_lazy_as(dir, annotator)?;
        let mut bar: Option<Progress> = None;
        let read = s.load_all_reporting(&mut |done, total| {
            bar.get_or_insert_with(|| Progress::new(total as u64, "Checking"))
                .set(done as u64);
        });
        if let Some(b) = bar {
            b.finish();
        }
        read.map_err(|e| CliError::Problems(e.to_string()))?;
        s
    };
    let layers = session
        .layers()
        .map_err(|e| CliError::Problems(e.to_string()))?;
    let io = |e: std::io::Error| {
        CliError::Usage(format!(
            "could not list {} ({e}); check that the folder is readable",
            dir.join("docs").display()
        ))
    };
    let found = orphans::find(dir, &session.workspace.project).map_err(io)?;
    let found = if fix && !found.is_empty() {
        repair(dir, &mut session.workspace, found)?
    } else {
        found
    };
    let strays =
        crate::store::layers::stray_layer_files(dir, &session.workspace.project).map_err(|e| {
            CliError::Usage(format!(
                "could not list {} ({e}); check that the folder is readable",
                dir.join(crate::store::layers::ANNOTATIONS_DIR).display()
            ))
        })?;
    // Every document was read: keep their counts for the GUI's next
    // opening (derived; failing to write it loses nothing).
    let _ = session.workspace.write_cache();
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
    if found.is_empty() && strays.is_empty() {
        println!(
            "OK: {} document(s), {spans} span(s){layer_note}, no problems: {}",
            project.documents.len(),
            dir.display()
        );
        return Ok(());
    }
    let mut problems = Vec::new();
    if !found.is_empty() {
        problems.push(report(dir, &found, fix));
    }
    if !strays.is_empty() {
        problems.push(stray_report(dir, &strays));
    }
    Err(CliError::Problems(problems.join("\n")))
}

/// Layer files no annotator's layer uses, one line each, with the fix.
fn stray_report(dir: &Path, strays: &[std::path::PathBuf]) -> String {
    let lines: Vec<String> = strays
        .iter()
        .map(|rel| {
            format!(
                "{}: not read by any layer (its document is not in project.ron, or its folder is not a declared annotator's); fix: add the document or annotator back, or move the file out of annotations/ if that work is no longer wanted",
                dir.join(rel).display()
            )
        })
        .collect();
    format!(
        "{} file(s) in annotations/ that no layer uses:\n  {}",
        lines.len(),
        lines.join("\n  ")
    )
}

/// Takes the adoptable documents into the index and removes temporary
/// files; returns what is left.
fn repair(
    dir: &Path,
    ws: &mut crate::store::Workspace,
    found: Orphans,
) -> Result<Orphans, CliError> {
    let n = found.adoptable.len();
    if n > 0 {
        let first = found.adoptable[0].id.clone();
        ws.adopt_unlisted(found.adoptable)
            .map_err(|e| CliError::Session(crate::session::SessionError::Save(e)))?;
        println!(
            "Fixed: {n} document file(s) not named by project.ron taken back into it (from {first:?}): {}",
            dir.display()
        );
    }
    for rel in &found.temp_files {
        let path = dir.join(rel);
        std::fs::remove_file(&path).map_err(|e| {
            CliError::Usage(format!(
                "could not remove {} ({e}); remove it by hand",
                path.display()
            ))
        })?;
        println!(
            "Fixed: removed {} (temporary file of an interrupted save)",
            path.display()
        );
    }
    Ok(Orphans {
        unreadable: found.unreadable,
        ..Orphans::default()
    })
}

/// Every file found, one line each, with the fix.
fn report(dir: &Path, found: &Orphans, fixing: bool) -> String {
    let mut lines = Vec::new();
    for doc in &found.adoptable {
        lines.push(format!(
            "{}: document {:?} is not named by project.ron (an import or save was interrupted); fix: `gloss check --fix` takes it back",
            dir.join(format!("docs/{}.ron", doc.id)).display(),
            doc.id
        ));
    }
    for rel in &found.temp_files {
        lines.push(format!(
            "{}: temporary file of an interrupted save; fix: `gloss check --fix` removes it",
            dir.join(rel).display()
        ));
    }
    for p in &found.unreadable {
        lines.push(format!(
            "{p} (this file is not named by project.ron{})",
            if fixing {
                ", so it was not taken back"
            } else {
                ""
            }
        ));
    }
    format!(
        "{} file(s) in docs/ that project.ron does not name:\n  {}",
        lines.len(),
        lines.join("\n  ")
    )
}

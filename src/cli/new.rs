//! `gloss new <dir> [--labels a,b,c]`: creates an empty project.

use super::{CliError, Outcome};
use crate::model::{default_labels, Label};
use crate::store::ProjectDir;
use std::path::Path;

/// Creates a project in `dir` with the given label names (default labels
/// keep their colors, hotkeys and descriptions).
pub fn new(dir: &Path, labels: Option<&str>) -> Outcome {
    let labels = match labels {
        None => default_labels(),
        Some(list) => {
            let defaults = default_labels();
            let names: Vec<&str> = list.split(',').map(str::trim).collect();
            if names
                .iter()
                .any(|n| n.is_empty() || n.contains(char::is_whitespace))
            {
                return Err(CliError::Usage(format!(
                    "--labels takes comma-separated names without spaces, e.g. person,position; got {list:?}"
                )));
            }
            names
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let base = defaults.iter().find(|d| d.name == *n).cloned();
                    let fresh = Label::new(n, i);
                    Label {
                        hotkey: fresh.hotkey,
                        ..base.unwrap_or(fresh)
                    }
                })
                .collect()
        }
    };
    let project = crate::model::Project {
        labels,
        ..Default::default()
    };
    if let Some(p) = project.label_problems().first() {
        return Err(CliError::Usage(format!("{}; fix: {}", p.message, p.fix)));
    }
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "project".into());
    ProjectDir::create(dir, &name, project.labels)
        .map_err(|e| CliError::Usage(crate::session::error_text(&e)))?;
    println!("Created project {name:?} in {}", dir.display());
    Ok(())
}

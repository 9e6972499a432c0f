//! Importing another extractor's predictions as suggestions.
//!
//! Reads Gloss JSONL (its suggestions, else its spans), doccano JSONL (its
//! labels) or Label Studio (its `predictions`); each document of the file is
//! matched to a project document by id (with identical text), else by
//! identical text. Unmatched documents are reported, never added.

use crate::edit::Transaction;
use crate::formats::{read, Format, FormatError, ImportOptions};
use crate::model::{Origin, Project, Suggestion};
use std::path::Path;

/// What an import of predictions found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PredictionReport {
    /// Documents that received suggestions (or had all of them already).
    pub matched: usize,
    /// File lines (records) whose document is not in the project.
    pub unmatched: Vec<usize>,
    /// Suggestions added.
    pub added: usize,
    /// Predictions skipped: already open, rejected before, or already a span.
    pub skipped: usize,
}

impl std::fmt::Display for PredictionReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} suggestion(s) added to {} document(s); {} skipped (already open, rejected before, or already a span)",
            self.added, self.matched, self.skipped
        )?;
        if !self.unmatched.is_empty() {
            let lines: Vec<String> = self.unmatched.iter().map(|l| l.to_string()).collect();
            write!(f, "; no matching document for line(s) {}", lines.join(", "))?;
        }
        Ok(())
    }
}

/// A transaction adding the file's predictions as suggestions of `source`.
pub fn import_predictions(
    project: &Project,
    format: Format,
    path: &Path,
    source: &str,
    opts: &ImportOptions,
) -> Result<(Transaction, PredictionReport), FormatError> {
    if !matches!(
        format,
        Format::Jsonl | Format::Doccano | Format::LabelStudio
    ) {
        return Err(FormatError::Options(format!(
            "predictions are read from jsonl, doccano or label-studio files, not {}",
            format.name()
        )));
    }
    let incoming = read(format, path, opts)?;
    let mut report = PredictionReport::default();
    let mut tx = Transaction {
        name: format!("Import predictions from {source}"),
        edits: Vec::new(),
    };
    for inc in incoming {
        let doc = inc
            .id
            .as_deref()
            .and_then(|id| project.document(id).filter(|d| d.text == inc.text))
            .or_else(|| project.documents.iter().find(|d| d.text == inc.text));
        let Some(doc) = doc else {
            report.unmatched.push(inc.line);
            continue;
        };
        report.matched += 1;
        let mut preds: Vec<Suggestion> = inc
            .suggestions
            .iter()
            .map(|s| Suggestion {
                source: source.to_owned(),
                ..s.clone()
            })
            .collect();
        if preds.is_empty() {
            preds = inc
                .spans
                .iter()
                .map(|s| Suggestion {
                    start: s.start,
                    end: s.end,
                    label: s.label.clone(),
                    text: doc
                        .text
                        .chars()
                        .skip(s.start)
                        .take(s.end - s.start)
                        .collect(),
                    source: source.to_owned(),
                    score: match s.origin {
                        Origin::Suggested { score, .. } => score,
                        _ => 1.0,
                    },
                })
                .collect();
        }
        for p in &preds {
            if project.label(&p.label).is_none() {
                return Err(FormatError::input(path, inc.line, format!("unknown label {:?}", p.label), "add the label to the project (gloss import --add-labels, or project.ron) or rename it in the file"));
            }
        }
        let n = preds.len();
        let add = super::add_suggestions(doc, preds);
        report.added += add.edits.len();
        report.skipped += n - add.edits.len();
        tx.edits.extend(add.edits);
    }
    Ok((tx, report))
}

//! Documents read from a dataset file, and merging them into a project.
//!
//! Readers turn a file into [`Incoming`] documents with char offsets already
//! checked against the text; [`merge`] adds them to a copy of the project and
//! swaps it in only when everything fits, so a bad file adds nothing.

use super::FormatError;
use crate::model::{Document, Label, Meta, Origin, Project, Span, Status, Suggestion};
use crate::text::offsets::{char_slice, OffsetUnit};
use std::collections::BTreeSet;
use std::path::Path;

/// A span read from a file (char offsets on the incoming text).
#[derive(Debug, Clone, PartialEq)]
pub struct IncomingSpan {
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// Label name.
    pub label: String,
    /// Note.
    pub note: String,
    /// Provenance to record.
    pub origin: Origin,
    /// Line (or record) of the file, for errors.
    pub line: usize,
}

/// A document read from a file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Incoming {
    /// Id given in the file.
    pub id: Option<String>,
    /// Title given in the file.
    pub title: Option<String>,
    /// The text (NFC, `\n`).
    pub text: String,
    /// Publication facts.
    pub meta: Meta,
    /// Status given in the file.
    pub status: Option<Status>,
    /// Document note.
    pub note: String,
    /// Spans.
    pub spans: Vec<IncomingSpan>,
    /// Suggestions (predictions).
    pub suggestions: Vec<Suggestion>,
    /// Line (or record) of the file, for errors.
    pub line: usize,
}

/// Parses JSON Lines: every non-blank line as a `T`, with its 1-based line
/// number. The first bad line is an error naming it.
pub fn json_lines<T: serde::de::DeserializeOwned>(
    path: &Path,
    content: &str,
    what: &str,
) -> Result<Vec<(usize, T)>, FormatError> {
    let mut out = Vec::new();
    for (i, raw) in content.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        let value = serde_json::from_str(raw).map_err(|e| {
            FormatError::input(
                path,
                i + 1,
                format!("invalid {what} at column {}: {e}", e.column()),
                "write one JSON object per line (see docs/FORMATS.md)",
            )
        })?;
        out.push((i + 1, value));
    }
    Ok(out)
}

/// The string at `key` of an optional JSON object.
pub fn str_at(v: Option<&serde_json::Value>, key: &str) -> Option<String> {
    v?.get(key)?.as_str().map(str::to_owned)
}

/// The `"text"` string of a JSON record, checked with [`check_text`].
pub fn text_field(path: &Path, line: usize, v: &serde_json::Value) -> Result<String, FormatError> {
    let text = v
        .get("text")
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| {
            FormatError::input(
                path,
                line,
                "field \"text\" is missing or not a string",
                "give every record a \"text\" string",
            )
        })?;
    check_text(path, line, text)?;
    Ok(text.to_owned())
}

/// Checks an incoming text: it must already be NFC with `\n` line endings,
/// or offsets into it would not survive normalization.
pub fn check_text(path: &Path, line: usize, text: &str) -> Result<(), FormatError> {
    if text.contains('\r') || text.starts_with('\u{FEFF}') {
        return Err(FormatError::input(
            path,
            line,
            "the text has CR line endings or a BOM, so its offsets do not fit Gloss's \\n-only text",
            "convert the text to \\n line endings (and recompute offsets), or add the plain text with `gloss add`",
        ));
    }
    if !unicode_normalization::is_nfc(text) {
        return Err(FormatError::input(
            path,
            line,
            "the text is not NFC-normalized (e.g. decomposed Vietnamese marks), so its offsets would shift",
            "normalize the text to NFC and recompute the offsets (Python: unicodedata.normalize('NFC', text))",
        ));
    }
    Ok(())
}

/// Converts a span's offsets from `unit` to chars and checks them against the
/// text (and against `given`, the span text the file states, if any).
#[allow(clippy::too_many_arguments)]
pub fn span_offsets(
    path: &Path,
    line: usize,
    text: &str,
    start: usize,
    end: usize,
    unit: OffsetUnit,
    given: Option<&str>,
    what: &str,
) -> Result<(usize, usize), FormatError> {
    let unit_name = format!("{unit:?}").to_lowercase();
    let conv = |o: usize| unit.to_char(text, o);
    let (s, e) = match (conv(start), conv(end)) {
        (Some(s), Some(e)) if s < e => (s, e),
        _ => {
            let len = unit.from_char(text, text.chars().count()).unwrap_or(0);
            let hint = if unit == OffsetUnit::Chars
                && OffsetUnit::Utf16.to_char(text, end).is_some()
                && end > text.chars().count()
            {
                "the offsets look like UTF-16 code units (as JavaScript counts); import with --offsets utf16"
            } else {
                "give start < end within the text, counted in the stated unit"
            };
            return Err(FormatError::input(
                path,
                line,
                format!("{what} {start}..{end} is not a valid range of the text ({len} {unit_name}, offsets in {unit_name})"),
                hint,
            ));
        }
    };
    if let Some(given) = given {
        let covered = char_slice(text, s, e);
        if covered != given {
            let as_utf16 = (unit == OffsetUnit::Chars)
                .then(|| {
                    let (a, b) = (
                        OffsetUnit::Utf16.to_char(text, start)?,
                        OffsetUnit::Utf16.to_char(text, end)?,
                    );
                    (a <= b && char_slice(text, a, b) == given).then_some(())
                })
                .flatten()
                .is_some();
            let fix = if as_utf16 {
                "the offsets are UTF-16 code units (as JavaScript counts, an emoji is 2); import with --offsets utf16"
            } else {
                "correct the offsets or the span text"
            };
            return Err(FormatError::input(
                path,
                line,
                format!("{what} {start}..{end} covers {covered:?} but the file says {given:?}"),
                fix,
            ));
        }
    }
    Ok((s, e))
}

/// What a merge did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MergeReport {
    /// New documents.
    pub documents_added: Vec<String>,
    /// Existing documents that received spans.
    pub documents_merged: Vec<String>,
    /// Spans added.
    pub spans_added: usize,
    /// Suggestions added.
    pub suggestions_added: usize,
    /// Spans already present (same range and label).
    pub spans_already_there: usize,
    /// Spans skipped because they overlap a span of the same label.
    pub conflicts: Vec<String>,
    /// Labels added with --add-labels.
    pub labels_added: Vec<String>,
}

impl std::fmt::Display for MergeReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "Imported: {} new document(s), {} merged into existing ones; {} span(s) added, {} suggestion(s) added, {} already there",
            self.documents_added.len(),
            self.documents_merged.len(),
            self.spans_added,
            self.suggestions_added,
            self.spans_already_there
        )?;
        if !self.labels_added.is_empty() {
            writeln!(f, "Labels added: {}", self.labels_added.join(", "))?;
        }
        if !self.conflicts.is_empty() {
            writeln!(
                f,
                "Skipped (overlap a span of the same label): {}",
                self.conflicts.len()
            )?;
            for c in &self.conflicts {
                writeln!(f, "  {c}")?;
            }
        }
        Ok(())
    }
}

/// Adds incoming documents to the project: into the document with the same
/// id and text, else the one with identical text, else as a new document.
/// All or nothing.
pub fn merge(
    project: &mut Project,
    incoming: Vec<Incoming>,
    add_labels: bool,
    path: &Path,
) -> Result<MergeReport, FormatError> {
    let mut scratch = project.clone();
    let mut report = MergeReport::default();
    // Labels first: refuse unknown ones unless asked to add them.
    for inc in &incoming {
        let labels = inc
            .spans
            .iter()
            .map(|s| (s.label.as_str(), s.line))
            .chain(inc.suggestions.iter().map(|s| (s.label.as_str(), inc.line)));
        for (label, line) in labels {
            if scratch.label(label).is_some() {
                continue;
            }
            if !add_labels {
                return Err(FormatError::input(
                    path,
                    line,
                    format!(
                        "unknown label {label:?} (the project has {})",
                        project.label_names()
                    ),
                    "add it to the project with --add-labels, or rename it in the file",
                ));
            }
            if label.is_empty() || label.contains(char::is_whitespace) {
                return Err(FormatError::input(
                    path,
                    line,
                    format!("label {label:?} is empty or has spaces"),
                    "use a label name without spaces",
                ));
            }
            let n = scratch.labels.len();
            scratch.labels.push(Label::new(label, n));
            report.labels_added.push(label.to_owned());
        }
    }
    let mut touched = BTreeSet::new();
    for inc in incoming {
        let by_id = inc.id.as_deref().and_then(|id| {
            scratch
                .documents
                .iter()
                .position(|d| d.id == id && d.text == inc.text)
        });
        let by_text = || scratch.documents.iter().position(|d| d.text == inc.text);
        let index = match by_id.or_else(by_text) {
            Some(i) => {
                if !report.documents_added.contains(&scratch.documents[i].id)
                    && touched.insert(scratch.documents[i].id.clone())
                {
                    report
                        .documents_merged
                        .push(scratch.documents[i].id.clone());
                }
                i
            }
            None => {
                let wanted = inc.id.clone().filter(|id| {
                    !id.is_empty()
                        && id
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                });
                let id = match wanted {
                    Some(id) if scratch.document(&id).is_none() => id,
                    other => scratch.fresh_document_id(
                        other.as_deref().or(inc.title.as_deref()).unwrap_or("doc"),
                    ),
                };
                let mut doc = Document::new(&id, &inc.text);
                if let Some(t) = &inc.title {
                    doc.title = t.clone();
                }
                doc.meta = inc.meta.clone();
                doc.status = inc.status.unwrap_or_default();
                doc.note = inc.note.clone();
                doc.source = path.display().to_string();
                report.documents_added.push(id);
                scratch.documents.push(doc);
                scratch.documents.len() - 1
            }
        };
        let doc = &mut scratch.documents[index];
        for s in inc.spans {
            if doc
                .spans
                .iter()
                .any(|d| d.start == s.start && d.end == s.end && d.label == s.label)
            {
                report.spans_already_there += 1;
                continue;
            }
            if let Some(c) = doc
                .spans
                .iter()
                .find(|d| d.label == s.label && d.overlaps(s.start, s.end))
            {
                report.conflicts.push(format!(
                    "{}:{}: {} {}..{} overlaps {:?} in document {}",
                    path.display(),
                    s.line,
                    s.label,
                    s.start,
                    s.end,
                    c.text,
                    doc.id
                ));
                continue;
            }
            let text: String = doc
                .text
                .chars()
                .skip(s.start)
                .take(s.end - s.start)
                .collect();
            if text.trim() != text {
                return Err(FormatError::input(
                    path,
                    s.line,
                    format!(
                        "span {}..{} {text:?} starts or ends with whitespace",
                        s.start, s.end
                    ),
                    "trim the span to its first and last non-space character",
                ));
            }
            let id = doc.next_span_id();
            doc.spans.push(Span {
                id,
                start: s.start,
                end: s.end,
                label: s.label,
                text,
                origin: s.origin,
                note: s.note,
            });
            report.spans_added += 1;
        }
        for sug in inc.suggestions {
            let known = doc.suggestions.iter().chain(&doc.rejected).any(|x| {
                x.start == sug.start
                    && x.end == sug.end
                    && x.label == sug.label
                    && x.source == sug.source
            });
            if !known {
                doc.suggestions.push(sug);
                report.suggestions_added += 1;
            }
        }
        doc.sort_spans();
    }
    for d in &scratch.documents {
        if let Some(p) = d.problems(&scratch.labels).first() {
            return Err(FormatError::input(
                path,
                0,
                format!("document {}: {p}", d.id),
                "correct the file",
            ));
        }
    }
    *project = scratch;
    Ok(report)
}

//! Documents read from a dataset file, and merging them into a project.
//!
//! Readers turn a file into [`Incoming`] documents with char offsets already
//! checked against the text; [`merge`] adds them to a copy of the project and
//! swaps it in only when everything fits, so a bad file adds nothing.

use super::FormatError;
use crate::model::{Document, Label, Meta, Origin, Project, Span, Status, Suggestion, TokenLayout};
use crate::text::offsets::{char_slice, OffsetUnit};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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

/// A relation read from a file: its ends are indexes into the document's
/// [`Incoming::spans`].
#[derive(Debug, Clone, PartialEq)]
pub struct IncomingRelation {
    /// Relation type.
    pub label: String,
    /// Index of the start span in `spans`.
    pub from: usize,
    /// Index of the end span in `spans`.
    pub to: usize,
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
    /// Spans the file marks as rejected (Prodigy `"answer": "reject"`),
    /// kept as rejected suggestions.
    pub rejected: Vec<Suggestion>,
    /// Tokens and sentences of a token-based file.
    pub layout: Option<TokenLayout>,
    /// Relations between `spans`.
    pub relations: Vec<IncomingRelation>,
    /// Open and rejected relation suggestions (Gloss JSONL).
    pub relation_suggestions: (
        Vec<crate::model::RelationSuggestion>,
        Vec<crate::model::RelationSuggestion>,
    ),
    /// Where the document came from, when the file says (Gloss JSONL).
    pub source: Option<String>,
    /// The file the document was read from, when it is not the imported
    /// path itself (one file of a brat or HF folder), for errors.
    pub file: Option<PathBuf>,
    /// Line (or record) of the file, for errors.
    pub line: usize,
}

/// Everything read from a dataset file: the documents and what the file held
/// that Gloss does not import, counted by kind and reason.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dataset {
    /// The documents.
    pub documents: Vec<Incoming>,
    /// What was not imported and why -> how many.
    pub skipped: BTreeMap<String, usize>,
    /// Facts about how the file was read (offset unit, guessed columns).
    pub notes: Vec<String>,
}

impl Dataset {
    /// Counts `n` skipped things of one kind.
    pub fn skip(&mut self, what: impl Into<String>, n: usize) {
        if n > 0 {
            *self.skipped.entry(what.into()).or_default() += n;
        }
    }
}

impl From<Vec<Incoming>> for Dataset {
    fn from(documents: Vec<Incoming>) -> Self {
        Self {
            documents,
            ..Default::default()
        }
    }
}

/// Names the JSON type of a value, for messages.
pub fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Keeps a JSON `meta` object in [`Meta`]: `date`, `url`, `author` strings
/// in their fields, every other key (but `skip`) as JSON text in `extra`.
pub fn meta_from_json(meta: Option<&serde_json::Value>, skip: &[&str]) -> Meta {
    let mut out = Meta::default();
    let Some(obj) = meta.and_then(serde_json::Value::as_object) else {
        return out;
    };
    for (k, v) in obj {
        if skip.contains(&k.as_str()) {
            continue;
        }
        match (k.as_str(), v.as_str()) {
            ("date", Some(s)) => out.date = Some(s.to_owned()),
            ("url", Some(s)) => out.url = Some(s.to_owned()),
            ("author", Some(s)) => out.author = Some(s.to_owned()),
            _ => {
                out.extra.insert(k.clone(), v.to_string());
            }
        }
    }
    out
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
    if given.is_none() {
        refuse_other_unit(path, line, text, (start, end), (s, e), unit, what)?;
    }
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

/// Whether char offset `c` of `chars` is at a word boundary (not between
/// two letters or digits).
fn at_word_boundary(chars: &[char], c: usize) -> bool {
    match (c.checked_sub(1).and_then(|p| chars.get(p)), chars.get(c)) {
        (Some(a), Some(b)) => !(a.is_alphanumeric() && b.is_alphanumeric()),
        _ => true,
    }
}

/// Refuses offsets that are in range but in the wrong unit: on a text with
/// astral characters (emoji), when the span cuts words under `unit` but
/// falls on word boundaries under the other of chars / UTF-16.
fn refuse_other_unit(
    path: &Path,
    line: usize,
    text: &str,
    raw: (usize, usize),
    got: (usize, usize),
    unit: OffsetUnit,
    what: &str,
) -> Result<(), FormatError> {
    let other = match unit {
        OffsetUnit::Chars => OffsetUnit::Utf16,
        OffsetUnit::Utf16 => OffsetUnit::Chars,
        OffsetUnit::Bytes => return Ok(()),
    };
    if !text.chars().any(|c| c.len_utf16() == 2) {
        return Ok(());
    }
    let chars: Vec<char> = text.chars().collect();
    let on_words =
        |(a, b): (usize, usize)| at_word_boundary(&chars, a) && at_word_boundary(&chars, b);
    if on_words(got) {
        return Ok(());
    }
    let (Some(a), Some(b)) = (other.to_char(text, raw.0), other.to_char(text, raw.1)) else {
        return Ok(());
    };
    if a >= b || !on_words((a, b)) {
        return Ok(());
    }
    let name = |u: OffsetUnit| match u {
        OffsetUnit::Chars => "code points",
        OffsetUnit::Utf16 => "UTF-16 code units",
        OffsetUnit::Bytes => "bytes",
    };
    let flag = |u: OffsetUnit| match u {
        OffsetUnit::Chars => "--offsets chars",
        OffsetUnit::Utf16 => "--offsets utf16",
        OffsetUnit::Bytes => "--offsets bytes",
    };
    Err(FormatError::input(
        path,
        line,
        format!(
            "{what} {}..{} read as {} covers {:?}, which cuts a word; read as {} it covers {:?}",
            raw.0,
            raw.1,
            name(unit),
            char_slice(text, got.0, got.1),
            name(other),
            char_slice(text, a, b)
        ),
        format!(
            "the text has characters outside the BMP (emoji), which count 1 as code points and 2 as UTF-16; if the file counts {}, import with {}",
            name(other),
            flag(other)
        ),
    ))
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
    /// Rejected spans kept as rejected suggestions.
    pub rejected_added: usize,
    /// Relations added.
    pub relations_added: usize,
    /// Relations already present (same type and ends).
    pub relations_already_there: usize,
    /// Relation types added with --add-labels.
    pub relation_types_added: Vec<String>,
    /// What the file held that was not imported, and why -> how many.
    pub skipped: BTreeMap<String, usize>,
    /// How the file was read.
    pub notes: Vec<String>,
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
        if self.rejected_added > 0 {
            writeln!(
                f,
                "Rejected spans kept as rejected suggestions: {}",
                self.rejected_added
            )?;
        }
        if !self.labels_added.is_empty() {
            writeln!(f, "Labels added: {}", self.labels_added.join(", "))?;
        }
        if self.relations_added + self.relations_already_there > 0 {
            writeln!(
                f,
                "Relations: {} added, {} already there",
                self.relations_added, self.relations_already_there
            )?;
        }
        if !self.relation_types_added.is_empty() {
            writeln!(
                f,
                "Relation types added: {}",
                self.relation_types_added.join(", ")
            )?;
        }
        for n in &self.notes {
            writeln!(f, "Note: {n}")?;
        }
        let skipped: usize = self.skipped.values().sum();
        writeln!(f, "Not imported: {skipped}")?;
        for (what, n) in &self.skipped {
            writeln!(f, "  {n} {what}")?;
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
        let labels = inc.spans.iter().map(|s| (s.label.as_str(), s.line)).chain(
            inc.suggestions
                .iter()
                .chain(&inc.rejected)
                .map(|s| (s.label.as_str(), inc.line)),
        );
        // One file of a folder format names itself (`d6.ann:3`).
        let file = inc.file.as_deref().unwrap_or(path);
        for (label, line) in labels {
            if scratch.label(label).is_some() {
                continue;
            }
            if !add_labels {
                return Err(FormatError::input(
                    file,
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
                    file,
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
    merge_relation_types(&mut scratch, &incoming, add_labels, path, &mut report)?;
    let mut touched = BTreeSet::new();
    // Lookups by id and by text in constant time, kept up to date as
    // documents are added: a merge is linear in the documents, not quadratic.
    let mut ids = crate::model::IdAllocator::new(&scratch);
    let mut index_of: std::collections::HashMap<String, usize> = scratch
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.clone(), i))
        .collect();
    let text_key = |t: &str| {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        t.hash(&mut h);
        h.finish()
    };
    let mut by_text_key: std::collections::HashMap<u64, Vec<usize>> =
        std::collections::HashMap::new();
    for (i, d) in scratch.documents.iter().enumerate() {
        by_text_key.entry(text_key(&d.text)).or_default().push(i);
    }
    for inc in incoming {
        let by_id = inc
            .id
            .as_deref()
            .and_then(|id| index_of.get(id).copied())
            .filter(|&i| scratch.documents[i].text == inc.text);
        let key = text_key(&inc.text);
        let by_text = || {
            by_text_key.get(&key).and_then(|v| {
                v.iter()
                    .copied()
                    .find(|&i| scratch.documents[i].text == inc.text)
            })
        };
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
                // An id that is not a safe file name becomes one (the rule
                // the loader checks lives in `model::id`).
                let wanted = inc
                    .id
                    .clone()
                    .filter(|id| crate::model::id::check_document_id(id).is_ok());
                let id = match wanted {
                    Some(id) if ids.take(&id) => id,
                    other => ids.fresh(other.as_deref().or(inc.title.as_deref()).unwrap_or("doc")),
                };
                let mut doc = Document::new(&id, &inc.text);
                if let Some(t) = &inc.title {
                    doc.title = t.clone();
                }
                doc.meta = inc.meta.clone();
                doc.status = inc.status.unwrap_or_default();
                doc.note = inc.note.clone();
                doc.source = inc
                    .source
                    .clone()
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| path.display().to_string());
                doc.layout = inc.layout.clone().filter(|l| l.fits(doc.char_len()));
                report.documents_added.push(id.clone());
                scratch.documents.push(doc);
                let i = scratch.documents.len() - 1;
                index_of.insert(id, i);
                by_text_key.entry(key).or_default().push(i);
                i
            }
        };
        let doc = &mut scratch.documents[index];
        let file = inc.file.clone().unwrap_or_else(|| path.to_owned());
        if doc.layout.is_none() {
            doc.layout = inc.layout.clone().filter(|l| l.fits(doc.char_len()));
        }
        let labels = scratch.labels.clone();
        let doc = &mut scratch.documents[index];
        let text_index = crate::text::TextIndex::new(&doc.text);
        // The span id each incoming span became (for its relations).
        let mut span_ids: Vec<Option<crate::model::SpanId>> = Vec::new();
        for s in inc.spans {
            if let Some(there) = doc
                .spans
                .iter()
                .find(|d| d.start == s.start && d.end == s.end && d.label == s.label)
            {
                span_ids.push(Some(there.id));
                report.spans_already_there += 1;
                continue;
            }
            span_ids.push(None);
            // The same rule and the same span builder and checks as every
            // edit (`edit::make_span`, `Document::check_span`).
            if let Some(c) = doc.same_label_clash(&s.label, s.start, s.end, None) {
                report.conflicts.push(format!(
                    "{}:{}: {} {}..{} overlaps {:?} in document {}",
                    file.display(),
                    s.line,
                    s.label,
                    s.start,
                    s.end,
                    c.text,
                    doc.id
                ));
                continue;
            }
            let bad = |message: String, fix: &str| FormatError::input(&file, s.line, message, fix);
            let span = crate::edit::make_span_indexed(
                doc,
                &text_index,
                s.start,
                s.end,
                &s.label,
                s.origin.clone(),
            )
            .map_err(|e| bad(e.to_string(), "correct the span's offsets"))?;
            let span = Span {
                note: s.note,
                ..span
            };
            doc.check_span(&text_index, &span, &labels, None)
                .map_err(|p| {
                    bad(
                        format!(
                            "span {}..{} {:?}: {}",
                            span.start, span.end, span.text, p.message
                        ),
                        &p.fix,
                    )
                })?;
            if let Some(last) = span_ids.last_mut() {
                *last = Some(span.id);
            }
            doc.spans.push(span);
            report.spans_added += 1;
        }
        merge_relations(
            &mut scratch,
            index,
            &span_ids,
            inc.relations,
            &file,
            &mut report,
        )?;
        let doc = &mut scratch.documents[index];
        let (open_rel, rejected_rel) = inc.relation_suggestions;
        for (list, rejected) in [(open_rel, false), (rejected_rel, true)] {
            for s in list {
                let fits = scratch_fits(&doc.text, &s);
                let target = if rejected {
                    &mut doc.rejected_relations
                } else {
                    &mut doc.relation_suggestions
                };
                if fits && !target.contains(&s) {
                    target.push(s);
                }
            }
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
        for rej in inc.rejected {
            let known = doc.rejected.iter().any(|x| {
                x.start == rej.start
                    && x.end == rej.end
                    && x.label == rej.label
                    && x.source == rej.source
            });
            if !known {
                doc.rejected.push(rej);
                report.rejected_added += 1;
            }
        }
        doc.sort_spans();
    }
    // Only the documents this import added to or created can have changed.
    let changed: BTreeSet<&str> = report
        .documents_added
        .iter()
        .chain(&report.documents_merged)
        .map(String::as_str)
        .collect();
    for d in scratch
        .documents
        .iter()
        .filter(|d| changed.contains(d.id.as_str()))
    {
        let relation_problems = d.relation_problems(&scratch.relation_types);
        if let Some(p) = d
            .problems(&scratch.labels)
            .first()
            .or(relation_problems.first())
        {
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

/// Whether a relation suggestion's ends lie in the text.
fn scratch_fits(text: &str, s: &crate::model::RelationSuggestion) -> bool {
    let len = text.chars().count();
    s.from.0 < s.from.1 && s.from.1 <= len && s.to.0 < s.to.1 && s.to.1 <= len
}

/// Relation types the incoming relations use: known ones must allow the
/// labels of their ends; unknown ones are refused, or added (allowing the
/// end labels seen) with `--add-labels`.
fn merge_relation_types(
    scratch: &mut Project,
    incoming: &[Incoming],
    add_labels: bool,
    path: &Path,
    report: &mut MergeReport,
) -> Result<(), FormatError> {
    for inc in incoming {
        let file = inc.file.as_deref().unwrap_or(path);
        for r in &inc.relations {
            let (Some(a), Some(b)) = (inc.spans.get(r.from), inc.spans.get(r.to)) else {
                return Err(FormatError::input(
                    file,
                    r.line,
                    format!(
                        "relation {} points at a span the file does not have",
                        r.label
                    ),
                    "point the relation at spans of the same document",
                ));
            };
            match scratch.relation_types.iter_mut().find(|t| t.name == r.label) {
                Some(t) if t.allows(&a.label, &b.label) => {}
                Some(t) if add_labels && report.relation_types_added.contains(&t.name) => {
                    for (list, l) in [(&mut t.from, &a.label), (&mut t.to, &b.label)] {
                        if !list.contains(l) {
                            list.push(l.clone());
                        }
                    }
                }
                Some(t) => {
                    return Err(FormatError::input(
                        file,
                        r.line,
                        format!(
                            "relation {} goes from {} to {}, but the project's type allows {}",
                            r.label,
                            a.label,
                            b.label,
                            t.signature()
                        ),
                        "allow these labels in the relation type (Project settings), or correct the file",
                    ))
                }
                None if add_labels => {
                    if r.label.is_empty() || r.label.contains(char::is_whitespace) {
                        return Err(FormatError::input(
                            file,
                            r.line,
                            format!("relation type {:?} is empty or has spaces", r.label),
                            "use a relation type name without spaces",
                        ));
                    }
                    let n = scratch.relation_types.len();
                    scratch.relation_types.push(crate::model::RelationType {
                        name: r.label.clone(),
                        color: Label::new("", n + 4).color,
                        hotkey: None,
                        from: vec![a.label.clone()],
                        to: vec![b.label.clone()],
                        description: String::new(),
                    });
                    report.relation_types_added.push(r.label.clone());
                }
                None => {
                    return Err(FormatError::input(
                        file,
                        r.line,
                        format!(
                            "unknown relation type {:?} (the project has {})",
                            r.label,
                            scratch
                                .relation_types
                                .iter()
                                .map(|t| t.name.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        "add it to the project with --add-labels, or rename it in the file",
                    ))
                }
            }
        }
    }
    Ok(())
}

/// Adds a document's incoming relations through the edit layer; a relation
/// whose span was skipped (an overlap) is reported, never left dangling.
fn merge_relations(
    scratch: &mut Project,
    index: usize,
    span_ids: &[Option<crate::model::SpanId>],
    relations: Vec<IncomingRelation>,
    file: &Path,
    report: &mut MergeReport,
) -> Result<(), FormatError> {
    for r in relations {
        let (Some(Some(from)), Some(Some(to))) = (span_ids.get(r.from), span_ids.get(r.to)) else {
            report.conflicts.push(format!(
                "{}:{}: relation {} skipped: one of its spans was not imported (see above)",
                file.display(),
                r.line,
                r.label
            ));
            continue;
        };
        let doc = &scratch.documents[index];
        if doc
            .relations
            .iter()
            .any(|x| x.label == r.label && x.from == *from && x.to == *to)
        {
            report.relations_already_there += 1;
            continue;
        }
        let mut rel = crate::edit::relations::make_relation(doc, &r.label, *from, *to, r.origin);
        rel.note = r.note;
        let tx = crate::edit::Transaction::single(
            "Import relation",
            crate::edit::Edit::AddRelation {
                doc: doc.id.clone(),
                relation: rel,
            },
        );
        crate::edit::apply(scratch, &tx).map_err(|e| {
            FormatError::input(
                file,
                r.line,
                format!("relation {}: {e}", r.label),
                "correct the relation's ends or type",
            )
        })?;
        report.relations_added += 1;
    }
    Ok(())
}

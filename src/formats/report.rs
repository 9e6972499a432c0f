//! The export report: what was written and what was not, and why.

use super::{unit_description, ExportExtras, ExportOptions, Format};
use crate::model::{Document, Span};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A span that an export did not write (or wrote with a caveat).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// Document id.
    pub doc: String,
    /// Span id.
    pub span: u64,
    /// Its label.
    pub label: String,
    /// Its char range.
    pub range: (usize, usize),
    /// Its text.
    pub text: String,
    /// Why.
    pub reason: String,
}

impl LeftOut {
    /// A record for `span` of `doc`.
    pub fn new(doc: &Document, span: &Span, reason: impl Into<String>) -> Self {
        Self {
            doc: doc.id.clone(),
            span: span.id,
            label: span.label.clone(),
            range: (span.start, span.end),
            text: span.text.clone(),
            reason: reason.into(),
        }
    }
}

/// What an export did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExportReport {
    /// Format name and options, for the header.
    pub header: String,
    /// The format's name (`conll`).
    pub format_name: &'static str,
    /// Documents written.
    pub documents: usize,
    /// Spans in the written documents, per label.
    pub spans_in_documents: BTreeMap<String, usize>,
    /// Spans not written, with reasons.
    pub left_out: Vec<LeftOut>,
    /// Spans that start or end inside one of Gloss's tokens: the exported
    /// tokens are split there (so the span is written and aligned), but a
    /// tokenizer that does not split there (spaCy's own, at inference) will
    /// not align them.
    pub misaligned: Vec<LeftOut>,
    /// Sentence breaks dropped because a span crossed them.
    pub sentences_joined: usize,
    /// Facts about the output (where spans went, how to load it).
    pub notes: Vec<String>,
    /// Spans not exported because of `--label`.
    pub filtered_by_label: usize,
    /// Relations in the written documents (before any was left out).
    pub relations_in_documents: usize,
    /// Relations not written: "document relation id type: why".
    pub relations_left_out: Vec<String>,
    /// Relations not written because the format holds none (counted, not
    /// listed: the reason is the same for each).
    pub relations_not_held: usize,
    /// Split parts and their document counts.
    pub parts: Vec<(String, usize)>,
    /// Files written.
    pub written: Vec<PathBuf>,
}

impl ExportReport {
    /// An empty report for this export.
    pub fn new(format: Format, opts: &ExportOptions, extras: &ExportExtras) -> Self {
        let mut header = format!("Export to {}", format.name());
        if matches!(format, Format::Conll | Format::Hf) {
            header.push_str(&format!(", tags {}", opts.scheme.name()));
        }
        if format == Format::Conll {
            header.push_str(&format!(", docstart {}", extras.docstart.name()));
        }
        if format.offset_units().len() > 1 {
            header.push_str(&format!(", offsets in {}", unit_description(opts.offsets)));
        } else {
            header.push_str(match format {
                Format::Conll | Format::Hf => ", tokens (no offsets)",
                _ => ", offsets in code points (Python str indices)",
            });
        }
        if !opts.statuses.is_empty() {
            let s: Vec<_> = opts.statuses.iter().map(|s| s.name()).collect();
            header.push_str(&format!(", status {}", s.join(",")));
        }
        if !opts.labels.is_empty() {
            header.push_str(&format!(", labels {}", opts.labels.join(",")));
        }
        if let Some([a, b, c]) = opts.split {
            header.push_str(&format!(", split {a}/{b}/{c} seed {}", opts.seed));
        }
        Self {
            header,
            format_name: format.name(),
            ..Default::default()
        }
    }

    /// Records a relation of `doc` as not written, with the reason.
    pub fn leave_out_relation(
        &mut self,
        doc: &Document,
        rel: &crate::model::Relation,
        reason: &str,
    ) {
        let text = |id| doc.span(id).map(|s| s.text.clone()).unwrap_or_default();
        self.relations_left_out.push(format!(
            "{} relation {} {} {:?} -> {:?}: {reason}",
            doc.id,
            rel.id,
            rel.label,
            text(rel.from),
            text(rel.to)
        ));
    }

    /// Drops the relations of `doc` whose spans are gone (filtered by
    /// `--label`), recording each.
    pub fn drop_dangling_relations(&mut self, doc: &mut Document, reason: &str) {
        let (keep, gone): (Vec<_>, Vec<_>) = std::mem::take(&mut doc.relations)
            .into_iter()
            .partition(|r| doc.span(r.from).is_some() && doc.span(r.to).is_some());
        doc.relations = keep;
        self.relations_in_documents += gone.len();
        for r in &gone {
            self.relations_left_out.push(format!(
                "{} relation {} {}: {reason}",
                doc.id, r.id, r.label
            ));
        }
    }

    /// Counts the relations of `doc` as not written because the format
    /// holds none.
    pub fn leave_out_relations_not_held(&mut self, doc: &Document) {
        self.relations_not_held += doc.relations.len();
    }

    /// Counts a document and its spans.
    pub fn count_document(&mut self, doc: &Document) {
        self.relations_in_documents += doc.relations.len();
        self.documents += 1;
        for s in &doc.spans {
            // No label copied per span: only the first of each label.
            match self.spans_in_documents.get_mut(&s.label) {
                Some(n) => *n += 1,
                None => {
                    self.spans_in_documents.insert(s.label.clone(), 1);
                }
            }
        }
    }

    /// Adds what a per-document report (made on a worker thread, starting
    /// from `ExportReport::default()`) collected: left-out and misaligned
    /// spans, joined sentences, label-filtered spans, left-out relations
    /// and notes not given yet. Called in document order, it gives the
    /// report one pass over the documents would.
    pub fn absorb(&mut self, other: ExportReport) {
        self.left_out.extend(other.left_out);
        // Per document, so never one already here.
        self.misaligned.extend(other.misaligned);
        self.sentences_joined += other.sentences_joined;
        self.filtered_by_label += other.filtered_by_label;
        self.relations_left_out.extend(other.relations_left_out);
        self.relations_not_held += other.relations_not_held;
        for n in other.notes {
            if !self.notes.contains(&n) {
                self.notes.push(n);
            }
        }
    }

    /// Sorts the lists so the report is deterministic.
    pub fn finish(&mut self) {
        let key = |l: &LeftOut| (l.doc.clone(), l.range, l.label.clone());
        self.left_out.sort_by_key(key);
        self.misaligned.sort_by_key(key);
    }

    /// Spans written, per label.
    pub fn exported(&self) -> BTreeMap<String, usize> {
        let mut m = self.spans_in_documents.clone();
        for l in &self.left_out {
            if let Some(n) = m.get_mut(&l.label) {
                *n = n.saturating_sub(1);
            }
        }
        m
    }
}

impl std::fmt::Display for ExportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{}", self.header)?;
        writeln!(f, "Documents: {}", self.documents)?;
        for (part, n) in &self.parts {
            if !part.is_empty() {
                writeln!(f, "  {part}: {n} document(s)")?;
            }
        }
        writeln!(f, "Spans per label (written / in documents):")?;
        let exported = self.exported();
        for (label, total) in &self.spans_in_documents {
            writeln!(
                f,
                "  {label:<12} {:>6} / {total}",
                exported.get(label).copied().unwrap_or(0)
            )?;
        }
        if self.filtered_by_label > 0 {
            writeln!(
                f,
                "Not exported because of --label: {} span(s)",
                self.filtered_by_label
            )?;
        }
        writeln!(f, "Left out: {} span(s)", self.left_out.len())?;
        for l in &self.left_out {
            writeln!(
                f,
                "  {} span {} [{}] {}..{} {:?}: {}",
                l.doc, l.span, l.label, l.range.0, l.range.1, l.text, l.reason
            )?;
        }
        if self.relations_in_documents > 0 {
            writeln!(
                f,
                "Relations (written / in documents): {} / {}",
                self.relations_in_documents
                    .saturating_sub(self.relations_left_out.len() + self.relations_not_held),
                self.relations_in_documents
            )?;
            writeln!(
                f,
                "Left out: {} relation(s)",
                self.relations_left_out.len() + self.relations_not_held
            )?;
            if self.relations_not_held > 0 {
                let keeping: Vec<&str> = Format::ALL
                    .iter()
                    .filter(|f| f.holds_relations())
                    .map(|f| f.name())
                    .collect();
                writeln!(
                    f,
                    "  {} relation(s): {} has no relations (formats that keep them: {})",
                    self.relations_not_held,
                    self.format_name,
                    keeping.join(", ")
                )?;
            }
            for r in &self.relations_left_out {
                writeln!(f, "  {r}")?;
            }
        }
        if self.sentences_joined > 0 {
            writeln!(
                f,
                "Sentence breaks inside a span, not written (sentences joined): {}",
                self.sentences_joined
            )?;
        }
        if !self.misaligned.is_empty() {
            writeln!(
                f,
                "Written, with Gloss tokens split at the span boundary (the exported tokens align; a tokenizer that does not split there will not): {} span(s)",
                self.misaligned.len()
            )?;
            for l in &self.misaligned {
                writeln!(
                    f,
                    "  {} span {} [{}] {}..{} {:?}: {}",
                    l.doc, l.span, l.label, l.range.0, l.range.1, l.text, l.reason
                )?;
            }
        }
        for n in &self.notes {
            writeln!(f, "{n}")?;
        }
        Ok(())
    }
}

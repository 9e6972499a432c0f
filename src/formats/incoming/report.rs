//! What a merge did, as counts and lists, and its text for the CLI and GUI.

use std::collections::BTreeMap;

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

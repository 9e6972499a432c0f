//! Counts over a project: documents by status, spans by label and origin.
//! One computation for `gloss stats` and the GUI's document list.

use crate::model::{Project, Status};
use std::fmt;

/// Origin kinds in table order (see [`crate::model::Origin::kind`]).
pub const ORIGIN_KINDS: [&str; 5] = ["manual", "suggested", "corrected", "imported", "curated"];

/// Counts over a whole project. Labels in project order; spans with a label
/// the project lacks cannot exist (load refuses them).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stats {
    /// Project name.
    pub name: String,
    /// Number of documents.
    pub documents: usize,
    /// Documents to do, in progress, done.
    pub by_status: [usize; 3],
    /// Per label: spans by origin kind ([`ORIGIN_KINDS`] order).
    pub by_label: Vec<(String, [usize; 5])>,
    /// Open suggestions.
    pub suggestions: usize,
}

impl Stats {
    /// Counts `project`.
    pub fn of(project: &Project) -> Self {
        let mut by_label: Vec<(String, [usize; 5])> = project
            .labels
            .iter()
            .map(|l| (l.name.clone(), [0; 5]))
            .collect();
        let mut by_status = [0; 3];
        let mut suggestions = 0;
        for d in &project.documents {
            by_status[match d.status {
                Status::Todo => 0,
                Status::InProgress => 1,
                Status::Done => 2,
            }] += 1;
            suggestions += d.suggestions.len();
            for s in &d.spans {
                let kind = ORIGIN_KINDS.iter().position(|k| *k == s.origin.kind());
                let row = by_label.iter_mut().find(|(l, _)| *l == s.label);
                if let (Some(k), Some((_, counts))) = (kind, row) {
                    counts[k] += 1;
                }
            }
        }
        Self {
            name: project.name.clone(),
            documents: project.documents.len(),
            by_status,
            by_label,
            suggestions,
        }
    }

    /// Documents marked done.
    pub fn done(&self) -> usize {
        self.by_status[2]
    }
}

impl fmt::Display for Stats {
    /// The table `gloss stats` prints (deterministic).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Project {:?}: {} document(s)", self.name, self.documents)?;
        writeln!(f, "\nDocuments by status:")?;
        for (st, n) in [Status::Todo, Status::InProgress, Status::Done]
            .iter()
            .zip(self.by_status)
        {
            writeln!(f, "  {:<12}{n:>6}", st.name())?;
        }
        writeln!(f, "\nSpans by label and origin:")?;
        write!(f, "  {:<12}", "label")?;
        for k in ORIGIN_KINDS.iter().chain(&["total"]) {
            write!(f, "{k:>10}")?;
        }
        writeln!(f)?;
        let mut totals = [0; 5];
        for (_, counts) in &self.by_label {
            for (t, c) in totals.iter_mut().zip(counts) {
                *t += c;
            }
        }
        for (name, counts) in self.by_label.iter().chain([&("all".to_owned(), totals)]) {
            write!(f, "  {name:<12}")?;
            for c in counts {
                write!(f, "{c:>10}")?;
            }
            writeln!(f, "{:>10}", counts.iter().sum::<usize>())?;
        }
        Ok(())
    }
}

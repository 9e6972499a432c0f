//! Counts over a project: documents by status, spans by label and origin,
//! relations and open relation suggestions by type. One computation for
//! `gloss stats` and the GUI; the document list's per-document counts come
//! from [`DocumentCounts`].

use crate::model::{Document, Project, Status};
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
    /// Per relation type (project order): relations, open relation
    /// suggestions.
    pub by_relation: Vec<(String, [usize; 2])>,
}

/// What the document list shows for one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DocumentCounts {
    /// Spans.
    pub spans: usize,
    /// Relations.
    pub relations: usize,
    /// Open span and relation suggestions.
    pub open: usize,
}

impl From<crate::store::cache::DocFacts> for DocumentCounts {
    fn from(f: crate::store::cache::DocFacts) -> Self {
        Self {
            spans: f.spans,
            relations: f.relations,
            open: f.open,
        }
    }
}

impl DocumentCounts {
    /// Counts `doc`.
    pub fn of(doc: &Document) -> Self {
        crate::store::cache::DocFacts::of(doc).into()
    }

    /// The short form the document list shows: `spans`, then `· N rel`
    /// when there are relations, then `· N?` when suggestions are open.
    pub fn short(&self) -> String {
        let mut out = self.spans.to_string();
        if self.relations > 0 {
            out.push_str(&format!(" · {} rel", self.relations));
        }
        if self.open > 0 {
            out.push_str(&format!(" · {}?", self.open));
        }
        out
    }

    /// The long form (tooltip).
    pub fn long(&self) -> String {
        format!(
            "{} spans · {} relations · {} open suggestions",
            self.spans, self.relations, self.open
        )
    }
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
        let mut by_relation: Vec<(String, [usize; 2])> = project
            .relation_types
            .iter()
            .map(|t| (t.name.clone(), [0; 2]))
            .collect();
        let mut count_relation = |name: &str, k: usize| {
            if let Some((_, counts)) = by_relation.iter_mut().find(|(n, _)| n == name) {
                counts[k] += 1;
            }
        };
        for d in &project.documents {
            for r in &d.relations {
                count_relation(&r.label, 0);
            }
            for r in &d.relation_suggestions {
                count_relation(&r.label, 1);
            }
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
            by_relation,
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
        if self.by_relation.is_empty() {
            return Ok(());
        }
        writeln!(f, "\nRelations by type:")?;
        writeln!(f, "  {:<12}{:>10}{:>10}", "type", "relations", "open")?;
        let mut totals = [0; 2];
        for (_, counts) in &self.by_relation {
            totals[0] += counts[0];
            totals[1] += counts[1];
        }
        for (name, [n, open]) in self.by_relation.iter().chain([&("all".to_owned(), totals)]) {
            writeln!(f, "  {name:<12}{n:>10}{open:>10}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{default_labels, Origin, Relation, RelationSuggestion};

    /// Two documents: the first with two `holds` and one open
    /// `reported-by` suggestion, the second with one `holds` and a relation
    /// of a type the project lacks (not counted; load would refuse it).
    fn project() -> Project {
        let labels = default_labels();
        let mut p = Project::new("p", labels);
        let rel = |id, label: &str| Relation {
            id,
            label: label.into(),
            from: 1,
            to: 2,
            origin: Origin::Manual,
            note: String::new(),
        };
        let mut a = Document::new("a", "x");
        a.relations = vec![rel(1, "holds"), rel(2, "holds")];
        a.relation_suggestions = vec![RelationSuggestion {
            label: "reported-by".into(),
            from: (0, 1, "metric".into()),
            to: (2, 3, "person".into()),
            source: "rules-vi".into(),
            score: 0.7,
        }];
        let mut b = Document::new("b", "y");
        b.relations = vec![rel(1, "holds"), rel(2, "unknown")];
        p.documents = vec![a, b];
        p
    }

    #[test]
    fn relations_are_counted_by_type_with_open_suggestions() {
        let st = Stats::of(&project());
        assert_eq!(
            st.by_relation,
            [
                ("holds".to_owned(), [3, 0]),
                ("reported-by".to_owned(), [0, 1])
            ]
        );
        let table = st.to_string();
        assert!(table.contains("Relations by type:"), "{table}");
        // The last line of that name: the relations table comes last.
        let line = |name: &str| {
            table
                .lines()
                .rev()
                .find(|l| l.trim_start().starts_with(name))
                .map(|l| l.split_whitespace().collect::<Vec<_>>())
                .unwrap_or_default()
        };
        assert_eq!(line("holds"), ["holds", "3", "0"]);
        assert_eq!(line("reported-by"), ["reported-by", "0", "1"]);
        assert_eq!(line("all")[..], ["all", "3", "1"]);
    }

    #[test]
    fn document_counts_for_the_list() {
        let p = project();
        let a = DocumentCounts::of(&p.documents[0]);
        assert_eq!(
            a,
            DocumentCounts {
                spans: 0,
                relations: 2,
                open: 1
            }
        );
        assert_eq!(a.short(), "0 · 2 rel · 1?");
        assert_eq!(a.long(), "0 spans · 2 relations · 1 open suggestions");
        let empty = DocumentCounts::of(&Document::new("c", "z"));
        assert_eq!(empty.short(), "0");
    }
}

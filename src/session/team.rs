//! Team operations of an open project: assigning documents, agreement over
//! the annotators' layers, merging them into the gold layer, and the
//! curation candidates of a document. The curator's operations (assign,
//! merge) are refused for a session opened as an annotator.

use super::{Notice, Session, SessionError};
use crate::edit::{Edit, Transaction};
use crate::store::layers;
use crate::team::{agree, assign, merge, Layers};

impl Session {
    /// The annotator whose layer is open, if any.
    pub fn annotator(&self) -> Option<&str> {
        self.workspace.annotator()
    }

    /// Every annotator's layers of the documents read so far (all, unless
    /// the project was opened index first), read from disk now (problems
    /// name the file, the span and the fix).
    pub fn layers(&self) -> Result<Layers, SessionError> {
        let ws = &self.workspace;
        layers::load_layers_of(ws.root(), &ws.project, &|id| ws.is_loaded(id))
            .map_err(|e| SessionError::Input(e.to_string()))
    }

    /// Agreement between the annotators' layers.
    pub fn agreement(&self, options: &agree::Options) -> Result<agree::Report, SessionError> {
        Ok(agree::agreement(
            &self.workspace.project,
            &self.layers()?,
            options,
        ))
    }

    fn refuse_annotator(&self, what: &str) -> Result<(), SessionError> {
        match self.annotator() {
            Some(a) => Err(SessionError::Input(format!(
                "{what} is for the curator, and this project is open as annotator {a:?}: open it without --annotator"
            ))),
            None => Ok(()),
        }
    }

    /// Declares the annotators (added to those already declared) and assigns
    /// every document to one of them, `overlap` percent to two (see
    /// [`assign::assign`]); one undo step.
    pub fn assign(
        &mut self,
        annotators: &[String],
        overlap: u32,
        seed: u64,
    ) -> Result<Notice, SessionError> {
        self.refuse_annotator("assigning documents")?;
        if annotators.is_empty() {
            return Err(SessionError::Input(
                "no annotators given; name them, e.g. --annotators an,binh".into(),
            ));
        }
        if overlap > 100 {
            return Err(SessionError::Input(format!(
                "--overlap {overlap} is not a percentage; give 0 to 100"
            )));
        }
        for a in annotators {
            crate::model::id::check_annotator_name(a)
                .map_err(|e| SessionError::Input(format!("{e}; choose e.g. {:?}", e.suggestion)))?;
        }
        let project = &self.workspace.project;
        let mut names: Vec<String> = project.annotators.clone();
        names.extend(annotators.iter().cloned());
        names.sort();
        names.dedup();
        let ids: Vec<String> = project.documents.iter().map(|d| d.id.clone()).collect();
        let mut chosen: Vec<String> = annotators.to_vec();
        chosen.sort();
        chosen.dedup();
        let assignments = assign::assign(&ids, &chosen, overlap, seed);
        let shared = assignments.values().filter(|v| v.len() > 1).count();
        let tx = Transaction::single(
            "Assign documents",
            Edit::SetTeam {
                before: (project.annotators.clone(), project.assignments.clone()),
                after: (names, assignments),
            },
        );
        let n = ids.len();
        let sel = self.selection.clone();
        self.edit(tx, sel)
            .map_err(|e| SessionError::Input(e.text().to_owned()))?;
        Ok(Notice::Done(format!(
            "Assigned {n} documents to {}; {shared} of them to two annotators (overlap)",
            chosen.join(", ")
        )))
    }

    /// Pre-fills the gold layer with the spans the annotators agree on; one
    /// undo step.
    pub fn merge_layers(
        &mut self,
        strategy: merge::Strategy,
    ) -> Result<merge::MergePlan, SessionError> {
        self.refuse_annotator("merging layers")?;
        self.load_all()
            .map_err(|n| SessionError::Input(n.text().to_owned()))?;
        let plan = merge::plan(&self.workspace.project, &self.layers()?, strategy);
        if !plan.tx.is_empty() {
            let sel = self.selection.clone();
            self.edit(plan.tx.clone(), sel)
                .map_err(|e| SessionError::Input(e.text().to_owned()))?;
        }
        Ok(plan)
    }

    /// [`Self::merge_layers`] as the GUI reports it: how many spans went
    /// into how many documents, and how many documents were skipped.
    pub fn merge_agreed(&mut self, strategy: merge::Strategy) -> Notice {
        match self.merge_layers(strategy) {
            Ok(plan) => {
                let added: usize = plan.merged.iter().map(|(_, n)| n).sum();
                let skipped = if plan.skipped.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; {} skipped (first: {}: {})",
                        plan.skipped.len(),
                        plan.skipped[0].0,
                        plan.skipped[0].1
                    )
                };
                let text = format!(
                    "Merged {added} agreed span(s) into the gold layer of {} document(s){skipped} (Ctrl+Z undoes it)",
                    plan.merged.len()
                );
                if added == 0 {
                    Notice::Refused(text)
                } else {
                    Notice::Done(text)
                }
            }
            Err(e) => Notice::Refused(super::error_text(&e)),
        }
    }

    /// The documents assigned to the open annotator (all documents for the
    /// curator or when nothing is assigned): indices into the document list.
    pub fn my_documents(&self) -> Vec<usize> {
        let project = &self.workspace.project;
        match self.annotator() {
            Some(a) if !project.assignments.is_empty() => project
                .documents
                .iter()
                .enumerate()
                .filter(|(_, d)| {
                    project
                        .assignments
                        .get(&d.id)
                        .is_some_and(|v| v.iter().any(|x| x == a))
                })
                .map(|(i, _)| i)
                .collect(),
            _ => (0..project.documents.len()).collect(),
        }
    }
}

//! `models/tagger.ron`: what a model was trained on, how long it took and
//! how well it did on documents it did not see. Written next to the model;
//! only informative (the model file itself carries its feature version).

use super::policy::LabelLead;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Strict scores on the held-out fifth of the done documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeldOut {
    /// Documents scored.
    pub documents: usize,
    /// Strict F1 of the model per label.
    pub label_f1: BTreeMap<String, f64>,
    /// Strict micro-F1 of the model.
    pub micro_f1: f64,
    /// Strict micro-F1 of `rules-vi` on the same documents.
    pub rules_vi_micro_f1: f64,
}

/// The record of one training.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelRecord {
    /// Feature set version (see `suggest::model::FEATURE_VERSION`).
    pub feature_version: u32,
    /// Labels the model tags.
    pub labels: Vec<String>,
    /// Done documents trained on.
    pub documents: usize,
    /// Their ids.
    pub document_ids: Vec<String>,
    /// Starter articles trained on besides them (`suggest::model::starter`).
    #[serde(default)]
    pub starter_documents: usize,
    /// Trained without the starter on purpose (`gloss train --no-starter`,
    /// or a library caller's default); the GUI's retraining keeps this.
    #[serde(default)]
    pub no_starter: bool,
    /// Spans learned from.
    pub spans: usize,
    /// Tokens read.
    pub tokens: usize,
    /// Features with a weight.
    pub features: usize,
    /// Passes over the data.
    pub epochs: u32,
    /// Seed of the sentence order.
    pub seed: u64,
    /// Wall time of the training (both trainings when held out), seconds.
    pub seconds: f64,
    /// Scores on held-out documents (five or more done documents).
    pub held_out: Option<HeldOut>,
    /// Who leads each label in `all`, learned by cross-validation (five or
    /// more done documents; otherwise the rules lead every label).
    #[serde(default)]
    pub leads: Option<Vec<LabelLead>>,
    /// Warnings about the data.
    pub notes: Vec<String>,
}

impl ModelRecord {
    /// `N done document(s)`, with ` and M starter article(s)` when any.
    pub fn trained_on(&self) -> String {
        let mut s = format!("{} done document(s)", self.documents);
        if self.starter_documents > 0 {
            s.push_str(&format!(
                " and {} starter article(s)",
                self.starter_documents
            ));
        }
        s
    }
}

impl std::fmt::Display for ModelRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "trained on {}, {} span(s), {} token(s) in {:.2} s ({} features, {} epochs, seed {})",
            self.trained_on(),
            self.spans,
            self.tokens,
            self.seconds,
            self.features,
            self.epochs,
            self.seed
        )?;
        if let Some(h) = &self.held_out {
            write!(
                f,
                "\nheld out {} document(s): strict micro-F1 {:.3} (rules-vi {:.3});",
                h.documents, h.micro_f1, h.rules_vi_micro_f1
            )?;
            for (l, v) in &h.label_f1 {
                write!(f, " {l} {v:.3}")?;
            }
        }
        match &self.leads {
            Some(leads) => {
                write!(
                    f,
                    "\npolicy of `all`, by 5-fold cross-validation over {} (strict F1):",
                    self.trained_on()
                )?;
                for l in leads {
                    write!(f, "\n  {l}")?;
                }
            }
            None => write!(
                f,
                "\npolicy of `all`: the rules lead every label (the model leads a label once cross-validation over 5 or more done documents shows it better there)"
            )?,
        }
        for n in &self.notes {
            write!(f, "\nnote: {n}")?;
        }
        Ok(())
    }
}

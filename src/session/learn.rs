//! Learning from the editor: train the tagger on the documents marked done,
//! keep it for the suggestions that follow, and rank the documents still to
//! do by how unsure the model is about them.
//!
//! The model lives in `models/` under the project folder (see
//! [`crate::suggest::model`]) and is loaded on first use. For training off
//! the UI thread: take a [`Trainer`] (a snapshot of the project), run it on a
//! worker, and hand the result to [`Session::install_model`].

use super::{Session, SessionError};
use crate::model::{Project, Status};
use crate::suggest::model::{self, ModelError, ModelRecord, Tagger, TrainOptions, Trained};
use crate::suggest::{rules_vi, Dictionary, Engine, Extractors};
use std::sync::Arc;

/// The session's tagger: not looked for yet, absent, loaded or trained.
#[derive(Debug, Default, Clone)]
pub struct ModelState {
    looked: bool,
    tagger: Option<Arc<Tagger>>,
    record: Option<ModelRecord>,
}

impl ModelState {
    /// The tagger, when one is loaded or trained.
    pub fn tagger(&self) -> Option<&Arc<Tagger>> {
        self.tagger.as_ref()
    }

    /// The record of the current tagger (documents, held-out scores), for a
    /// status bar.
    pub fn record(&self) -> Option<&ModelRecord> {
        self.record.as_ref()
    }
}

/// A training job on a snapshot of the project: `Send`, so it can run on a
/// worker thread while the editor goes on.
#[derive(Debug, Clone)]
pub struct Trainer {
    project: Project,
    options: TrainOptions,
}

impl Trainer {
    /// A job training on `project` (a clone the caller no longer edits).
    pub fn new(project: Project, options: TrainOptions) -> Self {
        Trainer { project, options }
    }

    /// Trains; the model is returned, not saved (see [`Session::install_model`]).
    pub fn run(self) -> Result<Trained, ModelError> {
        model::train(&self.project, &self.options)
    }
}

/// How unsure `tagger` is about each of `ids` (mean over sentences of
/// `1 - P(best tag path)`), most unsure first; ties in id order.
pub fn uncertainties(project: &Project, tagger: &Tagger, ids: &[String]) -> Vec<(String, f64)> {
    let dict = Dictionary::learn(project);
    let mut out: Vec<(String, f64)> = ids
        .iter()
        .filter_map(|id| project.document(id))
        .map(|d| {
            let a = tagger.analyse(d, &rules_vi(d), &dict.suggest(d));
            (d.id.clone(), a.uncertainty())
        })
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

impl Session {
    /// A training job on a snapshot of the project, for a worker thread.
    /// The done documents are read first (one that does not load is left
    /// out: it is blocked until its file is fixed).
    pub fn trainer(&mut self, options: TrainOptions) -> Trainer {
        let done: Vec<String> = self
            .workspace
            .project
            .documents
            .iter()
            .filter(|d| d.status == Status::Done)
            .map(|d| d.id.clone())
            .collect();
        self.workspace.load(&done);
        let ws = &self.workspace;
        let mut project = ws.project.clone();
        project.documents.retain(|d| ws.is_loaded(&d.id));
        Trainer::new(project, options)
    }

    /// Trains on the done documents with the default options, saves the
    /// model under `models/` and uses it from now on.
    pub fn train(&mut self) -> Result<ModelRecord, SessionError> {
        self.train_with(TrainOptions::default())
    }

    /// [`Session::train`] with options.
    pub fn train_with(&mut self, options: TrainOptions) -> Result<ModelRecord, SessionError> {
        let trained = self.trainer(options).run()?;
        self.install_model(trained)
    }

    /// Saves a trained model (from a [`Trainer`]) under `models/` and uses
    /// it from now on; returns its record.
    pub fn install_model(&mut self, trained: Trained) -> Result<ModelRecord, SessionError> {
        model::save(self.workspace.root(), &trained)?;
        let record = trained.record.clone();
        self.model = ModelState {
            looked: true,
            tagger: Some(Arc::new(trained.tagger)),
            record: Some(trained.record),
        };
        Ok(record)
    }

    /// The project's tagger, loaded from `models/` on first use; `None`
    /// when none was trained yet. A damaged or outdated file is an error
    /// naming the file and the fix (retrain).
    pub fn tagger(&mut self) -> Result<Option<Arc<Tagger>>, SessionError> {
        if !self.model.looked {
            let root = self.workspace.root().to_path_buf();
            let tagger = model::load(&root)?;
            self.model = ModelState {
                looked: true,
                record: tagger.as_ref().and_then(|_| model::load_record(&root)),
                tagger: tagger.map(Arc::new),
            };
        }
        Ok(self.model.tagger.clone())
    }

    /// Reads the record of the project's model (a small RON file; the
    /// weights stay on disk until first use), so a window can show the
    /// model's state as soon as the project opens. Nothing when no model
    /// file is there or a model is already loaded.
    pub fn read_model_record(&mut self) {
        if self.model.looked || self.model.record.is_some() {
            return;
        }
        let root = self.workspace.root();
        if model::model_path(root).is_file() {
            self.model.record = model::load_record(root);
        }
    }

    /// Forgets the loaded model, so the next use reads `models/` again
    /// (after `gloss train` ran beside an open window).
    pub fn reload_model(&mut self) {
        self.model = ModelState::default();
    }

    /// Extractors for `engines`, with the project's tagger when `engines`
    /// has [`Engine::Model`]. Only the model asked for alone and missing is
    /// an error; in `all` a missing model leaves rules and dictionary.
    pub fn extractors(&mut self, engines: &[Engine]) -> Result<Extractors, SessionError> {
        let tagger = if engines.contains(&Engine::Model) {
            self.tagger()?
        } else {
            None
        };
        if tagger.is_none() && engines == [Engine::Model] {
            return Err(ModelError::Missing(model::model_path(self.workspace.root())).into());
        }
        Ok(Extractors::with_tagger(
            &self.workspace.project,
            engines,
            tagger,
        ))
    }

    /// The documents not yet done, most uncertain first (by the project's
    /// tagger); `None` without a model (keep file order then).
    pub fn uncertainty_order(&mut self) -> Result<Option<Vec<(String, f64)>>, SessionError> {
        let Some(tagger) = self.tagger()? else {
            return Ok(None);
        };
        let ids: Vec<String> = self
            .workspace
            .project
            .documents
            .iter()
            .filter(|d| d.status != Status::Done)
            .map(|d| d.id.clone())
            .collect();
        self.load(&ids)
            .map_err(|n| SessionError::Input(n.text().to_owned()))?;
        let project = &self.workspace.project;
        Ok(Some(uncertainties(project, &tagger, &ids)))
    }

    /// Document indices for a list ordered by the model's uncertainty: the
    /// documents not done, least confident first, then the done ones in
    /// file order. `None` without a model.
    pub fn uncertainty_rows(&mut self) -> Result<Option<Vec<usize>>, SessionError> {
        let Some(order) = self.uncertainty_order()? else {
            return Ok(None);
        };
        let project = &self.workspace.project;
        let index: std::collections::HashMap<&str, usize> = project
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect();
        let mut rows: Vec<usize> = order
            .iter()
            .filter_map(|(id, _)| index.get(id.as_str()).copied())
            .collect();
        rows.extend(
            project
                .documents
                .iter()
                .enumerate()
                .filter(|(_, d)| d.status == Status::Done)
                .map(|(i, _)| i),
        );
        Ok(Some(rows))
    }
}

//! The model in the loop: after a document is marked done, the project's
//! tagger retrains on a worker thread (the window never waits), the new model
//! is saved and used by the next Suggest, and the status bar says what the
//! model knows. A training started while another runs is queued, not lost.

use super::app::GlossApp;
use crate::suggest::model::{ModelError, Starter, TrainOptions, Trained};
use std::sync::mpsc::{channel, Receiver, TryRecvError};

/// A training running on a worker thread.
pub struct Training {
    result: Receiver<Result<Trained, ModelError>>,
    /// Another training was asked for meanwhile (more documents done).
    pub again: bool,
}

impl GlossApp {
    /// Starts training on a snapshot of the project (or queues one).
    pub(super) fn retrain(&mut self) {
        if let Some(t) = self.training.as_mut() {
            t.again = true;
            return;
        }
        let Some(s) = self.session.as_mut() else {
            return;
        };
        let done = s
            .workspace
            .project
            .documents
            .iter()
            .filter(|d| d.status == crate::model::Status::Done)
            .count();
        if done == 0 || s.workspace.read_only().is_some() {
            return;
        }
        // The bundled starter articles, unless the current model was
        // trained without them on purpose (`gloss train --no-starter`),
        // as its record says (read even when its model file is damaged).
        let starter = match crate::suggest::model::load_record(s.workspace.root()) {
            Some(r) if r.no_starter => Starter::Off,
            _ => Starter::Bundled,
        };
        let trainer = s.trainer(TrainOptions {
            held_out: done >= 5,
            starter,
            ..Default::default()
        });
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            // The window may be gone by the time training ends.
            let _ = tx.send(trainer.run());
        });
        self.training = Some(Training {
            result: rx,
            again: false,
        });
    }

    /// Per frame: installs a finished model (and starts the queued training).
    pub(super) fn poll_training(&mut self, ctx: &egui::Context) {
        let Some(t) = self.training.as_ref() else {
            return;
        };
        let result = match t.result.try_recv() {
            Ok(r) => r,
            Err(TryRecvError::Empty) => {
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
                return;
            }
            Err(TryRecvError::Disconnected) => Err(ModelError::NothingToLearn(
                "the training stopped without a result".into(),
            )),
        };
        let again = self.training.take().is_some_and(|t| t.again);
        let installed = match (result, self.session.as_mut()) {
            (Ok(trained), Some(s)) => s
                .install_model(trained)
                .map_err(|e| crate::session::error_text(&e)),
            (Err(e), _) => Err(crate::session::error_text(&e)),
            (Ok(_), None) => return,
        };
        match installed {
            Ok(record) => self.say(format!(
                "Model retrained on {}; the next Suggest uses it",
                record.trained_on()
            )),
            Err(e) => self.warn(format!("Model not retrained: {e}")),
        }
        if self.doc_list.ordered() {
            self.apply_uncertainty_order(false);
        }
        if again {
            self.retrain();
        }
    }

    /// The model's state for the status bar.
    pub(super) fn model_status(&self) -> Option<String> {
        if self.training.is_some() {
            return Some("Model: training…".into());
        }
        let record = self.session.as_ref()?.model.record()?;
        let starter = if record.starter_documents > 0 {
            format!(" + {} starter", record.starter_documents)
        } else {
            String::new()
        };
        Some(match &record.held_out {
            Some(h) => format!(
                "Model: {} docs{starter}, F1 {:.2}",
                record.documents, h.micro_f1
            ),
            None => format!("Model: {} docs{starter}", record.documents),
        })
    }

    /// The ids of the documents in the list, top to bottom, as last drawn.
    pub fn listed_documents(&self) -> Vec<String> {
        let Some(s) = self.session.as_ref() else {
            return Vec::new();
        };
        self.doc_list
            .rows()
            .iter()
            .filter_map(|&i| s.workspace.project.documents.get(i))
            .map(|d| d.id.clone())
            .collect()
    }

    /// Turns the uncertainty order of the document list on (computed with
    /// the current model) or off.
    pub(super) fn toggle_uncertainty_order(&mut self) {
        if self.doc_list.ordered() {
            self.doc_list.set_order(None);
            self.say("Documents in file order".to_owned());
            return;
        }
        self.apply_uncertainty_order(true);
    }

    /// Recomputes the uncertainty order (after a retraining, when it is on).
    fn apply_uncertainty_order(&mut self, asked: bool) {
        let Some(s) = self.session.as_mut() else {
            return;
        };
        match s.uncertainty_rows() {
            Ok(Some(rows)) => {
                self.doc_list.set_order(Some(rows));
                if asked {
                    self.say(
                        "To-do documents ordered by the model's uncertainty, least confident first"
                            .to_owned(),
                    );
                }
            }
            Ok(None) => self.warn(
                "No model yet: mark documents done (the model retrains) or run gloss train"
                    .to_owned(),
            ),
            Err(e) => self.warn(format!(
                "Could not order by uncertainty: {}",
                crate::session::error_text(&e)
            )),
        }
    }
}

/// Sorts `rows` (document indices) by their place in `order`; rows not in
/// it keep their relative order after those that are.
pub(super) fn order_rows(rows: &mut [usize], order: &[usize]) {
    let rank: std::collections::HashMap<usize, usize> =
        order.iter().enumerate().map(|(r, &i)| (i, r)).collect();
    rows.sort_by_key(|i| rank.get(i).copied().unwrap_or(usize::MAX));
}

#[cfg(test)]
mod tests {
    #[test]
    fn rows_follow_the_order_and_the_rest_keep_theirs() {
        let mut rows = vec![0, 1, 2, 3, 4];
        super::order_rows(&mut rows, &[3, 1]);
        assert_eq!(rows, [3, 1, 0, 2, 4]);
    }
}

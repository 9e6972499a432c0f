//! The find bar's list of matches in every document (Alt+A): filled while
//! a [`SearchJob`] runs on a thread, virtualized (only the rows in view
//! are laid out), stopped with Alt+S or by closing the bar; a click or
//! Alt+N opens a match.

use super::keymap::Action;
use super::Command;
use crate::model::id::visible;
use crate::session::{SearchEvent, SearchHit, SearchJob, MAX_HITS};

/// UI state of the list.
#[derive(Default)]
pub struct FoundList {
    job: Option<SearchJob>,
    /// The query searched.
    query: String,
    hits: Vec<SearchHit>,
    /// Documents whose file does not load (not searched).
    unreadable: Vec<String>,
    /// Documents searched, and in all, when the search ended.
    ended: Option<(usize, usize)>,
    /// The match opened last (Alt+N goes on from it).
    current: Option<usize>,
}

impl FoundList {
    /// Shows the matches of a new search (the last one stops).
    pub fn start(&mut self, job: SearchJob, query: &str) {
        self.stop();
        *self = Self {
            job: Some(job),
            query: query.to_owned(),
            ..Default::default()
        };
    }

    /// Stops the search; the matches found so far stay.
    pub fn stop(&mut self) {
        if let Some(job) = self.job.take() {
            job.cancel();
            self.ended = Some(job.progress());
        }
    }

    /// Whether a search runs.
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// The matches found.
    pub fn hits(&self) -> &[SearchHit] {
        &self.hits
    }

    /// Whether there is anything to show.
    pub fn is_empty(&self) -> bool {
        self.job.is_none() && self.ended.is_none()
    }

    /// The command opening the next match (wrapping around).
    pub fn next(&mut self) -> Option<Command> {
        if self.hits.is_empty() {
            return None;
        }
        let i = self.current.map_or(0, |c| (c + 1) % self.hits.len());
        self.current = Some(i);
        Some(open(&self.hits[i]))
    }

    fn poll(&mut self) {
        let Some(job) = &self.job else {
            return;
        };
        for e in job.poll() {
            match e {
                SearchEvent::Hits(h) => self.hits.extend(h),
                SearchEvent::Unreadable(id) => self.unreadable.push(id),
                SearchEvent::Finished => {
                    self.ended = Some(job.progress());
                    self.job = None;
                    break;
                }
            }
        }
    }

    /// Draws the list (when there is one); returns the match to open.
    pub fn ui(&mut self, ui: &mut egui::Ui) -> Option<Command> {
        self.poll();
        if self.is_empty() {
            return None;
        }
        let docs = {
            let mut ids: Vec<&str> = self.hits.iter().map(|h| h.id.as_str()).collect();
            ids.dedup();
            ids.len()
        };
        let mut state = format!(
            "{} match(es) of {:?} in {docs} document(s)",
            self.hits.len(),
            self.query
        );
        match (&self.job, self.ended) {
            (Some(job), _) => {
                let (done, total) = job.progress();
                state.push_str(&format!(
                    " · searching {done} / {total} ({} to stop)",
                    Action::StopFinding.shortcut_text()
                ));
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(50));
            }
            (None, Some((done, total))) if done < total && self.hits.len() < MAX_HITS => {
                state.push_str(&format!(" · stopped after {done} / {total}"));
            }
            (None, _) if self.hits.len() >= MAX_HITS => {
                state.push_str(&format!(" · the first {MAX_HITS} only"));
            }
            _ => {}
        }
        if !self.unreadable.is_empty() {
            state.push_str(&format!(
                " · {} document(s) did not load (first: {})",
                self.unreadable.len(),
                self.unreadable[0]
            ));
        }
        ui.horizontal(|ui| {
            if self.job.is_some() {
                ui.add(egui::Spinner::new());
            }
            ui.label(state);
            ui.weak(format!(
                "{} opens the next",
                Action::NextFoundDocument.shortcut_text()
            ));
        });
        let mut chosen = None;
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
        egui::ScrollArea::vertical()
            .id_salt("found-everywhere")
            .max_height(160.0)
            .auto_shrink([false, true])
            .show_rows(ui, row_height, self.hits.len(), |ui, range| {
                for i in range {
                    let h = &self.hits[i];
                    let text = format!("{} · {}", h.id, visible(&h.context));
                    let r =
                        ui.add(egui::Button::selectable(self.current == Some(i), text).truncate());
                    if r.clicked() {
                        self.current = Some(i);
                        chosen = Some(open(h));
                    }
                }
            });
        chosen
    }
}

fn open(h: &SearchHit) -> Command {
    Command::OpenMatch {
        id: h.id.clone(),
        start: h.start,
        end: h.end,
    }
}

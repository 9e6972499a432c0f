//! Whole-project work that runs on a thread with the session lent to it:
//! suggesting in every document of a project opened index first, and
//! undoing or redoing a step that touches hundreds of documents not read.
//! The session reads, changes, saves and drops the documents a chunk at a
//! time (see `store::workspace::streamed`), so the window's memory stays
//! that of one chunk on any project size.
//!
//! While the session is away the window shows how far the work is and
//! nothing else: no edit can race the thread's saves. Esc stops suggesting
//! after the chunk being done (what was done is one undo step); closing
//! waits for the session to come back. The session returns with the job's
//! notice.

use super::app::GlossApp;
use super::keymap::Action;
use crate::session::{Notice, Session};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Receiver, TryRecvError};
use std::sync::Arc;

/// From this many unread documents on, the work goes to a thread.
pub(super) const FROM: usize = 300;

/// How far the work on the thread is, shared with it.
#[derive(Default)]
pub(super) struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
    /// Set by Esc: the job stops after its chunk (when it can).
    pub stop: AtomicBool,
    /// What the job says it is doing, when it says.
    phase: std::sync::Mutex<Option<&'static str>>,
}

impl Progress {
    /// Records `done` of `total` documents.
    pub fn set(&self, done: usize, total: usize) {
        self.done.store(done, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    /// Records `done` of `total` documents in `phase`.
    pub fn set_in(&self, phase: &'static str, done: usize, total: usize) {
        if let Ok(mut p) = self.phase.lock() {
            *p = Some(phase);
        }
        self.set(done, total);
    }
}

/// The session, out on a thread.
pub(super) struct Away {
    what: &'static str,
    stoppable: bool,
    progress: Arc<Progress>,
    rx: Receiver<(Session, Notice)>,
}

/// A job run with the session on a thread.
type Job = Box<dyn FnOnce(&mut Session, &Progress) -> Notice + Send>;

impl GlossApp {
    /// Whether the session is out on a thread.
    pub fn is_away(&self) -> bool {
        self.away.is_some()
    }

    /// Sends `action` to a thread when it works on hundreds of documents
    /// not read (suggest in all documents, undo and redo of such a step);
    /// `true` when it went, or was refused with a message. An undo or redo
    /// touching fewer unread documents runs here, after the save being
    /// written.
    pub(super) fn send_away_if_big(&mut self, action: Action) -> bool {
        let Some(s) = self.session.as_ref() else {
            return false;
        };
        let ws = &s.workspace;
        let unread = match action {
            Action::SuggestAll => ws.unloaded_count(),
            Action::Undo => ws.unread_in_next(false),
            Action::Redo => ws.unread_in_next(true),
            _ => return false,
        };
        if unread == 0 || (action == Action::SuggestAll && unread < FROM) {
            return false;
        }
        if let Some(why) = ws.read_only() {
            self.warn(format!("Not done: the project is open read-only ({why})"));
            return true;
        }
        // Documents read on a thread meanwhile would be older than what
        // this writes and drops.
        if self.reading.is_some() || self.suggest_job.is_some() {
            self.warn("Still reading or suggesting; try again when it is done");
            return true;
        }
        let (what, stoppable, job): (&'static str, bool, Job) = match action {
            _ if unread < FROM => {
                // A few chunks' worth: here, once the writer is free (each
                // chunk is saved).
                self.wait_for_save();
                return false;
            }
            Action::SuggestAll => (
                "Suggesting in all documents",
                true,
                Box::new(|s, p| {
                    s.suggest_everywhere(&|phase, d, t| p.set_in(phase.text(), d, t), &p.stop)
                }),
            ),
            Action::Undo => (
                "Undoing",
                false,
                Box::new(|s, p| s.undo_reporting(&mut |d, t| p.set(d, t))),
            ),
            _ => (
                "Redoing",
                false,
                Box::new(|s, p| s.redo_reporting(&mut |d, t| p.set(d, t))),
            ),
        };
        // The thread saves as it goes: what is unsaved here goes first.
        if !self.save_now() {
            return true;
        }
        let Some(mut session) = self.session.take() else {
            return false;
        };
        let progress = Arc::new(Progress::default());
        let shared = progress.clone();
        let (tx, rx) = channel();
        let repaint = self.repaint.clone();
        std::thread::spawn(move || {
            let notice = job(&mut session, &shared);
            // The window may be gone by then.
            let _ = tx.send((session, notice));
            repaint.request_repaint();
        });
        // The last message was about something else.
        self.message = None;
        self.away = Some(Away {
            what,
            stoppable,
            progress,
            rx,
        });
        true
    }

    /// Per frame while away: takes the session back when the job is done.
    pub(super) fn poll_away(&mut self) {
        let Some(away) = self.away.as_ref() else {
            return;
        };
        let (session, notice) = match away.rx.try_recv() {
            Ok(back) => back,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => {
                // The thread ended without giving the session back (a bug):
                // what it saved is on disk; the project must be opened again.
                self.away = None;
                self.warn(
                    "The work on the project stopped unexpectedly and the project was closed; \
                     what was saved is on disk: open the project again (Ctrl+O)",
                );
                return;
            }
        };
        self.away = None;
        self.session = Some(session);
        self.notice(notice);
        if self.workspace().is_some_and(|w| w.is_dirty()) {
            self.touched();
        }
        // Files may have changed meanwhile (the window may have lost focus).
        self.check_disk();
    }

    /// On exit while away: stops the job after its chunk and takes the
    /// session back, so the last chunk is saved before the window goes.
    pub(super) fn call_back(&mut self) {
        if let Some(away) = self.away.take() {
            away.progress.stop.store(true, Ordering::Relaxed);
            if let Ok((session, _)) = away.rx.recv() {
                self.session = Some(session);
            }
        }
    }

    /// The whole window while the session is away; `true` when it is.
    pub(super) fn away_ui(&mut self, ui: &mut egui::Ui) -> bool {
        let Some(away) = self.away.as_ref() else {
            return false;
        };
        let ctx = ui.ctx().clone();
        let esc = Action::Escape.shortcut_text();
        let (done, total) = (
            away.progress.done.load(Ordering::Relaxed),
            away.progress.total.load(Ordering::Relaxed),
        );
        let stopping = away.progress.stop.load(Ordering::Relaxed);
        let mut stop = away.stoppable && ctx.input(|i| i.key_pressed(egui::Key::Escape));
        let what = away
            .progress
            .phase
            .lock()
            .ok()
            .and_then(|p| *p)
            .unwrap_or(away.what);
        let stoppable = away.stoppable;
        let message = self.message.as_ref().map(|(m, _)| m.clone());
        egui::CentralPanel::default().show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(ui.available_height() / 3.0);
                ui.heading(what);
                let fraction = if total == 0 {
                    0.0
                } else {
                    done as f32 / total as f32
                };
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .desired_width(420.0)
                        .text(format!("{done} / {total} documents")),
                );
                ui.label(
                    "Documents are read, changed and saved a chunk at a time; \
                     the project is back when this is done.",
                );
                if stopping {
                    ui.label("Stopping after this chunk…");
                } else if stoppable {
                    stop |= ui
                        .button(format!("Stop after this chunk ({esc})"))
                        .clicked();
                }
                if let Some(m) = message {
                    ui.add_space(12.0);
                    ui.label(m);
                }
            });
        });
        if stop {
            away.progress.stop.store(true, Ordering::Relaxed);
        }
        if ctx.input(|i| i.viewport().close_requested()) {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.warn(format!(
                "{what}: the window closes when it is done{}",
                if stoppable {
                    format!(" ({esc} stops it after this chunk)")
                } else {
                    String::new()
                }
            ));
        }
        ctx.request_repaint_after(std::time::Duration::from_millis(100));
        true
    }
}

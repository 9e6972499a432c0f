//! The background writer: one thread that writes saves (temp file, fsync,
//! rename) in the order they were handed over, so the UI thread only
//! serializes the touched documents and never waits for the disk, except
//! when closing or switching projects, where it must.
//!
//! Invariants: jobs are written one at a time in submission order (the
//! workspace also refuses a second save while one is out); every finished
//! job is handed back exactly once, through [`Saver::poll`] or
//! [`Saver::wait`], and asks for a repaint so the frame that takes it comes.

use crate::store::{SaveDone, SaveJob};
use std::sync::mpsc::{channel, Receiver, Sender, TryRecvError};

/// A writer thread and the jobs it has not handed back yet.
pub(super) struct Saver {
    jobs: Option<Sender<SaveJob>>,
    done: Receiver<SaveDone>,
    pending: usize,
}

impl Saver {
    /// Starts the writer; it asks `ctx` for a repaint after each job.
    pub(super) fn new(ctx: egui::Context) -> Self {
        let (jobs, incoming) = channel::<SaveJob>();
        let (finished, done) = channel();
        std::thread::Builder::new()
            .name("gloss-writer".into())
            .spawn(move || {
                for job in incoming {
                    if finished.send(job.run()).is_err() {
                        break;
                    }
                    ctx.request_repaint();
                }
            })
            .expect("the writer thread could not be started");
        Self {
            jobs: Some(jobs),
            done,
            pending: 0,
        }
    }

    /// Hands a job to the writer.
    pub(super) fn submit(&mut self, job: SaveJob) {
        self.pending += 1;
        if let Some(jobs) = &self.jobs {
            // The thread only stops when `jobs` is dropped.
            let _ = jobs.send(job);
        }
    }

    /// Whether a job is out.
    pub(super) fn is_busy(&self) -> bool {
        self.pending > 0
    }

    /// A finished job, if one is ready (never blocks).
    pub(super) fn poll(&mut self) -> Option<SaveDone> {
        if self.pending == 0 {
            return None;
        }
        match self.done.try_recv() {
            Ok(d) => {
                self.pending -= 1;
                Some(d)
            }
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => None,
        }
    }

    /// Waits for the next finished job (`None` when none is out).
    pub(super) fn wait(&mut self) -> Option<SaveDone> {
        if self.pending == 0 {
            return None;
        }
        let d = self.done.recv().ok()?;
        self.pending -= 1;
        Some(d)
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        // Closing the channel ends the thread after the job it is writing.
        self.jobs = None;
    }
}

//! Reading the documents not read yet on a thread, before a command that
//! needs every document (annotate all in the project, import, renaming or
//! deleting a label, merging, ordering by uncertainty; suggesting in all
//! documents streams them instead, see `super::away`): a project opened
//! index first stays live while thousands of files are read, the status
//! bar shows how far it is, and the command runs when they are in. Documents opened meanwhile keep what was
//! done to them.
//!
//! Annotate-all in the project scans instead: the thread reads the unread
//! documents a chunk at a time and keeps only those where the query occurs
//! (and those that fail to load, to say so); the others are dropped, so the
//! window's memory grows with the documents that match, not the project.

use super::app::GlossApp;
use super::keymap::Action;
use super::Command;
use crate::session::{may_hold, Scope};
use crate::store::{LoadProblem, LoadedBody};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Receiver};
use std::sync::Arc;

/// Files read per step (for the progress shown).
const CHUNK: usize = 500;
/// Fewer unread documents than this are read at once, on the UI thread
/// (a few milliseconds), and the command runs in the same frame.
const ON_A_THREAD_FROM: usize = 300;

type Read = Vec<(String, Result<LoadedBody, Vec<LoadProblem>>)>;

/// Documents being read on a thread, and the command waiting for them.
pub(super) struct Reading {
    then: Command,
    /// Annotate-all's query and case rule: only documents holding it kept.
    scan: Option<(String, bool)>,
    done: Arc<AtomicUsize>,
    total: usize,
    rx: Receiver<Read>,
}

/// Whether `command` works on every document of the project.
fn needs_every_document(command: &Command) -> bool {
    use Action::*;
    match command {
        Command::AnnotateAll { scope, .. } => *scope == Scope::Project,
        Command::Rename { .. } | Command::DeleteFromSchema { .. } => true,
        Command::Action(a) => matches!(
            a,
            Import | MergeUnanimous | MergeMajority | OrderByUncertainty
        ),
        _ => false,
    }
}

impl GlossApp {
    /// Starts reading the documents not read yet when `command` needs them
    /// all; `true` when it waits for that (it runs when they are in).
    pub(super) fn read_first(&mut self, command: &Command) -> bool {
        if !needs_every_document(command) {
            return false;
        }
        let Some(s) = self.session.as_ref() else {
            return false;
        };
        if s.workspace.unloaded_count() < ON_A_THREAD_FROM {
            // The session reads them itself.
            return false;
        }
        if let Some(r) = self.reading.as_mut() {
            // Already reading: the last command asked waits instead.
            if r.scan.is_some() {
                return self.say_busy();
            }
            r.then = command.clone();
            return true;
        }
        let scan = match command {
            Command::AnnotateAll {
                query,
                match_case,
                scope: Scope::Project,
                ..
            } => Some((query.clone(), *match_case)),
            _ => None,
        };
        let (reader, ids) = s.workspace.body_reader();
        let done = Arc::new(AtomicUsize::new(0));
        let (tx, rx) = channel();
        let counter = done.clone();
        let repaint = self.repaint.clone();
        let total = ids.len();
        let keep = scan.clone();
        std::thread::spawn(move || {
            let mut all = Vec::new();
            for chunk in ids.chunks(CHUNK) {
                all.extend(reader.read(chunk).into_iter().filter(|(_, body)| {
                    match (&keep, body) {
                        (Some((query, case)), Ok(b)) => may_hold(&b.document.text, query, *case),
                        _ => true,
                    }
                }));
                counter.fetch_add(chunk.len(), Ordering::Relaxed);
                repaint.request_repaint();
            }
            // The window may be gone by then.
            let _ = tx.send(all);
            repaint.request_repaint();
        });
        let what = if scan.is_some() {
            format!("Looking for it in {total} documents not read yet…")
        } else {
            format!("Reading {total} documents first…")
        };
        self.reading = Some(Reading {
            then: command.clone(),
            scan,
            done,
            total,
            rx,
        });
        self.say(what);
        true
    }

    /// A second command while annotate-all scans: not queued behind it
    /// (the scan kept only what annotate-all needs).
    fn say_busy(&mut self) -> bool {
        self.warn(
            "Still looking through the documents for annotate-all; try again when it is done",
        );
        true
    }

    /// Takes the documents read, when they are in, and runs the command
    /// that waited for them.
    pub(super) fn poll_reading(&mut self, ctx: &egui::Context) {
        let Some(r) = self.reading.as_ref() else {
            return;
        };
        let Ok(read) = r.rx.try_recv() else {
            return;
        };
        let Some(r) = self.reading.take() else {
            return;
        };
        if let Some(s) = self.session.as_mut() {
            s.workspace.accept_bodies(read);
        }
        if let (
            Some(_),
            Command::AnnotateAll {
                query,
                label,
                match_case,
                ..
            },
        ) = (&r.scan, &r.then)
        {
            // The documents not read hold no occurrence.
            if let Some(s) = self.session.as_mut() {
                let n = s.annotate_all_read(query, label, *match_case);
                self.find.report = Some(n.text().to_owned());
                self.notice(n);
            }
            return;
        }
        // Runs now, or says which documents did not load (not read again).
        self.apply_now(ctx, r.then);
    }

    /// "Reading documents d / n" while documents are read, for the status
    /// bar.
    pub(super) fn reading_progress(&self) -> Option<String> {
        let r = self.reading.as_ref()?;
        let what = if r.scan.is_some() {
            "Looking through documents"
        } else {
            "Reading documents"
        };
        Some(format!(
            "{what} {} / {}",
            r.done.load(Ordering::Relaxed),
            r.total
        ))
    }
}

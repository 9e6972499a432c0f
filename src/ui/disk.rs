//! Files changed on disk while the project is open: checked when the window
//! regains focus (every file; on a thread for big projects) and before every
//! save (the files it writes); reloads shown, and the keep mine /
//! take theirs / save mine as a copy question asked and applied.

use super::app::GlossApp;
use super::conflict::{ConflictChoice, ConflictDialog};

/// From this many documents, the look at every file on focus regain runs
/// on a thread (below, its few milliseconds are not worth the delay).
const PROBE_ON_THREAD_FROM: usize = 2_000;

impl GlossApp {
    /// Compares the open files with the disk (on focus regain): reloads
    /// what changed there, asks about what changed in both places.
    pub(super) fn check_disk(&mut self) {
        if self.is_saving() {
            // The files being written would look changed: after the save.
            self.disk_check_due = true;
            return;
        }
        let Some(s) = self.session.as_mut() else {
            return;
        };
        if s.workspace.project.documents.len() >= PROBE_ON_THREAD_FROM {
            // A look at every file: on a thread, the result taken per frame.
            let probe = s.workspace.disk_probe();
            let (tx, rx) = std::sync::mpsc::channel();
            let ctx = self.repaint.clone();
            std::thread::spawn(move || {
                if tx.send(probe.run()).is_ok() {
                    ctx.request_repaint();
                }
            });
            self.disk_probe = Some(rx);
            return;
        }
        let report = s.workspace.check_disk();
        self.after_check(report);
    }

    /// Takes the result of a disk probe running on a thread, if it is in.
    fn poll_disk_probe(&mut self) {
        let Some(rx) = &self.disk_probe else {
            return;
        };
        let found = match rx.try_recv() {
            Ok(found) => found,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Vec::new(),
        };
        self.disk_probe = None;
        if self.is_saving() {
            self.disk_check_due = true;
            return;
        }
        let Some(s) = self.session.as_mut() else {
            return;
        };
        let report = s.workspace.check_disk_found(found);
        self.after_check(report);
    }

    fn after_check(&mut self, report: crate::store::DiskReport) {
        let Some(s) = self.session.as_mut() else {
            return;
        };
        if s.workspace.conflict().is_some() {
            self.conflict_dialog = Some(ConflictDialog);
        }
        self.after_disk_check(report.messages);
    }

    /// After files were reloaded: say so, and put the editor back on a
    /// document that exists, with the view built from its new text.
    pub(super) fn after_disk_check(&mut self, messages: Vec<String>) {
        if messages.is_empty() {
            return;
        }
        self.warn(messages.join("; "));
        let Some(s) = self.session.as_mut() else {
            return;
        };
        let n = s.workspace.project.documents.len();
        let keep = s
            .current
            .map(|i| i.min(n.saturating_sub(1)))
            .filter(|_| n > 0);
        match keep {
            Some(i) => {
                let sel = s.selection.clone();
                s.open_document(i);
                if s.document().map(|d| d.id.as_str()) == sel.doc.as_deref() {
                    s.selection.caret = sel.caret.min(s.document().map_or(0, |d| d.char_len()));
                }
            }
            None => s.current = None,
        }
        s.drop_stale_selection();
        if let Some(doc) = s.document() {
            self.article.open(doc);
            self.find.refresh(Some(doc));
        }
    }

    pub(super) fn resolve_conflict(&mut self, choice: ConflictChoice) {
        self.conflict_dialog = None;
        // The answer may save: after the save being written, if one is.
        self.wait_for_save();
        let Some(s) = self.session.as_mut() else {
            return;
        };
        let ConflictChoice::Resolve(resolution) = choice else {
            return self.warn("Not saved: the files changed on disk wait for your choice (asked again at the next save)");
        };
        match s.workspace.resolve(resolution) {
            Ok(message) => {
                self.save_error = None;
                self.after_disk_check(vec![message]);
            }
            Err(e) => {
                if s.workspace.conflict().is_some() {
                    self.conflict_dialog = Some(ConflictDialog);
                }
                self.warn(crate::session::error_text(&e));
            }
        }
    }

    /// Per frame: check on focus regain, drop a settled question, show an
    /// open one and apply the answer.
    pub(super) fn disk_ui(&mut self, ctx: &egui::Context) {
        let focused = ctx.input(|i| i.focused);
        if focused && !self.was_focused {
            self.check_disk();
        }
        self.poll_disk_probe();
        self.was_focused = focused;
        let conflict = self
            .session
            .as_ref()
            .and_then(|s| s.workspace.conflict())
            .cloned();
        let Some(conflict) = conflict else {
            // Settled meanwhile (e.g. the file was changed back): stop asking.
            self.conflict_dialog = None;
            return;
        };
        let choice = self
            .conflict_dialog
            .as_mut()
            .and_then(|d| d.ui(ctx, &conflict));
        if let Some(choice) = choice {
            self.resolve_conflict(choice);
        }
    }
}

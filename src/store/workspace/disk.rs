//! What changed on disk while the project is open: files compared with
//! what was read or written (size, time, then contents), reloaded when
//! nothing is unsaved here, put to the user as a [`Conflict`] otherwise,
//! and the conflict settled (keep mine, take theirs, save mine as a copy).
//! The lock is confirmed on every look.
//!
//! Invariant: replacing documents from disk clears the undo history (its
//! edits were made against the old text); a document not read (a stub) is
//! never compared, its file is read when it is needed.

use super::*;

impl Workspace {
    /// Compares the files with what was read or written (size, time, then
    /// contents): reloads those with no unsaved changes here, and records a
    /// [`Conflict`] for the others. Also confirms the lock (a read-only
    /// workspace becomes writable when the other Gloss has closed). Call it
    /// when the window regains focus; [`Self::save`] calls it too.
    ///
    /// Does nothing while a save is being written (its files would look
    /// changed): check again after [`Self::finish_save`].
    pub fn check_disk(&mut self) -> DiskReport {
        self.check_disk_in(None, &BTreeSet::new())
    }

    /// A full disk check in two halves, so that looking at every file of
    /// a big project happens off the UI thread: run the probe anywhere,
    /// then give its result to [`Self::check_disk_found`].
    pub fn disk_probe(&self) -> super::super::DiskProbe {
        self.dir.probe(&self.project)
    }

    /// [`Self::check_disk`] for the files a [`super::super::DiskProbe`] found
    /// changed (each looked at again now: a save since the probe is not
    /// taken for someone else's change). Also confirms the lock.
    pub fn check_disk_found(&mut self, found: Vec<PathBuf>) -> DiskReport {
        let mut scope: BTreeSet<PathBuf> = found.into_iter().collect();
        // Pending questions and broken files are looked at again, so that
        // one settled meanwhile is dropped as a full check would.
        scope.extend(self.conflict.iter().flat_map(|c| c.files.iter().cloned()));
        scope.extend(self.known_bad.keys().cloned());
        self.check_disk_in(Some(&scope), &BTreeSet::new())
    }

    /// [`Self::check_disk`] for the files `scope` only (all when `None`).
    pub(super) fn check_disk_in(
        &mut self,
        scope: Option<&BTreeSet<PathBuf>>,
        always_hash: &BTreeSet<PathBuf>,
    ) -> DiskReport {
        let mut report = DiskReport::default();
        if self.saving {
            return report;
        }
        self.maintain_lock(&mut report);
        let changed = self.dir.changed_on_disk(&self.project, scope, always_hash);
        if changed.is_empty() {
            // Settled, as far as this look reached.
            let seen = |rel: &PathBuf| scope.is_none_or(|s| s.contains(rel));
            if self
                .conflict
                .as_ref()
                .is_some_and(|c| c.files.iter().all(seen))
            {
                self.conflict = None;
            }
            self.known_bad.retain(|rel, _| !seen(rel));
            return report;
        }
        let root = self.root().to_owned();
        let now: BTreeMap<PathBuf, Option<Fingerprint>> = changed
            .iter()
            .map(|rel| {
                let fp = paths::current_fingerprint(&root, rel).ok().flatten();
                (rel.clone(), fp)
            })
            .collect();
        let pending = |rel: &PathBuf| {
            self.conflict
                .as_ref()
                .is_some_and(|c| c.files.contains(rel))
        };
        if now.iter().all(|(rel, fp)| {
            self.known_bad.get(rel).is_some_and(|k| k == fp)
                && (pending(rel) || !self.dir.file_is_dirty(&self.project, rel))
        }) {
            // Still the same broken files as last time: already reported.
            return report;
        }
        match self.load_theirs(&changed) {
            Ok(theirs) => {
                self.known_bad.clear();
                self.merge(changed, theirs, &mut report);
            }
            Err(e) => {
                self.known_bad = now.clone();
                self.keep_mine_over_broken(&changed, &now, e, &mut report);
            }
        }
        report
    }

    fn maintain_lock(&mut self, report: &mut DiskReport) {
        let dirty = self.is_dirty();
        let lost = match self.access {
            Access::Writer(ref mut lock) => lock.refresh().err(),
            Access::ReadOnly(ref why) => {
                // Not with unsaved changes: those were made read-only (an
                // import), and must not be saved over the other's work.
                if !dirty && why != READING_ONLY {
                    if let (access @ Access::Writer(_), notice) =
                        Self::acquire(self.dir.root(), self.dir.annotator())
                    {
                        self.access = access;
                        report.messages.push(match notice {
                            Some(n) => format!("The project is writable now; {n}"),
                            None => {
                                "The other Gloss has closed: the project is writable now".into()
                            }
                        });
                    }
                }
                None
            }
        };
        if let Some(lost) = lost {
            report
                .messages
                .push(format!("The project is read-only now: {lost}"));
            self.access = Access::ReadOnly(lost);
        }
    }

    /// The folder no longer loads: keep the open version. Deleted files are
    /// written back at the next save (nothing is lost by that); changed files
    /// with unsaved changes here wait for "keep mine".
    fn keep_mine_over_broken(
        &mut self,
        changed: &[PathBuf],
        now: &BTreeMap<PathBuf, Option<Fingerprint>>,
        error: LoadError,
        report: &mut DiskReport,
    ) {
        let mut deleted = Vec::new();
        let mut conflicts = Vec::new();
        for rel in changed {
            let exists = now.get(rel).is_some_and(|f| f.is_some())
                || std::fs::symlink_metadata(self.root().join(rel)).is_ok();
            if !exists && self.project_has(rel) {
                deleted.push(rel.clone());
                self.dir.accept_disk(rel, None);
            } else if self.dir.file_is_dirty(&self.project, rel) {
                conflicts.push(rel.clone());
            }
        }
        let first = error
            .problems
            .first()
            .map(|p| p.to_string())
            .unwrap_or_default();
        if !deleted.is_empty() {
            let then = if self.read_only().is_none() {
                // Writing it back loses nothing; not writing it would leave
                // an index naming a missing file.
                self.structure_changed = true;
                "is written back when you save"
            } else {
                "stays open here (read-only)"
            };
            report.messages.push(format!(
                "{} was deleted on disk; the open version is kept and {then}",
                list(&deleted)
            ));
        }
        let broken: Vec<PathBuf> = changed
            .iter()
            .filter(|r| !deleted.contains(r))
            .cloned()
            .collect();
        if !broken.is_empty() {
            report.messages.push(format!(
                "{} changed on disk but the project no longer loads ({first}); the open version is kept and was not overwritten",
                list(&broken)
            ));
        }
        if !conflicts.is_empty() {
            report.conflicts = conflicts.clone();
            self.conflict = Some(Conflict {
                files: conflicts,
                theirs_invalid: Some(error.to_string()),
                theirs: None,
            });
        }
    }

    fn project_has(&self, rel: &Path) -> bool {
        rel == Path::new(PROJECT_FILE)
            || self
                .project
                .documents
                .iter()
                .any(|d| self.dir.doc_rel(&d.id) == rel)
    }

    /// Takes the changed files without unsaved changes here from `theirs`
    /// and records a conflict for the rest.
    fn merge(
        &mut self,
        changed: Vec<PathBuf>,
        (theirs, theirs_dir): (Project, ProjectDir),
        report: &mut DiskReport,
    ) {
        let index = PathBuf::from(PROJECT_FILE);
        let index_changed = changed.contains(&index);
        let theirs_ids: BTreeSet<&str> = theirs.documents.iter().map(|d| d.id.as_str()).collect();
        // Documents with unsaved changes here that their index drops.
        let dropped: Vec<PathBuf> = if index_changed {
            self.project
                .documents
                .iter()
                .filter(|d| !theirs_ids.contains(d.id.as_str()))
                .map(|d| self.dir.doc_rel(&d.id))
                .filter(|rel| self.dir.file_is_dirty(&self.project, rel))
                .collect()
        } else {
            Vec::new()
        };
        let index_conflict =
            index_changed && (self.dir.file_is_dirty(&self.project, &index) || !dropped.is_empty());
        let mut conflicts: BTreeSet<PathBuf> = dropped.into_iter().collect();
        if index_conflict {
            conflicts.insert(index.clone());
        }
        let mut taken = Vec::new();
        for rel in changed {
            if rel == index {
                if !index_conflict {
                    taken.push(rel);
                }
            } else if self.dir.file_is_dirty(&self.project, &rel) {
                conflicts.insert(rel);
            } else {
                taken.push(rel);
            }
        }
        if !taken.is_empty() {
            let replaced = self.take(&taken, &theirs, &theirs_dir);
            report.reloaded = taken.clone();
            report.messages.push(format!(
                "Reloaded {} (changed on disk){}",
                list(&taken),
                self.clear_history_note(replaced)
            ));
        }
        if conflicts.is_empty() {
            self.conflict = None;
        } else {
            let files: Vec<PathBuf> = conflicts.into_iter().collect();
            report.conflicts = files.clone();
            report.messages.push(format!(
                "{} changed on disk and here: choose keep mine, take theirs or save mine as a copy; nothing is saved until then",
                list(&files)
            ));
            self.conflict = Some(Conflict {
                files,
                theirs_invalid: None,
                theirs: Some(Box::new((theirs, theirs_dir))),
            });
        }
    }

    /// Replaces the files `taken` (documents, and the index: name, labels,
    /// document list) by their version from `theirs`; returns whether a
    /// document here changed or went (which outdates the undo history).
    fn take(&mut self, taken: &[PathBuf], theirs: &Project, theirs_dir: &ProjectDir) -> bool {
        let before: BTreeMap<String, Document> = self
            .project
            .documents
            .iter()
            .map(|d| (d.id.clone(), d.clone()))
            .collect();
        let index = Path::new(PROJECT_FILE);
        let rel_of = |id: &str| theirs_dir.doc_rel(id);
        let is_taken = |id: &str| taken.contains(&rel_of(id));
        if taken.iter().any(|r| r == index) {
            let mut mine: BTreeMap<String, Document> = std::mem::take(&mut self.project.documents)
                .into_iter()
                .map(|d| (d.id.clone(), d))
                .collect();
            self.project.name = theirs.name.clone();
            self.project.labels = theirs.labels.clone();
            // A document not read here takes the new index's entry (its
            // title and status), as does one taken or new.
            let mut stubs = std::collections::HashSet::new();
            self.project.documents = theirs
                .documents
                .iter()
                .map(|t| match mine.remove(&t.id) {
                    Some(m) if !is_taken(&t.id) && self.dir.is_loaded(&t.id) => m,
                    _ => {
                        if !theirs_dir.is_loaded(&t.id) {
                            stubs.insert(t.id.clone());
                        }
                        t.clone()
                    }
                })
                .collect();
            self.dir.set_stubs(stubs);
        } else {
            for doc in self.project.documents.iter_mut() {
                if is_taken(&doc.id) {
                    if let Some(t) = theirs.document(&doc.id) {
                        *doc = t.clone();
                    }
                }
            }
            self.project
                .documents
                .retain(|d| !is_taken(&d.id) || theirs.document(&d.id).is_some());
        }
        for rel in taken {
            self.dir.adopt(rel, theirs_dir);
        }
        self.generation += 1;
        self.touched = None;
        before
            .iter()
            .any(|(id, d)| self.project.document(id) != Some(d))
    }

    /// Clears the undo history when documents were replaced (its edits were
    /// made against the old text); returns a note for the message.
    fn clear_history_note(&mut self, replaced: bool) -> &'static str {
        if !replaced {
            return "";
        }
        let had = self.history.undo_name().is_some() || self.history.redo_name().is_some();
        // Keep `revision()` moving forward for caches keyed by it.
        self.generation += self.history.revision() + 1;
        self.touched = None;
        self.history = History::default();
        self.saved_revision = 0;
        self.structure_changed = self.dir.is_dirty(&self.project);
        self.parts_unsaved = false;
        if had {
            "; the undo history was cleared"
        } else {
            ""
        }
    }

    /// Settles the current [`Conflict`]. Keep mine writes at once; take theirs
    /// and save-a-copy reload the files and clear the undo history. Returns
    /// what was done, for the user.
    pub fn resolve(&mut self, choice: Resolution) -> Result<String, StoreError> {
        let Some(conflict) = self.conflict.take() else {
            return Ok("Nothing to resolve: no file changed on disk".into());
        };
        let result = self.resolve_with(&conflict, choice);
        if result.is_err() && self.conflict.is_none() {
            self.conflict = Some(conflict);
        }
        result
    }

    fn resolve_with(&mut self, c: &Conflict, choice: Resolution) -> Result<String, StoreError> {
        let files = list(&c.files);
        let theirs = match (&c.theirs, choice) {
            (_, Resolution::KeepMine) => None,
            (Some(t), _) => Some(t),
            (None, _) => {
                return Err(StoreError::TheirsInvalid(
                    c.theirs_invalid
                        .clone()
                        .unwrap_or_else(|| "unknown problem".into()),
                ))
            }
        };
        match (choice, theirs) {
            (Resolution::KeepMine, _) => {
                for rel in &c.files {
                    match &c.theirs {
                        // Overwrite the version that was shown as theirs: a
                        // newer one is a new conflict at the save below.
                        Some(t) => self.dir.adopt(rel, &t.1),
                        None => self.dir.accept_disk(rel, None),
                    }
                }
                self.structure_changed = true;
                self.save()?;
                Ok(format!(
                    "Kept yours: {files} written over the version on disk"
                ))
            }
            (Resolution::TakeTheirs, Some(t)) => {
                // Mine is dropped: the history that made it goes too.
                self.take(&c.files, &t.0, &t.1);
                Ok(format!(
                    "Took theirs: {files} reloaded from disk, your unsaved changes to them dropped{}",
                    self.clear_history_note(true)
                ))
            }
            (Resolution::SaveMineAsCopy, Some(t)) => {
                let stamp = super::super::clock::file_stamp(super::super::clock::unix_now());
                let mut copies = Vec::new();
                for rel in &c.files {
                    let Some(mine) = self.mine_content(rel)? else {
                        continue;
                    };
                    let copy = paths::copy_path(self.root(), rel, &stamp);
                    paths::write_inside(self.dir.root(), &copy, mine.as_bytes())?;
                    copies.push(copy);
                }
                self.take(&c.files, &t.0, &t.1);
                Ok(format!(
                    "Saved your version as {} (not part of the project; compare and copy what you need), then took theirs: {files} reloaded{}",
                    list(&copies),
                    self.clear_history_note(true)
                ))
            }
            (_, None) => Ok(String::new()),
        }
    }

    /// What this workspace would write to `rel`.
    fn mine_content(&self, rel: &Path) -> Result<Option<String>, StoreError> {
        if rel == Path::new(PROJECT_FILE) {
            return format::write_project(&self.project).map(Some);
        }
        self.project
            .documents
            .iter()
            .find(|d| self.dir.doc_rel(&d.id) == rel && self.dir.is_loaded(&d.id))
            .map(|d| self.dir.doc_content(d))
            .transpose()
    }
}

//! A save split in three so that the slow part can leave the UI thread:
//! [`super::ProjectDir`] plans it (serialized content of the files that
//! changed, each checked against the disk), a [`WriteJob`] writes it on any
//! thread (temp file, fsync, rename; documents first, the index last), and
//! the folder records what was written ([`WriteOutcome`]).
//!
//! Invariants: a job holds only files whose content differs from what was
//! last read or written and that nobody else changed on disk when it was
//! planned; a file removed by a job is removed only when it is still the
//! version Gloss knew (someone else's newer file stays); the outcome lists
//! every file that reached the disk, also when a later one failed, so the
//! folder's record never mistakes Gloss's own writes for someone else's.

use super::paths::{self, Fingerprint};
use super::{StoreError, PROJECT_FILE};
use std::path::{Path, PathBuf};

/// Files to write (serialized, checked), ready for any thread.
#[derive(Debug)]
pub struct WriteJob {
    pub(super) root: PathBuf,
    /// Document files (relative path, content), sorted.
    pub(super) docs: Vec<(PathBuf, String)>,
    /// `project.ron`, written after the documents, when it changed.
    pub(super) index: Option<String>,
    /// Files to remove after the index, with what Gloss knew of them.
    pub(super) gone: Vec<(PathBuf, Option<Fingerprint>)>,
}

/// What a [`WriteJob`] did.
#[derive(Debug)]
pub struct WriteOutcome {
    /// Files now on disk (relative path, content, fingerprint), in order.
    pub(super) written: Vec<(PathBuf, String, Fingerprint)>,
    /// Files removed.
    pub(super) removed: Vec<PathBuf>,
    /// Files the job meant to remove (removed, or kept as someone else's).
    pub(super) dropped: Vec<PathBuf>,
    /// Why the job stopped early, if it did.
    pub(super) error: Option<StoreError>,
}

/// Documents written one by one up to this many; more (an import) are
/// written together with one flush to disk.
const BATCH_FROM: usize = 9;

impl WriteJob {
    /// Whether there is nothing to write or remove.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty() && self.index.is_none() && self.gone.is_empty()
    }

    /// The files this job writes, relative to the project folder.
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.docs
            .iter()
            .map(|(p, _)| p.as_path())
            .chain(self.index.as_ref().map(|_| Path::new(PROJECT_FILE)))
    }

    /// Writes the documents (atomically; many with one flush), then the
    /// index, then removes the files no longer named. Stops at the first
    /// error, reporting what was already written.
    pub fn run(self) -> WriteOutcome {
        let mut out = WriteOutcome {
            written: Vec::new(),
            removed: Vec::new(),
            dropped: Vec::new(),
            error: None,
        };
        if let Err(e) = self.run_into(&mut out) {
            out.error = Some(e);
        }
        out
    }

    fn run_into(self, out: &mut WriteOutcome) -> Result<(), StoreError> {
        let root = self.root;
        if self.docs.len() >= BATCH_FROM {
            let batch: Vec<(PathBuf, &[u8])> = self
                .docs
                .iter()
                .map(|(rel, content)| (rel.clone(), content.as_bytes()))
                .collect();
            let fingerprints = paths::write_inside_batch(&root, &batch)?;
            for ((rel, content), fp) in self.docs.into_iter().zip(fingerprints) {
                out.written.push((rel, content, fp));
            }
        } else {
            for (rel, content) in self.docs {
                let fp = paths::write_inside(&root, &rel, content.as_bytes())?;
                out.written.push((rel, content, fp));
            }
        }
        if let Some(content) = self.index {
            let rel = PathBuf::from(PROJECT_FILE);
            let fp = paths::write_inside(&root, &rel, content.as_bytes())?;
            out.written.push((rel, content, fp));
        }
        for (rel, known) in self.gone {
            // A file someone else changed meanwhile is theirs: it stays.
            if paths::disk_matches(&root, &rel, known.as_ref(), true) {
                let path = root.join(&rel);
                match std::fs::remove_file(&path) {
                    Ok(()) => out.removed.push(rel.clone()),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(StoreError::Io(path, e)),
                }
            }
            out.dropped.push(rel);
        }
        Ok(())
    }
}

//! What each file of a project held when Gloss last read or wrote it, to
//! tell whether saving would change it: a digest per file (its length in
//! bytes and a 128-bit SipHash-1-3 of its bytes), not the text. Keeping the
//! serialization of every document read cost as much memory again as the
//! documents (about 19 KB a document of the scale bench).
//!
//! Invariant: [`Saved::matches`] is true exactly when the content given is
//! the one last recorded for that file (up to a 128-bit hash collision
//! between two serializations of one file, which no realistic project
//! meets). `project.ron` alone is kept whole as well: an annotator's
//! workspace passes it through unchanged, and the check of what changed in
//! the index reads it.

use super::PROJECT_FILE;
use siphasher::sip128::{Hasher128, SipHasher13};
use std::collections::BTreeMap;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

/// A file's content, for comparing: its length and a 128-bit hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Digest {
    len: u64,
    hash: u128,
}

impl Digest {
    /// The digest of `content`.
    pub fn of(content: &str) -> Self {
        let mut h = SipHasher13::new();
        h.write(content.as_bytes());
        Digest {
            len: content.len() as u64,
            hash: h.finish128().as_u128(),
        }
    }
}

/// Relative path -> what the file held when last read or written.
#[derive(Debug, Clone, Default)]
pub(crate) struct Saved {
    files: BTreeMap<PathBuf, Digest>,
    /// `project.ron` as last read or written.
    index: Option<String>,
}

impl Saved {
    /// Records `content` as what file `rel` holds.
    pub fn insert(&mut self, rel: PathBuf, content: String) {
        self.files.insert(rel.clone(), Digest::of(&content));
        if rel == Path::new(PROJECT_FILE) {
            self.index = Some(content);
        }
    }

    /// Records that document file `rel` holds what has digest `digest`
    /// (made where the document was read, so its serialization is dropped
    /// there).
    pub fn insert_digest(&mut self, rel: PathBuf, digest: Digest) {
        debug_assert!(rel != Path::new(PROJECT_FILE), "project.ron is kept whole");
        self.files.insert(rel, digest);
    }

    /// Forgets file `rel`.
    pub fn remove(&mut self, rel: &Path) {
        self.files.remove(rel);
        if rel == Path::new(PROJECT_FILE) {
            self.index = None;
        }
    }

    /// Whether anything is recorded for `rel`.
    pub fn contains_key(&self, rel: &Path) -> bool {
        self.files.contains_key(rel)
    }

    /// The files recorded, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &PathBuf> {
        self.files.keys()
    }

    /// Whether `content` is what `rel` was recorded to hold.
    pub fn matches(&self, rel: &Path, content: &str) -> bool {
        self.files
            .get(rel)
            .is_some_and(|d| d.len == content.len() as u64 && *d == Digest::of(content))
    }

    /// `project.ron` as last read or written.
    pub fn index(&self) -> Option<&String> {
        self.index.as_ref()
    }

    /// Takes over what `theirs` recorded for `rel` (or that it recorded
    /// nothing).
    pub fn adopt(&mut self, rel: &Path, theirs: &Saved) {
        match theirs.files.get(rel) {
            Some(d) => {
                self.files.insert(rel.to_owned(), *d);
            }
            None => {
                self.files.remove(rel);
            }
        }
        if rel == Path::new(PROJECT_FILE) {
            self.index = theirs.index.clone();
        }
    }
}

impl From<BTreeMap<PathBuf, String>> for Saved {
    fn from(files: BTreeMap<PathBuf, String>) -> Self {
        let mut saved = Saved::default();
        for (rel, content) in files {
            saved.insert(rel, content);
        }
        saved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_only_what_was_recorded() {
        let mut s = Saved::default();
        let doc = PathBuf::from("docs/a.ron");
        s.insert(doc.clone(), "(text: \"Nguyễn\")".into());
        assert!(s.matches(&doc, "(text: \"Nguyễn\")"));
        assert!(!s.matches(&doc, "(text: \"Nguyên\")"));
        assert!(!s.matches(&doc, "(text: \"Nguyễn\") "));
        assert!(!s.matches(Path::new("docs/b.ron"), "(text: \"Nguyễn\")"));
        assert_eq!(s.index(), None);
        s.insert(PathBuf::from(PROJECT_FILE), "(name: \"p\")".into());
        assert_eq!(s.index().map(String::as_str), Some("(name: \"p\")"));
        let mut other = Saved::default();
        other.adopt(&doc, &s);
        other.adopt(Path::new(PROJECT_FILE), &s);
        assert!(other.matches(&doc, "(text: \"Nguyễn\")"));
        assert_eq!(other.index(), s.index());
        s.remove(Path::new(PROJECT_FILE));
        assert_eq!(s.index(), None);
        assert_eq!(s.keys().collect::<Vec<_>>(), [&doc]);
    }
}

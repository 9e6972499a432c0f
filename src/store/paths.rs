//! Every path Gloss reads or writes for a project (or an export), built
//! from validated parts and checked to stay inside its folder; and the
//! fingerprints that tell whether a file changed since it was read.
//!
//! Invariants: a relative path is used only when every component is a plain
//! name (no root, drive, `.` or `..`); before a read or a write the deepest
//! existing part of the path is resolved (symlinks followed) and must lie
//! inside the folder, so a symlink in `docs/` leading outside is refused; a
//! file is read only when it is a regular file of at most [`MAX_FILE_BYTES`],
//! checked on the open handle before reading, so a huge file is never
//! loaded. A symlink swapped in between the check and the open (a race with
//! another local program) is not caught; hard links cannot lead writes
//! outside because writes replace the file (rename), never write through it.

#![allow(clippy::result_large_err)]

use super::format::{doc_path, ProjectFile};
use super::{LoadProblem, StoreError};
use crate::model::id;
use std::collections::BTreeMap;
use std::hash::Hasher;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::time::SystemTime;

/// Largest project or document file Gloss reads (64 MiB): far above any
/// article, far below what would exhaust memory. Bigger files are refused.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// What a file was when Gloss last read or wrote it: size, modification
/// time and inode (cheap to compare with a `stat`) and a hash of the bytes
/// (compared when the cheap part differs, and always before an overwrite).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    len: u64,
    modified: Option<SystemTime>,
    inode: u64,
    hash: u64,
}

impl Fingerprint {
    fn new(meta: &std::fs::Metadata, bytes: &[u8]) -> Self {
        Self {
            len: bytes.len() as u64,
            modified: meta.modified().ok(),
            inode: inode(meta),
            hash: hash(bytes),
        }
    }

    /// Whether `meta` shows the same size, time and inode.
    fn same_stat(&self, meta: &std::fs::Metadata) -> bool {
        self.len == meta.len() && self.modified == meta.modified().ok() && self.inode == inode(meta)
    }
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.ino()
}

#[cfg(not(unix))]
fn inode(_meta: &std::fs::Metadata) -> u64 {
    0
}

/// Fixed-key SipHash: the same bytes give the same value within one build,
/// which is all a fingerprint kept in memory needs.
fn hash(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

/// A path that may not be used.
#[derive(Debug, thiserror::Error)]
pub enum PathError {
    /// Not a plain relative path.
    #[error("{0:?} is not a plain relative path (it has a root, a drive, `.` or `..`); only names inside the folder are allowed")]
    NotRelative(PathBuf),
    /// Resolves (through a symlink) to a place outside the folder.
    #[error("{file}: leads outside the folder {root} (to {target}); Gloss reads and writes only inside it")]
    Outside {
        /// The path as built.
        file: PathBuf,
        /// The folder.
        root: PathBuf,
        /// Where it really leads.
        target: PathBuf,
    },
    /// A symlink to nothing: refused rather than guessed about.
    #[error("{file}: is a symbolic link to {target:?}, which does not exist")]
    Dangling {
        /// The path as built.
        file: PathBuf,
        /// What the link holds.
        target: PathBuf,
    },
    /// A folder, device, pipe or socket where a file was expected.
    #[error("{0}: is not a regular file")]
    NotAFile(PathBuf),
    /// Larger than [`MAX_FILE_BYTES`].
    #[error("{file}: is {len} bytes, more than Gloss reads ({limit} bytes)")]
    TooBig {
        /// The file.
        file: PathBuf,
        /// Its size.
        len: u64,
        /// The limit.
        limit: u64,
    },
    /// The file system refused.
    #[error("{0}: {1}")]
    Io(PathBuf, #[source] std::io::Error),
}

/// Refuses a relative path with anything but plain names in it.
pub fn check_relative(rel: &Path) -> Result<(), PathError> {
    let plain = rel.components().count() > 0
        && rel
            .components()
            .all(|c| matches!(c, Component::Normal(n) if !n.is_empty()));
    if plain {
        Ok(())
    } else {
        Err(PathError::NotRelative(rel.to_owned()))
    }
}

/// `root/rel`, after checking that `rel` is plain and that its deepest
/// existing part (symlinks resolved) lies inside `root`. `root` must exist.
pub fn resolve_inside(root: &Path, rel: &Path) -> Result<PathBuf, PathError> {
    check_relative(rel)?;
    let file = root.join(rel);
    let root_real = std::fs::canonicalize(root).map_err(|e| PathError::Io(root.to_owned(), e))?;
    let mut probe = file.clone();
    loop {
        match std::fs::canonicalize(&probe) {
            Ok(real) if real.starts_with(&root_real) => return Ok(file),
            Ok(real) => {
                return Err(PathError::Outside {
                    file,
                    root: root.to_owned(),
                    target: real,
                })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // A dangling symlink: say where it points rather than
                // treating it as an absent file that may be created.
                if let Ok(target) = std::fs::read_link(&probe) {
                    return Err(PathError::Dangling { file, target });
                }
                if !probe.pop() || probe == root {
                    return Ok(file);
                }
            }
            Err(e) => return Err(PathError::Io(probe, e)),
        }
    }
}

/// `out/rel` for an export: `rel` must be plain and, where `out` exists,
/// must not lead outside it through a symlink. For `crate::formats::export`,
/// which builds the files of folder formats as `out.join(rel)`.
pub fn join_inside(out: &Path, rel: &Path) -> Result<PathBuf, PathError> {
    check_relative(rel)?;
    if out.is_dir() {
        resolve_inside(out, rel)
    } else {
        Ok(out.join(rel))
    }
}

/// Reads a regular file of at most [`MAX_FILE_BYTES`] through one handle.
fn read_limited(file: &Path) -> Result<(Vec<u8>, Fingerprint), PathError> {
    let io = |e| PathError::Io(file.to_owned(), e);
    let f = std::fs::File::open(file).map_err(io)?;
    let meta = f.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(PathError::NotAFile(file.to_owned()));
    }
    let too_big = |len| PathError::TooBig {
        file: file.to_owned(),
        len,
        limit: MAX_FILE_BYTES,
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow while being read: never read past the limit.
    f.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    let fingerprint = Fingerprint::new(&meta, &bytes);
    Ok((bytes, fingerprint))
}

/// Reads the files of one project folder, each checked with
/// [`resolve_inside`] and [`MAX_FILE_BYTES`], and remembers the fingerprint
/// of every file read.
#[derive(Debug)]
pub struct ProjectReader {
    root: PathBuf,
    fingerprints: BTreeMap<PathBuf, Fingerprint>,
}

impl ProjectReader {
    /// A reader for the folder `root`.
    pub fn new(root: &Path) -> Self {
        Self {
            root: root.to_owned(),
            fingerprints: BTreeMap::new(),
        }
    }

    /// The text of `root/rel`, or a problem naming the file and the fix.
    pub fn read(&mut self, rel: &Path) -> Result<String, LoadProblem> {
        self.read_with(rel, str::to_owned)
    }

    /// `f` of the text of `root/rel` (borrowed from the bytes read: the
    /// text is not copied), or a problem naming the file and the fix.
    /// UTF-8 is checked with `simdutf8` (the check was a tenth of reading a
    /// project); a file that fails it is checked again by the standard
    /// library, for the offset of the bad byte.
    pub fn read_with<R>(
        &mut self,
        rel: &Path,
        f: impl FnOnce(&str) -> R,
    ) -> Result<R, LoadProblem> {
        let file = self.root.join(rel);
        let problem = |message: String, fix: &str| LoadProblem {
            file: file.clone(),
            position: None,
            document: None,
            span: None,
            message,
            fix: fix.to_owned(),
        };
        let read = resolve_inside(&self.root, rel).and_then(|p| read_limited(&p));
        let (bytes, fingerprint) = match read {
            Ok(r) => r,
            Err(PathError::Outside { target, .. }) => {
                return Err(problem(
                    format!("leads outside the project folder (a symbolic link to {target:?}); Gloss reads and writes only inside the project folder"),
                    "replace the link with the file itself, or remove it and restore the file from git",
                ))
            }
            Err(PathError::Dangling { target, .. }) => {
                return Err(problem(
                    format!("is a symbolic link to {target:?}, which does not exist"),
                    "replace the link with the file itself, or remove it and restore the file from git",
                ))
            }
            Err(PathError::TooBig { len, limit, .. }) => {
                return Err(problem(
                    format!("is {len} bytes, more than the size limit of {limit} bytes; it was not read"),
                    "split the text into smaller documents, or restore the file from git if it is not a Gloss file",
                ))
            }
            Err(PathError::NotAFile(_)) => {
                return Err(problem(
                    "is not a regular file (a folder, device or pipe)".into(),
                    "replace it with the Gloss file or restore it from git",
                ))
            }
            Err(e @ PathError::NotRelative(_)) => {
                return Err(problem(e.to_string(), "report this as a bug"))
            }
            Err(PathError::Io(_, e)) => {
                return Err(problem(
                    format!("cannot be read ({e})"),
                    "check that the path is a Gloss project folder (create one with `gloss new <dir>`)",
                ))
            }
        };
        let Ok(text) = simdutf8::basic::from_utf8(&bytes) else {
            let valid_up_to = std::str::from_utf8(&bytes)
                .err()
                .map_or(0, |e| e.valid_up_to());
            return Err(problem(
                format!("is not UTF-8 (bad byte at offset {valid_up_to})"),
                "restore the file from git or a backup",
            ));
        };
        let out = f(text);
        self.fingerprints.insert(rel.to_owned(), fingerprint);
        Ok(out)
    }

    /// The fingerprint of every file read successfully.
    pub fn into_fingerprints(self) -> BTreeMap<PathBuf, Fingerprint> {
        self.fingerprints
    }
}

/// What a file is on disk now, compared with what Gloss remembers.
pub(crate) fn disk_matches(
    root: &Path,
    rel: &Path,
    remembered: Option<&Fingerprint>,
    always_hash: bool,
) -> bool {
    let file = root.join(rel);
    let meta = match std::fs::metadata(&file) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // Absent, and absent before (or a dangling symlink, which is a change).
            return remembered.is_none() && std::fs::symlink_metadata(&file).is_err();
        }
        Err(_) => return false,
    };
    let Some(remembered) = remembered else {
        return false;
    };
    if !always_hash && remembered.same_stat(&meta) {
        return true;
    }
    match current_fingerprint(root, rel) {
        Ok(Some(now)) => now.len == remembered.len && now.hash == remembered.hash,
        _ => false,
    }
}

/// The fingerprint of `root/rel` now (`None` when there is no such file).
pub(crate) fn current_fingerprint(
    root: &Path,
    rel: &Path,
) -> Result<Option<Fingerprint>, PathError> {
    let file = resolve_inside(root, rel)?;
    match read_limited(&file) {
        Ok((_, fp)) => Ok(Some(fp)),
        Err(PathError::Io(_, e)) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Writes `root/rel` atomically after checking it stays inside `root`
/// (creating missing folders inside it); returns the new fingerprint.
pub(crate) fn write_inside(
    root: &Path,
    rel: &Path,
    bytes: &[u8],
) -> Result<Fingerprint, StoreError> {
    let file = resolve_inside(root, rel).map_err(StoreError::Unsafe)?;
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent).map_err(|e| StoreError::Io(parent.to_owned(), e))?;
        // The folders just created are plain folders, but check again: one
        // may have been a dangling link that create_dir_all went through.
        resolve_inside(root, rel).map_err(StoreError::Unsafe)?;
    }
    super::write_atomic(&file, bytes).map_err(|e| StoreError::Io(file.clone(), e))?;
    let meta = std::fs::metadata(&file).map_err(|e| StoreError::Io(file.clone(), e))?;
    Ok(Fingerprint::new(&meta, bytes))
}

/// [`write_inside`] for many files at once, with one flush to disk for all
/// (see [`super::atomic::write_atomic_batch`]).
pub(crate) fn write_inside_batch(
    root: &Path,
    files: &[(PathBuf, &[u8])],
) -> Result<Vec<Fingerprint>, StoreError> {
    let mut resolved = Vec::with_capacity(files.len());
    for (rel, bytes) in files {
        let file = resolve_inside(root, rel).map_err(StoreError::Unsafe)?;
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).map_err(|e| StoreError::Io(parent.to_owned(), e))?;
            resolve_inside(root, rel).map_err(StoreError::Unsafe)?;
        }
        resolved.push((file, *bytes));
    }
    super::atomic::write_atomic_batch(&resolved).map_err(|e| StoreError::Io(root.to_owned(), e))?;
    resolved
        .iter()
        .map(|(file, bytes)| {
            let meta = std::fs::metadata(file).map_err(|e| StoreError::Io(file.clone(), e))?;
            Ok(Fingerprint::new(&meta, bytes))
        })
        .collect()
}

/// Problems with the names in `project.ron` that would become paths or
/// ambiguous tokens: document ids, ids equal but for case, label names with
/// control or bidi characters. Checked before any document file is read.
pub fn index_problems(index_path: &Path, pf: &ProjectFile) -> Vec<LoadProblem> {
    let problem = |message: String, fix: String| LoadProblem {
        file: index_path.to_owned(),
        position: None,
        document: None,
        span: None,
        message,
        fix,
    };
    let mut out = Vec::new();
    // The first id of each case-folded form: a linear pass, not pairwise.
    let mut first: std::collections::HashMap<String, &str> = Default::default();
    for entry in &pf.documents {
        if let Err(bad) = id::check_document_id(&entry.id) {
            let safe = bad.suggestion.clone();
            let file = doc_path(&safe).to_string_lossy().replace('\\', "/");
            out.push(problem(
                format!("{bad} (listed with file {:?}); it was not read", entry.file),
                format!("give the document a safe id, e.g. id: {safe:?} with file: {file:?}, in project.ron and in the document file, and name the file {file}"),
            ));
        } else if let Some(other) = Some(
            *first
                .entry(entry.id.to_ascii_lowercase())
                .or_insert(&entry.id),
        )
        .filter(|o| id::same_file_name(o, &entry.id))
        {
            out.push(problem(
                format!(
                    "documents {:?} and {:?} differ only in case: on Windows and macOS they are the same file",
                    other, entry.id
                ),
                "rename one of them (its id in project.ron and in its document file, and the file)".into(),
            ));
        }
    }
    for label in &pf.labels {
        if let Some(c) = id::first_unsafe_char(&label.name) {
            out.push(problem(
                format!("label {:?} contains the control or bidi character {c:?}", label.name),
                "rename the label with visible characters only (in project.ron and in the documents' spans)".into(),
            ));
        }
    }
    out
}

/// Where a copy of `rel` is kept: `docs/<id>.mine-<stamp>.ron` next to a
/// document, `project.mine-<stamp>.ron` for the index. The loader reads only
/// the files `project.ron` lists, and ids cannot contain `.`, so a copy is
/// never mistaken for a document. A number is added if the name is taken.
pub(crate) fn copy_path(root: &Path, rel: &Path, stamp: &str) -> PathBuf {
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let parent = rel.parent().unwrap_or(Path::new(""));
    let mut n = 1;
    loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let candidate = parent.join(format!("{stem}.mine-{stamp}{suffix}.ron"));
        if std::fs::symlink_metadata(root.join(&candidate)).is_err() {
            return candidate;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths() {
        assert!(check_relative(Path::new("docs/a.ron")).is_ok());
        for bad in ["", "/etc/passwd", "../x", "docs/../../x", "./x"] {
            assert!(check_relative(Path::new(bad)).is_err(), "{bad}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_folder_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        let root = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.ron"), "x").unwrap();
        std::fs::create_dir(root.path().join("docs")).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.ron"),
            root.path().join("docs/a.ron"),
        )
        .unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("out")).unwrap();
        std::os::unix::fs::symlink("/nonexistent/x", root.path().join("docs/dangling.ron"))
            .unwrap();
        std::fs::write(root.path().join("docs/b.ron"), "y").unwrap();
        std::os::unix::fs::symlink("b.ron", root.path().join("docs/c.ron")).unwrap();
        let r = root.path();
        assert!(resolve_inside(r, Path::new("docs/b.ron")).is_ok());
        assert!(resolve_inside(r, Path::new("docs/c.ron")).is_ok(), "inside");
        assert!(resolve_inside(r, Path::new("docs/new.ron")).is_ok());
        for bad in [
            "docs/a.ron",
            "out/new.ron",
            "out/x/y.ron",
            "docs/dangling.ron",
        ] {
            let e = resolve_inside(r, Path::new(bad)).unwrap_err();
            assert!(
                matches!(e, PathError::Outside { .. } | PathError::Dangling { .. }),
                "{bad}: {e}"
            );
        }
        assert!(write_inside(r, Path::new("out/new.ron"), b"z").is_err());
        assert!(!outside.path().join("new.ron").exists());
        assert!(join_inside(r, Path::new("out/new.ron")).is_err());
        assert!(join_inside(&r.join("none"), Path::new("a/b.txt")).is_ok());
    }

    #[test]
    fn fingerprints_notice_changes() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        let rel = Path::new("a.ron");
        let fp = write_inside(r, rel, b"one").unwrap();
        assert!(disk_matches(r, rel, Some(&fp), false));
        assert!(disk_matches(r, rel, Some(&fp), true));
        std::fs::write(r.join(rel), b"two").unwrap();
        assert!(!disk_matches(r, rel, Some(&fp), true));
        std::fs::remove_file(r.join(rel)).unwrap();
        assert!(!disk_matches(r, rel, Some(&fp), false));
        assert!(disk_matches(r, rel, None, false));
    }
}

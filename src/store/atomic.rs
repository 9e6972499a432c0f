//! Crash-safe file writes.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` so that a crash leaves either the old or the new
/// file, never a mix: temp file in the same folder, fsync, rename, fsync the
/// folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".gloss-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    // Temp files are created private (0600): see `permissions_for`.
    let perms = permissions_for(path, tmp.as_file())?;
    tmp.as_file().set_permissions(perms)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    // Make the rename itself durable; not all platforms can open a folder.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Writes many files as [`write_atomic`] does each, with one flush to disk
/// for all of them instead of one per file: every temp file is written, then
/// the file system is synced once (`syncfs` on Linux; elsewhere each temp
/// file is synced), then each is renamed over its file and each folder is
/// synced. A crash at any point leaves every file either old or new, never a
/// mix. `files`: (path, bytes), in the order to rename.
pub fn write_atomic_batch(files: &[(std::path::PathBuf, &[u8])]) -> std::io::Result<()> {
    // Each temp file is closed once written (kept by path): tens of
    // thousands of documents must not hold as many open descriptors.
    let mut temps = Vec::with_capacity(files.len());
    let mut handle: Option<std::fs::File> = None;
    for (path, bytes) in files {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let mut tmp = tempfile::Builder::new()
            .prefix(".gloss-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        let perms = match std::fs::metadata(path) {
            Ok(m) => m.permissions(),
            Err(_) => default_permissions(tmp.as_file())?,
        };
        tmp.as_file().set_permissions(perms)?;
        tmp.write_all(bytes)?;
        if handle.is_none() {
            handle = Some(tmp.as_file().try_clone()?);
        }
        temps.push(tmp.into_temp_path());
    }
    sync_all_of(handle.as_ref(), &temps)?;
    let mut dirs = std::collections::BTreeSet::new();
    for (tmp, (path, _)) in temps.into_iter().zip(files) {
        tmp.persist(path).map_err(|e| e.error)?;
        if let Some(p) = path.parent() {
            dirs.insert(p.to_owned());
        }
    }
    for d in dirs {
        if let Ok(d) = std::fs::File::open(&d) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// Makes the temp files' contents durable: one `syncfs` of their file system
/// (through `handle`, one of them still open) on Linux, one `fsync` each
/// elsewhere (or when `syncfs` fails).
fn sync_all_of(
    handle: Option<&std::fs::File>,
    temps: &[tempfile::TempPath],
) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        if let Some(h) = handle {
            // SAFETY: `syncfs` only reads the descriptor, which `handle`
            // keeps valid for the duration of the call.
            if unsafe { libc::syncfs(h.as_raw_fd()) } == 0 {
                return Ok(());
            }
        }
    }
    let _ = handle;
    for t in temps {
        std::fs::OpenOptions::new()
            .write(true)
            .open(t)?
            .sync_all()?;
    }
    Ok(())
}

/// The permissions a file written over `path` through a temp file gets:
/// the old file's, or the usual 0644 for a new one (temp files are created
/// private, 0600).
pub fn permissions_for(path: &Path, tmp: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    match std::fs::metadata(path) {
        Ok(m) => Ok(m.permissions()),
        Err(_) => default_permissions(tmp),
    }
}

#[cfg(unix)]
fn default_permissions(_f: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions(f: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    Ok(f.metadata()?.permissions())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.ron");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_batch_writes_every_file_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.ron");
        let b = dir.path().join("b.ron");
        write_atomic(&a, b"old").unwrap();
        write_atomic_batch(&[
            (a.clone(), b"new a".as_slice()),
            (b.clone(), b"new b".as_slice()),
        ])
        .unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), b"new a");
        assert_eq!(std::fs::read(&b).unwrap(), b"new b");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_0644_and_existing_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.ron");
        write_atomic(&p, b"one").unwrap();
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o644
        );
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

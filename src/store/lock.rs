//! One writer per project: the file `.gloss.lock` in the project folder says
//! which Gloss holds it (pid, host, user, annotator, since when).
//!
//! Invariants: the lock file is created with `create_new`, so of two Gloss
//! starting at once one wins; it is removed on drop only while it is still
//! ours (its token), and [`ProjectLock::verify`] is called before every save,
//! so a writer whose lock was taken over stops writing. A lock is stale when
//! its process is gone: same host, and on Linux `/proc/<pid>` is absent or is
//! another process (start time) or the machine rebooted (boot id). A lock
//! from another host (a shared or synced folder) cannot be checked that way:
//! it is stale only when not refreshed for [`STALE_AFTER`]; the holder
//! refreshes it on saves and disk checks (at most every [`REFRESH_EVERY`]).
//! On systems without `/proc` the same age rule applies to local locks.

use super::clock;
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Name of the lock file in the project folder (listed in `.gitignore`).
pub const LOCK_FILE: &str = ".gloss.lock";

/// A lock not refreshed for this long (12 hours) is stale even when its
/// process cannot be checked (another host, no `/proc`). Long enough that a
/// working session is never taken over; short enough that a lock left by a
/// crashed laptop does not block the project for days.
pub const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(12 * 3600);

/// How often a holder rewrites its lock's `refreshed` time (10 minutes).
pub const REFRESH_EVERY: std::time::Duration = std::time::Duration::from_secs(600);

/// A lock younger than this that cannot be parsed is being written now.
const UNREADABLE_GRACE_SECS: u64 = 10;

/// Who holds a lock: the content of `.gloss.lock`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockHolder {
    /// Process id.
    pub pid: u32,
    /// Host name.
    pub host: String,
    /// Login name, when known.
    #[serde(default)]
    pub user: Option<String>,
    /// Annotator, once annotator layers exist.
    #[serde(default)]
    pub annotator: Option<String>,
    /// When the lock was taken (Unix seconds).
    pub since: u64,
    /// When the holder last confirmed it (Unix seconds).
    #[serde(default)]
    pub refreshed: u64,
    /// Start time of the process (Linux clock ticks since boot), to tell a
    /// reused pid from the holder.
    #[serde(default)]
    pub process_start: Option<u64>,
    /// Linux boot id: a lock from before a reboot is stale.
    #[serde(default)]
    pub boot_id: Option<String>,
    /// Random number telling this holder from an earlier one with the same pid.
    #[serde(default)]
    pub token: u64,
}

impl std::fmt::Display for LockHolder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Debug formatting: a hostile lock file cannot put control or bidi
        // characters into a message.
        if let Some(a) = &self.annotator {
            write!(f, "annotator {a:?}, ")?;
        }
        if let Some(u) = &self.user {
            write!(f, "user {u:?}, ")?;
        }
        write!(
            f,
            "Gloss process {} on host {:?}, since {}",
            self.pid,
            self.host,
            clock::utc_text(self.since)
        )
    }
}

impl LockHolder {
    fn me(annotator: Option<&str>) -> Self {
        let now = clock::unix_now();
        Self {
            pid: std::process::id(),
            host: this_host(),
            user: std::env::var("USER")
                .or_else(|_| std::env::var("USERNAME"))
                .ok()
                .filter(|u| !u.is_empty()),
            annotator: annotator.map(str::to_owned),
            since: now,
            refreshed: now,
            process_start: process_start(std::process::id()),
            boot_id: boot_id(),
            token: random_token(),
        }
    }

    /// Why this lock is stale, or `None` while its holder may be alive.
    fn stale_reason(&self) -> Option<String> {
        let age = clock::unix_now().saturating_sub(self.refreshed.max(self.since));
        let too_old = age > STALE_AFTER.as_secs();
        if self.host != this_host() {
            return too_old.then(|| {
                format!(
                    "it comes from another host and was not refreshed for {} hours",
                    age / 3600
                )
            });
        }
        if !cfg!(target_os = "linux") {
            return too_old.then(|| format!("it was not refreshed for {} hours", age / 3600));
        }
        if let (Some(theirs), Some(ours)) = (&self.boot_id, boot_id()) {
            if *theirs != ours {
                return Some("the machine restarted since it was taken".into());
            }
        }
        if !Path::new(&format!("/proc/{}", self.pid)).exists() {
            return Some(format!("process {} has ended", self.pid));
        }
        match (self.process_start, process_start(self.pid)) {
            (Some(theirs), Some(now)) if theirs != now => Some(format!(
                "process {} has ended (its pid now belongs to another program)",
                self.pid
            )),
            _ => None,
        }
    }

    fn to_ron(&self) -> String {
        let mut s = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::new())
            .unwrap_or_else(|_| format!("(pid: {}, host: \"?\", since: 0)", self.pid));
        s.push('\n');
        s
    }
}

/// Who holds a project that could not be locked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeldBy {
    /// A live holder.
    Holder(LockHolder),
    /// A lock file that cannot be read as one (being written, or damaged).
    Unreadable(String),
}

impl std::fmt::Display for HeldBy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HeldBy::Holder(h) => write!(f, "{h}"),
            HeldBy::Unreadable(why) => write!(f, "an unknown Gloss ({why})"),
        }
    }
}

/// The outcome of [`acquire`].
#[derive(Debug)]
pub enum Acquired {
    /// This process holds the lock now; `took_over` says whose stale lock it
    /// replaced.
    Writer {
        /// The lock (released on drop).
        lock: ProjectLock,
        /// A message when a stale lock was replaced.
        took_over: Option<String>,
    },
    /// Someone else holds it: open read-only.
    Held(HeldBy),
}

/// The lock of one project folder, held by this process.
#[derive(Debug)]
pub struct ProjectLock {
    path: PathBuf,
    holder: LockHolder,
}

/// Takes the lock of the project in `root`, replacing a stale one.
pub fn acquire(root: &Path, annotator: Option<&str>) -> std::io::Result<Acquired> {
    let path = root.join(LOCK_FILE);
    let mut took_over = None;
    for _ in 0..3 {
        let me = LockHolder::me(annotator);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                f.write_all(me.to_ron().as_bytes())?;
                f.sync_all()?;
                return Ok(Acquired::Writer {
                    lock: ProjectLock { path, holder: me },
                    took_over,
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let held = read_holder(&path)?;
                let reason = match &held {
                    Ok(h) => h.stale_reason().map(|r| format!("{h}: {r}")),
                    Err(why) if why.stale => {
                        Some(format!("an unreadable lock file ({})", why.text))
                    }
                    Err(_) => None,
                };
                let Some(reason) = reason else {
                    return Ok(Acquired::Held(match held {
                        Ok(h) => HeldBy::Holder(h),
                        Err(why) => HeldBy::Unreadable(why.text),
                    }));
                };
                match std::fs::remove_file(&path) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
                took_over = Some(format!(
                    "took over the stale lock of {reason} ({})",
                    path.display()
                ));
            }
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(
        "another Gloss keeps taking the lock at the same time",
    ))
}

struct Unreadable {
    text: String,
    stale: bool,
}

/// Reads a lock file (at most 64 KiB, never through a symlink).
fn read_holder(path: &Path) -> std::io::Result<Result<LockHolder, Unreadable>> {
    let meta = std::fs::symlink_metadata(path)?;
    if !meta.is_file() {
        return Ok(Err(Unreadable {
            text: format!(
                "{} is not a plain file; remove it if no Gloss uses the project",
                path.display()
            ),
            stale: false,
        }));
    }
    let mut text = String::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(64 * 1024).read_to_string(&mut text));
    let parsed = read
        .map_err(|e| e.to_string())
        .and_then(|_| ron::from_str::<LockHolder>(&text).map_err(|e| e.to_string()));
    Ok(parsed.map_err(|e| {
        let age = meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .map_or(0, |d| d.as_secs());
        Unreadable {
            text: format!("{} cannot be read: {e}", path.display()),
            stale: age > UNREADABLE_GRACE_SECS,
        }
    }))
}

impl ProjectLock {
    /// Who holds it (this process).
    pub fn holder(&self) -> &LockHolder {
        &self.holder
    }

    /// Checks that the lock file is still this one; if it was removed, takes
    /// it again. Returns who holds it instead when it was taken over.
    pub fn verify(&mut self) -> Result<(), String> {
        match read_holder(&self.path) {
            Ok(Ok(h)) if h.token == self.holder.token && h.pid == self.holder.pid => Ok(()),
            Ok(Ok(h)) => Err(format!("{h} took over the lock")),
            Ok(Err(why)) => Err(format!("the lock file was replaced: {}", why.text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // Removed by hand or by a clean-up: take it again if free.
                let root = self.path.parent().unwrap_or(Path::new("."));
                match acquire(root, self.holder.annotator.as_deref()) {
                    Ok(Acquired::Writer { lock, .. }) => {
                        // The old value, dropped here, sees another token
                        // in the file and leaves it.
                        *self = lock;
                        Ok(())
                    }
                    Ok(Acquired::Held(h)) => Err(format!("{h} took the lock")),
                    Err(e) => Err(format!("the lock file could not be created again ({e})")),
                }
            }
            Err(e) => Err(format!("the lock file cannot be read ({e})")),
        }
    }

    /// Rewrites the `refreshed` time when [`REFRESH_EVERY`] has passed,
    /// after [`Self::verify`].
    pub fn refresh(&mut self) -> Result<(), String> {
        self.verify()?;
        let now = clock::unix_now();
        if now.saturating_sub(self.holder.refreshed) < REFRESH_EVERY.as_secs() {
            return Ok(());
        }
        self.holder.refreshed = now;
        super::write_atomic(&self.path, self.holder.to_ron().as_bytes())
            .map_err(|e| format!("the lock file could not be refreshed ({e})"))
    }
}

impl Drop for ProjectLock {
    fn drop(&mut self) {
        if let Ok(Ok(h)) = read_holder(&self.path) {
            if h.token == self.holder.token && h.pid == self.holder.pid {
                let _ = std::fs::remove_file(&self.path);
            }
        }
    }
}

/// This machine's name, as written in lock files.
pub fn this_host() -> String {
    for file in ["/proc/sys/kernel/hostname", "/etc/hostname"] {
        if let Ok(s) = std::fs::read_to_string(file) {
            if !s.trim().is_empty() {
                return s.trim().to_owned();
            }
        }
    }
    ["COMPUTERNAME", "HOSTNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "unknown host".into())
}

/// Start time of a process (field 22 of `/proc/<pid>/stat`), Linux only.
fn process_start(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may hold spaces.
    let after = &stat[stat.rfind(')')? + 1..];
    after.split_whitespace().nth(19)?.parse().ok()
}

fn boot_id() -> Option<String> {
    std::fs::read_to_string("/proc/sys/kernel/random/boot_id")
        .ok()
        .map(|s| s.trim().to_owned())
}

/// A random number from the standard library's per-process hash keys.
fn random_token() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(clock::unix_now());
    h.write_u32(std::process::id());
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_acquire_is_held_and_drop_releases() {
        let dir = tempfile::tempdir().unwrap();
        let Acquired::Writer { lock, took_over } = acquire(dir.path(), Some("lan")).unwrap() else {
            panic!("first acquire must win");
        };
        assert!(took_over.is_none());
        let Acquired::Held(HeldBy::Holder(h)) = acquire(dir.path(), None).unwrap() else {
            panic!("second acquire must see the holder");
        };
        assert_eq!(h.pid, std::process::id());
        assert_eq!(h.annotator.as_deref(), Some("lan"));
        drop(lock);
        assert!(!dir.path().join(LOCK_FILE).exists());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn process_start_is_read() {
        assert!(process_start(std::process::id()).is_some());
    }
}

//! The workspace write lock: one writer at a time. It is a file at the
//! workspace root, opened through the root's handle (never through a link),
//! private, and held with `flock`, so it is released however the holder ends.

use std::fs::File;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::file::Root;

/// The lock file, at the workspace root.
pub(crate) const LOCK_FILE: &str = ".competency.lock";

/// How long a writer waits for another to finish before giving up.
/// `COMPETENCY_LOCK_TIMEOUT_MS` overrides it (tests use a short wait).
fn lock_timeout() -> Duration {
    std::env::var("COMPETENCY_LOCK_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::from_secs(10), Duration::from_millis)
}

/// The workspace write lock; released when dropped (or when the process ends,
/// however it ends).
pub(crate) struct WorkspaceLock {
    _file: File,
}

impl WorkspaceLock {
    fn open(root: &Root) -> Result<File> {
        root.lock_file(LOCK_FILE).map_err(|e| {
            if crate::file::is_link_error(&e) {
                Error::Invalid(vec![crate::file::symlink(&root.join(LOCK_FILE))])
            } else {
                Error::io("open the workspace lock", &root.join(LOCK_FILE), e)
            }
        })
    }

    /// Take the lock, waiting for another writer to finish (up to a limit).
    pub(crate) fn acquire(root: &Root) -> Result<WorkspaceLock> {
        let file = Self::open(root)?;
        let timeout = lock_timeout();
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(WorkspaceLock { _file: file }),
                Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < timeout => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(Error::refused(format!(
                        "another competency command is writing to the workspace `{}`; nothing was written (waited {} s), try again when it has finished",
                        root.path().display(),
                        timeout.as_secs_f32()
                    )));
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(Error::io("lock", &root.join(LOCK_FILE), e));
                }
            }
        }
    }

    /// Take the lock if no one holds it; `None` when another writer does.
    pub(crate) fn try_acquire(root: &Root) -> Result<Option<WorkspaceLock>> {
        let file = Self::open(root)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(WorkspaceLock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(e)) => {
                Err(Error::io("lock", &root.join(LOCK_FILE), e))
            }
        }
    }
}

/// The commit lock, `.competency/commit.lock`: a command that reads the
/// workspace holds it shared from the moment it opens the workspace; a
/// writer holds it exclusively only while it moves a committed change into
/// place. So a report sees a change whole or not at all, and readers never
/// wait for a writer's checking, only for its renames.
pub(crate) struct CommitLock;

/// The commit lock's file, in the tool's own folder.
pub(crate) const COMMIT_LOCK: &str = ".competency/commit.lock";

impl CommitLock {
    /// Hold the commit lock shared for as long as `root` is open (no lock
    /// when the workspace has never had a change committed, or when it
    /// cannot be read). Waits for a change being moved into place.
    pub(crate) fn hold_shared(root: &Root) {
        let Ok(Some(file)) = root.open_existing(COMMIT_LOCK) else {
            return;
        };
        let timeout = lock_timeout();
        let start = Instant::now();
        loop {
            match file.try_lock_shared() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < timeout => {
                    std::thread::sleep(Duration::from_millis(2));
                }
                // A writer that takes this long to move files is stuck:
                // read anyway rather than hang.
                Err(_) => return,
            }
        }
        if let Ok(mut held) = root.held.lock() {
            *held = Some(file);
        }
    }

    /// Let go of this command's shared hold while `writing` runs: a writer
    /// reads under the workspace lock instead, and must not keep another
    /// writer's commit waiting while it waits for that lock itself.
    pub(crate) fn released<T>(root: &Root, writing: impl FnOnce() -> T) -> T {
        let had = root
            .held
            .lock()
            .ok()
            .and_then(|mut held| held.take())
            .map(|file| {
                let _ = file.unlock();
            })
            .is_some();
        let value = writing();
        if had {
            Self::hold_shared(root);
        }
        value
    }

    /// Hold the commit lock exclusively while `moving` runs (converting a
    /// shared hold of this command's own into an exclusive one, and back).
    /// Readers of other commands finish first; after waiting the lock's
    /// timeout for them the change is moved anyway, since it is committed.
    pub(crate) fn exclusive<T>(root: &Root, moving: impl FnOnce() -> T) -> T {
        let mut held = root.held.lock().ok();
        let own = held.as_mut().and_then(|h| h.take());
        let had_shared = own.is_some();
        let file = own.or_else(|| root.lock_file(COMMIT_LOCK).ok());
        if let Some(file) = &file {
            let timeout = lock_timeout();
            let start = Instant::now();
            while let Err(std::fs::TryLockError::WouldBlock) = file.try_lock() {
                if start.elapsed() >= timeout {
                    break;
                }
                std::thread::sleep(Duration::from_millis(2));
            }
        }
        let value = moving();
        if let Some(file) = file {
            if had_shared {
                let _ = file.lock_shared();
                if let Some(held) = held.as_mut() {
                    **held = Some(file);
                }
            } else {
                let _ = file.unlock();
            }
        }
        value
    }
}

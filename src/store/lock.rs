//! The workspace write lock: one writer at a time. It is a file at the
//! workspace root, opened through the root's handle (never through a link),
//! private, and held with `flock`, so it is released however the holder ends.

use std::fs::File;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::file::Root;

/// The lock file, at the workspace root.
pub const LOCK_FILE: &str = ".competency.lock";

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
pub struct WorkspaceLock {
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
    pub fn acquire(root: &Root) -> Result<WorkspaceLock> {
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
                    return Err(Error::Usage(format!(
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
    pub fn try_acquire(root: &Root) -> Result<Option<WorkspaceLock>> {
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

//! The workspace write lock: one writer at a time.

use std::fs::File;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

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
    pub fn acquire(root: &Path) -> Result<WorkspaceLock> {
        let path = root.join(LOCK_FILE);
        let mut options = File::options();
        options.create(true).truncate(false).write(true);
        #[cfg(unix)]
        {
            // Private, and never through a symbolic link planted in its place.
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
        }
        let file = options.open(&path).map_err(|e| {
            if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
                Error::Invalid(vec![crate::file::symlink(&path)])
            } else {
                Error::io("open the workspace lock", &path, e)
            }
        })?;
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
                        root.display(),
                        timeout.as_secs_f32()
                    )));
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(Error::io("lock", &path, e));
                }
            }
        }
    }
}

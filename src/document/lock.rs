//! "This file is open in another window": a lock per model file, kept in the state folder
//! (`locks/`, named by a hash of the file's canonical path) so nothing is written beside the
//! user's file. The lock holds the owner's process id, host and start time; a lock whose owner
//! no longer runs is stale and is taken over.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::owner::{Liveness, Owner};

/// What a lock file says.
#[derive(Debug, Serialize, Deserialize)]
struct LockRecord {
    owner: Owner,
    /// The model file, for people reading the state folder.
    path: PathBuf,
}

/// Who holds the lock of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LockState {
    /// Nobody.
    Free,
    /// This process.
    Ours,
    /// A process that no longer runs (crashed or killed): free to take over.
    Stale(Owner),
    /// Another running ThreatCanvas (or one we cannot check, on another machine).
    Held(Owner),
}

/// Why a lock was not taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another running ThreatCanvas has the file open.
    #[error("{file} is open in another ThreatCanvas window ({})", owner.describe())]
    Held {
        /// The model file.
        file: String,
        /// Who holds it.
        owner: Owner,
    },
    /// The lock file could not be written.
    #[error("{file}: cannot write its lock in {folder}: {source}")]
    Io {
        /// The model file.
        file: String,
        /// The locks folder.
        folder: String,
        /// What the system said.
        source: std::io::Error,
    },
}

/// A held lock; dropping it removes the lock file (if it is still ours).
#[derive(Debug)]
pub struct Lock {
    file: PathBuf,
}

impl Lock {
    /// Who holds the lock of `model_path`.
    #[must_use]
    pub fn inspect(state_dir: &Path, model_path: &Path) -> LockState {
        let Some(record) = read(&lock_file(state_dir, model_path)) else { return LockState::Free };
        match record.owner.liveness() {
            Liveness::Us => LockState::Ours,
            Liveness::Dead => LockState::Stale(record.owner),
            Liveness::Alive | Liveness::Unknown => LockState::Held(record.owner),
        }
    }

    /// Takes the lock of `model_path`: free, stale or already ours.
    ///
    /// # Errors
    /// [`LockError::Held`] when another running ThreatCanvas holds it; [`LockError::Io`] when the
    /// lock cannot be written.
    pub fn acquire(state_dir: &Path, model_path: &Path) -> Result<Self, LockError> {
        let file = lock_file(state_dir, model_path);
        let io = |source| LockError::Io {
            file: model_path.display().to_string(),
            folder: state_dir.join("locks").display().to_string(),
            source,
        };
        match Self::inspect(state_dir, model_path) {
            LockState::Held(owner) => return Err(LockError::Held { file: model_path.display().to_string(), owner }),
            LockState::Ours => return Ok(Self { file }),
            LockState::Stale(_) => std::fs::remove_file(&file).map_err(io)?,
            LockState::Free => {}
        }
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let record = LockRecord { owner: Owner::current(), path: canonical(model_path) };
        let text = serde_json::to_string_pretty(&record).map_err(|e| io(std::io::Error::other(e)))?;
        // create_new: of two windows racing for a free lock, exactly one wins.
        let mut out = std::fs::File::options().write(true).create_new(true).open(&file).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists
                && let LockState::Held(owner) = Self::inspect(state_dir, model_path)
            {
                return LockError::Held { file: model_path.display().to_string(), owner };
            }
            io(e)
        })?;
        out.write_all(text.as_bytes()).and_then(|()| out.sync_all()).map_err(io)?;
        Ok(Self { file })
    }

    /// Where this lock lives.
    #[must_use]
    pub fn file(&self) -> &Path {
        &self.file
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        if read(&self.file).is_some_and(|r| r.owner == Owner::current()) {
            let _ = std::fs::remove_file(&self.file);
        }
    }
}

/// The lock file of `model_path`.
fn lock_file(state_dir: &Path, model_path: &Path) -> PathBuf {
    let key = super::stable_hash(canonical(model_path).as_os_str().as_encoded_bytes());
    state_dir.join("locks").join(format!("{key:016x}.lock"))
}

/// The same file reached by any path gets the same lock.
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The lock record, if the file exists and reads; a broken lock file counts as no lock.
fn read(file: &Path) -> Option<LockRecord> {
    serde_json::from_slice(&std::fs::read(file).ok()?).ok()
}

/// Writes a lock for `model_path` owned by `owner` (tests: a lock left by another process).
///
/// # Errors
/// The lock file cannot be written.
pub fn write_for_tests(state_dir: &Path, model_path: &Path, owner: Owner) -> std::io::Result<PathBuf> {
    let file = lock_file(state_dir, model_path);
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let record = LockRecord { owner, path: canonical(model_path) };
    std::fs::write(&file, serde_json::to_vec(&record).map_err(std::io::Error::other)?)?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().expect("spawn");
        let pid = child.id();
        child.wait().expect("wait");
        pid
    }

    #[test]
    fn a_free_lock_is_taken_and_released_on_drop() {
        let state = tempfile::tempdir().expect("state");
        let model = state.path().join("m.json");
        std::fs::write(&model, "{}").expect("write");
        assert_eq!(Lock::inspect(state.path(), &model), LockState::Free);
        let lock = Lock::acquire(state.path(), &model).expect("free");
        assert_eq!(Lock::inspect(state.path(), &model), LockState::Ours);
        assert!(lock.file().starts_with(state.path().join("locks")), "never beside the model");
        drop(lock);
        assert_eq!(Lock::inspect(state.path(), &model), LockState::Free);
    }

    #[test]
    fn a_stale_lock_is_taken_over() {
        let state = tempfile::tempdir().expect("state");
        let model = state.path().join("m.json");
        let gone = Owner::process(dead_pid());
        write_for_tests(state.path(), &model, gone.clone()).expect("lock");
        if cfg!(target_os = "linux") {
            assert_eq!(Lock::inspect(state.path(), &model), LockState::Stale(gone));
            let _lock = Lock::acquire(state.path(), &model).expect("stale lock taken over");
            assert_eq!(Lock::inspect(state.path(), &model), LockState::Ours);
        }
    }

    #[test]
    fn a_live_lock_is_refused_and_left_alone() {
        let state = tempfile::tempdir().expect("state");
        let model = state.path().join("m.json");
        let mut child = std::process::Command::new("sleep").arg("30").spawn().expect("spawn sleep");
        let owner = Owner::process(child.id());
        let file = write_for_tests(state.path(), &model, owner.clone()).expect("lock");
        let result = Lock::acquire(state.path(), &model);
        let _ = child.kill();
        let _ = child.wait();
        if cfg!(target_os = "linux") {
            match result {
                Err(LockError::Held { owner: held, file: named }) => {
                    assert_eq!(held, owner);
                    assert!(named.ends_with("m.json"), "{named}");
                }
                other => panic!("expected a held lock, got {other:?}"),
            }
            assert!(file.exists(), "their lock stays");
            // Once the owner is gone the same lock is stale.
            assert_eq!(Lock::inspect(state.path(), &model), LockState::Stale(owner));
        }
    }
}

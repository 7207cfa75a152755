//! What a file on disk looked like: enough to notice that someone else changed it (a `git pull`,
//! a checkout, another window) and to never save over their version silently.

use std::path::Path;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

/// The size, modification time and content hash of a file. The size and time are cheap to read
/// every second; the hash decides, so a file touched but not changed is not "changed".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// Size in bytes.
    pub len: u64,
    /// Modification time in nanoseconds since 1970 (0 when the system gives none; u64 holds
    /// them until 2554, and serde's flattened recovery header cannot hold a u128).
    pub modified_nanos: u64,
    /// [`super::stable_hash`] of the content.
    pub hash: u64,
}

impl Fingerprint {
    /// The fingerprint of bytes about to be written or just read, with the file's times.
    #[must_use]
    pub fn of_bytes(bytes: &[u8], meta: Option<&std::fs::Metadata>) -> Self {
        let (len, modified_nanos) = meta.map_or((bytes.len() as u64, 0), stamp);
        Self { len, modified_nanos, hash: super::stable_hash(bytes) }
    }

    /// The file's fingerprint now; `Ok(None)` when there is no file.
    ///
    /// # Errors
    /// The file exists but cannot be read.
    pub fn of_file(path: &Path) -> std::io::Result<Option<Self>> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let meta = std::fs::metadata(path)?;
        Ok(Some(Self::of_bytes(&bytes, Some(&meta))))
    }

    /// Whether the file at `path` still holds what this fingerprint describes. Reads only the
    /// metadata when size and time match; hashes the content otherwise. A missing or unreadable
    /// file differs.
    #[must_use]
    pub fn matches_file(&self, path: &Path) -> bool {
        let Ok(meta) = std::fs::metadata(path) else { return false };
        if stamp(&meta) == (self.len, self.modified_nanos) {
            return true;
        }
        std::fs::read(path).is_ok_and(|bytes| super::stable_hash(&bytes) == self.hash && bytes.len() as u64 == self.len)
    }
}

/// Size and modification time.
fn stamp(meta: &std::fs::Metadata) -> (u64, u64) {
    let nanos = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
    (meta.len(), nanos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_touched_file_matches_and_a_changed_one_does_not() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("m.json");
        std::fs::write(&path, b"one").expect("write");
        let print = Fingerprint::of_file(&path).expect("read").expect("exists");
        assert!(print.matches_file(&path));
        // Same bytes, new time: still the same file.
        std::fs::write(&path, b"one").expect("rewrite");
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options().write(true).open(&path).expect("open").set_modified(later).expect("touch");
        assert!(print.matches_file(&path));
        std::fs::write(&path, b"two").expect("change");
        assert!(!print.matches_file(&path));
        std::fs::remove_file(&path).expect("remove");
        assert!(!print.matches_file(&path));
        assert_eq!(Fingerprint::of_file(&path).expect("no error"), None);
    }
}

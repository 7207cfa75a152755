//! What keeps an open model's work safe outside the model file: recovery files written while
//! there are unsaved changes, locks that tell two windows they hold the same file, and the
//! fingerprint that notices the file changed on disk behind our back.
//!
//! No egui here: the editor (`crate::app`) decides when to call these, tests call them directly.
//! Everything lives in the platform's state folder ([`state_dir`]), never beside the user's
//! file, so a crash or a kill never leaves litter (or a half-written file) next to the model.

mod disk;
pub mod header;
mod lock;
mod owner;
mod recovery;

use std::path::PathBuf;

pub use disk::Fingerprint;
pub use header::{Counts, RecoveryHeader};
pub use lock::{Lock, LockError, LockState, write_for_tests as write_lock_for_tests};
pub use owner::{Liveness, Owner};
pub use recovery::{RecoveryError, RecoveryFile, RecoveryStore};

/// The environment variable that moves the state folder (tests, portable installs).
pub const STATE_DIR_VAR: &str = "THREATCANVAS_STATE_DIR";

/// The folder for recovery files and locks: `$THREATCANVAS_STATE_DIR`, else the platform's state
/// folder (`$XDG_STATE_HOME/threatcanvas` on Linux), else its local data folder (macOS and
/// Windows have no state folder). `None` when the platform names none (no home folder).
#[must_use]
pub fn state_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(STATE_DIR_VAR) {
        return Some(PathBuf::from(dir));
    }
    let dirs = directories::ProjectDirs::from("", "", "threatcanvas")?;
    Some(dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir()).to_path_buf())
}

/// A stable 64-bit FNV-1a hash: the same bytes give the same value in every build, so it can
/// name files and be stored in them (the standard library's hasher may change between releases).
#[must_use]
pub fn stable_hash(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_fnv1a() {
        // Published FNV-1a 64 test vectors: the value must never change, files are named by it.
        assert_eq!(stable_hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(stable_hash(b"foobar"), 0x8594_4171_f739_67e8);
    }
}

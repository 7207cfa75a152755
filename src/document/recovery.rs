//! Recovery files: the unsaved state of an open model, written to the state folder a few
//! seconds after the last edit and before risky operations, so a crash, a kill or a power cut
//! loses seconds of work, not the session. One file per open document (untitled ones too),
//! named at random, never beside or over the user's file. A clean close or a save removes it;
//! the next start offers the files whose writer no longer runs.
//!
//! A recovery file is JSON: a header (who wrote it and when, the model file it belongs to, its
//! title and counts, so the offer can say what it holds without loading it) and the model's
//! canonical text, which loads through the ordinary loader with all its checks.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::disk::Fingerprint;
use super::header::{Counts, RECOVERY_FORMAT, RecoveryHeader};
use super::owner::{Liveness, Owner};
use crate::format::LoadError;
use crate::model::Model;

/// The version of the recovery envelope this build writes and reads.
const RECOVERY_VERSION: u32 = 1;

/// The full file: header and model text.
#[derive(Serialize, Deserialize)]
struct Envelope {
    #[serde(flatten)]
    header: RecoveryHeader,
    /// The canonical model text.
    model: String,
}

/// Why a recovery file could not be written or read. Each variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    /// Reading or writing failed.
    #[error("recovery file {file}: {source}")]
    Io {
        /// The recovery file.
        file: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// Not a recovery file this version reads.
    #[error("recovery file {file}: {reason}")]
    Unreadable {
        /// The recovery file.
        file: String,
        /// Why.
        reason: String,
    },
    /// The model inside does not load.
    #[error(transparent)]
    Model(#[from] LoadError),
}

/// The folder of recovery files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryStore {
    dir: PathBuf,
}

/// One document's recovery file (which may not exist yet).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryFile {
    path: PathBuf,
}

impl RecoveryFile {
    /// Where it is (or will be) written.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Removes it (a save or a clean close); a file already gone is fine.
    ///
    /// # Errors
    /// The file exists and cannot be removed.
    pub fn remove(&self) -> Result<(), RecoveryError> {
        match std::fs::remove_file(&self.path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(RecoveryError::Io { file: self.path.display().to_string(), source }),
        }
    }
}

impl RecoveryStore {
    /// The store in `state_dir` (its `recovery/` folder, created on the first write).
    #[must_use]
    pub fn new(state_dir: &Path) -> Self {
        Self { dir: state_dir.join("recovery") }
    }

    /// Where the files live.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A new, unused recovery file for a document just opened or created.
    #[must_use]
    pub fn new_file(&self) -> RecoveryFile {
        let name = format!("{}-{:016x}.json", std::process::id(), fastrand::u64(..));
        RecoveryFile { path: self.dir.join(name) }
    }

    /// Writes `model`'s unsaved state to `file` atomically, owned by this process.
    ///
    /// # Errors
    /// [`RecoveryError::Io`] naming the recovery file.
    pub fn write(
        &self,
        file: &RecoveryFile,
        model: &Model,
        source: Option<&Path>,
        base: Option<Fingerprint>,
    ) -> Result<(), RecoveryError> {
        let io = |source| RecoveryError::Io { file: file.path.display().to_string(), source };
        std::fs::create_dir_all(&self.dir).map_err(io)?;
        let written_unix_secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let envelope = Envelope {
            header: RecoveryHeader {
                format: RECOVERY_FORMAT.to_owned(),
                version: RECOVERY_VERSION,
                written_unix_secs,
                owner: Owner::current(),
                source: source.map(Path::to_path_buf),
                base,
                title: model.meta.title.clone(),
                counts: Counts::of(model),
                file: PathBuf::new(),
            },
            model: crate::format::to_canonical_string(model),
        };
        let text = serde_json::to_string(&envelope).map_err(|e| io(std::io::Error::other(e)))?;
        crate::format::write_atomically(&file.path, text.as_bytes()).map_err(|e| io(std::io::Error::other(e)))
    }

    /// The recovery files nobody running owns (their writer crashed, was killed, or the user
    /// chose "later"), newest first. Unreadable files are skipped, never deleted.
    #[must_use]
    pub fn orphans(&self) -> Vec<RecoveryHeader> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return Vec::new() };
        let mut found: Vec<RecoveryHeader> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .filter_map(|p| read(&p).ok().map(|(header, _)| header))
            .filter(|h| matches!(h.owner.liveness(), Liveness::Dead | Liveness::Unknown))
            .collect();
        found.sort_by(|a, b| b.written_unix_secs.cmp(&a.written_unix_secs).then_with(|| a.file.cmp(&b.file)));
        found
    }

    /// Loads the model in recovery file `path`, and takes the file over: it becomes the
    /// restored document's own recovery file, rewritten as this process's at once so no other
    /// window offers it again.
    ///
    /// # Errors
    /// The file does not read, or its model does not load; the file is left as it was.
    pub fn restore(&self, path: &Path) -> Result<(RecoveryHeader, Model, RecoveryFile), RecoveryError> {
        let (header, text) = read(path)?;
        let model = crate::format::load_bytes(text.as_bytes(), &path.display().to_string())?;
        let file = RecoveryFile { path: path.to_path_buf() };
        self.write(&file, &model, header.source.as_deref(), header.base)?;
        Ok((header, model, file))
    }
}

/// Reads a recovery file's header and model text.
fn read(path: &Path) -> Result<(RecoveryHeader, String), RecoveryError> {
    let file = || path.display().to_string();
    // A model of the largest size, quoted into a string, with room for escapes and the header.
    let limit = 2 * crate::format::MAX_FILE_BYTES + 64 * 1024;
    let size = std::fs::metadata(path).map_err(|source| RecoveryError::Io { file: file(), source })?.len();
    if size > limit {
        return Err(RecoveryError::Unreadable {
            file: file(),
            reason: format!("{size} bytes is more than a recovery file holds"),
        });
    }
    let bytes = std::fs::read(path).map_err(|source| RecoveryError::Io { file: file(), source })?;
    let envelope: Envelope = serde_json::from_slice(&bytes)
        .map_err(|e| RecoveryError::Unreadable { file: file(), reason: format!("not a recovery file: {e}") })?;
    let mut header = envelope.header;
    if header.format != RECOVERY_FORMAT || header.version != RECOVERY_VERSION {
        return Err(RecoveryError::Unreadable {
            file: file(),
            reason: format!("format {} version {} is not one this ThreatCanvas reads", header.format, header.version),
        });
    }
    header.file = path.to_path_buf();
    Ok((header, envelope.model))
}

#[cfg(test)]
mod tests {
    use super::super::header::utc_text;
    use super::*;

    fn model(title: &str) -> Model {
        let mut m = Model::default();
        title.clone_into(&mut m.meta.title);
        m
    }

    #[test]
    fn dates_read_as_utc() {
        assert_eq!(utc_text(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_text(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(utc_text(1_796_255_700), "2026-12-02 23:55 UTC");
    }

    #[test]
    fn our_own_file_is_not_offered_and_a_dead_writers_file_is() {
        let state = tempfile::tempdir().expect("state");
        let store = RecoveryStore::new(state.path());
        let file = store.new_file();
        // A large modification time: the header must carry it through the flattened envelope.
        let base = Fingerprint { len: 3, modified_nanos: 1_800_000_000_123_456_789, hash: 7 };
        store.write(&file, &model("Mine"), Some(Path::new("/models/m.json")), Some(base)).expect("write");
        assert!(file.path().starts_with(state.path()), "in the state folder");
        assert!(store.orphans().is_empty(), "a running window's file is not offered");
        // Make it look written by a process that has gone.
        let mut child = std::process::Command::new("true").spawn().expect("spawn");
        let pid = child.id();
        child.wait().expect("wait");
        let text = std::fs::read_to_string(file.path()).expect("read");
        let mut value: serde_json::Value = serde_json::from_str(&text).expect("json");
        value["owner"]["pid"] = pid.into();
        std::fs::write(file.path(), value.to_string()).expect("write back");
        if cfg!(target_os = "linux") {
            let offered = store.orphans();
            assert_eq!(offered.len(), 1);
            assert_eq!(offered[0].title, "Mine");
            assert_eq!(offered[0].source.as_deref(), Some(Path::new("/models/m.json")));
            assert_eq!(offered[0].base, Some(base));
            let (_, restored, again) = store.restore(&offered[0].file).expect("restore");
            assert_eq!(restored.meta.title, "Mine");
            assert!(store.orphans().is_empty(), "restoring takes the file over");
            again.remove().expect("remove");
            assert!(!file.path().exists());
        }
    }

    #[test]
    fn a_broken_recovery_file_is_an_error_naming_it_and_is_kept() {
        let state = tempfile::tempdir().expect("state");
        let store = RecoveryStore::new(state.path());
        std::fs::create_dir_all(store.dir()).expect("dir");
        let bad = store.dir().join("bad.json");
        std::fs::write(&bad, "{\"format\": 1").expect("write");
        assert!(store.orphans().is_empty());
        let err = store.restore(&bad).expect_err("broken").to_string();
        assert!(err.contains("bad.json"), "{err}");
        assert!(bad.exists());
    }
}

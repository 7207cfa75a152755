//! The ThreatCanvas file: versioned, canonical JSON.
//!
//! Load = read (size-capped) → probe `format` and `version` → for an older version, check it
//! against that version's own types (so faults point at the file's lines as written), then
//! migrate it → parse into the current typed structs → validate → [`Model`]. Every error names
//! the file, the place (line and column, or JSON path) and the fault. Save = canonical bytes →
//! atomic write (a temporary file in the same folder, fsync, rename), so a crash never leaves
//! half a file.
//!
//! The migration policy is in [`migrate`].

/// Both directions between an on-disk enum and its in-memory counterpart, spelled out variant
/// by variant, so that a variant added on either side is a compile error in the version module
/// that has to decide what it means.
macro_rules! both_ways {
    ($disk:ident <=> $memory:ident { $($variant:ident),* $(,)? }) => {
        impl From<$disk> for $memory {
            fn from(v: $disk) -> Self {
                match v {
                    $($disk::$variant => Self::$variant,)*
                }
            }
        }
        impl From<$memory> for $disk {
            fn from(v: $memory) -> Self {
                match v {
                    $($memory::$variant => Self::$variant,)*
                }
            }
        }
    };
}

mod canonical;
mod convert;
pub mod migrate;
pub mod v1;
pub mod v2;
pub mod v3;

/// The shipped Juice Shop sample, loaded: the one place the library's own tests read it from.
#[cfg(test)]
pub(crate) fn juice_shop_sample() -> crate::model::Model {
    load_bytes(include_bytes!("../../samples/juice-shop.json"), "samples/juice-shop.json").expect("the sample loads")
}

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

pub use convert::{MAX_NAME_CHARS, MAX_TEXT_CHARS};

use crate::model::Model;

/// The value of the `format` field of every ThreatCanvas file.
pub const FORMAT_NAME: &str = "threatcanvas";
/// The format version this build writes, and the newest it reads.
pub const CURRENT_VERSION: u64 = 3;
/// The largest file ThreatCanvas opens: 64 MiB holds hundreds of thousands of records, and
/// refusing more keeps a hostile file from eating memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// One thing wrong in a file that parsed as JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where: a JSON path such as `$.flows[3].target`.
    pub path: String,
    /// What is wrong, in words.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Why a file could not be opened. Each variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read at all.
    #[error("{file}: cannot read the file: {source}")]
    Read {
        /// The file.
        file: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is larger than [`MAX_FILE_BYTES`].
    #[error("{file}: the file is {size} bytes; ThreatCanvas opens models of up to {MAX_FILE_BYTES} bytes")]
    TooLarge {
        /// The file.
        file: String,
        /// Its size in bytes.
        size: u64,
    },
    /// Not JSON, or JSON cut short.
    #[error("{file}:{line}:{column}: not valid JSON: {message}")]
    Syntax {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser saw.
        message: String,
    },
    /// JSON, but not a ThreatCanvas model.
    #[error("{file}: not a ThreatCanvas model: {reason}")]
    NotAModel {
        /// The file.
        file: String,
        /// Why not.
        reason: String,
    },
    /// Written by a newer ThreatCanvas than this one.
    #[error(
        "{file}: written by a newer ThreatCanvas (format version {found}; this version reads up to {CURRENT_VERSION}); update ThreatCanvas to open it"
    )]
    Newer {
        /// The file.
        file: String,
        /// The version found in the file.
        found: u64,
    },
    /// A migration step from an older version failed.
    #[error("{file}: cannot upgrade the file: {reason}")]
    Migration {
        /// The file.
        file: String,
        /// Which step failed and why.
        reason: String,
    },
    /// A field has the wrong type, an unknown name or a missing value.
    #[error("{file}:{line}:{column}: at {path}: {message}")]
    Structure {
        /// The file.
        file: String,
        /// 1-based line (0 when the file came through a migration).
        line: usize,
        /// 1-based column.
        column: usize,
        /// JSON path of the offending value.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The structure is right but the content is not: dangling references, duplicate ids,
    /// values out of range.
    #[error("{file}: {} problem{} found:\n{}", problems.len(), if problems.len() == 1 { "" } else { "s" }, list(problems))]
    Invalid {
        /// The file.
        file: String,
        /// Every problem found, up to a cap.
        problems: Vec<Problem>,
    },
}

fn list(problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n")
}

/// Why a file could not be saved. The original file is left as it was.
#[derive(Debug, thiserror::Error)]
#[error("{file}: cannot save: {source}")]
pub struct SaveError {
    /// The file.
    pub file: String,
    /// What the system said.
    pub source: std::io::Error,
}

/// Opens the model at `path`.
///
/// # Errors
/// A [`LoadError`] naming the file, the place and the fault.
pub fn load_file(path: &Path) -> Result<Model, LoadError> {
    let bytes = read_file(path)?;
    load_bytes(&bytes, &path.display().to_string())
}

/// Reads a model file's bytes: a regular file or a named pipe (the shell's `<(git show
/// main:model.json)`, which the README's review recipe uses) of at most [`MAX_FILE_BYTES`],
/// read with a cap (a pipe reports no size, so it cannot exhaust memory either way). Devices
/// are refused unread: `/dev/zero` would never end.
///
/// # Errors
/// [`LoadError::Read`], or [`LoadError::TooLarge`].
pub fn read_file(path: &Path) -> Result<Vec<u8>, LoadError> {
    use std::io::Read as _;
    let file = path.display().to_string();
    let read_err = |source| LoadError::Read { file: file.clone(), source };
    let meta = std::fs::metadata(path).map_err(read_err)?;
    if !meta.is_file() && !is_pipe(&meta) {
        let what = if meta.is_dir() { "a folder" } else { "not a regular file" };
        return Err(LoadError::Read { file: file.clone(), source: std::io::Error::other(format!("it is {what}")) });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { file, size: meta.len() });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    std::fs::File::open(path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)).map_err(read_err)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { file, size: bytes.len() as u64 });
    }
    Ok(bytes)
}

/// Whether `meta` is a named pipe (a FIFO, or the `/dev/fd/N` of a shell's process substitution).
fn is_pipe(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        meta.file_type().is_fifo()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// Reads a model from `bytes`; `file` names the source in errors (a path, `<stdin>`, `<clipboard>`).
///
/// # Errors
/// A [`LoadError`] naming `file`, the place and the fault.
pub fn load_bytes(bytes: &[u8], file: &str) -> Result<Model, LoadError> {
    let size = bytes.len() as u64;
    if size > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { file: file.to_owned(), size });
    }
    let version = probe(bytes, file)?;
    let parsed: v3::FileV3 = if version == CURRENT_VERSION {
        parse_as::<v3::FileV3>(bytes, file)?
    } else {
        check_as_written(bytes, version, file)?;
        let value: Value = serde_json::from_slice(bytes).map_err(|e| syntax_error(file, bytes, &e))?;
        let value = migrate::to_current(value, version)
            .map_err(|reason| LoadError::Migration { file: file.to_owned(), reason })?;
        serde_path_to_error::deserialize(value).map_err(|e| structure_error(file, &e))?
    };
    convert::to_model(parsed).map_err(|problems| LoadError::Invalid { file: file.to_owned(), problems })
}

/// Parses `bytes` into the on-disk type `T`, with the line, column and JSON path of any fault.
fn parse_as<T: DeserializeOwned>(bytes: &[u8], file: &str) -> Result<T, LoadError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut de).map_err(|e| structure_error(file, &e))
}

/// Checks a file of an older `version` against that version's own types before it is
/// migrated: a wrong type or an unknown field is then reported at its line and column, in the
/// terms of the version the file was written in.
fn check_as_written(bytes: &[u8], version: u64, file: &str) -> Result<(), LoadError> {
    match version {
        1 => parse_as::<v1::FileV1>(bytes, file).map(drop),
        2 => parse_as::<v2::FileV2>(bytes, file).map(drop),
        _ => Ok(()),
    }
}

/// Checks the envelope and returns the version, parsing nothing else into memory.
fn probe(bytes: &[u8], file: &str) -> Result<u64, LoadError> {
    #[derive(Deserialize)]
    struct Probe {
        #[serde(default)]
        format: Option<Value>,
        #[serde(default)]
        version: Option<Value>,
    }
    let not_a_model = |reason: &str| LoadError::NotAModel { file: file.to_owned(), reason: reason.to_owned() };
    if bytes.contains(&0) || std::str::from_utf8(bytes).is_err() {
        return Err(not_a_model("the file is not text (is it an image or an archive?)"));
    }
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n') => {
            return Err(not_a_model("the top level is not a JSON object"));
        }
        None => return Err(not_a_model("the file is empty")),
        // An object, or not JSON at all (the parser below says where).
        Some(_) => {}
    }
    let probe: Probe = serde_json::from_slice(bytes).map_err(|e| {
        if e.is_data() { not_a_model("the top level is not a JSON object") } else { syntax_error(file, bytes, &e) }
    })?;
    match probe.format {
        Some(Value::String(s)) if s == FORMAT_NAME => {}
        Some(_) => return Err(not_a_model("the \"format\" field is not \"threatcanvas\"")),
        None => {
            return Err(not_a_model("there is no \"format\": \"threatcanvas\" field"));
        }
    }
    let Some(version) = probe.version else {
        return Err(not_a_model("there is no \"version\" field"));
    };
    let Some(version) = version.as_u64().filter(|v| *v >= 1) else {
        return Err(not_a_model(&format!("\"version\" is {version}, not a whole number from 1")));
    };
    if version > CURRENT_VERSION {
        return Err(LoadError::Newer { file: file.to_owned(), found: version });
    }
    Ok(version)
}

/// Whether the text at 1-based `line` and `column` starts with NaN or Infinity.
fn at_non_finite_number(source: &[u8], line: usize, column: usize) -> bool {
    let Some(text) = source.split(|b| *b == b'\n').nth(line - 1) else { return false };
    let start = column.saturating_sub(1).min(text.len());
    let rest = &text[start..];
    [b"NaN".as_slice(), b"Infinity", b"-Infinity"].iter().any(|w| rest.starts_with(w))
}

/// `serde_json`'s message without its " at line L column C" tail, which we print up front.
fn bare_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) if e.line() > 0 => text[..i].to_owned(),
        _ => text,
    }
}

fn syntax_error(file: &str, source: &[u8], e: &serde_json::Error) -> LoadError {
    let message = if e.is_eof() {
        format!("{} (the file ends too early: is it truncated?)", bare_message(e))
    } else {
        bare_message(e)
    };
    let message = if e.line() > 0 && at_non_finite_number(source, e.line(), e.column()) {
        format!("{message} (NaN and Infinity are not JSON numbers)")
    } else {
        message
    };
    LoadError::Syntax { file: file.to_owned(), line: e.line(), column: e.column(), message }
}

fn structure_error(file: &str, e: &serde_path_to_error::Error<serde_json::Error>) -> LoadError {
    let inner = e.inner();
    if inner.is_syntax() || inner.is_eof() {
        return syntax_error(file, &[], inner);
    }
    let path = e.path().to_string();
    let path = if path == "." { "$".to_owned() } else { format!("$.{path}") };
    LoadError::Structure {
        file: file.to_owned(),
        line: inner.line(),
        column: inner.column(),
        path,
        message: bare_message(inner),
    }
}

/// The canonical text of `model`: the same model always gives the same bytes.
#[must_use]
pub fn to_canonical_string(model: &Model) -> String {
    let file = convert::from_model(model);
    // Serializing plain structs of strings, integers and maps with string keys cannot fail.
    let value = serde_json::to_value(&file).unwrap_or(Value::Null);
    canonical::to_string(&value)
}

/// The canonical form of `text` if it is a valid model: what `threatcanvas fmt` writes.
///
/// # Errors
/// Whatever [`load_bytes`] says about `text`.
pub fn canonicalize(text: &[u8], file: &str) -> Result<String, LoadError> {
    load_bytes(text, file).map(|model| to_canonical_string(&model))
}

/// Saves `model` to `path` atomically: the old file stays whole until the new one is complete.
///
/// # Errors
/// A [`SaveError`] naming the file.
pub fn save_file(model: &Model, path: &Path) -> Result<(), SaveError> {
    write_atomically(path, to_canonical_string(model).as_bytes())
}

/// Writes `bytes` to `path` through a temporary file in the same folder, fsync and rename,
/// then fsyncs the folder. An existing file keeps its permissions; a new one gets the user's
/// default (umask). A symbolic link is followed, so the file it points to is replaced and the
/// link stays.
///
/// # Errors
/// A [`SaveError`] naming the file; the original is untouched.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    write_atomically_observed(path, bytes, &mut |_| {})
}

/// A point in [`write_atomically`] where a crash may strike. Fault-injection tests stop the
/// process at each one and check the file on disk is whole: the old one before the rename, the
/// new one after.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveStep {
    /// The temporary file holds the new bytes and is synced; the rename has not happened.
    TempWritten,
    /// Permissions are copied; the next system call is the rename.
    BeforeRename,
    /// The rename happened; the folder is not yet synced.
    Renamed,
}

/// [`write_atomically`], calling `at` at each [`SaveStep`] (tests inject faults there).
///
/// # Errors
/// As [`write_atomically`].
#[doc(hidden)]
pub fn write_atomically_observed(path: &Path, bytes: &[u8], at: &mut dyn FnMut(SaveStep)) -> Result<(), SaveError> {
    // Errors name the file the user asked for, never the temporary file beside it.
    let err = |source: std::io::Error| SaveError { file: path.display().to_string(), source: plain(source) };
    let target = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => std::fs::canonicalize(path).map_err(err)?,
        _ => path.to_path_buf(),
    };
    // A pipe or a device a model was read from (`fmt <(…)`) is not replaced by a file.
    if let Ok(meta) = std::fs::metadata(&target)
        && !meta.is_file()
    {
        let what = if meta.is_dir() { "a folder" } else { "not a regular file" };
        return Err(err(std::io::Error::other(format!("it is {what}; only a file is replaced"))));
    }
    let dir: PathBuf = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        let what = if dir.exists() { "is not a folder" } else { "does not exist" };
        return Err(err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("the folder {} {what}", dir.display()),
        )));
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".threatcanvas-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // Created with 0666 less the umask, like any file an editor creates.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(err)?;
    tmp.write_all(bytes).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    at(SaveStep::TempWritten);
    if let Ok(meta) = std::fs::metadata(&target) {
        tmp.as_file().set_permissions(meta.permissions()).map_err(err)?;
    }
    at(SaveStep::BeforeRename);
    tmp.persist(&target).map_err(|e| err(e.error))?;
    at(SaveStep::Renamed);
    #[cfg(unix)]
    if let Ok(folder) = std::fs::File::open(&dir) {
        // Make the rename itself durable; a failure here leaves a complete file either way.
        let _ = folder.sync_all();
    }
    Ok(())
}

/// `e` without the temporary file's path that `tempfile` appends to its messages.
fn plain(e: std::io::Error) -> std::io::Error {
    let text = e.to_string();
    match text.find(" at path ") {
        Some(i) => std::io::Error::new(e.kind(), text[..i].to_owned()),
        None => e,
    }
}

/// The JSON Schema of the current format, generated from its on-disk types. A test keeps it
/// equal to `assets/threatcanvas.schema.json`, the published copy.
#[must_use]
pub fn json_schema() -> String {
    schema_text::<v3::FileV3>()
}

/// The pretty-printed JSON Schema of `T`, ending in a newline.
fn schema_text<T: schemars::JsonSchema>() -> String {
    let schema = schemars::schema_for!(T);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A released version's types must keep describing exactly the files that version wrote.
    #[test]
    fn the_v1_types_still_match_the_frozen_v1_schema() {
        assert!(
            schema_text::<v1::FileV1>() == include_str!("../../assets/schema/v1.schema.json"),
            "the on-disk types of format version 1 changed: they are frozen. Undo the change, and put \
             it in a new format version (see the policy in src/format/migrate.rs)"
        );
    }

    /// Version 2 is released too: its types are frozen like version 1's.
    #[test]
    fn the_v2_types_still_match_the_frozen_v2_schema() {
        assert!(
            schema_text::<v2::FileV2>() == include_str!("../../assets/schema/v2.schema.json"),
            "the on-disk types of format version 2 changed: they are frozen. Undo the change, and put \
             it in a new format version (see the policy in src/format/migrate.rs)"
        );
    }
}

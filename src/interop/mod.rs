//! Bringing models in from other tools and taking them out again: OWASP Threat Dragon (v1 and
//! v2 files in, v2 out) and Open Threat Model (OTM 0.1.0 and 0.2.0, in and out).
//!
//! Everything here is pure conversion between bytes and a [`Model`]; the only file reading is
//! [`import_file`]. Every import returns the model together with a [`Summary`]: the counts of
//! what arrived and every decision taken on the user's behalf (a flow end attached to the
//! element under it, an unknown status read as Open, a flow left out because one end is
//! missing...), each naming the source file's cell or component id. Every export returns the
//! text with the warnings of what the other format cannot hold. Imported models pass the
//! loader's validation; models without positions are auto-laid-out ([`crate::layout`]).

mod geometry;
mod ids;
mod lenient;
mod limits;
pub mod otm;
pub mod summary;
pub mod td;
mod tidy;

use std::collections::BTreeSet;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::Value;

pub use summary::{Counts, RecordKind, Summary, Warning, WarningKind};

use crate::format::{self, LoadError};
use crate::model::Model;

/// The formats ThreatCanvas converts between.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// ThreatCanvas's own file.
    ThreatCanvas,
    /// OWASP Threat Dragon (v1 or v2 in; v2 out).
    ThreatDragon,
    /// Open Threat Model (0.1.0 or 0.2.0 in; 0.2.0 out).
    Otm,
}

impl Format {
    /// The format's name in messages.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::ThreatCanvas => "ThreatCanvas",
            Self::ThreatDragon => "Threat Dragon",
            Self::Otm => "Open Threat Model",
        }
    }
}

/// A model read from another tool, and what the reading did.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The model, valid by the loader's rules.
    pub model: Model,
    /// Counts and every warning.
    pub summary: Summary,
}

/// A model written for another tool, and what that tool's format cannot hold.
#[derive(Clone, Debug)]
pub struct Exported {
    /// The file's text (pretty-printed JSON, ending in a newline).
    pub text: String,
    /// What was left out or changed, naming the record.
    pub warnings: Vec<Warning>,
}

/// Why a file could not be imported. Each variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Reading, size, syntax or (for ThreatCanvas files) anything the loader refuses.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The format could not be told from the content or the name.
    #[error(
        "{file}: cannot tell which format this is: it is not a ThreatCanvas model, has no \"otmVersion\" (OTM) and no \"summary\" or \"detail\" (Threat Dragon)"
    )]
    UnknownFormat {
        /// The file.
        file: String,
    },
    /// The file reads, but the model it describes breaks the loader's rules (a box out of
    /// range, say); nothing is imported.
    #[error("{file}: the imported model would not be valid: {}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid {
        /// The file.
        file: String,
        /// What is wrong, record by record.
        problems: Vec<crate::model::Problem>,
    },
    /// The file is JSON of the expected format, but something has the wrong type or is missing.
    #[error("{file}:{line}:{column}: not {what}: at {path}: {message}")]
    Structure {
        /// The file.
        file: String,
        /// What it was read as: "a Threat Dragon v2 model".
        what: &'static str,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// JSON path of the offending value, such as `$.detail`.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// Works out the format of `bytes` from its content (ThreatCanvas's `format` field, OTM's
/// `otmVersion`, Threat Dragon's `summary` or `detail`), then from `name`
/// ([`format_of_name`]); `None` when neither tells.
#[must_use]
pub fn detect(bytes: &[u8], name: &str) -> Option<Format> {
    if let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(bytes) {
        if map.get("format").and_then(Value::as_str) == Some(format::FORMAT_NAME) {
            return Some(Format::ThreatCanvas);
        }
        if map.contains_key("otmVersion") {
            return Some(Format::Otm);
        }
        if ["summary", "detail", "details"].iter().any(|k| map.contains_key(*k)) {
            return Some(Format::ThreatDragon);
        }
    }
    format_of_name(name)
}

/// The format a file's name says, whatever the case: `*.otm`, `*.otm.json`, `*.otm.yaml` OTM,
/// `*.td.json` Threat Dragon; `None` for any other name.
#[must_use]
pub fn format_of_name(name: &str) -> Option<Format> {
    let file = Path::new(name).file_name()?.to_string_lossy().to_ascii_lowercase();
    let mut parts = file.rsplit('.');
    let (last, before) = (parts.next()?, parts.next()?);
    match (before, last) {
        (_, "otm") | ("otm", "json" | "yaml" | "yml") => Some(Format::Otm),
        ("td", "json") => Some(Format::ThreatDragon),
        _ => None,
    }
}

/// Imports `bytes` (named `file` in messages) as `format`, or as the format [`detect`] finds.
///
/// # Errors
/// [`ImportError`] naming the file: unreadable JSON, an unknown format, a missing or mistyped
/// field with its JSON path, whatever the loader refuses, and an imported model the loader's
/// rules would still refuse after boxes beyond the limits were moved inside them.
pub fn import_bytes(bytes: &[u8], file: &str, format: Option<Format>) -> Result<Imported, ImportError> {
    let size = bytes.len() as u64;
    if size > format::MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { file: file.to_owned(), size }.into());
    }
    let Some(format) = format.or_else(|| detect(bytes, file)) else {
        // Syntax errors say more than "unknown format".
        serde_json::from_slice::<Value>(bytes).map_err(|e| syntax_error(file, &e))?;
        return Err(ImportError::UnknownFormat { file: file.to_owned() });
    };
    let (mut model, mut summary) = match format {
        Format::ThreatCanvas => {
            let model = format::load_bytes(bytes, file)?;
            let summary =
                Summary { source_format: "ThreatCanvas".to_owned(), counts: Counts::of(&model), ..Summary::default() };
            (model, summary)
        }
        Format::ThreatDragon => {
            let value: Value = serde_json::from_slice(bytes).map_err(|e| syntax_error(file, &e))?;
            td::import(&value, bytes, file)?
        }
        Format::Otm => otm::import(bytes, file)?,
    };
    limits::fit(&mut model, &mut summary);
    // Whatever else another tool's file could make that the loader would refuse is refused
    // here, as a load would be, never handed on to the editor or an export.
    model.validate().map_err(|problems| ImportError::Invalid { file: file.to_owned(), problems })?;
    summary.conclude();
    summary::name_records(&mut summary.warnings, &model, &summary.repeated_ids);
    Ok(Imported { model, summary })
}

/// Reads and imports the file at `path`.
///
/// # Errors
/// As [`import_bytes`], plus [`LoadError::Read`] and [`LoadError::TooLarge`].
pub fn import_file(path: &Path, format: Option<Format>) -> Result<Imported, ImportError> {
    let bytes = format::read_file(path)?;
    import_bytes(&bytes, &path.display().to_string(), format)
}

/// Writes `model` as `format`.
#[must_use]
pub fn export(model: &Model, format: Format) -> Exported {
    let mut exported = match format {
        Format::ThreatCanvas => Exported { text: format::to_canonical_string(model), warnings: Vec::new() },
        Format::ThreatDragon => td::to_string(model),
        Format::Otm => otm::to_string(model),
    };
    summary::name_records(&mut exported.warnings, model, &BTreeSet::new());
    exported
}

/// Parses `bytes` into `T`, naming the file, line, column and JSON path of any fault.
fn parse_typed<T: DeserializeOwned>(bytes: &[u8], file: &str, what: &'static str) -> Result<T, ImportError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let inner = e.inner();
        if inner.is_syntax() || inner.is_eof() {
            return syntax_error(file, inner);
        }
        let path = e.path().to_string();
        let path = if path == "." { "$".to_owned() } else { format!("$.{path}") };
        let text = inner.to_string();
        let message = match text.rfind(" at line ") {
            Some(i) => text[..i].to_owned(),
            None => text,
        };
        ImportError::Structure {
            file: file.to_owned(),
            what,
            line: inner.line(),
            column: inner.column(),
            path,
            message,
        }
    })
}

fn syntax_error(file: &str, e: &serde_json::Error) -> ImportError {
    let text = e.to_string();
    let message = match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    };
    ImportError::Load(LoadError::Syntax { file: file.to_owned(), line: e.line(), column: e.column(), message })
}

//! Writing a report to disk: the one place the CLI and the app share, so both name the
//! diagram files the same way and write every file atomically.

use std::path::{Path, PathBuf};

use super::ReportFormat;
use crate::model::Model;

/// Why a report could not be written; every message names the file concerned.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The folder to write into does not exist.
    #[error("{}: the folder {} does not exist", .0.display(), .1.display())]
    NoFolder(PathBuf, PathBuf),
    /// A diagram could not be drawn.
    #[error("{}: a diagram could not be drawn: {}", .0.display(), .1)]
    Draw(PathBuf, crate::export::ExportError),
    /// A file could not be written.
    #[error(transparent)]
    Save(#[from] crate::format::SaveError),
}

/// The format a report file's extension names: `.md` and `.markdown` Markdown, `.html` and
/// `.htm` HTML, anything else none.
#[must_use]
pub fn format_of(path: &Path) -> Option<ReportFormat> {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("md" | "markdown") => Some(ReportFormat::Markdown),
        Some("html" | "htm") => Some(ReportFormat::Html),
        _ => None,
    }
}

/// Writes the report of `model` to `out` in `format`; for Markdown, each diagram goes beside it
/// as `STEM-DIAGRAM.svg`. Returns every path written, the report first.
///
/// # Errors
/// [`WriteError`], naming the file.
pub fn write(model: &Model, format: ReportFormat, out: &Path) -> Result<Vec<PathBuf>, WriteError> {
    let folder = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !folder.is_dir() {
        return Err(WriteError::NoFolder(out.to_path_buf(), folder.to_path_buf()));
    }
    let failed = |e| WriteError::Draw(out.to_path_buf(), e);
    match format {
        ReportFormat::Html => {
            let html = super::html(model).map_err(failed)?;
            crate::format::write_atomically(out, html.as_bytes())?;
            Ok(vec![out.to_path_buf()])
        }
        ReportFormat::Markdown => {
            let stem = out.file_stem().map_or_else(|| "report".into(), |s| s.to_string_lossy().into_owned());
            let md = super::markdown(model, &stem).map_err(failed)?;
            let mut written = vec![out.to_path_buf()];
            for (name, svg) in &md.pictures {
                let path = folder.join(name);
                crate::format::write_atomically(&path, svg.as_bytes())?;
                written.push(path);
            }
            crate::format::write_atomically(out, md.text.as_bytes())?;
            Ok(written)
        }
    }
}

//! Reading the version to compare with: a model file, or a git revision of the open model's
//! own file through `git show REV:./NAME` run in the file's folder; and the editor's handlers
//! that open and close a comparison. Applier only: this is I/O.

use std::path::Path;
use std::process::Command;

use super::Editor;
use super::compare::Comparison;
use crate::format;
use crate::model::Model;

/// The other version named by `text`: an existing file, else a git revision of `document`
/// (the open model's file). Returns the model and what to call it.
///
/// # Errors
/// A sentence saying what was tried and what went wrong, for the dialog.
pub fn load(document: Option<&Path>, text: &str) -> Result<(Model, String), String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Type a file path or a git revision (HEAD, main, a commit id).".to_owned());
    }
    let as_path = Path::new(text);
    if as_path.is_file() {
        return format::load_file(as_path).map(|m| (m, text.to_owned())).map_err(|e| e.to_string());
    }
    let Some(document) = document else {
        return Err(format!(
            "{text} is not a file, and this model has never been saved, so it has no git history to compare with."
        ));
    };
    from_git(document, text)
}

fn from_git(document: &Path, revision: &str) -> Result<(Model, String), String> {
    // A revision starting with '-' would be read by git as an option.
    if revision.starts_with('-') {
        return Err(format!("{revision} is neither a file nor a git revision."));
    }
    let Some(name) = document.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Err(format!("{} has no file name.", document.display()));
    };
    let folder = document.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or_else(|| Path::new("."));
    let spec = format!("{revision}:./{name}");
    let output = Command::new("git")
        .arg("-C")
        .arg(folder)
        .args(["show", "--no-textconv"])
        .arg(&spec)
        .output()
        .map_err(|e| format!("{revision} is not a file, and git could not be run to read it as a revision: {e}"))?;
    if !output.status.success() {
        let why = String::from_utf8_lossy(&output.stderr);
        let why = why.lines().find(|l| !l.trim().is_empty()).unwrap_or("git gave no reason").trim();
        return Err(format!("{revision} is not a file, and git cannot show {name} at revision {revision}: {why}"));
    }
    let label = format!("{revision}:{name}");
    format::load_bytes(&output.stdout, &label).map(|m| (m, label)).map_err(|e| e.to_string())
}

impl Editor {
    /// View ▸ Compare with…: reads the other version (a file, or a git revision of this
    /// model's file) and shows the differences; an error keeps the dialog open with it.
    pub(super) fn compare_with(&mut self, text: &Path) -> Result<(), String> {
        let (other, against) = load(self.doc.path(), &text.to_string_lossy())?;
        let comparison = Comparison::new(against, other, self.doc.model(), self.doc.revision());
        let count = comparison.diff.changes.len() + comparison.diff.layout.len();
        self.status = format!("Compared with {}: {count} changes", comparison.against);
        self.compare = Some(comparison);
        Ok(())
    }

    /// Closes the comparison; the model never held any of it.
    pub(super) fn close_compare(&mut self) {
        if self.compare.take().is_some() {
            "Closed the comparison".clone_into(&mut self.status);
        }
    }
}

//! The applier's part for other tools' files and for laying a diagram out afresh: File >
//! Import and files dropped onto the window (another tool's model becomes a new unsaved
//! document and its import summary shows; a ThreatCanvas model opens as Open does), File >
//! Export to Threat Dragon / OTM, and Arrange > Auto-layout.

use std::path::{Path, PathBuf};

use super::action::{Action, PathPurpose, Pending};
use super::dialogs::Dialog;
use super::{Document, Editor};
use crate::interop::{self, Format};

impl Editor {
    /// Applies an import, export-to-another-tool or auto-layout request.
    pub(super) fn apply_interchange(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Import => {
                self.settle_gestures(ctx);
                self.guard_unsaved(ctx, Pending::ImportPrompt);
            }
            Action::OpenOrImport(path) => {
                self.settle_gestures(ctx);
                self.guard_unsaved(ctx, Pending::ImportPath(path));
            }
            Action::ExportThreatDragon | Action::ExportOtm => {
                self.settle_gestures(ctx);
                let purpose = if matches!(action, Action::ExportOtm) {
                    PathPurpose::ExportOtm
                } else {
                    PathPurpose::ExportThreatDragon
                };
                let text = self.interchange_path(&purpose);
                self.dialog = Some(Dialog::path(purpose, text));
            }
            Action::AutoLayout => self.auto_layout(ctx),
            _ => {}
        }
    }

    /// The path an import or export dialog starts from: the model's folder, and for an export
    /// a name from the title with the suffix that tells the format (`.td.json`, `.otm.json`).
    pub(super) fn interchange_path(&self, purpose: &PathPurpose) -> String {
        let folder = self.default_folder();
        let suffix = match purpose {
            PathPurpose::ExportThreatDragon => "td.json",
            PathPurpose::ExportOtm => "otm.json",
            _ => return folder.join("").display().to_string(),
        };
        let stem = crate::export::slug(&self.doc.model().meta.title);
        folder.join(format!("{stem}.{suffix}")).display().to_string()
    }

    /// Opens `path` (the caller has dealt with unsaved changes): a ThreatCanvas model as Open
    /// does; another tool's model as a new unsaved document with no undo history, then shows
    /// what the import did. On failure the current document stays and the error, naming the
    /// file, is returned.
    pub(super) fn open_or_import(&mut self, path: &Path) -> Result<(), String> {
        let file = path.display().to_string();
        let bytes = crate::format::read_file(path).map_err(|e| e.to_string())?;
        let format = interop::detect(&bytes, &file);
        if format == Some(Format::ThreatCanvas) {
            return self.open_path(path);
        }
        let imported = interop::import_bytes(&bytes, &file, format).map_err(|e| e.to_string())?;
        let summary = imported.summary;
        self.replace_document(Document::imported(imported.model, path));
        let warnings = summary.warnings.len();
        self.status = format!(
            "Imported {} as a new unsaved document ({warnings} warning{}); Save As keeps it",
            path.file_name().map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned()),
            if warnings == 1 { "" } else { "s" }
        );
        self.dialog = Some(Dialog::ImportSummary { file: path.to_path_buf(), summary });
        Ok(())
    }

    /// Writes the model for Threat Dragon or as OTM; what the other format cannot hold is
    /// shown in a dialog.
    pub(super) fn export_interchange(&mut self, purpose: &PathPurpose, path: &Path) -> Result<(), String> {
        if path.is_dir() {
            return Err(format!("{} is a folder: add a file name", path.display()));
        }
        let format = if *purpose == PathPurpose::ExportOtm { Format::Otm } else { Format::ThreatDragon };
        let exported = interop::export(self.doc.model(), format);
        crate::format::write_atomically(path, exported.text.as_bytes()).map_err(|e| e.to_string())?;
        self.status = format!("Exported {} for {}", path.display(), format.label());
        if !exported.warnings.is_empty() {
            self.dialog = Some(Dialog::ExportNotes {
                file: path.to_path_buf(),
                format: format.label(),
                warnings: exported.warnings,
            });
        }
        Ok(())
    }

    /// Lays the shown data-flow diagram out afresh as one undo step.
    fn auto_layout(&mut self, ctx: &egui::Context) {
        self.settle_gestures(ctx);
        let Some(diagram) = self.view.diagram.clone() else { return };
        if self.view.is_sequence(self.doc.model()) {
            "Auto-layout arranges data-flow diagrams; a sequence diagram orders its lifelines and messages itself"
                .clone_into(&mut self.status);
            return;
        }
        let tx = crate::edit::auto_layout(self.doc.model(), &diagram);
        if tx.is_empty() {
            "Auto-layout: the diagram is already laid out so".clone_into(&mut self.status);
            return;
        }
        let moved = tx.edits.len();
        self.execute(tx);
        self.status = format!("Auto-layout: {moved} boxes and routes changed (Undo puts them back)");
        self.canvas.request_fit();
    }
}

/// The system's file dialog for an import or an export to another tool; `None` for other
/// purposes, when cancelled, or when none can open.
pub(super) fn native_dialog(purpose: &PathPurpose, dialog: rfd::FileDialog, file_name: &str) -> Option<PathBuf> {
    match purpose {
        PathPurpose::Import => {
            dialog.add_filter("Threat Dragon, Open Threat Model or ThreatCanvas model", &["json"]).pick_file()
        }
        PathPurpose::ExportThreatDragon => {
            dialog.add_filter("Threat Dragon model", &["json"]).set_file_name(file_name).save_file()
        }
        PathPurpose::ExportOtm => {
            dialog.add_filter("Open Threat Model", &["json", "otm"]).set_file_name(file_name).save_file()
        }
        _ => None,
    }
}

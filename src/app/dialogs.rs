//! Modal dialogs: a typed path (with a Browse… button for the native dialog, so the app works
//! where no native dialog can open), the unsaved-changes question, errors, renaming a diagram,
//! and what an import or an export to another tool did (drawn by `interchange_report`).
//! A dialog holds what is typed into it and proposes what the user chose; the editor does the
//! saving, opening and exporting, and puts any error back into the dialog.

mod new_model;
mod suppress;

use std::path::PathBuf;

pub use new_model::NewModelDraft;
pub use suppress::SuppressDraft;

use super::action::{Action, PathPurpose, Pending, UnsavedAnswer};
use super::interchange_report;
use super::safekeeping_dialogs::SafeDialog;
use super::view::Snapshot;
use crate::interop::summary::{Summary, Warning};
use crate::model::{DiagramId, MAX_NAME_CHARS};

/// An open dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dialog {
    /// Ask for a file path.
    Path {
        /// What for.
        purpose: PathPurpose,
        /// The path typed so far.
        text: String,
        /// The last error, shown under the field.
        error: Option<String>,
        /// An existing file the user has been warned about; submitting it again replaces it.
        replace: Option<PathBuf>,
    },
    /// "Save changes?"
    Unsaved {
        /// What to do afterwards.
        then: Pending,
    },
    /// Something went wrong.
    Error(String),
    /// Recovery, a file changed on disk, a lock (see `safekeeping_dialogs.rs`).
    Safekeeping(SafeDialog),
    /// Rename a diagram.
    RenameDiagram {
        /// The diagram.
        id: DiagramId,
        /// The name typed so far.
        text: String,
    },
    /// What an import brought in and every decision it took.
    ImportSummary {
        /// The imported file.
        file: PathBuf,
        /// Counts and warnings.
        summary: Summary,
    },
    /// What an export to another tool could not hold.
    ExportNotes {
        /// The written file.
        file: PathBuf,
        /// The other tool's format, in words.
        format: &'static str,
        /// What was left out or changed.
        warnings: Vec<Warning>,
    },
    /// Suppress a check finding, with its reason.
    Suppress(SuppressDraft),
    /// The guided start's questions for a new model.
    NewModel(Box<NewModelDraft>),
}

impl Dialog {
    /// A path prompt prefilled with `text`.
    #[must_use]
    pub const fn path(purpose: PathPurpose, text: String) -> Self {
        Self::Path { purpose, text, error: None, replace: None }
    }

    /// Shows `message` under the path field (other dialogs ignore it).
    pub fn set_error(&mut self, message: String) {
        if let Self::Path { error, .. } = self {
            *error = Some(message);
        }
    }
}

/// A path prompt's title and the label of its button.
const fn path_titles(purpose: &PathPurpose) -> (&'static str, &'static str) {
    match purpose {
        PathPurpose::Open => ("Open model", "Open"),
        PathPurpose::SaveAs(_) => ("Save model as", "Save"),
        PathPurpose::ExportSvg => ("Export diagram as SVG", "Export"),
        PathPurpose::ExportPng => ("Export diagram as PNG", "Export"),
        PathPurpose::Import => ("Import from Threat Dragon or OTM", "Import"),
        PathPurpose::ExportThreatDragon => ("Export model to Threat Dragon", "Export"),
        PathPurpose::ExportOtm => ("Export model to Open Threat Model", "Export"),
        PathPurpose::ExportPdf => ("Export diagram as PDF", "Export"),
        PathPurpose::ExportReport => ("Write the report (HTML, or Markdown for .md)", "Write"),
        PathPurpose::Compare => ("Compare with", "Compare"),
    }
}

/// Draws `dialog` and returns what the user chose.
pub fn show(ctx: &egui::Context, dialog: &mut Dialog, snapshot: &Snapshot<'_>) -> Vec<Action> {
    let escape = ctx.input(|i| i.key_pressed(egui::Key::Escape));
    match dialog {
        Dialog::Path { purpose, text, error, .. } => {
            path_dialog(ctx, purpose, text, error.as_deref(), escape, snapshot)
        }
        Dialog::Unsaved { .. } => unsaved_dialog(ctx, snapshot.document_name, escape),
        Dialog::Error(message) => {
            let mut close = escape;
            egui::Modal::new(egui::Id::unique("error_dialog")).show(ctx, |ui| {
                ui.set_max_width(560.0);
                ui.heading("Something went wrong");
                ui.label(message.as_str());
                close |= ui.button("OK").clicked();
            });
            if close { vec![Action::CloseDialog] } else { Vec::new() }
        }
        Dialog::RenameDiagram { id, text } => rename_dialog(ctx, snapshot, id, text, escape),
        Dialog::Safekeeping(dialog) => super::safekeeping_dialogs::show(ctx, dialog, escape),
        Dialog::ImportSummary { file, summary } => interchange_report::import_summary(ctx, file, summary, escape),
        Dialog::ExportNotes { file, format, warnings } => {
            interchange_report::export_notes(ctx, file, format, warnings, escape)
        }
        Dialog::Suppress(draft) => suppress::show(ctx, draft, snapshot, escape),
        Dialog::NewModel(draft) => new_model::show(ctx, draft, escape),
    }
}

fn path_dialog(
    ctx: &egui::Context,
    purpose: &PathPurpose,
    text: &mut String,
    error: Option<&str>,
    escape: bool,
    snapshot: &Snapshot<'_>,
) -> Vec<Action> {
    let (title, ok_label) = path_titles(purpose);
    let mut chosen = Vec::new();
    let mut submit = false;
    let mut cancel = escape;
    let mut browse = false;
    egui::Modal::new(egui::Id::unique("path_dialog")).show(ctx, |ui| {
        ui.set_width(520.0);
        ui.heading(title);
        let label = ui.label(if *purpose == PathPurpose::Compare {
            "File path, or a git revision of this file (HEAD, main~1, a commit id):"
        } else {
            "File path:"
        });
        let field = ui
            .add(egui::TextEdit::singleline(text).desired_width(f32::INFINITY).char_limit(4096))
            .labelled_by(label.id);
        // Enter submits. Check it before re-focusing the field: a single-line field gives up
        // focus on Enter, and taking it back at once would swallow the key.
        if (field.lost_focus() || field.has_focus()) && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            submit = true;
        } else if !field.has_focus() && error.is_none() && ui.memory(|m| m.focused().is_none()) {
            field.request_focus();
        }
        if let Some(e) = error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        if matches!(purpose, PathPurpose::ExportSvg | PathPurpose::ExportPng | PathPurpose::ExportPdf) {
            let has_selection = !snapshot.view.selection.is_empty() || !snapshot.view.selected_messages.is_empty();
            chosen = super::export_choices::show(ui, snapshot.export, has_selection);
        }
        ui.horizontal(|ui| {
            submit |= ui.button(ok_label).clicked();
            browse = ui.button("Browse…").on_hover_text("Choose with the system's file dialog").clicked();
            cancel |= ui.button("Cancel").clicked();
        });
    });
    if cancel {
        chosen.push(Action::CloseDialog);
    } else if browse {
        chosen.push(Action::BrowseForPath);
    } else if submit {
        chosen.push(Action::SubmitPath(PathBuf::from(text.trim())));
    }
    chosen
}

fn unsaved_dialog(ctx: &egui::Context, document_name: &str, escape: bool) -> Vec<Action> {
    let mut choice = escape.then_some(UnsavedAnswer::Cancel);
    egui::Modal::new(egui::Id::unique("unsaved_dialog")).show(ctx, |ui| {
        ui.heading("Unsaved changes");
        ui.label(format!("Save the changes to {document_name} first?"));
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                choice = Some(UnsavedAnswer::Save);
            }
            if ui.button("Don't save").clicked() {
                choice = Some(UnsavedAnswer::Discard);
            }
            if ui.button("Cancel").clicked() {
                choice = Some(UnsavedAnswer::Cancel);
            }
        });
    });
    choice.map(|c| vec![Action::AnswerUnsaved(c)]).unwrap_or_default()
}

fn rename_dialog(
    ctx: &egui::Context,
    snapshot: &Snapshot<'_>,
    id: &DiagramId,
    text: &mut String,
    escape: bool,
) -> Vec<Action> {
    let mut done = false;
    let mut cancel = escape;
    egui::Modal::new(egui::Id::unique("rename_diagram")).show(ctx, |ui| {
        ui.heading("Diagram name");
        let label = ui.label("Name:");
        let field = ui.add(egui::TextEdit::singleline(text).char_limit(MAX_NAME_CHARS)).labelled_by(label.id);
        if (field.lost_focus() || field.has_focus()) && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            done = true;
        } else if ui.memory(|m| m.focused().is_none()) {
            field.request_focus();
        }
        ui.horizontal(|ui| {
            done |= ui.button("Rename").clicked();
            cancel |= ui.button("Cancel").clicked();
        });
    });
    if done && !text.trim().is_empty() {
        let tx = crate::edit::commands::rename_diagram(snapshot.model, id, text.trim());
        return vec![Action::Apply(tx), Action::CloseDialog];
    }
    if cancel { vec![Action::CloseDialog] } else { Vec::new() }
}

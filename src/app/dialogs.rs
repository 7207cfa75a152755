//! Modal dialogs: a typed path (with a Browse… button for the native dialog, so the app works
//! where no native dialog can open), the unsaved-changes question, errors, renaming a diagram.

use std::path::PathBuf;

use super::Editor;
use super::actions::Action;

/// What a path prompt is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathPurpose {
    /// Open a model.
    Open,
    /// Save the model, then optionally carry on with what was pending.
    SaveAs(Option<Pending>),
    /// Export the current diagram as SVG.
    ExportSvg,
    /// Export the current diagram as PNG.
    ExportPng,
}

/// What to do once unsaved changes are saved or discarded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pending {
    /// Start a new model.
    New,
    /// Ask for a model to open.
    OpenPrompt,
    /// Open this file.
    OpenPath(PathBuf),
    /// Quit.
    Quit,
}

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
    /// Rename a diagram.
    RenameDiagram {
        /// The diagram.
        id: crate::model::DiagramId,
        /// The name typed so far.
        text: String,
    },
}

impl Dialog {
    /// A path prompt prefilled with `text`.
    #[must_use]
    pub fn path(purpose: PathPurpose, text: String) -> Self {
        Self::Path { purpose, text, error: None, replace: None }
    }
}

/// Draws `dialog`; returns it if it stays open.
pub(super) fn show(editor: &mut Editor, ctx: &egui::Context, dialog: Dialog) -> Option<Dialog> {
    let escape = ctx.input(|i| i.key_pressed(egui::Key::Escape));
    match dialog {
        Dialog::Path { purpose, mut text, mut error, mut replace } => {
            let title = match &purpose {
                PathPurpose::Open => "Open model",
                PathPurpose::SaveAs(_) => "Save model as",
                PathPurpose::ExportSvg => "Export diagram as SVG",
                PathPurpose::ExportPng => "Export diagram as PNG",
            };
            let ok_label = match &purpose {
                PathPurpose::Open => "Open",
                PathPurpose::SaveAs(_) => "Save",
                PathPurpose::ExportSvg | PathPurpose::ExportPng => "Export",
            };
            let mut submit = false;
            let mut cancel = escape;
            let mut browse = false;
            egui::Modal::new(egui::Id::unique("path_dialog")).show(ctx, |ui| {
                ui.set_width(520.0);
                ui.heading(title);
                let label = ui.label("File path:");
                let field = ui
                    .add(egui::TextEdit::singleline(&mut text).desired_width(f32::INFINITY).char_limit(4096))
                    .labelled_by(label.id);
                // Enter submits. Check it before re-focusing the field: a single-line field gives
                // up focus on Enter, and taking it back at once would swallow the key.
                if (field.lost_focus() || field.has_focus()) && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    submit = true;
                } else if !field.has_focus() && error.is_none() && ui.memory(|m| m.focused().is_none()) {
                    field.request_focus();
                }
                if let Some(e) = &error {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                ui.horizontal(|ui| {
                    submit |= ui.button(ok_label).clicked();
                    browse = ui.button("Browse…").on_hover_text("Choose with the system's file dialog").clicked();
                    cancel |= ui.button("Cancel").clicked();
                });
            });
            if browse {
                match native_dialog(&purpose, &text) {
                    Some(path) => {
                        text = path.display().to_string();
                        submit = true;
                    }
                    None => {
                        error = Some(
                            "No file chosen (or no system file dialog is available here): type the path above."
                                .to_owned(),
                        )
                    }
                }
            }
            if cancel {
                return None;
            }
            if submit {
                let path = PathBuf::from(text.trim());
                let writes = !matches!(purpose, PathPurpose::Open);
                let own_file = editor.doc.path.as_deref() == Some(path.as_path());
                if text.trim().is_empty() {
                    error = Some("Type a file path.".to_owned());
                } else if writes && path.is_file() && !own_file && replace.as_ref() != Some(&path) {
                    error = Some(format!("{} already exists. Press {ok_label} again to replace it.", path.display()));
                    replace = Some(path);
                } else {
                    match complete_path(editor, ctx, &purpose, &path) {
                        // What was pending after a Save As may have opened the next dialog.
                        Ok(()) => return editor.dialog.take(),
                        Err(e) => error = Some(e),
                    }
                }
            }
            Some(Dialog::Path { purpose, text, error, replace })
        }
        Dialog::Unsaved { then } => {
            let mut choice = None;
            egui::Modal::new(egui::Id::unique("unsaved_dialog")).show(ctx, |ui| {
                ui.heading("Unsaved changes");
                ui.label(format!("Save the changes to {} first?", editor.doc.display_name()));
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        choice = Some(0);
                    }
                    if ui.button("Don't save").clicked() {
                        choice = Some(1);
                    }
                    if ui.button("Cancel").clicked() {
                        choice = Some(2);
                    }
                });
            });
            match choice {
                Some(0) => match editor.doc.path.clone() {
                    Some(path) => {
                        if editor.save_to(&path) {
                            editor.run_pending(ctx, then);
                        }
                        editor.dialog.take()
                    }
                    None => Some(Dialog::path(
                        PathPurpose::SaveAs(Some(then)),
                        editor.default_folder().join("model.json").display().to_string(),
                    )),
                },
                Some(1) => {
                    editor.run_pending(ctx, then);
                    editor.dialog.take()
                }
                Some(_) => None,
                None if escape => None,
                None => Some(Dialog::Unsaved { then }),
            }
        }
        Dialog::Error(message) => {
            let mut close = escape;
            egui::Modal::new(egui::Id::unique("error_dialog")).show(ctx, |ui| {
                ui.set_max_width(560.0);
                ui.heading("Something went wrong");
                ui.label(&message);
                close |= ui.button("OK").clicked();
            });
            if close { None } else { Some(Dialog::Error(message)) }
        }
        Dialog::RenameDiagram { id, mut text } => {
            let mut done = false;
            let mut cancel = escape;
            egui::Modal::new(egui::Id::unique("rename_diagram")).show(ctx, |ui| {
                ui.heading("Diagram name");
                let label = ui.label("Name:");
                let field = ui
                    .add(egui::TextEdit::singleline(&mut text).char_limit(crate::format::MAX_NAME_CHARS))
                    .labelled_by(label.id);
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
                let tx = crate::edit::commands::rename_diagram(&editor.doc.model, &id, text.trim());
                editor.queue(Action::Execute(tx));
                return None;
            }
            if cancel { None } else { Some(Dialog::RenameDiagram { id, text }) }
        }
    }
}

/// The system's file dialog; `None` when cancelled or when none can open.
fn native_dialog(purpose: &PathPurpose, current: &str) -> Option<PathBuf> {
    let start = PathBuf::from(current);
    let folder = if start.is_dir() { Some(start.clone()) } else { start.parent().map(std::path::Path::to_path_buf) };
    let mut dialog = rfd::FileDialog::new();
    if let Some(folder) = folder.filter(|f| f.is_dir()) {
        dialog = dialog.set_directory(folder);
    }
    match purpose {
        PathPurpose::Open => dialog.add_filter("ThreatCanvas model", &["json"]).pick_file(),
        PathPurpose::SaveAs(_) => dialog
            .add_filter("ThreatCanvas model", &["json"])
            .set_file_name(file_name(&start, "model.json"))
            .save_file(),
        PathPurpose::ExportSvg => {
            dialog.add_filter("SVG image", &["svg"]).set_file_name(file_name(&start, "diagram.svg")).save_file()
        }
        PathPurpose::ExportPng => {
            dialog.add_filter("PNG image", &["png"]).set_file_name(file_name(&start, "diagram.png")).save_file()
        }
    }
}

fn file_name(path: &std::path::Path, fallback: &str) -> String {
    path.file_name().map_or_else(|| fallback.to_owned(), |n| n.to_string_lossy().into_owned())
}

/// Does what the path was asked for; an error keeps the dialog open with the message.
fn complete_path(
    editor: &mut Editor,
    ctx: &egui::Context,
    purpose: &PathPurpose,
    path: &std::path::Path,
) -> Result<(), String> {
    match purpose {
        PathPurpose::Open => editor.open_path(path),
        PathPurpose::SaveAs(then) => {
            if path.is_dir() {
                return Err(format!("{} is a folder: add a file name", path.display()));
            }
            editor.doc.save_to(path).map_err(|e| e.to_string())?;
            editor.settings.add_recent(path);
            editor.status = format!("Saved {}", path.display());
            if let Some(then) = then.clone() {
                editor.run_pending(ctx, then);
            }
            Ok(())
        }
        PathPurpose::ExportSvg | PathPurpose::ExportPng => {
            let Some(diagram) = editor.diagram.clone() else {
                return Err("There is no diagram to export.".to_owned());
            };
            let bytes = if *purpose == PathPurpose::ExportSvg {
                crate::export::diagram_svg(&editor.doc.model, &diagram).map(String::into_bytes)
            } else {
                crate::export::diagram_png(&editor.doc.model, &diagram, 2.0)
            }
            .map_err(|e| e.to_string())?;
            crate::format::write_atomically(path, &bytes).map_err(|e| e.to_string())?;
            editor.status = format!("Exported {}", path.display());
            Ok(())
        }
    }
}

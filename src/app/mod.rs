//! The desktop editor.
//!
//! # How a click reaches the model
//! Every frame runs in one direction:
//! 1. [`Editor::ui`] takes a [`Snapshot`]: a read-only look at the model, the view state
//!    (selection, diagram, tool) and a few facts such as the undo label.
//! 2. Each widget (menus and shortcuts, palette, properties panel, the canvas with its tabs and
//!    sequence toolbar, the open dialog) draws itself from the snapshot and its own state, and
//!    returns [`Action`]s: intents such as `Select(items)`, `Apply(transaction)`,
//!    `SubmitPath(path)`. A canvas drag, for instance, proposes `BeginGesture`, then one
//!    `Apply(move)` per frame, then `SyncMembership` and `EndGesture`; the transactions are built
//!    by the record-level commands of [`crate::edit`] from the model the widget read.
//! 3. After the UI pass, [`Editor::apply`] (in `actions.rs`) applies the actions in order. It is
//!    the only code that changes the model (through the [`Document`], whose model is private and
//!    whose history makes every change undoable), runs file I/O, and changes view state.
//!
//! Widgets depend on `action` (the vocabulary), `view` (view state and the snapshot), the model,
//! the edit commands and the scene, never on each other or on the editor, so the app's modules
//! import no cycle. The same `ui` runs in a native window (eframe) and headless in kittest tests.

mod action;
mod actions;
pub mod canvas;
mod canvas_requests;
mod cheat_sheet;
mod checks;
mod clipboard;
mod dialogs;
mod document;
mod findings;
mod first_model;
mod guided_start;
mod menus;
mod palette;
mod problems;
mod properties;
mod settings;
mod view;

use std::path::Path;

pub use action::{Action, PaletteItem, PathPurpose, Pending, Reveal, UnsavedAnswer};
pub use canvas::CanvasState;
pub use clipboard::{PASTE_OFFSET, copy as copy_items, paste as paste_items};
pub use dialogs::Dialog;
pub use document::Document;
pub use findings::{Findings, Mark};
pub use first_model::{Component, ModelPlan};
pub use settings::Settings;
pub use view::{Panels, RuleHelp, Snapshot, Tool, View};

use crate::format::LoadError;
use crate::model::{DiagramId, Model};

/// The editor: one open model and the state of its window.
pub struct Editor {
    doc: Document,
    view: View,
    canvas: CanvasState,
    dialog: Option<Dialog>,
    /// The last message for the status bar.
    status: String,
    /// Remembered between runs.
    settings: Settings,
    fonts_installed: bool,
    close_confirmed: bool,
    shown_title: String,
    /// The live checks' findings, for the model's current revision.
    findings: Findings,
    /// The problems panel's filters.
    problems: problems::ProblemsPanel,
    /// The DFD do's and don'ts' search.
    cheat_sheet: cheat_sheet::CheatSheet,
}

impl Editor {
    /// An editor on `doc`, remembering settings in `settings`.
    #[must_use]
    pub fn new(doc: Document, settings: Settings) -> Self {
        let view = View { diagram: doc.first_diagram(), ..View::default() };
        Self {
            doc,
            view,
            canvas: CanvasState::default(),
            dialog: None,
            status: String::new(),
            settings,
            fonts_installed: false,
            close_confirmed: false,
            shown_title: String::new(),
            findings: Findings::default(),
            problems: problems::ProblemsPanel::default(),
            cheat_sheet: cheat_sheet::CheatSheet::default(),
        }
    }

    /// An editor on a new model with in-memory settings (for tests).
    #[must_use]
    pub fn new_for_tests() -> Self {
        Self::new(Document::new_model(), Settings::default())
    }

    /// An editor on the model at `path`, with in-memory settings (for tests).
    ///
    /// # Errors
    /// The load error.
    pub fn open_for_tests(path: &Path) -> Result<Self, LoadError> {
        Ok(Self::new(Document::open(path)?, Settings::default()))
    }

    /// The same editor showing `diagram` first (to open a file at a given diagram).
    #[must_use]
    pub fn showing(mut self, diagram: DiagramId) -> Self {
        if self.doc.model().diagram(&diagram).is_some() {
            self.view.diagram = Some(diagram);
        }
        self
    }

    /// The same editor with the properties panel hidden (F4 shows it).
    #[must_use]
    pub fn without_properties_panel(mut self) -> Self {
        self.view.show_properties = false;
        self
    }

    /// The model, to read.
    #[must_use]
    pub const fn model(&self) -> &Model {
        self.doc.model()
    }

    /// The open document.
    #[must_use]
    pub const fn document(&self) -> &Document {
        &self.doc
    }

    /// Selection, shown diagram, tool.
    #[must_use]
    pub const fn view(&self) -> &View {
        &self.view
    }

    /// The canvas's state (its camera and cached scene).
    #[must_use]
    pub const fn canvas(&self) -> &CanvasState {
        &self.canvas
    }

    /// The live checks' findings, as of the last frame.
    #[must_use]
    pub const fn findings(&self) -> &Findings {
        &self.findings
    }

    /// The open dialog, if any.
    #[must_use]
    pub const fn dialog(&self) -> Option<&Dialog> {
        self.dialog.as_ref()
    }

    /// The status bar's message.
    #[must_use]
    pub fn status(&self) -> &str {
        &self.status
    }

    /// The window title: file name, an unsaved mark, the app name.
    #[must_use]
    pub fn title(&self) -> String {
        let mark = if self.doc.is_dirty() { " ●" } else { "" };
        format!("{}{mark} — ThreatCanvas", self.doc.display_name())
    }

    /// Draws the whole window, then applies what the user did.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if !self.fonts_installed {
            canvas::paint::install_fonts(&ctx);
            ctx.set_theme(if self.settings.dark { egui::Theme::Dark } else { egui::Theme::Light });
            self.fonts_installed = true;
        }
        let mut actions = self.handle_close_request(&ctx);
        // Drawn once with this frame's snapshot, then cleared.
        let focus_properties_requested = self.view.focus_properties;
        self.refresh_findings();
        let document_name = self.doc.display_name();
        let snapshot = Snapshot {
            model: self.doc.model(),
            revision: self.doc.revision(),
            changes: self.doc.changes(),
            view: &self.view,
            undo_label: self.doc.undo_label(),
            redo_label: self.doc.redo_label(),
            recent: &self.settings.recent,
            dark: self.settings.dark,
            modal_open: self.dialog.is_some(),
            document_name: &document_name,
            findings: &self.findings,
        };
        if self.dialog.is_none() {
            let busy = menus::CanvasBusy { dragging: self.canvas.is_dragging(), renaming: self.canvas.is_renaming() };
            actions.extend(menus::shortcuts(&ctx, &snapshot, busy));
        }
        egui::Panel::top("menu_bar").show(ui, |ui| actions.extend(menus::menu_bar(ui, &snapshot)));
        egui::Panel::bottom("status_bar").show(ui, |ui| status_bar(ui, &snapshot, &self.status, &mut actions));
        egui::Panel::left("palette")
            .resizable(false)
            .default_size(150.0)
            .show(ui, |ui| actions.extend(palette::show(ui, &snapshot)));
        if self.view.show_properties {
            egui::Panel::right("properties").resizable(true).default_size(340.0).size_range(260.0..=520.0).show(
                ui,
                |ui| {
                    // Filling the panel's width, so its width never follows the selection.
                    egui::ScrollArea::vertical()
                        .auto_shrink(false)
                        .show(ui, |ui| actions.extend(properties::show(ui, &snapshot)));
                },
            );
        }
        if self.view.panels.problems {
            egui::Panel::bottom("problems").resizable(true).default_size(190.0).size_range(90.0..=480.0).show(
                ui,
                |ui| {
                    actions.extend(problems::show(ui, &mut self.problems, &snapshot));
                },
            );
        }
        egui::CentralPanel::default().show(ui, |ui| {
            actions.extend(canvas::tabs(ui, &snapshot));
            actions.extend(canvas::show(ui, &mut self.canvas, &snapshot));
        });
        actions.extend(guided_start::show(&ctx, &snapshot, self.canvas.rect_on_screen()));
        actions.extend(cheat_sheet::show(&ctx, &mut self.cheat_sheet, &snapshot));
        if let Some(dialog) = &mut self.dialog {
            actions.extend(dialogs::show(&ctx, dialog, &snapshot));
        }
        if !actions.is_empty() {
            // What was applied shows in the next frame: ask for it now, not at the next input.
            ctx.request_repaint();
        }
        for action in actions {
            self.apply(&ctx, action);
        }
        if focus_properties_requested {
            self.view.focus_properties = false;
        }
        // Safety net: an undo gesture stays open only while something is being dragged,
        // renamed in place or typed into; otherwise later edits would merge into it.
        if self.doc.in_gesture()
            && !self.canvas.is_dragging()
            && !self.canvas.is_renaming()
            && !ctx.text_edit_focused()
            && ctx.memory(|m| m.focused().is_none_or(|id| Some(id) == self.canvas.focus_id()))
        {
            self.doc.end_gesture();
        }
        let title = self.title();
        if title != self.shown_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }

    /// The window's close button: settle what is being typed, then ask about unsaved changes.
    fn handle_close_request(&mut self, ctx: &egui::Context) -> Vec<Action> {
        if !ctx.input(|i| i.viewport().close_requested()) || self.close_confirmed {
            return Vec::new();
        }
        self.settle_gestures(ctx);
        if self.doc.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.dialog = Some(Dialog::Unsaved { then: Pending::Quit });
        }
        Vec::new()
    }

    /// Opens `path`, replacing the current document (the caller has dealt with unsaved
    /// changes). On failure the current document stays and the error is returned.
    fn open_path(&mut self, path: &Path) -> Result<(), String> {
        match Document::open(path) {
            Ok(doc) => {
                self.replace_document(doc);
                self.settings.add_recent(path);
                self.status = format!("Opened {}", path.display());
                Ok(())
            }
            Err(e) => Err(e.to_string()),
        }
    }

    /// Replaces the document and resets the view state.
    fn replace_document(&mut self, doc: Document) {
        self.view = View {
            diagram: doc.first_diagram(),
            grid: self.view.grid,
            snap: self.view.snap,
            show_properties: self.view.show_properties,
            panels: self.view.panels.clone(),
            ..View::default()
        };
        self.doc = doc;
        self.canvas.reset();
        self.findings.forget();
    }
}

fn status_bar(ui: &mut egui::Ui, snapshot: &Snapshot<'_>, status: &str, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        actions.extend(problems::status_count(ui, snapshot));
        ui.separator();
        let m = snapshot.model;
        ui.label(format!(
            "{} elements · {} flows · {} boundaries · {} threats",
            m.elements.len(),
            m.flows.len(),
            m.boundaries.len(),
            m.threats.len()
        ));
        if !status.is_empty() {
            ui.separator();
            ui.label(status);
        }
    });
}

/// The eframe app: the editor in a native window.
struct ThreatCanvasApp {
    editor: Editor,
}

impl eframe::App for ThreatCanvasApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.editor.ui(ui);
    }
}

/// Why the editor window could not run.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The file given on the command line does not load; no window opened, so nothing can be
    /// saved over it.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// No window could open (no display, no graphics driver).
    #[error("cannot open a window: {0}")]
    Window(String),
}

/// Opens the editor window on `file`, else the most recent file, else a new model, and runs it
/// until it closes.
///
/// # Errors
/// [`RunError`] if `file` does not load or no window can open.
pub fn run(file: Option<&Path>) -> Result<(), RunError> {
    let mut settings = Settings::load(Settings::default_file());
    let mut startup_error = None;
    let doc = match file {
        // Refuse rather than open an empty window that might be saved over the file.
        Some(path) => Document::open(path)?,
        None => match settings.recent.first().filter(|p| p.exists()) {
            Some(path) => Document::open(path).unwrap_or_else(|e| {
                startup_error = Some(e.to_string());
                Document::new_model()
            }),
            None => Document::new_model(),
        },
    };
    if let Some(path) = doc.path() {
        settings.add_recent(path);
    }
    let mut editor = Editor::new(doc, settings);
    editor.offer_guided_start();
    if let Some(e) = startup_error {
        editor.dialog = Some(Dialog::Error(e));
    }
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(editor.title())
            .with_app_id("threatcanvas")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0]),
        ..eframe::NativeOptions::default()
    };
    eframe::run_native("ThreatCanvas", options, Box::new(|_cc| Ok(Box::new(ThreatCanvasApp { editor }))))
        .map_err(|e| RunError::Window(e.to_string()))
}

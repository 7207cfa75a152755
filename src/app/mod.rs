//! The desktop editor.
//!
//! # How a click reaches the model
//! Every frame runs in one direction:
//! 1. [`Editor::ui`] takes a [`Snapshot`]: a read-only look at the model, the view state
//!    (selection, diagram, tool) and a few facts such as the undo label.
//! 2. Each widget (menus and shortcuts, palette, properties panel, the canvas with its tabs and
//!    sequence toolbar, the suggestions review, the threat list, the open dialog) draws itself
//!    from the snapshot and its own state, and returns [`Action`]s: intents such as
//!    `Select(items)`, `Apply(transaction)`, `SubmitPath(path)`. A canvas drag, for instance, proposes `BeginGesture`, then one
//!    `Apply(move)` per frame, then `SyncMembership` and `EndGesture`; the transactions are built
//!    by the record-level commands of [`crate::edit`] from the model the widget read.
//! 3. After the UI pass, [`Editor::apply`] (in `actions.rs`) applies the actions in order. It is
//!    the only code that changes the model (through the [`Document`], whose model is private and
//!    whose history makes every change undoable), runs file I/O (reading the threat library
//!    folders included: when a document opens, and on "Reload rules"), and changes view state.
//!
//! Widgets depend on `action` (the vocabulary), `view` (view state and the snapshot), the leaf
//! `threat_labels` (how threats read on screen), the model, the edit commands and the scene,
//! never on each other or on the editor, so the app's modules import no cycle. The same `ui` runs in a native window (eframe) and headless in kittest tests.

mod action;
mod actions;
pub mod canvas;
mod canvas_requests;
mod cheat_sheet;
mod checks;
mod clipboard;
mod compare;
mod compare_panel;
mod compare_source;
mod conflicts_panel;
mod dialogs;
mod document;
mod drop_target;
mod export_choices;
mod findings;
mod first_model;
mod guided_start;
mod interchange;
mod interchange_report;
mod menus;
mod palette;
mod picture_choices;
mod problems;
mod properties;
mod publish;
mod record_reveal;
mod safekeeping;
mod safekeeping_dialogs;
mod settings;
mod suggestions;
mod threat_actions;
mod threat_labels;
mod threat_library;
mod threat_list;
mod view;

use std::path::Path;

pub use action::{
    Action, PaletteItem, PathPurpose, Pending, Reveal, ReviewScope, ReviewTab, Safekeeping, UnsavedAnswer,
};
pub use canvas::CanvasState;
pub use clipboard::{PASTE_OFFSET, copy as copy_items, paste as paste_items};
pub use compare::Comparison;
pub use dialogs::Dialog;
pub use document::Document;
pub use findings::{Findings, Mark};
pub use first_model::{Component, ModelPlan};
pub use picture_choices::{ExportChoices, PageChoice};
pub use safekeeping::{AUTOSAVE_DELAY_SECS, DISK_POLL_SECS};
pub use safekeeping_dialogs::SafeDialog;
pub use settings::Settings;
pub use suggestions::Review;
pub use threat_library::ThreatLibrary;
pub use threat_list::{Sort, ThreatColumn, ThreatFilter, ThreatListState};
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
    /// Recovery file, lock, and what the file on disk looked like.
    keeping: safekeeping::Keeping,
    /// View ▸ Compare with…: the other version and the differences.
    compare: Option<Comparison>,
    /// The threat library for this document and the model's pending suggestions.
    library: ThreatLibrary,
    /// The open suggestions review, if any.
    review: Option<Review>,
    /// The threat list's sorting, filters and cursor.
    threat_list: ThreatListState,
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
        let mut editor = Self {
            doc,
            view,
            canvas: CanvasState::default(),
            dialog: None,
            status: String::new(),
            settings,
            fonts_installed: false,
            close_confirmed: false,
            shown_title: String::new(),
            keeping: safekeeping::Keeping::default(),
            compare: None,
            library: ThreatLibrary::default(),
            review: None,
            threat_list: ThreatListState::default(),
            findings: Findings::default(),
            problems: problems::ProblemsPanel::default(),
            cheat_sheet: cheat_sheet::CheatSheet::default(),
        };
        editor.load_threat_library();
        editor.library_note().trim_start_matches(" · ").clone_into(&mut editor.status);
        editor
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

    /// What the app remembers between runs (recent files, theme, export choices).
    #[must_use]
    pub const fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The open comparison (View ▸ Compare with…), if any.
    #[must_use]
    pub const fn comparison(&self) -> Option<&Comparison> {
        self.compare.as_ref()
    }

    /// The threat library in use and the model's pending suggestions.
    #[must_use]
    pub const fn threat_library(&self) -> &ThreatLibrary {
        &self.library
    }

    /// The open suggestions review, if any.
    #[must_use]
    pub const fn review(&self) -> Option<&Review> {
        self.review.as_ref()
    }

    /// The threat list's sorting, filters and cursor.
    #[must_use]
    pub const fn threat_list(&self) -> &ThreatListState {
        &self.threat_list
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
        let read_only = if self.is_read_only() { " [read-only]" } else { "" };
        format!("{}{read_only}{mark} — ThreatCanvas", self.doc.display_name())
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
        self.library.refresh(self.doc.model(), self.doc.revision(), self.doc.changes());
        // Drawn once with this frame's snapshot, then cleared.
        let one_frame = self.view.one_frame_requests();
        self.refresh_findings();
        let document_name = self.doc.display_name();
        if let Some(comparison) = &mut self.compare {
            comparison.refresh(self.doc.model(), self.doc.revision());
        }
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
            export: &self.settings.export,
            compare: self.compare.as_ref(),
            library: &self.library,
            findings: &self.findings,
        };
        if self.dialog.is_none() {
            let busy = menus::CanvasBusy { dragging: self.canvas.is_dragging(), renaming: self.canvas.is_renaming() };
            actions.extend(menus::shortcuts(&ctx, &snapshot, busy));
        }
        egui::Panel::top("menu_bar").show(ui, |ui| actions.extend(menus::menu_bar(ui, &snapshot)));
        egui::Panel::bottom("status_bar").show(ui, |ui| status_bar(ui, &snapshot, &self.status, &mut actions));
        if !snapshot.model.conflicts.is_empty() {
            egui::Panel::bottom("conflicts").show(ui, |ui| actions.extend(conflicts_panel::show(ui, &snapshot)));
        }
        if let Some(comparison) = snapshot.compare {
            egui::Panel::right("changes")
                .default_size(300.0)
                .show(ui, |ui| actions.extend(compare_panel::show(ui, &snapshot, comparison)));
        }
        if self.view.show_threat_list {
            egui::Panel::bottom("threat_list")
                .resizable(true)
                .default_size(240.0)
                .size_range(120.0..=600.0)
                .show(ui, |ui| actions.extend(threat_list::show(ui, &mut self.threat_list, &snapshot)));
        }
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
        if let Some(review) = &mut self.review {
            actions.extend(suggestions::show(&ctx, review, &snapshot));
        }
        actions.extend(guided_start::show(&ctx, &snapshot, self.canvas.rect_on_screen()));
        actions.extend(cheat_sheet::show(&ctx, &mut self.cheat_sheet, &snapshot));
        if let Some(dialog) = &mut self.dialog {
            actions.extend(dialogs::show(&ctx, dialog, &snapshot));
        }
        actions.extend(drop_target::show(&ctx, &snapshot));
        if !actions.is_empty() {
            // What was applied shows in the next frame: ask for it now, not at the next input.
            ctx.request_repaint();
        }
        for action in actions {
            self.apply(&ctx, action);
        }
        self.keep_safe(&ctx);
        self.view.clear_one_frame_requests(one_frame);
        self.end_frame(&ctx);
    }

    /// After the frame's actions: closes an undo gesture nothing holds open any more, and
    /// keeps the window's title current.
    fn end_frame(&mut self, ctx: &egui::Context) {
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
        } else {
            self.close_cleanly();
        }
        Vec::new()
    }

    /// Opens `path`, replacing the current document (the caller has dealt with unsaved
    /// changes). On failure the current document stays and the error is returned.
    fn open_path(&mut self, path: &Path) -> Result<(), String> {
        if !self.may_open(path) {
            return Ok(());
        }
        self.write_recovery_now();
        match Document::open(path) {
            Ok(doc) => {
                self.replace_document(doc);
                self.settings.add_recent(path);
                self.status = format!("Opened {}{}", path.display(), self.library_note());
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
            show_threat_list: self.view.show_threat_list,
            panels: self.view.panels.clone(),
            ..View::default()
        };
        self.doc = doc;
        // The guided start is for the empty model it was opened on; a new one offers it again.
        self.view.panels.guided_start = false;
        self.compare = None;
        self.canvas.reset();
        self.document_replaced();
        self.review = None;
        self.threat_list.reset();
        self.load_threat_library();
        self.findings.forget();
    }
}

fn status_bar(ui: &mut egui::Ui, snapshot: &Snapshot<'_>, status: &str, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        actions.extend(problems::status_count(ui, snapshot));
        ui.separator();
        let m = snapshot.model;
        let open = m.threats.values().filter(|t| t.status == crate::model::ThreatStatus::Open).count();
        ui.label(format!(
            "{} elements · {} flows · {} boundaries · {open} open threat{} of {}",
            m.elements.len(),
            m.flows.len(),
            m.boundaries.len(),
            if open == 1 { "" } else { "s" },
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
    // After the error: with a dialog open, the recovery offer waits in the File menu.
    let editor = editor.keeping_work_in(crate::document::state_dir());
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

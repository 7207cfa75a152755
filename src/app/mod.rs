//! The desktop editor.
//!
//! [`Editor`] holds the open [`Document`] and everything that is view state (selection,
//! camera, tool, dialogs), which is never saved in the model. Its [`Editor::ui`] draws the
//! whole window into any `egui::Ui`, so eframe runs it in a window and kittest tests run it
//! headless. Panels and the canvas never change the model mid-frame: they queue
//! [`Action`]s, applied after the UI pass, and every model change is a command that undo
//! reverses.

mod actions;
mod canvas;
mod clipboard;
mod dialogs;
mod document;
mod menus;
pub(crate) mod palette;
mod properties;
mod settings;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub use actions::Action;
pub use canvas::Tool;
pub use clipboard::{PASTE_OFFSET, copy as copy_items, paste as paste_items};
pub use dialogs::{Dialog, PathPurpose, Pending};
pub use document::Document;
pub use settings::Settings;

use crate::edit::commands::Item;
use crate::model::{DiagramId, MessageId};

/// The editor: one open model and the state of its window.
pub struct Editor {
    /// The open model.
    pub doc: Document,
    /// The diagram shown on the canvas.
    pub diagram: Option<DiagramId>,
    /// Selected elements, flows and boundaries.
    pub selection: BTreeSet<Item>,
    /// Selected sequence messages (their flows are selected too).
    pub selected_messages: BTreeSet<MessageId>,
    /// What a click on the canvas does.
    pub tool: Tool,
    /// Draw the grid.
    pub grid: bool,
    /// Snap moved boxes to the grid.
    pub snap: bool,
    /// The canvas: camera, gestures, cached scene.
    pub canvas: canvas::CanvasState,
    /// The open dialog, if any.
    pub dialog: Option<Dialog>,
    /// The last message for the status bar.
    pub status: String,
    /// Remembered between runs.
    pub settings: Settings,
    actions: Vec<Action>,
    fonts_installed: bool,
    close_confirmed: bool,
    shown_title: String,
    /// Whether the properties panel shows (F4).
    pub show_properties: bool,
}

impl Editor {
    /// An editor on `doc`, remembering settings in `settings`.
    #[must_use]
    pub fn new(doc: Document, settings: Settings) -> Self {
        let diagram = doc.first_diagram();
        Self {
            doc,
            diagram,
            selection: BTreeSet::new(),
            selected_messages: BTreeSet::new(),
            tool: Tool::Select,
            grid: true,
            snap: true,
            canvas: canvas::CanvasState::default(),
            dialog: None,
            status: String::new(),
            settings,
            actions: Vec::new(),
            fonts_installed: false,
            close_confirmed: false,
            shown_title: String::new(),
            show_properties: true,
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
    pub fn open_for_tests(path: &Path) -> Result<Self, crate::format::LoadError> {
        Ok(Self::new(Document::open(path)?, Settings::default()))
    }

    /// Queues an action, applied after the current frame's UI pass.
    pub fn queue(&mut self, action: Action) {
        self.actions.push(action);
    }

    /// The window title: file name, an unsaved mark, the app name.
    #[must_use]
    pub fn title(&self) -> String {
        let mark = if self.doc.is_dirty() { " ●" } else { "" };
        format!("{}{mark} — ThreatCanvas", self.doc.display_name())
    }

    /// Draws the whole window and applies what the user did.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if !self.fonts_installed {
            canvas::paint::install_fonts(&ctx);
            ctx.set_theme(if self.settings.dark { egui::Theme::Dark } else { egui::Theme::Light });
            self.fonts_installed = true;
        }
        self.handle_close_request(&ctx);
        if self.dialog.is_none() {
            menus::shortcuts(self, &ctx);
        }
        egui::Panel::top("menu_bar").show(ui, |ui| menus::menu_bar(self, ui));
        egui::Panel::bottom("status_bar").show(ui, |ui| self.status_bar(ui));
        egui::Panel::left("palette").resizable(false).default_size(150.0).show(ui, |ui| palette::show(self, ui));
        if self.show_properties {
            egui::Panel::right("properties").resizable(true).default_size(340.0).size_range(260.0..=520.0).show(
                ui,
                |ui| {
                    egui::ScrollArea::vertical().show(ui, |ui| properties::show(self, ui));
                },
            );
        }
        egui::CentralPanel::default().show(ui, |ui| {
            canvas::tabs(self, ui);
            canvas::show(self, ui);
        });
        if let Some(dialog) = self.dialog.take() {
            self.dialog = dialogs::show(self, &ctx, dialog);
        }
        let actions = std::mem::take(&mut self.actions);
        for action in actions {
            self.apply(&ctx, action);
        }
        // Safety net: an undo gesture stays open only while something is being dragged,
        // renamed in place or typed into; otherwise later edits would merge into it.
        if self.doc.history.in_gesture()
            && !self.canvas.is_dragging()
            && !self.canvas.is_renaming()
            && !ctx.text_edit_focused()
            && ctx.memory(|m| m.focused().is_none())
        {
            self.doc.history.end_gesture();
        }
        let title = self.title();
        if title != self.shown_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }

    fn status_bar(&self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let m = &self.doc.model;
            ui.label(format!(
                "{} elements · {} flows · {} boundaries · {} threats",
                m.elements.len(),
                m.flows.len(),
                m.boundaries.len(),
                m.threats.len()
            ));
            if !self.status.is_empty() {
                ui.separator();
                ui.label(&self.status);
            }
        });
    }

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.close_confirmed {
            self.settle_gestures();
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.close_confirmed && self.doc.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.dialog = Some(Dialog::Unsaved { then: Pending::Quit });
        }
    }

    /// Opens `path`, replacing the current document (the caller has dealt with unsaved
    /// changes). On failure the current document stays and the error is shown.
    pub fn open_path(&mut self, path: &Path) -> Result<(), String> {
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
    pub fn replace_document(&mut self, doc: Document) {
        self.diagram = doc.first_diagram();
        self.doc = doc;
        self.selection.clear();
        self.selected_messages.clear();
        self.tool = Tool::Select;
        self.canvas = canvas::CanvasState::default();
    }

    /// Drops ids that no longer exist from the selection (after undo, redo, delete).
    fn prune_selection(&mut self) {
        let m = &self.doc.model;
        self.selection.retain(|item| match item {
            Item::Element(id) => m.elements.contains_key(id),
            Item::Flow(id) => m.flows.contains_key(id),
            Item::Boundary(id) => m.boundaries.contains_key(id),
        });
        let messages: BTreeSet<MessageId> = m
            .diagrams
            .iter()
            .filter_map(|d| match &d.view {
                crate::model::DiagramView::Sequence(s) => Some(s.messages.iter().map(|x| x.id.clone())),
                crate::model::DiagramView::Dfd(_) => None,
            })
            .flatten()
            .collect();
        self.selected_messages.retain(|id| messages.contains(id));
        if self.diagram.as_ref().is_none_or(|d| m.diagram(d).is_none()) {
            self.diagram = self.doc.first_diagram();
        }
    }

    /// The default folder for file dialogs: the model's folder, else the current one.
    fn default_folder(&self) -> PathBuf {
        self.doc
            .path
            .as_ref()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| std::env::current_dir().unwrap_or_default())
    }
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

/// Opens the editor window on `file`, else the most recent file, else a new model.
#[must_use]
pub fn run(file: Option<&Path>) -> ExitCode {
    let settings = Settings::load(Settings::default_file());
    let mut startup_error = None;
    let doc = match file {
        Some(path) => match Document::open(path) {
            Ok(doc) => doc,
            Err(e) => {
                // Refuse rather than open an empty window that might be saved over the file.
                crate::cli::report_error(&e, Some("fix the file, or open another one"));
                return ExitCode::from(crate::cli::EXIT_ERROR);
            }
        },
        None => match settings.recent.first().filter(|p| p.exists()) {
            Some(path) => Document::open(path).unwrap_or_else(|e| {
                startup_error = Some(e.to_string());
                Document::new_model()
            }),
            None => Document::new_model(),
        },
    };
    let mut settings = settings;
    if let Some(path) = doc.path.clone() {
        settings.add_recent(&path);
    }
    let mut editor = Editor::new(doc, settings);
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
    match eframe::run_native("ThreatCanvas", options, Box::new(|_cc| Ok(Box::new(ThreatCanvasApp { editor })))) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            crate::cli::report_error(
                &format!("cannot open a window: {e}"),
                Some("with no display, use `threatcanvas export FILE --all -o out/` to export headlessly"),
            );
            ExitCode::from(crate::cli::EXIT_ERROR)
        }
    }
}

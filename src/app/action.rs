//! The vocabulary of intents. Widgets (canvas, palette, panels, menus, dialogs) return
//! [`Action`]s; after the UI pass, [`crate::app::Editor`] applies them in order. This file is
//! what keeps the app's modules free of import cycles: widgets depend on it and on the model,
//! never on each other or on the editor.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::edit::Transaction;
use crate::edit::arrange::Arrangement;
use crate::edit::commands::Item;
use crate::model::{BoundaryId, DiagramId, ElementId, ElementKindTag, MessageId, Subject};

use super::first_model::ModelPlan;
use super::view::Tool;

/// What a palette entry places.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaletteItem {
    /// An element of this kind.
    Element(ElementKindTag),
    /// A trust boundary.
    Boundary,
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
    /// Ask for a new model with the guided start's questions.
    GuidedModel,
    /// Quit.
    Quit,
}

/// What a typed path is for.
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

impl PathPurpose {
    /// Whether the path is written to (and may replace a file).
    #[must_use]
    pub const fn writes(&self) -> bool {
        !matches!(self, Self::Open)
    }
}

/// The answer to "Save changes first?".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsavedAnswer {
    /// Save, then carry on.
    Save,
    /// Drop the changes and carry on.
    Discard,
    /// Do nothing.
    Cancel,
}

/// A record to show: the diagram that draws it, and what to select there. The find bar and the
/// "Show in …" menu items propose it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reveal {
    /// The diagram to switch to; `None` keeps the current one (the record is drawn nowhere).
    pub diagram: Option<DiagramId>,
    /// Elements, flows and boundaries to select.
    pub items: BTreeSet<Item>,
    /// Sequence messages to select.
    pub messages: BTreeSet<MessageId>,
}

/// A user request, queued during the frame and applied after it.
#[derive(Clone, Debug)]
pub enum Action {
    /// Apply a transaction as one undo step (or part of the open gesture).
    Apply(Transaction),
    /// After boxes moved on `diagram`: recompute boundary membership of these records, in the
    /// same undo step.
    SyncMembership(DiagramId, BTreeSet<ElementId>, BTreeSet<BoundaryId>),
    /// Start merging transactions into one step (a drag, typing into a field).
    BeginGesture(String),
    /// Stop merging.
    EndGesture,
    /// Roll the open gesture back (Esc during a drag).
    CancelGesture,
    /// Undo.
    Undo,
    /// Redo.
    Redo,
    /// New model (asks about unsaved changes).
    New,
    /// Open a model: prompt for the path (asks about unsaved changes first).
    Open,
    /// Open this recent file (asks about unsaved changes first).
    OpenRecent(PathBuf),
    /// Save to the current path, or ask for one.
    Save,
    /// Ask for a path and save there.
    SaveAs,
    /// Ask for a path and export the current diagram as SVG.
    ExportSvg,
    /// Ask for a path and export the current diagram as PNG.
    ExportPng,
    /// Close the model (asks about unsaved changes) and start a new one.
    Close,
    /// Quit (asks about unsaved changes).
    Quit,
    /// The path dialog was submitted with this path.
    SubmitPath(PathBuf),
    /// The path dialog's Browse… button: ask the system's file dialog.
    BrowseForPath,
    /// The unsaved-changes dialog was answered.
    AnswerUnsaved(UnsavedAnswer),
    /// Close the open dialog without doing anything.
    CloseDialog,
    /// Copy the selection to the clipboard.
    Copy,
    /// Copy, then delete.
    Cut,
    /// Paste clipboard text.
    Paste(String),
    /// Copy and paste in one go.
    Duplicate,
    /// Delete the selection with everything that depends on it.
    Delete,
    /// Select everything on the diagram.
    SelectAll,
    /// Select exactly these.
    Select(BTreeSet<Item>),
    /// Select one sequence message (and nothing else).
    SelectMessage(MessageId),
    /// Add to the selection.
    AlsoSelect(Item),
    /// Add a sequence message to the selection, or take it out.
    ToggleMessage(MessageId),
    /// Start renaming the single selected item (or message) in place.
    RenameSelected,
    /// What a click on the canvas does next.
    SetTool(Tool),
    /// Zoom the canvas in.
    ZoomIn,
    /// Zoom the canvas out.
    ZoomOut,
    /// Fit the diagram in the view.
    ZoomFit,
    /// Show or hide the grid.
    SetGrid(bool),
    /// Snap moves to the grid or not.
    SetSnap(bool),
    /// Show or hide the properties panel.
    SetPropertiesPanel(bool),
    /// Switch the dark theme on or off.
    SetDarkTheme(bool),
    /// New diagram (true: sequence), then ask for its name.
    NewDiagram(bool),
    /// Ask for a new name for the current diagram.
    RenameDiagram,
    /// Delete the current diagram.
    DeleteDiagram,
    /// Show another diagram.
    SwitchDiagram(DiagramId),
    /// Show a message in the status bar.
    Status(String),
    /// Align or distribute the selected elements on the current DFD, membership following, in
    /// one undo step.
    Arrange(Arrangement),
    /// Fit the selection in the view.
    ZoomToSelection,
    /// Open the find bar over the canvas, or put the keyboard back in it.
    OpenFind,
    /// Switch to the diagram that draws a record, select it and centre it.
    Reveal(Reveal),
    /// Show the properties panel and put the keyboard in its first field.
    FocusProperties,
    /// Select what a check finding is about and bring it into view, on a diagram that shows it.
    GoTo(Subject),
    /// Show or hide the problems panel.
    SetProblemsPanel(bool),
    /// Open the DFD do's and don'ts, scrolled to this rule if one is given.
    ShowRuleHelp(Option<&'static str>),
    /// Close the DFD do's and don'ts.
    CloseRuleHelp,
    /// Ask for the reason to suppress check `rule` on `subject`.
    AskSuppress {
        /// The check's id.
        rule: &'static str,
        /// What its finding is about.
        subject: Subject,
    },
    /// Show or hide the guided start.
    SetGuidedStart(bool),
    /// Start a new model from the guided start's questions (asks about unsaved changes first).
    NewGuidedModel,
    /// Create the model the guided start's questions describe, in a new unsaved document.
    CreateGuidedModel(Box<ModelPlan>),
}

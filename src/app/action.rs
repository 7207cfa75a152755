//! The vocabulary of intents. Widgets (canvas, palette, panels, menus, dialogs) return
//! [`Action`]s; after the UI pass, [`crate::app::Editor`] applies them in order. This file is
//! what keeps the app's modules free of import cycles: widgets depend on it and on the model,
//! never on each other or on the editor.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::edit::Transaction;
use crate::edit::arrange::Arrangement;
use crate::edit::commands::Item;
use crate::model::{BoundaryId, DiagramId, ElementId, ElementKindTag, MessageId, Subject, ThreatId, ThreatTarget};

use super::first_model::ModelPlan;
use super::picture_choices::ExportChoices;
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
    /// Ask for a file to import.
    ImportPrompt,
    /// Import this file (another tool's model) as a new unsaved document; a ThreatCanvas
    /// model opens as Open does.
    ImportPath(PathBuf),
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
    /// Import another tool's model (or open a ThreatCanvas one).
    Import,
    /// Export the model as a Threat Dragon v2 file.
    ExportThreatDragon,
    /// Export the model as an Open Threat Model file.
    ExportOtm,
    /// Export the current diagram as PDF.
    ExportPdf,
    /// Write the report (HTML, or Markdown for `.md`).
    ExportReport,
    /// Compare the model with another file, or a git revision of its own file.
    Compare,
}

impl PathPurpose {
    /// Whether the path is written to (and may replace a file).
    #[must_use]
    pub const fn writes(&self) -> bool {
        !matches!(self, Self::Open | Self::Import | Self::Compare)
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

/// What the review list covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReviewScope {
    /// Every element and flow.
    Model,
    /// The elements and flows that were selected when it opened.
    Targets(BTreeSet<ThreatTarget>),
}

impl ReviewScope {
    /// Whether `target` is in it.
    #[must_use]
    pub fn includes(&self, target: &ThreatTarget) -> bool {
        match self {
            Self::Model => true,
            Self::Targets(set) => set.contains(target),
        }
    }
}

/// Which list the review shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewTab {
    /// Suggestions still to decide on.
    Pending,
    /// Suggestions the team dismissed, to restore.
    Dismissed,
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
    /// Show or hide the legend on the canvas.
    SetLegend(bool),
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
    /// An answer about work kept safe: recovery files, a file changed on disk, locks.
    Safekeeping(Safekeeping),
    /// Import another tool's model: ask for the file (asks about unsaved changes first).
    Import,
    /// A file dropped onto the window (or named by a test): a ThreatCanvas model opens as Open
    /// does, another tool's model is imported as a new unsaved document; asks about unsaved
    /// changes first.
    OpenOrImport(PathBuf),
    /// Ask for a path and export the model for Threat Dragon.
    ExportThreatDragon,
    /// Ask for a path and export the model as Open Threat Model.
    ExportOtm,
    /// Lay the current data-flow diagram out afresh, in one undo step.
    AutoLayout,
    /// Ask for a path and export the current diagram as PDF.
    ExportPdf,
    /// Ask for a path and write the report.
    ExportReport,
    /// Copy the diagram, or the selection, to the clipboard as a picture.
    CopyImage,
    /// Remember these export choices.
    SetExportChoices(ExportChoices),
    /// Ask what to compare the model with (View ▸ Compare with…).
    CompareWith,
    /// Close the comparison; the model is untouched.
    CloseCompare,
    /// Open the review list of threat suggestions for the whole model or a selection, on a tab.
    ReviewSuggestions(ReviewScope, ReviewTab),
    /// Close the review list.
    CloseReview,
    /// Read the threat library folders again (after editing a rule file).
    ReloadThreatRules,
    /// Show or hide the threat list.
    SetThreatList(bool),
    /// Select what a threat is about and centre it, on a diagram that shows it.
    ShowTarget(ThreatTarget),
    /// As [`Action::ShowTarget`] for the threat's target, and open the threat in the
    /// properties panel (a row of the threat list).
    ShowThreat(ThreatId),
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

/// Answers to the questions that keep work from being lost (see `safekeeping.rs`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Safekeeping {
    /// Open the work in this recovery file as an unsaved document.
    Restore(PathBuf),
    /// Delete this recovery file.
    DiscardRecovery(PathBuf),
    /// Close the recovery offer; the files stay for the next start (or File > Recover).
    RecoverLater,
    /// List the recovery files nobody is editing (File > Recover Unsaved Work…).
    ShowRecovery,
    /// The file changed on disk: load it, dropping the unsaved changes.
    ReloadFromDisk,
    /// The file changed on disk: keep editing; the next save asks before overwriting it.
    KeepMine,
    /// The file changed on disk: keep editing, and compare the model with the version on disk
    /// (View ▸ Compare shows what differs); the next save asks before overwriting it.
    CompareWithDisk,
    /// Save over a file that changed on disk since it was opened or last saved.
    Overwrite,
    /// Open a file another window holds, read-only or not.
    OpenLocked {
        /// The file.
        path: PathBuf,
        /// Save is refused (Save As still works).
        read_only: bool,
    },
    /// Do not open the file another window holds.
    CancelLocked,
}

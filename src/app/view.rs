//! View state: what the user is looking at and has selected. It lives in the editor, never in
//! the model file, and widgets read it through a [`Snapshot`]; only the applier changes it.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::findings::Findings;
use super::threat_library::ThreatLibrary;
use crate::edit::ChangeLog;
use crate::edit::commands::Item;
use crate::model::{DiagramId, DiagramView, ElementId, ElementKindTag, MessageId, Model, ThreatId};

/// What a click or drag on the canvas does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    /// Select, move, connect from edges, rename.
    Select,
    /// Place an element of this kind.
    Place(ElementKindTag),
    /// Draw a trust boundary.
    PlaceBoundary,
    /// Drag from element to element to add a flow.
    Connect,
}

/// The editor's view state.
#[derive(Clone, Debug)]
pub struct View {
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
    /// Whether the properties panel shows (F4).
    pub show_properties: bool,
    /// Whether the canvas shows the legend of the notation (View > Legend).
    pub legend: bool,
    /// The properties panel takes the keyboard into its first field on the next frame
    /// (Properties in a context menu). One frame only: the editor clears it after drawing.
    pub focus_properties: bool,
    /// The properties panel opens this threat's section and scrolls to it on the next frame
    /// (a row clicked in the threat list). One frame only: the editor clears it after drawing.
    pub reveal_threat: Option<ThreatId>,
    /// Whether the threat list shows (View ▸ Threat list).
    pub show_threat_list: bool,
    /// The problems panel, the DFD do's and don'ts and the guided start.
    pub panels: Panels,
}

/// Which of the panels about the model's quality show, and what they point at.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Panels {
    /// The problems panel (Ctrl+Shift+M).
    pub problems: bool,
    /// The guided start.
    pub guided_start: bool,
    /// The user closed the guided start: a new model no longer opens it.
    pub guided_start_closed: bool,
    /// The DFD do's and don'ts, when open.
    pub rule_help: Option<RuleHelp>,
}

/// The open DFD do's and don'ts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RuleHelp {
    /// The rule to show, if the help was opened for one.
    pub rule: Option<&'static str>,
    /// Counts requests, so the window scrolls to the rule once per request.
    pub request: u64,
}

impl Default for View {
    fn default() -> Self {
        Self {
            diagram: None,
            selection: BTreeSet::new(),
            selected_messages: BTreeSet::new(),
            tool: Tool::Select,
            grid: true,
            snap: true,
            show_properties: true,
            legend: false,
            focus_properties: false,
            reveal_threat: None,
            show_threat_list: false,
            panels: Panels::default(),
        }
    }
}

/// Which one-frame requests were pending when a frame began: those are cleared after it is
/// drawn, and any made while it was applied wait for the next.
#[derive(Clone, Copy, Debug)]
pub(super) struct OneFrame {
    focus_properties: bool,
    reveal_threat: bool,
}

impl View {
    /// The one-frame requests pending now.
    pub(super) const fn one_frame_requests(&self) -> OneFrame {
        OneFrame { focus_properties: self.focus_properties, reveal_threat: self.reveal_threat.is_some() }
    }

    /// Clears the requests that were pending when the frame began (they have been drawn).
    pub(super) fn clear_one_frame_requests(&mut self, drawn: OneFrame) {
        if drawn.focus_properties {
            self.focus_properties = false;
        }
        if drawn.reveal_threat {
            self.reveal_threat = None;
        }
    }

    /// The selected elements.
    #[must_use]
    pub fn selected_elements(&self) -> BTreeSet<ElementId> {
        self.selection.iter().filter_map(|i| if let Item::Element(e) = i { Some(e.clone()) } else { None }).collect()
    }

    /// Whether the shown diagram is a sequence diagram.
    #[must_use]
    pub fn is_sequence(&self, model: &Model) -> bool {
        self.diagram.as_ref().and_then(|d| model.diagram(d)).is_some_and(|d| matches!(d.view, DiagramView::Sequence(_)))
    }
}

/// The widget id the threat list's rows take the keyboard under: while it has focus, arrow keys,
/// Enter and Delete belong to the list, not to the canvas or the window's single-key shortcuts.
#[must_use]
pub fn threat_list_keys() -> egui::Id {
    egui::Id::unique("threat_list_rows")
}

/// A read-only look at the editor for one frame: everything a widget may read. Widgets get
/// this and their own state, and return actions; they never hold the editor itself.
pub struct Snapshot<'a> {
    /// The model.
    pub model: &'a Model,
    /// Counts model changes, so views can cache what they draw.
    pub revision: u64,
    /// What the recent changes touched, so views can redraw just that.
    pub changes: &'a ChangeLog,
    /// Selection, diagram, tool.
    pub view: &'a View,
    /// What Undo would take back, if anything.
    pub undo_label: Option<&'a str>,
    /// What Redo would apply, if anything.
    pub redo_label: Option<&'a str>,
    /// Recently opened files, most recent first.
    pub recent: &'a [PathBuf],
    /// Dark theme.
    pub dark: bool,
    /// A modal dialog is open: the canvas and single-key shortcuts stand still.
    pub modal_open: bool,
    /// The document's file name, or "Untitled".
    pub document_name: &'a str,
    /// The remembered export choices, for the export dialog.
    pub export: &'a super::picture_choices::ExportChoices,
    /// The open comparison (View ▸ Compare with…), if any.
    pub compare: Option<&'a super::compare::Comparison>,
    /// The threat library in use, its problems, and the model's pending suggestions.
    pub library: &'a ThreatLibrary,
    /// The live checks' findings for this revision of the model.
    pub findings: &'a Findings,
}

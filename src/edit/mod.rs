//! Undoable edits.
//!
//! Every change to a [`Model`] is an [`Edit`]: "set this one record to this value (or remove
//! it)". Applying an edit returns its inverse, the same kind of edit holding the old value, so
//! undo is exact by construction and costs what changed, not a copy of the model. A user action
//! is a [`Transaction`] of edits built by the commands ([`commands`], [`sequence`], [`arrange`],
//! [`clipboard`], [`auto_layout()`]); the [`History`] keeps them and merges a continuous
//! gesture (a drag) into one step.
//!
//! Commands refuse, with a [`CommandError`] a UI can show, any change that would leave a model
//! that does not load back; edits themselves are plain record writes that only fail when the
//! diagram they name is missing ([`EditError`]).

mod apply;
pub mod arrange;
mod auto_layout;
pub mod clipboard;
pub mod commands;
pub mod conflicts;
mod error;
mod history;
pub mod sequence;
pub mod threat_list;
mod touch;
pub mod triage;

pub use apply::apply_all;
pub use auto_layout::auto_layout;
pub use error::{CommandError, EditError};
pub use history::History;
pub use touch::{ChangeLog, Touch};

use crate::model::{
    BoundaryId, Conflict, ConflictKey, DataFlow, Diagram, DiagramId, Element, ElementId, FlowId, Fragment, FragmentId,
    Message, MessageId, Metadata, Note, NoteId, Point, Rect, SuggestionKey, SuppressionKey, Threat, ThreatId,
    TrustBoundary,
};

/// One record-level change. `None` removes the record.
///
/// Records that live in an ordered list (diagrams in tab order, lifelines, messages, fragments
/// and notes) carry their position: `Some((index, record))` takes the record out wherever it
/// is and puts this value at `index` (clamped to the end), so one edit inserts, updates or
/// moves it, and the inverse carries the old position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Replace the model's metadata.
    Meta(Box<Metadata>),
    /// Set or remove an element.
    Element(ElementId, Option<Box<Element>>),
    /// Set or remove a data flow.
    Flow(FlowId, Option<Box<DataFlow>>),
    /// Set or remove a trust boundary.
    Boundary(BoundaryId, Option<Box<TrustBoundary>>),
    /// Set or remove a threat.
    Threat(ThreatId, Option<Box<Threat>>),
    /// Insert a diagram at a tab position, or remove it.
    Diagram(DiagramId, Option<(usize, Box<Diagram>)>),
    /// Rename a diagram.
    DiagramName(DiagramId, String),
    /// Place, move or unplace an element on a DFD.
    Node(DiagramId, ElementId, Option<Rect>),
    /// Place, move or unplace a boundary on a DFD.
    BoundaryRect(DiagramId, BoundaryId, Option<Rect>),
    /// Set a flow's bend points on a DFD (empty: straight).
    Bends(DiagramId, FlowId, Vec<Point>),
    /// Put an element's lifeline at a position on a sequence diagram (left to right), or take
    /// it off.
    Lifeline(DiagramId, ElementId, Option<usize>),
    /// Put a message at a position on a sequence diagram (top to bottom), or remove it. The
    /// message's own `id` is replaced by the edit's.
    Message(DiagramId, MessageId, Option<(usize, Box<Message>)>),
    /// Put a combined fragment at a position in a sequence diagram's list, or remove it.
    Fragment(DiagramId, FragmentId, Option<(usize, Box<Fragment>)>),
    /// Put a note at a position in a sequence diagram's list, or remove it.
    Note(DiagramId, NoteId, Option<(usize, Box<Note>)>),
    /// Dismiss a threat-library suggestion with a reason (may be empty), or take the dismissal
    /// back (`None`).
    Dismissal(SuggestionKey, Option<String>),
    /// Suppress a check finding with its reason, or lift the suppression (`None`).
    Suppression(SuppressionKey, Option<String>),
    /// Record a merge conflict, or drop it once resolved (`None`).
    Conflict(ConflictKey, Option<Box<Conflict>>),
}

/// What an edit changes: two edits with the same key write the same record, which is how a
/// gesture keeps only the first (original) inverse of each record it touches.
#[derive(Clone, Debug, PartialEq, Eq)]
enum EditKey {
    Meta,
    Element(ElementId),
    Flow(FlowId),
    Boundary(BoundaryId),
    Threat(ThreatId),
    Diagram(DiagramId),
    DiagramName(DiagramId),
    Node(DiagramId, ElementId),
    BoundaryRect(DiagramId, BoundaryId),
    Bends(DiagramId, FlowId),
    Lifeline(DiagramId, ElementId),
    Message(DiagramId, MessageId),
    Fragment(DiagramId, FragmentId),
    Note(DiagramId, NoteId),
    Dismissal(SuggestionKey),
    Suppression(SuppressionKey),
    Conflict(ConflictKey),
}

impl Edit {
    fn key(&self) -> EditKey {
        match self {
            Self::Meta(_) => EditKey::Meta,
            Self::Element(id, _) => EditKey::Element(id.clone()),
            Self::Flow(id, _) => EditKey::Flow(id.clone()),
            Self::Boundary(id, _) => EditKey::Boundary(id.clone()),
            Self::Threat(id, _) => EditKey::Threat(id.clone()),
            Self::Diagram(id, _) => EditKey::Diagram(id.clone()),
            Self::DiagramName(id, _) => EditKey::DiagramName(id.clone()),
            Self::Node(d, e, _) => EditKey::Node(d.clone(), e.clone()),
            Self::BoundaryRect(d, b, _) => EditKey::BoundaryRect(d.clone(), b.clone()),
            Self::Bends(d, f, _) => EditKey::Bends(d.clone(), f.clone()),
            Self::Lifeline(d, e, _) => EditKey::Lifeline(d.clone(), e.clone()),
            Self::Message(d, m, _) => EditKey::Message(d.clone(), m.clone()),
            Self::Fragment(d, g, _) => EditKey::Fragment(d.clone(), g.clone()),
            Self::Note(d, n, _) => EditKey::Note(d.clone(), n.clone()),
            Self::Dismissal(key, _) => EditKey::Dismissal(key.clone()),
            Self::Suppression(key, _) => EditKey::Suppression(key.clone()),
            Self::Conflict(key, _) => EditKey::Conflict(key.clone()),
        }
    }
}

/// A named group of edits: one user action, one undo step.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Transaction {
    /// Shown in the Edit menu: "Undo Move".
    pub label: String,
    /// The edits, applied in order.
    pub edits: Vec<Edit>,
}

impl Transaction {
    /// An empty transaction called `label`.
    #[must_use]
    pub fn new(label: impl Into<String>) -> Self {
        Self { label: label.into(), edits: Vec::new() }
    }

    /// Adds an edit.
    pub fn push(&mut self, edit: Edit) {
        self.edits.push(edit);
    }

    /// Whether there is nothing to do.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }
}

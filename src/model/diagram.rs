//! Diagrams: views that place (DFD) or order (sequence) the model's elements and flows.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::geometry::{Point, Rect};
use super::ids::{BoundaryId, DiagramId, ElementId, FlowId, FragmentId, MessageId, NoteId};

/// A named view of the model. Several diagrams may show the same element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagram {
    /// Stable identity.
    pub id: DiagramId,
    /// Shown on the tab and in exports.
    pub name: String,
    /// What the diagram shows and how.
    pub view: DiagramView,
}

/// The two kinds of diagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiagramView {
    /// A data-flow diagram: placed elements, boundaries and the flows between them.
    Dfd(DfdView),
    /// A sequence diagram: lifelines and ordered messages.
    Sequence(SequenceView),
}

impl DiagramView {
    /// A human label for the kind.
    #[must_use]
    pub const fn kind_label(&self) -> &'static str {
        match self {
            Self::Dfd(_) => "Data-flow diagram",
            Self::Sequence(_) => "Sequence diagram",
        }
    }
}

/// Where things sit on a data-flow diagram. A flow is drawn whenever both of its ends are
/// placed, so a DFD never hides a flow between two elements it shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DfdView {
    /// The box of each placed element.
    pub nodes: BTreeMap<ElementId, Rect>,
    /// The region of each placed trust boundary.
    pub boundaries: BTreeMap<BoundaryId, Rect>,
    /// Bend points of flows that are not drawn straight.
    pub bends: BTreeMap<FlowId, Vec<Point>>,
}

/// Lifelines and messages of a sequence diagram. Layout follows from order, so nothing here
/// is a coordinate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SequenceView {
    /// Participants, left to right.
    pub lifelines: Vec<ElementId>,
    /// Messages, top to bottom.
    pub messages: Vec<Message>,
    /// Combined fragments wrapping ranges of messages.
    pub fragments: Vec<Fragment>,
    /// Notes placed on lifelines.
    pub notes: Vec<Note>,
}

/// One step of a sequence diagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// Stable identity.
    pub id: MessageId,
    /// Sending lifeline.
    pub from: ElementId,
    /// Receiving lifeline (the same as `from` for a self-message).
    pub to: ElementId,
    /// The data flow this message carries; `None` only for a self-message (a process calling
    /// itself moves no data between elements).
    pub flow: Option<FlowId>,
    /// Call, reply or asynchronous.
    pub kind: MessageKind,
    /// What this step sends, e.g. `POST /rest/2fa/verify {tmpToken, totpToken}`; when empty
    /// the flow's name is shown.
    pub text: String,
}

/// How a message is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// A synchronous call: solid line, filled arrow head.
    #[default]
    Call,
    /// A reply: dashed line, open arrow head.
    Reply,
    /// An asynchronous message: solid line, open arrow head.
    Async,
}

/// A combined fragment: a framed range of messages with an operator and a guard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fragment {
    /// Stable identity.
    pub id: FragmentId,
    /// alt, opt or loop.
    pub kind: FragmentKind,
    /// The condition, e.g. "code valid" or "for each item".
    pub guard: String,
    /// First message inside the frame.
    pub first: MessageId,
    /// Last message inside the frame.
    pub last: MessageId,
    /// For `alt`: where the else branch starts and its guard.
    pub else_branch: Option<ElseBranch>,
}

/// The second operand of an `alt` fragment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ElseBranch {
    /// First message of the else branch.
    pub first: MessageId,
    /// Its guard, e.g. "invalid code".
    pub guard: String,
}

/// The operator of a combined fragment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FragmentKind {
    /// Alternatives.
    #[default]
    Alt,
    /// Optional.
    Opt,
    /// Repeated.
    Loop,
}

impl FragmentKind {
    /// The operator as UML writes it.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Alt => "alt",
            Self::Opt => "opt",
            Self::Loop => "loop",
        }
    }
}

/// A note pinned to a lifeline at a point in the sequence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// Stable identity.
    pub id: NoteId,
    /// The lifeline it is attached to.
    pub lifeline: ElementId,
    /// The message it follows; `None` puts it before the first message.
    pub after: Option<MessageId>,
    /// The text.
    pub text: String,
}

impl Message {
    /// The text the message shows: its own, or else the name of the flow it carries.
    #[must_use]
    pub fn label<'a>(&'a self, model: &'a super::Model) -> &'a str {
        if self.text.is_empty() {
            self.flow.as_ref().and_then(|f| model.flows.get(f)).map_or("", |f| f.name.as_str())
        } else {
            &self.text
        }
    }
}

impl SequenceView {
    /// The message with `id`.
    #[must_use]
    pub fn message(&self, id: &MessageId) -> Option<&Message> {
        self.messages.iter().find(|m| &m.id == id)
    }
}

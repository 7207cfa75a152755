//! The laid-out geometry of a diagram, in diagram coordinates: element boxes, flow routes and
//! their label boxes, lifeline columns and message rows. Scene building produces it alongside
//! the display list, and the canvas reads it for hit-testing, handles and drop positions, so
//! nothing is ever read back from drawn shapes.

use std::collections::BTreeMap;

use super::geometry::{Pos, SceneRect};
use crate::model::{BoundaryId, ElementId, FlowId, MessageId};

/// The route of a data flow on a DFD.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FlowPath {
    /// From where the line leaves its source's outline, through its bend points, to where it
    /// meets its target's outline.
    pub points: Vec<Pos>,
    /// The box of its label, if it has one.
    pub label: Option<SceneRect>,
    /// The arrow heads drawn (tip first): one at the target, and one at the source of a
    /// bidirectional flow. Labels are placed clear of every flow's heads.
    pub heads: Vec<[Pos; 3]>,
    /// The flow's whole name when the label shows it cut short (ending in "…"), for the
    /// canvas to show on hover; `None` when the label shows all of it.
    pub full_label: Option<String>,
}

/// Where everything of one diagram sits.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// Element boxes on a DFD; lifeline heads on a sequence diagram.
    pub elements: BTreeMap<ElementId, SceneRect>,
    /// Trust boundary boxes on a DFD.
    pub boundaries: BTreeMap<BoundaryId, SceneRect>,
    /// Flow routes on a DFD.
    pub flows: BTreeMap<FlowId, FlowPath>,
    /// Sequence lifelines, left to right, with the x of each.
    pub lifelines: Vec<(ElementId, f32)>,
    /// Sequence messages drawn, top to bottom, with the y of each arrow.
    pub messages: Vec<(MessageId, f32)>,
    /// The label box of each sequence message.
    pub message_labels: BTreeMap<MessageId, SceneRect>,
    /// The arrow head of each sequence message (tip first), which no label may cover.
    pub message_heads: BTreeMap<MessageId, [Pos; 3]>,
}

impl Layout {
    /// The x of a lifeline.
    #[must_use]
    pub fn lifeline_x(&self, id: &ElementId) -> Option<f32> {
        self.lifelines.iter().find(|(l, _)| l == id).map(|(_, x)| *x)
    }

    /// The lifeline nearest `x`, if one is within `reach`.
    #[must_use]
    pub fn lifeline_near(&self, x: f32, reach: f32) -> Option<&ElementId> {
        self.lifelines
            .iter()
            .filter(|(_, lx)| (lx - x).abs() <= reach)
            .min_by(|a, b| (a.1 - x).abs().total_cmp(&(b.1 - x).abs()))
            .map(|(id, _)| id)
    }

    /// The y of a message's arrow.
    #[must_use]
    pub fn message_y(&self, id: &MessageId) -> Option<f32> {
        self.messages.iter().find(|(m, _)| m == id).map(|(_, y)| *y)
    }
}

//! What edits touched, remembered for a while, so views can redraw just those records instead
//! of everything after each step of a drag.

use std::collections::VecDeque;

use super::Edit;
use crate::model::{BoundaryId, DiagramId, ElementId, FlowId, MessageId, ThreatTarget};

/// The record one edit changed, as far as drawing is concerned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Touch {
    /// An element's record.
    Element(ElementId),
    /// A flow's record.
    Flow(FlowId),
    /// An element's box on a DFD.
    Node(DiagramId, ElementId),
    /// A boundary's box on a DFD.
    BoundaryBox(DiagramId, BoundaryId),
    /// A flow's bend points on a DFD.
    Bends(DiagramId, FlowId),
    /// A boundary's record (its nesting decides the painting order: views redraw everything).
    Boundary(BoundaryId),
    /// A threat on this target (its badge changes).
    Threat(ThreatTarget),
    /// A sequence message (the sequence layout flows from top to bottom: views redraw it all).
    Message(DiagramId, MessageId),
    /// The model's metadata, which no diagram draws.
    Metadata,
    /// Anything else: redraw everything.
    Other,
}

impl Touch {
    /// What `edits` touch; a large transaction counts as touching everything.
    #[must_use]
    pub fn all(edits: &[Edit]) -> Vec<Self> {
        if edits.len() > MOST_TOUCHES { vec![Self::Other] } else { edits.iter().map(Self::of).collect() }
    }

    /// What `edit` touches.
    #[must_use]
    pub fn of(edit: &Edit) -> Self {
        match edit {
            Edit::Meta(_) => Self::Metadata,
            Edit::Element(id, Some(_)) => Self::Element(id.clone()),
            Edit::Flow(id, Some(_)) => Self::Flow(id.clone()),
            Edit::Node(d, e, Some(_)) => Self::Node(d.clone(), e.clone()),
            Edit::BoundaryRect(d, b, Some(_)) => Self::BoundaryBox(d.clone(), b.clone()),
            Edit::Bends(d, f, _) => Self::Bends(d.clone(), f.clone()),
            Edit::Boundary(id, Some(_)) => Self::Boundary(id.clone()),
            Edit::Threat(_, Some(threat)) => Self::Threat(threat.target.clone()),
            Edit::Message(d, id, Some(_)) => Self::Message(d.clone(), id.clone()),
            _ => Self::Other,
        }
    }
}

/// Most changes remembered; a view further behind redraws everything.
const KEPT: usize = 64;
/// A transaction touching more records than this is remembered as "everything".
const MOST_TOUCHES: usize = 256;

/// The recent changes of a model, by the revision each produced.
#[derive(Clone, Debug, Default)]
pub struct ChangeLog {
    entries: VecDeque<(u64, Vec<Touch>)>,
}

impl ChangeLog {
    /// Remembers that the change to `revision` touched `touches` (see [`Touch::all`]).
    pub fn record(&mut self, revision: u64, touches: Vec<Touch>) {
        self.push(revision, touches);
    }

    /// Remembers that the change to `revision` may have touched anything (undo, redo, a
    /// cancelled gesture).
    pub fn record_everything(&mut self, revision: u64) {
        self.push(revision, vec![Touch::Other]);
    }

    fn push(&mut self, revision: u64, touches: Vec<Touch>) {
        self.entries.push_back((revision, touches));
        while self.entries.len() > KEPT {
            self.entries.pop_front();
        }
    }

    /// What changed after `revision` up to `current`: `None` when that is unknown (forgotten,
    /// or a change that may have touched anything).
    #[must_use]
    pub fn since(&self, revision: u64, current: u64) -> Option<Vec<&Touch>> {
        if revision == current {
            return Some(Vec::new());
        }
        let first = self.entries.iter().position(|(r, _)| *r > revision)?;
        // Every revision from revision + 1 on must still be here.
        if self.entries[first].0 != revision + 1 || self.entries.back().map(|(r, _)| *r) != Some(current) {
            return None;
        }
        let touches: Vec<&Touch> = self.entries.iter().skip(first).flat_map(|(_, t)| t).collect();
        (!touches.contains(&&Touch::Other)).then_some(touches)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Rect;

    #[test]
    fn changes_since_a_revision_are_known_until_forgotten_or_unknown() {
        let mut log = ChangeLog::default();
        let (d, e) = (DiagramId::new("d"), ElementId::new("e"));
        let moved = Edit::Node(d.clone(), e.clone(), Some(Rect::new(0, 0, 10, 10)));
        log.record(1, Touch::all(std::slice::from_ref(&moved)));
        log.record(2, Touch::all(std::slice::from_ref(&moved)));
        assert_eq!(log.since(0, 2).map(|t| t.len()), Some(2));
        assert_eq!(log.since(1, 2), Some(vec![&Touch::Node(d, e)]));
        assert_eq!(log.since(2, 2), Some(Vec::new()));
        log.record_everything(3);
        assert_eq!(log.since(2, 3), None, "an undo may have touched anything");
        for r in 4..100 {
            log.record(r, Touch::all(std::slice::from_ref(&moved)));
        }
        assert_eq!(log.since(5, 99), None, "forgotten");
        assert!(log.since(90, 99).is_some());
    }
}

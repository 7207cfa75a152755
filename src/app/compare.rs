//! Comparing the open model with another version of it (another file, or a git revision of
//! its own file): the other version and the differences, kept up to date as the model is
//! edited. View state only: closing the comparison leaves no trace in the model.

use std::collections::BTreeMap;

use super::action::Reveal;
use crate::diff::{self, ChangeKind, ModelDiff};
use crate::edit::commands::Item;
use crate::model::{Diagram, DiagramId, DiagramView, MessageId, Model, RecordId, ThreatTarget};

/// An open comparison.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// What the model is compared with, for people: a file path, or `HEAD:model.json`.
    pub against: String,
    /// The other version.
    pub other: Model,
    /// From the other version to the model as it is now.
    pub diff: ModelDiff,
    /// The model revision `diff` was worked out for.
    revision: u64,
}

impl Comparison {
    /// Compares `current` (at `revision`) with `other`.
    #[must_use]
    pub fn new(against: String, other: Model, current: &Model, revision: u64) -> Self {
        let diff = diff::diff(&other, current);
        Self { against, other, diff, revision }
    }

    /// Works the differences out again if the model changed since.
    pub fn refresh(&mut self, current: &Model, revision: u64) {
        if revision != self.revision {
            self.diff = diff::diff(&self.other, current);
            self.revision = revision;
        }
    }

    /// How elements, flows and boundaries on `diagram` are marked: added, removed (drawn
    /// ghosted from the other version) or changed (a field, or its box or bends there).
    #[must_use]
    pub fn marks_on(&self, diagram: &DiagramId) -> BTreeMap<RecordId, ChangeKind> {
        self.diff
            .marks_on(diagram)
            .into_iter()
            .filter(|(r, _)| matches!(r, RecordId::Element(_) | RecordId::Flow(_) | RecordId::Boundary(_)))
            .collect()
    }
}

/// How to show `record` (or the element, flow or boundary it places): on `current` if that
/// diagram draws it, else on the first diagram that does. `None` when no diagram draws it.
#[must_use]
pub fn reveal_record(model: &Model, current: Option<&DiagramId>, record: &RecordId) -> Option<Reveal> {
    let (on, item, message): (Option<&DiagramId>, Option<Item>, Option<MessageId>) = match record {
        RecordId::Element(e) => (None, Some(Item::Element(e.clone())), None),
        RecordId::Flow(f) => (None, Some(Item::Flow(f.clone())), None),
        RecordId::Boundary(b) => (None, Some(Item::Boundary(b.clone())), None),
        RecordId::Threat(t) => (None, Some(target_item(&model.threats.get(t)?.target)), None),
        RecordId::Node(d, e) | RecordId::Lifeline(d, e) => (Some(d), Some(Item::Element(e.clone())), None),
        RecordId::BoundaryBox(d, b) => (Some(d), Some(Item::Boundary(b.clone())), None),
        RecordId::Bends(d, f) => (Some(d), Some(Item::Flow(f.clone())), None),
        RecordId::Message(d, m) => (Some(d), None, Some(m.clone())),
        _ => return None,
    };
    let draws = |d: &Diagram| match (&d.view, &item) {
        (DiagramView::Dfd(v), Some(Item::Element(e))) => v.nodes.contains_key(e),
        (DiagramView::Dfd(v), Some(Item::Boundary(b))) => v.boundaries.contains_key(b),
        (DiagramView::Dfd(v), Some(Item::Flow(f))) => {
            model.flows.get(f).is_some_and(|x| v.nodes.contains_key(&x.source) && v.nodes.contains_key(&x.target))
        }
        (DiagramView::Sequence(s), Some(Item::Element(e))) => s.lifelines.contains(e),
        (DiagramView::Sequence(s), Some(Item::Flow(f))) => s.messages.iter().any(|m| m.flow.as_ref() == Some(f)),
        (DiagramView::Sequence(s), None) => message.as_ref().is_some_and(|m| s.message(m).is_some()),
        _ => false,
    };
    let diagram = match on {
        Some(d) => model.diagram(d).filter(|x| draws(x))?,
        None => current
            .and_then(|c| model.diagram(c))
            .filter(|x| draws(x))
            .or_else(|| model.diagrams.iter().find(|x| draws(x)))?,
    };
    Some(Reveal {
        diagram: Some(diagram.id.clone()),
        items: item.into_iter().collect(),
        messages: message.into_iter().collect(),
    })
}

fn target_item(target: &ThreatTarget) -> Item {
    match target {
        ThreatTarget::Element(e) => Item::Element(e.clone()),
        ThreatTarget::Flow(f) => Item::Flow(f.clone()),
        ThreatTarget::Boundary(b) => Item::Boundary(b.clone()),
    }
}

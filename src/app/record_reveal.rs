//! Where to show a record named by id (a diff's change, a merge conflict): the diagram that
//! draws it, and what to select there.

use super::action::Reveal;
use crate::edit::commands::Item;
use crate::model::{Diagram, DiagramId, DiagramView, MessageId, Model, RecordId, ThreatTarget};

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

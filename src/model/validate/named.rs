//! The records a problem is about, named by id: what code that mends a model (a merge putting
//! back a record one side deleted, a conflict resolution refusing a choice) works with, where
//! the loader wants positions in the file.

use super::{Fault, Location, Problem};
use crate::model::{DiagramId, DiagramView, Model, RecordId, Subject, target_record};

impl Problem {
    /// The record at fault, by id; `None` for a merge conflict (no record of its own) or a
    /// position `model` does not have (the problem was found on another model).
    #[must_use]
    pub fn record(&self, model: &Model) -> Option<RecordId> {
        self.at.record(model)
    }

    /// The record a broken reference names and `model` lacks, so a merge can put it back. A
    /// suppression on a message no diagram has names it with an empty diagram id.
    #[must_use]
    pub fn missing(&self, model: &Model) -> Option<RecordId> {
        let diagram = || self.at.diagram().and_then(|d| model.diagrams.get(d)).map(|d| d.id.clone());
        Some(match &self.fault {
            Fault::NoSuchBoundary(b) | Fault::PlacesNoBoundary(b) => RecordId::Boundary(b.clone()),
            Fault::NoSuchFlowEnd { element, .. } => RecordId::Element(element.clone()),
            Fault::PlacesNoElement(e) | Fault::LifelineNoElement(e) => RecordId::Element(e.clone()),
            Fault::NoSuchThreatTarget { target, .. } | Fault::NoSuchDismissalTarget(target) => target_record(target),
            Fault::BendsNoFlow(f) | Fault::NoSuchFlow(f) => RecordId::Flow(f.clone()),
            Fault::NoLifeline(e) => RecordId::Lifeline(diagram()?, e.clone()),
            Fault::NoSuchMessage(m) => RecordId::Message(diagram()?, m.clone()),
            Fault::NoSuchSubject(subject) => match subject {
                Subject::Model => return None,
                Subject::Element(id) => RecordId::Element(id.clone()),
                Subject::Flow(id) => RecordId::Flow(id.clone()),
                Subject::Boundary(id) => RecordId::Boundary(id.clone()),
                Subject::Diagram(id) => RecordId::Diagram(id.clone()),
                Subject::Threat(id) => RecordId::Threat(id.clone()),
                Subject::Message(id) => RecordId::Message(DiagramId::new(""), id.clone()),
            },
            _ => return None,
        })
    }
}

impl Location {
    /// The diagram a diagram part is on, by position.
    #[must_use]
    pub const fn diagram(&self) -> Option<usize> {
        match self {
            Self::Diagram(d, _)
            | Self::Node(d, _)
            | Self::Region(d, _)
            | Self::Bends(d, ..)
            | Self::Lifeline(d, _)
            | Self::Message(d, ..)
            | Self::Fragment(d, ..)
            | Self::Note(d, ..) => Some(*d),
            _ => None,
        }
    }

    /// The record at this location in `model`, by id; `None` for a merge conflict or a
    /// position `model` does not have.
    #[must_use]
    pub fn record(&self, model: &Model) -> Option<RecordId> {
        let diagram = |d: &usize| model.diagrams.get(*d);
        let sequence = |d: &usize| match diagram(d).map(|x| &x.view) {
            Some(DiagramView::Sequence(v)) => Some(v),
            _ => None,
        };
        let id = |d: &usize| diagram(d).map(|x| x.id.clone());
        Some(match self {
            Self::Meta(_) => RecordId::Meta,
            Self::Element(e, _) => RecordId::Element(e.clone()),
            Self::Flow(f, _) => RecordId::Flow(f.clone()),
            Self::Boundary(b, _) => RecordId::Boundary(b.clone()),
            Self::Threat(t, _) => RecordId::Threat(t.clone()),
            Self::Dismissal(key, _) => RecordId::Dismissal(key.clone()),
            Self::Suppression(key, _) => RecordId::Suppression(key.clone()),
            Self::Conflict(..) => return None,
            Self::Diagram(d, _) => RecordId::Diagram(id(d)?),
            Self::Node(d, e) => RecordId::Node(id(d)?, e.clone()),
            Self::Region(d, b) => RecordId::BoundaryBox(id(d)?, b.clone()),
            Self::Bends(d, f, _) => RecordId::Bends(id(d)?, f.clone()),
            Self::Lifeline(d, i) => RecordId::Lifeline(id(d)?, sequence(d)?.lifelines.get(*i)?.clone()),
            Self::Message(d, i, _) => RecordId::Message(id(d)?, sequence(d)?.messages.get(*i)?.id.clone()),
            Self::Fragment(d, i, _) => RecordId::Fragment(id(d)?, sequence(d)?.fragments.get(*i)?.id.clone()),
            Self::Note(d, i, _) => RecordId::Note(id(d)?, sequence(d)?.notes.get(*i)?.id.clone()),
        })
    }
}

//! The threat model: plain data, no egui, no I/O.
//!
//! Elements, flows, boundaries and threats live once here; diagrams are views that place or
//! order them. Everything derived (which flows cross which boundary, which flows touch an
//! element) is computed on demand and never stored.

mod boundary;
mod conflict;
mod diagram;
mod element;
mod field;
mod flow;
mod geometry;
mod ids;
mod limits;
mod methodology;
mod nesting;
mod record;
mod reference;
mod threat;
mod triage;
mod validate;

use std::collections::{BTreeMap, BTreeSet};

pub use boundary::TrustBoundary;
pub use conflict::{Conflict, ConflictKey, Side};
pub use diagram::{
    DfdView, Diagram, DiagramView, ElseBranch, Fragment, FragmentKind, Message, MessageKind, Note, SequenceView,
};
pub use element::{
    DataStoreProps, Element, ElementKind, ElementKindTag, EntityNature, ExternalEntityProps, ProcessProps,
};
pub use field::{FieldError, FieldType, FieldValue, Fields, field_type, reorder};
pub use flow::DataFlow;
pub use geometry::{MAX_COORD, MAX_EXTENT, Point, Rect, clamp_coord};
pub use ids::{
    BoundaryId, DiagramId, ElementId, FlowId, FragmentId, MAX_ID_LEN, MessageId, NoteId, ThreatId, is_valid_id,
};
pub use limits::{MAX_LINK_LEN, MAX_NAME_CHARS, MAX_REFERENCES, MAX_RULE_ID_LEN, MAX_TEXT_CHARS};
pub use methodology::{Methodology, ThreatCategory};
pub use nesting::Nesting;
pub use record::{RecordId, RecordKind, target_record};
pub(crate) use reference::quoted;
pub use reference::{ParseReferenceError, Reference};
pub use threat::{Severity, Threat, ThreatStatus, ThreatTarget};
pub use triage::{Subject, SuggestionKey, SuppressionKey, is_valid_rule_id};
pub use validate::{Fault, Field, Location, MAX_PROBLEMS, Problem};

/// Who made the model, what it covers and how threats are found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    /// The model's title: "OWASP Juice Shop".
    pub title: String,
    /// What the system is.
    pub description: String,
    /// Who owns the model.
    pub owner: String,
    /// Who contributed.
    pub contributors: Vec<String>,
    /// Who reviewed it.
    pub reviewer: String,
    /// What is in scope, and what deliberately is not: "define a small scope" is the first step.
    pub scope: String,
    /// How threats are found and named.
    pub methodology: Methodology,
}

/// A whole threat model: what a file holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Model {
    /// Title, owner, scope, methodology.
    pub meta: Metadata,
    /// Processes, external entities and data stores.
    pub elements: BTreeMap<ElementId, Element>,
    /// Data flows between elements.
    pub flows: BTreeMap<FlowId, DataFlow>,
    /// Trust boundaries.
    pub boundaries: BTreeMap<BoundaryId, TrustBoundary>,
    /// Threats on elements, flows and boundaries.
    pub threats: BTreeMap<ThreatId, Threat>,
    /// Diagrams in tab order.
    pub diagrams: Vec<Diagram>,
    /// Threat-library suggestions the team dismissed, with the reason given (may be empty), so
    /// they are never proposed again.
    pub dismissed: BTreeMap<SuggestionKey, String>,
    /// Check findings the team suppressed, each with its written reason (never empty).
    pub suppressions: BTreeMap<SuppressionKey, String>,
    /// What a three-way merge could not decide, until someone resolves it. A model with
    /// conflicts loads and edits normally; `validate` and `check` refuse it.
    pub conflicts: BTreeMap<ConflictKey, Conflict>,
}

/// The boundaries enclosing a boundary, innermost first: see [`Model::ancestors`].
pub struct Ancestors<'a> {
    model: &'a Model,
    next: Option<&'a BoundaryId>,
    /// Steps left: a chain cannot be longer than there are other boundaries, so a cycle (which
    /// validation refuses, but an edit in progress or an importer may briefly hold) ends.
    budget: usize,
}

impl<'a> Iterator for Ancestors<'a> {
    type Item = &'a BoundaryId;

    fn next(&mut self) -> Option<Self::Item> {
        let current = self.next?;
        if self.budget == 0 {
            self.next = None;
            return None;
        }
        self.budget -= 1;
        self.next = self.model.boundaries.get(current).and_then(|b| b.parent.as_ref());
        Some(current)
    }
}

/// The subjects of a model indexed by id: see [`Model::subjects`].
pub struct Subjects<'a> {
    model: &'a Model,
    diagrams: BTreeSet<&'a DiagramId>,
    messages: BTreeSet<&'a MessageId>,
}

impl Subjects<'_> {
    /// What `id` names, of any kind: as [`Model::resolve_subject`], in O(log n).
    #[must_use]
    pub fn resolve(&self, id: &str) -> Option<Subject> {
        if let Some(target) = self.model.resolve_target(id) {
            return Some(target.into());
        }
        let threat = ThreatId::new(id);
        if self.model.threats.contains_key(&threat) {
            return Some(Subject::Threat(threat));
        }
        let diagram = DiagramId::new(id);
        if self.diagrams.contains(&diagram) {
            return Some(Subject::Diagram(diagram));
        }
        let message = MessageId::new(id);
        self.messages.contains(&message).then_some(Subject::Message(message))
    }

    /// Whether `subject` exists: as [`Model::subject_exists`], in O(log n).
    #[must_use]
    pub fn exists(&self, subject: &Subject) -> bool {
        match subject {
            Subject::Diagram(id) => self.diagrams.contains(id),
            Subject::Message(id) => self.messages.contains(id),
            other => self.model.subject_exists(other),
        }
    }
}

impl Model {
    /// The diagram with `id`.
    #[must_use]
    pub fn diagram(&self, id: &DiagramId) -> Option<&Diagram> {
        self.diagrams.iter().find(|d| &d.id == id)
    }

    /// The diagram named `name` (the first, if several share it).
    #[must_use]
    pub fn diagram_by_name(&self, name: &str) -> Option<&Diagram> {
        self.diagrams.iter().find(|d| d.name == name)
    }

    /// The boundaries enclosing `boundary` (its parent, the parent's parent...), innermost
    /// first, not counting `boundary` itself. Every walk up the nesting goes through this one,
    /// which cannot loop on a cycle.
    #[must_use]
    pub fn ancestors(&self, boundary: &BoundaryId) -> Ancestors<'_> {
        Ancestors {
            model: self,
            next: self.boundaries.get(boundary).and_then(|b| b.parent.as_ref()),
            // An acyclic chain holds every other boundary at most.
            budget: self.boundaries.len().saturating_sub(1),
        }
    }

    /// The boundaries that contain `element`, innermost first (membership includes nesting).
    #[must_use]
    pub fn boundaries_containing(&self, element: &ElementId) -> Vec<BoundaryId> {
        let Some(innermost) = self.elements.get(element).and_then(|e| e.boundary.as_ref()) else {
            return Vec::new();
        };
        std::iter::once(innermost).chain(self.ancestors(innermost)).cloned().collect()
    }

    /// How deeply `boundary` is nested: 0 for a top-level boundary.
    #[must_use]
    pub fn boundary_depth(&self, boundary: &BoundaryId) -> usize {
        self.ancestors(boundary).count()
    }

    /// Whether `boundary` contains `element`, directly or through nesting.
    #[must_use]
    pub fn boundary_contains(&self, boundary: &BoundaryId, element: &ElementId) -> bool {
        self.boundaries_containing(element).contains(boundary)
    }

    /// The boundaries a flow crosses: those containing exactly one of its ends.
    #[must_use]
    pub fn crossed_boundaries(&self, flow: &DataFlow) -> BTreeSet<BoundaryId> {
        let source: BTreeSet<_> = self.boundaries_containing(&flow.source).into_iter().collect();
        let target: BTreeSet<_> = self.boundaries_containing(&flow.target).into_iter().collect();
        source.symmetric_difference(&target).cloned().collect()
    }

    /// The flows with `element` at either end, in id order.
    pub fn flows_touching<'a>(
        &'a self,
        element: &'a ElementId,
    ) -> impl Iterator<Item = (&'a FlowId, &'a DataFlow)> + 'a {
        self.flows.iter().filter(move |(_, f)| f.touches(element))
    }

    /// The threats attached to `target`, in list order: by rank, then id.
    pub fn threats_on<'a>(&'a self, target: &'a ThreatTarget) -> impl Iterator<Item = (&'a ThreatId, &'a Threat)> + 'a {
        let mut on: Vec<(&ThreatId, &Threat)> = self.threats.iter().filter(|(_, t)| &t.target == target).collect();
        on.sort_by_key(|(id, t)| (t.rank, *id));
        on.into_iter()
    }

    /// Resolves an id from a file to what it names, if anything.
    #[must_use]
    pub fn resolve_target(&self, id: &str) -> Option<ThreatTarget> {
        let element = ElementId::new(id);
        if self.elements.contains_key(&element) {
            return Some(ThreatTarget::Element(element));
        }
        let flow = FlowId::new(id);
        if self.flows.contains_key(&flow) {
            return Some(ThreatTarget::Flow(flow));
        }
        let boundary = BoundaryId::new(id);
        self.boundaries.contains_key(&boundary).then_some(ThreatTarget::Boundary(boundary))
    }

    /// Resolves an id from a file to the subject it names, of any kind (ids are unique across
    /// kinds); sequence messages are searched in every diagram.
    #[must_use]
    pub fn resolve_subject(&self, id: &str) -> Option<Subject> {
        if let Some(target) = self.resolve_target(id) {
            return Some(target.into());
        }
        let threat = ThreatId::new(id);
        if self.threats.contains_key(&threat) {
            return Some(Subject::Threat(threat));
        }
        let diagram = DiagramId::new(id);
        if self.diagram(&diagram).is_some() {
            return Some(Subject::Diagram(diagram));
        }
        let message = MessageId::new(id);
        self.message_exists(&message).then_some(Subject::Message(message))
    }

    /// Whether a check finding's subject exists (the model always does).
    #[must_use]
    pub fn subject_exists(&self, subject: &Subject) -> bool {
        match subject {
            Subject::Model => true,
            Subject::Element(id) => self.elements.contains_key(id),
            Subject::Flow(id) => self.flows.contains_key(id),
            Subject::Boundary(id) => self.boundaries.contains_key(id),
            Subject::Diagram(id) => self.diagram(id).is_some(),
            Subject::Threat(id) => self.threats.contains_key(id),
            Subject::Message(id) => self.message_exists(id),
        }
    }

    /// An index of the model's subjects, for resolving many ids without scanning every
    /// diagram for each.
    #[must_use]
    pub fn subjects(&self) -> Subjects<'_> {
        let messages = self
            .diagrams
            .iter()
            .filter_map(|d| match &d.view {
                DiagramView::Sequence(s) => Some(s.messages.iter().map(|m| &m.id)),
                DiagramView::Dfd(_) => None,
            })
            .flatten()
            .collect();
        Subjects { model: self, diagrams: self.diagrams.iter().map(|d| &d.id).collect(), messages }
    }

    /// Whether some sequence diagram has the message `id`.
    fn message_exists(&self, id: &MessageId) -> bool {
        self.diagrams.iter().any(|d| match &d.view {
            DiagramView::Sequence(s) => s.messages.iter().any(|m| &m.id == id),
            DiagramView::Dfd(_) => false,
        })
    }

    /// Whether the threat's target still exists.
    #[must_use]
    pub fn target_exists(&self, target: &ThreatTarget) -> bool {
        match target {
            ThreatTarget::Element(id) => self.elements.contains_key(id),
            ThreatTarget::Flow(id) => self.flows.contains_key(id),
            ThreatTarget::Boundary(id) => self.boundaries.contains_key(id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn element_in(boundary: Option<&str>) -> Element {
        Element { boundary: boundary.map(BoundaryId::new), ..Element::default() }
    }

    #[test]
    fn crossing_follows_membership_including_nesting() {
        let mut m = Model::default();
        m.boundaries.insert(BoundaryId::new("outer"), TrustBoundary::default());
        m.boundaries.insert(
            BoundaryId::new("inner"),
            TrustBoundary { parent: Some(BoundaryId::new("outer")), ..TrustBoundary::default() },
        );
        m.elements.insert(ElementId::new("a"), element_in(Some("inner")));
        m.elements.insert(ElementId::new("b"), element_in(Some("outer")));
        m.elements.insert(ElementId::new("c"), element_in(None));
        let flow =
            |s: &str, t: &str| DataFlow { source: ElementId::new(s), target: ElementId::new(t), ..DataFlow::default() };
        let crossed = |s, t| m.crossed_boundaries(&flow(s, t)).into_iter().collect::<Vec<_>>();
        assert_eq!(crossed("a", "b"), vec![BoundaryId::new("inner")]);
        assert_eq!(crossed("a", "c"), vec![BoundaryId::new("inner"), BoundaryId::new("outer")]);
        assert_eq!(crossed("b", "c"), vec![BoundaryId::new("outer")]);
        assert!(crossed("a", "a").is_empty());
        assert!(m.boundary_contains(&BoundaryId::new("outer"), &ElementId::new("a")));
    }

    #[test]
    fn subjects_resolve_by_id_across_every_kind() {
        let mut m = Model::default();
        m.elements.insert(ElementId::new("e"), element_in(None));
        m.flows.insert(
            FlowId::new("f"),
            DataFlow { source: ElementId::new("e"), target: ElementId::new("e"), ..DataFlow::default() },
        );
        m.boundaries.insert(BoundaryId::new("b"), TrustBoundary::default());
        m.threats.insert(
            ThreatId::new("t"),
            Threat::new(ThreatTarget::Element(ElementId::new("e")), ThreatCategory::Tampering, "x"),
        );
        let message = Message {
            id: MessageId::new("m"),
            from: ElementId::new("e"),
            to: ElementId::new("e"),
            flow: None,
            kind: MessageKind::Call,
            text: String::new(),
        };
        let view =
            SequenceView { lifelines: vec![ElementId::new("e")], messages: vec![message], ..SequenceView::default() };
        m.diagrams.push(Diagram { id: DiagramId::new("d"), name: String::new(), view: DiagramView::Sequence(view) });
        let expected = [
            ("e", Subject::Element(ElementId::new("e"))),
            ("f", Subject::Flow(FlowId::new("f"))),
            ("b", Subject::Boundary(BoundaryId::new("b"))),
            ("t", Subject::Threat(ThreatId::new("t"))),
            ("d", Subject::Diagram(DiagramId::new("d"))),
            ("m", Subject::Message(MessageId::new("m"))),
        ];
        let index = m.subjects();
        for (id, subject) in expected {
            assert_eq!(m.resolve_subject(id).as_ref(), Some(&subject), "{id}");
            assert_eq!(index.resolve(id).as_ref(), Some(&subject), "{id}");
            assert!(m.subject_exists(&subject), "{id}");
            assert!(index.exists(&subject), "{id}");
        }
        assert_eq!(m.resolve_subject("ghost"), None);
        assert_eq!(index.resolve("ghost"), None);
        assert!(!index.exists(&Subject::Message(MessageId::new("ghost"))));
        assert!(!m.subject_exists(&Subject::Message(MessageId::new("ghost"))));
        assert!(m.subject_exists(&Subject::Model));
    }

    #[test]
    fn a_boundary_cycle_does_not_hang() {
        let mut m = Model::default();
        m.boundaries.insert(
            BoundaryId::new("x"),
            TrustBoundary { parent: Some(BoundaryId::new("y")), ..TrustBoundary::default() },
        );
        m.boundaries.insert(
            BoundaryId::new("y"),
            TrustBoundary { parent: Some(BoundaryId::new("x")), ..TrustBoundary::default() },
        );
        m.elements.insert(ElementId::new("a"), element_in(Some("x")));
        assert_eq!(m.boundaries_containing(&ElementId::new("a")).len(), 2);
    }
}

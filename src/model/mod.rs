//! The threat model: plain data, no egui, no I/O.
//!
//! Elements, flows, boundaries and threats live once here; diagrams are views that place or
//! order them. Everything derived (which flows cross which boundary, which flows touch an
//! element) is computed on demand and never stored.

mod boundary;
mod diagram;
mod element;
mod flow;
mod geometry;
mod ids;
mod limits;
mod threat;

use std::collections::{BTreeMap, BTreeSet};

pub use boundary::TrustBoundary;
pub use diagram::{
    DfdView, Diagram, DiagramView, ElseBranch, Fragment, FragmentKind, Message, MessageKind, Note, SequenceView,
};
pub use element::{
    DataStoreProps, Element, ElementKind, ElementKindTag, EntityNature, ExternalEntityProps, ProcessProps,
};
pub use flow::DataFlow;
pub use geometry::{MAX_COORD, MAX_EXTENT, Point, Rect, clamp_coord};
pub use ids::{
    BoundaryId, DiagramId, ElementId, FlowId, FragmentId, MAX_ID_LEN, MessageId, NoteId, ThreatId, is_valid_id,
};
pub use limits::{MAX_NAME_CHARS, MAX_TEXT_CHARS};
pub use threat::{Methodology, Severity, Threat, ThreatCategory, ThreatStatus, ThreatTarget};

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

    /// The threats attached to `target`, in id order.
    pub fn threats_on<'a>(&'a self, target: &'a ThreatTarget) -> impl Iterator<Item = (&'a ThreatId, &'a Threat)> + 'a {
        self.threats.iter().filter(move |(_, t)| &t.target == target)
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

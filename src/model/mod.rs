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

/// Deepest boundary nesting followed; validation rejects cycles, this only guards the walk.
const MAX_BOUNDARY_DEPTH: usize = 64;

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

    /// The boundaries that contain `element`, innermost first (membership includes nesting).
    #[must_use]
    pub fn boundaries_containing(&self, element: &ElementId) -> Vec<BoundaryId> {
        let mut chain = Vec::new();
        let mut next = self.elements.get(element).and_then(|e| e.boundary.clone());
        while let Some(id) = next {
            if chain.contains(&id) || chain.len() >= MAX_BOUNDARY_DEPTH {
                break;
            }
            next = self.boundaries.get(&id).and_then(|b| b.parent.clone());
            chain.push(id);
        }
        chain
    }

    /// How deeply `boundary` is nested: 0 for a top-level boundary.
    #[must_use]
    pub fn boundary_depth(&self, boundary: &BoundaryId) -> usize {
        let mut depth = 0;
        let mut next = self.boundaries.get(boundary).and_then(|b| b.parent.as_ref());
        while let Some(parent) = next {
            depth += 1;
            if depth >= MAX_BOUNDARY_DEPTH {
                break;
            }
            next = self.boundaries.get(parent).and_then(|b| b.parent.as_ref());
        }
        depth
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

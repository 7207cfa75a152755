//! Facts derived from the model once per check run, so every rule is a linear pass: flows in
//! and out of each element, the boundary chain of each element, the boundaries each flow
//! crosses, and which records have threats.
//!
//! Elements and boundaries get dense positions in id order; a position-sorted list is therefore
//! also id-sorted, which keeps findings deterministic without sorting strings.

use crate::model::{
    BoundaryId, DataFlow, Element, ElementId, ElementKind, ElementKindTag, FlowId, Model, ThreatTarget, TrustBoundary,
};
// Fx hashing: the keys are ids from the model being checked, not from an attacker who could
// aim collisions at a gate, and it hashes a short id several times faster than SipHash.
use rustc_hash::FxHashMap as HashMap;

/// Deepest boundary nesting followed; validation rejects cycles, this only guards the walk.
const MAX_DEPTH: usize = 64;

/// One flow with its ends resolved to element positions.
pub(super) struct FlowFacts<'m> {
    /// The flow's id.
    pub id: &'m FlowId,
    /// The flow.
    pub flow: &'m DataFlow,
    /// Position of the source element, `None` if it is not an element.
    pub source: Option<usize>,
    /// Position of the target element, `None` if it is not an element.
    pub target: Option<usize>,
    /// Positions of the boundaries containing exactly one end, in id order (empty when an end
    /// is missing).
    pub crossed: Vec<usize>,
}

/// The derived facts every rule reads.
pub(super) struct Index<'m> {
    /// The model.
    pub model: &'m Model,
    /// Elements in id order.
    pub elements: Vec<(&'m ElementId, &'m Element)>,
    element_position: HashMap<&'m ElementId, usize>,
    /// Per element: its kind, kept dense because most rules ask it of every flow's ends.
    kinds: Vec<ElementKindTag>,
    /// Per element: flows that bring data in (a two-way flow counts both ways).
    pub inputs: Vec<u32>,
    /// Per element: flows that take data out (a two-way flow counts both ways).
    pub outputs: Vec<u32>,
    /// Per element: the innermost boundary's position.
    element_boundary: Vec<Option<usize>>,
    /// Boundaries in id order.
    pub boundaries: Vec<(&'m BoundaryId, &'m TrustBoundary)>,
    /// Per boundary: itself and the boundaries around it, innermost first.
    boundary_chains: Vec<Vec<usize>>,
    /// Per boundary: whether some flow crosses it.
    pub boundary_crossed: Vec<bool>,
    /// Flows in id order.
    pub flows: Vec<FlowFacts<'m>>,
    threatened_elements: Vec<bool>,
    threatened_flows: Vec<bool>,
    threatened_boundaries: Vec<bool>,
}

impl<'m> Index<'m> {
    /// Derives the facts in a few linear passes over `model`.
    pub fn new(model: &'m Model) -> Self {
        let boundaries: Vec<_> = model.boundaries.iter().collect();
        let boundary_position: HashMap<&BoundaryId, usize> =
            boundaries.iter().enumerate().map(|(i, (id, _))| (*id, i)).collect();
        let boundary_chains = boundaries
            .iter()
            .enumerate()
            .map(|(i, _)| {
                let mut chain = vec![i];
                let mut next = boundaries[i].1.parent.as_ref().and_then(|p| boundary_position.get(p));
                while let Some(&b) = next {
                    if chain.contains(&b) || chain.len() >= MAX_DEPTH {
                        break;
                    }
                    chain.push(b);
                    next = boundaries[b].1.parent.as_ref().and_then(|p| boundary_position.get(p));
                }
                chain
            })
            .collect();

        let elements: Vec<_> = model.elements.iter().collect();
        let element_position: HashMap<&ElementId, usize> =
            elements.iter().enumerate().map(|(i, (id, _))| (*id, i)).collect();
        let element_boundary =
            elements.iter().map(|(_, e)| e.boundary.as_ref().and_then(|b| boundary_position.get(b).copied())).collect();

        let mut index = Self {
            model,
            kinds: elements.iter().map(|(_, e)| e.kind.tag()).collect(),
            inputs: vec![0; elements.len()],
            outputs: vec![0; elements.len()],
            elements,
            element_position,
            element_boundary,
            boundary_crossed: vec![false; boundaries.len()],
            boundaries,
            boundary_chains,
            flows: Vec::with_capacity(model.flows.len()),
            threatened_elements: vec![false; model.elements.len()],
            threatened_flows: vec![false; model.flows.len()],
            threatened_boundaries: vec![false; model.boundaries.len()],
        };
        for (id, flow) in &model.flows {
            let source = index.element_position.get(&flow.source).copied();
            let target = index.element_position.get(&flow.target).copied();
            for (end, other_way) in [(source, &mut index.outputs), (target, &mut index.inputs)] {
                if let Some(end) = end {
                    other_way[end] += 1;
                }
            }
            if flow.bidirectional {
                for (end, other_way) in [(source, &mut index.inputs), (target, &mut index.outputs)] {
                    if let Some(end) = end {
                        other_way[end] += 1;
                    }
                }
            }
            let crossed = match (source, target) {
                (Some(s), Some(t)) => index.crossed(s, t),
                _ => Vec::new(),
            };
            for &b in &crossed {
                index.boundary_crossed[b] = true;
            }
            index.flows.push(FlowFacts { id, flow, source, target, crossed });
        }
        // Threats are few next to elements and flows: a binary search each costs less than a map.
        for threat in model.threats.values() {
            let found = match &threat.target {
                ThreatTarget::Element(id) => index.element_position(id).map(|e| &mut index.threatened_elements[e]),
                ThreatTarget::Flow(id) => {
                    index.flows.binary_search_by(|f| f.id.cmp(id)).ok().map(|i| &mut index.threatened_flows[i])
                }
                ThreatTarget::Boundary(id) => boundary_position.get(id).map(|&b| &mut index.threatened_boundaries[b]),
            };
            if let Some(flag) = found {
                *flag = true;
            }
        }
        index
    }

    /// The boundaries containing element `s` or element `t` but not both, in id order.
    fn crossed(&self, s: usize, t: usize) -> Vec<usize> {
        let (a, b) = (self.chain(s), self.chain(t));
        if a == b {
            return Vec::new();
        }
        let mut crossed: Vec<usize> =
            a.iter().filter(|x| !b.contains(x)).chain(b.iter().filter(|x| !a.contains(x))).copied().collect();
        crossed.sort_unstable();
        crossed
    }

    /// The boundaries containing element `e`, innermost first.
    pub fn chain(&self, e: usize) -> &[usize] {
        match self.element_boundary[e] {
            Some(b) => &self.boundary_chains[b],
            None => &[],
        }
    }

    /// Whether boundary `b` contains element `e` (directly or through nesting).
    pub fn contains(&self, b: usize, e: usize) -> bool {
        self.chain(e).contains(&b)
    }

    /// The innermost boundary of element `e`.
    pub fn innermost(&self, e: usize) -> Option<usize> {
        self.element_boundary[e]
    }

    /// The position of an element, if the id names one.
    pub fn element_position(&self, id: &ElementId) -> Option<usize> {
        self.element_position.get(id).copied()
    }

    /// Whether element `e` is part of the analysis: the completeness checks (a process with no
    /// output, a store nobody reads) pass over what the team marked out of scope, as threat
    /// coverage does; the structural ones (a flow between two stores) do not.
    pub fn in_scope(&self, e: usize) -> bool {
        !self.elements[e].1.out_of_scope
    }

    /// The kind of element `e`.
    pub fn kind(&self, e: usize) -> ElementKindTag {
        self.kinds[e]
    }

    /// The data-store properties of element `e`, if it is a data store.
    pub fn store(&self, e: usize) -> Option<&'m crate::model::DataStoreProps> {
        match &self.elements[e].1.kind {
            ElementKind::DataStore(props) => Some(props),
            _ => None,
        }
    }

    /// Whether some threat is attached to element `e`.
    pub fn element_threatened(&self, e: usize) -> bool {
        self.threatened_elements[e]
    }

    /// Whether flow `i` (a position in [`Index::flows`]) has threats.
    pub fn flow_threatened(&self, i: usize) -> bool {
        self.threatened_flows[i]
    }

    /// Whether boundary `b` has threats.
    pub fn boundary_threatened(&self, b: usize) -> bool {
        self.threatened_boundaries[b]
    }
}

/// `s` without surrounding white space. Names rarely have any, so the usual case costs two
/// byte tests instead of a scan for Unicode white space at both ends.
pub(super) fn trimmed(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// Whether `s` is empty or only white space.
pub(super) fn is_blank(s: &str) -> bool {
    trimmed(s).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BoundaryId, TrustBoundary};

    #[test]
    fn crossings_agree_with_the_model() {
        let mut m = Model::default();
        m.boundaries.insert(BoundaryId::new("outer"), TrustBoundary::default());
        m.boundaries.insert(
            BoundaryId::new("inner"),
            TrustBoundary { parent: Some(BoundaryId::new("outer")), ..TrustBoundary::default() },
        );
        m.boundaries.insert(BoundaryId::new("side"), TrustBoundary::default());
        for (id, b) in [("a", Some("inner")), ("b", Some("outer")), ("c", None), ("d", Some("side"))] {
            m.elements.insert(ElementId::new(id), Element { boundary: b.map(BoundaryId::new), ..Element::default() });
        }
        let ends = ["a", "b", "c", "d"];
        let mut n = 0;
        for s in ends {
            for t in ends {
                n += 1;
                m.flows.insert(
                    FlowId::new(format!("f{n}")),
                    DataFlow { source: ElementId::new(s), target: ElementId::new(t), ..DataFlow::default() },
                );
            }
        }
        let index = Index::new(&m);
        for facts in &index.flows {
            let ours: Vec<&BoundaryId> = facts.crossed.iter().map(|&b| index.boundaries[b].0).collect();
            let theirs: Vec<BoundaryId> = m.crossed_boundaries(facts.flow).into_iter().collect();
            assert_eq!(ours, theirs.iter().collect::<Vec<_>>(), "{}", facts.id);
        }
        assert_eq!(index.boundary_crossed, vec![true, true, true]);
    }

    #[test]
    fn two_way_flows_count_both_ways_and_blank_is_white_space() {
        let mut m = Model::default();
        m.elements.insert(ElementId::new("p"), Element { name: " API ".into(), ..Element::default() });
        m.elements.insert(ElementId::new("q"), Element::default());
        m.flows.insert(
            FlowId::new("f"),
            DataFlow {
                source: ElementId::new("p"),
                target: ElementId::new("q"),
                bidirectional: true,
                ..DataFlow::default()
            },
        );
        let index = Index::new(&m);
        assert_eq!((index.inputs.clone(), index.outputs.clone()), (vec![1, 1], vec![1, 1]));
        assert_eq!((trimmed(" a\u{a0}"), trimmed("a b"), is_blank(" \t")), ("a", "a b", true));
    }
}

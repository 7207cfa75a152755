use super::*;
use crate::model::{DataFlow, Element, ElementKindTag, FlowId, TrustBoundary};

fn overlap(a: &Rect, b: &Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/// A random model: elements in nested boundaries, random flows, nothing placed.
fn random_model(seed: u64) -> Model {
    fastrand::seed(seed);
    let mut m = Model::default();
    let nb = fastrand::usize(0..6);
    for b in 0..nb {
        let parent = (b > 0 && fastrand::bool()).then(|| BoundaryId::new(format!("b{}", fastrand::usize(0..b))));
        m.boundaries.insert(
            BoundaryId::new(format!("b{b}")),
            TrustBoundary { name: format!("zone {b}"), parent, ..TrustBoundary::default() },
        );
    }
    let n = fastrand::usize(0..25);
    for i in 0..n {
        let boundary =
            (nb > 0 && fastrand::u8(0..3) > 0).then(|| BoundaryId::new(format!("b{}", fastrand::usize(0..nb))));
        let kind = ElementKindTag::ALL[fastrand::usize(0..3)].default_kind();
        m.elements.insert(
            ElementId::new(format!("e{i}")),
            Element { name: format!("element {i}"), kind, boundary, ..Element::default() },
        );
    }
    if n > 0 {
        for f in 0..fastrand::usize(0..n * 2) {
            let (s, t) = (fastrand::usize(0..n), fastrand::usize(0..n));
            m.flows.insert(
                FlowId::new(format!("f{f}")),
                DataFlow {
                    source: ElementId::new(format!("e{s}")),
                    target: ElementId::new(format!("e{t}")),
                    ..DataFlow::default()
                },
            );
        }
    }
    m
}

#[test]
fn clusters_contain_their_members_and_never_overlap() {
    for seed in 0..300 {
        let m = random_model(seed);
        let all: BTreeSet<ElementId> = m.elements.keys().cloned().collect();
        let boxes: BTreeSet<BoundaryId> = m.boundaries.keys().cloned().collect();
        let a = arrange(&m, &all, &boxes, &BTreeMap::new());
        assert_eq!(a.nodes.len(), all.len(), "seed {seed}");
        assert_eq!(a.boundaries.len(), boxes.len(), "seed {seed}");
        for (e, r) in &a.nodes {
            for b in m.boundaries_containing(e) {
                assert!(a.boundaries[&b].contains_rect(r), "seed {seed}: {e} outside {b}");
            }
            for (b, br) in &a.boundaries {
                if !m.boundary_contains(b, e) {
                    assert!(!overlap(r, br), "seed {seed}: {e} overlaps {b}, which does not hold it");
                }
            }
            for (other, or) in &a.nodes {
                assert!(e == other || !overlap(r, or), "seed {seed}: {e} overlaps {other}");
            }
        }
        for (x, xr) in &a.boundaries {
            for (y, yr) in &a.boundaries {
                let nested = m.ancestors(x).any(|p| p == y) || m.ancestors(y).any(|p| p == x);
                if x != y && !nested {
                    assert!(!overlap(xr, yr), "seed {seed}: {x} overlaps {y}");
                }
                if m.ancestors(x).any(|p| p == y) {
                    assert!(yr.contains_rect(xr), "seed {seed}: {x} sticks out of {y}");
                }
            }
        }
        assert!(a.nodes.values().chain(a.boundaries.values()).all(Rect::is_within_limits), "seed {seed}");
    }
}

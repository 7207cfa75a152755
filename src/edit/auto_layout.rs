//! Auto-layout as a command: the boxes [`crate::layout`] computes for a data-flow diagram,
//! turned into `Node`, `BoundaryRect` and `Bends` edits, so Arrange > Auto-layout is one undo
//! step and undo puts back exactly the boxes and bends it moved.

use std::collections::{BTreeMap, BTreeSet};

use super::{Edit, Transaction};
use crate::layout;
use crate::model::{BoundaryId, DiagramId, DiagramView, ElementId, Model};

/// The undo step's name, also the menu label.
pub const LABEL: &str = "Auto-layout";

/// Auto-layout of a data-flow diagram as one undoable step: every element placed on it and
/// every trust boundary placed on it or holding one of its elements gets a new box (elements
/// keep their sizes), and flows get the bends of the new layout (none for most; their old ones
/// would no longer fit). Membership does not change: the layout is built from it. Empty for a
/// sequence diagram, a missing diagram, or a diagram already laid out this way.
#[must_use]
pub fn auto_layout(model: &Model, diagram: &DiagramId) -> Transaction {
    let mut tx = Transaction::new(LABEL);
    let Some(DiagramView::Dfd(view)) = model.diagram(diagram).map(|d| &d.view) else {
        return tx;
    };
    let elements: BTreeSet<ElementId> = view.nodes.keys().cloned().collect();
    let boundaries: BTreeSet<BoundaryId> = view.boundaries.keys().cloned().collect();
    let sizes: BTreeMap<ElementId, (i32, i32)> = view.nodes.iter().map(|(id, r)| (id.clone(), (r.w, r.h))).collect();
    let arranged = layout::arrange(model, &elements, &boundaries, &sizes);
    for (id, rect) in &arranged.nodes {
        if view.nodes.get(id) != Some(rect) {
            tx.push(Edit::Node(diagram.clone(), id.clone(), Some(*rect)));
        }
    }
    for (id, rect) in &arranged.boundaries {
        if view.boundaries.get(id) != Some(rect) {
            tx.push(Edit::BoundaryRect(diagram.clone(), id.clone(), Some(*rect)));
        }
    }
    for (flow, points) in &view.bends {
        if !points.is_empty() && !arranged.bends.contains_key(flow) {
            tx.push(Edit::Bends(diagram.clone(), flow.clone(), Vec::new()));
        }
    }
    for (flow, points) in &arranged.bends {
        if view.bends.get(flow) != Some(points) {
            tx.push(Edit::Bends(diagram.clone(), flow.clone(), points.clone()));
        }
    }
    tx
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DataFlow, DfdView, Diagram, Element, ElementKindTag, FlowId, Point, Rect, TrustBoundary};

    /// Three elements in two boundaries and one outside, all piled on one spot, with a stale
    /// bend on a flow.
    fn piled() -> (Model, DiagramId) {
        let mut m = Model::default();
        for b in ["inner", "outer"] {
            m.boundaries.insert(BoundaryId::new(b), TrustBoundary { name: b.into(), ..TrustBoundary::default() });
        }
        let homes = [("a", Some("inner")), ("b", Some("inner")), ("c", Some("outer")), ("d", None)];
        for (i, (e, home)) in homes.iter().enumerate() {
            m.elements.insert(
                ElementId::new(*e),
                Element {
                    name: format!("element {e}"),
                    kind: ElementKindTag::ALL[i % 3].default_kind(),
                    boundary: home.map(BoundaryId::new),
                    ..Element::default()
                },
            );
        }
        for (f, s, t) in [("f1", "a", "b"), ("f2", "b", "c"), ("f3", "c", "d")] {
            m.flows.insert(
                FlowId::new(f),
                DataFlow { source: ElementId::new(s), target: ElementId::new(t), ..DataFlow::default() },
            );
        }
        let d = DiagramId::new("d");
        let mut view = DfdView::default();
        for (i, e) in ["a", "b", "c", "d"].into_iter().enumerate() {
            let i = i32::try_from(i).expect("small");
            view.nodes.insert(ElementId::new(e), Rect::new(10 + i, 10, 120 + i, 60));
        }
        view.boundaries.insert(BoundaryId::new("inner"), Rect::new(0, 0, 50, 50));
        view.bends.insert(FlowId::new("f1"), vec![Point::new(5, 5)]);
        m.diagrams.push(Diagram { id: d.clone(), name: "d".into(), view: DiagramView::Dfd(view) });
        (m, d)
    }

    fn overlap(a: &Rect, b: &Rect) -> bool {
        a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
    }

    #[test]
    fn one_undoable_step_that_unpiles_keeps_sizes_and_membership() {
        let (mut m, d) = piled();
        let before = m.clone();
        let tx = auto_layout(&m, &d);
        assert_eq!(tx.label, LABEL);
        let inverse = crate::edit::apply_all(&mut m, tx.edits).expect("applies");
        let (DiagramView::Dfd(old), DiagramView::Dfd(new)) = (&before.diagrams[0].view, &m.diagrams[0].view) else {
            unreachable!()
        };
        for (e, r) in &old.nodes {
            assert_eq!((new.nodes[e].w, new.nodes[e].h), (r.w, r.h), "{e} keeps its size");
            for (other, o) in &new.nodes {
                assert!(e == other || !overlap(&new.nodes[e], o), "{e} overlaps {other}");
            }
            for b in m.boundaries_containing(e) {
                assert!(new.boundaries[&b].contains_rect(&new.nodes[e]), "{e} outside {b}");
            }
        }
        assert!(new.boundaries.contains_key(&BoundaryId::new("outer")), "a boundary holding a placed element is drawn");
        assert!(!overlap(&new.boundaries[&BoundaryId::new("inner")], &new.boundaries[&BoundaryId::new("outer")]));
        assert!(new.bends.get(&FlowId::new("f1")).is_none_or(Vec::is_empty), "the stale bend goes");
        assert_eq!(m.elements, before.elements, "membership and records untouched");
        assert!(auto_layout(&m, &d).is_empty(), "a second run changes nothing");
        crate::edit::apply_all(&mut m, inverse).expect("undo");
        assert_eq!(m, before, "undo restores every box and bend");
    }

    #[test]
    fn nothing_for_a_sequence_or_missing_diagram() {
        let (mut m, _) = piled();
        assert!(auto_layout(&m, &DiagramId::new("missing")).is_empty());
        let s = DiagramId::new("s");
        m.diagrams.push(Diagram {
            id: s.clone(),
            name: "s".into(),
            view: DiagramView::Sequence(crate::model::SequenceView::default()),
        });
        assert!(auto_layout(&m, &s).is_empty());
    }
}

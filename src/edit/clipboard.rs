//! Copy and paste of diagram parts, on models: what a copy takes, and how a paste lands with
//! new ids. The app turns the copied part into clipboard text and back (it is a complete
//! ThreatCanvas file, so it pastes into another diagram, model or running ThreatCanvas).
//!
//! A paste trusts nothing in the part: every record gets a fresh id, references to records
//! the part does not hold are dropped, a boundary nesting that would close a circle is cut,
//! and boxes are kept within the coordinates a file may hold. Whatever the part, the pasted
//! model is one that saves and loads back.

use std::collections::{BTreeMap, BTreeSet};

use super::commands::Item;
use super::{Edit, Transaction};
use crate::model::{
    BoundaryId, DfdView, Diagram, DiagramId, DiagramView, ElementId, FlowId, MAX_EXTENT, Model, Rect, ThreatId,
    ThreatTarget,
};

/// Where the part's own diagram lives; only its DFD placement matters.
const PART_DIAGRAM: &str = "clipboard";

/// The part of `model` that `items` of `diagram` make: the elements and boundaries with their
/// boxes, the flows whose both ends are copied (with their bends), and the threats on all of
/// them. A boundary's parent and an element's boundary are kept only when copied too. `None`
/// when `items` hold no element or boundary (flows come along with their ends, not alone).
#[must_use]
pub fn copy_part(model: &Model, diagram: &DiagramId, items: &BTreeSet<Item>) -> Option<Model> {
    let view = match model.diagram(diagram).map(|d| &d.view) {
        Some(DiagramView::Dfd(v)) => Some(v),
        _ => None,
    };
    let elements: BTreeSet<&ElementId> = items
        .iter()
        .filter_map(|i| if let Item::Element(id) = i { Some(id) } else { None })
        .filter(|id| model.elements.contains_key(*id))
        .collect();
    let boundaries: BTreeSet<&BoundaryId> = items
        .iter()
        .filter_map(|i| if let Item::Boundary(id) = i { Some(id) } else { None })
        .filter(|id| model.boundaries.contains_key(*id))
        .collect();
    if elements.is_empty() && boundaries.is_empty() {
        return None;
    }
    let mut part = Model { meta: model.meta.clone(), ..Model::default() };
    let mut dfd = DfdView::default();
    for id in &boundaries {
        let Some(b) = model.boundaries.get(*id) else { continue };
        let mut b = b.clone();
        b.parent = b.parent.filter(|p| boundaries.contains(p));
        part.boundaries.insert((*id).clone(), b);
        if let Some(r) = view.and_then(|v| v.boundaries.get(*id)) {
            dfd.boundaries.insert((*id).clone(), *r);
        }
    }
    for id in &elements {
        let Some(e) = model.elements.get(*id) else { continue };
        let mut e = e.clone();
        e.boundary = e.boundary.filter(|b| boundaries.contains(b));
        part.elements.insert((*id).clone(), e);
        if let Some(r) = view.and_then(|v| v.nodes.get(*id)) {
            dfd.nodes.insert((*id).clone(), *r);
        }
    }
    for (id, flow) in &model.flows {
        if elements.contains(&flow.source) && elements.contains(&flow.target) {
            part.flows.insert(id.clone(), flow.clone());
            if let Some(bends) = view.and_then(|v| v.bends.get(id)) {
                dfd.bends.insert(id.clone(), bends.clone());
            }
        }
    }
    for (id, threat) in &model.threats {
        if part.target_exists(&threat.target) {
            part.threats.insert(id.clone(), threat.clone());
        }
    }
    part.diagrams.push(Diagram {
        id: DiagramId::new(PART_DIAGRAM),
        name: "Clipboard".to_owned(),
        view: DiagramView::Dfd(dfd),
    });
    Some(part)
}

/// The transaction that pastes `part` into `diagram` of `model`, shifted by `offset` on a
/// DFD, and the items it adds (to select them). On a diagram that is not a DFD the records
/// are added without boxes. `None` when the part holds no element or boundary.
#[must_use]
pub fn paste_part(
    model: &Model,
    diagram: &DiagramId,
    part: &Model,
    offset: i32,
) -> Option<(Transaction, BTreeSet<Item>)> {
    if part.elements.is_empty() && part.boundaries.is_empty() {
        return None;
    }
    let element_ids: BTreeMap<&ElementId, ElementId> =
        part.elements.keys().map(|id| (id, ElementId::generate())).collect();
    let boundary_ids: BTreeMap<&BoundaryId, BoundaryId> =
        part.boundaries.keys().map(|id| (id, BoundaryId::generate())).collect();
    let flows: BTreeMap<&FlowId, FlowId> = part
        .flows
        .iter()
        .filter(|(_, f)| element_ids.contains_key(&f.source) && element_ids.contains_key(&f.target))
        .map(|(id, _)| (id, FlowId::generate()))
        .collect();
    let parents = acyclic_parents(part);
    let mut tx = Transaction::new("Paste");
    let mut added = BTreeSet::new();
    for (old, b) in &part.boundaries {
        let Some(new) = boundary_ids.get(old) else { continue };
        let mut b = b.clone();
        b.parent = parents.get(old).and_then(|p| boundary_ids.get(p)).cloned();
        tx.push(Edit::Boundary(new.clone(), Some(Box::new(b))));
        added.insert(Item::Boundary(new.clone()));
    }
    for (old, e) in &part.elements {
        let Some(new) = element_ids.get(old) else { continue };
        let mut e = e.clone();
        e.boundary = e.boundary.and_then(|b| boundary_ids.get(&b).cloned());
        tx.push(Edit::Element(new.clone(), Some(Box::new(e))));
        added.insert(Item::Element(new.clone()));
    }
    for (old, f) in &part.flows {
        let (Some(new), Some(source), Some(target)) =
            (flows.get(old), element_ids.get(&f.source), element_ids.get(&f.target))
        else {
            continue;
        };
        let mut f = f.clone();
        f.source = source.clone();
        f.target = target.clone();
        tx.push(Edit::Flow(new.clone(), Some(Box::new(f))));
    }
    for threat in part.threats.values() {
        let target = match &threat.target {
            ThreatTarget::Element(id) => element_ids.get(id).cloned().map(ThreatTarget::Element),
            ThreatTarget::Flow(id) => flows.get(id).cloned().map(ThreatTarget::Flow),
            ThreatTarget::Boundary(id) => boundary_ids.get(id).cloned().map(ThreatTarget::Boundary),
        };
        let Some(target) = target else { continue };
        let mut threat = threat.clone();
        threat.target = target;
        tx.push(Edit::Threat(ThreatId::generate(), Some(Box::new(threat))));
    }
    let target_is_dfd = matches!(model.diagram(diagram).map(|d| &d.view), Some(DiagramView::Dfd(_)));
    let placement = part.diagrams.iter().find_map(|d| match &d.view {
        DiagramView::Dfd(v) => Some(v),
        DiagramView::Sequence(_) => None,
    });
    if target_is_dfd && let Some(view) = placement {
        for (old, rect) in &view.nodes {
            if let Some(new) = element_ids.get(old) {
                tx.push(Edit::Node(diagram.clone(), new.clone(), Some(within_limits(rect, offset))));
            }
        }
        for (old, rect) in &view.boundaries {
            if let Some(new) = boundary_ids.get(old) {
                tx.push(Edit::BoundaryRect(diagram.clone(), new.clone(), Some(within_limits(rect, offset))));
            }
        }
        for (old, points) in &view.bends {
            if let Some(new) = flows.get(old) {
                let moved = points.iter().map(|p| p.translated(offset, offset)).collect();
                tx.push(Edit::Bends(diagram.clone(), new.clone(), moved));
            }
        }
    }
    Some((tx, added))
}

/// `rect` shifted by `offset` with its position and size within what a file may hold.
fn within_limits(rect: &Rect, offset: i32) -> Rect {
    let moved = rect.translated(offset, offset);
    Rect { w: moved.w.clamp(1, MAX_EXTENT), h: moved.h.clamp(1, MAX_EXTENT), ..moved }
}

/// Each boundary's parent within `part`, leaving out parents the part does not hold and any
/// nesting that would close a circle. Boundaries are taken in id order and a nesting is kept
/// unless the kept ones already lead from the parent back to the child, so the result is the
/// same for the same part and never has a cycle.
fn acyclic_parents(part: &Model) -> BTreeMap<&BoundaryId, &BoundaryId> {
    let mut kept: BTreeMap<&BoundaryId, &BoundaryId> = BTreeMap::new();
    for (id, boundary) in &part.boundaries {
        let Some(parent) = boundary.parent.as_ref().and_then(|p| part.boundaries.get_key_value(p)).map(|(p, _)| p)
        else {
            continue;
        };
        // Kept nestings form no circle, so this walk ends within their number of steps.
        let mut next = Some(parent);
        let mut closes_circle = false;
        while let Some(at) = next {
            if at == id {
                closes_circle = true;
                break;
            }
            next = kept.get(at).copied();
        }
        if !closes_circle {
            kept.insert(id, parent);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{History, commands};
    use crate::model::{DataFlow, Element, ElementKindTag, Point, ThreatCategory, TrustBoundary};

    fn assert_valid(model: &Model) {
        let text = crate::format::to_canonical_string(model);
        let back = crate::format::load_bytes(text.as_bytes(), "<test>").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(&back, model);
    }

    fn dfd_of(model: &Model) -> &DfdView {
        match &model.diagrams[0].view {
            DiagramView::Dfd(v) => v,
            DiagramView::Sequence(_) => panic!("a DFD"),
        }
    }

    #[test]
    fn copy_then_paste_duplicates_with_new_ids_flows_and_threats() {
        let mut model = Model::default();
        let mut history = History::new();
        let (d, tx) = commands::add_diagram(&model, "d", false);
        history.execute(&mut model, tx).expect("diagram");
        let (a, tx) = commands::add_element(ElementKindTag::Process, "A", None, Some((&d, Rect::new(0, 0, 100, 60))));
        history.execute(&mut model, tx).expect("a");
        let (b, tx) =
            commands::add_element(ElementKindTag::DataStore, "B", None, Some((&d, Rect::new(300, 0, 100, 60))));
        history.execute(&mut model, tx).expect("b");
        let (f, tx) = commands::add_flow(&a, &b, "writes");
        history.execute(&mut model, tx).expect("f");
        history.execute(&mut model, commands::set_bends(&d, &f, vec![Point::new(150, 100)])).expect("bend");
        let (_, tx) = commands::add_threat(ThreatTarget::Flow(f), ThreatCategory::Tampering, "t");
        history.execute(&mut model, tx).expect("t");
        let before = model.clone();
        let items: BTreeSet<Item> = [Item::Element(a.clone()), Item::Element(b)].into();
        let part = copy_part(&model, &d, &items).expect("something copied");
        let (tx, added) = paste_part(&model, &d, &part, 30).expect("pastes");
        history.execute(&mut model, tx).expect("paste applies");
        assert_eq!((model.elements.len(), model.flows.len(), model.threats.len()), (4, 2, 2));
        assert_eq!(added.len(), 2);
        assert!(!added.contains(&Item::Element(a)));
        let view = dfd_of(&model);
        assert!(view.nodes.values().any(|r| (r.x, r.y) == (30, 30)));
        assert!(view.bends.values().any(|p| p == &[Point::new(180, 130)]), "bends move with the paste");
        assert_valid(&model);
        history.undo(&mut model).expect("undo");
        assert_eq!(model, before);
        assert!(copy_part(&model, &d, &BTreeSet::new()).is_none());
        assert!(paste_part(&model, &d, &Model::default(), 0).is_none());
    }

    #[test]
    fn a_hostile_part_still_pastes_into_a_valid_model() {
        let mut model = Model::default();
        let (d, tx) = commands::add_diagram(&model, "d", false);
        crate::edit::apply_all(&mut model, tx.edits).expect("diagram");
        let (existing, tx) = commands::add_element(ElementKindTag::Process, "mine", None, None);
        crate::edit::apply_all(&mut model, tx.edits).expect("element");
        let mut part = Model::default();
        // Ids that collide with the model's, a boundary circle, references to nothing.
        let (x, y, z) = (BoundaryId::new("x"), BoundaryId::new("y"), BoundaryId::new("z"));
        for (id, parent) in [(&x, &y), (&y, &x), (&z, &BoundaryId::new("ghost"))] {
            part.boundaries
                .insert(id.clone(), TrustBoundary { parent: Some(parent.clone()), ..TrustBoundary::default() });
        }
        let element = Element { boundary: Some(BoundaryId::new("ghost")), ..Element::default() };
        part.elements.insert(existing.clone(), element);
        let dangling = DataFlow { source: existing.clone(), target: ElementId::new("ghost"), ..DataFlow::default() };
        part.flows.insert(FlowId::new("f"), dangling);
        let (_, tx) = commands::add_threat(ThreatTarget::Flow(FlowId::new("f")), ThreatCategory::Spoofing, "t");
        let Some(Edit::Threat(tid, Some(threat))) = tx.edits.into_iter().next() else { panic!("a threat") };
        part.threats.insert(tid, *threat);
        let mut view = DfdView::default();
        view.nodes.insert(existing.clone(), Rect::new(crate::model::MAX_COORD, 0, 0, i32::MAX));
        view.nodes.insert(ElementId::new("ghost"), Rect::new(0, 0, 10, 10));
        view.bends.insert(FlowId::new("f"), vec![Point::new(0, 0)]);
        part.diagrams.push(Diagram { id: d.clone(), name: "same id".into(), view: DiagramView::Dfd(view) });

        let (tx, added) = paste_part(&model, &d, &part, 1_000).expect("pastes");
        crate::edit::apply_all(&mut model, tx.edits).expect("applies");
        assert_valid(&model);
        assert_eq!(added.len(), 4, "three boundaries and one element");
        assert!(model.elements.contains_key(&existing), "the colliding id did not replace the model's element");
        assert_eq!(model.elements.len(), 2);
        assert!(model.flows.is_empty() && model.threats.is_empty(), "the dangling flow and its threat stay out");
        let nested = model.boundaries.values().filter(|b| b.parent.is_some()).count();
        assert_eq!(nested, 1, "the x ↔ y circle is cut once; z's missing parent is dropped");
        let rect = dfd_of(&model).nodes.values().next().copied().expect("placed");
        assert!(rect.is_within_limits(), "{rect:?}");
    }
}

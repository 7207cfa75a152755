//! Copy and paste of diagram parts. The clipboard carries a complete ThreatCanvas file holding
//! the copied records, so it pastes into another diagram, another model or another running
//! ThreatCanvas, and other tools can read it. Pasted records get new ids.

use std::collections::{BTreeMap, BTreeSet};

use crate::edit::commands::Item;
use crate::edit::{Edit, Transaction};
use crate::format;
use crate::model::{
    BoundaryId, DfdView, Diagram, DiagramId, DiagramView, ElementId, FlowId, Model, ThreatId, ThreatTarget,
};

/// How far a paste is shifted from the original, so the copy is visible.
pub const PASTE_OFFSET: i32 = 30;

/// The clipboard text for `items` of `diagram`: the elements and boundaries with their boxes,
/// the flows among the copied elements (and selected flows whose ends are copied), and the
/// threats on all of them.
#[must_use]
pub fn copy(model: &Model, diagram: &DiagramId, items: &BTreeSet<Item>) -> Option<String> {
    let view = match model.diagram(diagram).map(|d| &d.view) {
        Some(DiagramView::Dfd(v)) => Some(v),
        _ => None,
    };
    let mut part = Model { meta: model.meta.clone(), ..Model::default() };
    let elements: BTreeSet<&ElementId> =
        items.iter().filter_map(|i| if let Item::Element(id) = i { Some(id) } else { None }).collect();
    let boundaries: BTreeSet<&BoundaryId> =
        items.iter().filter_map(|i| if let Item::Boundary(id) = i { Some(id) } else { None }).collect();
    if elements.is_empty() && boundaries.is_empty() {
        return None;
    }
    let mut dfd = DfdView::default();
    for id in &boundaries {
        let Some(b) = model.boundaries.get(*id) else {
            continue;
        };
        let mut b = b.clone();
        b.parent = b.parent.filter(|p| boundaries.contains(p));
        part.boundaries.insert((*id).clone(), b);
        if let Some(r) = view.and_then(|v| v.boundaries.get(*id)) {
            dfd.boundaries.insert((*id).clone(), *r);
        }
    }
    for id in &elements {
        let Some(e) = model.elements.get(*id) else {
            continue;
        };
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
        id: DiagramId::new("clipboard"),
        name: "Clipboard".to_owned(),
        view: DiagramView::Dfd(dfd),
    });
    Some(format::to_canonical_string(&part))
}

/// The transaction that pastes clipboard `text` into `diagram` of `model`, shifted by
/// `offset`, and the items it adds (to select them). `None` if the text is not a model.
#[must_use]
pub fn paste(model: &Model, diagram: &DiagramId, text: &str, offset: i32) -> Option<(Transaction, BTreeSet<Item>)> {
    let part = format::load_bytes(text.as_bytes(), "<clipboard>").ok()?;
    let target_is_dfd = matches!(model.diagram(diagram).map(|d| &d.view), Some(DiagramView::Dfd(_)));
    let source_view = part.diagrams.iter().find_map(|d| match &d.view {
        DiagramView::Dfd(v) => Some(v.clone()),
        DiagramView::Sequence(_) => None,
    });
    let element_ids: BTreeMap<ElementId, ElementId> =
        part.elements.keys().map(|id| (id.clone(), ElementId::generate())).collect();
    let boundary_ids: BTreeMap<BoundaryId, BoundaryId> =
        part.boundaries.keys().map(|id| (id.clone(), BoundaryId::generate())).collect();
    let flow_ids: BTreeMap<FlowId, FlowId> = part.flows.keys().map(|id| (id.clone(), FlowId::generate())).collect();
    let mut tx = Transaction::new("Paste");
    let mut added = BTreeSet::new();
    for (old, new) in &boundary_ids {
        let Some(b) = part.boundaries.get(old) else {
            continue;
        };
        let mut b = b.clone();
        b.parent = b.parent.and_then(|p| boundary_ids.get(&p).cloned());
        tx.push(Edit::Boundary(new.clone(), Some(Box::new(b))));
        added.insert(Item::Boundary(new.clone()));
    }
    for (old, new) in &element_ids {
        let Some(e) = part.elements.get(old) else {
            continue;
        };
        let mut e = e.clone();
        e.boundary = e.boundary.and_then(|b| boundary_ids.get(&b).cloned());
        tx.push(Edit::Element(new.clone(), Some(Box::new(e))));
        added.insert(Item::Element(new.clone()));
    }
    for (old, new) in &flow_ids {
        let Some(f) = part.flows.get(old) else {
            continue;
        };
        let (Some(source), Some(target)) = (element_ids.get(&f.source), element_ids.get(&f.target)) else {
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
            ThreatTarget::Flow(id) => flow_ids.get(id).cloned().map(ThreatTarget::Flow),
            ThreatTarget::Boundary(id) => boundary_ids.get(id).cloned().map(ThreatTarget::Boundary),
        };
        let Some(target) = target else { continue };
        let mut threat = threat.clone();
        threat.target = target;
        tx.push(Edit::Threat(ThreatId::generate(), Some(Box::new(threat))));
    }
    if target_is_dfd && let Some(view) = source_view {
        for (old, rect) in &view.nodes {
            if let Some(new) = element_ids.get(old) {
                tx.push(Edit::Node(diagram.clone(), new.clone(), Some(rect.translated(offset, offset))));
            }
        }
        for (old, rect) in &view.boundaries {
            if let Some(new) = boundary_ids.get(old) {
                tx.push(Edit::BoundaryRect(diagram.clone(), new.clone(), Some(rect.translated(offset, offset))));
            }
        }
        for (old, points) in &view.bends {
            if let Some(new) = flow_ids.get(old) {
                let moved = points.iter().map(|p| p.translated(offset, offset)).collect();
                tx.push(Edit::Bends(diagram.clone(), new.clone(), moved));
            }
        }
    }
    if tx.is_empty() { None } else { Some((tx, added)) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{History, commands};
    use crate::model::{ElementKindTag, Rect};

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
        let (_, tx) = commands::add_threat(ThreatTarget::Flow(f), crate::model::ThreatCategory::Tampering, "t");
        history.execute(&mut model, tx).expect("t");
        let items: BTreeSet<Item> = [Item::Element(a.clone()), Item::Element(b)].into();
        let text = copy(&model, &d, &items).expect("something copied");
        let (tx, added) = paste(&model, &d, &text, PASTE_OFFSET).expect("pastes");
        history.execute(&mut model, tx).expect("paste applies");
        assert_eq!(model.elements.len(), 4);
        assert_eq!(model.flows.len(), 2);
        assert_eq!(model.threats.len(), 2);
        assert_eq!(added.len(), 2);
        assert!(!added.contains(&Item::Element(a)));
        let DiagramView::Dfd(view) = &model.diagrams[0].view else { panic!("dfd") };
        assert!(view.nodes.values().any(|r| r.x == PASTE_OFFSET && r.y == PASTE_OFFSET));
        // The pasted model is still valid.
        format::load_bytes(format::to_canonical_string(&model).as_bytes(), "m").expect("valid");
        assert!(paste(&model, &d, "not a model", 0).is_none());
    }
}

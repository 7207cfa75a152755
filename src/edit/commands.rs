//! Commands: the user's actions, each turned into one [`Transaction`] of record edits. The
//! app, the CLI and the tests all change the model through these, which is what keeps undo
//! complete (deleting an element takes its flows, their threats and its diagram entries with
//! it, in the same step).

mod replace;
mod suppression;

use std::collections::BTreeSet;

pub use replace::replace_model;
pub use suppression::{suppress_finding, unsuppress_finding};

use super::sequence::Pruning;
use super::{CommandError, Edit, Transaction};
use crate::model::{
    BoundaryId, DataFlow, DfdView, Diagram, DiagramId, DiagramView, Element, ElementId, ElementKindTag, FlowId,
    Metadata, Model, Point, Rect, SequenceView, Subject, Threat, ThreatCategory, ThreatId, ThreatTarget, TrustBoundary,
};

/// Something the user can select and delete.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    /// A process, external entity or data store.
    Element(ElementId),
    /// A data flow.
    Flow(FlowId),
    /// A trust boundary.
    Boundary(BoundaryId),
}

/// A new element of `kind` called `name`, in `boundary`, optionally placed at `rect` on a DFD.
#[must_use]
pub fn add_element(
    kind: ElementKindTag,
    name: &str,
    boundary: Option<BoundaryId>,
    placement: Option<(&DiagramId, Rect)>,
) -> (ElementId, Transaction) {
    let id = ElementId::generate();
    let mut tx = Transaction::new(format!("Add {}", kind.label().to_lowercase()));
    let element = Element { name: name.to_owned(), kind: kind.default_kind(), boundary, ..Element::default() };
    tx.push(Edit::Element(id.clone(), Some(Box::new(element))));
    if let Some((diagram, rect)) = placement {
        tx.push(Edit::Node(diagram.clone(), id.clone(), Some(rect)));
    }
    (id, tx)
}

/// A new trust boundary, optionally nested in `parent` and placed at `rect` on a DFD.
#[must_use]
pub fn add_boundary(
    name: &str,
    parent: Option<BoundaryId>,
    placement: Option<(&DiagramId, Rect)>,
) -> (BoundaryId, Transaction) {
    let id = BoundaryId::generate();
    let mut tx = Transaction::new("Add trust boundary");
    let boundary = TrustBoundary { name: name.to_owned(), parent, ..TrustBoundary::default() };
    tx.push(Edit::Boundary(id.clone(), Some(Box::new(boundary))));
    if let Some((diagram, rect)) = placement {
        tx.push(Edit::BoundaryRect(diagram.clone(), id.clone(), Some(rect)));
    }
    (id, tx)
}

/// A new data flow from `source` to `target`.
#[must_use]
pub fn add_flow(source: &ElementId, target: &ElementId, name: &str) -> (FlowId, Transaction) {
    let id = FlowId::generate();
    let flow =
        DataFlow { source: source.clone(), target: target.clone(), name: name.to_owned(), ..DataFlow::default() };
    let mut tx = Transaction::new("Add data flow");
    tx.push(Edit::Flow(id.clone(), Some(Box::new(flow))));
    (id, tx)
}

/// A new open threat on `target`.
#[must_use]
pub fn add_threat(target: ThreatTarget, category: ThreatCategory, title: &str) -> (ThreatId, Transaction) {
    let id = ThreatId::generate();
    let threat = Threat::new(target, category, title);
    let mut tx = Transaction::new("Add threat");
    tx.push(Edit::Threat(id.clone(), Some(Box::new(threat))));
    (id, tx)
}

/// A new empty diagram at the end of the tabs.
#[must_use]
pub fn add_diagram(model: &Model, name: &str, sequence: bool) -> (DiagramId, Transaction) {
    let id = DiagramId::generate();
    let view =
        if sequence { DiagramView::Sequence(SequenceView::default()) } else { DiagramView::Dfd(DfdView::default()) };
    let diagram = Diagram { id: id.clone(), name: name.to_owned(), view };
    let mut tx = Transaction::new(if sequence { "New sequence diagram" } else { "New data-flow diagram" });
    tx.push(Edit::Diagram(id.clone(), Some((model.diagrams.len(), Box::new(diagram)))));
    (id, tx)
}

/// Renames a diagram (nothing if the name is unchanged).
#[must_use]
pub fn rename_diagram(model: &Model, id: &DiagramId, name: &str) -> Transaction {
    let mut tx = Transaction::new("Rename diagram");
    if model.diagram(id).is_some_and(|d| d.name != name) {
        tx.push(Edit::DiagramName(id.clone(), name.to_owned()));
    }
    tx
}

/// Deletes a diagram; the elements it showed stay in the model. Suppressed findings on the
/// diagram or its messages go with it.
#[must_use]
pub fn delete_diagram(model: &Model, id: &DiagramId) -> Transaction {
    let mut tx = Transaction::new("Delete diagram");
    tx.push(Edit::Diagram(id.clone(), None));
    let mut removed: BTreeSet<Subject> = [Subject::Diagram(id.clone())].into();
    if let Some(DiagramView::Sequence(view)) = model.diagram(id).map(|d| &d.view) {
        removed.extend(view.messages.iter().map(|m| Subject::Message(m.id.clone())));
    }
    tx.edits.extend(forget_triage(model, &removed));
    tx
}

/// The edits that drop every dismissed suggestion and suppressed finding about one of
/// `removed`. Every command that removes a record puts them in the same transaction: a
/// dismissal or suppression naming a record that is gone would make the file fail to load.
#[must_use]
pub fn forget_triage(model: &Model, removed: &BTreeSet<Subject>) -> Vec<Edit> {
    if removed.is_empty() {
        return Vec::new();
    }
    let dismissals = model
        .dismissed
        .keys()
        .filter(|key| removed.contains(&Subject::from(key.target.clone())))
        .map(|key| Edit::Dismissal(key.clone(), None));
    let suppressions = model
        .suppressions
        .keys()
        .filter(|key| removed.contains(&key.subject))
        .map(|key| Edit::Suppression(key.clone(), None));
    dismissals.chain(suppressions).collect()
}

/// Changes the metadata (nothing if `change` leaves it as it was).
#[must_use]
pub fn update_meta(model: &Model, change: impl FnOnce(&mut Metadata)) -> Transaction {
    let mut meta = model.meta.clone();
    change(&mut meta);
    let mut tx = Transaction::new("Edit model properties");
    if meta != model.meta {
        tx.push(Edit::Meta(Box::new(meta)));
    }
    tx
}

/// A transaction setting the record `old` changed by `change`; empty when the record is missing
/// or the change leaves it as it was (so no empty undo steps).
fn update_record<T: Clone + PartialEq>(
    label: &str,
    old: Option<&T>,
    change: impl FnOnce(&mut T),
    edit: impl FnOnce(T) -> Edit,
) -> Transaction {
    let mut tx = Transaction::new(label);
    if let Some(old) = old {
        let mut new = old.clone();
        change(&mut new);
        if &new != old {
            tx.push(edit(new));
        }
    }
    tx
}

/// Changes an element's properties (nothing if unchanged or missing).
#[must_use]
pub fn update_element(model: &Model, id: &ElementId, change: impl FnOnce(&mut Element)) -> Transaction {
    update_record("Edit element", model.elements.get(id), change, |new| Edit::Element(id.clone(), Some(Box::new(new))))
}

/// Changes a flow's properties (nothing if unchanged or missing).
///
/// Sequence messages that the changed flow no longer carries (after reversing it, or making it
/// one-way) lose their link to it in the same step, keeping their text: a message always goes
/// the way its flow does.
#[must_use]
pub fn update_flow(model: &Model, id: &FlowId, change: impl FnOnce(&mut DataFlow)) -> Transaction {
    let mut tx = Transaction::new("Edit data flow");
    if let Some(old) = model.flows.get(id) {
        let mut new = old.clone();
        change(&mut new);
        if &new != old {
            for diagram in &model.diagrams {
                let DiagramView::Sequence(view) = &diagram.view else { continue };
                for (index, m) in view.messages.iter().enumerate() {
                    if m.flow.as_ref() == Some(id) && !new.carries(&m.from, &m.to) {
                        let mut unlinked = m.clone();
                        unlinked.flow = None;
                        if unlinked.text.is_empty() {
                            unlinked.text.clone_from(&old.name);
                        }
                        tx.push(Edit::Message(diagram.id.clone(), m.id.clone(), Some((index, Box::new(unlinked)))));
                    }
                }
            }
            tx.push(Edit::Flow(id.clone(), Some(Box::new(new))));
        }
    }
    tx
}

/// Changes a boundary's properties (nothing if unchanged or missing). A change that would nest
/// the boundary inside itself gives nothing: nest boundaries with [`set_boundary_parent`],
/// which says why it refuses.
#[must_use]
pub fn update_boundary(model: &Model, id: &BoundaryId, change: impl FnOnce(&mut TrustBoundary)) -> Transaction {
    let tx = update_record("Edit trust boundary", model.boundaries.get(id), change, |new| {
        Edit::Boundary(id.clone(), Some(Box::new(new)))
    });
    let cycles = tx.edits.iter().any(|e| match e {
        Edit::Boundary(_, Some(b)) => b.parent.as_ref().is_some_and(|p| nests_in_itself(model, id, p)),
        _ => false,
    });
    if cycles { Transaction::new(tx.label) } else { tx }
}

/// Whether putting `boundary` inside `parent` would make a circle.
fn nests_in_itself(model: &Model, boundary: &BoundaryId, parent: &BoundaryId) -> bool {
    parent == boundary || model.ancestors(parent).any(|a| a == boundary)
}

/// Nests `boundary` inside `parent` (or makes it top-level with `None`).
///
/// # Errors
/// [`CommandError::NoBoundary`] if either is missing, [`CommandError::BoundaryCycle`] if
/// `parent` is `boundary` itself or sits inside it.
pub fn set_boundary_parent(
    model: &Model,
    boundary: &BoundaryId,
    parent: Option<&BoundaryId>,
) -> Result<Transaction, CommandError> {
    let Some(current) = model.boundaries.get(boundary) else {
        return Err(CommandError::NoBoundary(boundary.clone()));
    };
    if let Some(parent) = parent {
        if !model.boundaries.contains_key(parent) {
            return Err(CommandError::NoBoundary(parent.clone()));
        }
        if nests_in_itself(model, boundary, parent) {
            return Err(CommandError::BoundaryCycle);
        }
    }
    let mut tx = Transaction::new("Nest trust boundary");
    if current.parent.as_ref() != parent {
        let moved = TrustBoundary { parent: parent.cloned(), ..current.clone() };
        tx.push(Edit::Boundary(boundary.clone(), Some(Box::new(moved))));
    }
    Ok(tx)
}

/// Changes a threat (nothing if unchanged or missing).
#[must_use]
pub fn update_threat(model: &Model, id: &ThreatId, change: impl FnOnce(&mut Threat)) -> Transaction {
    update_record("Edit threat", model.threats.get(id), change, |new| Edit::Threat(id.clone(), Some(Box::new(new))))
}

/// Deletes a threat, with the findings suppressed on it.
#[must_use]
pub fn delete_threat(model: &Model, id: &ThreatId) -> Transaction {
    let mut tx = Transaction::new("Delete threat");
    tx.push(Edit::Threat(id.clone(), None));
    tx.edits.extend(forget_triage(model, &[Subject::Threat(id.clone())].into()));
    tx
}

/// Places an element on a DFD, or moves or resizes it there.
#[must_use]
pub fn set_node(diagram: &DiagramId, element: &ElementId, rect: Rect) -> Transaction {
    let mut tx = Transaction::new("Place element");
    tx.push(Edit::Node(diagram.clone(), element.clone(), Some(rect)));
    tx
}

/// Places a boundary on a DFD, or moves or resizes it there.
#[must_use]
pub fn set_boundary_rect(diagram: &DiagramId, boundary: &BoundaryId, rect: Rect) -> Transaction {
    let mut tx = Transaction::new("Resize trust boundary");
    tx.push(Edit::BoundaryRect(diagram.clone(), boundary.clone(), Some(rect)));
    tx
}

/// Sets a flow's bend points on a DFD.
#[must_use]
pub fn set_bends(diagram: &DiagramId, flow: &FlowId, points: Vec<Point>) -> Transaction {
    let mut tx = Transaction::new("Bend data flow");
    tx.push(Edit::Bends(diagram.clone(), flow.clone(), points));
    tx
}

/// Puts `element` in `boundary` (or in none).
#[must_use]
pub fn set_membership(model: &Model, element: &ElementId, boundary: Option<&BoundaryId>) -> Transaction {
    let mut tx = update_element(model, element, |e| e.boundary = boundary.cloned());
    tx.label = "Change trust boundary".into();
    tx
}

/// Moves elements and boundaries on a DFD by `dx`, `dy`, with the bend points of flows whose
/// both ends move (so a moved group keeps its shape).
#[must_use]
pub fn move_items(
    model: &Model,
    diagram: &DiagramId,
    elements: &BTreeSet<ElementId>,
    boundaries: &BTreeSet<BoundaryId>,
    dx: i32,
    dy: i32,
) -> Transaction {
    let mut tx = Transaction::new("Move");
    let Some(DiagramView::Dfd(view)) = model.diagram(diagram).map(|d| &d.view) else {
        return tx;
    };
    if dx == 0 && dy == 0 {
        return tx;
    }
    for id in elements {
        if let Some(rect) = view.nodes.get(id) {
            tx.push(Edit::Node(diagram.clone(), id.clone(), Some(rect.translated(dx, dy))));
        }
    }
    for id in boundaries {
        if let Some(rect) = view.boundaries.get(id) {
            tx.push(Edit::BoundaryRect(diagram.clone(), id.clone(), Some(rect.translated(dx, dy))));
        }
    }
    for (flow_id, points) in &view.bends {
        let Some(flow) = model.flows.get(flow_id) else {
            continue;
        };
        if elements.contains(&flow.source) && elements.contains(&flow.target) {
            let moved = points.iter().map(|p| p.translated(dx, dy)).collect();
            tx.push(Edit::Bends(diagram.clone(), flow_id.clone(), moved));
        }
    }
    tx
}

/// Deletes `items` and everything that depends on them, in one step: an element takes its
/// flows, its threats, its boxes on every DFD and its lifeline and messages on every sequence
/// diagram; a flow takes its threats, bends and messages; a boundary hands its members and
/// nested boundaries to its own parent. Dismissed suggestions and suppressed findings about
/// anything deleted go too.
#[must_use]
pub fn delete(model: &Model, items: &[Item]) -> Transaction {
    let mut tx = Transaction::new("Delete");
    let mut elements = BTreeSet::new();
    let mut flows = BTreeSet::new();
    let mut boundaries = BTreeSet::new();
    for item in items {
        match item {
            Item::Element(id) if model.elements.contains_key(id) => {
                elements.insert(id.clone());
            }
            Item::Flow(id) if model.flows.contains_key(id) => {
                flows.insert(id.clone());
            }
            Item::Boundary(id) if model.boundaries.contains_key(id) => {
                boundaries.insert(id.clone());
            }
            _ => {}
        }
    }
    for id in &elements {
        flows.extend(model.flows_touching(id).map(|(f, _)| f.clone()));
    }
    let targets: BTreeSet<ThreatTarget> = elements
        .iter()
        .cloned()
        .map(ThreatTarget::Element)
        .chain(flows.iter().cloned().map(ThreatTarget::Flow))
        .chain(boundaries.iter().cloned().map(ThreatTarget::Boundary))
        .collect();
    let mut removed: BTreeSet<Subject> = targets.iter().cloned().map(Subject::from).collect();
    for (id, threat) in &model.threats {
        if targets.contains(&threat.target) {
            tx.push(Edit::Threat(id.clone(), None));
            removed.insert(Subject::Threat(id.clone()));
        }
    }
    // Where members and children of a deleted boundary go: the nearest surviving ancestor.
    let surviving_parent = |mut b: Option<BoundaryId>| {
        while let Some(id) = b.as_ref().filter(|id| boundaries.contains(*id)) {
            b = model.boundaries.get(id).and_then(|x| x.parent.clone());
        }
        b
    };
    for (id, element) in &model.elements {
        if elements.contains(id) {
            continue;
        }
        let new_boundary = surviving_parent(element.boundary.clone());
        if new_boundary != element.boundary {
            let moved = Element { boundary: new_boundary, ..element.clone() };
            tx.push(Edit::Element(id.clone(), Some(Box::new(moved))));
        }
    }
    for (id, boundary) in &model.boundaries {
        if boundaries.contains(id) {
            continue;
        }
        let new_parent = surviving_parent(boundary.parent.clone());
        if new_parent != boundary.parent {
            let moved = TrustBoundary { parent: new_parent, ..boundary.clone() };
            tx.push(Edit::Boundary(id.clone(), Some(Box::new(moved))));
        }
    }
    for diagram in &model.diagrams {
        match &diagram.view {
            DiagramView::Dfd(view) => {
                for id in flows.iter().filter(|f| view.bends.contains_key(*f)) {
                    tx.push(Edit::Bends(diagram.id.clone(), id.clone(), Vec::new()));
                }
                for id in elements.iter().filter(|e| view.nodes.contains_key(*e)) {
                    tx.push(Edit::Node(diagram.id.clone(), id.clone(), None));
                }
                for id in boundaries.iter().filter(|b| view.boundaries.contains_key(*b)) {
                    tx.push(Edit::BoundaryRect(diagram.id.clone(), id.clone(), None));
                }
            }
            DiagramView::Sequence(view) => {
                let pruning = Pruning::new(view, &elements, &flows, &BTreeSet::new());
                removed.extend(pruning.messages().map(|m| Subject::Message(m.clone())));
                tx.edits.extend(pruning.edits(&diagram.id, view));
            }
        }
    }
    for id in &flows {
        tx.push(Edit::Flow(id.clone(), None));
    }
    for id in &elements {
        tx.push(Edit::Element(id.clone(), None));
    }
    for id in &boundaries {
        tx.push(Edit::Boundary(id.clone(), None));
    }
    tx.edits.extend(forget_triage(model, &removed));
    tx
}

/// After boxes changed on a DFD: each listed element joins the innermost boundary whose box
/// holds its centre (or none), and each listed boundary nests in the smallest boundary box
/// that wholly contains its own. Unplaced records are left alone. Added to the same undo step
/// as the move, so dropping an element into a boundary is one step.
#[must_use]
pub fn sync_membership(
    model: &Model,
    diagram: &DiagramId,
    elements: &BTreeSet<ElementId>,
    boundaries: &BTreeSet<BoundaryId>,
) -> Transaction {
    let mut tx = Transaction::new("Change trust boundary");
    let Some(DiagramView::Dfd(view)) = model.diagram(diagram).map(|d| &d.view) else {
        return tx;
    };
    let area = |r: &Rect| i64::from(r.w) * i64::from(r.h);
    let mut parents: std::collections::BTreeMap<BoundaryId, Option<BoundaryId>> =
        model.boundaries.iter().map(|(id, b)| (id.clone(), b.parent.clone())).collect();
    let is_descendant = |parents: &std::collections::BTreeMap<BoundaryId, Option<BoundaryId>>,
                         candidate: &BoundaryId,
                         of: &BoundaryId| {
        let mut next = parents.get(candidate).cloned().flatten();
        let mut steps = 0;
        while let Some(p) = next {
            if &p == of {
                return true;
            }
            steps += 1;
            if steps > 64 {
                return true;
            }
            next = parents.get(&p).cloned().flatten();
        }
        false
    };
    for id in boundaries {
        let (Some(boundary), Some(rect)) = (model.boundaries.get(id), view.boundaries.get(id)) else {
            continue;
        };
        let parent = view
            .boundaries
            .iter()
            .filter(|(other, r)| {
                *other != id && model.boundaries.contains_key(*other) && r.contains_rect(rect) && area(r) > area(rect)
            })
            .filter(|(other, _)| !is_descendant(&parents, other, id))
            .min_by_key(|(other, r)| (area(r), (*other).clone()))
            .map(|(other, _)| other.clone());
        if parent.is_none() && boundary.parent.as_ref().is_some_and(|p| !view.boundaries.contains_key(p)) {
            continue;
        }
        if parent != boundary.parent {
            parents.insert(id.clone(), parent.clone());
            tx.push(Edit::Boundary(id.clone(), Some(Box::new(TrustBoundary { parent, ..boundary.clone() }))));
        }
    }
    for id in elements {
        let (Some(element), Some(rect)) = (model.elements.get(id), view.nodes.get(id)) else {
            continue;
        };
        let center = rect.center();
        let boundary = view
            .boundaries
            .iter()
            .filter(|(b, r)| model.boundaries.contains_key(*b) && r.contains(center))
            .min_by_key(|(b, r)| (area(r), (*b).clone()))
            .map(|(b, _)| b.clone());
        // Outside every boundary drawn here, but in one this diagram does not show: the
        // diagram says nothing about that membership, so keep it.
        let current_hidden = element.boundary.as_ref().is_some_and(|b| !view.boundaries.contains_key(b));
        if boundary.is_none() && current_hidden {
            continue;
        }
        if boundary != element.boundary {
            tx.push(Edit::Element(id.clone(), Some(Box::new(Element { boundary, ..element.clone() }))));
        }
    }
    tx
}

/// The elements and boundaries of a DFD whose boxes lie (by centre, or wholly) in `rect`:
/// those whose membership may change when a boundary box moves or resizes.
#[must_use]
pub fn placed_within(model: &Model, diagram: &DiagramId, rect: &Rect) -> (BTreeSet<ElementId>, BTreeSet<BoundaryId>) {
    let Some(DiagramView::Dfd(view)) = model.diagram(diagram).map(|d| &d.view) else {
        return (BTreeSet::new(), BTreeSet::new());
    };
    let elements = view.nodes.iter().filter(|(_, r)| rect.contains(r.center())).map(|(id, _)| id.clone()).collect();
    let boundaries = view.boundaries.iter().filter(|(_, r)| rect.contains_rect(r)).map(|(id, _)| id.clone()).collect();
    (elements, boundaries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::History;

    #[test]
    fn no_amount_of_moving_leaves_a_file_that_fails_to_load() {
        let mut model = Model::default();
        let mut h = History::new();
        let (d, tx) = add_diagram(&model, "d", false);
        h.execute(&mut model, tx).expect("d");
        let (e, tx) = add_element(ElementKindTag::Process, "p", None, Some((&d, Rect::new(0, 0, 100, 60))));
        h.execute(&mut model, tx).expect("e");
        for _ in 0..3 {
            let tx = move_items(&model, &d, &[e.clone()].into(), &BTreeSet::new(), i32::MAX, i32::MIN);
            h.execute(&mut model, tx).expect("move");
        }
        let text = crate::format::to_canonical_string(&model);
        crate::format::load_bytes(text.as_bytes(), "moved").expect("still loads");
    }

    #[test]
    fn moving_on_a_diagram_that_does_not_show_the_boundary_keeps_membership() {
        let mut model = Model::default();
        let mut h = History::new();
        let (d, tx) = add_diagram(&model, "d", false);
        h.execute(&mut model, tx).expect("d");
        let (b, tx) = add_boundary("elsewhere", None, None);
        h.execute(&mut model, tx).expect("b");
        let (e, tx) = add_element(ElementKindTag::Process, "p", Some(b.clone()), Some((&d, Rect::new(0, 0, 100, 60))));
        h.execute(&mut model, tx).expect("e");
        let tx = sync_membership(&model, &d, &[e.clone()].into(), &BTreeSet::new());
        assert!(tx.is_empty(), "{tx:?}");
    }

    #[test]
    fn dropping_into_and_out_of_a_boundary_updates_membership() {
        let mut model = Model::default();
        let mut h = History::new();
        let (d, tx) = add_diagram(&model, "d", false);
        h.execute(&mut model, tx).expect("d");
        let (outer, tx) = add_boundary("outer", None, Some((&d, Rect::new(0, 0, 1000, 1000))));
        h.execute(&mut model, tx).expect("outer");
        let (inner, tx) = add_boundary("inner", None, Some((&d, Rect::new(100, 100, 300, 300))));
        h.execute(&mut model, tx).expect("inner");
        let (e, tx) = add_element(ElementKindTag::Process, "p", None, Some((&d, Rect::new(150, 150, 100, 60))));
        h.execute(&mut model, tx).expect("e");
        let tx = sync_membership(&model, &d, &[e.clone()].into(), &[inner.clone(), outer.clone()].into());
        h.execute(&mut model, tx).expect("sync");
        assert_eq!(model.elements[&e].boundary.as_ref(), Some(&inner));
        assert_eq!(model.boundaries[&inner].parent.as_ref(), Some(&outer));
        assert_eq!(model.boundaries[&outer].parent, None);
        let tx = move_items(&model, &d, &[e.clone()].into(), &BTreeSet::new(), 2000, 0);
        h.execute(&mut model, tx).expect("move");
        let tx = sync_membership(&model, &d, &[e.clone()].into(), &BTreeSet::new());
        h.execute(&mut model, tx).expect("sync");
        assert_eq!(model.elements[&e].boundary, None);
        let (inside, _) = placed_within(&model, &d, &Rect::new(0, 0, 1000, 1000));
        assert!(inside.is_empty());
    }

    fn sequence_with_message() -> (Model, History, DiagramId, FlowId, crate::model::MessageId) {
        let mut model = Model::default();
        let mut history = History::new();
        let (diagram, tx) = add_diagram(&model, "s", true);
        history.execute(&mut model, tx).expect("diagram");
        let (user, tx) =
            crate::edit::sequence::add_participant(&model, &diagram, ElementKindTag::ExternalEntity, "User", 0)
                .expect("user");
        history.execute(&mut model, tx).expect("user");
        let (app, tx) =
            crate::edit::sequence::add_participant(&model, &diagram, ElementKindTag::Process, "App", 1).expect("app");
        history.execute(&mut model, tx).expect("app");
        let (message, tx) = crate::edit::sequence::add_message(&model, &diagram, &user, &app, 0).expect("message");
        history.execute(&mut model, tx).expect("message");
        let flow = crate::edit::sequence::flow_between(&model, &user, &app).expect("created");
        (model, history, diagram, flow, message)
    }

    #[test]
    fn reversing_a_flow_unlinks_the_messages_it_no_longer_carries_record_by_record() {
        let (mut model, mut h, d, flow, m) = sequence_with_message();
        let before = model.clone();
        let tx = update_flow(&model, &flow, |f| std::mem::swap(&mut f.source, &mut f.target));
        assert!(tx.edits.iter().all(|e| matches!(e, Edit::Message(..) | Edit::Flow(..))), "{tx:?}");
        h.execute(&mut model, tx).expect("reverse");
        let Some(DiagramView::Sequence(view)) = model.diagram(&d).map(|x| &x.view) else { panic!("sequence") };
        let message = view.messages.iter().find(|x| x.id == m).expect("kept");
        assert_eq!(message.flow, None);
        assert_eq!(message.text, "New flow", "the message keeps showing what it showed");
        crate::format::load_bytes(crate::format::to_canonical_string(&model).as_bytes(), "m").expect("valid");
        h.undo(&mut model).expect("undo");
        assert_eq!(model, before);
        // A bidirectional flow carries both ways, so the message keeps it.
        let tx = update_flow(&model, &flow, |f| f.bidirectional = true);
        h.execute(&mut model, tx).expect("bidirectional");
        let (source, target) = (model.flows[&flow].source.clone(), model.flows[&flow].target.clone());
        assert_eq!(crate::edit::sequence::flow_between(&model, &target, &source), Some(flow.clone()));
        let tx = update_flow(&model, &flow, |f| std::mem::swap(&mut f.source, &mut f.target));
        assert_eq!(tx.edits.len(), 1, "only the flow changes: it still carries the message");
    }

    #[test]
    fn deleting_a_flow_takes_its_messages_off_sequence_diagrams_record_by_record() {
        let (mut model, mut h, d, flow, m) = sequence_with_message();
        let before = model.clone();
        let tx = delete(&model, &[Item::Flow(flow)]);
        assert!(tx.edits.contains(&Edit::Message(d.clone(), m, None)), "{tx:?}");
        h.execute(&mut model, tx).expect("delete");
        let Some(DiagramView::Sequence(view)) = model.diagram(&d).map(|x| &x.view) else { panic!("sequence") };
        assert!(view.messages.is_empty());
        assert_eq!(view.lifelines.len(), 2, "the elements stay, and so do their lifelines");
        h.undo(&mut model).expect("undo");
        assert_eq!(model, before);
    }
}

#[cfg(test)]
mod nesting_tests {
    use super::*;
    use crate::edit::History;

    #[test]
    fn a_boundary_is_never_nested_inside_itself_or_its_descendants() {
        let mut model = Model::default();
        let mut h = History::new();
        let (outer, tx) = add_boundary("outer", None, None);
        h.execute(&mut model, tx).expect("outer");
        let (inner, tx) = add_boundary("inner", Some(outer.clone()), None);
        h.execute(&mut model, tx).expect("inner");
        assert_eq!(set_boundary_parent(&model, &outer, Some(&inner)), Err(CommandError::BoundaryCycle));
        assert_eq!(set_boundary_parent(&model, &outer, Some(&outer)), Err(CommandError::BoundaryCycle));
        let ghost = BoundaryId::new("ghost");
        assert_eq!(set_boundary_parent(&model, &outer, Some(&ghost)), Err(CommandError::NoBoundary(ghost)));
        assert!(update_boundary(&model, &outer, |b| b.parent = Some(inner.clone())).is_empty(), "refused here too");
        let tx = set_boundary_parent(&model, &inner, None).expect("un-nests");
        h.execute(&mut model, tx).expect("applies");
        assert_eq!(model.boundaries[&inner].parent, None);
        let tx = set_boundary_parent(&model, &outer, Some(&inner)).expect("now allowed");
        h.execute(&mut model, tx).expect("applies");
        assert_eq!(model.boundaries[&outer].parent.as_ref(), Some(&inner));
    }
}

//! Where an OTM file's zones and components are drawn: from the first diagram representation
//! that places every component, or by auto-layout when none does (OTM made from code has only
//! code representations). OTM positions of nested things are relative to their parent's.
//!
//! Diagramming tools export their shapes: icons a few dozen pixels wide, and containers (a VPC,
//! a subnet) drawn around the components inside them. Elements do not nest, so a container is
//! drawn at an element's size, icons grow until their names fit (the drawing is scaled up, at
//! most twice, so they keep the room between them), and an element that then overlaps another
//! moves to the nearest free place inside its trust zone.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::super::geometry;
use super::super::ids::one_line;
use super::super::summary::{Summary, WarningKind};
use super::super::tidy::free_place;
use super::attributes::{Attributes, BENDS, DIAGRAM};
use super::file::{Component, OtmFile, Placement, Representation};
use crate::layout;
use crate::model::{
    BoundaryId, DfdView, Diagram, DiagramId, DiagramView, ElementId, FlowId, Model, Point, Rect, is_valid_id,
};

/// Room above a boundary box drawn around its members, for its name.
const NAME_ROOM: i32 = 24;
/// Space between such a box and its members.
const MARGIN: i32 = 20;

/// What the records of the file became: trust zone, component and dataflow ids of the file to
/// the model's.
pub struct Records {
    /// Trust zones (other than the one standing for "no boundary").
    pub zones: BTreeMap<String, BoundaryId>,
    /// Components.
    pub elements: BTreeMap<String, ElementId>,
    /// Dataflows kept.
    pub flows: BTreeMap<String, FlowId>,
}

/// The model's one diagram. The representation a ThreatCanvas export wrote is taken as it is
/// (its boxes, its bends, its id), even where it does not show every element: the diagram it
/// came from did not either.
pub fn diagram(otm: &OtmFile, model: &Model, records: &Records, summary: &mut Summary) -> Diagram {
    let Records { zones, elements, flows } = records;
    let diagrams = || otm.representations.iter().filter(|r| r.kind.as_str() == "diagram");
    let ours = diagrams().find(|r| r.id.as_str() == super::REPRESENTATION);
    let chosen = ours.or_else(|| {
        diagrams().find(|rep| {
            !elements.is_empty()
                && otm
                    .components
                    .iter()
                    .filter(|c| elements.contains_key(c.id.as_str()))
                    .all(|c| rect_in(&c.representations, rep.id.as_str()).is_some())
        })
    });
    let id = diagram_id(chosen, model, summary);
    let Some(rep) = chosen else {
        let all: BTreeSet<ElementId> = model.elements.keys().cloned().collect();
        let boundaries: BTreeSet<BoundaryId> = model.boundaries.keys().cloned().collect();
        let arranged = layout::arrange(model, &all, &boundaries, &BTreeMap::new());
        if !all.is_empty() {
            summary.warn(
                WarningKind::Adjusted,
                None,
                "the file places its components in no diagram representation; the diagram is auto-laid-out",
            );
        }
        let view = DfdView { nodes: arranged.nodes, boundaries: arranged.boundaries, bends: arranged.bends };
        return Diagram { id, name: "Data flow".to_owned(), view: DiagramView::Dfd(view) };
    };
    let placed = Placed { otm, rep: rep.id.as_str() };
    let mut view = DfdView::default();
    for (zid, b) in zones {
        if let Some(r) = placed.zone(zid) {
            view.boundaries.insert(b.clone(), r);
        }
    }
    for c in &otm.components {
        if let (Some(id), Some(r)) = (elements.get(c.id.as_str()), placed.component(c)) {
            view.nodes.insert(id.clone(), r);
        }
    }
    if ours.is_some() {
        view.bends = written_bends(otm, flows, summary);
    } else {
        readable(otm, model, elements, &mut view, summary);
        view.bends = layout::routes(model, &view.nodes, &view.boundaries);
        box_unplaced_zones(model, zones, &mut view, summary);
    }
    Diagram { id, name: name(rep, summary), view: DiagramView::Dfd(view) }
}

/// The id a ThreatCanvas export kept for the diagram, when it is still usable; else "diagram"
/// (numbered if a record has that id).
fn diagram_id(rep: Option<&Representation>, model: &Model, summary: &mut Summary) -> DiagramId {
    let free = |id: &str| is_valid_id(id) && model.resolve_subject(id).is_none();
    if let Some(rep) = rep {
        let attributes = Attributes::of(rep.attributes.as_ref(), rep.id.as_str());
        if let Some(written) = attributes.text(DIAGRAM, summary) {
            if free(written) {
                return DiagramId::new(written);
            }
            summary.warn(
                WarningKind::Adjusted,
                Some(rep.id.as_str()),
                format!("diagram id {written:?} is not a usable id or belongs to another record; a new one is given"),
            );
        }
    }
    let mut id = "diagram".to_owned();
    let mut n = 1;
    while !free(&id) {
        id = format!("diagram-{n}");
        n += 1;
    }
    DiagramId::new(id)
}

/// The bend points a ThreatCanvas export kept with each dataflow kept; a list that is not one
/// of points is reported, and its flow drawn straight.
fn written_bends(
    otm: &OtmFile,
    flows: &BTreeMap<String, FlowId>,
    summary: &mut Summary,
) -> BTreeMap<FlowId, Vec<Point>> {
    let point = |v: &Value| {
        let (x, y) = (v.get("x")?.as_f64()?, v.get("y")?.as_f64()?);
        Some(Point::new(geometry::coord(x), geometry::coord(y)))
    };
    let mut bends = BTreeMap::new();
    for f in &otm.dataflows {
        let Some(id) = flows.get(f.id.as_str()) else { continue };
        let Some(value) = Attributes::of(f.attributes.as_ref(), f.id.as_str()).get(BENDS) else { continue };
        match value.as_array().and_then(|items| items.iter().map(point).collect::<Option<Vec<Point>>>()) {
            Some(points) => {
                bends.insert(id.clone(), points);
            }
            None => summary.warn(
                WarningKind::UnknownValue,
                Some(f.id.as_str()),
                format!("attribute {BENDS:?} is not a list of points; the flow is drawn straight"),
            ),
        }
    }
    bends
}

fn name(rep: &Representation, summary: &mut Summary) -> String {
    if rep.name.as_str().is_empty() {
        "Data flow".to_owned()
    } else {
        one_line(rep.name.as_str(), summary, rep.id.as_str())
    }
}

/// The box `placements` give in representation `rep`, relative to the parent.
fn rect_in(placements: &[Placement], rep: &str) -> Option<Rect> {
    let p = placements.iter().find(|p| p.representation.as_str() == rep)?;
    let pos = p.position.as_ref()?;
    let size = p.size.as_ref();
    Some(Rect::new(
        geometry::coord(pos.x.0),
        geometry::coord(pos.y.0),
        geometry::extent(size.map_or(0.0, |s| s.width.0), 100),
        geometry::extent(size.map_or(0.0, |s| s.height.0), 70),
    ))
}

/// Positions in one representation, made absolute.
struct Placed<'a> {
    otm: &'a OtmFile,
    rep: &'a str,
}

impl Placed<'_> {
    /// A zone's box, moved by the boxes of the zones it nests in.
    fn zone(&self, zid: &str) -> Option<Rect> {
        let zones = &self.otm.trust_zones;
        let find = |id: &str| zones.iter().find(|z| z.id.as_str() == id);
        let mut r = rect_in(&find(zid)?.representations, self.rep)?;
        let mut current = find(zid);
        for _ in 0..zones.len() {
            let Some(parent) = current.and_then(|z| z.parent.as_ref()).map(|p| p.trust_zone.as_str()) else { break };
            let Some(pr) = find(parent).and_then(|z| rect_in(&z.representations, self.rep)) else { break };
            r = r.translated(pr.x, pr.y);
            current = find(parent);
        }
        Some(r)
    }

    /// A component's box, moved by the box of the zone (or the components, then the zone) it
    /// sits in.
    fn component(&self, c: &Component) -> Option<Rect> {
        let mut r = rect_in(&c.representations, self.rep)?;
        let mut current = c;
        for _ in 0..=self.otm.components.len() {
            let Some(parent) = &current.parent else { break };
            if let Some(z) = self.zone(parent.trust_zone.as_str()) {
                r = r.translated(z.x, z.y);
                break;
            }
            let Some(up) = self.otm.components.iter().find(|x| x.id.as_str() == parent.component.as_str()) else {
                break;
            };
            if let Some(pr) = rect_in(&up.representations, self.rep) {
                r = r.translated(pr.x, pr.y);
            }
            current = up;
        }
        Some(r)
    }
}

/// Grows icons to an element's size, shrinks containers to it, and moves overlapping elements
/// apart (elements placed first stay; containers move before what they contain).
fn readable(
    otm: &OtmFile,
    model: &Model,
    elements: &BTreeMap<String, ElementId>,
    view: &mut DfdView,
    summary: &mut Summary,
) {
    let containers: BTreeSet<&str> = otm
        .components
        .iter()
        .filter_map(|c| c.parent.as_ref().map(|p| p.component.as_str()))
        .filter(|p| !p.is_empty())
        .collect();
    let mut order: Vec<(&str, &ElementId, bool)> = otm
        .components
        .iter()
        .filter_map(|c| elements.get(c.id.as_str()).map(|e| (c.id.as_str(), e, containers.contains(c.id.as_str()))))
        .collect();
    order.sort_by_key(|(_, _, container)| *container);
    spread(model, &order, view);
    let mut placed: Vec<Rect> = Vec::new();
    for (source_id, id, container) in order {
        let Some(drawn) = view.nodes.get(id).copied() else { continue };
        let (w, h) = layout::default_size(model, id);
        let (w, h) = if container { (w, h) } else { (drawn.w.max(w), drawn.h.max(h)) };
        let centre = drawn.center();
        let sized = Rect::new(centre.x - w / 2, centre.y - h / 2, w, h);
        if container {
            summary.warn(
                WarningKind::Adjusted,
                Some(source_id),
                "the component holds other components; elements do not nest, so it is drawn at an element's size",
            );
        }
        let free = free_place(model, id, sized, &placed, view);
        if free != sized {
            summary.warn(
                WarningKind::Adjusted,
                Some(source_id),
                format!("moved by ({}, {}) so as not to overlap another element", free.x - sized.x, free.y - sized.y),
            );
        }
        placed.push(free);
        view.nodes.insert(id.clone(), free);
    }
}

/// Spreads the whole drawing (up to twice its size) by how much its typical icon must grow to
/// hold its name, so grown elements keep the room between them that the drawing had: zones
/// scale, elements keep their size and move with their centres.
fn spread(model: &Model, order: &[(&str, &ElementId, bool)], view: &mut DfdView) {
    let mut growth: Vec<i32> = order
        .iter()
        .filter(|(_, _, container)| !container)
        .filter_map(|(_, id, _)| view.nodes.get(*id).map(|r| layout::default_size(model, id).0 * 100 / r.w.max(1)))
        .collect();
    growth.sort_unstable();
    let Some(percent) = growth.get(growth.len() / 2).map(|g| (*g).clamp(100, 200)) else { return };
    if percent == 100 {
        return;
    }
    let by = |v: i32| i32::try_from(i64::from(v) * i64::from(percent) / 100).unwrap_or(v);
    // Moving by nothing keeps a corner within the coordinates a file may hold.
    for r in view.boundaries.values_mut() {
        let extent = |v: i32| by(v).clamp(1, crate::model::MAX_EXTENT);
        *r = Rect::new(by(r.x), by(r.y), extent(r.w), extent(r.h)).translated(0, 0);
    }
    for r in view.nodes.values_mut() {
        let centre = r.center();
        *r = Rect::new(by(centre.x) - r.w / 2, by(centre.y) - r.h / 2, r.w, r.h).translated(0, 0);
    }
}

/// Draws a zone the representation does not place as a box around its placed members.
fn box_unplaced_zones(model: &Model, zones: &BTreeMap<String, BoundaryId>, view: &mut DfdView, summary: &mut Summary) {
    for (zid, b) in zones {
        if view.boundaries.contains_key(b) {
            continue;
        }
        let members: Vec<Rect> =
            view.nodes.iter().filter(|(e, _)| model.boundary_contains(b, e)).map(|(_, r)| *r).collect();
        if let Some(r) = geometry::enclosing(&members, MARGIN, NAME_ROOM) {
            view.boundaries.insert(b.clone(), r);
        } else {
            summary.warn(
                WarningKind::Adjusted,
                Some(zid),
                "the trust zone has no position and no placed members; not drawn",
            );
        }
    }
}

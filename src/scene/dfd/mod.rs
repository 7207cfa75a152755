//! Data-flow diagram notation: processes as ellipses, external entities as boxes, data stores
//! as open boxes (two parallel lines), flows as arrows with their names and marks, trust
//! boundaries as dashed, tinted, named regions.
//!
//! Each record is drawn by its own function into its own group of items, in four layers
//! (boundaries, flow lines, elements, flow labels), so [`update`] can redraw just the records an
//! edit touched. Flows between the same two elements run in lanes ([`super::flows`]), so an
//! edit to one flow redraws its siblings; labels keep clear of arrow heads and of each other
//! ([`super::labels`]), so an edit that moves heads or labels re-places the labels near them.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

use super::badge::{Open, badge_shapes};
use super::flows::{self, End, Lane, Route, pair_key, pair_of, runs_forward};
use super::geometry::{Outline, outline_exit};
use super::groups::GroupKey;
use super::labels::{self, Content, Placed, REACH};
use super::marks::{is_exposed, marks_of};
use super::obstacles::Obstacle;
use super::{Align, Change, FlowPath, Owner, Pos, Scene, SceneRect, Shape, Stroke, Style, TextMeasure, wrap};
use crate::model::{
    BoundaryId, DataFlow, DfdView, Element, ElementId, ElementKind, FlowId, Model, Rect, ThreatStatus, ThreatTarget,
};

/// Width of element outlines and flow lines.
pub(super) const LINE_WIDTH: f32 = 1.5;

/// The outline flows attach to for an element kind.
#[must_use]
pub fn outline_of(kind: &ElementKind) -> Outline {
    match kind {
        ElementKind::Process(_) => Outline::Ellipse,
        ElementKind::ExternalEntity(_) | ElementKind::DataStore(_) => Outline::Box,
    }
}

/// Where an element's threat badge sits: on its outline, toward the top-right corner of its box.
/// The canvas asks too, to know when the pointer rests on a badge.
#[must_use]
pub fn element_badge_center(kind: &ElementKind, r: &SceneRect) -> Pos {
    let top_right = Pos::new(r.max.x, r.min.y);
    match outline_of(kind) {
        Outline::Ellipse => outline_exit(Outline::Ellipse, r, top_right),
        Outline::Box => top_right,
    }
}

/// Open threats per target: counted once for a whole build, or looked up one target at a time
/// when only a few records are redrawn.
enum OpenThreats<'a> {
    Counted(BTreeMap<&'a ThreatTarget, Open>),
    Scan(&'a Model),
}

impl<'a> OpenThreats<'a> {
    fn counted(model: &'a Model) -> Self {
        let mut counts: BTreeMap<&ThreatTarget, Open> = BTreeMap::new();
        for threat in model.threats.values().filter(|t| t.status == ThreatStatus::Open) {
            counts.entry(&threat.target).or_default().add(threat.severity);
        }
        Self::Counted(counts)
    }

    fn on(&self, target: &ThreatTarget) -> Option<Open> {
        match self {
            Self::Counted(counts) => counts.get(target).copied(),
            Self::Scan(model) => {
                let mut open = Open::default();
                for t in model.threats.values().filter(|t| t.status == ThreatStatus::Open && &t.target == target) {
                    open.add(t.severity);
                }
                (open.count > 0).then_some(open)
            }
        }
    }
}

/// What drawing one record reads.
struct Draw<'a> {
    model: &'a Model,
    view: &'a DfdView,
    style: &'a Style,
    measure: &'a dyn TextMeasure,
    open: OpenThreats<'a>,
}

pub(super) fn build(scene: &mut Scene, model: &Model, view: &DfdView, style: &Style, measure: &dyn TextMeasure) {
    let draw = Draw { model, view, style, measure, open: OpenThreats::counted(model) };
    // Boundaries at the back, outer ones first so nested ones paint over them.
    let mut boundaries: Vec<_> = view.boundaries.iter().filter(|(id, _)| model.boundaries.contains_key(*id)).collect();
    // Depths from one pass over the nesting, not a climb per boundary (a deep chain would make
    // that quadratic); a boundary on a circle has no depth and paints last.
    let depth = model.nesting().depth;
    boundaries.sort_by_key(|(id, _)| (depth.get(id).copied().unwrap_or(usize::MAX), *id));
    for (id, rect) in boundaries {
        scene.begin_group(GroupKey::Boundary(id.clone()));
        boundary(scene, &draw, id, *rect);
        scene.end_group();
    }
    // Flows between placed elements: lines and heads now, labels after the elements.
    let drawn: Vec<(&FlowId, &DataFlow)> = model.flows.iter().filter(|(_, f)| is_drawn(&draw, f)).collect();
    let lanes = flows::lanes(view, drawn.iter().copied());
    for (id, flow) in &drawn {
        scene.begin_group(GroupKey::FlowLine((*id).clone()));
        let lane = lanes.get(*id).copied().unwrap_or(Lane::ALONE);
        if let Some(route) = flow_line(scene, &draw, id, flow, lane) {
            scene.flows.set_route(id, pair_of(flow), &route);
        }
        scene.end_group();
    }
    for (id, rect) in &view.nodes {
        let Some(e) = model.elements.get(id) else { continue };
        scene.begin_group(GroupKey::Element(id.clone()));
        element(scene, &draw, id, e, *rect);
        scene.end_group();
        scene.flows.obstacles.insert(Obstacle::Element(id.clone()), SceneRect::from(*rect), outline_of(&e.kind));
    }
    for (id, flow) in &drawn {
        scene.begin_group(GroupKey::FlowLabel((*id).clone()));
        let label = place_label(scene, &draw, id, flow);
        if let Some((content, placed)) = &label {
            labels::draw(scene, &Owner::Flow((*id).clone()), content, placed, flow.out_of_scope, style, measure);
        }
        scene.end_group();
        file_label(scene, id, flow, label.as_ref().map(|(_, p)| p));
    }
}

/// Redraws the records `change` names, the flows touching changed elements with all their
/// siblings, and the labels near anything that moved; false when a record appeared on or
/// disappeared from the diagram, or a flow moved to another pair of elements (build anew).
pub(super) fn update(
    scene: &mut Scene,
    model: &Model,
    view: &DfdView,
    style: &Style,
    measure: &dyn TextMeasure,
    change: &Change,
) -> bool {
    let draw = Draw { model, view, style, measure, open: OpenThreats::Scan(model) };
    let mut flows: BTreeSet<&FlowId> = change.flows.iter().collect();
    if !change.elements.is_empty() {
        flows.extend(
            model
                .flows
                .iter()
                .filter(|(_, f)| change.elements.contains(&f.source) || change.elements.contains(&f.target))
                .map(|(id, _)| id),
        );
    }
    // A flow now joining another pair leaves its old siblings to be redrawn: build anew.
    let repaired = flows.iter().any(|id| match (model.flows.get(*id), scene.flows.drawn.get(*id)) {
        (Some(flow), Some((pair, _))) => pair_key(flow) != (&pair.0, &pair.1),
        _ => false,
    });
    if repaired {
        return false;
    }
    // Siblings share lanes: redraw them all.
    let pairs: BTreeSet<_> =
        flows.iter().filter_map(|id| model.flows.get(*id)).filter(|f| is_drawn(&draw, f)).map(pair_key).collect();
    if !pairs.is_empty() {
        flows.extend(
            model.flows.iter().filter(|(_, f)| pairs.contains(&pair_key(f)) && is_drawn(&draw, f)).map(|(id, _)| id),
        );
    }
    // Everything redrawn must have been drawn before, and still be drawn now.
    let elements_stay = change.elements.iter().all(|id| {
        let placed = view.nodes.contains_key(id) && model.elements.contains_key(id);
        placed == scene.groups.contains(&GroupKey::Element(id.clone()))
    });
    let flows_stay = flows.iter().all(|id| {
        let drawn = model.flows.get(*id).is_some_and(|f| is_drawn(&draw, f));
        drawn == scene.groups.contains(&GroupKey::FlowLine((*id).clone()))
    });
    let boundaries_stay = change.boundary_boxes.iter().all(|id| {
        let placed = view.boundaries.contains_key(id) && model.boundaries.contains_key(id);
        placed == scene.groups.contains(&GroupKey::Boundary(id.clone()))
    });
    if !(elements_stay && flows_stay && boundaries_stay) {
        return false;
    }
    for id in &change.boundary_boxes {
        let Some(rect) = view.boundaries.get(id) else { continue };
        let mut fresh = scene.scratch();
        boundary(&mut fresh, &draw, id, *rect);
        scene.layout.boundaries.extend(std::mem::take(&mut fresh.layout.boundaries));
        scene.replace_group(&GroupKey::Boundary(id.clone()), fresh);
    }
    // What labels must make room for, before and after the edit.
    let mut moved: Vec<SceneRect> = Vec::new();
    for id in &change.elements {
        let (Some(rect), Some(e)) = (view.nodes.get(id), model.elements.get(id)) else { continue };
        let mut fresh = scene.scratch();
        element(&mut fresh, &draw, id, e, *rect);
        scene.layout.elements.extend(std::mem::take(&mut fresh.layout.elements));
        scene.replace_group(&GroupKey::Element(id.clone()), fresh);
        let obstacle = Obstacle::Element(id.clone());
        moved.extend(scene.flows.obstacles.remove(&obstacle));
        moved.push(SceneRect::from(*rect));
        scene.flows.obstacles.insert(obstacle, SceneRect::from(*rect), outline_of(&e.kind));
    }
    let redrawn: Vec<(&FlowId, &DataFlow)> =
        flows.iter().filter_map(|id| model.flows.get_key_value(*id)).filter(|(_, f)| is_drawn(&draw, f)).collect();
    let lanes = flows::lanes(view, redrawn.iter().copied());
    for (id, flow) in &redrawn {
        let mut fresh = scene.scratch();
        let lane = lanes.get(*id).copied().unwrap_or(Lane::ALONE);
        let route = flow_line(&mut fresh, &draw, id, flow, lane);
        scene.layout.flows.extend(std::mem::take(&mut fresh.layout.flows));
        scene.replace_group(&GroupKey::FlowLine((*id).clone()), fresh);
        if let Some(route) = route {
            moved.extend(scene.flows.set_route(id, pair_of(flow), &route));
        }
    }
    // Labels in the order they were placed: those of redrawn flows, and those whose
    // neighbourhood holds something that moved (including labels re-placed before them).
    let mut after: Option<FlowId> = None;
    loop {
        let lower = after.as_ref().map_or(Bound::Unbounded, Bound::Excluded);
        let next = scene
            .layout
            .flows
            .range((lower, Bound::Unbounded))
            .find(|(id, path)| flows.contains(id) || near(&path.points, &moved))
            .map(|(id, _)| id.clone());
        let Some(id) = next else { break };
        if let Some(flow) = model.flows.get(&id) {
            let before = scene.flows.obstacles.remove(&Obstacle::Label(id.clone()));
            let label = place_label(scene, &draw, &id, flow);
            let mut fresh = scene.scratch();
            if let Some((content, placed)) = &label {
                labels::draw(&mut fresh, &Owner::Flow(id.clone()), content, placed, flow.out_of_scope, style, measure);
            }
            scene.replace_group(&GroupKey::FlowLabel(id.clone()), fresh);
            let now = label.as_ref().map(|(_, p)| p.footprint);
            file_label(scene, &id, flow, label.as_ref().map(|(_, p)| p));
            if before != now {
                moved.extend(before);
                moved.extend(now);
            }
        }
        after = Some(id);
    }
    true
}

/// Whether anything in `moved` lies where a label of the route `points` could go.
fn near(points: &[Pos], moved: &[SceneRect]) -> bool {
    if moved.is_empty() {
        return false;
    }
    let reach = points.iter().fold(SceneRect::NOTHING, |b, p| b.union(SceneRect { min: *p, max: *p })).expand(REACH);
    moved.iter().any(|m| m.intersects(&reach))
}

/// Whether a flow is drawn: both ends placed, and not a loop on one element.
fn is_drawn(draw: &Draw<'_>, flow: &DataFlow) -> bool {
    flow.source != flow.target
        && draw.view.nodes.contains_key(&flow.source)
        && draw.view.nodes.contains_key(&flow.target)
        && draw.model.elements.contains_key(&flow.source)
        && draw.model.elements.contains_key(&flow.target)
}

fn boundary(scene: &mut Scene, draw: &Draw<'_>, id: &BoundaryId, rect: Rect) {
    let Some(b) = draw.model.boundaries.get(id) else { return };
    let (style, measure) = (draw.style, draw.measure);
    let owner = Owner::Boundary(id.clone());
    let r = SceneRect::from(rect);
    scene.layout.boundaries.insert(id.clone(), r);
    scene.push(Some(&owner), boundary_shape(r, style));
    let lines = wrap(measure, &b.name, style.label_size, (r.width() - 20.0).max(40.0), 2);
    for (i, line) in lines.into_iter().enumerate() {
        let y = r.min.y + 6.0 + i as f32 * style.label_size * measure.line_height();
        let width = measure.width(&line, style.label_size);
        scene.push(
            Some(&owner),
            Shape::Text {
                pos: Pos::new(r.min.x + 10.0, y),
                text: line,
                size: style.label_size,
                color: style.boundary,
                align: Align::Start,
                width,
            },
        );
    }
}

/// A trust boundary's region.
pub(super) fn boundary_shape(r: SceneRect, style: &Style) -> Shape {
    Shape::Rect {
        rect: r,
        radius: 10.0,
        fill: Some(style.boundary_fill),
        stroke: Some(Stroke::dashed(1.6, style.boundary, 9.0, 5.0)),
    }
}

/// How a flow's line is drawn: dashed and muted out of scope, in the warning colour when it
/// carries data unencrypted across a trust boundary.
pub(super) fn flow_stroke(out_of_scope: bool, exposed: bool, style: &Style) -> Stroke {
    if out_of_scope {
        Stroke::dashed(LINE_WIDTH, style.muted, 6.0, 4.0)
    } else if exposed {
        Stroke::solid(LINE_WIDTH, style.warning)
    } else {
        Stroke::solid(LINE_WIDTH, style.ink)
    }
}

/// A line with its arrow heads, drawn with `stroke`.
pub(super) fn arrow_shapes(points: Vec<Pos>, heads: &[[Pos; 3]], stroke: Stroke) -> Vec<Shape> {
    let mut shapes = vec![Shape::Line { points, stroke }];
    shapes.extend(heads.iter().map(|h| Shape::Polygon { points: h.to_vec(), fill: Some(stroke.color), stroke: None }));
    shapes
}

/// The line and arrow heads of a drawn flow in its lane; its route goes into the layout.
fn flow_line(scene: &mut Scene, draw: &Draw<'_>, id: &FlowId, flow: &DataFlow, lane: Lane) -> Option<Route> {
    let (model, view, style) = (draw.model, draw.view, draw.style);
    let (src_rect, dst_rect) = (view.nodes.get(&flow.source)?, view.nodes.get(&flow.target)?);
    let (src, dst) = (model.elements.get(&flow.source)?, model.elements.get(&flow.target)?);
    let source = End { outline: outline_of(&src.kind), rect: SceneRect::from(*src_rect) };
    let target = End { outline: outline_of(&dst.kind), rect: SceneRect::from(*dst_rect) };
    let bends: Vec<Pos> = view.bends.get(id).into_iter().flatten().map(|p| Pos::from(*p)).collect();
    let route = flows::route(&source, &target, &bends, lane, runs_forward(flow), flow.bidirectional);
    let stroke = flow_stroke(flow.out_of_scope, is_exposed(model, flow), style);
    scene.layout.flows.insert(
        id.clone(),
        FlowPath { points: route.points.clone(), label: None, heads: route.heads.clone(), full_label: None },
    );
    let owner = Owner::Flow(id.clone());
    for shape in arrow_shapes(route.points.clone(), &route.heads, stroke) {
        scene.push(Some(&owner), shape);
    }
    Some(route)
}

/// Where the label of a drawn flow goes (its route is in the layout), and what it shows.
fn place_label<'a>(scene: &Scene, draw: &Draw<'a>, id: &FlowId, flow: &'a DataFlow) -> Option<(Content<'a>, Placed)> {
    let path = scene.layout.flows.get(id)?;
    let content = Content {
        name: &flow.name,
        marks: marks_of(draw.model, flow),
        badge: draw.open.on(&ThreatTarget::Flow(id.clone())),
    };
    let side = scene.flows.drawn.get(id).map_or(Pos::default(), |(_, side)| *side);
    let placed = labels::place(id, &content, &path.points, side, &scene.flows.obstacles, draw.style, draw.measure)?;
    Some((content, placed))
}

/// Files where a flow's label went, in the layout and among the obstacles of later labels.
fn file_label(scene: &mut Scene, id: &FlowId, flow: &DataFlow, placed: Option<&Placed>) {
    if let Some(path) = scene.layout.flows.get_mut(id) {
        path.label = placed.map(|p| p.rect);
        path.full_label = placed.filter(|p| p.cut).map(|_| flow.name.clone());
    }
    if let Some(placed) = placed {
        scene.flows.obstacles.insert(Obstacle::Label(id.clone()), placed.footprint, Outline::Box);
    }
}

/// The shapes of an element's outline, and how wide its name may run inside it.
pub(super) fn element_shapes(kind: &ElementKind, r: SceneRect, out_of_scope: bool, style: &Style) -> (Vec<Shape>, f32) {
    let fill = match kind {
        ElementKind::Process(_) => style.process_fill,
        ElementKind::ExternalEntity(_) => style.entity_fill,
        ElementKind::DataStore(_) => style.store_fill,
    };
    let stroke = if out_of_scope {
        Stroke::dashed(LINE_WIDTH, style.muted, 6.0, 4.0)
    } else {
        Stroke::solid(LINE_WIDTH, style.ink)
    };
    match kind {
        ElementKind::Process(_) => (
            vec![Shape::Ellipse {
                center: r.center(),
                radius: Pos::new(r.width() / 2.0, r.height() / 2.0),
                fill: Some(fill),
                stroke: Some(stroke),
            }],
            r.width() * 0.74,
        ),
        ElementKind::ExternalEntity(_) => {
            (vec![Shape::Rect { rect: r, radius: 2.0, fill: Some(fill), stroke: Some(stroke) }], r.width() - 16.0)
        }
        ElementKind::DataStore(_) => {
            let mut shapes = vec![Shape::Rect { rect: r, radius: 0.0, fill: Some(fill), stroke: None }];
            for y in [r.min.y, r.max.y] {
                shapes.push(Shape::Line {
                    points: vec![Pos::new(r.min.x, y), Pos::new(r.max.x, y)],
                    stroke: Stroke { width: LINE_WIDTH * 1.4, ..stroke },
                });
            }
            (shapes, r.width() - 16.0)
        }
    }
}

fn element(scene: &mut Scene, draw: &Draw<'_>, id: &ElementId, e: &Element, rect: Rect) {
    let (style, measure) = (draw.style, draw.measure);
    let owner = Owner::Element(id.clone());
    let r = SceneRect::from(rect);
    scene.layout.elements.insert(id.clone(), r);
    let (shapes, text_width) = element_shapes(&e.kind, r, e.out_of_scope, style);
    for shape in shapes {
        scene.push(Some(&owner), shape);
    }
    let size = style.text_size;
    let line_height = size * measure.line_height();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "at least 1, at most a few hundred")]
    let max_lines = ((r.height() - 6.0) / line_height).floor().clamp(1.0, 1_000.0) as usize;
    let lines = wrap(measure, &e.name, size, text_width.max(20.0), max_lines);
    let color = if e.out_of_scope { style.muted } else { style.ink };
    let top = r.center().y - line_height * lines.len() as f32 / 2.0;
    for (i, line) in lines.into_iter().enumerate() {
        let width = measure.width(&line, size);
        scene.push(
            Some(&owner),
            Shape::Text {
                pos: Pos::new(r.center().x, top + i as f32 * line_height),
                text: line,
                size,
                color,
                align: Align::Middle,
                width,
            },
        );
    }
    if let Some(open) = draw.open.on(&ThreatTarget::Element(id.clone())) {
        for shape in badge_shapes(element_badge_center(&e.kind, &r), open, style, measure) {
            scene.push(Some(&owner), shape);
        }
    }
}

#[cfg(test)]
mod tests;

//! Data-flow diagram notation: processes as ellipses, external entities as boxes, data stores
//! as open boxes (two parallel lines), flows as arrows with their names, trust boundaries as
//! dashed, tinted, named regions.
//!
//! Each record is drawn by its own function into its own group of items, in four layers
//! (boundaries, flow lines, elements, flow labels), so [`update`] can redraw just the records an
//! edit touched.

use std::collections::{BTreeMap, BTreeSet};

use super::geometry::{Outline, arrow_head, midpoint, outline_exit};
use super::groups::GroupKey;
use super::{Align, Change, FlowPath, Owner, Pos, Scene, SceneRect, Shape, Stroke, Style, TextMeasure, wrap};
use crate::model::{
    BoundaryId, DataFlow, DfdView, Element, ElementId, ElementKind, FlowId, Model, Rect, Severity, ThreatStatus,
    ThreatTarget,
};

/// Width of element outlines and flow lines.
const LINE_WIDTH: f32 = 1.5;
/// Widest a flow label gets before it wraps.
const LABEL_MAX_WIDTH: f32 = 170.0;

/// The outline flows attach to for an element kind.
#[must_use]
pub fn outline_of(kind: &ElementKind) -> Outline {
    match kind {
        ElementKind::Process(_) => Outline::Ellipse,
        ElementKind::ExternalEntity(_) | ElementKind::DataStore(_) => Outline::Box,
    }
}

/// Open threats per target: counted once for a whole build, or looked up one target at a time
/// when only a few records are redrawn.
enum OpenThreats<'a> {
    Counted(BTreeMap<&'a ThreatTarget, Open>),
    Scan(&'a Model),
}

/// A target's open threats: how many, and the highest severity among them (the badge's colour).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Open {
    count: usize,
    highest: Severity,
}

impl Open {
    fn add(&mut self, severity: Severity) {
        self.count += 1;
        self.highest = self.highest.max(severity);
    }
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
    for (id, flow) in &drawn {
        scene.begin_group(GroupKey::FlowLine((*id).clone()));
        flow_line(scene, &draw, id, flow);
        scene.end_group();
    }
    for (id, rect) in &view.nodes {
        let Some(e) = model.elements.get(id) else { continue };
        scene.begin_group(GroupKey::Element(id.clone()));
        element(scene, &draw, id, e, *rect);
        scene.end_group();
    }
    for (id, flow) in &drawn {
        scene.begin_group(GroupKey::FlowLabel((*id).clone()));
        flow_label(scene, &draw, id, flow);
        scene.end_group();
    }
}

/// Redraws the records `change` names, and the flows touching changed elements; false when a
/// record appeared on or disappeared from the diagram (the painting order changes: build anew).
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
    for id in &change.elements {
        let (Some(rect), Some(e)) = (view.nodes.get(id), model.elements.get(id)) else { continue };
        let mut fresh = scene.scratch();
        element(&mut fresh, &draw, id, e, *rect);
        scene.layout.elements.extend(std::mem::take(&mut fresh.layout.elements));
        scene.replace_group(&GroupKey::Element(id.clone()), fresh);
    }
    for id in flows {
        let Some(flow) = model.flows.get(id).filter(|f| is_drawn(&draw, f)) else { continue };
        let mut fresh = scene.scratch();
        flow_line(&mut fresh, &draw, id, flow);
        scene.layout.flows.extend(std::mem::take(&mut fresh.layout.flows));
        scene.replace_group(&GroupKey::FlowLine(id.clone()), fresh);
        let mut fresh = scene.scratch();
        fresh.layout.flows = scene.layout.flows.get(id).map(|p| (id.clone(), p.clone())).into_iter().collect();
        flow_label(&mut fresh, &draw, id, flow);
        scene.layout.flows.extend(std::mem::take(&mut fresh.layout.flows));
        scene.replace_group(&GroupKey::FlowLabel(id.clone()), fresh);
    }
    true
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
    scene.push(
        Some(&owner),
        Shape::Rect {
            rect: r,
            radius: 10.0,
            fill: Some(style.boundary_fill),
            stroke: Some(Stroke::dashed(1.6, style.boundary, 9.0, 5.0)),
        },
    );
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

/// The line and arrow heads of a drawn flow; its route goes into the layout.
fn flow_line(scene: &mut Scene, draw: &Draw<'_>, id: &FlowId, flow: &DataFlow) {
    let (model, view, style) = (draw.model, draw.view, draw.style);
    let (Some(src_rect), Some(dst_rect)) = (view.nodes.get(&flow.source), view.nodes.get(&flow.target)) else {
        return;
    };
    let (Some(src), Some(dst)) = (model.elements.get(&flow.source), model.elements.get(&flow.target)) else {
        return;
    };
    let owner = Owner::Flow(id.clone());
    let (src_rect, dst_rect) = (SceneRect::from(*src_rect), SceneRect::from(*dst_rect));
    let mut points: Vec<Pos> = vec![src_rect.center()];
    points.extend(view.bends.get(id).into_iter().flatten().map(|p| Pos::from(*p)));
    points.push(dst_rect.center());
    let n = points.len();
    points[0] = outline_exit(outline_of(&src.kind), &src_rect, points[1]);
    points[n - 1] = outline_exit(outline_of(&dst.kind), &dst_rect, points[n - 2]);
    let stroke = if flow.out_of_scope {
        Stroke::dashed(LINE_WIDTH, style.muted, 6.0, 4.0)
    } else {
        Stroke::solid(LINE_WIDTH, style.ink)
    };
    scene.layout.flows.insert(id.clone(), FlowPath { points: points.clone(), label: None });
    let head = |from: Pos, tip: Pos| Shape::Polygon {
        points: arrow_head(from, tip, 11.0, 4.5).to_vec(),
        fill: Some(stroke.color),
        stroke: None,
    };
    let (tail, tip, back) = (points[n - 2], points[n - 1], (points[1], points[0]));
    scene.push(Some(&owner), Shape::Line { points, stroke });
    scene.push(Some(&owner), head(tail, tip));
    if flow.bidirectional {
        scene.push(Some(&owner), head(back.0, back.1));
    }
}

/// The label of a drawn flow, centred on its route (which the layout already holds).
fn flow_label(scene: &mut Scene, draw: &Draw<'_>, id: &FlowId, flow: &DataFlow) {
    let (style, measure) = (draw.style, draw.measure);
    if flow.name.is_empty() {
        return;
    }
    let Some(path) = scene.layout.flows.get_mut(id) else { return };
    let at = midpoint(&path.points);
    let owner = Owner::Flow(id.clone());
    let size = style.label_size;
    let line_height = size * measure.line_height();
    let lines = wrap(measure, &flow.name, size, LABEL_MAX_WIDTH, 3);
    let widest = lines.iter().map(|l| measure.width(l, size)).fold(0.0_f32, f32::max);
    let height = line_height * lines.len() as f32;
    let bg = SceneRect::from_center_size(at, widest + 8.0, height + 4.0);
    path.label = Some(bg);
    scene.push(Some(&owner), Shape::Rect { rect: bg, radius: 3.0, fill: Some(style.label_background), stroke: None });
    for (i, line) in lines.into_iter().enumerate() {
        let width = measure.width(&line, size);
        let pos = Pos::new(at.x, bg.min.y + 2.0 + i as f32 * line_height);
        scene.push(Some(&owner), Shape::Text { pos, text: line, size, color: style.ink, align: Align::Middle, width });
    }
    if let Some(open) = draw.open.on(&ThreatTarget::Flow(id.clone())) {
        badge(scene, &owner, flow_badge_center(&bg), open, style, measure);
    }
}

fn element(scene: &mut Scene, draw: &Draw<'_>, id: &ElementId, e: &Element, rect: Rect) {
    let (style, measure) = (draw.style, draw.measure);
    let owner = Owner::Element(id.clone());
    let r = SceneRect::from(rect);
    scene.layout.elements.insert(id.clone(), r);
    let fill = match &e.kind {
        ElementKind::Process(_) => style.process_fill,
        ElementKind::ExternalEntity(_) => style.entity_fill,
        ElementKind::DataStore(_) => style.store_fill,
    };
    let stroke = if e.out_of_scope {
        Stroke::dashed(LINE_WIDTH, style.muted, 6.0, 4.0)
    } else {
        Stroke::solid(LINE_WIDTH, style.ink)
    };
    let text_width = match &e.kind {
        ElementKind::Process(_) => {
            scene.push(
                Some(&owner),
                Shape::Ellipse {
                    center: r.center(),
                    radius: Pos::new(r.width() / 2.0, r.height() / 2.0),
                    fill: Some(fill),
                    stroke: Some(stroke),
                },
            );
            r.width() * 0.74
        }
        ElementKind::ExternalEntity(_) => {
            scene.push(Some(&owner), Shape::Rect { rect: r, radius: 2.0, fill: Some(fill), stroke: Some(stroke) });
            r.width() - 16.0
        }
        ElementKind::DataStore(_) => {
            scene.push(Some(&owner), Shape::Rect { rect: r, radius: 0.0, fill: Some(fill), stroke: None });
            for y in [r.min.y, r.max.y] {
                scene.push(
                    Some(&owner),
                    Shape::Line {
                        points: vec![Pos::new(r.min.x, y), Pos::new(r.max.x, y)],
                        stroke: Stroke { width: LINE_WIDTH * 1.4, ..stroke },
                    },
                );
            }
            r.width() - 16.0
        }
    };
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
        badge(scene, &owner, element_badge_center(&e.kind, &r), open, style, measure);
    }
}

/// Where an element's threat badge sits: on its outline, toward the top-right corner of its box.
#[must_use]
pub fn element_badge_center(kind: &ElementKind, r: &SceneRect) -> Pos {
    let top_right = Pos::new(r.max.x, r.min.y);
    match outline_of(kind) {
        Outline::Ellipse => outline_exit(Outline::Ellipse, r, top_right),
        Outline::Box => top_right,
    }
}

/// Where a flow's threat badge sits: just right of its label's top-right corner.
#[must_use]
pub fn flow_badge_center(label: &SceneRect) -> Pos {
    Pos::new(label.max.x + 2.0, label.min.y)
}

/// A small disc with the number of open threats, coloured by the highest severity among them.
fn badge(scene: &mut Scene, owner: &Owner, center: Pos, open: Open, style: &Style, measure: &dyn TextMeasure) {
    let text = open.count.to_string();
    let size = style.small_size;
    let width = measure.width(&text, size);
    let radius = (width / 2.0 + 4.0).max(8.5);
    scene.push(
        Some(owner),
        Shape::Ellipse {
            center,
            radius: Pos::new(radius, 8.5),
            fill: Some(style.badge_color(open.highest)),
            stroke: None,
        },
    );
    let top = center.y - size * measure.line_height() / 2.0;
    scene.push(
        Some(owner),
        Shape::Text { pos: Pos::new(center.x, top), text, size, color: style.badge_text, align: Align::Middle, width },
    );
}

#[cfg(test)]
mod tests {
    use super::super::{Change, FontMetrics, Style, build, update};
    use crate::model::{DiagramId, DiagramView, ElementId, Model, Point};

    fn sample() -> Model {
        let text = include_str!("../../samples/juice-shop.json");
        crate::format::load_bytes(text.as_bytes(), "sample").expect("sample loads")
    }

    /// Moves, renames and bends applied in place give exactly the scene a fresh build gives.
    #[test]
    fn updating_in_place_equals_building_afresh() {
        let mut model = sample();
        let diagram = model.diagrams[0].id.clone();
        let (style, measure) = (Style::light(), FontMetrics::shipped());
        let mut scene = build(&model, &diagram, &style, &measure).expect("scene");
        let DiagramView::Dfd(view) = &mut model.diagrams[0].view else { panic!("a DFD") };
        let moved: ElementId = view.nodes.keys().nth(3).cloned().expect("an element");
        if let Some(r) = view.nodes.get_mut(&moved) {
            *r = r.translated(137, -42);
        }
        let bent = model.flows.keys().next().cloned().expect("a flow");
        if let DiagramView::Dfd(view) = &mut model.diagrams[0].view {
            view.bends.insert(bent.clone(), vec![Point::new(-300, 900)]);
        }
        let renamed = model.elements.keys().next().cloned().expect("an element");
        if let Some(e) = model.elements.get_mut(&renamed) {
            e.name = "A much longer name that wraps onto more lines than before".into();
        }
        let change = Change {
            elements: [moved, renamed].into(),
            flows: [bent].into(),
            boundary_boxes: std::collections::BTreeSet::new(),
        };
        assert!(update(&mut scene, &model, &diagram, &style, &measure, &change));
        let fresh = build(&model, &diagram, &style, &measure).expect("scene");
        assert_eq!(scene.items, fresh.items);
        assert_eq!(scene.item_bounds, fresh.item_bounds);
        assert_eq!(scene.layout, fresh.layout);
        assert_eq!(scene.bounds, fresh.bounds);
    }

    /// A record that appears needs a fresh build.
    #[test]
    fn a_new_record_is_refused() {
        let mut model = sample();
        let diagram: DiagramId = model.diagrams[0].id.clone();
        let (style, measure) = (Style::light(), FontMetrics::shipped());
        let mut scene = build(&model, &diagram, &style, &measure).expect("scene");
        let id = ElementId::new("new-one");
        model.elements.insert(id.clone(), crate::model::Element::default());
        if let DiagramView::Dfd(view) = &mut model.diagrams[0].view {
            view.nodes.insert(id.clone(), crate::model::Rect::new(0, 0, 100, 60));
        }
        let change = Change { elements: [id].into(), ..Change::default() };
        assert!(!update(&mut scene, &model, &diagram, &style, &measure, &change));
    }

    /// The badge counts open threats only and takes the colour of the highest open severity.
    #[test]
    fn the_badge_counts_open_threats_coloured_by_the_highest_open_severity() {
        use crate::model::{Severity, Threat, ThreatCategory, ThreatId, ThreatStatus, ThreatTarget};
        use crate::scene::{Owner, Shape};
        let mut model = sample();
        let diagram = model.diagrams[0].id.clone();
        let id = ElementId::new("P3");
        model.threats.retain(|_, t| t.target != ThreatTarget::Element(id.clone()));
        let mut add = |n: &str, severity, status| {
            let mut t = Threat::new(ThreatTarget::Element(id.clone()), ThreatCategory::Spoofing, n);
            (t.severity, t.status) = (severity, status);
            model.threats.insert(ThreatId::new(n), t);
        };
        add("t1", Severity::Low, ThreatStatus::Open);
        add("t2", Severity::Medium, ThreatStatus::Open);
        add("t3", Severity::Critical, ThreatStatus::Mitigated);
        let style = Style::light();
        let scene = build(&model, &diagram, &style, &FontMetrics::shipped()).expect("scene");
        let owned: Vec<&Shape> =
            scene.items.iter().filter(|i| i.owner == Some(Owner::Element(id.clone()))).map(|i| &i.shape).collect();
        let fills: Vec<_> =
            owned.iter().filter_map(|s| if let Shape::Ellipse { fill, .. } = s { *fill } else { None }).collect();
        assert!(fills.contains(&style.badge_color(Severity::Medium)), "the highest open severity: {fills:?}");
        assert!(!fills.contains(&style.badge_color(Severity::Critical)), "a mitigated threat does not colour it");
        let count = owned.iter().any(|s| matches!(s, Shape::Text { text, .. } if text == "2"));
        assert!(count, "two open threats");
    }
}

//! Data-flow diagram notation: processes as ellipses, external entities as boxes, data stores
//! as open boxes (two parallel lines), flows as arrows with their names, trust boundaries as
//! dashed, tinted, named regions.

use std::collections::BTreeMap;

use super::geometry::{Outline, arrow_head, midpoint, outline_exit};
use super::{Align, Owner, Pos, Scene, SceneRect, Shape, Stroke, Style, TextMeasure, wrap};
use crate::model::{DfdView, ElementKind, Model, ThreatStatus, ThreatTarget};

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

pub(super) fn build(scene: &mut Scene, model: &Model, view: &DfdView, style: &Style, measure: &dyn TextMeasure) {
    let mut open_threats: BTreeMap<&ThreatTarget, usize> = BTreeMap::new();
    for threat in model.threats.values().filter(|t| t.status == ThreatStatus::Open) {
        *open_threats.entry(&threat.target).or_default() += 1;
    }

    // Boundaries at the back, outer ones first so nested ones paint over them.
    let mut boundaries: Vec<_> = view.boundaries.iter().filter(|(id, _)| model.boundaries.contains_key(*id)).collect();
    boundaries.sort_by_key(|(id, _)| (model.boundary_depth(id), (*id).clone()));
    for (id, rect) in boundaries {
        let Some(boundary) = model.boundaries.get(id) else {
            continue;
        };
        let owner = Owner::Boundary(id.clone());
        let r = SceneRect::from(*rect);
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
        let lines = wrap(measure, &boundary.name, style.label_size, (r.width() - 20.0).max(40.0), 2);
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

    // Flows between placed elements: lines and heads now, labels after the elements.
    let mut labels = Vec::new();
    for (id, flow) in &model.flows {
        let (Some(src_rect), Some(dst_rect)) = (view.nodes.get(&flow.source), view.nodes.get(&flow.target)) else {
            continue;
        };
        let (Some(src), Some(dst)) = (model.elements.get(&flow.source), model.elements.get(&flow.target)) else {
            continue;
        };
        if flow.source == flow.target {
            continue;
        }
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
        scene.layout.flows.insert(id.clone(), super::FlowPath { points: points.clone(), label: None });
        scene.push(Some(&owner), Shape::Line { points: points.clone(), stroke });
        let head = |from: Pos, tip: Pos| Shape::Polygon {
            points: arrow_head(from, tip, 11.0, 4.5).to_vec(),
            fill: Some(stroke.color),
            stroke: None,
        };
        scene.push(Some(&owner), head(points[n - 2], points[n - 1]));
        if flow.bidirectional {
            scene.push(Some(&owner), head(points[1], points[0]));
        }
        if !flow.name.is_empty() {
            labels.push((
                owner,
                midpoint(&points),
                flow.name.clone(),
                open_threats.get(&ThreatTarget::Flow(id.clone())).copied(),
            ));
        }
    }

    for (id, rect) in &view.nodes {
        let Some(element) = model.elements.get(id) else {
            continue;
        };
        let owner = Owner::Element(id.clone());
        let r = SceneRect::from(*rect);
        scene.layout.elements.insert(id.clone(), r);
        let (fill, outline_color) = match &element.kind {
            ElementKind::Process(_) => (style.process_fill, style.ink),
            ElementKind::ExternalEntity(_) => (style.entity_fill, style.ink),
            ElementKind::DataStore(_) => (style.store_fill, style.ink),
        };
        let stroke = if element.out_of_scope {
            Stroke::dashed(LINE_WIDTH, style.muted, 6.0, 4.0)
        } else {
            Stroke::solid(LINE_WIDTH, outline_color)
        };
        let text_width = match &element.kind {
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
        let max_lines = ((r.height() - 6.0) / line_height).floor().max(1.0) as usize;
        let lines = wrap(measure, &element.name, size, text_width.max(20.0), max_lines);
        let color = if element.out_of_scope { style.muted } else { style.ink };
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
        if let Some(count) = open_threats.get(&ThreatTarget::Element(id.clone())) {
            let top_right = Pos::new(r.max.x, r.min.y);
            let center = match outline_of(&element.kind) {
                Outline::Ellipse => outline_exit(Outline::Ellipse, &r, top_right),
                Outline::Box => top_right,
            };
            badge(scene, &owner, center, *count, style, measure);
        }
    }

    for (owner, at, name, threats) in labels {
        let size = style.label_size;
        let line_height = size * measure.line_height();
        let lines = wrap(measure, &name, size, LABEL_MAX_WIDTH, 3);
        let widest = lines.iter().map(|l| measure.width(l, size)).fold(0.0_f32, f32::max);
        let height = line_height * lines.len() as f32;
        let bg = SceneRect::from_center_size(at, widest + 8.0, height + 4.0);
        if let Owner::Flow(id) = &owner
            && let Some(path) = scene.layout.flows.get_mut(id)
        {
            path.label = Some(bg);
        }
        scene.push(
            Some(&owner),
            Shape::Rect { rect: bg, radius: 3.0, fill: Some(style.label_background), stroke: None },
        );
        for (i, line) in lines.into_iter().enumerate() {
            let width = measure.width(&line, size);
            let pos = Pos::new(at.x, bg.min.y + 2.0 + i as f32 * line_height);
            scene.push(
                Some(&owner),
                Shape::Text { pos, text: line, size, color: style.ink, align: Align::Middle, width },
            );
        }
        if let Some(count) = threats {
            badge(scene, &owner, Pos::new(bg.max.x + 2.0, bg.min.y), count, style, measure);
        }
    }
}

/// A small red disc with the number of open threats.
fn badge(scene: &mut Scene, owner: &Owner, center: Pos, count: usize, style: &Style, measure: &dyn TextMeasure) {
    let text = count.to_string();
    let size = style.small_size;
    let width = measure.width(&text, size);
    let radius = (width / 2.0 + 4.0).max(8.5);
    scene.push(
        Some(owner),
        Shape::Ellipse { center, radius: Pos::new(radius, 8.5), fill: Some(style.threat_badge), stroke: None },
    );
    let top = center.y - size * measure.line_height() / 2.0;
    scene.push(
        Some(owner),
        Shape::Text { pos: Pos::new(center.x, top), text, size, color: style.badge_text, align: Align::Middle, width },
    );
}

//! Lifeline heads, shaped by element kind (rounded process, square entity, store between two
//! bars), and the dashed lifelines below them.

use super::super::{Align, Owner, Pos, Scene, SceneRect, Shape, Stroke, wrap};
use super::{Frame, HEAD_HEIGHT};
use crate::model::{ElementId, ElementKind};

/// Paints each lifeline from `head_top` down to `bottom` and records its head in the layout.
pub(super) fn paint(scene: &mut Scene, frame: &Frame, lifelines: &[&ElementId], head_top: f32, bottom: f32) {
    let (style, measure, spacing) = (frame.style, frame.measure, frame.spacing);
    let head_bottom = head_top + HEAD_HEIGHT;
    for id in lifelines {
        let (Some(x), Some(element)) = (frame.columns.of(id), frame.model.elements.get(*id)) else {
            continue;
        };
        let owner = Some(Owner::Element((*id).clone()));
        scene.push(
            Some(&Owner::Lifeline((*id).clone())),
            Shape::Line {
                points: vec![Pos::new(x, head_bottom), Pos::new(x, bottom)],
                stroke: Stroke::dashed(1.2, style.muted, 6.0, 5.0),
            },
        );
        let rect = SceneRect::from_min_size(
            Pos::new(x - (spacing - 36.0) / 2.0, head_top),
            Pos::new(spacing - 36.0, HEAD_HEIGHT),
        );
        scene.layout.elements.insert((*id).clone(), rect);
        let stroke = Stroke::solid(1.5, style.ink);
        match &element.kind {
            ElementKind::Process(_) => scene.push(
                owner.as_ref(),
                Shape::Rect { rect, radius: HEAD_HEIGHT / 2.0, fill: Some(style.process_fill), stroke: Some(stroke) },
            ),
            ElementKind::ExternalEntity(_) => scene.push(
                owner.as_ref(),
                Shape::Rect { rect, radius: 2.0, fill: Some(style.entity_fill), stroke: Some(stroke) },
            ),
            ElementKind::DataStore(_) => {
                scene.push(
                    owner.as_ref(),
                    Shape::Rect { rect, radius: 0.0, fill: Some(style.store_fill), stroke: None },
                );
                for yy in [rect.min.y, rect.max.y] {
                    scene.push(
                        owner.as_ref(),
                        Shape::Line {
                            points: vec![Pos::new(rect.min.x, yy), Pos::new(rect.max.x, yy)],
                            stroke: Stroke::solid(2.1, style.ink),
                        },
                    );
                }
            }
        }
        let size = style.text_size;
        let line_height = size * measure.line_height();
        let lines = wrap(measure, &element.name, size, rect.width() - 22.0, 2);
        let top = rect.center().y - line_height * lines.len() as f32 / 2.0;
        for (i, line) in lines.into_iter().enumerate() {
            let width = measure.width(&line, size);
            scene.push(
                owner.as_ref(),
                Shape::Text {
                    pos: Pos::new(x, top + i as f32 * line_height),
                    text: line,
                    size,
                    color: style.ink,
                    align: Align::Middle,
                    width,
                },
            );
        }
    }
}

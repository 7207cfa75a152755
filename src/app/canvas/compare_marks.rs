//! The marks of View ▸ Compare with…. On a data-flow diagram: added elements, flows and
//! boundaries outlined in green, changed ones (a field, or their box or bends here) in amber,
//! removed ones drawn ghosted where the other version had them. On a sequence diagram: the
//! heads of added or changed lifelines and the labels of added or changed messages (a message
//! whose flow changed is changed too); what was removed is listed in the changes panel only,
//! as a removed step has no place left between the others. Canvas only, like selection: never
//! part of the scene, so never in an export.

use egui::{Color32, Stroke, StrokeKind};

use crate::diff::ChangeKind;
use crate::model::{DiagramView, Model, RecordId, Rect};
use crate::scene::{Layout, Owner, SceneRect, Shape};

use super::input::CanvasInput;
use super::space::{layer_pos, layer_rect};
use crate::app::compare::Comparison;

/// Added.
pub const ADDED: Color32 = Color32::from_rgb(30, 160, 70);
/// Changed.
pub const CHANGED: Color32 = Color32::from_rgb(225, 140, 0);
/// Removed, drawn ghosted.
pub const REMOVED: Color32 = Color32::from_rgb(200, 60, 60);

/// Paints the marks of `comparison` over the shown DFD.
pub fn paint(ui: &egui::Ui, input: &CanvasInput<'_>, comparison: &Comparison) {
    let painter = ui.painter();
    let zoom = input.zoom();
    let layout = &input.scene.layout;
    let other_boxes = match comparison.other.diagram(input.diagram).map(|d| &d.view) {
        Some(DiagramView::Dfd(v)) => Some(v),
        _ => None,
    };
    for (record, kind) in comparison.marks_on(input.diagram) {
        let color = match kind {
            ChangeKind::Added => ADDED,
            ChangeKind::Changed => CHANGED,
            ChangeKind::Removed => REMOVED,
        };
        let stroke = Stroke::new(3.0 / zoom, color);
        match (&record, kind) {
            (RecordId::Element(id), ChangeKind::Removed) => {
                if let Some(r) = other_boxes.and_then(|v| v.nodes.get(id)) {
                    let name = comparison.other.elements.get(id).map_or("", |e| e.name.as_str());
                    ghost(painter, *r, name, 6.0, zoom);
                }
            }
            (RecordId::Boundary(id), ChangeKind::Removed) => {
                if let Some(r) = other_boxes.and_then(|v| v.boundaries.get(id)) {
                    let name = comparison.other.boundaries.get(id).map_or("", |b| b.name.as_str());
                    ghost(painter, *r, name, 10.0, zoom);
                }
            }
            (RecordId::Flow(id), ChangeKind::Removed) => {
                if let Some(points) = other_flow(&comparison.other, other_boxes, id) {
                    let ghosted = Stroke::new(2.0 / zoom, REMOVED.gamma_multiply(0.5));
                    painter.add(egui::Shape::dashed_line(&points, ghosted, 8.0 / zoom, 6.0 / zoom));
                }
            }
            (RecordId::Element(id), _) => {
                if let Some(r) = layout.elements.get(id) {
                    painter.rect_stroke(layer_rect(*r).expand(6.0 / zoom), 6.0, stroke, StrokeKind::Outside);
                }
            }
            (RecordId::Boundary(id), _) => {
                if let Some(r) = layout.boundaries.get(id) {
                    painter.rect_stroke(layer_rect(*r).expand(3.0 / zoom), 12.0, stroke, StrokeKind::Outside);
                }
            }
            (RecordId::Flow(id), _) => {
                let owner = Owner::Flow(id.clone());
                for item in input.scene.items.iter().filter(|i| i.owner.as_ref() == Some(&owner)) {
                    if let Shape::Line { points, .. } = &item.shape {
                        let path: Vec<egui::Pos2> = points.iter().map(|p| layer_pos(*p)).collect();
                        painter.add(egui::Shape::line(path, Stroke::new(6.0 / zoom, color.gamma_multiply(0.45))));
                    }
                }
            }
            _ => {}
        }
    }
}

/// The boxes to outline on a sequence diagram, and how: lifeline heads of added or changed
/// elements and lifelines, labels of added or changed messages and of messages carrying a
/// changed flow. `model` is the open model, whose scene `layout` is.
#[must_use]
pub fn sequence_marks(
    comparison: &Comparison,
    model: &Model,
    diagram: &crate::model::DiagramId,
    layout: &Layout,
) -> Vec<(SceneRect, ChangeKind)> {
    let Some(DiagramView::Sequence(view)) = model.diagram(diagram).map(|d| &d.view) else { return Vec::new() };
    let mut boxes = Vec::new();
    for (record, kind) in comparison.marks_on(diagram) {
        if kind == ChangeKind::Removed {
            continue;
        }
        match &record {
            RecordId::Element(id) | RecordId::Lifeline(_, id) => {
                boxes.extend(layout.elements.get(id).map(|r| (*r, kind)));
            }
            RecordId::Message(_, id) => boxes.extend(layout.message_labels.get(id).map(|r| (*r, kind))),
            RecordId::Flow(id) => {
                for message in view.messages.iter().filter(|m| m.flow.as_ref() == Some(id)) {
                    boxes.extend(layout.message_labels.get(&message.id).map(|r| (*r, ChangeKind::Changed)));
                }
            }
            _ => {}
        }
    }
    boxes
}

/// Paints the marks of `comparison` over the shown sequence diagram.
pub fn paint_sequence(ui: &egui::Ui, input: &CanvasInput<'_>, comparison: &Comparison) {
    let zoom = input.zoom();
    for (rect, kind) in sequence_marks(comparison, input.snapshot.model, input.diagram, &input.scene.layout) {
        let color = if kind == ChangeKind::Added { ADDED } else { CHANGED };
        let stroke = Stroke::new(3.0 / zoom, color);
        ui.painter().rect_stroke(layer_rect(rect).expand(4.0 / zoom), 4.0, stroke, StrokeKind::Outside);
    }
}

fn egui_rect(r: Rect) -> egui::Rect {
    #[expect(clippy::cast_precision_loss, reason = "diagram coordinates are within ±1,000,000")]
    egui::Rect::from_min_size(egui::pos2(r.x as f32, r.y as f32), egui::vec2(r.w as f32, r.h as f32))
}

/// A removed box: faint fill, dashed outline, its old name.
fn ghost(painter: &egui::Painter, r: Rect, name: &str, rounding: f32, zoom: f32) {
    let rect = egui_rect(r);
    painter.rect_filled(rect, rounding, REMOVED.gamma_multiply(0.08));
    let stroke = Stroke::new(2.0 / zoom, REMOVED.gamma_multiply(0.6));
    let corners = [rect.left_top(), rect.right_top(), rect.right_bottom(), rect.left_bottom(), rect.left_top()];
    painter.add(egui::Shape::dashed_line(&corners, stroke, 8.0 / zoom, 6.0 / zoom));
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        name,
        egui::FontId::proportional(13.0),
        REMOVED.gamma_multiply(0.8),
    );
}

/// A removed flow's path in the other version: its ends' centres through its bends.
fn other_flow(
    other: &Model,
    boxes: Option<&crate::model::DfdView>,
    id: &crate::model::FlowId,
) -> Option<Vec<egui::Pos2>> {
    let boxes = boxes?;
    let flow = other.flows.get(id)?;
    let centre = |e| boxes.nodes.get(e).map(|r| egui_rect(*r).center());
    let mut points = vec![centre(&flow.source)?];
    #[expect(clippy::cast_precision_loss, reason = "diagram coordinates are within ±1,000,000")]
    points.extend(boxes.bends.get(id).into_iter().flatten().map(|p| egui::pos2(p.x as f32, p.y as f32)));
    points.push(centre(&flow.target)?);
    Some(points)
}

#[cfg(test)]
mod tests {
    use super::sequence_marks;
    use crate::app::compare::Comparison;
    use crate::diff::ChangeKind;
    use crate::model::{DiagramView, Model};
    use crate::scene::{FontMetrics, Style, build};

    fn sample() -> Model {
        crate::format::juice_shop_sample()
    }

    /// A renamed flow marks the message that carries it; a message's own text marks that
    /// message; nothing else on the diagram is marked.
    #[test]
    fn a_sequence_diagram_marks_the_messages_whose_flow_or_text_changed() {
        let old = sample();
        let mut now = old.clone();
        let d = now.diagrams.iter().position(|d| matches!(d.view, DiagramView::Sequence(_))).expect("a sequence");
        let diagram = now.diagrams[d].id.clone();
        let DiagramView::Sequence(view) = &mut now.diagrams[d].view else { unreachable!() };
        let carried = view.messages.iter().find_map(|m| m.flow.clone()).expect("a message carries a flow");
        let worded = view.messages.last_mut().expect("a message");
        "Now with its own words".clone_into(&mut worded.text);
        let worded = worded.id.clone();
        now.flows.get_mut(&carried).expect("flow").name.push_str(" (renamed)");
        let DiagramView::Sequence(view) = &now.diagrams[d].view else { unreachable!() };
        let carriers: Vec<_> = view.messages.iter().filter(|m| m.flow.as_ref() == Some(&carried)).collect();
        let scene = build(&now, &diagram, &Style::light(), &FontMetrics::shipped()).expect("scene");
        let comparison = Comparison::new("before".into(), old, &now, 1);
        let marks = sequence_marks(&comparison, &now, &diagram, &scene.layout);
        let layout = &scene.layout;
        for m in &carriers {
            let label = layout.message_labels[&m.id];
            assert!(marks.contains(&(label, ChangeKind::Changed)), "{} carries the renamed flow: {marks:?}", m.id);
        }
        assert!(marks.iter().any(|(r, k)| *r == layout.message_labels[&worded] && *k == ChangeKind::Changed));
        let expected = carriers.len() + usize::from(!carriers.iter().any(|m| m.id == worded));
        assert_eq!(marks.len(), expected, "nothing else: {marks:?}");
    }
}

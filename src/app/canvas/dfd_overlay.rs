//! Selection, hover, handles and gesture previews on a DFD: painted after the scene, on the
//! canvas only, so they can never reach an export.

use egui::{Color32, Stroke, Vec2};

use crate::edit::commands::Item;
use crate::scene::{Owner, Shape};

use super::dfd::{Drag, MIN_BENDABLE_SEGMENT};
use super::input::CanvasInput;
use super::space::{layer_pos, layer_rect};

/// The selection colour of the theme (a fixed blue if the theme has none).
pub fn accent(ui: &egui::Ui) -> Color32 {
    let accent = ui.visuals().selection.stroke.color;
    if accent == Color32::TRANSPARENT { Color32::from_rgb(0, 120, 215) } else { accent }
}

/// Paints the overlay for one frame.
pub fn paint(ui: &egui::Ui, input: &CanvasInput<'_>, drag: Option<&Drag>) {
    let painter = ui.painter();
    let accent = accent(ui);
    let zoom = input.zoom();
    let width = 2.0 / zoom;
    let handle = 4.5 / zoom;
    let layout = &input.scene.layout;
    if drag.is_none()
        && let Some(Owner::Element(id)) = input.hovered
        && let Some(r) = layout.elements.get(id)
    {
        painter.rect_stroke(
            layer_rect(*r).expand(3.0 / zoom),
            4.0,
            Stroke::new(1.0 / zoom, accent.gamma_multiply(0.6)),
            egui::StrokeKind::Outside,
        );
    }
    let selection = &input.snapshot.view.selection;
    let single_element = selection.iter().filter(|i| matches!(i, Item::Element(_))).count() == 1;
    for item in selection {
        match item {
            Item::Element(id) => {
                if let Some(r) = layout.elements.get(id) {
                    painter.rect_stroke(
                        layer_rect(*r).expand(4.0 / zoom),
                        4.0,
                        Stroke::new(width, accent),
                        egui::StrokeKind::Outside,
                    );
                    if single_element {
                        // Resize handles: hollow squares on the box's corners.
                        for c in r.corners() {
                            let square = egui::Rect::from_center_size(layer_pos(c), Vec2::splat(handle * 2.0));
                            painter.rect(
                                square,
                                1.0,
                                ui.visuals().extreme_bg_color,
                                Stroke::new(width * 0.75, accent),
                                egui::StrokeKind::Middle,
                            );
                        }
                    }
                }
            }
            Item::Boundary(id) => {
                if let Some(r) = layout.boundaries.get(id) {
                    painter.rect_stroke(layer_rect(*r), 10.0, Stroke::new(width, accent), egui::StrokeKind::Middle);
                    for c in r.corners() {
                        painter.rect_filled(
                            egui::Rect::from_center_size(layer_pos(c), Vec2::splat(handle * 2.0)),
                            1.0,
                            accent,
                        );
                    }
                }
            }
            Item::Flow(id) => {
                for i in input.scene.items.iter().filter(|i| i.owner.as_ref() == Some(&Owner::Flow(id.clone()))) {
                    if let Shape::Line { points, .. } = &i.shape {
                        let path = points.iter().map(|p| layer_pos(*p)).collect();
                        painter.add(egui::Shape::line(path, Stroke::new(width * 1.5, accent.gamma_multiply(0.7))));
                    }
                }
                if let Some(path) = layout.flows.get(id) {
                    let points = &path.points;
                    for q in points.iter().skip(1).take(points.len().saturating_sub(2)) {
                        painter.rect_filled(
                            egui::Rect::from_center_size(layer_pos(*q), Vec2::splat(handle * 2.0)),
                            1.0,
                            accent,
                        );
                    }
                    for w in points.windows(2) {
                        if w[0].distance(w[1]) > MIN_BENDABLE_SEGMENT {
                            painter.circle_stroke(
                                layer_pos(w[0].lerp(w[1], 0.5)),
                                handle,
                                Stroke::new(width * 0.75, accent),
                            );
                        }
                    }
                }
            }
        }
    }
    paint_gesture(painter, input, drag, accent);
}

/// The gesture under way: the rubber band or new boundary, the flow being drawn, the guides of a
/// move.
fn paint_gesture(painter: &egui::Painter, input: &CanvasInput<'_>, drag: Option<&Drag>, accent: Color32) {
    let (zoom, layout) = (input.zoom(), &input.scene.layout);
    let width = 2.0 / zoom;
    match (drag, input.pointer_in_diagram) {
        (Some(Drag::Band { origin, .. } | Drag::NewBoundary { origin }), Some(p)) => {
            let r = crate::scene::SceneRect::from_two_pos(*origin, p);
            painter.rect(
                layer_rect(r),
                0.0,
                accent.gamma_multiply(0.08),
                Stroke::new(1.0 / zoom, accent),
                egui::StrokeKind::Middle,
            );
        }
        (Some(Drag::Move { guides, .. }), _) => {
            let guide = Stroke::new(1.0 / zoom, Color32::from_rgb(230, 60, 140));
            for g in guides {
                painter.line_segment([layer_pos(g.from), layer_pos(g.to)], guide);
            }
        }
        (Some(Drag::Connect { from }), Some(p)) => {
            if let Some(r) = layout.elements.get(from) {
                let start = layer_pos(r.center());
                painter.arrow(start, layer_pos(p) - start, Stroke::new(width, accent));
            }
        }
        _ => {}
    }
}

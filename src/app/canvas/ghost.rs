//! The ghost of a palette entry being dragged over the canvas: its outline, at its real size and
//! where it will land, so the user sees what a drop places. Painted on the canvas only.

use egui::{Color32, Stroke};

use crate::app::action::PaletteItem;
use crate::model::ElementKindTag;
use crate::scene::{Pos, SceneRect};

use super::dfd::{clicked_boundary, default_size};
use super::space::{layer_pos, layer_rect, snap};

/// The box a drop of `item` at `at` gives on a DFD (the same arithmetic as placing).
#[must_use]
pub fn landing(item: PaletteItem, at: Pos, snap_on: bool) -> SceneRect {
    let r = match item {
        PaletteItem::Element(kind) => {
            let (w, h) = default_size(kind);
            crate::model::Rect::new(snap(at.x - w as f32 / 2.0, snap_on), snap(at.y - h as f32 / 2.0, snap_on), w, h)
        }
        PaletteItem::Boundary => clicked_boundary(at, snap_on),
    };
    SceneRect::from(r)
}

/// Paints the ghost of `item` dropped at `at`, `zoom` screen points per diagram unit.
pub fn paint(painter: &egui::Painter, item: PaletteItem, at: Pos, snap_on: bool, accent: Color32, zoom: f32) {
    let r = landing(item, at, snap_on);
    let fill = accent.gamma_multiply(0.12);
    let stroke = Stroke::new(1.5 / zoom, accent.gamma_multiply(0.8));
    match item {
        PaletteItem::Element(ElementKindTag::Process) => {
            let radius = egui::vec2(r.width() / 2.0, r.height() / 2.0);
            painter.add(egui::Shape::ellipse_filled(layer_pos(r.center()), radius, fill));
            painter.add(egui::Shape::ellipse_stroke(layer_pos(r.center()), radius, stroke));
        }
        PaletteItem::Element(ElementKindTag::ExternalEntity) => {
            painter.rect(layer_rect(r), 2.0, fill, stroke, egui::StrokeKind::Middle);
        }
        PaletteItem::Element(ElementKindTag::DataStore) => {
            painter.rect_filled(layer_rect(r), 0.0, fill);
            for y in [r.min.y, r.max.y] {
                painter.line_segment([layer_pos(Pos::new(r.min.x, y)), layer_pos(Pos::new(r.max.x, y))], stroke);
            }
        }
        PaletteItem::Boundary => {
            let c = r.corners();
            let outline = [c[0], c[1], c[3], c[2], c[0]].map(layer_pos);
            painter.extend(egui::Shape::dashed_line(&outline, stroke, 8.0 / zoom, 5.0 / zoom));
        }
    }
}

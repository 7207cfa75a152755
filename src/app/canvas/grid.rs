//! The dot grid behind a DFD.

use egui::{Pos2, Rect, Vec2};

/// Paints dots every 20 units over `visible` (painter-layer coordinates), coarser when zoomed
/// out: never denser than 12 points apart or more than a few thousand dots.
pub fn paint(ui: &egui::Ui, visible: Rect, zoom: f32) {
    let mut step = 20.0;
    while step * zoom < 12.0 || (visible.width() / step) * (visible.height() / step) > 2_500.0 {
        step *= 5.0;
    }
    let color = ui.visuals().weak_text_color().gamma_multiply(0.35);
    let (x0, y0) = ((visible.min.x / step).floor() * step, (visible.min.y / step).floor() * step);
    let radius = (1.0 / zoom).max(0.6);
    // One mesh of small squares: four vertices a dot, one shape for the whole grid.
    let mut mesh = egui::epaint::Mesh::default();
    let mut x = x0;
    while x <= visible.max.x {
        let mut y = y0;
        while y <= visible.max.y {
            mesh.add_colored_rect(Rect::from_center_size(Pos2::new(x, y), Vec2::splat(radius * 2.0)), color);
            y += step;
        }
        x += step;
    }
    ui.painter().add(egui::Shape::mesh(mesh));
}

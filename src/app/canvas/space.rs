//! The two coordinate spaces of the canvas, kept apart by type: diagram points are
//! [`scene::Pos`](crate::scene::Pos) (the units the model and the scene use), screen points are
//! `egui::Pos2`. Inside the `egui::Scene`, the painter's layer is transformed so that layer
//! coordinates are diagram coordinates; [`layer_pos`] names that one crossing.

use egui::emath::TSTransform;
use egui::{Pos2, Rect};

use crate::model::clamp_coord;
use crate::scene::{Pos, SceneRect};

/// Grid spacing in diagram units; moves snap to it.
pub const GRID: i32 = 10;

/// Maps diagram points to screen points, as of the last frame the canvas was drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScreenFromDiagram(TSTransform);

impl ScreenFromDiagram {
    /// Wraps the layer transform egui's `Scene` gives its contents.
    #[must_use]
    pub const fn new(transform: TSTransform) -> Self {
        Self(transform)
    }

    /// Where diagram point `p` is on screen.
    #[must_use]
    pub fn screen_from_diagram(&self, p: Pos) -> Pos2 {
        self.0 * Pos2::new(p.x, p.y)
    }

    /// The diagram point under screen point `p`.
    #[must_use]
    pub fn diagram_from_screen(&self, p: Pos2) -> Pos {
        let q = self.0.inverse() * p;
        Pos::new(q.x, q.y)
    }

    /// Screen points per diagram unit.
    #[must_use]
    pub const fn zoom(&self) -> f32 {
        self.0.scaling
    }
}

/// A diagram point as a coordinate of the canvas's painter layer, which egui's `Scene`
/// transforms to the screen: only for painting inside the scene.
#[must_use]
pub const fn layer_pos(p: Pos) -> Pos2 {
    Pos2::new(p.x, p.y)
}

/// A diagram box as a rectangle of the canvas's painter layer (see [`layer_pos`]).
#[must_use]
pub fn layer_rect(r: SceneRect) -> Rect {
    Rect::from_min_max(layer_pos(r.min), layer_pos(r.max))
}

/// A painter-layer point back in diagram space (what egui reports for the visible area).
#[must_use]
pub const fn diagram_pos(p: Pos2) -> Pos {
    Pos::new(p.x, p.y)
}

/// A diagram coordinate rounded to whole units (and to the grid when `on`), within the limits
/// a file may hold.
#[must_use]
#[allow(clippy::cast_possible_truncation, reason = "`as` saturates a float beyond i32, and clamp_coord clamps further")]
pub fn snap(v: f32, on: bool) -> i32 {
    let v = clamp_coord(v.round() as i32);
    if on { (v as f32 / GRID as f32).round() as i32 * GRID } else { v }
}

/// A model box as a diagram-space box.
#[must_use]
pub fn scene_rect(r: &crate::model::Rect) -> SceneRect {
    SceneRect::from(*r)
}

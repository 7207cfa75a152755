//! View > Legend: the scene's legend of the shown diagram, pinned to the canvas's lower-left
//! corner at a fixed size, whatever the zoom. It is the very legend exports draw
//! ([`crate::scene::legend`]), in an area of its own so the pointer over it reaches nothing
//! under it.

use egui::{Id, Order, Rect, Sense};

use super::paint::{self, paint_items};
use crate::model::{DiagramId, DiagramView};
use crate::scene::{self, FontMetrics, Legend, Pos, Scene, SceneRect, Style, geometry};

/// Gap between the legend and the canvas's edges, in points.
const MARGIN: f32 = 10.0;

/// What a legend was laid out for: a model revision, a diagram, a theme and a canvas box.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendKey {
    /// The model's revision.
    pub revision: u64,
    /// The diagram shown.
    pub diagram: DiagramId,
    /// The dark theme.
    pub dark: bool,
    /// The canvas, in screen points.
    pub canvas: Rect,
}

/// The legend laid out, kept while its key stays the same (finding which notation a large
/// diagram uses reads every item). It holds no share of the scene, so the scene cache still
/// updates its scene in place.
pub struct LegendCache {
    key: LegendKey,
    legend: Legend,
    bounds: Vec<SceneRect>,
}

impl LegendCache {
    /// The legend's box on screen.
    #[must_use]
    pub fn rect(&self) -> Rect {
        let f = self.legend.frame;
        Rect::from_min_max(egui::pos2(f.min.x, f.min.y), egui::pos2(f.max.x, f.max.y))
    }
}

/// The id of the legend's area.
#[must_use]
pub fn area_id() -> Id {
    Id::unique("canvas_legend")
}

/// Paints the legend of `scene` (of a diagram shown as `view`) in the lower-left corner of
/// `key.canvas` (screen points), in rows no wider than the canvas.
pub fn show(
    ctx: &egui::Context,
    cache: &mut Option<LegendCache>,
    key: LegendKey,
    (view, scene): (&DiagramView, &Scene),
    style: &Style,
) {
    let canvas = key.canvas;
    if cache.as_ref().is_none_or(|c| c.key != key) {
        let max_width = (canvas.width() - 2.0 * MARGIN).max(0.0);
        let legend = scene::legend(view, scene, style, &FontMetrics::shipped(), Pos::new(0.0, 0.0), max_width);
        let top_left = Pos::new(canvas.min.x + MARGIN, canvas.max.y - MARGIN - legend.frame.height());
        let legend = legend.moved_to(top_left);
        let bounds = legend.items.iter().map(|i| geometry::shape_bounds(&i.shape)).collect();
        *cache = Some(LegendCache { key, legend, bounds });
    }
    let Some(cache) = cache.as_ref() else { return };
    let frame = cache.legend.frame;
    let (min, max) = (egui::pos2(frame.min.x, frame.min.y), egui::pos2(frame.max.x, frame.max.y));
    egui::Area::new(area_id()).order(Order::Middle).fixed_pos(min).constrain(false).show(ctx, |ui| {
        let (rect, _) = ui.allocate_exact_size(max - min, Sense::hover());
        let painter = ui.painter().with_clip_rect(canvas);
        painter.rect_filled(rect, 4.0, paint::color(style.background));
        paint_items(&painter, cache.legend.items.iter().zip(&cache.bounds), frame.expand(1.0), 1.0);
    });
}

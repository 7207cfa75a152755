//! Pointing the camera at the selection: "Zoom to Selection" fits it in the view, and a jump
//! from the find bar centres it at the current zoom. Pure geometry over the scene's layout, in
//! diagram space.

use crate::app::view::View;
use crate::edit::commands::Item;
use crate::scene::{Layout, Pos, SceneRect};

/// How the camera should show the selection on the next frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// Zoom so the selection fills the view (never closer than [`MAX_FIT_ZOOM`]).
    Fit,
    /// Keep the zoom and move the selection to the middle (fit it if it does not fit).
    Center,
}

/// The closest a fit to the selection zooms in: one small element should not fill the screen.
pub const MAX_FIT_ZOOM: f32 = 2.0;

/// Room left around the selection when it is fitted, in diagram units.
const MARGIN: f32 = 40.0;

/// The box around everything selected that the layout draws: element boxes, boundary boxes,
/// flow routes and labels, messages from one lifeline to the other.
#[must_use]
pub fn selection_bounds(layout: &Layout, view: &View) -> Option<SceneRect> {
    let mut b = SceneRect::NOTHING;
    for item in &view.selection {
        match item {
            Item::Element(id) => {
                if let Some(r) = layout.elements.get(id) {
                    b = b.union(*r);
                }
            }
            Item::Boundary(id) => {
                if let Some(r) = layout.boundaries.get(id) {
                    b = b.union(*r);
                }
            }
            Item::Flow(id) => {
                if let Some(path) = layout.flows.get(id) {
                    for p in &path.points {
                        b = b.union(SceneRect { min: *p, max: *p });
                    }
                    if let Some(label) = path.label {
                        b = b.union(label);
                    }
                }
            }
        }
    }
    for message in &view.selected_messages {
        if let Some(label) = layout.message_labels.get(message) {
            b = b.union(*label);
        }
        if let Some(y) = layout.message_y(message) {
            let xs = layout.lifelines.iter().map(|(_, x)| *x);
            let (lo, hi) = xs.fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), x| (lo.min(x), hi.max(x)));
            if lo <= hi {
                b = b.union(SceneRect { min: Pos::new(lo, y), max: Pos::new(hi, y) });
            }
        }
    }
    (!b.is_empty()).then_some(b)
}

/// The camera (the diagram area to show) that frames `bounds`, given what is `visible` now and
/// the size of the canvas on screen in points.
#[must_use]
pub fn frame(framing: Framing, bounds: SceneRect, visible: SceneRect, screen: (f32, f32)) -> SceneRect {
    let padded = bounds.expand(MARGIN);
    let fits = padded.width() <= visible.width() && padded.height() <= visible.height();
    if framing == Framing::Center && fits {
        return SceneRect::from_center_size(bounds.center(), visible.width(), visible.height());
    }
    // Never closer than MAX_FIT_ZOOM: at least the screen's size divided by it.
    let (w, h) = (padded.width().max(screen.0 / MAX_FIT_ZOOM), padded.height().max(screen.1 / MAX_FIT_ZOOM));
    SceneRect::from_center_size(bounds.center(), w, h)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ElementId, MessageId};

    fn rect(x: f32, y: f32, w: f32, h: f32) -> SceneRect {
        SceneRect::from_min_size(Pos::new(x, y), Pos::new(w, h))
    }

    #[test]
    fn bounds_cover_every_selected_thing_the_layout_draws() {
        let mut layout = Layout::default();
        let (a, b) = (ElementId::new("a"), ElementId::new("b"));
        layout.elements.insert(a.clone(), rect(0.0, 0.0, 100.0, 50.0));
        layout.elements.insert(b.clone(), rect(500.0, 400.0, 100.0, 50.0));
        let mut view = View::default();
        assert_eq!(selection_bounds(&layout, &view), None);
        view.selection.insert(Item::Element(a.clone()));
        assert_eq!(selection_bounds(&layout, &view), Some(rect(0.0, 0.0, 100.0, 50.0)));
        view.selection.insert(Item::Element(b));
        assert_eq!(selection_bounds(&layout, &view), Some(rect(0.0, 0.0, 600.0, 450.0)));
        let m = MessageId::new("m");
        let seq = Layout {
            lifelines: vec![(a, 100.0), (ElementId::new("c"), 300.0)],
            messages: vec![(m.clone(), 200.0)],
            ..Layout::default()
        };
        let view = View { selected_messages: [m].into(), ..View::default() };
        assert_eq!(selection_bounds(&seq, &view), Some(rect(100.0, 200.0, 200.0, 0.0)));
    }

    #[test]
    fn fit_pads_and_caps_the_zoom_and_center_keeps_it() {
        let visible = rect(0.0, 0.0, 1000.0, 500.0);
        let small = rect(2000.0, 2000.0, 100.0, 50.0);
        // Fitting one small box: no closer than MAX_FIT_ZOOM on an 800 × 400 canvas.
        let fitted = frame(Framing::Fit, small, visible, (800.0, 400.0));
        assert_eq!(fitted, SceneRect::from_center_size(small.center(), 400.0, 200.0));
        let big = rect(0.0, 0.0, 3000.0, 100.0);
        let fitted = frame(Framing::Fit, big, visible, (800.0, 400.0));
        assert_eq!(fitted, SceneRect::from_center_size(big.center(), 3080.0, 200.0));
        // Centring keeps the visible size (the zoom) when the selection fits.
        assert_eq!(frame(Framing::Center, small, visible, (800.0, 400.0)), rect(1550.0, 1775.0, 1000.0, 500.0));
        assert_eq!(frame(Framing::Center, big, visible, (800.0, 400.0)), fitted, "too big to centre: fit");
    }
}

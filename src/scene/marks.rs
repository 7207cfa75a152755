//! Small marks in a flow's label that say how the flow is protected: a closed padlock when it
//! is encrypted, an open one (in the warning colour) when it carries data unencrypted across a
//! trust boundary, a shield when its sender is authenticated. Drawn from scene primitives, so
//! the canvas, the SVG and the PNG all show them, and the legend draws the very same shapes.

use super::geometry::Pos;
use super::{Color, Shape, Stroke, Style};
use crate::model::{DataFlow, Model};

/// Width of a mark, in diagram units.
pub const MARK_WIDTH: f32 = 9.0;
/// Height of a mark.
pub const MARK_HEIGHT: f32 = 11.0;
/// Space after a mark.
pub const MARK_GAP: f32 = 2.0;

/// A mark on a flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mark {
    /// Protected in transit: a closed padlock.
    Encrypted,
    /// Not encrypted, yet crossing a trust boundary: an open padlock in the warning colour.
    Exposed,
    /// The sender is authenticated: a shield with a tick.
    Authenticated,
}

/// Whether a flow carries data unencrypted across a trust boundary, and so is drawn in the
/// warning colour. Out-of-scope flows are left out of the analysis, so they never warn.
#[must_use]
pub fn is_exposed(model: &Model, flow: &DataFlow) -> bool {
    !flow.encrypted && !flow.out_of_scope && !model.crossed_boundaries(flow).is_empty()
}

/// The marks a flow's label carries, in drawing order.
#[must_use]
pub fn marks_of(model: &Model, flow: &DataFlow) -> Vec<Mark> {
    let mut marks = Vec::new();
    if flow.encrypted {
        marks.push(Mark::Encrypted);
    } else if is_exposed(model, flow) {
        marks.push(Mark::Exposed);
    }
    if flow.authenticated {
        marks.push(Mark::Authenticated);
    }
    marks
}

impl Mark {
    /// The colour the mark is drawn in on an in-scope flow.
    #[must_use]
    pub const fn color(self, style: &Style) -> Color {
        match self {
            Self::Encrypted | Self::Authenticated => style.secure,
            Self::Exposed => style.warning,
        }
    }

    /// The shapes of the mark in the [`MARK_WIDTH`] × [`MARK_HEIGHT`] box at `top_left`;
    /// `cutout` is the colour of the details cut into it (the label's background).
    #[must_use]
    pub fn shapes(self, top_left: Pos, color: Color, cutout: Color) -> Vec<Shape> {
        let (x, y) = (top_left.x, top_left.y);
        let at = |dx: f32, dy: f32| Pos::new(x + dx, y + dy);
        match self {
            Self::Encrypted | Self::Exposed => {
                let open = self == Self::Exposed;
                // The shackle: a half circle over the body; lifted and free on the right when open.
                let (cx, cy, r) = (x + 4.5, y + if open { 3.0 } else { 4.8 }, 2.6);
                let mut shackle = vec![at(1.9, 5.3)];
                for k in 0..=4 {
                    let angle = std::f32::consts::PI * (1.0 + k as f32 / 4.0);
                    shackle.push(Pos::new(cx + r * angle.cos(), cy + r * angle.sin()));
                }
                if !open {
                    shackle.push(at(7.1, 5.3));
                }
                vec![
                    Shape::Line { points: shackle, stroke: Stroke::solid(1.3, color) },
                    Shape::Rect {
                        rect: super::SceneRect::from_min_size(at(0.5, 5.0), Pos::new(8.0, 6.0)),
                        radius: 1.2,
                        fill: Some(color),
                        stroke: None,
                    },
                    Shape::Ellipse {
                        center: at(4.5, 7.8),
                        radius: Pos::new(1.0, 1.0),
                        fill: Some(cutout),
                        stroke: None,
                    },
                ]
            }
            Self::Authenticated => vec![
                Shape::Polygon {
                    points: vec![at(4.5, 0.3), at(8.7, 1.8), at(8.3, 6.2), at(4.5, 10.7), at(0.7, 6.2), at(0.3, 1.8)],
                    fill: Some(color),
                    stroke: None,
                },
                Shape::Line {
                    points: vec![at(2.6, 5.2), at(4.1, 6.9), at(6.6, 3.4)],
                    stroke: Stroke::solid(1.2, cutout),
                },
            ],
        }
    }
}

/// Width of a row of `count` marks, with the gap before the text that follows when `then_text`.
#[must_use]
pub fn marks_width(count: usize, then_text: bool) -> f32 {
    if count == 0 {
        return 0.0;
    }
    let gaps = if then_text { count } else { count - 1 };
    count as f32 * MARK_WIDTH + gaps as f32 * MARK_GAP
}

#[cfg(test)]
mod tests {
    use super::super::geometry::shape_bounds;
    use super::*;
    use crate::model::{BoundaryId, Element, ElementId, TrustBoundary};

    #[test]
    fn marks_stay_inside_their_box() {
        let style = Style::light();
        let box_ = super::super::SceneRect::from_min_size(Pos::new(10.0, 20.0), Pos::new(MARK_WIDTH, MARK_HEIGHT));
        for mark in [Mark::Encrypted, Mark::Exposed, Mark::Authenticated] {
            for shape in mark.shapes(box_.min, mark.color(&style), style.background) {
                let b = shape_bounds(&shape);
                assert!(box_.expand(0.7).contains_rect(&b), "{mark:?}: {b:?}");
            }
        }
    }

    #[test]
    fn unencrypted_flows_across_a_boundary_warn() {
        let mut model = Model::default();
        let (inside, outside) = (ElementId::new("in"), ElementId::new("out"));
        let boundary = BoundaryId::new("b");
        model.boundaries.insert(boundary.clone(), TrustBoundary::default());
        model.elements.insert(inside.clone(), Element { boundary: Some(boundary), ..Element::default() });
        model.elements.insert(outside.clone(), Element::default());
        let across = DataFlow { source: outside.clone(), target: inside, ..DataFlow::default() };
        let within = DataFlow { source: outside.clone(), target: outside, authenticated: true, ..DataFlow::default() };
        assert_eq!(marks_of(&model, &across), vec![Mark::Exposed]);
        assert_eq!(marks_of(&model, &DataFlow { encrypted: true, ..across.clone() }), vec![Mark::Encrypted]);
        assert!(marks_of(&model, &DataFlow { out_of_scope: true, ..across }).is_empty());
        assert_eq!(marks_of(&model, &within), vec![Mark::Authenticated]);
    }
}

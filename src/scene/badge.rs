//! The open-threat badge: a small disc with a count, coloured by the highest open severity, on
//! an element's outline or beside a flow's label.

use super::geometry::{Pos, SceneRect};
use super::{Align, Shape, Style, TextMeasure};
use crate::model::Severity;

/// A target's open threats: how many, and the highest severity among them (the badge's colour).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Open {
    /// How many threats are open.
    pub count: usize,
    /// The highest severity among them.
    pub highest: Severity,
}

impl Open {
    /// Counts one more open threat of `severity`.
    pub fn add(&mut self, severity: Severity) {
        self.count += 1;
        self.highest = self.highest.max(severity);
    }
}

/// Where a flow's threat badge sits: just right of its label's top-right corner.
#[must_use]
pub fn flow_badge_center(label: &SceneRect) -> Pos {
    Pos::new(label.max.x + 2.0, label.min.y)
}

/// Vertical radius of the disc.
const RADIUS_Y: f32 = 8.5;

/// The text and horizontal radius of a badge showing `count`.
fn sized(count: usize, style: &Style, measure: &dyn TextMeasure) -> (String, f32, f32) {
    let text = count.to_string();
    let width = measure.width(&text, style.small_size);
    (text, width, (width / 2.0 + 4.0).max(RADIUS_Y))
}

/// The box a badge centred on `center` covers.
#[must_use]
pub fn badge_box(center: Pos, count: usize, style: &Style, measure: &dyn TextMeasure) -> SceneRect {
    let (_, _, radius) = sized(count, style, measure);
    SceneRect::from_center_size(center, radius * 2.0, RADIUS_Y * 2.0)
}

/// The shapes of a badge centred on `center`.
#[must_use]
pub fn badge_shapes(center: Pos, open: Open, style: &Style, measure: &dyn TextMeasure) -> Vec<Shape> {
    let (text, width, radius) = sized(open.count, style, measure);
    let size = style.small_size;
    let top = center.y - size * measure.line_height() / 2.0;
    vec![
        Shape::Ellipse {
            center,
            radius: Pos::new(radius, RADIUS_Y),
            fill: Some(style.badge_color(open.highest)),
            stroke: None,
        },
        Shape::Text { pos: Pos::new(center.x, top), text, size, color: style.badge_text, align: Align::Middle, width },
    ]
}

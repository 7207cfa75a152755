//! The open-threat badge: a small red disc with a count, on an element's corner or beside a
//! flow's label.

use super::geometry::{Pos, SceneRect};
use super::{Align, Shape, Style, TextMeasure};

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
pub fn badge_shapes(center: Pos, count: usize, style: &Style, measure: &dyn TextMeasure) -> Vec<Shape> {
    let (text, width, radius) = sized(count, style, measure);
    let size = style.small_size;
    let top = center.y - size * measure.line_height() / 2.0;
    vec![
        Shape::Ellipse { center, radius: Pos::new(radius, RADIUS_Y), fill: Some(style.threat_badge), stroke: None },
        Shape::Text { pos: Pos::new(center.x, top), text, size, color: style.badge_text, align: Align::Middle, width },
    ]
}

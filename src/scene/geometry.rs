//! Float geometry of the scene: points, boxes, where a line leaves a shape, arrow heads,
//! hit-testing. One geometry per element kind serves drawing, hit-testing and attaching flows.

use super::Shape;

/// A point in diagram coordinates.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Pos {
    /// Horizontal.
    pub x: f32,
    /// Vertical, growing downwards.
    pub y: f32,
}

impl Pos {
    /// A point.
    #[must_use]
    pub const fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }

    /// Distance to `other`.
    #[must_use]
    pub fn distance(self, other: Self) -> f32 {
        (self.x - other.x).hypot(self.y - other.y)
    }

    /// The point a fraction `t` of the way to `other`.
    #[must_use]
    pub fn lerp(self, other: Self, t: f32) -> Self {
        Self::new(self.x + (other.x - self.x) * t, self.y + (other.y - self.y) * t)
    }
}

impl From<crate::model::Point> for Pos {
    fn from(p: crate::model::Point) -> Self {
        Self::new(p.x as f32, p.y as f32)
    }
}

/// An axis-aligned box in diagram coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SceneRect {
    /// Top-left.
    pub min: Pos,
    /// Bottom-right.
    pub max: Pos,
}

impl SceneRect {
    /// The empty box: the identity of [`SceneRect::union`].
    pub const NOTHING: Self =
        Self { min: Pos::new(f32::INFINITY, f32::INFINITY), max: Pos::new(f32::NEG_INFINITY, f32::NEG_INFINITY) };

    /// A box from its top-left corner and size.
    #[must_use]
    pub const fn from_min_size(min: Pos, size: Pos) -> Self {
        Self { min, max: Pos::new(min.x + size.x, min.y + size.y) }
    }

    /// A box around `center`.
    #[must_use]
    pub fn from_center_size(center: Pos, w: f32, h: f32) -> Self {
        Self {
            min: Pos::new(center.x - w / 2.0, center.y - h / 2.0),
            max: Pos::new(center.x + w / 2.0, center.y + h / 2.0),
        }
    }

    /// Width.
    #[must_use]
    pub fn width(&self) -> f32 {
        self.max.x - self.min.x
    }

    /// Height.
    #[must_use]
    pub fn height(&self) -> f32 {
        self.max.y - self.min.y
    }

    /// Centre.
    #[must_use]
    pub fn center(&self) -> Pos {
        self.min.lerp(self.max, 0.5)
    }

    /// Whether the box covers nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        !(self.min.x <= self.max.x && self.min.y <= self.max.y)
    }

    /// The smallest box covering both.
    #[must_use]
    pub fn union(self, other: Self) -> Self {
        Self {
            min: Pos::new(self.min.x.min(other.min.x), self.min.y.min(other.min.y)),
            max: Pos::new(self.max.x.max(other.max.x), self.max.y.max(other.max.y)),
        }
    }

    /// The box grown by `d` on every side.
    #[must_use]
    pub fn expand(self, d: f32) -> Self {
        Self { min: Pos::new(self.min.x - d, self.min.y - d), max: Pos::new(self.max.x + d, self.max.y + d) }
    }

    /// Whether `p` is inside.
    #[must_use]
    pub fn contains(&self, p: Pos) -> bool {
        p.x >= self.min.x && p.x <= self.max.x && p.y >= self.min.y && p.y <= self.max.y
    }

    /// The box spanned by two corners, in any order.
    #[must_use]
    pub fn from_two_pos(a: Pos, b: Pos) -> Self {
        Self { min: Pos::new(a.x.min(b.x), a.y.min(b.y)), max: Pos::new(a.x.max(b.x), a.y.max(b.y)) }
    }

    /// Whether `other` lies wholly inside.
    #[must_use]
    pub fn contains_rect(&self, other: &Self) -> bool {
        self.contains(other.min) && self.contains(other.max)
    }

    /// The four corners: top-left, top-right, bottom-left, bottom-right.
    #[must_use]
    pub const fn corners(&self) -> [Pos; 4] {
        [self.min, Pos::new(self.max.x, self.min.y), Pos::new(self.min.x, self.max.y), self.max]
    }

    /// Whether the boxes overlap.
    #[must_use]
    pub fn intersects(&self, other: &Self) -> bool {
        self.min.x <= other.max.x && other.min.x <= self.max.x && self.min.y <= other.max.y && other.min.y <= self.max.y
    }
}

impl From<crate::model::Rect> for SceneRect {
    fn from(r: crate::model::Rect) -> Self {
        Self::from_min_size(Pos::new(r.x as f32, r.y as f32), Pos::new(r.w as f32, r.h as f32))
    }
}

/// The outline a flow attaches to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outline {
    /// The ellipse inscribed in the box (processes).
    Ellipse,
    /// The box itself (external entities, data stores).
    Box,
}

/// Where the ray from the centre of `rect` towards `toward` leaves the outline.
#[must_use]
pub fn outline_exit(outline: Outline, rect: &SceneRect, toward: Pos) -> Pos {
    let c = rect.center();
    let (dx, dy) = (toward.x - c.x, toward.y - c.y);
    if dx.abs() < f32::EPSILON && dy.abs() < f32::EPSILON {
        return c;
    }
    let (a, b) = (rect.width() / 2.0, rect.height() / 2.0);
    let t = match outline {
        Outline::Ellipse => 1.0 / ((dx / a).powi(2) + (dy / b).powi(2)).sqrt(),
        Outline::Box => {
            let tx = if dx.abs() > f32::EPSILON { a / dx.abs() } else { f32::INFINITY };
            let ty = if dy.abs() > f32::EPSILON { b / dy.abs() } else { f32::INFINITY };
            tx.min(ty)
        }
    };
    Pos::new(c.x + dx * t, c.y + dy * t)
}

/// The three corners of an arrow head whose tip is at `tip`, pointing away from `from`.
#[must_use]
pub fn arrow_head(from: Pos, tip: Pos, length: f32, half_width: f32) -> [Pos; 3] {
    let d = from.distance(tip).max(f32::EPSILON);
    let (ux, uy) = ((tip.x - from.x) / d, (tip.y - from.y) / d);
    let base = Pos::new(tip.x - ux * length, tip.y - uy * length);
    [
        tip,
        Pos::new(base.x - uy * half_width, base.y + ux * half_width),
        Pos::new(base.x + uy * half_width, base.y - ux * half_width),
    ]
}

/// The point halfway along a polyline, and the direction of the segment it lies on.
#[must_use]
pub fn midpoint(points: &[Pos]) -> Pos {
    let total: f32 = points.windows(2).map(|w| w[0].distance(w[1])).sum();
    let mut left = total / 2.0;
    for w in points.windows(2) {
        let len = w[0].distance(w[1]);
        if len >= left && len > 0.0 {
            return w[0].lerp(w[1], left / len);
        }
        left -= len;
    }
    points.first().copied().unwrap_or_default()
}

/// Distance from `p` to the segment `a`–`b`.
#[must_use]
pub fn distance_to_segment(p: Pos, a: Pos, b: Pos) -> f32 {
    let len2 = (b.x - a.x).powi(2) + (b.y - a.y).powi(2);
    if len2 <= f32::EPSILON {
        return p.distance(a);
    }
    let t = (((p.x - a.x) * (b.x - a.x) + (p.y - a.y) * (b.y - a.y)) / len2).clamp(0.0, 1.0);
    p.distance(a.lerp(b, t))
}

/// The box a text run covers, given its measured width.
#[must_use]
pub fn text_rect(pos: Pos, width: f32, size: f32, align: super::Align) -> SceneRect {
    let x = match align {
        super::Align::Start => pos.x,
        super::Align::Middle => pos.x - width / 2.0,
        super::Align::End => pos.x - width,
    };
    SceneRect::from_min_size(Pos::new(x, pos.y), Pos::new(width, size * 1.2))
}

/// The box a shape covers.
#[must_use]
pub fn shape_bounds(shape: &Shape) -> SceneRect {
    match shape {
        Shape::Rect { rect, stroke, .. } => rect.expand(stroke.map_or(0.0, |s| s.width / 2.0)),
        Shape::Ellipse { center, radius, .. } => SceneRect::from_center_size(*center, radius.x * 2.0, radius.y * 2.0),
        Shape::Line { points, .. } | Shape::Polygon { points, .. } => {
            points.iter().fold(SceneRect::NOTHING, |b, p| b.union(SceneRect { min: *p, max: *p }))
        }
        Shape::Text { pos, width, size, align, .. } => text_rect(*pos, *width, *size, *align),
    }
}

/// Whether `p` hits the shape: inside a filled area, or within `tolerance` of a line.
#[must_use]
pub fn shape_contains(shape: &Shape, p: Pos, tolerance: f32) -> bool {
    match shape {
        Shape::Rect { rect, fill, .. } => {
            if fill.is_some() {
                rect.contains(p)
            } else {
                // An outline only (a boundary's edge or a frame): hit near the edge.
                rect.expand(tolerance).contains(p) && !rect.expand(-tolerance).contains(p)
            }
        }
        Shape::Ellipse { center, radius, .. } => {
            let (a, b) = (radius.x + tolerance, radius.y + tolerance);
            ((p.x - center.x) / a).powi(2) + ((p.y - center.y) / b).powi(2) <= 1.0
        }
        Shape::Line { points, stroke } => {
            points.windows(2).any(|w| distance_to_segment(p, w[0], w[1]) <= tolerance + stroke.width / 2.0)
        }
        Shape::Polygon { .. } | Shape::Text { .. } => shape_bounds(shape).expand(tolerance / 2.0).contains(p),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flows_attach_to_the_outline() {
        let r = SceneRect::from_min_size(Pos::new(0.0, 0.0), Pos::new(100.0, 50.0));
        let right = outline_exit(Outline::Box, &r, Pos::new(500.0, 25.0));
        assert!((right.x - 100.0).abs() < 1e-3 && (right.y - 25.0).abs() < 1e-3);
        let top = outline_exit(Outline::Ellipse, &r, Pos::new(50.0, -300.0));
        assert!((top.x - 50.0).abs() < 1e-3 && top.y.abs() < 1e-3);
        let diag = outline_exit(Outline::Ellipse, &r, Pos::new(150.0, 75.0));
        let (dx, dy) = ((diag.x - 50.0) / 50.0, (diag.y - 25.0) / 25.0);
        assert!((dx * dx + dy * dy - 1.0).abs() < 1e-3);
    }

    #[test]
    fn midpoint_is_halfway_along() {
        let m = midpoint(&[Pos::new(0.0, 0.0), Pos::new(10.0, 0.0), Pos::new(10.0, 10.0)]);
        assert!((m.x - 10.0).abs() < 1e-3 && m.y.abs() < 1e-3);
    }

    #[test]
    fn arrow_heads_point_along_the_line() {
        let [tip, a, b] = arrow_head(Pos::new(0.0, 0.0), Pos::new(10.0, 0.0), 4.0, 2.0);
        assert_eq!(tip, Pos::new(10.0, 0.0));
        assert!((a.x - 6.0).abs() < 1e-3 && (b.x - 6.0).abs() < 1e-3 && (a.y + b.y).abs() < 1e-3);
    }
}

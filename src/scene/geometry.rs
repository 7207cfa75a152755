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

/// The length of a polyline.
#[must_use]
pub fn path_length(points: &[Pos]) -> f32 {
    points.windows(2).map(|w| w[0].distance(w[1])).sum()
}

/// The point a fraction `t` (0 to 1) of the way along a polyline, and the unit direction of
/// the segment it lies on.
#[must_use]
pub fn point_along(points: &[Pos], t: f32) -> (Pos, Pos) {
    let mut left = path_length(points) * t.clamp(0.0, 1.0);
    let mut last = (points.first().copied().unwrap_or_default(), Pos::new(1.0, 0.0));
    for w in points.windows(2) {
        let len = w[0].distance(w[1]);
        if len <= f32::EPSILON {
            continue;
        }
        let direction = Pos::new((w[1].x - w[0].x) / len, (w[1].y - w[0].y) / len);
        if len >= left {
            return (w[0].lerp(w[1], left / len), direction);
        }
        left -= len;
        last = (w[1], direction);
    }
    last
}

/// Distance from `p` to the nearest point of a polyline.
#[must_use]
pub fn distance_to_path(p: Pos, points: &[Pos]) -> f32 {
    match points {
        [] => f32::INFINITY,
        [only] => p.distance(*only),
        _ => points.windows(2).map(|w| distance_to_segment(p, w[0], w[1])).fold(f32::INFINITY, f32::min),
    }
}

/// Half the extent of an outline along the unit direction `n`: how far from the centre a
/// line parallel to `n`'s normal can pass and still meet the outline.
#[must_use]
pub fn outline_support(outline: Outline, rect: &SceneRect, n: Pos) -> f32 {
    let (a, b) = (rect.width() / 2.0, rect.height() / 2.0);
    match outline {
        Outline::Ellipse => (a * n.x).hypot(b * n.y),
        Outline::Box => (a * n.x).abs() + (b * n.y).abs(),
    }
}

/// Where the line through `from` and `to` runs inside an outline, as the range of `t` (the
/// point `from + t·(to − from)`); `None` if it misses the outline.
#[must_use]
pub fn outline_span(outline: Outline, rect: &SceneRect, from: Pos, to: Pos) -> Option<(f32, f32)> {
    let c = rect.center();
    let (a, b) = (rect.width() / 2.0, rect.height() / 2.0);
    let (px, py) = (from.x - c.x, from.y - c.y);
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    if dx.abs() <= f32::EPSILON && dy.abs() <= f32::EPSILON {
        return None;
    }
    match outline {
        Outline::Ellipse => {
            if a <= 0.0 || b <= 0.0 {
                return None;
            }
            // (px + t dx)²/a² + (py + t dy)²/b² = 1
            let qa = (dx / a).powi(2) + (dy / b).powi(2);
            let qb = 2.0 * (px * dx / (a * a) + py * dy / (b * b));
            let qc = (px / a).powi(2) + (py / b).powi(2) - 1.0;
            let disc = qb * qb - 4.0 * qa * qc;
            if disc < 0.0 {
                return None;
            }
            let root = disc.sqrt();
            Some(((-qb - root) / (2.0 * qa), (-qb + root) / (2.0 * qa)))
        }
        Outline::Box => {
            let mut span = (f32::NEG_INFINITY, f32::INFINITY);
            for (p, d, half) in [(px, dx, a), (py, dy, b)] {
                if d.abs() <= f32::EPSILON {
                    if p.abs() > half {
                        return None;
                    }
                } else {
                    let (t0, t1) = ((-half - p) / d, (half - p) / d);
                    span = (span.0.max(t0.min(t1)), span.1.min(t0.max(t1)));
                }
            }
            (span.0 <= span.1).then_some(span)
        }
    }
}

/// Whether the triangle `tri` and the box share any area (touching edges do not count).
#[must_use]
pub fn triangle_meets_rect(tri: &[Pos; 3], rect: &SceneRect) -> bool {
    let inner = rect.expand(-0.01);
    if inner.is_empty() {
        return false;
    }
    if tri.iter().any(|p| inner.contains(*p)) {
        return true;
    }
    let corners = inner.corners();
    if corners.iter().any(|c| in_triangle(*c, tri)) {
        return true;
    }
    let edges =
        [(corners[0], corners[1]), (corners[1], corners[3]), (corners[3], corners[2]), (corners[2], corners[0])];
    (0..3).any(|i| {
        let (a, b) = (tri[i], tri[(i + 1) % 3]);
        edges.iter().any(|(c, d)| segments_cross(a, b, *c, *d))
    })
}

fn cross(o: Pos, a: Pos, b: Pos) -> f32 {
    (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
}

fn in_triangle(p: Pos, tri: &[Pos; 3]) -> bool {
    let d = [cross(tri[0], tri[1], p), cross(tri[1], tri[2], p), cross(tri[2], tri[0], p)];
    let negative = d.iter().any(|v| *v < 0.0);
    let positive = d.iter().any(|v| *v > 0.0);
    !(negative && positive)
}

/// Whether the segments `a`–`b` and `c`–`d` cross at a point inside both.
fn segments_cross(a: Pos, b: Pos, c: Pos, d: Pos) -> bool {
    let (d1, d2) = (cross(c, d, a), cross(c, d, b));
    let (d3, d4) = (cross(a, b, c), cross(a, b, d));
    d1 * d2 < 0.0 && d3 * d4 < 0.0
}

/// The box a triangle covers.
#[must_use]
pub fn triangle_bounds(tri: &[Pos; 3]) -> SceneRect {
    tri.iter().fold(SceneRect::NOTHING, |b, p| b.union(SceneRect { min: *p, max: *p }))
}

/// Whether a box shares area with an element's outline drawn in `rect`.
#[must_use]
pub fn rect_meets_outline(area: &SceneRect, outline: Outline, rect: &SceneRect) -> bool {
    if !area.intersects(rect) {
        return false;
    }
    match outline {
        Outline::Box => true,
        Outline::Ellipse => {
            // The point of `area` nearest the ellipse's centre lies inside the ellipse.
            let center = rect.center();
            let nearest = Pos::new(center.x.clamp(area.min.x, area.max.x), center.y.clamp(area.min.y, area.max.y));
            let (rx, ry) = (rect.width() / 2.0, rect.height() / 2.0);
            rx > 0.0 && ry > 0.0 && ((nearest.x - center.x) / rx).powi(2) + ((nearest.y - center.y) / ry).powi(2) < 1.0
        }
    }
}

/// The area two boxes share.
#[must_use]
pub fn overlap_area(a: &SceneRect, b: &SceneRect) -> f32 {
    let w = a.max.x.min(b.max.x) - a.min.x.max(b.min.x);
    let h = a.max.y.min(b.max.y) - a.min.y.max(b.min.y);
    if w > 0.0 && h > 0.0 { w * h } else { 0.0 }
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
    fn lines_cross_outlines_where_they_meet_them() {
        let r = SceneRect::from_min_size(Pos::new(0.0, 0.0), Pos::new(100.0, 50.0));
        let (t0, t1) = outline_span(Outline::Box, &r, Pos::new(-100.0, 10.0), Pos::new(200.0, 10.0)).expect("meets");
        assert!((t0 - 1.0 / 3.0).abs() < 1e-4 && (t1 - 2.0 / 3.0).abs() < 1e-4, "{t0} {t1}");
        assert!(outline_span(Outline::Box, &r, Pos::new(-100.0, 60.0), Pos::new(200.0, 60.0)).is_none());
        let (t0, t1) = outline_span(Outline::Ellipse, &r, Pos::new(-50.0, 25.0), Pos::new(150.0, 25.0)).expect("meets");
        assert!((t0 - 0.25).abs() < 1e-4 && (t1 - 0.75).abs() < 1e-4, "{t0} {t1}");
        assert!(outline_span(Outline::Ellipse, &r, Pos::new(-50.0, -1.0), Pos::new(150.0, -1.0)).is_none());
        assert!((outline_support(Outline::Box, &r, Pos::new(0.0, 1.0)) - 25.0).abs() < 1e-4);
        assert!((outline_support(Outline::Ellipse, &r, Pos::new(1.0, 0.0)) - 50.0).abs() < 1e-4);
    }

    #[test]
    fn triangles_meet_boxes_only_where_they_share_area() {
        let tri = [Pos::new(10.0, 0.0), Pos::new(0.0, -4.0), Pos::new(0.0, 4.0)];
        let over = SceneRect::from_min_size(Pos::new(2.0, -10.0), Pos::new(3.0, 20.0));
        let inside = SceneRect::from_min_size(Pos::new(1.0, -1.0), Pos::new(1.0, 1.0));
        let beside = SceneRect::from_min_size(Pos::new(8.0, 3.0), Pos::new(10.0, 10.0));
        let touching = SceneRect::from_min_size(Pos::new(10.0, -5.0), Pos::new(5.0, 10.0));
        assert!(triangle_meets_rect(&tri, &over));
        assert!(triangle_meets_rect(&tri, &inside));
        assert!(!triangle_meets_rect(&tri, &beside));
        assert!(!triangle_meets_rect(&tri, &touching));
    }

    #[test]
    fn points_along_a_path_carry_their_direction() {
        let path = [Pos::new(0.0, 0.0), Pos::new(10.0, 0.0), Pos::new(10.0, 30.0)];
        let (p, d) = point_along(&path, 0.5);
        assert!((p.x - 10.0).abs() < 1e-4 && (p.y - 10.0).abs() < 1e-4 && (d.y - 1.0).abs() < 1e-4);
        assert!((distance_to_path(Pos::new(5.0, 3.0), &path) - 3.0).abs() < 1e-4);
    }

    #[test]
    fn arrow_heads_point_along_the_line() {
        let [tip, a, b] = arrow_head(Pos::new(0.0, 0.0), Pos::new(10.0, 0.0), 4.0, 2.0);
        assert_eq!(tip, Pos::new(10.0, 0.0));
        assert!((a.x - 6.0).abs() < 1e-3 && (b.x - 6.0).abs() < 1e-3 && (a.y + b.y).abs() < 1e-3);
    }
}

//! Plane geometry for imports: rounding a foreign file's float coordinates into the model's
//! whole-number boxes, and deciding on which side of an open boundary curve a point lies.

use crate::model::{MAX_COORD, MAX_EXTENT, Point, Rect};

/// A point with float coordinates, as other tools write them.
pub type PointF = (f64, f64);

/// A coordinate rounded to a whole number within the model's limits (float noise such as
/// 269.99999999999926 becomes 270).
#[must_use]
#[allow(clippy::cast_possible_truncation, reason = "rounded and clamped to ±MAX_COORD first, so it fits an i32")]
pub fn coord(v: f64) -> i32 {
    v.round().clamp(-f64::from(MAX_COORD), f64::from(MAX_COORD)) as i32
}

/// A width or height rounded to a whole number from 1 to the model's limit; a missing (zero)
/// size becomes `default`.
#[must_use]
#[allow(clippy::cast_possible_truncation, reason = "rounded and clamped to 1..=MAX_EXTENT first, so it fits an i32")]
pub fn extent(v: f64, default: i32) -> i32 {
    if v.abs() < 0.5 { default } else { v.abs().round().clamp(1.0, f64::from(MAX_EXTENT)) as i32 }
}

/// A point rounded into the model.
#[must_use]
pub fn point(p: PointF) -> Point {
    Point::new(coord(p.0), coord(p.1))
}

/// The smallest box around `rects`, grown by `margin` on each side and `top` more above (room
/// for a boundary's name); `None` for no boxes.
#[must_use]
pub fn enclosing(rects: &[Rect], margin: i32, top: i32) -> Option<Rect> {
    let first = rects.first()?;
    let (mut x0, mut y0, mut x1, mut y1) = (first.x, first.y, first.x + first.w, first.y + first.h);
    for r in rects {
        x0 = x0.min(r.x);
        y0 = y0.min(r.y);
        x1 = x1.max(r.x + r.w);
        y1 = y1.max(r.y + r.h);
    }
    let (x, y) = (x0.saturating_sub(margin), y0.saturating_sub(margin + top));
    Some(Rect::new(x, y, (x1 + margin - x).clamp(1, MAX_EXTENT), (y1 + margin - y).clamp(1, MAX_EXTENT)))
}

/// The area of a box, for "smallest enclosing" comparisons.
#[must_use]
pub fn area(r: &Rect) -> i64 {
    i64::from(r.w) * i64::from(r.h)
}

/// Which side of the open polyline `line` the point `q` lies on: +1 or -1, or 0 exactly on it
/// (or when the line has no length). The first and last segments are extended to infinity, so
/// the line divides the whole plane in two, as a boundary curve drawn across a diagram does.
#[must_use]
pub fn side(line: &[PointF], q: PointF) -> i8 {
    nearest(line, q).map_or(0, |(sign, _)| sign)
}

/// The side of `line` that `q` lies on, as [`side`], but `None` for a point nearer to the
/// line's extensions past its ends than to the line itself: a short stroke drawn between two
/// elements says which side of it they are on, not where everything across the diagram is.
#[must_use]
pub fn side_within_reach(line: &[PointF], q: PointF) -> Option<i8> {
    match nearest(line, q)? {
        (0, _) | (_, true) => None,
        (sign, false) => Some(sign),
    }
}

/// The side of `line` that `q` lies on, judged from the nearest segment (the first and last
/// extended past the ends), and whether the nearest point is on such an extension.
fn nearest(line: &[PointF], q: PointF) -> Option<(i8, bool)> {
    let mut points: Vec<PointF> = Vec::with_capacity(line.len());
    for p in line {
        if points.last().is_none_or(|last: &PointF| (last.0 - p.0).hypot(last.1 - p.1) > 1e-9) {
            points.push(*p);
        }
    }
    let segments = points.len().saturating_sub(1);
    // The nearest feature so far: (distance, sign from it, beyond an end).
    let mut best: Option<(f64, f64, bool)> = None;
    for i in 0..segments {
        let found = from_segment(&points, i, q);
        if best.is_none_or(|(nearest, ..)| found.0 < nearest - 1e-9) {
            best = Some(found);
        }
    }
    let (_, s, beyond) = best?;
    let sign = if s > 1e-9 {
        1
    } else if s < -1e-9 {
        -1
    } else {
        0
    };
    Some((sign, beyond))
}

/// The distance from `q` to segment `i` of `points` (the first and last run on to infinity),
/// a value whose sign says which side of the line `q` is on, judged from that segment, and
/// whether the nearest point lies past an end of the line.
fn from_segment(points: &[PointF], i: usize, q: PointF) -> (f64, f64, bool) {
    let (start, end) = (points[i], points[i + 1]);
    let along = (end.0 - start.0, end.1 - start.1);
    let t = ((q.0 - start.0) * along.0 + (q.1 - start.1) * along.1) / (along.0 * along.0 + along.1 * along.1);
    let (first, last) = (i == 0, i + 2 == points.len());
    let lower = if first { f64::NEG_INFINITY } else { 0.0 };
    let upper = if last { f64::INFINITY } else { 1.0 };
    let beyond = (first && t < 0.0) || (last && t > 1.0);
    let at = t.clamp(lower, upper);
    let nearest = (start.0 + at * along.0, start.1 + at * along.1);
    let distance = (q.0 - nearest.0).hypot(q.1 - nearest.1);
    let at_inner_vertex = t < lower || t > upper;
    if !at_inner_vertex {
        return (distance, cross(along, (q.0 - nearest.0, q.1 - nearest.1)), beyond);
    }
    // Nearest to an inner vertex: decide by the normals of both segments meeting there.
    let vertex = if t < lower { i } else { i + 1 };
    let before = unit((points[vertex].0 - points[vertex - 1].0, points[vertex].1 - points[vertex - 1].1));
    let after = unit((points[vertex + 1].0 - points[vertex].0, points[vertex + 1].1 - points[vertex].1));
    let normal = (-(before.1 + after.1), before.0 + after.0);
    (distance, normal.0 * (q.0 - points[vertex].0) + normal.1 * (q.1 - points[vertex].1), false)
}

fn cross(a: PointF, b: PointF) -> f64 {
    a.0 * b.1 - a.1 * b.0
}

fn unit(v: PointF) -> PointF {
    let len = v.0.hypot(v.1);
    if len > 0.0 { (v.0 / len, v.1 / len) } else { (0.0, 0.0) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_noise_rounds_away() {
        assert_eq!(coord(269.999_999_999_999_26), 270);
        assert_eq!(coord(151.999_999_999_999_83), 152);
        assert_eq!(coord(1e12), MAX_COORD);
        assert_eq!(extent(0.0, 80), 80);
        assert_eq!(extent(112.5, 80), 113);
    }

    #[test]
    fn a_straight_line_splits_the_plane() {
        let line = [(0.0, 0.0), (100.0, 0.0)];
        assert_eq!(side(&line, (50.0, 10.0)), 1);
        assert_eq!(side(&line, (50.0, -10.0)), -1);
        // Beyond the ends the line goes on.
        assert_eq!(side(&line, (500.0, 10.0)), 1);
        assert_eq!(side(&line, (-500.0, -10.0)), -1);
        assert_eq!(side(&line, (30.0, 0.0)), 0);
    }

    #[test]
    fn an_arch_holds_what_is_under_it() {
        // Threat Dragon's demo draws an arch over its database: up, across and down.
        let arch = [(230.0, 520.0), (320.0, 280.0), (590.0, 250.0), (660.0, 350.0), (660.0, 510.0)];
        let database = (370.0, 460.0);
        let web_app = (270.0, 230.0);
        let worker = (735.0, 230.0);
        assert_ne!(side(&arch, database), side(&arch, web_app));
        assert_eq!(side(&arch, web_app), side(&arch, worker));
        // Near the corner vertex, outside the bend.
        assert_eq!(side(&arch, (330.0, 200.0)), side(&arch, web_app));
        assert_eq!(side(&arch, (330.0, 300.0)), side(&arch, database));
    }

    #[test]
    fn a_short_stroke_reaches_only_what_is_beside_it() {
        // Threat Dragon's v1 demo: a bent stroke between the browser (above) and the web
        // application (below); the message queue far to the right is beyond its end.
        let stroke = [(130.0, 232.0), (177.0, 149.0), (291.0, 150.0)];
        let (browser, web_app, queue) = ((106.0, 78.0), (258.0, 239.0), (488.0, 68.0));
        let (b, w) = (side_within_reach(&stroke, browser), side_within_reach(&stroke, web_app));
        assert!(b.is_some() && w.is_some() && b != w, "{b:?} {w:?}");
        assert_eq!(side_within_reach(&stroke, queue), None);
        assert_eq!(side(&stroke, queue), b.unwrap_or(0), "extended, the stroke would put the queue with the browser");
    }

    #[test]
    fn enclosing_box_grows_by_the_margins() {
        let r = enclosing(&[Rect::new(10, 10, 10, 10), Rect::new(50, 0, 10, 10)], 5, 10);
        assert_eq!(r, Some(Rect::new(5, -15, 60, 40)));
        assert_eq!(enclosing(&[], 5, 5), None);
    }
}

//! Alignment guides while dragging boxes on a DFD: the moving selection snaps its edges and
//! centre to those of the other elements in view when they come within a few screen points, and
//! the lines it lines up on are drawn on the canvas (never in the scene, so never exported).

use crate::scene::{Pos, SceneRect};

/// A line the dragged selection lines up on, in diagram space.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Guide {
    /// Where the line starts.
    pub from: Pos,
    /// Where it ends.
    pub to: Pos,
}

/// The left edge, centre and right edge of `r` (or top, middle, bottom).
fn stops(r: &SceneRect, vertical: bool) -> [f32; 3] {
    if vertical { [r.min.y, r.center().y, r.max.y] } else { [r.min.x, r.center().x, r.max.x] }
}

/// The shift along one axis that brings one of `moving`'s stops onto the nearest stop of
/// `others`, if one is within `reach`.
fn nearest_shift(moving: &SceneRect, others: &[SceneRect], reach: f32, vertical: bool) -> Option<f32> {
    let mine = stops(moving, vertical);
    let mut best: Option<f32> = None;
    for other in others {
        for theirs in stops(other, vertical) {
            for m in mine {
                let shift = theirs - m;
                if shift.abs() <= reach && best.is_none_or(|b| shift.abs() < b.abs()) {
                    best = Some(shift);
                }
            }
        }
    }
    best
}

/// How far to shift `moving` so that its edges or centre line up with those of `others`:
/// (horizontal shift, vertical shift), each `None` when nothing is within `reach`.
#[must_use]
pub fn snap(moving: &SceneRect, others: &[SceneRect], reach: f32) -> (Option<f32>, Option<f32>) {
    (nearest_shift(moving, others, reach, false), nearest_shift(moving, others, reach, true))
}

/// The guides to draw for `moving` where it is: one line through every stop it shares with
/// another box, from the farthest box on that line to the other end.
#[must_use]
pub fn lines(moving: &SceneRect, others: &[SceneRect]) -> Vec<Guide> {
    const SAME: f32 = 0.5;
    let mut guides = Vec::new();
    for vertical in [false, true] {
        for m in stops(moving, vertical) {
            let on_line: Vec<&SceneRect> =
                others.iter().filter(|o| stops(o, vertical).iter().any(|s| (s - m).abs() <= SAME)).collect();
            if on_line.is_empty() {
                continue;
            }
            // The extent across the line: from the first box to the last, the moving one included.
            let (lo, hi) = on_line.iter().fold(
                if vertical { (moving.min.x, moving.max.x) } else { (moving.min.y, moving.max.y) },
                |(lo, hi), o| {
                    if vertical { (lo.min(o.min.x), hi.max(o.max.x)) } else { (lo.min(o.min.y), hi.max(o.max.y)) }
                },
            );
            let guide = if vertical {
                Guide { from: Pos::new(lo, m), to: Pos::new(hi, m) }
            } else {
                Guide { from: Pos::new(m, lo), to: Pos::new(m, hi) }
            };
            guides.push(guide);
        }
    }
    guides
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x: f32, y: f32, w: f32, h: f32) -> SceneRect {
        SceneRect::from_min_size(Pos::new(x, y), Pos::new(w, h))
    }

    #[test]
    fn snaps_the_nearest_edge_or_centre_within_reach() {
        let others = [rect(100.0, 100.0, 160.0, 90.0)];
        // Top 3 below the other's top, left 40 away from anything: snap y only.
        assert_eq!(snap(&rect(400.0, 103.0, 100.0, 60.0), &others, 6.0), (None, Some(-3.0)));
        // Centre x 182 against the other's centre 180: shift -2; far away vertically.
        assert_eq!(snap(&rect(132.0, 400.0, 100.0, 60.0), &others, 6.0), (Some(-2.0), None));
        // Left 102 against 100 (-2), centre 177 against 180 (3): the nearer wins.
        assert_eq!(snap(&rect(102.0, 400.0, 150.0, 60.0), &others, 6.0).0, Some(-2.0));
        assert_eq!(snap(&rect(400.0, 400.0, 100.0, 60.0), &others, 6.0), (None, None));
    }

    #[test]
    fn draws_a_line_through_every_shared_stop() {
        let others = [rect(100.0, 100.0, 160.0, 90.0), rect(600.0, 300.0, 50.0, 50.0)];
        let moving = rect(400.0, 100.0, 100.0, 60.0);
        let guides = lines(&moving, &others);
        assert_eq!(guides, vec![Guide { from: Pos::new(100.0, 100.0), to: Pos::new(500.0, 100.0) }]);
        let below = rect(130.0, 300.0, 100.0, 60.0);
        let guides = lines(&below, &others);
        assert_eq!(guides.len(), 2, "{guides:?}");
        assert!(guides.contains(&Guide { from: Pos::new(180.0, 100.0), to: Pos::new(180.0, 360.0) }));
        assert!(guides.contains(&Guide { from: Pos::new(130.0, 300.0), to: Pos::new(650.0, 300.0) }));
    }
}

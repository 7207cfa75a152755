//! Flow routes on a DFD. Flows between the same two elements along the same route (a request
//! and its reply, several flows one way) are drawn side by side in lanes, symmetric around the
//! line between the elements, so none hides another. A flow with bend points keeps them (the
//! canvas puts its handles there); flows sharing the same bend points are kept apart at their
//! ends.

use std::collections::BTreeMap;

use super::geometry::{Outline, Pos, SceneRect, arrow_head, outline_exit, outline_span, outline_support};
use super::obstacles::{Obstacle, Obstacles};
use crate::model::{DataFlow, DfdView, ElementId, FlowId};

/// Distance between the centre lines of neighbouring lanes: a single-line label centred on
/// each lane then clears its neighbour's.
pub const LANE_SPACING: f32 = 20.0;
/// Lanes are squeezed to fit the ends' outlines, but never closer than this.
const MIN_LANE_SPACING: f32 = 9.0;
/// Share of an outline's half-extent the lanes may spread over.
const LANE_SPREAD: f32 = 0.8;
/// Length of an arrow head along its line.
pub const HEAD_LENGTH: f32 = 11.0;
/// Half the width of an arrow head's base.
pub const HEAD_HALF_WIDTH: f32 = 4.5;
/// Room kept between an arrow head and any label.
const HEAD_CLEARANCE: f32 = 2.5;

/// The two elements a flow joins, the smaller id first: flows with the same pair are drawn
/// together.
pub type Pair = (ElementId, ElementId);

/// The pair of a flow.
#[must_use]
pub fn pair_of(flow: &DataFlow) -> Pair {
    if flow.source <= flow.target {
        (flow.source.clone(), flow.target.clone())
    } else {
        (flow.target.clone(), flow.source.clone())
    }
}

/// The pair of a flow, borrowed: for looking siblings up without copying ids.
#[must_use]
pub fn pair_key(flow: &DataFlow) -> (&ElementId, &ElementId) {
    if flow.source <= flow.target { (&flow.source, &flow.target) } else { (&flow.target, &flow.source) }
}

/// Whether a flow runs from the first element of its pair to the second.
#[must_use]
pub fn runs_forward(flow: &DataFlow) -> bool {
    flow.source <= flow.target
}

/// A flow's place among the flows sharing its route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lane {
    /// From 0, on the left of the pair's first-to-second direction, to `count - 1`.
    pub index: usize,
    /// How many flows share the route.
    pub count: usize,
}

impl Lane {
    /// The lane of a flow drawn alone.
    pub const ALONE: Self = Self { index: 0, count: 1 };
}

/// The lanes of `flows`, which must hold every sibling (same pair) of each flow. Flows share
/// a route when they join the same pair through the same bend points; in a route, flows from
/// the first element to the second come first, then bidirectional ones, then the others, each
/// by id, so a request and its reply sit on either side of the centre line.
#[must_use]
pub fn lanes<'a>(
    view: &DfdView,
    flows: impl IntoIterator<Item = (&'a FlowId, &'a DataFlow)>,
) -> BTreeMap<FlowId, Lane> {
    // Flows by shared route (pair, bend points in the pair's direction), with their order.
    type Shared<'f> = BTreeMap<(Pair, Vec<(i32, i32)>), Vec<(u8, &'f FlowId)>>;
    let mut routes: Shared<'a> = BTreeMap::new();
    for (id, flow) in flows {
        let mut bends: Vec<(i32, i32)> = view.bends.get(id).into_iter().flatten().map(|p| (p.x, p.y)).collect();
        if !runs_forward(flow) {
            bends.reverse();
        }
        let order = match (flow.bidirectional, runs_forward(flow)) {
            (false, true) => 0,
            (true, _) => 1,
            (false, false) => 2,
        };
        routes.entry((pair_of(flow), bends)).or_default().push((order, id));
    }
    let mut lanes = BTreeMap::new();
    for mut members in routes.into_values() {
        members.sort();
        let count = members.len();
        for (index, (_, id)) in members.into_iter().enumerate() {
            lanes.insert(id.clone(), Lane { index, count });
        }
    }
    lanes
}

/// One end of a flow: the element's outline and box.
#[derive(Clone, Copy, Debug)]
pub struct End {
    /// The outline flows attach to.
    pub outline: Outline,
    /// The element's box.
    pub rect: SceneRect,
}

/// Where a flow is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    /// From the source's outline through the bend points to the target's outline.
    pub points: Vec<Pos>,
    /// The arrow heads: at the target, and at the source when bidirectional.
    pub heads: Vec<[Pos; 3]>,
    /// The side of the route away from its siblings (a unit vector), where its label goes
    /// best; zero for a flow in the middle or alone.
    pub side: Pos,
}

/// The unit normal of the direction from `a` to `b`, on the right of travel as drawn (y grows
/// downwards); zero if they coincide. Lane 0 lies furthest the other way, on the left.
fn normal(a: Pos, b: Pos) -> Pos {
    let d = a.distance(b);
    if d <= f32::EPSILON { Pos::new(0.0, 0.0) } else { Pos::new((a.y - b.y) / d, (b.x - a.x) / d) }
}

fn shifted(p: Pos, n: Pos, by: f32) -> Pos {
    Pos::new(p.x + n.x * by, p.y + n.y * by)
}

/// Where the line from `inside` (in or beside `end`) towards `toward` leaves `end`'s outline:
/// the point beside the outline itself when the line misses it.
fn leave(end: &End, inside: Pos, toward: Pos) -> Pos {
    match outline_span(end.outline, &end.rect, inside, toward) {
        // The last point on the outline, even behind `inside` when that lies beside it.
        Some((_, t)) if t.is_finite() => inside.lerp(toward, t),
        _ if inside == end.rect.center() => outline_exit(end.outline, &end.rect, toward),
        _ => inside,
    }
}

/// The route of a flow from `source` to `target` through `bends`, in `lane`; `forward` says
/// whether the source is the first element of the pair (lanes are counted in that direction).
#[must_use]
pub fn route(source: &End, target: &End, bends: &[Pos], lane: Lane, forward: bool, bidirectional: bool) -> Route {
    // Work in the pair's direction, so siblings running either way agree on left and right.
    let (first, second) = if forward { (source, target) } else { (target, source) };
    let mut through: Vec<Pos> = bends.to_vec();
    if !forward {
        through.reverse();
    }
    let (c0, c1) = (first.rect.center(), second.rect.center());
    let toward_first = through.first().copied().unwrap_or(c1);
    let toward_second = through.last().copied().unwrap_or(c0);
    let (n0, n1) = (normal(c0, toward_first), normal(toward_second, c1));
    let offset = if lane.count > 1 {
        let room =
            outline_support(first.outline, &first.rect, n0).min(outline_support(second.outline, &second.rect, n1));
        let spacing = (2.0 * LANE_SPREAD * room / (lane.count - 1) as f32).clamp(MIN_LANE_SPACING, LANE_SPACING);
        (lane.index as f32 - (lane.count - 1) as f32 / 2.0) * spacing
    } else {
        0.0
    };
    let mut points = Vec::with_capacity(through.len() + 2);
    if through.is_empty() {
        // A straight flow moves sideways as a whole.
        let (a, b) = (shifted(c0, n0, offset), shifted(c1, n0, offset));
        points.push(leave(first, a, b));
        points.push(leave(second, b, a));
    } else {
        // A bent flow keeps its bend points and moves its ends.
        let (a, b) = (shifted(c0, n0, offset), shifted(c1, n1, offset));
        points.push(leave(first, a, toward_first));
        points.extend(through.iter().copied());
        points.push(leave(second, b, toward_second));
    }
    if !forward {
        points.reverse();
    }
    let n = points.len();
    let mut heads = vec![arrow_head(points[n - 2], points[n - 1], HEAD_LENGTH, HEAD_HALF_WIDTH)];
    if bidirectional {
        heads.push(arrow_head(points[1], points[0], HEAD_LENGTH, HEAD_HALF_WIDTH));
    }
    let side =
        if offset.abs() > f32::EPSILON { shifted(Pos::new(0.0, 0.0), n0, offset.signum()) } else { Pos::new(0.0, 0.0) };
    Route { points, heads, side }
}

/// The box an arrow head keeps labels out of.
#[must_use]
pub fn head_room(head: &[Pos; 3]) -> SceneRect {
    super::geometry::triangle_bounds(head).expand(HEAD_CLEARANCE)
}

/// What the scene remembers of its drawn flows between builds, so an update can tell which
/// flows and labels an edit moved.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FlowIndex {
    /// The pair of each drawn flow, and the side its label prefers.
    pub drawn: BTreeMap<FlowId, (Pair, Pos)>,
    /// Arrow heads, element shapes and labels, for placing labels.
    pub obstacles: Obstacles,
}

impl FlowIndex {
    /// Files a drawn flow's route; returns the boxes of its heads before and after, which the
    /// labels near them must make room for.
    pub fn set_route(&mut self, id: &FlowId, pair: Pair, route: &Route) -> Vec<SceneRect> {
        let mut moved = Vec::new();
        for i in 0..2 {
            moved.extend(self.obstacles.remove(&Obstacle::Head(id.clone(), i)));
        }
        for (i, head) in (0_u8..).zip(&route.heads) {
            let room = head_room(head);
            moved.push(room);
            self.obstacles.insert(Obstacle::Head(id.clone(), i), room, Outline::Box);
        }
        self.drawn.insert(id.clone(), (pair, route.side));
        moved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn end(x: f32, y: f32) -> End {
        End { outline: Outline::Box, rect: SceneRect::from_min_size(Pos::new(x, y), Pos::new(100.0, 60.0)) }
    }

    #[test]
    fn a_flow_and_its_reply_run_either_side_of_the_centre_line() {
        let (a, b) = (end(0.0, 0.0), end(400.0, 0.0));
        let there = route(&a, &b, &[], Lane { index: 0, count: 2 }, true, false);
        let back = route(&b, &a, &[], Lane { index: 1, count: 2 }, false, false);
        assert_eq!(there.points.len(), 2);
        let (y0, y1) = (there.points[0].y, back.points[0].y);
        assert!((y0 - 20.0).abs() < 1e-3 && (y1 - 40.0).abs() < 1e-3, "{there:?} {back:?}");
        assert!((there.points[0].x - 100.0).abs() < 1e-3 && (there.points[1].x - 400.0).abs() < 1e-3);
        assert!((back.points[0].x - 400.0).abs() < 1e-3, "the reply starts at its source");
        assert!(there.side.y < 0.0 && back.side.y > 0.0, "labels go outwards");
    }

    #[test]
    fn lanes_squeeze_into_small_outlines_and_bends_stay() {
        let (a, b) = (end(0.0, 0.0), end(400.0, 0.0));
        let five: Vec<Route> = (0..5).map(|index| route(&a, &b, &[], Lane { index, count: 5 }, true, false)).collect();
        let ys: Vec<f32> = five.iter().map(|r| r.points[0].y).collect();
        assert!(ys.windows(2).all(|w| w[1] - w[0] >= MIN_LANE_SPACING - 1e-3), "{ys:?}");
        assert!(ys.iter().all(|y| (0.0..=60.0).contains(y)), "{ys:?}");
        let corner = [Pos::new(250.0, -100.0)];
        let there = route(&a, &b, &corner, Lane { index: 0, count: 2 }, true, false);
        assert_eq!(there.points[1], corner[0]);
        let back = route(&b, &a, &corner, Lane { index: 1, count: 2 }, false, true);
        assert_eq!(back.points[1], corner[0]);
        assert!(there.points[0].distance(back.points[2]) > MIN_LANE_SPACING, "{there:?} {back:?}");
        assert_eq!(back.heads.len(), 2);
    }

    #[test]
    fn siblings_are_ordered_there_both_ways_then_back() {
        let view = DfdView::default();
        let (a, b) = (ElementId::new("a"), ElementId::new("b"));
        let flows: Vec<(FlowId, DataFlow)> = vec![
            (FlowId::new("1"), DataFlow { source: b.clone(), target: a.clone(), ..DataFlow::default() }),
            (
                FlowId::new("2"),
                DataFlow { source: a.clone(), target: b.clone(), bidirectional: true, ..DataFlow::default() },
            ),
            (FlowId::new("3"), DataFlow { source: a.clone(), target: b.clone(), ..DataFlow::default() }),
        ];
        let lanes = lanes(&view, flows.iter().map(|(id, f)| (id, f)));
        let index = |id: &str| lanes[&FlowId::new(id)].index;
        assert_eq!((index("3"), index("2"), index("1")), (0, 1, 2));
    }
}

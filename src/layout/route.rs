//! Bend points for laid-out flows whose straight line would run through another element or
//! through a trust boundary that holds neither end. The layered layout keeps boxes apart but
//! draws every flow straight from centre to centre; a flow fanning out to a far row, or
//! skipping a column, can then cut across the boxes in between. Each such flow tries a few
//! routes through the space between columns and keeps the one that crosses the fewest boxes
//! (then the one with fewest bends); a flow whose straight line crosses nothing stays straight.
//! Flows between the same two elements (a request and its response) need no bends to be seen:
//! the scene draws straight flows between one pair in lanes side by side, labels apart.

use std::collections::BTreeMap;

use crate::model::{BoundaryId, ElementId, FlowId, Model, Point, Rect};

/// How far a route keeps from the boxes it passes, and how far into the space between two
/// columns its bends sit.
const CLEARANCE: i32 = 24;

/// The bend points of every flow between two of `nodes` that needs some to go around the boxes
/// in its way.
#[must_use]
pub fn routes(
    model: &Model,
    nodes: &BTreeMap<ElementId, Rect>,
    boundaries: &BTreeMap<BoundaryId, Rect>,
) -> BTreeMap<FlowId, Vec<Point>> {
    let mut out = BTreeMap::new();
    for (id, flow) in &model.flows {
        if flow.source == flow.target {
            continue;
        }
        let (Some(source), Some(target)) = (nodes.get(&flow.source), nodes.get(&flow.target)) else { continue };
        let obstacles = Obstacles::of(nodes, boundaries, (&flow.source, source), (&flow.target, target));
        let straight = obstacles.crossed(&[source.center(), target.center()]);
        if straight == 0 {
            continue;
        }
        let best = candidates(source, target)
            .into_iter()
            .map(|bends| {
                let mut line = vec![source.center()];
                line.extend(bends.iter().copied());
                line.push(target.center());
                (obstacles.crossed(&line), bends.len(), bends)
            })
            .min_by_key(|(crossed, bends, _)| (*crossed, *bends));
        if let Some((crossed, _, bends)) = best
            && crossed < straight
        {
            out.insert(id.clone(), bends);
        }
    }
    out
}

/// Routes from `source` to `target` through the space between them: out level with the
/// source, then across to the target's level (near the source, near the target, or midway).
fn candidates(source: &Rect, target: &Rect) -> Vec<Vec<Point>> {
    let (from, to) = (source.center(), target.center());
    // The x where a route leaves the source's column and where it enters the target's.
    let (leave, enter) = if to.x >= from.x {
        (source.x + source.w + CLEARANCE, target.x - CLEARANCE)
    } else {
        (source.x - CLEARANCE, target.x + target.w + CLEARANCE)
    };
    let middle = leave + (enter - leave) / 2;
    vec![
        vec![Point::new(leave, from.y), Point::new(enter, to.y)],
        vec![Point::new(middle, from.y), Point::new(middle, to.y)],
        vec![Point::new(enter, from.y)],
        vec![Point::new(leave, to.y)],
    ]
}

/// What a flow's route should not cross: every other element, and every boundary that holds
/// neither of its ends.
struct Obstacles {
    rects: Vec<Rect>,
}

impl Obstacles {
    fn of(
        nodes: &BTreeMap<ElementId, Rect>,
        boundaries: &BTreeMap<BoundaryId, Rect>,
        source: (&ElementId, &Rect),
        target: (&ElementId, &Rect),
    ) -> Self {
        let mut rects: Vec<Rect> = nodes
            .iter()
            .filter(|(id, _)| *id != source.0 && *id != target.0)
            .map(|(_, r)| grown(r, CLEARANCE / 2))
            .collect();
        rects.extend(
            boundaries.values().filter(|b| !b.contains(source.1.center()) && !b.contains(target.1.center())).copied(),
        );
        Self { rects }
    }

    /// How many obstacles the polyline `line` runs through.
    fn crossed(&self, line: &[Point]) -> usize {
        self.rects.iter().filter(|r| line.windows(2).any(|w| segment_meets(w[0], w[1], r))).count()
    }
}

fn grown(r: &Rect, by: i32) -> Rect {
    Rect::new(r.x - by, r.y - by, r.w + 2 * by, r.h + 2 * by)
}

/// Whether the segment from `a` to `b` touches the inside of `r` (Liang–Barsky clipping).
fn segment_meets(a: Point, b: Point, r: &Rect) -> bool {
    let (ax, ay) = (f64::from(a.x), f64::from(a.y));
    let (dx, dy) = (f64::from(b.x) - ax, f64::from(b.y) - ay);
    let (left, top) = (f64::from(r.x), f64::from(r.y));
    let (right, bottom) = (left + f64::from(r.w), top + f64::from(r.h));
    let (mut enter, mut leave) = (0.0_f64, 1.0_f64);
    for (p, q) in [(-dx, ax - left), (dx, right - ax), (-dy, ay - top), (dy, bottom - ay)] {
        if p == 0.0 {
            if q <= 0.0 {
                return false;
            }
            continue;
        }
        let t = q / p;
        if p < 0.0 {
            enter = enter.max(t);
        } else {
            leave = leave.min(t);
        }
        if enter >= leave {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_meet_boxes_they_cross_only() {
        let r = Rect::new(10, 10, 20, 20);
        assert!(segment_meets(Point::new(0, 0), Point::new(40, 40), &r));
        assert!(segment_meets(Point::new(15, 15), Point::new(16, 16), &r), "inside");
        assert!(!segment_meets(Point::new(0, 0), Point::new(40, 0), &r));
        assert!(!segment_meets(Point::new(0, 50), Point::new(50, 35), &r));
        assert!(!segment_meets(Point::new(10, 0), Point::new(10, 50), &r), "along an edge");
    }

    /// Routing leaves a request and its response straight, and the scene draws them apart:
    /// one mechanism keeps parallel flows apart, the scene's lanes.
    #[test]
    fn a_request_and_its_response_stay_straight_and_are_drawn_apart() {
        use crate::model::{DataFlow, DfdView, Diagram, DiagramId, DiagramView, Element};
        use crate::scene::{self, FontMetrics, Style};
        let mut model = Model::default();
        for id in ["client", "api"] {
            model.elements.insert(ElementId::new(id), Element::default());
        }
        let flow = |s: &str, t: &str, name: &str| DataFlow {
            source: ElementId::new(s),
            target: ElementId::new(t),
            name: name.into(),
            ..DataFlow::default()
        };
        model.flows.insert(FlowId::new("request"), flow("client", "api", "API Request"));
        model.flows.insert(FlowId::new("response"), flow("api", "client", "API Response"));
        let nodes: BTreeMap<ElementId, Rect> =
            [("client", Rect::new(0, 0, 160, 80)), ("api", Rect::new(400, 0, 160, 80))]
                .into_iter()
                .map(|(id, r)| (ElementId::new(id), r))
                .collect();
        let bends = routes(&model, &nodes, &BTreeMap::new());
        assert!(bends.is_empty(), "{bends:?}");
        let view = DfdView { nodes, bends, ..DfdView::default() };
        model.diagrams.push(Diagram { id: DiagramId::new("d"), name: "D".into(), view: DiagramView::Dfd(view) });
        let drawn =
            scene::build(&model, &DiagramId::new("d"), &Style::light(), &FontMetrics::shipped()).expect("scene");
        assert_eq!(scene::obstructions(&drawn), []);
    }

    #[test]
    fn a_flow_past_a_box_bends_around_it_and_a_clear_one_stays_straight() {
        use crate::model::{DataFlow, Element};
        let mut model = Model::default();
        for id in ["a", "b", "c", "d"] {
            model.elements.insert(ElementId::new(id), Element::default());
        }
        let flow =
            |s: &str, t: &str| DataFlow { source: ElementId::new(s), target: ElementId::new(t), ..DataFlow::default() };
        model.flows.insert(FlowId::new("blocked"), flow("a", "c"));
        model.flows.insert(FlowId::new("clear"), flow("a", "b"));
        // a in the first column; b level with it in the second, c far below b, and d between
        // them, right in the way from a to c.
        let nodes: BTreeMap<ElementId, Rect> = [
            ("a", Rect::new(0, 0, 170, 70)),
            ("b", Rect::new(280, 0, 170, 70)),
            ("d", Rect::new(280, 550, 170, 70)),
            ("c", Rect::new(280, 700, 170, 70)),
        ]
        .into_iter()
        .map(|(id, r)| (ElementId::new(id), r))
        .collect();
        let d = grown(&nodes[&ElementId::new("d")], CLEARANCE / 2);
        let (a, c) = (nodes[&ElementId::new("a")].center(), nodes[&ElementId::new("c")].center());
        assert!(segment_meets(a, c, &d), "the straight line crosses d");
        let routes = routes(&model, &nodes, &BTreeMap::new());
        assert!(!routes.contains_key(&FlowId::new("clear")));
        let bends = &routes[&FlowId::new("blocked")];
        let mut line = vec![a];
        line.extend(bends.iter().copied());
        line.push(c);
        assert!(!line.windows(2).any(|w| segment_meets(w[0], w[1], &d)), "{line:?}");
    }
}

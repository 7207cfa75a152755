//! What a flow label must keep clear of (arrow heads, labels placed before it) or should keep
//! clear of (element shapes), filed by where it is so a label looks only at its neighbourhood:
//! placing the labels of a 5,000-element diagram stays linear.

use std::collections::{BTreeMap, BTreeSet};

use super::geometry::{Outline, SceneRect, rect_meets_outline};
use crate::model::{ElementId, FlowId};

/// Side of a grid cell, in diagram units: about a label's width, so a label meets a few cells.
const CELL: f32 = 256.0;
/// A box meeting more cells than this is kept in a list of its own and checked by every query,
/// so a hostile 100,000-unit element cannot fill the grid.
const MOST_CELLS: i64 = 64;

/// What an obstacle is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Obstacle {
    /// An arrow head of a flow: the first at the target, the second at the source.
    Head(FlowId, u8),
    /// An element's shape.
    Element(ElementId),
    /// A flow label with its badge.
    Label(FlowId),
}

/// The obstacles of one diagram.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Obstacles {
    boxes: BTreeMap<Obstacle, (SceneRect, Outline)>,
    cells: BTreeMap<(i64, i64), BTreeSet<Obstacle>>,
    large: BTreeSet<Obstacle>,
}

/// The cells a box meets, or `None` if there are too many.
fn cells_of(r: &SceneRect) -> Option<impl Iterator<Item = (i64, i64)>> {
    #[allow(clippy::cast_possible_truncation, reason = "coordinates are within ±2,000,000, so cells fit easily")]
    let cell = |v: f32| (v / CELL).floor() as i64;
    if r.is_empty() || !r.min.x.is_finite() || !r.max.x.is_finite() || !r.min.y.is_finite() || !r.max.y.is_finite() {
        return None;
    }
    let (x0, x1, y0, y1) = (cell(r.min.x), cell(r.max.x), cell(r.min.y), cell(r.max.y));
    ((x1 - x0 + 1) * (y1 - y0 + 1) <= MOST_CELLS)
        .then(move || (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y))))
}

impl Obstacles {
    /// Files `what` as covering `rect` (an element's `outline` inside it).
    pub fn insert(&mut self, what: Obstacle, rect: SceneRect, outline: Outline) {
        self.remove(&what);
        match cells_of(&rect) {
            Some(cells) => {
                for cell in cells {
                    self.cells.entry(cell).or_default().insert(what.clone());
                }
            }
            None => {
                self.large.insert(what.clone());
            }
        }
        self.boxes.insert(what, (rect, outline));
    }

    /// Takes `what` out, returning the box it covered.
    pub fn remove(&mut self, what: &Obstacle) -> Option<SceneRect> {
        let (rect, _) = self.boxes.remove(what)?;
        if !self.large.remove(what)
            && let Some(cells) = cells_of(&rect)
        {
            for cell in cells {
                if let Some(set) = self.cells.get_mut(&cell) {
                    set.remove(what);
                    if set.is_empty() {
                        self.cells.remove(&cell);
                    }
                }
            }
        }
        Some(rect)
    }

    /// The obstacles whose boxes overlap `r`, each once, in order.
    fn near(&self, r: &SceneRect) -> BTreeSet<&Obstacle> {
        let mut found: BTreeSet<&Obstacle> = self.large.iter().collect();
        if let Some(cells) = cells_of(r) {
            for cell in cells {
                found.extend(self.cells.get(&cell).into_iter().flatten());
            }
        } else {
            found.extend(self.boxes.keys());
        }
        found.retain(|what| self.boxes.get(*what).is_some_and(|(b, _)| b.intersects(r)));
        found
    }

    /// Whether a label of `flow` at `r` would cover an arrow head, or a label placed before
    /// it (of a flow with a smaller id).
    pub fn blocks(&self, r: &SceneRect, flow: &FlowId) -> bool {
        self.near(&r.expand(-0.01)).into_iter().any(|what| match what {
            Obstacle::Head(..) => true,
            Obstacle::Label(other) => other < flow,
            Obstacle::Element(_) => false,
        })
    }

    /// How much of `r` lies over element shapes (0 when it is clear of all of them).
    pub fn over_elements(&self, r: &SceneRect) -> f32 {
        self.near(r)
            .into_iter()
            .filter(|what| matches!(what, Obstacle::Element(_)))
            .filter_map(|what| self.boxes.get(what))
            .filter(|(b, outline)| rect_meets_outline(r, *outline, b))
            .map(|(b, _)| super::geometry::overlap_area(r, b).max(1.0))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::super::geometry::Pos;
    use super::*;

    fn rect(x: f32, y: f32, w: f32, h: f32) -> SceneRect {
        SceneRect::from_min_size(Pos::new(x, y), Pos::new(w, h))
    }

    #[test]
    fn labels_meet_heads_and_earlier_labels_only() {
        let mut o = Obstacles::default();
        let (a, b, c) = (FlowId::new("a"), FlowId::new("b"), FlowId::new("c"));
        o.insert(Obstacle::Head(a.clone(), 0), rect(500.0, 500.0, 10.0, 10.0), Outline::Box);
        o.insert(Obstacle::Label(b.clone()), rect(0.0, 0.0, 100.0, 20.0), Outline::Box);
        assert!(o.blocks(&rect(505.0, 490.0, 40.0, 15.0), &c), "a head");
        assert!(o.blocks(&rect(90.0, 10.0, 40.0, 15.0), &c), "an earlier label");
        assert!(!o.blocks(&rect(90.0, 10.0, 40.0, 15.0), &a), "a later label");
        assert!(!o.blocks(&rect(100.0, 20.0, 40.0, 15.0), &c), "touching");
        o.remove(&Obstacle::Head(a, 0));
        assert!(!o.blocks(&rect(505.0, 490.0, 40.0, 15.0), &c), "removed");
    }

    #[test]
    fn huge_boxes_are_still_found() {
        let mut o = Obstacles::default();
        o.insert(Obstacle::Element(ElementId::new("e")), rect(-50_000.0, 0.0, 100_000.0, 100.0), Outline::Box);
        assert!(o.over_elements(&rect(10_000.0, 50.0, 10.0, 10.0)) > 0.0);
        assert!(o.over_elements(&rect(10_000.0, 150.0, 10.0, 10.0)) <= 0.0);
        let ellipse = ElementId::new("p");
        o.insert(Obstacle::Element(ellipse), rect(0.0, 1_000.0, 100.0, 100.0), Outline::Ellipse);
        assert!(o.over_elements(&rect(0.0, 1_000.0, 5.0, 5.0)) <= 0.0, "the corner outside the ellipse");
    }
}

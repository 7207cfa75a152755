//! What a flow label must keep clear of (arrow heads, labels placed before it) or should keep
//! clear of (element shapes), filed by where it is so a label looks only at its neighbourhood:
//! placing the labels of a 5,000-element diagram stays linear.

use std::collections::{BTreeMap, HashMap};

use super::geometry::{Outline, SceneRect, overlap_area, rect_meets_outline};
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

/// One filed obstacle.
#[derive(Clone, Debug)]
struct Entry {
    what: Obstacle,
    rect: SceneRect,
    outline: Outline,
}

/// The obstacles of one diagram: entries in slots, and the slots each grid cell meets.
#[derive(Clone, Debug, Default)]
pub struct Obstacles {
    slots: Vec<Option<Entry>>,
    free: Vec<usize>,
    index: BTreeMap<Obstacle, usize>,
    /// Looked up, never iterated, so a hash map cannot make anything depend on its order.
    cells: HashMap<(i64, i64), Vec<usize>>,
    large: Vec<usize>,
}

/// Two sets of obstacles are equal when they file the same boxes, however their slots fell.
impl PartialEq for Obstacles {
    fn eq(&self, other: &Self) -> bool {
        let entry = |o: &Self, slot: usize| o.slots.get(slot).and_then(Option::as_ref).map(|e| (e.rect, e.outline));
        self.index.len() == other.index.len()
            && self.index.iter().all(|(what, slot)| {
                other.index.get(what).is_some_and(|theirs| entry(self, *slot) == entry(other, *theirs))
            })
    }
}

/// The cells a box meets, or `None` if there are too many.
fn cells_of(r: &SceneRect) -> Option<impl Iterator<Item = (i64, i64)>> {
    #[allow(clippy::cast_possible_truncation, reason = "coordinates are within ±2,000,000, so cells fit easily")]
    let cell = |v: f32| (v / CELL).floor() as i64;
    if r.is_empty() || !(r.min.x.is_finite() && r.max.x.is_finite() && r.min.y.is_finite() && r.max.y.is_finite()) {
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
        let slot = self.free.pop().unwrap_or(self.slots.len());
        match cells_of(&rect) {
            Some(cells) => {
                for cell in cells {
                    self.cells.entry(cell).or_default().push(slot);
                }
            }
            None => self.large.push(slot),
        }
        self.index.insert(what.clone(), slot);
        let entry = Some(Entry { what, rect, outline });
        if slot == self.slots.len() {
            self.slots.push(entry);
        } else {
            self.slots[slot] = entry;
        }
    }

    /// Takes `what` out, returning the box it covered.
    pub fn remove(&mut self, what: &Obstacle) -> Option<SceneRect> {
        let slot = self.index.remove(what)?;
        let entry = self.slots.get_mut(slot)?.take()?;
        match cells_of(&entry.rect) {
            Some(cells) => {
                for cell in cells {
                    if let Some(slots) = self.cells.get_mut(&cell) {
                        slots.retain(|s| *s != slot);
                        if slots.is_empty() {
                            self.cells.remove(&cell);
                        }
                    }
                }
            }
            None => self.large.retain(|s| *s != slot),
        }
        self.free.push(slot);
        Some(entry.rect)
    }

    /// Calls `found` with each entry whose box overlaps `r` (an entry meeting several cells
    /// comes up once per cell) until it returns true; whether it did.
    fn any_near(&self, r: &SceneRect, mut found: impl FnMut(usize, &Entry) -> bool) -> bool {
        let mut check = |slot: usize| {
            self.slots.get(slot).and_then(Option::as_ref).is_some_and(|e| e.rect.intersects(r) && found(slot, e))
        };
        if self.large.iter().any(|slot| check(*slot)) {
            return true;
        }
        match cells_of(r) {
            Some(mut cells) => {
                cells.any(|cell| self.cells.get(&cell).is_some_and(|slots| slots.iter().any(|slot| check(*slot))))
            }
            None => self.index.values().any(|slot| check(*slot)),
        }
    }

    /// Whether a label of `flow` at `r` would cover an arrow head, or a label placed before
    /// it (of a flow with a smaller id).
    pub fn blocks(&self, r: &SceneRect, flow: &FlowId) -> bool {
        self.any_near(&r.expand(-0.01), |_, e| match &e.what {
            Obstacle::Head(..) => true,
            Obstacle::Label(other) => other < flow,
            Obstacle::Element(_) => false,
        })
    }

    /// How much of `r` lies over element shapes (0 when it is clear of all of them).
    pub fn over_elements(&self, r: &SceneRect) -> f32 {
        let mut seen: Vec<usize> = Vec::new();
        let mut area = 0.0;
        self.any_near(r, |slot, e| {
            if matches!(e.what, Obstacle::Element(_))
                && !seen.contains(&slot)
                && rect_meets_outline(r, e.outline, &e.rect)
            {
                seen.push(slot);
                area += overlap_area(r, &e.rect).max(1.0);
            }
            false
        });
        area
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
        o.remove(&Obstacle::Head(a.clone(), 0));
        assert!(!o.blocks(&rect(505.0, 490.0, 40.0, 15.0), &c), "removed");
        // Slots are reused, and equality does not depend on them.
        o.insert(Obstacle::Head(a.clone(), 1), rect(700.0, 700.0, 10.0, 10.0), Outline::Box);
        let mut fresh = Obstacles::default();
        fresh.insert(Obstacle::Head(a, 1), rect(700.0, 700.0, 10.0, 10.0), Outline::Box);
        fresh.insert(Obstacle::Label(b), rect(0.0, 0.0, 100.0, 20.0), Outline::Box);
        assert_eq!(o, fresh);
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
        o.insert(Obstacle::Element(ElementId::new("q")), rect(200.0, 1_000.0, 100.0, 100.0), Outline::Box);
        assert!((o.over_elements(&rect(100.0, 1_040.0, 300.0, 10.0)) - 1_000.0).abs() < 1e-3, "counted once");
    }
}

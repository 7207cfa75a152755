//! Arranging boxes on a data-flow diagram: align and distribute a selection, resize one
//! element, and move elements into (or out of) a trust boundary. Each is one [`Transaction`] of
//! `Node` and `Element` edits, so undo restores exactly the boxes and memberships it changed.

use std::collections::BTreeSet;

use super::commands::update_element;
use super::{Edit, Transaction};
use crate::model::{BoundaryId, DfdView, DiagramId, DiagramView, ElementId, MAX_EXTENT, Model, Rect, clamp_coord};

/// Smallest element box: room for a short name on one line.
pub const MIN_ELEMENT: (i32, i32) = (40, 30);

/// Which edges or centres of the selected boxes to line up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alignment {
    /// Left edges on the leftmost one.
    Left,
    /// Centres on the vertical line through the middle of the selection.
    Center,
    /// Right edges on the rightmost one.
    Right,
    /// Top edges on the topmost one.
    Top,
    /// Centres on the horizontal line through the middle of the selection.
    Middle,
    /// Bottom edges on the lowest one.
    Bottom,
}

impl Alignment {
    /// Every alignment, in menu order.
    pub const ALL: [Self; 6] = [Self::Left, Self::Center, Self::Right, Self::Top, Self::Middle, Self::Bottom];

    /// The menu label, which is also the undo step's name.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Left => "Align left",
            Self::Center => "Align centre",
            Self::Right => "Align right",
            Self::Top => "Align top",
            Self::Middle => "Align middle",
            Self::Bottom => "Align bottom",
        }
    }
}

/// The direction in which to spread boxes evenly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Axis {
    /// Left to right.
    Horizontal,
    /// Top to bottom.
    Vertical,
}

impl Axis {
    /// The menu label, which is also the undo step's name.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Horizontal => "Distribute horizontally",
            Self::Vertical => "Distribute vertically",
        }
    }
}

/// What an Arrange command does to the selected elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrangement {
    /// Line them up.
    Align(Alignment),
    /// Spread them with equal gaps.
    Distribute(Axis),
}

impl Arrangement {
    /// The menu label, which is also the undo step's name.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Align(a) => a.label(),
            Self::Distribute(a) => a.label(),
        }
    }

    /// How many elements it needs to change anything.
    #[must_use]
    pub const fn needs(self) -> usize {
        match self {
            Self::Align(_) => 2,
            Self::Distribute(_) => 3,
        }
    }
}

fn dfd<'a>(model: &'a Model, diagram: &DiagramId) -> Option<&'a DfdView> {
    match model.diagram(diagram).map(|d| &d.view) {
        Some(DiagramView::Dfd(v)) => Some(v),
        _ => None,
    }
}

/// A transaction called `label` that sets each changed box; unchanged ones are left out, so an
/// arrangement that changes nothing is empty and makes no undo step.
fn set_boxes(view: &DfdView, diagram: &DiagramId, label: &str, boxes: Vec<(ElementId, Rect)>) -> Transaction {
    let mut tx = Transaction::new(label);
    for (id, rect) in boxes {
        if view.nodes.get(&id) != Some(&rect) {
            tx.push(Edit::Node(diagram.clone(), id, Some(rect)));
        }
    }
    tx
}

/// Applies `arrangement` to the `elements` placed on `diagram` (others are ignored).
#[must_use]
pub fn arrange(
    model: &Model,
    diagram: &DiagramId,
    elements: &BTreeSet<ElementId>,
    arrangement: Arrangement,
) -> Transaction {
    match arrangement {
        Arrangement::Align(a) => align(model, diagram, elements, a),
        Arrangement::Distribute(a) => distribute(model, diagram, elements, a),
    }
}

/// Lines up the `elements` placed on `diagram`: their left edges on the leftmost, their
/// centres on the middle of the selection, and so on.
#[must_use]
pub fn align(model: &Model, diagram: &DiagramId, elements: &BTreeSet<ElementId>, alignment: Alignment) -> Transaction {
    let Some(view) = dfd(model, diagram) else { return Transaction::new(alignment.label()) };
    let placed: Vec<(ElementId, Rect)> =
        elements.iter().filter_map(|id| view.nodes.get(id).map(|r| (id.clone(), *r))).collect();
    if placed.len() < 2 {
        return Transaction::new(alignment.label());
    }
    let left = placed.iter().map(|(_, r)| r.x).min().unwrap_or(0);
    let top = placed.iter().map(|(_, r)| r.y).min().unwrap_or(0);
    let right = placed.iter().map(|(_, r)| r.x.saturating_add(r.w)).max().unwrap_or(0);
    let bottom = placed.iter().map(|(_, r)| r.y.saturating_add(r.h)).max().unwrap_or(0);
    let (mid_x, mid_y) = (left.midpoint(right), top.midpoint(bottom));
    let boxes = placed
        .into_iter()
        .map(|(id, r)| {
            let (x, y) = match alignment {
                Alignment::Left => (left, r.y),
                Alignment::Center => (mid_x - r.w / 2, r.y),
                Alignment::Right => (right - r.w, r.y),
                Alignment::Top => (r.x, top),
                Alignment::Middle => (r.x, mid_y - r.h / 2),
                Alignment::Bottom => (r.x, bottom - r.h),
            };
            (id, Rect::new(clamp_coord(x), clamp_coord(y), r.w, r.h))
        })
        .collect();
    set_boxes(view, diagram, alignment.label(), boxes)
}

/// Spreads the `elements` placed on `diagram` along `axis` with equal gaps between them,
/// keeping the first and the last where they are (ordered by their centres). Boxes wider than
/// the room between the two ends are spaced by their centres instead.
#[must_use]
pub fn distribute(model: &Model, diagram: &DiagramId, elements: &BTreeSet<ElementId>, axis: Axis) -> Transaction {
    let Some(view) = dfd(model, diagram) else { return Transaction::new(axis.label()) };
    // (start, size) along the axis.
    let span = |r: &Rect| match axis {
        Axis::Horizontal => (i64::from(r.x), i64::from(r.w)),
        Axis::Vertical => (i64::from(r.y), i64::from(r.h)),
    };
    let mut placed: Vec<(ElementId, Rect)> =
        elements.iter().filter_map(|id| view.nodes.get(id).map(|r| (id.clone(), *r))).collect();
    if placed.len() < 3 {
        return Transaction::new(axis.label());
    }
    placed.sort_by_key(|(id, r)| {
        let (start, size) = span(r);
        (2 * start + size, id.clone())
    });
    let n = placed.len();
    let (first_start, _) = span(&placed[0].1);
    let (last_start, last_size) = span(&placed[n - 1].1);
    let total: i64 = placed.iter().map(|(_, r)| span(r).1).sum();
    let room = last_start + last_size - first_start;
    let gaps = i64::try_from(n - 1).unwrap_or(1);
    let starts: Vec<i64> = if room >= total {
        // Equal gaps: the k-th box starts after the boxes before it and k gaps.
        let free = room - total;
        let mut before = 0;
        placed
            .iter()
            .enumerate()
            .map(|(k, (_, r))| {
                let k = i64::try_from(k).unwrap_or(0);
                let start = first_start + before + free * k / gaps;
                before += span(r).1;
                start
            })
            .collect()
    } else {
        // Equal steps between centres (in doubled units, to stay whole).
        let (c0, c1) = (2 * first_start + span(&placed[0].1).1, 2 * last_start + last_size);
        placed
            .iter()
            .enumerate()
            .map(|(k, (_, r))| {
                let k = i64::try_from(k).unwrap_or(0);
                (c0 + (c1 - c0) * k / gaps - span(r).1) / 2
            })
            .collect()
    };
    let boxes = placed
        .into_iter()
        .zip(starts)
        .map(|((id, r), start)| {
            let start = clamp_coord(i32::try_from(start).unwrap_or(r.x));
            let rect = match axis {
                Axis::Horizontal => Rect::new(start, r.y, r.w, r.h),
                Axis::Vertical => Rect::new(r.x, start, r.w, r.h),
            };
            (id, rect)
        })
        .collect();
    set_boxes(view, diagram, axis.label(), boxes)
}

/// Gives `element` the box `rect` on `diagram`, its size kept between [`MIN_ELEMENT`] and
/// [`crate::model::MAX_EXTENT`]. Empty when nothing changes or the element is not placed there.
#[must_use]
pub fn resize_element(model: &Model, diagram: &DiagramId, element: &ElementId, rect: Rect) -> Transaction {
    let mut tx = Transaction::new("Resize element");
    let Some(old) = dfd(model, diagram).and_then(|v| v.nodes.get(element)) else { return tx };
    let rect = Rect::new(
        clamp_coord(rect.x),
        clamp_coord(rect.y),
        rect.w.clamp(MIN_ELEMENT.0, MAX_EXTENT),
        rect.h.clamp(MIN_ELEMENT.1, MAX_EXTENT),
    );
    if *old != rect {
        tx.push(Edit::Node(diagram.clone(), element.clone(), Some(rect)));
    }
    tx
}

/// The innermost boundary drawn on `view` whose box holds `p`: the one the membership sync
/// after a move would pick.
fn innermost_at(model: &Model, view: &DfdView, p: crate::model::Point) -> Option<BoundaryId> {
    let area = |r: &Rect| i64::from(r.w) * i64::from(r.h);
    view.boundaries
        .iter()
        .filter(|(b, r)| model.boundaries.contains_key(*b) && r.contains(p))
        .min_by_key(|(b, r)| (area(r), (*b).clone()))
        .map(|(b, _)| b.clone())
}

/// Margin kept between a moved element and the edge of the boundary it goes into.
const INSET: i32 = 20;
/// Room left above a moved element for the boundary's name.
const NAME_BAND: i32 = 30;

/// Where `rect` goes inside boundary `target`'s box `area`: the free spot nearest where it is,
/// whose centre the membership sync would give to `target` (not inside a nested boundary) and
/// which overlaps no other element if one can be found.
fn spot_inside(
    model: &Model,
    view: &DfdView,
    element: &ElementId,
    rect: Rect,
    target: &BoundaryId,
    area: Rect,
) -> Rect {
    let (x0, y0) = (area.x + INSET, area.y + NAME_BAND);
    let (x1, y1) = (area.x + area.w - INSET - rect.w, area.y + area.h - INSET - rect.h);
    if x1 < x0 || y1 < y0 {
        // Too small to hold it with margins: centre it.
        let c = area.center();
        return Rect::new(c.x - rect.w / 2, c.y - rect.h / 2, rect.w, rect.h);
    }
    // About 50 × 50 candidate spots at most, on the grid.
    let step = ((x1 - x0).max(y1 - y0) / 50).max(10) / 10 * 10;
    let overlaps = |r: &Rect| {
        view.nodes
            .iter()
            .any(|(id, o)| id != element && r.x < o.x + o.w && o.x < r.x + r.w && r.y < o.y + o.h && o.y < r.y + r.h)
    };
    let wanted = (rect.x.clamp(x0, x1), rect.y.clamp(y0, y1));
    let mut best: Option<(bool, i64, Rect)> = None;
    let mut y = y0;
    while y <= y1 {
        let mut x = x0;
        while x <= x1 {
            let candidate = Rect::new(x, y, rect.w, rect.h);
            if innermost_at(model, view, candidate.center()).as_ref() == Some(target) {
                let distance = i64::from(x - wanted.0).pow(2) + i64::from(y - wanted.1).pow(2);
                let key = (overlaps(&candidate), distance);
                if best.as_ref().is_none_or(|(o, d, _)| key < (*o, *d)) {
                    best = Some((key.0, key.1, candidate));
                }
            }
            x += step;
        }
        y += step;
    }
    best.map_or(Rect::new(wanted.0, wanted.1, rect.w, rect.h), |(_, _, r)| r)
}

/// Where `rect` goes to be outside every boundary drawn on `view`: to the right of the
/// boundaries that hold its centre.
fn spot_outside(model: &Model, view: &DfdView, rect: Rect) -> Rect {
    let mut moved = rect;
    for _ in 0..=view.boundaries.len() {
        let Some(holder) = innermost_at(model, view, moved.center()) else { break };
        // Step past the outermost drawn boundary around the holder.
        let outer = std::iter::once(holder.clone())
            .chain(model.ancestors(&holder).cloned())
            .filter_map(|b| view.boundaries.get(&b))
            .map(|r| r.x.saturating_add(r.w))
            .max()
            .unwrap_or(moved.x);
        moved = Rect::new(clamp_coord(outer.saturating_add(40)), moved.y, moved.w, moved.h);
    }
    moved
}

/// Puts `elements` in trust boundary `boundary` (or in none). On `diagram`, a data-flow diagram
/// that draws them, each element whose box is not already in the right place moves: into a
/// free spot inside the boundary's box, or out to the right of the boxes around it, so the next
/// move keeps the membership chosen here. One undo step.
#[must_use]
pub fn move_to_boundary(
    model: &Model,
    diagram: Option<&DiagramId>,
    elements: &BTreeSet<ElementId>,
    boundary: Option<&BoundaryId>,
) -> Transaction {
    let mut tx = Transaction::new("Move to trust boundary");
    if boundary.is_some_and(|b| !model.boundaries.contains_key(b)) {
        return tx;
    }
    let view = diagram.and_then(|d| dfd(model, d).map(|v| (d, v)));
    for id in elements {
        tx.edits.extend(update_element(model, id, |e| e.boundary = boundary.cloned()).edits);
        let Some((diagram, view)) = view else { continue };
        let Some(rect) = view.nodes.get(id).copied() else { continue };
        let drawn_target = boundary.and_then(|b| view.boundaries.get(b).map(|r| (b, *r)));
        if boundary.is_some() && drawn_target.is_none() {
            // The boundary is not drawn here: the diagram has nothing to say about it.
            continue;
        }
        if innermost_at(model, view, rect.center()).as_ref() == boundary {
            continue;
        }
        let moved = match drawn_target {
            Some((b, area)) => spot_inside(model, view, id, rect, b, area),
            None => spot_outside(model, view, rect),
        };
        if moved != rect {
            tx.push(Edit::Node(diagram.clone(), id.clone(), Some(moved)));
        }
    }
    tx
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::History;
    use crate::edit::commands::{add_boundary, add_diagram, add_element, sync_membership};
    use crate::model::ElementKindTag;

    struct Fixture {
        model: Model,
        history: History,
        diagram: DiagramId,
    }

    impl Fixture {
        fn new() -> Self {
            let mut model = Model::default();
            let mut history = History::new();
            let (diagram, tx) = add_diagram(&model, "d", false);
            history.execute(&mut model, tx).expect("diagram");
            Self { model, history, diagram }
        }

        fn element(&mut self, rect: Rect) -> ElementId {
            let (id, tx) = add_element(ElementKindTag::Process, "p", None, Some((&self.diagram, rect)));
            self.history.execute(&mut self.model, tx).expect("element");
            id
        }

        fn boundary(&mut self, rect: Rect) -> BoundaryId {
            let (id, tx) = add_boundary("b", None, Some((&self.diagram, rect)));
            self.history.execute(&mut self.model, tx).expect("boundary");
            id
        }

        fn node(&self, id: &ElementId) -> Rect {
            dfd(&self.model, &self.diagram).expect("dfd").nodes[id]
        }

        /// Runs `tx`, checks one undo restores the model exactly, then redoes it.
        fn run_and_check_undo(&mut self, tx: Transaction) {
            let before = self.model.clone();
            assert!(self.history.execute(&mut self.model, tx).expect("runs"));
            let after = self.model.clone();
            self.history.undo(&mut self.model).expect("undo");
            assert_eq!(self.model, before, "one undo step restores everything");
            self.history.redo(&mut self.model).expect("redo");
            assert_eq!(self.model, after);
        }
    }

    #[test]
    fn align_lines_up_edges_and_centres_in_one_undo_step() {
        let mut f = Fixture::new();
        let a = f.element(Rect::new(0, 0, 100, 60));
        let b = f.element(Rect::new(300, 200, 160, 90));
        let c = f.element(Rect::new(150, 500, 40, 30));
        let all: BTreeSet<ElementId> = [a.clone(), b.clone(), c.clone()].into();
        let expected = [
            (Alignment::Left, [0, 0, 0], None),
            (Alignment::Right, [360, 300, 420], None),
            (Alignment::Center, [180, 150, 210], None),
            (Alignment::Top, [0, 300, 150], Some([0, 0, 0])),
            (Alignment::Bottom, [0, 300, 150], Some([470, 440, 500])),
            (Alignment::Middle, [0, 300, 150], Some([235, 220, 250])),
        ];
        for (alignment, xs, ys) in expected {
            let tx = align(&f.model, &f.diagram, &all, alignment);
            assert_eq!(tx.label, alignment.label());
            let before = f.model.clone();
            f.run_and_check_undo(tx);
            let got: Vec<Rect> = [&a, &b, &c].iter().map(|id| f.node(id)).collect();
            assert_eq!(got.iter().map(|r| r.x).collect::<Vec<_>>(), xs, "{alignment:?}");
            if let Some(ys) = ys {
                assert_eq!(got.iter().map(|r| r.y).collect::<Vec<_>>(), ys, "{alignment:?}");
            }
            assert!(got.iter().zip([(100, 60), (160, 90), (40, 30)]).all(|(r, s)| (r.w, r.h) == s), "sizes kept");
            f.history.undo(&mut f.model).expect("undo");
            assert_eq!(f.model, before);
        }
    }

    #[test]
    fn aligning_what_is_aligned_or_too_few_changes_nothing() {
        let mut f = Fixture::new();
        let a = f.element(Rect::new(0, 0, 100, 60));
        let b = f.element(Rect::new(0, 200, 100, 60));
        assert!(align(&f.model, &f.diagram, &[a.clone(), b].into(), Alignment::Left).is_empty());
        assert!(align(&f.model, &f.diagram, &[a.clone()].into(), Alignment::Top).is_empty());
        let elsewhere = ElementId::new("not-placed");
        assert!(align(&f.model, &f.diagram, &[a, elsewhere].into(), Alignment::Right).is_empty());
    }

    #[test]
    #[allow(clippy::many_single_char_names, reason = "a to d name the boxes, f the fixture")]
    fn distribute_makes_equal_gaps_keeping_the_ends() {
        let mut f = Fixture::new();
        let a = f.element(Rect::new(0, 0, 100, 60));
        let b = f.element(Rect::new(130, 40, 50, 60));
        let c = f.element(Rect::new(500, 80, 100, 60));
        let d = f.element(Rect::new(300, 10, 70, 60));
        let all: BTreeSet<ElementId> = [a.clone(), b.clone(), c.clone(), d.clone()].into();
        let tx = distribute(&f.model, &f.diagram, &all, Axis::Horizontal);
        f.run_and_check_undo(tx);
        // Room 600, boxes 320 wide: three gaps of 280/3.
        let xs: Vec<i32> = [&a, &b, &d, &c].iter().map(|id| f.node(id).x).collect();
        assert_eq!(xs, vec![0, 193, 336, 500]);
        let ys: Vec<i32> = [&a, &b, &c, &d].iter().map(|id| f.node(id).y).collect();
        assert_eq!(ys, vec![0, 40, 80, 10], "distributing horizontally keeps y");
        assert!(distribute(&f.model, &f.diagram, &all, Axis::Horizontal).is_empty(), "a second time is a no-op");
        let tx = distribute(&f.model, &f.diagram, &all, Axis::Vertical);
        f.run_and_check_undo(tx);
        let ys: Vec<i32> = [&a, &d, &b, &c].iter().map(|id| f.node(id).y).collect();
        assert_eq!(ys, vec![0, 26, 53, 80], "centres 30, 56, 83, 110 minus half the height");
    }

    #[test]
    fn distribute_spaces_centres_when_boxes_overlap() {
        let mut f = Fixture::new();
        let a = f.element(Rect::new(0, 0, 200, 60));
        let b = f.element(Rect::new(20, 0, 200, 60));
        let c = f.element(Rect::new(100, 0, 200, 60));
        let tx = distribute(&f.model, &f.diagram, &[a.clone(), b.clone(), c.clone()].into(), Axis::Horizontal);
        f.run_and_check_undo(tx);
        assert_eq!([&a, &b, &c].map(|id| f.node(id).x), [0, 50, 100]);
    }

    #[test]
    fn resize_keeps_sizes_within_limits() {
        let mut f = Fixture::new();
        let a = f.element(Rect::new(0, 0, 100, 60));
        let tx = resize_element(&f.model, &f.diagram, &a, Rect::new(10, 20, 3, -5));
        f.run_and_check_undo(tx);
        assert_eq!(f.node(&a), Rect::new(10, 20, MIN_ELEMENT.0, MIN_ELEMENT.1));
        let tx = resize_element(&f.model, &f.diagram, &a, Rect::new(10, 20, 1_000_000, 80));
        f.run_and_check_undo(tx);
        assert_eq!(f.node(&a), Rect::new(10, 20, MAX_EXTENT, 80));
        assert!(resize_element(&f.model, &f.diagram, &a, Rect::new(10, 20, MAX_EXTENT, 80)).is_empty());
        assert!(resize_element(&f.model, &f.diagram, &ElementId::new("x"), Rect::new(0, 0, 50, 50)).is_empty());
        let text = crate::format::to_canonical_string(&f.model);
        crate::format::load_bytes(text.as_bytes(), "resized").expect("still loads");
    }

    #[test]
    fn moving_into_a_boundary_finds_a_free_spot_that_the_next_move_keeps() {
        let mut f = Fixture::new();
        let outer = f.boundary(Rect::new(0, 0, 600, 400));
        let inner = f.boundary(Rect::new(20, 30, 300, 300));
        let sync = sync_membership(&f.model, &f.diagram, &BTreeSet::new(), &[outer.clone(), inner.clone()].into());
        f.history.execute(&mut f.model, sync).expect("nest");
        let resident = f.element(Rect::new(340, 40, 100, 60));
        let e = f.element(Rect::new(900, 50, 100, 60));
        let tx = move_to_boundary(&f.model, Some(&f.diagram), &[e.clone()].into(), Some(&outer));
        f.run_and_check_undo(tx);
        assert_eq!(f.model.elements[&e].boundary.as_ref(), Some(&outer));
        let r = f.node(&e);
        let (area, nested, other) = (Rect::new(0, 0, 600, 400), Rect::new(20, 30, 300, 300), f.node(&resident));
        assert!(area.contains_rect(&r), "inside the boundary: {r:?}");
        assert!(!nested.contains(r.center()), "not inside the nested boundary: {r:?}");
        let overlap = r.x < other.x + other.w && other.x < r.x + r.w && r.y < other.y + other.h && other.y < r.y + r.h;
        assert!(!overlap, "not on top of another element: {r:?}");
        let sync = sync_membership(&f.model, &f.diagram, &[e.clone()].into(), &BTreeSet::new());
        assert!(sync.is_empty(), "the next move keeps the membership: {sync:?}");

        // Out of every boundary: to the right of the outermost one.
        let tx = move_to_boundary(&f.model, Some(&f.diagram), &[e.clone()].into(), None);
        f.run_and_check_undo(tx);
        assert_eq!(f.model.elements[&e].boundary, None);
        assert!(f.node(&e).x >= 600, "{:?}", f.node(&e));
        let sync = sync_membership(&f.model, &f.diagram, &[e.clone()].into(), &BTreeSet::new());
        assert!(sync.is_empty(), "{sync:?}");
        // Already where it belongs: nothing moves, nothing to undo.
        assert!(move_to_boundary(&f.model, Some(&f.diagram), &[e].into(), None).is_empty());
    }

    #[test]
    fn moving_to_a_boundary_not_drawn_here_only_changes_membership() {
        let mut f = Fixture::new();
        let (hidden, tx) = add_boundary("elsewhere", None, None);
        f.history.execute(&mut f.model, tx).expect("boundary");
        let e = f.element(Rect::new(0, 0, 100, 60));
        let tx = move_to_boundary(&f.model, Some(&f.diagram), &[e.clone()].into(), Some(&hidden));
        assert_eq!(tx.edits.len(), 1, "{tx:?}");
        f.run_and_check_undo(tx);
        assert_eq!(f.node(&e), Rect::new(0, 0, 100, 60));
        assert!(move_to_boundary(&f.model, None, &[e].into(), Some(&BoundaryId::new("gone"))).is_empty());
    }
}

//! Trust boundaries on a sequence diagram: a labelled band behind each run of adjacent
//! lifelines inside a boundary, nested bands inset within their parents, and the band edge a
//! message crosses when its flow crosses the boundary.
//!
//! Built in one pass over the lifelines, carrying the runs still open, so the work grows with
//! the lifelines times the nesting depth, never with lifelines × boundaries. Only the outermost
//! [`MAX_BAND_DEPTH`] levels of nesting get bands: each level insets its band further, so
//! deeper ones would not fit a column, and a file nesting thousands of boundaries would
//! otherwise draw thousands of bands per lifeline.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{BoundaryId, ElementId, Model};

/// How many levels of boundary nesting a sequence diagram draws as bands.
pub const MAX_BAND_DEPTH: usize = 32;

/// A band: the x-extent of a run of adjacent lifelines inside one boundary.
pub(super) struct Band {
    /// The boundary.
    pub boundary: BoundaryId,
    /// Left edge, inset by depth.
    pub left: f32,
    /// Right edge, inset by depth.
    pub right: f32,
    /// How deeply the boundary nests (0 at the top).
    pub depth: usize,
    /// The columns of the run's first and last lifelines.
    columns: (f32, f32),
}

/// The bands of one sequence diagram, in painting order, and the boundaries each element sits
/// in.
pub(super) struct Bands<'a> {
    /// Outer bands first; then by boundary id; then left to right.
    pub list: Vec<Band>,
    /// For each boundary, its bands' positions in `list`, left to right.
    by_boundary: BTreeMap<&'a BoundaryId, Vec<usize>>,
    chains: Chains<'a>,
}

impl<'a> Bands<'a> {
    /// The bands over `lifelines`, each with the x of its column, `spacing` apart.
    pub fn new(model: &'a Model, lifelines: &[(&ElementId, f32)], spacing: f32) -> Self {
        let chains = Chains::new(model);
        let mut list = Vec::new();
        let mut open: BTreeMap<&BoundaryId, (f32, f32)> = BTreeMap::new();
        let close = |list: &mut Vec<Band>, boundary: &BoundaryId, (l, r): (f32, f32)| {
            let depth = chains.depth.get(boundary).copied().unwrap_or_default();
            let inset = 6.0 + 9.0 * depth as f32;
            list.push(Band {
                boundary: boundary.clone(),
                left: l - spacing / 2.0 + inset,
                right: r + spacing / 2.0 - inset,
                depth,
                columns: (l, r),
            });
        };
        for (id, x) in lifelines {
            let inside: BTreeSet<&BoundaryId> = chains.of(id).into_iter().collect();
            // The open runs are those of the previous lifeline: at most MAX_BAND_DEPTH.
            let ended: Vec<&BoundaryId> = open.keys().filter(|b| !inside.contains(*b)).copied().collect();
            for boundary in ended {
                if let Some(run) = open.remove(boundary) {
                    close(&mut list, boundary, run);
                }
            }
            for boundary in inside {
                open.entry(boundary).and_modify(|run| run.1 = *x).or_insert((*x, *x));
            }
        }
        for (boundary, run) in open {
            close(&mut list, boundary, run);
        }
        list.sort_by(|a, b| {
            (a.depth, &a.boundary).cmp(&(b.depth, &b.boundary)).then(a.columns.0.total_cmp(&b.columns.0))
        });
        let mut by_boundary: BTreeMap<&BoundaryId, Vec<usize>> = BTreeMap::new();
        for (i, band) in list.iter().enumerate() {
            if let Some((boundary, _)) = model.boundaries.get_key_value(&band.boundary) {
                by_boundary.entry(boundary).or_default().push(i);
            }
        }
        Self { list, by_boundary, chains }
    }

    /// The number of label rows the bands need above the lifeline heads.
    pub fn label_rows(&self) -> usize {
        self.list.iter().map(|b| b.depth + 1).max().unwrap_or(0)
    }

    /// The bands whose edge a message from the column at `x_from` to the one at `x_to` crosses
    /// because its flow, from `source` to `target`, crosses their boundary: for each boundary
    /// containing one end only, the band around that end. In painting order.
    pub fn crossed(&self, source: &ElementId, target: &ElementId, x_from: f32, x_to: f32) -> Vec<&Band> {
        let source: BTreeSet<&BoundaryId> = self.chains.of(source).into_iter().collect();
        let target: BTreeSet<&BoundaryId> = self.chains.of(target).into_iter().collect();
        let mut hits: Vec<usize> = Vec::new();
        for boundary in source.symmetric_difference(&target) {
            let Some(bands) = self.by_boundary.get(*boundary) else { continue };
            for x in [x_from, x_to] {
                let after = bands.partition_point(|i| self.list[*i].columns.0 <= x);
                if let Some(i) = after.checked_sub(1).map(|k| bands[k])
                    && self.list[i].columns.1 >= x
                {
                    hits.push(i);
                }
            }
        }
        hits.sort_unstable();
        hits.dedup();
        hits.into_iter().map(|i| &self.list[i]).collect()
    }
}

/// The boundaries an element sits in, up to [`MAX_BAND_DEPTH`] levels from the top.
struct Chains<'a> {
    model: &'a Model,
    /// The depth of each boundary not on or inside a circle.
    depth: BTreeMap<&'a BoundaryId, usize>,
    /// For a boundary nested deeper than bands go, its enclosing boundary at the deepest
    /// level that has bands.
    deepest_drawn: BTreeMap<&'a BoundaryId, &'a BoundaryId>,
}

impl<'a> Chains<'a> {
    fn new(model: &'a Model) -> Self {
        let depth = model.nesting().depth;
        let mut deep: Vec<(&BoundaryId, usize)> =
            depth.iter().filter(|(_, d)| **d >= MAX_BAND_DEPTH).map(|(b, d)| (*b, *d)).collect();
        deep.sort_by_key(|(b, d)| (*d, *b));
        let mut deepest_drawn: BTreeMap<&BoundaryId, &BoundaryId> = BTreeMap::new();
        // Shallower first, so each boundary's parent is settled before it.
        for (boundary, _) in deep {
            let Some((parent, _)) = model
                .boundaries
                .get(boundary)
                .and_then(|b| b.parent.as_ref())
                .and_then(|p| model.boundaries.get_key_value(p))
            else {
                continue;
            };
            let drawn = deepest_drawn.get(parent).copied().unwrap_or(parent);
            deepest_drawn.insert(boundary, drawn);
        }
        Self { model, depth, deepest_drawn }
    }

    /// The boundaries with bands that contain `element`, innermost first.
    fn of(&self, element: &ElementId) -> Vec<&'a BoundaryId> {
        let mut chain = Vec::new();
        let Some(innermost) = self.model.elements.get(element).and_then(|e| e.boundary.as_ref()) else {
            return chain;
        };
        let Some((mut at, _)) = self.depth.get_key_value(innermost) else {
            return chain;
        };
        if let Some(drawn) = self.deepest_drawn.get(at) {
            at = drawn;
        }
        while chain.len() < MAX_BAND_DEPTH {
            chain.push(at);
            let parent = self.model.boundaries.get(at).and_then(|b| b.parent.as_ref());
            match parent.and_then(|p| self.depth.get_key_value(p)) {
                Some((p, _)) => at = p,
                None => break,
            }
        }
        chain
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Element, TrustBoundary};

    /// Boundaries `b0` ⊃ `b1` ⊃ … (`depth` of them) and one element per entry of `homes`, in the
    /// boundary of that index (or none).
    fn model(depth: usize, homes: &[Option<usize>]) -> Model {
        let mut m = Model::default();
        for i in 0..depth {
            let parent = i.checked_sub(1).map(|p| BoundaryId::new(format!("b{p}")));
            m.boundaries.insert(BoundaryId::new(format!("b{i}")), TrustBoundary { parent, ..TrustBoundary::default() });
        }
        for (i, home) in homes.iter().enumerate() {
            let boundary = home.map(|b| BoundaryId::new(format!("b{b}")));
            m.elements.insert(ElementId::new(format!("e{i}")), Element { boundary, ..Element::default() });
        }
        m
    }

    fn ids(n: usize) -> Vec<ElementId> {
        (0..n).map(|i| ElementId::new(format!("e{i}"))).collect()
    }

    fn summary(bands: &Bands<'_>) -> Vec<(String, usize, (f32, f32))> {
        bands.list.iter().map(|b| (b.boundary.to_string(), b.depth, b.columns)).collect()
    }

    #[test]
    fn runs_of_adjacent_lifelines_outer_first_then_left_to_right() {
        let m = model(2, &[Some(1), Some(0), None, Some(1)]);
        let ids = ids(4);
        let columns: Vec<(&ElementId, f32)> = ids.iter().zip([0.0, 100.0, 200.0, 300.0]).collect();
        let bands = Bands::new(&m, &columns, 100.0);
        assert_eq!(
            summary(&bands),
            [
                ("b0".to_owned(), 0, (0.0, 100.0)),
                ("b0".to_owned(), 0, (300.0, 300.0)),
                ("b1".to_owned(), 1, (0.0, 0.0)),
                ("b1".to_owned(), 1, (300.0, 300.0)),
            ]
        );
        assert_eq!(bands.label_rows(), 2);
        assert_eq!((bands.list[2].left, bands.list[2].right), (-50.0 + 15.0, 50.0 - 15.0), "inset by depth");

        // e0 (in b1) to e2 (outside): crosses b1 and b0, at the bands around e0.
        let crossed: Vec<_> = bands.crossed(&ids[0], &ids[2], 0.0, 200.0).iter().map(|b| b.columns).collect();
        assert_eq!(crossed, [(0.0, 100.0), (0.0, 0.0)]);
        assert!(bands.crossed(&ids[0], &ids[3], 0.0, 300.0).is_empty(), "both ends in b1: nothing crossed");
        let crossed: Vec<_> = bands.crossed(&ids[1], &ids[3], 100.0, 300.0).iter().map(|b| b.columns).collect();
        assert_eq!(crossed, [(300.0, 300.0)], "only b1 is crossed, at e3's band");
    }

    #[test]
    fn only_the_outermost_levels_get_bands() {
        let deep = MAX_BAND_DEPTH + 8;
        let m = model(deep, &[Some(deep - 1), None]);
        let ids = ids(2);
        let columns: Vec<(&ElementId, f32)> = ids.iter().zip([0.0, 100.0]).collect();
        let bands = Bands::new(&m, &columns, 100.0);
        assert_eq!(bands.list.len(), MAX_BAND_DEPTH);
        assert_eq!(bands.label_rows(), MAX_BAND_DEPTH);
        assert_eq!(bands.list.last().map(|b| b.depth), Some(MAX_BAND_DEPTH - 1));
        assert_eq!(bands.crossed(&ids[0], &ids[1], 0.0, 100.0).len(), MAX_BAND_DEPTH);
    }

    #[test]
    fn boundaries_in_a_circle_get_no_band_and_do_not_hang() {
        let mut m = model(2, &[Some(1)]);
        if let Some(b) = m.boundaries.get_mut(&BoundaryId::new("b0")) {
            b.parent = Some(BoundaryId::new("b1"));
        }
        let ids = ids(1);
        let bands = Bands::new(&m, &[(&ids[0], 0.0)], 100.0);
        assert!(bands.list.is_empty());
    }
}

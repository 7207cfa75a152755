//! How trust boundaries nest, worked out for all of them in one pass: how deep each sits and
//! which ones nest in a circle. Climbing from every boundary separately costs the depth each
//! time, which a chain of thousands of boundaries turns into millions of steps; here every
//! boundary is visited once.

use std::collections::BTreeMap;

use super::Model;
use super::ids::BoundaryId;

/// The nesting of every boundary of a model: see [`Model::nesting`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Nesting<'a> {
    /// How many boundaries enclose each boundary (0 at the top level), as
    /// [`Model::boundary_depth`] counts them: a parent that does not exist counts as one. A
    /// boundary on a circle, or inside one, has no depth.
    pub depth: BTreeMap<&'a BoundaryId, usize>,
    /// Each circle of boundaries once, starting at its smallest id and following parents.
    pub cycles: Vec<Vec<&'a BoundaryId>>,
}

/// What a climb from one boundary found above the last boundary it reached.
enum Above {
    /// The last boundary has this depth.
    Depth(usize),
    /// The last boundary is on or inside a circle; the circle starts at this position of the
    /// climb's path if the climb found it.
    Circle(Option<usize>),
}

impl Model {
    /// The depth of every boundary and every circle of boundaries, visiting each boundary
    /// once: O(n log n) in the number of boundaries, however deep they nest.
    #[must_use]
    pub fn nesting(&self) -> Nesting<'_> {
        let mut known: BTreeMap<&BoundaryId, Option<usize>> = BTreeMap::new();
        let mut cycles = Vec::new();
        for start in self.boundaries.keys() {
            if known.contains_key(start) {
                continue;
            }
            let mut path: Vec<&BoundaryId> = vec![start];
            let mut on_path: BTreeMap<&BoundaryId, usize> = BTreeMap::from([(start, 0)]);
            let mut above = None;
            for ancestor in self.ancestors(start) {
                above = match known.get(ancestor) {
                    Some(Some(depth)) => Some(Above::Depth(depth + 1)),
                    Some(None) => Some(Above::Circle(None)),
                    None if !self.boundaries.contains_key(ancestor) => Some(Above::Depth(1)),
                    None => on_path.get(ancestor).map(|at| Above::Circle(Some(*at))),
                };
                if above.is_some() {
                    break;
                }
                on_path.insert(ancestor, path.len());
                path.push(ancestor);
            }
            // The walk stops at the top, or when its step budget (one step per other boundary)
            // runs out on a path through every boundary: the last one's parent then says which.
            let above = above.unwrap_or_else(|| {
                let parent = path.last().and_then(|b| self.boundaries.get(*b)).and_then(|b| b.parent.as_ref());
                match parent.map(|p| on_path.get(p)) {
                    None => Above::Depth(0),
                    Some(Some(at)) => Above::Circle(Some(*at)),
                    Some(None) => Above::Depth(1),
                }
            });
            match above {
                Above::Depth(top) => {
                    for (depth, b) in (top..).zip(path.iter().rev()) {
                        known.insert(b, Some(depth));
                    }
                }
                Above::Circle(at) => {
                    if let Some(at) = at {
                        let mut cycle = path[at..].to_vec();
                        let smallest = cycle.iter().enumerate().min_by_key(|(_, b)| **b).map_or(0, |(i, _)| i);
                        cycle.rotate_left(smallest);
                        cycles.push(cycle);
                    }
                    known.extend(path.iter().map(|b| (*b, None)));
                }
            }
        }
        cycles.sort();
        let depth = known.into_iter().filter_map(|(b, d)| d.map(|d| (b, d))).collect();
        Nesting { depth, cycles }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TrustBoundary;

    fn model(parents: &[(&str, Option<&str>)]) -> Model {
        let mut m = Model::default();
        for (id, parent) in parents {
            m.boundaries.insert(
                BoundaryId::new(*id),
                TrustBoundary { parent: parent.map(BoundaryId::new), ..TrustBoundary::default() },
            );
        }
        m
    }

    fn ids(list: &[&BoundaryId]) -> Vec<String> {
        list.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn depths_agree_with_the_one_walk_up() {
        let m = model(&[("a", None), ("b", Some("a")), ("c", Some("b")), ("d", Some("ghost")), ("e", Some("d"))]);
        let nesting = m.nesting();
        for id in m.boundaries.keys() {
            assert_eq!(nesting.depth.get(id).copied(), Some(m.boundary_depth(id)), "{id}");
        }
        assert!(nesting.cycles.is_empty());
    }

    #[test]
    fn circles_are_found_once_from_their_smallest_id_and_have_no_depth() {
        let m = model(&[("x", Some("z")), ("y", Some("x")), ("z", Some("y")), ("under", Some("y")), ("top", None)]);
        let nesting = m.nesting();
        assert_eq!(nesting.cycles.len(), 1);
        assert_eq!(ids(&nesting.cycles[0]), ["x", "z", "y"]);
        assert_eq!(nesting.depth.len(), 1, "only the top-level boundary has a depth: {:?}", nesting.depth);
        let selfish = model(&[("s", Some("s"))]);
        assert_eq!(ids(&selfish.nesting().cycles[0]), ["s"]);
    }

    #[test]
    fn a_circle_through_every_boundary_is_found_when_the_walk_runs_out_of_steps() {
        let m = model(&[("a", Some("b")), ("b", Some("c")), ("c", Some("a"))]);
        assert_eq!(ids(&m.nesting().cycles[0]), ["a", "b", "c"]);
        let m = model(&[("a", Some("b")), ("b", Some("ghost"))]);
        assert_eq!(m.nesting().depth.get(&BoundaryId::new("a")), Some(&2), "a missing parent counts as one");
    }

    #[test]
    fn every_depth_of_a_long_chain() {
        let n: usize = 10_000;
        let parents: Vec<(String, Option<String>)> =
            (0..n).map(|i| (format!("b{i:05}"), i.checked_sub(1).map(|p| format!("b{p:05}")))).collect();
        let refs: Vec<(&str, Option<&str>)> = parents.iter().map(|(a, b)| (a.as_str(), b.as_deref())).collect();
        let m = model(&refs);
        let nesting = m.nesting();
        assert_eq!(nesting.depth.len(), n);
        assert!((0..n).all(|i| nesting.depth.get(&BoundaryId::new(format!("b{i:05}"))) == Some(&i)));
    }
}

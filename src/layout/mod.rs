//! Auto-layout of data-flow diagrams: flows run left to right in layers, and each trust boundary
//! is a cluster whose members sit together inside its box.
//!
//! Clusters are laid out from the inside out: each boundary's members and nested boundaries are
//! laid out as a small layered diagram of their own, the result becomes one box in the
//! diagram around it, and flows between clusters count as flows between those boxes. Boundary
//! boxes therefore always contain their members and never overlap one another, whatever the
//! flows do. Used for models that come without positions (OTM from code) and by the
//! record-level command [`crate::edit::auto_layout`] behind the editor's Arrange > Auto-layout.
//! Pure geometry: nothing here edits a model.
//!
//! No crate fitted: `dagre` (a port of dagre.js, the one crate with clusters and left-to-right
//! layers) took 5 s for 200 elements and 48 s for 500 in a release build and let cluster boxes
//! overlap on some graphs past 200 elements; `rust-sugiyama` and `layout-rs` have no clusters.

mod layered;
mod route;

pub use route::routes;

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{BoundaryId, ElementId, ElementKind, FlowId, Model, Point, Rect};

/// Padding between a boundary's box and what it holds.
const PADDING: i32 = 24;
/// Extra room at the top of a boundary's box for its name.
const NAME_ROOM: i32 = 26;
/// Where the layout starts on the canvas.
const ORIGIN: i32 = 40;

/// Positions for a set of elements and the boundaries around them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Arrangement {
    /// The box of each element.
    pub nodes: BTreeMap<ElementId, Rect>,
    /// The box of each boundary.
    pub boundaries: BTreeMap<BoundaryId, Rect>,
    /// Bend points of the flows that would otherwise run straight through another element or
    /// a boundary holding neither end.
    pub bends: BTreeMap<FlowId, Vec<Point>>,
}

/// The widest a flow's label is drawn (the scene wraps longer names), plus its padding.
const LABEL_MAX_WIDTH: i32 = 178;

/// About how wide a flow's label is drawn, so columns leave room for it.
fn label_width(name: &str) -> i32 {
    if name.is_empty() {
        return 0;
    }
    let chars = i32::try_from(name.chars().count()).unwrap_or(i32::MAX);
    chars.saturating_mul(7).saturating_add(8).min(LABEL_MAX_WIDTH)
}

/// The size an element gets when it has none yet: wide enough for a short name on one line.
#[must_use]
pub fn default_size(model: &Model, element: &ElementId) -> (i32, i32) {
    let Some(e) = model.elements.get(element) else { return (170, 80) };
    let chars = i32::try_from(e.name.chars().count()).unwrap_or(i32::MAX);
    let width = chars.saturating_mul(7).saturating_add(50).clamp(150, 240);
    match e.kind {
        ElementKind::Process(_) => (width + 10, 90),
        ElementKind::ExternalEntity(_) | ElementKind::DataStore(_) => (width, 70),
    }
}

/// Lays out `elements`, with the sizes given (others get [`default_size`]), inside every
/// boundary that holds one of them and every boundary in `boundaries` (which may be empty).
#[must_use]
pub fn arrange(
    model: &Model,
    elements: &BTreeSet<ElementId>,
    boundaries: &BTreeSet<BoundaryId>,
    sizes: &BTreeMap<ElementId, (i32, i32)>,
) -> Arrangement {
    // Every boundary drawn: those asked for and every one enclosing a laid-out element or a
    // drawn boundary.
    let mut drawn: BTreeSet<BoundaryId> =
        boundaries.iter().filter(|b| model.boundaries.contains_key(*b)).cloned().collect();
    for e in elements {
        drawn.extend(model.boundaries_containing(e));
    }
    for b in drawn.clone() {
        drawn.extend(model.ancestors(&b).cloned());
    }
    let parent_of =
        |b: &BoundaryId| model.boundaries.get(b).and_then(|x| x.parent.clone()).filter(|p| drawn.contains(p));
    let mut children: BTreeMap<Option<BoundaryId>, Vec<Item>> = BTreeMap::new();
    for b in &drawn {
        children.entry(parent_of(b)).or_default().push(Item::Boundary(b.clone()));
    }
    for e in elements.iter().filter(|e| model.elements.contains_key(*e)) {
        let home = model.elements.get(e).and_then(|x| x.boundary.clone()).filter(|b| drawn.contains(b));
        children.entry(home).or_default().push(Item::Element(e.clone()));
    }
    // Which item at each level stands for an element: the element itself or the cluster
    // holding it.
    let mut lineage: BTreeMap<ElementId, Vec<BoundaryId>> = BTreeMap::new();
    for e in elements {
        let mut chain: Vec<BoundaryId> =
            model.boundaries_containing(e).into_iter().filter(|b| drawn.contains(b)).collect();
        chain.reverse();
        lineage.insert(e.clone(), chain);
    }
    let flows: Vec<(&ElementId, &ElementId, i32)> = model
        .flows
        .values()
        .filter(|f| elements.contains(&f.source) && elements.contains(&f.target))
        .map(|f| (&f.source, &f.target, label_width(&f.name)))
        .collect();
    let context = Context { model, children: &children, lineage: &lineage, flows: &flows, sizes };
    let mut out = Arrangement::default();
    let block = context.block(None, 0);
    block.place((ORIGIN, ORIGIN), &mut out);
    out.bends = route::routes(model, &out.nodes, &out.boundaries);
    out
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Item {
    Element(ElementId),
    Boundary(BoundaryId),
}

struct Context<'a> {
    model: &'a Model,
    children: &'a BTreeMap<Option<BoundaryId>, Vec<Item>>,
    lineage: &'a BTreeMap<ElementId, Vec<BoundaryId>>,
    /// Flows between laid-out elements, with the width of their labels.
    flows: &'a [(&'a ElementId, &'a ElementId, i32)],
    sizes: &'a BTreeMap<ElementId, (i32, i32)>,
}

/// A laid-out cluster (or the whole diagram): its size and where its parts sit inside it.
struct Block {
    size: (i32, i32),
    boundary: Option<BoundaryId>,
    parts: Vec<((i32, i32), Part)>,
}

enum Part {
    Element(ElementId, (i32, i32)),
    Cluster(Block),
}

impl Context<'_> {
    /// Lays out what `boundary` (or, for `None`, the diagram) holds.
    fn block(&self, boundary: Option<&BoundaryId>, depth: usize) -> Block {
        let items = self.children.get(&boundary.cloned()).cloned().unwrap_or_default();
        let mut parts: Vec<Part> = Vec::with_capacity(items.len());
        for item in &items {
            parts.push(match item {
                Item::Element(e) => {
                    let size = self.sizes.get(e).copied().unwrap_or_else(|| default_size(self.model, e));
                    Part::Element(e.clone(), size)
                }
                // Nesting is acyclic (the model's ancestors walk ends), and depth is bounded by
                // the number of boundaries.
                Item::Boundary(b) if depth <= self.model.boundaries.len() => {
                    Part::Cluster(self.block(Some(b), depth + 1))
                }
                Item::Boundary(b) => {
                    Part::Cluster(Block { size: (80, 60), boundary: Some(b.clone()), parts: Vec::new() })
                }
            });
        }
        let index: BTreeMap<&Item, usize> = items.iter().enumerate().map(|(i, item)| (item, i)).collect();
        let representative = |e: &ElementId| -> Option<usize> {
            let chain = self.lineage.get(e)?;
            // The chain runs outermost first; at this level the item is the chain's entry just
            // below `boundary`, or the element itself.
            let below = match boundary {
                None => chain.first(),
                Some(b) => {
                    let at = chain.iter().position(|x| x == b)?;
                    chain.get(at + 1)
                }
            };
            match below {
                Some(b) => index.get(&Item::Boundary(b.clone())).copied(),
                None => index.get(&Item::Element(e.clone())).copied(),
            }
        };
        // Edges between this level's items, with their widest label.
        let mut labelled: BTreeMap<(usize, usize), i32> = BTreeMap::new();
        for (s, t, label) in self.flows {
            if let (Some(a), Some(b)) = (representative(s), representative(t))
                && a != b
            {
                let widest = labelled.entry((a, b)).or_default();
                *widest = (*widest).max(*label);
            }
        }
        let edges: Vec<(usize, usize)> = labelled.keys().copied().collect();
        let labels: Vec<i32> = labelled.values().copied().collect();
        let sizes: Vec<(i32, i32)> = parts
            .iter()
            .map(|p| match p {
                Part::Element(_, size) => *size,
                Part::Cluster(b) => b.size,
            })
            .collect();
        let positions = layered::layout(&sizes, &edges, &labels);
        let width = positions.iter().zip(&sizes).map(|(p, s)| p.0 + s.0).max().unwrap_or(0);
        let height = positions.iter().zip(&sizes).map(|(p, s)| p.1 + s.1).max().unwrap_or(0);
        match boundary {
            None => Block { size: (width, height), boundary: None, parts: positions.into_iter().zip(parts).collect() },
            Some(b) => {
                let name_width = self
                    .model
                    .boundaries
                    .get(b)
                    .map_or(0, |x| i32::try_from(x.name.chars().count()).unwrap_or(0).saturating_mul(7).min(260));
                let inner = positions.into_iter().map(|(x, y)| (x + PADDING, y + PADDING + NAME_ROOM));
                Block {
                    size: (
                        (width + 2 * PADDING).max(name_width + 2 * PADDING).max(80),
                        height + 2 * PADDING + NAME_ROOM,
                    ),
                    boundary: Some(b.clone()),
                    parts: inner.zip(parts).collect(),
                }
            }
        }
    }
}

impl Block {
    /// Writes the boxes of the block, its top-left corner at `origin`, into `out`.
    fn place(&self, origin: (i32, i32), out: &mut Arrangement) {
        let (left, top) = origin;
        if let Some(b) = &self.boundary {
            out.boundaries.insert(b.clone(), Rect::new(left, top, self.size.0.max(1), self.size.1.max(1)));
        }
        for ((dx, dy), part) in &self.parts {
            let corner = (left + dx, top + dy);
            match part {
                Part::Element(element, (width, height)) => {
                    out.nodes.insert(element.clone(), Rect::new(corner.0, corner.1, *width, *height));
                }
                Part::Cluster(block) => block.place(corner, out),
            }
        }
    }
}

#[cfg(test)]
mod tests;

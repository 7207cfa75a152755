//! Which Threat Dragon diagrams an export writes, and which cells each holds. Threat Dragon's
//! cells belong to one diagram each, so every data-flow diagram becomes a Threat Dragon
//! diagram with a cell for every element, boundary and flow it shows; a record shown on
//! several diagrams gets a cell on each. One more page, marked as such, holds what no
//! data-flow diagram shows: elements placed nowhere, flows whose ends are never on one
//! diagram together, boundaries placed nowhere, and elements whose membership no diagram
//! shows (drawn outside every box although they belong to a boundary), auto-laid-out.

use std::collections::{BTreeMap, BTreeSet};

use super::super::geometry;
use super::super::summary::{Warning, WarningKind};
use crate::layout;
use crate::model::{BoundaryId, DiagramId, DiagramView, ElementId, FlowId, Model, Point, Rect};

/// The title of the page of what no data-flow diagram shows.
pub const REST_TITLE: &str = "Not on any data-flow diagram";

/// One Threat Dragon diagram to write.
#[derive(Debug, Default)]
pub struct Page {
    /// Its title.
    pub name: String,
    /// The ThreatCanvas diagram it shows; `None` for the page of the rest.
    pub diagram: Option<DiagramId>,
    /// Elements and where they are drawn.
    pub nodes: BTreeMap<ElementId, Rect>,
    /// Boundaries and their boxes.
    pub boundaries: BTreeMap<BoundaryId, Rect>,
    /// Flows whose two ends are on the page.
    pub flows: Vec<FlowId>,
    /// Bend points of those flows.
    pub bends: BTreeMap<FlowId, Vec<Point>>,
}

/// The pages to write, in the model's diagram order, the rest last.
pub fn pages(model: &Model) -> Vec<Page> {
    let mut pages: Vec<Page> = Vec::new();
    for d in &model.diagrams {
        let DiagramView::Dfd(view) = &d.view else { continue };
        let nodes: BTreeMap<ElementId, Rect> = view
            .nodes
            .iter()
            .filter(|(id, _)| model.elements.contains_key(*id))
            .map(|(i, r)| (i.clone(), *r))
            .collect();
        let boundaries = view
            .boundaries
            .iter()
            .filter(|(id, _)| model.boundaries.contains_key(*id))
            .map(|(i, r)| (i.clone(), *r))
            .collect();
        let flows = flows_between(model, &nodes);
        let bends = view.bends.iter().filter(|(f, _)| flows.contains(f)).map(|(f, p)| (f.clone(), p.clone())).collect();
        pages.push(Page { name: d.name.clone(), diagram: Some(d.id.clone()), nodes, boundaries, flows, bends });
    }
    if let Some(rest) = rest_page(model, &pages) {
        pages.push(rest);
    }
    pages
}

/// The flows of `model` whose two ends are among `nodes`.
fn flows_between(model: &Model, nodes: &BTreeMap<ElementId, Rect>) -> Vec<FlowId> {
    model
        .flows
        .iter()
        .filter(|(_, f)| nodes.contains_key(&f.source) && nodes.contains_key(&f.target))
        .map(|(id, _)| id.clone())
        .collect()
}

/// The boundary an importer reads an element drawn at `rect` to be in: the smallest box on the
/// page holding its centre.
fn drawn_in<'a>(page: &'a Page, rect: &Rect) -> Option<&'a BoundaryId> {
    page.boundaries
        .iter()
        .filter(|(_, r)| r.contains(rect.center()))
        .min_by_key(|(b, r)| (geometry::area(r), (*b).clone()))
        .map(|(b, _)| b)
}

/// The page of what the data-flow diagrams do not show, if anything.
fn rest_page(model: &Model, pages: &[Page]) -> Option<Page> {
    let on_a_page = |e: &ElementId| pages.iter().any(|p| p.nodes.contains_key(e));
    let mut elements: BTreeSet<ElementId> = BTreeSet::new();
    for (id, e) in &model.elements {
        let membership_shown = || pages.iter().any(|p| p.nodes.get(id).is_some_and(|r| drawn_in(p, r).is_some()));
        if !on_a_page(id) || (e.boundary.is_some() && !membership_shown()) {
            elements.insert(id.clone());
        }
    }
    for f in model.flows.iter().filter(|(id, _)| !pages.iter().any(|p| p.flows.contains(id))).map(|(_, f)| f) {
        elements.insert(f.source.clone());
        elements.insert(f.target.clone());
    }
    let boundaries: BTreeSet<BoundaryId> =
        model.boundaries.keys().filter(|b| !pages.iter().any(|p| p.boundaries.contains_key(*b))).cloned().collect();
    if elements.is_empty() && boundaries.is_empty() {
        return None;
    }
    // Copies keep the size they have elsewhere.
    let sizes: BTreeMap<ElementId, (i32, i32)> = elements
        .iter()
        .filter_map(|e| pages.iter().find_map(|p| p.nodes.get(e)).map(|r| (e.clone(), (r.w, r.h))))
        .collect();
    let arranged = layout::arrange(model, &elements, &boundaries, &sizes);
    let flows = flows_between(model, &arranged.nodes);
    Some(Page {
        name: REST_TITLE.to_owned(),
        diagram: None,
        nodes: arranged.nodes,
        boundaries: arranged.boundaries,
        flows,
        bends: arranged.bends,
    })
}

/// The cell id of each record on each page: the record's own id on the first page that shows
/// it, `id~n` on page n after that (cell ids are best unique in the file, and `~` is never in
/// a ThreatCanvas id), and on every page for an id shorter than the two characters Threat
/// Dragon's schema wants. Every cell also carries the record's id under `threatcanvas`.
#[derive(Debug, Default)]
pub struct CellIds {
    first_page: BTreeMap<String, usize>,
}

impl CellIds {
    /// Records which page shows each record first.
    pub fn new(pages: &[Page]) -> Self {
        let mut first_page = BTreeMap::new();
        for (n, page) in pages.iter().enumerate() {
            let ids = page
                .nodes
                .keys()
                .map(ElementId::as_str)
                .chain(page.boundaries.keys().map(BoundaryId::as_str))
                .chain(page.flows.iter().map(FlowId::as_str));
            for id in ids {
                first_page.entry(id.to_owned()).or_insert(n);
            }
        }
        Self { first_page }
    }

    /// The cell id of record `id` on page `page`.
    pub fn on(&self, id: &str, page: usize) -> String {
        if self.is_first(id, page) && id.chars().count() >= 2 { id.to_owned() } else { format!("{id}~{page}") }
    }

    /// Whether page `page` is the first to show record `id`: that cell carries its threats.
    pub fn is_first(&self, id: &str, page: usize) -> bool {
        self.first_page.get(id).is_none_or(|first| *first == page)
    }
}

/// Warnings for what Threat Dragon, and a re-import, will read differently from the model: an
/// element drawn inside a box other than its boundary's on the first page that draws it inside
/// one, and flows and elements found only on the page of the rest.
pub fn warnings(model: &Model, pages: &[Page]) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for (id, e) in &model.elements {
        let Some((page, seen)) =
            pages.iter().find_map(|p| p.nodes.get(id).and_then(|r| drawn_in(p, r)).map(|b| (p, b)))
        else {
            continue;
        };
        if e.boundary.as_ref() != Some(seen) {
            let actual = e.boundary.as_ref().map_or_else(|| "no trust boundary".to_owned(), |b| format!("{b}"));
            warnings.push(Warning {
                kind: WarningKind::Membership,
                source_id: Some(id.to_string()),
                name: None,
                message: format!(
                    "it is in {actual}, but diagram {:?} draws it inside the box of {seen}; Threat Dragon, and \
                     a re-import, will see it in {seen}",
                    page.name
                ),
            });
        }
    }
    if let Some(rest) = pages.iter().find(|p| p.diagram.is_none()) {
        let count = rest.nodes.len() + rest.flows.len() + rest.boundaries.len();
        warnings.push(Warning {
            kind: WarningKind::Adjusted,
            source_id: None,
            name: None,
            message: format!(
                "{count} elements, flows and boundaries that no data-flow diagram shows (or shows without its \
                 trust boundary) are drawn on an extra diagram, {REST_TITLE:?}, auto-laid-out; a re-import \
                 reads them and makes no diagram of it"
            ),
        });
    }
    warnings
}

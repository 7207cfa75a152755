//! Threat Dragon cells into the model: each diagram becomes a data-flow diagram placing its own
//! elements and boundaries; flows attach to cells (or to the element under a free end point);
//! boundary membership is worked out from the geometry once, here, and then stored.
//!
//! A ThreatCanvas export writes a record shown on several diagrams as one cell on each, all
//! carrying the record's id under their `threatcanvas` key; those cells are read back as one
//! record placed on each diagram. Cells without that key are records of their own, whatever
//! their ids.

use std::collections::{BTreeMap, BTreeSet};

use super::super::geometry::{self, PointF};
use super::super::ids::{IdPool, long_text, one_line};
use super::super::summary::{Counts, RecordKind, Summary, WarningKind};
use super::super::tidy;
use super::cells::{Cell, End, Shape, TdDiagram, TdModel};
use super::membership::{self, Regions, Settled};
use super::{records, threats};
use crate::model::{
    BoundaryId, DfdView, Diagram, DiagramId, DiagramView, ElementId, FlowId, Metadata, Methodology, Model, Rect,
    ThreatTarget, TrustBoundary,
};

/// How far outside an element's box a free flow end may lie and still attach to it.
const ATTACH_REACH: f64 = 10.0;

/// Builds the model from a Threat Dragon reading.
pub fn build(td: TdModel) -> (Model, Summary) {
    let mut reader = Reader {
        model: Model::default(),
        ids: IdPool::default(),
        summary: Summary { source_format: td.format.clone(), ..Summary::default() },
        copies: BTreeMap::new(),
        settled: Settled::default(),
        threats_read: BTreeSet::new(),
    };
    let methodology = choose_methodology(&td, &mut reader.summary);
    let mut description = long_text(&td.description, &mut reader.summary, "summary", "description");
    let mut text_blocks = 0;
    for (index, d) in td.diagrams.into_iter().enumerate() {
        let built = reader.diagram(d, index, methodology);
        for paragraph in built.paragraphs {
            if !description.is_empty() {
                description.push_str("\n\n");
            }
            description.push_str(&paragraph);
        }
        text_blocks += built.text_blocks;
    }
    let Reader { mut model, mut summary, .. } = reader;
    model.meta = Metadata {
        title: one_line(&td.title, &mut summary, "summary"),
        description: long_text(&description, &mut summary, "summary", "description"),
        owner: one_line(&td.owner, &mut summary, "summary"),
        contributors: td.contributors.iter().map(|c| one_line(c, &mut summary, "detail.contributors")).collect(),
        reviewer: one_line(&td.reviewer, &mut summary, "detail"),
        scope: long_text(&td.scope, &mut summary, "summary", "scope"),
        methodology,
    };
    summary.counts = Counts { text_blocks, ..Counts::of(&model) };
    (model, summary)
}

/// The methodology most diagrams use (the first one on a tie); STRIDE for a model without
/// diagrams. Each threat keeps its own category whatever the model's methodology.
fn choose_methodology(td: &TdModel, summary: &mut Summary) -> Methodology {
    let mut votes: Vec<(Methodology, usize)> = Vec::new();
    for d in &td.diagrams {
        let m = threats::methodology(&d.kind).unwrap_or_else(|| {
            summary.warn(
                WarningKind::UnknownValue,
                Some(&d.path),
                format!("diagram type {:?} is unknown; read as STRIDE", d.kind),
            );
            Methodology::Stride
        });
        match votes.iter_mut().find(|(v, _)| *v == m) {
            Some((_, n)) => *n += 1,
            None => votes.push((m, 1)),
        }
    }
    let best = votes.iter().fold(None::<(Methodology, usize)>, |best, &(m, n)| match best {
        Some((_, bn)) if bn >= n => best,
        _ => Some((m, n)),
    });
    if votes.len() > 1
        && let Some((m, _)) = best
    {
        let names: Vec<&str> = votes.iter().map(|(m, _)| threats::methodology_name(*m)).collect();
        summary.warn(
            WarningKind::UnknownValue,
            None,
            format!(
                "the diagrams use {}; a ThreatCanvas model has one methodology, so this one is {} \
                 (every threat keeps its own category)",
                names.join(", "),
                m.label()
            ),
        );
    }
    best.map_or(Methodology::Stride, |(m, _)| m)
}

/// The reading of a whole file, diagram by diagram.
struct Reader {
    model: Model,
    ids: IdPool,
    summary: Summary,
    /// Records read from a cell carrying a ThreatCanvas id, by that id: later cells with the
    /// same id are copies of the record on other diagrams.
    copies: BTreeMap<String, Copied>,
    /// Membership decided by earlier diagrams.
    settled: Settled,
    /// Threats read, by target id and the id the file gives the threat, so a copy repeating
    /// its record's threats adds none.
    threats_read: BTreeSet<(String, String)>,
}

/// The record a ThreatCanvas id stands for.
#[derive(Clone)]
enum Copied {
    Element(ElementId),
    Flow(FlowId),
    Boundary(BoundaryId),
}

/// What one diagram adds besides its records.
struct Built {
    paragraphs: Vec<String>,
    text_blocks: usize,
}

/// What a cell id of this diagram became.
#[derive(Clone)]
enum Local {
    Element(ElementId, Rect),
    Boundary,
    Other(&'static str),
}

/// One diagram being read.
#[derive(Default)]
struct Sheet {
    /// JSON path of the diagram.
    path: String,
    view: DfdView,
    locals: BTreeMap<String, Local>,
    regions: Regions,
    /// Boundaries drawn on this diagram, so a second copy on the same diagram is a record of
    /// its own.
    boundaries: BTreeSet<BoundaryId>,
    /// Flows drawn on this diagram, likewise.
    flows_drawn: BTreeSet<FlowId>,
    /// Cells whose threats are read once every record of the diagram exists, and whether each
    /// is a copy of a record read before.
    pending_threats: Vec<(ThreatTarget, Cell, bool)>,
    flows: Vec<Cell>,
}

impl Sheet {
    /// The id a cell goes by in messages.
    fn source_id(&self, cell: &Cell) -> String {
        if cell.id.is_empty() { format!("{}.cells", self.path) } else { cell.id.clone() }
    }
}

impl Reader {
    fn diagram(&mut self, d: TdDiagram, index: usize, methodology: Methodology) -> Built {
        let wanted_id = match d.threatcanvas.id.as_str() {
            "" => format!("diagram-{}", d.number),
            id => id.to_owned(),
        };
        let diagram_id = DiagramId::new(self.ids.claim(&wanted_id, "diagram"));
        let diagram_methodology = threats::methodology(&d.kind).unwrap_or(methodology);
        let title = one_line(&d.title, &mut self.summary, &d.path);
        let name = if title.is_empty() { format!("Diagram {}", index + 1) } else { title };
        let mut built = Built { paragraphs: Vec::new(), text_blocks: 0 };
        if !d.description.trim().is_empty() {
            built.paragraphs.push(format!("{name}: {}", d.description.trim()));
        }
        // A diagram ThreatCanvas wrote keeps its places exactly; another tool's is unpiled.
        let ours = !d.threatcanvas.id.as_str().is_empty();
        let mut sheet = Sheet { path: d.path.clone(), ..Sheet::default() };
        for cell in d.cells {
            let source_id = sheet.source_id(&cell);
            match &cell.shape {
                Shape::Actor | Shape::Process | Shape::Store => self.node(&mut sheet, cell),
                Shape::BoundaryBox | Shape::BoundaryCurve => self.boundary(&mut sheet, cell),
                Shape::Text => {
                    let text = long_text(&cell.name, &mut self.summary, &source_id, "text");
                    if !text.is_empty() {
                        built.paragraphs.push(text);
                    }
                    built.text_blocks += 1;
                    sheet.locals.insert(cell.id.clone(), Local::Other("a text block"));
                }
                Shape::Flow => sheet.flows.push(cell),
                Shape::Unknown(shape) => {
                    self.summary.warn(
                        WarningKind::Dropped(RecordKind::Element),
                        Some(&source_id),
                        format!("shape {shape:?} is not one Threat Dragon draws; left out"),
                    );
                    sheet.locals.insert(cell.id.clone(), Local::Other("an unknown shape"));
                }
            }
        }
        for cell in std::mem::take(&mut sheet.flows) {
            self.flow(&mut sheet, cell);
        }
        sheet.view.boundaries = membership::decide(
            &mut self.model,
            &sheet.regions,
            &sheet.view.nodes,
            &mut self.settled,
            &sheet.path,
            &mut self.summary,
        );
        for (target, cell, copy) in std::mem::take(&mut sheet.pending_threats) {
            self.threats(&target, &cell, copy, diagram_methodology);
        }
        if !ours {
            tidy::unpile(&self.model, &mut sheet.view, &mut self.summary);
        }
        if !d.threatcanvas.rest.0 {
            self.model.diagrams.push(Diagram { id: diagram_id, name, view: DiagramView::Dfd(sheet.view) });
        }
        built
    }

    /// The record an earlier cell with this cell's ThreatCanvas id became, if any.
    fn copy_of(&self, cell: &Cell) -> Option<Copied> {
        self.copies.get(cell.props.threatcanvas.id.as_str().trim()).cloned()
    }

    /// Claims the id for a new record read from `cell`: its ThreatCanvas id, else its cell id.
    fn claim_for(&mut self, cell: &Cell, source_id: &str, fallback: &str) -> String {
        let tc_id = cell.props.threatcanvas.id.as_str().trim();
        let wanted = if tc_id.is_empty() { source_id } else { tc_id };
        let id = self.ids.claim(wanted, fallback);
        if id != wanted {
            self.summary.renamed(wanted, &id);
        }
        id
    }

    /// Remembers the record made of `cell` under its ThreatCanvas id, for later copies.
    fn remember(&mut self, cell: &Cell, record: Copied) {
        let tc_id = cell.props.threatcanvas.id.as_str().trim();
        if !tc_id.is_empty() {
            self.copies.entry(tc_id.to_owned()).or_insert(record);
        }
    }

    fn node(&mut self, sheet: &mut Sheet, cell: Cell) {
        let source_id = sheet.source_id(&cell);
        let rect = node_rect(&cell);
        let copy = match self.copy_of(&cell) {
            Some(Copied::Element(e)) if !sheet.view.nodes.contains_key(&e) => Some(e),
            _ => None,
        };
        let is_copy = copy.is_some();
        let id = if let Some(id) = copy {
            self.check_copy_name(&id, &cell, &source_id);
            id
        } else {
            let id = ElementId::new(self.claim_for(&cell, &source_id, "element"));
            self.remember(&cell, Copied::Element(id.clone()));
            let element = records::element(&cell, &mut self.summary, &source_id);
            self.model.elements.insert(id.clone(), element);
            id
        };
        sheet.view.nodes.insert(id.clone(), rect);
        sheet.locals.insert(cell.id.clone(), Local::Element(id.clone(), rect));
        sheet.pending_threats.push((ThreatTarget::Element(id), cell, is_copy));
    }

    /// Says when a copy of an element names it differently from the first cell, whose name is
    /// kept.
    fn check_copy_name(&mut self, id: &ElementId, cell: &Cell, source_id: &str) {
        let name = one_line(&cell.name, &mut self.summary, source_id);
        if let Some(e) = self.model.elements.get(id)
            && e.name != name
        {
            let kept = e.name.clone();
            self.summary.warn(
                WarningKind::Adjusted,
                Some(source_id),
                format!(
                    "this copy of element {id} is named {name:?}, an earlier one {kept:?}; the earlier name is kept"
                ),
            );
        }
    }

    fn boundary(&mut self, sheet: &mut Sheet, cell: Cell) {
        let source_id = sheet.source_id(&cell);
        let copy = match self.copy_of(&cell) {
            Some(Copied::Boundary(b)) if !sheet.boundaries.contains(&b) => Some(b),
            _ => None,
        };
        let is_copy = copy.is_some();
        let id = if let Some(id) = copy {
            id
        } else {
            let id = BoundaryId::new(self.claim_for(&cell, &source_id, "boundary"));
            self.remember(&cell, Copied::Boundary(id.clone()));
            let name = one_line(&cell.name, &mut self.summary, &source_id);
            let description = long_text(&cell.description, &mut self.summary, &source_id, "description");
            self.model.boundaries.insert(id.clone(), TrustBoundary { name, description, parent: None });
            id
        };
        if cell.shape == Shape::BoundaryBox {
            sheet.regions.add_box(id.clone(), node_rect(&cell), &source_id);
        } else {
            let line = curve_points(&cell, &sheet.locals);
            sheet.regions.add_curve(id.clone(), line, &source_id);
        }
        sheet.boundaries.insert(id.clone());
        sheet.locals.insert(cell.id.clone(), Local::Boundary);
        sheet.pending_threats.push((ThreatTarget::Boundary(id), cell, is_copy));
    }

    fn flow(&mut self, sheet: &mut Sheet, cell: Cell) {
        let source_id = sheet.source_id(&cell);
        let elements: Vec<(ElementId, Rect)> = sheet.view.nodes.iter().map(|(id, r)| (id.clone(), *r)).collect();
        let ends = [("source", &cell.source), ("target", &cell.target)]
            .map(|(which, end)| attach(which, end, &sheet.locals, &elements));
        let (source, target) = match ends {
            [Ok(source), Ok(target)] => (source, target),
            [source, target] => {
                let why: Vec<String> = [source, target].into_iter().filter_map(Result::err).collect();
                self.summary.warn_named(
                    WarningKind::Dropped(RecordKind::Flow),
                    &source_id,
                    &cell.name,
                    format!("{}; the flow is left out", why.join("; ")),
                );
                records::dropped_threats(&cell, &mut self.summary, &source_id);
                return;
            }
        };
        for (which, end) in [("source", &source), ("target", &target)] {
            if let Some((x, y)) = end.free_point {
                let id = &end.element;
                let element = match self.model.elements.get(id).map(|e| e.name.trim()).filter(|n| !n.is_empty()) {
                    Some(name) => format!("{name:?} ({id})"),
                    None => id.to_string(),
                };
                self.summary.warn(
                    WarningKind::FlowEndAttached,
                    Some(&source_id),
                    format!(
                        "its {which} was the free point ({x}, {y}); attached to element {element}, which lies under it"
                    ),
                );
            }
        }
        let copy = match self.copy_of(&cell) {
            Some(Copied::Flow(f))
                if !sheet.flows_drawn.contains(&f)
                    && self
                        .model
                        .flows
                        .get(&f)
                        .is_some_and(|x| x.source == source.element && x.target == target.element) =>
            {
                Some(f)
            }
            _ => None,
        };
        let is_copy = copy.is_some();
        let id = if let Some(id) = copy {
            id
        } else {
            let id = FlowId::new(self.claim_for(&cell, &source_id, "flow"));
            self.remember(&cell, Copied::Flow(id.clone()));
            let flow = records::flow(&cell, source.element, target.element, &mut self.summary, &source_id);
            self.model.flows.insert(id.clone(), flow);
            id
        };
        let bends: Vec<_> = cell.vertices.iter().map(|p| geometry::point(*p)).collect();
        if !bends.is_empty() {
            sheet.view.bends.insert(id.clone(), bends);
        }
        sheet.flows_drawn.insert(id.clone());
        sheet.pending_threats.push((ThreatTarget::Flow(id), cell, is_copy));
    }

    /// Reads the threats of `cell` onto `target`, after those it already has. A `copy` of a
    /// record read before brings only threats the earlier cells did not have (an export writes
    /// them on the first cell only, but a hand-edited file may repeat them).
    fn threats(&mut self, target: &ThreatTarget, cell: &Cell, copy: bool, methodology: Methodology) {
        let mut rank = self.model.threats_on(target).count();
        for (index, t) in cell.threats.iter().enumerate() {
            let written = t.source_id().trim();
            let key = (target.id_str().to_owned(), written.to_owned());
            if copy && !written.is_empty() && self.threats_read.contains(&key) {
                continue;
            }
            self.threats_read.insert(key);
            let (id, source_id) = if written.is_empty() {
                let id = self.ids.claim(&format!("{}-threat-{}", target.id_str(), rank + 1), "threat");
                (id, format!("{}.threats[{index}]", cell.id))
            } else {
                let id = self.ids.claim(written, "threat");
                if id != written {
                    self.summary.renamed(written, &id);
                }
                (id, written.to_owned())
            };
            let threat = records::threat(t, target, rank, methodology, &mut self.summary, &source_id);
            self.model.threats.insert(crate::model::ThreatId::new(id), threat);
            rank += 1;
        }
    }
}

fn node_rect(cell: &Cell) -> Rect {
    let [x, y, w, h] = cell.rect.unwrap_or([0.0, 0.0, 0.0, 0.0]);
    Rect::new(geometry::coord(x), geometry::coord(y), geometry::extent(w, 160), geometry::extent(h, 80))
}

/// A curve's polyline: its source, its vertices, its target (an end attached to a cell, which
/// real files never do for curves, stands at that cell's centre).
fn curve_points(cell: &Cell, locals: &BTreeMap<String, Local>) -> Vec<PointF> {
    let end_point = |end: &End| match end {
        End::Point(x, y) => Some((*x, *y)),
        End::Cell(id) => match locals.get(id) {
            Some(Local::Element(_, r)) => {
                let c = r.center();
                Some((f64::from(c.x), f64::from(c.y)))
            }
            _ => None,
        },
        End::Missing => None,
    };
    let mut line: Vec<PointF> = Vec::new();
    line.extend(end_point(&cell.source));
    line.extend(cell.vertices.iter().copied());
    line.extend(end_point(&cell.target));
    line
}

/// Where a flow end landed.
struct Attached {
    element: ElementId,
    /// The free point it was given as, when it was not a cell.
    free_point: Option<PointF>,
}

/// The element a flow end names, or the element under its free point; the reason, naming the
/// end, when there is none.
fn attach(
    which: &str,
    end: &End,
    locals: &BTreeMap<String, Local>,
    elements: &[(ElementId, Rect)],
) -> Result<Attached, String> {
    match end {
        End::Cell(id) => match locals.get(id) {
            Some(Local::Element(e, _)) => Ok(Attached { element: e.clone(), free_point: None }),
            Some(Local::Boundary) => Err(format!("its {which} is a trust boundary ({id}), not an element")),
            Some(Local::Other(what)) => Err(format!("its {which} is {what} ({id}), not an element")),
            None => Err(format!("its {which} names cell {id:?}, which is not in this diagram")),
        },
        End::Missing => Err(format!("its {which} is attached to nothing")),
        End::Point(x, y) => {
            let reaches = |r: &Rect| {
                *x >= f64::from(r.x) - ATTACH_REACH
                    && *x <= f64::from(r.x + r.w) + ATTACH_REACH
                    && *y >= f64::from(r.y) - ATTACH_REACH
                    && *y <= f64::from(r.y + r.h) + ATTACH_REACH
            };
            let distance = |r: &Rect| {
                let c = r.center();
                (f64::from(c.x) - x).hypot(f64::from(c.y) - y)
            };
            elements
                .iter()
                .filter(|(_, r)| reaches(r))
                .min_by(|(a, ra), (b, rb)| distance(ra).total_cmp(&distance(rb)).then_with(|| a.cmp(b)))
                .map(|(id, _)| Attached { element: id.clone(), free_point: Some((*x, *y)) })
                .ok_or_else(|| format!("its {which} is the free point ({x}, {y}) with no element under it"))
        }
    }
}

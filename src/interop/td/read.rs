//! Threat Dragon cells into the model: each diagram becomes a data-flow diagram placing its own
//! elements and boundaries; flows attach to cells (or to the element under a free end point);
//! boundary membership is worked out from the geometry once, here, and then stored.

use std::collections::BTreeMap;

use super::super::geometry::{self, PointF};
use super::super::ids::{IdPool, long_text, one_line};
use super::super::summary::{Counts, RecordKind, Summary, WarningKind};
use super::cells::{Cell, End, Shape, TdDiagram, TdModel};
use super::membership::{self, Regions};
use super::{ASSUMPTIONS, threats};
use crate::model::{
    BoundaryId, DataFlow, DataStoreProps, DfdView, Diagram, DiagramId, DiagramView, Element, ElementId, ElementKind,
    EntityNature, ExternalEntityProps, FlowId, Metadata, Methodology, Model, ProcessProps, Rect, Threat, ThreatId,
    ThreatTarget, TrustBoundary,
};

/// How far outside an element's box a free flow end may lie and still attach to it.
const ATTACH_REACH: f64 = 10.0;

/// Builds the model from a Threat Dragon reading.
pub fn build(td: TdModel) -> (Model, Summary) {
    let mut summary = Summary { source_format: td.format.clone(), ..Summary::default() };
    let mut ids = IdPool::default();
    let mut model = Model::default();
    let methodology = choose_methodology(&td, &mut summary);
    let mut description = long_text(&td.description, &mut summary, "summary", "description");
    let mut text_blocks = 0;
    for (index, d) in td.diagrams.into_iter().enumerate() {
        let built = diagram(&mut model, &mut ids, &mut summary, d, index, methodology);
        for paragraph in built.paragraphs {
            if !description.is_empty() {
                description.push_str("\n\n");
            }
            description.push_str(&paragraph);
        }
        text_blocks += built.text_blocks;
    }
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

fn diagram(
    model: &mut Model,
    ids: &mut IdPool,
    summary: &mut Summary,
    d: TdDiagram,
    index: usize,
    methodology: Methodology,
) -> Built {
    let diagram_id = DiagramId::new(ids.claim(&format!("diagram-{}", d.number), "diagram"));
    let diagram_methodology = threats::methodology(&d.kind).unwrap_or(methodology);
    let title = one_line(&d.title, summary, &d.path);
    let name = if title.is_empty() { format!("Diagram {}", index + 1) } else { title };
    let mut built = Built { paragraphs: Vec::new(), text_blocks: 0 };
    if !d.description.trim().is_empty() {
        built.paragraphs.push(format!("{name}: {}", d.description.trim()));
    }
    let mut view = DfdView::default();
    let mut locals: BTreeMap<String, Local> = BTreeMap::new();
    let mut regions = Regions::default();
    let mut pending_threats: Vec<(ThreatTarget, Cell)> = Vec::new();
    let mut flows: Vec<Cell> = Vec::new();

    for cell in d.cells {
        let source_id = if cell.id.is_empty() { format!("{}.cells", d.path) } else { cell.id.clone() };
        match &cell.shape {
            Shape::Actor | Shape::Process | Shape::Store => {
                let id = ElementId::new(claim(ids, summary, &source_id, "element"));
                let rect = node_rect(&cell);
                let element = element(&cell, summary, &source_id);
                model.elements.insert(id.clone(), element);
                view.nodes.insert(id.clone(), rect);
                locals.insert(cell.id.clone(), Local::Element(id.clone(), rect));
                pending_threats.push((ThreatTarget::Element(id), cell));
            }
            Shape::BoundaryBox | Shape::BoundaryCurve => {
                let id = BoundaryId::new(claim(ids, summary, &source_id, "boundary"));
                let name = one_line(&cell.name, summary, &source_id);
                let description = long_text(&cell.description, summary, &source_id, "description");
                model.boundaries.insert(id.clone(), TrustBoundary { name, description, parent: None });
                if cell.shape == Shape::BoundaryBox {
                    regions.add_box(id.clone(), node_rect(&cell), &source_id);
                } else {
                    let line = curve_points(&cell, &locals);
                    regions.add_curve(id.clone(), line, &source_id);
                }
                locals.insert(cell.id.clone(), Local::Boundary);
                pending_threats.push((ThreatTarget::Boundary(id), cell));
            }
            Shape::Text => {
                let text = long_text(&cell.name, summary, &source_id, "text");
                if !text.is_empty() {
                    built.paragraphs.push(text);
                }
                built.text_blocks += 1;
                locals.insert(cell.id.clone(), Local::Other("a text block"));
            }
            Shape::Flow => flows.push(cell),
            Shape::Unknown(shape) => {
                summary.warn(
                    WarningKind::Dropped(RecordKind::Element),
                    Some(&source_id),
                    format!("shape {shape:?} is not one Threat Dragon draws; left out"),
                );
                locals.insert(cell.id.clone(), Local::Other("an unknown shape"));
            }
        }
    }

    let elements: Vec<(ElementId, Rect)> = view.nodes.iter().map(|(id, r)| (id.clone(), *r)).collect();
    for cell in flows {
        let source_id = if cell.id.is_empty() { format!("{}.cells", d.path) } else { cell.id.clone() };
        let ends = [("source", &cell.source), ("target", &cell.target)]
            .map(|(which, end)| attach(which, end, &locals, &elements, summary, &source_id));
        let [Some(source), Some(target)] = ends else {
            // The dropped warning names the cell; attach() said what was wrong with each end.
            dropped_threats(&cell, summary, &source_id);
            continue;
        };
        let id = FlowId::new(claim(ids, summary, &source_id, "flow"));
        let flow = flow(&cell, source, target, summary, &source_id);
        model.flows.insert(id.clone(), flow);
        let bends: Vec<_> = cell.vertices.iter().map(|p| geometry::point(*p)).collect();
        if !bends.is_empty() {
            view.bends.insert(id.clone(), bends);
        }
        pending_threats.push((ThreatTarget::Flow(id), cell));
    }

    let placed = membership::decide(model, &regions, &view.nodes, summary);
    view.boundaries = placed;
    for (target, cell) in pending_threats {
        add_threats(model, ids, summary, &target, &cell, diagram_methodology);
    }
    model.diagrams.push(Diagram { id: diagram_id, name, view: DiagramView::Dfd(view) });
    built
}

/// Claims an id, saying so when the file's own could not be kept.
fn claim(ids: &mut IdPool, summary: &mut Summary, source_id: &str, fallback: &str) -> String {
    let id = ids.claim(source_id, fallback);
    if id != source_id {
        summary.warn(WarningKind::Adjusted, Some(source_id), super::super::ids::renamed(source_id, &id));
    }
    id
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

fn element(cell: &Cell, summary: &mut Summary, source_id: &str) -> Element {
    let p = &cell.props;
    let x = &p.threatcanvas;
    let mut assumptions: Vec<String> = Vec::new();
    let mut note = |on: bool, text: &str| {
        if on {
            assumptions.push(text.to_owned());
        }
    };
    let kind = match cell.shape {
        Shape::Actor => {
            note(p.provides_authentication.0, ASSUMPTIONS.provides_authentication);
            let nature = if x.nature.as_str().eq_ignore_ascii_case("system") {
                EntityNature::System
            } else {
                EntityNature::Person
            };
            ElementKind::ExternalEntity(ExternalEntityProps { nature })
        }
        Shape::Store => {
            note(p.is_signed.0, ASSUMPTIONS.signed);
            note(p.stores_inventory.0, ASSUMPTIONS.stores_inventory);
            ElementKind::DataStore(DataStoreProps {
                stores_credentials: p.stores_credentials.0,
                stores_personal_data: x.stores_personal_data.0,
                encrypted_at_rest: p.is_encrypted.0,
                is_log: p.is_a_log.0,
            })
        }
        _ => {
            note(p.is_web_application.0, ASSUMPTIONS.web_application);
            note(p.handles_card_payment.0, ASSUMPTIONS.card_payment);
            note(p.handles_goods_or_services.0, ASSUMPTIONS.goods_or_services);
            let level = p.privilege_level.as_str().trim();
            if !level.is_empty() {
                assumptions.push(format!("{}{}", ASSUMPTIONS.privilege_level, one_line(level, summary, source_id)));
            }
            ElementKind::Process(ProcessProps {
                technology: one_line(x.technology.as_str(), summary, source_id),
                privileged: x.privileged.0,
                authenticates_callers: x.authenticates_callers.0,
            })
        }
    };
    assumptions.extend(x.assumptions.iter().map(|a| one_line(a.as_str(), summary, source_id)));
    Element {
        name: one_line(&cell.name, summary, source_id),
        description: long_text(&cell.description, summary, source_id, "description"),
        kind,
        boundary: None,
        out_of_scope: cell.out_of_scope,
        out_of_scope_reason: long_text(&cell.reason_out_of_scope, summary, source_id, "reason out of scope"),
        assumptions,
    }
}

fn flow(cell: &Cell, source: ElementId, target: ElementId, summary: &mut Summary, source_id: &str) -> DataFlow {
    let p = &cell.props;
    let x = &p.threatcanvas;
    let mut assumptions = Vec::new();
    if p.is_public_network.0 {
        assumptions.push(ASSUMPTIONS.public_network.to_owned());
    }
    assumptions.extend(x.assumptions.iter().map(|a| one_line(a.as_str(), summary, source_id)));
    DataFlow {
        source,
        target,
        bidirectional: p.is_bidirectional.0,
        name: one_line(&cell.name, summary, source_id),
        description: long_text(&cell.description, summary, source_id, "description"),
        data: long_text(x.data.as_str(), summary, source_id, "data"),
        protocol: one_line(p.protocol.as_str(), summary, source_id),
        encrypted: p.is_encrypted.0,
        authenticated: x.authenticated.0,
        out_of_scope: cell.out_of_scope,
        out_of_scope_reason: long_text(&cell.reason_out_of_scope, summary, source_id, "reason out of scope"),
        assumptions,
    }
}

/// The element a flow end names, or the element under its free point; `None` (with a warning)
/// when there is none.
fn attach(
    which: &str,
    end: &End,
    locals: &BTreeMap<String, Local>,
    elements: &[(ElementId, Rect)],
    summary: &mut Summary,
    source_id: &str,
) -> Option<ElementId> {
    let drop = |summary: &mut Summary, why: String| {
        summary.warn(WarningKind::Dropped(RecordKind::Flow), Some(source_id), format!("{why}; the flow is left out"));
        None
    };
    match end {
        End::Cell(id) => match locals.get(id) {
            Some(Local::Element(e, _)) => Some(e.clone()),
            Some(Local::Boundary) => drop(summary, format!("its {which} is a trust boundary ({id}), not an element")),
            Some(Local::Other(what)) => drop(summary, format!("its {which} is {what} ({id}), not an element")),
            None => drop(summary, format!("its {which} names cell {id:?}, which is not in this diagram")),
        },
        End::Missing => drop(summary, format!("its {which} is attached to nothing")),
        End::Point(x, y) => {
            let under = elements
                .iter()
                .filter(|(_, r)| {
                    *x >= f64::from(r.x) - ATTACH_REACH
                        && *x <= f64::from(r.x + r.w) + ATTACH_REACH
                        && *y >= f64::from(r.y) - ATTACH_REACH
                        && *y <= f64::from(r.y + r.h) + ATTACH_REACH
                })
                .min_by(|(a, ra), (b, rb)| {
                    let d = |r: &Rect| {
                        let c = r.center();
                        (f64::from(c.x) - x).hypot(f64::from(c.y) - y)
                    };
                    d(ra).total_cmp(&d(rb)).then_with(|| a.cmp(b))
                });
            match under {
                Some((id, _)) => {
                    summary.warn(
                        WarningKind::FlowEndAttached,
                        Some(source_id),
                        format!(
                            "its {which} was the free point ({x}, {y}); attached to element {id}, which lies under it"
                        ),
                    );
                    Some(id.clone())
                }
                None => drop(summary, format!("its {which} is the free point ({x}, {y}) with no element under it")),
            }
        }
    }
}

/// Says that the threats of a flow left out are left out too.
fn dropped_threats(cell: &Cell, summary: &mut Summary, source_id: &str) {
    for t in &cell.threats {
        let id = if t.source_id().is_empty() { source_id } else { t.source_id() };
        summary.warn(
            WarningKind::Dropped(RecordKind::Threat),
            Some(id),
            format!("threat {:?} is on flow {source_id}, which is left out", t.title.as_str()),
        );
    }
}

fn add_threats(
    model: &mut Model,
    ids: &mut IdPool,
    summary: &mut Summary,
    target: &ThreatTarget,
    cell: &Cell,
    methodology: Methodology,
) {
    for (rank, t) in cell.threats.iter().enumerate() {
        let written = t.source_id();
        let source_id = if written.is_empty() { format!("{}.threats[{rank}]", cell.id) } else { written.to_owned() };
        let id = if written.is_empty() {
            ids.claim(&format!("{}-threat-{}", target.id_str(), rank + 1), "threat")
        } else {
            claim(ids, summary, written, "threat")
        };
        let threat_methodology = threats::methodology(t.model_type.as_str()).unwrap_or(methodology);
        let mut description = t.description.0.trim().to_owned();
        if !t.card_number.as_str().is_empty() {
            let deck = t.eop_game_id.as_str();
            let card = if deck.is_empty() {
                format!("EoP card {}", t.card_number.as_str())
            } else {
                format!("EoP card {} ({deck})", t.card_number.as_str())
            };
            description = if description.is_empty() { card } else { format!("{description}\n\n{card}") };
        }
        let threat = Threat {
            target: target.clone(),
            title: one_line(t.title.as_str(), summary, &source_id),
            category: threats::category(
                t.kind.as_str(),
                t.card_suit.as_str(),
                Some(threat_methodology),
                summary,
                &source_id,
            ),
            status: threats::status(t.status.as_str(), summary, &source_id),
            severity: threats::severity(t.severity.as_str(), summary, &source_id),
            description: long_text(&description, summary, &source_id, "description"),
            mitigation: long_text(t.mitigation.as_str(), summary, &source_id, "mitigation"),
            references: references(t, summary, &source_id),
            rule: Some(t.threatcanvas.rule.as_str().trim()).filter(|r| !r.is_empty()).and_then(|r| {
                let ok = crate::model::is_valid_rule_id(r);
                if !ok {
                    summary.warn(
                        WarningKind::Adjusted,
                        Some(&source_id),
                        format!("rule {r:?} is not a valid rule id; left out"),
                    );
                }
                ok.then(|| r.to_owned())
            }),
            score: one_line(t.score.as_str(), summary, &source_id),
            rank: u32::try_from(rank).unwrap_or(u32::MAX),
        };
        model.threats.insert(ThreatId::new(id), threat);
    }
}

/// The references a ThreatCanvas export kept with a threat; any that no longer parse, repeat
/// or exceed the limit are left out with a warning.
fn references(t: &super::cells::TdThreat, summary: &mut Summary, source_id: &str) -> Vec<crate::model::Reference> {
    let mut out: Vec<crate::model::Reference> = Vec::new();
    for text in &t.threatcanvas.references {
        match text.as_str().parse::<crate::model::Reference>() {
            Ok(r) if out.contains(&r) => {}
            Ok(r) if out.len() < crate::model::MAX_REFERENCES => out.push(r),
            Ok(r) => summary.warn(
                WarningKind::Adjusted,
                Some(source_id),
                format!("reference {r} is past the limit; left out"),
            ),
            Err(e) => summary.warn(WarningKind::Adjusted, Some(source_id), format!("{e}; left out")),
        }
    }
    out
}

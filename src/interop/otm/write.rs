//! The model as an OTM 0.2.0 file, valid against the OTM schema: boundaries become trust zones
//! (nested by `parent`), elements components (their kind kept in an attribute, their type from
//! the technology or the kind), flows dataflows, and each threat one threat definition with one
//! instance on its element, flow or boundary. Positions of the first data-flow diagram go into
//! a diagram representation, relative to the enclosing zone as OTM wants them.
//!
//! OTM wants every component inside a trust zone or another component; elements in no
//! boundary go into one extra zone marked with [`OUTSIDE_ATTRIBUTE`], which our importer
//! reads as "no boundary" rather than as a boundary.
//!
//! What OTM has no field for goes into `attributes` ([`attributes`](super::attributes) lists
//! the keys); what cannot travel at all (diagrams past the first data-flow diagram, triage
//! about them, merge conflicts) is named in the export's warnings, so a conversion never
//! looks complete when it is not.

use serde_json::{Map, Value, json};

use super::super::Exported;
use super::super::summary::{RecordKind, Warning, WarningKind};
use super::attributes::{
    ASSUMPTIONS, AUTHENTICATED, AUTHENTICATES_CALLERS, BENDS, CATEGORY, CONTRIBUTORS, DATA, DIAGRAM, ENCRYPTED,
    ENCRYPTED_AT_REST, IS_LOG, METHODOLOGY, MITIGATION_OF, NATURE, OUT_OF_SCOPE, OUT_OF_SCOPE_REASON, PRIVILEGED,
    PROTOCOL, RANK, REFERENCES, REVIEWER, RULE, SCOPE, SCORE, STORES_CREDENTIALS, STORES_PERSONAL_DATA, TECHNOLOGY,
    name_of, put_flag, put_text, put_texts,
};
use super::{GENERIC_PROCESS, KIND_ATTRIBUTE, OUTSIDE_ATTRIBUTE, REPRESENTATION, kind_name, triage};
use crate::model::{
    BoundaryId, DataFlow, DfdView, Diagram, DiagramView, Element, ElementKind, EntityNature, FlowId, Model, Rect,
    Reference, Severity, Threat, ThreatId, ThreatStatus, ThreatTarget,
};

/// The OTM text of `model`.
#[must_use]
pub fn to_string(model: &Model) -> Exported {
    let placed = Placed::first_dfd(model);
    let outside = outside_zone(model);
    let mut warnings = Vec::new();
    for d in model.diagrams.iter().filter(|d| placed.diagram.is_none_or(|(p, _)| p.id != d.id)) {
        let message = match d.view {
            DiagramView::Dfd(_) => "OTM holds one diagram's positions; only the first data-flow diagram's are written",
            DiagramView::Sequence(_) => {
                "OTM has no sequence diagrams; left out (its elements, flows and threats are kept)"
            }
        };
        warnings.push(Warning {
            kind: WarningKind::Dropped(RecordKind::Diagram),
            source_id: Some(d.id.to_string()),
            name: None,
            message: message.to_owned(),
        });
    }
    if placed.diagram.is_none() {
        warnings.push(Warning {
            kind: WarningKind::Adjusted,
            source_id: None,
            name: None,
            message: "the model has no data-flow diagram, so no positions are written; an OTM import (ours too) \
                      lays the components out in a new diagram"
                .to_owned(),
        });
    }
    if !model.conflicts.is_empty() {
        warnings.push(Warning {
            kind: WarningKind::Dropped(RecordKind::Conflict),
            source_id: None,
            name: None,
            message: format!(
                "the model holds {} unresolved merge conflict(s); OTM has no place for them, so only the values the \
                 model currently holds are written",
                model.conflicts.len()
            ),
        });
    }
    let written = placed.diagram.map(|(d, _)| &d.id);
    let triage = triage::write(model, written, &mut warnings);
    let mut zones = zones(model, &placed);
    if let Some(id) = &outside {
        zones.push(json!({
            "id": id,
            "name": "Outside every trust boundary",
            "type": "trust-zone",
            "description": "The components that are in no trust boundary: OTM puts every component in a zone.",
            "risk": { "trustRating": 50 },
            "attributes": { OUTSIDE_ATTRIBUTE: true },
        }));
    }
    let representations: Vec<Value> = placed
        .diagram
        .iter()
        .map(|(d, _)| {
            json!({
                "name": d.name,
                "id": REPRESENTATION,
                "type": "diagram",
                "attributes": { DIAGRAM: d.id.as_str() },
            })
        })
        .collect();
    let mut project = project_attributes(model);
    project.extend(triage);
    let file = json!({
        "otmVersion": "0.2.0",
        "project": {
            "name": model.meta.title,
            "id": slug_id(&model.meta.title),
            "description": model.meta.description,
            "owner": model.meta.owner,
            "attributes": project,
        },
        "representations": representations,
        "trustZones": zones,
        "components": components(model, &placed, outside.as_deref()),
        "dataflows": dataflows(model, &placed),
        "threats": threats(model),
        "mitigations": mitigations(model),
    });
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    Exported { text, warnings }
}

/// The diagram whose positions are written, if the model has a data-flow diagram.
struct Placed<'a> {
    diagram: Option<(&'a Diagram, &'a DfdView)>,
}

impl<'a> Placed<'a> {
    fn first_dfd(model: &'a Model) -> Self {
        let diagram = model.diagrams.iter().find_map(|d| match &d.view {
            DiagramView::Dfd(v) => Some((d, v)),
            DiagramView::Sequence(_) => None,
        });
        Self { diagram }
    }

    fn zone(&self, b: &BoundaryId) -> Option<Rect> {
        self.diagram.and_then(|(_, v)| v.boundaries.get(b)).copied()
    }

    /// A `representations` list placing `rect` relative to `origin` (the enclosing zone's box).
    fn placement(rect: Rect, origin: Option<Rect>, id: &str) -> Value {
        let (x, y) = origin.map_or((rect.x, rect.y), |o| (rect.x - o.x, rect.y - o.y));
        json!([{
            "representation": REPRESENTATION,
            "id": format!("{id}-shape"),
            "position": { "x": x, "y": y },
            "size": { "width": rect.w, "height": rect.h },
        }])
    }
}

/// The id of the zone for elements in no boundary, when there are any: one no record uses.
fn outside_zone(model: &Model) -> Option<String> {
    model.elements.values().any(|e| e.boundary.is_none()).then(|| {
        let mut id = "outside".to_owned();
        let mut n = 2;
        while model.resolve_target(&id).is_some() || model.threats.contains_key(&ThreatId::new(id.as_str())) {
            id = format!("outside-{n}");
            n += 1;
        }
        id
    })
}

/// The threat instances on `target`.
fn instances(model: &Model, target: &ThreatTarget) -> Vec<Value> {
    model
        .threats_on(target)
        .map(|(id, t)| {
            let state = match t.status {
                ThreatStatus::Open => "exposed",
                ThreatStatus::Mitigated => "mitigated",
                ThreatStatus::Accepted => "accepted",
                ThreatStatus::Transferred => "transferred",
                ThreatStatus::NotApplicable => "not-applicable",
            };
            let mut instance = json!({ "threat": id.as_str(), "state": state });
            if !t.mitigation.is_empty() {
                instance["mitigations"] = json!([{ "mitigation": format!("{id}-mitigation"), "state": "recommended" }]);
            }
            instance
        })
        .collect()
}

fn zones(model: &Model, placed: &Placed<'_>) -> Vec<Value> {
    model
        .boundaries
        .iter()
        .map(|(id, b)| {
            let mut zone = json!({
                "id": id.as_str(),
                "name": b.name,
                "type": "trust-zone",
                "description": b.description,
                "risk": { "trustRating": 50 },
            });
            if let Some(p) = &b.parent {
                zone["parent"] = json!({ "trustZone": p.as_str() });
            }
            if let Some(r) = placed.zone(id) {
                let origin = b.parent.as_ref().and_then(|p| placed.zone(p));
                zone["representations"] = Placed::placement(r, origin, id.as_str());
            }
            let threats = instances(model, &ThreatTarget::Boundary(id.clone()));
            if !threats.is_empty() {
                zone["threats"] = Value::Array(threats);
            }
            zone
        })
        .collect()
}

fn components(model: &Model, placed: &Placed<'_>, outside: Option<&str>) -> Vec<Value> {
    model
        .elements
        .iter()
        .map(|(id, e)| {
            let kind = match &e.kind {
                ElementKind::Process(p) if !p.technology.is_empty() => p.technology.as_str(),
                ElementKind::Process(_) => GENERIC_PROCESS,
                ElementKind::ExternalEntity(_) => "generic-client",
                ElementKind::DataStore(_) => "database",
            };
            let zone = e.boundary.as_ref().map(BoundaryId::as_str).or(outside).unwrap_or_default();
            let attributes = element_attributes(e);
            let mut component = json!({
                "id": id.as_str(),
                "name": e.name,
                "type": kind,
                "description": e.description,
                "parent": { "trustZone": zone },
                "attributes": attributes,
            });
            if let Some(r) = placed.diagram.and_then(|(_, v)| v.nodes.get(id)) {
                let origin = e.boundary.as_ref().and_then(|b| placed.zone(b));
                component["representations"] = Placed::placement(*r, origin, id.as_str());
            }
            let threats = instances(model, &ThreatTarget::Element(id.clone()));
            if !threats.is_empty() {
                component["threats"] = Value::Array(threats);
            }
            component
        })
        .collect()
}

fn dataflows(model: &Model, placed: &Placed<'_>) -> Vec<Value> {
    model
        .flows
        .iter()
        .map(|(id, f)| {
            let mut flow = json!({
                "id": id.as_str(),
                "name": f.name,
                "description": f.description,
                "bidirectional": f.bidirectional,
                "source": f.source.as_str(),
                "destination": f.target.as_str(),
            });
            let attributes = flow_attributes(id, f, placed);
            if !attributes.is_empty() {
                flow["attributes"] = Value::Object(attributes);
            }
            let threats = instances(model, &ThreatTarget::Flow(id.clone()));
            if !threats.is_empty() {
                flow["threats"] = Value::Array(threats);
            }
            flow
        })
        .collect()
}

/// One threat definition per threat, with a risk that gives back the same severity under
/// Threat Dragon's rule (an unrated threat says so in an attribute).
fn threats(model: &Model) -> Vec<Value> {
    model
        .threats
        .iter()
        .map(|(id, t)| {
            let (likelihood, impact) = match t.severity {
                Severity::Critical => (100, 100),
                Severity::High => (80, 100),
                Severity::Medium => (50, 100),
                Severity::Low => (20, 100),
                Severity::Unrated => (0, 0),
            };
            let cwes: Vec<String> =
                t.references.iter().filter(|r| matches!(r, Reference::Cwe(_))).map(ToString::to_string).collect();
            let mut threat = json!({
                "id": id.as_str(),
                "name": t.title,
                "description": t.description,
                "categories": [t.category.label()],
                "cwes": cwes,
                "risk": { "likelihood": likelihood, "impact": impact },
            });
            threat["attributes"] = Value::Object(threat_attributes(t));
            threat
        })
        .collect()
}

/// A mitigation per threat with a mitigation text.
fn mitigations(model: &Model) -> Vec<Value> {
    model
        .threats
        .iter()
        .filter(|(_, t)| !t.mitigation.is_empty())
        .map(|(id, t)| {
            json!({
                "id": format!("{id}-mitigation"),
                "name": t.title,
                "description": t.mitigation,
                "riskReduction": if t.status == ThreatStatus::Mitigated { 100 } else { 0 },
                "attributes": { MITIGATION_OF: id.as_str() },
            })
        })
        .collect()
}

/// What the project has no field for: the model's contributors, reviewer, scope and
/// methodology (an import without it assumes STRIDE).
fn project_attributes(model: &Model) -> Map<String, Value> {
    let m = &model.meta;
    let mut a = Map::new();
    put_texts(&mut a, CONTRIBUTORS, &m.contributors);
    put_text(&mut a, REVIEWER, &m.reviewer);
    put_text(&mut a, SCOPE, &m.scope);
    a.insert(METHODOLOGY.into(), name_of(m.methodology));
    a
}

/// What a component has no field for: the element's kind and its kind's properties, whether
/// and why it is out of scope, and its assumptions.
fn element_attributes(e: &Element) -> Map<String, Value> {
    let mut a = Map::new();
    a.insert(KIND_ATTRIBUTE.into(), json!(kind_name(e.kind.tag())));
    match &e.kind {
        ElementKind::Process(p) => {
            put_text(&mut a, TECHNOLOGY, &p.technology);
            put_flag(&mut a, PRIVILEGED, p.privileged);
            put_flag(&mut a, AUTHENTICATES_CALLERS, p.authenticates_callers);
        }
        ElementKind::ExternalEntity(x) => {
            if x.nature == EntityNature::System {
                a.insert(NATURE.into(), json!("system"));
            }
        }
        ElementKind::DataStore(s) => {
            put_flag(&mut a, STORES_CREDENTIALS, s.stores_credentials);
            put_flag(&mut a, STORES_PERSONAL_DATA, s.stores_personal_data);
            put_flag(&mut a, ENCRYPTED_AT_REST, s.encrypted_at_rest);
            put_flag(&mut a, IS_LOG, s.is_log);
        }
    }
    put_flag(&mut a, OUT_OF_SCOPE, e.out_of_scope);
    put_text(&mut a, OUT_OF_SCOPE_REASON, &e.out_of_scope_reason);
    put_texts(&mut a, ASSUMPTIONS, &e.assumptions);
    a
}

/// What a dataflow has no field for. Protocol and encryption keep the plain names earlier
/// exports gave them (other tools may read those); the rest is ours, with the flow's bend
/// points on the written diagram.
fn flow_attributes(id: &FlowId, f: &DataFlow, placed: &Placed<'_>) -> Map<String, Value> {
    let mut a = Map::new();
    put_text(&mut a, PROTOCOL, &f.protocol);
    put_flag(&mut a, ENCRYPTED, f.encrypted);
    put_text(&mut a, DATA, &f.data);
    put_flag(&mut a, AUTHENTICATED, f.authenticated);
    put_flag(&mut a, OUT_OF_SCOPE, f.out_of_scope);
    put_text(&mut a, OUT_OF_SCOPE_REASON, &f.out_of_scope_reason);
    put_texts(&mut a, ASSUMPTIONS, &f.assumptions);
    if let Some(points) = placed.diagram.and_then(|(_, v)| v.bends.get(id)) {
        a.insert(BENDS.into(), json!(points.iter().map(|p| json!({ "x": p.x, "y": p.y })).collect::<Vec<_>>()));
    }
    a
}

/// What a threat definition has no field for: the exact category (OTM's `categories` hold
/// its label), score, every reference (`cwes` hold the CWEs only), rule and rank. An unrated
/// threat also says so under the plain `severity` key earlier exports used.
fn threat_attributes(t: &Threat) -> Map<String, Value> {
    let mut a = Map::new();
    if t.severity == Severity::Unrated {
        a.insert("severity".into(), json!("unrated"));
    }
    a.insert(CATEGORY.into(), name_of(t.category));
    put_text(&mut a, SCORE, &t.score);
    let references: Vec<String> = t.references.iter().map(ToString::to_string).collect();
    put_texts(&mut a, REFERENCES, &references);
    put_text(&mut a, RULE, t.rule.as_deref().unwrap_or_default());
    a.insert(RANK.into(), json!(t.rank));
    a
}

/// A project id from the title: lower-case words joined by dashes.
fn slug_id(title: &str) -> String {
    let slug = crate::export::slug(title);
    if slug.is_empty() { "threat-model".to_owned() } else { slug }
}

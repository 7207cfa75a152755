//! The model as an OTM 0.2.0 file, valid against the OTM schema: boundaries become trust zones
//! (nested by `parent`), elements components (their kind kept in an attribute, their type from
//! the technology or the kind), flows dataflows, and each threat one threat definition with one
//! instance on its element, flow or boundary. Positions of the first data-flow diagram go into
//! a diagram representation, relative to the enclosing zone as OTM wants them.

use serde_json::{Value, json};

use super::super::Exported;
use super::super::summary::{RecordKind, Warning, WarningKind};
use super::{KIND_ATTRIBUTE, kind_name};
use crate::model::{BoundaryId, DiagramView, ElementKind, Model, Rect, Severity, ThreatStatus, ThreatTarget};

/// The id of the diagram representation we write.
const REPRESENTATION: &str = "threatcanvas-diagram";

/// The OTM text of `model`.
#[must_use]
pub fn to_string(model: &Model) -> Exported {
    let mut warnings = Vec::new();
    let view = model.diagrams.iter().find_map(|d| match &d.view {
        DiagramView::Dfd(v) => Some((d, v)),
        DiagramView::Sequence(_) => None,
    });
    let zone_rect = |b: &BoundaryId| view.and_then(|(_, v)| v.boundaries.get(b)).copied();
    let parent_zone_rect = |b: &BoundaryId| model.boundaries.get(b).and_then(|x| x.parent.as_ref()).and_then(zone_rect);
    let relative = |r: Rect, origin: Option<Rect>| match origin {
        Some(o) => json!({ "x": r.x - o.x, "y": r.y - o.y }),
        None => json!({ "x": r.x, "y": r.y }),
    };
    let placement = |r: Rect, origin: Option<Rect>, id: &str| {
        json!([{
            "representation": REPRESENTATION,
            "id": format!("{id}-shape"),
            "position": relative(r, origin),
            "size": { "width": r.w, "height": r.h },
        }])
    };
    let instances = |target: ThreatTarget| -> Vec<Value> {
        model
            .threats_on(&target)
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
                    instance["mitigations"] =
                        json!([{ "mitigation": format!("{id}-mitigation"), "state": "recommended" }]);
                }
                instance
            })
            .collect()
    };

    let zones: Vec<Value> = model
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
            if let Some(r) = zone_rect(id) {
                zone["representations"] = placement(r, parent_zone_rect(id), id.as_str());
            }
            let threats = instances(ThreatTarget::Boundary(id.clone()));
            if !threats.is_empty() {
                zone["threats"] = Value::Array(threats);
            }
            zone
        })
        .collect();

    let components: Vec<Value> = model
        .elements
        .iter()
        .map(|(id, e)| {
            let (tag, kind) = match &e.kind {
                ElementKind::Process(p) if !p.technology.is_empty() => (e.kind.tag(), p.technology.clone()),
                ElementKind::Process(_) => (e.kind.tag(), "generic-process".to_owned()),
                ElementKind::ExternalEntity(_) => (e.kind.tag(), "generic-client".to_owned()),
                ElementKind::DataStore(_) => (e.kind.tag(), "database".to_owned()),
            };
            let parent = match &e.boundary {
                Some(b) => json!({ "trustZone": b.as_str() }),
                None => json!({}),
            };
            let mut component = json!({
                "id": id.as_str(),
                "name": e.name,
                "type": kind,
                "description": e.description,
                "parent": parent,
                "attributes": { KIND_ATTRIBUTE: kind_name(tag) },
            });
            if e.out_of_scope {
                component["attributes"]["outOfScope"] = json!(true);
                component["attributes"]["outOfScopeReason"] = json!(e.out_of_scope_reason);
            }
            if let Some(r) = view.and_then(|(_, v)| v.nodes.get(id)) {
                component["representations"] = placement(*r, e.boundary.as_ref().and_then(zone_rect), id.as_str());
            }
            let threats = instances(ThreatTarget::Element(id.clone()));
            if !threats.is_empty() {
                component["threats"] = Value::Array(threats);
            }
            component
        })
        .collect();

    let dataflows: Vec<Value> = model
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
            let mut attributes = serde_json::Map::new();
            if !f.protocol.is_empty() {
                attributes.insert("protocol".into(), json!(f.protocol));
            }
            if f.encrypted {
                attributes.insert("encrypted".into(), json!(true));
            }
            if !attributes.is_empty() {
                flow["attributes"] = Value::Object(attributes);
            }
            let threats = instances(ThreatTarget::Flow(id.clone()));
            if !threats.is_empty() {
                flow["threats"] = Value::Array(threats);
            }
            flow
        })
        .collect();

    let mut threats = Vec::new();
    let mut mitigations = Vec::new();
    for (id, t) in &model.threats {
        // Back to a risk that gives the same severity under Threat Dragon's rule.
        let (likelihood, impact) = match t.severity {
            Severity::Critical => (100, 100),
            Severity::High => (80, 100),
            Severity::Medium => (50, 100),
            Severity::Low => (20, 100),
            Severity::Unrated => (0, 0),
        };
        let mut threat = json!({
            "id": id.as_str(),
            "name": t.title,
            "description": t.description,
            "categories": [t.category.label()],
            "cwes": t.references.iter().filter(|r| matches!(r, crate::model::Reference::Cwe(_))).map(ToString::to_string).collect::<Vec<_>>(),
            "risk": { "likelihood": likelihood, "impact": impact },
        });
        if t.severity == Severity::Unrated {
            threat["attributes"] = json!({ "severity": "unrated" });
        }
        threats.push(threat);
        if !t.mitigation.is_empty() {
            mitigations.push(json!({
                "id": format!("{id}-mitigation"),
                "name": t.title,
                "description": t.mitigation,
                "riskReduction": if t.status == ThreatStatus::Mitigated { 100 } else { 0 },
            }));
        }
    }

    let mut representations = Vec::new();
    if let Some((d, _)) = view {
        representations.push(json!({
            "name": d.name,
            "id": REPRESENTATION,
            "type": "diagram",
        }));
    }
    for d in model.diagrams.iter().filter(|d| view.is_none_or(|(v, _)| v.id != d.id)) {
        warnings.push(Warning {
            kind: WarningKind::Dropped(RecordKind::Diagram),
            source_id: Some(d.id.to_string()),
            message: "OTM holds one diagram's positions; only the first data-flow diagram's are written".to_owned(),
        });
    }
    let file = json!({
        "otmVersion": "0.2.0",
        "project": {
            "name": model.meta.title,
            "id": slug_id(&model.meta.title),
            "description": model.meta.description,
            "owner": model.meta.owner,
        },
        "representations": representations,
        "trustZones": zones,
        "components": components,
        "dataflows": dataflows,
        "threats": threats,
        "mitigations": mitigations,
    });
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    Exported { text, warnings }
}

/// A project id from the title: lower-case words joined by dashes.
fn slug_id(title: &str) -> String {
    let slug = crate::export::slug(title);
    if slug.is_empty() { "threat-model".to_owned() } else { slug }
}

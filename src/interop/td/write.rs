//! The model as a Threat Dragon v2 file that Threat Dragon opens and that validates against
//! its v2 JSON schema: each data-flow diagram becomes a diagram with the positions we have
//! ([`pages`](super::pages) says which cells go where), boundaries become boxes, threats carry
//! Threat Dragon's English labels. What ThreatCanvas knows beyond Threat Dragon's fields
//! (technology, data carried, references, each record's own id...) is kept under a
//! `threatcanvas` key that Threat Dragon ignores and our importer reads back.

use serde_json::{Map, Value, json};

use super::super::Exported;
use super::super::summary::{RecordKind, Warning, WarningKind};
use super::pages::{self, CellIds, Page};
use super::{ASSUMPTIONS, labels, threats};
use crate::model::{
    BoundaryId, DataFlow, DiagramView, Element, ElementId, ElementKind, EntityNature, FlowId, Methodology, Model,
    Point, Rect, Threat, ThreatStatus, ThreatTarget,
};

/// The Threat Dragon version whose files we write.
const TD_VERSION: &str = "2.6.2";
const STROKE: &str = "#333333";
const OPEN_STROKE: &str = "red";

/// The Threat Dragon v2 text of `model`.
#[must_use]
pub fn to_string(model: &Model) -> Exported {
    let pages = pages::pages(model);
    let mut warnings = pages::warnings(model, &pages);
    let mut writer = Writer { model, methodology: model.meta.methodology, ids: CellIds::new(&pages), number: 0 };
    let diagrams: Vec<Value> = pages.iter().enumerate().map(|(i, page)| writer.diagram(page, i)).collect();
    for d in &model.diagrams {
        if let DiagramView::Sequence(_) = d.view {
            warnings.push(Warning {
                kind: WarningKind::Dropped(RecordKind::Diagram),
                source_id: Some(d.id.to_string()),
                name: None,
                message: "Threat Dragon has no sequence diagrams; left out (its elements, flows and threats are kept)"
                    .to_owned(),
            });
        }
    }
    if !model.dismissed.is_empty() || !model.suppressions.is_empty() {
        warnings.push(Warning {
            kind: WarningKind::Dropped(RecordKind::Threat),
            source_id: None,
            name: None,
            message: "dismissed suggestions and suppressed findings have no place in Threat Dragon; left out".into(),
        });
    }
    let m = &model.meta;
    let mut summary = json!({
        "title": m.title,
        "owner": m.owner,
        "description": m.description,
        "id": 0,
    });
    if !m.scope.is_empty() {
        summary["threatcanvas"] = json!({ "scope": m.scope });
    }
    let file = json!({
        "version": TD_VERSION,
        "summary": summary,
        "detail": {
            "contributors": m.contributors.iter().map(|c| json!({ "name": c })).collect::<Vec<_>>(),
            "diagrams": diagrams,
            "diagramTop": pages.len(),
            "reviewer": m.reviewer,
            "threatTop": writer.number,
        },
    });
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    Exported { text, warnings }
}

/// The state of one export: threats are numbered through the whole file.
struct Writer<'a> {
    model: &'a Model,
    methodology: Methodology,
    ids: CellIds,
    number: u64,
}

impl Writer<'_> {
    fn diagram(&mut self, page: &Page, index: usize) -> Value {
        let mut cells = Vec::new();
        let mut boundaries: Vec<(&BoundaryId, &Rect)> = page.boundaries.iter().collect();
        boundaries.sort_by_key(|(id, _)| (self.model.boundary_depth(id), (*id).clone()));
        let count = boundaries.len();
        for (z, (id, rect)) in boundaries.into_iter().enumerate() {
            let z_index = -1 - i64::try_from(count - z).unwrap_or(0);
            cells.extend(self.boundary(id, rect, index, z_index));
        }
        let mut z = 1_i64;
        for (id, rect) in &page.nodes {
            cells.extend(self.node(id, rect, index, z));
            z += 1;
        }
        for id in &page.flows {
            cells.extend(self.flow(id, page.bends.get(id), index, z));
            z += 1;
        }
        let extra = match &page.diagram {
            Some(id) => json!({ "id": id.as_str() }),
            None => json!({ "rest": true }),
        };
        json!({
            "id": index,
            "title": page.name,
            "diagramType": threats::methodology_name(self.methodology),
            "placeholder": "",
            "thumbnail": "./public/content/images/thumbnail.jpg",
            "version": TD_VERSION,
            "description": "",
            "cells": cells,
            "threatcanvas": extra,
        })
    }

    /// The threats of `target` for its cell on `page`: all of them on the first page showing
    /// it, none on the others (they would count twice in Threat Dragon's reports).
    fn threats(&mut self, target: &ThreatTarget, page: usize) -> Vec<Value> {
        if !self.ids.is_first(target.id_str(), page) {
            return Vec::new();
        }
        let methodology = self.methodology;
        let mut out = Vec::new();
        for (id, t) in self.model.threats_on(target) {
            self.number += 1;
            out.push(threat(id.as_str(), t, methodology, self.number));
        }
        out
    }

    fn boundary(&mut self, id: &BoundaryId, rect: &Rect, page: usize, z_index: i64) -> Option<Value> {
        let b = self.model.boundaries.get(id)?;
        let threats = self.threats(&ThreatTarget::Boundary(id.clone()), page);
        let mut data = json!({
            "type": "tm.BoundaryBox",
            "name": b.name,
            "description": b.description,
            "isTrustBoundary": true,
            "hasOpenThreats": false,
            "threatcanvas": { "id": id.as_str() },
        });
        if !threats.is_empty() {
            data["threats"] = Value::Array(threats);
        }
        Some(json!({
            "position": { "x": rect.x, "y": rect.y },
            "size": size(rect),
            "attrs": {
                "label": { "text": b.name },
                "body": { "stroke": STROKE, "strokeWidth": 3, "strokeDasharray": "10 5" },
            },
            "visible": true,
            "shape": "trust-boundary-box",
            "id": self.ids.on(id.as_str(), page),
            "zIndex": z_index,
            "data": data,
        }))
    }
}

fn size(rect: &Rect) -> Value {
    // Threat Dragon's schema wants sizes of at least 10.
    json!({ "width": rect.w.max(10), "height": rect.h.max(10) })
}

fn has_open(model: &Model, target: &ThreatTarget) -> bool {
    model.threats_on(target).any(|(_, t)| t.status == ThreatStatus::Open)
}

/// What a node cell says about its element's kind: Threat Dragon's shape and type, its
/// properties (some of them read from the element's assumptions), and what only ThreatCanvas
/// reads.
struct KindData {
    shape: &'static str,
    kind: &'static str,
    data: Map<String, Value>,
    extra: Map<String, Value>,
}

/// The properties of element `e`'s kind, as Threat Dragon names them.
fn kind_data(e: &Element) -> KindData {
    let mut data = Map::new();
    let mut extra = Map::new();
    let mut assumptions: Vec<&str> = e.assumptions.iter().map(String::as_str).collect();
    let mut flag = |data: &mut Map<String, Value>, key: &str, text: &str| {
        let on = assumptions.contains(&text);
        assumptions.retain(|a| *a != text);
        data.insert(key.to_owned(), Value::Bool(on));
    };
    let (shape, kind) = match &e.kind {
        ElementKind::ExternalEntity(x) => {
            flag(&mut data, "providesAuthentication", ASSUMPTIONS.provides_authentication);
            if x.nature == EntityNature::System {
                extra.insert("nature".into(), json!("system"));
            }
            ("actor", "tm.Actor")
        }
        ElementKind::Process(p) => {
            flag(&mut data, "isWebApplication", ASSUMPTIONS.web_application);
            flag(&mut data, "handlesCardPayment", ASSUMPTIONS.card_payment);
            flag(&mut data, "handlesGoodsOrServices", ASSUMPTIONS.goods_or_services);
            let level = assumptions.iter().find_map(|a| a.strip_prefix(ASSUMPTIONS.privilege_level)).unwrap_or("");
            data.insert("privilegeLevel".into(), json!(level));
            assumptions.retain(|a| !a.starts_with(ASSUMPTIONS.privilege_level));
            if !p.technology.is_empty() {
                extra.insert("technology".into(), json!(p.technology));
            }
            if p.privileged {
                extra.insert("privileged".into(), json!(true));
            }
            if p.authenticates_callers {
                extra.insert("authenticatesCallers".into(), json!(true));
            }
            ("process", "tm.Process")
        }
        ElementKind::DataStore(s) => {
            flag(&mut data, "isSigned", ASSUMPTIONS.signed);
            flag(&mut data, "storesInventory", ASSUMPTIONS.stores_inventory);
            data.insert("isALog".into(), json!(s.is_log));
            data.insert("isEncrypted".into(), json!(s.encrypted_at_rest));
            data.insert("storesCredentials".into(), json!(s.stores_credentials));
            if s.stores_personal_data {
                extra.insert("storesPersonalData".into(), json!(true));
            }
            ("store", "tm.Store")
        }
    };
    if !assumptions.is_empty() {
        extra.insert("assumptions".into(), json!(assumptions));
    }
    KindData { shape, kind, data, extra }
}

impl Writer<'_> {
    fn node(&mut self, id: &ElementId, rect: &Rect, page: usize, z: i64) -> Option<Value> {
        let model = self.model;
        let e = model.elements.get(id)?;
        let target = ThreatTarget::Element(id.clone());
        let open = has_open(model, &target);
        let stroke = json!({
            "stroke": if open { OPEN_STROKE } else { STROKE },
            "strokeWidth": if open { 2.5 } else { 1.5 },
            "strokeDasharray": if e.out_of_scope { "4 3" } else { "" },
        });
        let KindData { shape, kind, data, mut extra } = kind_data(e);
        let attrs = if shape == "store" {
            json!({ "text": { "text": e.name }, "topLine": stroke, "bottomLine": stroke })
        } else {
            json!({ "text": { "text": e.name }, "body": stroke })
        };
        let mut all = Map::new();
        all.insert("type".into(), json!(kind));
        all.insert("name".into(), json!(e.name));
        all.insert("description".into(), json!(e.description));
        all.insert("outOfScope".into(), json!(e.out_of_scope));
        all.insert("reasonOutOfScope".into(), json!(e.out_of_scope_reason));
        all.insert("isTrustBoundary".into(), json!(false));
        all.insert("hasOpenThreats".into(), json!(open));
        all.extend(data);
        all.insert("threats".into(), Value::Array(self.threats(&target, page)));
        extra.insert("id".into(), json!(id.as_str()));
        all.insert("threatcanvas".into(), Value::Object(extra));
        Some(json!({
            "position": { "x": rect.x, "y": rect.y },
            "size": size(rect),
            "attrs": attrs,
            "visible": true,
            "shape": shape,
            "id": self.ids.on(id.as_str(), page),
            "zIndex": z,
            "data": all,
        }))
    }

    fn flow(&mut self, id: &FlowId, bends: Option<&Vec<Point>>, page: usize, z: i64) -> Option<Value> {
        let model = self.model;
        let f = model.flows.get(id)?;
        let target = ThreatTarget::Flow(id.clone());
        let open = has_open(model, &target);
        let public = f.assumptions.iter().any(|a| a == ASSUMPTIONS.public_network);
        let data = json!({
            "type": "tm.Flow",
            "name": f.name,
            "description": f.description,
            "outOfScope": f.out_of_scope,
            "reasonOutOfScope": f.out_of_scope_reason,
            "protocol": f.protocol,
            "isEncrypted": f.encrypted,
            "isPublicNetwork": public,
            "isBidirectional": f.bidirectional,
            "isTrustBoundary": false,
            "hasOpenThreats": open,
            "threats": self.threats(&target, page),
            "threatcanvas": flow_extra(id, f),
        });
        let vertices: Vec<Value> = bends.into_iter().flatten().map(|p| json!({ "x": p.x, "y": p.y })).collect();
        Some(json!({
            "shape": "flow",
            "attrs": {
                "line": {
                    "stroke": if open { OPEN_STROKE } else { STROKE },
                    "strokeWidth": if open { 2.5 } else { 1.5 },
                    "targetMarker": { "name": "block" },
                    "sourceMarker": { "name": if f.bidirectional { "block" } else { "" } },
                    "strokeDasharray": if f.out_of_scope { "4 3" } else { "" },
                },
            },
            "width": 200,
            "height": 100,
            "zIndex": z,
            "connector": "smooth",
            "labels": [ { "position": 0.5, "attrs": { "label": { "text": f.name } } } ],
            "id": self.ids.on(id.as_str(), page),
            "source": { "cell": self.ids.on(f.source.as_str(), page) },
            "target": { "cell": self.ids.on(f.target.as_str(), page) },
            "vertices": vertices,
            "data": data,
        }))
    }
}

/// What only ThreatCanvas reads of a flow: its id, the data it carries, whether the sender is
/// authenticated, and assumptions other than the one standing for `isPublicNetwork`.
fn flow_extra(id: &FlowId, f: &DataFlow) -> Value {
    let mut extra = Map::new();
    extra.insert("id".into(), json!(id.as_str()));
    if !f.data.is_empty() {
        extra.insert("data".into(), json!(f.data));
    }
    if f.authenticated {
        extra.insert("authenticated".into(), json!(true));
    }
    let assumptions: Vec<&String> = f.assumptions.iter().filter(|a| *a != ASSUMPTIONS.public_network).collect();
    if !assumptions.is_empty() {
        extra.insert("assumptions".into(), json!(assumptions));
    }
    Value::Object(extra)
}

fn threat(id: &str, t: &Threat, methodology: Methodology, number: u64) -> Value {
    let model_type = if methodology.categories().contains(&t.category) {
        methodology
    } else {
        Methodology::ALL.into_iter().find(|m| m.categories().contains(&t.category)).unwrap_or(methodology)
    };
    let mut value = json!({
        "id": id,
        "title": t.title,
        "status": threats::status_name(t.status),
        "severity": threats::severity_name(t.severity),
        "type": labels::english(t.category),
        "description": t.description,
        "mitigation": t.mitigation,
        "modelType": threats::methodology_name(model_type),
        "score": t.score,
        "number": number,
        "new": false,
    });
    // Ranks may tie (every threat a user adds by hand has rank 0), so the order of the list,
    // which an import falls back on, does not say them.
    let mut extra = Map::from_iter([("rank".to_owned(), json!(t.rank))]);
    if !t.references.is_empty() {
        extra.insert("references".into(), json!(t.references.iter().map(ToString::to_string).collect::<Vec<_>>()));
    }
    if let Some(rule) = &t.rule {
        extra.insert("rule".into(), json!(rule));
    }
    value["threatcanvas"] = Value::Object(extra);
    value
}

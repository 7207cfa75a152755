//! The model as a Threat Dragon v2 file that Threat Dragon opens and that validates against
//! its v2 JSON schema: each data-flow diagram becomes a diagram with the positions we have,
//! boundaries become boxes, threats carry Threat Dragon's English labels. Threat Dragon keeps
//! each element on one diagram, so an element shown on several is written on the first;
//! elements on no data-flow diagram go on an extra, auto-laid-out one. What ThreatCanvas knows
//! beyond Threat Dragon's fields (technology, data carried, references...) is kept under a
//! `threatcanvas` key that Threat Dragon ignores and our importer reads back.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::super::summary::{RecordKind, Warning, WarningKind};
use super::super::{Exported, geometry};
use super::{ASSUMPTIONS, labels, threats};
use crate::layout;
use crate::model::{
    BoundaryId, DataFlow, DiagramView, Element, ElementId, ElementKind, EntityNature, FlowId, Methodology, Model,
    Point, Rect, Threat, ThreatStatus, ThreatTarget,
};

/// The Threat Dragon version whose files we write.
const TD_VERSION: &str = "2.6.2";
const STROKE: &str = "#333333";
const OPEN_STROKE: &str = "red";

/// One Threat Dragon diagram being written.
#[derive(Default)]
struct Page {
    name: String,
    nodes: BTreeMap<ElementId, Rect>,
    boundaries: BTreeMap<BoundaryId, Rect>,
    bends: BTreeMap<FlowId, Vec<Point>>,
}

/// The Threat Dragon v2 text of `model`.
#[must_use]
pub fn to_string(model: &Model) -> Exported {
    let mut warnings = Vec::new();
    let pages = pages(model, &mut warnings);
    let mut page_of: BTreeMap<&ElementId, usize> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        for id in page.nodes.keys() {
            page_of.insert(id, i);
        }
    }
    let mut flows_of: Vec<Vec<&FlowId>> = vec![Vec::new(); pages.len()];
    for (id, f) in &model.flows {
        match (page_of.get(&f.source), page_of.get(&f.target)) {
            (Some(a), Some(b)) if a == b => flows_of[*a].push(id),
            _ => {
                warn(
                    &mut warnings,
                    WarningKind::Dropped(RecordKind::Flow),
                    id.as_str(),
                    "its ends are on different \
                     diagrams, and a Threat Dragon flow joins two cells of one diagram; left out",
                );
                for (tid, _) in model.threats_on(&ThreatTarget::Flow(id.clone())) {
                    warn(&mut warnings, WarningKind::Dropped(RecordKind::Threat), tid.as_str(), "its flow is left out");
                }
            }
        }
    }
    let mut number = 0_u64;
    let diagrams: Vec<Value> =
        pages.iter().enumerate().map(|(i, page)| diagram(model, page, i, &flows_of[i], &mut number)).collect();
    for d in &model.diagrams {
        if let DiagramView::Sequence(_) = d.view {
            warn(
                &mut warnings,
                WarningKind::Dropped(RecordKind::Diagram),
                d.id.as_str(),
                "Threat Dragon has no \
                 sequence diagrams; left out (its elements, flows and threats are kept)",
            );
        }
    }
    if !model.dismissed.is_empty() || !model.suppressions.is_empty() {
        warnings.push(Warning {
            kind: WarningKind::Dropped(RecordKind::Threat),
            source_id: None,
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
            "threatTop": number,
        },
    });
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    Exported { text, warnings }
}

fn warn(warnings: &mut Vec<Warning>, kind: WarningKind, id: &str, message: &str) {
    warnings.push(Warning { kind, source_id: Some(id.to_owned()), message: message.to_owned() });
}

/// The diagrams to write: one per data-flow diagram (each element and boundary on the first
/// that shows it), plus one for whatever no data-flow diagram shows.
fn pages(model: &Model, warnings: &mut Vec<Warning>) -> Vec<Page> {
    let mut pages = Vec::new();
    let mut written: BTreeSet<&ElementId> = BTreeSet::new();
    let mut written_boundaries: BTreeSet<&BoundaryId> = BTreeSet::new();
    for d in &model.diagrams {
        let DiagramView::Dfd(view) = &d.view else { continue };
        let mut page = Page { name: d.name.clone(), ..Page::default() };
        for (id, rect) in &view.nodes {
            if model.elements.contains_key(id) && written.insert(id) {
                page.nodes.insert(id.clone(), *rect);
            }
        }
        for (id, rect) in &view.boundaries {
            if model.boundaries.contains_key(id) && written_boundaries.insert(id) {
                page.boundaries.insert(id.clone(), *rect);
            }
        }
        page.bends = view.bends.clone();
        pages.push(page);
    }
    let rest: BTreeSet<ElementId> = model.elements.keys().filter(|e| !written.contains(e)).cloned().collect();
    let rest_boundaries: BTreeSet<BoundaryId> =
        model.boundaries.keys().filter(|b| !written_boundaries.contains(b)).cloned().collect();
    if !rest.is_empty() || !rest_boundaries.is_empty() {
        let arranged = layout::arrange(model, &rest, &rest_boundaries, &BTreeMap::new());
        let mut page =
            Page { name: "Not on any data-flow diagram".to_owned(), nodes: arranged.nodes, ..Page::default() };
        // Boundaries drawn on an earlier page stay there.
        page.boundaries = arranged.boundaries.into_iter().filter(|(b, _)| !written_boundaries.contains(b)).collect();
        pages.push(page);
    }
    // Threat Dragon reads membership from the boxes: say where it will read it differently.
    for page in &pages {
        for (id, rect) in &page.nodes {
            let seen = page
                .boundaries
                .iter()
                .filter(|(_, r)| r.contains(rect.center()))
                .min_by_key(|(b, r)| (geometry::area(r), (*b).clone()))
                .map(|(b, _)| b);
            let actual = model.elements.get(id).and_then(|e| e.boundary.as_ref());
            if seen != actual {
                let message = match actual {
                    Some(b) => format!(
                        "it is in trust boundary {b}, but is drawn outside that boundary's box here; \
                                        Threat Dragon will not see it inside"
                    ),
                    None => "it is in no trust boundary, but is drawn inside a boundary's box; Threat Dragon will \
                             see it inside"
                        .to_owned(),
                };
                warn(warnings, WarningKind::Membership, id.as_str(), &message);
            }
        }
    }
    pages
}

fn diagram(model: &Model, page: &Page, index: usize, flows: &[&FlowId], number: &mut u64) -> Value {
    let methodology = model.meta.methodology;
    let mut cells = Vec::new();
    let mut boundaries: Vec<(&BoundaryId, &Rect)> = page.boundaries.iter().collect();
    boundaries.sort_by_key(|(id, _)| (model.boundary_depth(id), (*id).clone()));
    for (z, (id, rect)) in boundaries.into_iter().enumerate() {
        let Some(b) = model.boundaries.get(id) else { continue };
        let threats = threat_list(model, &ThreatTarget::Boundary(id.clone()), methodology, number);
        let mut data = json!({
            "type": "tm.BoundaryBox",
            "name": b.name,
            "description": b.description,
            "isTrustBoundary": true,
            "hasOpenThreats": false,
        });
        if !threats.is_empty() {
            data["threats"] = Value::Array(threats);
        }
        cells.push(json!({
            "position": { "x": rect.x, "y": rect.y },
            "size": size(rect),
            "attrs": {
                "label": { "text": b.name },
                "body": { "stroke": STROKE, "strokeWidth": 3, "strokeDasharray": "10 5" },
            },
            "visible": true,
            "shape": "trust-boundary-box",
            "id": id.as_str(),
            "zIndex": -1 - i64::try_from(page.boundaries.len() - z).unwrap_or(0),
            "data": data,
        }));
    }
    let mut z = 1_i64;
    for (id, rect) in &page.nodes {
        let Some(e) = model.elements.get(id) else { continue };
        cells.push(node(model, id, e, rect, z, methodology, number));
        z += 1;
    }
    for id in flows {
        let Some(f) = model.flows.get(*id) else { continue };
        cells.push(flow(model, id, f, page.bends.get(*id), z, methodology, number));
        z += 1;
    }
    json!({
        "id": index,
        "title": page.name,
        "diagramType": threats::methodology_name(methodology),
        "placeholder": "",
        "thumbnail": "./public/content/images/thumbnail.jpg",
        "version": TD_VERSION,
        "description": "",
        "cells": cells,
    })
}

fn size(rect: &Rect) -> Value {
    // Threat Dragon's schema wants sizes of at least 10.
    json!({ "width": rect.w.max(10), "height": rect.h.max(10) })
}

fn has_open(model: &Model, target: &ThreatTarget) -> bool {
    model.threats_on(target).any(|(_, t)| t.status == ThreatStatus::Open)
}

fn node(
    model: &Model,
    id: &ElementId,
    e: &Element,
    rect: &Rect,
    z: i64,
    methodology: Methodology,
    number: &mut u64,
) -> Value {
    let target = ThreatTarget::Element(id.clone());
    let open = has_open(model, &target);
    let stroke = json!({
        "stroke": if open { OPEN_STROKE } else { STROKE },
        "strokeWidth": if open { 2.5 } else { 1.5 },
        "strokeDasharray": if e.out_of_scope { "4 3" } else { "" },
    });
    let mut extra = Map::new();
    let mut assumptions: Vec<&str> = e.assumptions.iter().map(String::as_str).collect();
    let mut flag = |data: &mut Map<String, Value>, key: &str, text: &str| {
        let on = assumptions.contains(&text);
        assumptions.retain(|a| *a != text);
        data.insert(key.to_owned(), Value::Bool(on));
    };
    let mut data = Map::new();
    let (shape, kind, attrs) = match &e.kind {
        ElementKind::ExternalEntity(x) => {
            flag(&mut data, "providesAuthentication", ASSUMPTIONS.provides_authentication);
            if x.nature == EntityNature::System {
                extra.insert("nature".into(), json!("system"));
            }
            ("actor", "tm.Actor", json!({ "text": { "text": e.name }, "body": stroke }))
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
            ("process", "tm.Process", json!({ "text": { "text": e.name }, "body": stroke }))
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
            ("store", "tm.Store", json!({ "text": { "text": e.name }, "topLine": stroke, "bottomLine": stroke }))
        }
    };
    if !assumptions.is_empty() {
        extra.insert("assumptions".into(), json!(assumptions));
    }
    let mut all = Map::new();
    all.insert("type".into(), json!(kind));
    all.insert("name".into(), json!(e.name));
    all.insert("description".into(), json!(e.description));
    all.insert("outOfScope".into(), json!(e.out_of_scope));
    all.insert("reasonOutOfScope".into(), json!(e.out_of_scope_reason));
    all.insert("isTrustBoundary".into(), json!(false));
    all.insert("hasOpenThreats".into(), json!(open));
    all.extend(data);
    all.insert("threats".into(), Value::Array(threat_list(model, &target, methodology, number)));
    if !extra.is_empty() {
        all.insert("threatcanvas".into(), Value::Object(extra));
    }
    json!({
        "position": { "x": rect.x, "y": rect.y },
        "size": size(rect),
        "attrs": attrs,
        "visible": true,
        "shape": shape,
        "id": id.as_str(),
        "zIndex": z,
        "data": all,
    })
}

fn flow(
    model: &Model,
    id: &FlowId,
    f: &DataFlow,
    bends: Option<&Vec<Point>>,
    z: i64,
    methodology: Methodology,
    number: &mut u64,
) -> Value {
    let target = ThreatTarget::Flow(id.clone());
    let open = has_open(model, &target);
    let public = f.assumptions.iter().any(|a| a == ASSUMPTIONS.public_network);
    let assumptions: Vec<&String> = f.assumptions.iter().filter(|a| *a != ASSUMPTIONS.public_network).collect();
    let mut extra = Map::new();
    if !f.data.is_empty() {
        extra.insert("data".into(), json!(f.data));
    }
    if f.authenticated {
        extra.insert("authenticated".into(), json!(true));
    }
    if !assumptions.is_empty() {
        extra.insert("assumptions".into(), json!(assumptions));
    }
    let mut data = json!({
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
        "threats": threat_list(model, &target, methodology, number),
    });
    if !extra.is_empty() {
        data["threatcanvas"] = Value::Object(extra);
    }
    let vertices: Vec<Value> = bends.into_iter().flatten().map(|p| json!({ "x": p.x, "y": p.y })).collect();
    json!({
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
        "id": id.as_str(),
        "source": { "cell": f.source.as_str() },
        "target": { "cell": f.target.as_str() },
        "vertices": vertices,
        "data": data,
    })
}

fn threat_list(model: &Model, target: &ThreatTarget, methodology: Methodology, number: &mut u64) -> Vec<Value> {
    model.threats_on(target).map(|(id, t)| threat(id.as_str(), t, methodology, number)).collect()
}

fn threat(id: &str, t: &Threat, methodology: Methodology, number: &mut u64) -> Value {
    *number += 1;
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
        "number": *number,
        "new": false,
    });
    let mut extra = Map::new();
    if !t.references.is_empty() {
        extra.insert("references".into(), json!(t.references.iter().map(ToString::to_string).collect::<Vec<_>>()));
    }
    if let Some(rule) = &t.rule {
        extra.insert("rule".into(), json!(rule));
    }
    if !extra.is_empty() {
        value["threatcanvas"] = Value::Object(extra);
    }
    value
}

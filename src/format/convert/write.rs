//! From the model to the current on-disk types (v3), records in canonical order.

use std::collections::BTreeMap;

use super::super::v3::{
    BoundaryV1, DiagramKindV1, DiagramV1, ElementKindV1, ElementV1, FileV3, FlowV1, FragmentV1, MessageV1, MetadataV2,
    NatureV1, NoteV1, PointV1,
};
use super::super::{CURRENT_VERSION, FORMAT_NAME};
use super::{conflict, threat, triage};
use crate::model::{DataFlow, Diagram, DiagramView, Element, ElementId, ElementKind, EntityNature, FlowId, Model};

/// The on-disk form of `model`, records in canonical order.
#[must_use]
pub fn from_model(model: &Model) -> FileV3 {
    let m = &model.meta;
    FileV3 {
        format: FORMAT_NAME.to_owned(),
        version: CURRENT_VERSION,
        model: MetadataV2 {
            title: m.title.clone(),
            description: m.description.clone(),
            owner: m.owner.clone(),
            contributors: m.contributors.clone(),
            reviewer: m.reviewer.clone(),
            scope: m.scope.clone(),
            methodology: m.methodology.into(),
        },
        elements: model.elements.iter().map(|(id, e)| element_v1(id, e)).collect(),
        flows: model.flows.iter().map(|(id, f)| flow_v1(id, f)).collect(),
        boundaries: model
            .boundaries
            .iter()
            .map(|(id, b)| BoundaryV1 {
                id: id.clone(),
                name: b.name.clone(),
                description: b.description.clone(),
                parent: b.parent.clone(),
            })
            .collect(),
        threats: threat::records(model),
        dismissed: triage::dismissed_records(model),
        suppressions: triage::suppression_records(model),
        diagrams: model.diagrams.iter().map(diagram_v1).collect(),
        conflicts: conflict::records(model),
    }
}

fn element_v1(id: &ElementId, e: &Element) -> ElementV1 {
    let mut out = ElementV1 {
        id: id.clone(),
        kind: ElementKindV1::Process,
        name: e.name.clone(),
        description: e.description.clone(),
        boundary: e.boundary.clone(),
        technology: String::new(),
        privileged: false,
        authenticates_callers: false,
        nature: None,
        stores_credentials: false,
        stores_personal_data: false,
        encrypted_at_rest: false,
        is_log: false,
        out_of_scope: e.out_of_scope,
        out_of_scope_reason: e.out_of_scope_reason.clone(),
        assumptions: e.assumptions.clone(),
    };
    match &e.kind {
        ElementKind::Process(p) => {
            out.technology.clone_from(&p.technology);
            out.privileged = p.privileged;
            out.authenticates_callers = p.authenticates_callers;
        }
        ElementKind::ExternalEntity(x) => {
            out.kind = ElementKindV1::ExternalEntity;
            out.nature = Some(match x.nature {
                EntityNature::Person => NatureV1::Person,
                EntityNature::System => NatureV1::System,
            });
        }
        ElementKind::DataStore(s) => {
            out.kind = ElementKindV1::DataStore;
            out.stores_credentials = s.stores_credentials;
            out.stores_personal_data = s.stores_personal_data;
            out.encrypted_at_rest = s.encrypted_at_rest;
            out.is_log = s.is_log;
        }
    }
    out
}

fn flow_v1(id: &FlowId, f: &DataFlow) -> FlowV1 {
    FlowV1 {
        id: id.clone(),
        source: f.source.clone(),
        target: f.target.clone(),
        bidirectional: f.bidirectional,
        name: f.name.clone(),
        description: f.description.clone(),
        data: f.data.clone(),
        protocol: f.protocol.clone(),
        encrypted: f.encrypted,
        authenticated: f.authenticated,
        out_of_scope: f.out_of_scope,
        out_of_scope_reason: f.out_of_scope_reason.clone(),
        assumptions: f.assumptions.clone(),
    }
}

fn diagram_v1(d: &Diagram) -> DiagramV1 {
    let mut out = DiagramV1 {
        id: d.id.clone(),
        name: d.name.clone(),
        kind: DiagramKindV1::Dfd,
        nodes: BTreeMap::new(),
        boundaries: BTreeMap::new(),
        bends: BTreeMap::new(),
        lifelines: Vec::new(),
        messages: Vec::new(),
        fragments: Vec::new(),
        notes: Vec::new(),
    };
    match &d.view {
        DiagramView::Dfd(v) => {
            out.nodes = v.nodes.iter().map(|(id, r)| (id.clone(), (*r).into())).collect();
            out.boundaries = v.boundaries.iter().map(|(id, r)| (id.clone(), (*r).into())).collect();
            out.bends = v
                .bends
                .iter()
                .filter(|(_, p)| !p.is_empty())
                .map(|(k, p)| (k.clone(), p.iter().copied().map(PointV1::from).collect()))
                .collect();
        }
        DiagramView::Sequence(s) => {
            out.kind = DiagramKindV1::Sequence;
            out.lifelines.clone_from(&s.lifelines);
            out.messages = s
                .messages
                .iter()
                .map(|m| MessageV1 {
                    id: m.id.clone(),
                    from: m.from.clone(),
                    to: m.to.clone(),
                    flow: m.flow.clone(),
                    kind: m.kind.into(),
                    text: m.text.clone(),
                })
                .collect();
            out.fragments = s
                .fragments
                .iter()
                .map(|g| FragmentV1 {
                    id: g.id.clone(),
                    kind: g.kind.into(),
                    guard: g.guard.clone(),
                    first: g.first.clone(),
                    last: g.last.clone(),
                    else_first: g.else_branch.as_ref().map(|e| e.first.clone()),
                    else_guard: g.else_branch.as_ref().map(|e| e.guard.clone()).unwrap_or_default(),
                })
                .collect();
            out.notes = s
                .notes
                .iter()
                .map(|n| NoteV1 {
                    id: n.id.clone(),
                    lifeline: n.lifeline.clone(),
                    after: n.after.clone(),
                    text: n.text.clone(),
                })
                .collect();
        }
    }
    out
}

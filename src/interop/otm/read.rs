//! OTM 0.1.0 and 0.2.0 files into the model. Trust zones (nested through `parent.trustZone`)
//! become trust boundaries; components become elements in their zone (a component inside
//! another component goes into that component's zone, since elements do not nest); dataflows
//! become flows; each threat instance on a component, dataflow or trust zone becomes one
//! threat, with its state, its mitigations as the mitigation text and its severity from the
//! threat's risk the way Threat Dragon computes it. Positions come from the first diagram
//! representation that places everything; otherwise the diagram is auto-laid-out.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use serde_json::Value;

use super::super::geometry;
use super::super::ids::{IdPool, long_text, one_line};
use super::super::lenient::{Flag, Num, Text, list};
use super::super::summary::{Counts, RecordKind, Summary, WarningKind};
use super::super::{ImportError, parse_typed};
use super::{KIND_ATTRIBUTE, kind_from_type};
use crate::layout;
use crate::model::{
    BoundaryId, DataFlow, DataStoreProps, DfdView, Diagram, DiagramId, DiagramView, Element, ElementId, ElementKind,
    ElementKindTag, ExternalEntityProps, FlowId, Metadata, Methodology, Model, ProcessProps, Rect, Reference, Severity,
    Threat, ThreatCategory, ThreatId, ThreatStatus, ThreatTarget, TrustBoundary,
};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OtmFile {
    otm_version: Text,
    #[serde(default)]
    project: Project,
    #[serde(default, deserialize_with = "list")]
    representations: Vec<Representation>,
    #[serde(default, deserialize_with = "list")]
    trust_zones: Vec<Zone>,
    #[serde(default, deserialize_with = "list")]
    components: Vec<Component>,
    #[serde(default, deserialize_with = "list")]
    dataflows: Vec<Dataflow>,
    #[serde(default, deserialize_with = "list")]
    threats: Vec<OtmThreat>,
    #[serde(default, deserialize_with = "list")]
    mitigations: Vec<Mitigation>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Project {
    name: Text,
    description: Text,
    owner: Text,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Representation {
    id: Text,
    name: Text,
    #[serde(rename = "type")]
    kind: Text,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Parent {
    #[serde(rename = "trustZone")]
    trust_zone: Text,
    component: Text,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Placement {
    representation: Text,
    position: Option<XY>,
    size: Option<WH>,
}

#[derive(Debug, Default, Deserialize)]
struct XY {
    #[serde(default)]
    x: Num,
    #[serde(default)]
    y: Num,
}

#[derive(Debug, Default, Deserialize)]
struct WH {
    #[serde(default)]
    width: Num,
    #[serde(default)]
    height: Num,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Instance {
    threat: Text,
    state: Text,
    #[serde(deserialize_with = "list")]
    mitigations: Vec<MitigationInstance>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct MitigationInstance {
    mitigation: Text,
    state: Text,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Zone {
    id: Text,
    name: Text,
    description: Text,
    parent: Option<Parent>,
    #[serde(deserialize_with = "list")]
    representations: Vec<Placement>,
    #[serde(deserialize_with = "list")]
    threats: Vec<Instance>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Component {
    id: Text,
    name: Text,
    #[serde(rename = "type")]
    kind: Text,
    description: Text,
    parent: Option<Parent>,
    #[serde(deserialize_with = "list")]
    representations: Vec<Placement>,
    #[serde(deserialize_with = "list")]
    threats: Vec<Instance>,
    attributes: Option<Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Dataflow {
    id: Text,
    name: Text,
    description: Text,
    bidirectional: Flag,
    source: Text,
    destination: Text,
    #[serde(deserialize_with = "list")]
    threats: Vec<Instance>,
    attributes: Option<Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct OtmThreat {
    id: Text,
    name: Text,
    description: Text,
    #[serde(deserialize_with = "list")]
    categories: Vec<Text>,
    #[serde(deserialize_with = "list")]
    cwes: Vec<Text>,
    risk: Option<Risk>,
    attributes: Option<Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Risk {
    likelihood: Option<Num>,
    impact: Option<Num>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Mitigation {
    id: Text,
    name: Text,
    description: Text,
}

/// Reads an OTM file.
///
/// # Errors
/// [`ImportError`] naming the file and JSON path of a mistyped field.
pub fn import(bytes: &[u8], file: &str) -> Result<(Model, Summary), ImportError> {
    let otm: OtmFile = parse_typed(bytes, file, "an Open Threat Model file")?;
    Ok(build(otm))
}

fn build(otm: OtmFile) -> (Model, Summary) {
    let version = otm.otm_version.0.trim().to_owned();
    let mut summary = Summary { source_format: format!("OTM {version}"), ..Summary::default() };
    if !matches!(version.as_str(), "0.1.0" | "0.2.0") {
        summary.warn(
            WarningKind::UnknownValue,
            None,
            format!("OTM version {version:?} is not 0.1.0 or 0.2.0; read as 0.2.0"),
        );
    }
    let mut ids = IdPool::default();
    let meta = Metadata {
        title: one_line(otm.project.name.as_str(), &mut summary, "project"),
        description: long_text(otm.project.description.as_str(), &mut summary, "project", "description"),
        owner: one_line(otm.project.owner.as_str(), &mut summary, "project"),
        methodology: Methodology::Stride,
        ..Metadata::default()
    };
    let mut model = Model { meta, ..Model::default() };

    // Trust zones, then their nesting.
    let mut zones: BTreeMap<String, BoundaryId> = BTreeMap::new();
    for z in &otm.trust_zones {
        let id = BoundaryId::new(claim(&mut ids, &mut summary, z.id.as_str(), "zone"));
        let name = one_line(z.name.as_str(), &mut summary, z.id.as_str());
        let description = long_text(z.description.as_str(), &mut summary, z.id.as_str(), "description");
        model.boundaries.insert(id.clone(), TrustBoundary { name, description, parent: None });
        zones.insert(z.id.0.clone(), id);
    }
    for z in &otm.trust_zones {
        let parent = z.parent.as_ref().map(|p| p.trust_zone.as_str()).filter(|p| !p.is_empty());
        let (Some(parent), Some(id)) = (parent, zones.get(z.id.as_str())) else { continue };
        match zones.get(parent) {
            Some(p) if p != id && !ancestor_of(&model, id, p) => {
                if let Some(b) = model.boundaries.get_mut(id) {
                    b.parent = Some(p.clone());
                }
            }
            _ => summary.warn(
                WarningKind::Membership,
                Some(z.id.as_str()),
                format!(
                    "its parent trust zone {parent:?} is not in the file (or would nest it in itself); it is not nested"
                ),
            ),
        }
    }

    // Components: their zone is their own parent zone, or that of the component they sit in.
    let by_id: BTreeMap<&str, &Component> = otm.components.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut elements: BTreeMap<String, ElementId> = BTreeMap::new();
    for c in &otm.components {
        let id = ElementId::new(claim(&mut ids, &mut summary, c.id.as_str(), "component"));
        let boundary = zone_of(c, &by_id, &zones, &mut summary);
        let kind = element_kind(c);
        let element = Element {
            name: one_line(c.name.as_str(), &mut summary, c.id.as_str()),
            description: long_text(c.description.as_str(), &mut summary, c.id.as_str(), "description"),
            kind,
            boundary,
            ..Element::default()
        };
        model.elements.insert(id.clone(), element);
        elements.insert(c.id.0.clone(), id);
    }

    // Dataflows.
    let mut flows: BTreeMap<String, FlowId> = BTreeMap::new();
    for f in &otm.dataflows {
        let ends = [("source", f.source.as_str()), ("destination", f.destination.as_str())].map(|(which, end)| {
            let found = elements.get(end).cloned();
            if found.is_none() {
                let what = if zones.contains_key(end) { "a trust zone, not a component" } else { "not in the file" };
                summary.warn(
                    WarningKind::Dropped(RecordKind::Flow),
                    Some(f.id.as_str()),
                    format!("its {which} {end:?} is {what}; the dataflow is left out"),
                );
            }
            found
        });
        let [Some(source), Some(target)] = ends else {
            for i in &f.threats {
                summary.warn(
                    WarningKind::Dropped(RecordKind::Threat),
                    Some(i.threat.as_str()),
                    format!("instance on dataflow {} is left out with its dataflow", f.id.as_str()),
                );
            }
            continue;
        };
        let id = FlowId::new(claim(&mut ids, &mut summary, f.id.as_str(), "dataflow"));
        let protocol = f
            .attributes
            .as_ref()
            .and_then(|a| a.get("protocol"))
            .and_then(Value::as_str)
            .map(|p| one_line(p, &mut summary, f.id.as_str()))
            .unwrap_or_default();
        let flow = DataFlow {
            source,
            target,
            bidirectional: f.bidirectional.0,
            name: one_line(f.name.as_str(), &mut summary, f.id.as_str()),
            description: long_text(f.description.as_str(), &mut summary, f.id.as_str(), "description"),
            protocol,
            ..DataFlow::default()
        };
        model.flows.insert(id.clone(), flow);
        flows.insert(f.id.0.clone(), id);
    }

    // Threat instances.
    let definitions: BTreeMap<&str, &OtmThreat> = otm.threats.iter().map(|t| (t.id.as_str(), t)).collect();
    let mitigations: BTreeMap<&str, &Mitigation> = otm.mitigations.iter().map(|m| (m.id.as_str(), m)).collect();
    let mut instantiated: BTreeSet<&str> = BTreeSet::new();
    let mut holders: Vec<(ThreatTarget, &str, &[Instance])> = Vec::new();
    for c in &otm.components {
        if let Some(e) = elements.get(c.id.as_str()) {
            holders.push((ThreatTarget::Element(e.clone()), c.id.as_str(), &c.threats));
        }
    }
    for f in &otm.dataflows {
        if let Some(id) = flows.get(f.id.as_str()) {
            holders.push((ThreatTarget::Flow(id.clone()), f.id.as_str(), &f.threats));
        }
    }
    for z in &otm.trust_zones {
        if let Some(id) = zones.get(z.id.as_str()) {
            holders.push((ThreatTarget::Boundary(id.clone()), z.id.as_str(), &z.threats));
        }
    }
    for (target, holder, instances) in holders {
        for (rank, instance) in instances.iter().enumerate() {
            let Some(definition) = definitions.get(instance.threat.as_str()) else {
                summary.warn(
                    WarningKind::Dropped(RecordKind::Threat),
                    Some(holder),
                    format!(
                        "threat instance names threat {:?}, which the file does not define; left out",
                        instance.threat.as_str()
                    ),
                );
                continue;
            };
            instantiated.insert(definition.id.as_str());
            let id = ThreatId::new(ids.claim(&format!("{}-{}", definition.id.as_str(), target.id_str()), "threat"));
            let threat = threat(definition, instance, &mitigations, target.clone(), rank, &mut summary);
            model.threats.insert(id, threat);
        }
    }
    for t in &otm.threats {
        if !instantiated.contains(t.id.as_str()) {
            summary.warn(
                WarningKind::Dropped(RecordKind::Threat),
                Some(t.id.as_str()),
                "the threat is defined but not instantiated on any component, dataflow or trust zone; a ThreatCanvas \
                 threat belongs to one, so it is left out",
            );
        }
    }

    let diagram = diagram(&otm, &model, &elements, &zones, &mut summary);
    model.diagrams.push(diagram);
    summary.counts = Counts::of(&model);
    (model, summary)
}

fn claim(ids: &mut IdPool, summary: &mut Summary, source_id: &str, fallback: &str) -> String {
    let id = ids.claim(source_id, fallback);
    if id != source_id {
        summary.warn(WarningKind::Adjusted, Some(source_id), super::super::ids::renamed(source_id, &id));
    }
    id
}

fn ancestor_of(model: &Model, id: &BoundaryId, candidate: &BoundaryId) -> bool {
    // Would making `candidate` the parent of `id` close a circle?
    candidate == id || model.ancestors(candidate).any(|a| a == id)
}

/// The zone a component sits in, following `parent.component` up to a component with a zone.
fn zone_of(
    c: &Component,
    by_id: &BTreeMap<&str, &Component>,
    zones: &BTreeMap<String, BoundaryId>,
    summary: &mut Summary,
) -> Option<BoundaryId> {
    let mut current = c;
    let mut hops = 0;
    loop {
        let parent = current.parent.as_ref()?;
        if !parent.trust_zone.as_str().is_empty() {
            let found = zones.get(parent.trust_zone.as_str()).cloned();
            if found.is_none() {
                summary.warn(
                    WarningKind::Membership,
                    Some(c.id.as_str()),
                    format!(
                        "its trust zone {:?} is not in the file; it is placed in no boundary",
                        parent.trust_zone.as_str()
                    ),
                );
            }
            return found;
        }
        let next = parent.component.as_str();
        if next.is_empty() {
            return None;
        }
        if hops == 0 {
            summary.warn(
                WarningKind::Membership,
                Some(c.id.as_str()),
                format!("the component sits inside component {next:?}; elements do not nest, so it joins that component's trust zone"),
            );
        }
        hops += 1;
        match by_id.get(next) {
            Some(p) if hops <= by_id.len() => current = p,
            _ => return None,
        }
    }
}

/// The element kind: what a ThreatCanvas export wrote in the attributes, else a guess from the
/// component's type (clients are external entities, databases and storage are data stores).
fn element_kind(c: &Component) -> ElementKind {
    let written = c.attributes.as_ref().and_then(|a| a.get(KIND_ATTRIBUTE)).and_then(Value::as_str);
    let tag = written
        .and_then(|w| ElementKindTag::ALL.into_iter().find(|t| super::kind_name(*t) == w))
        .unwrap_or_else(|| kind_from_type(c.kind.as_str()));
    match tag {
        ElementKindTag::Process => ElementKind::Process(ProcessProps {
            technology: c.kind.0.chars().take(200).collect(),
            ..ProcessProps::default()
        }),
        ElementKindTag::ExternalEntity => ElementKind::ExternalEntity(ExternalEntityProps::default()),
        ElementKindTag::DataStore => ElementKind::DataStore(DataStoreProps::default()),
    }
}

/// Severity from risk as Threat Dragon computes it: likelihood × impact / 1000 (both 0 to
/// 100): 9 and up critical, 7 high, 4 medium, else low; a `severity` attribute wins.
fn severity(t: &OtmThreat, summary: &mut Summary) -> Severity {
    if let Some(text) = t.attributes.as_ref().and_then(|a| a.get("severity")).and_then(Value::as_str) {
        match text.trim().to_ascii_lowercase().as_str() {
            "low" => return Severity::Low,
            "medium" => return Severity::Medium,
            "high" => return Severity::High,
            "critical" => return Severity::Critical,
            _ => summary.warn(
                WarningKind::UnknownValue,
                Some(t.id.as_str()),
                format!("severity {text:?} is unknown; worked out from the risk instead"),
            ),
        }
    }
    let Some(risk) = &t.risk else { return Severity::Unrated };
    let (Some(likelihood), Some(impact)) = (risk.likelihood, risk.impact) else { return Severity::Unrated };
    let score = likelihood.0 * impact.0 / 1000.0;
    if score >= 9.0 {
        Severity::Critical
    } else if score >= 7.0 {
        Severity::High
    } else if score >= 4.0 {
        Severity::Medium
    } else {
        Severity::Low
    }
}

fn status(state: &str, summary: &mut Summary, id: &str) -> ThreatStatus {
    let key: String = state.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
    match key.as_str() {
        "" | "exposed" | "open" | "autogenerated" | "required" | "recommended" => ThreatStatus::Open,
        "mitigated" | "implemented" => ThreatStatus::Mitigated,
        "notapplicable" | "na" => ThreatStatus::NotApplicable,
        "accepted" => ThreatStatus::Accepted,
        "transferred" => ThreatStatus::Transferred,
        _ => {
            summary.warn(
                WarningKind::UnknownValue,
                Some(id),
                format!("threat state {state:?} is unknown; read as Open"),
            );
            ThreatStatus::Open
        }
    }
}

fn threat(
    t: &OtmThreat,
    instance: &Instance,
    mitigations: &BTreeMap<&str, &Mitigation>,
    target: ThreatTarget,
    rank: usize,
    summary: &mut Summary,
) -> Threat {
    let id = t.id.as_str();
    let mut category = None;
    for c in &t.categories {
        if let Some(found) = super::category(c.as_str()) {
            category = Some(found);
            break;
        }
    }
    let category = category.unwrap_or_else(|| {
        if !t.categories.is_empty() {
            let names: Vec<&str> = t.categories.iter().map(Text::as_str).collect();
            summary.warn(
                WarningKind::UnknownValue,
                Some(id),
                format!("categories {names:?} are unknown; read as Other"),
            );
        }
        ThreatCategory::Other
    });
    let mut references: Vec<Reference> = Vec::new();
    for cwe in &t.cwes {
        match cwe.as_str().parse::<Reference>() {
            Ok(r) if !references.contains(&r) => references.push(r),
            Ok(_) => {}
            Err(e) => summary.warn(WarningKind::Adjusted, Some(id), format!("{e}; left out")),
        }
    }
    references.truncate(crate::model::MAX_REFERENCES);
    let mut texts = Vec::new();
    for m in &instance.mitigations {
        match mitigations.get(m.mitigation.as_str()) {
            Some(def) => {
                let mut text = def.name.as_str().trim().to_owned();
                let description = def.description.as_str().trim();
                if !description.is_empty() && description != text {
                    text = if text.is_empty() { description.to_owned() } else { format!("{text}: {description}") };
                }
                let state = m.state.as_str().trim();
                if !state.is_empty() {
                    text.push_str(&format!(" ({})", state.to_ascii_lowercase()));
                }
                texts.push(text);
            }
            None => summary.warn(
                WarningKind::Dropped(RecordKind::Threat),
                Some(id),
                format!(
                    "mitigation {:?} is not defined in the file; left out of the threat's mitigation",
                    m.mitigation.as_str()
                ),
            ),
        }
    }
    Threat {
        target,
        title: one_line(t.name.as_str(), summary, id),
        category,
        status: status(instance.state.as_str(), summary, id),
        severity: severity(t, summary),
        description: long_text(t.description.as_str(), summary, id, "description"),
        mitigation: long_text(&texts.join("\n\n"), summary, id, "mitigation"),
        references,
        rule: None,
        score: String::new(),
        rank: u32::try_from(rank).unwrap_or(u32::MAX),
    }
}

/// The diagram: positions from the diagram representation that places every component, or
/// an auto-layout.
fn diagram(
    otm: &OtmFile,
    model: &Model,
    elements: &BTreeMap<String, ElementId>,
    zones: &BTreeMap<String, BoundaryId>,
    summary: &mut Summary,
) -> Diagram {
    let diagrams: Vec<&Representation> = otm.representations.iter().filter(|r| r.kind.as_str() == "diagram").collect();
    let rect_in = |placements: &[Placement], rep: &str| -> Option<Rect> {
        let p = placements.iter().find(|p| p.representation.as_str() == rep)?;
        let pos = p.position.as_ref()?;
        let size = p.size.as_ref();
        Some(Rect::new(
            geometry::coord(pos.x.0),
            geometry::coord(pos.y.0),
            geometry::extent(size.map_or(0.0, |s| s.width.0), 100),
            geometry::extent(size.map_or(0.0, |s| s.height.0), 70),
        ))
    };
    let mut chosen = None;
    for rep in &diagrams {
        let placed = otm
            .components
            .iter()
            .filter(|c| elements.contains_key(c.id.as_str()))
            .all(|c| rect_in(&c.representations, rep.id.as_str()).is_some());
        if placed && !elements.is_empty() {
            chosen = Some(*rep);
            break;
        }
    }
    let id =
        DiagramId::new(if model.elements.contains_key(&ElementId::new("diagram")) { "diagram-1" } else { "diagram" });
    let Some(rep) = chosen else {
        let all: BTreeSet<ElementId> = model.elements.keys().cloned().collect();
        let boundaries: BTreeSet<BoundaryId> = model.boundaries.keys().cloned().collect();
        let arranged = layout::arrange(model, &all, &boundaries, &BTreeMap::new());
        if !all.is_empty() {
            summary.warn(
                WarningKind::Adjusted,
                None,
                "the file places its components in no diagram representation; the diagram is auto-laid-out",
            );
        }
        let view = DfdView { nodes: arranged.nodes, boundaries: arranged.boundaries, bends: BTreeMap::new() };
        return Diagram { id, name: "Data flow".to_owned(), view: DiagramView::Dfd(view) };
    };
    // OTM positions of nested things are relative to their parent's representation.
    let mut view = DfdView::default();
    let mut zone_rects: BTreeMap<&str, Rect> = BTreeMap::new();
    for z in &otm.trust_zones {
        if let Some(r) = rect_in(&z.representations, rep.id.as_str()) {
            zone_rects.insert(z.id.as_str(), r);
        }
    }
    let absolute_zone = |zid: &str| -> Option<Rect> {
        let mut r = *zone_rects.get(zid)?;
        let mut current = otm.trust_zones.iter().find(|z| z.id.as_str() == zid);
        let mut hops = 0;
        while let Some(parent) =
            current.and_then(|z| z.parent.as_ref()).map(|p| p.trust_zone.as_str()).filter(|p| !p.is_empty())
        {
            let Some(pr) = zone_rects.get(parent) else { break };
            r = r.translated(pr.x, pr.y);
            current = otm.trust_zones.iter().find(|z| z.id.as_str() == parent);
            hops += 1;
            if hops > otm.trust_zones.len() {
                break;
            }
        }
        Some(r)
    };
    for (zid, b) in zones {
        if let Some(r) = absolute_zone(zid) {
            view.boundaries.insert(b.clone(), r);
        }
    }
    // Components are placed relative to the zone or component they sit in.
    let by_id: BTreeMap<&str, &Component> = otm.components.iter().map(|c| (c.id.as_str(), c)).collect();
    for c in &otm.components {
        let (Some(id), Some(mut r)) = (elements.get(c.id.as_str()), rect_in(&c.representations, rep.id.as_str()))
        else {
            continue;
        };
        let mut current = c;
        for _ in 0..=by_id.len() {
            let Some(parent) = &current.parent else { break };
            if let Some(z) = absolute_zone(parent.trust_zone.as_str()) {
                r = r.translated(z.x, z.y);
                break;
            }
            let Some(up) = by_id.get(parent.component.as_str()) else { break };
            if let Some(pr) = rect_in(&up.representations, rep.id.as_str()) {
                r = r.translated(pr.x, pr.y);
            }
            current = up;
        }
        view.nodes.insert(id.clone(), r);
    }
    // A zone without a placement: put a box around its members.
    for (zid, b) in zones {
        if view.boundaries.contains_key(b) {
            continue;
        }
        let members: Vec<Rect> =
            view.nodes.iter().filter(|(e, _)| model.boundary_contains(b, e)).map(|(_, r)| *r).collect();
        if let Some(r) = geometry::enclosing(&members, 20, 24) {
            view.boundaries.insert(b.clone(), r);
        } else {
            summary.warn(
                WarningKind::Adjusted,
                Some(zid),
                "the trust zone has no position and no placed members; not drawn",
            );
        }
    }
    let name = if rep.name.as_str().is_empty() {
        "Data flow".to_owned()
    } else {
        one_line(rep.name.as_str(), summary, rep.id.as_str())
    };
    Diagram { id, name, view: DiagramView::Dfd(view) }
}

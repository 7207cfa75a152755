//! OTM 0.1.0 and 0.2.0 files into the model. Trust zones (nested through `parent.trustZone`)
//! become trust boundaries; components become elements in their zone (a component inside
//! another component goes into that component's zone, since elements do not nest); dataflows
//! become flows; each threat instance becomes one threat ([`threats`](super::threats)).
//! Positions come from the first diagram representation that places everything; otherwise
//! the diagram is auto-laid-out ([`place`](super::place)).
//!
//! What a ThreatCanvas export kept in `attributes` ([`attributes`](super::attributes)) is read
//! back over the defaults; a file without those keys reads as any other tool's.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::super::ids::{IdPool, long_text, one_line, short_text};
use super::super::summary::{Counts, RecordKind, Summary, WarningKind};
use super::super::{ImportError, parse_typed};
use super::attributes::{
    ASSUMPTIONS, AUTHENTICATED, AUTHENTICATES_CALLERS, Attributes, CONTRIBUTORS, DATA, ENCRYPTED, ENCRYPTED_AT_REST,
    IS_LOG, LEGACY_OUT_OF_SCOPE, LEGACY_OUT_OF_SCOPE_REASON, METHODOLOGY, NATURE, OUT_OF_SCOPE, OUT_OF_SCOPE_REASON,
    PRIVILEGED, PROTOCOL, REVIEWER, SCOPE, STORES_CREDENTIALS, STORES_PERSONAL_DATA, TECHNOLOGY,
};
use super::file::{Component, Instance, Mitigation, OtmFile, OtmThreat, Zone};
use super::{GENERIC_PROCESS, KIND_ATTRIBUTE, OUTSIDE_ATTRIBUTE, kind_from_type, place, threats, triage};
use crate::model::{
    BoundaryId, DataFlow, DataStoreProps, Element, ElementId, ElementKind, ElementKindTag, EntityNature,
    ExternalEntityProps, FlowId, Metadata, Methodology, Model, ProcessProps, ThreatId, ThreatTarget, TrustBoundary,
};

/// Reads an OTM file.
///
/// # Errors
/// [`ImportError`] naming the file and JSON path of a mistyped field.
pub fn import(bytes: &[u8], file: &str) -> Result<(Model, Summary), ImportError> {
    let otm: OtmFile = parse_typed(bytes, file, "an Open Threat Model file")?;
    let (model, mut summary) = build(&otm);
    if let Ok(value) = serde_json::from_slice::<Value>(bytes) {
        super::unread::report(&value, &mut summary);
    }
    Ok((model, summary))
}

fn build(otm: &OtmFile) -> (Model, Summary) {
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
    let project = Attributes::of(otm.project.attributes.as_ref(), "project");
    let meta = metadata(otm, project, &mut summary);
    let model = Model { meta, ..Model::default() };
    let outside = otm.trust_zones.iter().filter(|z| is_outside(z)).map(|z| z.id.as_str()).collect();
    let mut reading = Reading {
        otm,
        model,
        ids: &mut ids,
        summary,
        outside,
        zones: BTreeMap::new(),
        elements: BTreeMap::new(),
        flows: BTreeMap::new(),
    };
    reading.zones();
    reading.components();
    reading.dataflows();
    reading.threats();
    let Reading { mut model, mut summary, elements, zones, flows, .. } = reading;
    let diagram = place::diagram(otm, &model, &place::Records { zones, elements, flows }, &mut summary);
    model.diagrams.push(diagram);
    triage::read(project, &mut model, &mut summary);
    summary.counts = Counts::of(&model);
    (model, summary)
}

/// The model's metadata: the project's fields, and what a ThreatCanvas export kept in its
/// attributes (without those, the methodology is STRIDE, which OTM's categories mostly are).
fn metadata(otm: &OtmFile, project: Attributes<'_>, summary: &mut Summary) -> Metadata {
    let contributors = project.texts(CONTRIBUTORS, summary);
    Metadata {
        title: one_line(otm.project.name.as_str(), summary, "project"),
        description: long_text(otm.project.description.as_str(), summary, "project", "description"),
        owner: one_line(otm.project.owner.as_str(), summary, "project"),
        contributors: contributors.into_iter().map(|c| short_text(c, summary, "project", "contributor")).collect(),
        reviewer: short_text(project.text(REVIEWER, summary).unwrap_or_default(), summary, "project", "reviewer"),
        scope: long_text(project.text(SCOPE, summary).unwrap_or_default(), summary, "project", "scope"),
        methodology: project.named(METHODOLOGY, "a methodology", summary).unwrap_or(Methodology::Stride),
    }
}

/// Whether `zone` is the one a ThreatCanvas export made for elements in no boundary.
fn is_outside(zone: &Zone) -> bool {
    zone.attributes.as_ref().and_then(|a| a.get(OUTSIDE_ATTRIBUTE)).and_then(Value::as_bool) == Some(true)
}

/// The reading of one file, part by part.
struct Reading<'a> {
    otm: &'a OtmFile,
    model: Model,
    ids: &'a mut IdPool,
    summary: Summary,
    /// Zones standing for "in no boundary".
    outside: BTreeSet<&'a str>,
    /// What each trust zone, component and dataflow id of the file became.
    zones: BTreeMap<String, BoundaryId>,
    elements: BTreeMap<String, ElementId>,
    flows: BTreeMap<String, FlowId>,
}

impl Reading<'_> {
    fn claim(&mut self, source_id: &str, fallback: &str) -> String {
        let id = self.ids.claim(source_id, fallback);
        if id != source_id {
            self.summary.renamed(source_id, &id);
        }
        id
    }

    /// Trust zones, then their nesting.
    fn zones(&mut self) {
        let otm = self.otm;
        for z in otm.trust_zones.iter().filter(|z| !is_outside(z)) {
            let id = BoundaryId::new(self.claim(z.id.as_str(), "zone"));
            let name = one_line(z.name.as_str(), &mut self.summary, z.id.as_str());
            let description = long_text(z.description.as_str(), &mut self.summary, z.id.as_str(), "description");
            self.model.boundaries.insert(id.clone(), TrustBoundary { name, description, parent: None });
            self.zones.insert(z.id.0.clone(), id);
        }
        for z in &otm.trust_zones {
            let parent = z.parent.as_ref().map(|p| p.trust_zone.as_str()).filter(|p| !p.is_empty());
            let (Some(parent), Some(id)) = (parent, self.zones.get(z.id.as_str())) else { continue };
            match self.zones.get(parent) {
                Some(p) if p != id && !self.model.ancestors(p).any(|a| a == id) => {
                    let p = p.clone();
                    if let Some(b) = self.model.boundaries.get_mut(id) {
                        b.parent = Some(p);
                    }
                }
                _ => self.summary.warn(
                    WarningKind::Membership,
                    Some(z.id.as_str()),
                    format!(
                        "its parent trust zone {parent:?} is not in the file (or would nest it in itself); it is \
                         not nested"
                    ),
                ),
            }
        }
    }

    /// Components: their zone is their own parent zone, or that of the component they sit in.
    fn components(&mut self) {
        let otm = self.otm;
        let by_id: BTreeMap<&str, &Component> = otm.components.iter().map(|c| (c.id.as_str(), c)).collect();
        for c in &otm.components {
            let id = ElementId::new(self.claim(c.id.as_str(), "component"));
            let boundary = self.zone_of(c, &by_id);
            let attributes = Attributes::of(c.attributes.as_ref(), c.id.as_str());
            let summary = &mut self.summary;
            let scope = ScopeNotes::read(attributes, summary, true);
            let element = Element {
                name: one_line(c.name.as_str(), summary, c.id.as_str()),
                description: long_text(c.description.as_str(), summary, c.id.as_str(), "description"),
                kind: element_kind(c, attributes, summary),
                boundary,
                out_of_scope: scope.out_of_scope,
                out_of_scope_reason: scope.reason,
                assumptions: scope.assumptions,
            };
            self.model.elements.insert(id.clone(), element);
            self.elements.insert(c.id.0.clone(), id);
        }
    }

    /// The zone a component sits in, following `parent.component` up to a component with a zone.
    fn zone_of(&mut self, c: &Component, by_id: &BTreeMap<&str, &Component>) -> Option<BoundaryId> {
        let mut current = c;
        let mut hops = 0;
        loop {
            let parent = current.parent.as_ref()?;
            let zone = parent.trust_zone.as_str();
            if !zone.is_empty() {
                let found = self.zones.get(zone).cloned();
                if found.is_none() && !self.outside.contains(zone) {
                    self.summary.warn(
                        WarningKind::Membership,
                        Some(c.id.as_str()),
                        format!("its trust zone {zone:?} is not in the file; it is placed in no boundary"),
                    );
                }
                return found;
            }
            let next = parent.component.as_str();
            if next.is_empty() {
                return None;
            }
            if hops == 0 {
                let name = by_id.get(next).map(|p| p.name.as_str().trim()).filter(|n| !n.is_empty() && *n != next);
                let holder = name.map_or_else(|| format!("{next:?}"), |n| format!("{n:?} ({next})"));
                self.summary.warn(
                    WarningKind::Membership,
                    Some(c.id.as_str()),
                    format!(
                        "the component sits inside component {holder}; elements do not nest, so it joins that \
                         component's trust zone"
                    ),
                );
            }
            hops += 1;
            match by_id.get(next) {
                Some(p) if hops <= by_id.len() => current = p,
                _ => return None,
            }
        }
    }

    fn dataflows(&mut self) {
        let otm = self.otm;
        for f in &otm.dataflows {
            let ends = [("source", f.source.as_str()), ("destination", f.destination.as_str())].map(|(which, end)| {
                self.elements.get(end).cloned().ok_or_else(|| {
                    let what =
                        if self.zones.contains_key(end) { "a trust zone, not a component" } else { "not in the file" };
                    format!("its {which} {end:?} is {what}")
                })
            });
            let (source, target) = match ends {
                [Ok(source), Ok(target)] => (source, target),
                [source, target] => {
                    let why: Vec<String> = [source, target].into_iter().filter_map(Result::err).collect();
                    self.summary.warn(
                        WarningKind::Dropped(RecordKind::Flow),
                        Some(f.id.as_str()),
                        format!("{}; the dataflow is left out", why.join("; ")),
                    );
                    for i in &f.threats {
                        self.summary.warn(
                            WarningKind::Dropped(RecordKind::Threat),
                            Some(i.threat.as_str()),
                            format!("instance on dataflow {} is left out with its dataflow", f.id.as_str()),
                        );
                    }
                    continue;
                }
            };
            let id = FlowId::new(self.claim(f.id.as_str(), "dataflow"));
            let attributes = Attributes::of(f.attributes.as_ref(), f.id.as_str());
            let summary = &mut self.summary;
            let source_id = f.id.as_str();
            let scope = ScopeNotes::read(attributes, summary, false);
            let protocol = attributes.plain_text(PROTOCOL);
            let data = attributes.text(DATA, summary).unwrap_or_default();
            let flow = DataFlow {
                source,
                target,
                bidirectional: f.bidirectional.0,
                name: one_line(f.name.as_str(), summary, source_id),
                description: long_text(f.description.as_str(), summary, source_id, "description"),
                data: long_text(data, summary, source_id, "data"),
                protocol: one_line(protocol, summary, source_id),
                encrypted: attributes.plain_flag(ENCRYPTED),
                authenticated: attributes.flag(AUTHENTICATED, summary) == Some(true),
                out_of_scope: scope.out_of_scope,
                out_of_scope_reason: scope.reason,
                assumptions: scope.assumptions,
            };
            self.model.flows.insert(id.clone(), flow);
            self.flows.insert(f.id.0.clone(), id);
        }
    }

    /// Threat instances; definitions never instantiated are reported, not kept.
    fn threats(&mut self) {
        let otm = self.otm;
        let definitions: BTreeMap<&str, &OtmThreat> = otm.threats.iter().map(|t| (t.id.as_str(), t)).collect();
        let mitigations: BTreeMap<&str, &Mitigation> = otm.mitigations.iter().map(|m| (m.id.as_str(), m)).collect();
        let mut holders: Vec<(ThreatTarget, &str, &[Instance])> = Vec::new();
        for c in &otm.components {
            if let Some(e) = self.elements.get(c.id.as_str()) {
                holders.push((ThreatTarget::Element(e.clone()), c.id.as_str(), &c.threats));
            }
        }
        for f in &otm.dataflows {
            if let Some(id) = self.flows.get(f.id.as_str()) {
                holders.push((ThreatTarget::Flow(id.clone()), f.id.as_str(), &f.threats));
            }
        }
        for z in &otm.trust_zones {
            if let Some(id) = self.zones.get(z.id.as_str()) {
                holders.push((ThreatTarget::Boundary(id.clone()), z.id.as_str(), &z.threats));
            }
        }
        // A definition instantiated once keeps its id (as in a file we wrote: one definition per
        // threat); one instantiated on several holders gives each instance an id of its own.
        let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, _, instances) in &holders {
            for i in *instances {
                *uses.entry(i.threat.as_str()).or_default() += 1;
            }
        }
        let mut instantiated: BTreeSet<&str> = BTreeSet::new();
        for (target, holder, instances) in holders {
            for (rank, instance) in instances.iter().enumerate() {
                let Some(definition) = definitions.get(instance.threat.as_str()) else {
                    self.summary.warn(
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
                let wanted = if uses.get(definition.id.as_str()) == Some(&1) {
                    definition.id.as_str().to_owned()
                } else {
                    format!("{}-{}", definition.id.as_str(), target.id_str())
                };
                let id = ThreatId::new(self.ids.claim(&wanted, "threat"));
                let threat =
                    threats::threat(definition, instance, &mitigations, target.clone(), rank, &mut self.summary);
                self.model.threats.insert(id, threat);
            }
        }
        for t in otm.threats.iter().filter(|t| !instantiated.contains(t.id.as_str())) {
            self.summary.warn(
                WarningKind::Dropped(RecordKind::Threat),
                Some(t.id.as_str()),
                "the threat is defined but not instantiated on any component, dataflow or trust zone; a \
                 ThreatCanvas threat belongs to one, so it is left out",
            );
        }
    }
}

/// Whether and why a component or dataflow is out of scope, and its assumptions.
struct ScopeNotes {
    out_of_scope: bool,
    reason: String,
    assumptions: Vec<String>,
}

impl ScopeNotes {
    /// Reads them from `attributes`; with `legacy`, when the prefixed keys are missing, from
    /// the plain keys exports of components wrote before the prefixed ones existed, read as
    /// they were then (other tools may use those names too).
    fn read(attributes: Attributes<'_>, summary: &mut Summary, legacy: bool) -> Self {
        let (flag, reason) = if legacy && !attributes.has(OUT_OF_SCOPE) && !attributes.has(OUT_OF_SCOPE_REASON) {
            (attributes.plain_flag(LEGACY_OUT_OF_SCOPE), attributes.plain_text(LEGACY_OUT_OF_SCOPE_REASON))
        } else {
            let flag = attributes.flag(OUT_OF_SCOPE, summary) == Some(true);
            (flag, attributes.text(OUT_OF_SCOPE_REASON, summary).unwrap_or_default())
        };
        let id = attributes.source_id();
        let assumptions = attributes.texts(ASSUMPTIONS, summary);
        Self {
            out_of_scope: flag,
            reason: long_text(reason, summary, id, "reason out of scope"),
            assumptions: assumptions.into_iter().map(|a| short_text(a, summary, id, "assumption")).collect(),
        }
    }
}

/// The element kind: what a ThreatCanvas export wrote in the attributes, else a guess from the
/// component's type (clients are external entities, databases and storage are data stores),
/// with the kind's properties from the attributes (all unset without them). A process's
/// technology is the one the attributes hold, else its type, unless that is the
/// "generic-process" our export writes for none.
fn element_kind(c: &Component, attributes: Attributes<'_>, summary: &mut Summary) -> ElementKind {
    let id = c.id.as_str();
    let written = attributes.text(KIND_ATTRIBUTE, summary);
    let known = written.and_then(|w| ElementKindTag::ALL.into_iter().find(|t| super::kind_name(*t) == w));
    if let (Some(w), None) = (written, known) {
        summary.warn(
            WarningKind::UnknownValue,
            Some(id),
            format!("kind {w:?} is not \"process\", \"external_entity\" or \"data_store\"; guessed from the type"),
        );
    }
    let tag = known.unwrap_or_else(|| kind_from_type(c.kind.as_str()));
    let mut flag = |key: &str| attributes.flag(key, summary) == Some(true);
    match tag {
        ElementKindTag::Process => {
            let privileged = flag(PRIVILEGED);
            let authenticates_callers = flag(AUTHENTICATES_CALLERS);
            let technology = match attributes.text(TECHNOLOGY, summary) {
                Some(t) => short_text(t, summary, id, "technology"),
                None => match c.kind.as_str().trim() {
                    GENERIC_PROCESS => String::new(),
                    kind => one_line(kind, summary, id),
                },
            };
            ElementKind::Process(ProcessProps { technology, privileged, authenticates_callers })
        }
        ElementKindTag::ExternalEntity => {
            let nature = match attributes.text(NATURE, summary) {
                Some("system") => EntityNature::System,
                None | Some("person") => EntityNature::Person,
                Some(other) => {
                    summary.warn(
                        WarningKind::UnknownValue,
                        Some(id),
                        format!("nature {other:?} is neither \"person\" nor \"system\"; read as a person"),
                    );
                    EntityNature::Person
                }
            };
            ElementKind::ExternalEntity(ExternalEntityProps { nature })
        }
        ElementKindTag::DataStore => ElementKind::DataStore(DataStoreProps {
            stores_credentials: flag(STORES_CREDENTIALS),
            stores_personal_data: flag(STORES_PERSONAL_DATA),
            encrypted_at_rest: flag(ENCRYPTED_AT_REST),
            is_log: flag(IS_LOG),
        }),
    }
}

//! Between the current on-disk types (v2) and the in-memory model: `to_model` validates
//! everything a file can get wrong (dangling references, duplicate ids, limits, properties of
//! the wrong kind); `from_model` writes records in canonical order.

mod threat;
mod triage;

use std::collections::{BTreeMap, BTreeSet};

use super::v2::{
    BoundaryV1, DiagramKindV1, DiagramV1, ElementKindV1, ElementV1, FileV2, FlowV1, FragmentV1, MessageV1, MetadataV2,
    NatureV1, NoteV1, PointV1,
};
use super::{CURRENT_VERSION, FORMAT_NAME, Problem};
use crate::model::{
    BoundaryId, DataFlow, DataStoreProps, DfdView, Diagram, DiagramView, Element, ElementId, ElementKind, ElseBranch,
    EntityNature, ExternalEntityProps, FlowId, Fragment, MAX_COORD, Message, MessageId, Metadata, Model, Note, Point,
    ProcessProps, Rect, SequenceView, TrustBoundary, is_valid_id, is_valid_rule_id,
};

pub use crate::model::{MAX_NAME_CHARS, MAX_TEXT_CHARS};
/// Most problems listed for one file; past that the file is hopeless and the list useless.
const MAX_PROBLEMS: usize = 50;

/// Collects problems with their JSON paths.
#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
    ids: BTreeMap<String, String>,
}

impl Checker {
    fn report(&mut self, path: impl Into<String>, message: impl Into<String>) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem { path: path.into(), message: message.into() });
        }
    }

    fn id(&mut self, path: &str, id: &str) {
        if !is_valid_id(id) {
            self.report(
                format!("{path}.id"),
                format!("{} is not a valid id (1 to 64 letters, digits, '-' or '_')", quoted(id)),
            );
        }
        if let Some(first) = self.ids.get(id) {
            let message = format!("id {} is already used at {first}", quoted(id));
            self.report(format!("{path}.id"), message);
        } else {
            self.ids.insert(id.to_owned(), path.to_owned());
        }
    }

    fn text(&mut self, path: &str, field: &str, value: &str, limit: usize) {
        let chars = value.chars().count();
        if chars > limit {
            self.report(format!("{path}.{field}"), format!("is {chars} characters long; the limit is {limit}"));
        }
    }

    fn rule(&mut self, path: &str, rule: &str) {
        if !is_valid_rule_id(rule) {
            self.report(
                path,
                format!("{} is not a valid rule id (1 to 64 letters, digits, '-', '_' or '.')", quoted(rule)),
            );
        }
    }

    fn texts(&mut self, path: &str, field: &str, values: &[String]) {
        for (i, value) in values.iter().enumerate() {
            self.text(path, &format!("{field}[{i}]"), value, MAX_NAME_CHARS);
        }
    }

    fn point(&mut self, path: &str, p: Point) {
        if p.x.unsigned_abs() > MAX_COORD.unsigned_abs() || p.y.unsigned_abs() > MAX_COORD.unsigned_abs() {
            self.report(path, format!("point ({}, {}) is beyond ±{MAX_COORD}", p.x, p.y));
        }
    }
}

/// Quotes a user string for an error message, cutting very long ones.
fn quoted(s: &str) -> String {
    const SHOWN: usize = 40;
    if s.chars().count() > SHOWN {
        let head: String = s.chars().take(SHOWN).collect();
        format!("{head:?}…")
    } else {
        format!("{s:?}")
    }
}

/// Validates a parsed file and builds the model, or lists every problem found.
pub fn to_model(file: FileV2) -> Result<Model, Vec<Problem>> {
    let mut c = Checker::default();
    if file.format != FORMAT_NAME || file.version != CURRENT_VERSION {
        c.report("$", "internal: the version probe let through a file it should not have");
    }
    let meta = metadata(&mut c, file.model);
    let element_ids: BTreeSet<ElementId> = file.elements.iter().map(|e| e.id.clone()).collect();
    let boundary_ids: BTreeSet<BoundaryId> = file.boundaries.iter().map(|b| b.id.clone()).collect();

    let mut model = Model { meta, ..Model::default() };
    for (i, b) in file.boundaries.into_iter().enumerate() {
        let path = format!("$.boundaries[{i}]");
        c.id(&path, b.id.as_str());
        c.text(&path, "name", &b.name, MAX_NAME_CHARS);
        c.text(&path, "description", &b.description, MAX_TEXT_CHARS);
        if let Some(parent) = &b.parent
            && !boundary_ids.contains(parent)
        {
            c.report(format!("{path}.parent"), format!("boundary {} does not exist", quoted(parent.as_str())));
        }
        let boundary = TrustBoundary { name: b.name, description: b.description, parent: b.parent };
        model.boundaries.insert(b.id, boundary);
    }
    check_boundary_cycles(&mut c, &model);
    for (i, e) in file.elements.into_iter().enumerate() {
        let path = format!("$.elements[{i}]");
        let (id, element) = element(&mut c, &path, e, &boundary_ids);
        model.elements.insert(id, element);
    }
    for (i, f) in file.flows.into_iter().enumerate() {
        let path = format!("$.flows[{i}]");
        let (id, flow) = flow(&mut c, &path, f, &element_ids);
        model.flows.insert(id, flow);
    }
    for (i, t) in file.threats.into_iter().enumerate() {
        if let Some((id, threat)) = threat::threat(&mut c, &format!("$.threats[{i}]"), t, &model) {
            model.threats.insert(id, threat);
        }
    }
    for (i, d) in file.diagrams.into_iter().enumerate() {
        let path = format!("$.diagrams[{i}]");
        let diagram = diagram(&mut c, &path, d, &model);
        model.diagrams.push(diagram);
    }
    triage::read_dismissed(&mut c, file.dismissed, &mut model);
    triage::read_suppressions(&mut c, file.suppressions, &mut model);
    if c.problems.is_empty() { Ok(model) } else { Err(c.problems) }
}

fn metadata(c: &mut Checker, m: MetadataV2) -> Metadata {
    let path = "$.model";
    c.text(path, "title", &m.title, MAX_NAME_CHARS);
    c.text(path, "description", &m.description, MAX_TEXT_CHARS);
    c.text(path, "owner", &m.owner, MAX_NAME_CHARS);
    c.text(path, "reviewer", &m.reviewer, MAX_NAME_CHARS);
    c.text(path, "scope", &m.scope, MAX_TEXT_CHARS);
    c.texts(path, "contributors", &m.contributors);
    Metadata {
        title: m.title,
        description: m.description,
        owner: m.owner,
        contributors: m.contributors,
        reviewer: m.reviewer,
        scope: m.scope,
        methodology: m.methodology.into(),
    }
}

fn check_boundary_cycles(c: &mut Checker, model: &Model) {
    let mut reported: BTreeSet<&BoundaryId> = BTreeSet::new();
    for id in model.boundaries.keys() {
        if reported.contains(id) {
            continue;
        }
        let mut seen = vec![id];
        let mut next = model.boundaries.get(id).and_then(|b| b.parent.as_ref());
        while let Some(parent) = next {
            if parent == id {
                reported.extend(seen.iter().copied());
                let chain: Vec<&str> = seen.iter().map(|b| b.as_str()).collect();
                c.report("$.boundaries", format!("boundaries nest in a circle: {} → {id}", chain.join(" → ")));
                break;
            }
            if seen.contains(&parent) {
                break;
            }
            seen.push(parent);
            next = model.boundaries.get(parent).and_then(|b| b.parent.as_ref());
        }
    }
}

fn element(c: &mut Checker, path: &str, e: ElementV1, boundaries: &BTreeSet<BoundaryId>) -> (ElementId, Element) {
    c.id(path, e.id.as_str());
    c.text(path, "name", &e.name, MAX_NAME_CHARS);
    c.text(path, "description", &e.description, MAX_TEXT_CHARS);
    c.text(path, "technology", &e.technology, MAX_NAME_CHARS);
    c.text(path, "out_of_scope_reason", &e.out_of_scope_reason, MAX_TEXT_CHARS);
    c.texts(path, "assumptions", &e.assumptions);
    if let Some(b) = &e.boundary
        && !boundaries.contains(b)
    {
        c.report(format!("{path}.boundary"), format!("boundary {} does not exist", quoted(b.as_str())));
    }
    let kind_name = match e.kind {
        ElementKindV1::Process => "a process",
        ElementKindV1::ExternalEntity => "an external entity",
        ElementKindV1::DataStore => "a data store",
    };
    let mut misplaced = |field: &str, belongs: &str, present: bool| {
        if present {
            c.report(
                format!("{path}.{field}"),
                format!("{field} is a property of {belongs}, but element {} is {kind_name}", e.id),
            );
        }
    };
    let is_process = e.kind == ElementKindV1::Process;
    let is_entity = e.kind == ElementKindV1::ExternalEntity;
    let is_store = e.kind == ElementKindV1::DataStore;
    misplaced("technology", "a process", !is_process && !e.technology.is_empty());
    misplaced("privileged", "a process", !is_process && e.privileged);
    misplaced("authenticates_callers", "a process", !is_process && e.authenticates_callers);
    misplaced("nature", "an external entity", !is_entity && e.nature.is_some());
    misplaced("stores_credentials", "a data store", !is_store && e.stores_credentials);
    misplaced("stores_personal_data", "a data store", !is_store && e.stores_personal_data);
    misplaced("encrypted_at_rest", "a data store", !is_store && e.encrypted_at_rest);
    misplaced("is_log", "a data store", !is_store && e.is_log);
    let kind = match e.kind {
        ElementKindV1::Process => ElementKind::Process(ProcessProps {
            technology: e.technology,
            privileged: e.privileged,
            authenticates_callers: e.authenticates_callers,
        }),
        ElementKindV1::ExternalEntity => ElementKind::ExternalEntity(ExternalEntityProps {
            nature: match e.nature {
                Some(NatureV1::System) => EntityNature::System,
                Some(NatureV1::Person) | None => EntityNature::Person,
            },
        }),
        ElementKindV1::DataStore => ElementKind::DataStore(DataStoreProps {
            stores_credentials: e.stores_credentials,
            stores_personal_data: e.stores_personal_data,
            encrypted_at_rest: e.encrypted_at_rest,
            is_log: e.is_log,
        }),
    };
    let element = Element {
        name: e.name,
        description: e.description,
        kind,
        boundary: e.boundary,
        out_of_scope: e.out_of_scope,
        out_of_scope_reason: e.out_of_scope_reason,
        assumptions: e.assumptions,
    };
    (e.id, element)
}

fn flow(c: &mut Checker, path: &str, f: FlowV1, elements: &BTreeSet<ElementId>) -> (FlowId, DataFlow) {
    c.id(path, f.id.as_str());
    for (field, value, limit) in [
        ("name", &f.name, MAX_NAME_CHARS),
        ("description", &f.description, MAX_TEXT_CHARS),
        ("data", &f.data, MAX_TEXT_CHARS),
        ("protocol", &f.protocol, MAX_NAME_CHARS),
        ("out_of_scope_reason", &f.out_of_scope_reason, MAX_TEXT_CHARS),
    ] {
        c.text(path, field, value, limit);
    }
    c.texts(path, "assumptions", &f.assumptions);
    for (field, end) in [("source", &f.source), ("target", &f.target)] {
        if !elements.contains(end) {
            c.report(
                format!("{path}.{field}"),
                format!("flow {} has {field} {}, which is not an element", f.id, quoted(end.as_str())),
            );
        }
    }
    let flow = DataFlow {
        source: f.source,
        target: f.target,
        bidirectional: f.bidirectional,
        name: f.name,
        description: f.description,
        data: f.data,
        protocol: f.protocol,
        encrypted: f.encrypted,
        authenticated: f.authenticated,
        out_of_scope: f.out_of_scope,
        out_of_scope_reason: f.out_of_scope_reason,
        assumptions: f.assumptions,
    };
    (f.id, flow)
}

fn diagram(c: &mut Checker, path: &str, d: DiagramV1, model: &Model) -> Diagram {
    c.id(path, d.id.as_str());
    c.text(path, "name", &d.name, MAX_NAME_CHARS);
    let is_dfd = d.kind == DiagramKindV1::Dfd;
    let foreign: [(&str, bool); 7] = [
        ("nodes", is_dfd || d.nodes.is_empty()),
        ("boundaries", is_dfd || d.boundaries.is_empty()),
        ("bends", is_dfd || d.bends.is_empty()),
        ("lifelines", !is_dfd || d.lifelines.is_empty()),
        ("messages", !is_dfd || d.messages.is_empty()),
        ("fragments", !is_dfd || d.fragments.is_empty()),
        ("notes", !is_dfd || d.notes.is_empty()),
    ];
    for (field, fine) in foreign {
        if !fine {
            let other = if is_dfd { "a data-flow diagram" } else { "a sequence diagram" };
            c.report(format!("{path}.{field}"), format!("{field} does not belong in {other}"));
        }
    }
    let view = if is_dfd {
        let nodes: BTreeMap<ElementId, Rect> = d.nodes.into_iter().map(|(id, r)| (id, r.into())).collect();
        let boundaries: BTreeMap<BoundaryId, Rect> = d.boundaries.into_iter().map(|(id, r)| (id, r.into())).collect();
        let bends: BTreeMap<FlowId, Vec<Point>> =
            d.bends.into_iter().map(|(id, points)| (id, points.into_iter().map(Point::from).collect())).collect();
        for (id, rect) in &nodes {
            let at = format!("{path}.nodes.{id}");
            if !model.elements.contains_key(id) {
                c.report(&at, format!("places {}, which is not an element", quoted(id.as_str())));
            }
            if !rect.is_within_limits() {
                c.report(&at, "box is out of range (|x|, |y| ≤ 1000000; 1 ≤ w, h ≤ 100000)");
            }
        }
        for (id, rect) in &boundaries {
            let at = format!("{path}.boundaries.{id}");
            if !model.boundaries.contains_key(id) {
                c.report(&at, format!("places {}, which is not a trust boundary", quoted(id.as_str())));
            }
            if !rect.is_within_limits() {
                c.report(&at, "box is out of range (|x|, |y| ≤ 1000000; 1 ≤ w, h ≤ 100000)");
            }
        }
        for (id, points) in &bends {
            let at = format!("{path}.bends.{id}");
            if !model.flows.contains_key(id) {
                c.report(&at, format!("bends {}, which is not a flow", quoted(id.as_str())));
            }
            for (j, p) in points.iter().enumerate() {
                c.point(&format!("{at}[{j}]"), *p);
            }
        }
        DiagramView::Dfd(DfdView { nodes, boundaries, bends })
    } else {
        DiagramView::Sequence(sequence(c, path, d.lifelines, d.messages, d.fragments, d.notes, model))
    };
    Diagram { id: d.id, name: d.name, view }
}

#[allow(clippy::too_many_lines, reason = "the sequence checks move to Model::validate, which splits them")]
fn sequence(
    c: &mut Checker,
    path: &str,
    lifelines: Vec<ElementId>,
    messages: Vec<MessageV1>,
    fragments: Vec<FragmentV1>,
    notes: Vec<NoteV1>,
    model: &Model,
) -> SequenceView {
    let mut seen = BTreeSet::new();
    for (i, id) in lifelines.iter().enumerate() {
        if !model.elements.contains_key(id) {
            c.report(format!("{path}.lifelines[{i}]"), format!("{} is not an element", quoted(id.as_str())));
        }
        if !seen.insert(id) {
            c.report(format!("{path}.lifelines[{i}]"), format!("{id} has two lifelines"));
        }
    }
    let mut order: BTreeMap<MessageId, usize> = BTreeMap::new();
    let mut out_messages = Vec::with_capacity(messages.len());
    for (i, m) in messages.into_iter().enumerate() {
        let at = format!("{path}.messages[{i}]");
        c.id(&at, m.id.as_str());
        c.text(&at, "text", &m.text, MAX_NAME_CHARS);
        for (field, end) in [("from", &m.from), ("to", &m.to)] {
            if !lifelines.contains(end) {
                c.report(format!("{at}.{field}"), format!("{} has no lifeline in this diagram", quoted(end.as_str())));
            }
        }
        if let Some(flow_id) = &m.flow {
            match model.flows.get(flow_id) {
                None => c.report(format!("{at}.flow"), format!("{} is not a flow", quoted(flow_id.as_str()))),
                Some(flow) if !flow.carries(&m.from, &m.to) => c.report(
                    format!("{at}.flow"),
                    format!(
                        "message {} goes from {} to {}, but flow {flow_id} goes from {} to {}",
                        m.id, m.from, m.to, flow.source, flow.target
                    ),
                ),
                Some(_) => {}
            }
        }
        order.insert(m.id.clone(), i);
        out_messages.push(Message {
            id: m.id,
            from: m.from,
            to: m.to,
            flow: m.flow,
            kind: m.kind.into(),
            text: m.text,
        });
    }
    let mut out_fragments = Vec::with_capacity(fragments.len());
    for (i, g) in fragments.into_iter().enumerate() {
        let at = format!("{path}.fragments[{i}]");
        c.id(&at, g.id.as_str());
        c.text(&at, "guard", &g.guard, MAX_NAME_CHARS);
        c.text(&at, "else_guard", &g.else_guard, MAX_NAME_CHARS);
        let mut position = |field: &str, id: &MessageId| {
            let found = order.get(id).copied();
            if found.is_none() {
                c.report(format!("{at}.{field}"), format!("{} is not a message of this diagram", quoted(id.as_str())));
            }
            found
        };
        let first = position("first", &g.first);
        let last = position("last", &g.last);
        let else_at = g.else_first.as_ref().and_then(|id| position("else_first", id));
        if let (Some(first), Some(last)) = (first, last) {
            if first > last {
                c.report(format!("{at}.last"), "the last message comes before the first");
            }
            if let Some(e) = else_at
                && (e <= first || e > last)
            {
                c.report(
                    format!("{at}.else_first"),
                    "the else branch must start inside the fragment, after its first message",
                );
            }
        }
        let else_branch = g.else_first.map(|first| ElseBranch { first, guard: g.else_guard });
        out_fragments.push(Fragment {
            id: g.id,
            kind: g.kind.into(),
            guard: g.guard,
            first: g.first,
            last: g.last,
            else_branch,
        });
    }
    let mut out_notes = Vec::with_capacity(notes.len());
    for (i, n) in notes.into_iter().enumerate() {
        let at = format!("{path}.notes[{i}]");
        c.id(&at, n.id.as_str());
        c.text(&at, "text", &n.text, MAX_TEXT_CHARS);
        if !lifelines.contains(&n.lifeline) {
            c.report(
                format!("{at}.lifeline"),
                format!("{} has no lifeline in this diagram", quoted(n.lifeline.as_str())),
            );
        }
        if let Some(after) = &n.after
            && !order.contains_key(after)
        {
            c.report(format!("{at}.after"), format!("{} is not a message of this diagram", quoted(after.as_str())));
        }
        out_notes.push(Note { id: n.id, lifeline: n.lifeline, after: n.after, text: n.text });
    }
    SequenceView { lifelines, messages: out_messages, fragments: out_fragments, notes: out_notes }
}

/// The on-disk form of `model`, records in canonical order.
#[must_use]
pub fn from_model(model: &Model) -> FileV2 {
    let m = &model.meta;
    FileV2 {
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

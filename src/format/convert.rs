//! Between the current on-disk types (v3) and the in-memory model.
//!
//! `to_model` builds the model and reports only what the model cannot hold: an id used twice
//! by records of one kind, a target id that names nothing, a reference that is not one, a
//! property of another kind of element, a field of the other kind of diagram, a merge conflict
//! naming no field its record has. Everything else
//! (dangling references, ids reused across kinds, boundary circles, limits...) is
//! [`Model::validate`]'s, whose locations are turned into JSON paths of the file as written.
//! `from_model` writes records in canonical order.

mod conflict;
mod positions;
mod threat;
mod triage;
mod write;

use std::collections::BTreeMap;

use super::v3::{
    DiagramKindV1, DiagramV1, ElementKindV1, ElementV1, FileV3, FlowV1, FragmentV1, MessageV1, MetadataV2, NatureV1,
    NoteV1,
};
use super::{CURRENT_VERSION, FORMAT_NAME, Problem};
use crate::model::{
    BoundaryId, DataFlow, DataStoreProps, DfdView, Diagram, DiagramView, Element, ElementId, ElementKind, ElseBranch,
    EntityNature, ExternalEntityProps, FlowId, Fragment, Message, Metadata, Model, Note, Point, ProcessProps, Rect,
    SequenceView, TrustBoundary, quoted,
};
use positions::{Positions, Section};

pub use crate::model::{MAX_NAME_CHARS, MAX_TEXT_CHARS};
pub use write::from_model;

/// Most problems listed for one file; past that the file is hopeless and the list useless.
const MAX_PROBLEMS: usize = 50;

/// The problems found while reading, each with where it sits in the file (for sorting).
#[derive(Default)]
struct Reader {
    problems: Vec<((Section, usize), Problem)>,
}

impl Reader {
    fn report(&mut self, place: (Section, usize), path: impl Into<String>, message: impl Into<String>) {
        self.problems.push((place, Problem { path: path.into(), message: message.into() }));
    }

    /// Reports a record whose id an earlier record of the same kind already has.
    fn repeated(&mut self, place: (Section, usize), path: &str, id: &str, first: usize) {
        let message = format!("id {} is already used at $.{}[{first}]", quoted(id), place.0.name());
        self.report(place, format!("{path}.id"), message);
    }
}

/// Builds the model of a parsed file and validates it, or lists every problem found (up to
/// a cap), in the order of the file.
pub fn to_model(file: FileV3) -> Result<Model, Vec<Problem>> {
    let mut r = Reader::default();
    let mut at = Positions::default();
    if file.format != FORMAT_NAME || file.version != CURRENT_VERSION {
        r.report((Section::Envelope, 0), "$", "internal: the version probe let through a file it should not have");
    }
    let mut model = Model { meta: metadata(file.model), ..Model::default() };
    for (i, e) in file.elements.into_iter().enumerate() {
        let path = format!("$.elements[{i}]");
        if let Some(first) = at.elements.get(&e.id) {
            r.repeated((Section::Elements, i), &path, e.id.as_str(), *first);
            continue;
        }
        at.elements.insert(e.id.clone(), i);
        let (id, element) = element(&mut r, i, &path, e);
        model.elements.insert(id, element);
    }
    for (i, f) in file.flows.into_iter().enumerate() {
        if let Some(first) = at.flows.get(&f.id) {
            r.repeated((Section::Flows, i), &format!("$.flows[{i}]"), f.id.as_str(), *first);
            continue;
        }
        at.flows.insert(f.id.clone(), i);
        let (id, flow) = flow(f);
        model.flows.insert(id, flow);
    }
    for (i, b) in file.boundaries.into_iter().enumerate() {
        if let Some(first) = at.boundaries.get(&b.id) {
            r.repeated((Section::Boundaries, i), &format!("$.boundaries[{i}]"), b.id.as_str(), *first);
            continue;
        }
        at.boundaries.insert(b.id.clone(), i);
        let boundary = TrustBoundary { name: b.name, description: b.description, parent: b.parent };
        model.boundaries.insert(b.id, boundary);
    }
    for (i, t) in file.threats.into_iter().enumerate() {
        threat::read(&mut r, &mut at, i, t, &mut model);
    }
    for (i, d) in file.diagrams.into_iter().enumerate() {
        let diagram = diagram(&mut r, i, d);
        model.diagrams.push(diagram);
    }
    triage::read_dismissed(&mut r, &mut at, file.dismissed, &mut model);
    triage::read_suppressions(&mut r, &mut at, file.suppressions, &mut model);
    conflict::read_conflicts(&mut r, &mut at, file.conflicts, &mut model);
    if let Err(problems) = model.validate() {
        for problem in problems {
            let (place, path) = at.path(&problem.at);
            r.report(place, path, at.describe(&problem.fault));
        }
    }
    if r.problems.is_empty() {
        return Ok(model);
    }
    r.problems.sort_by_cached_key(|(place, problem)| (*place, natural(&problem.path)));
    Err(r.problems.into_iter().take(MAX_PROBLEMS).map(|(_, p)| p).collect())
}

/// `path` as runs of text and numbers, so that `references[2]` sorts before `references[10]`.
fn natural(path: &str) -> Vec<(String, u64)> {
    let mut key = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        let text_end = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
        let (text, after) = rest.split_at(text_end);
        let digits_end = after.find(|c: char| !c.is_ascii_digit()).unwrap_or(after.len());
        let (digits, after) = after.split_at(digits_end);
        key.push((text.to_owned(), digits.parse().unwrap_or(u64::MAX)));
        rest = after;
    }
    key
}

fn metadata(m: MetadataV2) -> Metadata {
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

/// Builds an element, reporting properties that belong to another kind (the model keeps only
/// its own kind's).
fn element(r: &mut Reader, i: usize, path: &str, e: ElementV1) -> (ElementId, Element) {
    let kind_name = match e.kind {
        ElementKindV1::Process => "a process",
        ElementKindV1::ExternalEntity => "an external entity",
        ElementKindV1::DataStore => "a data store",
    };
    let mut misplaced = |field: &str, belongs: &str, present: bool| {
        if present {
            r.report(
                (Section::Elements, i),
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

fn flow(f: FlowV1) -> (FlowId, DataFlow) {
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

/// Builds a diagram, reporting fields that belong to the other kind of diagram.
fn diagram(r: &mut Reader, i: usize, d: DiagramV1) -> Diagram {
    let path = format!("$.diagrams[{i}]");
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
            r.report((Section::Diagrams, i), format!("{path}.{field}"), format!("{field} does not belong in {other}"));
        }
    }
    let view = if is_dfd {
        let nodes: BTreeMap<ElementId, Rect> = d.nodes.into_iter().map(|(id, r)| (id, r.into())).collect();
        let boundaries: BTreeMap<BoundaryId, Rect> = d.boundaries.into_iter().map(|(id, r)| (id, r.into())).collect();
        // A flow without bend points is drawn straight, as if it had no entry: the model keeps
        // none (as edits do), so the file saves back without it and reloads as the same model.
        let bends: BTreeMap<FlowId, Vec<Point>> = d
            .bends
            .into_iter()
            .filter(|(_, points)| !points.is_empty())
            .map(|(id, points)| (id, points.into_iter().map(Point::from).collect()))
            .collect();
        DiagramView::Dfd(DfdView { nodes, boundaries, bends })
    } else {
        DiagramView::Sequence(sequence(d.lifelines, d.messages, d.fragments, d.notes))
    };
    Diagram { id: d.id, name: d.name, view }
}

fn sequence(
    lifelines: Vec<ElementId>,
    messages: Vec<MessageV1>,
    fragments: Vec<FragmentV1>,
    notes: Vec<NoteV1>,
) -> SequenceView {
    let messages = messages
        .into_iter()
        .map(|m| Message { id: m.id, from: m.from, to: m.to, flow: m.flow, kind: m.kind.into(), text: m.text })
        .collect();
    let fragments = fragments
        .into_iter()
        .map(|g| Fragment {
            id: g.id,
            kind: g.kind.into(),
            guard: g.guard,
            first: g.first,
            last: g.last,
            else_branch: g.else_first.map(|first| ElseBranch { first, guard: g.else_guard }),
        })
        .collect();
    let notes =
        notes.into_iter().map(|n| Note { id: n.id, lifeline: n.lifeline, after: n.after, text: n.text }).collect();
    SequenceView { lifelines, messages, fragments, notes }
}

//! The shape of the graph: flows that go nowhere or between the wrong kinds of element, and
//! elements whose data has nowhere to come from or go to (DFD001–DFD009).

use super::index::{FlowFacts, Index};
use super::words::{Words, element_at, flow_at};
use super::{Detail, Finding, Rule, Severity, Subject};
use crate::model::{ElementKindTag, Model};

/// DFD001.
pub(super) static DANGLING_FLOW: Rule = Rule {
    id: "DFD001",
    severity: Severity::Error,
    title: "Flow with a missing end",
    condition: "A data flow's source or target is missing or is not an element (a dangling flow).",
    why: "Data must come from somewhere and go somewhere: a flow with a missing end cannot be analysed, and \
          whatever it stood for drops out of the threat list. Files are checked for this when they open, so it \
          shows up after an import or a merge.",
    fix: "Connect the flow to the element it comes from and the one it goes to, or delete it.",
    check: dangling_flow,
    describe: describe_dangling_flow,
};

fn dangling_flow(index: &Index<'_>, out: &mut Vec<Finding>) {
    for f in &index.flows {
        if f.source.is_some() && f.target.is_some() {
            continue;
        }
        let mut subjects = vec![Subject::Flow(f.id.clone())];
        subjects.extend(f.source.or(f.target).map(|e| Subject::Element(index.elements[e].0.clone())));
        out.push(DANGLING_FLOW.finding(subjects));
    }
}

fn describe_dangling_flow(finding: &Finding, model: &Model) -> String {
    let words = Words::new(model);
    let Some(id) = flow_at(&finding.subjects, 0) else { return String::new() };
    let missing: Vec<String> = model
        .flows
        .get(id)
        .map(|flow| [("source", &flow.source), ("target", &flow.target)])
        .into_iter()
        .flatten()
        .filter(|(_, end)| !model.elements.contains_key(*end))
        .map(|(end, id)| {
            if id.as_str().is_empty() {
                format!("has no {end}")
            } else {
                format!("has {end} \"{id}\", which is not an element")
            }
        })
        .collect();
    message!("{} {}", words.flow(id).capitalised(), missing.join(" and "))
}

/// DFD002.
pub(super) static SELF_FLOW: Rule = Rule {
    id: "DFD002",
    severity: Severity::Error,
    title: "Flow from an element to itself",
    condition: "A data flow's source and target are the same element.",
    why: "A self-flow moves no data between parts of the system, so it crosses nothing and adds no threats; \
          it usually means a flow was dropped on the wrong element.",
    fix: "Point the flow at the element it really goes to, or delete it and describe the internal step in the \
          element's description.",
    check: self_flow,
    describe: describe_self_flow,
};

fn self_flow(index: &Index<'_>, out: &mut Vec<Finding>) {
    for f in &index.flows {
        let (Some(s), Some(t)) = (f.source, f.target) else { continue };
        if s == t {
            out.push(SELF_FLOW.finding(vec![Subject::Flow(f.id.clone()), element(index, s)]));
        }
    }
}

fn describe_self_flow(finding: &Finding, model: &Model) -> String {
    let words = Words::new(model);
    let (Some(flow), Some(end)) = (flow_at(&finding.subjects, 0), element_at(&finding.subjects, 1)) else {
        return String::new();
    };
    message!("{} goes from {} to itself", words.flow(flow).capitalised(), words.element(end))
}

/// DFD003.
pub(super) static ENTITY_TO_ENTITY: Rule = Rule {
    id: "DFD003",
    severity: Severity::Error,
    title: "Flow between two external entities",
    condition: "A data flow goes directly from one external entity to another.",
    why: "What two outsiders exchange between themselves happens outside the system, so the model cannot \
          protect it; if the exchange is in scope, some process of ours moves the data, and that process is \
          where the threats are.",
    fix: "Delete the flow, or add the process that carries the data and route the flow through it.",
    check: entity_to_entity,
    describe: describe_between_kinds,
};

fn entity_to_entity(index: &Index<'_>, out: &mut Vec<Finding>) {
    between_kinds(index, out, &ENTITY_TO_ENTITY, ElementKindTag::ExternalEntity, ElementKindTag::ExternalEntity);
}

/// DFD004.
pub(super) static STORE_TO_STORE: Rule = Rule {
    id: "DFD004",
    severity: Severity::Error,
    title: "Flow between two data stores",
    condition: "A data flow goes directly from one data store to another.",
    why: "Data does not move by itself: some process reads one store and writes the other (a replication job, \
          a backup, an import), and that process is where tampering and disclosure are checked.",
    fix: "Add the process that copies the data and route the flow through it.",
    check: store_to_store,
    describe: describe_between_kinds,
};

fn store_to_store(index: &Index<'_>, out: &mut Vec<Finding>) {
    between_kinds(index, out, &STORE_TO_STORE, ElementKindTag::DataStore, ElementKindTag::DataStore);
}

/// DFD005.
pub(super) static ENTITY_TO_STORE: Rule = Rule {
    id: "DFD005",
    severity: Severity::Error,
    title: "Flow between an external entity and a data store",
    condition: "A data flow goes directly between an external entity and a data store, in either direction.",
    why: "Something must accept the request before data is read or written: that process is where the caller \
          is authenticated and the input validated, so leaving it out hides the spoofing and tampering threats.",
    fix: "Add the process that serves the request (an API, a file server, a database front end) and route the \
          flow through it.",
    check: entity_to_store,
    describe: describe_between_kinds,
};

fn entity_to_store(index: &Index<'_>, out: &mut Vec<Finding>) {
    between_kinds(index, out, &ENTITY_TO_STORE, ElementKindTag::ExternalEntity, ElementKindTag::DataStore);
}

/// Reports flows whose ends are of kinds `a` and `b`, in either order.
fn between_kinds(index: &Index<'_>, out: &mut Vec<Finding>, rule: &'static Rule, a: ElementKindTag, b: ElementKindTag) {
    for f in &index.flows {
        let (Some(s), Some(t)) = (f.source, f.target) else { continue };
        if s == t {
            continue;
        }
        let kinds = (index.kind(s), index.kind(t));
        if kinds == (a, b) || kinds == (b, a) {
            out.push(rule.finding(vec![Subject::Flow(f.id.clone()), element(index, s), element(index, t)]));
        }
    }
}

/// "Flow … goes directly from … to …": DFD003, DFD004, DFD005.
fn describe_between_kinds(finding: &Finding, model: &Model) -> String {
    let words = Words::new(model);
    let subjects = &finding.subjects;
    let (Some(flow), Some(s), Some(t)) = (flow_at(subjects, 0), element_at(subjects, 1), element_at(subjects, 2))
    else {
        return String::new();
    };
    message!("{} goes directly from {} to {}", words.flow(flow).capitalised(), words.element(s), words.element(t))
}

/// DFD006.
pub(super) static BLACK_HOLE: Rule = Rule {
    id: "DFD006",
    severity: Severity::Warning,
    title: "Process with inputs but no outputs",
    condition: "A process in scope receives data but sends none (a \"black hole\").",
    why: "A process exists to turn inputs into outputs. One with nothing going out usually means a missing flow \
          (a reply, a write to a store, a log entry), and the threats on that flow are missing with it.",
    fix: "Add the flows that carry the process' results, or remove the process if it is not needed.",
    check: black_hole,
    describe: describe_black_hole,
};

fn black_hole(index: &Index<'_>, out: &mut Vec<Finding>) {
    for e in 0..index.elements.len() {
        if index.in_scope(e) && index.kind(e) == ElementKindTag::Process && index.inputs[e] > 0 && index.outputs[e] == 0
        {
            out.push(BLACK_HOLE.finding_with(vec![element(index, e)], Detail::Count(index.inputs[e])));
        }
    }
}

fn describe_black_hole(finding: &Finding, model: &Model) -> String {
    let n = count(finding);
    message!("{} receives data ({n} incoming flow{}) but sends none", primary_element(finding, model), plural(n))
}

/// DFD007.
pub(super) static MIRACLE: Rule = Rule {
    id: "DFD007",
    severity: Severity::Warning,
    title: "Process with outputs but no inputs",
    condition: "A process in scope sends data but receives none (a \"miracle\").",
    why: "Outputs are made from inputs: a process that seems to create data from nothing is missing the flow \
          that triggers or feeds it (a request, a timer, a read from a store), and that flow's threats are \
          missing too.",
    fix: "Add the flow that brings the process its input.",
    check: miracle,
    describe: describe_miracle,
};

fn miracle(index: &Index<'_>, out: &mut Vec<Finding>) {
    for e in 0..index.elements.len() {
        if index.in_scope(e) && index.kind(e) == ElementKindTag::Process && index.outputs[e] > 0 && index.inputs[e] == 0
        {
            out.push(MIRACLE.finding_with(vec![element(index, e)], Detail::Count(index.outputs[e])));
        }
    }
}

fn describe_miracle(finding: &Finding, model: &Model) -> String {
    let n = count(finding);
    message!("{} sends data ({n} outgoing flow{}) but receives none", primary_element(finding, model), plural(n))
}

/// DFD008.
pub(super) static UNCONNECTED: Rule = Rule {
    id: "DFD008",
    severity: Severity::Warning,
    title: "Element with no flows",
    condition: "A process, external entity or data store in scope has no data flows at all.",
    why: "Threats come from the data an element sends and receives; an element with no flows cannot be \
          analysed and makes the diagram look more complete than it is.",
    fix: "Connect the element with the flows it takes part in, or remove it.",
    check: unconnected,
    describe: describe_unconnected,
};

fn unconnected(index: &Index<'_>, out: &mut Vec<Finding>) {
    for e in 0..index.elements.len() {
        if index.in_scope(e) && index.inputs[e] == 0 && index.outputs[e] == 0 {
            out.push(UNCONNECTED.finding(vec![element(index, e)]));
        }
    }
}

fn describe_unconnected(finding: &Finding, model: &Model) -> String {
    message!("{} has no data flows", primary_element(finding, model))
}

/// DFD009.
pub(super) static ONE_WAY_STORE: Rule = Rule {
    id: "DFD009",
    severity: Severity::Warning,
    title: "Data store only written or only read",
    condition: "A data store in scope is written to but never read, or read but never written.",
    why: "Data is stored to be used: a store nobody reads (who reviews the logs?) or nobody fills (who loads the \
          cache, who seeds the database?) usually means a missing flow, and the process behind it is missing \
          from the analysis.",
    fix: "Add the flow that reads or writes the store, naming the process that does it.",
    check: one_way_store,
    describe: describe_primary_then_words,
};

fn one_way_store(index: &Index<'_>, out: &mut Vec<Finding>) {
    for e in 0..index.elements.len() {
        if !index.in_scope(e) || index.kind(e) != ElementKindTag::DataStore {
            continue;
        }
        let what = match (index.inputs[e], index.outputs[e]) {
            (0, 0) => continue,
            (_, 0) => "is written to but never read",
            (0, _) => "is read but never written",
            _ => continue,
        };
        out.push(ONE_WAY_STORE.finding_with(vec![element(index, e)], Detail::Words(what)));
    }
}

/// The primary subject, capitalised, then the finding's words: "Data store "Logs" (S1) is
/// written to but never read".
pub(super) fn describe_primary_then_words(finding: &Finding, model: &Model) -> String {
    let words = match finding.detail {
        Detail::Words(words) => words,
        Detail::None | Detail::Count(_) | Detail::Conflict(_) => "",
    };
    message!("{} {words}", Words::new(model).subject(finding.primary()).capitalised())
}

/// The finding's primary subject in words, capitalised to open a sentence.
fn primary_element<'a>(finding: &'a Finding, model: &'a Model) -> super::words::Named<'a> {
    Words::new(model).subject(finding.primary()).capitalised()
}

/// The number a finding counted.
const fn count(finding: &Finding) -> u32 {
    match finding.detail {
        Detail::Count(n) => n,
        Detail::None | Detail::Words(_) | Detail::Conflict(_) => 0,
    }
}

/// The subject for element `e`.
pub(super) fn element(index: &Index<'_>, e: usize) -> Subject {
    Subject::Element(index.elements[e].0.clone())
}

/// The flow's subject followed by its ends that exist.
pub(super) fn flow_and_ends(index: &Index<'_>, f: &FlowFacts<'_>) -> Vec<Subject> {
    let mut subjects = vec![Subject::Flow(f.id.clone())];
    subjects.extend(f.source.map(|e| element(index, e)));
    if f.target != f.source {
        subjects.extend(f.target.map(|e| element(index, e)));
    }
    subjects
}

/// "" or "s".
pub(super) const fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

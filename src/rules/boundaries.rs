//! Trust boundaries: where most threats live (DFD013–DFD018).

use super::index::{FlowFacts, Index};
use super::structure::element;
use super::words::{List, Words, element_at, flow_at, from};
use super::{Detail, Finding, Rule, Severity, Subject};
use crate::model::{ElementKind, ElementKindTag, Model};

/// DFD013.
pub(super) static UNENCRYPTED_CROSSING: Rule = Rule {
    id: "DFD013",
    severity: Severity::Warning,
    title: "Unencrypted flow across a trust boundary",
    condition: "A data flow crosses a trust boundary (exactly one of its ends is inside it) and is not marked \
                encrypted.",
    why: "Data in transit across a boundary passes through places the other side does not control: anyone on \
          the path can read or change it (information disclosure, tampering).",
    fix: "Protect the flow in transit (TLS, a VPN, message-level encryption) and mark it encrypted; if it \
          really travels in the clear, record that as a threat on the flow.",
    check: unencrypted_crossing,
    describe: describe_unencrypted_crossing,
};

fn unencrypted_crossing(index: &Index<'_>, out: &mut Vec<Finding>) {
    for f in &index.flows {
        if !f.crossed.is_empty() && !f.flow.encrypted {
            out.push(UNENCRYPTED_CROSSING.finding(flow_and_boundaries(index, f)));
        }
    }
}

fn describe_unencrypted_crossing(finding: &Finding, model: &Model) -> String {
    let words = Words::new(model);
    let Some(flow) = flow_at(&finding.subjects, 0) else { return String::new() };
    message!(
        "{} crosses {} and is not marked encrypted",
        words.flow(flow).capitalised(),
        words.list(from(&finding.subjects, 1))
    )
}

/// DFD014.
pub(super) static UNAUTHENTICATED_CROSSING: Rule = Rule {
    id: "DFD014",
    severity: Severity::Warning,
    title: "Boundary crossing into a process that does not authenticate its callers",
    condition: "A data flow crosses a trust boundary into a process (its target) that is not marked as \
                authenticating its callers, and the flow itself is not marked as authenticating its sender.",
    why: "Whoever sits on the other side of a boundary can pretend to be someone else unless the receiving \
          process checks who is calling: spoofing at the boundary, and every threat behind it becomes reachable.",
    fix: "Authenticate callers in the process (sessions, tokens, mutual TLS, API keys) and mark it so, or mark \
          the flow authenticated when its sender is proven another way (a TLS server certificate for a \
          response); if the process is deliberately open to anyone, suppress the finding with that reason.",
    check: unauthenticated_crossing,
    describe: describe_unauthenticated_crossing,
};

fn unauthenticated_crossing(index: &Index<'_>, out: &mut Vec<Finding>) {
    for f in &index.flows {
        let Some(t) = f.target else { continue };
        if f.crossed.is_empty() || f.flow.authenticated {
            continue;
        }
        let ElementKind::Process(process) = &index.elements[t].1.kind else { continue };
        if !process.authenticates_callers {
            let mut subjects = vec![Subject::Flow(f.id.clone()), element(index, t)];
            subjects.extend(boundaries(index, &f.crossed));
            out.push(UNAUTHENTICATED_CROSSING.finding(subjects));
        }
    }
}

fn describe_unauthenticated_crossing(finding: &Finding, model: &Model) -> String {
    let words = Words::new(model);
    let subjects = &finding.subjects;
    let (Some(flow), Some(target)) = (flow_at(subjects, 0), element_at(subjects, 1)) else { return String::new() };
    message!(
        "{} crosses {} into {}, and neither the process nor the flow is marked as authenticating the sender",
        words.flow(flow).capitalised(),
        words.list(from(subjects, 2)),
        words.element(target)
    )
}

/// DFD015.
pub(super) static UNCROSSED_BOUNDARY: Rule = Rule {
    id: "DFD015",
    severity: Severity::Hint,
    title: "Trust boundary that no flow crosses",
    condition: "No data flow crosses the trust boundary (none has exactly one end inside it).",
    why: "Threats gather where data crosses from one level of trust to another; a boundary that nothing \
          crosses adds no threats, which often means it is drawn around the wrong elements.",
    fix: "Check which elements belong inside the boundary and which flows enter or leave it; remove the \
          boundary if it marks no change of trust.",
    check: uncrossed_boundary,
    describe: describe_uncrossed_boundary,
};

fn uncrossed_boundary(index: &Index<'_>, out: &mut Vec<Finding>) {
    for (b, crossed) in index.boundary_crossed.iter().enumerate() {
        if !crossed {
            out.push(UNCROSSED_BOUNDARY.finding(vec![Subject::Boundary(index.boundaries[b].0.clone())]));
        }
    }
}

fn describe_uncrossed_boundary(finding: &Finding, model: &Model) -> String {
    message!("No data flow crosses {}", Words::new(model).subject(finding.primary()))
}

/// DFD016.
pub(super) static NO_BOUNDARY: Rule = Rule {
    id: "DFD016",
    severity: Severity::Hint,
    title: "Flows but no trust boundary",
    condition: "The model has data flows but no trust boundary.",
    why: "Trust boundaries are where most threats live: where the internet meets the server, a browser meets \
          an API, a service meets a third party. Without them, nothing says which flows need protection.",
    fix: "Draw a trust boundary around each group of elements that runs under one control or privilege (the \
          user's device, the server, the database host, each third party).",
    check: no_boundary,
    describe: describe_no_boundary,
};

fn no_boundary(index: &Index<'_>, out: &mut Vec<Finding>) {
    if !index.flows.is_empty() && index.boundaries.is_empty() {
        out.push(NO_BOUNDARY.finding(vec![Subject::Model]));
    }
}

fn describe_no_boundary(_: &Finding, model: &Model) -> String {
    let n = model.flows.len();
    message!("The model has {n} data flow{} but no trust boundary", if n == 1 { "" } else { "s" })
}

/// DFD017.
pub(super) static TRUSTED_ENTITY: Rule = Rule {
    id: "DFD017",
    severity: Severity::Hint,
    title: "External entity inside the boundary of the processes it uses",
    condition: "An external entity sits inside a trust boundary together with a process it exchanges data with.",
    why: "External entities are, by definition, outside our control; putting one inside the same boundary as \
          the process that serves it says the two trust each other, and the spoofing and tampering threats on \
          their flows disappear from view.",
    fix: "Move the external entity out of the boundary (or draw the boundary between the two); if the entity \
          really is under our control, model it as a process.",
    check: trusted_entity,
    describe: describe_trusted_entity,
};

fn trusted_entity(index: &Index<'_>, out: &mut Vec<Finding>) {
    // For each external entity, the processes in its innermost boundary it exchanges data with.
    let mut partners: Vec<Vec<usize>> = vec![Vec::new(); index.elements.len()];
    for f in &index.flows {
        let (Some(s), Some(t)) = (f.source, f.target) else { continue };
        for (entity, other) in [(s, t), (t, s)] {
            if index.kind(entity) != ElementKindTag::ExternalEntity || index.kind(other) != ElementKindTag::Process {
                continue;
            }
            if let Some(b) = index.innermost(entity)
                && index.contains(b, other)
                && !partners[entity].contains(&other)
            {
                partners[entity].push(other);
            }
        }
    }
    for (entity, mut processes) in partners.into_iter().enumerate() {
        let Some(b) = index.innermost(entity).filter(|_| !processes.is_empty()) else { continue };
        processes.sort_unstable();
        let mut subjects = vec![element(index, entity), Subject::Boundary(index.boundaries[b].0.clone())];
        subjects.extend(processes.iter().map(|&p| element(index, p)));
        out.push(TRUSTED_ENTITY.finding(subjects));
    }
}

fn describe_trusted_entity(finding: &Finding, model: &Model) -> String {
    let words = Words::new(model);
    let subjects = &finding.subjects;
    let (Some(entity), Some(boundary)) = (subjects.first(), subjects.get(1)) else { return String::new() };
    message!(
        "{} sits inside {} together with {}, which it exchanges data with",
        words.subject(entity).capitalised(),
        words.subject(boundary),
        List(from(subjects, 2).iter().map(|s| words.subject(s)))
    )
}

/// DFD018.
pub(super) static EXPOSED_SENSITIVE_STORE: Rule = Rule {
    id: "DFD018",
    severity: Severity::Warning,
    title: "Sensitive data store reached across a trust boundary",
    condition: "A data store marked as holding credentials or personal data is read or written by a data flow \
                that crosses a trust boundary, so no process on the store's side of the boundary stands in \
                between.",
    why: "Credentials and personal data are what attackers want most; when a flow reaches the store straight \
          across a boundary, nothing on the store's side checks who is asking or limits what they get, and the \
          data itself is exposed at the boundary.",
    fix: "Put a process on the store's side of the boundary that mediates every access (authorisation, \
          filtering, rate limits), or move the boundary if the flow does not really cross one.",
    check: exposed_sensitive_store,
    describe: describe_exposed_sensitive_store,
};

fn exposed_sensitive_store(index: &Index<'_>, out: &mut Vec<Finding>) {
    for f in &index.flows {
        if f.crossed.is_empty() {
            continue;
        }
        for store in [f.source, f.target].into_iter().flatten() {
            let Some(props) = index.store(store) else { continue };
            let holds = match (props.stores_credentials, props.stores_personal_data) {
                (true, true) => "credentials and personal data",
                (true, false) => "credentials",
                (false, true) => "personal data",
                (false, false) => continue,
            };
            let mut subjects = vec![Subject::Flow(f.id.clone()), element(index, store)];
            subjects.extend(boundaries(index, &f.crossed));
            out.push(EXPOSED_SENSITIVE_STORE.finding_with(subjects, Detail::Words(holds)));
        }
    }
}

fn describe_exposed_sensitive_store(finding: &Finding, model: &Model) -> String {
    let words = Words::new(model);
    let subjects = &finding.subjects;
    let (Some(flow), Some(store)) = (flow_at(subjects, 0), element_at(subjects, 1)) else { return String::new() };
    let holds = match finding.detail {
        Detail::Words(holds) => holds,
        Detail::None | Detail::Count(_) | Detail::Conflict(_) => "",
    };
    message!(
        "{} holds {holds} and is reached by {}, which crosses {}",
        words.element(store).capitalised(),
        words.flow(flow),
        words.list(from(subjects, 2))
    )
}

/// Subjects for boundary positions.
fn boundaries<'a>(index: &'a Index<'_>, positions: &'a [usize]) -> impl Iterator<Item = Subject> + 'a {
    positions.iter().map(|&b| Subject::Boundary(index.boundaries[b].0.clone()))
}

/// The flow, then the boundaries it crosses.
fn flow_and_boundaries(index: &Index<'_>, f: &FlowFacts<'_>) -> Vec<Subject> {
    let mut subjects = vec![Subject::Flow(f.id.clone())];
    subjects.extend(boundaries(index, &f.crossed));
    subjects
}

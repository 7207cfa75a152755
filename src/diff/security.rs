//! The changes a security review must not miss, worked out from the two models rather than read
//! off the changed fields: whether a flow crosses a boundary depends on the membership of both
//! its ends and on how boundaries nest, so moving an element or a boundary can make a flow
//! that nobody touched cross one.

use std::collections::BTreeSet;

use super::{Change, RecordChange};
use crate::model::{
    BoundaryId, DataFlow, ElementId, FlowId, Model, RecordId, Severity, ThreatId, ThreatStatus, ThreatTarget,
};

/// What a security-relevant change is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Concern {
    /// A flow (new, or changed, or whose ends moved) now crosses these boundaries.
    NowCrosses(Vec<BoundaryId>),
    /// A flow no longer crosses these boundaries.
    NoLongerCrosses(Vec<BoundaryId>),
    /// A flow is no longer encrypted.
    LostEncryption,
    /// A flow's sender is no longer authenticated.
    LostAuthentication,
    /// An element or flow was taken out of scope (`false`) or brought into it (`true`).
    ScopeChanged {
        /// Whether it is now in scope.
        in_scope: bool,
    },
    /// A new element or flow in scope with no threat on it.
    NoThreats,
    /// A threat's triage status changed.
    StatusChanged(ThreatStatus, ThreatStatus),
    /// A threat's severity changed.
    SeverityChanged(Severity, Severity),
    /// A new open threat rated high or critical.
    NewSevereThreat(Severity),
}

/// One security-relevant change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecurityChange {
    /// The flow, element or threat it is about.
    pub record: RecordId,
    /// What it is.
    pub concern: Concern,
    /// One sentence for a reviewer, naming things by name and id.
    pub text: String,
}

fn named(model: &Model, record: &RecordId) -> String {
    let name = match record {
        RecordId::Element(id) => model.elements.get(id).map(|e| e.name.as_str()),
        RecordId::Flow(id) => model.flows.get(id).map(|f| f.name.as_str()),
        RecordId::Boundary(id) => model.boundaries.get(id).map(|b| b.name.as_str()),
        RecordId::Threat(id) => model.threats.get(id).map(|t| t.title.as_str()),
        _ => None,
    }
    .unwrap_or_default();
    let id = record.id_str().unwrap_or_default();
    if name.is_empty() {
        format!("{} {id}", record.kind().label())
    } else {
        format!("{} {name:?} ({id})", record.kind().label())
    }
}

fn boundary_list(model: &Model, ids: &[BoundaryId]) -> String {
    ids.iter().map(|b| named(model, &RecordId::Boundary(b.clone()))).collect::<Vec<_>>().join(", ")
}

/// Whether any boundary's nesting differs, which can change what every flow crosses.
fn nesting_changed(old: &Model, new: &Model) -> bool {
    old.boundaries.len() != new.boundaries.len()
        || old.boundaries.iter().zip(&new.boundaries).any(|((a, x), (b, y))| a != b || x.parent != y.parent)
}

/// The flows whose crossings may differ: every flow when the nesting changed, else the flows
/// that changed or are new, and those with an end whose membership changed.
fn flows_to_recheck<'a>(old: &Model, new: &'a Model, changes: &'a [RecordChange]) -> Vec<(&'a FlowId, &'a DataFlow)> {
    if nesting_changed(old, new) {
        return new.flows.iter().collect();
    }
    let moved: BTreeSet<&ElementId> = changes
        .iter()
        .filter_map(|c| match (&c.record, &c.change) {
            (RecordId::Element(id), Change::Changed(fields)) if fields.iter().any(|f| f.field == "boundary") => {
                Some(id)
            }
            (RecordId::Element(id), Change::Added | Change::Removed) => Some(id),
            _ => None,
        })
        .collect();
    if moved.is_empty() {
        return changes
            .iter()
            .filter_map(|c| match &c.record {
                RecordId::Flow(id) => new.flows.get_key_value(id),
                _ => None,
            })
            .collect();
    }
    let edited: BTreeSet<&FlowId> =
        changes.iter().filter_map(|c| if let RecordId::Flow(id) = &c.record { Some(id) } else { None }).collect();
    new.flows
        .iter()
        .filter(|(id, f)| edited.contains(id) || moved.contains(&f.source) || moved.contains(&f.target))
        .collect()
}

/// The security-relevant changes, crossings first, then lost protections, scope, missing
/// threats and threat triage.
pub(super) fn assess(old: &Model, new: &Model, changes: &[RecordChange]) -> Vec<SecurityChange> {
    let mut found = Vec::new();
    let mut push =
        |record: RecordId, concern: Concern, text: String| found.push(SecurityChange { record, concern, text });
    for (id, after) in flows_to_recheck(old, new, changes) {
        let record = RecordId::Flow(id.clone());
        let before = old.flows.get(id);
        let now = new.crossed_boundaries(after);
        let then = before.map(|b| old.crossed_boundaries(b)).unwrap_or_default();
        let gained: Vec<BoundaryId> = now.difference(&then).cloned().collect();
        let lost: Vec<BoundaryId> = then.difference(&now).cloned().collect();
        if !gained.is_empty() {
            let text = format!(
                "{} {}crosses {}",
                named(new, &record),
                if before.is_none() { "is new and " } else { "now " },
                boundary_list(new, &gained)
            );
            push(record.clone(), Concern::NowCrosses(gained), text);
        }
        if !lost.is_empty() {
            let text = format!("{} no longer crosses {}", named(new, &record), boundary_list(old, &lost));
            push(record, Concern::NoLongerCrosses(lost), text);
        }
    }
    for change in changes.iter().filter(|c| matches!(c.change, Change::Changed(_))) {
        let RecordId::Flow(id) = &change.record else { continue };
        let (Some(before), Some(after)) = (old.flows.get(id), new.flows.get(id)) else { continue };
        let record = RecordId::Flow(id.clone());
        if before.encrypted && !after.encrypted {
            push(record.clone(), Concern::LostEncryption, format!("{} is no longer encrypted", named(new, &record)));
        }
        if before.authenticated && !after.authenticated {
            let text = format!("{} no longer authenticates its sender", named(new, &record));
            push(record, Concern::LostAuthentication, text);
        }
    }
    let scope = |record: RecordId, before: bool, after: bool, push: &mut dyn FnMut(RecordId, Concern, String)| {
        if before != after {
            let text =
                format!("{} is now {}", named(new, &record), if after { "out of scope" } else { "in scope again" });
            push(record, Concern::ScopeChanged { in_scope: !after }, text);
        }
    };
    for change in changes.iter().filter(|c| matches!(c.change, Change::Changed(_))) {
        match &change.record {
            RecordId::Element(id) => {
                if let (Some(a), Some(b)) = (old.elements.get(id), new.elements.get(id)) {
                    scope(change.record.clone(), a.out_of_scope, b.out_of_scope, &mut push);
                }
            }
            RecordId::Flow(id) => {
                if let (Some(a), Some(b)) = (old.flows.get(id), new.flows.get(id)) {
                    scope(change.record.clone(), a.out_of_scope, b.out_of_scope, &mut push);
                }
            }
            _ => {}
        }
    }
    let threatened: BTreeSet<&ThreatTarget> = new.threats.values().map(|t| &t.target).collect();
    for change in changes.iter().filter(|c| c.change == Change::Added) {
        let (target, in_scope) = match &change.record {
            RecordId::Element(id) => {
                (ThreatTarget::Element(id.clone()), new.elements.get(id).is_some_and(|e| !e.out_of_scope))
            }
            RecordId::Flow(id) => (ThreatTarget::Flow(id.clone()), new.flows.get(id).is_some_and(|f| !f.out_of_scope)),
            _ => continue,
        };
        if in_scope && !threatened.contains(&target) {
            let text = format!("{} is new and has no threats", named(new, &change.record));
            push(change.record.clone(), Concern::NoThreats, text);
        }
    }
    for change in changes {
        let RecordId::Threat(id) = &change.record else { continue };
        threat_concerns(old, new, id, &change.change, &mut push);
    }
    found.sort_by(|a, b| rank(&a.concern).cmp(&rank(&b.concern)).then_with(|| a.record.cmp(&b.record)));
    found
}

/// Where a concern comes in the list: new severe threats and crossings first.
const fn rank(concern: &Concern) -> u8 {
    match concern {
        Concern::NewSevereThreat(_) => 0,
        Concern::NowCrosses(_) => 1,
        Concern::LostEncryption | Concern::LostAuthentication => 2,
        Concern::NoLongerCrosses(_) => 3,
        Concern::ScopeChanged { .. } => 4,
        Concern::NoThreats => 5,
        Concern::SeverityChanged(..) | Concern::StatusChanged(..) => 6,
    }
}

fn threat_concerns(
    old: &Model,
    new: &Model,
    id: &ThreatId,
    change: &Change,
    push: &mut impl FnMut(RecordId, Concern, String),
) {
    let record = RecordId::Threat(id.clone());
    let Some(after) = new.threats.get(id) else { return };
    let on = named(new, &crate::model::target_record(&after.target));
    match (change, old.threats.get(id)) {
        (Change::Added, _) if after.status == ThreatStatus::Open && after.severity >= Severity::High => {
            let text = format!("new open {} {} on {on}", after.severity.label().to_lowercase(), named(new, &record));
            push(record, Concern::NewSevereThreat(after.severity), text);
        }
        (Change::Changed(_), Some(before)) => {
            if before.status != after.status {
                let text = format!(
                    "{} on {on}: status {} → {}",
                    named(new, &record),
                    before.status.label(),
                    after.status.label()
                );
                push(record.clone(), Concern::StatusChanged(before.status, after.status), text);
            }
            if before.severity != after.severity {
                let text = format!(
                    "{} on {on}: severity {} → {}",
                    named(new, &record),
                    before.severity.label(),
                    after.severity.label()
                );
                push(record, Concern::SeverityChanged(before.severity, after.severity), text);
            }
        }
        _ => {}
    }
}

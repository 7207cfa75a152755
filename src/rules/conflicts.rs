//! Merge conflicts left in the model (MRG001): a gate so CI stops a model that a merge could
//! not finish.

use super::index::Index;
use super::{Detail, Finding, Rule, Severity, Subject};
use crate::model::{Model, RecordId};

/// MRG001.
pub(super) static UNRESOLVED_CONFLICT: Rule = Rule {
    id: "MRG001",
    severity: Severity::Error,
    title: "Unresolved merge conflict",
    condition: "The model holds a merge conflict nobody has resolved: a field two branches changed differently, or \
                a record one branch deleted while the other changed it or still used it.",
    why: "Until it is resolved the model shows the answer the merge kept, not one a person chose: a threat's \
          status, a flow's encryption or a deleted element may be wrong without anyone having decided it.",
    fix: "Open the model in ThreatCanvas and resolve each conflict (take ours, take theirs, or edit the value), \
          then save.",
    check: unresolved_conflict,
    describe: describe_conflict,
};

/// The subject a finding about a conflict on `record` is filed under: the record itself where
/// findings can name it, else its diagram, else the model.
fn subject(record: &RecordId) -> Subject {
    match record {
        RecordId::Element(id) | RecordId::Node(_, id) => Subject::Element(id.clone()),
        RecordId::Flow(id) | RecordId::Bends(_, id) => Subject::Flow(id.clone()),
        RecordId::Boundary(id) | RecordId::BoundaryBox(_, id) => Subject::Boundary(id.clone()),
        RecordId::Threat(id) => Subject::Threat(id.clone()),
        RecordId::Message(_, id) => Subject::Message(id.clone()),
        RecordId::Dismissal(key) => key.target.clone().into(),
        RecordId::Suppression(key) => key.subject.clone(),
        RecordId::Diagram(d) | RecordId::Lifeline(d, _) | RecordId::Fragment(d, _) | RecordId::Note(d, _) => {
            Subject::Diagram(d.clone())
        }
        RecordId::Meta => Subject::Model,
    }
}

fn unresolved_conflict(index: &Index<'_>, out: &mut Vec<Finding>) {
    for (i, key) in index.model.conflicts.keys().enumerate() {
        let at = u32::try_from(i).unwrap_or(u32::MAX);
        out.push(UNRESOLVED_CONFLICT.finding_with(vec![subject(&key.record)], Detail::Conflict(at)));
    }
}

/// "Unresolved merge conflict on …: …", read from the checked model's list of conflicts.
fn describe_conflict(finding: &Finding, model: &Model) -> String {
    let Detail::Conflict(at) = finding.detail else { return UNRESOLVED_CONFLICT.title.to_owned() };
    match model.conflicts.iter().nth(at as usize) {
        Some((key, conflict)) => format!("Unresolved merge conflict on {key}: {}", conflict.describe(key)),
        None => UNRESOLVED_CONFLICT.title.to_owned(),
    }
}

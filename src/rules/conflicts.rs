//! Merge conflicts left in the model (MRG001): a gate so CI stops a model that a merge could
//! not finish.

use super::index::Index;
use super::{Finding, Rule, Severity, Subject};
use crate::model::RecordId;

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
    for (key, conflict) in &index.model.conflicts {
        let message = message!("Unresolved merge conflict on {key}: {}", conflict.describe(key));
        out.push(UNRESOLVED_CONFLICT.finding(vec![subject(&key.record)], message));
    }
}

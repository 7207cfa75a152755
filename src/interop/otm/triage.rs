//! The team's triage (dismissed threat-library suggestions, suppressed check findings) in the
//! project's attributes. OTM has no place for either, yet losing them would make the library
//! propose every dismissed threat again and the checks report every suppressed finding, so an
//! export writes them as lists under [`DISMISSED`] and [`SUPPRESSIONS`]:
//!
//! `{"rule": "TC-XML-001", "kind": "element", "id": "P1", "reason": "..."}`, where `kind` is
//! the record kind as check output names it and `id` is left out for the whole model.
//!
//! Triage about a record OTM does not carry (a sequence-diagram message, a diagram other than
//! the one written) is left out with an export warning; an entry an import cannot place is
//! left out with an import warning.

use serde_json::{Map, Value, json};

use super::super::ids::long_text;
use super::super::summary::{RecordKind, Summary, Warning, WarningKind};
use super::attributes::{Attributes, DISMISSED, SUPPRESSIONS};
use crate::model::{DiagramId, Model, Subject, SuggestionKey, SuppressionKey, ThreatTarget, is_valid_rule_id};

/// One entry: a rule about a subject, with the reason given.
fn entry(rule: &str, subject: &Subject, reason: &str) -> Value {
    let mut e = json!({ "rule": rule, "kind": subject.kind(), "reason": reason });
    if let Some(id) = subject.id_str() {
        e["id"] = json!(id);
    }
    e
}

/// The project attributes holding `model`'s triage; warns about entries left out because
/// their subject is not written (`diagram` is the one diagram that is).
pub fn write(model: &Model, diagram: Option<&DiagramId>, warnings: &mut Vec<Warning>) -> Map<String, Value> {
    let mut attributes = Map::new();
    let dismissed: Vec<Value> = model
        .dismissed
        .iter()
        .map(|(key, reason)| entry(&key.rule, &Subject::from(key.target.clone()), reason))
        .collect();
    if !dismissed.is_empty() {
        attributes.insert(DISMISSED.to_owned(), Value::Array(dismissed));
    }
    let mut suppressions = Vec::new();
    for (key, reason) in &model.suppressions {
        let carried = match &key.subject {
            Subject::Message(_) => false,
            Subject::Diagram(d) => Some(d) == diagram,
            _ => true,
        };
        if carried {
            suppressions.push(entry(&key.rule, &key.subject, reason));
        } else {
            warnings.push(Warning {
                kind: WarningKind::Dropped(RecordKind::Triage),
                source_id: key.subject.id_str().map(str::to_owned),
                name: None,
                message: format!(
                    "the suppression of finding {} is about a {} OTM does not carry; left out",
                    key.rule,
                    key.subject.kind()
                ),
            });
        }
    }
    if !suppressions.is_empty() {
        attributes.insert(SUPPRESSIONS.to_owned(), Value::Array(suppressions));
    }
    attributes
}

/// Puts the triage an export wrote in `project` back into `model`, whose records and diagram
/// are all read by now.
pub fn read(project: Attributes<'_>, model: &mut Model, summary: &mut Summary) {
    for item in list(project, DISMISSED, summary) {
        let Some((rule, subject, reason)) = parse(item, model, summary) else { continue };
        let Some(target) = threat_target(subject) else {
            left_out(summary, &rule, "a dismissed suggestion is about an element, flow or trust boundary");
            continue;
        };
        model.dismissed.insert(SuggestionKey { rule, target }, reason);
    }
    for item in list(project, SUPPRESSIONS, summary) {
        let Some((rule, subject, reason)) = parse(item, model, summary) else { continue };
        if reason.trim().is_empty() {
            left_out(summary, &rule, "a suppression needs a written reason");
            continue;
        }
        model.suppressions.insert(SuppressionKey { rule, subject }, reason);
    }
}

/// The entries under `key`: a list of objects, else nothing (with a warning).
fn list<'a>(project: Attributes<'a>, key: &str, summary: &mut Summary) -> Vec<&'a Map<String, Value>> {
    match project.get(key) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => {
            let entries: Vec<&Map<String, Value>> = items.iter().filter_map(Value::as_object).collect();
            if entries.len() != items.len() {
                summary.warn(
                    WarningKind::Dropped(RecordKind::Triage),
                    Some("project"),
                    format!("attribute {key:?} holds items that are not objects; they are left out"),
                );
            }
            entries
        }
        Some(_) => {
            summary.warn(
                WarningKind::Dropped(RecordKind::Triage),
                Some("project"),
                format!("attribute {key:?} is not a list; left out"),
            );
            Vec::new()
        }
    }
}

/// An entry's rule, subject (which must exist in `model` and be of the kind the entry says)
/// and reason; `None`, with a warning, for one that cannot be placed.
fn parse(item: &Map<String, Value>, model: &Model, summary: &mut Summary) -> Option<(String, Subject, String)> {
    let text = |key: &str| item.get(key).and_then(Value::as_str).unwrap_or_default();
    let rule = text("rule").trim();
    if !is_valid_rule_id(rule) {
        left_out(summary, rule, "its rule id is not valid");
        return None;
    }
    let (kind, id) = (text("kind"), text("id"));
    let subject = if kind == "model" { Some(Subject::Model) } else { model.resolve_subject(id) };
    let Some(subject) = subject.filter(|s| s.kind() == kind) else {
        left_out(summary, rule, &format!("its {kind} {id:?} is not in the model"));
        return None;
    };
    let reason = long_text(text("reason"), summary, rule, "reason");
    Some((rule.to_owned(), subject, reason))
}

fn threat_target(subject: Subject) -> Option<ThreatTarget> {
    match subject {
        Subject::Element(id) => Some(ThreatTarget::Element(id)),
        Subject::Flow(id) => Some(ThreatTarget::Flow(id)),
        Subject::Boundary(id) => Some(ThreatTarget::Boundary(id)),
        Subject::Model | Subject::Diagram(_) | Subject::Threat(_) | Subject::Message(_) => None,
    }
}

fn left_out(summary: &mut Summary, rule: &str, why: &str) {
    summary.warn(
        WarningKind::Dropped(RecordKind::Triage),
        Some(rule),
        format!("a dismissal or suppression of rule {rule:?} is left out: {why}"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Element, ElementId, MessageId};

    #[test]
    fn triage_travels_and_what_cannot_be_placed_is_reported() {
        let mut model = Model::default();
        let p1 = ElementId::new("P1");
        model.elements.insert(p1.clone(), Element::default());
        let target = ThreatTarget::Element(p1.clone());
        model.dismissed.insert(SuggestionKey { rule: "TC-XML-001".into(), target }, "not XML".into());
        model.suppressions.insert(SuppressionKey { rule: "DFD001".into(), subject: Subject::Model }, "small".into());
        let message = Subject::Message(MessageId::new("m1"));
        model.suppressions.insert(SuppressionKey { rule: "SEQ001".into(), subject: message }, "fine".into());
        let mut warnings = Vec::new();
        let mut written = write(&model, None, &mut warnings);
        assert_eq!(warnings.len(), 1, "the message's suppression: {warnings:?}");
        assert_eq!(warnings[0].source_id.as_deref(), Some("m1"));
        // A hand-edited entry naming a record that is not there.
        if let Some(Value::Array(items)) = written.get_mut(DISMISSED) {
            items.push(json!({ "rule": "TC-A-1", "kind": "flow", "id": "P1", "reason": "" }));
            items.push(json!({ "rule": "not a rule!", "kind": "element", "id": "P1" }));
        }
        let value = Value::Object(written);
        let mut back = Model { elements: model.elements.clone(), ..Model::default() };
        let mut summary = Summary::default();
        read(Attributes::of(Some(&value), "project"), &mut back, &mut summary);
        assert_eq!(back.dismissed, model.dismissed);
        assert_eq!(back.suppressions.len(), 1);
        assert_eq!(summary.dropped(RecordKind::Triage), 2, "{:#?}", summary.warnings);
        assert_eq!(back.validate(), Ok(()));
    }
}

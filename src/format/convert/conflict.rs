//! Merge conflicts between the file and the model. Read last, once everything a dismissal's or
//! suppression's target may be is in the model.
//!
//! A conflict about a record that is no longer there still loads: deleting the record in the
//! editor answers the question, and the conflict is then resolved by dropping it.

use super::super::v3::{ConflictV3, PointV1, RecordKindV3, RectV1, SubjectKindV3, ValueV3};
use super::Reader;
use super::positions::{Positions, Section};
use crate::model::{
    BoundaryId, Conflict, ConflictKey, DiagramId, ElementId, FieldValue, FlowId, FragmentId, MessageId, Model, NoteId,
    Point, RecordId, RecordKind, Rect, Subject, SuggestionKey, SuppressionKey, ThreatId, ThreatTarget, field_type,
    is_valid_id, is_valid_rule_id, quoted,
};

both_ways!(RecordKindV3 <=> RecordKind {
    Element,
    Flow,
    Boundary,
    Threat,
    Dismissal,
    Suppression,
    Diagram,
    Node,
    BoundaryBox,
    Bends,
    Lifeline,
    Message,
    Fragment,
    Note,
    Meta,
});

/// Reads the `conflicts` records into `model`, reporting those that name no record or field
/// the format knows, values of the wrong type and conflicts listed twice. The values' limits
/// are [`Model::validate`]'s.
pub(super) fn read_conflicts(r: &mut Reader, at: &mut Positions, records: Vec<ConflictV3>, model: &mut Model) {
    for (i, record) in records.into_iter().enumerate() {
        let mut c = Place { r, place: (Section::Conflicts, i) };
        let path = format!("$.conflicts[{i}]");
        let Some(key) = key(&mut c, &path, &record) else { continue };
        let values = [("base", record.base), ("ours", record.ours), ("theirs", record.theirs)]
            .map(|(side, v)| v.and_then(|v| value(&mut c, &format!("{path}.{side}"), &key, v)));
        let [base, ours, theirs] = values;
        if model.conflicts.contains_key(&key) {
            c.report(&path, format!("the conflict on {key} is listed twice"));
            continue;
        }
        at.conflicts.insert(key.clone(), i);
        model.conflicts.insert(key, Conflict { base, ours, theirs });
    }
}

/// The reader, at one conflict record.
struct Place<'a> {
    r: &'a mut Reader,
    place: (Section, usize),
}

impl Place<'_> {
    fn report(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.r.report(self.place, path, message);
    }
}

/// The model's key for a conflict record, checking its parts.
fn key(c: &mut Place<'_>, path: &str, r: &ConflictV3) -> Option<ConflictKey> {
    let kind = RecordKind::from(r.record);
    let id_of = |c: &mut Place<'_>, field: &str, value: Option<&String>| -> Option<String> {
        let Some(id) = value else {
            c.report(path, format!("a conflict on a {} needs its {field}", kind.label()));
            return None;
        };
        if !is_valid_id(id) {
            c.report(format!("{path}.{field}"), format!("{} is not a valid id", quoted(id)));
            return None;
        }
        Some(id.clone())
    };
    let on_diagram = matches!(
        kind,
        RecordKind::Node
            | RecordKind::BoundaryBox
            | RecordKind::Bends
            | RecordKind::Lifeline
            | RecordKind::Message
            | RecordKind::Fragment
            | RecordKind::Note
    );
    let diagram = if on_diagram { Some(DiagramId::new(id_of(c, "diagram", r.diagram.as_ref())?)) } else { None };
    let record = match kind {
        RecordKind::Meta => RecordId::Meta,
        RecordKind::Element => RecordId::Element(ElementId::new(id_of(c, "id", r.id.as_ref())?)),
        RecordKind::Flow => RecordId::Flow(FlowId::new(id_of(c, "id", r.id.as_ref())?)),
        RecordKind::Boundary => RecordId::Boundary(BoundaryId::new(id_of(c, "id", r.id.as_ref())?)),
        RecordKind::Threat => RecordId::Threat(ThreatId::new(id_of(c, "id", r.id.as_ref())?)),
        RecordKind::Diagram => RecordId::Diagram(DiagramId::new(id_of(c, "id", r.id.as_ref())?)),
        RecordKind::Dismissal | RecordKind::Suppression => {
            let rule = r.rule.clone().unwrap_or_default();
            if !is_valid_rule_id(&rule) {
                c.report(format!("{path}.rule"), format!("{} is not a valid rule id", quoted(&rule)));
                return None;
            }
            let subject = match (r.on, &r.id) {
                (None, None) => Subject::Model,
                (Some(on), Some(_)) => {
                    let id = id_of(c, "id", r.id.as_ref())?;
                    match on {
                        SubjectKindV3::Element => Subject::Element(ElementId::new(id)),
                        SubjectKindV3::Flow => Subject::Flow(FlowId::new(id)),
                        SubjectKindV3::Boundary => Subject::Boundary(BoundaryId::new(id)),
                        SubjectKindV3::Diagram => Subject::Diagram(DiagramId::new(id)),
                        SubjectKindV3::Threat => Subject::Threat(ThreatId::new(id)),
                        SubjectKindV3::Message => Subject::Message(MessageId::new(id)),
                    }
                }
                _ => {
                    c.report(path, "give both \"on\" and \"id\" for a target, or neither for the whole model");
                    return None;
                }
            };
            if kind == RecordKind::Suppression {
                RecordId::Suppression(SuppressionKey { rule, subject })
            } else {
                let target = match subject {
                    Subject::Element(id) => ThreatTarget::Element(id),
                    Subject::Flow(id) => ThreatTarget::Flow(id),
                    Subject::Boundary(id) => ThreatTarget::Boundary(id),
                    _ => {
                        c.report(format!("{path}.on"), "a dismissal is on an element, flow or boundary");
                        return None;
                    }
                };
                RecordId::Dismissal(SuggestionKey { rule, target })
            }
        }
        RecordKind::Node => RecordId::Node(diagram?, ElementId::new(id_of(c, "id", r.id.as_ref())?)),
        RecordKind::BoundaryBox => RecordId::BoundaryBox(diagram?, BoundaryId::new(id_of(c, "id", r.id.as_ref())?)),
        RecordKind::Bends => RecordId::Bends(diagram?, FlowId::new(id_of(c, "id", r.id.as_ref())?)),
        RecordKind::Lifeline => RecordId::Lifeline(diagram?, ElementId::new(id_of(c, "id", r.id.as_ref())?)),
        RecordKind::Message => RecordId::Message(diagram?, MessageId::new(id_of(c, "id", r.id.as_ref())?)),
        RecordKind::Fragment => RecordId::Fragment(diagram?, FragmentId::new(id_of(c, "id", r.id.as_ref())?)),
        RecordKind::Note => RecordId::Note(diagram?, NoteId::new(id_of(c, "id", r.id.as_ref())?)),
    };
    let needs_rule = matches!(kind, RecordKind::Dismissal | RecordKind::Suppression);
    let foreign = [
        ("diagram", r.diagram.is_some() && !on_diagram),
        ("id", r.id.is_some() && kind == RecordKind::Meta),
        ("rule", r.rule.is_some() && !needs_rule),
        ("on", r.on.is_some() && !needs_rule),
    ];
    for (field, present) in foreign {
        if present {
            c.report(format!("{path}.{field}"), format!("{field} does not belong to a conflict on a {}", kind.label()));
        }
    }
    if let Some(field) = &r.field
        && field_type(kind, field).is_none()
    {
        c.report(format!("{path}.field"), format!("a {} has no field {}", kind.label(), quoted(field)));
        return None;
    }
    Some(ConflictKey { record, field: r.field.clone() })
}

/// A value read from the file, checked against the field's type.
fn value(c: &mut Place<'_>, path: &str, key: &ConflictKey, v: ValueV3) -> Option<FieldValue> {
    let v = match v {
        ValueV3::Text(s) => FieldValue::Text(s),
        ValueV3::Flag(b) => FieldValue::Flag(b),
        ValueV3::Number(n) => FieldValue::Number(n),
        ValueV3::Texts(items) => FieldValue::Texts(items),
        ValueV3::Box(r) => FieldValue::Box(Rect::from(r)),
        ValueV3::Points(points) => FieldValue::Points(points.into_iter().map(Point::from).collect()),
    };
    let expected = match &key.field {
        Some(field) => field_type(key.record.kind(), field),
        // A conflict about a record: `true` where the record is there.
        None if v == FieldValue::Flag(true) => return Some(v),
        None => {
            c.report(path, "for a conflict about a whole record, write true where the record is there");
            return None;
        }
    };
    if expected != Some(v.field_type()) {
        c.report(path, format!("{v} is not a value of this field"));
        return None;
    }
    Some(v)
}

/// The conflicts as records, in key order.
pub(super) fn records(model: &Model) -> Vec<ConflictV3> {
    model
        .conflicts
        .iter()
        .map(|(key, conflict)| {
            let record = &key.record;
            let (on, id) = match record {
                RecordId::Dismissal(k) => {
                    (Some(subject_kind(&Subject::from(k.target.clone()))), Some(k.target.id_str()))
                }
                RecordId::Suppression(k) => (subject_kind_of(&k.subject), k.subject.id_str()),
                other => (None, other.id_str()),
            };
            ConflictV3 {
                record: record.kind().into(),
                diagram: match record {
                    RecordId::Diagram(_) => None,
                    other => other.diagram().map(|d| d.as_str().to_owned()),
                },
                id: id.map(str::to_owned),
                on,
                rule: record.rule().map(str::to_owned),
                field: key.field.clone(),
                base: conflict.base.clone().map(value_v3),
                ours: conflict.ours.clone().map(value_v3),
                theirs: conflict.theirs.clone().map(value_v3),
            }
        })
        .collect()
}

fn subject_kind_of(subject: &Subject) -> Option<SubjectKindV3> {
    (subject != &Subject::Model).then(|| subject_kind(subject))
}

fn subject_kind(subject: &Subject) -> SubjectKindV3 {
    match subject {
        Subject::Element(_) | Subject::Model => SubjectKindV3::Element,
        Subject::Flow(_) => SubjectKindV3::Flow,
        Subject::Boundary(_) => SubjectKindV3::Boundary,
        Subject::Diagram(_) => SubjectKindV3::Diagram,
        Subject::Threat(_) => SubjectKindV3::Threat,
        Subject::Message(_) => SubjectKindV3::Message,
    }
}

fn value_v3(v: FieldValue) -> ValueV3 {
    match v {
        FieldValue::Text(s) => ValueV3::Text(s),
        FieldValue::Flag(b) => ValueV3::Flag(b),
        FieldValue::Number(n) => ValueV3::Number(n),
        FieldValue::Texts(items) => ValueV3::Texts(items),
        FieldValue::Box(r) => ValueV3::Box(RectV1::from(r)),
        FieldValue::Points(points) => ValueV3::Points(points.into_iter().map(PointV1::from).collect()),
    }
}

//! Dismissed suggestions and suppressed findings between the file and the model. Their targets
//! are resolved by id across every kind (ids are unique across kinds), so they are read last,
//! once everything they may name is in the model.

use super::super::v2::{DismissalV2, SuppressionV2};
use super::{Checker, MAX_TEXT_CHARS, quoted};
use crate::model::{Model, Subject, SuggestionKey, SuppressionKey};

/// Checks the `dismissed` records and adds them to `model`.
pub(super) fn read_dismissed(c: &mut Checker, records: Vec<DismissalV2>, model: &mut Model) {
    for (i, d) in records.into_iter().enumerate() {
        let path = format!("$.dismissed[{i}]");
        c.rule(&format!("{path}.rule"), &d.rule);
        c.text(&path, "reason", &d.reason, MAX_TEXT_CHARS);
        let Some(target) = model.resolve_target(&d.target) else {
            c.report(format!("{path}.target"), format!("{} is no element, flow or boundary", quoted(&d.target)));
            continue;
        };
        let key = SuggestionKey { rule: d.rule, target };
        if model.dismissed.contains_key(&key) {
            c.report(&path, format!("rule {} on {} is dismissed twice", quoted(&key.rule), key.target.id_str()));
            continue;
        }
        model.dismissed.insert(key, d.reason);
    }
}

/// Checks the `suppressions` records and adds them to `model`.
pub(super) fn read_suppressions(c: &mut Checker, records: Vec<SuppressionV2>, model: &mut Model) {
    for (i, s) in records.into_iter().enumerate() {
        let path = format!("$.suppressions[{i}]");
        c.rule(&format!("{path}.rule"), &s.rule);
        c.text(&path, "reason", &s.reason, MAX_TEXT_CHARS);
        if s.reason.trim().is_empty() {
            c.report(format!("{path}.reason"), "a suppression needs a written reason");
        }
        let subject = match &s.target {
            None => Subject::Model,
            Some(id) => {
                let Some(subject) = model.resolve_subject(id) else {
                    c.report(
                        format!("{path}.target"),
                        format!("{} is no element, flow, boundary, diagram, threat or message", quoted(id)),
                    );
                    continue;
                };
                subject
            }
        };
        let key = SuppressionKey { rule: s.rule, subject };
        if model.suppressions.contains_key(&key) {
            c.report(&path, format!("rule {} on {} is suppressed twice", quoted(&key.rule), key.subject));
            continue;
        }
        model.suppressions.insert(key, s.reason);
    }
}

/// The dismissals as records, sorted by target then rule.
pub(super) fn dismissed_records(model: &Model) -> Vec<DismissalV2> {
    let mut out: Vec<DismissalV2> = model
        .dismissed
        .iter()
        .map(|(key, reason)| DismissalV2 {
            rule: key.rule.clone(),
            target: key.target.id_str().to_owned(),
            reason: reason.clone(),
        })
        .collect();
    out.sort_by(|a, b| (&a.target, &a.rule).cmp(&(&b.target, &b.rule)));
    out
}

/// The suppressions as records, sorted by target (the whole model first) then rule.
pub(super) fn suppression_records(model: &Model) -> Vec<SuppressionV2> {
    let mut out: Vec<SuppressionV2> = model
        .suppressions
        .iter()
        .map(|(key, reason)| SuppressionV2 {
            rule: key.rule.clone(),
            target: key.subject.id_str().map(str::to_owned),
            reason: reason.clone(),
        })
        .collect();
    out.sort_by(|a, b| (&a.target, &a.rule).cmp(&(&b.target, &b.rule)));
    out
}

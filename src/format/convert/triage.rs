//! Dismissed suggestions and suppressed findings between the file and the model. Their targets
//! are resolved by id across every kind (ids are unique across kinds), so they are read last,
//! once everything they may name is in the model; the model checks the rest.

use super::super::v3::{DismissalV2, SuppressionV2};
use super::Reader;
use super::positions::{Positions, Section};
use crate::model::{Model, Subject, SuggestionKey, SuppressionKey, quoted};

/// Reads the `dismissed` records into `model`, reporting targets that name nothing and
/// suggestions dismissed twice.
pub(super) fn read_dismissed(r: &mut Reader, at: &mut Positions, records: Vec<DismissalV2>, model: &mut Model) {
    for (i, d) in records.into_iter().enumerate() {
        let path = format!("$.dismissed[{i}]");
        let place = (Section::Dismissed, i);
        let Some(target) = model.resolve_target(&d.target) else {
            r.report(place, format!("{path}.target"), format!("{} is no element, flow or boundary", quoted(&d.target)));
            continue;
        };
        let key = SuggestionKey { rule: d.rule, target };
        if model.dismissed.contains_key(&key) {
            r.report(place, &path, format!("rule {} on {} is dismissed twice", quoted(&key.rule), key.target.id_str()));
            continue;
        }
        at.dismissed.insert(key.clone(), i);
        model.dismissed.insert(key, d.reason);
    }
}

/// Reads the `suppressions` records into `model`, reporting targets that name nothing and
/// findings suppressed twice.
pub(super) fn read_suppressions(r: &mut Reader, at: &mut Positions, records: Vec<SuppressionV2>, model: &mut Model) {
    let mut read = Vec::with_capacity(records.len());
    {
        let subjects = model.subjects();
        for (i, s) in records.into_iter().enumerate() {
            let path = format!("$.suppressions[{i}]");
            let place = (Section::Suppressions, i);
            let subject = match &s.target {
                None => Subject::Model,
                Some(id) => {
                    let Some(subject) = subjects.resolve(id) else {
                        r.report(
                            place,
                            format!("{path}.target"),
                            format!("{} is no element, flow, boundary, diagram, threat or message", quoted(id)),
                        );
                        continue;
                    };
                    subject
                }
            };
            let key = SuppressionKey { rule: s.rule, subject };
            if at.suppressions.contains_key(&key) {
                r.report(place, &path, format!("rule {} on {} is suppressed twice", quoted(&key.rule), key.subject));
                continue;
            }
            at.suppressions.insert(key.clone(), i);
            read.push((key, s.reason));
        }
    }
    model.suppressions.extend(read);
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

//! Threats between the file and the model: a threat's target id is resolved to the kind of
//! record it names and its references are read from their text; the model checks the rest.
//! Threats are written in list order.

use super::super::v3::ThreatV2;
use super::Reader;
use super::positions::{Positions, Section};
use crate::model::{Model, Reference, Threat, quoted};

/// Reads threat `i` into `model`, unless its target names nothing or its id is taken by an
/// earlier threat.
pub(super) fn read(r: &mut Reader, at: &mut Positions, i: usize, t: ThreatV2, model: &mut Model) {
    let path = format!("$.threats[{i}]");
    let place = (Section::Threats, i);
    if let Some(first) = at.threats.get(&t.id) {
        r.repeated(place, &path, t.id.as_str(), *first);
        return;
    }
    let mut references = Vec::with_capacity(t.references.len());
    let mut kept = Vec::with_capacity(t.references.len());
    for (j, text) in t.references.iter().enumerate() {
        match text.parse::<Reference>() {
            Ok(reference) => {
                references.push(reference);
                kept.push(j);
            }
            Err(e) => r.report(place, format!("{path}.references[{j}]"), e.to_string()),
        }
    }
    let Some(target) = model.resolve_target(&t.target) else {
        r.report(
            place,
            format!("{path}.target"),
            format!("threat {} is attached to {}, which is no element, flow or boundary", t.id, quoted(&t.target)),
        );
        return;
    };
    at.threats.insert(t.id.clone(), i);
    if kept.len() < t.references.len() {
        at.references.insert(t.id.clone(), kept);
    }
    let threat = Threat {
        target,
        title: t.title,
        category: t.category.into(),
        status: t.status.into(),
        severity: t.severity.into(),
        description: t.description,
        mitigation: t.mitigation,
        references,
        rule: t.rule,
        score: t.score,
        rank: t.rank,
    };
    model.threats.insert(t.id, threat);
}

/// The threats of `model` as records, sorted by target, then rank, then id: each target's
/// threats together, in the order its list shows them.
pub(super) fn records(model: &Model) -> Vec<ThreatV2> {
    let mut out: Vec<ThreatV2> = model
        .threats
        .iter()
        .map(|(id, t)| ThreatV2 {
            id: id.clone(),
            target: t.target.id_str().to_owned(),
            rank: t.rank,
            title: t.title.clone(),
            category: t.category.into(),
            status: t.status.into(),
            severity: t.severity.into(),
            score: t.score.clone(),
            description: t.description.clone(),
            mitigation: t.mitigation.clone(),
            references: t.references.iter().map(ToString::to_string).collect(),
            rule: t.rule.clone(),
        })
        .collect();
    out.sort_by(|a, b| (&a.target, a.rank, &a.id).cmp(&(&b.target, b.rank, &b.id)));
    out
}

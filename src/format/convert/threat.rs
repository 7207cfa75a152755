//! Threats between the file and the model: the v2 fields (references, rule, score, rank) are
//! checked here, and threats are written in list order.

use std::collections::BTreeSet;

use super::super::v2::ThreatV2;
use super::{Checker, MAX_NAME_CHARS, MAX_TEXT_CHARS, quoted};
use crate::model::{MAX_REFERENCES, Model, Reference, Threat, ThreatId};

/// Checks one threat record and builds the threat; `None` when its target does not exist.
pub(super) fn threat(c: &mut Checker, path: &str, t: ThreatV2, model: &Model) -> Option<(ThreatId, Threat)> {
    c.id(path, t.id.as_str());
    c.text(path, "title", &t.title, MAX_NAME_CHARS);
    c.text(path, "description", &t.description, MAX_TEXT_CHARS);
    c.text(path, "mitigation", &t.mitigation, MAX_TEXT_CHARS);
    c.text(path, "score", &t.score, MAX_NAME_CHARS);
    if let Some(rule) = &t.rule {
        c.rule(&format!("{path}.rule"), rule);
    }
    let references = references(c, path, &t.references);
    let Some(target) = model.resolve_target(&t.target) else {
        c.report(
            format!("{path}.target"),
            format!("threat {} is attached to {}, which is no element, flow or boundary", t.id, quoted(&t.target)),
        );
        return None;
    };
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
    Some((t.id, threat))
}

/// Parses a threat's references, reporting each bad, repeated or surplus one.
fn references(c: &mut Checker, path: &str, texts: &[String]) -> Vec<Reference> {
    if texts.len() > MAX_REFERENCES {
        c.report(
            format!("{path}.references"),
            format!("lists {} references; the limit is {MAX_REFERENCES}", texts.len()),
        );
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(texts.len());
    for (j, text) in texts.iter().enumerate() {
        let at = format!("{path}.references[{j}]");
        match text.parse::<Reference>() {
            Ok(reference) if !seen.insert(reference.clone()) => c.report(at, format!("{reference} is listed twice")),
            Ok(reference) => out.push(reference),
            Err(e) => c.report(at, e.to_string()),
        }
    }
    out
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

//! The records made of Threat Dragon cells: an element from a node (with the Threat Dragon
//! properties ThreatCanvas has no field for as assumptions), a flow, a threat.

use super::super::ids::{long_text, one_line};
use super::super::summary::{RecordKind, Summary, WarningKind};
use super::cells::{Cell, Shape, TdThreat};
use super::{ASSUMPTIONS, threats};
use crate::model::{
    DataFlow, DataStoreProps, Element, ElementId, ElementKind, EntityNature, ExternalEntityProps, Methodology,
    ProcessProps, Reference, Threat, ThreatTarget,
};

/// The element a node cell (actor, process or store) stands for, in no boundary yet.
pub fn element(cell: &Cell, summary: &mut Summary, source_id: &str) -> Element {
    let p = &cell.props;
    let x = &p.threatcanvas;
    let mut assumptions: Vec<String> = Vec::new();
    let mut note = |on: bool, text: &str| {
        if on {
            assumptions.push(text.to_owned());
        }
    };
    let kind = match cell.shape {
        Shape::Actor => {
            note(p.provides_authentication.0, ASSUMPTIONS.provides_authentication);
            let nature = if x.nature.as_str().eq_ignore_ascii_case("system") {
                EntityNature::System
            } else {
                EntityNature::Person
            };
            ElementKind::ExternalEntity(ExternalEntityProps { nature })
        }
        Shape::Store => {
            note(p.is_signed.0, ASSUMPTIONS.signed);
            note(p.stores_inventory.0, ASSUMPTIONS.stores_inventory);
            ElementKind::DataStore(DataStoreProps {
                stores_credentials: p.stores_credentials.0,
                stores_personal_data: x.stores_personal_data.0,
                encrypted_at_rest: p.is_encrypted.0,
                is_log: p.is_a_log.0,
            })
        }
        _ => {
            note(p.is_web_application.0, ASSUMPTIONS.web_application);
            note(p.handles_card_payment.0, ASSUMPTIONS.card_payment);
            note(p.handles_goods_or_services.0, ASSUMPTIONS.goods_or_services);
            let level = p.privilege_level.as_str().trim();
            if !level.is_empty() {
                assumptions.push(format!("{}{}", ASSUMPTIONS.privilege_level, one_line(level, summary, source_id)));
            }
            ElementKind::Process(ProcessProps {
                technology: one_line(x.technology.as_str(), summary, source_id),
                privileged: x.privileged.0,
                authenticates_callers: x.authenticates_callers.0,
            })
        }
    };
    assumptions.extend(x.assumptions.iter().map(|a| one_line(a.as_str(), summary, source_id)));
    Element {
        name: one_line(&cell.name, summary, source_id),
        description: long_text(&cell.description, summary, source_id, "description"),
        kind,
        boundary: None,
        out_of_scope: cell.out_of_scope,
        out_of_scope_reason: long_text(&cell.reason_out_of_scope, summary, source_id, "reason out of scope"),
        assumptions,
    }
}

/// The flow a flow cell stands for, from `source` to `target`.
pub fn flow(cell: &Cell, source: ElementId, target: ElementId, summary: &mut Summary, source_id: &str) -> DataFlow {
    let p = &cell.props;
    let x = &p.threatcanvas;
    let mut assumptions = Vec::new();
    if p.is_public_network.0 {
        assumptions.push(ASSUMPTIONS.public_network.to_owned());
    }
    assumptions.extend(x.assumptions.iter().map(|a| one_line(a.as_str(), summary, source_id)));
    DataFlow {
        source,
        target,
        bidirectional: p.is_bidirectional.0,
        name: one_line(&cell.name, summary, source_id),
        description: long_text(&cell.description, summary, source_id, "description"),
        data: long_text(x.data.as_str(), summary, source_id, "data"),
        protocol: one_line(p.protocol.as_str(), summary, source_id),
        encrypted: p.is_encrypted.0,
        authenticated: x.authenticated.0,
        out_of_scope: cell.out_of_scope,
        out_of_scope_reason: long_text(&cell.reason_out_of_scope, summary, source_id, "reason out of scope"),
        assumptions,
    }
}

/// Says that the threats of a flow left out are left out too.
pub fn dropped_threats(cell: &Cell, summary: &mut Summary, source_id: &str) {
    for t in &cell.threats {
        let id = if t.source_id().is_empty() { source_id } else { t.source_id() };
        summary.warn(
            WarningKind::Dropped(RecordKind::Threat),
            Some(id),
            format!("threat {:?} is on flow {source_id}, which is left out", t.title.as_str()),
        );
    }
}

/// The threat `t` on `target`, at `rank` among the target's threats; `methodology` is the
/// diagram's, for a threat that does not name its own.
pub fn threat(
    t: &TdThreat,
    target: &ThreatTarget,
    rank: usize,
    methodology: Methodology,
    summary: &mut Summary,
    source_id: &str,
) -> Threat {
    let threat_methodology = threats::methodology(t.model_type.as_str()).unwrap_or(methodology);
    let mut description = t.description.0.trim().to_owned();
    if !t.card_number.as_str().is_empty() {
        let deck = t.eop_game_id.as_str();
        let card = if deck.is_empty() {
            format!("EoP card {}", t.card_number.as_str())
        } else {
            format!("EoP card {} ({deck})", t.card_number.as_str())
        };
        description = if description.is_empty() { card } else { format!("{description}\n\n{card}") };
    }
    Threat {
        target: target.clone(),
        title: one_line(t.title.as_str(), summary, source_id),
        category: threats::category(
            t.kind.as_str(),
            t.card_suit.as_str(),
            Some(threat_methodology),
            summary,
            source_id,
        ),
        status: threats::status(t.status.as_str(), summary, source_id),
        severity: threats::severity(t.severity.as_str(), summary, source_id),
        description: long_text(&description, summary, source_id, "description"),
        mitigation: long_text(t.mitigation.as_str(), summary, source_id, "mitigation"),
        references: references(t, summary, source_id),
        rule: rule(t, summary, source_id),
        score: one_line(t.score.as_str(), summary, source_id),
        rank: written_rank(t, summary, source_id).unwrap_or_else(|| u32::try_from(rank).unwrap_or(u32::MAX)),
    }
}

/// The rank a ThreatCanvas export kept with a threat, if it is a whole number a rank can be.
fn written_rank(t: &TdThreat, summary: &mut Summary, source_id: &str) -> Option<u32> {
    let written = t.threatcanvas.rank.as_ref()?;
    let rank = written.as_u64().and_then(|r| u32::try_from(r).ok());
    if rank.is_none() {
        summary.warn(
            WarningKind::UnknownValue,
            Some(source_id),
            format!("rank {written} is not a whole number a rank can be; the threat's place in the list is used"),
        );
    }
    rank
}

/// The library rule a ThreatCanvas export kept with a threat, if it is still a valid rule id.
fn rule(t: &TdThreat, summary: &mut Summary, source_id: &str) -> Option<String> {
    let written = t.threatcanvas.rule.as_str().trim();
    if written.is_empty() {
        return None;
    }
    if crate::model::is_valid_rule_id(written) {
        return Some(written.to_owned());
    }
    summary.warn(WarningKind::Adjusted, Some(source_id), format!("rule {written:?} is not a valid rule id; left out"));
    None
}

/// The references a ThreatCanvas export kept with a threat; any that no longer parse, repeat
/// or exceed the limit are left out with a warning.
fn references(t: &TdThreat, summary: &mut Summary, source_id: &str) -> Vec<Reference> {
    let mut out: Vec<Reference> = Vec::new();
    for text in &t.threatcanvas.references {
        match text.as_str().parse::<Reference>() {
            Ok(r) if out.contains(&r) => {}
            Ok(r) if out.len() < crate::model::MAX_REFERENCES => out.push(r),
            Ok(r) => summary.warn(
                WarningKind::Adjusted,
                Some(source_id),
                format!("reference {r} is past the limit; left out"),
            ),
            Err(e) => summary.warn(WarningKind::Adjusted, Some(source_id), format!("{e}; left out")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::ElementId;

    fn read(t: &serde_json::Value) -> (Threat, Summary) {
        let t: TdThreat = serde_json::from_value(t.clone()).expect("a threat");
        let mut summary = Summary::default();
        let target = ThreatTarget::Element(ElementId::new("e"));
        (threat(&t, &target, 4, Methodology::Stride, &mut summary, "t"), summary)
    }

    #[test]
    fn a_written_rank_is_kept_and_a_mistyped_one_reported() {
        let threat =
            json!({"title": "A", "type": "Spoofing", "status": "Open", "severity": "High", "modelType": "STRIDE"});
        let with_rank = |rank: serde_json::Value| {
            let mut t = threat.clone();
            t["threatcanvas"] = json!({ "rank": rank });
            t
        };
        let (t, summary) = read(&with_rank(json!(0)));
        assert_eq!(t.rank, 0, "ties are kept: the place in the list would say 4");
        assert!(summary.warnings.is_empty(), "{:?}", summary.warnings);
        let (t, _) = read(&threat);
        assert_eq!(t.rank, 4, "another tool's file: the place in the list");
        for bad in [json!("2"), json!(-1), json!(1.5), json!(u64::MAX)] {
            let (t, summary) = read(&with_rank(bad.clone()));
            assert_eq!(t.rank, 4, "{bad}");
            assert_eq!(summary.warnings.len(), 1, "{bad}: {:?}", summary.warnings);
        }
    }
}

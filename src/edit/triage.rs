//! Commands for threat-library suggestions: accept (the threat joins the model, remembering its
//! rule), dismiss with an optional reason, and take a dismissal back. Each call is one
//! transaction, so accepting or dismissing a whole group is one undo step.
//!
//! These work on model records only: the caller turns `threats::Suggestion`s into
//! [`Threat`]s (`Suggestion::threat`) and [`SuggestionKey`]s (`Suggestion::key`), which keeps
//! `edit` independent of the threat library.

use std::collections::{BTreeMap, BTreeSet};

use super::{Edit, Transaction};
use crate::model::{Model, SuggestionKey, Threat, ThreatId, ThreatTarget};

/// Adds `threats` (each carrying the `rule` it came from) after the threats already on their
/// targets, in the order given, and takes back any dismissal of the same rule and target.
/// A threat whose target is gone, or whose rule already has a threat on that target (in the
/// model or earlier in `threats`), is skipped. Returns the new threats' ids in order.
#[must_use]
pub fn accept_suggestions(model: &Model, threats: impl IntoIterator<Item = Threat>) -> (Vec<ThreatId>, Transaction) {
    let mut next_rank: BTreeMap<ThreatTarget, u32> = BTreeMap::new();
    let mut present: BTreeSet<(String, ThreatTarget)> =
        model.threats.values().filter_map(|t| t.rule.clone().map(|rule| (rule, t.target.clone()))).collect();
    let mut ids = Vec::new();
    let mut edits = Vec::new();
    for mut threat in threats {
        if !model.target_exists(&threat.target) {
            continue;
        }
        if let Some(rule) = &threat.rule {
            if !present.insert((rule.clone(), threat.target.clone())) {
                continue;
            }
            let key = SuggestionKey { rule: rule.clone(), target: threat.target.clone() };
            if model.dismissed.contains_key(&key) {
                edits.push(Edit::Dismissal(key, None));
            }
        }
        let rank = next_rank.entry(threat.target.clone()).or_insert_with(|| {
            model.threats_on(&threat.target).map(|(_, t)| t.rank.saturating_add(1)).max().unwrap_or(0)
        });
        threat.rank = *rank;
        *rank = rank.saturating_add(1);
        let id = ThreatId::generate();
        edits.push(Edit::Threat(id.clone(), Some(Box::new(threat))));
        ids.push(id);
    }
    let label =
        if ids.len() == 1 { "Accept suggestion".to_owned() } else { format!("Accept {} suggestions", ids.len()) };
    (ids, Transaction { label, edits })
}

/// Dismisses the suggestions `keys` with `reason` (empty for none); dismissing again replaces
/// the reason. Keys whose target is gone are skipped.
#[must_use]
pub fn dismiss_suggestions(model: &Model, keys: impl IntoIterator<Item = SuggestionKey>, reason: &str) -> Transaction {
    let mut edits = Vec::new();
    let mut seen = BTreeSet::new();
    for key in keys {
        if !model.target_exists(&key.target) || model.dismissed.get(&key).is_some_and(|r| r == reason) {
            continue;
        }
        if seen.insert(key.clone()) {
            edits.push(Edit::Dismissal(key, Some(reason.to_owned())));
        }
    }
    let label =
        if edits.len() == 1 { "Dismiss suggestion".to_owned() } else { format!("Dismiss {} suggestions", edits.len()) };
    Transaction { label, edits }
}

/// Takes back the dismissals of `keys`, so the library proposes them again.
#[must_use]
pub fn restore_suggestions(model: &Model, keys: impl IntoIterator<Item = SuggestionKey>) -> Transaction {
    let keys: BTreeSet<SuggestionKey> = keys.into_iter().filter(|k| model.dismissed.contains_key(k)).collect();
    let edits: Vec<Edit> = keys.into_iter().map(|k| Edit::Dismissal(k, None)).collect();
    let label =
        if edits.len() == 1 { "Restore suggestion".to_owned() } else { format!("Restore {} suggestions", edits.len()) };
    Transaction { label, edits }
}

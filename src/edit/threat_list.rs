//! Commands on the list of threats on one target: duplicate a threat, move it up or down.
//! Lists show a target's threats by (rank, id); these commands renumber the target's threats
//! 0, 1, 2… in their new order, changing only the ranks that differ.

use super::{Edit, Transaction};
use crate::model::{MAX_NAME_CHARS, Model, Threat, ThreatId};

/// Which way to move a threat in its target's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Towards the top (a lower rank).
    Up,
    /// Towards the bottom.
    Down,
}

/// The edits that give `order` (a target's threats) the ranks 0, 1, 2…, with `replacing` in
/// place of the model's version of a threat where given.
fn renumber(model: &Model, order: &[ThreatId], mut replacing: Option<(&ThreatId, Threat)>) -> Vec<Edit> {
    let mut edits = Vec::new();
    for (rank, id) in order.iter().enumerate() {
        let rank = u32::try_from(rank).unwrap_or(u32::MAX);
        let fresh = replacing.take_if(|(r, _)| *r == id).map(|(_, t)| t);
        let Some(mut threat) = fresh.or_else(|| model.threats.get(id).cloned()) else { continue };
        threat.rank = rank;
        if model.threats.get(id) != Some(&threat) {
            edits.push(Edit::Threat(id.clone(), Some(Box::new(threat))));
        }
    }
    edits
}

/// The ids of the threats on `id`'s target in list order, or `None` if `id` is not a threat.
fn siblings(model: &Model, id: &ThreatId) -> Option<Vec<ThreatId>> {
    let target = &model.threats.get(id)?.target;
    Some(model.threats_on(target).map(|(id, _)| id.clone()).collect())
}

/// A copy of threat `id` right below it in its target's list: same content, " (copy)" added to
/// the title, and no library rule (the copy is the team's own; the original keeps answering
/// for the rule). `None` if there is no such threat.
#[must_use]
pub fn duplicate_threat(model: &Model, id: &ThreatId) -> Option<(ThreatId, Transaction)> {
    let original = model.threats.get(id)?;
    let mut order = siblings(model, id)?;
    let mut copy = original.clone();
    copy.rule = None;
    let suffix = " (copy)";
    let keep = MAX_NAME_CHARS.saturating_sub(suffix.chars().count());
    copy.title = copy.title.chars().take(keep).collect::<String>() + suffix;
    let new_id = ThreatId::generate();
    let at = order.iter().position(|t| t == id).map_or(order.len(), |i| i + 1);
    order.insert(at, new_id.clone());
    let mut tx = Transaction::new("Duplicate threat");
    tx.edits = renumber(model, &order, Some((&new_id, copy)));
    Some((new_id, tx))
}

/// Moves threat `id` one place up or down among its target's threats; nothing at either end.
#[must_use]
pub fn move_threat(model: &Model, id: &ThreatId, direction: Direction) -> Transaction {
    let label = match direction {
        Direction::Up => "Move threat up",
        Direction::Down => "Move threat down",
    };
    let mut tx = Transaction::new(label);
    let Some(mut order) = siblings(model, id) else { return tx };
    let Some(i) = order.iter().position(|t| t == id) else { return tx };
    let j = match direction {
        Direction::Up if i > 0 => i - 1,
        Direction::Down if i + 1 < order.len() => i + 1,
        _ => return tx,
    };
    order.swap(i, j);
    tx.edits = renumber(model, &order, None);
    tx
}

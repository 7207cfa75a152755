//! Three-way merge of keyed records, field by field.

use std::collections::BTreeMap;

use super::Ctx;
use crate::model::{Conflict, ConflictKey, FieldValue, Fields, Model, RecordId};

/// How a merge treats a record one side deleted while the other changed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum OnDelete {
    /// A conflict: keep the changed record until someone decides.
    Conflict,
    /// The deletion wins: the record is only where something sits on a diagram.
    Wins,
}

/// Merges one record present on both sides and changed on both: each field from the side that
/// changed it; a field both changed differently keeps ours and becomes a conflict.
pub(super) fn merge_fields<T: Fields + Clone + PartialEq>(
    ctx: &mut Ctx<'_>,
    record: &RecordId,
    base: Option<&T>,
    ours: &T,
    theirs: &T,
) -> T {
    let mut out = ours.clone();
    for field in T::NAMES {
        let b = base.and_then(|x| x.get(field));
        let o = ours.get(field);
        let t = theirs.get(field);
        if o == t || t == b {
            continue;
        }
        if o == b {
            if let Some(value) = &t
                && out.set(field, value, ctx.theirs).is_err()
            {
                ctx.conflict(record, Some(field), b, o, t);
            }
            continue;
        }
        ctx.conflict(record, Some(field), b, o, t);
    }
    out
}

/// The merged value of one record from its three versions, or `None` where it is gone.
pub(super) fn merge_one<T: Fields + Clone + PartialEq>(
    ctx: &mut Ctx<'_>,
    record: &RecordId,
    base: Option<&T>,
    ours: Option<&T>,
    theirs: Option<&T>,
    on_delete: OnDelete,
) -> Option<T> {
    if ours == theirs || theirs == base {
        return ours.cloned();
    }
    if ours == base {
        return theirs.cloned();
    }
    match (ours, theirs) {
        (Some(o), Some(t)) => Some(merge_fields(ctx, record, base, o, t)),
        (None, Some(t)) => match on_delete {
            OnDelete::Wins => None,
            OnDelete::Conflict => {
                ctx.existence(record, base.is_some(), false);
                Some(t.clone())
            }
        },
        (Some(o), None) => match on_delete {
            OnDelete::Wins => None,
            OnDelete::Conflict => {
                ctx.existence(record, base.is_some(), true);
                Some(o.clone())
            }
        },
        (None, None) => None,
    }
}

/// Merges keyed records: starts from ours and brings in what theirs changed, so the cost is
/// one comparison per record plus the work on what differs.
pub(super) fn merge_map<K: Ord + Clone, T: Fields + Clone + PartialEq>(
    ctx: &mut Ctx<'_>,
    base: &BTreeMap<K, T>,
    ours: &BTreeMap<K, T>,
    theirs: &BTreeMap<K, T>,
    record: impl Fn(&K) -> RecordId,
    on_delete: OnDelete,
) -> BTreeMap<K, T> {
    let mut out = ours.clone();
    // One linear walk over base and theirs finds what theirs changed.
    let keys: Vec<&K> = crate::diff::join(base, theirs).filter(|(_, b, t)| b != t).map(|(k, _, _)| k).collect();
    for k in keys {
        let merged = merge_one(ctx, &record(k), base.get(k), ours.get(k), theirs.get(k), on_delete);
        match merged {
            Some(v) => {
                out.insert(k.clone(), v);
            }
            None => {
                out.remove(k);
            }
        }
    }
    out
}

/// Merges keyed values that have no fields (the conflicts the inputs already hold): a value
/// changed on both sides keeps ours.
pub(super) fn merge_opaque<K: Ord + Clone, T: Clone + PartialEq>(
    base: &BTreeMap<K, T>,
    ours: &BTreeMap<K, T>,
    theirs: &BTreeMap<K, T>,
) -> BTreeMap<K, T> {
    let mut out = ours.clone();
    for (k, t) in theirs {
        if base.get(k) != Some(t) && ours.get(k) == base.get(k) {
            out.insert(k.clone(), t.clone());
        }
    }
    for k in base.keys().filter(|k| !theirs.contains_key(*k)) {
        if ours.get(k) == base.get(k) {
            out.remove(k);
        }
    }
    out
}

impl Ctx<'_> {
    /// Records a conflict on a field (or, with `field` `None`, on a whole record).
    pub(super) fn conflict(
        &mut self,
        record: &RecordId,
        field: Option<&str>,
        base: Option<FieldValue>,
        ours: Option<FieldValue>,
        theirs: Option<FieldValue>,
    ) {
        let key = ConflictKey { record: record.clone(), field: field.map(str::to_owned) };
        self.conflicts.insert(key, Conflict { base, ours, theirs });
    }

    /// Records that one side deleted `record` while the other kept it.
    pub(super) fn existence(&mut self, record: &RecordId, base_had_it: bool, ours_kept: bool) {
        let key = ConflictKey { record: record.clone(), field: None };
        self.conflicts.entry(key).or_insert_with(|| Conflict::existence(base_had_it, ours_kept));
    }

    /// The model of one side.
    pub(super) const fn side(&self, ours: bool) -> &Model {
        if ours { self.ours } else { self.theirs }
    }
}

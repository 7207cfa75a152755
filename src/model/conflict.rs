//! Merge conflicts kept in the model: what a three-way merge could not decide, stored as data
//! (never as text markers), so a file with conflicts still opens and they can be resolved one
//! by one, each resolution an undoable edit.

use std::fmt;

use super::field::FieldValue;
use super::record::RecordId;

/// What a conflict is about: one field of one record, or the record as a whole (kept on one
/// side, deleted on the other).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConflictKey {
    /// The record.
    pub record: RecordId,
    /// The field, by its file-format name (see [`super::Fields`]); `None` when the conflict is
    /// about whether the record exists at all.
    pub field: Option<String>,
}

/// The three versions of a conflicted field. Until the conflict is resolved the model holds
/// ours (or, when one side deleted the record, keeps it).
///
/// `None` means the record is not there in that version (or, for a field, that the field does
/// not apply there, e.g. after a change of kind). For a conflict about a whole record (`field`
/// is `None`), a version where the record exists holds `Some(FieldValue::Flag(true))`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// The common ancestor's value.
    pub base: Option<FieldValue>,
    /// Our side's value (the branch merged into).
    pub ours: Option<FieldValue>,
    /// Their side's value (the branch merged in).
    pub theirs: Option<FieldValue>,
}

/// One of the three versions of a merge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// The common ancestor.
    Base,
    /// The branch merged into.
    Ours,
    /// The branch merged in.
    Theirs,
}

impl Side {
    /// "base", "ours", "theirs".
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Base => "base",
            Self::Ours => "ours",
            Self::Theirs => "theirs",
        }
    }
}

impl Conflict {
    /// The conflict about a record one side deleted and the other kept (`ours_kept` says
    /// which).
    #[must_use]
    pub fn existence(base_had_it: bool, ours_kept: bool) -> Self {
        let there = |yes: bool| yes.then_some(FieldValue::Flag(true));
        Self { base: there(base_had_it), ours: there(ours_kept), theirs: there(!ours_kept) }
    }

    /// The value of one side.
    #[must_use]
    pub const fn value(&self, side: Side) -> Option<&FieldValue> {
        match side {
            Side::Base => self.base.as_ref(),
            Side::Ours => self.ours.as_ref(),
            Side::Theirs => self.theirs.as_ref(),
        }
    }
}

impl fmt::Display for ConflictKey {
    /// "element P1, field name" or "element P1".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{}, field {field}", self.record),
            None => write!(f, "{}", self.record),
        }
    }
}

impl Conflict {
    /// The three versions in words, for a list of conflicts: `base "a", ours "b", theirs "c"`,
    /// or for a whole record `base (kept), ours (deleted), theirs (kept)`.
    #[must_use]
    pub fn describe(&self, key: &ConflictKey) -> String {
        let show = |side: Side| match (self.value(side), &key.field) {
            (Some(v), Some(_)) => v.to_string(),
            (Some(_), None) => "(kept)".to_owned(),
            (None, _) if side != Side::Base && self.base.is_some() => "(deleted)".to_owned(),
            (None, _) => "(not there)".to_owned(),
        };
        format!("base {}, ours {}, theirs {}", show(Side::Base), show(Side::Ours), show(Side::Theirs))
    }
}

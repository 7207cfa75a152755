//! Comparing the open model with another version of it (another file, or a git revision of
//! its own file): the other version and the differences, kept up to date as the model is
//! edited. View state only: closing the comparison leaves no trace in the model.

use std::collections::BTreeMap;

use crate::diff::{self, ChangeKind, ModelDiff};
use crate::model::{DiagramId, Model, RecordId};

/// An open comparison.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// What the model is compared with, for people: a file path, or `HEAD:model.json`.
    pub against: String,
    /// The other version.
    pub other: Model,
    /// From the other version to the model as it is now.
    pub diff: ModelDiff,
    /// The model revision `diff` was worked out for.
    revision: u64,
}

impl Comparison {
    /// Compares `current` (at `revision`) with `other`.
    #[must_use]
    pub fn new(against: String, other: Model, current: &Model, revision: u64) -> Self {
        let diff = diff::diff(&other, current);
        Self { against, other, diff, revision }
    }

    /// Works the differences out again if the model changed since.
    pub fn refresh(&mut self, current: &Model, revision: u64) {
        if revision != self.revision {
            self.diff = diff::diff(&self.other, current);
            self.revision = revision;
        }
    }

    /// How elements, flows and boundaries on `diagram` are marked: added, removed (drawn
    /// ghosted from the other version) or changed (a field, or its box or bends there); on a
    /// sequence diagram its lifelines and messages too.
    #[must_use]
    pub fn marks_on(&self, diagram: &DiagramId) -> BTreeMap<RecordId, ChangeKind> {
        self.diff
            .marks_on(diagram)
            .into_iter()
            .filter(|(r, _)| {
                matches!(
                    r,
                    RecordId::Element(_)
                        | RecordId::Flow(_)
                        | RecordId::Boundary(_)
                        | RecordId::Lifeline(..)
                        | RecordId::Message(..)
                )
            })
            .collect()
    }
}

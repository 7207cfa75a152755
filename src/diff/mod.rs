//! What changed between two versions of a model, by record and field: the semantic diff that
//! `threatcanvas diff`, `git diff` and the app's compare view all show.
//!
//! Records are matched by id, never by position, so a renamed element is one changed field and
//! a reordered list changes nothing but order. The security-relevant changes (a flow that now
//! crosses a trust boundary, lost encryption, a new open critical threat...) are worked out
//! first, so reviews lead with them. Layout (boxes and bends on data-flow diagrams) is kept
//! apart, to be summed up unless asked for.
//!
//! Pure: no I/O. [`report`] writes the result as text, Markdown or JSON.

mod join;
mod records;
pub mod report;
mod security;

use std::collections::BTreeMap;

pub(crate) use join::join;
pub use security::{Concern, SecurityChange};

use crate::model::{DiagramId, FieldValue, Model, RecordId, RecordKind};

/// How a record changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// In both, with these fields different (never empty).
    Changed(Vec<FieldChange>),
}

/// One field of a record, before and after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    /// The field's name in the file format.
    pub field: &'static str,
    /// The old value; `None` where the field did not apply (e.g. before a change of kind).
    pub before: Option<FieldValue>,
    /// The new value; `None` where the field no longer applies.
    pub after: Option<FieldValue>,
}

/// One record that differs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordChange {
    /// Which record.
    pub record: RecordId,
    /// What people call it (its name, title or text; from the new version unless removed).
    pub name: String,
    /// What happened to it.
    pub change: Change,
}

/// The three ways a record can differ, for marking it on a canvas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// New.
    Added,
    /// Gone (draw it from the old version, ghosted).
    Removed,
    /// Different.
    Changed,
}

impl Change {
    /// The kind of change.
    #[must_use]
    pub const fn kind(&self) -> ChangeKind {
        match self {
            Self::Added => ChangeKind::Added,
            Self::Removed => ChangeKind::Removed,
            Self::Changed(_) => ChangeKind::Changed,
        }
    }
}

/// Everything that differs between two models.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModelDiff {
    /// Security-relevant consequences, most important first.
    pub security: Vec<SecurityChange>,
    /// Changed records other than layout, in [`RecordId`] order (metadata, elements, flows,
    /// boundaries, threats, triage, diagrams and their sequence parts).
    pub changes: Vec<RecordChange>,
    /// Boxes and bends on data-flow diagrams that were placed, moved, resized or removed.
    pub layout: Vec<RecordChange>,
}

/// How many layout records of one kind changed one way on one diagram: "4 element boxes moved".
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LayoutCount {
    /// The diagram.
    pub diagram: DiagramId,
    /// Element boxes, boundary boxes or bends.
    pub kind: RecordKind,
    /// Placed, moved or removed.
    pub change: ChangeKind,
    /// How many.
    pub count: usize,
}

impl ModelDiff {
    /// Whether the models are the same.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.layout.is_empty()
    }

    /// The layout changes summed up by diagram, kind and change.
    #[must_use]
    pub fn layout_counts(&self) -> Vec<LayoutCount> {
        let mut counts: BTreeMap<(DiagramId, RecordKind, ChangeKind), usize> = BTreeMap::new();
        for change in &self.layout {
            if let Some(d) = change.record.diagram() {
                *counts.entry((d.clone(), change.record.kind(), change.change.kind())).or_default() += 1;
            }
        }
        counts
            .into_iter()
            .map(|((diagram, kind, change), count)| LayoutCount { diagram, kind, change, count })
            .collect()
    }

    /// How each changed record is to be marked on `diagram`: elements, flows and boundaries
    /// (by their own record, whether the record itself or its box or bends changed there), and
    /// the diagram's sequence parts. A canvas draws added ones highlighted, changed ones
    /// outlined, and removed ones ghosted from the old model.
    #[must_use]
    pub fn marks_on(&self, diagram: &DiagramId) -> BTreeMap<RecordId, ChangeKind> {
        let mut marks = BTreeMap::new();
        for change in &self.changes {
            let record = &change.record;
            let shown = match record.kind() {
                RecordKind::Element | RecordKind::Flow | RecordKind::Boundary => true,
                RecordKind::Lifeline | RecordKind::Message | RecordKind::Fragment | RecordKind::Note => {
                    record.diagram() == Some(diagram)
                }
                _ => false,
            };
            if shown {
                marks.insert(record.clone(), change.change.kind());
            }
        }
        for change in self.layout.iter().filter(|c| c.record.diagram() == Some(diagram)) {
            let own = match &change.record {
                RecordId::Node(_, e) => RecordId::Element(e.clone()),
                RecordId::BoundaryBox(_, b) => RecordId::Boundary(b.clone()),
                RecordId::Bends(_, f) => RecordId::Flow(f.clone()),
                _ => continue,
            };
            // Placing or removing a box of a record that is itself new or gone says nothing more.
            let kind = match change.change.kind() {
                ChangeKind::Changed => ChangeKind::Changed,
                _ if own.kind() == RecordKind::Flow => ChangeKind::Changed,
                other => other,
            };
            marks.entry(own).or_insert(kind);
        }
        marks
    }
}

/// The differences from `old` to `new`.
#[must_use]
pub fn diff(old: &Model, new: &Model) -> ModelDiff {
    let mut changes = Vec::new();
    let mut layout = Vec::new();
    records::compare(old, new, &mut changes, &mut layout);
    let security = security::assess(old, new, &changes);
    ModelDiff { security, changes, layout }
}

#[cfg(test)]
mod tests;

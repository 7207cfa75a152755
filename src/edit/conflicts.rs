//! Resolving merge conflicts, one at a time, each an undoable step: take one side's value, or
//! keep what the model holds now (after editing it by hand). Taking the side that deleted a
//! record deletes it the way the delete commands do, with what depends on it.
//!
//! A resolution that would leave a model that does not load (a nesting loop, a message whose
//! flow now goes the other way) is refused with the reason, and the user edits instead.

use std::collections::BTreeSet;

use super::commands::{self, Item};
use super::sequence;
use super::{Edit, Transaction, apply_all};
use crate::model::{
    ConflictKey, DiagramId, DiagramView, FieldError, FieldValue, Fields, Model, Problem, RecordId, SequenceView, Side,
};

/// How to resolve a conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Set the field (or the record's existence) to one side's version.
    Take(Side),
    /// Keep what the model holds now: ours as merged, or whatever the user has since typed.
    KeepCurrent,
}

/// Why a conflict could not be resolved as asked. The model is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    /// There is no such conflict (already resolved, or undone).
    #[error("there is no conflict on {0}")]
    NoConflict(Box<ConflictKey>),
    /// The chosen value does not fit the record as it is now.
    #[error("{0}")]
    Field(#[from] FieldError),
    /// The chosen value would leave a model that does not load.
    #[error("choosing that would break the model: {0}; edit it by hand instead")]
    WouldBreak(Box<Problem>),
}

/// The step that resolves the conflict `key` as `resolution` says.
///
/// # Errors
/// [`ResolveError`] when there is no such conflict, or the chosen version cannot be applied.
pub fn resolve(model: &Model, key: &ConflictKey, resolution: Resolution) -> Result<Transaction, ResolveError> {
    let conflict = model.conflicts.get(key).ok_or_else(|| ResolveError::NoConflict(Box::new(key.clone())))?;
    let label = match resolution {
        Resolution::Take(side) => format!("Resolve conflict: take {}", side.label()),
        Resolution::KeepCurrent => "Resolve conflict".to_owned(),
    };
    let mut tx = Transaction::new(label);
    if let Resolution::Take(side) = resolution {
        let value = conflict.value(side);
        match (&key.field, value) {
            (Some(field), Some(value)) => tx.edits.extend(set_field(model, &key.record, field, value)?),
            // The field does not apply on that side (its kind changed there), or the side kept
            // the record, which is still here: nothing to set.
            (Some(_), None) | (None, Some(_)) => {}
            (None, None) => tx.edits.extend(remove(model, &key.record)),
        }
    }
    tx.push(Edit::Conflict(key.clone(), None));
    finish(model, tx)
}

/// One step resolving every conflict by taking `side` ("take all of theirs").
///
/// # Errors
/// The first conflict that cannot be resolved that way; nothing is changed.
pub fn resolve_all(model: &Model, side: Side) -> Result<Transaction, ResolveError> {
    let mut scratch = model.clone();
    let mut tx = Transaction::new(format!("Resolve all conflicts: take {}", side.label()));
    let keys: Vec<ConflictKey> = model.conflicts.keys().cloned().collect();
    for key in keys {
        if !scratch.conflicts.contains_key(&key) {
            continue;
        }
        let step = resolve(&scratch, &key, Resolution::Take(side))?;
        // Built against `scratch` and checked there, so it applies.
        let _ = apply_all(&mut scratch, step.edits.clone());
        tx.edits.extend(step.edits);
    }
    Ok(tx)
}

/// Adds the dropping of conflicts about records the step removes, then checks the result.
fn finish(model: &Model, mut tx: Transaction) -> Result<Transaction, ResolveError> {
    let mut after = model.clone();
    if apply_all(&mut after, tx.edits.clone()).is_err() {
        // Only an edit naming a missing diagram fails, and every edit here names one that is.
        return Ok(Transaction::new(tx.label));
    }
    let orphans: Vec<ConflictKey> = after
        .conflicts
        .keys()
        .filter(|k| !after.has_record(&k.record) && model.has_record(&k.record))
        .cloned()
        .collect();
    for key in orphans {
        after.conflicts.remove(&key);
        tx.push(Edit::Conflict(key, None));
    }
    // Only a problem the step adds counts: a broken model must not block resolving.
    let before = model.validate().err().unwrap_or_default();
    if let Err(problems) = after.validate()
        && let Some(problem) = problems.into_iter().find(|p| !before.contains(p))
    {
        return Err(ResolveError::WouldBreak(Box::new(problem)));
    }
    Ok(tx)
}

fn sequence_of<'a>(model: &'a Model, d: &DiagramId) -> Option<&'a SequenceView> {
    match model.diagram(d).map(|x| &x.view) {
        Some(DiagramView::Sequence(v)) => Some(v),
        _ => None,
    }
}

/// The edits setting one field of a record; none if the record is gone.
fn set_field(model: &Model, record: &RecordId, field: &str, value: &FieldValue) -> Result<Vec<Edit>, FieldError> {
    fn changed<T: Fields + Clone>(
        old: Option<&T>,
        field: &str,
        value: &FieldValue,
        model: &Model,
    ) -> Result<Option<T>, FieldError> {
        let Some(old) = old else { return Ok(None) };
        let mut new = old.clone();
        new.set(field, value, model)?;
        Ok(Some(new))
    }
    let edits = match record {
        RecordId::Meta => {
            changed(Some(&model.meta), field, value, model)?.map(|m| Edit::Meta(Box::new(m))).into_iter().collect()
        }
        RecordId::Element(id) => changed(model.elements.get(id), field, value, model)?
            .map(|e| Edit::Element(id.clone(), Some(Box::new(e))))
            .into_iter()
            .collect(),
        RecordId::Flow(id) => match changed(model.flows.get(id), field, value, model)? {
            // Through the command, so messages the flow no longer carries let go of it.
            Some(new) => commands::update_flow(model, id, |f| *f = new).edits,
            None => Vec::new(),
        },
        RecordId::Boundary(id) => changed(model.boundaries.get(id), field, value, model)?
            .map(|b| Edit::Boundary(id.clone(), Some(Box::new(b))))
            .into_iter()
            .collect(),
        RecordId::Threat(id) => changed(model.threats.get(id), field, value, model)?
            .map(|t| Edit::Threat(id.clone(), Some(Box::new(t))))
            .into_iter()
            .collect(),
        RecordId::Dismissal(key) => changed(model.dismissed.get(key), field, value, model)?
            .map(|r| Edit::Dismissal(key.clone(), Some(r)))
            .into_iter()
            .collect(),
        RecordId::Suppression(key) => changed(model.suppressions.get(key), field, value, model)?
            .map(|r| Edit::Suppression(key.clone(), Some(r)))
            .into_iter()
            .collect(),
        RecordId::Diagram(d) => match (field, changed(model.diagram(d), field, value, model)?) {
            (_, None) => Vec::new(),
            ("name", Some(new)) => vec![Edit::DiagramName(d.clone(), new.name)],
            (_, Some(new)) => match new.view {
                DiagramView::Sequence(view) => placed_in_order(d, &view),
                DiagramView::Dfd(_) => Vec::new(),
            },
        },
        RecordId::Node(d, e) => match value {
            FieldValue::Box(rect) => vec![Edit::Node(d.clone(), e.clone(), Some(*rect))],
            _ => return Err(FieldError { field: field.to_owned(), reason: format!("{value} is not a box") }),
        },
        RecordId::BoundaryBox(d, b) => match value {
            FieldValue::Box(rect) => vec![Edit::BoundaryRect(d.clone(), b.clone(), Some(*rect))],
            _ => return Err(FieldError { field: field.to_owned(), reason: format!("{value} is not a box") }),
        },
        RecordId::Bends(d, f) => match value {
            FieldValue::Points(points) => vec![Edit::Bends(d.clone(), f.clone(), points.clone())],
            _ => {
                return Err(FieldError { field: field.to_owned(), reason: format!("{value} is not a list of points") });
            }
        },
        RecordId::Lifeline(..) => Vec::new(),
        RecordId::Message(d, _) | RecordId::Fragment(d, _) | RecordId::Note(d, _) => {
            sequence_edit(model, d, record, field, value)?
        }
    };
    Ok(edits)
}

/// The edits that put every lifeline, message, fragment and note of a sequence diagram at its
/// place in `view` (placing them in order from the top makes each prefix right); the history
/// leaves out those that move nothing.
fn placed_in_order(d: &DiagramId, view: &SequenceView) -> Vec<Edit> {
    let mut edits: Vec<Edit> =
        view.lifelines.iter().enumerate().map(|(i, e)| Edit::Lifeline(d.clone(), e.clone(), Some(i))).collect();
    edits.extend(
        view.messages
            .iter()
            .enumerate()
            .map(|(i, m)| Edit::Message(d.clone(), m.id.clone(), Some((i, Box::new(m.clone()))))),
    );
    edits.extend(
        view.fragments
            .iter()
            .enumerate()
            .map(|(i, g)| Edit::Fragment(d.clone(), g.id.clone(), Some((i, Box::new(g.clone()))))),
    );
    edits.extend(
        view.notes.iter().enumerate().map(|(i, n)| Edit::Note(d.clone(), n.id.clone(), Some((i, Box::new(n.clone()))))),
    );
    edits
}

/// The edit setting one field of a message, fragment or note of a sequence diagram, in place;
/// none if the diagram or the record is gone.
fn sequence_edit(
    model: &Model,
    d: &DiagramId,
    record: &RecordId,
    field: &str,
    value: &FieldValue,
) -> Result<Vec<Edit>, FieldError> {
    fn set_at<T: Fields + Clone>(
        list: &[T],
        is_it: impl Fn(&T) -> bool,
        field: &str,
        value: &FieldValue,
        model: &Model,
    ) -> Result<Option<(usize, Box<T>)>, FieldError> {
        let Some(at) = list.iter().position(is_it) else { return Ok(None) };
        let mut new = list[at].clone();
        new.set(field, value, model)?;
        Ok(Some((at, Box::new(new))))
    }
    let Some(view) = sequence_of(model, d) else { return Ok(Vec::new()) };
    let edit = match record {
        RecordId::Message(_, m) => set_at(&view.messages, |x| &x.id == m, field, value, model)?
            .map(|v| Edit::Message(d.clone(), m.clone(), Some(v))),
        RecordId::Fragment(_, g) => set_at(&view.fragments, |x| &x.id == g, field, value, model)?
            .map(|v| Edit::Fragment(d.clone(), g.clone(), Some(v))),
        RecordId::Note(_, n) => {
            set_at(&view.notes, |x| &x.id == n, field, value, model)?.map(|v| Edit::Note(d.clone(), n.clone(), Some(v)))
        }
        _ => None,
    };
    Ok(edit.into_iter().collect())
}

/// The edits deleting a record and what depends on it, as the delete commands do.
fn remove(model: &Model, record: &RecordId) -> Vec<Edit> {
    if !model.has_record(record) {
        return Vec::new();
    }
    match record {
        RecordId::Meta => Vec::new(),
        RecordId::Element(id) => commands::delete(model, &[Item::Element(id.clone())]).edits,
        RecordId::Flow(id) => commands::delete(model, &[Item::Flow(id.clone())]).edits,
        RecordId::Boundary(id) => commands::delete(model, &[Item::Boundary(id.clone())]).edits,
        RecordId::Threat(id) => commands::delete_threat(model, id).edits,
        RecordId::Dismissal(key) => vec![Edit::Dismissal(key.clone(), None)],
        RecordId::Suppression(key) => vec![Edit::Suppression(key.clone(), None)],
        RecordId::Diagram(d) => commands::delete_diagram(model, d).edits,
        RecordId::Node(d, e) => vec![Edit::Node(d.clone(), e.clone(), None)],
        RecordId::BoundaryBox(d, b) => vec![Edit::BoundaryRect(d.clone(), b.clone(), None)],
        RecordId::Bends(d, f) => vec![Edit::Bends(d.clone(), f.clone(), Vec::new())],
        RecordId::Lifeline(d, e) => sequence::delete_from_sequence(model, d, &[e.clone()].into(), &BTreeSet::new())
            .map(|t| t.edits)
            .unwrap_or_default(),
        RecordId::Message(d, m) => sequence::delete_from_sequence(model, d, &BTreeSet::new(), &[m.clone()].into())
            .map(|t| t.edits)
            .unwrap_or_default(),
        RecordId::Fragment(d, g) => sequence::remove_fragment(model, d, g).map(|t| t.edits).unwrap_or_default(),
        RecordId::Note(d, n) => sequence::remove_note(model, d, n).map(|t| t.edits).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::History;
    use crate::model::{BoundaryId, Conflict, DataFlow, Element, ElementId, FlowId, TrustBoundary};

    fn key(record: RecordId, field: Option<&str>) -> ConflictKey {
        ConflictKey { record, field: field.map(str::to_owned) }
    }

    fn model_with_conflicts() -> Model {
        let mut m = Model::default();
        m.elements.insert(ElementId::new("a"), Element { name: "ours".into(), ..Element::default() });
        m.elements.insert(ElementId::new("b"), Element::default());
        m.flows.insert(
            FlowId::new("f"),
            DataFlow { source: ElementId::new("a"), target: ElementId::new("b"), ..DataFlow::default() },
        );
        m.boundaries.insert(BoundaryId::new("x"), TrustBoundary::default());
        m.boundaries.insert(
            BoundaryId::new("y"),
            TrustBoundary { parent: Some(BoundaryId::new("x")), ..TrustBoundary::default() },
        );
        let text = |s: &str| Some(FieldValue::Text(s.to_owned()));
        m.conflicts.insert(
            key(RecordId::Element(ElementId::new("a")), Some("name")),
            Conflict { base: text("base"), ours: text("ours"), theirs: text("theirs") },
        );
        m.conflicts.insert(key(RecordId::Element(ElementId::new("b")), None), Conflict::existence(true, false));
        m.conflicts.insert(
            key(RecordId::Boundary(BoundaryId::new("x")), Some("parent")),
            Conflict { base: text(""), ours: text(""), theirs: text("y") },
        );
        m
    }

    #[test]
    fn taking_theirs_sets_the_field_and_undo_brings_the_conflict_back() {
        let mut m = model_with_conflicts();
        let original = m.clone();
        let mut h = History::new();
        let k = key(RecordId::Element(ElementId::new("a")), Some("name"));
        let tx = resolve(&m, &k, Resolution::Take(Side::Theirs)).expect("resolves");
        h.execute(&mut m, tx).expect("applies");
        assert_eq!(m.elements[&ElementId::new("a")].name, "theirs");
        assert!(!m.conflicts.contains_key(&k));
        h.undo(&mut m).expect("undo");
        assert_eq!(m, original);
    }

    #[test]
    fn taking_the_side_that_deleted_a_record_deletes_it_with_its_flows() {
        let mut m = model_with_conflicts();
        let k = key(RecordId::Element(ElementId::new("b")), None);
        let kept = resolve(&m, &k, Resolution::Take(Side::Theirs)).expect("resolves");
        assert_eq!(kept.edits, vec![Edit::Conflict(k.clone(), None)], "theirs kept it: nothing else to do");
        let tx = resolve(&m, &k, Resolution::Take(Side::Ours)).expect("resolves");
        apply_all(&mut m, tx.edits).expect("applies");
        assert!(!m.elements.contains_key(&ElementId::new("b")));
        assert!(m.flows.is_empty(), "the flow to b went with it");
        assert!(!m.conflicts.contains_key(&k));
        assert_eq!(m.validate(), Ok(()));
    }

    #[test]
    fn keeping_the_current_value_only_drops_the_conflict() {
        let mut m = model_with_conflicts();
        let k = key(RecordId::Element(ElementId::new("b")), None);
        let tx = resolve(&m, &k, Resolution::KeepCurrent).expect("resolves");
        apply_all(&mut m, tx.edits).expect("applies");
        assert!(m.elements.contains_key(&ElementId::new("b")));
        assert_eq!(m.conflicts.len(), 2);
    }

    #[test]
    fn a_choice_that_would_break_the_model_is_refused() {
        let m = model_with_conflicts();
        let k = key(RecordId::Boundary(BoundaryId::new("x")), Some("parent"));
        let err = resolve(&m, &k, Resolution::Take(Side::Theirs)).expect_err("a nesting loop");
        assert!(
            matches!(&err, ResolveError::WouldBreak(f) if matches!(f.fault, crate::model::Fault::BoundaryCycle(_))),
            "{err}"
        );
        assert!(resolve(&m, &k, Resolution::Take(Side::Ours)).is_ok());
        let gone = key(RecordId::Element(ElementId::new("zz")), None);
        assert!(matches!(resolve(&m, &gone, Resolution::KeepCurrent), Err(ResolveError::NoConflict(_))));
    }

    #[test]
    fn resolving_all_takes_one_side_everywhere_in_one_step() {
        let mut m = model_with_conflicts();
        let tx = resolve_all(&m, Side::Ours).expect("resolves");
        apply_all(&mut m, tx.edits).expect("applies");
        assert!(m.conflicts.is_empty());
        assert_eq!(m.elements[&ElementId::new("a")].name, "ours");
        assert!(!m.elements.contains_key(&ElementId::new("b")), "ours deleted it");
        assert!(matches!(resolve_all(&model_with_conflicts(), Side::Theirs), Err(ResolveError::WouldBreak(_))));
    }
}

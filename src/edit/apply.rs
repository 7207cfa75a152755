//! Applying edits: each returns its exact inverse and says whether it changed anything, so the
//! history can drop steps that change nothing without comparing whole models.

use std::collections::BTreeMap;

use super::{Edit, EditError};
use crate::model::{DfdView, Diagram, DiagramId, DiagramView, Fragment, Message, Model, Note, SequenceView};

/// The inverse of an applied edit, with what the history needs to know about it.
#[derive(Clone, Debug)]
pub(super) struct Undo {
    /// The edit that takes the change back.
    pub edit: Edit,
    /// Whether the edit moved its record in an ordered list (inserted, removed or reordered
    /// it) rather than only changing its value in place. Positions in a list depend on every
    /// earlier move in it, so a gesture keeps the inverse of every move; of changes in place
    /// it keeps only the first per record.
    pub moved: bool,
}

/// An applied edit: its inverse, whether the model changed, and whether a record moved.
struct Applied {
    inverse: Edit,
    changed: bool,
    moved: bool,
}

impl Applied {
    const fn in_place(inverse: Edit, changed: bool) -> Self {
        Self { inverse, changed, moved: false }
    }
}

fn dfd_mut<'a>(model: &'a mut Model, id: &DiagramId) -> Result<&'a mut DfdView, EditError> {
    match model.diagrams.iter_mut().find(|d| &d.id == id).map(|d| &mut d.view) {
        Some(DiagramView::Dfd(v)) => Ok(v),
        Some(DiagramView::Sequence(_)) => Err(EditError::WrongDiagramKind(id.clone(), "data-flow diagram")),
        None => Err(EditError::NoDiagram(id.clone())),
    }
}

fn sequence_mut<'a>(model: &'a mut Model, id: &DiagramId) -> Result<&'a mut SequenceView, EditError> {
    match model.diagrams.iter_mut().find(|d| &d.id == id).map(|d| &mut d.view) {
        Some(DiagramView::Sequence(v)) => Ok(v),
        Some(DiagramView::Dfd(_)) => Err(EditError::WrongDiagramKind(id.clone(), "sequence diagram")),
        None => Err(EditError::NoDiagram(id.clone())),
    }
}

/// Sets or removes `key` in `map`; returns the old value and whether the value changed.
fn set<K: Ord, V: PartialEq>(map: &mut BTreeMap<K, V>, key: K, value: Option<V>) -> (Option<V>, bool) {
    if let Some(v) = value {
        let changed = map.get(&key) != Some(&v);
        (map.insert(key, v), changed)
    } else {
        let old = map.remove(&key);
        let changed = old.is_some();
        (old, changed)
    }
}

/// Takes the record `is_it` out of `list` wherever it is, then puts `value` at its index
/// (clamped to the end). Returns the old position and record, and whether anything changed
/// and whether the record moved.
fn place<T: PartialEq>(
    list: &mut Vec<T>,
    is_it: impl Fn(&T) -> bool,
    value: Option<(usize, T)>,
) -> (Option<(usize, T)>, bool, bool) {
    let old = list.iter().position(is_it).map(|i| (i, list.remove(i)));
    let new_index = value.map(|(index, v)| {
        let index = index.min(list.len());
        list.insert(index, v);
        index
    });
    let moved = old.as_ref().map(|(i, _)| *i) != new_index;
    let changed = moved
        || match (&old, new_index) {
            (Some((_, before)), Some(now)) => list.get(now) != Some(before),
            _ => false,
        };
    (old, changed, moved)
}

fn boxed<T>(old: Option<(usize, T)>) -> Option<(usize, Box<T>)> {
    old.map(|(i, v)| (i, Box::new(v)))
}

impl Edit {
    /// Applies the edit and returns its inverse.
    ///
    /// # Errors
    /// [`EditError`] if the edit names a diagram that is missing or of the other kind; the
    /// model is then unchanged.
    pub fn apply(self, model: &mut Model) -> Result<Edit, EditError> {
        self.apply_tracked(model).map(|applied| applied.inverse)
    }

    fn apply_tracked(self, model: &mut Model) -> Result<Applied, EditError> {
        Ok(match self {
            Self::Meta(meta) => {
                let old = std::mem::replace(&mut model.meta, *meta);
                let changed = old != model.meta;
                Applied::in_place(Self::Meta(Box::new(old)), changed)
            }
            Self::Element(id, v) => {
                let (old, changed) = set(&mut model.elements, id.clone(), v.map(|b| *b));
                Applied::in_place(Self::Element(id, old.map(Box::new)), changed)
            }
            Self::Flow(id, v) => {
                let (old, changed) = set(&mut model.flows, id.clone(), v.map(|b| *b));
                Applied::in_place(Self::Flow(id, old.map(Box::new)), changed)
            }
            Self::Boundary(id, v) => {
                let (old, changed) = set(&mut model.boundaries, id.clone(), v.map(|b| *b));
                Applied::in_place(Self::Boundary(id, old.map(Box::new)), changed)
            }
            Self::Threat(id, v) => {
                let (old, changed) = set(&mut model.threats, id.clone(), v.map(|b| *b));
                Applied::in_place(Self::Threat(id, old.map(Box::new)), changed)
            }
            Self::Diagram(id, v) => {
                let v = v.map(|(i, d)| (i, Diagram { id: id.clone(), ..*d }));
                let (old, changed, moved) = place(&mut model.diagrams, |d| d.id == id, v);
                Applied { inverse: Self::Diagram(id, boxed(old)), changed, moved }
            }
            Self::DiagramName(id, name) => {
                let diagram =
                    model.diagrams.iter_mut().find(|d| d.id == id).ok_or_else(|| EditError::NoDiagram(id.clone()))?;
                let old = std::mem::replace(&mut diagram.name, name);
                let changed = old != diagram.name;
                Applied::in_place(Self::DiagramName(id, old), changed)
            }
            Self::Node(d, e, rect) => {
                let (old, changed) = set(&mut dfd_mut(model, &d)?.nodes, e.clone(), rect);
                Applied::in_place(Self::Node(d, e, old), changed)
            }
            Self::BoundaryRect(d, b, rect) => {
                let (old, changed) = set(&mut dfd_mut(model, &d)?.boundaries, b.clone(), rect);
                Applied::in_place(Self::BoundaryRect(d, b, old), changed)
            }
            Self::Bends(d, f, points) => {
                let value = if points.is_empty() { None } else { Some(points) };
                let (old, changed) = set(&mut dfd_mut(model, &d)?.bends, f.clone(), value);
                Applied::in_place(Self::Bends(d, f, old.unwrap_or_default()), changed)
            }
            Self::Lifeline(d, e, index) => {
                let lifelines = &mut sequence_mut(model, &d)?.lifelines;
                let (old, changed, moved) = place(lifelines, |l| l == &e, index.map(|i| (i, e.clone())));
                Applied { inverse: Self::Lifeline(d, e, old.map(|(i, _)| i)), changed, moved }
            }
            Self::Message(d, id, v) => {
                let v = v.map(|(i, m)| (i, Message { id: id.clone(), ..*m }));
                let (old, changed, moved) = place(&mut sequence_mut(model, &d)?.messages, |m| m.id == id, v);
                Applied { inverse: Self::Message(d, id, boxed(old)), changed, moved }
            }
            Self::Fragment(d, id, v) => {
                let v = v.map(|(i, g)| (i, Fragment { id: id.clone(), ..*g }));
                let (old, changed, moved) = place(&mut sequence_mut(model, &d)?.fragments, |g| g.id == id, v);
                Applied { inverse: Self::Fragment(d, id, boxed(old)), changed, moved }
            }
            Self::Note(d, id, v) => {
                let v = v.map(|(i, n)| (i, Note { id: id.clone(), ..*n }));
                let (old, changed, moved) = place(&mut sequence_mut(model, &d)?.notes, |n| n.id == id, v);
                Applied { inverse: Self::Note(d, id, boxed(old)), changed, moved }
            }
            Self::Dismissal(key, reason) => {
                let (old, changed) = set(&mut model.dismissed, key.clone(), reason);
                Applied::in_place(Self::Dismissal(key, old), changed)
            }
            Self::Suppression(key, reason) => {
                let (old, changed) = set(&mut model.suppressions, key.clone(), reason);
                Applied::in_place(Self::Suppression(key, old), changed)
            }
            Self::Conflict(key, conflict) => {
                let (old, changed) = set(&mut model.conflicts, key.clone(), conflict.map(|c| *c));
                Applied::in_place(Self::Conflict(key, old.map(Box::new)), changed)
            }
        })
    }
}

/// Applies `edits` in order and returns the inverses in undo order, leaving out those of edits
/// that changed nothing. If one fails, those already applied are rolled back and the model is
/// unchanged.
///
/// # Errors
/// The first [`EditError`] (wrapped in [`EditError::RollbackFailed`] should the roll-back
/// itself fail).
pub fn apply_all(model: &mut Model, edits: Vec<Edit>) -> Result<Vec<Edit>, EditError> {
    Ok(apply_tracked(model, edits)?.into_iter().map(|undo| undo.edit).collect())
}

/// [`apply_all`], keeping for each inverse whether its edit moved a record.
pub(super) fn apply_tracked(model: &mut Model, edits: Vec<Edit>) -> Result<Vec<Undo>, EditError> {
    let mut applied: Vec<Applied> = Vec::with_capacity(edits.len());
    for edit in edits {
        match edit.apply_tracked(model) {
            Ok(done) => applied.push(done),
            Err(cause) => return Err(roll_back(model, applied, cause)),
        }
    }
    // Undo passes back through the very states the edits passed through, so the inverse of an
    // edit that changed nothing would change nothing either: leave it out.
    Ok(applied
        .into_iter()
        .rev()
        .filter(|done| done.changed)
        .map(|done| Undo { edit: done.inverse, moved: done.moved })
        .collect())
}

/// Takes back `applied` after `cause` stopped a transaction; returns the error to report.
fn roll_back(model: &mut Model, applied: Vec<Applied>, cause: EditError) -> EditError {
    let mut failure = None;
    for done in applied.into_iter().rev() {
        if let Err(e) = done.inverse.apply(model) {
            failure.get_or_insert(e);
        }
    }
    match failure {
        None => cause,
        Some(rollback) => EditError::RollbackFailed { cause: Box::new(cause), rollback: Box::new(rollback) },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ElementId, MessageId, MessageKind, Rect};

    fn with_sequence() -> (Model, DiagramId) {
        let mut model = Model::default();
        let d = DiagramId::new("s");
        model.diagrams.push(Diagram {
            id: d.clone(),
            name: "s".into(),
            view: DiagramView::Sequence(SequenceView {
                lifelines: ["a", "b", "c"].map(ElementId::new).to_vec(),
                ..SequenceView::default()
            }),
        });
        (model, d)
    }

    fn message(id: &str) -> Message {
        Message {
            id: MessageId::new(id),
            from: ElementId::new("a"),
            to: ElementId::new("b"),
            flow: None,
            kind: MessageKind::Call,
            text: String::new(),
        }
    }

    fn lifelines(model: &Model) -> Vec<&str> {
        match &model.diagrams[0].view {
            DiagramView::Sequence(s) => s.lifelines.iter().map(ElementId::as_str).collect(),
            DiagramView::Dfd(_) => Vec::new(),
        }
    }

    #[test]
    fn a_positional_edit_inserts_moves_and_removes_and_its_inverse_puts_it_back() {
        let (mut model, d) = with_sequence();
        let before = model.clone();
        // Move "a" to the end; past-the-end indexes clamp.
        let inverse = Edit::Lifeline(d.clone(), ElementId::new("a"), Some(9)).apply(&mut model).expect("applies");
        assert_eq!(lifelines(&model), ["b", "c", "a"]);
        assert_eq!(inverse, Edit::Lifeline(d.clone(), ElementId::new("a"), Some(0)));
        inverse.apply(&mut model).expect("undo");
        assert_eq!(model, before);
        // Remove "b", then put it back.
        let inverse = Edit::Lifeline(d.clone(), ElementId::new("b"), None).apply(&mut model).expect("applies");
        assert_eq!(lifelines(&model), ["a", "c"]);
        inverse.apply(&mut model).expect("undo");
        assert_eq!(model, before);
        // Insert, update in place, remove a message: each inverse restores exactly.
        let m = MessageId::new("m");
        let insert = Edit::Message(d.clone(), m.clone(), Some((0, Box::new(message("ignored-id")))));
        let undo_insert = insert.apply(&mut model).expect("insert");
        let DiagramView::Sequence(s) = &model.diagrams[0].view else { panic!("sequence") };
        assert_eq!(s.messages[0].id, m, "the edit's id wins over the record's");
        let after_insert = model.clone();
        let mut changed = Box::new(message("m"));
        changed.kind = MessageKind::Reply;
        let undo_update = Edit::Message(d.clone(), m.clone(), Some((0, changed))).apply(&mut model).expect("update");
        undo_update.apply(&mut model).expect("undo update");
        assert_eq!(model, after_insert);
        undo_insert.apply(&mut model).expect("undo insert");
        assert_eq!(model, before);
    }

    #[test]
    fn edits_that_change_nothing_leave_no_inverse() {
        let (mut model, d) = with_sequence();
        let edits = vec![
            Edit::Lifeline(d.clone(), ElementId::new("b"), Some(1)),
            Edit::Lifeline(d.clone(), ElementId::new("c"), Some(99)),
            Edit::Lifeline(d.clone(), ElementId::new("ghost"), None),
            Edit::Element(ElementId::new("ghost"), None),
            Edit::Meta(Box::new(model.meta.clone())),
            Edit::DiagramName(d.clone(), "s".into()),
            Edit::Message(d.clone(), MessageId::new("none"), None),
        ];
        let before = model.clone();
        assert!(apply_all(&mut model, edits).expect("applies").is_empty());
        assert_eq!(model, before);
        // A change among no-ops keeps exactly one inverse.
        let edits =
            vec![Edit::DiagramName(d.clone(), "s".into()), Edit::Lifeline(d.clone(), ElementId::new("c"), Some(0))];
        assert_eq!(apply_all(&mut model, edits).expect("applies").len(), 1);
    }

    #[test]
    fn a_failing_edit_rolls_the_transaction_back() {
        let (mut model, d) = with_sequence();
        let before = model.clone();
        let edits = vec![
            Edit::Lifeline(d.clone(), ElementId::new("a"), None),
            Edit::Message(d.clone(), MessageId::new("m"), Some((0, Box::new(message("m"))))),
            Edit::Node(d.clone(), ElementId::new("a"), Some(Rect::new(0, 0, 10, 10))),
        ];
        let error = apply_all(&mut model, edits).expect_err("a node on a sequence diagram");
        assert_eq!(error, EditError::WrongDiagramKind(d, "data-flow diagram"));
        assert_eq!(model, before);
    }
}

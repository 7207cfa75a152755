//! Undo and redo stacks, with gestures merged into one step.

use super::apply::{Undo, apply_tracked};
use super::{Edit, EditError, Touch, Transaction};
use crate::model::Model;

/// Most steps kept; older ones are forgotten. Steps hold only changed records, so even a long
/// session stays small.
const MAX_STEPS: usize = 1_000;

/// One undoable step: the edits that take the model back.
#[derive(Clone, Debug)]
struct Step {
    label: String,
    /// Edits in the order to apply them.
    edits: Vec<Edit>,
    /// Identifies the model state this step leads to, for "unsaved changes".
    serial: u64,
}

/// Undo/redo stacks. History is never saved with the model.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// An open gesture: further transactions merge into the top undo step.
    gesture: Option<Gesture>,
    next_serial: u64,
    /// Whether old steps were forgotten (see [`History::state`]).
    base_lost: bool,
    /// What the last undo or redo changed, so the editor can show it.
    last_touched: Vec<Touch>,
}

#[derive(Debug)]
struct Gesture {
    label: String,
    /// Whether the gesture has pushed its step yet (it pushes on its first change).
    pushed: bool,
}

impl History {
    /// An empty history.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies `tx` as one undoable step (or part of the open gesture) and clears redo.
    /// Returns whether the model changed: a transaction whose edits all leave the model as it
    /// was pushes no step, keeps redo and leaves [`History::state`] as it was, so it never
    /// makes a document look unsaved.
    ///
    /// # Errors
    /// [`EditError`] if an edit cannot apply; the model and history are then unchanged.
    pub fn execute(&mut self, model: &mut Model, tx: Transaction) -> Result<bool, EditError> {
        if tx.is_empty() {
            return Ok(false);
        }
        let inverses = apply_tracked(model, tx.edits)?;
        if inverses.is_empty() {
            return Ok(false);
        }
        self.redo.clear();
        if let Some(gesture) = &mut self.gesture {
            if gesture.pushed
                && let Some(top) = self.undo.last_mut()
            {
                // Newer inverses run first. A record already captured keeps its first
                // (original) value, so a 200-frame drag stays one small step; an inverse that
                // moves a record in a list is kept, as later positions depend on it.
                let mut merged: Vec<Edit> = inverses
                    .into_iter()
                    .filter(|undo| undo.moved || !top.edits.iter().any(|old| old.key() == undo.edit.key()))
                    .map(|undo| undo.edit)
                    .collect();
                merged.append(&mut top.edits);
                top.edits = merged;
                // A new state: a save in the middle of a gesture must not hide later changes.
                self.next_serial += 1;
                top.serial = self.next_serial;
                return Ok(true);
            }
            gesture.pushed = true;
            let label = gesture.label.clone();
            self.push(label, inverses);
            return Ok(true);
        }
        self.push(tx.label, inverses);
        Ok(true)
    }

    fn push(&mut self, label: String, inverses: Vec<Undo>) {
        self.next_serial += 1;
        let edits = inverses.into_iter().map(|undo| undo.edit).collect();
        self.undo.push(Step { label, edits, serial: self.next_serial });
        if self.undo.len() > MAX_STEPS {
            self.undo.remove(0);
            // The state before the oldest kept step is gone: undoing all the way back no
            // longer reaches the state the history started from.
            self.base_lost = true;
        }
    }

    /// Starts a gesture (a drag, a resize): every transaction until [`History::end_gesture`]
    /// becomes one undo step called `label`.
    pub fn begin_gesture(&mut self, label: impl Into<String>) {
        self.gesture = Some(Gesture { label: label.into(), pushed: false });
    }

    /// Whether a gesture is open.
    #[must_use]
    pub fn in_gesture(&self) -> bool {
        self.gesture.is_some()
    }

    /// Ends the gesture. A gesture that changed nothing leaves no step, and neither does one
    /// whose changes cancel out (a field typed into and then undone with the field's own
    /// Ctrl+Z): the history never holds a step that changes nothing.
    pub fn end_gesture(&mut self, model: &mut Model) {
        let Some(gesture) = self.gesture.take() else { return };
        if !gesture.pushed {
            return;
        }
        let Some(step) = self.undo.pop() else { return };
        // Take the step back: the edits that changed something are what it did. None means it
        // did nothing in the end; otherwise put them back and keep the step.
        match apply_tracked(model, step.edits.clone()) {
            Ok(redo) if redo.is_empty() => {}
            Ok(redo) => {
                // Putting back edits that just applied cannot fail; if it ever did, the model
                // is where it was before the gesture and no step is left, which is consistent.
                if apply_tracked(model, redo.into_iter().map(|u| u.edit).collect()).is_ok() {
                    self.undo.push(step);
                }
            }
            Err(_) => self.undo.push(step),
        }
    }

    /// What the last undo or redo changed.
    #[must_use]
    pub fn last_touched(&self) -> &[Touch] {
        &self.last_touched
    }

    /// Rolls the open gesture back (Esc during a drag): the model returns to where it was and
    /// no redo entry is left.
    ///
    /// # Errors
    /// [`EditError`] if the gesture's step cannot apply; the model is then unchanged and the
    /// step stays on the undo stack (the gesture is closed either way).
    pub fn cancel_gesture(&mut self, model: &mut Model) -> Result<(), EditError> {
        let Some(gesture) = self.gesture.take() else {
            return Ok(());
        };
        if !gesture.pushed {
            return Ok(());
        }
        let Some(step) = self.undo.pop() else {
            return Ok(());
        };
        match apply_tracked(model, step.edits.clone()) {
            Ok(_) => Ok(()),
            Err(e) => {
                self.undo.push(step);
                Err(e)
            }
        }
    }

    /// Undoes the last step; returns its label, or `None` when there is nothing to undo.
    ///
    /// # Errors
    /// [`EditError`] if the step cannot apply (the model changed behind the history's back).
    /// The model is then unchanged and the step stays where it was, so nothing is silently
    /// lost and the caller can report it.
    pub fn undo(&mut self, model: &mut Model) -> Result<Option<String>, EditError> {
        self.gesture = None;
        let Some(step) = self.undo.pop() else {
            return Ok(None);
        };
        match apply_tracked(model, step.edits.clone()) {
            Ok(redo) => {
                self.last_touched = Touch::all(&step.edits);
                let label = step.label.clone();
                let edits = redo.into_iter().map(|undo| undo.edit).collect();
                self.redo.push(Step { label: step.label, edits, serial: step.serial });
                Ok(Some(label))
            }
            Err(e) => {
                self.undo.push(step);
                Err(e)
            }
        }
    }

    /// Redoes the last undone step; returns its label, or `None` when there is nothing to
    /// redo.
    ///
    /// # Errors
    /// As [`History::undo`]: the model is unchanged and the step stays on the redo stack.
    pub fn redo(&mut self, model: &mut Model) -> Result<Option<String>, EditError> {
        self.gesture = None;
        let Some(step) = self.redo.pop() else {
            return Ok(None);
        };
        match apply_tracked(model, step.edits.clone()) {
            Ok(undo) => {
                self.last_touched = Touch::all(&step.edits);
                let label = step.label.clone();
                let edits = undo.into_iter().map(|undo| undo.edit).collect();
                self.undo.push(Step { label: step.label, edits, serial: step.serial });
                Ok(Some(label))
            }
            Err(e) => {
                self.redo.push(step);
                Err(e)
            }
        }
    }

    /// The label of the step Undo would take back.
    #[must_use]
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// The label of the step Redo would apply.
    #[must_use]
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Identifies the current model state: equal before and after a save means "no unsaved
    /// changes", and undoing back to the saved state makes it equal again.
    #[must_use]
    pub fn state(&self) -> u64 {
        match self.undo.last() {
            Some(step) => step.serial,
            None if self.base_lost => u64::MAX,
            None => 0,
        }
    }

    /// Forgets everything (a new or reopened file).
    pub fn clear(&mut self) {
        *self = Self::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::commands;
    use crate::model::{Diagram, DiagramId, DiagramView, ElementId, ElementKindTag, Rect, SequenceView};

    fn dfd_with_element() -> (Model, History, DiagramId, ElementId) {
        let mut model = Model::default();
        let mut history = History::new();
        let (d, tx) = commands::add_diagram(&model, "d", false);
        history.execute(&mut model, tx).expect("diagram");
        let (e, tx) = commands::add_element(ElementKindTag::Process, "p", None, Some((&d, Rect::new(0, 0, 100, 60))));
        history.execute(&mut model, tx).expect("element");
        (model, history, d, e)
    }

    #[test]
    fn an_edit_that_changes_nothing_leaves_no_step_and_no_unsaved_state() {
        let (mut model, mut h, d, e) = dfd_with_element();
        h.undo(&mut model).expect("undo the element");
        let (state, steps, redo) = (h.state(), h.undo.len(), h.redo.len());
        let mut same = Transaction::new("Nothing");
        same.push(Edit::DiagramName(d.clone(), "d".into()));
        same.push(Edit::Node(d.clone(), e.clone(), None));
        same.push(Edit::Element(e.clone(), None));
        assert!(!h.execute(&mut model, same).expect("applies"), "same name, unplace the unplaced, remove the removed");
        assert_eq!((h.state(), h.undo.len(), h.redo.len()), (state, steps, redo), "no step, redo kept");
        // In a gesture: a no-op pushes nothing, and after a change it is no new state.
        let noop = commands::set_node(&d, &e, Rect::new(0, 0, 100, 60));
        h.redo(&mut model).expect("the element is back");
        h.begin_gesture("Type");
        let state = h.state();
        assert!(!h.execute(&mut model, noop.clone()).expect("applies"));
        assert_eq!((h.state(), h.undo.len()), (state, steps + 1), "no step pushed");
        let rename = commands::rename_diagram(&model, &d, "x");
        assert!(h.execute(&mut model, rename).expect("renames"));
        let state = h.state();
        assert!(!h.execute(&mut model, noop).expect("applies"));
        assert_eq!(h.state(), state, "a no-op in a gesture is not a new state");
        h.end_gesture(&mut model);
    }

    #[test]
    fn a_step_that_fails_to_undo_stays_and_the_error_is_reported() {
        let (mut model, mut h, d, _) = dfd_with_element();
        // The diagram vanishes behind the history's back: the element's box cannot be taken off.
        let index = model.diagrams.iter().position(|x| x.id == d).expect("there");
        let diagram = model.diagrams.remove(index);
        let before = model.clone();
        assert_eq!(h.undo(&mut model), Err(EditError::NoDiagram(d.clone())));
        assert_eq!(model, before, "the element is still there: the failed step changed nothing");
        assert_eq!(h.undo_label(), Some("Add process"), "the step is kept");
        model.diagrams.insert(index, diagram);
        assert_eq!(h.undo(&mut model), Ok(Some("Add process".to_owned())));
        assert!(model.elements.is_empty());
        // The same for redo and for cancelling a gesture.
        let index = model.diagrams.iter().position(|x| x.id == d).expect("there");
        let diagram = model.diagrams.remove(index);
        assert_eq!(h.redo(&mut model), Err(EditError::NoDiagram(d.clone())));
        assert_eq!(h.redo_label(), Some("Add process"));
        model.diagrams.insert(index, diagram);
        assert_eq!(h.redo(&mut model), Ok(Some("Add process".to_owned())));
        let e = model.elements.keys().next().cloned().expect("back");
        h.begin_gesture("Move");
        h.execute(&mut model, commands::set_node(&d, &e, Rect::new(5, 5, 100, 60))).expect("moves");
        let diagram = model.diagrams.remove(index);
        assert_eq!(h.cancel_gesture(&mut model), Err(EditError::NoDiagram(d)));
        assert_eq!(h.undo_label(), Some("Move"), "the gesture's step is kept");
        model.diagrams.insert(index, diagram);
        h.cancel_gesture(&mut model).expect("nothing open any more");
        assert_eq!(h.undo(&mut model), Ok(Some("Move".to_owned())));
    }

    fn three_lifelines() -> (Model, DiagramId) {
        let mut model = Model::default();
        let d = DiagramId::new("s");
        let lifelines: Vec<ElementId> = ["a", "b", "c"].map(ElementId::new).to_vec();
        let view = SequenceView { lifelines, ..SequenceView::default() };
        model.diagrams.push(Diagram { id: d.clone(), name: "s".into(), view: DiagramView::Sequence(view) });
        (model, d)
    }

    #[test]
    fn a_gesture_that_moves_records_around_a_list_undoes_exactly() {
        let (mut model, d) = three_lifelines();
        let before = model.clone();
        let mut h = History::new();
        h.begin_gesture("Move lifelines");
        // a to the end, c to the front, a to the front again: keeping only a's first inverse
        // would put c back at the wrong place.
        for (id, to) in [("a", 2), ("c", 0), ("a", 0)] {
            let mut tx = Transaction::new("step");
            tx.push(Edit::Lifeline(d.clone(), ElementId::new(id), Some(to)));
            h.execute(&mut model, tx).expect("moves");
        }
        h.end_gesture(&mut model);
        assert_eq!(h.undo.len(), 1, "one step");
        h.undo(&mut model).expect("undo");
        assert_eq!(model, before);
    }

    #[test]
    fn a_gesture_that_changes_one_record_in_place_keeps_its_first_inverse_only() {
        let (mut model, mut h, d, e) = dfd_with_element();
        let before = model.clone();
        h.begin_gesture("Move");
        for x in 1..=20 {
            h.execute(&mut model, commands::set_node(&d, &e, Rect::new(x, 0, 100, 60))).expect("moves");
        }
        h.end_gesture(&mut model);
        assert_eq!(h.undo.last().map(|s| s.edits.len()), Some(1));
        h.undo(&mut model).expect("undo");
        assert_eq!(model, before);
    }
}

//! Undo and redo stacks, with gestures merged into one step.

use super::{Edit, EditError, Transaction, apply_all};
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

    /// Applies `tx` as one undoable step (or part of the open gesture). Clears redo.
    ///
    /// # Errors
    /// [`EditError`] if an edit cannot apply; the model and history are then unchanged.
    pub fn execute(&mut self, model: &mut Model, tx: Transaction) -> Result<(), EditError> {
        if tx.is_empty() {
            return Ok(());
        }
        let inverses = apply_all(model, tx.edits)?;
        self.redo.clear();
        if let Some(gesture) = &mut self.gesture {
            if gesture.pushed
                && let Some(top) = self.undo.last_mut()
            {
                // Newer inverses run first; a record already captured keeps its first
                // (original) value, so a 200-frame drag stays one small step.
                let mut merged: Vec<Edit> =
                    inverses.into_iter().filter(|e| !top.edits.iter().any(|old| old.key() == e.key())).collect();
                merged.append(&mut top.edits);
                top.edits = merged;
                // A new state: a save in the middle of a gesture must not hide later changes.
                self.next_serial += 1;
                top.serial = self.next_serial;
                return Ok(());
            }
            gesture.pushed = true;
            let label = gesture.label.clone();
            self.push(label, inverses);
            return Ok(());
        }
        self.push(tx.label, inverses);
        Ok(())
    }

    fn push(&mut self, label: String, edits: Vec<Edit>) {
        self.next_serial += 1;
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

    /// Ends the gesture. A gesture that changed nothing leaves no step.
    pub fn end_gesture(&mut self) {
        self.gesture = None;
    }

    /// Rolls the open gesture back (Esc during a drag): the model returns to where it was and
    /// no redo entry is left.
    pub fn cancel_gesture(&mut self, model: &mut Model) {
        if let Some(gesture) = self.gesture.take()
            && gesture.pushed
            && let Some(step) = self.undo.pop()
        {
            // The step's edits are the inverses of edits that applied, so they apply too.
            let _ = apply_all(model, step.edits);
        }
    }

    /// Undoes the last step; returns its label.
    pub fn undo(&mut self, model: &mut Model) -> Option<String> {
        self.gesture = None;
        let step = self.undo.pop()?;
        match apply_all(model, step.edits) {
            Ok(redo_edits) => {
                let label = step.label.clone();
                self.redo.push(Step { label: step.label, edits: redo_edits, serial: step.serial });
                Some(label)
            }
            Err(_) => None,
        }
    }

    /// Redoes the last undone step; returns its label.
    pub fn redo(&mut self, model: &mut Model) -> Option<String> {
        self.gesture = None;
        let step = self.redo.pop()?;
        match apply_all(model, step.edits) {
            Ok(undo_edits) => {
                let label = step.label.clone();
                self.undo.push(Step { label: step.label, edits: undo_edits, serial: step.serial });
                Some(label)
            }
            Err(_) => None,
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

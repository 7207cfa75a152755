//! Sequence-diagram commands: lifelines, messages, combined fragments and notes, each changed
//! by record-level edits with exact inverses.
//!
//! A message always links to the data flow it carries, so the DFD and the sequence view stay
//! one model. Every command checks what it is given against the model and refuses, with a
//! [`CommandError`] a UI can show, a change that would leave a file that does not load back: a
//! message whose ends have no lifeline, a fragment torn apart, an else branch outside its
//! fragment, a note after a message the diagram does not have.

mod fragments;
mod lifelines;
mod messages;
mod notes;
mod prune;

pub use fragments::{
    remove_else_branch, remove_fragment, set_else_branch, set_else_guard, set_fragment_guard, wrap_in_fragment,
};
pub use lifelines::{add_lifeline, add_participant, move_lifeline, remove_lifeline};
pub use messages::{add_message, flow_between, move_message, remove_messages, rename_message, update_message};
pub use notes::{add_note, remove_note, set_note_text};
pub(crate) use prune::Pruning;
pub use prune::delete_from_sequence;

use super::CommandError;
use crate::model::{
    DiagramId, DiagramView, ElementId, Fragment, FragmentId, Message, MessageId, Model, Note, NoteId, SequenceView,
};

/// The sequence view of `diagram`.
fn view<'a>(model: &'a Model, diagram: &DiagramId) -> Result<&'a SequenceView, CommandError> {
    match model.diagram(diagram).map(|d| &d.view) {
        Some(DiagramView::Sequence(s)) => Ok(s),
        _ => Err(CommandError::NoSequenceDiagram(diagram.clone())),
    }
}

/// How an error message names an element: its name, or its id when it has none.
fn name_of(model: &Model, id: &ElementId) -> String {
    match model.elements.get(id) {
        Some(e) if !e.name.trim().is_empty() => e.name.clone(),
        _ => id.to_string(),
    }
}

/// Refuses a `what` longer than `limit` characters.
fn check_length(what: &'static str, text: &str, limit: usize) -> Result<(), CommandError> {
    if text.chars().count() > limit { Err(CommandError::TooLong { what, limit }) } else { Ok(()) }
}

/// Refuses an element that is missing or has no lifeline on the diagram.
fn require_lifeline(model: &Model, view: &SequenceView, id: &ElementId) -> Result<(), CommandError> {
    if !model.elements.contains_key(id) {
        return Err(CommandError::NoElement(id.clone()));
    }
    if !view.lifelines.contains(id) {
        return Err(CommandError::NoLifeline(name_of(model, id)));
    }
    Ok(())
}

/// The position and record of message `id`.
fn message_at<'a>(view: &'a SequenceView, id: &MessageId) -> Result<(usize, &'a Message), CommandError> {
    view.messages.iter().enumerate().find(|(_, m)| &m.id == id).ok_or_else(|| CommandError::NoMessage(id.clone()))
}

/// The position and record of fragment `id`.
fn fragment_at<'a>(view: &'a SequenceView, id: &FragmentId) -> Result<(usize, &'a Fragment), CommandError> {
    view.fragments.iter().enumerate().find(|(_, g)| &g.id == id).ok_or_else(|| CommandError::NoFragment(id.clone()))
}

/// The position and record of note `id`.
fn note_at<'a>(view: &'a SequenceView, id: &NoteId) -> Result<(usize, &'a Note), CommandError> {
    view.notes.iter().enumerate().find(|(_, n)| &n.id == id).ok_or_else(|| CommandError::NoNote(id.clone()))
}

/// Whether `fragment` holds together in the message order `position` gives: its first and
/// last message present, the first not after the last, and its else branch (if any) starting
/// inside it after its first message.
fn holds_together(fragment: &Fragment, position: impl Fn(&MessageId) -> Option<usize>) -> bool {
    match (position(&fragment.first), position(&fragment.last)) {
        (Some(first), Some(last)) => {
            first <= last
                && fragment
                    .else_branch
                    .as_ref()
                    .is_none_or(|e| position(&e.first).is_some_and(|at| at > first && at <= last))
        }
        _ => false,
    }
}

#[cfg(test)]
mod testing;

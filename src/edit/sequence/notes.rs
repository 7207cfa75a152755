//! Notes pinned to a lifeline at a point in the sequence.

use super::{check_length, message_at, note_at, require_lifeline, view};
use crate::edit::{CommandError, Edit, Transaction};
use crate::model::{DiagramId, ElementId, MAX_TEXT_CHARS, MessageId, Model, Note, NoteId};

/// Adds a note with `text` on `lifeline`, after message `after` (`None`: before the first
/// message).
///
/// # Errors
/// [`CommandError`] if the diagram is missing, the element has no lifeline here, `after` is
/// not a message of this diagram, or the text is past [`MAX_TEXT_CHARS`].
pub fn add_note(
    model: &Model,
    diagram: &DiagramId,
    lifeline: &ElementId,
    after: Option<&MessageId>,
    text: &str,
) -> Result<(NoteId, Transaction), CommandError> {
    let view = view(model, diagram)?;
    check_length("note", text, MAX_TEXT_CHARS)?;
    require_lifeline(model, view, lifeline)?;
    if let Some(after) = after {
        message_at(view, after)?;
    }
    let id = NoteId::generate();
    let note = Note { id: id.clone(), lifeline: lifeline.clone(), after: after.cloned(), text: text.to_owned() };
    let mut tx = Transaction::new("Add note");
    tx.push(Edit::Note(diagram.clone(), id.clone(), Some((view.notes.len(), Box::new(note)))));
    Ok((id, tx))
}

/// Sets the text of note `id` (an empty transaction if it is the same).
///
/// # Errors
/// [`CommandError`] if the diagram or note is missing, or the text is past
/// [`MAX_TEXT_CHARS`].
pub fn set_note_text(model: &Model, diagram: &DiagramId, id: &NoteId, text: &str) -> Result<Transaction, CommandError> {
    let (index, old) = note_at(view(model, diagram)?, id)?;
    check_length("note", text, MAX_TEXT_CHARS)?;
    let mut tx = Transaction::new("Edit note");
    if old.text != text {
        let note = Note { text: text.to_owned(), ..old.clone() };
        tx.push(Edit::Note(diagram.clone(), id.clone(), Some((index, Box::new(note)))));
    }
    Ok(tx)
}

/// Removes note `id`.
///
/// # Errors
/// [`CommandError`] if the diagram or note is missing.
pub fn remove_note(model: &Model, diagram: &DiagramId, id: &NoteId) -> Result<Transaction, CommandError> {
    note_at(view(model, diagram)?, id)?;
    let mut tx = Transaction::new("Remove note");
    tx.push(Edit::Note(diagram.clone(), id.clone(), None));
    Ok(tx)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{e, fixture, m};
    use super::*;

    #[test]
    fn add_note_after_a_message_or_before_all_and_refuse_bad_anchors() {
        let mut fx = fixture();
        let (id, tx) = add_note(&fx.model, &fx.diagram, &e("A"), Some(&m("m3")), "check").expect("adds");
        fx.check(tx);
        let note = fx.seq().notes.iter().find(|n| n.id == id).expect("added");
        assert_eq!((&note.lifeline, note.after.as_ref(), note.text.as_str()), (&e("A"), Some(&m("m3")), "check"));
        let (_, tx) = add_note(&fx.model, &fx.diagram, &e("B"), None, "first").expect("adds");
        fx.check(tx);
        let refused = add_note(&fx.model, &fx.diagram, &e("A"), Some(&m("zz")), "x").map(|_| ());
        assert_eq!(refused, Err(CommandError::NoMessage(m("zz"))), "a note after a message not in the diagram");
        let refused = add_note(&fx.model, &fx.diagram, &e("C"), None, "x").map(|_| ());
        assert_eq!(refused, Err(CommandError::NoLifeline("Accounts".into())));
    }

    #[test]
    fn edit_and_remove_a_note() {
        let mut fx = fixture();
        let n1 = NoteId::new("n1");
        let tx = set_note_text(&fx.model, &fx.diagram, &n1, "rate limited").expect("edits");
        fx.check(tx);
        assert_eq!(fx.seq().notes[0].text, "rate limited");
        assert!(set_note_text(&fx.model, &fx.diagram, &n1, "rate limited").expect("same").is_empty());
        let tx = remove_note(&fx.model, &fx.diagram, &n1).expect("removes");
        fx.check(tx);
        assert_eq!(fx.seq().notes.len(), 1);
        assert_eq!(remove_note(&fx.model, &fx.diagram, &n1), Err(CommandError::NoNote(n1.clone())));
        assert_eq!(set_note_text(&fx.model, &fx.diagram, &n1, "x"), Err(CommandError::NoNote(n1)));
        let long = "n".repeat(MAX_TEXT_CHARS + 1);
        let refused = add_note(&fx.model, &fx.diagram, &e("A"), None, &long).map(|_| ());
        assert_eq!(refused, Err(CommandError::TooLong { what: "note", limit: MAX_TEXT_CHARS }));
    }
}

//! Lifelines: which elements take part in a sequence diagram, left to right.

use std::collections::BTreeSet;

use super::{check_length, delete_from_sequence, name_of, view};
use crate::edit::{CommandError, Edit, Transaction, commands};
use crate::model::{DiagramId, ElementId, ElementKindTag, MAX_NAME_CHARS, Model};

/// Adds a lifeline for the existing `element` at `index` (past the end: last).
///
/// # Errors
/// [`CommandError`] if the diagram or the element is missing, or the element already has a
/// lifeline here (an element takes part once).
pub fn add_lifeline(
    model: &Model,
    diagram: &DiagramId,
    element: &ElementId,
    index: usize,
) -> Result<Transaction, CommandError> {
    let view = view(model, diagram)?;
    if !model.elements.contains_key(element) {
        return Err(CommandError::NoElement(element.clone()));
    }
    if view.lifelines.contains(element) {
        return Err(CommandError::AlreadyLifeline(name_of(model, element)));
    }
    let mut tx = Transaction::new("Add lifeline");
    tx.push(Edit::Lifeline(diagram.clone(), element.clone(), Some(index.min(view.lifelines.len()))));
    Ok(tx)
}

/// A new element of `kind` called `name`, with its lifeline at `index` (past the end: last),
/// in one step.
///
/// # Errors
/// [`CommandError::NoSequenceDiagram`], or [`CommandError::TooLong`] for a name past
/// [`MAX_NAME_CHARS`].
pub fn add_participant(
    model: &Model,
    diagram: &DiagramId,
    kind: ElementKindTag,
    name: &str,
    index: usize,
) -> Result<(ElementId, Transaction), CommandError> {
    let view = view(model, diagram)?;
    check_length("name", name, MAX_NAME_CHARS)?;
    let (id, mut tx) = commands::add_element(kind, name, None, None);
    "Add participant".clone_into(&mut tx.label);
    tx.push(Edit::Lifeline(diagram.clone(), id.clone(), Some(index.min(view.lifelines.len()))));
    Ok((id, tx))
}

/// Moves `element`'s lifeline to position `to` in the order without it (past the end: last).
/// Moving it where it is gives an empty transaction.
///
/// # Errors
/// [`CommandError`] if the diagram is missing or the element has no lifeline here.
pub fn move_lifeline(
    model: &Model,
    diagram: &DiagramId,
    element: &ElementId,
    to: usize,
) -> Result<Transaction, CommandError> {
    let view = view(model, diagram)?;
    let from = view
        .lifelines
        .iter()
        .position(|l| l == element)
        .ok_or_else(|| CommandError::NoLifeline(name_of(model, element)))?;
    let to = to.min(view.lifelines.len().saturating_sub(1));
    let mut tx = Transaction::new("Move lifeline");
    if to != from {
        tx.push(Edit::Lifeline(diagram.clone(), element.clone(), Some(to)));
    }
    Ok(tx)
}

/// Takes `element`'s lifeline off the diagram with the messages to and from it, and the
/// fragments and notes that lose their anchor. The element stays in the model.
///
/// # Errors
/// [`CommandError`] if the diagram is missing or the element has no lifeline here.
pub fn remove_lifeline(model: &Model, diagram: &DiagramId, element: &ElementId) -> Result<Transaction, CommandError> {
    if !view(model, diagram)?.lifelines.contains(element) {
        return Err(CommandError::NoLifeline(name_of(model, element)));
    }
    let mut tx = delete_from_sequence(model, diagram, &[element.clone()].into(), &BTreeSet::new())?;
    "Remove lifeline".clone_into(&mut tx.label);
    Ok(tx)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{e, fixture};
    use super::*;

    #[test]
    fn add_lifeline_for_an_existing_element_and_refuse_twice_or_a_ghost() {
        let mut fx = fixture();
        let tx = add_lifeline(&fx.model, &fx.diagram, &e("C"), 1).expect("C has none yet");
        fx.check(tx);
        assert_eq!(fx.seq().lifelines, [e("A"), e("C"), e("B")]);
        assert_eq!(
            add_lifeline(&fx.model, &fx.diagram, &e("C"), 0),
            Err(CommandError::AlreadyLifeline("Accounts".into()))
        );
        assert_eq!(add_lifeline(&fx.model, &fx.diagram, &e("ghost"), 0), Err(CommandError::NoElement(e("ghost"))));
        let nowhere = DiagramId::new("nowhere");
        assert_eq!(add_lifeline(&fx.model, &nowhere, &e("C"), 0), Err(CommandError::NoSequenceDiagram(nowhere)));
    }

    #[test]
    fn add_participant_creates_the_element_and_its_lifeline_in_one_step() {
        let mut fx = fixture();
        let (id, tx) =
            add_participant(&fx.model, &fx.diagram, ElementKindTag::Process, "Mailer", usize::MAX).expect("adds");
        assert_eq!(tx.label, "Add participant");
        fx.check(tx);
        assert_eq!(fx.model.elements[&id].name, "Mailer");
        assert_eq!(fx.seq().lifelines.last(), Some(&id));
    }

    #[test]
    fn move_lifeline_reorders_and_refuses_a_missing_one() {
        let mut fx = fixture();
        let tx = move_lifeline(&fx.model, &fx.diagram, &e("A"), 5).expect("moves");
        fx.check(tx);
        assert_eq!(fx.seq().lifelines, [e("B"), e("A")]);
        assert!(move_lifeline(&fx.model, &fx.diagram, &e("A"), 1).expect("in place").is_empty());
        assert_eq!(move_lifeline(&fx.model, &fx.diagram, &e("C"), 0), Err(CommandError::NoLifeline("Accounts".into())));
    }

    #[test]
    fn remove_lifeline_takes_its_messages_and_what_loses_its_anchor() {
        let mut fx = fixture();
        let tx = remove_lifeline(&fx.model, &fx.diagram, &e("A")).expect("removes");
        fx.check(tx);
        let seq = fx.seq();
        assert_eq!(seq.lifelines, [e("B")]);
        assert_eq!(fx.order(), ["m3"], "only B's self-message is left");
        assert!(seq.fragments.is_empty(), "the fragment lost its first and last messages");
        assert!(seq.notes.is_empty(), "n1 followed m1, n2 was on A");
        assert!(fx.model.elements.contains_key(&e("A")), "the element stays in the model");
        assert_eq!(remove_lifeline(&fx.model, &fx.diagram, &e("A")), Err(CommandError::NoLifeline("User".into())));
    }
}

//! Combined fragments: alt, opt and loop frames around a range of messages, an alt's else
//! branch, and their guards.

use super::{check_length, fragment_at, holds_together, message_at, view};
use crate::edit::{CommandError, Edit, Transaction};
use crate::model::{DiagramId, ElseBranch, Fragment, FragmentId, FragmentKind, MAX_NAME_CHARS, MessageId, Model};

/// Wraps the messages from `first` to `last` (inclusive) in a new fragment of `kind` with
/// `guard`.
///
/// # Errors
/// [`CommandError`] if the diagram or either message is missing, `first` comes after `last`,
/// or the guard is past [`MAX_NAME_CHARS`].
pub fn wrap_in_fragment(
    model: &Model,
    diagram: &DiagramId,
    kind: FragmentKind,
    first: &MessageId,
    last: &MessageId,
    guard: &str,
) -> Result<(FragmentId, Transaction), CommandError> {
    let view = view(model, diagram)?;
    check_length("guard", guard, MAX_NAME_CHARS)?;
    let (start, _) = message_at(view, first)?;
    let (end, _) = message_at(view, last)?;
    if start > end {
        return Err(CommandError::FragmentBackwards);
    }
    let id = FragmentId::generate();
    let fragment = Fragment {
        id: id.clone(),
        kind,
        guard: guard.to_owned(),
        first: first.clone(),
        last: last.clone(),
        else_branch: None,
    };
    let mut tx = Transaction::new("Add fragment");
    tx.push(Edit::Fragment(diagram.clone(), id.clone(), Some((view.fragments.len(), Box::new(fragment)))));
    Ok((id, tx))
}

/// Changes fragment `id` in place; an empty transaction when `change` leaves it as it was.
/// The caller has checked that the result holds together.
fn update(
    model: &Model,
    diagram: &DiagramId,
    id: &FragmentId,
    label: &str,
    change: impl FnOnce(&mut Fragment) -> Result<(), CommandError>,
) -> Result<Transaction, CommandError> {
    let (index, old) = fragment_at(view(model, diagram)?, id)?;
    let mut new = old.clone();
    change(&mut new)?;
    let mut tx = Transaction::new(label);
    if &new != old {
        tx.push(Edit::Fragment(diagram.clone(), id.clone(), Some((index, Box::new(new)))));
    }
    Ok(tx)
}

/// Starts the else branch of alt fragment `id` at message `first`, with `guard` (replacing an
/// else branch it has).
///
/// # Errors
/// [`CommandError::ElseNeedsAlt`] for an opt or loop fragment; [`CommandError::ElseOutside`]
/// unless `first` lies inside the fragment after its first message; [`CommandError`] if the
/// diagram, fragment or message is missing or the guard is past [`MAX_NAME_CHARS`].
pub fn set_else_branch(
    model: &Model,
    diagram: &DiagramId,
    id: &FragmentId,
    first: &MessageId,
    guard: &str,
) -> Result<Transaction, CommandError> {
    let view = view(model, diagram)?;
    check_length("guard", guard, MAX_NAME_CHARS)?;
    message_at(view, first)?;
    let position = |m: &MessageId| view.messages.iter().position(|x| &x.id == m);
    update(model, diagram, id, "Add else branch", |fragment| {
        if fragment.kind != FragmentKind::Alt {
            return Err(CommandError::ElseNeedsAlt);
        }
        fragment.else_branch = Some(ElseBranch { first: first.clone(), guard: guard.to_owned() });
        if holds_together(fragment, position) { Ok(()) } else { Err(CommandError::ElseOutside) }
    })
}

/// Removes the else branch of fragment `id` (an empty transaction if it has none).
///
/// # Errors
/// [`CommandError`] if the diagram or fragment is missing.
pub fn remove_else_branch(model: &Model, diagram: &DiagramId, id: &FragmentId) -> Result<Transaction, CommandError> {
    update(model, diagram, id, "Remove else branch", |fragment| {
        fragment.else_branch = None;
        Ok(())
    })
}

/// Sets the guard of fragment `id`.
///
/// # Errors
/// [`CommandError`] if the diagram or fragment is missing or the guard is past
/// [`MAX_NAME_CHARS`].
pub fn set_fragment_guard(
    model: &Model,
    diagram: &DiagramId,
    id: &FragmentId,
    guard: &str,
) -> Result<Transaction, CommandError> {
    check_length("guard", guard, MAX_NAME_CHARS)?;
    update(model, diagram, id, "Edit guard", |fragment| {
        guard.clone_into(&mut fragment.guard);
        Ok(())
    })
}

/// Sets the guard of the else branch of fragment `id`.
///
/// # Errors
/// [`CommandError::NoElseBranch`] if it has none; [`CommandError`] if the diagram or fragment
/// is missing or the guard is past [`MAX_NAME_CHARS`].
pub fn set_else_guard(
    model: &Model,
    diagram: &DiagramId,
    id: &FragmentId,
    guard: &str,
) -> Result<Transaction, CommandError> {
    check_length("guard", guard, MAX_NAME_CHARS)?;
    update(model, diagram, id, "Edit guard", |fragment| {
        let branch = fragment.else_branch.as_mut().ok_or(CommandError::NoElseBranch)?;
        guard.clone_into(&mut branch.guard);
        Ok(())
    })
}

/// Removes fragment `id`; its messages stay.
///
/// # Errors
/// [`CommandError`] if the diagram or fragment is missing.
pub fn remove_fragment(model: &Model, diagram: &DiagramId, id: &FragmentId) -> Result<Transaction, CommandError> {
    fragment_at(view(model, diagram)?, id)?;
    let mut tx = Transaction::new("Remove fragment");
    tx.push(Edit::Fragment(diagram.clone(), id.clone(), None));
    Ok(tx)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{fixture, m};
    use super::*;

    fn g1() -> FragmentId {
        FragmentId::new("g1")
    }

    #[test]
    fn wrap_in_fragment_frames_a_range_and_refuses_it_backwards() {
        let mut fx = fixture();
        let (id, tx) =
            wrap_in_fragment(&fx.model, &fx.diagram, FragmentKind::Loop, &m("m1"), &m("m3"), "each").expect("wraps");
        fx.check(tx);
        let fragment = fx.seq().fragments.iter().find(|g| g.id == id).expect("added");
        assert_eq!((fragment.kind, fragment.guard.as_str()), (FragmentKind::Loop, "each"));
        let (_, tx) =
            wrap_in_fragment(&fx.model, &fx.diagram, FragmentKind::Opt, &m("m2"), &m("m2"), "once").expect("one");
        fx.check(tx);
        let backwards = wrap_in_fragment(&fx.model, &fx.diagram, FragmentKind::Alt, &m("m3"), &m("m1"), "x");
        assert_eq!(backwards.map(|_| ()), Err(CommandError::FragmentBackwards));
        let ghost = wrap_in_fragment(&fx.model, &fx.diagram, FragmentKind::Alt, &m("m1"), &m("zz"), "x");
        assert_eq!(ghost.map(|_| ()), Err(CommandError::NoMessage(m("zz"))));
    }

    #[test]
    fn set_else_branch_must_start_inside_after_the_first_message_of_an_alt() {
        let mut fx = fixture();
        let tx = set_else_branch(&fx.model, &fx.diagram, &g1(), &m("m3"), "otherwise").expect("inside");
        fx.check(tx);
        let branch = fx.seq().fragments[0].else_branch.clone().expect("set");
        assert_eq!((branch.first, branch.guard.as_str()), (m("m3"), "otherwise"));
        for outside in ["m1", "m2"] {
            let refused = set_else_branch(&fx.model, &fx.diagram, &g1(), &m(outside), "x");
            assert_eq!(refused, Err(CommandError::ElseOutside), "{outside}");
        }
        let (opt, tx) =
            wrap_in_fragment(&fx.model, &fx.diagram, FragmentKind::Opt, &m("m1"), &m("m4"), "x").expect("wraps");
        fx.check(tx);
        assert_eq!(set_else_branch(&fx.model, &fx.diagram, &opt, &m("m2"), "x"), Err(CommandError::ElseNeedsAlt));
    }

    #[test]
    fn remove_else_branch_and_edit_both_guards() {
        let mut fx = fixture();
        let tx = set_fragment_guard(&fx.model, &fx.diagram, &g1(), "code valid").expect("edits");
        fx.check(tx);
        let tx = set_else_guard(&fx.model, &fx.diagram, &g1(), "invalid code").expect("edits");
        fx.check(tx);
        let fragment = &fx.seq().fragments[0];
        assert_eq!(fragment.guard, "code valid");
        assert_eq!(fragment.else_branch.as_ref().map(|b| b.guard.as_str()), Some("invalid code"));
        assert!(set_fragment_guard(&fx.model, &fx.diagram, &g1(), "code valid").expect("same").is_empty());
        let tx = remove_else_branch(&fx.model, &fx.diagram, &g1()).expect("removes");
        fx.check(tx);
        assert_eq!(fx.seq().fragments[0].else_branch, None);
        assert!(remove_else_branch(&fx.model, &fx.diagram, &g1()).expect("none left").is_empty());
        assert_eq!(set_else_guard(&fx.model, &fx.diagram, &g1(), "x"), Err(CommandError::NoElseBranch));
        let long = "g".repeat(MAX_NAME_CHARS + 1);
        let too_long = Err(CommandError::TooLong { what: "guard", limit: MAX_NAME_CHARS });
        assert_eq!(set_fragment_guard(&fx.model, &fx.diagram, &g1(), &long), too_long);
        let wrapped = wrap_in_fragment(&fx.model, &fx.diagram, FragmentKind::Opt, &m("m1"), &m("m2"), &long);
        assert_eq!(wrapped.map(|_| Transaction::default()), too_long);
    }

    #[test]
    fn remove_fragment_keeps_its_messages() {
        let mut fx = fixture();
        let tx = remove_fragment(&fx.model, &fx.diagram, &g1()).expect("removes");
        fx.check(tx);
        assert!(fx.seq().fragments.is_empty());
        assert_eq!(fx.order().len(), 4);
        assert_eq!(remove_fragment(&fx.model, &fx.diagram, &g1()), Err(CommandError::NoFragment(g1())));
        assert_eq!(set_fragment_guard(&fx.model, &fx.diagram, &g1(), "x"), Err(CommandError::NoFragment(g1())));
    }
}

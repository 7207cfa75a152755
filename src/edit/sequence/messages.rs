//! Messages: the steps of a sequence diagram, each carrying the data flow between its ends.

use std::collections::BTreeSet;

use super::{check_length, delete_from_sequence, holds_together, message_at, name_of, require_lifeline, view};
use crate::edit::{CommandError, Edit, Transaction, commands};
use crate::model::{
    DiagramId, ElementId, FlowId, MAX_NAME_CHARS, Message, MessageId, MessageKind, Model, SequenceView,
};

/// The flow that carries `from` → `to`: a one-way flow in that direction first, else a
/// bidirectional one either way.
#[must_use]
pub fn flow_between(model: &Model, from: &ElementId, to: &ElementId) -> Option<FlowId> {
    model
        .flows
        .iter()
        .find(|(_, f)| &f.source == from && &f.target == to && !f.bidirectional)
        .or_else(|| model.flows.iter().find(|(_, f)| f.carries(from, to)))
        .map(|(id, _)| id.clone())
}

/// Adds a message `from` → `to` at `index` (past the end: last): it carries the existing flow
/// in that direction, or a new flow created in the same step (a self-message carries none).
///
/// # Errors
/// [`CommandError`] if the diagram is missing or either end has no lifeline here.
pub fn add_message(
    model: &Model,
    diagram: &DiagramId,
    from: &ElementId,
    to: &ElementId,
    index: usize,
) -> Result<(MessageId, Transaction), CommandError> {
    let view = view(model, diagram)?;
    require_lifeline(model, view, from)?;
    require_lifeline(model, view, to)?;
    let mut tx = Transaction::new("Add message");
    let flow = if from == to {
        None
    } else if let Some(existing) = flow_between(model, from, to) {
        Some(existing)
    } else {
        let (id, add) = commands::add_flow(from, to, "New flow");
        tx.edits.extend(add.edits);
        Some(id)
    };
    let id = MessageId::generate();
    let message = Message {
        id: id.clone(),
        from: from.clone(),
        to: to.clone(),
        flow,
        kind: MessageKind::Call,
        text: String::new(),
    };
    tx.push(Edit::Message(diagram.clone(), id.clone(), Some((index.min(view.messages.len()), Box::new(message)))));
    Ok((id, tx))
}

/// Removes `messages` with the fragments and notes that lose their anchor (a fragment whose
/// first or last message goes, a note after a removed message; an else branch whose first
/// message goes is dropped). The flows stay in the model.
///
/// # Errors
/// [`CommandError`] if the diagram or one of the messages is missing.
pub fn remove_messages(
    model: &Model,
    diagram: &DiagramId,
    messages: &BTreeSet<MessageId>,
) -> Result<Transaction, CommandError> {
    let view = view(model, diagram)?;
    for id in messages {
        message_at(view, id)?;
    }
    let mut tx = delete_from_sequence(model, diagram, &BTreeSet::new(), messages)?;
    if messages.len() == 1 { "Remove message" } else { "Remove messages" }.clone_into(&mut tx.label);
    Ok(tx)
}

/// Changes message `id` (its kind, its own text; its ends or flow too, if they stay
/// consistent). The id is kept whatever `change` does to it. Nothing to change gives an empty
/// transaction.
///
/// # Errors
/// [`CommandError`] if the diagram or message is missing, or the changed message would have an
/// end without a lifeline, a flow that is missing or does not go its way, or a text past
/// [`MAX_NAME_CHARS`].
pub fn update_message(
    model: &Model,
    diagram: &DiagramId,
    id: &MessageId,
    change: impl FnOnce(&mut Message),
) -> Result<Transaction, CommandError> {
    let view = view(model, diagram)?;
    let (index, old) = message_at(view, id)?;
    let mut new = old.clone();
    change(&mut new);
    new.id = id.clone();
    let mut tx = Transaction::new("Edit message");
    if &new != old {
        check_message(model, view, &new)?;
        tx.push(Edit::Message(diagram.clone(), id.clone(), Some((index, Box::new(new)))));
    }
    Ok(tx)
}

/// Refuses a message whose ends have no lifeline, whose flow does not carry it, or whose text
/// is too long.
fn check_message(model: &Model, view: &SequenceView, message: &Message) -> Result<(), CommandError> {
    check_length("message text", &message.text, MAX_NAME_CHARS)?;
    require_lifeline(model, view, &message.from)?;
    require_lifeline(model, view, &message.to)?;
    if let Some(flow_id) = &message.flow {
        let flow = model.flows.get(flow_id).ok_or_else(|| CommandError::NoFlow(flow_id.clone()))?;
        if !flow.carries(&message.from, &message.to) {
            return Err(CommandError::FlowDirection {
                flow: if flow.name.is_empty() { flow_id.to_string() } else { flow.name.clone() },
                from: name_of(model, &message.from),
                to: name_of(model, &message.to),
            });
        }
    }
    Ok(())
}

/// Renames a message: a message showing its flow's name renames the flow (so the DFD follows);
/// a message with its own text changes that text.
///
/// # Errors
/// [`CommandError`] if the diagram or message is missing, or the name is past
/// [`MAX_NAME_CHARS`].
pub fn rename_message(
    model: &Model,
    diagram: &DiagramId,
    id: &MessageId,
    name: &str,
) -> Result<Transaction, CommandError> {
    let (_, message) = message_at(view(model, diagram)?, id)?;
    check_length("name", name, MAX_NAME_CHARS)?;
    let mut tx = if message.text.is_empty()
        && let Some(flow) = &message.flow
    {
        commands::update_flow(model, flow, |f| name.clone_into(&mut f.name))
    } else {
        update_message(model, diagram, id, |m| name.clone_into(&mut m.text))?
    };
    "Rename".clone_into(&mut tx.label);
    Ok(tx)
}

/// Moves message `id` to position `to` in the order without it (past the end: last). Moving it
/// where it is gives an empty transaction.
///
/// # Errors
/// [`CommandError::TearsFragment`] when the move would tear a combined fragment apart (its
/// last message before its first, or its else branch outside it): move or remove the fragment
/// first. [`CommandError`] too if the diagram or message is missing.
pub fn move_message(
    model: &Model,
    diagram: &DiagramId,
    id: &MessageId,
    to: usize,
) -> Result<Transaction, CommandError> {
    let view = view(model, diagram)?;
    let (from, message) = message_at(view, id)?;
    let mut order: Vec<&MessageId> = view.messages.iter().map(|m| &m.id).collect();
    let moved = order.remove(from);
    let to = to.min(order.len());
    order.insert(to, moved);
    let mut tx = Transaction::new("Reorder message");
    if to == from {
        return Ok(tx);
    }
    let position = |id: &MessageId| order.iter().position(|m| *m == id);
    if !view.fragments.iter().all(|g| holds_together(g, position)) {
        return Err(CommandError::TearsFragment);
    }
    tx.push(Edit::Message(diagram.clone(), id.clone(), Some((to, Box::new(message.clone())))));
    Ok(tx)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{e, fixture, m};
    use super::*;

    #[test]
    fn add_message_links_the_flow_in_its_direction_or_creates_one() {
        let mut fx = fixture();
        let (id, tx) = add_message(&fx.model, &fx.diagram, &e("A"), &e("B"), 1).expect("adds");
        fx.check(tx);
        assert_eq!(fx.order()[1], id.as_str());
        assert_eq!(fx.seq().messages[1].flow, Some(FlowId::new("f1")), "reuses A → B");
        let flows = fx.model.flows.len();
        let tx = add_lifeline_c(&fx);
        fx.check(tx);
        let (id, tx) = add_message(&fx.model, &fx.diagram, &e("B"), &e("C"), usize::MAX).expect("adds");
        fx.check(tx);
        assert_eq!(fx.model.flows.len(), flows + 1, "B → C had no flow: one is created in the same step");
        let made = fx.seq().messages.iter().find(|x| x.id == id).and_then(|x| x.flow.clone()).expect("linked");
        assert_eq!((&fx.model.flows[&made].source, &fx.model.flows[&made].target), (&e("B"), &e("C")));
        let (id, tx) = add_message(&fx.model, &fx.diagram, &e("B"), &e("B"), 0).expect("adds");
        fx.check(tx);
        assert_eq!(fx.seq().messages[0].id, id);
        assert_eq!(fx.seq().messages[0].flow, None, "a self-message carries no flow");
    }

    fn add_lifeline_c(fx: &super::super::testing::Fixture) -> Transaction {
        super::super::add_lifeline(&fx.model, &fx.diagram, &e("C"), usize::MAX).expect("adds")
    }

    #[test]
    fn add_message_refuses_ends_without_lifelines() {
        let fx = fixture();
        let refused = add_message(&fx.model, &fx.diagram, &e("A"), &e("C"), 0).map(|_| ());
        assert_eq!(refused, Err(CommandError::NoLifeline("Accounts".into())));
        let refused = add_message(&fx.model, &fx.diagram, &e("ghost"), &e("A"), 0).map(|_| ());
        assert_eq!(refused, Err(CommandError::NoElement(e("ghost"))));
    }

    #[test]
    fn remove_messages_takes_what_loses_its_anchor() {
        let mut fx = fixture();
        let tx = remove_messages(&fx.model, &fx.diagram, &[m("m4")].into()).expect("removes");
        assert_eq!(tx.label, "Remove message");
        fx.check(tx);
        assert_eq!(fx.order(), ["m1", "m2", "m3"]);
        assert!(fx.seq().fragments.is_empty(), "the fragment lost its last message");
        let tx = remove_messages(&fx.model, &fx.diagram, &[m("m1"), m("m3")].into()).expect("removes");
        fx.check(tx);
        assert_eq!(fx.order(), ["m2"]);
        assert_eq!(fx.seq().notes.len(), 1, "n1 followed m1; n2 stays");
        assert_eq!(remove_messages(&fx.model, &fx.diagram, &[m("m1")].into()), Err(CommandError::NoMessage(m("m1"))));
    }

    #[test]
    fn removing_an_else_branch_start_keeps_the_fragment_without_it() {
        let mut fx = fixture();
        let tx = else_from_m3(&fx);
        fx.check(tx);
        let fragment = &fx.seq().fragments[0];
        assert_eq!(fragment.last, m("m4"));
        assert_eq!(fragment.else_branch.as_ref().map(|b| b.first.clone()), Some(m("m3")));
        let tx = remove_messages(&fx.model, &fx.diagram, &[m("m3")].into()).expect("removes");
        fx.check(tx);
        assert_eq!(fx.seq().fragments.len(), 1);
        assert_eq!(fx.seq().fragments[0].else_branch, None);
    }

    fn else_from_m3(fx: &super::super::testing::Fixture) -> Transaction {
        let g = crate::model::FragmentId::new("g1");
        super::super::set_else_branch(&fx.model, &fx.diagram, &g, &m("m3"), "else").expect("inside")
    }

    #[test]
    fn update_message_changes_kind_and_text_and_refuses_inconsistent_ends() {
        let mut fx = fixture();
        let tx = update_message(&fx.model, &fx.diagram, &m("m1"), |x| {
            x.kind = MessageKind::Async;
            x.text = "hello".into();
            x.id = m("hijacked");
        })
        .expect("updates");
        fx.check(tx);
        let first = &fx.seq().messages[0];
        assert_eq!((first.id.as_str(), first.kind, first.text.as_str()), ("m1", MessageKind::Async, "hello"));
        assert!(update_message(&fx.model, &fx.diagram, &m("m1"), |_| {}).expect("nothing").is_empty());
        let reversed = update_message(&fx.model, &fx.diagram, &m("m1"), |x| std::mem::swap(&mut x.from, &mut x.to));
        assert_eq!(
            reversed,
            Err(CommandError::FlowDirection { flow: "f1".into(), from: "App".into(), to: "User".into() })
        );
        let to_c = update_message(&fx.model, &fx.diagram, &m("m3"), |x| x.to = e("C"));
        assert_eq!(to_c, Err(CommandError::NoLifeline("Accounts".into())));
        let ghost_flow = update_message(&fx.model, &fx.diagram, &m("m3"), |x| x.flow = Some(FlowId::new("nope")));
        assert_eq!(ghost_flow, Err(CommandError::NoFlow(FlowId::new("nope"))));
        assert_eq!(update_message(&fx.model, &fx.diagram, &m("zz"), |_| {}), Err(CommandError::NoMessage(m("zz"))));
        let long = "t".repeat(MAX_NAME_CHARS + 1);
        assert_eq!(
            update_message(&fx.model, &fx.diagram, &m("m3"), |x| x.text.clone_from(&long)),
            Err(CommandError::TooLong { what: "message text", limit: MAX_NAME_CHARS })
        );
        let refused = rename_message(&fx.model, &fx.diagram, &m("m1"), &long);
        assert_eq!(refused, Err(CommandError::TooLong { what: "name", limit: MAX_NAME_CHARS }));
    }

    #[test]
    fn rename_message_renames_the_flow_or_the_messages_own_text() {
        let mut fx = fixture();
        let tx = rename_message(&fx.model, &fx.diagram, &m("m1"), "Credentials").expect("renames");
        fx.check(tx);
        assert_eq!(fx.model.flows[&FlowId::new("f1")].name, "Credentials", "m1 showed its flow's name");
        assert_eq!(fx.seq().messages[0].text, "");
        let tx = rename_message(&fx.model, &fx.diagram, &m("m3"), "check token").expect("renames");
        fx.check(tx);
        assert_eq!(fx.seq().messages[2].text, "check token", "a self-message has only its own text");
        assert_eq!(rename_message(&fx.model, &fx.diagram, &m("zz"), "x"), Err(CommandError::NoMessage(m("zz"))));
    }

    #[test]
    fn move_message_reorders_and_refuses_to_tear_a_fragment() {
        let mut fx = fixture();
        let tx = move_message(&fx.model, &fx.diagram, &m("m1"), 2).expect("m1 may join the fragment's middle");
        fx.check(tx);
        assert_eq!(fx.order(), ["m2", "m3", "m1", "m4"]);
        assert_eq!(
            move_message(&fx.model, &fx.diagram, &m("m4"), 0),
            Err(CommandError::TearsFragment),
            "the fragment's last would come first"
        );
        assert_eq!(
            move_message(&fx.model, &fx.diagram, &m("m2"), 3),
            Err(CommandError::TearsFragment),
            "the fragment's first would come after its last"
        );
        assert!(move_message(&fx.model, &fx.diagram, &m("m3"), 1).expect("in place").is_empty());
        assert_eq!(move_message(&fx.model, &fx.diagram, &m("zz"), 0), Err(CommandError::NoMessage(m("zz"))));
    }
}

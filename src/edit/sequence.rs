//! Sequence-diagram commands: a message always links to the data flow it carries, so the
//! DFD and the sequence view stay one model.

use super::{Edit, Transaction, commands};
use crate::model::{DiagramId, DiagramView, ElementId, FlowId, Message, MessageId, MessageKind, Model, SequenceView};

fn view<'a>(model: &'a Model, diagram: &DiagramId) -> Option<&'a SequenceView> {
    match model.diagram(diagram).map(|d| &d.view) {
        Some(DiagramView::Sequence(s)) => Some(s),
        _ => None,
    }
}

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

/// Adds a message `from` → `to` at `index`: it carries the existing flow in that direction,
/// or a new flow created in the same step (a self-message carries none).
#[must_use]
pub fn add_message(
    model: &Model,
    diagram: &DiagramId,
    from: &ElementId,
    to: &ElementId,
    index: usize,
) -> Option<(MessageId, Transaction)> {
    let mut seq = view(model, diagram)?.clone();
    let ends_exist = [from, to].iter().all(|e| seq.lifelines.contains(e) && model.elements.contains_key(*e));
    if !ends_exist {
        return None;
    }
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
    seq.messages.insert(index.min(seq.messages.len()), message);
    tx.push(Edit::Sequence(diagram.clone(), Box::new(seq)));
    Some((id, tx))
}

/// Renames a message: a message showing its flow's name renames the flow (so the DFD follows);
/// a message with its own text changes that text.
#[must_use]
pub fn rename_message(model: &Model, diagram: &DiagramId, id: &MessageId, name: &str) -> Transaction {
    let Some(seq) = view(model, diagram) else {
        return Transaction::new("Rename");
    };
    let Some(message) = seq.messages.iter().find(|m| &m.id == id) else {
        return Transaction::new("Rename");
    };
    if message.text.is_empty()
        && let Some(flow) = &message.flow
    {
        return commands::update_flow(model, flow, |f| f.name = name.to_owned());
    }
    let mut seq = seq.clone();
    if let Some(m) = seq.messages.iter_mut().find(|m| &m.id == id) {
        m.text = name.to_owned();
    }
    let mut tx = Transaction::new("Rename");
    tx.push(Edit::Sequence(diagram.clone(), Box::new(seq)));
    tx
}

/// Moves message `from` to position `to` (in the order after removing it). `None` when the
/// move would tear a combined fragment apart (its last message before its first, or its
/// else branch outside it): move or remove the fragment first.
#[must_use]
pub fn reorder_message(model: &Model, diagram: &DiagramId, from: usize, to: usize) -> Option<Transaction> {
    let mut seq = view(model, diagram)?.clone();
    if from >= seq.messages.len() {
        return None;
    }
    let moved = seq.messages.remove(from);
    seq.messages.insert(to.min(seq.messages.len()), moved);
    let position = |id: &MessageId| seq.messages.iter().position(|m| &m.id == id);
    let intact = seq.fragments.iter().all(|g| match (position(&g.first), position(&g.last)) {
        (Some(first), Some(last)) => {
            first <= last
                && g.else_branch.as_ref().and_then(|e| position(&e.first)).is_none_or(|e| e > first && e <= last)
        }
        _ => false,
    });
    if !intact {
        return None;
    }
    let mut tx = Transaction::new("Reorder message");
    tx.push(Edit::Sequence(diagram.clone(), Box::new(seq)));
    Some(tx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::History;
    use crate::model::ElementKindTag;

    fn setup() -> (Model, History, DiagramId, ElementId, ElementId) {
        let mut model = Model::default();
        let mut h = History::new();
        let (d, tx) = commands::add_diagram(&model, "s", true);
        h.execute(&mut model, tx).expect("diagram");
        let (a, tx) = commands::add_element(ElementKindTag::ExternalEntity, "User", None, None);
        h.execute(&mut model, tx).expect("a");
        let (b, tx) = commands::add_element(ElementKindTag::Process, "App", None, None);
        h.execute(&mut model, tx).expect("b");
        let mut seq = view(&model, &d).expect("seq").clone();
        seq.lifelines = vec![a.clone(), b.clone()];
        let mut tx = Transaction::new("lifelines");
        tx.push(Edit::Sequence(d.clone(), Box::new(seq)));
        h.execute(&mut model, tx).expect("lifelines");
        (model, h, d, a, b)
    }

    #[test]
    fn a_message_creates_its_flow_then_reuses_it_and_renaming_either_renames_both() {
        let (mut model, mut h, d, a, b) = setup();
        let (m1, tx) = add_message(&model, &d, &a, &b, 0).expect("adds");
        h.execute(&mut model, tx).expect("m1");
        assert_eq!(model.flows.len(), 1, "a new flow for a new pair");
        let flow = flow_between(&model, &a, &b).expect("flow");
        let (m2, tx) = add_message(&model, &d, &a, &b, 1).expect("adds");
        h.execute(&mut model, tx).expect("m2");
        assert_eq!(model.flows.len(), 1, "the existing flow is reused");
        let s = view(&model, &d).expect("seq");
        assert_eq!(
            s.messages.iter().map(|m| m.flow.clone()).collect::<Vec<_>>(),
            vec![Some(flow.clone()), Some(flow.clone())]
        );
        // Renaming a message renames the flow, which both messages show.
        let tx = rename_message(&model, &d, &m1, "Credentials");
        h.execute(&mut model, tx).expect("rename");
        assert_eq!(model.flows[&flow].name, "Credentials");
        // A reply goes the other way: a second flow.
        let (_, tx) = add_message(&model, &d, &b, &a, 2).expect("adds");
        h.execute(&mut model, tx).expect("m3");
        assert_eq!(model.flows.len(), 2);
        // A self-message carries no flow.
        let (m4, tx) = add_message(&model, &d, &b, &b, 3).expect("adds");
        h.execute(&mut model, tx).expect("m4");
        let s = view(&model, &d).expect("seq");
        assert_eq!(s.messages.iter().find(|m| m.id == m4).and_then(|m| m.flow.clone()), None);
        // Renaming a self-message sets its own text.
        let tx = rename_message(&model, &d, &m4, "check token");
        h.execute(&mut model, tx).expect("rename");
        assert_eq!(view(&model, &d).expect("seq").messages[3].text, "check token");
        let _ = m2;
        // The model is still a valid file, and undo takes it all back.
        crate::format::load_bytes(crate::format::to_canonical_string(&model).as_bytes(), "m").expect("valid");
        while h.undo(&mut model).is_some() {}
        assert!(model.flows.is_empty() && model.diagrams.is_empty());
    }

    #[test]
    fn stale_ends_and_fragment_tearing_are_refused() {
        let (mut model, mut h, d, a, b) = setup();
        let ghost = ElementId::new("ghost");
        assert!(add_message(&model, &d, &a, &ghost, 0).is_none());
        for i in 0..3 {
            let (_, tx) = add_message(&model, &d, &a, &b, i).expect("adds");
            h.execute(&mut model, tx).expect("m");
        }
        let mut seq = view(&model, &d).expect("seq").clone();
        seq.fragments.push(crate::model::Fragment {
            id: crate::model::FragmentId::new("g"),
            kind: crate::model::FragmentKind::Opt,
            guard: "x".into(),
            first: seq.messages[0].id.clone(),
            last: seq.messages[1].id.clone(),
            else_branch: None,
        });
        let mut tx = Transaction::new("fragment");
        tx.push(Edit::Sequence(d.clone(), Box::new(seq)));
        h.execute(&mut model, tx).expect("fragment");
        assert!(reorder_message(&model, &d, 1, 0).is_none(), "the fragment's last would come first");
        assert!(reorder_message(&model, &d, 2, 1).is_some(), "moving an outside message in is fine");
    }

    #[test]
    fn reversing_a_flow_unlinks_the_messages_it_no_longer_carries() {
        let (mut model, mut h, d, a, b) = setup();
        let (m, tx) = add_message(&model, &d, &a, &b, 0).expect("adds");
        h.execute(&mut model, tx).expect("m");
        let flow = flow_between(&model, &a, &b).expect("flow");
        let tx = commands::update_flow(&model, &flow, |f| std::mem::swap(&mut f.source, &mut f.target));
        h.execute(&mut model, tx).expect("reverse");
        let message = view(&model, &d).expect("seq").messages.iter().find(|x| x.id == m).cloned().expect("kept");
        assert_eq!(message.flow, None);
        assert_eq!(message.text, "New flow", "the message keeps showing what it showed");
        crate::format::load_bytes(crate::format::to_canonical_string(&model).as_bytes(), "m")
            .expect("still a valid file");
    }

    #[test]
    fn a_bidirectional_flow_carries_both_ways() {
        let (mut model, mut h, _, a, b) = setup();
        let (f, tx) = commands::add_flow(&a, &b, "query");
        h.execute(&mut model, tx).expect("flow");
        let tx = commands::update_flow(&model, &f, |x| x.bidirectional = true);
        h.execute(&mut model, tx).expect("bidi");
        assert_eq!(flow_between(&model, &b, &a), Some(f));
    }
}

//! Taking things off a sequence diagram: lifelines, messages, and what loses its anchor with
//! them. Shared by "delete from this diagram" and by deleting elements and flows from the
//! model, so both agree on what goes.

use std::collections::BTreeSet;

use super::view;
use crate::edit::commands::forget_triage;
use crate::edit::{CommandError, Edit, Transaction};
use crate::model::{DiagramId, ElementId, FlowId, FragmentId, MessageId, Model, NoteId, SequenceView, Subject};

/// What leaves a sequence view when lifelines, messages or flows go: the lifelines of the
/// elements, the messages listed, touching those elements or carrying those flows, the
/// fragments whose first or last message goes, the else branches whose first message goes
/// (the fragment stays), and the notes on a removed lifeline or after a removed message.
#[derive(Debug, Default)]
pub(crate) struct Pruning {
    lifelines: BTreeSet<ElementId>,
    messages: BTreeSet<MessageId>,
    fragments: BTreeSet<FragmentId>,
    else_branches: BTreeSet<FragmentId>,
    notes: BTreeSet<NoteId>,
}

impl Pruning {
    /// What goes from `view` with `elements`, `flows` and `messages`.
    pub(crate) fn new(
        view: &SequenceView,
        elements: &BTreeSet<ElementId>,
        flows: &BTreeSet<FlowId>,
        messages: &BTreeSet<MessageId>,
    ) -> Self {
        let lifelines = view.lifelines.iter().filter(|l| elements.contains(*l)).cloned().collect();
        let messages: BTreeSet<MessageId> = view
            .messages
            .iter()
            .filter(|m| {
                messages.contains(&m.id)
                    || elements.contains(&m.from)
                    || elements.contains(&m.to)
                    || m.flow.as_ref().is_some_and(|f| flows.contains(f))
            })
            .map(|m| m.id.clone())
            .collect();
        let fragments =
            view.fragments.iter().filter(|g| messages.contains(&g.first) || messages.contains(&g.last)).map(|g| &g.id);
        let fragments: BTreeSet<FragmentId> = fragments.cloned().collect();
        let else_branches = view
            .fragments
            .iter()
            .filter(|g| !fragments.contains(&g.id))
            .filter(|g| g.else_branch.as_ref().is_some_and(|b| messages.contains(&b.first)))
            .map(|g| g.id.clone())
            .collect();
        let notes = view
            .notes
            .iter()
            .filter(|n| elements.contains(&n.lifeline) || n.after.as_ref().is_some_and(|a| messages.contains(a)))
            .map(|n| n.id.clone())
            .collect();
        Self { lifelines, messages, fragments, else_branches, notes }
    }

    /// The messages that go.
    pub(crate) fn messages(&self) -> impl Iterator<Item = &MessageId> {
        self.messages.iter()
    }

    /// The record edits that take it all off `diagram` (whose view is `view`): notes and
    /// fragments first, then messages, then lifelines, so undo puts back lifelines before the
    /// messages between them.
    pub(crate) fn edits(&self, diagram: &DiagramId, view: &SequenceView) -> Vec<Edit> {
        let mut edits: Vec<Edit> = Vec::new();
        for note in view.notes.iter().filter(|n| self.notes.contains(&n.id)) {
            edits.push(Edit::Note(diagram.clone(), note.id.clone(), None));
        }
        for (index, fragment) in view.fragments.iter().enumerate() {
            if self.fragments.contains(&fragment.id) {
                edits.push(Edit::Fragment(diagram.clone(), fragment.id.clone(), None));
            } else if self.else_branches.contains(&fragment.id) {
                let kept = crate::model::Fragment { else_branch: None, ..fragment.clone() };
                edits.push(Edit::Fragment(diagram.clone(), fragment.id.clone(), Some((index, Box::new(kept)))));
            }
        }
        for message in view.messages.iter().filter(|m| self.messages.contains(&m.id)) {
            edits.push(Edit::Message(diagram.clone(), message.id.clone(), None));
        }
        for lifeline in view.lifelines.iter().filter(|l| self.lifelines.contains(*l)) {
            edits.push(Edit::Lifeline(diagram.clone(), lifeline.clone(), None));
        }
        edits
    }

    /// `view` without it all: what the edits must give (the tests compare both).
    #[cfg(test)]
    pub(crate) fn pruned(&self, view: &SequenceView) -> SequenceView {
        SequenceView {
            lifelines: view.lifelines.iter().filter(|l| !self.lifelines.contains(*l)).cloned().collect(),
            messages: view.messages.iter().filter(|m| !self.messages.contains(&m.id)).cloned().collect(),
            fragments: view
                .fragments
                .iter()
                .filter(|g| !self.fragments.contains(&g.id))
                .map(|g| {
                    let mut g = g.clone();
                    if self.else_branches.contains(&g.id) {
                        g.else_branch = None;
                    }
                    g
                })
                .collect(),
            notes: view.notes.iter().filter(|n| !self.notes.contains(&n.id)).cloned().collect(),
        }
    }
}

/// Takes `lifelines` and `messages` off this sequence diagram in one step, with the messages
/// to and from those lifelines and the fragments and notes that lose their anchor: what
/// Delete does on a sequence diagram. The elements and flows stay in the model. Ids that are
/// not on the diagram (a selection holds flows and elements too) are passed over, so nothing
/// to take gives an empty transaction. Findings suppressed on a removed message go too.
///
/// # Errors
/// [`CommandError::NoSequenceDiagram`].
pub fn delete_from_sequence(
    model: &Model,
    diagram: &DiagramId,
    lifelines: &BTreeSet<ElementId>,
    messages: &BTreeSet<MessageId>,
) -> Result<Transaction, CommandError> {
    let view = view(model, diagram)?;
    let pruning = Pruning::new(view, lifelines, &BTreeSet::new(), messages);
    let mut tx = Transaction::new("Delete");
    tx.edits = pruning.edits(diagram, view);
    let gone: BTreeSet<Subject> = pruning.messages().map(|m| Subject::Message(m.clone())).collect();
    tx.edits.extend(forget_triage(model, &gone));
    Ok(tx)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{e, fixture, m};
    use super::*;

    #[test]
    fn delete_from_sequence_takes_lifelines_and_messages_in_one_step() {
        let mut fx = fixture();
        let tx =
            delete_from_sequence(&fx.model, &fx.diagram, &[e("B"), e("C")].into(), &[m("m1")].into()).expect("deletes");
        fx.check(tx);
        assert_eq!(fx.seq().lifelines, [e("A")]);
        assert!(fx.order().is_empty(), "every message touched B");
        assert!(fx.seq().fragments.is_empty());
        assert_eq!(fx.seq().notes.len(), 1, "n2 on A before everything stays");
        assert!(fx.model.elements.contains_key(&e("B")) && fx.model.flows.len() == 2, "the model keeps them");
        let nothing = delete_from_sequence(&fx.model, &fx.diagram, &[e("C")].into(), &[m("m1")].into());
        assert!(nothing.expect("passes over what is not here").is_empty());
        let nowhere = DiagramId::new("nowhere");
        let refused = delete_from_sequence(&fx.model, &nowhere, &BTreeSet::new(), &BTreeSet::new());
        assert_eq!(refused, Err(CommandError::NoSequenceDiagram(nowhere)));
    }

    #[test]
    fn removing_a_message_takes_the_findings_suppressed_on_it() {
        let mut fx = fixture();
        let key = |id: &str| crate::model::SuppressionKey { rule: "SEQ001".into(), subject: Subject::Message(m(id)) };
        fx.model.suppressions.insert(key("m1"), "known".into());
        fx.model.suppressions.insert(key("m2"), "known".into());
        let tx = delete_from_sequence(&fx.model, &fx.diagram, &BTreeSet::new(), &[m("m1")].into()).expect("deletes");
        fx.check(tx);
        assert_eq!(fx.model.suppressions.keys().cloned().collect::<Vec<_>>(), [key("m2")]);
    }

    #[test]
    fn pruned_and_edits_agree() {
        let fx = fixture();
        let view = fx.seq();
        let pruning = Pruning::new(view, &BTreeSet::new(), &[FlowId::new("f2")].into(), &[m("m3")].into());
        let mut model = fx.model.clone();
        crate::edit::apply_all(&mut model, pruning.edits(&fx.diagram, view)).expect("applies");
        let Some(crate::model::DiagramView::Sequence(edited)) = model.diagram(&fx.diagram).map(|d| &d.view) else {
            panic!("sequence")
        };
        assert_eq!(edited, &pruning.pruned(view));
        assert_eq!(edited.messages.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(), ["m1", "m4"]);
        assert!(edited.fragments.is_empty(), "m2, the fragment's first, carried f2");
    }
}

//! A small sequence diagram to run commands on, and the check every command test makes: the
//! command applies, leaves a model that saves and loads back as itself, and undo restores the
//! model exactly (redo the result).

use crate::edit::{History, Transaction};
use crate::model::{
    DataFlow, Diagram, DiagramId, DiagramView, Element, ElementId, ElementKindTag, ElseBranch, FlowId, Fragment,
    FragmentId, FragmentKind, Message, MessageId, MessageKind, Model, Note, NoteId, SequenceView,
};

/// A model with elements A, B and C (C has no lifeline) on sequence diagram S:
/// m1 A→B (flow f1), m2 B→A reply (flow f2), m3 B→B, m4 A→B (f1); alt fragment g1 over m2..m4
/// with its else branch from m4; note n1 on B after m1, note n2 on A before everything.
pub(super) struct Fixture {
    pub model: Model,
    pub history: History,
    pub diagram: DiagramId,
}

pub(super) fn e(id: &str) -> ElementId {
    ElementId::new(id)
}

pub(super) fn m(id: &str) -> MessageId {
    MessageId::new(id)
}

fn message(id: &str, from: &str, to: &str, flow: Option<&str>, kind: MessageKind) -> Message {
    Message { id: m(id), from: e(from), to: e(to), flow: flow.map(FlowId::new), kind, text: String::new() }
}

pub(super) fn fixture() -> Fixture {
    let mut model = Model::default();
    for (id, kind, name) in [
        ("A", ElementKindTag::ExternalEntity, "User"),
        ("B", ElementKindTag::Process, "App"),
        ("C", ElementKindTag::DataStore, "Accounts"),
    ] {
        model.elements.insert(e(id), Element { name: name.into(), kind: kind.default_kind(), ..Element::default() });
    }
    for (id, source, target) in [("f1", "A", "B"), ("f2", "B", "A")] {
        let flow = DataFlow { source: e(source), target: e(target), name: id.into(), ..DataFlow::default() };
        model.flows.insert(FlowId::new(id), flow);
    }
    let view = SequenceView {
        lifelines: vec![e("A"), e("B")],
        messages: vec![
            message("m1", "A", "B", Some("f1"), MessageKind::Call),
            message("m2", "B", "A", Some("f2"), MessageKind::Reply),
            message("m3", "B", "B", None, MessageKind::Call),
            message("m4", "A", "B", Some("f1"), MessageKind::Call),
        ],
        fragments: vec![Fragment {
            id: FragmentId::new("g1"),
            kind: FragmentKind::Alt,
            guard: "ok".into(),
            first: m("m2"),
            last: m("m4"),
            else_branch: Some(ElseBranch { first: m("m4"), guard: "not ok".into() }),
        }],
        notes: vec![
            Note { id: NoteId::new("n1"), lifeline: e("B"), after: Some(m("m1")), text: "one".into() },
            Note { id: NoteId::new("n2"), lifeline: e("A"), after: None, text: "two".into() },
        ],
    };
    let diagram = DiagramId::new("S");
    model.diagrams.push(Diagram { id: diagram.clone(), name: "S".into(), view: DiagramView::Sequence(view) });
    assert_valid(&model);
    Fixture { model, history: History::new(), diagram }
}

impl Fixture {
    /// The sequence view.
    pub fn seq(&self) -> &SequenceView {
        match self.model.diagram(&self.diagram).map(|d| &d.view) {
            Some(DiagramView::Sequence(s)) => s,
            _ => panic!("the fixture's diagram is a sequence diagram"),
        }
    }

    /// The message ids, top to bottom.
    pub fn order(&self) -> Vec<&str> {
        self.seq().messages.iter().map(|x| x.id.as_str()).collect()
    }

    /// Applies `tx`, checks the model is valid, that undo restores it exactly and redo
    /// gives the result again; leaves the result applied.
    pub fn check(&mut self, tx: Transaction) {
        let before = self.model.clone();
        assert!(self.history.execute(&mut self.model, tx).expect("applies"), "the command changes the model");
        let after = self.model.clone();
        assert_valid(&self.model);
        self.history.undo(&mut self.model).expect("undo applies");
        assert_eq!(self.model, before, "undo restores the model exactly");
        self.history.redo(&mut self.model).expect("redo applies");
        assert_eq!(self.model, after, "redo gives the result again");
    }
}

/// The model saves and loads back as itself.
pub(super) fn assert_valid(model: &Model) {
    let text = crate::format::to_canonical_string(model);
    let back = crate::format::load_bytes(text.as_bytes(), "<test>").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(&back, model);
}

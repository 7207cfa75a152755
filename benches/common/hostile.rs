//! Adversarial models: the shapes a fuzzer or a hostile file reaches for, each small on disk
//! and costly for a careless algorithm (deep boundary nesting, thousands of lifelines, long
//! message lists, fragments spanning everything, suppressions naming messages).

use threatcanvas::model::{
    BoundaryId, DataFlow, DfdView, Diagram, DiagramId, DiagramView, Element, ElementId, FlowId, Fragment, FragmentId,
    FragmentKind, Message, MessageId, MessageKind, Model, Note, NoteId, Rect, SequenceView, Subject, SuppressionKey,
    TrustBoundary,
};

fn boundary(i: usize) -> BoundaryId {
    BoundaryId::new(format!("b{i}"))
}

fn element(i: usize) -> ElementId {
    ElementId::new(format!("e{i}"))
}

fn message(i: usize) -> MessageId {
    MessageId::new(format!("m{i}"))
}

/// `depth` boundaries nested in one chain (`b0` outermost), all placed on a DFD, with one
/// element in the innermost and one outside all of them, and a sequence diagram (`seq`) whose
/// `lifelines` lifelines alternate between the innermost boundary and the outside: every
/// boundary of the chain then has a band per inside lifeline.
#[must_use]
pub fn boundary_chain(depth: usize, lifelines: usize) -> Model {
    let mut m = Model::default();
    let mut dfd = DfdView::default();
    for i in 0..depth {
        let parent = i.checked_sub(1).map(boundary);
        m.boundaries
            .insert(boundary(i), TrustBoundary { name: format!("Zone {i}"), parent, ..TrustBoundary::default() });
        let inset = i32::try_from(i % 1000).unwrap_or(0);
        dfd.boundaries.insert(boundary(i), Rect::new(inset, inset, 4000 - 2 * inset, 4000 - 2 * inset));
    }
    let lifelines = lifelines.max(2);
    let mut seq = SequenceView::default();
    for i in 0..lifelines {
        let inside = i % 2 == 0 && depth > 0;
        m.elements.insert(
            element(i),
            Element { name: format!("Part {i}"), boundary: inside.then(|| boundary(depth - 1)), ..Element::default() },
        );
        dfd.nodes.insert(element(i), Rect::new(1000 + 200 * i32::try_from(i % 100).unwrap_or(0), 2000, 160, 80));
        seq.lifelines.push(element(i));
    }
    for i in 0..lifelines - 1 {
        let id = FlowId::new(format!("f{i}"));
        m.flows.insert(id.clone(), DataFlow { source: element(i), target: element(i + 1), ..DataFlow::default() });
        seq.messages.push(Message {
            id: message(i),
            from: element(i),
            to: element(i + 1),
            flow: Some(id),
            kind: MessageKind::Call,
            text: String::new(),
        });
    }
    m.diagrams.push(Diagram { id: DiagramId::new("dfd"), name: "Chain".into(), view: DiagramView::Dfd(dfd) });
    m.diagrams.push(Diagram { id: DiagramId::new("seq"), name: "Bands".into(), view: DiagramView::Sequence(seq) });
    m
}

/// A sequence diagram (`seq`) of `lifelines` lifelines and `messages` messages between
/// neighbours, each carrying its flow, with a note on a lifeline after every tenth message and
/// `fragments` fragments nested around the whole message list.
#[must_use]
pub fn long_sequence(lifelines: usize, messages: usize, fragments: usize) -> Model {
    let mut m = Model::default();
    let lifelines = lifelines.max(2);
    let mut seq = SequenceView::default();
    for i in 0..lifelines {
        m.elements.insert(element(i), Element { name: format!("Service {i}"), ..Element::default() });
        seq.lifelines.push(element(i));
    }
    for i in 0..lifelines - 1 {
        m.flows.insert(
            FlowId::new(format!("f{i}")),
            DataFlow { source: element(i), target: element(i + 1), name: format!("Call {i}"), ..DataFlow::default() },
        );
    }
    for k in 0..messages {
        let from = k % (lifelines - 1);
        seq.messages.push(Message {
            id: message(k),
            from: element(from),
            to: element(from + 1),
            flow: Some(FlowId::new(format!("f{from}"))),
            kind: MessageKind::Call,
            text: String::new(),
        });
        if k % 10 == 0 {
            seq.notes.push(Note {
                id: NoteId::new(format!("n{k}")),
                lifeline: element(from),
                after: Some(message(k)),
                text: "Checked".into(),
            });
        }
    }
    for g in 0..fragments.min(messages / 2) {
        seq.fragments.push(Fragment {
            id: FragmentId::new(format!("g{g}")),
            kind: FragmentKind::Loop,
            guard: "for each".into(),
            first: message(g),
            last: message(messages - 1 - g),
            else_branch: None,
        });
    }
    m.diagrams.push(Diagram { id: DiagramId::new("seq"), name: "Long".into(), view: DiagramView::Sequence(seq) });
    m
}

/// [`long_sequence`] with one suppression of a check on every message.
#[must_use]
pub fn suppressed_messages(messages: usize) -> Model {
    let mut m = long_sequence(100, messages, 0);
    for k in 0..messages {
        m.suppressions
            .insert(SuppressionKey { rule: "SEQ001".into(), subject: Subject::Message(message(k)) }, "Reviewed".into());
    }
    m
}

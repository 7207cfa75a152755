//! Undo is complete and exact: random command sequences on the sample (DFD commands, the
//! sequence-diagram commands on its sequence diagram, paste of a generated copy), undone step
//! by step, give back the original bytes; redone, the final bytes. After every command and
//! every undo the model saves and loads back as itself.

use std::collections::BTreeSet;
use std::path::Path;

use proptest::prelude::*;
use threatcanvas::edit::commands::{self, Item};
use threatcanvas::edit::{Edit, History, Transaction, clipboard, sequence};
use threatcanvas::format;
use threatcanvas::model::{
    BoundaryId, DiagramId, DiagramView, ElementId, ElementKindTag, FragmentKind, MessageKind, Model, Point, Rect,
    Reference, SequenceView, Subject, SuggestionKey, SuppressionKey, ThreatCategory, ThreatTarget,
};

fn sample() -> Model {
    format::load_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/juice-shop.json")).expect("sample loads")
}

fn dfd(model: &Model) -> DiagramId {
    model.diagrams.iter().find(|d| matches!(d.view, DiagramView::Dfd(_))).map(|d| d.id.clone()).expect("a DFD")
}

/// The sample's sequence diagram (the TOTP login), unless a generated command deleted it.
fn seq_diagram(model: &Model) -> Option<DiagramId> {
    model.diagrams.iter().find(|d| matches!(d.view, DiagramView::Sequence(_))).map(|d| d.id.clone())
}

fn seq_view<'a>(model: &'a Model, diagram: &DiagramId) -> Option<&'a SequenceView> {
    match model.diagram(diagram).map(|d| &d.view) {
        Some(DiagramView::Sequence(s)) => Some(s),
        _ => None,
    }
}

#[derive(Clone, Debug)]
enum Op {
    AddElement(u8, String),
    AddFlow(usize, usize),
    AddBoundary(String),
    SetMembership(usize, Option<usize>),
    Rename(usize, String),
    Move(usize, i16, i16),
    Drag(usize, Vec<(i8, i8)>),
    Bend(usize, Vec<(i16, i16)>),
    AddThreat(usize),
    Delete(usize),
    DeleteFlow(usize),
    DeleteBoundary(usize),
    RenameDiagram(String),
    ReverseFlow(usize),
    EditThreat(usize, u8),
    DeleteThreat(usize),
    DeleteSequenceDiagram,
    Dismiss(usize, u8),
    Suppress(usize, u8),
    /// Copy these elements and boundaries of the DFD, paste them by an offset (into the
    /// sequence diagram when the flag is set: records without boxes).
    Paste(Vec<usize>, Vec<usize>, i16, bool),
    Seq(SeqOp),
}

/// Sequence commands on the sample's sequence diagram; numbers pick records modulo their count.
#[derive(Clone, Debug)]
enum SeqOp {
    AddLifeline(usize, usize),
    AddParticipant(u8, usize),
    MoveLifeline(usize, usize),
    /// One gesture moving lifelines around (several records, so positions depend on order).
    ShuffleLifelines(Vec<(usize, usize)>),
    RemoveLifeline(usize),
    AddMessage(usize, usize, usize),
    RemoveMessages(Vec<usize>),
    UpdateMessage(usize, u8, String),
    RenameMessage(usize, String),
    MoveMessage(usize, usize),
    DragMessage(usize, Vec<usize>),
    Wrap(usize, usize, u8, String),
    SetElse(usize, usize, String),
    RemoveElse(usize),
    Guard(usize, String),
    ElseGuard(usize, String),
    TypeGuard(usize, String),
    RemoveFragment(usize),
    AddNote(usize, Option<usize>, String),
    EditNote(usize, String),
    RemoveNote(usize),
    Delete(Vec<usize>, Vec<usize>),
}

const NAME: &str = "[a-zA-Z <>&\"é]{0,12}";

fn dfd_op() -> impl Strategy<Value = Op> {
    let name = NAME;
    prop_oneof![
        (0u8..3, name).prop_map(|(k, n)| Op::AddElement(k, n)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::AddFlow(a, b)),
        name.prop_map(Op::AddBoundary),
        (any::<usize>(), proptest::option::of(any::<usize>())).prop_map(|(a, b)| Op::SetMembership(a, b)),
        (any::<usize>(), name).prop_map(|(a, n)| Op::Rename(a, n)),
        (any::<usize>(), -300i16..300, -300i16..300).prop_map(|(a, x, y)| Op::Move(a, x, y)),
        (any::<usize>(), proptest::collection::vec((any::<i8>(), any::<i8>()), 1..8)).prop_map(|(a, v)| Op::Drag(a, v)),
        (any::<usize>(), proptest::collection::vec((-500i16..500, -500i16..500), 0..3))
            .prop_map(|(a, v)| Op::Bend(a, v)),
        any::<usize>().prop_map(Op::AddThreat),
        any::<usize>().prop_map(Op::Delete),
        any::<usize>().prop_map(Op::DeleteFlow),
        any::<usize>().prop_map(Op::DeleteBoundary),
        name.prop_map(Op::RenameDiagram),
        any::<usize>().prop_map(Op::ReverseFlow),
        (any::<usize>(), any::<u8>()).prop_map(|(a, k)| Op::EditThreat(a, k)),
        any::<usize>().prop_map(Op::DeleteThreat),
        Just(Op::DeleteSequenceDiagram),
        (any::<usize>(), any::<u8>()).prop_map(|(a, k)| Op::Dismiss(a, k)),
        (any::<usize>(), any::<u8>()).prop_map(|(a, k)| Op::Suppress(a, k)),
    ]
}

fn seq_op() -> impl Strategy<Value = SeqOp> {
    let name = NAME;
    let some = || proptest::collection::vec(any::<usize>(), 0..4);
    prop_oneof![
        (any::<usize>(), 0usize..8).prop_map(|(e, i)| SeqOp::AddLifeline(e, i)),
        (0u8..3, 0usize..8).prop_map(|(k, i)| SeqOp::AddParticipant(k, i)),
        (any::<usize>(), 0usize..8).prop_map(|(l, i)| SeqOp::MoveLifeline(l, i)),
        proptest::collection::vec((any::<usize>(), 0usize..8), 1..6).prop_map(SeqOp::ShuffleLifelines),
        any::<usize>().prop_map(SeqOp::RemoveLifeline),
        (any::<usize>(), any::<usize>(), 0usize..24).prop_map(|(a, b, i)| SeqOp::AddMessage(a, b, i)),
        some().prop_map(SeqOp::RemoveMessages),
        (any::<usize>(), 0u8..3, name).prop_map(|(m, k, t)| SeqOp::UpdateMessage(m, k, t)),
        (any::<usize>(), name).prop_map(|(m, t)| SeqOp::RenameMessage(m, t)),
        (any::<usize>(), 0usize..24).prop_map(|(m, i)| SeqOp::MoveMessage(m, i)),
        (any::<usize>(), proptest::collection::vec(0usize..24, 1..6)).prop_map(|(m, v)| SeqOp::DragMessage(m, v)),
        (any::<usize>(), any::<usize>(), 0u8..3, name).prop_map(|(a, b, k, g)| SeqOp::Wrap(a, b, k, g)),
        (any::<usize>(), any::<usize>(), name).prop_map(|(g, m, t)| SeqOp::SetElse(g, m, t)),
        any::<usize>().prop_map(SeqOp::RemoveElse),
        (any::<usize>(), name).prop_map(|(g, t)| SeqOp::Guard(g, t)),
        (any::<usize>(), name).prop_map(|(g, t)| SeqOp::ElseGuard(g, t)),
        (any::<usize>(), name).prop_map(|(g, t)| SeqOp::TypeGuard(g, t)),
        any::<usize>().prop_map(SeqOp::RemoveFragment),
        (any::<usize>(), proptest::option::of(any::<usize>()), name).prop_map(|(l, m, t)| SeqOp::AddNote(l, m, t)),
        (any::<usize>(), name).prop_map(|(n, t)| SeqOp::EditNote(n, t)),
        any::<usize>().prop_map(SeqOp::RemoveNote),
        (some(), some()).prop_map(|(l, m)| SeqOp::Delete(l, m)),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let some = || proptest::collection::vec(any::<usize>(), 0..4);
    prop_oneof![
        3 => dfd_op(),
        5 => seq_op().prop_map(Op::Seq),
        1 => (some(), some(), -2000i16..2000, any::<bool>()).prop_map(|(e, b, o, s)| Op::Paste(e, b, o, s)),
    ]
}

fn nth<T: Clone>(set: impl Iterator<Item = T>, i: usize) -> Option<T> {
    let items: Vec<T> = set.collect();
    if items.is_empty() { None } else { Some(items[i % items.len()].clone()) }
}

/// The model is valid, and saves and loads back as itself.
fn assert_round_trips(model: &Model) -> Result<(), TestCaseError> {
    prop_assert_eq!(model.validate(), Ok(()));
    let text = format::to_canonical_string(model);
    let back = format::load_bytes(text.as_bytes(), "<memory>").map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&back, model);
    Ok(())
}

/// Runs `txs` as one gesture, each built from the model as it is then; a refused step is
/// passed over, as the UI would show its error and carry on.
fn gesture<F>(model: &mut Model, history: &mut History, steps: usize, mut build: F)
where
    F: FnMut(&Model, usize) -> Option<Transaction>,
{
    history.begin_gesture("Gesture");
    for i in 0..steps {
        if let Some(tx) = build(model, i) {
            history.execute(model, tx).expect("a gesture step applies");
        }
    }
    history.end_gesture(model);
}

#[allow(clippy::too_many_lines)] // one arm per generated command reads best as one table
fn apply(op: &Op, model: &mut Model, history: &mut History) {
    let diagram = dfd(model);
    let element = |m: &Model, i| nth(m.elements.keys().cloned(), i);
    let tx = match op {
        Op::AddElement(k, n) => {
            let kind = ElementKindTag::ALL[usize::from(*k) % 3];
            commands::add_element(kind, n, None, Some((&diagram, Rect::new(10, 20, 140, 70)))).1
        }
        Op::AddFlow(a, b) => match (element(model, *a), element(model, *b)) {
            (Some(a), Some(b)) => commands::add_flow(&a, &b, "new flow").1,
            _ => return,
        },
        Op::AddBoundary(n) => commands::add_boundary(n, None, Some((&diagram, Rect::new(0, 0, 400, 300)))).1,
        Op::SetMembership(a, b) => {
            let Some(e) = element(model, *a) else { return };
            let b: Option<BoundaryId> = b.and_then(|b| nth(model.boundaries.keys().cloned(), b));
            commands::set_membership(model, &e, b.as_ref())
        }
        Op::Rename(a, n) => {
            let Some(e) = element(model, *a) else { return };
            commands::update_element(model, &e, |x| x.name.clone_from(n))
        }
        Op::Move(a, dx, dy) => {
            let Some(e) = element(model, *a) else { return };
            let set: BTreeSet<ElementId> = [e].into();
            commands::move_items(model, &diagram, &set, &BTreeSet::new(), i32::from(*dx), i32::from(*dy))
        }
        Op::Drag(a, steps) => {
            let Some(e) = element(model, *a) else { return };
            let set: BTreeSet<ElementId> = [e].into();
            gesture(model, history, steps.len(), |m, i| {
                let (dx, dy) = steps[i];
                Some(commands::move_items(m, &diagram, &set, &BTreeSet::new(), i32::from(dx), i32::from(dy)))
            });
            return;
        }
        Op::Bend(a, points) => {
            let Some(f) = nth(model.flows.keys().cloned(), *a) else {
                return;
            };
            commands::set_bends(
                &diagram,
                &f,
                points.iter().map(|(x, y)| Point::new(i32::from(*x), i32::from(*y))).collect(),
            )
        }
        Op::AddThreat(a) => {
            let Some(e) = element(model, *a) else { return };
            commands::add_threat(ThreatTarget::Element(e), ThreatCategory::Tampering, "new threat").1
        }
        Op::Delete(a) => {
            let Some(e) = element(model, *a) else { return };
            commands::delete(model, &[Item::Element(e)])
        }
        Op::DeleteFlow(a) => {
            let Some(f) = nth(model.flows.keys().cloned(), *a) else {
                return;
            };
            commands::delete(model, &[Item::Flow(f)])
        }
        Op::DeleteBoundary(a) => {
            let Some(b) = nth(model.boundaries.keys().cloned(), *a) else {
                return;
            };
            commands::delete(model, &[Item::Boundary(b)])
        }
        Op::RenameDiagram(n) => commands::rename_diagram(model, &diagram, n),
        Op::ReverseFlow(a) => {
            let Some(f) = nth(model.flows.keys().cloned(), *a) else {
                return;
            };
            commands::update_flow(model, &f, |x| std::mem::swap(&mut x.source, &mut x.target))
        }
        Op::EditThreat(a, k) => {
            let Some(t) = nth(model.threats.keys().cloned(), *a) else { return };
            commands::update_threat(model, &t, |t| {
                t.rank = u32::from(*k % 4);
                t.score = format!("{}", k % 10);
                t.rule = (k % 3 == 0).then(|| format!("TC-{k}"));
                t.references = vec![Reference::Cwe(u32::from(*k) + 1), Reference::Capec(66)];
            })
        }
        Op::DeleteThreat(a) => {
            let Some(t) = nth(model.threats.keys().cloned(), *a) else { return };
            commands::delete_threat(model, &t)
        }
        Op::DeleteSequenceDiagram => {
            let sequence = model.diagrams.iter().find(|d| matches!(d.view, DiagramView::Sequence(_)));
            let Some(id) = sequence.map(|d| d.id.clone()) else { return };
            commands::delete_diagram(model, &id)
        }
        Op::Dismiss(a, k) => {
            let targets = model
                .elements
                .keys()
                .cloned()
                .map(ThreatTarget::Element)
                .chain(model.flows.keys().cloned().map(ThreatTarget::Flow))
                .chain(model.boundaries.keys().cloned().map(ThreatTarget::Boundary));
            let Some(target) = nth(targets, *a) else { return };
            let key = SuggestionKey { rule: format!("TC-{}", k % 4), target };
            let reason = if model.dismissed.contains_key(&key) { None } else { Some(format!("reason {k}")) };
            Transaction { label: "Dismiss".into(), edits: vec![Edit::Dismissal(key, reason)] }
        }
        Op::Suppress(a, k) => {
            let messages = model.diagrams.iter().flat_map(|d| match &d.view {
                DiagramView::Sequence(s) => s.messages.iter().map(|m| Subject::Message(m.id.clone())).collect(),
                DiagramView::Dfd(_) => Vec::new(),
            });
            let subjects = std::iter::once(Subject::Model)
                .chain(model.elements.keys().cloned().map(Subject::Element))
                .chain(model.flows.keys().cloned().map(Subject::Flow))
                .chain(model.threats.keys().cloned().map(Subject::Threat))
                .chain(model.diagrams.iter().map(|d| Subject::Diagram(d.id.clone())))
                .chain(messages);
            let Some(subject) = nth(subjects, *a) else { return };
            let key = SuppressionKey { rule: format!("DFD{:03}", k % 4), subject };
            let reason = if model.suppressions.contains_key(&key) { None } else { Some(format!("because {k}")) };
            Transaction { label: "Suppress".into(), edits: vec![Edit::Suppression(key, reason)] }
        }
        Op::Paste(elements, boundaries, offset, into_sequence) => {
            let mut items: BTreeSet<Item> =
                elements.iter().filter_map(|i| element(model, *i)).map(Item::Element).collect();
            items.extend(
                boundaries.iter().filter_map(|i| nth(model.boundaries.keys().cloned(), *i)).map(Item::Boundary),
            );
            let Some(part) = clipboard::copy_part(model, &diagram, &items) else { return };
            let target = if *into_sequence { seq_diagram(model).unwrap_or(diagram) } else { diagram };
            let Some((tx, _)) = clipboard::paste_part(model, &target, &part, i32::from(*offset)) else {
                panic!("a copied part pastes")
            };
            tx
        }
        Op::Seq(op) => {
            let Some(tx) = sequence_tx(op, model, history) else { return };
            tx
        }
    };
    history.execute(model, tx).expect("command applies");
}

/// The transaction for a sequence command, `None` when it is refused (or ran as a gesture).
#[allow(clippy::too_many_lines)] // one arm per command
fn sequence_tx(op: &SeqOp, model: &mut Model, history: &mut History) -> Option<Transaction> {
    let d = seq_diagram(model)?;
    let view = seq_view(model, &d)?.clone();
    let lifeline = |i: usize| nth(view.lifelines.iter().cloned(), i);
    let message = |i: usize| nth(view.messages.iter().map(|m| m.id.clone()), i);
    let fragment = |i: usize| nth(view.fragments.iter().map(|g| g.id.clone()), i);
    let note = |i: usize| nth(view.notes.iter().map(|n| n.id.clone()), i);
    let model_ref: &Model = model;
    let result = match op {
        SeqOp::AddLifeline(e, i) => {
            sequence::add_lifeline(model_ref, &d, &nth(model_ref.elements.keys().cloned(), *e)?, *i)
        }
        SeqOp::AddParticipant(k, i) => {
            let kind = ElementKindTag::ALL[usize::from(*k) % 3];
            sequence::add_participant(model_ref, &d, kind, "participant", *i).map(|(_, tx)| tx)
        }
        SeqOp::MoveLifeline(l, i) => sequence::move_lifeline(model_ref, &d, &lifeline(*l)?, *i),
        SeqOp::ShuffleLifelines(moves) => {
            gesture(model, history, moves.len(), |m, i| {
                let (which, to) = moves[i];
                let id = nth(seq_view(m, &d)?.lifelines.iter().cloned(), which)?;
                sequence::move_lifeline(m, &d, &id, to).ok()
            });
            return None;
        }
        SeqOp::RemoveLifeline(l) => sequence::remove_lifeline(model_ref, &d, &lifeline(*l)?),
        SeqOp::AddMessage(a, b, i) => {
            sequence::add_message(model_ref, &d, &lifeline(*a)?, &lifeline(*b)?, *i).map(|(_, tx)| tx)
        }
        SeqOp::RemoveMessages(picks) => {
            let ids: BTreeSet<_> = picks.iter().filter_map(|i| message(*i)).collect();
            sequence::remove_messages(model_ref, &d, &ids)
        }
        SeqOp::UpdateMessage(m, k, text) => {
            let kind = [MessageKind::Call, MessageKind::Reply, MessageKind::Async][usize::from(*k) % 3];
            sequence::update_message(model_ref, &d, &message(*m)?, |x| {
                x.kind = kind;
                x.text.clone_from(text);
            })
        }
        SeqOp::RenameMessage(m, text) => sequence::rename_message(model_ref, &d, &message(*m)?, text),
        SeqOp::MoveMessage(m, i) => sequence::move_message(model_ref, &d, &message(*m)?, *i),
        SeqOp::DragMessage(m, positions) => {
            let id = message(*m)?;
            gesture(model, history, positions.len(), |x, i| sequence::move_message(x, &d, &id, positions[i]).ok());
            return None;
        }
        SeqOp::Wrap(a, b, k, guard) => {
            let kind = [FragmentKind::Alt, FragmentKind::Opt, FragmentKind::Loop][usize::from(*k) % 3];
            sequence::wrap_in_fragment(model_ref, &d, kind, &message(*a)?, &message(*b)?, guard).map(|(_, tx)| tx)
        }
        SeqOp::SetElse(g, m, guard) => sequence::set_else_branch(model_ref, &d, &fragment(*g)?, &message(*m)?, guard),
        SeqOp::RemoveElse(g) => sequence::remove_else_branch(model_ref, &d, &fragment(*g)?),
        SeqOp::Guard(g, guard) => sequence::set_fragment_guard(model_ref, &d, &fragment(*g)?, guard),
        SeqOp::ElseGuard(g, guard) => sequence::set_else_guard(model_ref, &d, &fragment(*g)?, guard),
        SeqOp::TypeGuard(g, guard) => {
            // Typing the guard a character at a time in one gesture.
            let id = fragment(*g)?;
            let prefixes: Vec<String> = (0..=guard.chars().count()).map(|n| guard.chars().take(n).collect()).collect();
            gesture(model, history, prefixes.len(), |m, i| sequence::set_fragment_guard(m, &d, &id, &prefixes[i]).ok());
            return None;
        }
        SeqOp::RemoveFragment(g) => sequence::remove_fragment(model_ref, &d, &fragment(*g)?),
        SeqOp::AddNote(l, after, text) => {
            let after = match after {
                Some(m) => Some(message(*m)?),
                None => None,
            };
            sequence::add_note(model_ref, &d, &lifeline(*l)?, after.as_ref(), text).map(|(_, tx)| tx)
        }
        SeqOp::EditNote(n, text) => sequence::set_note_text(model_ref, &d, &note(*n)?, text),
        SeqOp::RemoveNote(n) => sequence::remove_note(model_ref, &d, &note(*n)?),
        SeqOp::Delete(lifelines, messages) => {
            let lifelines: BTreeSet<_> = lifelines.iter().filter_map(|i| lifeline(*i)).collect();
            let messages: BTreeSet<_> = messages.iter().filter_map(|i| message(*i)).collect();
            sequence::delete_from_sequence(model_ref, &d, &lifelines, &messages)
        }
    };
    result.ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn undo_all_restores_the_bytes_and_redo_all_the_final_bytes(ops in proptest::collection::vec(op(), 1..32)) {
        let mut model = sample();
        let original = format::to_canonical_string(&model);
        let mut history = History::new();
        for op in &ops {
            apply(op, &mut model, &mut history);
            // Every command leaves a model that saves and loads back as itself.
            assert_round_trips(&model)?;
        }
        let last = format::to_canonical_string(&model);
        while history.undo(&mut model).expect("every step undoes").is_some() {
            assert_round_trips(&model)?;
        }
        prop_assert_eq!(format::to_canonical_string(&model), original);
        while history.redo(&mut model).expect("every step redoes").is_some() {}
        prop_assert_eq!(format::to_canonical_string(&model), last);
    }
}

#[test]
fn the_sample_round_trips_byte_for_byte() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/juice-shop.json");
    let bytes = std::fs::read_to_string(&path).expect("read");
    let model = format::load_bytes(bytes.as_bytes(), "sample").expect("loads");
    assert_eq!(format::to_canonical_string(&model), bytes);
}

#[test]
fn deleting_an_element_takes_flows_threats_boxes_lifelines_and_messages_in_one_step() {
    let mut model = sample();
    let before = format::to_canonical_string(&model);
    let p3 = ElementId::new("P3");
    let touching: Vec<_> = model.flows_touching(&p3).map(|(id, _)| id.clone()).collect();
    assert!(!touching.is_empty());
    let mut history = History::new();
    let tx = commands::delete(&model, &[Item::Element(p3.clone())]);
    history.execute(&mut model, tx).expect("delete");
    assert!(!model.elements.contains_key(&p3));
    assert!(touching.iter().all(|f| !model.flows.contains_key(f)));
    assert!(model.threats.values().all(|t| t.target != ThreatTarget::Element(p3.clone())));
    for d in &model.diagrams {
        match &d.view {
            DiagramView::Dfd(v) => assert!(!v.nodes.contains_key(&p3)),
            DiagramView::Sequence(s) => {
                assert!(!s.lifelines.contains(&p3));
                assert!(s.messages.iter().all(|m| m.from != p3 && m.to != p3));
            }
        }
    }
    // The result is still a valid file.
    format::load_bytes(format::to_canonical_string(&model).as_bytes(), "after delete").expect("valid");
    history.undo(&mut model).expect("undo");
    assert_eq!(format::to_canonical_string(&model), before);
}

#[test]
fn deleting_a_boundary_hands_members_to_its_parent() {
    let mut model = Model::default();
    let (outer, tx) = commands::add_boundary("outer", None, None);
    let mut history = History::new();
    history.execute(&mut model, tx).expect("add");
    let (inner, tx) = commands::add_boundary("inner", Some(outer.clone()), None);
    history.execute(&mut model, tx).expect("add");
    let (e, tx) = commands::add_element(ElementKindTag::Process, "p", Some(inner.clone()), None);
    history.execute(&mut model, tx).expect("add");
    let tx = commands::delete(&model, &[Item::Boundary(inner)]);
    history.execute(&mut model, tx).expect("delete");
    assert_eq!(model.elements[&e].boundary, Some(outer));
}

#[test]
fn a_drag_is_one_undo_step_and_cancel_leaves_no_trace() {
    let mut model = sample();
    let diagram = dfd(&model);
    let before = format::to_canonical_string(&model);
    let set: BTreeSet<ElementId> = [ElementId::new("P1")].into();
    let mut history = History::new();
    history.begin_gesture("Move");
    for _ in 0..50 {
        let tx = commands::move_items(&model, &diagram, &set, &BTreeSet::new(), 3, 1);
        history.execute(&mut model, tx).expect("move");
    }
    history.end_gesture(&mut model);
    assert_eq!(history.undo_label(), Some("Move"));
    history.undo(&mut model).expect("undo");
    assert_eq!(format::to_canonical_string(&model), before);
    assert!(history.undo_label().is_none(), "fifty moves were one step");

    history.begin_gesture("Move");
    let tx = commands::move_items(&model, &diagram, &set, &BTreeSet::new(), 30, 0);
    history.execute(&mut model, tx).expect("move");
    history.cancel_gesture(&mut model).expect("cancel");
    assert_eq!(format::to_canonical_string(&model), before);
    assert!(history.undo_label().is_none() && history.redo_label().is_none());

    history.begin_gesture("Move");
    history.end_gesture(&mut model);
    assert!(history.undo_label().is_none(), "an empty gesture leaves no step");
}

#[test]
fn history_state_tracks_unsaved_changes() {
    let mut model = Model::default();
    let mut history = History::new();
    let saved = history.state();
    let (_, tx) = commands::add_element(ElementKindTag::Process, "a", None, None);
    history.execute(&mut model, tx).expect("add");
    assert_ne!(history.state(), saved);
    history.undo(&mut model).expect("undo");
    assert_eq!(history.state(), saved);
    history.redo(&mut model).expect("redo");
    assert_ne!(history.state(), saved);
}

#[test]
fn a_moved_box_is_a_one_line_diff() {
    let mut model = sample();
    let diagram = dfd(&model);
    let before = format::to_canonical_string(&model);
    let set: BTreeSet<ElementId> = [ElementId::new("DS4")].into();
    let mut history = History::new();
    let tx = commands::move_items(&model, &diagram, &set, &BTreeSet::new(), 40, 0);
    history.execute(&mut model, tx).expect("move");
    let after = format::to_canonical_string(&model);
    let changed = before.lines().zip(after.lines()).filter(|(a, b)| a != b).count();
    assert_eq!(before.lines().count(), after.lines().count());
    assert_eq!(changed, 1, "moving one box changes one line");
}

#[test]
fn typing_after_a_save_in_the_middle_of_a_gesture_is_unsaved() {
    let mut model = Model::default();
    let mut history = History::new();
    let (e, tx) = commands::add_element(ElementKindTag::Process, "a", None, None);
    history.execute(&mut model, tx).expect("add");
    history.begin_gesture("Edit name");
    let tx = commands::update_element(&model, &e, |x| x.name = "ab".into());
    history.execute(&mut model, tx).expect("type");
    let saved = history.state();
    let tx = commands::update_element(&model, &e, |x| x.name = "abc".into());
    history.execute(&mut model, tx).expect("type more");
    assert_ne!(history.state(), saved, "the change after the save shows as unsaved");
    history.end_gesture(&mut model);
}

#[test]
fn an_edit_that_changes_nothing_does_not_make_the_document_unsaved() {
    let mut doc = threatcanvas::app::Document::from_model(sample(), None);
    let diagram = dfd(doc.model());
    let DiagramView::Dfd(view) = &doc.model().diagram(&diagram).expect("dfd").view else { panic!("dfd") };
    let (element, rect) = view.nodes.iter().next().map(|(e, r)| (e.clone(), *r)).expect("a placed element");
    // Placing an element exactly where it is: an edit, but no change.
    let tx = commands::set_node(&diagram, &element, rect);
    assert!(!tx.is_empty());
    doc.execute(tx).expect("applies");
    assert!(!doc.is_dirty());
    assert_eq!(doc.undo_label(), None, "no undo step for nothing");
    let tx = commands::set_node(&diagram, &element, rect.translated(10, 0));
    doc.execute(tx).expect("applies");
    assert!(doc.is_dirty());
}

/// Runs `edits` as one step.
fn run(model: &mut Model, history: &mut History, edits: Vec<Edit>) {
    history.execute(model, Transaction { label: "test".into(), edits }).expect("applies");
}

#[test]
fn deleting_takes_the_dismissals_and_suppressions_about_what_it_deletes() {
    let mut model = sample();
    // The sample's own triage is not what this test is about.
    model.dismissed.clear();
    let mut history = History::new();
    let threat_on = |m: &Model, flow: &threatcanvas::model::FlowId| {
        m.threats.iter().find(|(_, t)| t.target == ThreatTarget::Flow(flow.clone())).map(|(id, _)| id.clone())
    };
    let (sequence, message, threat) = model
        .diagrams
        .iter()
        .find_map(|d| match &d.view {
            DiagramView::Sequence(s) => s.messages.iter().find_map(|m| {
                let threat = threat_on(&model, m.flow.as_ref()?)?;
                Some((d.id.clone(), m.clone(), threat))
            }),
            DiagramView::Dfd(_) => None,
        })
        .expect("the sample has a sequence message carrying a flow with a threat");
    let element = message.from.clone();
    let flow = message.flow.clone().expect("a flow");
    let bystander = model.elements.keys().find(|e| **e != element && model.flows_touching(e).count() == 0);
    let bystander = bystander.cloned().unwrap_or_else(|| ElementId::new("nobody"));
    let dismiss =
        |target: ThreatTarget| Edit::Dismissal(SuggestionKey { rule: "TC-1".into(), target }, Some(String::new()));
    let suppress =
        |subject: Subject| Edit::Suppression(SuppressionKey { rule: "DFD001".into(), subject }, Some("r".into()));
    run(
        &mut model,
        &mut history,
        vec![
            dismiss(ThreatTarget::Element(element.clone())),
            dismiss(ThreatTarget::Flow(flow.clone())),
            suppress(Subject::Element(element.clone())),
            suppress(Subject::Flow(flow.clone())),
            suppress(Subject::Threat(threat.clone())),
            suppress(Subject::Message(message.id.clone())),
            suppress(Subject::Model),
            suppress(Subject::Diagram(sequence.clone())),
        ],
    );
    if model.elements.contains_key(&bystander) {
        run(&mut model, &mut history, vec![dismiss(ThreatTarget::Element(bystander.clone()))]);
    }
    let before = format::to_canonical_string(&model);
    let tx = commands::delete(&model, &[Item::Element(element)]);
    history.execute(&mut model, tx).expect("delete");
    let kept: Vec<&Subject> = model.suppressions.keys().map(|k| &k.subject).collect();
    assert_eq!(
        kept,
        [&Subject::Model, &Subject::Diagram(sequence.clone())],
        "only what survives keeps its suppression"
    );
    assert!(
        model.dismissed.keys().all(|k| k.target == ThreatTarget::Element(bystander.clone())),
        "{:?}",
        model.dismissed
    );
    format::load_bytes(format::to_canonical_string(&model).as_bytes(), "after delete").expect("still a valid file");
    history.undo(&mut model).expect("undo");
    assert_eq!(format::to_canonical_string(&model), before, "one undo brings every dismissal and suppression back");

    // Deleting the diagram takes the suppressions on it and on its messages.
    let tx = commands::delete_diagram(&model, &sequence);
    history.execute(&mut model, tx).expect("delete diagram");
    assert!(model.suppressions.keys().all(|k| !matches!(k.subject, Subject::Diagram(_) | Subject::Message(_))));
    format::load_bytes(format::to_canonical_string(&model).as_bytes(), "after delete").expect("still a valid file");
    history.undo(&mut model).expect("undo");
    assert_eq!(format::to_canonical_string(&model), before);

    // Deleting the threat takes the suppression on it.
    let tx = commands::delete_threat(&model, &threat);
    history.execute(&mut model, tx).expect("delete threat");
    assert!(!model.suppressions.keys().any(|k| k.subject == Subject::Threat(threat.clone())));
    history.undo(&mut model).expect("undo");
    assert_eq!(format::to_canonical_string(&model), before);
}

#[test]
fn dismissal_and_suppression_edits_return_their_exact_inverse() {
    let mut model = Model::default();
    let key = SuggestionKey { rule: "TC-XML-001".into(), target: ThreatTarget::Element(ElementId::new("P")) };
    let inverse = Edit::Dismissal(key.clone(), Some("no XML here".into())).apply(&mut model).expect("applies");
    assert_eq!(inverse, Edit::Dismissal(key.clone(), None));
    assert_eq!(model.dismissed[&key], "no XML here");
    let inverse = Edit::Dismissal(key.clone(), Some("changed".into())).apply(&mut model).expect("applies");
    assert_eq!(inverse, Edit::Dismissal(key.clone(), Some("no XML here".into())));
    inverse.apply(&mut model).expect("undo");
    assert_eq!(model.dismissed[&key], "no XML here");

    let key = SuppressionKey { rule: "DFD013".into(), subject: Subject::Model };
    let inverse = Edit::Suppression(key.clone(), Some("on purpose".into())).apply(&mut model).expect("applies");
    assert_eq!(inverse, Edit::Suppression(key.clone(), None));
    let redo = inverse.apply(&mut model).expect("undo");
    assert!(model.suppressions.is_empty());
    assert_eq!(redo, Edit::Suppression(key, Some("on purpose".into())));
}

#[test]
fn a_threat_list_shows_threats_by_rank_then_id() {
    let mut model = sample();
    // Start from equal ranks (the sample's accepted suggestions follow its own threats).
    for threat in model.threats.values_mut() {
        threat.rank = 0;
    }
    let target = model.threats.values().next().map(|t| t.target.clone()).expect("a threat");
    let ids: Vec<_> = model.threats_on(&target).map(|(id, _)| id.clone()).collect();
    assert!(ids.len() >= 2, "the sample's first target has several threats");
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "equal ranks: by id");
    let last = ids.last().cloned().expect("last");
    let mut history = History::new();
    let tx = commands::update_threat(&model, &ids[0], |t| t.rank = 1);
    history.execute(&mut model, tx).expect("rank");
    let reordered: Vec<_> = model.threats_on(&target).map(|(id, _)| id.clone()).collect();
    assert_eq!(reordered.last(), Some(&ids[0]));
    assert_eq!(reordered[reordered.len() - 2], last);
    let back = format::load_bytes(format::to_canonical_string(&model).as_bytes(), "ranked").expect("loads");
    assert_eq!(back, model);
}

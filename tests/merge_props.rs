//! Properties of diff and merge over generated models and generated edits:
//! - a model compared with itself has no changes;
//! - merge(base, x, base) = merge(base, base, x) = merge(base, x, x) = x;
//! - edits to disjoint records merge to a model holding both, whichever side is ours;
//! - every merge result, conflicts and all, saves and loads back.

// Generated positions are a few dozen units: they fit an i32 many times over.
#![allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]

use proptest::prelude::*;
use threatcanvas::diff::diff;
use threatcanvas::edit::commands::{self, Item};
use threatcanvas::edit::sequence;
use threatcanvas::edit::{Edit, apply_all};
use threatcanvas::format;
use threatcanvas::merge::merge;
use threatcanvas::model::{
    BoundaryId, DataFlow, DfdView, Diagram, DiagramId, DiagramView, Element, ElementId, ElementKindTag, ElseBranch,
    FlowId, Fragment, FragmentId, FragmentKind, Message, MessageId, MessageKind, Model, Note, NoteId, Point, Rect,
    SequenceView, Severity, Threat, ThreatCategory, ThreatId, ThreatStatus, ThreatTarget, TrustBoundary,
};

/// The sizes a base model is built from.
#[derive(Clone, Debug)]
struct Shape {
    elements: usize,
    boundaries: usize,
    flows: Vec<(usize, usize)>,
    messages: Vec<(usize, usize)>,
}

fn shape() -> impl Strategy<Value = Shape> {
    (2usize..8, 0usize..4).prop_flat_map(|(elements, boundaries)| {
        let pair = (0..elements, 0..elements);
        (
            Just(elements),
            Just(boundaries),
            prop::collection::vec(pair.clone(), 1..10),
            prop::collection::vec(pair, 0..8),
        )
            .prop_map(|(elements, boundaries, flows, messages)| Shape {
                elements,
                boundaries,
                flows,
                messages,
            })
    })
}

fn eid(i: usize) -> ElementId {
    ElementId::new(format!("e{i}"))
}

/// A valid model of `shape`: nested boundaries, elements in them, flows, threats, a DFD placing
/// everything and a sequence diagram with a fragment and a note.
fn build(shape: &Shape) -> Model {
    let mut m = Model::default();
    m.meta.title = "Generated".into();
    for b in 0..shape.boundaries {
        let parent = (b > 0 && b % 2 == 1).then(|| BoundaryId::new(format!("b{}", b - 1)));
        m.boundaries.insert(
            BoundaryId::new(format!("b{b}")),
            TrustBoundary { name: format!("Zone {b}"), parent, ..TrustBoundary::default() },
        );
    }
    let mut dfd = DfdView::default();
    for i in 0..shape.elements {
        let boundary =
            (shape.boundaries > 0 && i % 3 != 0).then(|| BoundaryId::new(format!("b{}", i % shape.boundaries)));
        let kind = ElementKindTag::ALL[i % 3].default_kind();
        m.elements.insert(eid(i), Element { name: format!("Element {i}"), kind, boundary, ..Element::default() });
        dfd.nodes.insert(eid(i), Rect::new(i as i32 * 200, 0, 120, 60));
    }
    for b in 0..shape.boundaries {
        dfd.boundaries.insert(BoundaryId::new(format!("b{b}")), Rect::new(-20, -20 - b as i32 * 10, 2000, 400));
    }
    for (j, (s, t)) in shape.flows.iter().enumerate() {
        let id = FlowId::new(format!("f{j}"));
        m.flows.insert(
            id.clone(),
            DataFlow {
                source: eid(*s),
                target: eid(*t),
                name: format!("Flow {j}"),
                encrypted: j % 2 == 0,
                ..DataFlow::default()
            },
        );
        if j % 3 == 0 {
            dfd.bends.insert(id.clone(), vec![Point::new(j as i32 * 10, 100)]);
        }
        let target = if j % 2 == 0 { ThreatTarget::Flow(id) } else { ThreatTarget::Element(eid(*s)) };
        m.threats.insert(
            ThreatId::new(format!("t{j}")),
            Threat {
                severity: Severity::Medium,
                ..Threat::new(target, ThreatCategory::Tampering, format!("Threat {j}"))
            },
        );
    }
    m.diagrams.push(Diagram { id: DiagramId::new("d-dfd"), name: "DFD".into(), view: DiagramView::Dfd(dfd) });
    let mut seq = SequenceView { lifelines: (0..shape.elements).map(eid).collect(), ..SequenceView::default() };
    for (k, (a, b)) in shape.messages.iter().enumerate() {
        let flow = m.flows.iter().find(|(_, f)| f.carries(&eid(*a), &eid(*b))).map(|(id, _)| id.clone());
        seq.messages.push(Message {
            id: MessageId::new(format!("m{k}")),
            from: eid(*a),
            to: eid(*b),
            flow,
            kind: MessageKind::Call,
            text: format!("step {k}"),
        });
    }
    if seq.messages.len() >= 3 {
        seq.fragments.push(Fragment {
            id: FragmentId::new("g0"),
            kind: FragmentKind::Alt,
            guard: "ok".into(),
            first: MessageId::new("m0"),
            last: MessageId::new("m2"),
            else_branch: Some(ElseBranch { first: MessageId::new("m1"), guard: "not ok".into() }),
        });
    }
    if !seq.messages.is_empty() {
        seq.notes.push(Note {
            id: NoteId::new("n0"),
            lifeline: eid(0),
            after: Some(MessageId::new("m0")),
            text: "note".into(),
        });
    }
    m.diagrams.push(Diagram { id: DiagramId::new("d-seq"), name: "Sequence".into(), view: DiagramView::Sequence(seq) });
    assert_eq!(m.validate(), Ok(()), "generated model is valid");
    m
}

/// One generated edit: an operation and three numbers it picks its records and values with.
type Op = (u8, usize, usize, usize);

fn ops(max: usize) -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec((0u8..16, 0usize..64, 0usize..64, 0usize..64), 0..max)
}

fn nth<K: Clone>(keys: impl ExactSizeIterator<Item = K>, i: usize) -> Option<K> {
    let n = keys.len();
    if n == 0 { None } else { keys.into_iter().nth(i % n) }
}

fn sequence(m: &Model) -> Option<&SequenceView> {
    m.diagrams.iter().find_map(|d| match &d.view {
        DiagramView::Sequence(v) => Some(v),
        DiagramView::Dfd(_) => None,
    })
}

/// The edits of one operation on `m`, as the app's commands would make them; new records get
/// ids starting with `side`, so two sides never pick the same one.
#[allow(clippy::many_single_char_names)] // the op's numbers are only picks: a, b, c
fn edits_of(m: &Model, (op, a, b, c): Op, side: &str, counter: usize) -> Vec<Edit> {
    let element = nth(m.elements.keys().cloned(), a);
    let flow = nth(m.flows.keys().cloned(), a);
    let seq_id = DiagramId::new("d-seq");
    match op {
        0 => element
            .map(|e| commands::update_element(m, &e, |x| x.name = format!("{side} name {b}")).edits)
            .unwrap_or_default(),
        1 => flow.map(|f| commands::update_flow(m, &f, |x| x.encrypted = !x.encrypted).edits).unwrap_or_default(),
        2 => match (element, m.diagram(&DiagramId::new("d-dfd")).map(|d| &d.view)) {
            (Some(e), Some(DiagramView::Dfd(v))) => v
                .nodes
                .get(&e)
                .map(|r| commands::set_node(&DiagramId::new("d-dfd"), &e, r.translated(b as i32, c as i32)).edits)
                .unwrap_or_default(),
            _ => Vec::new(),
        },
        3 => element.map(|e| commands::delete(m, &[Item::Element(e)]).edits).unwrap_or_default(),
        4 => {
            let boundary = nth(m.boundaries.keys().cloned(), b);
            commands::add_element(ElementKindTag::ALL[c % 3], &format!("{side} new {counter}"), boundary, None)
                .1
                .edits
                .into_iter()
                .map(|e| match e {
                    Edit::Element(_, v) => Edit::Element(ElementId::new(format!("{side}-e{counter}")), v),
                    other => other,
                })
                .collect()
        }
        5 => match (element, nth(m.elements.keys().cloned(), b)) {
            (Some(s), Some(t)) => vec![Edit::Flow(
                FlowId::new(format!("{side}-f{counter}")),
                Some(Box::new(DataFlow { source: s, target: t, name: format!("{side} flow"), ..DataFlow::default() })),
            )],
            _ => Vec::new(),
        },
        6 => nth(m.threats.keys().cloned(), a)
            .map(|t| commands::update_threat(m, &t, |x| x.status = ThreatStatus::ALL[b % 5]).edits)
            .unwrap_or_default(),
        7 => element
            .map(|e| commands::set_membership(m, &e, nth(m.boundaries.keys().cloned(), b).as_ref()).edits)
            .unwrap_or_default(),
        8 => nth(m.boundaries.keys().cloned(), a)
            .map(|x| commands::update_boundary(m, &x, |y| y.parent = nth(m.boundaries.keys().cloned(), b)).edits)
            .unwrap_or_default(),
        9..=11 => {
            let Some(view) = sequence(m) else { return Vec::new() };
            match op {
                9 => {
                    let (Some(from), Some(to)) =
                        (nth(view.lifelines.iter().cloned(), b), nth(view.lifelines.iter().cloned(), c))
                    else {
                        return Vec::new();
                    };
                    let flow = m.flows.iter().find(|(_, f)| f.carries(&from, &to)).map(|(id, _)| id.clone());
                    let at = a % (view.messages.len() + 1);
                    let id = MessageId::new(format!("{side}-m{counter}"));
                    let message = Message {
                        id: id.clone(),
                        from,
                        to,
                        flow,
                        kind: MessageKind::Async,
                        text: format!("{side} step"),
                    };
                    vec![Edit::Message(seq_id, id, Some((at, Box::new(message))))]
                }
                10 => nth(view.messages.iter().map(|x| x.id.clone()), a)
                    .and_then(|id| sequence::remove_messages(m, &seq_id, &[id].into()).ok())
                    .map(|tx| tx.edits)
                    .unwrap_or_default(),
                _ => nth(view.messages.iter().cloned(), a)
                    .map(|x| vec![Edit::Message(seq_id, x.id.clone(), Some((b % view.messages.len(), Box::new(x))))])
                    .unwrap_or_default(),
            }
        }
        12 => nth(m.threats.keys().cloned(), a).map(|t| commands::delete_threat(m, &t).edits).unwrap_or_default(),
        13 => flow
            .map(|f| commands::update_flow(m, &f, |x| x.name = format!("{side} flow {b}")).edits)
            .unwrap_or_default(),
        14 => flow.map(|f| commands::delete(m, &[Item::Flow(f)]).edits).unwrap_or_default(),
        _ => element
            .map(|e| commands::update_element(m, &e, |x| x.kind = ElementKindTag::ALL[b % 3].default_kind()).edits)
            .unwrap_or_default(),
    }
}

/// `base` after the operations that keep it valid (an operation that would break it, such as a
/// nesting loop or a reordering that crosses a fragment, is skipped, as the app refuses it).
fn edited(base: &Model, ops: &[Op], side: &str) -> Model {
    let mut m = base.clone();
    for (counter, op) in ops.iter().enumerate() {
        let edits = edits_of(&m, *op, side, counter);
        let mut next = m.clone();
        if apply_all(&mut next, edits).is_ok() && next.validate().is_ok() {
            m = next;
        }
    }
    m
}

fn assert_loads(m: &Model) {
    let text = format::to_canonical_string(m);
    let loaded = format::load_bytes(text.as_bytes(), "merged").unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(&loaded, m, "saves and loads back the same");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn a_model_compared_with_itself_has_no_changes(shape in shape(), ops in ops(12)) {
        let m = edited(&build(&shape), &ops, "x");
        prop_assert!(diff(&m, &m).is_empty());
    }

    #[test]
    fn one_sided_and_identical_changes_merge_to_themselves(shape in shape(), ops in ops(12)) {
        let base = build(&shape);
        let x = edited(&base, &ops, "x");
        prop_assert_eq!(&merge(&base, &x, &base).expect("merges"), &x);
        prop_assert_eq!(&merge(&base, &base, &x).expect("merges"), &x);
        prop_assert_eq!(&merge(&base, &x, &x).expect("merges"), &x);
    }

    #[test]
    fn every_merge_result_loads(shape in shape(), ours in ops(12), theirs in ops(12)) {
        let base = build(&shape);
        let o = edited(&base, &ours, "o");
        let t = edited(&base, &theirs, "t");
        let merged = merge(&base, &o, &t).expect("merges");
        prop_assert_eq!(merged.validate(), Ok(()));
        assert_loads(&merged);
    }

    #[test]
    fn edits_to_disjoint_records_merge_cleanly_whichever_side_is_ours(
        shape in shape(),
        ours in prop::collection::vec((0usize..64, 0usize..64), 0..6),
        theirs in prop::collection::vec((0usize..64, 0usize..64), 0..6),
    ) {
        let base = build(&shape);
        // Ours renames elements and reclassifies threats of the first half of the ids; theirs
        // changes flows and the second half's elements, and both add records.
        let half = shape.elements / 2;
        let mut o = base.clone();
        for (i, (a, b)) in ours.iter().enumerate() {
            let e = eid(a % half.max(1));
            if half > 0 {
                o.elements.get_mut(&e).expect("e").description = format!("ours {b}");
            }
            if let Some(t) = o.threats.keys().nth(a % o.threats.len().max(1)).cloned() {
                o.threats.get_mut(&t).expect("t").severity = Severity::ALL[b % 5];
            }
            o.elements.insert(ElementId::new(format!("o-new{i}")), Element { name: "ours".into(), ..Element::default() });
        }
        let mut t = base.clone();
        for (i, (a, b)) in theirs.iter().enumerate() {
            let e = eid(half + a % (shape.elements - half));
            t.elements.get_mut(&e).expect("e").name = format!("theirs {b}");
            if let Some(f) = t.flows.keys().nth(a % t.flows.len()).cloned() {
                t.flows.get_mut(&f).expect("f").protocol = format!("theirs {b}");
            }
            t.elements.insert(ElementId::new(format!("t-new{i}")), Element { name: "theirs".into(), ..Element::default() });
        }
        let merged = merge(&base, &o, &t).expect("merges");
        prop_assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
        prop_assert_eq!(&merge(&base, &t, &o).expect("merges"), &merged);
        for side in [&o, &t] {
            for change in diff(&base, side).changes {
                let id = change.record.id_str().expect("an id").to_owned();
                if let Some(e) = side.elements.get(&ElementId::new(id.clone())) {
                    prop_assert_eq!(merged.elements.get(&ElementId::new(id.clone())), Some(e));
                }
                if let Some(f) = side.flows.get(&FlowId::new(id.clone())) {
                    prop_assert_eq!(merged.flows.get(&FlowId::new(id.clone())), Some(f));
                }
            }
        }
        assert_loads(&merged);
    }
}

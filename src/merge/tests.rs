use super::*;
use crate::model::{BoundaryId, DataFlow, Element, FlowId, Message, MessageId, MessageKind, Side, ThreatStatus};

fn sample() -> Model {
    crate::format::juice_shop_sample()
}

fn first_element(m: &Model) -> ElementId {
    m.elements.keys().next().cloned().expect("an element")
}

fn loads(m: &Model) {
    assert_eq!(m.validate(), Ok(()));
    let text = crate::format::to_canonical_string(m);
    crate::format::load_bytes(text.as_bytes(), "merged").expect("the merge result loads");
}

#[test]
fn different_fields_of_one_record_merge_cleanly() {
    let base = sample();
    let e = first_element(&base);
    let mut ours = base.clone();
    ours.elements.get_mut(&e).expect("e").name = "Ours".into();
    let mut theirs = base.clone();
    theirs.elements.get_mut(&e).expect("e").description = "Theirs".into();
    let merged = merge(&base, &ours, &theirs).expect("merges");
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    assert_eq!(merged.elements[&e].name, "Ours");
    assert_eq!(merged.elements[&e].description, "Theirs");
    loads(&merged);
}

#[test]
fn one_field_changed_both_ways_is_a_conflict_holding_ours() {
    let base = sample();
    let (t, _) = base.threats.iter().next().expect("a threat");
    let t = t.clone();
    let mut ours = base.clone();
    ours.threats.get_mut(&t).expect("t").status = ThreatStatus::Mitigated;
    let mut theirs = base.clone();
    theirs.threats.get_mut(&t).expect("t").status = ThreatStatus::Accepted;
    let merged = merge(&base, &ours, &theirs).expect("merges");
    let key = ConflictKey { record: RecordId::Threat(t.clone()), field: Some("status".into()) };
    let conflict = &merged.conflicts[&key];
    assert_eq!(conflict.value(Side::Ours), Some(&FieldValue::Text("mitigated".into())));
    assert_eq!(conflict.value(Side::Theirs), Some(&FieldValue::Text("accepted".into())));
    assert_eq!(merged.threats[&t].status, ThreatStatus::Mitigated);
    loads(&merged);
}

#[test]
fn deleting_what_the_other_side_edits_keeps_it_as_a_conflict() {
    let base = sample();
    let e = first_element(&base);
    let ours = {
        let mut m = base.clone();
        let tx = crate::edit::commands::delete(&m, &[crate::edit::commands::Item::Element(e.clone())]);
        crate::edit::apply_all(&mut m, tx.edits).expect("delete");
        m
    };
    let mut theirs = base.clone();
    theirs.elements.get_mut(&e).expect("e").name = "Renamed".into();
    let merged = merge(&base, &ours, &theirs).expect("merges");
    assert_eq!(merged.elements[&e].name, "Renamed");
    let key = ConflictKey { record: RecordId::Element(e), field: None };
    assert_eq!(merged.conflicts[&key], Conflict::existence(true, false));
    loads(&merged);
}

#[test]
fn a_new_flow_to_a_deleted_element_brings_the_element_back_as_a_conflict() {
    let mut base = Model::default();
    for id in ["a", "b"] {
        base.elements.insert(ElementId::new(id), Element { name: id.into(), ..Element::default() });
    }
    let mut ours = base.clone();
    ours.elements.remove(&ElementId::new("b"));
    let mut theirs = base.clone();
    theirs.flows.insert(
        FlowId::new("f"),
        DataFlow { source: ElementId::new("a"), target: ElementId::new("b"), ..DataFlow::default() },
    );
    let merged = merge(&base, &ours, &theirs).expect("merges");
    assert!(merged.elements.contains_key(&ElementId::new("b")));
    assert!(merged.flows.contains_key(&FlowId::new("f")));
    let key = ConflictKey { record: RecordId::Element(ElementId::new("b")), field: None };
    assert_eq!(merged.conflicts.get(&key), Some(&Conflict::existence(true, false)));
    loads(&merged);
}

#[test]
fn nesting_changed_into_a_loop_is_cut_and_recorded() {
    let mut base = Model::default();
    for id in ["x", "y"] {
        base.boundaries.insert(BoundaryId::new(id), crate::model::TrustBoundary::default());
    }
    let mut ours = base.clone();
    ours.boundaries.get_mut(&BoundaryId::new("x")).expect("x").parent = Some(BoundaryId::new("y"));
    let mut theirs = base.clone();
    theirs.boundaries.get_mut(&BoundaryId::new("y")).expect("y").parent = Some(BoundaryId::new("x"));
    let merged = merge(&base, &ours, &theirs).expect("merges");
    assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
    loads(&merged);
}

#[test]
fn messages_added_on_both_sides_keep_their_places() {
    let base = sample();
    let (index, d) = base
        .diagrams
        .iter()
        .enumerate()
        .find(|(_, d)| matches!(d.view, DiagramView::Sequence(_)))
        .map(|(i, d)| (i, d.id.clone()))
        .expect("a sequence diagram");
    let add = |m: &Model, at: usize, id: &str| {
        let mut m = m.clone();
        if let DiagramView::Sequence(v) = &mut m.diagrams[index].view {
            let from = v.lifelines[0].clone();
            v.messages.insert(
                at,
                Message {
                    id: MessageId::new(id),
                    from: from.clone(),
                    to: from,
                    flow: None,
                    kind: MessageKind::Call,
                    text: id.into(),
                },
            );
        }
        m
    };
    let ours = add(&base, 1, "m-ours");
    let theirs = add(&base, 5, "m-theirs");
    let merged = merge(&base, &ours, &theirs).expect("merges");
    assert!(merged.conflicts.is_empty());
    let DiagramView::Sequence(v) = &merged.diagram(&d).expect("d").view else { panic!("sequence") };
    assert_eq!(v.messages[1].id.as_str(), "m-ours");
    assert_eq!(v.messages[6].id.as_str(), "m-theirs");
    assert_eq!(merge(&base, &theirs, &ours).expect("merges"), merged, "whichever side is ours");
    loads(&merged);
}

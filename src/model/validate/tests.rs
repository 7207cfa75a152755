use super::*;
use crate::model::{
    DataFlow, DfdView, Diagram, DiagramId, DiagramView, Element, ElseBranch, Fragment, FragmentId, FragmentKind,
    MAX_NAME_CHARS, MAX_REFERENCES, MAX_TEXT_CHARS, Message, MessageKind, Note, NoteId, Rect, SequenceView,
    SuggestionKey, SuppressionKey, Threat, ThreatCategory, TrustBoundary,
};

fn e(id: &str) -> ElementId {
    ElementId::new(id)
}

fn m(id: &str) -> MessageId {
    MessageId::new(id)
}

/// Elements A, B and C (C inside boundary TB), flow F: A → B, a DFD placing them and a sequence
/// diagram with lifelines A and B and one message carrying F.
fn valid() -> Model {
    let mut model = Model::default();
    model.boundaries.insert(BoundaryId::new("TB"), TrustBoundary { name: "Zone".into(), ..TrustBoundary::default() });
    for id in ["A", "B", "C"] {
        let boundary = (id == "C").then(|| BoundaryId::new("TB"));
        model.elements.insert(e(id), Element { name: id.into(), boundary, ..Element::default() });
    }
    model.flows.insert(FlowId::new("F"), DataFlow { source: e("A"), target: e("B"), ..DataFlow::default() });
    let mut dfd = DfdView::default();
    dfd.nodes.insert(e("A"), Rect::new(0, 0, 100, 50));
    dfd.boundaries.insert(BoundaryId::new("TB"), Rect::new(-10, -10, 300, 300));
    dfd.bends.insert(FlowId::new("F"), vec![Point::new(50, 200)]);
    model.diagrams.push(Diagram { id: DiagramId::new("D1"), name: "DFD".into(), view: DiagramView::Dfd(dfd) });
    let seq = SequenceView {
        lifelines: vec![e("A"), e("B")],
        messages: vec![message("M1", "A", "B", Some("F"))],
        ..SequenceView::default()
    };
    model.diagrams.push(Diagram { id: DiagramId::new("D2"), name: "Seq".into(), view: DiagramView::Sequence(seq) });
    model
}

fn message(id: &str, from: &str, to: &str, flow: Option<&str>) -> Message {
    Message {
        id: m(id),
        from: e(from),
        to: e(to),
        flow: flow.map(FlowId::new),
        kind: MessageKind::Call,
        text: String::new(),
    }
}

fn seq(model: &mut Model) -> &mut SequenceView {
    match &mut model.diagrams[1].view {
        DiagramView::Sequence(s) => s,
        DiagramView::Dfd(_) => panic!("the second diagram is a sequence"),
    }
}

fn dfd(model: &mut Model) -> &mut DfdView {
    match &mut model.diagrams[0].view {
        DiagramView::Dfd(v) => v,
        DiagramView::Sequence(_) => panic!("the first diagram is a DFD"),
    }
}

/// The problems of `model`, which must have some.
fn problems(model: &Model) -> Vec<Problem> {
    model.validate().expect_err("the model is invalid")
}

/// Asserts `model` has exactly the one problem `fault` at `at`.
fn assert_only(model: &Model, at: Location, fault: Fault) {
    assert_eq!(problems(model), vec![Problem { at, fault }]);
}

fn named(field: &'static str) -> Field {
    Field::Named(field)
}

#[test]
fn the_base_model_and_an_empty_one_are_valid() {
    assert_eq!(valid().validate(), Ok(()));
    assert_eq!(Model::default().validate(), Ok(()));
}

#[test]
fn references_between_records_must_resolve() {
    let mut model = valid();
    model.elements.get_mut(&e("A")).expect("A").boundary = Some(BoundaryId::new("GONE"));
    assert_only(&model, Location::Element(e("A"), named("boundary")), Fault::NoSuchBoundary(BoundaryId::new("GONE")));

    let mut model = valid();
    model.boundaries.get_mut(&BoundaryId::new("TB")).expect("TB").parent = Some(BoundaryId::new("GONE"));
    assert_only(
        &model,
        Location::Boundary(BoundaryId::new("TB"), named("parent")),
        Fault::NoSuchBoundary(BoundaryId::new("GONE")),
    );

    let mut model = valid();
    model.flows.get_mut(&FlowId::new("F")).expect("F").source = e("GONE");
    let problems = problems(&model);
    assert_eq!(problems[0].at, Location::Flow(FlowId::new("F"), named("source")));
    assert_eq!(problems[0].to_string(), "flow F.source: flow F has source \"GONE\", which is not an element");

    let mut model = valid();
    let threat = Threat::new(ThreatTarget::Flow(FlowId::new("GONE")), ThreatCategory::Tampering, "t");
    model.threats.insert(ThreatId::new("T"), threat);
    assert_only(
        &model,
        Location::Threat(ThreatId::new("T"), named("target")),
        Fault::NoSuchThreatTarget { threat: ThreatId::new("T"), target: ThreatTarget::Flow(FlowId::new("GONE")) },
    );
}

#[test]
fn dfd_boxes_regions_and_bends_name_records_in_range() {
    let mut model = valid();
    dfd(&mut model).nodes.insert(e("GONE"), Rect::new(0, 0, 10, 10));
    assert_only(&model, Location::Node(0, e("GONE")), Fault::PlacesNoElement(e("GONE")));

    let mut model = valid();
    dfd(&mut model).boundaries.insert(BoundaryId::new("GONE"), Rect::new(0, 0, 10, 10));
    assert_only(&model, Location::Region(0, BoundaryId::new("GONE")), Fault::PlacesNoBoundary(BoundaryId::new("GONE")));

    let mut model = valid();
    dfd(&mut model).bends.insert(FlowId::new("GONE"), Vec::new());
    assert_only(&model, Location::Bends(0, FlowId::new("GONE"), None), Fault::BendsNoFlow(FlowId::new("GONE")));

    let mut model = valid();
    dfd(&mut model).nodes.insert(e("B"), Rect::new(MAX_COORD + 1, 0, 10, 10));
    dfd(&mut model).nodes.insert(e("C"), Rect::new(0, 0, MAX_EXTENT + 1, 10));
    assert_eq!(problems(&model).iter().filter(|p| p.fault == Fault::BoxOutOfRange).count(), 2);

    let mut model = valid();
    let far = Point::new(0, -MAX_COORD - 1);
    dfd(&mut model).bends.insert(FlowId::new("F"), vec![Point::new(MAX_COORD, -MAX_COORD), far]);
    assert_only(&model, Location::Bends(0, FlowId::new("F"), Some(1)), Fault::PointOutOfRange(far));
}

#[test]
fn boundaries_must_not_nest_in_a_circle() {
    let mut model = valid();
    for (id, parent) in [("X", "Y"), ("Y", "Z"), ("Z", "X")] {
        let boundary = TrustBoundary { parent: Some(BoundaryId::new(parent)), ..TrustBoundary::default() };
        model.boundaries.insert(BoundaryId::new(id), boundary);
    }
    let cycle = ["X", "Y", "Z"].map(BoundaryId::new).to_vec();
    let problems = problems(&model);
    assert_eq!(
        problems,
        vec![Problem {
            at: Location::Boundary(BoundaryId::new("X"), named("parent")),
            fault: Fault::BoundaryCycle(cycle)
        }]
    );
    assert_eq!(problems[0].fault.to_string(), "boundaries nest in a circle: X → Y → Z → X");
}

#[test]
fn ids_are_well_formed_and_unique_across_every_kind() {
    let mut model = valid();
    model.flows.insert(FlowId::new("A"), DataFlow { source: e("A"), target: e("B"), ..DataFlow::default() });
    assert_only(
        &model,
        Location::Flow(FlowId::new("A"), named("id")),
        Fault::DuplicateId { id: "A".into(), first: Location::Element(e("A"), Field::Whole) },
    );

    let mut model = valid();
    seq(&mut model).messages.push(message("D1", "B", "B", None));
    seq(&mut model).notes.push(Note { id: NoteId::new("M1"), lifeline: e("A"), after: None, text: String::new() });
    let problems = problems(&model);
    assert_eq!(problems.len(), 2);
    assert_eq!(problems[0].fault, Fault::DuplicateId { id: "D1".into(), first: Location::Diagram(0, Field::Whole) });
    assert_eq!(problems[0].at, Location::Message(1, 1, named("id")));
    assert_eq!(problems[1].at, Location::Note(1, 0, named("id")));
    assert_eq!(problems[1].to_string(), "diagram 2, note 1.id: id \"M1\" is already used by diagram 2, message 1");

    let mut model = valid();
    model.elements.insert(e("a b"), Element::default());
    assert_only(&model, Location::Element(e("a b"), named("id")), Fault::BadId("a b".into()));
}

#[test]
fn messages_run_between_lifelines_of_their_diagram_and_agree_with_their_flow() {
    let mut model = valid();
    seq(&mut model).messages.push(message("M2", "A", "C", None));
    assert_only(&model, Location::Message(1, 1, named("to")), Fault::NoLifeline(e("C")));

    let mut model = valid();
    seq(&mut model).messages.push(message("M2", "B", "A", Some("F")));
    let expected = Fault::FlowMismatch {
        message: m("M2"),
        from: e("B"),
        to: e("A"),
        flow: FlowId::new("F"),
        flow_from: e("A"),
        flow_to: e("B"),
    };
    assert_only(&model, Location::Message(1, 1, named("flow")), expected);
    model.flows.get_mut(&FlowId::new("F")).expect("F").bidirectional = true;
    assert_eq!(model.validate(), Ok(()), "a two-way flow carries either way");

    let mut model = valid();
    seq(&mut model).messages.push(message("M2", "A", "B", Some("GONE")));
    assert_only(&model, Location::Message(1, 1, named("flow")), Fault::NoSuchFlow(FlowId::new("GONE")));

    let mut model = valid();
    seq(&mut model).lifelines.extend([e("GONE"), e("A")]);
    let problems = problems(&model);
    assert_eq!(problems[0], Problem { at: Location::Lifeline(1, 2), fault: Fault::LifelineNoElement(e("GONE")) });
    assert_eq!(problems[1], Problem { at: Location::Lifeline(1, 3), fault: Fault::RepeatedLifeline(e("A")) });
}

#[test]
fn fragments_and_notes_anchor_on_messages_of_their_diagram_in_order() {
    let fragment = |first: &str, last: &str, else_first: Option<&str>| Fragment {
        id: FragmentId::new("G"),
        kind: FragmentKind::Alt,
        guard: String::new(),
        first: m(first),
        last: m(last),
        else_branch: else_first.map(|id| ElseBranch { first: m(id), guard: String::new() }),
    };
    let with = |g: Fragment| {
        let mut model = valid();
        let s = seq(&mut model);
        s.messages.push(message("M2", "A", "A", None));
        s.messages.push(message("M3", "B", "B", None));
        s.fragments.push(g);
        model
    };
    assert_eq!(with(fragment("M1", "M3", Some("M2"))).validate(), Ok(()));
    assert_only(&with(fragment("M3", "M1", None)), Location::Fragment(1, 0, named("last")), Fault::LastBeforeFirst);
    for else_first in ["M1", "M3"] {
        let model = with(fragment("M1", "M2", Some(else_first)));
        assert_only(&model, Location::Fragment(1, 0, named("else_first")), Fault::ElseOutsideFragment);
    }
    let model = with(fragment("GONE", "M2", None));
    assert_only(&model, Location::Fragment(1, 0, named("first")), Fault::NoSuchMessage(m("GONE")));

    let mut model = valid();
    seq(&mut model).notes.push(Note {
        id: NoteId::new("N"),
        lifeline: e("C"),
        after: Some(m("GONE")),
        text: String::new(),
    });
    let problems = problems(&model);
    assert_eq!(problems[0], Problem { at: Location::Note(1, 0, named("lifeline")), fault: Fault::NoLifeline(e("C")) });
    assert_eq!(
        problems[1],
        Problem { at: Location::Note(1, 0, named("after")), fault: Fault::NoSuchMessage(m("GONE")) }
    );
}

#[test]
fn texts_are_checked_against_their_limits_in_characters() {
    let mut model = valid();
    // Multi-byte characters: the limit counts characters, not bytes.
    model.elements.get_mut(&e("A")).expect("A").name = "é".repeat(MAX_NAME_CHARS);
    model.meta.scope = "x".repeat(MAX_TEXT_CHARS);
    assert_eq!(model.validate(), Ok(()));
    model.elements.get_mut(&e("B")).expect("B").name = "é".repeat(MAX_NAME_CHARS + 1);
    model.meta.contributors = vec![String::new(), "x".repeat(MAX_NAME_CHARS + 1)];
    model.meta.scope.push('x');
    let at: Vec<Location> = problems(&model).into_iter().map(|p| p.at).collect();
    assert_eq!(
        at,
        [
            Location::Meta(named("scope")),
            Location::Meta(Field::Item("contributors", 1)),
            Location::Element(e("B"), named("name")),
        ]
    );
}

#[test]
fn threat_references_and_rules_are_checked() {
    let mut model = valid();
    let mut threat = Threat::new(ThreatTarget::Element(e("A")), ThreatCategory::Spoofing, "t");
    threat.rule = Some("TC XML".into());
    threat.references = vec![Reference::Cwe(79), Reference::Link("CWE-80".into()), Reference::Cwe(79)];
    model.threats.insert(ThreatId::new("T"), threat);
    let faults: Vec<(Field, String)> = problems(&model)
        .into_iter()
        .map(|p| match p.at {
            Location::Threat(_, field) => (field, p.fault.to_string()),
            other => panic!("not a threat: {other}"),
        })
        .collect();
    assert_eq!(faults[0].0, named("rule"));
    assert_eq!(
        faults[1],
        (
            Field::Item("references", 1),
            "\"CWE-80\" is not a link: a link names a host after http:// or https:// and has no spaces".to_owned()
        )
    );
    assert_eq!(faults[2], (Field::Item("references", 2), "CWE-79 is listed twice".to_owned()));

    let mut model = valid();
    let mut threat = Threat::new(ThreatTarget::Element(e("A")), ThreatCategory::Spoofing, "t");
    threat.references = (1..=u32::try_from(MAX_REFERENCES).expect("small") + 1).map(Reference::Cwe).collect();
    model.threats.insert(ThreatId::new("T"), threat);
    assert_only(
        &model,
        Location::Threat(ThreatId::new("T"), named("references")),
        Fault::TooManyReferences(MAX_REFERENCES + 1),
    );
}

#[test]
fn dismissals_and_suppressions_name_what_exists_with_valid_rules_and_reasons() {
    let mut model = valid();
    let gone = SuggestionKey { rule: "TC-1".into(), target: ThreatTarget::Element(e("GONE")) };
    model.dismissed.insert(gone.clone(), String::new());
    let bad_rule = SuggestionKey { rule: "not a rule".into(), target: ThreatTarget::Element(e("A")) };
    model.dismissed.insert(bad_rule.clone(), String::new());
    let on_message = SuppressionKey { rule: "SEQ001".into(), subject: Subject::Message(m("M1")) };
    model.suppressions.insert(on_message.clone(), "Reviewed".into());
    let unexplained = SuppressionKey { rule: "DFD001".into(), subject: Subject::Model };
    model.suppressions.insert(unexplained.clone(), " ".into());
    let on_gone = SuppressionKey { rule: "DFD001".into(), subject: Subject::Diagram(DiagramId::new("GONE")) };
    model.suppressions.insert(on_gone.clone(), "Reviewed".into());
    let problems = problems(&model);
    assert_eq!(
        problems,
        vec![
            Problem {
                at: Location::Dismissal(gone, named("target")),
                fault: Fault::NoSuchDismissalTarget(ThreatTarget::Element(e("GONE")))
            },
            Problem { at: Location::Dismissal(bad_rule, named("rule")), fault: Fault::BadRuleId("not a rule".into()) },
            Problem { at: Location::Suppression(unexplained, named("reason")), fault: Fault::NoReason },
            Problem {
                at: Location::Suppression(on_gone, named("target")),
                fault: Fault::NoSuchSubject(Subject::Diagram(DiagramId::new("GONE")))
            },
        ]
    );
    model.diagrams.pop();
    let after = model.validate().expect_err("the message went with its diagram");
    assert!(after.iter().any(|p| p.at == Location::Suppression(on_message.clone(), named("target"))), "{after:?}");
}

#[test]
fn the_list_stops_at_the_cap() {
    let mut model = valid();
    for i in 0..MAX_PROBLEMS * 3 {
        let flow = DataFlow { source: e("GONE"), target: e("B"), ..DataFlow::default() };
        model.flows.insert(FlowId::new(format!("F{i:04}")), flow);
    }
    assert_eq!(problems(&model).len(), MAX_PROBLEMS);
}

#[test]
fn conflict_values_stay_within_the_limits_of_their_field() {
    use crate::model::{Conflict, ConflictKey, FieldValue, RecordId};
    let mut model = valid();
    let key = |field: &str| ConflictKey { record: RecordId::Element(e("A")), field: Some(field.into()) };
    let long = "x".repeat(MAX_TEXT_CHARS + 1);
    let text = |s: &str| Some(FieldValue::Text(s.into()));
    model.conflicts.insert(key("name"), Conflict { base: text("A"), ours: text("A2"), theirs: text("A3") });
    assert_eq!(model.validate(), Ok(()), "an open conflict is no fault of the model");
    model.conflicts.insert(key("description"), Conflict { base: text(""), ours: text("d"), theirs: text(&long) });
    assert_only(
        &model,
        Location::Conflict(key("description"), named("theirs")),
        Fault::TooLong { chars: MAX_TEXT_CHARS + 1, limit: MAX_TEXT_CHARS },
    );
    model.conflicts.remove(&key("description"));
    let record =
        ConflictKey { record: RecordId::Bends(DiagramId::new("D1"), FlowId::new("F")), field: Some("points".into()) };
    let far = Point::new(MAX_COORD + 1, 0);
    let points = |p: Point| Some(FieldValue::Points(vec![Point::new(0, 0), p]));
    model.conflicts.insert(record.clone(), Conflict { base: None, ours: points(far), theirs: None });
    assert_only(&model, Location::Conflict(record, Field::Item("ours", 1)), Fault::PointOutOfRange(far));
}

#[test]
fn a_problem_names_its_record_and_the_missing_one_by_id() {
    use crate::model::RecordId;
    let mut model = valid();
    seq(&mut model).messages.push(message("M2", "A", "C", None));
    let found = problems(&model);
    assert_eq!(found.len(), 1, "{found:?}");
    let d2 = DiagramId::new("D2");
    assert_eq!(found[0].record(&model), Some(RecordId::Message(d2.clone(), m("M2"))));
    assert_eq!(found[0].missing(&model), Some(RecordId::Lifeline(d2, e("C"))));
    let mut model = valid();
    model.flows.get_mut(&FlowId::new("F")).expect("flow F").target = e("Z");
    let found = problems(&model);
    assert!(found.iter().any(|p| p.missing(&model) == Some(RecordId::Element(e("Z")))), "{found:?}");
    let mut model = valid();
    model.flows.get_mut(&FlowId::new("F")).expect("flow F").source = e("B");
    let found = problems(&model);
    assert_eq!(found[0].missing(&model), None, "a flow going the other way names nothing missing");
    assert_eq!(found[0].record(&model), Some(RecordId::Message(DiagramId::new("D2"), m("M1"))));
}

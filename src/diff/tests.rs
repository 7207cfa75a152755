use super::*;
use crate::model::{
    BoundaryId, DataFlow, DfdView, Diagram, DiagramView, Element, ElementId, FlowId, Message, MessageId, MessageKind,
    Rect, SequenceView, Severity, Threat, ThreatCategory, ThreatId, ThreatStatus, ThreatTarget, TrustBoundary,
};

fn base() -> Model {
    let mut m = Model::default();
    m.boundaries.insert(BoundaryId::new("net"), TrustBoundary { name: "Internet".into(), ..TrustBoundary::default() });
    m.elements.insert(ElementId::new("a"), Element { name: "Browser".into(), ..Element::default() });
    m.elements.insert(ElementId::new("b"), Element { name: "API".into(), ..Element::default() });
    m.flows.insert(
        FlowId::new("f"),
        DataFlow {
            source: ElementId::new("a"),
            target: ElementId::new("b"),
            name: "Login".into(),
            encrypted: true,
            authenticated: true,
            ..DataFlow::default()
        },
    );
    let mut view = DfdView::default();
    view.nodes.insert(ElementId::new("a"), Rect::new(0, 0, 100, 50));
    view.nodes.insert(ElementId::new("b"), Rect::new(300, 0, 100, 50));
    m.diagrams.push(Diagram {
        id: crate::model::DiagramId::new("d"),
        name: "DFD".into(),
        view: DiagramView::Dfd(view),
    });
    m
}

fn dfd(m: &mut Model) -> &mut DfdView {
    match &mut m.diagrams[0].view {
        DiagramView::Dfd(v) => v,
        DiagramView::Sequence(_) => unreachable!("the test model's first diagram is a DFD"),
    }
}

#[test]
fn a_model_compared_with_itself_has_no_changes() {
    let m = base();
    let d = diff(&m, &m);
    assert!(d.is_empty());
    assert!(d.security.is_empty());
}

#[test]
fn a_rename_is_one_changed_field() {
    let old = base();
    let mut new = old.clone();
    new.elements.get_mut(&ElementId::new("a")).expect("a").name = "Web app".into();
    let d = diff(&old, &new);
    assert_eq!(d.changes.len(), 1);
    assert_eq!(d.changes[0].record, RecordId::Element(ElementId::new("a")));
    assert_eq!(
        d.changes[0].change,
        Change::Changed(vec![FieldChange {
            field: "name",
            before: Some(FieldValue::Text("Browser".into())),
            after: Some(FieldValue::Text("Web app".into())),
        }])
    );
}

#[test]
fn moving_an_element_into_a_boundary_makes_its_flow_cross_it() {
    let old = base();
    let mut new = old.clone();
    new.elements.get_mut(&ElementId::new("a")).expect("a").boundary = Some(BoundaryId::new("net"));
    let d = diff(&old, &new);
    assert_eq!(d.security.len(), 1, "{:?}", d.security);
    assert_eq!(d.security[0].record, RecordId::Flow(FlowId::new("f")));
    assert_eq!(d.security[0].concern, Concern::NowCrosses(vec![BoundaryId::new("net")]));
    assert!(d.security[0].text.contains("\"Internet\""), "{}", d.security[0].text);
    let back = diff(&new, &old);
    assert_eq!(back.security[0].concern, Concern::NoLongerCrosses(vec![BoundaryId::new("net")]));
}

#[test]
fn lost_protections_scope_new_records_and_threat_triage_are_security_relevant() {
    let mut old = base();
    old.threats.insert(
        ThreatId::new("t1"),
        Threat::new(ThreatTarget::Flow(FlowId::new("f")), ThreatCategory::Spoofing, "Replay"),
    );
    let mut new = old.clone();
    let f = new.flows.get_mut(&FlowId::new("f")).expect("f");
    f.encrypted = false;
    f.authenticated = false;
    new.elements.get_mut(&ElementId::new("b")).expect("b").out_of_scope = true;
    new.elements.insert(ElementId::new("c"), Element { name: "Cache".into(), ..Element::default() });
    let t1 = new.threats.get_mut(&ThreatId::new("t1")).expect("t1");
    t1.status = ThreatStatus::Mitigated;
    t1.severity = Severity::Low;
    new.threats.insert(
        ThreatId::new("t2"),
        Threat {
            severity: Severity::Critical,
            ..Threat::new(ThreatTarget::Element(ElementId::new("c")), ThreatCategory::Tampering, "Poison")
        },
    );
    let concerns: Vec<Concern> = diff(&old, &new).security.into_iter().map(|s| s.concern).collect();
    assert_eq!(
        concerns,
        vec![
            Concern::NewSevereThreat(Severity::Critical),
            Concern::LostEncryption,
            Concern::LostAuthentication,
            Concern::ScopeChanged { in_scope: false },
            Concern::StatusChanged(ThreatStatus::Open, ThreatStatus::Mitigated),
            Concern::SeverityChanged(Severity::Unrated, Severity::Low),
        ]
    );
    new.threats.remove(&ThreatId::new("t2"));
    let concerns: Vec<Concern> = diff(&old, &new).security.into_iter().map(|s| s.concern).collect();
    assert!(concerns.contains(&Concern::NoThreats), "{concerns:?}");
}

#[test]
fn layout_is_apart_and_summed_up() {
    let old = base();
    let mut new = old.clone();
    for r in dfd(&mut new).nodes.values_mut() {
        *r = r.translated(10, 0);
    }
    let d = diff(&old, &new);
    assert!(d.changes.is_empty());
    assert_eq!(d.layout.len(), 2);
    assert_eq!(d.layout_counts()[0].count, 2);
    let report = report::Report { diff: &d, old: &old, new: &new, layout: false, title: "x" };
    assert!(
        report::text(&report).contains("on diagram \"DFD\": 2 elements moved or resized"),
        "{}",
        report::text(&report)
    );
    let marks = d.marks_on(&crate::model::DiagramId::new("d"));
    assert_eq!(marks.get(&RecordId::Element(ElementId::new("a"))), Some(&ChangeKind::Changed));
}

#[test]
fn reordering_messages_is_one_order_change_and_adding_one_is_not_a_reorder() {
    let mut old = base();
    let message = |id: &str| Message {
        id: MessageId::new(id),
        from: ElementId::new("a"),
        to: ElementId::new("b"),
        flow: Some(FlowId::new("f")),
        kind: MessageKind::Call,
        text: id.to_owned(),
    };
    let view = SequenceView {
        lifelines: vec![ElementId::new("a"), ElementId::new("b")],
        messages: vec![message("m1"), message("m2")],
        ..SequenceView::default()
    };
    old.diagrams.push(Diagram {
        id: crate::model::DiagramId::new("s"),
        name: "Seq".into(),
        view: DiagramView::Sequence(view),
    });
    let mut added = old.clone();
    let mut swapped = old.clone();
    if let (DiagramView::Sequence(a), DiagramView::Sequence(s)) =
        (&mut added.diagrams[1].view, &mut swapped.diagrams[1].view)
    {
        a.messages.insert(1, message("m3"));
        s.messages.swap(0, 1);
    }
    let d = diff(&old, &added);
    assert_eq!(d.changes.len(), 1, "{:?}", d.changes);
    assert_eq!(d.changes[0].change, Change::Added);
    let d = diff(&old, &swapped);
    assert_eq!(d.changes.len(), 1, "{:?}", d.changes);
    let Change::Changed(fields) = &d.changes[0].change else { panic!("{:?}", d.changes) };
    assert_eq!(fields[0].field, "messages");
}

#[test]
fn markdown_escapes_names_and_code_spans() {
    let old = base();
    let mut new = old.clone();
    new.elements.get_mut(&ElementId::new("a")).expect("a").name = "*bold* `tick` | pipe".into();
    let d = diff(&old, &new);
    let text = report::markdown(&report::Report { diff: &d, old: &old, new: &new, layout: false, title: "m.json" });
    assert!(text.contains("\\*bold\\*"), "{text}");
    assert!(text.contains("`` \"*bold* `tick` | pipe\" ``") || text.contains("``\"*bold* `tick` | pipe\"``"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&report::json(&report::Report {
        diff: &d,
        old: &old,
        new: &new,
        layout: false,
        title: "",
    }))
    .expect("JSON");
    assert_eq!(json["equal"], false);
    assert_eq!(json["changes"][0]["fields"][0]["after"], "*bold* `tick` | pipe");
}

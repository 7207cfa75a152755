//! Export then import: the sample, and a model with two data-flow diagrams sharing elements,
//! through Threat Dragon and OTM.

use std::collections::BTreeMap;

use serde_json::Value;
use threatcanvas::interop::{self, Format, RecordKind, WarningKind};
use threatcanvas::model::{Diagram, DiagramView, Model};

use super::{assert_valid, sample};

/// Every element, flow, boundary and threat survives export then import; through Threat
/// Dragon, everything else but sequence diagrams, dismissed suggestions and suppressions too;
/// through OTM, everything but what its export warnings name.
pub(crate) fn assert_round_trip(model: &Model, format: Format, what: &str) -> Model {
    let exported = interop::export(model, format);
    let back =
        interop::import_bytes(exported.text.as_bytes(), what, Some(format)).unwrap_or_else(|e| panic!("{what}: {e}"));
    let m = &back.model;
    let via = format!("{what} through {}", format.label());
    assert_eq!(
        (m.elements.len(), m.flows.len(), m.boundaries.len(), m.threats.len()),
        (model.elements.len(), model.flows.len(), model.boundaries.len(), model.threats.len()),
        "{via}\n{}",
        back.summary
    );
    for (id, e) in &model.elements {
        let again = &m.elements[id];
        assert_eq!(
            (&again.name, &again.boundary, again.kind.tag(), again.out_of_scope),
            (&e.name, &e.boundary, e.kind.tag(), e.out_of_scope),
            "{via}: {id}"
        );
    }
    for (id, t) in &model.threats {
        let again = m.threats.get(id).unwrap_or_else(|| panic!("{via}: threat {id} lost"));
        assert_eq!(
            (&again.target, again.category, again.status, again.severity),
            (&t.target, t.category, t.status, t.severity),
            "{via}: {id}"
        );
    }
    if format == Format::ThreatDragon {
        assert_threat_dragon_keeps_everything(model, m, &via);
    } else if format == Format::Otm {
        super::otm_fidelity::assert_otm_keeps_everything(model, m, &exported.warnings, &via);
    }
    assert_valid(m, what);
    back.model
}

/// What a Threat Dragon round trip must keep beyond the counts. Assumptions standing for
/// Threat Dragon's flags come back in Threat Dragon's order, so they compare as sets.
fn assert_threat_dragon_keeps_everything(model: &Model, m: &Model, via: &str) {
    let sorted = |a: &[String]| -> Vec<String> {
        let mut a = a.to_vec();
        a.sort();
        a
    };
    assert_eq!(m.meta, model.meta, "{via}: the model's metadata");
    for (id, e) in &model.elements {
        let again = &m.elements[id];
        assert_eq!(sorted(&again.assumptions), sorted(&e.assumptions), "{via}: {id}");
        let mut again = again.clone();
        again.assumptions.clone_from(&e.assumptions);
        assert_eq!(&again, e, "{via}: {id}");
    }
    for (id, f) in &model.flows {
        let again = &m.flows[id];
        assert_eq!(sorted(&again.assumptions), sorted(&f.assumptions), "{via}: {id}");
        let mut again = again.clone();
        again.assumptions.clone_from(&f.assumptions);
        assert_eq!(&again, f, "{via}: {id}");
    }
    assert_eq!(m.boundaries, model.boundaries, "{via}: boundaries");
    for (id, t) in &model.threats {
        assert_eq!(&m.threats[id], t, "{via}: {id}");
    }
    for (target, order) in threat_orders(model) {
        assert_eq!(threat_orders(m).get(&target), Some(&order), "{via}: the order of the threats on {target}");
    }
    let dfds = |m: &Model| -> Vec<Diagram> {
        m.diagrams.iter().filter(|d| matches!(d.view, DiagramView::Dfd(_))).cloned().collect()
    };
    assert_eq!(dfds(m), dfds(model), "{via}: the data-flow diagrams, their places and bends");
}

/// The ids of the threats on each target, in the order lists show them.
fn threat_orders(model: &Model) -> BTreeMap<String, Vec<String>> {
    let mut orders: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for t in model.threats.values() {
        let target = t.target.id_str().to_owned();
        let ids = model.threats_on(&t.target).map(|(id, _)| id.to_string()).collect();
        orders.insert(target, ids);
    }
    orders
}

#[test]
fn the_sample_survives_threat_dragon_and_otm() {
    let model = sample();
    assert_round_trip(&model, Format::ThreatDragon, "juice-shop");
    assert_round_trip(&model, Format::Otm, "juice-shop");
    // What Threat Dragon has no field for travels under "threatcanvas" and comes back.
    let back =
        interop::import_bytes(interop::export(&model, Format::ThreatDragon).text.as_bytes(), "td", None).expect("td");
    for (id, f) in &model.flows {
        let again = &back.model.flows[id];
        assert_eq!(
            (&again.data, again.encrypted, &again.protocol, again.bidirectional),
            (&f.data, f.encrypted, &f.protocol, f.bidirectional)
        );
    }
    assert_eq!(back.model.meta.scope, model.meta.scope);
    for (id, t) in &model.threats {
        assert_eq!(back.model.threats[id].references, t.references, "{id}");
    }
}

/// The sample with a second data-flow diagram showing part of the first (P1 without its
/// boundary's box), an element X only there whose boundary neither diagram draws, an element W
/// only there with a flow to EE2 (so the flow's ends are never on one diagram), and an
/// element Y on no diagram.
pub(crate) fn sample_with_two_dfds() -> Model {
    use threatcanvas::model::{BoundaryId, DataFlow, DfdView, DiagramId, Element, ElementId, FlowId, Point, Rect};
    let mut model = sample();
    let e = ElementId::new;
    for (id, boundary) in [("X", Some("TB3")), ("W", None), ("Y", None)] {
        let element =
            Element { name: format!("Element {id}"), boundary: boundary.map(BoundaryId::new), ..Element::default() };
        model.elements.insert(e(id), element);
    }
    let flow = DataFlow { source: e("W"), target: e("EE2"), name: "Far apart".into(), ..DataFlow::default() };
    model.flows.insert(FlowId::new("F-far"), flow);
    let mut view = DfdView::default();
    for (id, x, y) in [
        ("P1", 40, 300),
        ("P2", 400, 120),
        ("P3", 400, 300),
        ("DS1", 760, 120),
        ("DS2", 760, 300),
        ("X", 40, 40),
        ("W", 40, 160),
    ] {
        view.nodes.insert(e(id), Rect::new(x, y, 180, 80));
    }
    view.boundaries.insert(BoundaryId::new("TB2"), Rect::new(360, 60, 640, 380));
    view.bends.insert(FlowId::new("F5"), vec![Point::new(300, 420), Point::new(380, 420)]);
    let diagram = Diagram { id: DiagramId::new("D-two"), name: "Back end".into(), view: DiagramView::Dfd(view) };
    model.diagrams.push(diagram);
    assert_valid(&model, "sample with two DFDs");
    model
}

#[test]
fn two_diagrams_sharing_elements_survive_threat_dragon() {
    let model = sample_with_two_dfds();
    assert_round_trip(&model, Format::ThreatDragon, "two DFDs");
    assert_round_trip(&model, Format::Otm, "two DFDs");
    let exported = interop::export(&model, Format::ThreatDragon);
    assert!(
        exported
            .warnings
            .iter()
            .all(|w| !matches!(w.kind, WarningKind::Dropped(RecordKind::Flow | RecordKind::Element))),
        "{:#?}",
        exported.warnings
    );
    let file: Value = serde_json::from_str(&exported.text).expect("json");
    let diagrams = file["detail"]["diagrams"].as_array().expect("diagrams");
    assert_eq!(diagrams.len(), 3, "both data-flow diagrams, and the page of the rest");
    assert_eq!(diagrams[2]["threatcanvas"]["rest"], true);
    // (diagram, record) → the cell showing it.
    let cells = |record: &str| -> Vec<(usize, Value)> {
        let mut found = Vec::new();
        for (i, d) in diagrams.iter().enumerate() {
            for c in d["cells"].as_array().expect("cells") {
                if c["data"]["threatcanvas"]["id"] == record {
                    found.push((i, c.clone()));
                }
            }
        }
        found
    };
    let p2 = cells("P2");
    assert_eq!(p2.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [0, 1], "P2 is a cell on both diagrams");
    assert_eq!((p2[0].1["id"].as_str(), p2[1].1["id"].as_str()), (Some("P2"), Some("P2~1")));
    assert!(!p2[0].1["data"]["threats"].as_array().expect("threats").is_empty(), "the first cell has the threats");
    assert!(p2[1].1["data"]["threats"].as_array().expect("threats").is_empty(), "a copy has none");
    let f3 = cells("F3");
    assert_eq!(f3.len(), 2, "a flow on both diagrams is a cell on each");
    assert_eq!(f3[1].1["source"]["cell"], "P1~1", "a copy joins the copies on its own diagram");
    // X is drawn on "Back end" outside TB3's box, so the rest page draws it inside; the flow
    // W → EE2 is there, with copies of both ends.
    let pages = |record: &str| cells(record).iter().map(|(i, _)| *i).collect::<Vec<_>>();
    assert_eq!(pages("X"), [1, 2]);
    assert_eq!(pages("F-far"), [2]);
    assert_eq!((pages("W"), pages("EE2")), (vec![1, 2], vec![0, 2]));
    assert_eq!(pages("Y"), [2]);
    assert_eq!(pages("TB3"), [0, 2], "TB3 is not on Back end");
}

//! Our own fixtures for each quirk of real files, unknown formats, and the `convert` command.

use std::process::Command;

use threatcanvas::format;
use threatcanvas::interop::{self, Imported, RecordKind};
use threatcanvas::model::{DiagramView, ElementKind, Severity, ThreatCategory, ThreatStatus};

use super::{assert_valid, fixture};

#[test]
fn threat_dragon_quirks_are_survived_and_reported() {
    let Imported { model, summary } = interop::import_file(&fixture("td-quirks.json"), None).expect("imports");
    assert_valid(&model, "td-quirks");
    let text = summary.to_string();
    assert_eq!(
        (model.elements.len(), model.flows.len(), model.boundaries.len(), model.threats.len()),
        (3, 2, 2, 3),
        "{text}"
    );
    assert_eq!((summary.dropped(RecordKind::Flow), summary.dropped(RecordKind::Threat)), (2, 1), "{text}");
    assert_eq!(summary.counts.text_blocks, 1);
    let web = &model.elements[&threatcanvas::model::ElementId::new("web")];
    assert_eq!(web.name, "Web Application");
    assert!(text.contains("1 name written over several lines was put on one line"), "said once: {text}");
    assert_eq!(web.assumptions, ["Privilege level: root"]);
    // The box is unnamed, holds both nodes; the curve holds the user on its smaller side.
    let boundary =
        |id: &str| model.elements[&threatcanvas::model::ElementId::new(id)].boundary.as_ref().map(ToString::to_string);
    assert_eq!(boundary("web").as_deref(), Some("box"));
    assert_eq!(boundary("db").as_deref(), Some("box"));
    assert_eq!(boundary("user").as_deref(), Some("curve"));
    let DiagramView::Dfd(view) = &model.diagrams[0].view else { panic!("a DFD") };
    assert_eq!(view.boundaries[&threatcanvas::model::BoundaryId::new("box")].x, 270, "float noise rounds");
    let attached = &model.flows[&threatcanvas::model::FlowId::new("attached")];
    assert_eq!((attached.source.as_str(), attached.name.as_str(), attached.bidirectional), ("user", "Login", true));
    assert_eq!(attached.assumptions, ["Crosses a public network"]);
    let threat = |id: &str| &model.threats[&threatcanvas::model::ThreatId::new(id)];
    assert_eq!(
        (threat("dup").category, threat("dup").status, threat("dup").severity),
        (ThreatCategory::Tampering, ThreatStatus::Open, Severity::Unrated)
    );
    assert_eq!(
        (threat("dup-2").category, threat("dup-2").status, threat("dup-2").score.as_str()),
        (ThreatCategory::InformationDisclosure, ThreatStatus::NotApplicable, "7.5")
    );
    assert_eq!(threat("t-q").status, ThreatStatus::Mitigated);
    for needle in ["attached", "nowhere", "ghost", "dup", "Avoided", "Huge", "curve"] {
        assert!(text.contains(needle), "the summary names {needle}:\n{text}");
    }
    assert!(model.meta.description.contains("A note\nover two lines"), "text blocks become description paragraphs");
}

#[test]
fn otm_nesting_risk_and_auto_layout() {
    let Imported { model, summary } = interop::import_file(&fixture("otm-nested.otm.json"), None).expect("imports");
    assert_valid(&model, "otm-nested");
    let text = summary.to_string();
    assert_eq!(
        (model.elements.len(), model.flows.len(), model.boundaries.len(), model.threats.len()),
        (4, 2, 3, 2),
        "{text}"
    );
    assert_eq!((summary.dropped(RecordKind::Flow), summary.dropped(RecordKind::Threat)), (1, 2), "{text}");
    let id = |s: &str| threatcanvas::model::ElementId::new(s);
    assert_eq!(
        model.elements[&id("api")].boundary.as_ref().map(threatcanvas::model::BoundaryId::as_str),
        Some("vpc"),
        "joins its component's zone"
    );
    assert_eq!(
        model.boundaries[&threatcanvas::model::BoundaryId::new("vpc")]
            .parent
            .as_ref()
            .map(threatcanvas::model::BoundaryId::as_str),
        Some("cloud")
    );
    assert!(matches!(model.elements[&id("browser")].kind, ElementKind::ExternalEntity(_)));
    assert!(matches!(model.elements[&id("db")].kind, ElementKind::DataStore(_)));
    let t1 = model.threats.values().find(|t| t.title == "Spoofed client").expect("t1");
    assert_eq!(
        (t1.severity, t1.status, t1.category),
        (Severity::Critical, ThreatStatus::Open, ThreatCategory::Spoofing)
    );
    assert!(t1.mitigation.contains("Mutual TLS") && t1.references.len() == 1, "{t1:?}");
    let t2 = model.threats.values().find(|t| t.title == "Tampered orders").expect("t2");
    assert_eq!(
        (t2.severity, t2.status),
        (Severity::High, ThreatStatus::Mitigated),
        "the file's severity beats the risk"
    );
    // No positions: laid out so each zone box holds its members.
    let DiagramView::Dfd(view) = &model.diagrams[0].view else { panic!("a DFD") };
    assert_eq!(view.nodes.len(), 4);
    for (e, r) in &view.nodes {
        for b in model.boundaries_containing(e) {
            assert!(view.boundaries[&b].contains_rect(r), "{e} in {b}");
        }
    }
    for needle in ["f3", "missing", "t3", "auto-laid-out"] {
        assert!(text.contains(needle), "the summary names {needle}:\n{text}");
    }
}

#[test]
fn otm_drawings_of_icons_and_containers_become_readable() {
    use threatcanvas::model::{ElementId, Rect};
    let Imported { model, summary } = interop::import_file(&fixture("otm-icons.otm.json"), None).expect("imports");
    assert_valid(&model, "otm-icons");
    let text = summary.to_string();
    let DiagramView::Dfd(view) = &model.diagrams[0].view else { panic!("a DFD") };
    assert_eq!(view.nodes.len(), 5, "{text}");
    let overlap = |a: &Rect, b: &Rect| a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    for (id, r) in &view.nodes {
        let (w, h) = threatcanvas::layout::default_size(&model, id);
        assert!(r.w >= w && r.h >= h, "{id} is {r:?}, too small for its name");
        for (other, o) in &view.nodes {
            assert!(id == other || !overlap(r, o), "{id} {r:?} overlaps {other} {o:?}\n{text}");
        }
        for b in model.boundaries_containing(id) {
            assert!(view.boundaries[&b].contains_rect(r), "{id} {r:?} has left {b}");
        }
    }
    // The container is drawn at an element's size, and says so.
    let vpc = view.nodes[&ElementId::new("vpc")];
    assert_eq!((vpc.w, vpc.h), threatcanvas::layout::default_size(&model, &ElementId::new("vpc")));
    assert!(text.contains("\"Custom VPC\" (vpc): the component holds other components"), "{text}");
    assert!(text.contains("(ec2): the component sits inside component \"Custom VPC\" (vpc);"), "{text}");
    // A request and its response are drawn apart, not on top of each other: nothing hides.
    let scene = threatcanvas::scene::build(
        &model,
        &model.diagrams[0].id,
        &threatcanvas::scene::Style::light(),
        &threatcanvas::scene::FontMetrics::shipped(),
    )
    .expect("scene");
    let paths = &scene.layout.flows;
    let f1 = &paths[&threatcanvas::model::FlowId::new("f1")];
    let f1r = &paths[&threatcanvas::model::FlowId::new("f1r")];
    assert_ne!(f1.points, f1r.points.iter().rev().copied().collect::<Vec<_>>());
    assert_eq!(threatcanvas::scene::obstructions(&scene), []);
}

#[test]
fn an_unknown_format_is_named() {
    let e = interop::import_bytes(br#"{"hello": 1}"#, "x.json", None).expect_err("unknown").to_string();
    assert!(e.contains("x.json") && e.contains("cannot tell"), "{e}");
    let e = interop::import_bytes(b"{", "y.json", None).expect_err("syntax").to_string();
    assert!(e.contains("y.json:1:"), "{e}");
}

fn run(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_threatcanvas")).args(args).output().expect("run threatcanvas")
}

#[test]
fn convert_prints_the_summary_and_writes_each_format() {
    let dir = tempfile::tempdir().expect("temp");
    let quirks = fixture("td-quirks.json");
    let tc = dir.path().join("quirks.json");
    let out = run(&["convert".as_ref(), quirks.as_os_str(), "-o".as_ref(), tc.as_os_str()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("imported Threat Dragon v2 (2.2.0-RC1): 3 elements")
            && err.contains("warning: \"Lost\" (nowhere): its source is the free point")
            && err.contains("attached to element \"User\" (user), which lies under it"),
        "{err}"
    );
    format::load_file(&tc).expect("a ThreatCanvas model");
    for (to, name, check) in [("otm", "q.otm.json", "otmVersion"), ("td", "q.td.json", "\"detail\"")] {
        let path = dir.path().join(name);
        let out =
            run(&["convert".as_ref(), tc.as_os_str(), "-o".as_ref(), path.as_os_str(), "--to".as_ref(), to.as_ref()]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(std::fs::read_to_string(&path).expect("written").contains(check));
        // Told from the name alone, too.
        let again = dir.path().join(format!("again-{name}"));
        let out = run(&["convert".as_ref(), tc.as_os_str(), "-o".as_ref(), again.as_os_str()]);
        assert_eq!(out.status.code(), Some(0));
        assert!(std::fs::read_to_string(&again).expect("written").contains(check), "{name}");
    }
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"summary": {"title": "x"}, "details": {}}"#).expect("write");
    let out = run(&["convert".as_ref(), bad.as_os_str(), "-o".as_ref(), dir.path().join("o.json").as_os_str()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("bad.json") && err.contains("missing field `detail`"), "{err}");
    // An existing file is left alone (it may be a model with work in it) unless --force.
    let before = std::fs::read(&tc).expect("read");
    let out = run(&["convert".as_ref(), quirks.as_os_str(), "-o".as_ref(), dir.path().join("q.otm.json").as_os_str()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("q.otm.json: the file exists") && err.contains("--force"), "{err}");
    assert!(std::fs::read_to_string(dir.path().join("q.otm.json")).expect("kept").contains("otmVersion"));
    let forced = ["convert".as_ref(), quirks.as_os_str(), "-o".as_ref(), tc.as_os_str(), "--force".as_ref()];
    let out = run(&forced);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read(&tc).expect("read"), before, "replaced by the same conversion");
}

#[test]
fn warnings_name_the_record_they_concern_unless_its_id_is_ambiguous() {
    let file = br#"{
      "otmVersion": "0.2.0",
      "project": { "name": "Names", "id": "names" },
      "trustZones": [ { "id": "zone", "name": "Zone", "risk": { "trustRating": 50 } } ],
      "components": [
        { "id": "api", "name": "Orders API", "parent": { "trustZone": "zone" } },
        { "id": "api", "name": "Billing API", "parent": { "trustZone": "zone" } },
        { "id": "inner", "name": "Worker", "parent": { "component": "api" } }
      ]
    }"#;
    let Imported { model, summary } = interop::import_bytes(file, "names.otm.json", None).expect("imports");
    let text = summary.to_string();
    let renamed = summary.warnings.iter().find(|w| w.message.contains("used twice")).expect("a rename warning");
    assert_eq!(renamed.source_id.as_deref(), Some("api"));
    // "api" is Orders API in the model, but this warning is about Billing API: no name beats
    // the wrong one.
    assert_eq!(renamed.name, None, "{text}");
    let nested = summary.warnings.iter().find(|w| w.source_id.as_deref() == Some("inner")).expect("a nesting warning");
    assert_eq!(nested.name.as_deref(), Some("Worker"), "{text}");
    assert!(text.contains("warning: \"Worker\" (inner): "), "{text}");
    assert_eq!(model.elements.len(), 3);
}

#[test]
fn export_notes_name_the_diagram_they_concern() {
    let model =
        format::load_file(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/juice-shop.json")))
            .expect("sample");
    let exported = interop::export(&model, interop::Format::ThreatDragon);
    let sequence = model.diagrams.iter().find(|d| matches!(d.view, DiagramView::Sequence(_))).expect("a sequence");
    let note = exported
        .warnings
        .iter()
        .find(|w| w.source_id.as_deref() == Some(sequence.id.as_str()))
        .expect("the sequence diagram is left out");
    assert_eq!(note.name.as_deref(), Some(sequence.name.as_str()));
    assert!(note.to_string().starts_with(&format!("{:?} ({}): ", sequence.name, sequence.id)), "{note}");
}

#[test]
fn otm_fields_the_model_has_no_place_for_are_reported_once_each() {
    let file = br#"{
      "otmVersion": "0.2.0",
      "project": { "name": "Shop", "id": "shop", "ownerContact": "a@b.c" },
      "assets": [ { "id": "cc", "name": "Card data" } ],
      "trustZones": [ { "id": "net", "name": "Internet", "risk": { "trustRating": 10 } } ],
      "components": [
        { "id": "web", "name": "Web", "type": "web-service", "parent": { "trustZone": "net" }, "tags": ["tomcat"],
          "attributes": { "HTTPS Enforced": true },
          "threats": [ { "threat": "t1", "state": "EXPOSED" } ] },
        { "id": "api", "name": "API", "type": "web-service", "parent": { "trustZone": "net" }, "tags": ["java"],
          "threats": [ { "threat": "t1", "state": "EXPOSED" } ] }
      ],
      "dataflows": [ { "id": "f", "name": "Calls", "source": "web", "destination": "api", "assets": ["cc"] } ],
      "threats": [ { "id": "t1", "name": "Spoof", "categories": ["Spoofing", "Tampering"],
                     "risk": { "likelihood": 50, "impact": 50, "likelihoodComment": "easy" } } ]
    }"#;
    let Imported { summary, .. } = interop::import_bytes(file, "shop.otm.json", None).expect("imports");
    let text = summary.to_string();
    for line in [
        "field \"assets\" on the file: not read",
        "field \"ownerContact\" on project: not read",
        "field \"risk.trustRating\" on 1 trust zone: not read",
        "field \"tags\" on 2 components: not read",
        "attribute \"HTTPS Enforced\" on 1 component: not read",
        "field \"assets\" on 1 dataflow: not read",
        "field \"risk.likelihoodComment\" on 1 threat: not read",
    ] {
        assert!(text.contains(line), "missing {line:?}:\n{text}");
    }
    // The threat is used twice; its two categories are said once.
    assert_eq!(text.matches("a threat has one category; read as Spoofing").count(), 1, "{text}");
}

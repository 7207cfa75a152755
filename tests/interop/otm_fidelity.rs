//! ThreatCanvas → OTM → ThreatCanvas gives back every record as it was: what OTM has no field
//! for travels in `threatcanvas.*` attributes, and whatever still cannot travel is named in an
//! export warning. The file stays plain OTM to every other reader, and files without our
//! attributes read as they always did.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use threatcanvas::interop::{self, Format, Imported, RecordKind, Warning, WarningKind};
use threatcanvas::model::{
    BoundaryId, Conflict, ConflictKey, DataFlow, DataStoreProps, DfdView, Diagram, DiagramId, DiagramView, Element,
    ElementId, ElementKind, EntityNature, ExternalEntityProps, FieldValue, FlowId, MessageId, Metadata, Methodology,
    Model, Point, ProcessProps, RecordId, Rect, Reference, Severity, Subject, SuggestionKey, SuppressionKey, Threat,
    ThreatCategory, ThreatId, ThreatStatus, ThreatTarget, TrustBoundary,
};

use super::round_trip::assert_round_trip;
use super::{assert_valid, corpus, sample};

/// What an OTM round trip must keep: the metadata, every element, flow, boundary and threat
/// field for field, the dismissed suggestions, and the first data-flow diagram (its id,
/// boxes and bends). Every other diagram, every suppression that did not come back and any
/// merge conflict must each be named by an export warning.
pub(crate) fn assert_otm_keeps_everything(model: &Model, back: &Model, warnings: &[Warning], via: &str) {
    assert_eq!(back.meta, model.meta, "{via}: the model's metadata");
    for (id, e) in &model.elements {
        assert_eq!(back.elements.get(id), Some(e), "{via}: element {id}");
    }
    for (id, f) in &model.flows {
        assert_eq!(back.flows.get(id), Some(f), "{via}: flow {id}");
    }
    for (id, t) in &model.threats {
        assert_eq!(back.threats.get(id), Some(t), "{via}: threat {id}");
    }
    assert_eq!(
        (&back.elements.len(), &back.flows.len(), &back.threats.len()),
        (&model.elements.len(), &model.flows.len(), &model.threats.len()),
        "{via}: nothing added"
    );
    assert_eq!(back.boundaries, model.boundaries, "{via}: boundaries");
    assert_eq!(back.dismissed, model.dismissed, "{via}: dismissed suggestions");
    let warned =
        |kind: WarningKind, id: &str| warnings.iter().any(|w| w.kind == kind && w.source_id.as_deref() == Some(id));
    let first = model.diagrams.iter().find(|d| matches!(d.view, DiagramView::Dfd(_)));
    if let Some(first) = first {
        assert_eq!(
            back.diagrams,
            std::slice::from_ref(first),
            "{via}: the first data-flow diagram, its boxes and bends"
        );
    } else {
        assert_eq!(back.diagrams.len(), 1, "{via}: an import lays out one diagram");
        assert!(warnings.iter().any(|w| w.message.contains("no data-flow diagram")), "{via}: {warnings:#?}");
    }
    for d in model.diagrams.iter().filter(|d| first.is_none_or(|f| f.id != d.id)) {
        assert!(
            warned(WarningKind::Dropped(RecordKind::Diagram), d.id.as_str()),
            "{via}: diagram {} is not warned",
            d.id
        );
    }
    let mut lost = 0;
    for (key, reason) in &model.suppressions {
        if let Some(again) = back.suppressions.get(key) {
            assert_eq!(again, reason, "{via}: suppression {key:?}");
        } else {
            lost += 1;
            let id = key.subject.id_str().unwrap_or_default();
            assert!(warned(WarningKind::Dropped(RecordKind::Triage), id), "{via}: suppression {key:?} is not warned");
        }
    }
    assert_eq!(back.suppressions.len() + lost, model.suppressions.len(), "{via}: suppressions");
    assert!(back.conflicts.is_empty());
    if !model.conflicts.is_empty() {
        assert!(warnings.iter().any(|w| w.kind == WarningKind::Dropped(RecordKind::Conflict)), "{via}");
    }
}

/// The sample, changed to use everything OTM has no field for: a non-STRIDE methodology, an
/// element and a flow out of scope with reasons, kind properties, flow assumptions, a threat
/// with a score, a link, a rule, a rank with gaps, a category of another methodology, no
/// severity, and a mitigation text that looks like one an importer composes; an element on no
/// diagram; suppressions on the whole model and on a sequence-diagram message.
pub(crate) fn model_with_everything_otm_lacks() -> Model {
    fn element<'a>(m: &'a mut Model, id: &str) -> &'a mut threatcanvas::model::Element {
        m.elements.get_mut(&ElementId::new(id)).expect("element")
    }
    let mut model = sample();
    model.meta.methodology = Methodology::Linddun;
    let ee6 = element(&mut model, "EE6");
    ee6.out_of_scope = true;
    ee6.out_of_scope_reason = "The partner's own system;\ncovered by its own assessment".into();
    if let ElementKind::DataStore(s) = &mut element(&mut model, "DS4").kind {
        s.encrypted_at_rest = true;
    }
    if let ElementKind::Process(p) = &mut element(&mut model, "P5").kind {
        p.technology = "generic-process".into();
        p.privileged = true;
    }
    let mut lonely = model.elements[&ElementId::new("EE1")].clone();
    lonely.name = "On no diagram".into();
    lonely.assumptions = vec!["Two  spaces kept".into()];
    model.elements.insert(ElementId::new("EE-none"), lonely);
    let f22 = model.flows.get_mut(&FlowId::new("F22")).expect("F22");
    f22.out_of_scope = true;
    f22.out_of_scope_reason = "Booked by phone for now".into();
    f22.assumptions.push("The partner's API is reached over TLS".into());
    f22.authenticated = true;
    let t = model.threats.get_mut(&ThreatId::new("T-DS1-1")).expect("T-DS1-1");
    t.score = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N".into();
    t.references.push(Reference::Link(
        "https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html".into(),
    ));
    t.rank = 7;
    t.severity = Severity::Unrated;
    t.category = ThreatCategory::Linking;
    t.mitigation = "Hashing: bcrypt (recommended)\n\nSecond paragraph, kept apart.".into();
    if let Some(DiagramView::Dfd(v)) = model.diagrams.first_mut().map(|d| &mut d.view) {
        v.bends.insert(FlowId::new("F22"), vec![Point::new(-40, 12), Point::new(10, 900)]);
    }
    let suppress =
        |rule: &str, subject: Subject| (SuppressionKey { rule: rule.into(), subject }, "On purpose".to_owned());
    model
        .suppressions
        .extend([suppress("DFD001", Subject::Model), suppress("SEQ001", Subject::Message(MessageId::new("M01")))]);
    assert_valid(&model, "the model using everything OTM lacks");
    model
}

#[test]
fn the_sample_comes_back_from_otm_with_only_its_sequence_diagram_missing_and_warned() {
    let model = sample();
    let exported = interop::export(&model, Format::Otm);
    let warned: Vec<(WarningKind, Option<&str>)> =
        exported.warnings.iter().map(|w| (w.kind, w.source_id.as_deref())).collect();
    assert_eq!(warned, [(WarningKind::Dropped(RecordKind::Diagram), Some("D-totp"))]);
    let back = assert_round_trip(&model, Format::Otm, "juice-shop");
    // What the user saw lost before: spelled out, though the equality above covers it.
    let f = |id: &str| &back.flows[&FlowId::new(id)];
    assert!(f("F13").authenticated);
    assert_eq!(back.meta.contributors, model.meta.contributors);
    let t = &back.threats[&ThreatId::new("T-DS1-1")];
    assert_eq!(t.mitigation, "Hash passwords with bcrypt or argon2.", "not rewritten as \"title: text (state)\"");
    assert_eq!(back.dismissed.len(), model.dismissed.len());
}

#[test]
fn a_model_using_everything_otm_lacks_comes_back_whole_but_for_what_is_warned() {
    let model = model_with_everything_otm_lacks();
    let exported = interop::export(&model, Format::Otm);
    let warned: Vec<(WarningKind, Option<&str>)> =
        exported.warnings.iter().map(|w| (w.kind, w.source_id.as_deref())).collect();
    assert_eq!(
        warned,
        [
            (WarningKind::Dropped(RecordKind::Diagram), Some("D-totp")),
            (WarningKind::Dropped(RecordKind::Triage), Some("M01"))
        ],
        "exactly the sequence diagram and the suppression on its message are lost"
    );
    let back = assert_round_trip(&model, Format::Otm, "everything OTM lacks");
    let ee6 = &back.elements[&ElementId::new("EE6")];
    assert!(ee6.out_of_scope && ee6.out_of_scope_reason.contains("covered by"), "out of scope, with its reason");
    let f22 = &back.flows[&FlowId::new("F22")];
    assert!(f22.out_of_scope && f22.out_of_scope_reason == "Booked by phone for now", "a flow too");
    assert_eq!(back.meta.methodology, Methodology::Linddun);
    let t = &back.threats[&ThreatId::new("T-DS1-1")];
    assert_eq!(
        (t.score.as_str(), t.rank, t.category),
        (model.threats[&ThreatId::new("T-DS1-1")].score.as_str(), 7, ThreatCategory::Linking)
    );
    assert!(back.suppressions.contains_key(&SuppressionKey { rule: "DFD001".into(), subject: Subject::Model }));
}

/// The prefix of every attribute key an export adds, beside the plain ones earlier exports
/// wrote and keep writing.
const OURS: &str = "threatcanvas.";
const PLAIN: &[&str] = &["protocol", "encrypted", "severity"];

#[test]
fn an_otm_export_with_our_attributes_is_plain_otm_to_other_readers() {
    let model = model_with_everything_otm_lacks();
    let text = interop::export(&model, Format::Otm).text;
    let file: Value = serde_json::from_str(&text).expect("json");
    // The standard fields are filled as before.
    assert_eq!(file["otmVersion"], "0.2.0");
    assert!(file["project"]["name"].is_string() && file["project"]["id"].is_string());
    let list = |key: &str| file[key].as_array().cloned().unwrap_or_default();
    for c in list("components") {
        assert!(
            ["id", "name", "type"].iter().all(|k| c[*k].is_string()) && c["parent"]["trustZone"].is_string(),
            "{c}"
        );
    }
    for f in list("dataflows") {
        assert!(["id", "name", "source", "destination"].iter().all(|k| f[*k].is_string()), "{f}");
    }
    for t in list("threats") {
        assert!(t["name"].is_string() && t["risk"]["likelihood"].is_number() && t["categories"][0].is_string(), "{t}");
    }
    for m in list("mitigations") {
        assert!(m["name"].is_string() && m["description"].is_string() && m["riskReduction"].is_number(), "{m}");
    }
    // Every attributes object holds only our prefixed keys and the plain ones.
    let mut holders = vec![file["project"].clone()];
    for key in ["representations", "trustZones", "components", "dataflows", "threats", "mitigations"] {
        holders.extend(list(key));
    }
    let mut ours = 0;
    for holder in &holders {
        let Some(attributes) = holder.get("attributes") else { continue };
        let attributes = attributes.as_object().unwrap_or_else(|| panic!("attributes are an object: {holder}"));
        for key in attributes.keys() {
            assert!(key.starts_with(OURS) || PLAIN.contains(&key.as_str()), "{key}");
            ours += usize::from(key.starts_with(OURS));
        }
    }
    assert!(ours > 100, "the attributes are there: {ours}");
    // The importer's own reading of the structure takes it, and so does the published schema.
    let back = interop::import_bytes(text.as_bytes(), "x.otm.json", None).expect("imports");
    assert_eq!(back.summary.source_format, "OTM 0.2.0");
    assert!(back.summary.warnings.is_empty(), "{}", back.summary);
    if let Some(dir) = corpus() {
        let schema: Value = serde_json::from_slice(
            &std::fs::read(dir.join("threat-dragon/schema/open-threat-model.schema.json")).expect("schema"),
        )
        .expect("json");
        let validator = jsonschema::validator_for(&schema).expect("otm schema");
        let errors: Vec<String> = validator.iter_errors(&file).map(|e| format!("{}: {e}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
    // A tool that keeps the standard fields only hands us a file we read like any other tool's.
    let mut stripped = file.clone();
    strip_ours(&mut stripped);
    let text = serde_json::to_string(&stripped).expect("text");
    assert!(!text.contains(OURS));
    let foreign = interop::import_bytes(text.as_bytes(), "stripped.otm.json", None).expect("imports").model;
    // The zone holding the elements in no boundary is a zone like any other to such a tool.
    assert_eq!(
        (foreign.elements.len(), foreign.flows.len(), foreign.boundaries.len(), foreign.threats.len()),
        (model.elements.len(), model.flows.len(), model.boundaries.len() + 1, model.threats.len())
    );
    assert_eq!(foreign.meta.methodology, Methodology::Stride);
    let t = &foreign.threats[&ThreatId::new("T-DS1-2")];
    assert!(t.mitigation.starts_with(&format!("{}: ", t.title)) && t.mitigation.ends_with(" (recommended)"));
}

/// Removes every attribute key of ours, as a tool that does not know them might.
fn strip_ours(value: &mut Value) {
    strip(value, &|k| k.starts_with(OURS));
}

/// Removes the attribute keys `gone` picks from every record of `value`.
fn strip(value: &mut Value, gone: &dyn Fn(&str) -> bool) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(attributes)) = map.get_mut("attributes") {
                attributes.retain(|k, _| !gone(k));
            }
            map.values_mut().for_each(|v| strip(v, gone));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| strip(v, gone)),
        _ => {}
    }
}

#[test]
fn otm_files_without_our_attributes_read_as_before() {
    let imported = interop::import_file(&super::fixture("otm-nested.otm.json"), None).expect("imports");
    let (model, summary) = (&imported.model, &imported.summary);
    assert_eq!(model.meta.methodology, Methodology::Stride);
    assert!(model.meta.contributors.is_empty() && model.meta.reviewer.is_empty() && model.meta.scope.is_empty());
    for (id, e) in &model.elements {
        assert!(!e.out_of_scope && e.assumptions.is_empty(), "{id}");
        let defaults = match &e.kind {
            ElementKind::Process(p) => !p.privileged && !p.authenticates_callers,
            ElementKind::ExternalEntity(x) => x.nature == threatcanvas::model::EntityNature::Person,
            ElementKind::DataStore(s) => *s == threatcanvas::model::DataStoreProps::default(),
        };
        assert!(defaults, "{id}: {:?}", e.kind);
    }
    let t1 = model.threats.values().find(|t| t.title == "Spoofed client").expect("t1");
    assert_eq!(t1.mitigation, "Mutual TLS: Clients present certificates. (implemented)");
    assert_eq!((t1.rank, t1.score.as_str(), t1.rule.as_deref()), (0, "", None));
    assert!(summary.warnings.iter().all(|w| !w.message.contains("attribute")), "{summary}");
    // Exports from before the prefixed keys marked components out of scope with plain keys.
    let older = br#"{"otmVersion": "0.2.0", "project": {"name": "Old", "id": "old"},
        "trustZones": [{"id": "z", "name": "Z", "risk": {"trustRating": 50}}],
        "components": [{"id": "c", "name": "C", "type": "generic-process", "parent": {"trustZone": "z"},
            "attributes": {"threatcanvas.kind": "process", "outOfScope": true, "outOfScopeReason": "Legacy"}}]}"#;
    let old = interop::import_bytes(older, "old.otm.json", None).expect("imports").model;
    let c = &old.elements[&ElementId::new("c")];
    assert_eq!((c.out_of_scope, c.out_of_scope_reason.as_str()), (true, "Legacy"));
}

#[test]
fn convert_never_says_no_warnings_when_otm_loses_something() {
    let dir = tempfile::tempdir().expect("temp");
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/juice-shop.json");
    let run = |input: &std::path::Path, output: &std::path::Path| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_threatcanvas"))
            .args(["convert".as_ref(), input.as_os_str(), "-o".as_ref(), output.as_os_str()])
            .output()
            .expect("run threatcanvas");
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let otm = dir.path().join("x.otm.json");
    let err = run(&sample, &otm);
    assert!(!err.contains("no warnings") && err.contains("1 warning:") && err.contains("D-totp"), "{err}");
    let back = dir.path().join("back.json");
    let err = run(&otm, &back);
    assert!(err.contains("no warnings"), "{err}");
    // The model that came back holds nothing OTM cannot: converting it loses nothing.
    let err = run(&back, &dir.path().join("again.otm.json"));
    assert!(err.contains("no warnings"), "{err}");
}

/// Every attribute key an export may write: ours, and the plain ones earlier exports wrote.
/// A key renamed or added shows here, since files written before would read differently.
const KEYS: &[&str] = &[
    "encrypted",
    "protocol",
    "severity",
    "threatcanvas.assumptions",
    "threatcanvas.authenticated",
    "threatcanvas.authenticatesCallers",
    "threatcanvas.bends",
    "threatcanvas.category",
    "threatcanvas.contributors",
    "threatcanvas.data",
    "threatcanvas.diagram",
    "threatcanvas.dismissed",
    "threatcanvas.encryptedAtRest",
    "threatcanvas.isLog",
    "threatcanvas.kind",
    "threatcanvas.methodology",
    "threatcanvas.nature",
    "threatcanvas.outOfScope",
    "threatcanvas.outOfScopeReason",
    "threatcanvas.outside",
    "threatcanvas.privileged",
    "threatcanvas.rank",
    "threatcanvas.references",
    "threatcanvas.reviewer",
    "threatcanvas.rule",
    "threatcanvas.scope",
    "threatcanvas.score",
    "threatcanvas.storesCredentials",
    "threatcanvas.storesPersonalData",
    "threatcanvas.suppressions",
    "threatcanvas.technology",
    "threatcanvas.threat",
];

/// `model` less what an OTM export warns it leaves out: every diagram but the first data-flow
/// diagram, suppressions about a sequence-diagram message or a diagram not written, and merge
/// conflicts. A round trip through OTM gives back exactly this.
fn carried(model: &Model) -> Model {
    let mut m = model.clone();
    m.diagrams = model.diagrams.iter().find(|d| matches!(d.view, DiagramView::Dfd(_))).cloned().into_iter().collect();
    let written: Vec<DiagramId> = m.diagrams.iter().map(|d| d.id.clone()).collect();
    m.suppressions.retain(|k, _| match &k.subject {
        Subject::Message(_) => false,
        Subject::Diagram(d) => written.contains(d),
        _ => true,
    });
    m.conflicts.clear();
    m
}

/// Imports an OTM file held as JSON.
fn import(file: &Value, what: &str) -> Imported {
    let bytes = serde_json::to_vec(file).expect("json");
    interop::import_bytes(&bytes, what, Some(Format::Otm)).unwrap_or_else(|e| panic!("{what}: {e}"))
}

/// Every key of every `attributes` object in `value`.
fn attribute_keys(value: &Value, keys: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(attributes)) = map.get("attributes") {
                keys.extend(attributes.keys().cloned());
            }
            map.values().for_each(|v| attribute_keys(v, keys));
        }
        Value::Array(items) => items.iter().for_each(|v| attribute_keys(v, keys)),
        _ => {}
    }
}

/// Exports `model` to OTM and checks the import gives back exactly [`carried`], without a
/// warning. Returns the attribute keys written, and those without which (each left out of the
/// file alone) the model does not come back whole: the keys read back and needed.
fn keys_written_and_needed(model: &Model, what: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let file: Value = serde_json::from_str(&interop::export(model, Format::Otm).text).expect("json");
    let expected = carried(model);
    let back = import(&file, what);
    assert!(back.summary.warnings.is_empty(), "{what}: {}", back.summary);
    assert!(back.model == expected, "{what}: the round trip changes the model");
    let mut written = BTreeSet::new();
    attribute_keys(&file, &mut written);
    let needed = written
        .iter()
        .filter(|key| {
            let mut stripped = file.clone();
            strip(&mut stripped, &|k| k == key.as_str());
            import(&stripped, what).model != expected
        })
        .cloned()
        .collect();
    (written, needed)
}

/// Each key an export writes is read back, and some model needs it to come back whole: were
/// any piece of information dropped on the way out or in, the round trips above would fail.
#[test]
fn every_attribute_an_export_writes_is_read_back_and_needed() {
    let (mut written, mut needed) = keys_written_and_needed(&model_with_everything_otm_lacks(), "everything");
    let (small_written, small_needed) = keys_written_and_needed(&small_model(), "small model");
    written.extend(small_written);
    needed.extend(small_needed);
    let written: Vec<&str> = written.iter().map(String::as_str).collect();
    assert_eq!(written, KEYS, "the keys written");
    let unneeded: Vec<&&str> = KEYS.iter().filter(|k| !needed.contains(**k)).collect();
    assert!(unneeded.is_empty(), "written for nothing: {unneeded:?}");
}

/// A small model built by hand, using what the sample does not: another methodology than
/// STRIDE and the sample's changed one, a process whose technology reads as a data store's
/// type, a system in no boundary, a data store with every property, out of scope with
/// assumptions, nested boundaries of which only the inner one is drawn, threats on a boundary
/// and a flow, CAPEC references, dismissals on a boundary and a flow, suppressions on a
/// threat, on the diagram written and on a second one, and a merge conflict.
fn small_model() -> Model {
    let (e, f, b) = (ElementId::new, FlowId::new, BoundaryId::new);
    let mut model = Model {
        meta: Metadata {
            title: "Cache service".into(),
            description: "A cache in front of a partner's API.".into(),
            owner: "Platform team".into(),
            contributors: vec!["Ana".into(), "Bo  Li (two spaces)".into()],
            reviewer: "Cy".into(),
            scope: "The cache only.\n\nNot the partner.".into(),
            methodology: Methodology::Plot4ai,
        },
        ..Model::default()
    };
    model.boundaries.insert(b("B-dc"), TrustBoundary { name: "Data centre".into(), ..TrustBoundary::default() });
    let rack = TrustBoundary { name: "Rack".into(), description: "Locked".into(), parent: Some(b("B-dc")) };
    model.boundaries.insert(b("B-rack"), rack);
    let process = ProcessProps { technology: "Redis cache".into(), privileged: true, authenticates_callers: true };
    let cache = Element {
        name: "Cache".into(),
        kind: ElementKind::Process(process),
        boundary: Some(b("B-dc")),
        ..Element::default()
    };
    model.elements.insert(e("P-cache"), cache);
    let partner = Element {
        name: "Partner API".into(),
        kind: ElementKind::ExternalEntity(ExternalEntityProps { nature: EntityNature::System }),
        ..Element::default()
    };
    model.elements.insert(e("X-partner"), partner);
    let store =
        DataStoreProps { stores_credentials: true, stores_personal_data: true, encrypted_at_rest: true, is_log: true };
    let log = Element {
        name: "Audit log".into(),
        description: "Who read what".into(),
        kind: ElementKind::DataStore(store),
        boundary: Some(b("B-rack")),
        out_of_scope: true,
        out_of_scope_reason: "Run by another team".into(),
        assumptions: vec!["Append only".into(), "Kept a year".into()],
    };
    model.elements.insert(e("S-log"), log);
    let fetch = DataFlow {
        source: e("P-cache"),
        target: e("X-partner"),
        bidirectional: true,
        name: "Fetch".into(),
        data: "Prices".into(),
        protocol: "HTTPS".into(),
        encrypted: true,
        authenticated: true,
        assumptions: vec!["Mutual TLS".into()],
        ..DataFlow::default()
    };
    model.flows.insert(f("F-fetch"), fetch);
    let audit = DataFlow {
        source: e("P-cache"),
        target: e("S-log"),
        name: "Audit".into(),
        out_of_scope: true,
        out_of_scope_reason: "Logging is the other team's".into(),
        ..DataFlow::default()
    };
    model.flows.insert(f("F-audit"), audit);
    add_small_threats(&mut model);
    add_small_views_and_triage(&mut model);
    assert_valid(&model, "the small model");
    model
}

/// The small model's threats: on a process, a boundary and a flow.
fn add_small_threats(model: &mut Model) {
    let (e, f, b, t) = (ElementId::new, FlowId::new, BoundaryId::new, ThreatId::new);
    let threat = |target: ThreatTarget, title: &str| Threat {
        target,
        title: title.into(),
        category: ThreatCategory::EthicsHumanRights,
        status: ThreatStatus::Open,
        severity: Severity::Medium,
        description: String::new(),
        mitigation: String::new(),
        references: Vec::new(),
        rule: None,
        score: String::new(),
        rank: 0,
    };
    let poisoned = Threat {
        category: ThreatCategory::Security,
        status: ThreatStatus::Transferred,
        severity: Severity::Unrated,
        mitigation: "Sign entries.".into(),
        references: vec![Reference::Capec(141), Reference::Cwe(349)],
        rule: Some("acme.cache-1".into()),
        score: "8.1".into(),
        rank: 3,
        ..threat(ThreatTarget::Element(e("P-cache")), "Cache poisoning")
    };
    model.threats.insert(t("T-poison"), poisoned);
    let tailgating = Threat {
        status: ThreatStatus::Accepted,
        severity: Severity::High,
        rank: 1,
        ..threat(ThreatTarget::Boundary(b("B-rack")), "Tailgating into the rack")
    };
    model.threats.insert(t("T-rack"), tailgating);
    model.threats.insert(t("T-fetch"), threat(ThreatTarget::Flow(f("F-fetch")), "Stale prices"));
}

/// The small model's two diagrams, dismissals, suppressions and merge conflict.
fn add_small_views_and_triage(model: &mut Model) {
    let (e, f, b, t) = (ElementId::new, FlowId::new, BoundaryId::new, ThreatId::new);
    let mut main = DfdView::default();
    main.nodes.insert(e("P-cache"), Rect::new(40, 60, 160, 80));
    main.nodes.insert(e("X-partner"), Rect::new(-400, 60, 160, 80));
    main.boundaries.insert(b("B-rack"), Rect::new(300, 0, 400, 300));
    main.bends.insert(f("F-fetch"), vec![Point::new(0, -30)]);
    let mut side = DfdView::default();
    side.nodes.insert(e("S-log"), Rect::new(0, 0, 160, 80));
    model.diagrams.push(Diagram { id: DiagramId::new("D-main"), name: "Main".into(), view: DiagramView::Dfd(main) });
    model.diagrams.push(Diagram { id: DiagramId::new("D-side"), name: "Side".into(), view: DiagramView::Dfd(side) });
    let dismissed = |rule: &str, target| (SuggestionKey { rule: rule.into(), target }, "Not here".to_owned());
    model.dismissed.extend([
        dismissed("TC-PHYS-1", ThreatTarget::Boundary(b("B-dc"))),
        dismissed("TC-FLOW-3", ThreatTarget::Flow(f("F-audit"))),
    ]);
    let suppress = |rule: &str, subject| (SuppressionKey { rule: rule.into(), subject }, "Known".to_owned());
    model.suppressions.extend([
        suppress("THR001", Subject::Threat(t("T-fetch"))),
        suppress("DFD020", Subject::Diagram(DiagramId::new("D-main"))),
        suppress("DFD020", Subject::Diagram(DiagramId::new("D-side"))),
        suppress("DFD001", Subject::Element(e("S-log"))),
    ]);
    let key = ConflictKey { record: RecordId::Element(e("P-cache")), field: Some("name".into()) };
    let text = |s: &str| Some(FieldValue::Text(s.into()));
    model.conflicts.insert(key, Conflict { base: text("Cache"), ours: text("Cache"), theirs: text("Redis") });
}

#[test]
fn a_small_hand_built_model_keeps_what_otm_lacks_and_the_rest_is_warned() {
    let model = small_model();
    let exported = interop::export(&model, Format::Otm);
    let warned: Vec<(WarningKind, Option<&str>)> =
        exported.warnings.iter().map(|w| (w.kind, w.source_id.as_deref())).collect();
    assert_eq!(
        warned,
        [
            (WarningKind::Dropped(RecordKind::Diagram), Some("D-side")),
            (WarningKind::Dropped(RecordKind::Conflict), None),
            (WarningKind::Dropped(RecordKind::Triage), Some("D-side")),
        ],
        "the second diagram, the conflict and the suppression about the second diagram"
    );
    let back = assert_round_trip(&model, Format::Otm, "small model");
    assert_eq!(back, carried(&model));
    // Spelled out where an import would otherwise guess: the kind from the type ("Redis cache"
    // reads as a data store), the unrated severity from the risk, the mitigation's wording.
    let cache = &back.elements[&ElementId::new("P-cache")];
    assert!(matches!(&cache.kind, ElementKind::Process(p) if p.technology == "Redis cache" && p.privileged));
    let poisoned = &back.threats[&ThreatId::new("T-poison")];
    assert_eq!((poisoned.severity, poisoned.mitigation.as_str()), (Severity::Unrated, "Sign entries."));
    assert_eq!(poisoned.references, [Reference::Capec(141), Reference::Cwe(349)]);
    assert_eq!(back.meta.methodology, Methodology::Plot4ai);
    assert_eq!(back.diagrams[0].id.as_str(), "D-main");
}

#[test]
fn a_model_without_a_data_flow_diagram_is_laid_out_anew_and_says_so() {
    let mut model = small_model();
    model.diagrams.clear();
    model.conflicts.clear();
    model.suppressions.retain(|k, _| !matches!(k.subject, Subject::Diagram(_)));
    let exported = interop::export(&model, Format::Otm);
    assert_eq!(exported.warnings.len(), 1, "{:#?}", exported.warnings);
    assert_eq!(exported.warnings[0].kind, WarningKind::Adjusted);
    let back = assert_round_trip(&model, Format::Otm, "no diagram");
    let DiagramView::Dfd(view) = &back.diagrams[0].view else { panic!("a data-flow diagram") };
    assert_eq!(view.nodes.len(), model.elements.len(), "every element is laid out");
    let mut expected = model.clone();
    expected.diagrams.clone_from(&back.diagrams);
    assert_eq!(back, expected, "everything else comes back");
}

#[test]
fn mistyped_and_absurd_attributes_are_ignored_with_a_warning_naming_the_record() {
    let long = "x".repeat(5_000);
    let file = json!({
        "otmVersion": "0.2.0",
        "project": { "name": "Hostile", "id": "hostile", "attributes": {
            "threatcanvas.contributors": ["Ana", long, 3],
            "threatcanvas.reviewer": ["Bo"],
            "threatcanvas.scope": { "in": true },
            "threatcanvas.methodology": "voodoo",
            "threatcanvas.dismissed": { "rule": "TC-A-1" },
            "threatcanvas.suppressions": [
                1,
                { "rule": "DFD001", "kind": "model", "reason": "  " },
                { "rule": "DFD001", "kind": "element", "id": "nope", "reason": "Gone" },
                { "rule": "DFD001", "kind": "flow", "id": "c", "reason": "Wrong kind" },
                { "rule": "../../etc", "kind": "model", "reason": "Bad rule" },
                { "rule": "DFD002", "kind": "element", "id": "c", "reason": "Fine" },
            ],
        }},
        "representations": [{ "id": "threatcanvas-diagram", "name": "D", "type": "diagram",
            "attributes": { "threatcanvas.diagram": "c" } }],
        "trustZones": [{ "id": "z", "name": "Z", "risk": { "trustRating": 50 },
            "representations": [{ "representation": "threatcanvas-diagram", "id": "z-shape",
                "position": { "x": 0, "y": 0 }, "size": { "width": 400, "height": 300 } }] }],
        "components": [
            { "id": "c", "name": "C", "type": "generic-process", "parent": { "trustZone": "z" },
              "representations": [{ "representation": "threatcanvas-diagram", "id": "c-shape",
                  "position": { "x": 1e300, "y": -5 }, "size": { "width": 1e12, "height": -70 } }],
              "attributes": {
                  "threatcanvas.kind": 7,
                  "threatcanvas.technology": 42,
                  "threatcanvas.privileged": "yes",
                  "threatcanvas.assumptions": ["Kept", { "x": 1 }],
                  "threatcanvas.outOfScope": 1,
                  "threatcanvas.outOfScopeReason": false,
              },
              "threats": [{ "threat": "t", "state": "exposed",
                  "mitigations": [{ "mitigation": "m", "state": "recommended" }] }] },
            { "id": "e", "name": "E", "type": "generic-client", "parent": { "trustZone": "z" },
              "attributes": { "threatcanvas.kind": "robot", "threatcanvas.nature": "robot",
                  "threatcanvas.isLog": true } },
        ],
        "dataflows": [{ "id": "f", "name": "F", "source": "e", "destination": "c", "attributes": {
            "threatcanvas.bends": [{ "x": "far" }],
            "threatcanvas.data": 5,
            "threatcanvas.authenticated": [],
            "encrypted": "maybe",
        }}],
        "threats": [{ "id": "t", "name": "T", "categories": ["Spoofing"], "cwes": ["CWE-79"],
            "risk": { "likelihood": 50, "impact": 50 }, "attributes": {
                "threatcanvas.category": "nonsense",
                "threatcanvas.rank": 99_999_999_999_u64,
                "threatcanvas.score": ["8"],
                "threatcanvas.references": "CWE-1",
                "threatcanvas.rule": "not a rule!",
            }}],
        "mitigations": [{ "id": "m", "name": "M", "description": "Do it", "riskReduction": 50,
            "attributes": { "threatcanvas.threat": 12 } }],
    });
    let imported = import(&file, "hostile.otm.json");
    let (model, summary) = (&imported.model, &imported.summary);
    assert_eq!(model.meta.contributors, ["Ana".to_owned(), "x".repeat(1_000)], "the list's text items, cut");
    assert_eq!((model.meta.reviewer.as_str(), model.meta.scope.as_str()), ("", ""));
    assert_eq!(model.meta.methodology, Methodology::Stride);
    let c = &model.elements[&ElementId::new("c")];
    assert_eq!(c.kind, ElementKind::Process(ProcessProps::default()), "guessed from the type, no property set");
    assert_eq!((c.out_of_scope, c.out_of_scope_reason.as_str()), (false, ""));
    assert_eq!(c.assumptions, ["Kept"]);
    let e = &model.elements[&ElementId::new("e")];
    assert_eq!(e.kind, ElementKind::ExternalEntity(ExternalEntityProps::default()), "a person, no data store flag");
    let f = &model.flows[&FlowId::new("f")];
    assert_eq!((f.data.as_str(), f.authenticated, f.encrypted), ("", false, false));
    let t = model.threats.values().next().expect("the threat");
    assert_eq!((t.category, t.rank, t.score.as_str(), t.rule.as_deref()), (ThreatCategory::Spoofing, 0, "", None));
    assert_eq!(t.references, [Reference::Cwe(79)], "the CWEs, since the references attribute is no list");
    assert_eq!(t.mitigation, "M: Do it (recommended)");
    assert_eq!(model.diagrams[0].id.as_str(), "diagram", "not the element's id");
    let DiagramView::Dfd(view) = &model.diagrams[0].view else { panic!("a data-flow diagram") };
    assert!(view.bends.is_empty() && view.nodes[&ElementId::new("c")].is_within_limits());
    assert!(model.dismissed.is_empty());
    let kept: Vec<&SuppressionKey> = model.suppressions.keys().collect();
    assert_eq!(kept, [&SuppressionKey { rule: "DFD002".into(), subject: Subject::Element(ElementId::new("c")) }]);
    // Each wrong value is named with its record; the foreign "encrypted" is read as it always
    // was, silently.
    let named = |id: &str| summary.warnings.iter().filter(|w| w.source_id.as_deref() == Some(id)).count();
    let counts = [("project", 6), ("c", 6), ("e", 2), ("f", 3), ("t", 5), ("m", 1), ("threatcanvas-diagram", 1)];
    for (id, at_least) in counts {
        assert!(named(id) >= at_least, "{id}: {} of {at_least} warnings\n{summary}", named(id));
    }
    assert!(summary.warnings.iter().all(|w| !w.message.contains("\"encrypted\"")), "{summary}");
    assert!(summary.dropped(RecordKind::Triage) >= 6, "{summary}");
}

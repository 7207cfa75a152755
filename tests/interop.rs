//! Imports from Threat Dragon and OTM, exports back, and the `convert` command: real files from
//! `../shared/corpus` (skipped with a message when it is absent) and our own quirk fixtures.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use threatcanvas::format;
use threatcanvas::interop::{self, Format, Imported, RecordKind, WarningKind};
use threatcanvas::model::{DiagramView, ElementKind, Model, Severity, ThreatCategory, ThreatStatus};

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let dir = dir.canonicalize().ok().filter(|d| d.is_dir());
    if dir.is_none() {
        println!("skipped: ../shared/corpus is not here (it holds other projects' files for import tests)");
    }
    dir
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import").join(name)
}

/// The imported model must load back through the file format unchanged.
fn assert_valid(model: &Model, what: &str) {
    let text = format::to_canonical_string(model);
    let back = format::load_bytes(text.as_bytes(), what).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(&back, model, "{what}: save then load changes the model");
}

/// (file, elements, flows, boundaries, threats, diagrams) as imported.
const EXPECTED: &[(&str, usize, usize, usize, usize, usize)] = &[
    ("threat-dragon/v2/ThreatDragonModels__v2-new-model.json", 0, 0, 0, 0, 0),
    ("threat-dragon/v2/ThreatDragonModels__v2-threat-model.json", 7, 10, 3, 14, 1),
    ("threat-dragon/v2/cryptocurrency-wallet.json", 15, 17, 2, 1, 1),
    ("threat-dragon/v2/demo__v2-new-model.json", 0, 0, 0, 0, 1),
    ("threat-dragon/v2/demo__v2-threat-model.json", 7, 10, 3, 14, 1),
    ("threat-dragon/v2/e2e-fixtures__v2-new-model.json", 0, 0, 0, 0, 0),
    ("threat-dragon/v2/generic-cms.json", 5, 5, 1, 0, 1),
    ("threat-dragon/v2/iot-device.json", 11, 14, 1, 4, 1),
    ("threat-dragon/v2/online-game.json", 12, 17, 3, 0, 1),
    ("threat-dragon/v2/payment-online.json", 5, 10, 3, 0, 1),
    ("threat-dragon/v2/renting-car.json", 15, 15, 3, 0, 1),
    ("threat-dragon/v2/td-test-model.json", 19, 5, 7, 15, 4),
    ("threat-dragon/v2/test-reports.json", 24, 4, 4, 8, 7),
    ("threat-dragon/v2/test-v2-model.json", 0, 0, 0, 0, 0),
    ("threat-dragon/v2/three-tier-web-app.json", 3, 3, 2, 2, 1),
    ("threat-dragon/v2/v2-model.json", 2, 2, 1, 1, 1),
    ("threat-dragon/v2/v2-save-existing-threat.json", 2, 1, 1, 1, 1),
    ("threat-dragon/v1/demo-threat-model.json", 7, 10, 4, 14, 1),
    ("threat-dragon/v1/enter-the-dragon-1.json", 0, 0, 0, 0, 2),
    ("threat-dragon/v1/enter-the-dragon-2.json", 3, 4, 2, 0, 2),
    ("threat-dragon/v1/enter-the-dragon-3.json", 3, 4, 2, 3, 2),
    ("threat-dragon/v1/enter-the-dragon-4.json", 3, 4, 2, 3, 2),
    ("threat-dragon/v1/new-model.json", 0, 0, 0, 0, 0),
    ("threat-dragon/v1/test-v1-model.json", 0, 0, 0, 0, 0),
    ("threat-dragon/v1/v1-model.json", 2, 2, 1, 3, 1),
    ("threat-dragon/v1/v1-new-model.json", 0, 0, 0, 0, 0),
    ("threat-dragon/v1/v1-test-model.json", 4, 1, 1, 0, 2),
    ("otm/iriusrisk__OpenThreatModel__EXAMPLE.json", 4, 2, 2, 2, 1),
    ("otm/iriusrisk__startleft__MTMT_MVP.otm.json", 4, 6, 2, 43, 1),
    ("otm/iriusrisk__startleft__MTMT_example_coordinates.otm.json", 8, 14, 2, 0, 1),
    ("otm/iriusrisk__startleft__cft_otm_expected_result.otm.json", 22, 22, 2, 0, 1),
    ("otm/iriusrisk__startleft__expected_visio_nested_tzs.otm.json", 2, 1, 3, 0, 1),
    ("otm/iriusrisk__startleft__lucid-aws-with-tz-and-vpc.otm.json", 10, 8, 3, 0, 1),
    ("otm/iriusrisk__startleft__otm_file_example_v0.1.0.otm.json", 22, 22, 2, 0, 1),
    ("threat-dragon/otm/example-open-threat-model.json", 4, 2, 2, 2, 1),
    ("threat-dragon/otm/mobile-cloud.otm.json", 4, 6, 2, 43, 1),
    ("threat-dragon/otm/otm-test-model.json", 5, 2, 2, 2, 1),
    ("threat-dragon/otm/otm_example.json", 4, 2, 2, 2, 1),
];

const MALFORMED: &[(&str, &str)] = &[
    ("threat-dragon/v2/v2-malformed-new-model.json", "missing field `detail`"),
    ("threat-dragon/v1/malformed-new-model.json", "missing field `diagrams`"),
];

/// What a source file holds, counted straight from its JSON: (elements, flows, boundaries,
/// threats). For OTM, threats are the instances plus the definitions never instantiated.
fn source_counts(value: &Value) -> [usize; 4] {
    let mut c = [0; 4];
    if value.get("otmVersion").is_some() {
        let list = |key: &str| value.get(key).and_then(Value::as_array).cloned().unwrap_or_default();
        c[0] = list("components").len();
        c[1] = list("dataflows").len();
        c[2] = list("trustZones").len();
        let mut used = std::collections::BTreeSet::new();
        for holder in list("components").iter().chain(&list("dataflows")).chain(&list("trustZones")) {
            for i in holder.get("threats").and_then(Value::as_array).into_iter().flatten() {
                c[3] += 1;
                used.insert(i.get("threat").and_then(Value::as_str).unwrap_or("").to_owned());
            }
        }
        c[3] += list("threats").iter().filter(|t| !used.contains(t["id"].as_str().unwrap_or(""))).count();
        return c;
    }
    for d in value["detail"]["diagrams"].as_array().into_iter().flatten() {
        let cells = d.get("cells").or_else(|| d.get("diagramJson").and_then(|j| j.get("cells")));
        for cell in cells.and_then(Value::as_array).into_iter().flatten() {
            let shape = cell.get("shape").and_then(Value::as_str).unwrap_or("");
            let kind = cell.get("type").and_then(Value::as_str).unwrap_or("");
            let slot = match (shape, kind) {
                ("actor" | "process" | "store", _) | ("", "tm.Actor" | "tm.Process" | "tm.Store") => Some(0),
                ("flow", _) | ("", "tm.Flow") => Some(1),
                ("trust-boundary-box" | "trust-boundary-curve" | "trust-broundary-curve", _) | ("", "tm.Boundary") => {
                    Some(2)
                }
                _ => None,
            };
            if let Some(s) = slot {
                c[s] += 1;
            }
            let threats = cell.get("data").and_then(|d| d.get("threats")).or_else(|| cell.get("threats"));
            c[3] += threats.and_then(Value::as_array).map_or(0, Vec::len);
        }
    }
    c
}

#[test]
fn every_corpus_file_imports_with_the_counts_it_holds() {
    let Some(dir) = corpus() else { return };
    for &(file, elements, flows, boundaries, threats, diagrams) in EXPECTED {
        let path = dir.join(file);
        let Imported { model, summary } = interop::import_file(&path, None).unwrap_or_else(|e| panic!("{file}: {e}"));
        let got = (
            model.elements.len(),
            model.flows.len(),
            model.boundaries.len(),
            model.threats.len(),
            model.diagrams.len(),
        );
        assert_eq!(got, (elements, flows, boundaries, threats, diagrams), "{file}\n{summary}");
        assert_eq!(summary.counts.elements(), elements, "{file}");
        let value: Value = serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
        let source = source_counts(&value);
        let kinds = [RecordKind::Element, RecordKind::Flow, RecordKind::Boundary, RecordKind::Threat];
        let imported = [elements, flows, boundaries, threats];
        for ((kind, held), got) in kinds.iter().zip(source).zip(imported) {
            assert_eq!(
                got + summary.dropped(*kind),
                held,
                "{file}: {} held vs imported + dropped\n{summary}",
                kind.label()
            );
        }
        for w in &summary.warnings {
            if let WarningKind::Dropped(_) = w.kind {
                assert!(w.source_id.is_some() && !w.message.is_empty(), "{file}: {w}");
            }
        }
        assert_valid(&model, file);
    }
}

#[test]
fn malformed_corpus_files_fail_naming_the_file_and_the_path() {
    let Some(dir) = corpus() else { return };
    for &(file, fault) in MALFORMED {
        let path = dir.join(file);
        let e = interop::import_file(&path, None).expect_err(file).to_string();
        assert!(e.contains(&path.display().to_string()) && e.contains(fault) && e.contains("at $"), "{e}");
    }
}

/// Every element, flow, boundary and threat survives export then import.
fn assert_round_trip(model: &Model, format: Format, what: &str) {
    let exported = interop::export(model, format);
    let back =
        interop::import_bytes(exported.text.as_bytes(), what, Some(format)).unwrap_or_else(|e| panic!("{what}: {e}"));
    let m = &back.model;
    assert_eq!(
        (m.elements.len(), m.flows.len(), m.boundaries.len(), m.threats.len()),
        (model.elements.len(), model.flows.len(), model.boundaries.len(), model.threats.len()),
        "{what} through {}\n{}",
        format.label(),
        back.summary
    );
    for (id, e) in &model.elements {
        let again = &m.elements[id];
        assert_eq!(
            (&again.name, &again.boundary, again.kind.tag()),
            (&e.name, &e.boundary, e.kind.tag()),
            "{what}: {id}"
        );
    }
    for (id, t) in &model.threats {
        let again =
            m.threats.get(id).or_else(|| m.threats.values().find(|x| x.title == t.title && x.target == t.target));
        let again = again.unwrap_or_else(|| panic!("{what}: threat {id} lost"));
        assert_eq!((again.category, again.status, again.severity), (t.category, t.status, t.severity), "{what}: {id}");
    }
    assert_valid(m, what);
}

fn sample() -> Model {
    format::load_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/juice-shop.json")).expect("sample")
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

#[test]
fn corpus_models_survive_threat_dragon_and_otm() {
    let Some(dir) = corpus() else { return };
    for &(file, ..) in EXPECTED {
        let model = interop::import_file(&dir.join(file), None).expect(file).model;
        assert_round_trip(&model, Format::ThreatDragon, file);
        assert_round_trip(&model, Format::Otm, file);
    }
}

#[test]
fn exported_files_validate_against_the_published_schemas() {
    let Some(dir) = corpus() else { return };
    let schema = |name: &str| -> Value {
        serde_json::from_slice(&std::fs::read(dir.join("threat-dragon/schema").join(name)).expect("schema"))
            .expect("json")
    };
    let td = jsonschema::validator_for(&schema("threat-dragon-v2.schema.json")).expect("td schema");
    let otm = jsonschema::validator_for(&schema("open-threat-model.schema.json")).expect("otm schema");
    let mut models = vec![("juice-shop".to_owned(), sample())];
    for &(file, ..) in EXPECTED {
        models.push((file.to_owned(), interop::import_file(&dir.join(file), None).expect(file).model));
    }
    for (name, model) in &models {
        for (format, validator) in [(Format::ThreatDragon, &td), (Format::Otm, &otm)] {
            let value: Value = serde_json::from_str(&interop::export(model, format).text).expect("json");
            let errors: Vec<String> =
                validator.iter_errors(&value).map(|e| format!("{}: {e}", e.instance_path())).collect();
            assert!(errors.is_empty(), "{name} as {}: {errors:#?}", format.label());
        }
    }
}

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
    assert_eq!(web.assumptions, ["Privilege level: root"]);
    // The box is unnamed, holds both nodes; the curve holds the user on its smaller side.
    let boundary =
        |id: &str| model.elements[&threatcanvas::model::ElementId::new(id)].boundary.as_ref().map(|b| b.to_string());
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
        model.elements[&id("api")].boundary.as_ref().map(|b| b.as_str()),
        Some("vpc"),
        "joins its component's zone"
    );
    assert_eq!(
        model.boundaries[&threatcanvas::model::BoundaryId::new("vpc")].parent.as_ref().map(|b| b.as_str()),
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
        err.contains("imported Threat Dragon v2 (2.2.0-RC1): 3 elements") && err.contains("warning: nowhere:"),
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
}

#[test]
fn every_threat_dragon_locale_label_maps_to_its_category() {
    let Some(dir) = corpus() else { return };
    let en: Value =
        serde_json::from_slice(&std::fs::read(dir.join("threat-dragon/reference/i18n/en.json")).expect("en"))
            .expect("json");
    for entry in std::fs::read_dir(dir.join("threat-dragon/reference/i18n")).expect("i18n") {
        let path = entry.expect("entry").path();
        let locale: Value = serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
        for (group, labels) in locale["threats"]["model"].as_object().expect("groups") {
            for (key, label) in labels.as_object().expect("labels") {
                if key == "header" {
                    continue;
                }
                // The English label names the category; a translated one must map to the same.
                let english = en["threats"]["model"][group][key].as_str().expect("english");
                let model = model_with_threat(group, label.as_str().expect("label"));
                let expected = model_with_threat(group, english);
                assert_eq!(model, expected, "{}: {group}.{key} = {label}", path.display());
            }
        }
    }
}

/// The category of a one-threat Threat Dragon model whose threat has type `label`.
fn model_with_threat(group: &str, label: &str) -> ThreatCategory {
    let model_type = match group {
        "ciadie" => "DIE",
        "eop" => "EOP",
        other => other,
    };
    let file = serde_json::json!({
        "version": "2.6.1",
        "summary": { "title": "t" },
        "detail": { "diagrams": [ { "id": 0, "diagramType": model_type, "cells": [
            { "id": "p", "shape": "process", "position": { "x": 0, "y": 0 }, "size": { "width": 10, "height": 10 },
              "data": { "type": "tm.Process", "threats": [ { "id": "t", "type": label, "modelType": model_type } ] } } ] } ] }
    });
    let imported = interop::import_bytes(file.to_string().as_bytes(), "label", None).expect("imports");
    assert!(imported.summary.warnings.is_empty(), "{label}: {}", imported.summary);
    imported.model.threats.values().next().expect("a threat").category
}

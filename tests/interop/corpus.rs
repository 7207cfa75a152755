//! Every file of the shared corpus: imported with the counts it holds (minus what the summary
//! names as dropped), malformed ones refused, each import's model through Threat Dragon and OTM
//! and back, and every export valid against the published schemas.

use serde_json::Value;
use threatcanvas::interop::{self, Format, Imported, RecordKind, WarningKind};

use super::round_trip::{assert_round_trip, sample_with_two_dfds};
use super::{assert_valid, corpus, sample};

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
    let mut models = vec![("juice-shop".to_owned(), sample()), ("two DFDs".to_owned(), sample_with_two_dfds())];
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

/// Whether two boxes share any area.
fn overlap(a: &threatcanvas::model::Rect, b: &threatcanvas::model::Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/// Every imported drawing can be read: no element lies on another, each lies inside its
/// boundaries' boxes and off the boxes of boundaries it is not in, and boxes that do not nest
/// do not overlap (Threat Dragon's iot-device draws a small API circle on the device's, and
/// td-test-model two boundary curves whose boxes would cover one another).
#[test]
fn corpus_drawings_have_no_piles() {
    use threatcanvas::model::DiagramView;
    let Some(dir) = corpus() else { return };
    for &(file, ..) in EXPECTED {
        let m = interop::import_file(&dir.join(file), None).expect(file).model;
        for d in &m.diagrams {
            let DiagramView::Dfd(v) = &d.view else { continue };
            let at = format!("{file}, {}", d.name);
            for (e, r) in &v.nodes {
                for (o, or) in &v.nodes {
                    assert!(e == o || !overlap(r, or), "{at}: {e} lies on {o}");
                }
                for (b, br) in &v.boundaries {
                    if m.boundary_contains(b, e) {
                        assert!(br.contains_rect(r), "{at}: {e} sticks out of its boundary {b}");
                    } else {
                        assert!(!overlap(r, br), "{at}: {e} lies on boundary {b}, which does not hold it");
                    }
                }
            }
            for (b, br) in &v.boundaries {
                for (o, or) in &v.boundaries {
                    let nested = m.ancestors(b).any(|x| x == o) || m.ancestors(o).any(|x| x == b);
                    assert!(b == o || nested || !overlap(br, or), "{at}: boundaries {b} and {o} overlap");
                }
            }
        }
    }
}

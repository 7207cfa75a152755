//! Threat types as Threat Dragon stores them: the UI label in the author's language at the
//! time. Every label of every locale file must map back to its category, or, where a label
//! names two categories, be reported and read one pinned way.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use threatcanvas::interop;
use threatcanvas::model::ThreatCategory;

use super::corpus;

/// The category each key of Threat Dragon's `threats.model.<group>` locale entries stands for.
fn category_of_key(group: &str, key: &str) -> ThreatCategory {
    use ThreatCategory as C;
    match (group, key) {
        ("stride", "spoofing") => C::Spoofing,
        ("stride", "tampering") => C::Tampering,
        ("stride", "repudiation") => C::Repudiation,
        ("stride", "informationDisclosure") => C::InformationDisclosure,
        ("stride", "denialOfService") => C::DenialOfService,
        ("stride", "elevationOfPrivilege") => C::ElevationOfPrivilege,
        ("linddun", "linkability") => C::Linking,
        ("linddun", "identifiability") => C::Identifying,
        ("linddun", "nonRepudiation") => C::NonRepudiation,
        ("linddun", "detectability") => C::Detecting,
        ("linddun", "disclosureOfInformation") => C::DataDisclosure,
        ("linddun" | "plot4ai", "unawareness") => C::Unawareness,
        ("linddun" | "plot4ai", "nonCompliance") => C::NonCompliance,
        ("cia" | "ciadie", "confidentiality") => C::Confidentiality,
        ("cia" | "ciadie", "integrity") => C::Integrity,
        ("cia" | "ciadie", "availability") => C::Availability,
        ("ciadie", "distributed") => C::Distributed,
        ("ciadie", "immutable") => C::Immutable,
        ("ciadie", "ephemeral") => C::Ephemeral,
        ("plot4ai", "techniqueProcesses") => C::TechniqueProcesses,
        ("plot4ai", "accessibility") => C::Accessibility,
        ("plot4ai", "identifiabilityLinkability") => C::IdentifiabilityLinkability,
        ("plot4ai", "security") => C::Security,
        ("plot4ai", "safety") => C::Safety,
        ("plot4ai", "ethicsHumanRights") => C::EthicsHumanRights,
        ("eop", "dataValidationAndEncoding") => C::DataValidationEncoding,
        ("eop", "authentication") => C::Authentication,
        ("eop", "sessionManagement") => C::SessionManagement,
        ("eop", "authorization") => C::Authorization,
        ("eop", "cryptography") => C::Cryptography,
        ("eop", "cornucopia") => C::Cornucopia,
        ("eop", "wildCard") => C::WildCard,
        _ => panic!("threats.model.{group}.{key} is new: say which category it is"),
    }
}

/// Labels are matched ignoring case, spacing and punctuation.
fn normalized(label: &str) -> String {
    label.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Labels that name two categories of one methodology (in one locale, or across two), and the
/// category the importer takes for each, with a warning.
const AMBIGUOUS: &[(&str, &str, ThreatCategory)] = &[
    // Hindi: security and safety are both सुरक्षा.
    ("plot4ai", "सुरक्षा", ThreatCategory::Security),
    // Malay: both Keselamatan; Indonesian: safety is Keselamatan (security is Keamanan).
    ("plot4ai", "Keselamatan", ThreatCategory::Safety),
];

#[test]
fn every_threat_dragon_locale_label_maps_to_its_category() {
    let Some(dir) = corpus() else { return };
    let folder = dir.join("threat-dragon/reference/i18n");
    let mut locales: Vec<(String, Value)> = std::fs::read_dir(&folder)
        .expect("i18n")
        .map(|entry| {
            let path = entry.expect("entry").path();
            let value = serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
            (path.file_name().expect("name").to_string_lossy().into_owned(), value)
        })
        .collect();
    locales.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(locales.len(), 16, "Threat Dragon 2.6 has 16 locales");
    let entries = |locale: &Value| -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        for (group, labels) in locale["threats"]["model"].as_object().expect("groups") {
            for (key, label) in labels.as_object().expect("labels") {
                if key != "header" {
                    out.push((group.clone(), key.clone(), label.as_str().expect("label").to_owned()));
                }
            }
        }
        out
    };
    // What each label means in each group, over every locale.
    let mut meanings: BTreeMap<(String, String), BTreeSet<ThreatCategory>> = BTreeMap::new();
    for (_, locale) in &locales {
        for (group, key, label) in entries(locale) {
            meanings.entry((group.clone(), normalized(&label))).or_default().insert(category_of_key(&group, &key));
        }
    }
    let mut ambiguous_seen = BTreeSet::new();
    let mut checked = 0;
    for (name, locale) in &locales {
        for (group, key, label) in entries(locale) {
            let (got, warnings) = import_threat_of_type(&group, &label);
            let means = &meanings[&(group.clone(), normalized(&label))];
            let what = format!("{name}: {group}.{key} = {label:?}");
            if means.len() == 1 {
                assert_eq!(got, category_of_key(&group, &key), "{what}");
                assert!(warnings.is_empty(), "{what}: {warnings:?}");
            } else {
                let pinned = AMBIGUOUS
                    .iter()
                    .find(|(g, l, _)| *g == group && normalized(l) == normalized(&label))
                    .unwrap_or_else(|| panic!("{what} names {means:?}: add it to AMBIGUOUS with the reading to take"));
                assert_eq!(got, pinned.2, "{what}: the pick for an ambiguous label");
                assert!(means.contains(&got), "{what}");
                assert!(
                    warnings.iter().any(|w| w.source_id.as_deref() == Some("threat-1") && w.message.contains(&label)),
                    "{what}: the summary names the threat and the label: {warnings:?}"
                );
                ambiguous_seen.insert(pinned.1);
            }
            checked += 1;
        }
    }
    assert!(checked > 16 * 30, "every locale's labels were read ({checked})");
    let pinned: BTreeSet<&str> = AMBIGUOUS.iter().map(|(_, l, _)| *l).collect();
    assert_eq!(ambiguous_seen, pinned, "every pinned ambiguity still occurs");
}

/// The category, and the warnings, of a one-threat Threat Dragon model whose threat (id
/// `threat-1`) has type `label` on a diagram of `group`'s methodology.
fn import_threat_of_type(group: &str, label: &str) -> (ThreatCategory, Vec<interop::Warning>) {
    let model_type = match group {
        "ciadie" => "DIE",
        "eop" => "EOP",
        other => other,
    };
    let file = serde_json::json!({
        "version": "2.6.1",
        "summary": { "title": "t" },
        "detail": { "diagrams": [ { "id": 0, "diagramType": model_type, "cells": [
            { "id": "p", "shape": "process", "position": { "x": 0, "y": 0 }, "size": { "width": 100, "height": 100 },
              "data": { "type": "tm.Process",
                        "threats": [ { "id": "threat-1", "type": label, "modelType": model_type } ] } } ] } ] }
    });
    let imported = interop::import_bytes(file.to_string().as_bytes(), "label", None).expect("imports");
    let category = imported.model.threats.values().next().expect("a threat").category;
    (category, imported.summary.warnings)
}

//! Files written by every released format version still load, and mean what they meant.
//!
//! `tests/data/migrate/vN/` holds files written by format version N: frozen, never edited once
//! released, covering every field and value of that version's schema. `expected/vN/` holds what
//! today's ThreatCanvas makes of each (load, then save). A new format version adds its own `vN/`
//! inputs and updates `expected/` in the same commit, where the reviewer sees every change to
//! how old files are read. The README in that folder says the same for whoever adds a version.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;
use threatcanvas::format;

fn migrate_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/migrate")
}

/// The input folders `vN`, by version.
fn input_versions() -> Vec<(u64, PathBuf)> {
    let mut found: Vec<(u64, PathBuf)> = std::fs::read_dir(migrate_dir())
        .expect("tests/data/migrate")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.is_dir())
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?;
            let version = name.strip_prefix('v')?.parse().ok()?;
            Some((version, path))
        })
        .collect();
    found.sort();
    found
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_version_from_the_first_to_the_current_has_inputs() {
    let versions: Vec<u64> = input_versions().iter().map(|(v, _)| *v).collect();
    let all: Vec<u64> = (1..=format::CURRENT_VERSION).collect();
    assert_eq!(versions, all, "tests/data/migrate needs a folder vN of frozen inputs for every format version");
    for (version, dir) in input_versions() {
        assert!(!json_files(&dir).is_empty(), "tests/data/migrate/v{version} holds no files");
    }
}

#[test]
fn every_frozen_input_loads_to_its_expected_output() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (version, dir) in input_versions() {
        for input in json_files(&dir) {
            let name = input.file_name().expect("name").to_string_lossy().into_owned();
            let expected_path = migrate_dir().join(format!("expected/v{version}/{name}"));
            let loaded = match format::load_file(&input) {
                Ok(model) => format::to_canonical_string(&model),
                Err(e) => {
                    failures.push(format!("v{version}/{name} no longer loads: {e}"));
                    continue;
                }
            };
            if !expected_path.exists() {
                failures.push(format!("v{version}/{name} has no expected/v{version}/{name}"));
                continue;
            }
            let expected = read(&expected_path);
            if loaded != expected {
                let first = loaded.lines().zip(expected.lines()).position(|(a, b)| a != b);
                let line = first.unwrap_or_else(|| loaded.lines().count().min(expected.lines().count()));
                failures.push(format!(
                    "v{version}/{name} loads to something else than expected/v{version}/{name}, from line {}:\n  \
                     got:      {:?}\n  expected: {:?}",
                    line + 1,
                    loaded.lines().nth(line).unwrap_or("<end>"),
                    expected.lines().nth(line).unwrap_or("<end>"),
                ));
            }
            checked += 1;
        }
    }
    assert!(checked >= 4, "only {checked} fixtures checked");
    assert!(
        failures.is_empty(),
        "Old files must keep loading to what they meant. Never edit the inputs; change expected/ only \
         together with a new format version.\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_expected_output_has_its_input_and_is_current() {
    for (version, _) in input_versions() {
        let dir = migrate_dir().join(format!("expected/v{version}"));
        for expected in json_files(&dir) {
            let name = expected.file_name().expect("name").to_string_lossy().into_owned();
            assert!(
                migrate_dir().join(format!("v{version}/{name}")).exists(),
                "expected/v{version}/{name} has no input v{version}/{name}"
            );
            let value: Value = serde_json::from_str(&read(&expected)).expect("expected output is JSON");
            assert_eq!(value["version"], format::CURRENT_VERSION, "expected/v{version}/{name} is not current");
        }
    }
}

/// Every object key and every string value in `value`.
fn keys_and_strings(value: &Value, keys: &mut BTreeSet<String>, strings: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                keys.insert(k.clone());
                keys_and_strings(v, keys, strings);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| keys_and_strings(v, keys, strings)),
        Value::String(s) => {
            strings.insert(s.clone());
        }
        _ => {}
    }
}

/// Every property name and every enumerated string value a schema declares.
fn schema_fields_and_values(schema: &Value, fields: &mut BTreeSet<String>, values: &mut BTreeSet<String>) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get("properties") {
                fields.extend(properties.keys().cloned());
            }
            if let Some(Value::Array(items)) = map.get("enum") {
                values.extend(items.iter().filter_map(Value::as_str).map(str::to_owned));
            }
            if let Some(Value::String(s)) = map.get("const") {
                values.insert(s.clone());
            }
            map.values().for_each(|v| schema_fields_and_values(v, fields, values));
        }
        Value::Array(items) => items.iter().for_each(|v| schema_fields_and_values(v, fields, values)),
        _ => {}
    }
}

/// The schema of format version `version`: frozen in `assets/schema/` once a newer version
/// exists, `assets/threatcanvas.schema.json` while it is the current one.
fn schema_of(version: u64) -> Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let frozen = root.join(format!("assets/schema/v{version}.schema.json"));
    let path = if frozen.exists() { frozen } else { root.join("assets/threatcanvas.schema.json") };
    serde_json::from_str(&read(&path)).expect("schema is JSON")
}

#[test]
fn the_inputs_of_each_version_use_every_field_and_value_of_its_schema() {
    for (version, dir) in input_versions() {
        let (mut keys, mut strings) = (BTreeSet::new(), BTreeSet::new());
        for input in json_files(&dir) {
            let value: Value = serde_json::from_str(&read(&input)).expect("input is JSON");
            assert_eq!(value["version"], version, "{} is in v{version}/", input.display());
            keys_and_strings(&value, &mut keys, &mut strings);
        }
        let (mut fields, mut values) = (BTreeSet::new(), BTreeSet::new());
        schema_fields_and_values(&schema_of(version), &mut fields, &mut values);
        let unused_fields: Vec<_> = fields.difference(&keys).collect();
        let unused_values: Vec<_> = values.difference(&strings).collect();
        assert!(
            unused_fields.is_empty() && unused_values.is_empty(),
            "tests/data/migrate/v{version}/ never uses the fields {unused_fields:?} or the values {unused_values:?} \
             of format version {version}"
        );
    }
}

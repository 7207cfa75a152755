//! Migrations from older format versions to the current one.
//!
//! Policy for changing the file format:
//! 1. Any change to what a file may contain or mean (a field, an enum value, a default, the
//!    layout) bumps `CURRENT_VERSION`. The schema test says so when the on-disk types change.
//! 2. Freeze the outgoing version: copy `assets/threatcanvas.schema.json` to
//!    `assets/schema/vN.schema.json` and add a test that the `vN` types still generate it. Then
//!    add `vN+1.rs` with the new on-disk types. Released types are never edited; a newer version
//!    may reuse the ones it did not change. Add `vN` to `check_as_written` in `format/mod.rs`,
//!    so faults in old files are still reported at their own lines.
//! 3. Add one step `fn vN_to_vN1(Value) -> Result<Value, String>` to [`STEPS`]. A step works on
//!    `serde_json::Value`, so it never depends on today's Rust types.
//! 4. A released step is never edited. Its frozen fixtures live in `tests/data/migrate/`: the
//!    inputs `vN/*.json` written by the old version, and `vN-to-vN+1/*.json`, what the step makes
//!    of each. Add `vN+1/*.json` inputs using every field and value of the new version, and
//!    update `expected/` (what today's build saves for every input) in the same commit.
//! 5. A file newer than `CURRENT_VERSION` is refused with "written by a newer ThreatCanvas",
//!    never guessed at, and never overwritten.

use serde_json::Value;

use super::CURRENT_VERSION;

/// One migration step: takes a file of version N (as JSON) to version N + 1.
type Step = fn(Value) -> Result<Value, String>;

/// `STEPS[i]` migrates version `i + 1` to version `i + 2`.
const STEPS: &[Step] = &[v1_to_v2, v2_to_v3];

/// Version 2 only adds: optional threat fields (`references`, `rule`, `score`, `rank`), the
/// optional top-level `dismissed` and `suppressions`, and methodologies and categories. Every
/// v1 file therefore means the same in v2, and the step only renumbers it. (A v1 file has
/// already been checked against the v1 types, so it holds none of the v2 additions.)
fn v1_to_v2(mut value: Value) -> Result<Value, String> {
    let file = value.as_object_mut().ok_or("the top level is not a JSON object")?;
    file.insert("version".into(), Value::from(2));
    Ok(value)
}

/// Version 3 only adds the optional top-level `conflicts` list (what a merge left undecided):
/// every v2 file means the same in v3, and the step only renumbers it. (A v2 file has already
/// been checked against the v2 types, so it holds no `conflicts`.)
fn v2_to_v3(mut value: Value) -> Result<Value, String> {
    let file = value.as_object_mut().ok_or("the top level is not a JSON object")?;
    file.insert("version".into(), Value::from(3));
    Ok(value)
}

/// Brings `value`, a file of `version`, up to `CURRENT_VERSION`.
///
/// # Errors
/// The step that failed, with its reason.
pub fn to_current(mut value: Value, version: u64) -> Result<Value, String> {
    let mut at = version;
    while at < CURRENT_VERSION {
        let step = usize::try_from(at - 1)
            .ok()
            .and_then(|i| STEPS.get(i))
            .ok_or_else(|| format!("no migration from format version {at}"))?;
        value = step(value).map_err(|e| format!("migrating from version {at} to {}: {e}", at + 1))?;
        at += 1;
        if let Some(map) = value.as_object_mut() {
            map.insert("version".into(), Value::from(at));
        }
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_is_one_step_per_version() {
        assert_eq!(STEPS.len() as u64, CURRENT_VERSION - 1);
    }

    /// Every frozen input `tests/data/migrate/vN/*.json` that has a step fixture
    /// `vN-to-vN+1/*.json` goes through that one step to exactly the fixture, and every input of
    /// an older version has one.
    #[test]
    fn each_step_turns_its_frozen_inputs_into_its_frozen_outputs() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/migrate");
        let mut checked = 0;
        for version in 1..CURRENT_VERSION {
            let inputs = root.join(format!("v{version}"));
            let outputs = root.join(format!("v{version}-to-v{}", version + 1));
            let step = STEPS[usize::try_from(version - 1).expect("small")];
            let mut names: Vec<_> =
                std::fs::read_dir(&inputs).expect("inputs").map(|e| e.expect("entry").file_name()).collect();
            names.sort();
            for name in names {
                let read = |path: std::path::PathBuf| {
                    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                    serde_json::from_str::<Value>(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                };
                let input = read(inputs.join(&name));
                let expected = read(outputs.join(&name));
                let got = step(input).unwrap_or_else(|e| panic!("{name:?}: {e}"));
                assert!(got == expected, "step v{version} → v{} changed what it makes of {name:?}", version + 1);
                checked += 1;
            }
        }
        assert!(checked >= 4, "only {checked} step fixtures");
    }

    #[test]
    fn a_step_refuses_what_is_not_an_object() {
        assert!(v1_to_v2(Value::Null).is_err());
        assert!(v2_to_v3(Value::Null).is_err());
    }

    #[test]
    fn an_older_file_is_brought_to_the_current_version() {
        let v = serde_json::json!({"format": "threatcanvas", "version": 1, "model": {"title": "t"}});
        let current = to_current(v, 1).expect("migrates");
        assert_eq!(current["version"], CURRENT_VERSION);
        assert_eq!(current["model"]["title"], "t");
    }

    #[test]
    fn the_current_version_passes_through() {
        let v = serde_json::json!({"format": "threatcanvas", "version": CURRENT_VERSION});
        assert_eq!(to_current(v.clone(), CURRENT_VERSION), Ok(v));
    }
}

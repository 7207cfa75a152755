//! Migrations from older format versions to the current one.
//!
//! Policy for changing the file format:
//! 1. Any change to what a file may contain or mean (a field, an enum value, a default, the
//!    layout) bumps `CURRENT_VERSION`. The schema test says so when the on-disk types change.
//! 2. Freeze the outgoing version: copy `assets/threatcanvas.schema.json` to
//!    `assets/schema/vN.schema.json` and add a test that the `vN` types still generate it. Then
//!    add `vN+1.rs` with the new on-disk types. Released types are never edited; a newer version
//!    may reuse the ones it did not change.
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

/// `STEPS[i]` migrates version `i + 1` to version `i + 2`. Version 1 is the first released
/// format, so there is nothing to migrate yet.
const STEPS: &[Step] = &[];

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

    #[test]
    fn the_current_version_passes_through() {
        let v = serde_json::json!({"format": "threatcanvas", "version": CURRENT_VERSION});
        assert_eq!(to_current(v.clone(), CURRENT_VERSION), Ok(v));
    }
}

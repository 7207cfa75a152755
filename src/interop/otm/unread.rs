//! What an OTM file holds that the import does not read: fields the model has no place for
//! (assets, tags, a trust zone's rating, risk comments...) and attributes other tools keep.
//! Each is reported once per kind of record with how many records hold it, so a file full of
//! tags gives one line, not hundreds, and nothing is left out without a word.

use std::collections::BTreeMap;

use serde_json::Value;

use super::super::summary::{Summary, WarningKind};
use super::attributes::{ENCRYPTED, LEGACY_OUT_OF_SCOPE, LEGACY_OUT_OF_SCOPE_REASON, PROTOCOL};
use crate::plural::count;

/// Keys read (or, like a zone's `type`, written by our export and carrying nothing more) at
/// each place of the file.
const TOP: &[&str] =
    &["otmVersion", "project", "representations", "trustZones", "components", "dataflows", "threats", "mitigations"];
const PROJECT: &[&str] = &["name", "id", "description", "owner", "attributes"];
const REPRESENTATION: &[&str] = &["id", "name", "type", "attributes"];
const ZONE: &[&str] =
    &["id", "name", "type", "description", "parent", "representations", "threats", "attributes", "risk"];
const COMPONENT: &[&str] = &["id", "name", "type", "description", "parent", "representations", "threats", "attributes"];
const DATAFLOW: &[&str] =
    &["id", "name", "description", "bidirectional", "source", "destination", "threats", "attributes"];
const THREAT: &[&str] = &["id", "name", "description", "categories", "cwes", "risk", "attributes"];
const RISK: &[&str] = &["likelihood", "impact"];
const MITIGATION: &[&str] = &["id", "name", "description", "riskReduction", "attributes"];
/// Attribute keys read without our prefix: those earlier exports wrote, and a threat's severity.
const PLAIN_ATTRIBUTES: &[&str] = &[PROTOCOL, ENCRYPTED, LEGACY_OUT_OF_SCOPE, LEGACY_OUT_OF_SCOPE_REASON, "severity"];
/// The trust rating our export gives every zone: any other value is information not kept.
const OUR_TRUST_RATING: i64 = 50;
/// At most this many lines; the rest are counted in one more.
const MAX_LINES: usize = 40;
/// A key is quoted up to this many characters.
const MAX_KEY_CHARS: usize = 60;

/// Where a field was found: its order in the file, then singular and plural.
type Place = (u8, &'static str, &'static str);
const FILE: Place = (0, "the file", "the file");
const IN_PROJECT: Place = (1, "project", "project");
const IN_REPRESENTATION: Place = (2, "representation", "representations");
const IN_ZONE: Place = (3, "trust zone", "trust zones");
const IN_COMPONENT: Place = (4, "component", "components");
const IN_DATAFLOW: Place = (5, "dataflow", "dataflows");
const IN_THREAT: Place = (6, "threat", "threats");
const IN_MITIGATION: Place = (7, "mitigation", "mitigations");

/// Adds one warning per field not read, and per place it was found.
pub fn report(file: &Value, summary: &mut Summary) {
    let Some(top) = file.as_object() else { return };
    let mut tally = Tally::default();
    for key in top.keys().filter(|k| !TOP.contains(&k.as_str())) {
        tally.add(FILE, false, key);
    }
    tally.record(top.get("project"), IN_PROJECT, PROJECT);
    let records = |key: &str| top.get(key).and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    for r in records("representations") {
        tally.record(Some(r), IN_REPRESENTATION, REPRESENTATION);
    }
    for z in records("trustZones") {
        tally.record(Some(z), IN_ZONE, ZONE);
        let rating = z.get("risk").and_then(|r| r.get("trustRating"));
        if rating.is_some_and(|r| r.as_i64() != Some(OUR_TRUST_RATING)) {
            tally.add(IN_ZONE, false, "risk.trustRating");
        }
    }
    for c in records("components") {
        tally.record(Some(c), IN_COMPONENT, COMPONENT);
    }
    for f in records("dataflows") {
        tally.record(Some(f), IN_DATAFLOW, DATAFLOW);
    }
    for t in records("threats") {
        tally.record(Some(t), IN_THREAT, THREAT);
        if let Some(risk) = t.get("risk").and_then(Value::as_object) {
            for key in risk.keys().filter(|k| !RISK.contains(&k.as_str())) {
                tally.add(IN_THREAT, false, &format!("risk.{key}"));
            }
        }
    }
    for m in records("mitigations") {
        tally.record(Some(m), IN_MITIGATION, MITIGATION);
    }
    let lines = tally.0.len();
    for (((_, one, many), attribute, key), n) in tally.0.into_iter().take(MAX_LINES) {
        let what = if attribute { "attribute" } else { "field" };
        let key: String = key.chars().take(MAX_KEY_CHARS).collect();
        let place = if one == many { one.to_owned() } else { count(n, one, many) };
        summary.warn(WarningKind::NotRead, None, format!("{what} {key:?} on {place}: not read"));
    }
    if lines > MAX_LINES {
        summary.warn(WarningKind::NotRead, None, format!("{} more fields and attributes not read", lines - MAX_LINES));
    }
}

/// How many records hold each field (or, when the flag is set, attribute) not read, by place.
#[derive(Default)]
struct Tally(BTreeMap<(Place, bool, String), usize>);

impl Tally {
    fn add(&mut self, place: Place, attribute: bool, key: &str) {
        *self.0.entry((place, attribute, key.to_owned())).or_default() += 1;
    }

    /// Counts the keys of `record` outside `known`, and its attributes that are not ours.
    fn record(&mut self, record: Option<&Value>, place: Place, known: &[&str]) {
        let Some(record) = record.and_then(Value::as_object) else { return };
        for key in record.keys().filter(|k| !known.contains(&k.as_str())) {
            self.add(place, false, key);
        }
        let attributes = record.get("attributes").and_then(Value::as_object).into_iter().flat_map(|a| a.keys());
        for key in attributes.filter(|k| !k.starts_with("threatcanvas.") && !PLAIN_ATTRIBUTES.contains(&k.as_str())) {
            self.add(place, true, key);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn lines(file: &Value) -> Vec<String> {
        let mut summary = Summary::default();
        report(file, &mut summary);
        summary.warnings.iter().map(|w| w.message.clone()).collect()
    }

    #[test]
    fn each_field_not_read_is_one_line_with_a_count() {
        let file = json!({
            "otmVersion": "0.2.0",
            "assets": [{"id": "cc"}],
            "project": {"name": "P", "id": "p", "tags": ["x"]},
            "trustZones": [{"id": "z", "risk": {"trustRating": 10}}, {"id": "y", "risk": {"trustRating": 50}}],
            "components": [
                {"id": "a", "tags": ["t"], "attributes": {"HTTPS Enforced": true, "threatcanvas.kind": "process"}},
                {"id": "b", "tags": ["t"], "attributes": {"protocol": "https"}}
            ],
            "threats": [{"id": "t", "risk": {"likelihood": 1, "likelihoodComment": "why"}}]
        });
        assert_eq!(
            lines(&file),
            [
                "field \"assets\" on the file: not read",
                "field \"tags\" on project: not read",
                "field \"risk.trustRating\" on 1 trust zone: not read",
                "field \"tags\" on 2 components: not read",
                "attribute \"HTTPS Enforced\" on 1 component: not read",
                "field \"risk.likelihoodComment\" on 1 threat: not read",
            ]
        );
    }

    #[test]
    fn what_our_export_writes_is_all_read() {
        let model = crate::format::juice_shop_sample();
        let text = super::super::to_string(&model).text;
        let file: Value = serde_json::from_str(&text).expect("json");
        assert_eq!(lines(&file), Vec::<String>::new());
    }
}

//! What ThreatCanvas knows and OTM has no field for travels in the free-form `attributes`
//! objects OTM gives the project, components, dataflows, threats, mitigations and
//! representations, under keys that start with `threatcanvas.`. Other tools see valid OTM with
//! its standard fields filled as before and can tell our keys from their own; our importer
//! reads them back, so ThreatCanvas → OTM → ThreatCanvas gives back the same records. A file
//! without them (any other tool's) reads exactly as it did before they existed.
//!
//! An export writes a flag only when it is set and a text or list only when it is not empty:
//! a missing key means the default, which keeps files of ordinary models short.

use serde_json::{Map, Value, json};

use super::super::summary::{Summary, WarningKind};

/// Project: who contributed (a list of names).
pub const CONTRIBUTORS: &str = "threatcanvas.contributors";
/// Project: who reviewed the model.
pub const REVIEWER: &str = "threatcanvas.reviewer";
/// Project: what is in scope and what deliberately is not.
pub const SCOPE: &str = "threatcanvas.scope";
/// Project: the methodology, in the file format's spelling ("stride", "linddun").
pub const METHODOLOGY: &str = "threatcanvas.methodology";
/// Project: dismissed threat-library suggestions (see `triage`).
pub const DISMISSED: &str = "threatcanvas.dismissed";
/// Project: suppressed check findings (see `triage`).
pub const SUPPRESSIONS: &str = "threatcanvas.suppressions";

/// Component or dataflow: left out of the analysis on purpose.
pub const OUT_OF_SCOPE: &str = "threatcanvas.outOfScope";
/// Component or dataflow: why it is out of scope.
pub const OUT_OF_SCOPE_REASON: &str = "threatcanvas.outOfScopeReason";
/// Component or dataflow: statements taken as true (a list).
pub const ASSUMPTIONS: &str = "threatcanvas.assumptions";
/// Component of a process: its technology. The component type holds it too, but a type is
/// also what other tools key their libraries on, and "generic-process" stands for none.
pub const TECHNOLOGY: &str = "threatcanvas.technology";
/// Component of a process: runs with elevated privilege.
pub const PRIVILEGED: &str = "threatcanvas.privileged";
/// Component of a process: authenticates its callers.
pub const AUTHENTICATES_CALLERS: &str = "threatcanvas.authenticatesCallers";
/// Component of an external entity: "person" or "system".
pub const NATURE: &str = "threatcanvas.nature";
/// Component of a data store: holds credentials.
pub const STORES_CREDENTIALS: &str = "threatcanvas.storesCredentials";
/// Component of a data store: holds personal data.
pub const STORES_PERSONAL_DATA: &str = "threatcanvas.storesPersonalData";
/// Component of a data store: encrypted at rest.
pub const ENCRYPTED_AT_REST: &str = "threatcanvas.encryptedAtRest";
/// Component of a data store: a log or audit store.
pub const IS_LOG: &str = "threatcanvas.isLog";

/// Dataflow: the data carried.
pub const DATA: &str = "threatcanvas.data";
/// Dataflow: the sender is authenticated.
pub const AUTHENTICATED: &str = "threatcanvas.authenticated";
/// Dataflow: bend points on the written diagram (`[{"x": .., "y": ..}]`, absolute): OTM
/// places zones and components, not the lines between them.
pub const BENDS: &str = "threatcanvas.bends";

/// Threat: the category in the file format's spelling; OTM's `categories` hold its label,
/// which several methodologies may share.
pub const CATEGORY: &str = "threatcanvas.category";
/// Threat: the score, free text (a CVSS vector, "8.1").
pub const SCORE: &str = "threatcanvas.score";
/// Threat: every reference (CWE, CAPEC, links); OTM's `cwes` hold the CWEs only.
pub const REFERENCES: &str = "threatcanvas.references";
/// Threat: the threat-library rule that suggested it.
pub const RULE: &str = "threatcanvas.rule";
/// Threat: its rank among the threats on the same target.
pub const RANK: &str = "threatcanvas.rank";

/// Mitigation: the id of the threat whose whole mitigation text this is, so an import takes
/// the description as written instead of composing "name: description (state)".
pub const MITIGATION_OF: &str = "threatcanvas.threat";

/// Representation: the id of the diagram whose positions it holds.
pub const DIAGRAM: &str = "threatcanvas.diagram";

/// Dataflow: the protocol, under the plain name exports used before the prefixed keys (other
/// tools may read it, and may write it too).
pub const PROTOCOL: &str = "protocol";
/// Dataflow: encrypted in transit; a plain name like [`PROTOCOL`].
pub const ENCRYPTED: &str = "encrypted";

/// The keys an export of ThreatCanvas before these attributes wrote on components, read when
/// the namespaced ones are missing.
pub const LEGACY_OUT_OF_SCOPE: &str = "outOfScope";
/// See [`LEGACY_OUT_OF_SCOPE`].
pub const LEGACY_OUT_OF_SCOPE_REASON: &str = "outOfScopeReason";

/// Sets `key` to true when `on`; a false flag is left out.
pub fn put_flag(map: &mut Map<String, Value>, key: &str, on: bool) {
    if on {
        map.insert(key.to_owned(), Value::Bool(true));
    }
}

/// Sets `key` to `text` unless it is empty.
pub fn put_text(map: &mut Map<String, Value>, key: &str, text: &str) {
    if !text.is_empty() {
        map.insert(key.to_owned(), json!(text));
    }
}

/// Sets `key` to the list `texts` unless it is empty.
pub fn put_texts<S: AsRef<str>>(map: &mut Map<String, Value>, key: &str, texts: &[S]) {
    if !texts.is_empty() {
        map.insert(key.to_owned(), json!(texts.iter().map(AsRef::as_ref).collect::<Vec<&str>>()));
    }
}

/// The `attributes` of one record of a file being read. Another tool may have put anything
/// there, so a key of ours with the wrong type is reported and read as missing, never trusted.
#[derive(Clone, Copy)]
pub struct Attributes<'a> {
    map: Option<&'a Map<String, Value>>,
    /// The record's id in the file, for warnings.
    source_id: &'a str,
}

impl<'a> Attributes<'a> {
    /// The attributes `value` holds (none unless it is an object), of the record `source_id`.
    #[must_use]
    pub fn of(value: Option<&'a Value>, source_id: &'a str) -> Self {
        Self { map: value.and_then(Value::as_object), source_id }
    }

    /// The id of the record in the file.
    #[must_use]
    pub const fn source_id(&self) -> &'a str {
        self.source_id
    }

    /// The raw value of `key`.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.and_then(|m| m.get(key))
    }

    /// Whether `key` is there at all (of any type).
    #[must_use]
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    fn wrong(&self, key: &str, what: &str, summary: &mut Summary) {
        summary.warn(
            WarningKind::UnknownValue,
            Some(self.source_id),
            format!("attribute {key:?} is not {what}; ignored"),
        );
    }

    /// The flag `key`: a boolean (or the text "true"/"false"); `None` when missing or
    /// mistyped.
    pub fn flag(&self, key: &str, summary: &mut Summary) -> Option<bool> {
        match self.get(key)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s.trim().eq_ignore_ascii_case("true") => Some(true),
            Value::String(s) if s.trim().eq_ignore_ascii_case("false") => Some(false),
            Value::Null => None,
            _ => {
                self.wrong(key, "true or false", summary);
                None
            }
        }
    }

    /// The text `key`; `None` when missing or not a string.
    pub fn text(&self, key: &str, summary: &mut Summary) -> Option<&'a str> {
        match self.get(key)? {
            Value::String(s) => Some(s),
            Value::Null => None,
            _ => {
                self.wrong(key, "a text", summary);
                None
            }
        }
    }

    /// The list of texts `key`; items that are not texts are reported and left out.
    pub fn texts(&self, key: &str, summary: &mut Summary) -> Vec<&'a str> {
        self.list(key, summary).unwrap_or_default()
    }

    /// The list of texts `key`, or `None` when it is missing or not a list (so the caller can
    /// fall back on a standard field); items that are not texts are reported and left out.
    pub fn list(&self, key: &str, summary: &mut Summary) -> Option<Vec<&'a str>> {
        match self.get(key)? {
            Value::Null => None,
            Value::Array(items) => {
                let texts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
                if texts.len() != items.len() {
                    self.wrong(key, "a list of texts only", summary);
                }
                Some(texts)
            }
            _ => {
                self.wrong(key, "a list of texts", summary);
                None
            }
        }
    }

    /// The plain key `key` (one other tools may use as well) as a flag, read as before our
    /// prefixed keys existed: true only for the boolean true, anything else silently false, so
    /// another tool's file reads as it always did.
    #[must_use]
    pub fn plain_flag(&self, key: &str) -> bool {
        self.get(key).and_then(Value::as_bool) == Some(true)
    }

    /// The plain key `key` as a text, read as [`Self::plain_flag`] reads a flag: a value that
    /// is not a string is silently no text.
    #[must_use]
    pub fn plain_text(&self, key: &str) -> &'a str {
        self.get(key).and_then(Value::as_str).unwrap_or_default()
    }

    /// The whole number `key` from 0 up; `None` when missing or not one.
    pub fn count(&self, key: &str, summary: &mut Summary) -> Option<u64> {
        let value = self.get(key)?;
        let found = value.as_u64();
        if found.is_none() && !value.is_null() {
            self.wrong(key, "a whole number from 0 up", summary);
        }
        found
    }

    /// The value of `key` as a type of the file format (a methodology, a category), read by
    /// its serde name; `None` when missing or not one of the names.
    pub fn named<T: serde::de::DeserializeOwned>(&self, key: &str, what: &str, summary: &mut Summary) -> Option<T> {
        let value = self.get(key)?;
        let found = serde_json::from_value(value.clone()).ok();
        if found.is_none() && !value.is_null() {
            self.wrong(key, what, summary);
        }
        found
    }
}

/// The name `value` (a unit enum of the file format) serialises to, for [`Attributes::named`]
/// to read back.
pub fn name_of<T: serde::Serialize>(value: T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Methodology;

    #[test]
    fn mistyped_attributes_are_reported_and_read_as_missing() {
        let value = json!({
            OUT_OF_SCOPE: "yes",
            ASSUMPTIONS: ["a", 3, "b"],
            SCOPE: 7,
            RANK: -1,
            METHODOLOGY: "linddun",
            CATEGORY: "nonsense",
            IS_LOG: "TRUE",
        });
        let attributes = Attributes::of(Some(&value), "c1");
        let mut summary = Summary::default();
        assert_eq!(attributes.flag(OUT_OF_SCOPE, &mut summary), None);
        assert_eq!(attributes.flag(IS_LOG, &mut summary), Some(true));
        assert_eq!(attributes.texts(ASSUMPTIONS, &mut summary), ["a", "b"]);
        assert_eq!(attributes.text(SCOPE, &mut summary), None);
        assert_eq!(attributes.count(RANK, &mut summary), None);
        assert_eq!(attributes.named(METHODOLOGY, "a methodology", &mut summary), Some(Methodology::Linddun));
        assert_eq!(attributes.named::<Methodology>(CATEGORY, "a category", &mut summary), None);
        assert_eq!(attributes.flag(PRIVILEGED, &mut summary), None, "missing");
        assert_eq!(summary.warnings.len(), 5, "{:#?}", summary.warnings);
        assert!(summary.warnings.iter().all(|w| w.source_id.as_deref() == Some("c1")));
        assert_eq!(name_of(Methodology::CiaDie), json!("cia_die"));
    }

    #[test]
    fn no_attributes_read_as_missing_without_warnings() {
        let mut summary = Summary::default();
        for value in [None, Some(json!(null)), Some(json!([1, 2]))] {
            let attributes = Attributes::of(value.as_ref(), "x");
            assert_eq!(attributes.flag(OUT_OF_SCOPE, &mut summary), None);
            assert!(attributes.texts(ASSUMPTIONS, &mut summary).is_empty());
        }
        assert!(summary.warnings.is_empty());
    }
}

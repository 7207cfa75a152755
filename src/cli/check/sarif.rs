//! `check --format sarif`: SARIF 2.1.0, the format GitHub code scanning and other tools read,
//! so findings show on the pull request that introduced them.
//!
//! One run; the driver lists every registered rule with its help; each result points at the
//! model file (a repository-relative URI when the path given was relative), the line of the
//! record, and the record's JSON path as a logical location. The other records a finding
//! names are related locations. A suppressed finding carries an `inSource` suppression with
//! its reason, since the suppression is written in the model file itself.

use serde_json::{Value, json};

use super::locate::Place;
use super::{Checked, Outcome, diagram_of};
use crate::rules::{self, Finding, Rule, Severity, Subject};

/// The published JSON Schema of SARIF 2.1.0.
const SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

pub(super) fn render(outcomes: &[Outcome]) -> String {
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for outcome in outcomes {
        match outcome {
            Outcome::Checked(checked) => {
                results.extend(checked.findings.iter().map(|f| result(checked, f)));
            }
            Outcome::Unreadable { file, message } => notifications.push(json!({
                "level": "error",
                "message": { "text": message },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(file) } } }],
            })),
        }
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "ThreatCanvas",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules::all().iter().map(|r| rule(r)).collect::<Vec<_>>(),
                },
            },
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

/// A rule's metadata: what code-scanning tools show next to an alert.
fn rule(rule: &Rule) -> Value {
    json!({
        "id": rule.id,
        "name": pascal_case(rule.title),
        "shortDescription": { "text": rule.title },
        "fullDescription": { "text": format!("{} {}", rule.condition, rule.help()) },
        "help": {
            "text": rule.help(),
            "markdown": format!(
                "**When:** {}\n\n**Why it matters:** {}\n\n**How to fix:** {}",
                rule.condition, rule.why, rule.fix
            ),
        },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": { "tags": ["threat-modeling", "data-flow-diagram"] },
    })
}

fn result(checked: &Checked, finding: &Finding) -> Value {
    let diagram = diagram_of(finding);
    let primary = finding.primary();
    let mut result = json!({
        "ruleId": finding.rule.id,
        "ruleIndex": rules::all().iter().position(|r| r.id == finding.rule.id),
        "level": level(finding.severity),
        "message": { "text": finding.message(&checked.model) },
        "locations": [location(checked, primary, checked.places.of(primary, diagram))],
        "partialFingerprints": {
            "threatcanvasFinding/v1": format!("{}:{}:{}", finding.rule.id, primary.kind(), primary.id_str().unwrap_or_default()),
        },
    });
    let related: Vec<Value> = finding
        .subjects
        .iter()
        .skip(1)
        .enumerate()
        .map(|(i, s)| {
            let mut loc = location(checked, s, checked.places.of(s, diagram));
            loc["id"] = json!(i + 1);
            loc["message"] = json!({ "text": super::subject_words(s) });
            loc
        })
        .collect();
    if !related.is_empty() {
        result["relatedLocations"] = json!(related);
    }
    if let Some(reason) = &finding.suppressed {
        result["suppressions"] = json!([{ "kind": "inSource", "justification": reason }]);
    }
    result
}

/// The file and, when found, the record's region and JSON path.
fn location(checked: &Checked, subject: &Subject, place: Option<&Place>) -> Value {
    let mut physical = json!({ "artifactLocation": { "uri": uri(&checked.file) } });
    let mut logical = json!({ "name": subject.id_str().unwrap_or("model"), "kind": "object" });
    if let Some(p) = place {
        physical["region"] = json!({
            "startLine": p.line,
            "startColumn": p.column,
            "endLine": p.end_line,
            "endColumn": p.end_column,
        });
        logical["fullyQualifiedName"] = json!(p.path);
    } else {
        physical["region"] = json!({ "startLine": 1 });
        logical["fullyQualifiedName"] = json!("$");
    }
    json!({ "physicalLocation": physical, "logicalLocations": [logical] })
}

/// SARIF's levels: a hint is a "note".
const fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Hint => "note",
    }
}

/// "Flow between two external entities" → `FlowBetweenTwoExternalEntities`.
fn pascal_case(title: &str) -> String {
    title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
        })
        .collect()
}

/// A file path as a URI reference: relative paths stay relative (code-scanning tools resolve
/// them against the repository root), absolute ones become `file://` URIs.
fn uri(path: &str) -> String {
    let slashed = path.replace('\\', "/");
    let slashed = slashed.strip_prefix("./").unwrap_or(&slashed);
    if slashed.starts_with('/') {
        format!("file://{}", percent_encoded(slashed))
    } else if let [drive, b':', b'/', ..] = slashed.as_bytes()
        && drive.is_ascii_alphabetic()
    {
        format!("file:///{}:{}", char::from(*drive), percent_encoded(&slashed[2..]))
    } else {
        percent_encoded(slashed)
    }
}

/// Every byte but unreserved characters and `/` percent-encoded.
fn percent_encoded(path: &str) -> String {
    path.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{pascal_case, uri};

    #[test]
    fn uris_and_names() {
        assert_eq!(uri("models/shop model.json"), "models/shop%20model.json");
        assert_eq!(uri("./a.json"), "a.json");
        assert_eq!(uri("/tmp/x#1.json"), "file:///tmp/x%231.json");
        assert_eq!(uri("C:\\m\\a.json"), "file:///C:/m/a.json");
        assert_eq!(uri("ü.json"), "%C3%BC.json");
        assert_eq!(uri("a:b.json"), "a%3Ab.json", "a colon in a relative path is not a scheme");
        assert_eq!(pascal_case("Flow from an element to itself"), "FlowFromAnElementToItself");
        assert_eq!(pascal_case("Data store only written or only read"), "DataStoreOnlyWrittenOrOnlyRead");
    }
}

//! Threats as rows, for issue trackers and spreadsheets: CSV (RFC 4180) and JSON.

use serde::Serialize;

use super::content::target_label;
use crate::model::Model;

/// One threat as a row. Category, status and severity are the labels people read
/// ("Information disclosure", "Not applicable").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ThreatRow {
    /// The threat's id.
    pub id: String,
    /// The id of the element, flow or boundary it is on.
    pub element_id: String,
    /// The kind and name of what it is on: "Process “Angular SPA”".
    pub element: String,
    /// Category under the model's methodology.
    pub category: String,
    /// Where triage stands.
    pub status: String,
    /// How bad it would be.
    pub severity: String,
    /// One line.
    pub title: String,
    /// What is done about it.
    pub mitigation: String,
    /// CWE and CAPEC ids and links, in the team's order.
    pub references: Vec<String>,
    /// The library rule that suggested it, if any.
    pub rule: Option<String>,
    /// Free-text score.
    pub score: String,
    /// How the attack works.
    pub description: String,
}

/// The columns of the CSV, in order.
pub const CSV_HEADER: [&str; 12] = [
    "id",
    "element_id",
    "element",
    "category",
    "status",
    "severity",
    "title",
    "mitigation",
    "references",
    "rule",
    "score",
    "description",
];

/// Why a threat table could not be written.
#[derive(Debug, thiserror::Error)]
#[error("the threat table could not be written: {0}")]
pub struct TableError(String);

/// One row per threat, in the order the file keeps them (by id).
#[must_use]
pub fn threat_rows(model: &Model) -> Vec<ThreatRow> {
    model
        .threats
        .iter()
        .map(|(id, t)| ThreatRow {
            id: id.to_string(),
            element_id: t.target.id_str().to_owned(),
            element: target_label(model, &t.target),
            category: t.category.label().to_owned(),
            status: t.status.label().to_owned(),
            severity: t.severity.label().to_owned(),
            title: t.title.clone(),
            mitigation: t.mitigation.clone(),
            references: t.references.iter().map(ToString::to_string).collect(),
            rule: t.rule.clone(),
            score: t.score.clone(),
            description: t.description.clone(),
        })
        .collect()
}

/// The threats as CSV per RFC 4180: a header row, CRLF line ends, fields quoted where they hold
/// a comma, quote or line break. References are joined with "; ".
///
/// # Errors
/// [`TableError`] if the CSV writer fails (it writes to memory, so only on a bug).
pub fn threats_csv(model: &Model) -> Result<String, TableError> {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let fail = |e: csv::Error| TableError(e.to_string());
    writer.write_record(CSV_HEADER).map_err(fail)?;
    for r in threat_rows(model) {
        let references = r.references.join("; ");
        let rule = r.rule.unwrap_or_default();
        writer
            .write_record([
                &r.id,
                &r.element_id,
                &r.element,
                &r.category,
                &r.status,
                &r.severity,
                &r.title,
                &r.mitigation,
                &references,
                &rule,
                &r.score,
                &r.description,
            ])
            .map_err(fail)?;
    }
    let bytes = writer.into_inner().map_err(|e| TableError(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| TableError(e.to_string()))
}

/// The threats as a pretty-printed JSON array of [`ThreatRow`]s.
///
/// # Errors
/// [`TableError`] if serialising fails (only on a bug).
pub fn threats_json(model: &Model) -> Result<String, TableError> {
    serde_json::to_string_pretty(&threat_rows(model)).map_err(|e| TableError(e.to_string()))
}

//! `check --format json`: one document with every file's findings, for scripts.

use serde::Serialize;

use super::{Outcome, diagram_of, failing};
use crate::rules::{Counts, Severity};

#[derive(Serialize)]
struct Report<'a> {
    files: Vec<FileReport<'a>>,
    counts: CountsJson,
    /// Whether the gate failed: always when a file could not be read, else `null` with
    /// `--fail-on never`.
    failed: Option<bool>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum FileReport<'a> {
    Checked { file: &'a str, findings: Vec<FindingJson<'a>>, counts: CountsJson },
    Unreadable { file: &'a str, error: &'a str },
}

#[derive(Serialize)]
struct FindingJson<'a> {
    rule: &'static str,
    severity: &'static str,
    title: &'static str,
    message: String,
    subjects: Vec<SubjectJson<'a>>,
    /// The reason, when suppressed.
    suppressed: Option<&'a str>,
}

#[derive(Serialize)]
struct SubjectJson<'a> {
    kind: &'static str,
    /// The record's id; `null` for the model as a whole.
    id: Option<&'a str>,
    /// JSON path in the file, when found there.
    path: Option<&'a str>,
    line: Option<usize>,
}

#[derive(Serialize)]
struct CountsJson {
    errors: usize,
    warnings: usize,
    hints: usize,
    suppressed: usize,
}

impl From<Counts> for CountsJson {
    fn from(c: Counts) -> Self {
        Self { errors: c.errors, warnings: c.warnings, hints: c.hints, suppressed: c.suppressed }
    }
}

pub(super) fn render(outcomes: &[Outcome], threshold: Option<Severity>) -> String {
    let mut total = Counts::default();
    let files = outcomes
        .iter()
        .map(|outcome| match outcome {
            Outcome::Unreadable { file, message } => FileReport::Unreadable { file, error: message },
            Outcome::Checked(checked) => {
                total.add(&checked.findings);
                let findings = checked
                    .findings
                    .iter()
                    .map(|f| FindingJson {
                        rule: f.rule.id,
                        severity: f.severity.as_str(),
                        title: f.rule.title,
                        message: f.message(&checked.model),
                        subjects: f
                            .subjects
                            .iter()
                            .map(|s| {
                                let place = checked.places.of(s, diagram_of(f));
                                SubjectJson {
                                    kind: s.kind(),
                                    id: s.id_str(),
                                    path: place.map(|p| p.path.as_str()),
                                    line: place.map(|p| p.line),
                                }
                            })
                            .collect(),
                        suppressed: f.suppressed.as_deref(),
                    })
                    .collect();
                FileReport::Checked { file: &checked.file, findings, counts: Counts::of(&checked.findings).into() }
            }
        })
        .collect();
    let unreadable = outcomes.iter().any(|o| matches!(o, Outcome::Unreadable { .. }));
    let failed = if unreadable { Some(true) } else { threshold.map(|t| failing(outcomes, t) > 0) };
    let report = Report { files, counts: total.into(), failed };
    // Serializing plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

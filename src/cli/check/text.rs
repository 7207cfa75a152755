//! `check --format text`: one line per finding in the `file:line:column:` form editors and
//! terminals link, its records indented below, then a summary line.

use std::fmt::Write as _;

use super::{Outcome, count, diagram_of, failing};
use crate::rules::{Counts, Severity};

pub(super) fn render(outcomes: &[Outcome], threshold: Option<Severity>) -> String {
    let mut out = String::new();
    let mut counts = Counts::default();
    let mut unreadable = 0;
    for outcome in outcomes {
        let checked = match outcome {
            Outcome::Checked(c) => c,
            Outcome::Unreadable { .. } => {
                unreadable += 1;
                continue;
            }
        };
        counts.add(&checked.findings);
        for finding in &checked.findings {
            let place = checked.places.of(finding.primary(), diagram_of(finding));
            let at = place.map_or_else(String::new, |p| format!(":{}:{}", p.line, p.column));
            let suppressed = if finding.is_suppressed() { " (suppressed)" } else { "" };
            let _ = writeln!(
                out,
                "{}{at}: {} {}{suppressed}: {}",
                checked.file,
                finding.severity,
                finding.rule.id,
                finding.message(&checked.model)
            );
            let subjects: Vec<String> = finding.subjects.iter().map(super::subject_words).collect();
            match place {
                Some(p) => {
                    let _ = writeln!(out, "    at {}: {}", p.path, subjects.join(", "));
                }
                None => {
                    let _ = writeln!(out, "    {}", subjects.join(", "));
                }
            }
            if let Some(reason) = &finding.suppressed {
                let _ = writeln!(out, "    suppressed: {reason}");
            }
        }
    }
    let checked_files = outcomes.len() - unreadable;
    let _ = write!(
        out,
        "{} checked: {}, {}, {}, {} suppressed",
        count(checked_files, "file"),
        count(counts.errors, "error"),
        count(counts.warnings, "warning"),
        count(counts.hints, "hint"),
        counts.suppressed
    );
    if unreadable > 0 {
        // A file that was not checked cannot pass, whatever the threshold (exit 2).
        let _ = write!(out, "; {} could not be read, so the check fails", count(unreadable, "file"));
    } else if let Some(threshold) = threshold {
        let failing = failing(outcomes, threshold);
        let verdict = if failing == 0 { "passes" } else { "fails" };
        let _ = write!(out, "; {verdict} --fail-on {threshold}");
    }
    out.push('\n');
    out
}

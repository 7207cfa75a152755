//! `threatcanvas check FILE... [--format text|json|sarif] [--fail-on error|warning|never]`:
//! runs the DFD rules over each model and gates on the findings.
//!
//! Exit codes: 0 when no unsuppressed finding is at or above the threshold, 1 when one is, 2
//! when a file cannot be read (the other files are still checked and reported).

mod json;
mod locate;
mod sarif;
mod text;

use super::{CheckArgs, CheckFormat, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, FailOn, Stdout, report_error};
use crate::format;
use crate::model::{DiagramId, Model};
use crate::rules::{self, Finding, Severity, Subject};
use locate::Places;

/// What became of one file named on the command line.
enum Outcome {
    /// It loaded and was checked.
    Checked(Box<Checked>),
    /// It could not be read or is not a valid model.
    Unreadable {
        /// The file as given.
        file: String,
        /// The load error, which names the file.
        message: String,
    },
}

/// A checked file.
struct Checked {
    /// The file as given.
    file: String,
    /// The model, which the findings' messages are written from.
    model: Model,
    /// Every finding, suppressed ones included.
    findings: Vec<Finding>,
    /// Where the records are written in the file.
    places: Places,
}

pub(super) fn run(args: &CheckArgs, out: &mut Stdout) -> u8 {
    let outcomes: Vec<Outcome> = args.files.iter().map(|path| check_file(path)).collect();
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Never => None,
    };
    let output = match args.format {
        CheckFormat::Text => text::render(&outcomes, threshold),
        CheckFormat::Json => json::render(&outcomes, threshold),
        CheckFormat::Sarif => sarif::render(&outcomes),
    };
    out.print(&output);
    if outcomes.iter().any(|o| matches!(o, Outcome::Unreadable { .. })) {
        EXIT_ERROR
    } else if threshold.is_some_and(|t| failing(&outcomes, t) > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn check_file(path: &std::path::Path) -> Outcome {
    let file = path.display().to_string();
    let loaded = format::read_file(path).and_then(|bytes| {
        let model = format::load_bytes(&bytes, &file)?;
        Ok((bytes, model))
    });
    match loaded {
        Ok((bytes, model)) => {
            let places = Places::new(&String::from_utf8_lossy(&bytes));
            Outcome::Checked(Box::new(Checked { file, findings: rules::check(&model), model, places }))
        }
        Err(e) => {
            // A file that could not be read at all (missing, a folder) needs no list of problems.
            let hint = super::foreign::convert_hint(path, &e).or_else(|| {
                (!matches!(e, format::LoadError::Read { .. }))
                    .then(|| "`threatcanvas validate` reports every problem that stops a file from loading".to_owned())
            });
            report_error(&e, hint.as_deref());
            Outcome::Unreadable { file, message: e.to_string() }
        }
    }
}

/// How many findings of all checked files fail a gate at `threshold`.
fn failing(outcomes: &[Outcome], threshold: Severity) -> usize {
    checked(outcomes).flat_map(|c| &c.findings).filter(|f| f.fails(threshold)).count()
}

/// The files that were checked, in command-line order.
fn checked(outcomes: &[Outcome]) -> impl Iterator<Item = &Checked> {
    outcomes.iter().filter_map(|o| match o {
        Outcome::Checked(c) => Some(c.as_ref()),
        Outcome::Unreadable { .. } => None,
    })
}

/// The diagram a finding names, which is where its message subjects live.
fn diagram_of(finding: &Finding) -> Option<&DiagramId> {
    finding.subjects.iter().find_map(|s| match s {
        Subject::Diagram(d) => Some(d),
        _ => None,
    })
}

/// "flow F3", or "model".
fn subject_words(subject: &Subject) -> String {
    match subject.id_str() {
        Some(id) => format!("{} {id}", subject.kind()),
        None => subject.kind().to_owned(),
    }
}

/// "1 error", "2 warnings".
fn count(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

//! `threatcanvas suggest FILE [--format text|json] [--apply] [--library DIR]...`
//!
//! A broken library file is reported on stderr, naming the file and the place, and makes the
//! exit code 2 even though the listing is still printed: in CI a team rule that silently fails
//! to load would let the gate pass on an incomplete rule set. `--apply` writes nothing then.

use serde_json::{Value, json};

use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, Stdout, SuggestArgs, SuggestFormat, load, report_error};
use crate::edit::{self, triage};
use crate::format;
use crate::model::{ElementKind, Model, ThreatTarget};
use crate::threats::{Scope, Suggestion, by_target, loader, suggest};

pub(super) fn run(args: &SuggestArgs, out: &mut Stdout) -> u8 {
    let Some(model) = load(&args.file) else {
        return EXIT_ERROR;
    };
    let report = loader::load_for(Some(&args.file), &args.libraries);
    for problem in &report.problems {
        report_error(problem, None);
    }
    for note in report.override_notes() {
        eprintln!("note: {note}");
    }
    let broken = !report.problems.is_empty();
    let suggestions = suggest(&model, &report.library, Scope::Model);
    if args.apply {
        if broken {
            report_error(&"nothing was applied because a library file is broken", Some("fix the file named above"));
            return EXIT_ERROR;
        }
        return apply(args, model, &suggestions, out);
    }
    match args.format {
        SuggestFormat::Text => print_text(&model, &suggestions, out),
        SuggestFormat::Json => {
            out.line(format_args!(
                "{}",
                to_json(&args.file.display().to_string(), &model, &suggestions, &report.problems)
            ));
        }
    }
    if broken {
        EXIT_ERROR
    } else if suggestions.is_empty() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    }
}

fn apply(args: &SuggestArgs, mut model: Model, suggestions: &[Suggestion], out: &mut Stdout) -> u8 {
    if suggestions.is_empty() {
        out.line(format_args!("{}: no pending suggestions", args.file.display()));
        return EXIT_OK;
    }
    let threats: Vec<_> = suggestions.iter().map(|s| s.threat(&model)).collect();
    let (ids, tx) = triage::accept_suggestions(&model, threats);
    if let Err(e) = edit::apply_all(&mut model, tx.edits) {
        report_error(&e, None);
        return EXIT_ERROR;
    }
    if let Err(e) = format::save_file(&model, &args.file) {
        report_error(&e, Some("the file was left as it was"));
        return EXIT_ERROR;
    }
    out.line(format_args!(
        "{}: accepted {} suggestion{} as open threats",
        args.file.display(),
        ids.len(),
        if ids.len() == 1 { "" } else { "s" }
    ));
    EXIT_OK
}

/// What a target is and what it is called: ("process", "Angular SPA").
fn describe(model: &Model, target: &ThreatTarget) -> (&'static str, String) {
    match target {
        ThreatTarget::Element(id) => model.elements.get(id).map_or(("element", String::new()), |e| {
            let kind = match e.kind {
                ElementKind::Process(_) => "process",
                ElementKind::ExternalEntity(_) => "external entity",
                ElementKind::DataStore(_) => "data store",
            };
            (kind, e.name.clone())
        }),
        ThreatTarget::Flow(id) => ("data flow", model.flows.get(id).map(|f| f.name.clone()).unwrap_or_default()),
        ThreatTarget::Boundary(id) => {
            ("trust boundary", model.boundaries.get(id).map(|b| b.name.clone()).unwrap_or_default())
        }
    }
}

fn print_text(model: &Model, suggestions: &[Suggestion], out: &mut Stdout) {
    let groups = by_target(suggestions);
    for (target, items) in &groups {
        let (kind, name) = describe(model, target);
        out.line(format_args!("{} {name} ({kind})", target.id_str()));
        for s in items {
            let category = s.category(model).label().to_lowercase();
            out.line(format_args!(
                "  {:<14} {:<8} {:<24} {}",
                s.rule.id,
                s.severity().label().to_lowercase(),
                category,
                s.title
            ));
        }
    }
    if suggestions.is_empty() {
        out.line(format_args!("no pending suggestions"));
    } else {
        out.line(format_args!(
            "{} suggestion{} for {} element{} and flows; accept them all with --apply, or triage them in the app",
            suggestions.len(),
            if suggestions.len() == 1 { "" } else { "s" },
            groups.len(),
            if groups.len() == 1 { "" } else { "s" },
        ));
    }
}

fn to_json(
    file: &str,
    model: &Model,
    suggestions: &[Suggestion],
    problems: &[crate::threats::LibraryProblem],
) -> Value {
    let targets: Vec<Value> = by_target(suggestions)
        .into_iter()
        .map(|(target, items)| {
            let (kind, name) = describe(model, target);
            let items: Vec<Value> = items
                .iter()
                .map(|s| {
                    json!({
                        "rule": s.rule.id,
                        "title": s.title,
                        "category": s.category(model),
                        "severity": s.severity(),
                        "cwe": s.rule.cwe,
                        "capec": s.rule.capec,
                    })
                })
                .collect();
            json!({ "target": target.id_str(), "kind": kind, "name": name, "suggestions": items })
        })
        .collect();
    let problems: Vec<Value> =
        problems.iter().map(|p| json!({ "file": p.file, "place": p.place, "fault": p.fault })).collect();
    json!({ "file": file, "count": suggestions.len(), "targets": targets, "library_problems": problems })
}

//! The command line: `threatcanvas [FILE]` opens the app; subcommands run headless for
//! exports and CI gates. Exit codes: 0 ok, 1 findings (`fmt --check` found a file to reformat,
//! `validate` found unresolved merge conflicts, `diff` found differences, `merge` left
//! conflicts), 2 error.

mod args;
mod check;
mod convert;
mod diff;
mod export;
mod fmt;
mod foreign;
mod merge;
mod report;
mod rules;
mod stdout;
mod suggest;
mod threats;
mod validate;

use std::path::Path;
use std::process::ExitCode;

use stdout::Stdout;

pub use args::{
    Args, BackgroundArg, CheckArgs, CheckFormat, Command, ConvertArgs, DiffArgs, DiffFormat, ExportArgs, ExportFormat,
    FailOn, FmtArgs, FormatName, MergeArgs, ReportArgs, ReportFormatArg, RulesArgs, RulesFormat, SuggestArgs,
    SuggestFormat, ThemeArg, ThreatsArgs, ThreatsFormat, ValidateArgs,
};

/// Everything went well.
pub const EXIT_OK: u8 = 0;
/// The command ran and found something to report.
pub const EXIT_FINDINGS: u8 = 1;
/// The command could not do its job: bad input, unreadable file, failed write.
pub const EXIT_ERROR: u8 = 2;

/// Runs a parsed headless command and returns the exit code; errors go to stderr as
/// `error:` and `hint:` lines. Standard output closed by its reader (`| head`) ends the
/// output quietly; see [`stdout`].
#[must_use]
pub fn run(command: &Command) -> ExitCode {
    let mut out = Stdout::new();
    let code = match command {
        Command::Export(args) => export::run(args, &mut out),
        Command::Validate(args) => validate::run(args, &mut out),
        Command::Fmt(args) => fmt::run(args, &mut out),
        Command::Check(args) => check::run(args, &mut out),
        Command::Rules(args) => rules::run(args, &mut out),
        Command::Suggest(args) => suggest::run(args, &mut out),
        Command::Convert(args) => convert::run(args),
        Command::Report(args) => report::run(args, &mut out),
        Command::Threats(args) => threats::run(args, &mut out),
        Command::Diff(args) => diff::run(args, &mut out),
        Command::Merge(args) => merge::run(args),
        Command::Schema => {
            out.print(&crate::format::json_schema());
            EXIT_OK
        }
    };
    ExitCode::from(out.finish(code))
}

/// Prints an error, and a hint if there is one, to stderr.
pub fn report_error(message: &dyn std::fmt::Display, hint: Option<&str>) {
    eprintln!("error: {message}");
    if let Some(hint) = hint {
        eprintln!("hint: {hint}");
    }
}

pub use crate::export::slug;

/// Loads a model for a command, reporting the error and returning `None` on failure.
fn load(path: &Path) -> Option<crate::model::Model> {
    reported(path, crate::format::load_file(path))
}

/// The model loaded from `path`, or `None` after reporting the error (with the `convert`
/// command to run when the file is another tool's model).
fn reported(path: &Path, loaded: Result<crate::model::Model, crate::format::LoadError>) -> Option<crate::model::Model> {
    match loaded {
        Ok(model) => Some(model),
        Err(e) => {
            report_error(&e, foreign::convert_hint(path, &e).as_deref());
            None
        }
    }
}

/// Runs `jobs` side by side, one thread each, and returns their results in order. `diff` and
/// `merge` load their two or three models this way: each file costs tens of milliseconds to
/// parse and validate at ten thousand elements, and on two cores the files then take about the
/// time of the slowest two instead of the sum. Errors are reported by the caller, in argument
/// order, so the output does not depend on which thread finished first.
fn side_by_side<T: Send, const N: usize>(jobs: [&(dyn Fn() -> T + Sync); N]) -> [T; N] {
    std::thread::scope(|scope| {
        let running = jobs.map(|job| scope.spawn(job));
        running.map(|thread| thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    })
}

//! `threatcanvas report FILE [--format html|md] -o OUT`
//!
//! HTML is one file. Markdown links its diagrams as SVG files written beside it, named
//! `OUT-STEM-DIAGRAM.svg`, so a folder of reports never mixes up their pictures.

use super::{EXIT_ERROR, EXIT_OK, ReportArgs, ReportFormatArg, Stdout, load, report_error};
use crate::report::{ReportFormat, files};

pub(super) fn run(args: &ReportArgs, stdout: &mut Stdout) -> u8 {
    let out = &args.output;
    let format = match args.format {
        Some(ReportFormatArg::Html) => ReportFormat::Html,
        Some(ReportFormatArg::Md) => ReportFormat::Markdown,
        None => files::format_of(out).unwrap_or(ReportFormat::Html),
    };
    if std::fs::canonicalize(out).ok().is_some_and(|o| std::fs::canonicalize(&args.file).ok() == Some(o)) {
        report_error(
            &format_args!("{}: refusing to write the report over the model itself", out.display()),
            Some("choose another -o"),
        );
        return EXIT_ERROR;
    }
    let Some(model) = load(&args.file) else {
        return EXIT_ERROR;
    };
    match files::write(&model, format, out) {
        Ok(written) => {
            for path in written {
                stdout.line(format_args!("{}", path.display()));
            }
            EXIT_OK
        }
        Err(e) => {
            report_error(&e, None);
            EXIT_ERROR
        }
    }
}

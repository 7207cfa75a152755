//! `threatcanvas fmt FILE... [--check]`: rewrites files canonically. A file that does not
//! load is reported and left untouched.

use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, FmtArgs, Stdout, report_error};
use crate::format;

pub(super) fn run(args: &FmtArgs, out: &mut Stdout) -> u8 {
    let mut code = EXIT_OK;
    for path in &args.files {
        let original = match format::read_file(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                report_error(&e, None);
                code = EXIT_ERROR;
                continue;
            }
        };
        let canonical = match format::canonicalize(&original, &path.display().to_string()) {
            Ok(text) => text,
            Err(e) => {
                let hint = super::foreign::convert_hint(path, &e).map_or_else(
                    || "the file was left as it is".to_owned(),
                    |h| format!("the file was left as it is; {h}"),
                );
                report_error(&e, Some(&hint));
                code = EXIT_ERROR;
                continue;
            }
        };
        if canonical.as_bytes() == original.as_slice() {
            continue;
        }
        if args.check {
            out.line(format_args!(
                "{}: not in canonical form (run `threatcanvas fmt {}`)",
                path.display(),
                path.display()
            ));
            code = code.max(EXIT_FINDINGS);
        } else if let Err(e) = format::write_atomically(path, canonical.as_bytes()) {
            report_error(&e, None);
            code = EXIT_ERROR;
        } else {
            out.line(format_args!("{}: formatted", path.display()));
        }
    }
    code
}

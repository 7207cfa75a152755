//! `threatcanvas threats FILE [--format csv|json] [-o OUT]`: one row per threat, for issue
//! trackers and spreadsheets. Without --format, `-o` ending in `.json` gets JSON, anything
//! else CSV.

use std::io::Write as _;

use super::{EXIT_ERROR, EXIT_OK, ThreatsArgs, ThreatsFormat, load, report_error};
use crate::report::{threats_csv, threats_json};

pub(super) fn run(args: &ThreatsArgs) -> u8 {
    let Some(model) = load(&args.file) else {
        return EXIT_ERROR;
    };
    let table = match args.format() {
        ThreatsFormat::Csv => threats_csv(&model),
        ThreatsFormat::Json => threats_json(&model).map(|mut json| {
            json.push('\n');
            json
        }),
    };
    let table = match table {
        Ok(table) => table,
        Err(e) => {
            report_error(&format_args!("{}: {e}", args.file.display()), None);
            return EXIT_ERROR;
        }
    };
    let written = match &args.output {
        Some(out) => crate::format::write_atomically(out, table.as_bytes()).map_err(|e| e.to_string()),
        None => std::io::stdout().write_all(table.as_bytes()).map_err(|e| format!("standard output: {e}")),
    };
    match written {
        Ok(()) => EXIT_OK,
        Err(message) => {
            report_error(&message, None);
            EXIT_ERROR
        }
    }
}

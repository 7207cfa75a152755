//! `threatcanvas threats FILE [--format csv|json] [-o OUT]`: one row per threat, for issue
//! trackers and spreadsheets. Without --format, `-o` ending in `.json` gets JSON, anything
//! else CSV.

use super::{EXIT_ERROR, EXIT_OK, Stdout, ThreatsArgs, ThreatsFormat, load, report_error};
use crate::report::{threats_csv, threats_json};

pub(super) fn run(args: &ThreatsArgs, out: &mut Stdout) -> u8 {
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
    let Some(file) = &args.output else {
        out.print(&table);
        return EXIT_OK;
    };
    match crate::format::write_atomically(file, table.as_bytes()) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            report_error(&e, None);
            EXIT_ERROR
        }
    }
}

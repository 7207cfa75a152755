//! `threatcanvas convert IN -o OUT [--from td|otm|threatcanvas] [--to threatcanvas|td|otm]`:
//! brings a model in from Threat Dragon or OTM, or takes one out. Formats are told from the
//! content and the names; the summary (counts and every warning) goes to stderr.

use std::path::Path;

use super::{ConvertArgs, EXIT_ERROR, EXIT_OK, FormatName, report_error};
use crate::format;
use crate::interop::{self, Format};

pub(super) fn run(args: &ConvertArgs) -> u8 {
    let from = args.from.map(FormatName::format);
    let imported = match interop::import_file(&args.input, from) {
        Ok(imported) => imported,
        Err(e) => {
            let hint = matches!(e, interop::ImportError::UnknownFormat { .. })
                .then_some("name the format with --from td, otm or threatcanvas");
            report_error(&e, hint);
            return EXIT_ERROR;
        }
    };
    eprint!("{}", imported.summary);
    let to = args.to.map_or_else(
        || interop::format_of_name(&args.output.to_string_lossy()).unwrap_or(Format::ThreatCanvas),
        FormatName::format,
    );
    if same_file(&args.input, &args.output) {
        report_error(
            &format!("{}: refusing to write the converted model over its source", args.output.display()),
            Some("choose another -o"),
        );
        return EXIT_ERROR;
    }
    let exported = interop::export(&imported.model, to);
    for w in &exported.warnings {
        eprintln!("  warning: {} export: {w}", to.label());
    }
    if let Err(e) = format::write_atomically(&args.output, exported.text.as_bytes()) {
        report_error(&e, None);
        return EXIT_ERROR;
    }
    eprintln!("wrote {} ({})", args.output.display(), to.label());
    EXIT_OK
}

fn same_file(a: &Path, b: &Path) -> bool {
    matches!((std::fs::canonicalize(a), std::fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
}

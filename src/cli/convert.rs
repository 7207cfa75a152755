//! `threatcanvas convert IN -o OUT [--from td|otm|threatcanvas] [--to threatcanvas|td|otm]`:
//! brings a model in from Threat Dragon or OTM, or takes one out. Formats are told from the
//! content and the names; the summary (counts and every warning of the import and of the
//! export) goes to stderr. "no warnings" is printed only when neither side left anything out:
//! printed after the import alone, it read as if the conversion were lossless when the export
//! still had losses to report.

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
    if !args.force && std::fs::symlink_metadata(&args.output).is_ok() {
        report_error(
            &format!("{}: the file exists; convert does not replace it unless told to", args.output.display()),
            Some("choose another -o, or add --force to replace it"),
        );
        return EXIT_ERROR;
    }
    let exported = interop::export(&imported.model, to);
    report(&imported.summary, &exported.warnings, to);
    if let Err(e) = format::write_atomically(&args.output, exported.text.as_bytes()) {
        report_error(&e, None);
        return EXIT_ERROR;
    }
    eprintln!("wrote {} ({})", args.output.display(), to.label());
    EXIT_OK
}

/// The import's counts, then every warning of the import and of the export, or "no warnings".
fn report(summary: &interop::Summary, exported: &[interop::Warning], to: Format) {
    eprintln!("imported {}: {}", summary.source_format, summary.counts);
    let count = summary.warnings.len() + exported.len();
    if count == 0 {
        eprintln!("no warnings");
        return;
    }
    eprintln!("{count} warning{}:", if count == 1 { "" } else { "s" });
    for w in &summary.warnings {
        eprintln!("  warning: {w}");
    }
    for w in exported {
        eprintln!("  warning: {} export: {w}", to.label());
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    matches!((std::fs::canonicalize(a), std::fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
}

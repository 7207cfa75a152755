//! `threatcanvas diff OLD NEW [--format text|md|json] [--layout] [--git]`

use std::path::Path;

use super::{DiffArgs, DiffFormat, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, Stdout, report_error};
use crate::diff::report::{self, Report};
use crate::format::LoadError;
use crate::model::Model;

/// A model to compare: `/dev/null` (what git passes for a file that is not there on one side)
/// is the empty model.
fn load_side(path: &Path) -> Result<Model, LoadError> {
    if path == Path::new("/dev/null") {
        return Ok(Model::default());
    }
    crate::format::load_file(path)
}

pub(super) fn run(args: &DiffArgs, out: &mut Stdout) -> u8 {
    let files = &args.files;
    let (old_path, new_path, title) = if args.git {
        match files.len() {
            // An unmerged path: git has nothing to compare yet.
            1 => {
                out.line(format_args!("{}: unmerged (resolve the merge, then diff again)", files[0].display()));
                return EXIT_OK;
            }
            7 | 9 => (&files[1], &files[4], files[0].display().to_string()),
            n => {
                report_error(
                    &format!("--git takes the 7 arguments git passes to an external diff program, not {n}"),
                    Some("set it up with `git config diff.threatcanvas.command 'threatcanvas diff --git'`"),
                );
                return EXIT_ERROR;
            }
        }
    } else {
        let [old, new] = files.as_slice() else {
            report_error(&format!("diff takes two models, OLD and NEW, not {}", files.len()), None);
            return EXIT_ERROR;
        };
        (old, new, format!("{} → {}", old.display(), new.display()))
    };
    let [old, new] = super::side_by_side([&|| load_side(old_path), &|| load_side(new_path)]);
    let (Some(old), Some(new)) = (super::reported(old_path, old), super::reported(new_path, new)) else {
        return EXIT_ERROR;
    };
    let diff = crate::diff::diff(&old, &new);
    let r = Report { diff: &diff, old: &old, new: &new, layout: args.layout, title: &title };
    let text = match args.format {
        DiffFormat::Text => report::text(&r),
        DiffFormat::Md => report::markdown(&r),
        DiffFormat::Json => report::json(&r),
    };
    out.print(&text);
    // git stops at an external diff program that exits non-zero, so under --git a shown
    // difference is success.
    if diff.is_empty() || args.git { EXIT_OK } else { EXIT_FINDINGS }
}

//! `threatcanvas merge BASE OURS THEIRS [-o OUT]`: a git merge driver (`%O %A %B`). Writes the
//! merged model canonically to OUT, or over OURS as git expects; exit 0 when clean, 1 when the
//! result holds conflicts (as data: the file still loads), 2 on error (nothing written).

use std::path::Path;

use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, MergeArgs, report_error};
use crate::format;
use crate::model::Model;

/// The common ancestor: git passes an empty file when both sides added the model.
fn load_base(path: &Path) -> Option<Model> {
    match format::read_file(path) {
        Ok(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => Some(Model::default()),
        Ok(bytes) => match format::load_bytes(&bytes, &path.display().to_string()) {
            Ok(model) => Some(model),
            Err(e) => {
                report_error(&e, None);
                None
            }
        },
        Err(e) => {
            report_error(&e, None);
            None
        }
    }
}

pub(super) fn run(args: &MergeArgs) -> u8 {
    let base = load_base(&args.base);
    let ours = super::load(&args.ours);
    let theirs = super::load(&args.theirs);
    let (Some(base), Some(ours), Some(theirs)) = (base, ours, theirs) else {
        return EXIT_ERROR;
    };
    let out = args.output.as_deref().unwrap_or(&args.ours);
    let merged = match crate::merge::merge(&base, &ours, &theirs) {
        Ok(model) => model,
        Err(e) => {
            report_error(&format!("{}: cannot merge: {e}", out.display()), Some("the file was left as it is"));
            return EXIT_ERROR;
        }
    };
    if let Err(e) = format::save_file(&merged, out) {
        report_error(&e, None);
        return EXIT_ERROR;
    }
    let new_conflicts: Vec<String> = crate::merge::describe_conflicts(&merged);
    if new_conflicts.is_empty() {
        return EXIT_OK;
    }
    eprintln!(
        "{}: {} merge conflict{} written into the model:",
        out.display(),
        new_conflicts.len(),
        if new_conflicts.len() == 1 { "" } else { "s" }
    );
    for line in &new_conflicts {
        eprintln!("  {line}");
    }
    eprintln!("hint: open the file in ThreatCanvas to resolve them; `threatcanvas validate` fails until then");
    EXIT_FINDINGS
}

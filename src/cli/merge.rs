//! `threatcanvas merge BASE OURS THEIRS [-o OUT]`: a git merge driver (`%O %A %B`). Writes the
//! merged model canonically to OUT, or over OURS as git expects; exit 0 when clean, 1 when the
//! result holds conflicts (as data: the file still loads), 2 on error (nothing written).

use std::path::Path;

use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, MergeArgs, report_error};
use crate::format::{self, LoadError};
use crate::model::Model;

/// The common ancestor: git passes an empty file when both sides added the model.
fn load_base(path: &Path) -> Result<Model, LoadError> {
    let bytes = format::read_file(path)?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Model::default());
    }
    format::load_bytes(&bytes, &path.display().to_string())
}

pub(super) fn run(args: &MergeArgs) -> u8 {
    let [base, ours, theirs] =
        super::side_by_side([&|| load_base(&args.base), &|| format::load_file(&args.ours), &|| {
            format::load_file(&args.theirs)
        }]);
    let (base, ours, theirs) =
        (super::reported(&args.base, base), super::reported(&args.ours, ours), super::reported(&args.theirs, theirs));
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
    // Freeing the three inputs (every record of three models) overlaps writing the result.
    let saved = std::thread::scope(|scope| {
        scope.spawn(move || drop((base, ours, theirs)));
        format::save_file(&merged, out)
    });
    if let Err(e) = saved {
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

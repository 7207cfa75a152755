//! `threatcanvas validate FILE...`: exit 2 when a file does not load, 1 when one loads but
//! holds unresolved merge conflicts (it is not ready to commit), 0 otherwise.

use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, Stdout, ValidateArgs, load};
use crate::plural::count;

pub(super) fn run(args: &ValidateArgs, out: &mut Stdout) -> u8 {
    let mut code = EXIT_OK;
    for path in &args.files {
        let Some(model) = load(path) else {
            code = EXIT_ERROR;
            continue;
        };
        let conflicts = crate::merge::describe_conflicts(&model);
        if !conflicts.is_empty() {
            out.line(format_args!(
                "{}: {} unresolved merge conflict{}:",
                path.display(),
                conflicts.len(),
                if conflicts.len() == 1 { "" } else { "s" }
            ));
            for line in &conflicts {
                out.line(format_args!("  {line}"));
            }
            code = code.max(EXIT_FINDINGS);
            continue;
        }
        out.line(format_args!(
            "{}: ok ({}, {}, {}, {}, {})",
            path.display(),
            count(model.elements.len(), "element", "elements"),
            count(model.flows.len(), "flow", "flows"),
            count(model.boundaries.len(), "boundary", "boundaries"),
            count(model.threats.len(), "threat", "threats"),
            count(model.diagrams.len(), "diagram", "diagrams")
        ));
    }
    code
}

//! `threatcanvas validate FILE...`

use super::{EXIT_ERROR, EXIT_OK, ValidateArgs, load};

pub(super) fn run(args: &ValidateArgs) -> u8 {
    let mut code = EXIT_OK;
    for path in &args.files {
        let Some(model) = load(path) else {
            code = EXIT_ERROR;
            continue;
        };
        println!(
            "{}: ok ({} elements, {} flows, {} boundaries, {} threats, {} diagrams)",
            path.display(),
            model.elements.len(),
            model.flows.len(),
            model.boundaries.len(),
            model.threats.len(),
            model.diagrams.len()
        );
    }
    code
}

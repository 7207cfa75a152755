//! Imports from Threat Dragon and OTM, exports back, and the `convert` command: real files from
//! the shared corpus (skipped with a message when it is absent) and our own quirk fixtures.

mod corpus;
mod labels;
mod otm_fidelity;
mod quirks;
mod round_trip;

use std::path::{Path, PathBuf};

use threatcanvas::format;
use threatcanvas::model::Model;

/// The corpus of other projects' files: `shared/corpus` beside the repository, or beside a
/// folder holding it (a git worktree under `wt/`), or where `THREATCANVAS_CORPUS` says.
pub(crate) fn corpus() -> Option<PathBuf> {
    let named = std::env::var_os("THREATCANVAS_CORPUS").map(PathBuf::from);
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let beside = manifest.ancestors().skip(1).take(3).map(|a| a.join("shared/corpus"));
    let dir = named.into_iter().chain(beside).find(|d| d.is_dir()).and_then(|d| d.canonicalize().ok());
    if dir.is_none() {
        println!("skipped: no shared/corpus beside the repository (it holds other projects' files for import tests)");
    }
    dir
}

pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import").join(name)
}

/// The imported model must load back through the file format unchanged.
pub(crate) fn assert_valid(model: &Model, what: &str) {
    let text = format::to_canonical_string(model);
    let back = format::load_bytes(text.as_bytes(), what).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(&back, model, "{what}: save then load changes the model");
}

/// The shipped Juice Shop model.
pub(crate) fn sample() -> Model {
    format::load_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/juice-shop.json")).expect("sample")
}

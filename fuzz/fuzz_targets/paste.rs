//! Clipboard paste: any model that loads, pasted into each diagram of the shipped sample with
//! `edit::clipboard::paste_part`, applies, leaves a model that passes `Model::validate`, and
//! undoing it gives the sample back exactly.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use threatcanvas::edit::{self, clipboard};
use threatcanvas::format;
use threatcanvas::model::Model;

/// The shift the editor pastes with: far enough that a box clamped at the edge of the
/// coordinate range is exercised too.
const OFFSET: i32 = 30;

fn sample() -> &'static Model {
    static SAMPLE: OnceLock<Model> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let text = include_str!("../../samples/juice-shop.json");
        format::load_bytes(text.as_bytes(), "juice-shop.json").expect("the sample loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(part) = format::load_bytes(data, "<clipboard>") else {
        return;
    };
    let sample = sample();
    for diagram in &sample.diagrams {
        let Some((tx, _added)) = clipboard::paste_part(sample, &diagram.id, &part, OFFSET) else {
            continue;
        };
        let mut model = sample.clone();
        let inverses = match edit::apply_all(&mut model, tx.edits) {
            Ok(inverses) => inverses,
            Err(e) => panic!("a paste into {} does not apply: {e}", diagram.id),
        };
        if let Err(problems) = model.validate() {
            panic!("pasting into {} made the model invalid: {problems:?}", diagram.id);
        }
        if let Err(e) = edit::apply_all(&mut model, inverses) {
            panic!("undoing a paste failed: {e}");
        }
        assert!(model == *sample, "undoing a paste did not restore the sample");
    }
});

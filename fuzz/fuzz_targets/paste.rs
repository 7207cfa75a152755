//! Clipboard paste: pasting any text into each diagram of the shipped sample never makes the
//! model invalid, and undoing the paste gives the sample back exactly.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use threatcanvas::app::{PASTE_OFFSET, paste_items};
use threatcanvas::edit;
use threatcanvas::format;
use threatcanvas::model::Model;

fn sample() -> &'static Model {
    static SAMPLE: OnceLock<Model> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let text = include_str!("../../samples/juice-shop.json");
        format::load_bytes(text.as_bytes(), "juice-shop.json").expect("the sample loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let sample = sample();
    for diagram in &sample.diagrams {
        let Some((tx, _added)) = paste_items(sample, &diagram.id, text, PASTE_OFFSET) else {
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

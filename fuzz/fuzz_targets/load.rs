//! The loader, bytes to model: it never panics, whatever the bytes, and every model it accepts
//! passes `Model::validate` and draws every one of its diagrams.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use threatcanvas::format;
use threatcanvas::scene::{self, FontMetrics, Style};

fn metrics() -> &'static FontMetrics {
    static METRICS: OnceLock<FontMetrics> = OnceLock::new();
    METRICS.get_or_init(FontMetrics::shipped)
}

fuzz_target!(|data: &[u8]| {
    let Ok(model) = format::load_bytes(data, "fuzz.json") else {
        return;
    };
    if let Err(problems) = model.validate() {
        panic!("the loader accepted a model that fails validation: {problems:?}");
    }
    for diagram in &model.diagrams {
        let built = scene::build(&model, &diagram.id, &Style::light(), metrics());
        assert!(built.is_ok(), "no scene for diagram {}", diagram.id);
    }
});

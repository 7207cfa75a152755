//! The importers, bytes to model: Threat Dragon (v1 and v2) and Open Threat Model. Whatever the
//! bytes, an import never panics; a model it returns passes `Model::validate`, draws every one
//! of its diagrams, and exports back to both formats. The first byte picks the importer, so
//! one corpus serves both.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use threatcanvas::interop::{self, Format};
use threatcanvas::scene::{self, FontMetrics, Style};

fn metrics() -> &'static FontMetrics {
    static METRICS: OnceLock<FontMetrics> = OnceLock::new();
    METRICS.get_or_init(FontMetrics::shipped)
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let (format, name) =
        if pick % 2 == 0 { (Format::ThreatDragon, "fuzz.td.json") } else { (Format::Otm, "fuzz.otm.json") };
    let Ok(imported) = interop::import_bytes(bytes, name, Some(format)) else {
        return;
    };
    let model = imported.model;
    if let Err(problems) = model.validate() {
        panic!("an import gave a model that fails validation: {problems:?}");
    }
    for diagram in &model.diagrams {
        let built = scene::build(&model, &diagram.id, &Style::light(), metrics());
        assert!(built.is_ok(), "no scene for diagram {}", diagram.id);
    }
    for format in [Format::ThreatDragon, Format::Otm] {
        let exported = interop::export(&model, format);
        assert!(!exported.text.is_empty(), "an empty export");
    }
});

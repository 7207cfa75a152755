//! The canonical writer: for whatever loads, load → save → load gives the same model, and
//! saving that gives the same bytes again (so `threatcanvas fmt` is stable).

#![no_main]

use libfuzzer_sys::fuzz_target;
use threatcanvas::format;

fuzz_target!(|data: &[u8]| {
    let Ok(model) = format::load_bytes(data, "fuzz.json") else {
        return;
    };
    let saved = format::to_canonical_string(&model);
    let again = match format::load_bytes(saved.as_bytes(), "saved.json") {
        Ok(again) => again,
        Err(e) => panic!("the canonical form of a model that loaded does not load: {e}\n{saved}"),
    };
    assert!(again == model, "load → save → load changed the model\n{saved}");
    assert_eq!(format::to_canonical_string(&again), saved, "saving twice gave different bytes");
    match format::canonicalize(data, "fuzz.json") {
        Ok(text) => assert_eq!(text, saved, "fmt disagrees with save"),
        Err(e) => panic!("fmt refused what loads: {e}"),
    }
});

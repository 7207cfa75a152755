//! Files the fuzzers (see `fuzz/`) found, kept in `tests/data/fuzz/`: each one is checked for
//! what its target checks. A file that loads passes `validate()`, saves and loads back as
//! the same model, and saves to the same bytes again; one that does not is refused with an
//! error naming it.

use std::path::Path;

use threatcanvas::format;

#[test]
fn every_fuzz_find_loads_round_trips_or_is_refused_by_name() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/data/fuzz") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).expect("a name").to_owned();
        let bytes = std::fs::read(&path).expect("read");
        checked += 1;
        let model = match format::load_bytes(&bytes, &name) {
            Ok(model) => model,
            Err(e) => {
                assert!(e.to_string().starts_with(&name), "{name}: the error does not name the file: {e}");
                continue;
            }
        };
        assert_eq!(model.validate(), Ok(()), "{name}");
        let saved = format::to_canonical_string(&model);
        let again = format::load_bytes(saved.as_bytes(), &name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(again == model, "{name}: load → save → load changed the model");
        assert_eq!(format::to_canonical_string(&again), saved, "{name}: saving twice differs");
    }
    assert!(checked > 0, "no files in {}", dir.display());
}

/// Files the import fuzzer found, in `tests/data/fuzz-import/`: each imports to a model that
/// passes `validate()`, or is refused with an error naming it; the far-placed OTM zone imports.
#[test]
fn every_import_fuzz_find_imports_valid_or_is_refused_by_name() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz-import");
    let mut imported_files = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/data/fuzz-import") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).expect("a name").to_owned();
        let bytes = std::fs::read(&path).expect("read");
        match threatcanvas::interop::import_bytes(&bytes, &name, None) {
            Ok(imported) => {
                assert_eq!(imported.model.validate(), Ok(()), "{name}");
                imported_files.push((name, imported.summary));
            }
            Err(e) => assert!(e.to_string().starts_with(&name), "{name}: the error does not name the file: {e}"),
        }
    }
    // The zone placed at x = 10^11 comes in, moved within the limits, and the move is reported.
    let (_, summary) = imported_files
        .iter()
        .find(|(name, _)| name == "otm-position-out-of-range.otm.json")
        .expect("the out-of-range OTM file imports");
    assert!(summary.warnings.iter().any(|w| w.message.contains("moved within the area")), "{summary}");
}

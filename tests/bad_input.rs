//! Every broken or hostile file in `tests/data/` gives a clear error that names the file, the
//! place and the fault, without a panic; the CLI exits 2 and changes nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

use threatcanvas::format::{self, LoadError};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

/// Loads a bad file and returns its error message, checking it names the file.
fn error_of(name: &str) -> (LoadError, String) {
    let path = data(name);
    let err = format::load_file(&path).expect_err(name);
    let text = err.to_string();
    assert!(text.contains(name), "{name}: the message does not name the file: {text}");
    (err, text)
}

fn assert_error(name: &str, expected: &[&str]) {
    let (_, text) = error_of(name);
    for part in expected {
        assert!(text.contains(part), "{name}: expected {part:?} in: {text}");
    }
}

#[test]
fn truncated_file() {
    let (err, text) = error_of("truncated.json");
    assert!(matches!(err, LoadError::Syntax { line, .. } if line > 1), "{text}");
    assert!(text.contains("truncated"), "{text}");
}

#[test]
fn file_from_a_newer_version() {
    let (err, text) = error_of("newer-version.json");
    assert!(matches!(err, LoadError::Newer { found: 99, .. }));
    assert!(text.contains("newer ThreatCanvas"), "{text}");
}

#[test]
fn the_version_after_the_current_one_is_refused_as_newer() {
    let next = format::CURRENT_VERSION + 1;
    let text = format!(r#"{{"format": "threatcanvas", "version": {next}, "model": {{"title": "from the future"}}}}"#);
    let err = format::load_bytes(text.as_bytes(), "next.json").expect_err("newer");
    assert!(matches!(err, LoadError::Newer { found, .. } if found == next), "{err}");
    let message = err.to_string();
    assert!(message.contains("next.json: written by a newer ThreatCanvas"), "{message}");
    assert!(message.contains(&format!("this version reads up to {}", format::CURRENT_VERSION)), "{message}");
}

#[test]
fn an_old_file_is_checked_as_its_own_version_at_its_own_lines() {
    // v1 is frozen: what v2 added is unknown to it, and the fault is shown where it is written.
    let (err, text) = error_of("v1-with-v2-category.json");
    assert!(matches!(err, LoadError::Structure { line: 6, .. }), "{text}");
    assert!(text.contains("$.threats[0].category: unknown variant `cornucopia`"), "{text}");
    let (err, text) = error_of("v1-with-v2-field.json");
    assert!(matches!(err, LoadError::Structure { line: 7, .. }), "{text}");
    assert!(text.contains("$.threats[0].references: unknown field `references`"), "{text}");
}

#[test]
fn bad_references_and_rule_ids() {
    assert_error(
        "bad-references.json",
        &[
            "$.threats[0].rule: \"TC XML 001\" is not a valid rule id",
            "$.threats[0].references[1]: \"CWE-0\" is not a CWE id",
            "$.threats[0].references[2]: \"ftp://example.com/x\" is not a reference",
            "$.threats[0].references[3]: CWE-79 is listed twice",
            "$.threats[0].references[4]: \"see the wiki\" is not a reference",
        ],
    );
    let references: Vec<String> = (1..=101).map(|n| format!("\"CWE-{n}\"")).collect();
    let text = format!(
        r#"{{"format": "threatcanvas", "version": 2, "elements": [{{"id": "P", "kind": "process"}}],
            "threats": [{{"id": "T", "target": "P", "title": "t", "category": "other", "references": [{}]}}]}}"#,
        references.join(", ")
    );
    let err = format::load_bytes(text.as_bytes(), "many.json").expect_err("too many");
    assert!(err.to_string().contains("$.threats[0].references: lists 101 references; the limit is 100"), "{err}");
}

#[test]
fn dismissals_and_suppressions_must_name_what_exists_once_with_reasons() {
    assert_error(
        "bad-triage.json",
        &[
            "$.dismissed[1]: rule \"TC-XML-001\" on P is dismissed twice",
            "$.dismissed[2].target: \"T\" is no element, flow or boundary",
            "$.dismissed[3].rule: \"\" is not a valid rule id",
            "$.suppressions[0].reason: a suppression needs a written reason",
            "$.suppressions[1].target: \"GHOST\" is no element, flow, boundary, diagram, threat or message",
            "$.suppressions[3]: rule \"DFD015\" on the model is suppressed twice",
        ],
    );
    let (_, text) = error_of("bad-triage.json");
    assert!(text.contains("6 problems found"), "{text}");
}

#[test]
fn json_that_is_not_a_model() {
    assert_error("not-a-model.json", &["not a ThreatCanvas model", "\"format\""]);
    assert_error("wrong-format.json", &["not a ThreatCanvas model", "is not \"threatcanvas\""]);
    assert_error("top-level-array.json", &["not a JSON object"]);
}

#[test]
fn binary_file() {
    assert_error("not-json.bin", &["not text"]);
}

#[test]
fn dangling_references() {
    assert_error("dangling-flow.json", &["$.flows[0].target", "GHOST", "not an element"]);
    assert_error("dangling-threat.json", &["$.threats[0].target", "NOPE"]);
    assert_error("dangling-boundary.json", &["$.elements[0].boundary", "TBX", "does not exist"]);
    assert_error("message-flow-mismatch.json", &["$.diagrams[0].messages[0].flow", "goes from B to A"]);
}

#[test]
fn duplicate_ids() {
    assert_error("duplicate-ids.json", &["$.elements[1].id", "already used at $.elements[0]"]);
    assert_error("duplicate-ids-across-kinds.json", &["\"X\"", "already used"]);
    assert_error("duplicate-node-key.json", &["$.diagrams[0].nodes", "appears twice"]);
}

#[test]
fn bad_numbers() {
    let (err, text) = error_of("nan-coordinate.json");
    assert!(matches!(err, LoadError::Syntax { line: 1, column, .. } if column > 100), "{text}");
    assert!(text.contains("NaN and Infinity are not JSON numbers"), "{text}");
    assert_error("huge-coordinate.json", &["$.diagrams[0].nodes.A", "out of range"]);
    assert_error("overflowing-coordinate.json", &["$.diagrams[0].nodes.A.x", "expected i32"]);
}

#[test]
fn limits_and_structure() {
    assert_error("long-name.json", &["$.elements[0].name", "5000 characters", "limit is 1000"]);
    assert_error("unknown-field.json", &["$.elements[0].colour", "unknown field"]);
    assert_error("wrong-kind-property.json", &["technology is a property of a process", "data store"]);
    assert_error("boundary-cycle.json", &["nest in a circle"]);
    assert_error("bad-id.json", &["not a valid id"]);
    let (_, text) = error_of("deep-nesting.json");
    assert!(text.contains("deep-nesting.json:1:"), "{text}");
}

#[test]
fn a_hundred_megabyte_string_is_refused_before_parsing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.json");
    let mut text = String::from(r#"{"format": "threatcanvas", "version": 1, "model": {"title": ""#);
    text.push_str(&"x".repeat(100 * 1024 * 1024));
    text.push_str("\"}}\n");
    std::fs::write(&path, &text).expect("write");
    drop(text);
    let err = format::load_file(&path).expect_err("too large");
    assert!(matches!(err, LoadError::TooLarge { .. }), "{err}");
    assert!(err.to_string().contains("huge.json"));
}

#[test]
fn a_missing_file() {
    let err = format::load_file(Path::new("/nonexistent/model.json")).expect_err("missing");
    assert!(err.to_string().contains("/nonexistent/model.json: cannot read"), "{err}");
}

#[test]
fn the_cli_exits_2_and_leaves_bad_files_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")).expect("data dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            continue;
        }
        let copy = dir.path().join(path.file_name().expect("name"));
        std::fs::copy(&path, &copy).expect("copy");
        let before = std::fs::read(&copy).expect("read");
        for args in [&["validate"][..], &["fmt"], &["fmt", "--check"]] {
            let out = Command::new(env!("CARGO_BIN_EXE_threatcanvas")).args(args).arg(&copy).output().expect("run");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?} {}: {stderr}", copy.display());
            assert!(stderr.starts_with("error: "), "{stderr}");
            assert!(!stderr.contains("panicked"), "{stderr}");
        }
        assert_eq!(std::fs::read(&copy).expect("read"), before, "{} was changed", copy.display());
    }
}

#[test]
fn devices_and_folders_are_refused_without_reading_them() {
    let err = format::load_file(Path::new("/dev/zero")).expect_err("a device");
    assert!(err.to_string().contains("/dev/zero: cannot read the file: it is not a regular file"), "{err}");
    let err = format::load_file(Path::new(env!("CARGO_MANIFEST_DIR"))).expect_err("a folder");
    assert!(err.to_string().contains("it is a folder"), "{err}");
}

#[cfg(unix)]
#[test]
fn saving_through_a_symlink_replaces_the_target_and_keeps_the_link() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().expect("temp dir");
    let real = dir.path().join("real.json");
    let link = dir.path().join("link.json");
    std::fs::write(&real, "old").expect("write");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    format::write_atomically(&link, b"new").expect("save");
    assert!(std::fs::symlink_metadata(&link).expect("meta").file_type().is_symlink());
    assert_eq!(std::fs::read(&real).expect("read"), b"new");
    // A new file gets ordinary permissions (0666 less the umask), never 0600.
    let fresh = dir.path().join("fresh.json");
    format::write_atomically(&fresh, b"x").expect("save");
    let mode = std::fs::metadata(&fresh).expect("meta").permissions().mode() & 0o777;
    assert_ne!(mode & 0o044, 0, "readable by group or others under a usual umask: {mode:o}");
    let names: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").map(|e| e.expect("entry").file_name()).collect();
    assert_eq!(names.len(), 3, "no temporary files left: {names:?}");
}

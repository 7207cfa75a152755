//! Every limit the loader enforces (the README's "What a file may hold"), each with a file just
//! under it that loads and one just over it that is refused with the limit named. The files are
//! made here, at test time.

use threatcanvas::format::{self, LoadError, MAX_FILE_BYTES};
use threatcanvas::model::{
    MAX_COORD, MAX_EXTENT, MAX_ID_LEN, MAX_LINK_LEN, MAX_NAME_CHARS, MAX_REFERENCES, MAX_RULE_ID_LEN, MAX_TEXT_CHARS,
};

/// A version 2 file holding `body` after the envelope (a comma-led list of top-level fields).
fn file(body: &str) -> String {
    format!(r#"{{"format": "threatcanvas", "version": 2{body}}}"#)
}

/// A file with one process whose fields are `fields` (a comma-led list).
fn with_process(fields: &str) -> String {
    file(&format!(r#", "elements": [{{"id": "P", "kind": "process"{fields}}}]"#))
}

/// A file with a process P and one threat on it whose fields are `fields` (comma-led).
fn with_threat(fields: &str) -> String {
    file(&format!(
        r#", "elements": [{{"id": "P", "kind": "process"}}],
            "threats": [{{"id": "T", "target": "P", "title": "t", "category": "tampering"{fields}}}]"#
    ))
}

/// A file placing process P on a DFD at `rect` (a JSON object) and bending a flow P → P at `point`.
fn with_box(rect: &str, point: &str) -> String {
    file(&format!(
        r#", "elements": [{{"id": "P", "kind": "process"}}], "flows": [{{"id": "F", "source": "P", "target": "P"}}],
            "diagrams": [{{"id": "D", "name": "d", "kind": "dfd", "nodes": {{"P": {rect}}}, "bends": {{"F": [{point}]}}}}]"#
    ))
}

fn loads(text: &str) {
    if let Err(e) = format::load_bytes(text.as_bytes(), "limit.json") {
        panic!("should load: {e}");
    }
}

/// Asserts `text` is refused and the message contains each of `expected`.
fn refused(text: &str, expected: &[&str]) {
    let message = format::load_bytes(text.as_bytes(), "limit.json").expect_err("should be refused").to_string();
    for part in expected {
        assert!(message.contains(part), "expected {part:?} in: {message}");
    }
}

#[test]
fn file_size() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("padded.json");
    let model = file("");
    // Whitespace after the model pads it to exactly the limit: the loader reads that, and
    // one byte more is refused before parsing.
    let limit = usize::try_from(MAX_FILE_BYTES).expect("fits");
    let mut bytes = model.into_bytes();
    bytes.resize(limit, b' ');
    std::fs::write(&path, &bytes).expect("write");
    format::load_file(&path).expect("a file of exactly the limit loads");
    bytes.push(b'\n');
    std::fs::write(&path, &bytes).expect("write");
    let err = format::load_file(&path).expect_err("one byte over");
    assert!(matches!(err, LoadError::TooLarge { size, .. } if size == MAX_FILE_BYTES + 1), "{err}");
    let err = format::load_bytes(&bytes, "padded.json").expect_err("one byte over, in memory");
    assert!(err.to_string().contains(&format!("opens models of up to {MAX_FILE_BYTES} bytes")), "{err}");
}

#[test]
fn json_nesting_depth() {
    // serde_json refuses a value nested more than 127 levels deep (the top-level object is the
    // first), before it can exhaust the stack. An unknown field is skipped without recursion,
    // so the nesting is put where the loader reads a value.
    let nested =
        |levels: usize| format!(r#"{{"format": {}{}, "version": 2}}"#, "[".repeat(levels - 1), "]".repeat(levels - 1));
    refused(&nested(127), &["limit.json: not a ThreatCanvas model: the \"format\" field is not \"threatcanvas\""]);
    refused(&nested(128), &["limit.json:1:", "not valid JSON: recursion limit exceeded"]);
}

#[test]
fn id_length() {
    let with_id = |id: &str| file(&format!(r#", "elements": [{{"id": "{id}", "kind": "process"}}]"#));
    loads(&with_id(&"p".repeat(MAX_ID_LEN)));
    refused(&with_id(&"p".repeat(MAX_ID_LEN + 1)), &["$.elements[0].id", "is not a valid id (1 to 64"]);
}

#[test]
fn name_length_in_characters() {
    // 1,000 two-byte characters are 2,000 bytes: the limit counts characters.
    loads(&with_process(&format!(r#", "name": "{}""#, "é".repeat(MAX_NAME_CHARS))));
    refused(
        &with_process(&format!(r#", "name": "{}""#, "é".repeat(MAX_NAME_CHARS + 1))),
        &["$.elements[0].name: is 1001 characters long; the limit is 1000"],
    );
}

#[test]
fn text_length_in_characters() {
    loads(&with_process(&format!(r#", "description": "{}""#, "x".repeat(MAX_TEXT_CHARS))));
    refused(
        &with_process(&format!(r#", "description": "{}""#, "x".repeat(MAX_TEXT_CHARS + 1))),
        &["$.elements[0].description: is 100001 characters long; the limit is 100000"],
    );
}

#[test]
fn rule_id_length() {
    loads(&with_threat(&format!(r#", "rule": "{}""#, "R".repeat(MAX_RULE_ID_LEN))));
    refused(
        &with_threat(&format!(r#", "rule": "{}""#, "R".repeat(MAX_RULE_ID_LEN + 1))),
        &["$.threats[0].rule", "is not a valid rule id"],
    );
}

#[test]
fn link_length() {
    let link = |len: usize| {
        let head = "https://example.com/";
        format!("{head}{}", "a".repeat(len - head.len()))
    };
    loads(&with_threat(&format!(r#", "references": ["{}"]"#, link(MAX_LINK_LEN))));
    refused(
        &with_threat(&format!(r#", "references": ["{}"]"#, link(MAX_LINK_LEN + 1))),
        &["$.threats[0].references[0]: the link is 2049 bytes long; the limit is 2048"],
    );
}

#[test]
fn references_per_threat() {
    let references = |n: u32| (1..=n).map(|i| format!(r#""CWE-{i}""#)).collect::<Vec<_>>().join(", ");
    let most = u32::try_from(MAX_REFERENCES).expect("small");
    loads(&with_threat(&format!(r#", "references": [{}]"#, references(most))));
    refused(
        &with_threat(&format!(r#", "references": [{}]"#, references(most + 1))),
        &["$.threats[0].references: lists 101 references; the limit is 100"],
    );
}

#[test]
fn coordinates_and_box_sizes() {
    let (c, e) = (MAX_COORD, MAX_EXTENT);
    loads(&with_box(&format!(r#"{{"x": {c}, "y": -{c}, "w": {e}, "h": 1}}"#), &format!(r#"{{"x": -{c}, "y": {c}}}"#)));
    for rect in [
        format!(r#"{{"x": {}, "y": 0, "w": 10, "h": 10}}"#, c + 1),
        format!(r#"{{"x": 0, "y": -{}, "w": 10, "h": 10}}"#, c + 1),
        format!(r#"{{"x": 0, "y": 0, "w": {}, "h": 10}}"#, e + 1),
        r#"{"x": 0, "y": 0, "w": 10, "h": 0}"#.to_owned(),
    ] {
        refused(&with_box(&rect, r#"{"x": 0, "y": 0}"#), &["$.diagrams[0].nodes.P: box is out of range"]);
    }
    refused(
        &with_box(r#"{"x": 0, "y": 0, "w": 10, "h": 10}"#, &format!(r#"{{"x": 0, "y": {}}}"#, c + 1)),
        &["$.diagrams[0].bends.F[0]: point (0, 1000001) is beyond ±1000000"],
    );
}

//! `threatcanvas suggest` as a user and a CI job run it: the real binary, with the user's
//! config folder pointed at a temporary one so the machine's own rules never leak in.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/juice-shop.json")
}

/// Runs the binary with `config` as the XDG config folder (so `config/threatcanvas/threats`
/// is the user's library folder).
fn run(config: &Path, args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_threatcanvas"))
        .args(args)
        .env("XDG_CONFIG_HOME", config)
        .env("HOME", config)
        .output()
        .expect("run threatcanvas")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A model in its own repository (a folder holding `.git`) with one unauthenticated process
/// parsing XML, reached by an unencrypted flow from outside its boundary.
fn small_repository() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join(".git")).expect(".git");
    std::fs::create_dir(dir.path().join("models")).expect("models");
    let model = dir.path().join("models/small.json");
    let json = r#"{
  "format": "threatcanvas",
  "version": 2,
  "model": { "title": "Small" },
  "elements": [
    { "id": "P1", "kind": "process", "name": "Importer", "technology": "XML parser", "boundary": "B1" },
    { "id": "U1", "kind": "external_entity", "name": "Clerk", "nature": "person" }
  ],
  "flows": [ { "id": "F1", "source": "U1", "target": "P1", "name": "Upload", "data": "Invoice files" } ],
  "boundaries": [ { "id": "B1", "name": "Back office" } ]
}
"#;
    std::fs::write(&model, json).expect("write model");
    (dir, model)
}

#[test]
fn lists_pending_suggestions_and_exits_1_for_ci() {
    let config = tempfile::tempdir().expect("config");
    let (_repo, model) = small_repository();
    let out = run(config.path(), &["suggest".as_ref(), model.as_os_str()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("P1 Importer (process)"), "{stdout}");
    assert!(stdout.contains("TC-XML-001"), "{stdout}");
    assert!(stdout.contains("Importer parses XML with external entities enabled"), "{stdout}");
    assert!(stdout.contains("F1 Upload (data flow)"), "{stdout}");
    assert!(text(&out.stderr).is_empty(), "{}", text(&out.stderr));
}

#[test]
fn json_output_groups_by_target_with_categories_and_references() {
    let config = tempfile::tempdir().expect("config");
    let (_repo, model) = small_repository();
    let out = run(config.path(), &["suggest".as_ref(), model.as_os_str(), "--format".as_ref(), "json".as_ref()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let targets = v["targets"].as_array().expect("targets");
    let ids: Vec<&str> = targets.iter().filter_map(|t| t["target"].as_str()).collect();
    assert_eq!(ids, ["P1", "U1", "F1"], "elements first, then flows, each by id");
    let count: usize = targets.iter().map(|t| t["suggestions"].as_array().map_or(0, Vec::len)).sum();
    assert_eq!(v["count"].as_u64(), Some(count as u64));
    let xml = targets[0]["suggestions"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["rule"] == "TC-XML-001"))
        .expect("XML rule on P1");
    assert_eq!(xml["category"], "information_disclosure");
    assert_eq!(xml["severity"], "high");
    assert_eq!(xml["cwe"], serde_json::json!([611]));
    assert_eq!(targets[0]["kind"], "process");
    assert_eq!(v["library_problems"], serde_json::json!([]));
}

#[test]
fn apply_accepts_everything_atomically_and_a_rerun_finds_nothing() {
    let config = tempfile::tempdir().expect("config");
    let (_repo, model) = small_repository();
    let before = run(config.path(), &["suggest".as_ref(), model.as_os_str(), "--format".as_ref(), "json".as_ref()]);
    let before: serde_json::Value = serde_json::from_slice(&before.stdout).expect("json");
    let out = run(config.path(), &["suggest".as_ref(), model.as_os_str(), "--apply".as_ref()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let loaded = threatcanvas::format::load_file(&model).expect("the applied file loads");
    assert_eq!(loaded.threats.len() as u64, before["count"].as_u64().expect("count"));
    let xml = loaded.threats.values().find(|t| t.rule.as_deref() == Some("TC-XML-001")).expect("accepted");
    assert_eq!(xml.title, "Importer parses XML with external entities enabled");
    assert!(xml.references.iter().any(|r| r.to_string() == "CWE-611"), "{:?}", xml.references);
    let again = run(config.path(), &["suggest".as_ref(), model.as_os_str()]);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stdout));
    assert!(text(&again.stdout).contains("no pending suggestions"));
}

#[test]
fn a_user_library_and_a_repository_library_add_and_override_rules() {
    let config = tempfile::tempdir().expect("config");
    let (repo, model) = small_repository();
    let user = config.path().join("threatcanvas/threats");
    std::fs::create_dir_all(&user).expect("user folder");
    let rule = |id: &str, title: &str| {
        format!(
            "[[rule]]\nid = \"{id}\"\napplies_to = \"process\"\nstride = \"tampering\"\nseverity = \"low\"\ncwe = [20]\ntitle = \"{title}\"\ndescription = \"d\"\nmitigation = \"m\"\nwhen = {{ name = \"importer\" }}\n"
        )
    };
    std::fs::write(user.join("ours.toml"), rule("ACME-1", "{target} trusts the import format")).expect("write");
    let team = repo.path().join(".threatcanvas/threats");
    std::fs::create_dir_all(&team).expect("team folder");
    std::fs::write(team.join("team.toml"), rule("TC-XML-001", "{target} reads XML: our own rule")).expect("write");
    std::fs::write(team.join("notes.md"), "not a library file").expect("write");
    let out = run(config.path(), &["suggest".as_ref(), model.as_os_str()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("ACME-1") && stdout.contains("Importer trusts the import format"), "{stdout}");
    assert!(stdout.contains("Importer reads XML: our own rule"), "{stdout}");
    assert!(!stdout.contains("parses XML with external entities"), "the shipped rule is overridden: {stdout}");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("note: TC-XML-001 from")
            && stderr.contains("team.toml replaces the one in the shipped library"),
        "{stderr}"
    );
}

#[test]
fn a_broken_library_file_is_named_and_fails_the_run_but_the_shipped_rules_still_list() {
    let config = tempfile::tempdir().expect("config");
    let (_repo, model) = small_repository();
    let extra = tempfile::tempdir().expect("extra");
    std::fs::write(extra.path().join("broken.toml"), "[[rule]]\nid = \"X\"\nstride = [\n").expect("write");
    let out =
        run(config.path(), &["suggest".as_ref(), model.as_os_str(), "--library".as_ref(), extra.path().as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("broken.toml") && stderr.contains("line 3, column 11"), "{stderr}");
    assert!(text(&out.stdout).contains("TC-XML-001"), "the shipped rules keep working");
    let apply = run(
        config.path(),
        &["suggest".as_ref(), model.as_os_str(), "--apply".as_ref(), "--library".as_ref(), extra.path().as_os_str()],
    );
    assert_eq!(apply.status.code(), Some(2));
    assert!(threatcanvas::format::load_file(&model).expect("loads").threats.is_empty(), "nothing written");
}

#[test]
fn a_missing_library_folder_or_model_is_an_error() {
    let config = tempfile::tempdir().expect("config");
    let (_repo, model) = small_repository();
    let out =
        run(config.path(), &["suggest".as_ref(), model.as_os_str(), "--library".as_ref(), "no/such/folder".as_ref()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no/such/folder"), "{}", text(&out.stderr));
    let out = run(config.path(), &["suggest".as_ref(), "no-such-model.json".as_ref()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no-such-model.json"));
}

#[test]
fn the_triaged_sample_has_nothing_pending() {
    let config = tempfile::tempdir().expect("config");
    let out = run(config.path(), &["suggest".as_ref(), sample().as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out.stdout), text(&out.stderr));
}

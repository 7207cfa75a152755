//! `threatcanvas check` and `threatcanvas rules` as CI runs them: the real binary, every
//! output format and threshold, and the SARIF read back into a typed SARIF 2.1.0 model.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_sarif::sarif::{ResultLevel, Sarif};
use threatcanvas::rules;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/rules").join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_threatcanvas")).args(args).output().expect("run threatcanvas")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn check(files: &[&Path], format: &str, fail_on: Option<&str>) -> Output {
    let mut args: Vec<String> = vec!["check".into(), "--format".into(), format.into()];
    if let Some(threshold) = fail_on {
        args.extend(["--fail-on".into(), threshold.into()]);
    }
    args.extend(files.iter().map(|f| f.display().to_string()));
    run(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

/// (errors, warnings, hints) of a file, from the JSON output.
fn counts(file: &Path) -> (u64, u64, u64) {
    let out = check(&[file], "json", Some("never"));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json output");
    let c = &json["counts"];
    (c["errors"].as_u64().unwrap_or(0), c["warnings"].as_u64().unwrap_or(0), c["hints"].as_u64().unwrap_or(0))
}

#[test]
fn exit_codes_for_every_format_and_threshold() {
    let with_error = data("DFD003.fail.json");
    let with_warning = data("DFD006.fail.json");
    let hints_only = data("DFD016.pass.json");
    let missing = data("no-such-model.json");
    assert!(counts(&with_error).0 > 0);
    assert_eq!(counts(&with_warning).0, 0);
    assert!(counts(&with_warning).1 > 0);
    let (e, w, h) = counts(&hints_only);
    assert_eq!((e, w), (0, 0));
    assert!(h > 0);

    // (files, fail-on, expected exit code); None = the default threshold (error).
    let cases: [(&[&Path], Option<&str>, i32); 13] = [
        (&[&with_error], None, 1),
        (&[&with_error], Some("error"), 1),
        (&[&with_error], Some("warning"), 1),
        (&[&with_error], Some("never"), 0),
        (&[&with_warning], None, 0),
        (&[&with_warning], Some("error"), 0),
        (&[&with_warning], Some("warning"), 1),
        (&[&with_warning], Some("never"), 0),
        (&[&hints_only], Some("warning"), 0),
        (&[&hints_only, &with_warning], Some("warning"), 1),
        (&[&missing], Some("never"), 2),
        (&[&hints_only, &missing], Some("error"), 2),
        (&[&with_error, &missing], Some("error"), 2),
    ];
    for format in ["text", "json", "sarif"] {
        for (files, fail_on, expected) in &cases {
            let out = check(files, format, *fail_on);
            assert_eq!(
                out.status.code(),
                Some(*expected),
                "check --format {format} --fail-on {fail_on:?} {files:?}\nstdout: {}\nstderr: {}",
                text(&out.stdout),
                text(&out.stderr)
            );
            if format != "text" {
                let parsed: Result<serde_json::Value, _> = serde_json::from_slice(&out.stdout);
                assert!(parsed.is_ok(), "--format {format} prints one JSON document even when a file is missing");
            }
            if files.contains(&missing.as_path()) {
                let stderr = text(&out.stderr);
                assert!(stderr.starts_with("error: ") && stderr.contains("no-such-model.json"), "{stderr}");
            }
        }
    }
}

#[test]
fn text_lists_file_severity_rule_message_and_subjects() {
    let file = data("DFD003.fail.json");
    let out = check(&[&file], "text", None);
    let stdout = text(&out.stdout);
    let line = stdout.lines().find(|l| l.contains(" DFD003: ")).expect("a DFD003 line");
    let shown = file.display().to_string();
    // The flow F1 is the first record of the "flows" array; its object opens on this line.
    let flow_line = std::fs::read_to_string(&file)
        .expect("fixture")
        .lines()
        .position(|l| l.contains("\"id\": \"F1\""))
        .expect("F1 in the fixture");
    assert_eq!(
        line,
        format!(
            "{shown}:{flow_line}:5: error DFD003: Flow \"Delivery address\" (F1) goes directly from external entity \"Customer\" (EE1) to external entity \"Courier\" (EE2)"
        )
    );
    let subjects = stdout.lines().skip_while(|l| *l != line).nth(1).expect("the subjects line");
    assert_eq!(subjects, "    at $.flows[0]: flow F1, element EE1, element EE2");
    let summary = stdout.lines().last().expect("a summary line");
    assert!(summary.starts_with("1 file checked: 1 error, "), "{summary}");
    assert!(summary.ends_with("; fails --fail-on error"), "{summary}");
}

#[test]
fn json_names_subjects_with_their_paths() {
    let file = data("DFD021.fail.json");
    let out = check(&[&file], "json", Some("never"));
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["failed"], serde_json::Value::Null);
    let findings = json["files"][0]["findings"].as_array().expect("findings");
    let duplicate = findings.iter().find(|f| f["rule"] == "DFD021").expect("DFD021");
    assert_eq!(duplicate["severity"], "hint");
    assert_eq!(duplicate["subjects"][0]["kind"], "flow");
    assert_eq!(duplicate["subjects"][1]["id"], "F2");
    assert_eq!(duplicate["subjects"][1]["path"], "$.flows[1]");
    assert_eq!(duplicate["suppressed"], serde_json::Value::Null);
    assert_eq!(json["files"][0]["file"], file.display().to_string());
}

#[test]
fn sarif_reads_back_as_sarif_2_1_0_with_rules_results_and_locations() {
    let file = data("DFD013.fail.json");
    let missing = data("no-such-model.json");
    let out = check(&[&file, &missing], "sarif", None);
    assert_eq!(out.status.code(), Some(2));
    let log: Sarif = serde_json::from_slice(&out.stdout).expect("typed SARIF");
    assert_eq!(log.version, serde_json::json!("2.1.0"));
    assert_eq!(log.runs.len(), 1);
    let run = &log.runs[0];

    let driver = &run.tool.driver;
    assert_eq!(driver.name, "ThreatCanvas");
    let described = driver.rules.as_ref().expect("rule metadata");
    let ids: Vec<&str> = described.iter().map(|r| r.id.as_str()).collect();
    let registered: Vec<&str> = rules::all().iter().map(|r| r.id).collect();
    assert_eq!(ids, registered);
    for (descriptor, rule) in described.iter().zip(rules::all()) {
        assert_eq!(descriptor.short_description.as_ref().map(|d| d.text.as_str()), Some(rule.title));
        let full = descriptor.full_description.as_ref().expect("full description");
        assert!(full.text.contains(rule.why) && full.text.contains(rule.fix));
        assert_eq!(descriptor.help.as_ref().map(|h| h.text.clone()), Some(rule.help()));
        assert!(descriptor.name.as_ref().is_some_and(|n| !n.contains(' ')));
        let level = descriptor.default_configuration.as_ref().and_then(|c| c.level.clone());
        let expected = match rule.severity {
            rules::Severity::Error => "error",
            rules::Severity::Warning => "warning",
            rules::Severity::Hint => "note",
        };
        assert_eq!(level, Some(serde_json::json!(expected)), "{}", rule.id);
    }

    let results = run.results.as_ref().expect("results");
    let unencrypted = results.iter().find(|r| r.rule_id.as_deref() == Some("DFD013")).expect("a DFD013 result");
    assert_eq!(unencrypted.level, Some(ResultLevel::Warning));
    let index = usize::try_from(unencrypted.rule_index.expect("rule index")).expect("index");
    assert_eq!(described[index].id, "DFD013");
    assert!(unencrypted.message.text.as_deref().is_some_and(|t| t.contains("\"Checkout\" (F1)")));
    assert!(unencrypted.suppressions.is_none());
    let location = &unencrypted.locations.as_ref().expect("locations")[0];
    let physical = location.physical_location.as_ref().expect("physical location");
    let uri = physical.artifact_location.as_ref().and_then(|a| a.uri.clone()).expect("uri");
    assert!(uri.starts_with("file:///") && uri.ends_with("tests/data/rules/DFD013.fail.json"), "{uri}");
    let region = physical.region.as_ref().expect("region");
    let source = std::fs::read_to_string(&file).expect("fixture");
    let id_line = source.lines().position(|l| l.contains("\"id\": \"F1\"")).expect("F1") + 1;
    assert_eq!(
        region.start_line,
        Some(i64::try_from(id_line - 1).expect("line")),
        "the record opens a line above its id"
    );
    let logical = &location.logical_locations.as_ref().expect("logical location")[0];
    assert_eq!(logical.fully_qualified_name.as_deref(), Some("$.flows[0]"));
    assert_eq!(logical.name.as_deref(), Some("F1"));
    let related = unencrypted.related_locations.as_ref().expect("the crossed boundaries");
    let related_paths: Vec<_> =
        related.iter().filter_map(|l| l.logical_locations.as_ref()?.first()?.fully_qualified_name.clone()).collect();
    assert_eq!(related_paths, ["$.boundaries[0]", "$.boundaries[1]"]);

    let invocation = &run.invocations.as_ref().expect("invocations")[0];
    assert!(!invocation.execution_successful, "a file could not be read");
    let notes = invocation.tool_execution_notifications.as_ref().expect("notifications");
    assert!(notes[0].message.text.as_deref().is_some_and(|t| t.contains("no-such-model.json")));
}

#[test]
fn a_relative_path_stays_relative_in_sarif() {
    let out = Command::new(env!("CARGO_BIN_EXE_threatcanvas"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--format", "sarif", "tests/data/rules/DFD002.fail.json"])
        .output()
        .expect("run");
    let log: Sarif = serde_json::from_slice(&out.stdout).expect("typed SARIF");
    let results = log.runs[0].results.as_ref().expect("results");
    let uri = results[0]
        .locations
        .as_ref()
        .and_then(|l| l[0].physical_location.as_ref())
        .and_then(|p| p.artifact_location.as_ref())
        .and_then(|a| a.uri.clone());
    assert_eq!(uri.as_deref(), Some("tests/data/rules/DFD002.fail.json"));
}

#[test]
fn the_published_cheat_sheet_is_what_rules_prints() {
    let out = run(&["rules", "--format", "md"]);
    assert_eq!(out.status.code(), Some(0));
    let printed = text(&out.stdout);
    for rule in rules::all() {
        assert!(printed.contains(&format!("## {} {}\n", rule.id, rule.title)), "{}", rule.id);
        assert!(printed.contains(rule.why) && printed.contains(rule.fix) && printed.contains(rule.condition));
    }
    let published = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/dfd-cheat-sheet.md");
    let on_disk = std::fs::read_to_string(&published).unwrap_or_default();
    assert!(
        on_disk == printed,
        "docs/dfd-cheat-sheet.md is out of date: run `cargo run -- rules --format md > docs/dfd-cheat-sheet.md`"
    );

    let out = run(&["rules", "--format", "json"]);
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json list");
    let ids: Vec<&str> = list.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, rules::all().iter().map(|r| r.id).collect::<Vec<_>>());
    assert_eq!(list[0]["severity"], "error");
}

#[test]
fn validate_points_to_check() {
    let out = run(&["validate", "--help"]);
    assert!(text(&out.stdout).contains("threatcanvas check"), "{}", text(&out.stdout));
}

#[test]
fn suppressed_findings_are_listed_with_their_reason_and_never_fail() {
    let file = data("suppressed.json");
    let reason = "The courier and the customer agree the address between themselves; out of our hands";

    let out = check(&[&file], "text", Some("warning"));
    assert_eq!(out.status.code(), Some(0), "the only error and warning-level findings are suppressed");
    let stdout = text(&out.stdout);
    let line = stdout.lines().position(|l| l.contains(" error DFD003 (suppressed): ")).expect("still listed");
    assert_eq!(stdout.lines().nth(line + 2), Some(format!("    suppressed: {reason}").as_str()));
    assert!(stdout.trim_end().ends_with("0 errors, 0 warnings, 3 hints, 2 suppressed; passes --fail-on warning"));

    let out = check(&[&file], "json", None);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let findings = json["files"][0]["findings"].as_array().expect("findings");
    let error = findings.iter().find(|f| f["rule"] == "DFD003").expect("DFD003");
    assert_eq!(error["suppressed"], reason);
    let model_level = findings.iter().find(|f| f["rule"] == "DFD016").expect("DFD016");
    assert_eq!(model_level["subjects"][0]["id"], serde_json::Value::Null);
    assert_eq!(json["counts"]["suppressed"], 2);
    assert_eq!(json["failed"], false);

    let out = check(&[&file], "sarif", None);
    let log: Sarif = serde_json::from_slice(&out.stdout).expect("typed SARIF");
    let results = log.runs[0].results.as_ref().expect("results");
    let error = results.iter().find(|r| r.rule_id.as_deref() == Some("DFD003")).expect("DFD003");
    assert_eq!(error.level, Some(ResultLevel::Error));
    let suppression = &error.suppressions.as_ref().expect("suppressions")[0];
    assert_eq!(suppression.kind, serde_json::json!("inSource"));
    assert_eq!(suppression.justification.as_deref(), Some(reason));
    let hints = results.iter().filter(|r| r.rule_id.as_deref() == Some("DFD019"));
    assert!(hints.clone().count() == 3 && hints.into_iter().all(|r| r.suppressions.is_none()));
}

#[test]
fn a_file_that_cannot_be_read_fails_the_summary() {
    let missing = data("no-such-model.json");
    let hints_only = data("DFD016.pass.json");
    let cases: [(&[&Path], Option<&str>); 3] =
        [(&[&missing], None), (&[&missing], Some("never")), (&[&hints_only, &missing], Some("warning"))];
    for (files, fail_on) in cases {
        let out = check(files, "text", fail_on);
        assert_eq!(out.status.code(), Some(2));
        let stdout = text(&out.stdout);
        let summary = stdout.lines().last().expect("a summary line");
        assert!(
            summary.contains("1 file could not be read") && summary.contains("fails") && !summary.contains("passes"),
            "{fail_on:?}: {summary}"
        );
        let out = check(files, "json", fail_on);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(json["failed"], true, "{fail_on:?}: {json}");
    }
    // A missing file gets no advice to look for the problems that stop it loading.
    let stderr = text(&check(&[&missing], "text", None).stderr);
    assert!(stderr.contains("no-such-model.json") && !stderr.contains("hint:"), "{stderr}");
    let broken = data("../truncated.json");
    let stderr = text(&check(&[&broken], "text", None).stderr);
    assert!(stderr.contains("hint: `threatcanvas validate`"), "a file that does not load is told: {stderr}");
}

/// The command in backquotes on the hint line of `stderr`.
fn hinted_command(stderr: &str) -> Vec<String> {
    let hint = stderr.lines().find(|l| l.starts_with("hint: ")).unwrap_or_else(|| panic!("no hint: {stderr}"));
    let command = hint.split('`').nth(1).unwrap_or_else(|| panic!("no command in {hint}"));
    command.split_whitespace().map(str::to_owned).collect()
}

#[test]
fn another_tools_model_gets_the_convert_command_that_brings_it_in() {
    let import = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import");
    let dir = tempfile::tempdir().expect("temp dir");
    let cases = [
        ("td-quirks.json", "Threat Dragon", "td-quirks.threatcanvas.json"),
        ("otm-nested.otm.json", "Open Threat Model", "otm-nested.json"),
    ];
    for (name, label, converted) in cases {
        let file = dir.path().join(name);
        std::fs::copy(import.join(name), &file).expect("copy");
        let file = file.display().to_string();
        for command in ["check", "validate", "fmt"] {
            let out = run(&[command, &file]);
            let stderr = text(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{command} {name}: {stderr}");
            assert!(stderr.starts_with("error: ") && stderr.contains(&file), "{command} {name}: {stderr}");
            assert!(stderr.contains(label) && !stderr.contains("threatcanvas validate"), "{command} {name}: {stderr}");
            let hinted = hinted_command(&stderr);
            let expected = dir.path().join(converted).display().to_string();
            assert_eq!(hinted, ["threatcanvas", "convert", &file, "-o", &expected], "{command} {name}: {stderr}");
        }
        // The hint works as given.
        let hinted = hinted_command(&text(&run(&["validate", &file]).stderr));
        let args: Vec<&str> = hinted[1..].iter().map(String::as_str).collect();
        let out = run(&args);
        assert_eq!(out.status.code(), Some(0), "{hinted:?}: {}", text(&out.stderr));
        let out = run(&["validate", &hinted[4]]);
        assert_eq!(out.status.code(), Some(0), "the converted model loads: {}", text(&out.stderr));
    }
}

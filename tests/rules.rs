//! Every registered rule against its fixtures in tests/data/rules/: `ID.fail.json` must make it
//! fire on the record named in `expected.json`, `ID.pass.json` must not make it fire. The list
//! comes from the registry, so a rule added without fixtures fails here.
//!
//! Files are checked for dangling references when they load, so a fixture for a rule about
//! dangling references is a valid file plus the elements to remove in memory afterwards
//! (`remove_elements`), as an import or a merge might leave it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use threatcanvas::edit::{History, commands};
use threatcanvas::format;
use threatcanvas::model::{ElementId, Model};
use threatcanvas::rules::{self, Subject};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expectation {
    /// The primary subject of the expected finding, as `Subject` displays it: "flow F1".
    subject: String,
    /// Elements removed (without their flows or lifelines) after loading the failing fixture.
    #[serde(default)]
    remove_elements: Vec<String>,
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/rules")
}

fn expectations() -> BTreeMap<String, Expectation> {
    let text = std::fs::read_to_string(dir().join("expected.json")).expect("tests/data/rules/expected.json");
    serde_json::from_str(&text).expect("expected.json maps rule ids to expectations")
}

/// "flow F1", or "model": how expected.json names a subject.
fn words(subject: &Subject) -> String {
    match subject.id_str() {
        Some(id) => format!("{} {id}", subject.kind()),
        None => "model".to_owned(),
    }
}

fn load(name: &str) -> Model {
    let path = dir().join(name);
    assert!(path.is_file(), "fixture {} is missing", path.display());
    format::load_file(&path).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_rule_fires_on_its_failing_fixture_and_not_on_its_passing_one() {
    let expectations = expectations();
    for rule in rules::all() {
        let Some(expected) = expectations.get(rule.id) else {
            panic!("{} has no entry in tests/data/rules/expected.json", rule.id);
        };

        let mut failing = load(&format!("{}.fail.json", rule.id));
        for id in &expected.remove_elements {
            assert!(failing.elements.remove(&ElementId::new(id.as_str())).is_some(), "{}: no element {id}", rule.id);
        }
        let findings = rules::check(&failing);
        let fired: Vec<_> = findings.iter().filter(|f| f.rule.id == rule.id).collect();
        assert!(
            fired.iter().any(|f| words(f.primary()) == expected.subject),
            "{} should fire on {} in its failing fixture; it found {:?}",
            rule.id,
            expected.subject,
            fired.iter().map(|f| (words(f.primary()), f.message(&failing))).collect::<Vec<_>>()
        );
        for f in &fired {
            assert_eq!(f.severity, rule.severity, "{}", rule.id);
            assert!(!f.subjects.is_empty() && !f.is_suppressed());
            let message = f.message(&failing);
            let names_subject = match f.primary().id_str() {
                None => message.contains("model"),
                Some(id) => message.contains(id),
            };
            assert!(names_subject, "{}: the message names its subject: {message}", rule.id);
        }

        let passing = load(&format!("{}.pass.json", rule.id));
        let unexpected: Vec<_> = rules::check(&passing).into_iter().filter(|f| f.rule.id == rule.id).collect();
        assert!(unexpected.is_empty(), "{} fires on its passing fixture: {unexpected:#?}", rule.id);
    }
    let registered: Vec<&str> = rules::all().iter().map(|r| r.id).collect();
    for id in expectations.keys() {
        assert!(registered.contains(&id.as_str()), "expected.json names {id}, which is not a registered rule");
    }
}

/// The completeness checks pass over what the team marked out of scope (with its reason): a
/// store nobody reads, a process with no output, a flow that does not say what it carries are
/// not part of the analysis there.
#[test]
fn completeness_checks_pass_over_records_out_of_scope() {
    let expectations = expectations();
    for rule in ["DFD006", "DFD007", "DFD008", "DFD009", "DFD012"] {
        let mut model = load(&format!("{rule}.fail.json"));
        let subject = &expectations[rule].subject;
        let fires =
            |model: &Model| rules::check(model).iter().any(|f| f.rule.id == rule && words(f.primary()) == *subject);
        assert!(fires(&model), "{rule} fires on {subject} in scope");
        let reason = "Run by the hosting provider".to_owned();
        match subject.split_once(' ') {
            Some(("flow", id)) => {
                let flow = model.flows.get_mut(&threatcanvas::model::FlowId::new(id)).expect("the flow");
                (flow.out_of_scope, flow.out_of_scope_reason) = (true, reason);
            }
            Some((_, id)) => {
                let element = model.elements.get_mut(&ElementId::new(id)).expect("the element");
                (element.out_of_scope, element.out_of_scope_reason) = (true, reason);
            }
            None => panic!("{rule}: {subject} is a record"),
        }
        assert!(!fires(&model), "{rule} passes over {subject} out of scope");
    }
}

#[test]
fn checking_is_deterministic_and_the_sample_has_no_errors_nor_unexplained_warnings() {
    let sample = format::load_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/juice-shop.json"))
        .expect("the sample loads");
    let first = rules::check(&sample);
    assert_eq!(first, rules::check(&sample.clone()));
    let errors: Vec<_> = first.iter().filter(|f| f.severity == rules::Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // Warnings stay only where deliberate, each suppressed with its reason; every suppression
    // still matches a finding, so none is stale.
    let warnings: Vec<String> =
        first.iter().filter(|f| f.fails(rules::Severity::Warning)).map(|f| f.message(&sample)).collect();
    assert!(warnings.is_empty(), "{warnings:#?}");
    for key in sample.suppressions.keys() {
        assert!(first.iter().any(|f| f.suppression_key() == *key), "stale suppression {key:?}");
    }
    let order: Vec<usize> =
        first.iter().map(|f| rules::all().iter().position(|r| r.id == f.rule.id).unwrap_or(usize::MAX)).collect();
    assert!(order.is_sorted(), "findings come in registry order");
}

#[test]
fn a_suppressed_finding_is_kept_with_its_reason_and_does_not_fail() {
    let mut model = load("DFD003.fail.json");
    let before = rules::check(&model);
    let error = before.iter().find(|f| f.rule.id == "DFD003").expect("DFD003 fires");
    assert!(error.fails(rules::Severity::Error));
    let tx = commands::suppress_finding(&model, error.rule.id, error.primary(), "agreed between the two parties")
        .expect("a valid suppression");
    let mut history = History::new();
    history.execute(&mut model, tx).expect("applies");

    let after = rules::check(&model);
    assert_eq!(after.len(), before.len(), "suppressed findings stay in the list");
    let suppressed = after.iter().find(|f| f.rule.id == "DFD003").expect("still listed");
    assert_eq!(suppressed.suppressed.as_deref(), Some("agreed between the two parties"));
    assert!(!suppressed.fails(rules::Severity::Hint));
    assert_eq!(rules::Counts::of(&after).errors, 0);
    assert_eq!(rules::Counts::of(&after).suppressed, 1);
    let others_unchanged = after.iter().zip(&before).filter(|(a, _)| a.rule.id != "DFD003").all(|(a, b)| a == b);
    assert!(others_unchanged, "only the suppressed rule on that subject changes");

    history.undo(&mut model).expect("undoes");
    assert_eq!(rules::check(&model), before);
}

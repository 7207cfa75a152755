//! `threatcanvas diff` and `threatcanvas merge` as a user runs them: exit codes, formats, and
//! errors that name the file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use threatcanvas::format;
use threatcanvas::model::{Model, ThreatStatus};

fn run(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_threatcanvas")).args(args).output().expect("run threatcanvas")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn p(s: &str) -> &Path {
    Path::new(s)
}

fn sample() -> Model {
    format::load_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/juice-shop.json")).expect("sample")
}

/// The sample, a copy with one threat mitigated and one flow no longer encrypted, and a copy
/// with the same threat accepted, saved in a temporary folder.
struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let base = sample();
        let threat = base.threats.keys().next().cloned().expect("threat");
        let flow = base.flows.iter().find(|(_, f)| f.encrypted).map(|(id, _)| id.clone()).expect("flow");
        let mut changed = base.clone();
        changed.threats.get_mut(&threat).expect("t").status = ThreatStatus::Mitigated;
        changed.flows.get_mut(&flow).expect("f").encrypted = false;
        let mut other = base.clone();
        other.threats.get_mut(&threat).expect("t").status = ThreatStatus::Accepted;
        for (name, model) in [("base.json", &base), ("changed.json", &changed), ("other.json", &other)] {
            format::save_file(model, &dir.path().join(name)).expect("save");
        }
        std::fs::write(dir.path().join("broken.json"), "{\"format\": \"threatcanvas\", \"version\": 3,")
            .expect("write");
        Self { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

#[test]
fn diff_exits_0_when_equal_1_when_different_2_on_error() {
    let f = Files::new();
    let same = run(&["diff".as_ref(), &f.path("base.json"), &f.path("base.json")]);
    assert_eq!(same.status.code(), Some(0));
    assert!(text(&same.stdout).contains("the models are the same"));
    let different = run(&["diff".as_ref(), &f.path("base.json"), &f.path("changed.json")]);
    assert_eq!(different.status.code(), Some(1), "{}", text(&different.stderr));
    let out = text(&different.stdout);
    let security = out.find("Security-relevant").expect("security section");
    let changes = out.find("Changes:").expect("changes section");
    assert!(security < changes, "security comes first:\n{out}");
    assert!(out.contains("is no longer encrypted") && out.contains("status Open → Mitigated"), "{out}");
    let broken = run(&["diff".as_ref(), &f.path("base.json"), &f.path("broken.json")]);
    assert_eq!(broken.status.code(), Some(2));
    assert!(text(&broken.stderr).contains("broken.json"), "{}", text(&broken.stderr));
    let missing = run(&["diff".as_ref(), &f.path("nothing.json"), &f.path("base.json")]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("nothing.json"));
}

#[test]
fn diff_writes_markdown_and_json() {
    let f = Files::new();
    let md = run(&["diff".as_ref(), "--format".as_ref(), "md".as_ref(), &f.path("base.json"), &f.path("changed.json")]);
    assert_eq!(md.status.code(), Some(1));
    let md = text(&md.stdout);
    assert!(md.starts_with("### Threat model changes"), "{md}");
    assert!(md.contains("#### Security-relevant") && md.contains("- **Changed** threat"), "{md}");
    let json =
        run(&["diff".as_ref(), "--format".as_ref(), "json".as_ref(), &f.path("base.json"), &f.path("changed.json")]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(value["equal"], false);
    assert_eq!(value["security"].as_array().map(Vec::len), Some(2), "{value}");
    assert!(value["changes"].as_array().is_some_and(|c| c.iter().any(|c| c["record"]["kind"] == "threat")));
}

#[test]
fn diff_takes_gits_seven_arguments_and_dev_null() {
    let f = Files::new();
    let (old, new) = (f.path("base.json"), f.path("changed.json"));
    let args: Vec<&Path> =
        vec!["diff".as_ref(), "--git".as_ref(), p("m.json"), &old, p("abc"), p("100644"), &new, p("def"), p("100644")];
    let out = run(&args);
    assert_eq!(out.status.code(), Some(0), "git needs 0 from an external diff that showed a difference");
    assert!(text(&out.stdout).contains("ThreatCanvas model changes: m.json"), "{}", text(&out.stdout));
    let added: Vec<&Path> = vec![
        "diff".as_ref(),
        "--git".as_ref(),
        p("m.json"),
        p("/dev/null"),
        p("."),
        p("."),
        &new,
        p("def"),
        p("100644"),
    ];
    let out = run(&added);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("+ element"), "{}", text(&out.stdout));
    let wrong = run(&["diff".as_ref(), "--git".as_ref(), &old, &new]);
    assert_eq!(wrong.status.code(), Some(2));
}

#[test]
fn merge_exits_0_clean_1_with_conflicts_in_a_loadable_file_2_on_error() {
    let f = Files::new();
    let out_path = f.path("out.json");
    let clean = run(&[
        "merge".as_ref(),
        &f.path("base.json"),
        &f.path("base.json"),
        &f.path("changed.json"),
        "-o".as_ref(),
        &out_path,
    ]);
    assert_eq!(clean.status.code(), Some(0), "{}", text(&clean.stderr));
    assert_eq!(
        format::load_file(&out_path).expect("loads"),
        format::load_file(&f.path("changed.json")).expect("loads")
    );

    let conflicted = run(&[
        "merge".as_ref(),
        &f.path("base.json"),
        &f.path("changed.json"),
        &f.path("other.json"),
        "-o".as_ref(),
        &out_path,
    ]);
    assert_eq!(conflicted.status.code(), Some(1));
    assert!(text(&conflicted.stderr).contains("1 merge conflict"), "{}", text(&conflicted.stderr));
    let merged = format::load_file(&out_path).expect("a file with conflicts loads");
    assert_eq!(merged.conflicts.len(), 1);
    let bytes = std::fs::read_to_string(&out_path).expect("read");
    assert_eq!(bytes, format::to_canonical_string(&merged), "canonical");
    let validate = run(&["validate".as_ref(), &out_path]);
    assert_eq!(validate.status.code(), Some(1));
    assert!(text(&validate.stdout).contains("1 unresolved merge conflict"));

    // Without -o the result goes over OURS, as git expects of a driver.
    let ours = f.path("ours.json");
    std::fs::copy(f.path("base.json"), &ours).expect("copy");
    let driver = run(&["merge".as_ref(), &f.path("base.json"), &ours, &f.path("changed.json")]);
    assert_eq!(driver.status.code(), Some(0));
    assert_eq!(std::fs::read(&ours).expect("read"), std::fs::read(f.path("changed.json")).expect("read"));

    let before = std::fs::read(&ours).expect("read");
    let broken = run(&["merge".as_ref(), &f.path("base.json"), &ours, &f.path("broken.json")]);
    assert_eq!(broken.status.code(), Some(2));
    assert!(text(&broken.stderr).contains("broken.json"));
    assert_eq!(std::fs::read(&ours).expect("read"), before, "nothing written on error");
}

#[test]
fn merge_takes_an_empty_base_for_a_model_both_sides_added() {
    let f = Files::new();
    let empty = f.path("empty.json");
    std::fs::write(&empty, "").expect("write");
    let out_path = f.path("out.json");
    let out = run(&["merge".as_ref(), &empty, &f.path("base.json"), &f.path("base.json"), "-o".as_ref(), &out_path]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(format::load_file(&out_path).expect("loads"), sample());
}

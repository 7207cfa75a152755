//! Models in git, as the README sets them up: a real repository in a temporary folder, the
//! driver installed with exactly the README's lines, and `git merge` and `git diff` run on the
//! sample.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use threatcanvas::format;
use threatcanvas::model::{ElementId, Model, ThreatId, ThreatStatus};

const MODEL: &str = "threat-models/juice-shop.json";

/// The body of the README's first fenced block whose info string is `lang` and whose text
/// contains `containing`.
fn readme_block(lang: &str, containing: &str) -> String {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).expect("README");
    let fence = format!("```{lang}\n");
    readme
        .split(&fence)
        .skip(1)
        .filter_map(|rest| rest.split("```").next())
        .find(|block| block.contains(containing))
        .unwrap_or_else(|| panic!("README has no ```{lang} block with {containing:?}"))
        .to_owned()
}

struct Repo {
    dir: tempfile::TempDir,
    path_env: String,
}

impl Repo {
    /// A new repository with the README's attributes and configuration, on a PATH where
    /// `threatcanvas` is the binary under test.
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let bin = PathBuf::from(env!("CARGO_BIN_EXE_threatcanvas"));
        let bin_dir = bin.parent().expect("bin dir").to_path_buf();
        let path_env = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
        let repo = Self { dir, path_env };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["config", "user.name", "Test"]);
        repo.git(&["config", "user.email", "test@example.com"]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        std::fs::write(repo.path(".gitattributes"), readme_block("gitattributes", "merge=threatcanvas"))
            .expect("attrs");
        for line in readme_block("sh", "merge.threatcanvas.driver").lines().filter(|l| !l.trim().is_empty()) {
            let out = repo.sh(line);
            assert!(out.status.success(), "{line}: {}", String::from_utf8_lossy(&out.stderr));
        }
        repo
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.current_dir(self.dir.path())
            .env("PATH", &self.path_env)
            .env("HOME", self.dir.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("GIT_EXTERNAL_DIFF");
        c
    }

    fn sh(&self, line: &str) -> Output {
        self.command("sh").args(["-c", line]).output().expect("sh")
    }

    fn git(&self, args: &[&str]) -> Output {
        let out = self.command("git").args(args).output().expect("git");
        assert!(
            out.status.success() || args[0] == "merge",
            "git {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    fn model(&self) -> Model {
        format::load_file(&self.path(MODEL)).expect("the model in the work tree loads")
    }

    fn commit_model(&self, model: &Model, message: &str) {
        std::fs::create_dir_all(self.path("threat-models")).expect("folder");
        format::save_file(model, &self.path(MODEL)).expect("save");
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }
}

fn sample() -> Model {
    format::load_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/juice-shop.json")).expect("sample")
}

fn some_element(m: &Model) -> ElementId {
    m.elements.keys().next().cloned().expect("element")
}

fn some_threat(m: &Model) -> ThreatId {
    m.threats.keys().last().cloned().expect("threat")
}

/// Two branches, each changing the sample its own way from a common commit; `git merge` of the
/// second into the first.
fn merge_branches(repo: &Repo, ours: impl FnOnce(&mut Model), theirs: impl FnOnce(&mut Model)) -> Output {
    let base = sample();
    repo.commit_model(&base, "base");
    repo.git(&["checkout", "-q", "-b", "theirs"]);
    let mut t = base.clone();
    theirs(&mut t);
    repo.commit_model(&t, "theirs");
    repo.git(&["checkout", "-q", "main"]);
    let mut o = base;
    ours(&mut o);
    repo.commit_model(&o, "ours");
    repo.git(&["merge", "--no-edit", "theirs"])
}

#[test]
fn git_merge_with_the_readme_driver_takes_both_branches_changes() {
    let repo = Repo::new();
    let base = sample();
    let (e, t) = (some_element(&base), some_threat(&base));
    let e2 = e.clone();
    // Theirs also changes the field on the line next to ours' change: a line-based merge
    // stops there with a conflict; a merge by record and field does not.
    let out = merge_branches(
        &repo,
        |m| m.elements.get_mut(&e).expect("e").name = "Renamed on main".into(),
        |m| {
            m.threats.get_mut(&t).expect("t").status = ThreatStatus::Mitigated;
            m.elements.get_mut(&e2).expect("e").description = "Described on the branch".into();
        },
    );
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let merged = repo.model();
    assert_eq!(merged.elements[&e].name, "Renamed on main");
    assert_eq!(merged.threats[&t].status, ThreatStatus::Mitigated);
    assert_eq!(merged.elements[&e].description, "Described on the branch");
    assert!(merged.conflicts.is_empty());
    let text = std::fs::read_to_string(repo.path(MODEL)).expect("read");
    assert_eq!(text, format::to_canonical_string(&merged), "the driver writes canonical files");
    let log = repo.git(&["check-attr", "merge", "diff", MODEL]);
    assert!(String::from_utf8_lossy(&log.stdout).contains("merge: threatcanvas"));
}

#[test]
fn a_conflicting_git_merge_leaves_a_model_that_loads_with_its_conflicts_listed() {
    let repo = Repo::new();
    let base = sample();
    let e = some_element(&base);
    let e2 = e.clone();
    let out = merge_branches(
        &repo,
        |m| m.elements.get_mut(&e).expect("e").name = "Ours".into(),
        |m| m.elements.get_mut(&e2).expect("e").name = "Theirs".into(),
    );
    assert_eq!(out.status.code(), Some(1), "git reports the conflict");
    let text = std::fs::read_to_string(repo.path(MODEL)).expect("read");
    assert!(!text.contains("<<<<<<<") && !text.contains(">>>>>>>"), "no text markers");
    let merged = repo.model();
    assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
    assert_eq!(merged.elements[&e].name, "Ours");
    let validate = repo.command("threatcanvas").args(["validate", MODEL]).output().expect("validate");
    assert_eq!(validate.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&validate.stdout).contains("field name"),
        "{}",
        String::from_utf8_lossy(&validate.stdout)
    );
}

#[test]
fn git_diff_shows_the_semantic_diff() {
    let repo = Repo::new();
    let mut model = sample();
    repo.commit_model(&model, "base");
    let flow = model.flows.iter().find(|(_, f)| f.encrypted).map(|(id, _)| id.clone()).expect("an encrypted flow");
    model.flows.get_mut(&flow).expect("flow").encrypted = false;
    format::save_file(&model, &repo.path(MODEL)).expect("save");
    let out = repo.git(&["diff"]);
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("Security-relevant"), "{shown}");
    assert!(shown.contains(&format!("({flow}) is no longer encrypted")), "{shown}");
    assert!(shown.contains("encrypted: yes → no"), "{shown}");
    // A new model file: git passes /dev/null for the old side.
    std::fs::copy(repo.path(MODEL), repo.path("threat-models/copy.json")).expect("copy");
    repo.git(&["add", "-N", "threat-models/copy.json"]);
    let out = repo.git(&["diff", "--", "threat-models/copy.json"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("added"), "{}", String::from_utf8_lossy(&out.stdout));
}

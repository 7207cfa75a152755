//! Every subcommand, run over every broken or hostile file in `tests/data/`, fails with an
//! error that names the file it concerns, so a CI log over a hundred models says which one.

use std::path::{Path, PathBuf};
use std::process::Command;

fn bad_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/data")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(files.len() >= 20, "the bad files are there: {files:?}");
    files
}

/// Runs the binary with `args`; returns its exit code and stderr.
fn run(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_threatcanvas")).args(args).output().expect("run threatcanvas");
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Each subcommand's arguments for one input file (`out` is a scratch folder).
fn invocations(file: &str, out: &Path) -> Vec<Vec<String>> {
    let o = |name: &str| out.join(name).display().to_string();
    let owned = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<String>>();
    vec![
        owned(&["validate", file]),
        owned(&["check", file]),
        owned(&["check", "--format", "json", file]),
        owned(&["fmt", "--check", file]),
        owned(&["suggest", file]),
        owned(&["export", file, "-o", &o("d.svg")]),
        owned(&["export", file, "--format", "png", "-o", &o("d.png")]),
        owned(&["export", file, "--format", "pdf", "-o", &o("d.pdf")]),
        owned(&["export", file, "--all", "-o", &o("all")]),
        owned(&["convert", file, "--to", "td", "-o", &o("td.json")]),
        owned(&["convert", file, "--to", "otm", "-o", &o("otm.json")]),
        owned(&["convert", file, "--from", "td", "--to", "threatcanvas", "-o", &o("from-td.json")]),
        owned(&["convert", file, "--from", "otm", "--to", "threatcanvas", "-o", &o("from-otm.json")]),
    ]
}

#[test]
fn every_subcommand_names_the_bad_file() {
    let out = tempfile::tempdir().expect("scratch");
    let mut unnamed = Vec::new();
    let mut runs = 0;
    for path in bad_files() {
        let file = path.display().to_string();
        let name = path.file_name().expect("name").to_string_lossy().into_owned();
        for args in invocations(&file, out.path()) {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let (code, stderr) = run(&args);
            runs += 1;
            if code == Some(0) {
                // Some files are only bad for some readers (a ThreatCanvas fault is not always
                // a fault of the Threat Dragon reader): success needs no error.
                continue;
            }
            if !stderr.contains(&name) {
                unnamed.push(format!("{} → {code:?}: {}", args.join(" "), stderr.trim()));
            }
        }
    }
    assert!(runs > 300, "{runs} runs");
    assert!(unnamed.is_empty(), "errors without the file's name:\n{}", unnamed.join("\n"));
}

#[test]
fn fmt_over_a_bad_file_names_it_and_leaves_it_alone() {
    let dir = tempfile::tempdir().expect("scratch");
    let file = dir.path().join("truncated.json");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/truncated.json"), &file).expect("copy");
    let before = std::fs::read(&file).expect("read");
    let (code, stderr) = run(&["fmt", &file.display().to_string()]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("truncated.json"), "{stderr}");
    assert_eq!(std::fs::read(&file).expect("read"), before, "a bad file is never rewritten");
}

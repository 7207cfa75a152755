//! The command line as a user runs it: the real binary on the shipped sample.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use resvg::{tiny_skia, usvg};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/juice-shop.json")
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_threatcanvas")).args(args).output().expect("run threatcanvas")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn exports_every_diagram_of_the_sample_to_svg_that_parses_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run(&[
        "export".as_ref(),
        sample().as_os_str(),
        "--all".as_ref(),
        "--format".as_ref(),
        "svg".as_ref(),
        "-o".as_ref(),
        dir.path().as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let listed: Vec<String> = text(&out.stdout).lines().map(str::to_owned).collect();
    assert_eq!(listed.len(), 2, "one file per diagram: {listed:?}");
    let options = threatcanvas::export::usvg_options();
    for file in &listed {
        let svg = std::fs::read_to_string(file).expect("read svg");
        let tree = usvg::Tree::from_str(&svg, &options).expect("usvg parses our SVG");
        assert!(tree.size().width() > 200.0 && tree.size().height() > 200.0);
        assert!(svg.contains("<text"), "{file} has text");
    }
    assert!(listed.iter().any(|f| f.ends_with("juice-shop-dfd.svg")), "{listed:?}");
    assert!(listed.iter().any(|f| f.ends_with("login-with-totp-two-factor-authentication.svg")), "{listed:?}");
}

#[test]
fn exports_png_with_text_drawn() {
    let dir = tempfile::tempdir().expect("temp dir");
    let png = dir.path().join("dfd.png");
    let out = run(&[
        "export".as_ref(),
        sample().as_os_str(),
        "--diagram".as_ref(),
        "Juice Shop DFD".as_ref(),
        "-o".as_ref(),
        png.as_os_str(),
        "--scale".as_ref(),
        "1".as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let pixmap = tiny_skia::Pixmap::load_png(&png).expect("a PNG");
    assert!(pixmap.width() > 800 && pixmap.height() > 500, "{}x{}", pixmap.width(), pixmap.height());
    // Dark pixels exist: outlines and text were drawn, not only the white page.
    let dark = pixmap.pixels().iter().filter(|p| p.red() < 80 && p.green() < 80 && p.blue() < 80).count();
    assert!(dark > 2_000, "only {dark} dark pixels");
}

#[test]
fn export_needs_a_diagram_choice_when_there_are_several() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run(&["export".as_ref(), sample().as_os_str(), "-o".as_ref(), dir.path().join("x.svg").as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("error:") && err.contains("hint:") && err.contains("Juice Shop DFD"), "{err}");
    let out = run(&[
        "export".as_ref(),
        sample().as_os_str(),
        "--diagram".as_ref(),
        "Nope".as_ref(),
        "-o".as_ref(),
        dir.path().join("x.svg").as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("there is no diagram \"Nope\""));
}

#[test]
fn validate_reports_ok_and_errors() {
    let out = run(&["validate".as_ref(), sample().as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("ok (18 elements, 33 flows, 4 boundaries"), "{}", text(&out.stdout));
    let missing = run(&["validate".as_ref(), sample().as_os_str(), "/nonexistent.json".as_ref()]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn the_sample_is_canonical_and_fmt_check_finds_files_to_reformat() {
    let out = run(&["fmt".as_ref(), "--check".as_ref(), sample().as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "samples/juice-shop.json is not canonical: {}", text(&out.stdout));
    let dir = tempfile::tempdir().expect("temp dir");
    let messy = dir.path().join("messy.json");
    let compact: serde_json::Value = serde_json::from_slice(&std::fs::read(sample()).expect("read")).expect("json");
    std::fs::write(&messy, serde_json::to_string(&compact).expect("json")).expect("write");
    let check = run(&["fmt".as_ref(), "--check".as_ref(), messy.as_os_str()]);
    assert_eq!(check.status.code(), Some(1));
    let fix = run(&["fmt".as_ref(), messy.as_os_str()]);
    assert_eq!(fix.status.code(), Some(0));
    assert_eq!(std::fs::read(&messy).expect("read"), std::fs::read(sample()).expect("read"));
}

#[test]
fn schema_command_prints_the_committed_schema() {
    let out = run(&["schema".as_ref()]);
    assert_eq!(out.status.code(), Some(0));
    let committed =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/threatcanvas.schema.json"))
            .expect("committed schema");
    assert!(
        text(&out.stdout) == committed,
        "The file format changed: `threatcanvas schema` no longer prints assets/threatcanvas.schema.json. \
         Files in users' repositories were written against that schema, so do not regenerate it to make \
         this test pass. Add a format version instead, as src/format/migrate.rs says: freeze the current \
         schema as assets/schema/vN.schema.json, add vN+1 on-disk types and a migration step with \
         fixtures in tests/data/migrate/, then regenerate the schema."
    );
}

#[test]
fn help_is_there_for_every_command() {
    for cmd in
        [&["--help"][..], &["export", "--help"], &["validate", "--help"], &["fmt", "--help"], &["schema", "--help"]]
    {
        let args: Vec<&std::ffi::OsStr> = cmd.iter().map(std::convert::AsRef::as_ref).collect();
        let out = run(&args);
        assert_eq!(out.status.code(), Some(0), "{cmd:?}");
        assert!(text(&out.stdout).contains("Usage:"), "{cmd:?}");
    }
    let bad = run(&["export".as_ref()]);
    assert_eq!(bad.status.code(), Some(2), "a usage error exits 2");
}

#[test]
fn export_refuses_mismatched_or_impossible_outputs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases: [(&[&str], &str); 3] = [
        (&["--diagram", "Juice Shop DFD", "--format", "png"], "x.svg"),
        (&["--all"], "file.svg"),
        (&["--diagram", "Juice Shop DFD"], "missing-folder/x.svg"),
    ];
    let model = sample();
    for (extra, output) in cases {
        let out_path = dir.path().join(output);
        let mut args: Vec<&std::ffi::OsStr> = vec!["export".as_ref(), model.as_os_str()];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        args.push("-o".as_ref());
        args.push(out_path.as_os_str());
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{extra:?} {output}");
        assert!(text(&out.stderr).contains("error:"), "{}", text(&out.stderr));
        assert!(!out_path.exists(), "{output} was not written");
    }
}

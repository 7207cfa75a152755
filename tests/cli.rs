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
    // A name typed in another case finds the one diagram it can mean.
    let svg = dir.path().join("lower.svg");
    let model = sample();
    let out = run(&[
        "export".as_ref(),
        model.as_os_str(),
        "--diagram".as_ref(),
        "juice shop dfd".as_ref(),
        "-o".as_ref(),
        svg.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(std::fs::read_to_string(&svg).expect("written").contains("<svg"));
}

#[test]
fn validate_reports_ok_and_errors() {
    let out = run(&["validate".as_ref(), sample().as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("ok (18 elements, 33 flows, 4 boundaries"), "{}", text(&out.stdout));
    let one = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/rules/DFD016.pass.json");
    let out = run(&["validate".as_ref(), one.as_os_str()]);
    assert!(text(&out.stdout).contains("ok (2 elements, 1 flow, 1 boundary, 0 threats"), "{}", text(&out.stdout));
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

/// Runs `export` on `model` with `extra` arguments, writing to `output`.
fn export(model: &Path, extra: &[&str], output: &Path) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec!["export".as_ref(), model.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    args.extend(["-o".as_ref(), output.as_os_str()]);
    run(&args)
}

/// A DFD of `count` elements on a grid 100 wide, saved in `dir`, with diagrams named `names`
/// (each a view of the same grid).
fn grid_model(dir: &Path, count: usize, names: &[&str]) -> PathBuf {
    use threatcanvas::model::{DfdView, Diagram, DiagramId, DiagramView, Element, ElementId, Model, Rect};
    let mut model = Model::default();
    model.meta.title = "Grid".into();
    let mut view = DfdView::default();
    for i in 0..i32::try_from(count).expect("a small count") {
        let id = ElementId::new(format!("e{i}"));
        model.elements.insert(id.clone(), Element { name: format!("Element {i}"), ..Element::default() });
        view.nodes.insert(id, Rect::new((i % 100) * 240, (i / 100) * 160, 160, 80));
    }
    for (i, name) in names.iter().enumerate() {
        model.diagrams.push(Diagram {
            id: DiagramId::new(format!("d{i}")),
            name: (*name).to_owned(),
            view: DiagramView::Dfd(view.clone()),
        });
    }
    let path = dir.join("grid.json");
    threatcanvas::format::save_file(&model, &path).expect("save");
    path
}

#[test]
fn exports_pdf_with_the_diagram_text_kept_as_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = dir.path().join("dfd.pdf");
    let out = export(&sample(), &["--diagram", "Juice Shop DFD"], &pdf);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let bytes = std::fs::read(&pdf).expect("read");
    assert!(bytes.starts_with(b"%PDF-"), "a PDF header");
    let doc = lopdf::Document::load_mem(&bytes).expect("the PDF parses");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    assert_eq!(pages.len(), 1);
    // Each glyph is placed on its own, so the extracted text has a break between glyphs.
    let words: String = doc.extract_text(&pages).expect("text").chars().filter(|c| *c != '\n').collect();
    for expected in ["OWASP Juice Shop (with proposed features)", "Juice Shop DFD", "Express REST API", "REST requests"]
    {
        assert!(words.contains(expected), "{expected:?} is not text in the PDF: {words}");
    }
}

#[test]
fn a_diagram_too_large_for_the_scale_is_drawn_at_the_largest_that_fits_with_a_note() {
    let dir = tempfile::tempdir().expect("temp dir");
    let model = grid_model(dir.path(), 1_000, &["Grid"]);
    let png = dir.path().join("grid.png");
    let out = export(&model, &[], &png);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let note = text(&out.stderr);
    assert!(note.starts_with("note: ") && note.contains(&*png.to_string_lossy()), "{note}");
    assert!(note.contains("at scale 2") && note.contains("16384"), "{note}");
    let pixmap = tiny_skia::Pixmap::load_png(&png).expect("a PNG");
    assert_eq!(pixmap.width(), 16_384, "as large as allowed");
    assert!(pixmap.height() < 16_384 && pixmap.height() > 1_000, "{}", pixmap.height());
    // At a scale that fits, nothing is said.
    let small = export(&model, &["--scale", "0.25"], &png);
    assert_eq!(small.status.code(), Some(0));
    assert!(small.stderr.is_empty(), "{}", text(&small.stderr));
}

#[test]
fn export_all_survives_long_and_clashing_diagram_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut long = "Very long diagram name ".repeat(43);
    long.push_str(&"x".repeat(1_000 - long.len()));
    let cjk = "図".repeat(88);
    let names = [long.as_str(), long.as_str(), cjk.as_str(), "Overview", "overview", "Overview!"];
    let model = grid_model(dir.path(), 3, &names);
    let folder = dir.path().join("out");
    let out = export(&model, &["--all", "--format", "png", "--scale", "0.5"], &folder);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let listed: Vec<PathBuf> = text(&out.stdout).lines().map(PathBuf::from).collect();
    assert_eq!(listed.len(), names.len(), "one file per diagram");
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), names.len(), "unique names and no temporary files: {files:?}");
    assert!(files.iter().all(|f| f.len() <= 255 && Path::new(f).extension().is_some_and(|e| e == "png")), "{files:?}");
    assert!(files.contains(&"overview.png".to_owned()) && files.contains(&"overview-3.png".to_owned()));
    for file in &listed {
        tiny_skia::Pixmap::load_png(file).expect("each file is a whole PNG");
    }
}

#[test]
fn export_all_writes_nothing_when_one_picture_cannot_be_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let model = grid_model(dir.path(), 3, &["First", "Second"]);
    let folder = dir.path().join("out");
    std::fs::create_dir_all(folder.join("second.svg")).expect("a folder in the way");
    let out = export(&model, &["--all"], &folder);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains(&*folder.join("second.svg").to_string_lossy()), "{}", text(&out.stderr));
    let left: Vec<_> = std::fs::read_dir(&folder).expect("folder").map(|e| e.expect("entry").file_name()).collect();
    assert_eq!(left, [std::ffi::OsString::from("second.svg")], "first.svg was not written, no temporaries left");
}

#[test]
fn export_options_reach_every_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let png = dir.path().join("dark.png");
    let dfd = ["--diagram", "Juice Shop DFD", "--scale", "0.5"];
    let out = export(&sample(), &[&dfd[..], &["--theme", "dark", "--legend"]].concat(), &png);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let dark = tiny_skia::Pixmap::load_png(&png).expect("png");
    let corner = dark.pixel(1, 1).expect("corner");
    assert!(corner.red() < 60 && corner.alpha() == 255, "a dark page: {corner:?}");
    let out = export(&sample(), &[&dfd[..], &["--background", "transparent"]].concat(), &png);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let clear = tiny_skia::Pixmap::load_png(&png).expect("png");
    assert_eq!(clear.pixel(1, 1).expect("corner").alpha(), 0, "no page");
    assert!(clear.height() < dark.height() - 40, "the legend takes room");
    let svg = dir.path().join("legend.svg");
    let out = export(&sample(), &[&dfd[..], &["--legend", "--background", "white"]].concat(), &svg);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let svg = std::fs::read_to_string(&svg).expect("svg");
    assert!(
        svg.contains(">Legend</text>") && svg.contains(">Trust boundary</text>") && svg.contains("fill=\"#ffffff\"")
    );
}

#[test]
fn every_export_error_names_the_file_it_concerns() {
    let dir = tempfile::tempdir().expect("temp dir");
    let model = sample();
    let not_a_folder = dir.path().join("file.txt");
    std::fs::write(&not_a_folder, "x").expect("write");
    let cases: Vec<(Vec<&str>, PathBuf)> = vec![
        (vec!["--diagram", "Juice Shop DFD", "--format", "png"], dir.path().join("x.svg")),
        (vec!["--all"], dir.path().join("file.pdf")),
        (vec!["--diagram", "Juice Shop DFD"], dir.path().join("missing/x.svg")),
        (vec!["--diagram", "Juice Shop DFD"], not_a_folder.join("x.svg")),
        (vec!["--diagram", "Juice Shop DFD", "--scale", "0"], dir.path().join("x.png")),
        (vec!["--diagram", "Juice Shop DFD"], model.clone()),
        (vec!["--diagram", "Nope"], dir.path().join("x.svg")),
        (vec![], dir.path().join("x.svg")),
    ];
    for (extra, output) in cases {
        let out = export(&model, &extra, &output);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{extra:?} {}: {err}", output.display());
        let named = err.contains(&*output.to_string_lossy()) || err.contains(&*model.to_string_lossy());
        assert!(err.starts_with("error: ") && named, "{extra:?}: the error names no file: {err}");
        assert!(!output.is_file() || output == model, "{} was written", output.display());
    }
}

#[test]
fn every_command_names_the_bad_file_it_was_given() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let dir = tempfile::tempdir().expect("temp dir");
    let output = dir.path().join("out.svg");
    let mut checked = 0;
    for entry in std::fs::read_dir(&data).expect("tests/data") {
        let path = entry.expect("entry").path();
        if !path.is_file() {
            continue;
        }
        let name = path.file_name().expect("name").to_string_lossy().into_owned();
        let commands: [&[&std::ffi::OsStr]; 4] = [
            &["export".as_ref(), path.as_os_str(), "-o".as_ref(), output.as_os_str()],
            &["validate".as_ref(), path.as_os_str()],
            &["fmt".as_ref(), "--check".as_ref(), path.as_os_str()],
            &["fmt".as_ref(), path.as_os_str()],
        ];
        for args in commands {
            let out = run(args);
            let err = text(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            assert!(err.starts_with("error: ") && err.contains(&name), "{args:?}: the file is not named: {err}");
        }
        assert!(!output.exists(), "export wrote a picture of {name}");
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} bad files");
}

#[test]
fn export_refuses_an_extension_it_does_not_write_unless_the_format_is_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let jpg = dir.path().join("x.jpg");
    let out = export(&sample(), &["--diagram", "Juice Shop DFD"], &jpg);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.starts_with("error: ") && err.contains(&*jpg.to_string_lossy()), "names the file: {err}");
    assert!(err.contains(".svg") && err.contains(".png") && err.contains(".pdf"), "lists what it knows: {err}");
    assert!(!jpg.exists(), "nothing written");

    // Named explicitly, the format is written under whatever name -o gives.
    let out = export(&sample(), &["--diagram", "Juice Shop DFD", "--format", "png", "--scale", "0.25"], &jpg);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(std::fs::read(&jpg).expect("written").starts_with(b"\x89PNG"), "a PNG, as --format said");

    // A name without an extension is still SVG, and a folder's name may have any extension.
    let plain = dir.path().join("picture");
    let out = export(&sample(), &["--diagram", "Juice Shop DFD"], &plain);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(std::fs::read_to_string(&plain).expect("written").contains("<svg"));
    let folder = dir.path().join("pictures.v2");
    let out = export(&sample(), &["--all"], &folder);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(folder.join("juice-shop-dfd.svg").is_file());

    let help =
        text(&run(&["export".as_ref(), "--help".as_ref()]).stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("any other extension"), "--help says what an unknown extension does: {help}");
}

#[test]
fn threats_picks_the_format_from_the_output_extension() {
    let dir = tempfile::tempdir().expect("temp dir");
    let model = sample();
    let threats = |extra: &[&str], output: &Path| {
        let mut args: Vec<&std::ffi::OsStr> = vec!["threats".as_ref(), model.as_os_str()];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        args.extend(["-o".as_ref(), output.as_os_str()]);
        let out = run(&args);
        assert_eq!(out.status.code(), Some(0), "{extra:?} {}: {}", output.display(), text(&out.stderr));
        std::fs::read_to_string(output).expect("written")
    };
    let json = threats(&[], &dir.path().join("t.json"));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json).expect("-o *.json writes JSON");
    assert!(!rows.is_empty());
    let csv = threats(&[], &dir.path().join("t.CSV"));
    assert!(csv.starts_with("id,element_id,"), "-o *.csv writes CSV: {csv}");
    let other = threats(&[], &dir.path().join("t.txt"));
    assert!(other.starts_with("id,element_id,"), "any other name gets CSV: {other}");
    let named = threats(&["--format", "csv"], &dir.path().join("named.json"));
    assert!(named.starts_with("id,element_id,"), "an explicit --format wins: {named}");
    let named = threats(&["--format", "json"], &dir.path().join("named.csv"));
    assert!(named.starts_with('['), "an explicit --format wins: {named}");

    let help = text(&run(&["threats".as_ref(), "--help".as_ref()]).stdout);
    assert!(help.contains(".json") && help.contains(".csv"), "--help says how the format is chosen: {help}");
}

/// Runs threatcanvas with `args` and its standard output connected to `stdout`.
fn run_into(args: &[&str], stdout: std::process::Stdio) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_threatcanvas"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .stdout(stdout)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run threatcanvas")
}

/// Commands that print to standard output, each on a model where it succeeds.
const PRINTING: [&[&str]; 9] = [
    &["threats", "samples/juice-shop.json"],
    &["threats", "samples/juice-shop.json", "--format", "json"],
    &["rules"],
    &["schema"],
    &["check", "samples/juice-shop.json"],
    &["check", "samples/juice-shop.json", "--format", "sarif"],
    &["validate", "samples/juice-shop.json"],
    &["diff", "samples/juice-shop.json", "samples/juice-shop.json"],
    &["rules", "--format", "json"],
];

#[test]
fn a_closed_standard_output_ends_the_command_quietly_with_success() {
    for args in PRINTING {
        let mut child = run_into(args, std::process::Stdio::piped());
        // Like `| head -0`: the reader is gone before the command writes a byte.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", text(&out.stderr));
        assert!(out.stderr.is_empty(), "{args:?} said something: {}", text(&out.stderr));
    }
}

#[test]
fn a_full_standard_output_is_an_error() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    for args in PRINTING {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full");
        let out = run_into(args, full.into()).wait_with_output().expect("wait");
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("error: standard output: "), "{args:?}: {err}");
    }
}

/// Runs `script` in bash with `$TC` set to the built threatcanvas, from the repository root.
fn bash(script: &str) -> Output {
    Command::new("bash")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("TC", env!("CARGO_BIN_EXE_threatcanvas"))
        .args(["-c", script])
        .output()
        .expect("run bash")
}

#[test]
fn a_model_read_from_a_pipe_is_compared_and_never_replaced() {
    if !Path::new("/bin/bash").exists() || !Path::new("/usr/bin/mkfifo").exists() {
        return;
    }
    // The README's review recipe: the old side comes from `git show` through a pipe.
    let out = bash(r#""$TC" diff --format md <(cat samples/juice-shop.json) samples/juice-shop.json"#);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = bash(r#""$TC" validate <(cat samples/juice-shop.json)"#);
    assert!(text(&out.stdout).contains(": ok ("), "{}{}", text(&out.stdout), text(&out.stderr));
    // fmt reads a named pipe but does not put a file in its place.
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("model.json");
    let script = format!(
        r#"mkfifo "{f}" && (tr -d "\\n" < samples/juice-shop.json > "{f}" &) && "$TC" fmt "{f}"; echo "exit $?"; test -p "{f}" && echo "still a pipe""#,
        f = fifo.display()
    );
    let out = bash(&script);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(stdout.contains("exit 2") && stdout.contains("still a pipe"), "{stdout}{stderr}");
    assert!(stderr.contains(&fifo.display().to_string()) && stderr.contains("not a regular file"), "{stderr}");
}

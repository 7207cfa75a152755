//! Publishing from the app: the export dialog's options (used, and remembered in the settings
//! file between exports and runs), selection-only export, Export PDF, Export Report, and Copy
//! as image.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use threatcanvas::app::{Document, Editor, ExportChoices, PageChoice, Settings};
use threatcanvas::model::ElementId;

use super::{center_of, click, harness, replace_text, shortcut};

fn sample() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/juice-shop.json")
}

/// An editor on the sample whose settings live in `settings_file`.
fn editor_with_settings(settings_file: &std::path::Path) -> Editor {
    let doc = Document::open(&sample()).expect("sample");
    Editor::new(doc, Settings::load(Some(settings_file.to_path_buf())))
}

fn menu(h: &mut egui_kittest::Harness<'_, Editor>, menu: &str, item: &str) {
    h.get_by_label(menu).click();
    h.run();
    h.get_by_label_contains(item).click();
    h.run();
}

#[test]
fn export_options_are_used_and_remembered_between_exports_and_runs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = dir.path().join("settings.json");
    let out = dir.path().join("dfd.png");
    let mut h = harness(editor_with_settings(&settings));
    shortcut(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    replace_text(&mut h, "File path:", &out.display().to_string());
    h.get_by_label("Transparent").click();
    h.run();
    h.get_by_label("Dark").click();
    h.run();
    h.get_by_label("Legend below the diagram").click();
    h.run();
    h.get_by_label("Export").click();
    h.run();
    assert!(h.state().dialog().is_none(), "{}", h.state().status());
    let remembered =
        ExportChoices { page: PageChoice::Transparent, dark: true, legend: true, ..ExportChoices::default() };
    assert_eq!(h.state().settings().export, remembered);

    // The PNG has no page: its corner is fully transparent.
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&out).expect("exported")));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut pixels).expect("pixels");
    assert_eq!(info.color_type, png::ColorType::Rgba);
    assert_eq!(pixels[3], 0, "transparent corner");

    // A new run reads them back, and the dialog starts from them.
    let mut h = harness(editor_with_settings(&settings));
    assert_eq!(h.state().settings().export, remembered);
    shortcut(&mut h, Modifiers::COMMAND, Key::E);
    let svg = dir.path().join("dfd.svg");
    replace_text(&mut h, "File path:", &svg.display().to_string());
    h.get_by_label("Export").click();
    h.run();
    let text = std::fs::read_to_string(&svg).expect("exported");
    assert!(text.contains("Legend"), "the remembered legend is drawn");
}

#[test]
fn only_the_selection_is_exported_when_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("part.svg");
    let mut h = harness(Editor::open_for_tests(&sample()).expect("sample"));
    let p1 = ElementId::new("P1");
    let c = center_of(&h, &p1);
    click(&mut h, c);
    assert_eq!(h.state().view().selection.len(), 1);
    shortcut(&mut h, Modifiers::COMMAND, Key::E);
    replace_text(&mut h, "File path:", &out.display().to_string());
    h.get_by_label("Only the selection").click();
    h.run();
    h.get_by_label("Export").click();
    h.run();
    let svg = std::fs::read_to_string(&out).expect("exported");
    let model = h.state().model();
    let name = &model.elements[&p1].name;
    assert!(svg.contains(&format!(r#"data-id="{p1}""#)), "the selected element is drawn");
    assert_eq!(svg.matches("<g class=\"element\"").count(), 1, "and no other element: {name}");
}

#[test]
fn export_pdf_and_report_from_the_file_menu() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = harness(Editor::open_for_tests(&sample()).expect("sample"));
    let pdf = dir.path().join("dfd.pdf");
    menu(&mut h, "File", "Export PDF…");
    replace_text(&mut h, "File path:", &pdf.display().to_string());
    h.get_by_label("Export").click();
    h.run();
    assert!(std::fs::read(&pdf).expect("exported").starts_with(b"%PDF-"), "{}", h.state().status());

    let html = dir.path().join("model.html");
    menu(&mut h, "File", "Export Report…");
    replace_text(&mut h, "File path:", &html.display().to_string());
    h.get_by_label("Write").click();
    h.run();
    let page = std::fs::read_to_string(&html).expect("written");
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("Open high and critical threats"));

    let md = dir.path().join("model.md");
    menu(&mut h, "File", "Export Report…");
    replace_text(&mut h, "File path:", &md.display().to_string());
    h.get_by_label("Write").click();
    h.run();
    assert!(std::fs::read_to_string(&md).expect("written").starts_with("# OWASP Juice Shop"));
    assert!(dir.path().join("model-juice-shop-dfd.svg").is_file(), "the diagram beside it");
    assert!(h.state().status().contains("2 diagram files"), "{}", h.state().status());
}

#[test]
fn copy_as_image_copies_the_diagram_or_the_selection_or_says_why_not() {
    let mut h = harness(Editor::open_for_tests(&sample()).expect("sample"));
    menu(&mut h, "Edit", "Copy Diagram as Image");
    let status = h.state().status().to_owned();
    // With a display the picture is on the clipboard; without one (CI) the status says so.
    assert!(
        status.starts_with("Copied the diagram as a ") || status.contains("no clipboard is available here"),
        "{status}"
    );
    let c = center_of(&h, &ElementId::new("P1"));
    click(&mut h, c);
    assert_eq!(h.state().view().selection.len(), 1);
    shortcut(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::C);
    assert!(h.state().status().contains("the selection as a"), "{}", h.state().status());
    assert_eq!(h.state().model().elements.len(), 18, "nothing pasted or changed");
}

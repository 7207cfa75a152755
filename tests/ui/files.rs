//! Files from the app: unsaved changes are never lost silently, a broken file is reported
//! and changes nothing, export writes the current diagram.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use threatcanvas::app::Editor;

use super::*;

fn sample() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/juice-shop.json")
}

#[test]
fn new_asks_before_dropping_unsaved_changes() {
    let mut h = harness(Editor::open_for_tests(&sample()).expect("sample"));
    let c = center_of(&h, &threatcanvas::model::ElementId::new("P1"));
    click(&mut h, c);
    h.key_press(Key::Delete);
    h.run();
    assert!(h.state().document().is_dirty());
    assert!(h.state().title().contains('●'), "{}", h.state().title());
    shortcut(&mut h, Modifiers::COMMAND, Key::N);
    assert!(h.query_by_label("Unsaved changes").is_some(), "asks first");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().model().elements.len(), 17, "Cancel keeps the model");
    shortcut(&mut h, Modifiers::COMMAND, Key::N);
    h.get_by_label("Don't save").click();
    h.run();
    assert!(h.state().model().elements.is_empty(), "Don't save starts the new model");
    assert!(!h.state().document().is_dirty());
}

#[test]
fn save_from_the_unsaved_prompt_then_continue() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("copy.json");
    std::fs::copy(sample(), &path).expect("copy");
    let mut h = harness(Editor::open_for_tests(&path).expect("copy"));
    let c = center_of(&h, &threatcanvas::model::ElementId::new("DS4"));
    click(&mut h, c);
    h.key_press(Key::Delete);
    h.run();
    shortcut(&mut h, Modifiers::COMMAND, Key::N);
    h.get_by_label("Save").click();
    h.run();
    let saved = threatcanvas::format::load_file(&path).expect("saved file loads");
    assert!(!saved.elements.contains_key(&threatcanvas::model::ElementId::new("DS4")));
    assert!(h.state().model().elements.is_empty(), "then the new model");
}

#[test]
fn opening_a_broken_file_shows_the_error_and_keeps_the_model() {
    let mut h = harness(Editor::open_for_tests(&sample()).expect("sample"));
    let before = bytes(&h);
    let broken = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/dangling-flow.json");
    let broken_bytes = std::fs::read(&broken).expect("read");
    shortcut(&mut h, Modifiers::COMMAND, Key::O);
    replace_text(&mut h, "File path:", &broken.display().to_string());
    h.get_by_label("Open").click();
    h.run();
    assert!(h.query_by_label_contains("GHOST").is_some(), "the error names the fault");
    assert_eq!(bytes(&h), before);
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().dialog().is_none());
    assert_eq!(h.state().document().path(), Some(sample().as_path()), "still the sample, never the broken file");
    assert_eq!(std::fs::read(&broken).expect("read"), broken_bytes);
}

#[test]
fn export_svg_from_the_app() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("dfd.svg");
    let mut h = harness(Editor::open_for_tests(&sample()).expect("sample"));
    shortcut(&mut h, Modifiers::COMMAND, Key::E);
    replace_text(&mut h, "File path:", &out.display().to_string());
    h.get_by_label("Export").click();
    h.run();
    let svg = std::fs::read_to_string(&out).expect("exported");
    let options = threatcanvas::export::usvg_options();
    resvg::usvg::Tree::from_str(&svg, &options).expect("parses");
    assert!(svg.contains("Juice Shop DFD"));
}

#[test]
fn diagrams_can_be_added_renamed_switched_and_deleted_with_undo() {
    let mut h = harness(Editor::new_for_tests());
    shortcut(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::N);
    replace_text(&mut h, "Name:", "Checkout");
    h.get_by_label("Rename").click();
    h.run();
    let names: Vec<String> = h.state().model().diagrams.iter().map(|d| d.name.clone()).collect();
    assert_eq!(names, vec!["Data-flow diagram".to_owned(), "Checkout".to_owned()]);
    shortcut(&mut h, Modifiers::COMMAND, Key::PageDown);
    assert_eq!(h.state().view().diagram.as_ref(), Some(&h.state().model().diagrams[0].id));
    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(&h.state().model().diagrams[1].name, "Sequence diagram", "undo the rename");
    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().model().diagrams.len(), 1, "undo the new diagram");
}

#[test]
fn saving_while_renaming_keeps_the_typed_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("copy.json");
    std::fs::copy(sample(), &path).expect("copy");
    let mut h = harness(Editor::open_for_tests(&path).expect("copy"));
    let c = center_of(&h, &threatcanvas::model::ElementId::new("P1"));
    click(&mut h, c);
    h.key_press(Key::F2);
    h.run();
    h.get_by_label("New name").type_text("Angular single-page app");
    h.run();
    shortcut(&mut h, Modifiers::COMMAND, Key::S);
    let saved = threatcanvas::format::load_file(&path).expect("loads");
    assert_eq!(saved.elements[&threatcanvas::model::ElementId::new("P1")].name, "Angular single-page app");
    assert!(!h.state().document().is_dirty());
}

#[test]
fn save_as_over_another_file_asks_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let other = dir.path().join("other.json");
    std::fs::write(&other, "precious").expect("write");
    let mut h = harness(Editor::open_for_tests(&sample()).expect("sample"));
    shortcut(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    replace_text(&mut h, "File path:", &other.display().to_string());
    h.get_by_label("Save").click();
    h.run();
    assert_eq!(std::fs::read_to_string(&other).expect("read"), "precious", "not replaced yet");
    assert!(h.query_by_label_contains("already exists").is_some());
    h.get_by_label("Save").click();
    h.run();
    assert!(threatcanvas::format::load_file(&other).is_ok(), "replaced on the second press");
}

#[test]
fn switching_diagrams_clears_the_selection() {
    let mut h = harness(Editor::open_for_tests(&sample()).expect("sample"));
    let c = center_of(&h, &threatcanvas::model::ElementId::new("P1"));
    click(&mut h, c);
    assert_eq!(h.state().view().selection.len(), 1);
    shortcut(&mut h, Modifiers::COMMAND, Key::PageDown);
    assert!(h.state().view().selection.is_empty());
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(h.state().model().elements.len(), 18, "Delete on the other diagram removed nothing");
}

#[test]
fn enter_submits_the_path_and_name_dialogs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("by-enter.svg");
    let mut h = harness(Editor::open_for_tests(&sample()).expect("sample"));
    shortcut(&mut h, Modifiers::COMMAND, Key::E);
    replace_text(&mut h, "File path:", &out.display().to_string());
    h.key_press(Key::Enter);
    h.run();
    assert!(out.is_file(), "Enter exported");
    assert!(h.state().dialog().is_none());
    shortcut(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::D);
    replace_text(&mut h, "Name:", "Admin area");
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().dialog().is_none());
    assert!(h.state().model().diagrams.iter().any(|d| d.name == "Admin area"));
}

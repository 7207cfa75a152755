//! Other tools' files from the app: File > Import and dropping a file open another tool's model
//! as a new unsaved document and show the import summary; a dropped ThreatCanvas model opens as
//! Open does; exports to Threat Dragon and OTM; Arrange > Auto-layout as one undo step.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use threatcanvas::app::{Dialog, Editor};
use threatcanvas::interop::{self, Format};
use threatcanvas::model::{DiagramView, Rect};

use super::*;

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/juice-shop.json")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import").join(name)
}

/// A file dropped onto the window, as the windowing layer hands it over.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn drop_file(h: &mut egui_kittest::Harness<'_, Editor>, path: &Path) {
    h.input_mut().dropped_files.push(Arc::new(Dropped(path.to_path_buf())));
    h.run();
}

/// Element, flow, boundary and threat counts.
fn counts(m: &threatcanvas::model::Model) -> [usize; 4] {
    [m.elements.len(), m.flows.len(), m.boundaries.len(), m.threats.len()]
}

fn import_through_the_dialog(h: &mut egui_kittest::Harness<'_, Editor>, path: &Path) {
    shortcut(h, Modifiers::COMMAND, Key::I);
    replace_text(h, "File path:", &path.display().to_string());
    h.get_by_label("Import").click();
    // A summary long enough to scroll fades its scroll bar in over a few frames.
    h.run_steps(8);
}

#[test]
fn import_opens_a_new_unsaved_document_and_shows_the_summary() {
    let source = fixture("td-quirks.json");
    let source_bytes = std::fs::read(&source).expect("read");
    let expected = interop::import_file(&source, None).expect("imports");
    let mut h = harness(Editor::open_for_tests(&sample()).expect("sample"));
    import_through_the_dialog(&mut h, &source);
    let e = h.state();
    assert_eq!(counts(e.model()), counts(&expected.model), "the imported model is shown");
    assert_eq!(e.document().path(), None, "no file of its own: Save never writes over the source");
    assert_eq!(e.document().imported_from(), Some(source.as_path()));
    assert!(e.document().is_dirty(), "an import never saved counts as unsaved");
    assert_eq!(e.document().undo_label(), None, "a new document: nothing to undo");
    assert!(e.title().contains("td-quirks.json (imported)"), "{}", e.title());
    let Some(Dialog::ImportSummary { summary, .. }) = e.dialog() else { panic!("the summary shows: {:?}", e.dialog()) };
    assert_eq!(summary, &expected.summary);
    assert!(h.query_by_label("Import summary").is_some());
    for warning in &expected.summary.warnings {
        let line = format!("• {warning}");
        assert!(h.query_by_label(&line).is_some(), "every warning shows, naming its cell: {line}");
    }
    assert!(h.query_by_label_contains("Left out (flow)").is_some(), "warnings are grouped by kind");
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().dialog().is_none(), "Enter closes the summary");
    assert_eq!(std::fs::read(&source).expect("read"), source_bytes, "the source file is untouched");
    shortcut(&mut h, Modifiers::COMMAND, Key::N);
    assert!(h.query_by_label("Unsaved changes").is_some(), "closing the import asks first");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(counts(h.state().model()), counts(&expected.model));
    // Saving it from that question suggests a name from the model's title, as Save As does.
    shortcut(&mut h, Modifiers::COMMAND, Key::N);
    h.get_by_label("Save").click();
    h.run();
    let Some(Dialog::Path { text, .. }) = h.state().dialog() else {
        panic!("Save asks where: {:?}", h.state().dialog())
    };
    let title = threatcanvas::export::slug(&expected.model.meta.title);
    assert!(text.ends_with(&format!("{title}.json")), "{text}");
    assert_ne!(Path::new(text), source.as_path());
}

/// An import whose title makes the source's own file name is never offered that name.
#[test]
fn saving_an_import_never_suggests_the_source_file() {
    let dir = tempfile::tempdir().expect("dir");
    let mut model = interop::import_file(&fixture("td-quirks.json"), None).expect("imports").model;
    "Shop".clone_into(&mut model.meta.title);
    let text = interop::td::to_string(&model).text;
    let source = dir.path().join("shop.json");
    std::fs::write(&source, text).expect("write");
    let mut h = harness(Editor::new_for_tests());
    import_through_the_dialog(&mut h, &source);
    h.key_press(Key::Enter);
    h.run();
    shortcut(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    let Some(Dialog::Path { text, .. }) = h.state().dialog() else { panic!("Save As asks: {:?}", h.state().dialog()) };
    assert_eq!(Path::new(text), dir.path().join("shop.threatcanvas.json"));
}

#[test]
fn import_asks_before_replacing_unsaved_changes() {
    let mut h = harness(Editor::open_for_tests(&sample()).expect("sample"));
    let c = center_of(&h, &threatcanvas::model::ElementId::new("P1"));
    click(&mut h, c);
    h.key_press(Key::Delete);
    h.run();
    let edited = bytes(&h);
    shortcut(&mut h, Modifiers::COMMAND, Key::I);
    assert!(h.query_by_label("Unsaved changes").is_some(), "asks before the path");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(bytes(&h), edited);
    drop_file(&mut h, &fixture("otm-nested.otm.json"));
    assert!(h.query_by_label("Unsaved changes").is_some(), "a drop asks too");
    h.get_by_label("Don't save").click();
    h.run();
    let expected = interop::import_file(&fixture("otm-nested.otm.json"), None).expect("imports");
    assert_eq!(counts(h.state().model()), counts(&expected.model), "then imports");
    assert!(matches!(h.state().dialog(), Some(Dialog::ImportSummary { .. })));
}

#[test]
fn a_dropped_threatcanvas_model_opens_as_open_does() {
    let mut h = harness(Editor::new_for_tests());
    drop_file(&mut h, &sample());
    let e = h.state();
    assert_eq!(e.document().path(), Some(sample().as_path()), "opened, not imported");
    assert!(!e.document().is_dirty());
    assert!(e.dialog().is_none(), "no import summary for our own file");
    assert_eq!(counts(e.model()), [18, 33, 4, 107]);
}

#[test]
fn a_file_that_does_not_import_is_reported_by_name_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let odd = dir.path().join("not-a-model.json");
    std::fs::write(&odd, r#"{"hello": "world"}"#).expect("write");
    let mut h = harness(Editor::open_for_tests(&sample()).expect("sample"));
    let before = bytes(&h);
    drop_file(&mut h, &odd);
    let Some(Dialog::Error(message)) = h.state().dialog() else { panic!("an error: {:?}", h.state().dialog()) };
    assert!(message.contains(&odd.display().to_string()) && message.contains("format"), "{message}");
    assert_eq!(bytes(&h), before);
    assert_eq!(h.state().document().path(), Some(sample().as_path()));
    // Through the dialog the error stays under the path field.
    h.key_press(Key::Escape);
    h.run();
    import_through_the_dialog(&mut h, &odd);
    assert!(h.query_by_label_contains("cannot tell which format").is_some());
    assert_eq!(bytes(&h), before);
}

#[test]
fn export_to_threat_dragon_and_otm_from_the_menu() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = harness(Editor::open_for_tests(&sample()).expect("sample"));
    for (item, file, format) in [
        ("Export to Threat Dragon…", "shop.td.json", Format::ThreatDragon),
        ("Export to OTM…", "shop.otm.json", Format::Otm),
    ] {
        let out = dir.path().join(file);
        h.get_by_label("File").click();
        h.run();
        h.get_by_label(item).click();
        h.run();
        replace_text(&mut h, "File path:", &out.display().to_string());
        h.get_by_label("Export").click();
        h.run();
        let back = interop::import_file(&out, None).expect("the export imports");
        assert_eq!(interop::detect(&std::fs::read(&out).expect("read"), file), Some(format));
        assert_eq!(counts(&back.model), [18, 33, 4, 107], "{file} keeps every record");
        let Some(Dialog::ExportNotes { warnings, .. }) = h.state().dialog() else {
            panic!("the sample's sequence diagram cannot go along, and the app says so: {:?}", h.state().dialog())
        };
        assert!(!warnings.is_empty());
        assert!(h.query_by_label_contains("cannot hold everything").is_some());
        h.get_by_label("OK").click();
        h.run();
        assert!(!h.state().document().is_dirty(), "exporting is not editing");
    }
}

fn boxes(h: &egui_kittest::Harness<'_, Editor>) -> Vec<Rect> {
    let e = h.state();
    let d = e.view().diagram.as_ref().and_then(|d| e.model().diagram(d)).expect("a diagram");
    let DiagramView::Dfd(v) = &d.view else { panic!("a DFD") };
    v.nodes.values().chain(v.boundaries.values()).copied().collect()
}

#[test]
fn auto_layout_is_one_undo_step() {
    let mut h = harness(Editor::open_for_tests(&sample()).expect("sample"));
    let before = bytes(&h);
    let boxes_before = boxes(&h);
    shortcut(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::L);
    assert_ne!(boxes(&h), boxes_before, "the boxes moved");
    assert_eq!(h.state().document().undo_label(), Some("Auto-layout"));
    let after = bytes(&h);
    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(bytes(&h), before, "one undo puts every box back");
    shortcut(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(bytes(&h), after, "redo lays it out again");
    // From the menu as well; a second run finds nothing to change.
    h.get_by_label("Arrange").click();
    h.run();
    let menu_item = |n: &egui_kittest::kittest::AccessKitNode<'_>| {
        n.role() == egui::accesskit::Role::Button && n.label().is_some_and(|l| l.starts_with("Auto-layout"))
    };
    h.query_by(menu_item).expect("Arrange > Auto-layout, with its shortcut").click();
    h.run();
    assert_eq!(bytes(&h), after);
    assert!(h.state().status().contains("already"), "{}", h.state().status());
}

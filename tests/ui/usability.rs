//! What a new user tripped over (issue "Canvas usability"): one test per bug, each acting as
//! the user did.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use threatcanvas::app::Editor;
use threatcanvas::edit::commands::Item;
use threatcanvas::model::{DiagramView, ElementId, SequenceView};

use super::*;

fn sample() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/juice-shop.json")
}

fn totp() -> Harness<'static, Editor> {
    let editor = Editor::open_for_tests(&sample()).expect("sample");
    let id = editor.model().diagrams[1].id.clone();
    harness(editor.showing(id))
}

fn sequence(h: &Harness<'_, Editor>) -> SequenceView {
    let e = h.state();
    match &e.model().diagram(e.view().diagram.as_ref().expect("diagram")).expect("exists").view {
        DiagramView::Sequence(s) => s.clone(),
        DiagramView::Dfd(_) => panic!("not a sequence"),
    }
}

/// Selects element `id` on the DFD by clicking it.
fn select(h: &mut Harness<'_, Editor>, id: &str) {
    let c = center_of(h, &ElementId::new(id));
    click(h, c);
    assert!(h.state().view().selection.contains(&Item::Element(ElementId::new(id))));
}

#[test]
fn ctrl_z_in_a_field_is_the_fields_own_undo_and_leaves_no_empty_steps() {
    let mut h = harness(Editor::open_for_tests(&sample()).expect("sample"));
    let before = bytes(&h);
    select(&mut h, "P3");
    let name = h.state().model().elements[&ElementId::new("P3")].name.clone();
    h.get_by_label("Name").focus();
    h.run();
    h.get_by_label("Name").type_text(" v2");
    h.run();
    assert_eq!(h.state().model().elements[&ElementId::new("P3")].name, format!("{name} v2"));
    // Ctrl+Z inside the field undoes the typing in the field.
    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().model().elements[&ElementId::new("P3")].name, name, "the field's own undo");
    // Leave the field: nothing changed in the end, so the history holds nothing.
    h.key_press(Key::Tab);
    h.run();
    assert_eq!(bytes(&h), before);
    assert_eq!(h.state().document().undo_label(), None, "no step that changes nothing");
    assert!(!h.state().document().is_dirty());
}

#[test]
fn esc_in_a_property_field_cancels_the_edit_and_keeps_the_selection() {
    let mut h = harness(Editor::open_for_tests(&sample()).expect("sample"));
    let before = bytes(&h);
    select(&mut h, "P3");
    h.get_by_label("Name").focus();
    h.run();
    h.get_by_label("Name").type_text(" oops");
    h.run();
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(bytes(&h), before, "the typing is taken back");
    assert!(h.state().view().selection.contains(&Item::Element(ElementId::new("P3"))), "still selected");
    assert_eq!(h.state().document().undo_label(), None);
}

#[test]
fn a_fragment_is_never_one_keystroke_from_its_guard_and_every_edit_names_itself() {
    let mut h = totp();
    // Select two messages from the keyboard and wrap them in an alt fragment.
    h.key_press(Key::ArrowDown);
    h.run();
    let seq = sequence(&h);
    h.get_by_label("Wrap in fragment").click();
    h.run();
    let fragments = seq.fragments.len();
    h.get_by_label("alt").click();
    h.run();
    assert_eq!(sequence(&h).fragments.len(), fragments + 1);
    assert!(h.state().status().contains("fragment"), "the status bar names the edit: {}", h.state().status());
    // Type the guard quickly, press Tab, keep typing (a space presses a focused button).
    h.get_by_label_contains("Fragments (").click();
    h.run();
    let count = h.get_all_by_label("alt guard").count();
    h.get_all_by_label("alt guard").nth(count - 1).expect("field").focus();
    h.run();
    h.get_all_by_label("alt guard").nth(count - 1).expect("field").type_text("code");
    h.run();
    h.key_press(Key::Tab);
    h.run();
    h.key_press(Key::Space);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(sequence(&h).fragments.len(), fragments + 1, "the fragment is still there");
    // Undo and redo name themselves.
    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(h.state().status().starts_with("Undid "), "{}", h.state().status());
    shortcut(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert!(h.state().status().starts_with("Redid "), "{}", h.state().status());
}

#[test]
fn undo_selects_what_it_changed_and_brings_it_into_view() {
    let mut h = harness(Editor::open_for_tests(&sample()).expect("sample"));
    select(&mut h, "DS1");
    h.key_press(Key::Delete);
    h.run();
    assert!(h.state().view().selection.is_empty());
    // Look elsewhere: zoom in on a corner, far from the data store.
    for _ in 0..6 {
        shortcut(&mut h, Modifiers::COMMAND, Key::Equals);
    }
    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(
        h.state().view().selection.contains(&Item::Element(ElementId::new("DS1"))),
        "the restored store is selected"
    );
    let r = node(&h, &ElementId::new("DS1"));
    let center = screen(&h, r.x as f32 + r.w as f32 / 2.0, r.y as f32 + r.h as f32 / 2.0);
    let canvas = h.state().canvas().rect_on_screen().expect("drawn");
    assert!(canvas.contains(center), "{center:?} is in view of {canvas:?}");
}

#[test]
fn the_hover_highlight_does_not_reach_through_the_side_panel() {
    let mut h = harness(Editor::open_for_tests(&sample()).expect("sample"));
    let canvas = h.state().canvas().rect_on_screen().expect("drawn");
    // Zoom in until some element sits under the properties panel, right of the canvas.
    let mut under_panel = None;
    for _ in 0..12 {
        shortcut(&mut h, Modifiers::COMMAND, Key::Equals);
        let e = h.state();
        let layout = &e.canvas().scene().expect("scene").layout;
        under_panel = layout.elements.iter().find_map(|(id, r)| {
            let p = e.canvas().screen_from_diagram(r.center())?;
            (p.x > canvas.max.x + 40.0 && p.x < 1260.0 && p.y > 100.0 && p.y < 700.0).then(|| (id.clone(), p))
        });
        if under_panel.is_some() {
            break;
        }
    }
    let (id, p) = under_panel.expect("an element under the panel");
    h.hover_at(p);
    h.run();
    assert_eq!(h.state().canvas().hovered(), None, "{id} is under the panel, not under the pointer's canvas");
    // Over the canvas, hovering works.
    let inside = h.state().canvas().scene().expect("scene").layout.elements.iter().find_map(|(_, r)| {
        let q = h.state().canvas().screen_from_diagram(r.center())?;
        canvas.shrink(20.0).contains(q).then_some(q)
    });
    if let Some(q) = inside {
        h.hover_at(q);
        h.run();
        assert!(h.state().canvas().hovered().is_some());
    }
}

#[test]
fn layout_stays_still_while_the_selection_changes() {
    let mut h = harness(Editor::open_for_tests(&sample()).expect("sample"));
    select(&mut h, "P3");
    let one = h.state().canvas().rect_on_screen().expect("drawn");
    shortcut(&mut h, Modifiers::COMMAND, Key::A);
    let many = h.state().canvas().rect_on_screen().expect("drawn");
    assert_eq!(one, many, "the properties panel keeps its width");
    let mut h = totp();
    let none = h.state().canvas().rect_on_screen().expect("drawn");
    h.key_press(Key::ArrowDown);
    h.run();
    let selected = h.state().canvas().rect_on_screen().expect("drawn");
    assert_eq!(none, selected, "the sequence toolbar keeps its height");
}

#[test]
fn a_new_model_starts_at_one_to_one() {
    let mut h = harness(Editor::open_for_tests(&sample()).expect("sample"));
    shortcut(&mut h, Modifiers::COMMAND, Key::N);
    h.get_by_label("Process").click();
    h.run();
    let canvas = h.state().canvas().rect_on_screen().expect("drawn");
    click(&mut h, canvas.center());
    h.key_press(Key::Enter);
    h.run();
    let zoom = h.state().canvas().transform().expect("drawn").zoom();
    assert!((zoom - 1.0).abs() < 0.01, "zoom {zoom}");
    let id = h.state().model().elements.keys().next().cloned().expect("placed");
    let r = node(&h, &id);
    let center = screen(&h, r.x as f32 + r.w as f32 / 2.0, r.y as f32 + r.h as f32 / 2.0);
    assert!(canvas.contains(center));
}

#[test]
fn a_messages_own_text_is_in_the_panel() {
    let mut h = totp();
    h.key_press(Key::ArrowDown);
    h.run();
    let seq = sequence(&h);
    let flow = seq.messages[0].flow.clone().expect("carries a flow");
    let flow_name = h.state().model().flows[&flow].name.clone();
    replace_text(&mut h, "Text of this step", "GET /#/login");
    h.key_press(Key::Tab);
    h.run();
    assert_eq!(sequence(&h).messages[0].text, "GET /#/login");
    assert_eq!(h.state().model().flows[&flow].name, flow_name, "the flow keeps its name");
    assert!(h.query_by_label_contains("F2 on the diagram edits this text").is_some());
}

#[test]
fn the_panel_counts_open_threats_as_the_badge_does() {
    let mut h = harness(Editor::open_for_tests(&sample()).expect("sample"));
    select(&mut h, "P3");
    let target = threatcanvas::model::ThreatTarget::Element(ElementId::new("P3"));
    let m = h.state().model();
    let all = m.threats_on(&target).count();
    let open = m.threats_on(&target).filter(|(_, t)| t.status == threatcanvas::model::ThreatStatus::Open).count();
    assert!(h.query_by_label(&format!("Threats: {open} open of {all}")).is_some());
}

#[test]
fn add_threat_opens_the_new_threat_with_its_title_selected() {
    let mut h = harness(Editor::open_for_tests(&sample()).expect("sample"));
    select(&mut h, "EE1");
    let threats = h.state().model().threats.len();
    h.get_by_label("Add threat").click();
    h.run();
    h.run();
    // Type right away: the title field has the keyboard and its placeholder is selected.
    h.event(egui::Event::Text("Forged JWT accepted".to_owned()));
    h.run();
    h.key_press(Key::Tab);
    h.run();
    let m = h.state().model();
    assert_eq!(m.threats.len(), threats + 1);
    assert!(m.threats.values().any(|t| t.title == "Forged JWT accepted"), "typed into the new title");
}

#[test]
fn saving_into_a_missing_folder_names_the_path_typed() {
    let mut h = harness(Editor::open_for_tests(&sample()).expect("sample"));
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("no-such-folder").join("model.json");
    shortcut(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    replace_text(&mut h, "File path:", &path.display().to_string());
    h.get_by_label("Save").click();
    h.run();
    let Some(threatcanvas::app::Dialog::Path { error: Some(error), .. }) = h.state().dialog() else {
        panic!("the dialog shows an error: {:?}", h.state().dialog());
    };
    assert!(error.contains(&path.display().to_string()) || error.contains("no-such-folder"), "{error}");
    assert!(!error.contains(".threatcanvas-"), "no temporary file name: {error}");
}

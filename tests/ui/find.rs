//! Find (Ctrl+F) across diagrams, and zoom to selection.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use threatcanvas::app::{Document, Editor, Settings};
use threatcanvas::edit::History;
use threatcanvas::edit::commands::{self, Item};
use threatcanvas::model::{ThreatCategory, ThreatTarget};

use super::small_model::{canvas_focused, focused_label, selection, small_editor, small_model};
use super::*;

/// The middle of the canvas on screen.
fn canvas_middle(h: &egui_kittest::Harness<'_, threatcanvas::app::Editor>) -> egui::Pos2 {
    h.state().canvas().rect_on_screen().expect("drawn").center()
}

#[test]
fn find_jumps_across_diagrams_selects_and_centres_and_esc_gives_the_keyboard_back() {
    let (editor, ids) = small_editor();
    let editor = editor.showing(ids.sequence.clone());
    let mut h = harness(editor);
    shortcut(&mut h, Modifiers::COMMAND, Key::F);
    assert!(h.state().canvas().find_is_open());
    assert_eq!(focused_label(&h).as_deref(), Some("Find"), "the field has the keyboard");
    h.get_by_label("Find").type_text("cloud");
    h.run();
    assert!(h.query_by_label("1 match").is_some());
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().view().diagram.as_ref(), Some(&ids.dfd), "switched to the diagram that draws it");
    assert_eq!(selection(&h), vec![Item::Boundary(ids.cloud.clone())]);
    assert!(h.query_by_label("1 of 1").is_some());
    let r = h.state().canvas().scene().expect("scene").layout.boundaries[&ids.cloud];
    let centre = screen(&h, r.center().x, r.center().y);
    let middle = canvas_middle(&h);
    assert!((centre - middle).length() < 40.0, "centred: {centre:?} vs {middle:?}");
    assert_eq!(focused_label(&h).as_deref(), Some("Find"), "Enter keeps the keyboard in the field");

    // Esc closes the bar and gives the keyboard to the canvas; the selection stays.
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().canvas().find_is_open());
    assert!(canvas_focused(&h));
    assert_eq!(selection(&h), vec![Item::Boundary(ids.cloud.clone())]);
}

#[test]
fn enter_and_shift_enter_walk_the_matches_including_threats() {
    // A threat on Mailer whose title matches, so "mail" finds the element and the threat.
    let (mut model, ids) = small_model();
    let (_, tx) =
        commands::add_threat(ThreatTarget::Element(ids.mailer.clone()), ThreatCategory::Spoofing, "Mail spoof");
    History::new().execute(&mut model, tx).expect("threat");
    let mut h = harness(Editor::new(Document::from_model(model, None), Settings::default()));
    shortcut(&mut h, Modifiers::COMMAND, Key::F);
    h.get_by_label("Find").type_text("MAIL");
    h.run();
    assert!(h.query_by_label("2 matches").is_some());
    h.key_press(Key::Enter);
    h.run();
    assert!(h.query_by_label("1 of 2").is_some());
    assert_eq!(selection(&h), vec![Item::Element(ids.mailer.clone())]);
    h.key_press(Key::Enter);
    h.run();
    assert!(h.query_by_label("2 of 2").is_some(), "the threat: its target is selected");
    assert_eq!(selection(&h), vec![Item::Element(ids.mailer.clone())]);
    h.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    h.run();
    assert!(h.query_by_label("1 of 2").is_some());
    h.get_by_label("Close find").click();
    h.run();
    assert!(!h.state().canvas().find_is_open());
}

#[test]
fn zoom_to_selection_fits_the_selection_without_zooming_in_too_far() {
    let (editor, ids) = small_editor();
    let mut h = harness(editor);
    let zoom_before = h.state().canvas().transform().expect("drawn").zoom();
    let accounts = center_of(&h, &ids.accounts);
    click(&mut h, accounts);
    shortcut(&mut h, Modifiers::COMMAND, Key::Num2);
    let zoom = h.state().canvas().transform().expect("drawn").zoom();
    assert!((zoom - 2.0).abs() < 0.01, "one small element: the closest fit is 2× ({zoom_before} → {zoom})");
    let centre = center_of(&h, &ids.accounts);
    assert!((centre - canvas_middle(&h)).length() < 40.0, "{centre:?}");
    // The View menu lists it with its shortcut.
    h.get_by_label("View").click();
    h.run();
    assert!(h.query_by_label("Zoom to Selection Ctrl+2").is_some(), "listed with its shortcut");
}

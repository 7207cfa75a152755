//! Right-click menus on the canvas, and panning with the middle button or Space.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use threatcanvas::edit::commands::Item;
use threatcanvas::model::{DiagramView, ElementKindTag, ThreatTarget};

use super::small_model::{
    canvas_focused, drag_with, element_named, focused_label, hold_key, right_click, selection, shift_click,
    small_editor,
};
use super::*;

/// The menu entry called `label`, when a diagram tab has the same name: the lower one.
fn menu_item<'a>(
    h: &'a egui_kittest::Harness<'_, threatcanvas::app::Editor>,
    label: &'a str,
) -> egui_kittest::Node<'a> {
    h.get_all_by_label(label).max_by(|a, b| a.rect().top().total_cmp(&b.rect().top())).expect("an entry")
}

#[test]
fn right_click_on_empty_canvas_adds_an_element_there() {
    let (editor, _) = small_editor();
    let mut h = harness(editor);
    let p = screen(&h, 400.0, 550.0);
    right_click(&mut h, p);
    h.get_by_label("Add data store here").click();
    h.run();
    type_and_enter(&mut h, "Audit log");
    let id = element_named(&h, "Audit log");
    let r = node(&h, &id);
    assert!((r.x + r.w / 2 - 400).abs() <= 10 && (r.y + r.h / 2 - 550).abs() <= 10, "placed where clicked: {r:?}");
    assert_eq!(h.state().model().elements[&id].kind.tag(), ElementKindTag::DataStore);
    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(!h.state().model().elements.contains_key(&id), "adding and naming is one undo step");

    // A trust boundary too; and Select all.
    right_click(&mut h, p);
    h.get_by_label("Add trust boundary here").click();
    h.run();
    type_and_enter(&mut h, "DMZ");
    assert!(h.state().model().boundaries.values().any(|b| b.name == "DMZ"));
    right_click(&mut h, p);
    h.get_by_label("Select all Ctrl+A").click();
    h.run();
    assert_eq!(selection(&h).len(), 7, "4 elements, 2 boundaries and the flow");
}

#[test]
fn right_click_selects_what_is_under_the_pointer_and_acts_on_it() {
    let (editor, ids) = small_editor();
    let mut h = harness(editor);
    let web = center_of(&h, &ids.web);
    click(&mut h, web);
    let browser = center_of(&h, &ids.browser);
    right_click(&mut h, browser);
    assert_eq!(selection(&h), vec![Item::Element(ids.browser.clone())], "right-click selects first");
    assert!(canvas_focused(&h));

    // Move to trust boundary ▸ Cloud zone: membership, and the box moves inside the boundary.
    let before = bytes(&h);
    h.get_by_label("Move to trust boundary").click();
    h.run();
    h.get_by_label("Cloud zone").click();
    h.run();
    assert_eq!(h.state().model().elements[&ids.browser].boundary.as_ref(), Some(&ids.cloud));
    let r = node(&h, &ids.browser);
    assert!(threatcanvas::model::Rect::new(760, 300, 400, 300).contains_rect(&r), "inside the boundary: {r:?}");
    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(bytes(&h), before, "one undo step");

    // Delete from the menu.
    let accounts = center_of(&h, &ids.accounts);
    right_click(&mut h, accounts);
    h.get_by_label("Delete Del").click();
    h.run();
    assert!(!h.state().model().elements.contains_key(&ids.accounts));
    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(bytes(&h), before);
}

#[test]
fn flow_and_boundary_menus_reverse_and_add_threats() {
    let (editor, ids) = small_editor();
    let mut h = harness(editor.without_properties_panel());
    let path = h.state().canvas().scene().expect("scene").layout.flows[&ids.login].clone();
    let on_flow = path.label.map_or_else(|| path.points[0].lerp(path.points[1], 0.5), |l| l.center());
    let p = screen(&h, on_flow.x, on_flow.y);
    right_click(&mut h, p);
    assert_eq!(selection(&h), vec![Item::Flow(ids.login.clone())]);
    h.get_by_label("Reverse flow").click();
    h.run();
    let flow = &h.state().model().flows[&ids.login];
    assert_eq!((&flow.source, &flow.target), (&ids.browser, &ids.web));
    assert_eq!(h.state().document().undo_label(), Some("Reverse data flow"));

    // On the boundary's edge: add a threat to it; the panel opens to show it.
    let edge = screen(&h, 960.0, 300.0);
    right_click(&mut h, edge);
    assert_eq!(selection(&h), vec![Item::Boundary(ids.cloud.clone())]);
    h.get_by_label("Add threat to this boundary").click();
    h.run();
    let target = ThreatTarget::Boundary(ids.cloud.clone());
    assert_eq!(h.state().model().threats_on(&target).count(), 1);
    assert!(h.state().view().show_properties, "the panel shows the new threat");
}

#[test]
fn properties_shows_the_panel_with_the_keyboard_in_its_first_field() {
    let (editor, ids) = small_editor();
    let mut h = harness(editor.without_properties_panel());
    let mailer = center_of(&h, &ids.mailer);
    right_click(&mut h, mailer);
    h.get_by_label("Properties").click();
    h.run();
    assert!(h.state().view().show_properties);
    assert_eq!(focused_label(&h).as_deref(), Some("Name"), "the keyboard is in the Name field");
    h.get_by_label("Name").type_text("Mail relay");
    h.run();
    assert_eq!(h.state().model().elements[&ids.mailer].name, "Mail relay", "its text was selected: typing replaces it");
}

#[test]
fn elements_go_to_sequence_diagrams_and_lifelines_and_messages_have_menus() {
    let (editor, ids) = small_editor();
    let mut h = harness(editor);
    // Add to sequence diagram ▸ Login steps: a lifeline, and the view goes there.
    let accounts = center_of(&h, &ids.accounts);
    right_click(&mut h, accounts);
    h.get_by_label("Add to sequence diagram").click();
    h.run();
    menu_item(&h, "Login steps").click();
    h.run();
    assert_eq!(h.state().view().diagram.as_ref(), Some(&ids.sequence));
    let DiagramView::Sequence(seq) = &h.state().model().diagram(&ids.sequence).expect("sequence").view else {
        panic!("a sequence diagram")
    };
    assert_eq!(seq.lifelines.last(), Some(&ids.accounts));
    let message = seq.messages[0].id.clone();
    assert_eq!(selection(&h), vec![Item::Element(ids.accounts.clone())]);

    // A message: select it, rename it from the menu. (The jump centred Accounts: fit all first.)
    shortcut(&mut h, Modifiers::COMMAND, Key::Num0);
    let layout = h.state().canvas().scene().expect("scene").layout.clone();
    let y = layout.message_y(&message).expect("drawn");
    let (x0, x1) = (layout.lifeline_x(&ids.web).expect("web"), layout.lifeline_x(&ids.browser).expect("browser"));
    let p = screen(&h, x0.midpoint(x1), y);
    right_click(&mut h, p);
    assert!(h.state().view().selected_messages.contains(&message));
    h.get_by_label("Rename message F2").click();
    h.run();
    type_and_enter(&mut h, "POST /login");
    assert_eq!(h.state().model().flows[&ids.login].name, "POST /login", "the message renames its flow");

    // A lifeline's head: Show in data-flow diagram ▸ Main.
    shortcut(&mut h, Modifiers::COMMAND, Key::Num0);
    let head = h.state().canvas().scene().expect("scene").layout.elements[&ids.web].center();
    let p = screen(&h, head.x, head.y);
    right_click(&mut h, p);
    assert_eq!(selection(&h), vec![Item::Element(ids.web.clone())]);
    h.get_by_label("Show in data-flow diagram").click();
    h.run();
    menu_item(&h, "Main").click();
    h.run();
    assert_eq!(h.state().view().diagram.as_ref(), Some(&ids.dfd));
    assert_eq!(selection(&h), vec![Item::Element(ids.web.clone())]);
}

#[test]
fn a_multi_selection_keeps_its_selection_and_can_be_aligned() {
    let (editor, ids) = small_editor();
    let mut h = harness(editor);
    let (web, accounts) = (center_of(&h, &ids.web), center_of(&h, &ids.accounts));
    click(&mut h, web);
    shift_click(&mut h, accounts);
    assert_eq!(selection(&h).len(), 2, "{:?}", selection(&h));
    let accounts = center_of(&h, &ids.accounts);
    right_click(&mut h, accounts);
    assert_eq!(selection(&h).len(), 2, "right-clicking a selected element keeps the selection");
    h.get_by_label("Align and distribute").click();
    h.run();
    h.get_by_label("Align right").click();
    h.run();
    let (a, b) = (node(&h, &ids.web), node(&h, &ids.accounts));
    assert_eq!(a.x + a.w, b.x + b.w);
    assert_eq!(b.x + b.w, 280);
}

#[test]
fn middle_drag_and_space_drag_pan_and_right_drag_does_not() {
    let (editor, ids) = small_editor();
    let mut h = harness(editor);
    let camera = |h: &egui_kittest::Harness<'_, threatcanvas::app::Editor>| screen(h, 0.0, 0.0);
    let before = camera(&h);
    let (from, to) = (screen(&h, 400.0, 550.0), screen(&h, 450.0, 500.0));
    drag_with(&mut h, egui::PointerButton::Secondary, from, to);
    assert_eq!(camera(&h), before, "right-drag no longer pans");
    h.key_press(Key::Escape);
    h.run();
    drag_with(&mut h, egui::PointerButton::Middle, from, to);
    let moved = camera(&h);
    assert!(((moved - before) - (to - from)).length() < 1.0, "the diagram follows the pointer: {before:?} {moved:?}");

    // Space+drag pans, even starting on an element, and moves nothing.
    let model_before = bytes(&h);
    let start = center_of(&h, &ids.browser);
    hold_key(&mut h, Key::Space, true);
    drag_with(&mut h, egui::PointerButton::Primary, start, start + egui::vec2(-60.0, 30.0));
    hold_key(&mut h, Key::Space, false);
    let after = camera(&h);
    assert!((after.x - moved.x + 60.0).abs() < 1.0 && (after.y - moved.y - 30.0).abs() < 1.0, "{moved:?} {after:?}");
    assert_eq!(bytes(&h), model_before, "nothing moved");
    assert!(selection(&h).is_empty(), "no rubber band, no selection");
}

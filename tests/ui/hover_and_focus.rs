//! Hover tooltips, the keyboard's way through the window and back to the canvas, and dragging
//! from the palette.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use threatcanvas::app::Editor;
use threatcanvas::model::{ElementKindTag, ThreatCategory, ThreatStatus, ThreatTarget};

use super::small_model::{canvas_focused, element_named, focused_label, small_model};
use super::*;

fn hover_a_while(h: &mut egui_kittest::Harness<'_, Editor>, p: egui::Pos2) {
    h.hover_at(p);
    for _ in 0..4 {
        h.run();
    }
}

#[test]
fn tooltips_tell_what_a_flow_or_element_is_and_its_threats_by_status() {
    let (mut model, ids) = small_model();
    let mut history = threatcanvas::edit::History::new();
    for (title, status) in [("Replay", ThreatStatus::Open), ("Sniffing", ThreatStatus::Mitigated)] {
        let (id, tx) = threatcanvas::edit::commands::add_threat(
            ThreatTarget::Flow(ids.login.clone()),
            ThreatCategory::Spoofing,
            title,
        );
        history.execute(&mut model, tx).expect("threat");
        let tx = threatcanvas::edit::commands::update_threat(&model, &id, |t| t.status = status);
        history.execute(&mut model, tx).expect("status");
    }
    let editor =
        Editor::new(threatcanvas::app::Document::from_model(model, None), threatcanvas::app::Settings::default());
    let mut h = harness(editor);
    let path = h.state().canvas().scene().expect("scene").layout.flows[&ids.login].clone();
    let on_flow = path.label.map_or_else(|| path.points[0].lerp(path.points[1], 0.5), |l| l.center());
    let p = screen(&h, on_flow.x, on_flow.y);
    hover_a_while(&mut h, p);
    assert!(h.query_by_label("Data flow: login").is_some(), "the full name");
    assert!(h.query_by_label("Web app → Browser").is_some());
    assert!(h.query_by_label("Protocol: HTTPS").is_some());
    assert!(h.query_by_label("Encrypted: yes · Authenticated: no").is_some());
    assert!(h.query_by_label("Threats: 1 open · 1 mitigated").is_some());

    let mailer = center_of(&h, &ids.mailer);
    hover_a_while(&mut h, mailer);
    assert!(h.query_by_label("Process: Mailer").is_some());
    assert!(h.query_by_label("Runs with privilege: no").is_some());
    assert!(h.query_by_label("No threats").is_some());
    assert!(h.query_by_label("Data flow: login").is_none(), "one tooltip at a time");
}

#[test]
fn tab_goes_through_the_properties_panel_and_back_to_the_canvas() {
    let (model, ids) = small_model();
    let editor =
        Editor::new(threatcanvas::app::Document::from_model(model, None), threatcanvas::app::Settings::default());
    let mut h = harness(editor);
    let web = center_of(&h, &ids.web);
    click(&mut h, web);
    assert!(canvas_focused(&h), "a click gives the canvas the keyboard");
    // The arrow keys stay with the canvas while it has the keyboard: they nudge.
    h.key_press(Key::ArrowRight);
    h.run();
    assert_eq!(node(&h, &ids.web).x, 110);
    assert!(canvas_focused(&h));

    let mut seen = Vec::new();
    for _ in 0..60 {
        h.key_press(Key::Tab);
        h.run();
        if canvas_focused(&h) {
            break;
        }
        seen.push(focused_label(&h).unwrap_or_default());
    }
    assert!(canvas_focused(&h), "Tab comes back round to the canvas: {seen:?}");
    let at = |label: &str| seen.iter().position(|l| l == label).unwrap_or_else(|| panic!("{label} in {seen:?}"));
    assert!(at("Name") < at("Description"), "{seen:?}");
    assert!(at("Description") < at("Technology"), "{seen:?}");
    assert!(at("Technology") < at("Assumptions (one per line)"), "{seen:?}");
    assert!(at("Process") < at("Name"), "the palette comes before the panel: {seen:?}");
    assert_eq!(h.state().model().elements[&ids.web].name, "Web app", "tabbing through changes nothing");
    assert!(!h.state().document().undo_label().is_some_and(|l| l.starts_with("Edit")), "no empty step");

    // Shift+Tab leaves backwards, Tab comes back.
    h.key_press_modifiers(Modifiers::SHIFT, Key::Tab);
    h.run();
    assert!(!canvas_focused(&h));
    h.key_press(Key::Tab);
    h.run();
    assert!(canvas_focused(&h));
}

#[test]
fn a_quick_drag_from_the_palette_shows_a_ghost_and_places_where_it_is_dropped_at_once() {
    let mut h = harness(Editor::new_for_tests());
    let from = h.get_by_label("Process").rect().center();
    let to = screen(&h, 300.0, 200.0);
    let press = |h: &egui_kittest::Harness<'_, Editor>, p, pressed| {
        h.event(egui::Event::PointerButton {
            pos: p,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    };
    h.hover_at(from);
    h.run();
    // One frame each: press, one move onto the canvas, release.
    press(&h, from, true);
    h.step();
    h.hover_at(to);
    h.step();
    let ghost = h.state().canvas().ghost().expect("a ghost under the pointer");
    assert!((ghost.center().x - 300.0).abs() <= 10.0 && (ghost.center().y - 200.0).abs() <= 10.0, "{ghost:?}");
    assert_eq!((ghost.width(), ghost.height()), (160.0, 90.0), "at the size it will have");
    press(&h, to, false);
    h.step();
    assert_eq!(h.state().model().elements.len(), 1, "placed in the frame it is dropped");
    h.run();
    assert!(h.state().canvas().ghost().is_none());
    type_and_enter(&mut h, "API");
    let id = element_named(&h, "API");
    let r = node(&h, &id);
    assert!((r.x + r.w / 2 - 300).abs() <= 10 && (r.y + r.h / 2 - 200).abs() <= 10, "{r:?}");
    assert_eq!(h.state().model().elements[&id].kind.tag(), ElementKindTag::Process);
}

#[test]
fn shift_f10_opens_the_context_menu_and_the_keyboard_reaches_its_entries() {
    let (model, ids) = small_model();
    let editor =
        Editor::new(threatcanvas::app::Document::from_model(model, None), threatcanvas::app::Settings::default());
    let mut h = harness(editor);
    let mailer = center_of(&h, &ids.mailer);
    click(&mut h, mailer);
    h.key_press_modifiers(Modifiers::SHIFT, Key::F10);
    h.run();
    assert!(h.query_by_label("Add threat to this element").is_some(), "the element's menu is open");
    let mut seen = Vec::new();
    for _ in 0..20 {
        h.key_press(Key::Tab);
        h.run();
        let label = focused_label(&h).unwrap_or_default();
        if label == "Delete Del" {
            break;
        }
        seen.push(label);
    }
    assert_eq!(focused_label(&h).as_deref(), Some("Delete Del"), "{seen:?}");
    h.key_press(Key::Enter);
    h.run();
    assert!(!h.state().model().elements.contains_key(&ids.mailer), "deleted without a mouse");
}

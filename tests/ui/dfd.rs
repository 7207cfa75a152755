//! Drawing a DFD from scratch with mouse and keyboard.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use threatcanvas::app::Editor;
use threatcanvas::edit::commands::Item;
use threatcanvas::model::{ElementId, ElementKindTag};

use super::*;

fn element_named(h: &egui_kittest::Harness<'_, Editor>, name: &str) -> ElementId {
    h.state()
        .model()
        .elements
        .iter()
        .find(|(_, e)| e.name == name)
        .map_or_else(|| panic!("no element {name}"), |(id, _)| id.clone())
}

/// Places an element from the palette at diagram point (x, y) and names it.
fn place(h: &mut egui_kittest::Harness<'_, Editor>, palette: &str, x: f32, y: f32, name: &str) -> ElementId {
    h.get_by_label(palette).click();
    h.run();
    let p = screen(h, x, y);
    click(h, p);
    type_and_enter(h, name);
    element_named(h, name)
}

#[test]
fn draw_connect_bound_undo_redo_save_and_reopen() {
    let mut h = harness(Editor::new_for_tests());
    let start = bytes(&h);
    let mut states = vec![start.clone()];

    // Three elements from the palette, each named in place.
    let browser = place(&mut h, "External entity", 60.0, 60.0, "Browser");
    states.push(bytes(&h));
    let api = place(&mut h, "Process", 330.0, 60.0, "API");
    states.push(bytes(&h));
    let db = place(&mut h, "Data store", 330.0, 260.0, "Users DB");
    states.push(bytes(&h));
    {
        let m = h.state().model();
        assert_eq!(m.elements.len(), 3);
        assert!(matches!(m.elements[&api].kind.tag(), ElementKindTag::Process));
        assert!(matches!(m.elements[&db].kind.tag(), ElementKindTag::DataStore));
        assert!(matches!(m.elements[&browser].kind.tag(), ElementKindTag::ExternalEntity));
    }

    // Connect Browser → API by dragging from Browser's edge, and name the flow right away.
    let b = node(&h, &browser);
    let edge = screen(&h, (b.x + b.w - 2) as f32, (b.y + b.h / 2) as f32);
    let target = center_of(&h, &api);
    drag(&mut h, edge, target);
    type_and_enter(&mut h, "Login request");
    states.push(bytes(&h));
    // Connect API → Users DB with the Data flow tool.
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Data flow").click();
    h.run();
    let (from, to) = (center_of(&h, &api), center_of(&h, &db));
    drag(&mut h, from, to);
    type_and_enter(&mut h, "SQL query");
    states.push(bytes(&h));
    {
        let m = h.state().model();
        assert_eq!(m.flows.len(), 2);
        let login = m.flows.values().find(|f| f.name == "Login request").expect("named flow");
        assert_eq!((&login.source, &login.target), (&browser, &api));
        let sql = m.flows.values().find(|f| f.name == "SQL query").expect("named flow");
        assert_eq!((&sql.source, &sql.target), (&api, &db));
    }

    // Draw a trust boundary on empty canvas, name it, then drag the API into it.
    for _ in 0..4 {
        shortcut(&mut h, Modifiers::COMMAND, Key::Minus);
    }
    h.get_by_label("Trust boundary").click();
    h.run();
    let (p0, p1) = (screen(&h, 480.0, 0.0), screen(&h, 760.0, 250.0));
    drag(&mut h, p0, p1);
    type_and_enter(&mut h, "Server");
    states.push(bytes(&h));
    let server = h
        .state()
        .model()
        .boundaries
        .iter()
        .find(|(_, b)| b.name == "Server")
        .map(|(id, _)| id.clone())
        .expect("boundary");
    assert_eq!(h.state().model().elements[&api].boundary, None);
    let from = center_of(&h, &api);
    let to = screen(&h, 620.0, 120.0);
    drag(&mut h, from, to);
    states.push(bytes(&h));
    assert_eq!(
        h.state().model().elements[&api].boundary.as_ref(),
        Some(&server),
        "dropping into a boundary sets membership"
    );
    let crossing = h
        .state()
        .model()
        .flows
        .values()
        .find(|f| f.name == "Login request")
        .map(|f| h.state().model().crossed_boundaries(f))
        .expect("flow");
    assert!(crossing.contains(&server), "the login flow now crosses the boundary");

    // Undo every step back to the empty model, checking each state; then redo every step.
    for expected in states.iter().rev().skip(1) {
        shortcut(&mut h, Modifiers::COMMAND, Key::Z);
        assert_eq!(&bytes(&h), expected);
    }
    for expected in states.iter().skip(1) {
        shortcut(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
        assert_eq!(&bytes(&h), expected);
    }
    assert!(h.state().document().is_dirty());

    // Save through the typed-path dialog, then reopen and compare.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("drawn.json");
    shortcut(&mut h, Modifiers::COMMAND, Key::S);
    replace_text(&mut h, "File path:", &path.display().to_string());
    h.get_by_label("Save").click();
    h.run();
    assert!(h.state().dialog().is_none(), "dialog closed: {:?}", h.state().dialog());
    assert!(!h.state().document().is_dirty());
    assert!(h.state().title().starts_with("drawn.json — "), "{}", h.state().title());
    let reopened = Editor::open_for_tests(&path).expect("reopens");
    assert_eq!(reopened.model(), h.state().model());
    assert_eq!(std::fs::read_to_string(&path).expect("read"), bytes(&h));
}

#[test]
fn delete_removes_flows_and_threats_in_one_undo_step_and_keys_reach_everything() {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/juice-shop.json");
    let mut h = harness(Editor::open_for_tests(&sample).expect("sample"));
    let before = bytes(&h);
    let p3 = ElementId::new("P3");
    // Select by clicking, delete with the Delete key.
    let c = center_of(&h, &p3);
    click(&mut h, c);
    assert_eq!(h.state().view().selection.iter().collect::<Vec<_>>(), vec![&Item::Element(p3.clone())]);
    h.key_press(Key::Delete);
    h.run();
    let m = h.state().model();
    assert!(!m.elements.contains_key(&p3));
    assert!(m.flows.values().all(|f| f.source != p3 && f.target != p3));
    assert!(m.threats.values().all(|t| t.target != threatcanvas::model::ThreatTarget::Element(p3.clone())));
    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(bytes(&h), before, "one undo restores element, flows, threats and sequence messages");

    // Arrow keys nudge the selection by the grid.
    let c = center_of(&h, &p3);
    click(&mut h, c);
    let r0 = node(&h, &p3);
    h.key_press(Key::ArrowRight);
    h.run();
    h.key_press(Key::ArrowDown);
    h.run();
    let r1 = node(&h, &p3);
    assert_eq!((r1.x - r0.x, r1.y - r0.y), (10, 10));

    // F2 renames in place; Escape cancels a rename.
    h.key_press(Key::F2);
    h.run();
    type_and_enter(&mut h, "2FA verify route");
    assert_eq!(&h.state().model().elements[&p3].name, "2FA verify route");
    h.key_press(Key::F2);
    h.run();
    h.get_by_label("New name").type_text("discarded");
    h.run();
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(&h.state().model().elements[&p3].name, "2FA verify route");

    // Ctrl+A selects everything on the diagram.
    shortcut(&mut h, Modifiers::COMMAND, Key::A);
    assert!(h.state().view().selection.len() > 50);
}

#[test]
fn properties_panel_edits_are_undoable() {
    let mut h = harness(Editor::new_for_tests());
    let api = place(&mut h, "Process", 100.0, 100.0, "API");
    let c = center_of(&h, &api);
    click(&mut h, c);
    h.get_by_label("Technology").focus();
    h.run();
    h.get_by_label("Technology").type_text("Node.js");
    h.run();
    h.get_by_label("Authenticates its callers").click();
    h.run();
    let threatcanvas::model::ElementKind::Process(p) = &h.state().model().elements[&api].kind else {
        panic!("process")
    };
    assert_eq!(p.technology, "Node.js");
    assert!(p.authenticates_callers);
    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    let threatcanvas::model::ElementKind::Process(p) = &h.state().model().elements[&api].kind else {
        panic!("process")
    };
    assert!(!p.authenticates_callers);
    assert_eq!(p.technology, "Node.js", "typing is one step, the checkbox another");
    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    let threatcanvas::model::ElementKind::Process(p) = &h.state().model().elements[&api].kind else {
        panic!("process")
    };
    assert_eq!(p.technology, "");

    // Threats: add one from the panel and give it a title.
    h.get_by_label("Add threat").click();
    h.run();
    assert_eq!(h.state().model().threats.len(), 1);
}

#[test]
fn copy_paste_and_duplicate_make_new_ids() {
    let mut h = harness(Editor::new_for_tests());
    let a = place(&mut h, "Process", 100.0, 100.0, "A");
    let c = center_of(&h, &a);
    click(&mut h, c);
    shortcut(&mut h, Modifiers::COMMAND, Key::D);
    assert_eq!(h.state().model().elements.len(), 2);
    assert!(h.state().model().elements.values().all(|e| e.name == "A"));
    // Copy puts a ThreatCanvas file on the clipboard; pasting it adds a third copy.
    let text = threatcanvas::app::copy_items(
        h.state().model(),
        h.state().view().diagram.as_ref().expect("diagram"),
        &h.state().view().selection,
    )
    .expect("copied");
    h.event(egui::Event::Paste(text));
    h.run();
    assert_eq!(h.state().model().elements.len(), 3);
    h.event(egui::Event::Paste("not a model".into()));
    h.run();
    assert_eq!(h.state().model().elements.len(), 3);
    assert!(h.state().status().contains("no ThreatCanvas"));
}

#[test]
fn multi_word_assumptions_can_be_typed() {
    let mut h = harness(Editor::new_for_tests());
    let api = place(&mut h, "Process", 100.0, 100.0, "API");
    let c = center_of(&h, &api);
    click(&mut h, c);
    h.get_by_label("Assumptions (one per line)").focus();
    h.run();
    for chunk in ["TLS ", "terminates ", "at the proxy"] {
        h.get_by_label("Assumptions (one per line)").type_text(chunk);
        h.run();
    }
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label("Assumptions (one per line)").type_text("Clock in sync");
    h.run();
    assert_eq!(
        h.state().model().elements[&api].assumptions,
        vec!["TLS terminates at the proxy".to_owned(), "Clock in sync".to_owned()]
    );
}

#[test]
fn drag_from_the_palette_onto_the_canvas() {
    let mut h = harness(Editor::new_for_tests());
    let from = h.get_by_label("Data store").rect().center();
    let to = screen(&h, 200.0, 150.0);
    drag(&mut h, from, to);
    type_and_enter(&mut h, "Audit log");
    let id = element_named(&h, "Audit log");
    let r = node(&h, &id);
    assert!((r.x + r.w / 2 - 200).abs() <= 10 && (r.y + r.h / 2 - 150).abs() <= 10, "placed where dropped: {r:?}");
    assert!(matches!(&h.state().model().elements[&id].kind.tag(), ElementKindTag::DataStore));
}

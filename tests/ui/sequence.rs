//! Building a sequence diagram like a user: participants, messages by dragging between
//! lifelines, message ↔ flow linking, renaming through either.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use threatcanvas::app::Editor;
use threatcanvas::model::{DiagramView, SequenceView};

use super::*;

fn sequence(h: &egui_kittest::Harness<'_, Editor>) -> SequenceView {
    let e = h.state();
    match &e.model().diagram(e.view().diagram.as_ref().expect("diagram")).expect("exists").view {
        DiagramView::Sequence(s) => s.clone(),
        DiagramView::Dfd(_) => panic!("not a sequence"),
    }
}

/// The x of lifeline `i` and a y below the heads, on screen.
fn lifeline_point(h: &egui_kittest::Harness<'_, Editor>, index: usize, y: f32) -> egui::Pos2 {
    let scene = h.state().canvas().scene().expect("scene");
    screen(h, scene.layout.lifelines[index].1, y)
}

#[test]
#[allow(clippy::many_single_char_names, reason = "a, b, c name the three lifelines, as on a whiteboard")]
fn build_a_three_lifeline_sequence() {
    let mut h = harness(Editor::new_for_tests());
    shortcut(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::N);
    replace_text(&mut h, "Name:", "Login");
    h.get_by_label("Rename").click();
    h.run();
    // Three participants from the palette, each a new element named in place.
    for (palette, name, x) in
        [("External entity", "User", 50.0), ("Process", "Web app", 250.0), ("Data store", "Accounts", 380.0)]
    {
        h.get_by_label(palette).click();
        h.run();
        let p = screen(&h, x, 100.0);
        click(&mut h, p);
        type_and_enter(&mut h, name);
    }
    let seq = sequence(&h);
    let names: Vec<String> = seq.lifelines.iter().map(|id| h.state().model().elements[id].name.clone()).collect();
    assert_eq!(names, vec!["User", "Web app", "Accounts"]);

    // Drag User → Web app: a message that creates the flow User → Web app; name it.
    let (a, b) = (lifeline_point(&h, 0, 160.0), lifeline_point(&h, 1, 160.0));
    drag(&mut h, a, b);
    type_and_enter(&mut h, "Credentials");
    let seq = sequence(&h);
    assert_eq!(seq.messages.len(), 1);
    let flow_id = seq.messages[0].flow.clone().expect("carries a flow");
    let flow = &h.state().model().flows[&flow_id];
    assert_eq!((&flow.source, &flow.target, flow.name.as_str()), (&seq.lifelines[0], &seq.lifelines[1], "Credentials"));

    // Web app → Accounts below it, then a second User → Web app reuses the existing flow.
    let (b, c) = (lifeline_point(&h, 1, 240.0), lifeline_point(&h, 2, 240.0));
    drag(&mut h, b, c);
    type_and_enter(&mut h, "Lookup");
    let (a, b) = (lifeline_point(&h, 0, 330.0), lifeline_point(&h, 1, 330.0));
    drag(&mut h, a, b);
    h.key_press(Key::Enter);
    h.run();
    let seq = sequence(&h);
    assert_eq!(seq.messages.len(), 3);
    assert_eq!(seq.messages[2].flow.as_ref(), Some(&flow_id), "the same flow carries both messages");
    assert_eq!(h.state().model().flows.len(), 2);

    // Selecting a message selects its flow; the properties panel then edits the flow.
    let y = h.state().canvas().scene().expect("scene").layout.message_y(&seq.messages[0].id).expect("message drawn");
    let (a, b) = (lifeline_point(&h, 0, y), lifeline_point(&h, 1, y));
    click(&mut h, a.lerp(b, 0.5));
    assert!(h.state().view().selected_messages.contains(&seq.messages[0].id));
    assert!(h.state().view().selection.contains(&threatcanvas::edit::commands::Item::Flow(flow_id.clone())));
    // Renaming the flow renames both messages that carry it.
    replace_text(&mut h, "Name", "Login form");
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(&h.state().model().flows[&flow_id].name, "Login form");

    // Reorder with the toolbar, change kind, and delete a message with the keyboard.
    h.get_by_label("Move down").click();
    h.run();
    assert_eq!(sequence(&h).messages[1].id, seq.messages[0].id);
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(sequence(&h).messages.len(), 2);
    assert_eq!(h.state().model().flows.len(), 2, "deleting a message keeps the flow");
    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(sequence(&h).messages.len(), 3);

    // The sequence exports to SVG that parses.
    let svg = threatcanvas::export::diagram_svg(h.state().model(), h.state().view().diagram.as_ref().expect("d"))
        .expect("svg");
    resvg::usvg::Tree::from_str(&svg, &threatcanvas::export::usvg_options()).expect("parses");
}

#[test]
fn removing_an_element_removes_its_lifeline_and_messages_in_one_step() {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/juice-shop.json");
    let mut h = harness(Editor::open_for_tests(&sample).expect("sample"));
    let before = bytes(&h);
    let c = center_of(&h, &threatcanvas::model::ElementId::new("DS1"));
    click(&mut h, c);
    h.key_press(Key::Delete);
    h.run();
    let totp = h
        .state()
        .model()
        .diagrams
        .iter()
        .find_map(|d| match &d.view {
            DiagramView::Sequence(s) => Some(s.clone()),
            DiagramView::Dfd(_) => None,
        })
        .expect("sequence");
    assert!(!totp.lifelines.contains(&threatcanvas::model::ElementId::new("DS1")));
    assert!(totp.messages.iter().all(|m| m.from.as_str() != "DS1" && m.to.as_str() != "DS1"));
    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(bytes(&h), before);
    assert!(h.query_by_label("Login with TOTP two-factor authentication").is_some());
}

#[test]
fn shift_click_selects_a_range_to_wrap_in_a_fragment() {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/juice-shop.json");
    let editor = Editor::open_for_tests(&sample).expect("sample");
    let id = editor.model().diagrams[1].id.clone();
    let editor = editor.showing(id);
    let mut h = harness(editor);
    let before = sequence(&h).fragments.len();
    let scene = h.state().canvas().scene().expect("scene").clone();
    let label_center = |id: &threatcanvas::model::MessageId| {
        scene
            .items
            .iter()
            .find_map(|i| match (&i.owner, &i.shape) {
                (Some(threatcanvas::scene::Owner::Message(m)), threatcanvas::scene::Shape::Line { points, .. })
                    if m == id =>
                {
                    Some(points[0].lerp(points[1], 0.5))
                }
                _ => None,
            })
            .expect("drawn")
    };
    let seq = sequence(&h);
    let (a, b) = (label_center(&seq.messages[1].id), label_center(&seq.messages[2].id));
    let a = screen(&h, a.x, a.y);
    click(&mut h, a);
    // Selecting a message shows its controls in the toolbar, which can move the canvas: aim
    // at the second message where it is now.
    let b = screen(&h, b.x, b.y);
    h.hover_at(b);
    h.run();
    // Hold Shift over the whole click, as a hand does.
    h.event(egui::Event::ModifiersChanged(Modifiers::SHIFT));
    h.run();
    for pressed in [true, false] {
        let event = egui::Event::PointerButton {
            pos: b,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::SHIFT,
        };
        h.event(event);
        h.run();
    }
    h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    h.run();
    assert_eq!(h.state().view().selected_messages.len(), 2);
    h.get_by_label("Wrap in fragment").click();
    h.run();
    h.get_by_label("loop").click();
    h.run();
    let seq = sequence(&h);
    assert_eq!(seq.fragments.len(), before + 1);
    let added = seq.fragments.last().expect("fragment");
    assert_eq!((&added.first, &added.last), (&seq.messages[1].id, &seq.messages[2].id));
}

#[test]
fn the_keyboard_walks_messages_renames_them_and_sets_an_else_branch() {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/juice-shop.json");
    let editor = Editor::open_for_tests(&sample).expect("sample");
    let id = editor.model().diagrams[1].id.clone();
    let editor = editor.showing(id);
    let mut h = harness(editor);
    let seq = sequence(&h);
    h.key_press(Key::ArrowDown);
    h.run();
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(h.state().view().selected_messages.iter().collect::<Vec<_>>(), vec![&seq.messages[1].id]);
    h.key_press(Key::F2);
    h.run();
    type_and_enter(&mut h, "POST /rest/user/login");
    assert_eq!(sequence(&h).messages[1].text, "POST /rest/user/login");

    // Esc clears the selection; Up from nothing starts at the bottom. The second message from
    // the bottom starts the else branch of the alt fragment.
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().view().selected_messages.is_empty());
    h.key_press(Key::ArrowUp);
    h.run();
    h.key_press(Key::ArrowUp);
    h.run();
    let else_message = seq.messages[seq.messages.len() - 2].id.clone();
    assert!(h.state().view().selected_messages.contains(&else_message));
    h.get_by_label_contains("Fragments (").click();
    h.run();
    h.get_by_label("⋯ else").click();
    h.run();
    h.get_by_label("Remove else").click();
    h.run();
    assert!(sequence(&h).fragments[0].else_branch.is_none());
    h.get_by_label("Else branch from selected message").click();
    h.run();
    let fragment = &sequence(&h).fragments[0];
    assert_eq!(fragment.else_branch.as_ref().map(|e| &e.first), Some(&else_message));
    threatcanvas::format::load_bytes(bytes(&h).as_bytes(), "after").expect("still a valid file");
}

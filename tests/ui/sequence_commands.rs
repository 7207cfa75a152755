//! Each sequence-diagram command driven through the UI as a user would (toolbar, drags,
//! Delete), with its effect on the model checked and undo restoring the file exactly.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use threatcanvas::app::Editor;
use threatcanvas::model::{DiagramView, MessageKind, SequenceView};

use super::*;

/// The sample open on its TOTP login sequence.
fn totp() -> Harness<'static, Editor> {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/juice-shop.json");
    let editor = Editor::open_for_tests(&sample).expect("sample");
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

/// Selects message `index` from the keyboard.
fn select_message(h: &mut Harness<'_, Editor>, index: usize) {
    h.key_press(Key::Escape);
    h.run();
    for _ in 0..=index {
        h.key_press(Key::ArrowDown);
        h.run();
    }
    let seq = sequence(h);
    assert!(h.state().view().selected_messages.contains(&seq.messages[index].id));
}

/// Undoes until nothing is left to undo, then checks the file is as it was.
fn undo_all_restores(h: &mut Harness<'_, Editor>, before: &str) {
    while h.state().document().undo_label().is_some() {
        shortcut(h, Modifiers::COMMAND, Key::Z);
    }
    assert_eq!(bytes(h), before);
}

/// A point on lifeline `i`'s head, on screen.
fn head(h: &Harness<'_, Editor>, i: usize) -> egui::Pos2 {
    let scene = h.state().canvas().scene().expect("scene");
    let id = &scene.layout.lifelines[i].0;
    let c = scene.layout.elements[id].center();
    screen(h, c.x, c.y)
}

#[test]
fn the_toolbar_adds_a_lifeline_for_an_existing_element() {
    let mut h = totp();
    let before = bytes(&h);
    let seq = sequence(&h);
    let (id, name) = h
        .state()
        .model()
        .elements
        .iter()
        .find(|(id, _)| !seq.lifelines.contains(id))
        .map(|(id, e)| (id.clone(), e.name.clone()))
        .expect("an element without a lifeline");
    h.get_by_label("Add lifeline for").click();
    h.run();
    h.get_by_label(&name).click();
    h.run();
    assert_eq!(sequence(&h).lifelines.last(), Some(&id));
    undo_all_restores(&mut h, &before);
}

#[test]
fn dragging_a_head_moves_its_lifeline_and_delete_takes_one_off_the_diagram() {
    let mut h = totp();
    let before = bytes(&h);
    let seq = sequence(&h);
    let first = seq.lifelines[0].clone();
    let (from, to) = (head(&h, 0), head(&h, 2));
    drag(&mut h, from, to + egui::vec2(20.0, 0.0));
    let moved = sequence(&h);
    assert_eq!(moved.lifelines.iter().position(|l| l == &first), Some(2), "{:?}", moved.lifelines);

    // Click a head and press Delete: the lifeline and its messages leave this diagram; the
    // element stays in the model.
    let p = head(&h, 0);
    click(&mut h, p);
    let gone = sequence(&h).lifelines[0].clone();
    h.key_press(Key::Delete);
    h.run();
    let after = sequence(&h);
    assert!(!after.lifelines.contains(&gone));
    assert!(after.messages.iter().all(|m| m.from != gone && m.to != gone));
    assert!(h.state().model().elements.contains_key(&gone));
    undo_all_restores(&mut h, &before);
}

#[test]
fn the_toolbar_changes_a_messages_kind_moves_it_and_adds_edits_and_removes_a_note() {
    let mut h = totp();
    let before = bytes(&h);
    select_message(&mut h, 2);
    let id = sequence(&h).messages[2].id.clone();
    let kind = sequence(&h).messages[2].kind;
    let new_kind = if kind == MessageKind::Reply { "Asynchronous" } else { "Reply" };
    h.get_by_label("Kind").click();
    h.run();
    h.get_by_label(new_kind).click();
    h.run();
    assert_ne!(sequence(&h).messages[2].kind, kind);

    h.get_by_label("Move down").click();
    h.run();
    assert_eq!(sequence(&h).messages[3].id, id, "moved down one");
    h.get_by_label("Move up").click();
    h.run();
    assert_eq!(sequence(&h).messages[2].id, id, "and back up");

    let notes = sequence(&h).notes.len();
    h.get_by_label("Add note").click();
    h.run();
    let seq = sequence(&h);
    assert_eq!(seq.notes.len(), notes + 1);
    let index = seq.notes.iter().position(|n| n.after.as_ref() == Some(&id)).expect("a note after the message");
    let note = seq.notes[index].clone();
    h.get_by_label_contains("Fragments (").click();
    h.run();
    h.get_all_by_label("Note").nth(index).expect("the new note's field").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_all_by_label("Note").nth(index).expect("the new note's field").type_text("Checked against the rate limiter");
    h.run();
    h.key_press(Key::Tab);
    h.run();
    let text = sequence(&h).notes.iter().find(|n| n.id == note.id).map(|n| n.text.clone());
    assert_eq!(text.as_deref(), Some("Checked against the rate limiter"));
    h.get_all_by_label("⋯ note").nth(index).expect("its menu").click();
    h.run();
    h.get_by_label("Remove note").click();
    h.run();
    assert!(sequence(&h).notes.iter().all(|n| n.id != note.id));
    undo_all_restores(&mut h, &before);
}

#[test]
fn guards_are_edited_and_a_fragment_removed_from_the_fragments_row() {
    let mut h = totp();
    let before = bytes(&h);
    h.get_by_label_contains("Fragments (").click();
    h.run();
    replace_text(&mut h, "alt guard", "TOTP code matches");
    h.key_press(Key::Tab);
    h.run();
    replace_text(&mut h, "else guard", "code wrong or expired");
    h.key_press(Key::Tab);
    h.run();
    let fragment = sequence(&h).fragments[0].clone();
    assert_eq!(fragment.guard, "TOTP code matches");
    assert_eq!(fragment.else_branch.as_ref().map(|e| e.guard.as_str()), Some("code wrong or expired"));
    let messages = sequence(&h).messages.len();
    h.get_by_label("⋯ fragment").click();
    h.run();
    h.get_by_label("Remove fragment").click();
    h.run();
    let seq = sequence(&h);
    assert!(seq.fragments.is_empty());
    assert_eq!(seq.messages.len(), messages, "its messages stay");
    undo_all_restores(&mut h, &before);
}

#[test]
fn dragging_a_message_down_reorders_it() {
    let mut h = totp();
    let before = bytes(&h);
    let seq = sequence(&h);
    let id = seq.messages[0].id.clone();
    let (y0, y3) = {
        let layout = &h.state().canvas().scene().expect("scene").layout;
        (layout.message_y(&seq.messages[0].id).expect("drawn"), layout.message_y(&seq.messages[3].id).expect("drawn"))
    };
    let label = h.state().canvas().scene().expect("scene").layout.message_labels[&id].center();
    let from = screen(&h, label.x, y0 - 2.0);
    let to = screen(&h, label.x, y3 + 5.0);
    drag(&mut h, from, to);
    let after = sequence(&h);
    assert_eq!(after.messages.iter().position(|m| m.id == id), Some(3), "now after the old fourth message");
    undo_all_restores(&mut h, &before);
}

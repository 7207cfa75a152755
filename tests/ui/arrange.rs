//! Resizing elements by their corners, alignment guides while dragging, and the Arrange menu.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use threatcanvas::model::Rect;

use super::small_model::{drag_with, shift_click, small_editor};
use super::*;

fn button(h: &egui_kittest::Harness<'_, threatcanvas::app::Editor>, p: egui::Pos2, pressed: bool) {
    h.event(egui::Event::PointerButton {
        pos: p,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    });
}

#[test]
fn a_selected_element_resizes_by_its_corner_in_one_undo_step_and_joins_the_boundary_it_lands_in() {
    let (editor, ids) = small_editor();
    let mut h = harness(editor);
    let before = bytes(&h);
    let mailer = center_of(&h, &ids.mailer);
    click(&mut h, mailer);
    // Drag the bottom-right corner (660, 420) by (340, 100): the centre lands in Cloud zone.
    let (from, to) = (screen(&h, 660.0, 420.0), screen(&h, 1000.0, 520.0));
    drag_with(&mut h, egui::PointerButton::Primary, from, to);
    assert_eq!(node(&h, &ids.mailer), Rect::new(560, 360, 440, 160), "snapped to the grid");
    assert_eq!(h.state().model().elements[&ids.mailer].boundary.as_ref(), Some(&ids.cloud), "membership follows");
    assert_eq!(h.state().document().undo_label(), Some("Resize element"));
    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(bytes(&h), before, "one undo step takes back the size and the membership");

    // Not below the smallest size, from the top-left corner.
    let (from, to) = (screen(&h, 560.0, 360.0), screen(&h, 700.0, 500.0));
    drag_with(&mut h, egui::PointerButton::Primary, from, to);
    let r = node(&h, &ids.mailer);
    assert_eq!((r.w, r.h), threatcanvas::edit::arrange::MIN_ELEMENT, "{r:?}");
    assert_eq!((r.x + r.w, r.y + r.h), (660, 420), "the opposite corner stays");

    // Esc during a resize puts it back and leaves nothing to undo or redo.
    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    let undo_label = h.state().document().undo_label().map(str::to_owned);
    let (from, to) = (screen(&h, 660.0, 420.0), screen(&h, 800.0, 500.0));
    h.hover_at(from);
    h.run();
    button(&h, from, true);
    h.run();
    for i in 1..=4 {
        h.hover_at(from.lerp(to, i as f32 / 4.0));
        h.run();
    }
    assert_ne!(node(&h, &ids.mailer), Rect::new(560, 360, 100, 60), "resizing as it goes");
    h.key_press(Key::Escape);
    h.run();
    button(&h, to, false);
    h.run();
    assert_eq!(bytes(&h), before);
    assert_eq!(h.state().document().undo_label().map(str::to_owned), undo_label, "no step left behind");
}

#[test]
fn dragging_snaps_to_the_edges_of_other_elements_and_shows_guides() {
    let (editor, ids) = small_editor();
    let mut h = harness(editor);
    // Snapping to the grid off, so only the guides can line the box up.
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Snap to grid").click();
    h.run();
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().view().snap);
    // Browser's top from 250 to 103: three units below Web app's top (100).
    let from = center_of(&h, &ids.browser);
    let to = from + (screen(&h, 0.0, 103.0) - screen(&h, 0.0, 250.0));
    h.hover_at(from);
    h.run();
    button(&h, from, true);
    h.run();
    for i in 1..=6 {
        h.hover_at(from.lerp(to, i as f32 / 6.0));
        h.run();
    }
    let guides = h.state().canvas().guides().to_vec();
    assert!(
        guides.iter().any(|g| (g.from.y - 100.0).abs() < 0.01
            && (g.to.y - 100.0).abs() < 0.01
            && g.from.x <= 100.0
            && g.to.x >= 660.0),
        "a guide along both tops: {guides:?}"
    );
    button(&h, to, false);
    h.run();
    assert_eq!(node(&h, &ids.browser).y, 100, "lined up with Web app's top");
    assert!(h.state().canvas().guides().is_empty(), "guides go with the drag");
}

#[test]
fn the_arrange_menu_aligns_and_distributes_in_one_undo_step_each() {
    let (editor, ids) = small_editor();
    let mut h = harness(editor);
    let before = bytes(&h);
    for (i, id) in [&ids.web, &ids.browser, &ids.mailer].into_iter().enumerate() {
        let p = center_of(&h, id);
        if i == 0 { click(&mut h, p) } else { shift_click(&mut h, p) }
    }
    assert_eq!(h.state().view().selected_elements().len(), 3);
    h.get_by_label("Arrange").click();
    h.run();
    h.get_by_label("Align top").click();
    h.run();
    let tops: Vec<i32> = [&ids.web, &ids.browser, &ids.mailer].iter().map(|id| node(&h, id).y).collect();
    assert_eq!(tops, vec![100, 100, 100]);
    assert!(h.state().status().contains("Align top"), "{}", h.state().status());
    h.get_by_label("Arrange").click();
    h.run();
    h.get_by_label("Distribute horizontally").click();
    h.run();
    let xs: Vec<i32> = [&ids.web, &ids.browser, &ids.mailer].iter().map(|id| node(&h, id).x).collect();
    let gaps = (xs[1] - (xs[0] + 160), xs[2] - (xs[1] + 160));
    assert_eq!((xs[0], xs[2]), (100, 560), "the ends stay");
    assert!((gaps.0 - gaps.1).abs() <= 1, "equal gaps: {xs:?}");
    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(bytes(&h), before, "two steps, two undos");
}

//! UI tests: the editor driven like a user (clicks, drags, typing, shortcuts) through
//! `egui_kittest`, with assertions on the model.

mod arrange;
mod checks;
mod context_menu;
mod dfd;
mod files;
mod find;
mod guided_start;
mod hover_and_focus;
mod interchange;
mod legend;
mod publish;
mod review;
mod safekeeping;
mod sequence;
mod sequence_commands;
mod small_model;
mod snapshots;
mod threats;
mod usability;

use egui::{Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use threatcanvas::app::Editor;
use threatcanvas::model::{DiagramView, ElementId, Rect};
use threatcanvas::scene::Pos;

/// A 1280×800 window on `editor`, settled.
#[must_use]
pub fn harness(editor: Editor) -> Harness<'static, Editor> {
    let mut h =
        Harness::builder().with_size(egui::vec2(1280.0, 800.0)).build_ui_state(|ui, e: &mut Editor| e.ui(ui), editor);
    h.run();
    h
}

/// Where diagram point (`x`, `y`) is on screen.
///
/// # Panics
/// If the canvas has not been drawn yet.
pub fn screen(h: &Harness<'_, Editor>, x: f32, y: f32) -> Pos2 {
    h.state().canvas().screen_from_diagram(Pos::new(x, y)).expect("the canvas was drawn")
}

/// The centre of an element's box on the current DFD, on screen.
pub fn center_of(h: &Harness<'_, Editor>, id: &ElementId) -> Pos2 {
    let r = node(h, id);
    screen(h, r.x as f32 + r.w as f32 / 2.0, r.y as f32 + r.h as f32 / 2.0)
}

/// An element's box on the current DFD.
///
/// # Panics
/// If there is no DFD shown or the element is not placed on it.
pub fn node(h: &Harness<'_, Editor>, id: &ElementId) -> Rect {
    let e = h.state();
    let diagram = e.view().diagram.as_ref().and_then(|d| e.model().diagram(d)).expect("a diagram");
    match &diagram.view {
        DiagramView::Dfd(v) => *v.nodes.get(id).expect("placed"),
        DiagramView::Sequence(_) => panic!("not a DFD"),
    }
}

fn button(h: &Harness<'_, Editor>, p: Pos2, pressed: bool) {
    h.event(egui::Event::PointerButton {
        pos: p,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    });
}

/// A click at a screen position.
pub fn click(h: &mut Harness<'_, Editor>, p: Pos2) {
    h.hover_at(p);
    h.run();
    button(h, p, true);
    h.run();
    button(h, p, false);
    h.run();
}

/// A double-click at a screen position.
pub fn double_click(h: &mut Harness<'_, Editor>, p: Pos2) {
    h.hover_at(p);
    h.run();
    for _ in 0..2 {
        button(h, p, true);
        h.step();
        button(h, p, false);
        h.step();
    }
    h.run();
}

/// A drag from one screen position to another, in steps, as a hand would.
pub fn drag(h: &mut Harness<'_, Editor>, from: Pos2, to: Pos2) {
    h.hover_at(from);
    h.run();
    button(h, from, true);
    h.run();
    for i in 1..=6 {
        h.hover_at(from.lerp(to, i as f32 / 6.0));
        h.run();
    }
    button(h, to, false);
    h.run();
}

/// Types into the focused field after selecting what it holds, then presses Enter.
pub fn type_and_enter(h: &mut Harness<'_, Editor>, text: &str) {
    h.get_by_label("New name").type_text(text);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
}

/// Presses a shortcut.
pub fn shortcut(h: &mut Harness<'_, Editor>, modifiers: Modifiers, key: egui::Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

/// The canonical bytes of the editor's model.
pub fn bytes(h: &Harness<'_, Editor>) -> String {
    threatcanvas::format::to_canonical_string(h.state().model())
}

/// Replaces the text of the field labelled `label`, as a user would: focus, select all, type.
pub fn replace_text(h: &mut Harness<'_, Editor>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

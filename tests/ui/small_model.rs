//! A small model for the canvas tests, built with the same commands the app uses, and the
//! gestures those tests share (right-click, middle-drag, holding a key).

use egui::{Modifiers, Pos2};
use egui_kittest::Harness;
use threatcanvas::app::{Document, Editor, Settings};
use threatcanvas::edit::History;
use threatcanvas::edit::commands::{self, Item};
use threatcanvas::edit::sequence;
use threatcanvas::model::{BoundaryId, DiagramId, ElementId, ElementKindTag, FlowId, Model, Rect};

/// The ids of the small model.
pub struct Ids {
    /// The data-flow diagram "Main".
    pub dfd: DiagramId,
    /// The sequence diagram "Login steps".
    pub sequence: DiagramId,
    /// Process "Web app" at (100, 100, 160, 90).
    pub web: ElementId,
    /// External entity "Browser" at (500, 250, 160, 70).
    pub browser: ElementId,
    /// Data store "Accounts" at (100, 400, 180, 70).
    pub accounts: ElementId,
    /// Process "Mailer" at (560, 360, 100, 60).
    pub mailer: ElementId,
    /// Trust boundary "Cloud zone" at (760, 300, 400, 300).
    pub cloud: BoundaryId,
    /// Flow "login" Web app → Browser, HTTPS, encrypted.
    pub login: FlowId,
}

/// The small model: four elements, one boundary, one flow on a DFD, and a sequence diagram
/// whose one message carries the flow.
#[must_use]
pub fn small_model() -> (Model, Ids) {
    let mut model = Model::default();
    let mut h = History::new();
    let (dfd, tx) = commands::add_diagram(&model, "Main", false);
    h.execute(&mut model, tx).expect("diagram");
    let mut element = |model: &mut Model, kind, name: &str, rect| {
        let (id, tx) = commands::add_element(kind, name, None, Some((&dfd, rect)));
        h.execute(model, tx).expect("element");
        id
    };
    let web = element(&mut model, ElementKindTag::Process, "Web app", Rect::new(100, 100, 160, 90));
    let browser = element(&mut model, ElementKindTag::ExternalEntity, "Browser", Rect::new(500, 250, 160, 70));
    let accounts = element(&mut model, ElementKindTag::DataStore, "Accounts", Rect::new(100, 400, 180, 70));
    let mailer = element(&mut model, ElementKindTag::Process, "Mailer", Rect::new(560, 360, 100, 60));
    let mut h = History::new();
    let (cloud, tx) = commands::add_boundary("Cloud zone", None, Some((&dfd, Rect::new(760, 300, 400, 300))));
    h.execute(&mut model, tx).expect("boundary");
    let (login, tx) = commands::add_flow(&web, &browser, "login");
    h.execute(&mut model, tx).expect("flow");
    let tx = commands::update_flow(&model, &login, |f| {
        f.protocol = "HTTPS".into();
        f.encrypted = true;
    });
    h.execute(&mut model, tx).expect("flow properties");
    let (seq, tx) = commands::add_diagram(&model, "Login steps", true);
    h.execute(&mut model, tx).expect("sequence");
    for (i, e) in [&web, &browser].into_iter().enumerate() {
        let tx = sequence::add_lifeline(&model, &seq, e, i).expect("lifeline");
        h.execute(&mut model, tx).expect("lifeline");
    }
    let (_, tx) = sequence::add_message(&model, &seq, &web, &browser, 0).expect("message");
    h.execute(&mut model, tx).expect("message");
    let ids = Ids { dfd, sequence: seq, web, browser, accounts, mailer, cloud, login };
    (model, ids)
}

/// An editor on the small model, showing its DFD.
#[must_use]
pub fn small_editor() -> (Editor, Ids) {
    let (model, ids) = small_model();
    (Editor::new(Document::from_model(model, None), Settings::default()), ids)
}

fn pointer(h: &Harness<'_, Editor>, p: Pos2, button: egui::PointerButton, pressed: bool) {
    h.event(egui::Event::PointerButton { pos: p, button, pressed, modifiers: Modifiers::NONE });
}

/// A right-click at a screen position.
pub fn right_click(h: &mut Harness<'_, Editor>, p: Pos2) {
    h.hover_at(p);
    h.run();
    pointer(h, p, egui::PointerButton::Secondary, true);
    h.run();
    pointer(h, p, egui::PointerButton::Secondary, false);
    h.run();
}

/// A Shift-click at a screen position, Shift held over the whole click.
pub fn shift_click(h: &mut Harness<'_, Editor>, p: Pos2) {
    h.hover_at(p);
    h.run();
    h.event(egui::Event::ModifiersChanged(Modifiers::SHIFT));
    h.run();
    for pressed in [true, false] {
        let event = egui::Event::PointerButton {
            pos: p,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::SHIFT,
        };
        h.event(event);
        h.run();
    }
    h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    h.run();
}

/// A drag with `button` from one screen position to another, in steps.
pub fn drag_with(h: &mut Harness<'_, Editor>, button: egui::PointerButton, from: Pos2, to: Pos2) {
    h.hover_at(from);
    h.run();
    pointer(h, from, button, true);
    h.run();
    for i in 1..=6 {
        h.hover_at(from.lerp(to, i as f32 / 6.0));
        h.run();
    }
    pointer(h, to, button, false);
    h.run();
}

/// Presses (`down`) or releases a key, as holding it does.
pub fn hold_key(h: &mut Harness<'_, Editor>, key: egui::Key, down: bool) {
    h.event(egui::Event::Key { key, physical_key: None, pressed: down, repeat: false, modifiers: Modifiers::NONE });
    h.run();
}

/// The selection, as a sorted list.
#[must_use]
pub fn selection(h: &Harness<'_, Editor>) -> Vec<Item> {
    h.state().view().selection.iter().cloned().collect()
}

/// The element called `name`.
///
/// # Panics
/// If there is none.
#[must_use]
pub fn element_named(h: &Harness<'_, Editor>, name: &str) -> ElementId {
    h.state()
        .model()
        .elements
        .iter()
        .find(|(_, e)| e.name == name)
        .map_or_else(|| panic!("no element {name}"), |(id, _)| id.clone())
}

/// Whether the canvas has the keyboard.
#[must_use]
pub fn canvas_focused(h: &Harness<'_, Editor>) -> bool {
    let canvas = h.state().canvas().focus_id();
    canvas.is_some() && h.ctx.memory(egui::Memory::focused) == canvas
}

/// The label of the widget that has the keyboard, if it has one.
#[must_use]
pub fn focused_label(h: &Harness<'_, Editor>) -> Option<String> {
    use egui_kittest::kittest::{NodeT as _, Queryable as _};
    #[allow(clippy::redundant_closure_for_method_calls, reason = "the method's lifetime is not general enough")]
    let focused = |n: &egui_kittest::kittest::AccessKitNode<'_>| n.is_focused();
    h.query_by(focused).and_then(|n| n.accesskit_node().label())
}

//! One editor frame (egui run + tessellation, CPU side) while the user pans or drags:
//! a 5,000-element, 7,500-flow DFD, and a 1,000-message sequence over 50 lifelines.
//! Targets (release, 2 cores): a panning frame under 16 ms median, a drag step (one element
//! moved one step, the scene brought up to date, the frame drawn) under 8 ms median.

mod common;

use divan::Bencher;
use threatcanvas::app::{Document, Editor, Settings};
use threatcanvas::model::Model;

fn main() {
    divan::main();
}

/// An editor on `model` in a 1280×800 window, warmed up (fonts, scene cache, fitted camera).
fn warmed(model: Model) -> (egui::Context, Editor) {
    let ctx = egui::Context::default();
    let mut editor = Editor::new(Document::from_model(model, None), Settings::default());
    for _ in 0..3 {
        let _ = ctx.run_ui(input(None, false), |ui| editor.ui(ui));
    }
    (ctx, editor)
}

fn input(pointer: Option<egui::Pos2>, pressed: bool) -> egui::RawInput {
    input_with(pointer, pressed.then_some(egui::PointerButton::Secondary))
}

fn input_with(pointer: Option<egui::Pos2>, press: Option<egui::PointerButton>) -> egui::RawInput {
    let mut raw = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0))),
        ..egui::RawInput::default()
    };
    if let Some(pos) = pointer {
        raw.events.push(egui::Event::PointerMoved(pos));
        if let Some(button) = press {
            raw.events.push(egui::Event::PointerButton {
                pos,
                button,
                pressed: true,
                modifiers: egui::Modifiers::NONE,
            });
        }
    }
    raw
}

/// Pans with a right-button drag, one frame per iteration, and tessellates what egui drew.
fn pan_frames(bencher: Bencher, model: Model) {
    let (ctx, mut editor) = warmed(model);
    let start = egui::pos2(560.0, 400.0);
    let _ = ctx.run_ui(input(Some(start), true), |ui| editor.ui(ui));
    let mut step = 0_u32;
    bencher.bench_local(|| {
        step += 1;
        let dx = if (step / 20).is_multiple_of(2) { 4.0 } else { -4.0 };
        let pos = start + egui::vec2(dx * (step % 20) as f32, 0.0);
        let output = ctx.run_ui(input(Some(pos), false), |ui| editor.ui(ui));
        let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
        primitives.len()
    });
}

#[divan::bench(sample_count = 30)]
fn pan_5k_element_dfd(bencher: Bencher) {
    pan_frames(bencher, common::dfd_model(5_000, 7_500));
}

#[divan::bench(sample_count = 30)]
fn pan_1000_message_sequence(bencher: Bencher) {
    pan_frames(bencher, common::sequence_model(50, 1_000));
}

/// Drags one element of the 5,000-element DFD with the primary button, one pointer step per
/// iteration: every step moves the element on the grid, so the model changes, the scene is
/// brought up to date and the frame is drawn.
#[divan::bench(sample_count = 30)]
fn drag_one_element_in_5k_dfd(bencher: Bencher) {
    let (ctx, mut editor) = warmed(common::dfd_model(5_000, 7_500));
    // Zoom in on the middle of the diagram to a working scale (about 1:1), as a user would
    // before dragging one box.
    for _ in 0..13 {
        let mut raw = input(None, false);
        raw.events.push(egui::Event::Key {
            key: egui::Key::Equals,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers::COMMAND,
        });
        let _ = ctx.run_ui(raw, |ui| editor.ui(ui));
        let _ = ctx.run_ui(input(None, false), |ui| editor.ui(ui));
    }
    let id = threatcanvas::model::ElementId::new("e02550");
    let center = editor
        .canvas()
        .scene()
        .and_then(|s| s.layout.elements.get(&id).map(threatcanvas::scene::SceneRect::center))
        .expect("placed");
    let start = editor.canvas().screen_from_diagram(center).expect("drawn");
    let _ = ctx.run_ui(input_with(Some(start), None), |ui| editor.ui(ui));
    let _ = ctx.run_ui(input_with(Some(start), Some(egui::PointerButton::Primary)), |ui| editor.ui(ui));
    let mut step = 0_u32;
    bencher.bench_local(|| {
        step += 1;
        // Back and forth, a screen point a frame: at the fitted zoom that is a grid step or more.
        let dx = if (step / 40).is_multiple_of(2) { (step % 40) as f32 } else { 40.0 - (step % 40) as f32 };
        let pos = start + egui::vec2(dx + 10.0, 0.0);
        let output = ctx.run_ui(input_with(Some(pos), None), |ui| editor.ui(ui));
        let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
        primitives.len()
    });
    assert!(editor.document().undo_label().is_some() || editor.document().in_gesture(), "the drag moved the element");
}

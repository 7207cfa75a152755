//! One editor frame (egui run + tessellation, CPU side) while the user pans:
//! a 5,000-element, 7,500-flow DFD, and a 1,000-message sequence over 50 lifelines.
//! Target: under 16 ms median (release, 2 cores).

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
    let mut raw = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0))),
        ..egui::RawInput::default()
    };
    if let Some(pos) = pointer {
        raw.events.push(egui::Event::PointerMoved(pos));
        if pressed {
            raw.events.push(egui::Event::PointerButton {
                pos,
                button: egui::PointerButton::Secondary,
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

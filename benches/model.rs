//! The file format and the scene on large generated models:
//! load + validate and canonical save of 10,000 elements and 15,000 flows; scene build + SVG
//! export of a 2,000-element DFD. Targets: each under 100 ms (release, 2 cores).

mod common;

use divan::Bencher;
use threatcanvas::format;
use threatcanvas::model::DiagramId;
use threatcanvas::scene::{self, FontMetrics, Style};

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 20)]
fn load_and_validate_10k_elements_15k_flows(bencher: Bencher) {
    let text = format::to_canonical_string(&common::dfd_model(10_000, 15_000));
    bencher.bench(|| format::load_bytes(divan::black_box(text.as_bytes()), "bench").map(|m| m.elements.len()));
}

#[divan::bench(sample_count = 20)]
fn canonical_save_10k_elements_15k_flows(bencher: Bencher) {
    let model = common::dfd_model(10_000, 15_000);
    bencher.bench(|| format::to_canonical_string(divan::black_box(&model)).len());
}

#[divan::bench(sample_count = 20)]
fn scene_and_svg_2k_element_dfd(bencher: Bencher) {
    let model = common::dfd_model(2_000, 3_000);
    let diagram = DiagramId::new("dfd");
    let measure = FontMetrics::shipped();
    bencher.bench(|| {
        let scene = scene::build(&model, &diagram, &Style::light(), &measure).map(|s| threatcanvas::export::to_svg(&s));
        scene.map(|svg| svg.len())
    });
}

#[divan::bench(sample_count = 20)]
fn scene_of_1000_message_sequence(bencher: Bencher) {
    let model = common::sequence_model(50, 1_000);
    let diagram = DiagramId::new("seq");
    let measure = FontMetrics::shipped();
    bencher.bench(|| scene::build(&model, &diagram, &Style::light(), &measure).map(|s| s.items.len()));
}

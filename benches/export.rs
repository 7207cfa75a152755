//! Exports of a generated 10,000-element, 15,000-flow DFD (24,000 × 16,000 units), from the
//! model to the finished bytes: SVG, and PNG straight from the scene, at the default scale
//! (2, which the export shrinks to the largest that fits 16,384 pixels: about 16,384 × 10,950)
//! and at scale 0.5 (12,000 × 8,000). Target: PNG within 3× the SVG's time (release, 2
//! cores); peak memory under 300 MB is checked on the CLI with `/usr/bin/time -v`.
//! resvg over the SVG, the old PNG path, is measured on a 2,000-element DFD for comparison.

mod common;

use divan::Bencher;
use threatcanvas::export::{self, ExportOptions, Picture};
use threatcanvas::model::DiagramId;

fn main() {
    divan::main();
}

fn picture(elements: usize, flows: usize) -> impl Fn() -> Picture {
    let model = common::dfd_model(elements, flows);
    move || Picture::new(&model, &DiagramId::new("dfd"), &ExportOptions::default()).expect("picture")
}

#[divan::bench(sample_count = 10)]
fn svg_10k_element_dfd(bencher: Bencher) {
    let picture = picture(10_000, 15_000);
    bencher.bench_local(|| picture().svg().len());
}

#[divan::bench(sample_count = 10)]
fn png_10k_element_dfd_default_scale(bencher: Bencher) {
    let picture = picture(10_000, 15_000);
    bencher.bench_local(|| picture().write_png(export::DEFAULT_SCALE, std::io::sink()).map(|info| info.width));
}

#[divan::bench(sample_count = 10)]
fn png_10k_element_dfd_scale_half(bencher: Bencher) {
    let picture = picture(10_000, 15_000);
    bencher.bench_local(|| picture().write_png(0.5, std::io::sink()).map(|info| info.width));
}

#[divan::bench(sample_count = 10)]
fn png_2k_element_dfd_scale_half(bencher: Bencher) {
    let picture = picture(2_000, 3_000);
    bencher.bench_local(|| picture().write_png(0.5, std::io::sink()).map(|info| info.width));
}

#[divan::bench(sample_count = 3)]
fn png_via_resvg_2k_element_dfd_scale_half(bencher: Bencher) {
    let picture = picture(2_000, 3_000);
    bencher.bench_local(|| export::render_png(&picture().svg(), 0.5).map(|png| png.len()));
}

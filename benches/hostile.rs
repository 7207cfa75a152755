//! Adversarial shapes next to the realistic ones: files made to be slow to open. Loading
//! (parse, convert, validate) and scene building must stay linear or n log n in the file's
//! size. Target: any file under the size limit loads in under a second (release, 2 cores).

mod common;

use common::hostile;
use divan::Bencher;
use threatcanvas::format;
use threatcanvas::model::{DiagramId, Model};
use threatcanvas::scene::{self, FontMetrics, Style};

fn main() {
    divan::main();
}

fn load(bencher: Bencher, model: &Model) {
    let text = format::to_canonical_string(model);
    bencher.bench(|| format::load_bytes(divan::black_box(text.as_bytes()), "bench").map(|m| m.boundaries.len()));
}

fn scene_of(bencher: Bencher, model: &Model, diagram: &str) {
    let diagram = DiagramId::new(diagram);
    let measure = FontMetrics::shipped();
    bencher.bench(|| scene::build(divan::black_box(model), &diagram, &Style::light(), &measure).map(|s| s.items.len()));
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn load_boundary_chain_3k(bencher: Bencher) {
    load(bencher, &hostile::boundary_chain(3_000, 2));
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn dfd_scene_boundary_chain_3k(bencher: Bencher) {
    scene_of(bencher, &hostile::boundary_chain(3_000, 2), "dfd");
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn sequence_scene_boundary_chain_1k_50_lifelines(bencher: Bencher) {
    scene_of(bencher, &hostile::boundary_chain(1_000, 50), "seq");
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn load_20k_lifelines_100k_messages(bencher: Bencher) {
    load(bencher, &hostile::long_sequence(20_000, 100_000, 0));
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn sequence_scene_20k_lifelines_100k_messages(bencher: Bencher) {
    scene_of(bencher, &hostile::long_sequence(20_000, 100_000, 0), "seq");
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn sequence_scene_10k_fragments_over_20k_messages(bencher: Bencher) {
    scene_of(bencher, &hostile::long_sequence(100, 20_000, 10_000), "seq");
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn load_20k_suppressed_messages(bencher: Bencher) {
    load(bencher, &hostile::suppressed_messages(20_000));
}

// Past what the first version could open at all: the largest shapes, up to the size limit.

fn validate(bencher: Bencher, model: &Model) {
    bencher.bench(|| divan::black_box(model).validate().map_or_else(|p| p.len(), |()| 0));
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn validate_boundary_chain_100k(bencher: Bencher) {
    validate(bencher, &hostile::boundary_chain(100_000, 2));
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn load_boundary_chain_100k(bencher: Bencher) {
    load(bencher, &hostile::boundary_chain(100_000, 2));
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn dfd_scene_boundary_chain_100k(bencher: Bencher) {
    scene_of(bencher, &hostile::boundary_chain(100_000, 2), "dfd");
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn sequence_scene_boundary_chain_100k_2k_lifelines(bencher: Bencher) {
    scene_of(bencher, &hostile::boundary_chain(100_000, 2_000), "seq");
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn validate_20k_lifelines_100k_messages(bencher: Bencher) {
    validate(bencher, &hostile::long_sequence(20_000, 100_000, 0));
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn sequence_scene_50k_fragments_over_100k_messages(bencher: Bencher) {
    scene_of(bencher, &hostile::long_sequence(100, 100_000, 50_000), "seq");
}

/// The largest file of each shape under the size limit (64 MiB), to show it opens in under a
/// second: a boundary chain, and a sequence of lifelines, messages, notes and fragments.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn load_64mib_boundary_chain(bencher: Bencher) {
    load_near_limit(bencher, |n| hostile::boundary_chain(n, 2));
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn load_64mib_sequence(bencher: Bencher) {
    load_near_limit(bencher, |n| hostile::long_sequence(n / 5, n, n / 10));
}

/// Loads the largest model `make(n)` whose file stays under the size limit.
fn load_near_limit(bencher: Bencher, make: impl Fn(usize) -> Model) {
    let limit = usize::try_from(format::MAX_FILE_BYTES).unwrap_or(usize::MAX);
    let probe = format::to_canonical_string(&make(10_000)).len();
    let mut n = 10_000 * (limit - limit / 50) / probe;
    let mut text = format::to_canonical_string(&make(n));
    // Ids grow with n, so the first estimate runs over: shrink until the file fits.
    while text.len() > limit {
        n = n * limit / text.len() * 99 / 100;
        text = format::to_canonical_string(&make(n));
    }
    eprintln!("{n} records: {} bytes", text.len());
    bencher.bench(|| format::load_bytes(divan::black_box(text.as_bytes()), "bench").map(|m| m.boundaries.len()));
}

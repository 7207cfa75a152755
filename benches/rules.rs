//! All DFD checks on a generated 10,000-element model with 15,000 flows, four boundaries,
//! threats and a sequence diagram. Target: under 20 ms (release, 2 cores), so live checking
//! on every edit never stalls typing.

mod common;

use divan::Bencher;
use threatcanvas::rules;

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 30)]
fn check_10k_elements_15k_flows(bencher: Bencher) {
    let mut model = common::dfd_model(10_000, 15_000);
    // A 500-message sequence over the first 50 elements (the generators share ids).
    model.diagrams.extend(common::sequence_model(50, 500).diagrams.into_iter().take(1));
    let findings = rules::check(&model);
    assert!(findings.len() > 10_000, "the generated model gives the rules work: {}", findings.len());
    bencher.bench(|| rules::check(divan::black_box(&model)).len());
}

#[divan::bench(sample_count = 30)]
fn check_juice_shop_sample(bencher: Bencher) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/juice-shop.json");
    let Ok(model) = threatcanvas::format::load_file(&path) else { return };
    bencher.bench(|| rules::check(divan::black_box(&model)).len());
}

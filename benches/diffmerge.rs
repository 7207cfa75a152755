//! Diff and merge of models in git: two versions of a 10,000-element, 15,000-flow model that
//! each differ from their common ancestor in about 1% of its records (renames, moved boxes,
//! flows losing encryption, threats triaged, records added and deleted). Targets: diff and
//! merge each under 100 ms (release, 2 cores). The `driver` benches add what the commands do
//! around them: load (parse, validate) the two or three files' bytes and, for merge, write the
//! result canonically; everything `threatcanvas diff` and `threatcanvas merge` do but the
//! file system.

mod common;

use divan::Bencher;
use threatcanvas::edit::{apply_all, commands};
use threatcanvas::format;
use threatcanvas::model::{DataFlow, DiagramView, Element, ElementId, FlowId, Model, ThreatStatus};

fn main() {
    divan::main();
}

const ELEMENTS: usize = 10_000;
const FLOWS: usize = 15_000;

/// Ours: 100 elements renamed, 100 boxes moved, 50 elements added, 20 elements deleted (with
/// their flows and threats).
fn ours(base: &Model) -> Model {
    let mut m = base.clone();
    let ids: Vec<ElementId> = m.elements.keys().cloned().collect();
    for id in ids.iter().step_by(100) {
        if let Some(e) = m.elements.get_mut(id) {
            e.name.push_str(" (renamed)");
        }
    }
    if let Some(DiagramView::Dfd(view)) = m.diagrams.first_mut().map(|d| &mut d.view) {
        for id in ids.iter().skip(7).step_by(100) {
            if let Some(r) = view.nodes.get_mut(id) {
                *r = r.translated(16, 0);
            }
        }
    }
    for i in 0..50 {
        m.elements.insert(
            ElementId::new(format!("o-new{i}")),
            Element { name: format!("Added on ours {i}"), ..Element::default() },
        );
    }
    let deleted: Vec<commands::Item> =
        ids.iter().skip(3).step_by(500).map(|e| commands::Item::Element(e.clone())).collect();
    let tx = commands::delete(&m, &deleted);
    let _ = apply_all(&mut m, tx.edits);
    m
}

/// Theirs: 150 flows no longer encrypted, 100 threats mitigated, 50 flows added, 10 flows
/// deleted.
fn theirs(base: &Model) -> Model {
    let mut m = base.clone();
    let flows: Vec<FlowId> = m.flows.keys().cloned().collect();
    for id in flows.iter().step_by(100) {
        if let Some(f) = m.flows.get_mut(id) {
            f.encrypted = false;
        }
    }
    let threats: Vec<_> = m.threats.keys().cloned().collect();
    for id in threats.iter().step_by(20) {
        if let Some(t) = m.threats.get_mut(id) {
            t.status = ThreatStatus::Mitigated;
        }
    }
    for i in 0..50 {
        let flow = DataFlow {
            source: ElementId::new(format!("e{:05}", i * 2)),
            target: ElementId::new(format!("e{:05}", i * 2 + 1)),
            name: format!("Added on theirs {i}"),
            ..DataFlow::default()
        };
        m.flows.insert(FlowId::new(format!("t-new{i}")), flow);
    }
    let mut edits = Vec::new();
    for id in flows.iter().skip(51).step_by(1_500) {
        edits.extend(commands::delete(&m, &[commands::Item::Flow(id.clone())]).edits);
    }
    let _ = apply_all(&mut m, edits);
    m
}

#[divan::bench(sample_count = 20)]
fn diff_10k_elements_1_percent_changed(bencher: Bencher) {
    let base = common::dfd_model(ELEMENTS, FLOWS);
    let ours = ours(&base);
    bencher.bench(|| threatcanvas::diff::diff(divan::black_box(&base), divan::black_box(&ours)).changes.len());
}

#[divan::bench(sample_count = 20)]
fn merge_10k_elements_1_percent_changed_each_side(bencher: Bencher) {
    let base = common::dfd_model(ELEMENTS, FLOWS);
    let (ours, theirs) = (ours(&base), theirs(&base));
    let merged = threatcanvas::merge::merge(&base, &ours, &theirs).expect("merges");
    assert!(merged.validate().is_ok());
    bencher.bench(|| {
        threatcanvas::merge::merge(divan::black_box(&base), divan::black_box(&ours), divan::black_box(&theirs))
            .map(|m| m.elements.len())
    });
}

#[divan::bench(sample_count = 10)]
fn diff_driver_load_two_files_and_diff(bencher: Bencher) {
    let base = common::dfd_model(ELEMENTS, FLOWS);
    let texts = [&base, &ours(&base)].map(format::to_canonical_string);
    bencher.bench(|| {
        let [old, new] = texts.each_ref().map(|t| format::load_bytes(divan::black_box(t.as_bytes()), "bench"));
        let (Ok(old), Ok(new)) = (old, new) else { return 0 };
        threatcanvas::diff::diff(&old, &new).changes.len()
    });
}

#[divan::bench(sample_count = 10)]
fn merge_driver_load_three_files_merge_and_save(bencher: Bencher) {
    let base = common::dfd_model(ELEMENTS, FLOWS);
    let texts = [&base, &ours(&base), &theirs(&base)].map(format::to_canonical_string);
    bencher.bench(|| {
        let [b, o, t] = texts.each_ref().map(|t| format::load_bytes(divan::black_box(t.as_bytes()), "bench"));
        let (Ok(b), Ok(o), Ok(t)) = (b, o, t) else { return 0 };
        threatcanvas::merge::merge(&b, &o, &t).map_or(0, |m| format::to_canonical_string(&m).len())
    });
}

//! Threat suggestions on a large generated model: the whole shipped library over 10,000
//! elements and 15,000 flows in four boundaries, with technologies, store properties and flow
//! data varied so that keyword, property and relation tests all run. Target: under 50 ms
//! median (release, 2 cores), so the panel can refresh suggestions on every edit.
//!
//! The editor keeps the suggestions per model revision (`app::ThreatLibrary`): a box moved costs
//! the next frame next to nothing, an element renamed costs one `suggest`.

mod common;

use std::collections::BTreeSet;

use divan::Bencher;
use threatcanvas::app::{Document, ThreatLibrary};
use threatcanvas::edit::commands;
use threatcanvas::model::{DiagramId, ElementId, ElementKind, Model};
use threatcanvas::threats::loader::LoadReport;
use threatcanvas::threats::{Library, Scope, suggest};

fn main() {
    divan::main();
}

const TECHNOLOGIES: &[&str] = &[
    "Node.js 22, Express 4, Sequelize",
    "Angular SPA in the browser",
    "Java 21, Spring Boot, Hibernate",
    "Python, Django, Celery",
    "Go service behind nginx",
    "Rust, axum, sqlx",
    "XML import with libxml2",
    "LLM chat assistant over an OpenAI-compatible API",
];

const DATA: &[&str] = &[
    "Customer records (name, address, email)",
    "Session token and password",
    "Order totals",
    "Invoice files (CSV)",
    "Webhook status callback",
];

/// The benchmark model: `common::dfd_model` with varied properties and texts.
fn varied_model(elements: usize, flows: usize) -> Model {
    let mut m = common::dfd_model(elements, flows);
    for (i, element) in m.elements.values_mut().enumerate() {
        match &mut element.kind {
            ElementKind::Process(p) => {
                TECHNOLOGIES[i % TECHNOLOGIES.len()].clone_into(&mut p.technology);
                p.authenticates_callers = i % 4 != 0;
                p.privileged = i % 29 == 0;
            }
            ElementKind::DataStore(s) => {
                s.stores_credentials = i % 7 == 0;
                s.stores_personal_data = i % 2 == 0;
                s.encrypted_at_rest = i % 3 == 0;
                s.is_log = i % 11 == 0;
            }
            ElementKind::ExternalEntity(_) => {}
        }
        element.description = format!("Generated element {i}: handles requests and keeps records.");
    }
    for (i, flow) in m.flows.values_mut().enumerate() {
        DATA[i % DATA.len()].clone_into(&mut flow.data);
    }
    m
}

#[divan::bench(sample_count = 20)]
fn suggest_10k_elements_15k_flows(bencher: Bencher) {
    let model = varied_model(10_000, 15_000);
    let library = Library::shipped();
    bencher.bench(|| suggest(divan::black_box(&model), library, Scope::Model).len());
}

/// A document on the benchmark model and its suggestion cache, brought up to date.
fn cached(elements: usize, flows: usize) -> (Document, ThreatLibrary) {
    let doc = Document::from_model(varied_model(elements, flows), None);
    let mut library = ThreatLibrary::new(LoadReport { library: Library::shipped().clone(), ..LoadReport::default() });
    library.refresh(doc.model(), doc.revision(), doc.changes());
    (doc, library)
}

/// One edit, then the suggestion cache brought up to date, as the frame after the edit does.
fn edit_then_refresh(bencher: Bencher, edit: impl Fn(&Model, u32) -> threatcanvas::edit::Transaction) {
    let (mut doc, mut library) = cached(10_000, 15_000);
    let mut step = 0_u32;
    bencher.bench_local(|| {
        step += 1;
        let tx = edit(doc.model(), step);
        doc.execute(tx).expect("the edit applies");
        library.refresh(doc.model(), doc.revision(), doc.changes());
        library.suggestions().len()
    });
}

#[divan::bench(sample_count = 20)]
fn refresh_after_moving_a_box_10k(bencher: Bencher) {
    let diagram = DiagramId::new("dfd");
    let moved: BTreeSet<ElementId> = [ElementId::new("e05050")].into();
    edit_then_refresh(bencher, |model, step| {
        let dx = if step.is_multiple_of(2) { 20 } else { -20 };
        commands::move_items(model, &diagram, &moved, &BTreeSet::new(), dx, 0)
    });
}

#[divan::bench(sample_count = 20)]
fn refresh_after_renaming_an_element_10k(bencher: Bencher) {
    let id = ElementId::new("e05050");
    edit_then_refresh(bencher, |model, step| {
        commands::update_element(model, &id, |e| e.name = format!("Renamed process {step}"))
    });
}

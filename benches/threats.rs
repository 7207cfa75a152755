//! Threat suggestions on a large generated model: the whole shipped library over 10,000
//! elements and 15,000 flows in four boundaries, with technologies, store properties and flow
//! data varied so that keyword, property and relation tests all run. Target: under 50 ms
//! median (release, 2 cores), so the panel can refresh suggestions on every edit.

mod common;

use divan::Bencher;
use threatcanvas::model::{ElementKind, Model};
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

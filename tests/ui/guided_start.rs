//! The guided start on an empty model: each step's button starts it, each step is ticked off
//! from the model; and a new model made from the guided start's questions, in one undo step.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use threatcanvas::app::{Editor, Tool};
use threatcanvas::model::{DiagramView, ElementKindTag, Methodology};

use super::*;

fn open_guided_start(h: &mut Harness<'_, Editor>) {
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label("Guided start").click();
    h.run();
    assert!(h.state().view().panels.guided_start, "Help ▸ Guided start opens it");
}

/// Clicks the guided start's button `label`, scrolled into view first as a user would.
fn press(h: &mut Harness<'_, Editor>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

/// Clicks the left part of the canvas (the guided start sits at its right), `dy` below the
/// middle, and names what the tool placed.
fn place_left(h: &mut Harness<'_, Editor>, dy: f32, name: &str) {
    let canvas = h.state().canvas().rect_on_screen().expect("drawn");
    click(h, egui::pos2(canvas.min.x + 150.0, canvas.center().y + dy));
    type_and_enter(h, name);
}

#[test]
fn walk_the_guided_start_on_an_empty_model() {
    let mut h = harness(Editor::new_for_tests());
    open_guided_start(&mut h);
    assert!(h.query_by_label_contains("1 of 9 done").is_some(), "only the approach, which every model has");

    // Step 1 opens the model's properties to name the people.
    press(&mut h, "Name the people involved");
    assert!(h.state().view().show_properties && h.state().view().selection.is_empty());
    replace_text(&mut h, "Contributors (one per line)", "Ana");
    h.key_press(Key::Tab);
    h.run();
    assert_eq!(h.state().model().meta.contributors, ["Ana"]);
    assert!(h.query_by_label_contains("2 of 9 done").is_some());

    // Step 4: its button picks the tool for the first external entity, then for a process.
    press(&mut h, "Add your first external entity");
    assert_eq!(h.state().view().tool, Tool::Place(ElementKindTag::ExternalEntity));
    place_left(&mut h, -100.0, "Customer");
    press(&mut h, "Add your first process");
    assert_eq!(h.state().view().tool, Tool::Place(ElementKindTag::Process));
    place_left(&mut h, 100.0, "Shop");
    let kinds: Vec<ElementKindTag> = h.state().model().elements.values().map(|e| e.kind.tag()).collect();
    assert!(kinds.contains(&ElementKindTag::ExternalEntity) && kinds.contains(&ElementKindTag::Process));
    assert!(h.query_by_label_contains("3 of 9 done").is_some(), "components are done");

    // Steps 5 and 6 pick the tools that draw flows and boundaries; step 9 runs the checks.
    press(&mut h, "Draw your first data flow");
    assert_eq!(h.state().view().tool, Tool::Connect);
    press(&mut h, "Draw a trust boundary");
    assert_eq!(h.state().view().tool, Tool::PlaceBoundary);
    h.key_press(Key::Escape);
    h.run();
    press(&mut h, "Run the checks");
    assert!(h.state().view().panels.problems);
    assert!(h.query_by_label_contains("External entity \"Customer\"").is_some(), "the checks list what is missing");
}

#[test]
fn new_model_from_the_guided_start_in_one_undo_step() {
    let mut h = harness(Editor::new_for_tests());
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("New model from guided start…").click();
    h.run();
    for (field, text) in [
        ("Model title:", "Web shop checkout"),
        ("Scope: what is in, and what deliberately is not:", "From basket to payment."),
        ("Who is involved (one name per line):", "Ana\nBo"),
    ] {
        h.get_by_label(field).click();
        h.run();
        h.get_by_label(field).type_text(text);
        h.run();
    }
    h.get_by_label("Approach").click();
    h.run();
    h.get_by_label("LINDDUN").click();
    h.run();
    h.get_by_label("Next: the components").click();
    h.run();
    for (field, text) in
        [("People", "Shopper"), ("API endpoints", "Checkout API\nLogin endpoint"), ("Data stores", "Orders")]
    {
        h.get_by_label(field).click();
        h.run();
        h.get_by_label(field).type_text(text);
        h.run();
    }
    h.get_by_label("Create model").click();
    h.run();

    let e = h.state();
    assert!(e.dialog().is_none());
    let m = e.model();
    assert_eq!(m.meta.title, "Web shop checkout");
    assert_eq!(m.meta.scope, "From basket to payment.");
    assert_eq!(m.meta.contributors, ["Ana", "Bo"]);
    assert_eq!(m.meta.methodology, Methodology::Linddun);
    let mut names: Vec<(&str, ElementKindTag)> = m.elements.values().map(|e| (e.name.as_str(), e.kind.tag())).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            ("Checkout API", ElementKindTag::Process),
            ("Login endpoint", ElementKindTag::Process),
            ("Orders", ElementKindTag::DataStore),
            ("Shopper", ElementKindTag::ExternalEntity),
        ]
    );
    let DiagramView::Dfd(view) = &m.diagrams[0].view else { panic!("the first diagram is a DFD") };
    assert_eq!(view.nodes.len(), 4, "every component is laid out on the first DFD");
    assert!(e.document().path().is_none() && e.document().is_dirty(), "a new document, not saved");
    assert!(e.view().panels.guided_start, "the guided start stays open to walk the next steps");
    assert!(h.query_by_label_contains("4 of 9 done").is_some());

    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    let m = h.state().model();
    assert!(m.elements.is_empty(), "one undo takes it all back");
    assert_eq!(m.meta.title, "Untitled threat model");
}

/// The guided start belongs to the empty model it was opened on: opening a file closes it, and
/// a new model offers it again.
#[test]
fn opening_a_file_closes_the_guided_start() {
    let mut h = harness(Editor::new_for_tests());
    open_guided_start(&mut h);
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/juice-shop.json");
    shortcut(&mut h, Modifiers::COMMAND, Key::O);
    replace_text(&mut h, "File path:", &sample.display().to_string());
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().document().path(), Some(sample.as_path()));
    assert!(!h.state().view().panels.guided_start, "closed over a real model");
    assert!(h.query_by_label_contains("of 9 done").is_none());
}

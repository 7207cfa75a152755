//! Live checks in the editor: the problems panel, going to a finding, suppressing one with a
//! reason (and undoing it), the help behind each finding, the markers, the status bar count.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use threatcanvas::app::{Document, Editor, Settings};
use threatcanvas::edit::commands::Item;
use threatcanvas::model::{
    DataFlow, DfdView, Diagram, DiagramId, DiagramView, Element, ElementId, ElementKindTag, FlowId, Model, Rect,
    SequenceView, Subject, SuppressionKey,
};

use super::*;

/// Two external entities talking directly (DFD003, an error), placed on the second diagram;
/// the first, shown at the start, is an empty sequence diagram.
fn two_entities() -> Model {
    let mut m = Model::default();
    m.meta.title = "Delivery".into();
    m.meta.description = "A shop's deliveries.".into();
    m.meta.scope = "Handing orders to the courier.".into();
    let mut nodes = std::collections::BTreeMap::new();
    for (x, (id, name)) in [(80, ("EE1", "Customer")), (480, ("EE2", "Courier"))] {
        let kind = ElementKindTag::ExternalEntity.default_kind();
        m.elements.insert(ElementId::new(id), Element { name: name.into(), kind, ..Element::default() });
        nodes.insert(ElementId::new(id), Rect::new(x, 120, 160, 70));
    }
    m.flows.insert(
        FlowId::new("F1"),
        DataFlow {
            source: ElementId::new("EE1"),
            target: ElementId::new("EE2"),
            name: "Delivery address".into(),
            data: "order details".into(),
            ..DataFlow::default()
        },
    );
    m.diagrams.push(Diagram {
        id: DiagramId::new("steps"),
        name: "Steps".into(),
        view: DiagramView::Sequence(SequenceView::default()),
    });
    m.diagrams.push(Diagram {
        id: DiagramId::new("overview"),
        name: "Overview".into(),
        view: DiagramView::Dfd(DfdView { nodes, ..DfdView::default() }),
    });
    m
}

fn editor() -> Harness<'static, Editor> {
    harness(Editor::new(Document::from_model(two_entities(), None), Settings::default()))
}

fn problems_panel(h: &mut Harness<'_, Editor>) {
    shortcut(h, Modifiers::COMMAND | Modifiers::SHIFT, Key::M);
    assert!(h.state().view().panels.problems, "Ctrl+Shift+M shows the problems panel");
}

const DFD003: &str = "goes directly from external entity \"Customer\" (EE1) to external entity \"Courier\" (EE2)";

#[test]
fn clicking_a_finding_selects_it_on_a_diagram_that_shows_it() {
    let mut h = editor();
    assert_eq!(h.state().view().diagram, Some(DiagramId::new("steps")));
    problems_panel(&mut h);
    h.get_by_label_contains(DFD003).click();
    h.run();
    let view = h.state().view();
    assert_eq!(view.diagram, Some(DiagramId::new("overview")), "switched to the diagram that shows the flow");
    assert_eq!(view.selection, [Item::Flow(FlowId::new("F1"))].into());
}

/// The problems panel with hints hidden, so the one error is the only row.
fn errors_only(h: &mut Harness<'_, Editor>) {
    problems_panel(h);
    h.get_by_label_contains(" hints").click();
    h.run();
}

#[test]
fn suppress_a_finding_with_a_reason_then_undo_redo_and_lift_it() {
    let mut h = editor();
    let key = SuppressionKey { rule: "DFD003".into(), subject: Subject::Flow(FlowId::new("F1")) };
    assert_eq!(h.state().findings().counts().errors, 1);
    errors_only(&mut h);
    h.get_by_label("Suppress…").click();
    h.run();
    assert!(h.query_by_label("Suppress DFD003").is_some(), "the dialog names the rule");
    // No reason, no suppression.
    h.get_by_label("Suppress").click();
    h.run();
    assert!(h.query_by_label_contains("Write the reason").is_some());
    assert!(h.state().model().suppressions.is_empty());
    h.get_by_label("Reason (required):").click();
    h.run();
    h.get_by_label("Reason (required):").type_text("The courier is paid to receive it");
    h.run();
    h.get_by_label("Suppress").click();
    h.run();
    assert!(h.state().dialog().is_none(), "the dialog closes");
    assert_eq!(h.state().model().suppressions.get(&key).map(String::as_str), Some("The courier is paid to receive it"));
    let counts = h.state().findings().counts();
    assert_eq!((counts.errors, counts.suppressed), (0, 1), "the error no longer counts");
    assert!(h.query_by_label("0 errors · 0 warnings").is_some(), "the status bar follows");
    // Listed separately, with its reason.
    h.get_by_label("Suppressed (1)").click();
    h.run();
    assert!(h.query_by_label_contains("suppressed: The courier is paid to receive it").is_some());
    // Undo takes the suppression back; redo restores it.
    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(h.state().model().suppressions.is_empty());
    assert_eq!(h.state().findings().counts().errors, 1);
    shortcut(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert!(h.state().model().suppressions.contains_key(&key));
    // Lifted from the suppressed list, undoably too.
    h.get_by_label("Unsuppress").click();
    h.run();
    assert!(h.state().model().suppressions.is_empty());
    assert_eq!(h.state().findings().counts().errors, 1);
    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(h.state().model().suppressions.contains_key(&key));
}

#[test]
fn a_findings_rule_links_to_its_help_in_the_cheat_sheet() {
    let mut h = editor();
    errors_only(&mut h);
    h.get_by_label("DFD003").click();
    h.run();
    let help = h.state().view().panels.rule_help.expect("the cheat sheet is open");
    assert_eq!(help.rule, Some("DFD003"));
    let card = "DFD003 · Flow between two external entities";
    assert!(h.query_by_label(card).is_some());
    assert!(h.query_by_label_contains("add the process that carries the data").is_some(), "with how to fix it");
    // Every rule of the registry is there, and the search narrows them.
    for rule in threatcanvas::rules::all() {
        assert!(h.query_by_label(&format!("{} · {}", rule.id, rule.title)).is_some(), "{} is listed", rule.id);
    }
    h.get_by_label("Search the rules:").click();
    h.run();
    h.get_by_label("Search the rules:").type_text("lifeline");
    h.run();
    assert!(h.query_by_label(card).is_none(), "DFD003 does not mention lifelines");
    assert!(h.query_by_label("SEQ002 · Lifeline of an element that no longer exists").is_some());
    // F1 closes it.
    h.key_press(Key::Escape);
    h.run();
    shortcut(&mut h, Modifiers::NONE, Key::F1);
    assert!(h.state().view().panels.rule_help.is_none());
}

#[test]
fn the_status_bar_counts_and_the_canvas_marks_the_finding() {
    let mut h = editor();
    assert!(!h.state().view().panels.problems);
    h.get_by_label("1 error · 0 warnings").click();
    h.run();
    assert!(h.state().view().panels.problems, "the count opens the problems panel");
    // F8 goes to the next error, on the diagram that shows it.
    shortcut(&mut h, Modifiers::NONE, Key::F8);
    assert_eq!(h.state().view().diagram, Some(DiagramId::new("overview")));
    assert_eq!(h.state().view().selection, [Item::Flow(FlowId::new("F1"))].into());
    // The flow's marker sits at the left of its label (its threat badge has the right);
    // hovering it tells what is wrong.
    let label = {
        let scene = h.state().canvas().scene().expect("drawn");
        scene.layout.flows[&FlowId::new("F1")].label.expect("the flow has a label")
    };
    let zoom = h.state().canvas().transform().expect("drawn").zoom();
    let marker = screen(&h, label.min.x - 1.5 * 7.0 / zoom, label.center().y);
    h.hover_at(marker);
    h.run();
    assert!(h.query_by_label_contains("Error DFD003: Flow \"Delivery address\" (F1)").is_some(), "the marker's text");
    h.hover_at(screen(&h, label.max.x + 1.5 * 7.0 / zoom, label.center().y));
    h.run();
    assert!(h.query_by_label_contains("Error DFD003: Flow").is_none(), "only over the marker");
}

#[test]
fn checks_rerun_on_every_edit() {
    let mut h = editor();
    problems_panel(&mut h);
    assert!(h.query_by_label_contains(DFD003).is_some());
    shortcut(&mut h, Modifiers::NONE, Key::F8);
    h.key_press(Key::Delete);
    h.run();
    assert!(h.state().model().flows.is_empty());
    assert_eq!(h.state().findings().counts().errors, 0, "checked again after the delete");
    assert!(h.query_by_label_contains(DFD003).is_none(), "the row is gone");
    assert!(h.query_by_label_contains("Customer\" (EE1) has no data flows").is_some(), "a new finding");
    shortcut(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().findings().counts().errors, 1, "and after the undo");
    assert!(h.query_by_label_contains(DFD003).is_some());
}

/// With the side panels open the problems panel can be narrow (a 1280-pixel window with the
/// properties and changes panels left it ~480 pixels): its header wraps rather than drawing
/// the help button over the counts.
#[test]
fn a_narrow_problems_panel_wraps_its_header_without_overlap() {
    // 1000 pixels leave the panel ~490 (the user's case); 700 leave it ~190.
    for width in [1000.0, 700.0] {
        let editor = Editor::new(Document::from_model(two_entities(), None), Settings::default());
        let mut h = Harness::builder()
            .with_size(egui::vec2(width, 600.0))
            .build_ui_state(|ui, e: &mut Editor| e.ui(ui), editor);
        h.run();
        problems_panel(&mut h);
        let top = h.get_by_label("Problems").rect().min.y - 8.0;
        // The header's widgets: the match within a few rows of the panel's title (the status
        // bar and the findings below also name errors and warnings).
        let labels = ["Problems", "Open (", "Suppressed (", " error", " warning", " hint", "DFD do's and don'ts", "×"];
        let rects: Vec<(&str, egui::Rect)> = labels
            .iter()
            .map(|l| {
                let rect =
                    h.get_all_by_label_contains(l).map(|n| n.rect()).find(|r| r.min.y >= top && r.max.y <= top + 120.0);
                (*l, rect.unwrap_or_else(|| panic!("{l} in the header at width {width}")))
            })
            .collect();
        // The title, tabs and counts in reading order: each starts below the one before, or on
        // its row to its right; the buttons may keep the top row's right end.
        for pair in rects[..6].windows(2).chain(rects[6..].windows(2)) {
            let ((a, ra), (b, rb)) = (pair[0], pair[1]);
            let reads_on =
                rb.min.y > ra.max.y - 2.0 || (rb.center().y - ra.center().y).abs() < 8.0 && rb.min.x > ra.min.x;
            assert!(reads_on, "at width {width}, {b} {rb:?} comes before {a} {ra:?}");
        }
        for (i, (a, ra)) in rects.iter().enumerate() {
            assert!(ra.height() < 30.0, "{a} is one line high at width {width}: {ra:?}");
            for (b, rb) in &rects[i + 1..] {
                assert!(!ra.intersects(*rb), "at width {width}, {a} {ra:?} overlaps {b} {rb:?}");
            }
        }
    }
}

//! Problem markers: a small severity mark on each element, flow, boundary or message an
//! unsuppressed error or warning is about, with the findings' messages on hover. Painted in the
//! canvas-only pass after the scene, so they never reach an export.

use crate::app::findings::{Mark, paint_severity};
use crate::model::Subject;
use crate::scene::{Layout, Pos, SceneRect, geometry};

use super::input::CanvasInput;
use super::space::layer_pos;

/// A marker's radius, in screen points: the same size at every zoom.
const RADIUS: f32 = 7.0;
/// Most messages listed in a marker's hover text.
const LISTED: usize = 6;

/// Where the marker of `subject` goes on this diagram, if the diagram shows it: the top-right
/// corner of an element's box, just inside a boundary's, at the right of a flow's or a
/// message's label (a flow without a label: the middle of its route).
fn place(layout: &Layout, subject: &Subject, r: f32) -> Option<Pos> {
    match subject {
        Subject::Element(id) => layout.elements.get(id).map(|b| Pos::new(b.max.x, b.min.y)),
        Subject::Boundary(id) => layout.boundaries.get(id).map(|b| Pos::new(b.max.x - 2.0 * r, b.min.y + 2.0 * r)),
        Subject::Flow(id) => layout.flows.get(id).map(|path| match path.label {
            Some(label) => Pos::new(label.max.x + 1.5 * r, label.center().y),
            None => geometry::midpoint(&path.points),
        }),
        Subject::Message(id) => layout.message_labels.get(id).map(|l| Pos::new(l.max.x + 1.5 * r, l.center().y)),
        Subject::Model | Subject::Diagram(_) | Subject::Threat(_) => None,
    }
}

/// Paints the markers of the findings on the shown diagram, and the messages of the one under
/// the pointer.
pub fn paint(ui: &egui::Ui, input: &CanvasInput<'_>) {
    let findings = input.snapshot.findings;
    if findings.marks().is_empty() {
        return;
    }
    let zoom = input.zoom();
    let r = RADIUS / zoom;
    let visible = ui.clip_rect();
    let visible =
        SceneRect { min: Pos::new(visible.min.x, visible.min.y), max: Pos::new(visible.max.x, visible.max.y) }
            .expand(2.0 * r);
    let painter = ui.painter();
    let mut hovered: Option<&Mark> = None;
    let under_pointer = input.response.contains_pointer().then_some(input.pointer_in_diagram).flatten();
    for (subject, mark) in findings.marks() {
        let Some(at) = place(&input.scene.layout, subject, r).filter(|p| visible.contains(*p)) else { continue };
        paint_severity(painter, layer_pos(at), r, mark.severity);
        if under_pointer.is_some_and(|p| p.distance(at) <= r * 1.3) {
            hovered = Some(mark);
        }
    }
    let Some(mark) = hovered else { return };
    let model = input.snapshot.model;
    let list = findings.list();
    let lines: Vec<String> = mark
        .findings
        .iter()
        .take(LISTED)
        .filter_map(|&i| list.get(i))
        .map(|f| format!("{} {}: {}", f.severity.label(), f.rule.id, f.message(model)))
        .collect();
    let more = mark.findings.len().saturating_sub(LISTED);
    let id = ui.scope_id().with("problem_marker");
    egui::Tooltip::always_open(ui.ctx().clone(), ui.layer_id(), id, egui::PopupAnchor::Pointer).show(|ui| {
        for line in lines {
            ui.label(line);
        }
        if more > 0 {
            ui.label(format!("… and {more} more"));
        }
        ui.label(egui::RichText::new("The problems panel (View ▸ Problems) lists them all.").small().weak());
    });
}

//! Problem markers: a small severity mark on each element, flow, boundary or message an
//! unsuppressed error or warning is about, with the findings' messages on hover. Painted in the
//! canvas-only pass after the scene, so they never reach an export.

use crate::app::findings::{Mark, paint_severity};
use crate::model::{ElementKind, Model, Subject};
use crate::scene::geometry::{self, Outline};
use crate::scene::{Layout, Pos, SceneRect};

use super::input::CanvasInput;
use super::space::layer_pos;

/// A marker's radius, in screen points: the same size at every zoom.
const RADIUS: f32 = 7.0;
/// Most messages listed in a marker's hover text.
const LISTED: usize = 6;

/// Where the marker of `subject` goes on this diagram, if the diagram shows it: on an
/// element's outline toward its top-left corner, just inside a boundary's top-right corner, at
/// the left of a flow's label and the right of a message's (a flow without a label: the middle
/// of its route). The top-left and the left keep markers clear of threat badges, which sit
/// top-right of elements and right of flow labels.
fn place(model: &Model, layout: &Layout, subject: &Subject, r: f32) -> Option<Pos> {
    match subject {
        Subject::Element(id) => layout.elements.get(id).map(|b| {
            let top_left = b.min;
            match model.elements.get(id).map(|e| &e.kind) {
                Some(ElementKind::Process(_)) => geometry::outline_exit(Outline::Ellipse, b, top_left),
                _ => top_left,
            }
        }),
        Subject::Boundary(id) => layout.boundaries.get(id).map(|b| Pos::new(b.max.x - 2.0 * r, b.min.y + 2.0 * r)),
        Subject::Flow(id) => layout.flows.get(id).map(|path| match path.label {
            Some(label) => Pos::new(label.min.x - 1.5 * r, label.center().y),
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
        let Some(at) = place(input.snapshot.model, &input.scene.layout, subject, r).filter(|p| visible.contains(*p))
        else {
            continue;
        };
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

#[cfg(test)]
mod tests {
    use super::place;
    use crate::model::{Element, ElementId, ElementKind, Model, Subject};
    use crate::scene::{Layout, Pos, SceneRect, element_badge_center};

    /// A process's marker sits on its outline, an entity's on its box's corner: top-left,
    /// never where the threat badge goes (top-right).
    #[test]
    fn element_markers_sit_top_left_on_the_outline_clear_of_the_badge() {
        let mut model = Model::default();
        let mut layout = Layout::default();
        let rect = SceneRect::from_min_size(Pos::new(0.0, 0.0), Pos::new(160.0, 80.0));
        for (id, kind) in [
            ("p", ElementKind::default()),
            ("e", ElementKind::ExternalEntity(crate::model::ExternalEntityProps::default())),
        ] {
            model.elements.insert(ElementId::new(id), Element { kind, ..Element::default() });
            layout.elements.insert(ElementId::new(id), rect);
        }
        let at = |id: &str| place(&model, &layout, &Subject::Element(ElementId::new(id)), 7.0).expect("placed");
        let p = at("p");
        let on_ellipse = ((p.x - 80.0) / 80.0).powi(2) + ((p.y - 40.0) / 40.0).powi(2);
        assert!((on_ellipse - 1.0).abs() < 1e-3, "on the outline: {p:?}");
        assert!(p.x < 80.0 && p.y < 40.0, "toward the top-left: {p:?}");
        assert_eq!(at("e"), Pos::new(0.0, 0.0));
        for id in ["p", "e"] {
            let kind = &model.elements[&ElementId::new(id)].kind;
            assert!(element_badge_center(kind, &rect).distance(at(id)) > 50.0, "clear of the badge");
        }
    }
}

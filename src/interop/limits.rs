//! Keeping an imported drawing within what a model may hold. Another tool's file may place a
//! shape anywhere a float reaches (fuzzing found an OTM zone at x = 10^11, whose nested
//! components then landed past the model's limit), and nesting, spreading and moving shapes
//! apart add to coordinates already at the edge. The last step of every import brings each box
//! and bend point back inside the limits, reporting each record it moved, so the import still
//! gives the user a model they can open rather than a refusal.

use super::summary::{Summary, WarningKind};
use crate::model::{DiagramView, MAX_COORD, MAX_EXTENT, Model, Point, Rect, clamp_coord};

/// `r` with its corner within ±[`MAX_COORD`] and its size within 1..=[`MAX_EXTENT`].
fn fitted(r: Rect) -> Rect {
    Rect::new(clamp_coord(r.x), clamp_coord(r.y), r.w.clamp(1, MAX_EXTENT), r.h.clamp(1, MAX_EXTENT))
}

/// `p` within ±[`MAX_COORD`].
const fn fitted_point(p: Point) -> Point {
    Point::new(clamp_coord(p.x), clamp_coord(p.y))
}

/// Moves every box and bend point of `model`'s data-flow diagrams that lies beyond the limits
/// to the nearest place within them, with one warning per record moved.
pub fn fit(model: &mut Model, summary: &mut Summary) {
    let note = format!("moved within the area a diagram can hold (|x|, |y| ≤ {MAX_COORD}, sizes ≤ {MAX_EXTENT})");
    for diagram in &mut model.diagrams {
        let DiagramView::Dfd(view) = &mut diagram.view else { continue };
        for (id, r) in &mut view.nodes {
            if !r.is_within_limits() {
                *r = fitted(*r);
                summary.warn(WarningKind::Adjusted, Some(id.as_str()), note.clone());
            }
        }
        for (id, r) in &mut view.boundaries {
            if !r.is_within_limits() {
                *r = fitted(*r);
                summary.warn(WarningKind::Adjusted, Some(id.as_str()), note.clone());
            }
        }
        for (id, points) in &mut view.bends {
            if points.iter().any(|p| fitted_point(*p) != *p) {
                for p in points.iter_mut() {
                    *p = fitted_point(*p);
                }
                summary.warn(WarningKind::Adjusted, Some(id.as_str()), note.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DfdView, Diagram, ElementId, FlowId};

    #[test]
    fn boxes_and_bends_beyond_the_limits_come_back_inside_and_each_move_is_reported() {
        let mut view = DfdView::default();
        view.nodes.insert(ElementId::new("far"), Rect::new(MAX_COORD + 150, -5 * MAX_COORD, 10, 10));
        view.nodes.insert(ElementId::new("near"), Rect::new(10, 10, 10, 10));
        view.bends.insert(FlowId::new("f"), vec![Point::new(0, 0), Point::new(0, i32::MAX)]);
        let mut model = Model::default();
        model.diagrams.push(Diagram {
            id: crate::model::DiagramId::new("d"),
            name: "D".to_owned(),
            view: DiagramView::Dfd(view),
        });
        let mut summary = Summary::default();
        fit(&mut model, &mut summary);
        let DiagramView::Dfd(view) = &model.diagrams[0].view else { unreachable!() };
        assert_eq!(view.nodes[&ElementId::new("far")], Rect::new(MAX_COORD, -MAX_COORD, 10, 10));
        assert_eq!(view.nodes[&ElementId::new("near")], Rect::new(10, 10, 10, 10));
        assert_eq!(view.bends[&FlowId::new("f")], vec![Point::new(0, 0), Point::new(0, MAX_COORD)]);
        let moved: Vec<_> = summary.warnings.iter().map(|w| w.source_id.clone()).collect();
        assert_eq!(moved, vec![Some("far".to_owned()), Some("f".to_owned())]);
    }
}

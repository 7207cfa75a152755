//! Combined fragments: a frame around the messages they hold, a tab naming the operator, the
//! guard, and a dashed divider above the else branch.

use super::super::message_spans::MessageSpans;
use super::super::{Align, Owner, Pos, Scene, SceneRect, Shape, Stroke};
use super::Frame;
use super::rows::Rows;

/// Paints every fragment whose first and last message were laid out.
pub(super) fn paint(scene: &mut Scene, frame: &Frame, rows: &Rows) {
    let (style, measure, spacing) = (frame.style, frame.measure, frame.spacing);
    let spans = MessageSpans::new(frame.view, |id| frame.columns.of(id));
    for (i, fragment) in frame.view.fragments.iter().enumerate() {
        let (Some(top), Some(end)) = (rows.fragment_top.get(&i), rows.fragment_bottom.get(&fragment.last)) else {
            continue;
        };
        let Some((min_x, max_x)) = spans.extent(&fragment.first, &fragment.last) else {
            continue;
        };
        let owner = Some(Owner::Fragment(fragment.id.clone()));
        let rect = SceneRect {
            min: Pos::new(min_x - spacing / 2.0 + 22.0, *top),
            max: Pos::new(max_x + spacing / 2.0 - 22.0, *end + 4.0),
        };
        scene.push(
            owner.as_ref(),
            Shape::Rect { rect, radius: 0.0, fill: None, stroke: Some(Stroke::solid(1.2, style.muted)) },
        );
        let size = style.small_size;
        let kind = fragment.kind.label();
        let kind_width = measure.width(kind, size);
        let tab_h = size * measure.line_height() + 6.0;
        let (l, t) = (rect.min.x, rect.min.y);
        scene.push(
            owner.as_ref(),
            Shape::Polygon {
                points: vec![
                    Pos::new(l, t),
                    Pos::new(l + kind_width + 16.0, t),
                    Pos::new(l + kind_width + 16.0, t + tab_h - 5.0),
                    Pos::new(l + kind_width + 11.0, t + tab_h),
                    Pos::new(l, t + tab_h),
                ],
                fill: Some(style.background),
                stroke: Some(Stroke::solid(1.2, style.muted)),
            },
        );
        let text = |pos: Pos, text: String, color| {
            let width = measure.width(&text, size);
            Shape::Text { pos, text, size, color, align: Align::Start, width }
        };
        scene.push(owner.as_ref(), text(Pos::new(l + 6.0, t + 3.0), kind.to_owned(), style.ink));
        if !fragment.guard.is_empty() {
            let guard = format!("[{}]", fragment.guard);
            scene.push(owner.as_ref(), text(Pos::new(l + kind_width + 24.0, t + 3.0), guard, style.muted));
        }
        if let Some(branch) = &fragment.else_branch
            && let Some(y) = rows.else_y.get(&branch.first)
        {
            scene.push(
                owner.as_ref(),
                Shape::Line {
                    points: vec![Pos::new(rect.min.x, *y), Pos::new(rect.max.x, *y)],
                    stroke: Stroke::dashed(1.2, style.muted, 6.0, 4.0),
                },
            );
            scene.push(owner.as_ref(), text(Pos::new(l + 6.0, y + 3.0), format!("[{}]", branch.guard), style.muted));
        }
    }
}

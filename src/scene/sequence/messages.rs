//! One message's row: the numbered label, the arrow (a loop for a self-message), and a marker
//! where it crosses the edge of a trust boundary band it crosses.

use super::super::bands::Bands;
use super::super::geometry::arrow_head;
use super::super::{Align, Owner, Pos, Scene, SceneRect, Shape, Stroke, wrap};
use super::{ACTIVATION_HALF_WIDTH, Deferred, Frame, ROW, SELF_LOOP_HEIGHT, SELF_LOOP_WIDTH};
use crate::model::{Message, MessageKind};

/// Where a drawn message leaves the pass down the page.
pub(super) struct Drawn {
    /// The bottom of the arrow: where an activation it opens starts, or one it closes ends.
    pub end: f32,
    /// Where the next row starts.
    pub next: f32,
}

/// Draws `message` (the `index`th, numbered from one) between the columns `x_from` and `x_to`,
/// its label starting at `y`.
pub(super) fn draw(
    scene: &mut Scene,
    frame: &Frame,
    bands: &Bands,
    (index, message): (usize, &Message),
    (x_from, x_to): (f32, f32),
    y: f32,
    later: &mut Vec<Deferred>,
) -> Drawn {
    let (style, measure) = (frame.style, frame.measure);
    let owner = Some(Owner::Message(message.id.clone()));
    let label = format!("{}. {}", index + 1, message.label(frame.model));
    let size = style.label_size;
    let line_height = size * measure.line_height();
    let is_self = message.from == message.to;
    let max_width =
        if is_self { frame.spacing - SELF_LOOP_WIDTH - 20.0 } else { ((x_to - x_from).abs() - 24.0).max(120.0) };
    let lines = wrap(measure, &label, size, max_width, 3);
    let y = y + line_height * lines.len() as f32;
    let stroke = match message.kind {
        MessageKind::Reply => Stroke::dashed(1.4, style.ink, 6.0, 4.0),
        MessageKind::Call | MessageKind::Async => Stroke::solid(1.4, style.ink),
    };
    let filled = message.kind == MessageKind::Call;
    let head = |from: Pos, tip: Pos| {
        let pts = arrow_head(from, tip, 10.0, 4.5);
        if filled {
            Shape::Polygon { points: pts.to_vec(), fill: Some(style.ink), stroke: None }
        } else {
            Shape::Line { points: vec![pts[1], pts[0], pts[2]], stroke: Stroke::solid(1.4, style.ink) }
        }
    };
    scene.layout.messages.push((message.id.clone(), y));
    let end = if is_self {
        let x = x_from + ACTIVATION_HALF_WIDTH;
        let points = vec![
            Pos::new(x, y),
            Pos::new(x + SELF_LOOP_WIDTH, y),
            Pos::new(x + SELF_LOOP_WIDTH, y + SELF_LOOP_HEIGHT),
            Pos::new(x, y + SELF_LOOP_HEIGHT),
        ];
        later.push((owner.clone(), Shape::Line { points, stroke }));
        let (from, tip) = (Pos::new(x + SELF_LOOP_WIDTH, y + SELF_LOOP_HEIGHT), Pos::new(x, y + SELF_LOOP_HEIGHT));
        scene.layout.message_heads.insert(message.id.clone(), arrow_head(from, tip, 10.0, 4.5));
        later.push((owner.clone(), head(from, tip)));
        for (i, line) in lines.into_iter().enumerate() {
            let width = measure.width(&line, size);
            let pos = Pos::new(x + SELF_LOOP_WIDTH + 8.0, y - line_height * 0.9 + i as f32 * line_height);
            later.push((
                owner.clone(),
                Shape::Text { pos, text: line, size, color: style.ink, align: Align::Start, width },
            ));
        }
        y + SELF_LOOP_HEIGHT
    } else {
        let direction = (x_to - x_from).signum();
        let start = Pos::new(x_from + direction * ACTIVATION_HALF_WIDTH, y);
        let tip = Pos::new(x_to - direction * ACTIVATION_HALF_WIDTH, y);
        later.push((owner.clone(), Shape::Line { points: vec![start, tip], stroke }));
        scene.layout.message_heads.insert(message.id.clone(), arrow_head(start, tip, 10.0, 4.5));
        later.push((owner.clone(), head(start, tip)));
        let center = f32::midpoint(x_from, x_to);
        // The label's box ends above the arrow head's half-width.
        let top = y - line_height * lines.len() as f32 - 5.5;
        let widest = lines.iter().map(|l| measure.width(l, size)).fold(0.0_f32, f32::max);
        let background = SceneRect {
            min: Pos::new(center - widest / 2.0 - 3.0, top - 1.0),
            max: Pos::new(center + widest / 2.0 + 3.0, top + line_height * lines.len() as f32),
        };
        scene.layout.message_labels.insert(message.id.clone(), background);
        later.push((
            owner.clone(),
            Shape::Rect { rect: background, radius: 2.0, fill: Some(style.label_background), stroke: None },
        ));
        for (i, line) in lines.into_iter().enumerate() {
            let width = measure.width(&line, size);
            let pos = Pos::new(center, top + i as f32 * line_height);
            later.push((
                owner.clone(),
                Shape::Text { pos, text: line, size, color: style.ink, align: Align::Middle, width },
            ));
        }
        mark_crossings(frame, bands, message, (x_from, x_to), y, later);
        y
    };
    Drawn { end, next: end + ROW - line_height }
}

/// A diamond on each band edge the message crosses, when its flow crosses that boundary.
fn mark_crossings(
    frame: &Frame,
    bands: &Bands,
    message: &Message,
    (x_from, x_to): (f32, f32),
    y: f32,
    later: &mut Vec<Deferred>,
) {
    let Some(flow) = message.flow.as_ref().and_then(|f| frame.model.flows.get(f)) else {
        return;
    };
    let owner = Some(Owner::Message(message.id.clone()));
    for band in bands.crossed(&flow.source, &flow.target, x_from, x_to) {
        for edge in [band.left, band.right] {
            if (edge - x_from) * (edge - x_to) < 0.0 {
                let d = 5.5;
                later.push((
                    owner.clone(),
                    Shape::Polygon {
                        points: vec![
                            Pos::new(edge, y - d),
                            Pos::new(edge + d, y),
                            Pos::new(edge, y + d),
                            Pos::new(edge - d, y),
                        ],
                        fill: Some(frame.style.boundary),
                        stroke: Some(Stroke::solid(1.0, frame.style.background)),
                    },
                ));
            }
        }
    }
}

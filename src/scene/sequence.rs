//! Sequence diagram notation: lifeline heads shaped by element kind, dashed lifelines,
//! numbered messages in order (solid calls with filled heads, dashed replies and asynchronous
//! messages with open heads, self-messages as loops), activation bars, notes, combined
//! fragments, and trust boundaries as labelled bands behind the lifelines of their members,
//! with a marker where a message crosses a band's edge.

use std::collections::{BTreeMap, BTreeSet};

use super::bands::Bands;
use super::geometry::arrow_head;
use super::message_spans::MessageSpans;
use super::{Align, Owner, Pos, Scene, SceneRect, Shape, Stroke, Style, TextMeasure, wrap};
use crate::model::{ElementId, ElementKind, MessageId, MessageKind, Model, Note, SequenceView};

const HEAD_HEIGHT: f32 = 54.0;
const MIN_SPACING: f32 = 190.0;
const ROW: f32 = 40.0;
const SELF_LOOP_WIDTH: f32 = 36.0;
const SELF_LOOP_HEIGHT: f32 = 22.0;
const ACTIVATION_HALF_WIDTH: f32 = 5.0;
const NOTE_WIDTH: f32 = 190.0;
const FRAGMENT_HEADER: f32 = 30.0;

/// Where each lifeline's column is, and which band runs each boundary has.
struct Columns {
    x: BTreeMap<ElementId, f32>,
}

impl Columns {
    fn of(&self, id: &ElementId) -> Option<f32> {
        self.x.get(id).copied()
    }
}

#[allow(clippy::too_many_lines)] // one pass down the diagram reads best as one function
pub(super) fn build(scene: &mut Scene, model: &Model, view: &SequenceView, style: &Style, measure: &dyn TextMeasure) {
    let lifelines: Vec<&ElementId> = view.lifelines.iter().filter(|id| model.elements.contains_key(*id)).collect();
    let widest = lifelines
        .iter()
        .filter_map(|id| model.elements.get(*id))
        .map(|e| measure.width(&e.name, style.text_size).min(260.0))
        .fold(0.0_f32, f32::max);
    let spacing = (widest + 50.0).max(MIN_SPACING);
    let columns = Columns {
        x: lifelines.iter().enumerate().map(|(i, id)| ((*id).clone(), spacing / 2.0 + i as f32 * spacing)).collect(),
    };
    scene.layout.lifelines =
        lifelines.iter().enumerate().map(|(i, id)| ((*id).clone(), spacing / 2.0 + i as f32 * spacing)).collect();

    // Bands: for every boundary, the runs of adjacent lifelines inside it.
    let columned: Vec<(&ElementId, f32)> = lifelines.iter().filter_map(|id| Some((*id, columns.of(id)?))).collect();
    let bands = Bands::new(model, &columned, spacing);
    let band_label_rows = bands.label_rows();
    let head_top = band_label_rows as f32 * (style.label_size * measure.line_height() + 6.0)
        + if bands.list.is_empty() { 0.0 } else { 6.0 };
    let head_bottom = head_top + HEAD_HEIGHT;

    // Rows: lay out messages, notes and fragment headers top to bottom.
    let mut y = head_bottom + 26.0;
    let starts: BTreeMap<&MessageId, Vec<usize>> =
        view.fragments.iter().enumerate().fold(BTreeMap::new(), |mut acc, (i, g)| {
            acc.entry(&g.first).or_default().push(i);
            acc
        });
    let elses: BTreeSet<&MessageId> =
        view.fragments.iter().filter_map(|g| g.else_branch.as_ref().map(|e| &e.first)).collect();
    let ends: BTreeMap<&MessageId, usize> = view.fragments.iter().fold(BTreeMap::new(), |mut acc, g| {
        *acc.entry(&g.last).or_default() += 1;
        acc
    });
    let mut message_y: BTreeMap<&MessageId, f32> = BTreeMap::new();
    let mut fragment_top: BTreeMap<usize, f32> = BTreeMap::new();
    let mut else_y: BTreeMap<&MessageId, f32> = BTreeMap::new();
    let mut fragment_bottom: BTreeMap<&MessageId, f32> = BTreeMap::new();
    let mut later: Vec<(Option<Owner>, Shape)> = Vec::new();
    let mut activations: BTreeMap<&ElementId, Vec<f32>> = BTreeMap::new();
    let mut bars: Vec<(ElementId, f32, f32, usize)> = Vec::new();

    let mut notes_after: BTreeMap<Option<&MessageId>, Vec<&Note>> = BTreeMap::new();
    for note in &view.notes {
        notes_after.entry(note.after.as_ref()).or_default().push(note);
    }
    let right_column = columns.x.values().copied().fold(f32::NEG_INFINITY, f32::max);
    let place_notes = |y: &mut f32, after: Option<&MessageId>, later: &mut Vec<(Option<Owner>, Shape)>| {
        for note in notes_after.get(&after).into_iter().flatten() {
            let Some(x) = columns.of(&note.lifeline) else {
                continue;
            };
            let size = style.label_size;
            let lines = wrap(measure, &note.text, size, NOTE_WIDTH - 16.0, 6);
            let height = lines.len() as f32 * size * measure.line_height() + 12.0;
            let rightmost = x >= right_column;
            let left = if rightmost {
                x - ACTIVATION_HALF_WIDTH - 10.0 - NOTE_WIDTH
            } else {
                x + ACTIVATION_HALF_WIDTH + 10.0
            };
            let owner = Some(Owner::Note(note.id.clone()));
            let fold = 8.0;
            let (top, right, bottom) = (*y, left + NOTE_WIDTH, *y + height);
            later.push((
                owner.clone(),
                Shape::Polygon {
                    points: vec![
                        Pos::new(left, top),
                        Pos::new(right - fold, top),
                        Pos::new(right, top + fold),
                        Pos::new(right, bottom),
                        Pos::new(left, bottom),
                    ],
                    fill: Some(style.note_fill),
                    stroke: Some(Stroke::solid(1.0, style.muted)),
                },
            ));
            for (i, line) in lines.into_iter().enumerate() {
                let width = measure.width(&line, size);
                let pos = Pos::new(left + 8.0, top + 6.0 + i as f32 * size * measure.line_height());
                later.push((
                    owner.clone(),
                    Shape::Text { pos, text: line, size, color: style.ink, align: Align::Start, width },
                ));
            }
            *y = bottom + 12.0;
        }
    };
    place_notes(&mut y, None, &mut later);

    for (index, message) in view.messages.iter().enumerate() {
        let (Some(x_from), Some(x_to)) = (columns.of(&message.from), columns.of(&message.to)) else {
            continue;
        };
        if let Some(frags) = starts.get(&message.id) {
            for i in frags {
                fragment_top.insert(*i, y - 6.0);
                y += FRAGMENT_HEADER;
            }
        }
        if elses.contains(&message.id) {
            else_y.insert(&message.id, y - 4.0);
            y += 22.0;
        }
        let owner = Some(Owner::Message(message.id.clone()));
        let label = format!("{}. {}", index + 1, message.label(model));
        let size = style.label_size;
        let line_height = size * measure.line_height();
        let is_self = message.from == message.to;
        let max_width =
            if is_self { spacing - SELF_LOOP_WIDTH - 20.0 } else { ((x_to - x_from).abs() - 24.0).max(120.0) };
        let lines = wrap(measure, &label, size, max_width, 3);
        y += line_height * lines.len() as f32;
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
        message_y.insert(&message.id, y);
        scene.layout.messages.push((message.id.clone(), y));
        if is_self {
            let x = x_from + ACTIVATION_HALF_WIDTH;
            let points = vec![
                Pos::new(x, y),
                Pos::new(x + SELF_LOOP_WIDTH, y),
                Pos::new(x + SELF_LOOP_WIDTH, y + SELF_LOOP_HEIGHT),
                Pos::new(x, y + SELF_LOOP_HEIGHT),
            ];
            later.push((owner.clone(), Shape::Line { points, stroke }));
            later.push((
                owner.clone(),
                head(Pos::new(x + SELF_LOOP_WIDTH, y + SELF_LOOP_HEIGHT), Pos::new(x, y + SELF_LOOP_HEIGHT)),
            ));
            for (i, line) in lines.into_iter().enumerate() {
                let width = measure.width(&line, size);
                let pos = Pos::new(x + SELF_LOOP_WIDTH + 8.0, y - line_height * 0.9 + i as f32 * line_height);
                later.push((
                    owner.clone(),
                    Shape::Text { pos, text: line, size, color: style.ink, align: Align::Start, width },
                ));
            }
            y += SELF_LOOP_HEIGHT;
        } else {
            let direction = (x_to - x_from).signum();
            let start = Pos::new(x_from + direction * ACTIVATION_HALF_WIDTH, y);
            let tip = Pos::new(x_to - direction * ACTIVATION_HALF_WIDTH, y);
            later.push((owner.clone(), Shape::Line { points: vec![start, tip], stroke }));
            later.push((owner.clone(), head(start, tip)));
            let center = f32::midpoint(x_from, x_to);
            let top = y - line_height * lines.len() as f32 - 3.0;
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
                later.push((
                    owner.clone(),
                    Shape::Text {
                        pos: Pos::new(center, top + i as f32 * line_height),
                        text: line,
                        size,
                        color: style.ink,
                        align: Align::Middle,
                        width,
                    },
                ));
            }
            // Mark where the message crosses the edge of a boundary it crosses.
            if let Some(flow) = message.flow.as_ref().and_then(|f| model.flows.get(f)) {
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
                                    fill: Some(style.boundary),
                                    stroke: Some(Stroke::solid(1.0, style.background)),
                                },
                            ));
                        }
                    }
                }
            }
        }
        // Activations: a call opens one on the receiver, a reply closes the sender's.
        match message.kind {
            MessageKind::Call if !is_self => activations.entry(&message.to).or_default().push(y),
            MessageKind::Reply => {
                if let Some(start) = activations.get_mut(&message.from).and_then(Vec::pop) {
                    let depth = activations.get(&message.from).map_or(0, Vec::len);
                    bars.push((message.from.clone(), start, y, depth));
                }
            }
            _ => {}
        }
        y += ROW - line_height;
        place_notes(&mut y, Some(&message.id), &mut later);
        if let Some(count) = ends.get(&message.id) {
            fragment_bottom.insert(&message.id, y - 8.0);
            y += 8.0 * *count as f32;
        }
    }
    let bottom = y + 16.0;
    for (element, starts) in activations {
        for (depth, start) in starts.into_iter().enumerate() {
            bars.push((element.clone(), start, bottom - 8.0, depth));
        }
    }

    // Paint, back to front: bands, heads and lifelines, activation bars, fragments, messages.
    for band in &bands.list {
        let Some(boundary) = model.boundaries.get(&band.boundary) else {
            continue;
        };
        let owner = Some(Owner::Boundary(band.boundary.clone()));
        let top = band.depth as f32 * (style.label_size * measure.line_height() + 6.0);
        let rect = SceneRect { min: Pos::new(band.left, top), max: Pos::new(band.right, bottom) };
        scene.push(
            owner.as_ref(),
            Shape::Rect {
                rect,
                radius: 8.0,
                fill: Some(style.boundary_fill),
                stroke: Some(Stroke::dashed(1.4, style.boundary, 8.0, 5.0)),
            },
        );
        let lines = wrap(measure, &boundary.name, style.label_size, rect.width() - 14.0, 1);
        for line in lines {
            let width = measure.width(&line, style.label_size);
            scene.push(
                owner.as_ref(),
                Shape::Text {
                    pos: Pos::new(band.left + 8.0, top + 3.0),
                    text: line,
                    size: style.label_size,
                    color: style.boundary,
                    align: Align::Start,
                    width,
                },
            );
        }
    }
    for id in &lifelines {
        let (Some(x), Some(element)) = (columns.of(id), model.elements.get(*id)) else {
            continue;
        };
        let owner = Some(Owner::Element((*id).clone()));
        scene.push(
            Some(&Owner::Lifeline((*id).clone())),
            Shape::Line {
                points: vec![Pos::new(x, head_bottom), Pos::new(x, bottom)],
                stroke: Stroke::dashed(1.2, style.muted, 6.0, 5.0),
            },
        );
        let rect = SceneRect::from_min_size(
            Pos::new(x - (spacing - 36.0) / 2.0, head_top),
            Pos::new(spacing - 36.0, HEAD_HEIGHT),
        );
        scene.layout.elements.insert((*id).clone(), rect);
        let stroke = Stroke::solid(1.5, style.ink);
        match &element.kind {
            ElementKind::Process(_) => scene.push(
                owner.as_ref(),
                Shape::Rect { rect, radius: HEAD_HEIGHT / 2.0, fill: Some(style.process_fill), stroke: Some(stroke) },
            ),
            ElementKind::ExternalEntity(_) => scene.push(
                owner.as_ref(),
                Shape::Rect { rect, radius: 2.0, fill: Some(style.entity_fill), stroke: Some(stroke) },
            ),
            ElementKind::DataStore(_) => {
                scene.push(
                    owner.as_ref(),
                    Shape::Rect { rect, radius: 0.0, fill: Some(style.store_fill), stroke: None },
                );
                for yy in [rect.min.y, rect.max.y] {
                    scene.push(
                        owner.as_ref(),
                        Shape::Line {
                            points: vec![Pos::new(rect.min.x, yy), Pos::new(rect.max.x, yy)],
                            stroke: Stroke::solid(2.1, style.ink),
                        },
                    );
                }
            }
        }
        let size = style.text_size;
        let line_height = size * measure.line_height();
        let lines = wrap(measure, &element.name, size, rect.width() - 22.0, 2);
        let top = rect.center().y - line_height * lines.len() as f32 / 2.0;
        for (i, line) in lines.into_iter().enumerate() {
            let width = measure.width(&line, size);
            scene.push(
                owner.as_ref(),
                Shape::Text {
                    pos: Pos::new(x, top + i as f32 * line_height),
                    text: line,
                    size,
                    color: style.ink,
                    align: Align::Middle,
                    width,
                },
            );
        }
    }
    for (element, start, end, depth) in bars {
        let Some(x) = columns.of(&element) else {
            continue;
        };
        let x = x + depth as f32 * 4.0;
        let rect = SceneRect {
            min: Pos::new(x - ACTIVATION_HALF_WIDTH, start),
            max: Pos::new(x + ACTIVATION_HALF_WIDTH, end.max(start + 8.0)),
        };
        scene.push(
            Some(&Owner::Lifeline(element)),
            Shape::Rect {
                rect,
                radius: 0.0,
                fill: Some(style.background),
                stroke: Some(Stroke::solid(1.2, style.ink)),
            },
        );
    }
    let spans = MessageSpans::new(view, |id| columns.of(id));
    for (i, fragment) in view.fragments.iter().enumerate() {
        let (Some(top), Some(end)) = (fragment_top.get(&i), fragment_bottom.get(&fragment.last)) else {
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
        scene.push(
            owner.as_ref(),
            Shape::Text {
                pos: Pos::new(l + 6.0, t + 3.0),
                text: kind.to_owned(),
                size,
                color: style.ink,
                align: Align::Start,
                width: kind_width,
            },
        );
        if !fragment.guard.is_empty() {
            let guard = format!("[{}]", fragment.guard);
            let width = measure.width(&guard, size);
            scene.push(
                owner.as_ref(),
                Shape::Text {
                    pos: Pos::new(l + kind_width + 24.0, t + 3.0),
                    text: guard,
                    size,
                    color: style.muted,
                    align: Align::Start,
                    width,
                },
            );
        }
        if let Some(branch) = &fragment.else_branch
            && let Some(y) = else_y.get(&branch.first)
        {
            scene.push(
                owner.as_ref(),
                Shape::Line {
                    points: vec![Pos::new(rect.min.x, *y), Pos::new(rect.max.x, *y)],
                    stroke: Stroke::dashed(1.2, style.muted, 6.0, 4.0),
                },
            );
            let guard = format!("[{}]", branch.guard);
            let width = measure.width(&guard, size);
            scene.push(
                owner.as_ref(),
                Shape::Text {
                    pos: Pos::new(l + 6.0, y + 3.0),
                    text: guard,
                    size,
                    color: style.muted,
                    align: Align::Start,
                    width,
                },
            );
        }
    }
    for (owner, shape) in later {
        scene.push(owner.as_ref(), shape);
    }
}

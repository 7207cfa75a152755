//! Sequence diagram notation: lifeline heads shaped by element kind, dashed lifelines,
//! numbered messages in order (solid calls with filled heads, dashed replies and asynchronous
//! messages with open heads, self-messages as loops), activation bars, notes, combined
//! fragments, and trust boundaries as labelled bands behind the lifelines of their members,
//! with a marker where a message crosses a band's edge.

mod fragments;
mod heads;
mod messages;
mod notes;
mod rows;

use std::collections::BTreeMap;

use super::bands::Bands;
use super::{Align, Owner, Pos, Scene, SceneRect, Shape, Stroke, Style, TextMeasure, wrap};
use crate::model::{ElementId, Model, SequenceView};

const HEAD_HEIGHT: f32 = 54.0;
const MIN_SPACING: f32 = 190.0;
const ROW: f32 = 40.0;
const SELF_LOOP_WIDTH: f32 = 36.0;
const SELF_LOOP_HEIGHT: f32 = 22.0;
const ACTIVATION_HALF_WIDTH: f32 = 5.0;
const NOTE_WIDTH: f32 = 190.0;
const FRAGMENT_HEADER: f32 = 30.0;

/// Where each lifeline's column is.
struct Columns {
    x: BTreeMap<ElementId, f32>,
}

impl Columns {
    fn of(&self, id: &ElementId) -> Option<f32> {
        self.x.get(id).copied()
    }
}

/// What every part of the diagram reads: the model, the view, how to draw and measure, and
/// where the columns are.
struct Frame<'a> {
    model: &'a Model,
    view: &'a SequenceView,
    style: &'a Style,
    measure: &'a dyn TextMeasure,
    columns: Columns,
    /// The distance between two lifelines, which also sizes heads and fragment margins.
    spacing: f32,
}

/// A shape waiting to be painted over the lifelines, with the record it belongs to.
type Deferred = (Option<Owner>, Shape);

/// Builds a sequence diagram in one pass down the page (heads, then rows of messages, notes and
/// fragment headers), then paints back to front so later rows never hide under earlier bands.
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
    let frame = Frame { model, view, style, measure, columns, spacing };

    // Bands: for every boundary, the runs of adjacent lifelines inside it.
    let columned: Vec<(&ElementId, f32)> =
        lifelines.iter().filter_map(|id| Some((*id, frame.columns.of(id)?))).collect();
    let bands = Bands::new(model, &columned, spacing);
    let band_row = style.label_size * measure.line_height() + 6.0;
    let head_top = bands.label_rows() as f32 * band_row + if bands.list.is_empty() { 0.0 } else { 6.0 };
    let head_bottom = head_top + HEAD_HEIGHT;

    let rows = rows::lay_out(scene, &frame, &bands, head_bottom + 26.0);

    // Paint, back to front: bands, heads and lifelines, activation bars, fragments, messages.
    paint_bands(scene, &frame, &bands, band_row, rows.bottom);
    heads::paint(scene, &frame, &lifelines, head_top, rows.bottom);
    paint_activations(scene, &frame, &rows.bars);
    fragments::paint(scene, &frame, &rows);
    for (owner, shape) in rows.later {
        scene.push(owner.as_ref(), shape);
    }
}

/// Each boundary as a labelled band behind the lifelines of its members.
fn paint_bands(scene: &mut Scene, frame: &Frame, bands: &Bands, band_row: f32, bottom: f32) {
    let (style, measure) = (frame.style, frame.measure);
    for band in &bands.list {
        let Some(boundary) = frame.model.boundaries.get(&band.boundary) else {
            continue;
        };
        let owner = Some(Owner::Boundary(band.boundary.clone()));
        let top = band.depth as f32 * band_row;
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
        for line in wrap(measure, &boundary.name, style.label_size, rect.width() - 14.0, 1) {
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
}

/// Activation bars, nested ones shifted right by their depth.
fn paint_activations(scene: &mut Scene, frame: &Frame, bars: &[rows::Activation]) {
    for bar in bars {
        let Some(x) = frame.columns.of(&bar.lifeline) else {
            continue;
        };
        let x = x + bar.depth as f32 * 4.0;
        let rect = SceneRect {
            min: Pos::new(x - ACTIVATION_HALF_WIDTH, bar.start),
            max: Pos::new(x + ACTIVATION_HALF_WIDTH, bar.end.max(bar.start + 8.0)),
        };
        scene.push(
            Some(&Owner::Lifeline(bar.lifeline.clone())),
            Shape::Rect {
                rect,
                radius: 0.0,
                fill: Some(frame.style.background),
                stroke: Some(Stroke::solid(1.2, frame.style.ink)),
            },
        );
    }
}

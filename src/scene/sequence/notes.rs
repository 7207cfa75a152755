//! Notes beside a lifeline, under the message they follow (or at the top).

use std::collections::BTreeMap;

use super::super::{Align, Owner, Pos, Shape, Stroke, wrap};
use super::{ACTIVATION_HALF_WIDTH, Deferred, Frame, NOTE_WIDTH};
use crate::model::{MessageId, Note};

/// The notes of a view, by the message they follow.
pub(super) struct Notes<'a> {
    after: BTreeMap<Option<&'a MessageId>, Vec<&'a Note>>,
    /// The rightmost column, whose notes go to its left so they stay on the page.
    right_column: f32,
}

impl<'a> Notes<'a> {
    pub fn new(frame: &Frame<'a>) -> Self {
        let mut after: BTreeMap<Option<&MessageId>, Vec<&Note>> = BTreeMap::new();
        for note in &frame.view.notes {
            after.entry(note.after.as_ref()).or_default().push(note);
        }
        let right_column = frame.columns.x.values().copied().fold(f32::NEG_INFINITY, f32::max);
        Self { after, right_column }
    }

    /// Places the notes that follow `after` from `y` down, moving `y` below them.
    pub fn place(&self, frame: &Frame, y: &mut f32, after: Option<&MessageId>, later: &mut Vec<Deferred>) {
        let (style, measure) = (frame.style, frame.measure);
        for note in self.after.get(&after).into_iter().flatten() {
            let Some(x) = frame.columns.of(&note.lifeline) else {
                continue;
            };
            let size = style.label_size;
            let lines = wrap(measure, &note.text, size, NOTE_WIDTH - 16.0, 6);
            let height = lines.len() as f32 * size * measure.line_height() + 12.0;
            let left = if x >= self.right_column {
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
    }
}

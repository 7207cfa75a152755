//! Merge conflicts: the values a conflict holds stay within the limits of the field they are
//! about, like the field itself. A conflict still open is no fault of the model (a file with
//! conflicts loads, so they can be resolved in the editor); the check `MRG001` reports it.

use super::{Fault, Field, Location, Report};
use crate::model::limits::MAX_TEXT_CHARS;
use crate::model::{FieldValue, MAX_COORD, Model};

pub(super) fn check(model: &Model, r: &mut Report<'_>) {
    let limit = MAX_COORD.unsigned_abs();
    for (key, conflict) in &model.conflicts {
        for (side, value) in [("base", &conflict.base), ("ours", &conflict.ours), ("theirs", &conflict.theirs)] {
            let at = || Location::Conflict(key.clone(), Field::Named(side));
            match value {
                Some(FieldValue::Text(text)) => r.text(text, MAX_TEXT_CHARS, at),
                Some(FieldValue::Texts(items)) => {
                    for (i, text) in items.iter().enumerate() {
                        r.text(text, MAX_TEXT_CHARS, || Location::Conflict(key.clone(), Field::Item(side, i)));
                    }
                }
                Some(FieldValue::Box(rect)) if !rect.is_within_limits() => r.add(at(), Fault::BoxOutOfRange),
                Some(FieldValue::Points(points)) => {
                    for (i, p) in points.iter().enumerate() {
                        if p.x.unsigned_abs() > limit || p.y.unsigned_abs() > limit {
                            r.add(Location::Conflict(key.clone(), Field::Item(side, i)), Fault::PointOutOfRange(*p));
                        }
                    }
                }
                _ => {}
            }
        }
        if r.is_full() {
            return;
        }
    }
}

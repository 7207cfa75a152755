//! The pass down the page: each message, note and fragment header gets its row, in order, and
//! the shapes of messages and notes wait in `later` to be painted over everything else.

use std::collections::{BTreeMap, BTreeSet};

use super::super::Scene;
use super::super::bands::Bands;
use super::{Deferred, FRAGMENT_HEADER, Frame, messages, notes};
use crate::model::{ElementId, MessageId, MessageKind};

/// An activation bar on one lifeline, from a call to its reply (or to the bottom).
pub(super) struct Activation {
    pub lifeline: ElementId,
    pub start: f32,
    pub end: f32,
    /// How many bars are already open on this lifeline beneath this one.
    pub depth: usize,
}

/// Where the rows came out, for the fragments and bars painted after them.
pub(super) struct Rows {
    /// The top of each fragment, by its index in the view.
    pub fragment_top: BTreeMap<usize, f32>,
    /// The bottom of the fragments that end at a message, by that message.
    pub fragment_bottom: BTreeMap<MessageId, f32>,
    /// Where the else divider runs, by the first message of the else branch.
    pub else_y: BTreeMap<MessageId, f32>,
    pub bars: Vec<Activation>,
    /// Messages and notes, painted last.
    pub later: Vec<Deferred>,
    /// Where the lifelines end.
    pub bottom: f32,
}

/// Lays out the rows from `top` down and records each message's row in the scene's layout.
pub(super) fn lay_out(scene: &mut Scene, frame: &Frame, bands: &Bands, top: f32) -> Rows {
    let view = frame.view;
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
    let notes = notes::Notes::new(frame);
    let mut rows = Rows {
        fragment_top: BTreeMap::new(),
        fragment_bottom: BTreeMap::new(),
        else_y: BTreeMap::new(),
        bars: Vec::new(),
        later: Vec::new(),
        bottom: 0.0,
    };
    let mut open: BTreeMap<&ElementId, Vec<f32>> = BTreeMap::new();
    let mut y = top;
    notes.place(frame, &mut y, None, &mut rows.later);

    for (index, message) in view.messages.iter().enumerate() {
        let (Some(x_from), Some(x_to)) = (frame.columns.of(&message.from), frame.columns.of(&message.to)) else {
            continue;
        };
        for i in starts.get(&message.id).into_iter().flatten() {
            rows.fragment_top.insert(*i, y - 6.0);
            y += FRAGMENT_HEADER;
        }
        if elses.contains(&message.id) {
            rows.else_y.insert(message.id.clone(), y - 4.0);
            y += 22.0;
        }
        let drawn = messages::draw(scene, frame, bands, (index, message), (x_from, x_to), y, &mut rows.later);
        y = drawn.end;
        // Activations: a call opens one on the receiver, a reply closes the sender's.
        match message.kind {
            MessageKind::Call if message.from != message.to => open.entry(&message.to).or_default().push(y),
            MessageKind::Reply => {
                if let Some(start) = open.get_mut(&message.from).and_then(Vec::pop) {
                    let depth = open.get(&message.from).map_or(0, Vec::len);
                    rows.bars.push(Activation { lifeline: message.from.clone(), start, end: y, depth });
                }
            }
            MessageKind::Call | MessageKind::Async => {}
        }
        y = drawn.next;
        notes.place(frame, &mut y, Some(&message.id), &mut rows.later);
        if let Some(count) = ends.get(&message.id) {
            rows.fragment_bottom.insert(message.id.clone(), y - 8.0);
            y += 8.0 * *count as f32;
        }
    }
    rows.bottom = y + 16.0;
    for (lifeline, starts) in open {
        for (depth, start) in starts.into_iter().enumerate() {
            rows.bars.push(Activation { lifeline: lifeline.clone(), start, end: rows.bottom - 8.0, depth });
        }
    }
    rows
}

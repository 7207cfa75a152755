//! Diagrams: DFD boxes, regions and bends name records that exist and stay in range; a
//! sequence diagram's messages run between its lifelines and agree with their flows, and its
//! fragments and notes anchor on its own messages, in order. Lookups go through maps built once
//! per diagram, so thousands of lifelines and messages cost n log n, not n².

use std::collections::{BTreeMap, BTreeSet};

use super::{Fault, Field, Location, Report, Site};
use crate::model::limits::{MAX_NAME_CHARS, MAX_TEXT_CHARS};
use crate::model::{DfdView, DiagramView, ElementId, MAX_COORD, MessageId, Model, SequenceView};

pub(super) fn check<'a>(model: &'a Model, r: &mut Report<'a>) {
    for (d, diagram) in model.diagrams.iter().enumerate() {
        r.id(diagram.id.as_str(), Site::Diagram(d));
        r.text(&diagram.name, MAX_NAME_CHARS, || Location::Diagram(d, Field::Named("name")));
        match &diagram.view {
            DiagramView::Dfd(view) => dfd(model, d, view, r),
            DiagramView::Sequence(view) => sequence(model, d, view, r),
        }
        if r.is_full() {
            return;
        }
    }
}

fn dfd(model: &Model, d: usize, view: &DfdView, r: &mut Report<'_>) {
    for (id, rect) in &view.nodes {
        if !r.is_element(id) {
            r.add(Location::Node(d, id.clone()), Fault::PlacesNoElement(id.clone()));
        }
        if !rect.is_within_limits() {
            r.add(Location::Node(d, id.clone()), Fault::BoxOutOfRange);
        }
    }
    for (id, rect) in &view.boundaries {
        if !model.boundaries.contains_key(id) {
            r.add(Location::Region(d, id.clone()), Fault::PlacesNoBoundary(id.clone()));
        }
        if !rect.is_within_limits() {
            r.add(Location::Region(d, id.clone()), Fault::BoxOutOfRange);
        }
    }
    let limit = MAX_COORD.unsigned_abs();
    for (id, points) in &view.bends {
        if !model.flows.contains_key(id) {
            r.add(Location::Bends(d, id.clone(), None), Fault::BendsNoFlow(id.clone()));
        }
        for (i, p) in points.iter().enumerate() {
            if p.x.unsigned_abs() > limit || p.y.unsigned_abs() > limit {
                r.add(Location::Bends(d, id.clone(), Some(i)), Fault::PointOutOfRange(*p));
            }
        }
    }
}

fn sequence<'a>(model: &'a Model, d: usize, view: &'a SequenceView, r: &mut Report<'a>) {
    let mut lifelines: BTreeSet<&ElementId> = BTreeSet::new();
    for (i, id) in view.lifelines.iter().enumerate() {
        if !r.is_element(id) {
            r.add(Location::Lifeline(d, i), Fault::LifelineNoElement(id.clone()));
        }
        if !lifelines.insert(id) {
            r.add(Location::Lifeline(d, i), Fault::RepeatedLifeline(id.clone()));
        }
    }
    let mut order: BTreeMap<&MessageId, usize> = BTreeMap::new();
    for (i, m) in view.messages.iter().enumerate() {
        let at = |field| Location::Message(d, i, Field::Named(field));
        r.id(m.id.as_str(), Site::Message(d, i));
        r.text(&m.text, MAX_NAME_CHARS, || at("text"));
        for (field, end) in [("from", &m.from), ("to", &m.to)] {
            if !lifelines.contains(end) {
                r.add(at(field), Fault::NoLifeline(end.clone()));
            }
        }
        if let Some(flow_id) = &m.flow {
            match model.flows.get(flow_id) {
                None => r.add(at("flow"), Fault::NoSuchFlow(flow_id.clone())),
                Some(flow) if !flow.carries(&m.from, &m.to) => r.add(
                    at("flow"),
                    Fault::FlowMismatch {
                        message: m.id.clone(),
                        from: m.from.clone(),
                        to: m.to.clone(),
                        flow: flow_id.clone(),
                        flow_from: flow.source.clone(),
                        flow_to: flow.target.clone(),
                    },
                ),
                Some(_) => {}
            }
        }
        order.entry(&m.id).or_insert(i);
    }
    for (i, g) in view.fragments.iter().enumerate() {
        let at = |field| Location::Fragment(d, i, Field::Named(field));
        r.id(g.id.as_str(), Site::Fragment(d, i));
        r.text(&g.guard, MAX_NAME_CHARS, || at("guard"));
        let mut position = |field, id: &MessageId| {
            let found = order.get(id).copied();
            if found.is_none() {
                r.add(at(field), Fault::NoSuchMessage(id.clone()));
            }
            found
        };
        let first = position("first", &g.first);
        let last = position("last", &g.last);
        let else_first = g.else_branch.as_ref().and_then(|e| position("else_first", &e.first));
        if let (Some(first), Some(last)) = (first, last) {
            if first > last {
                r.add(at("last"), Fault::LastBeforeFirst);
            }
            if let Some(e) = else_first
                && (e <= first || e > last)
            {
                r.add(at("else_first"), Fault::ElseOutsideFragment);
            }
        }
        if let Some(branch) = &g.else_branch {
            r.text(&branch.guard, MAX_NAME_CHARS, || at("else_guard"));
        }
    }
    for (i, n) in view.notes.iter().enumerate() {
        let at = |field| Location::Note(d, i, Field::Named(field));
        r.id(n.id.as_str(), Site::Note(d, i));
        r.text(&n.text, MAX_TEXT_CHARS, || at("text"));
        if !lifelines.contains(&n.lifeline) {
            r.add(at("lifeline"), Fault::NoLifeline(n.lifeline.clone()));
        }
        if let Some(after) = &n.after
            && !order.contains_key(after)
        {
            r.add(at("after"), Fault::NoSuchMessage(after.clone()));
        }
    }
}

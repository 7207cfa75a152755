//! Making a merged model consistent: a record one side deleted but the other still refers to
//! comes back (with a conflict saying so), and what a field-by-field merge put together wrongly
//! is repaired the least lossy way, with a conflict holding the three versions.

use std::collections::BTreeSet;

use super::{Ctx, MergeError};
use crate::model::{
    BoundaryId, DiagramId, DiagramView, Fault, FieldValue, Fields, FragmentId, MessageId, Model, Problem, RecordId,
    SequenceView,
};

/// Rounds of repair before giving up: each round restores every missing record found and
/// fixes one other fault, and a restored record can only name records its own side has.
const MAX_ROUNDS: usize = 1_000;

/// What the merge can do about one problem [`Model::validate`] found.
enum Mend {
    /// Bring back a record one side deleted and the merge still refers to.
    Restore(RecordId),
    /// Both sides used one id for different records: no merge.
    Clash(String),
    /// Cut a boundary out of a nesting circle.
    Cycle(BoundaryId),
    /// Drop the flow of a message that now goes another way than it.
    AgainstFlow(DiagramId, MessageId),
    /// Make a fragment span its messages in order again.
    OutOfOrder(DiagramId, FragmentId),
    /// Nothing a merge can do (only inputs that do not load themselves lead here).
    Nothing,
}

fn mend(model: &Model, problem: &Problem) -> Mend {
    if let Some(missing) = problem.missing(model) {
        return Mend::Restore(missing);
    }
    let record = problem.record(model);
    match (&problem.fault, record) {
        (Fault::DuplicateId { id, .. }, _) => Mend::Clash(id.clone()),
        (Fault::BoundaryCycle(_), Some(RecordId::Boundary(b))) => Mend::Cycle(b),
        (Fault::FlowMismatch { .. }, Some(RecordId::Message(d, m))) => Mend::AgainstFlow(d, m),
        (Fault::LastBeforeFirst | Fault::ElseOutsideFragment, Some(RecordId::Fragment(d, g))) => Mend::OutOfOrder(d, g),
        _ => Mend::Nothing,
    }
}

pub(super) fn repair(ctx: &mut Ctx<'_>, model: &mut Model) -> Result<(), MergeError> {
    let mut cut_loose: BTreeSet<BoundaryId> = BTreeSet::new();
    for _ in 0..MAX_ROUNDS {
        let Err(problems) = model.validate() else { return Ok(()) };
        let mends: Vec<Mend> = problems.iter().map(|p| mend(model, p)).collect();
        let mut progressed = false;
        let mut other_fixed = false;
        for m in mends {
            match m {
                Mend::Restore(target) => progressed |= restore(ctx, model, &target),
                Mend::Clash(id) => return Err(MergeError::IdClash(id)),
                Mend::Nothing => {}
                other if !other_fixed => {
                    other_fixed = fix(ctx, model, other, &mut cut_loose);
                    progressed |= other_fixed;
                }
                _ => {}
            }
        }
        if !progressed {
            return Err(unrepairable(problems));
        }
    }
    model.validate().map_err(unrepairable)
}

fn unrepairable(problems: Vec<Problem>) -> MergeError {
    MergeError::Unrepairable(problems.into_iter().next().map(Box::new))
}

fn sequence_mut<'a>(model: &'a mut Model, d: &DiagramId) -> Option<&'a mut SequenceView> {
    match model.diagrams.iter_mut().find(|x| &x.id == d).map(|x| &mut x.view) {
        Some(DiagramView::Sequence(v)) => Some(v),
        _ => None,
    }
}

fn sequence<'a>(model: &'a Model, d: &DiagramId) -> Option<&'a SequenceView> {
    match model.diagram(d).map(|x| &x.view) {
        Some(DiagramView::Sequence(v)) => Some(v),
        _ => None,
    }
}

/// The diagram of one side that has message `m`.
fn diagram_with_message(model: &Model, m: &MessageId) -> Option<DiagramId> {
    model
        .diagrams
        .iter()
        .find(|d| matches!(&d.view, DiagramView::Sequence(v) if v.messages.iter().any(|x| &x.id == m)))
        .map(|d| d.id.clone())
}

/// Inserts `item` into `list` right after the item that precedes it in `source` (found by
/// `same`), or first.
fn insert_after_neighbour<T: Clone>(list: &mut Vec<T>, source: &[T], item: &T, same: impl Fn(&T, &T) -> bool) {
    let at = source.iter().position(|x| same(x, item)).unwrap_or(0);
    let index =
        source[..at].iter().rev().find_map(|before| list.iter().position(|x| same(x, before))).map_or(0, |i| i + 1);
    list.insert(index, item.clone());
}

/// Brings back `target` from the side that still has it; returns whether it could.
fn restore(ctx: &mut Ctx<'_>, model: &mut Model, target: &RecordId) -> bool {
    let target = match target {
        RecordId::Message(d, m) if d.as_str().is_empty() => {
            match diagram_with_message(ctx.ours, m).or_else(|| diagram_with_message(ctx.theirs, m)) {
                Some(d) => RecordId::Message(d, m.clone()),
                None => return false,
            }
        }
        other => other.clone(),
    };
    if model.has_record(&target) {
        return true;
    }
    let from_ours = ctx.ours.has_record(&target);
    if !from_ours && !ctx.theirs.has_record(&target) {
        return false;
    }
    let side = ctx.side(from_ours);
    let restored = match &target {
        RecordId::Element(id) => {
            let Some(e) = side.elements.get(id) else { return false };
            model.elements.insert(id.clone(), e.clone());
            restore_boxes(side, model, id.as_str());
            true
        }
        RecordId::Flow(id) => side.flows.get(id).map(|f| model.flows.insert(id.clone(), f.clone())).is_some(),
        RecordId::Boundary(id) => {
            let Some(b) = side.boundaries.get(id) else { return false };
            model.boundaries.insert(id.clone(), b.clone());
            restore_boxes(side, model, id.as_str());
            true
        }
        RecordId::Threat(id) => side.threats.get(id).map(|t| model.threats.insert(id.clone(), t.clone())).is_some(),
        RecordId::Diagram(id) => {
            let Some(index) = side.diagrams.iter().position(|d| &d.id == id) else { return false };
            let at = index.min(model.diagrams.len());
            model.diagrams.insert(at, side.diagrams[index].clone());
            true
        }
        RecordId::Lifeline(d, e) => {
            let (Some(source), Some(view)) = (sequence(side, d), sequence_mut(model, d)) else { return false };
            insert_after_neighbour(&mut view.lifelines, &source.lifelines, e, |a, b| a == b);
            true
        }
        RecordId::Message(d, m) => {
            let Some(source) = sequence(side, d) else { return false };
            let Some(message) = source.messages.iter().find(|x| &x.id == m) else { return false };
            let Some(view) = sequence_mut(model, d) else { return false };
            insert_after_neighbour(&mut view.messages, &source.messages, message, |a, b| a.id == b.id);
            true
        }
        _ => false,
    };
    if restored {
        ctx.existence(&target, ctx.base.has_record(&target), from_ours);
    }
    restored
}

/// Puts back the boxes a restored element or boundary had on `side`'s data-flow diagrams.
fn restore_boxes(side: &Model, model: &mut Model, id: &str) {
    for diagram in &mut model.diagrams {
        let DiagramView::Dfd(view) = &mut diagram.view else { continue };
        let Some(DiagramView::Dfd(source)) = side.diagram(&diagram.id).map(|d| &d.view) else { continue };
        let (e, b) = (crate::model::ElementId::new(id), BoundaryId::new(id));
        if let Some(r) = source.nodes.get(&e) {
            view.nodes.entry(e).or_insert(*r);
        }
        if let Some(r) = source.boundaries.get(&b) {
            view.boundaries.entry(b).or_insert(*r);
        }
    }
}

/// One side's value of a field of a diagram part (or record), for a conflict.
fn side_value(model: &Model, record: &RecordId, field: &str) -> Option<FieldValue> {
    match record {
        RecordId::Boundary(id) => model.boundaries.get(id)?.get(field),
        RecordId::Message(d, m) => sequence(model, d)?.messages.iter().find(|x| &x.id == m)?.get(field),
        RecordId::Fragment(d, g) => sequence(model, d)?.fragments.iter().find(|x| &x.id == g)?.get(field),
        _ => None,
    }
}

fn record_conflict(ctx: &mut Ctx<'_>, record: &RecordId, field: &str) {
    let (b, o, t) = (
        side_value(ctx.base, record, field),
        side_value(ctx.ours, record, field),
        side_value(ctx.theirs, record, field),
    );
    ctx.conflict(record, Some(field), b, o, t);
}

/// Fixes one fault other than a missing record; returns whether it changed anything.
fn fix(ctx: &mut Ctx<'_>, model: &mut Model, mend: Mend, cut_loose: &mut BTreeSet<BoundaryId>) -> bool {
    match mend {
        Mend::Cycle(id) => {
            let id = &id;
            let Some(current) = model.boundaries.get(id).map(|b| b.parent.clone()) else { return false };
            let sides = [ctx.ours, ctx.theirs].map(|m| m.boundaries.get(id).map(|b| b.parent.clone()));
            let parent = if cut_loose.insert(id.clone()) {
                sides.into_iter().flatten().find(|p| p != &current).unwrap_or(None)
            } else {
                None
            };
            if let Some(b) = model.boundaries.get_mut(id) {
                b.parent = parent;
            }
            record_conflict(ctx, &RecordId::Boundary(id.clone()), "parent");
            true
        }
        Mend::AgainstFlow(d, m) => {
            let (d, m) = (&d, &m);
            let flow_name = |model: &Model| -> Option<String> {
                let message = sequence(model, d)?.messages.iter().find(|x| &x.id == m)?;
                model.flows.get(message.flow.as_ref()?).map(|f| f.name.clone())
            };
            let name = flow_name(model).unwrap_or_default();
            let Some(message) = sequence_mut(model, d).and_then(|v| v.messages.iter_mut().find(|x| &x.id == m)) else {
                return false;
            };
            message.flow = None;
            if message.text.is_empty() {
                message.text = name;
            }
            record_conflict(ctx, &RecordId::Message(d.clone(), m.clone()), "flow");
            true
        }
        Mend::OutOfOrder(d, g) => widen(ctx, model, &d, &g),
        Mend::Restore(_) | Mend::Clash(_) | Mend::Nothing => false,
    }
}

/// Makes a fragment span from the earliest to the latest of its messages, dropping an else
/// branch that no longer falls inside; each field changed becomes a conflict.
fn widen(ctx: &mut Ctx<'_>, model: &mut Model, d: &DiagramId, g: &FragmentId) -> bool {
    let Some(view) = sequence_mut(model, d) else { return false };
    let position = |id: &MessageId| view.messages.iter().position(|m| &m.id == id);
    let Some(fragment) = view.fragments.iter().find(|x| &x.id == g).cloned() else { return false };
    let (Some(first), Some(last)) = (position(&fragment.first), position(&fragment.last)) else { return false };
    let (low, high) = (first.min(last), first.max(last));
    let else_at = fragment.else_branch.as_ref().and_then(|e| position(&e.first));
    let keep_else = else_at.is_some_and(|e| e > low && e <= high);
    let (Some(new_first), Some(new_last)) =
        (view.messages.get(low).map(|m| m.id.clone()), view.messages.get(high).map(|m| m.id.clone()))
    else {
        return false;
    };
    let Some(target) = view.fragments.iter_mut().find(|x| &x.id == g) else { return false };
    target.first = new_first;
    target.last = new_last;
    if !keep_else {
        target.else_branch = None;
    }
    let after = target.clone();
    let record = RecordId::Fragment(d.clone(), g.clone());
    for field in ["first", "last", "else_first"] {
        if fragment.get(field) != after.get(field) {
            record_conflict(ctx, &record, field);
        }
    }
    true
}

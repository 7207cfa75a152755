//! Three-way merge of models by record id and field: what `threatcanvas merge` (and so git,
//! through the merge driver) runs.
//!
//! - Records are matched by id. A record changed on one side only takes that side's version;
//!   changed on both, each field comes from the side that changed it, and a field both
//!   changed differently keeps ours and becomes a [`Conflict`](crate::model::Conflict).
//! - Records added on both sides never collide (ids are random).
//! - Deleting a record on one side while the other changes it keeps the record and records a
//!   conflict about it. So does deleting a record the other side now refers to (a new flow to
//!   a deleted element): the record comes back. Layout is the exception: deleting an element's
//!   box wins over moving it.
//! - Ordered lists (messages, lifelines, fragments, notes, diagram tabs) merge by id: both
//!   sides' insertions are kept, each after its neighbour on its own side, and a reordering is
//!   taken from the side that made it. Two different reorderings of a sequence diagram's list
//!   keep ours and record a conflict on the diagram; of the tabs, ours (not worth a conflict).
//! - Whatever a field-by-field merge cannot make consistent (boundaries nesting in a loop, a
//!   message whose flow now goes the other way, a fragment whose messages changed order) is
//!   repaired the least lossy way and recorded as a conflict.
//!
//! The result always passes [`Model::faults`], so it saves and loads; its `conflicts` list what
//! is left to decide. Pure: no I/O.

mod order;
mod records;
mod repair;

use std::collections::{BTreeMap, BTreeSet};

use records::{OnDelete, merge_map, merge_one, merge_opaque};

use crate::model::{
    Conflict, ConflictKey, DfdView, Diagram, DiagramId, DiagramView, ElementId, FieldValue, Model, RecordId,
    SequenceView,
};

/// Why two models could not be merged at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// Both sides added a record with this id, of different kinds (hand-written ids can do
    /// this; generated ones do not).
    #[error("both sides use the id {0} for different records; rename one of them and merge again")]
    IdClash(String),
    /// A fault the merge could not repair (only models that do not load themselves lead here).
    #[error("the merged model would not load: {}", .0.as_deref().map_or_else(String::new, ToString::to_string))]
    Unrepairable(Option<Box<crate::model::Problem>>),
}

/// The three inputs and the conflicts found so far.
pub(crate) struct Ctx<'a> {
    base: &'a Model,
    ours: &'a Model,
    theirs: &'a Model,
    conflicts: BTreeMap<ConflictKey, Conflict>,
}

/// Merges `ours` and `theirs`, two descendants of `base`. The result's `conflicts` hold what
/// could not be decided (empty for a clean merge), besides any conflicts the inputs held.
///
/// # Errors
/// [`MergeError`] when both sides used one id for different kinds of record, or an input does
/// not load itself.
pub fn merge(base: &Model, ours: &Model, theirs: &Model) -> Result<Model, MergeError> {
    let mut ctx = Ctx { base, ours, theirs, conflicts: BTreeMap::new() };
    let meta = merge_one(
        &mut ctx,
        &RecordId::Meta,
        Some(&base.meta),
        Some(&ours.meta),
        Some(&theirs.meta),
        OnDelete::Conflict,
    )
    .unwrap_or_default();
    let mut model = Model {
        meta,
        elements: merge_map(
            &mut ctx,
            &base.elements,
            &ours.elements,
            &theirs.elements,
            |id| RecordId::Element(id.clone()),
            OnDelete::Conflict,
        ),
        flows: merge_map(
            &mut ctx,
            &base.flows,
            &ours.flows,
            &theirs.flows,
            |id| RecordId::Flow(id.clone()),
            OnDelete::Conflict,
        ),
        boundaries: merge_map(
            &mut ctx,
            &base.boundaries,
            &ours.boundaries,
            &theirs.boundaries,
            |id| RecordId::Boundary(id.clone()),
            OnDelete::Conflict,
        ),
        threats: merge_map(
            &mut ctx,
            &base.threats,
            &ours.threats,
            &theirs.threats,
            |id| RecordId::Threat(id.clone()),
            OnDelete::Conflict,
        ),
        dismissed: merge_map(
            &mut ctx,
            &base.dismissed,
            &ours.dismissed,
            &theirs.dismissed,
            |k| RecordId::Dismissal(k.clone()),
            OnDelete::Conflict,
        ),
        suppressions: merge_map(
            &mut ctx,
            &base.suppressions,
            &ours.suppressions,
            &theirs.suppressions,
            |k| RecordId::Suppression(k.clone()),
            OnDelete::Conflict,
        ),
        diagrams: Vec::new(),
        conflicts: merge_opaque(&base.conflicts, &ours.conflicts, &theirs.conflicts),
    };
    model.diagrams = merge_diagrams(&mut ctx)?;
    repair::repair(&mut ctx, &mut model)?;
    model.conflicts.append(&mut ctx.conflicts);
    Ok(model)
}

fn by_id(model: &Model) -> BTreeMap<&DiagramId, &Diagram> {
    model.diagrams.iter().map(|d| (&d.id, d)).collect()
}

/// Whether a diagram changed beyond layout between two versions.
fn changed_beyond_layout(before: &Diagram, after: &Diagram) -> bool {
    match (&before.view, &after.view) {
        (DiagramView::Dfd(_), DiagramView::Dfd(_)) => before.name != after.name,
        _ => before != after,
    }
}

fn merge_diagrams(ctx: &mut Ctx<'_>) -> Result<Vec<Diagram>, MergeError> {
    let (base, ours, theirs) = (by_id(ctx.base), by_id(ctx.ours), by_id(ctx.theirs));
    let all: BTreeSet<&DiagramId> = base.keys().chain(ours.keys()).chain(theirs.keys()).copied().collect();
    let mut merged: BTreeMap<DiagramId, Diagram> = BTreeMap::new();
    for id in all {
        let (b, o, t) = (base.get(id).copied(), ours.get(id).copied(), theirs.get(id).copied());
        let record = RecordId::Diagram(id.clone());
        let diagram = match (o, t) {
            _ if o == t || t == b => o.cloned(),
            _ if o == b => t.cloned(),
            (Some(o), Some(t)) => Some(merge_diagram(ctx, id, b, o, t)?),
            (None, Some(t)) => match b {
                Some(b) if !changed_beyond_layout(b, t) => None,
                _ => {
                    ctx.existence(&record, b.is_some(), false);
                    Some(t.clone())
                }
            },
            (Some(o), None) => match b {
                Some(b) if !changed_beyond_layout(b, o) => None,
                _ => {
                    ctx.existence(&record, b.is_some(), true);
                    Some(o.clone())
                }
            },
            (None, None) => None,
        };
        if let Some(d) = diagram {
            merged.insert(id.clone(), d);
        }
    }
    let ids = |m: &Model| m.diagrams.iter().map(|d| d.id.clone()).collect::<Vec<_>>();
    let keep: BTreeSet<DiagramId> = merged.keys().cloned().collect();
    // Tab order is not worth a conflict: when both sides reorder tabs differently, ours stands.
    let (order, _) = order::merge_order(&ids(ctx.base), &ids(ctx.ours), &ids(ctx.theirs), &keep);
    Ok(order::in_order(merged, &order))
}

fn merge_diagram(
    ctx: &mut Ctx<'_>,
    id: &DiagramId,
    b: Option<&Diagram>,
    o: &Diagram,
    t: &Diagram,
) -> Result<Diagram, MergeError> {
    let record = RecordId::Diagram(id.clone());
    let base_name = b.map(|x| &x.name);
    let name = if o.name == t.name || base_name == Some(&t.name) {
        o.name.clone()
    } else if base_name == Some(&o.name) {
        t.name.clone()
    } else {
        let text = |s: &String| Some(FieldValue::Text(s.clone()));
        ctx.conflict(&record, Some("name"), base_name.and_then(text), text(&o.name), text(&t.name));
        o.name.clone()
    };
    let view = match (&o.view, &t.view) {
        (DiagramView::Dfd(ov), DiagramView::Dfd(tv)) => {
            let empty = DfdView::default();
            let bv = match b.map(|x| &x.view) {
                Some(DiagramView::Dfd(v)) => v,
                _ => &empty,
            };
            DiagramView::Dfd(DfdView {
                nodes: merge_map(
                    ctx,
                    &bv.nodes,
                    &ov.nodes,
                    &tv.nodes,
                    |e| RecordId::Node(id.clone(), e.clone()),
                    OnDelete::Wins,
                ),
                boundaries: merge_map(
                    ctx,
                    &bv.boundaries,
                    &ov.boundaries,
                    &tv.boundaries,
                    |x| RecordId::BoundaryBox(id.clone(), x.clone()),
                    OnDelete::Wins,
                ),
                bends: merge_map(
                    ctx,
                    &bv.bends,
                    &ov.bends,
                    &tv.bends,
                    |f| RecordId::Bends(id.clone(), f.clone()),
                    OnDelete::Wins,
                ),
            })
        }
        (DiagramView::Sequence(ov), DiagramView::Sequence(tv)) => {
            let empty = SequenceView::default();
            let bv = match b.map(|x| &x.view) {
                Some(DiagramView::Sequence(v)) => v,
                _ => &empty,
            };
            DiagramView::Sequence(merge_sequence(ctx, id, bv, ov, tv))
        }
        _ => return Err(MergeError::IdClash(id.to_string())),
    };
    Ok(Diagram { id: id.clone(), name, view })
}

fn keyed<'a, K: Ord + Clone + 'a, T: Clone + 'a>(
    items: impl IntoIterator<Item = &'a T>,
    id: impl Fn(&T) -> &K,
) -> BTreeMap<K, T> {
    items.into_iter().map(|x| (id(x).clone(), x.clone())).collect()
}

fn merge_sequence(
    ctx: &mut Ctx<'_>,
    d: &DiagramId,
    b: &SequenceView,
    o: &SequenceView,
    t: &SequenceView,
) -> SequenceView {
    let record = RecordId::Diagram(d.clone());
    // Lifelines have no fields: present or not.
    let set = |v: &SequenceView| v.lifelines.iter().cloned().collect::<BTreeSet<ElementId>>();
    let (lb, lo, lt) = (set(b), set(o), set(t));
    let lifelines: BTreeSet<ElementId> = lo
        .iter()
        .filter(|e| lt.contains(*e) || !lb.contains(*e))
        .chain(lt.iter().filter(|e| !lb.contains(*e)))
        .cloned()
        .collect();
    let names = |v: &[ElementId]| v.iter().map(|e| e.as_str().to_owned()).collect::<Vec<_>>();
    let lifeline_order = list_order(
        ctx,
        &record,
        "lifelines",
        [names(&b.lifelines), names(&o.lifelines), names(&t.lifelines)],
        &lifelines.iter().map(|e| e.as_str().to_owned()).collect::<BTreeSet<String>>(),
    );
    let messages = merge_map(
        ctx,
        &keyed(&b.messages, |m| &m.id),
        &keyed(&o.messages, |m| &m.id),
        &keyed(&t.messages, |m| &m.id),
        |m| RecordId::Message(d.clone(), m.clone()),
        OnDelete::Conflict,
    );
    let fragments = merge_map(
        ctx,
        &keyed(&b.fragments, |g| &g.id),
        &keyed(&o.fragments, |g| &g.id),
        &keyed(&t.fragments, |g| &g.id),
        |g| RecordId::Fragment(d.clone(), g.clone()),
        OnDelete::Conflict,
    );
    let notes = merge_map(
        ctx,
        &keyed(&b.notes, |n| &n.id),
        &keyed(&o.notes, |n| &n.id),
        &keyed(&t.notes, |n| &n.id),
        |n| RecordId::Note(d.clone(), n.clone()),
        OnDelete::Conflict,
    );
    let ids_of = |f: fn(&SequenceView) -> Vec<String>| [f(b), f(o), f(t)];
    let message_order = list_order(
        ctx,
        &record,
        "messages",
        ids_of(|v| v.messages.iter().map(|m| m.id.as_str().to_owned()).collect()),
        &messages.keys().map(|k| k.as_str().to_owned()).collect::<BTreeSet<String>>(),
    );
    let fragment_order = list_order(
        ctx,
        &record,
        "fragments",
        ids_of(|v| v.fragments.iter().map(|g| g.id.as_str().to_owned()).collect()),
        &fragments.keys().map(|k| k.as_str().to_owned()).collect::<BTreeSet<String>>(),
    );
    let note_order = list_order(
        ctx,
        &record,
        "notes",
        ids_of(|v| v.notes.iter().map(|n| n.id.as_str().to_owned()).collect()),
        &notes.keys().map(|k| k.as_str().to_owned()).collect::<BTreeSet<String>>(),
    );
    SequenceView {
        lifelines: lifeline_order.into_iter().map(ElementId::new).collect(),
        messages: order::in_order(
            messages.into_iter().map(|(k, v)| (k.as_str().to_owned(), v)).collect(),
            &message_order,
        ),
        fragments: order::in_order(
            fragments.into_iter().map(|(k, v)| (k.as_str().to_owned(), v)).collect(),
            &fragment_order,
        ),
        notes: order::in_order(notes.into_iter().map(|(k, v)| (k.as_str().to_owned(), v)).collect(), &note_order),
    }
}

/// The merged order of one of a sequence diagram's lists; two different reorderings keep ours
/// and record a conflict on the diagram's `field`.
fn list_order(
    ctx: &mut Ctx<'_>,
    record: &RecordId,
    field: &str,
    [base, ours, theirs]: [Vec<String>; 3],
    keep: &BTreeSet<String>,
) -> Vec<String> {
    let (order, clash) = order::merge_order(&base, &ours, &theirs, keep);
    if clash {
        let texts = |v: Vec<String>| Some(FieldValue::Texts(v));
        ctx.conflict(record, Some(field), texts(base), texts(ours), texts(theirs));
    }
    order
}

#[cfg(test)]
mod tests;

/// Every unresolved conflict of `model`, one line each: "element P1, field name: base "a",
/// ours "b", theirs "c"". What `validate` prints, and what `check` reports as errors.
#[must_use]
pub fn describe_conflicts(model: &Model) -> Vec<String> {
    model.conflicts.iter().map(|(key, conflict)| format!("{key}: {}", conflict.describe(key))).collect()
}

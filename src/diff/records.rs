//! Record-by-record comparison: records matched by id, compared whole first (cheap), then field
//! by field where they differ.

use std::collections::BTreeMap;

use super::{Change, FieldChange, RecordChange};
use crate::model::{DiagramId, DiagramView, ElementId, FieldValue, Fields, Model, RecordId, SequenceView};

/// The fields of `new` that differ from `old`.
pub(super) fn field_changes<T: Fields>(old: &T, new: &T) -> Vec<FieldChange> {
    T::NAMES
        .iter()
        .filter_map(|field| {
            let (before, after) = (old.get(field), new.get(field));
            (before != after).then_some(FieldChange { field, before, after })
        })
        .collect()
}

/// Compares two keyed collections of records, each sorted by key.
fn compare_map<'a, K: Ord + 'a, T: Fields + PartialEq + 'a>(
    old: impl IntoIterator<Item = (&'a K, &'a T)>,
    new: impl IntoIterator<Item = (&'a K, &'a T)>,
    record: impl Fn(&K) -> RecordId,
    name: impl Fn(&T) -> String,
    out: &mut Vec<RecordChange>,
) {
    for (k, before, after) in super::join::join(old, new) {
        match (before, after) {
            (Some(before), None) => {
                out.push(RecordChange { record: record(k), name: name(before), change: Change::Removed });
            }
            (None, Some(after)) => {
                out.push(RecordChange { record: record(k), name: name(after), change: Change::Added });
            }
            (Some(before), Some(after)) if before != after => {
                let fields = field_changes(before, after);
                if !fields.is_empty() {
                    out.push(RecordChange { record: record(k), name: name(after), change: Change::Changed(fields) });
                }
            }
            _ => {}
        }
    }
}

/// The records of a list, sorted by id.
fn by_id<'a, K: Ord, T>(items: &'a [T], id: impl Fn(&'a T) -> &'a K) -> BTreeMap<&'a K, &'a T> {
    items.iter().map(|x| (id(x), x)).collect()
}

/// A short one-line label from a longer text.
fn short(text: &str) -> String {
    const SHOWN: usize = 60;
    let line = text.lines().next().unwrap_or_default();
    if line.chars().count() > SHOWN || line.len() < text.len() {
        format!("{}…", line.chars().take(SHOWN).collect::<String>())
    } else {
        line.to_owned()
    }
}

/// Every record change from `old` to `new`, layout apart; both lists in record order.
pub(super) fn compare(old: &Model, new: &Model, changes: &mut Vec<RecordChange>, layout: &mut Vec<RecordChange>) {
    let meta = field_changes(&old.meta, &new.meta);
    if !meta.is_empty() {
        changes.push(RecordChange {
            record: RecordId::Meta,
            name: new.meta.title.clone(),
            change: Change::Changed(meta),
        });
    }
    compare_map(&old.elements, &new.elements, |id| RecordId::Element(id.clone()), |e| e.name.clone(), changes);
    compare_map(&old.flows, &new.flows, |id| RecordId::Flow(id.clone()), |f| f.name.clone(), changes);
    compare_map(&old.boundaries, &new.boundaries, |id| RecordId::Boundary(id.clone()), |b| b.name.clone(), changes);
    compare_map(&old.threats, &new.threats, |id| RecordId::Threat(id.clone()), |t| t.title.clone(), changes);
    compare_map(&old.dismissed, &new.dismissed, |k| RecordId::Dismissal(k.clone()), |r| short(r), changes);
    compare_map(&old.suppressions, &new.suppressions, |k| RecordId::Suppression(k.clone()), |r| short(r), changes);
    compare_diagrams(old, new, changes, layout);
    changes.sort_by(|a, b| a.record.cmp(&b.record));
    layout.sort_by(|a, b| a.record.cmp(&b.record));
}

fn compare_diagrams(old: &Model, new: &Model, changes: &mut Vec<RecordChange>, layout: &mut Vec<RecordChange>) {
    let old_by_id: BTreeMap<&DiagramId, _> = old.diagrams.iter().map(|d| (&d.id, d)).collect();
    let new_by_id: BTreeMap<&DiagramId, _> = new.diagrams.iter().map(|d| (&d.id, d)).collect();
    for (id, before) in &old_by_id {
        if !new_by_id.contains_key(id) {
            changes.push(RecordChange {
                record: RecordId::Diagram((*id).clone()),
                name: before.name.clone(),
                change: Change::Removed,
            });
        }
    }
    for (id, after) in &new_by_id {
        let Some(before) = old_by_id.get(id) else {
            changes.push(RecordChange {
                record: RecordId::Diagram((*id).clone()),
                name: after.name.clone(),
                change: Change::Added,
            });
            continue;
        };
        if before == after {
            continue;
        }
        let d = (*id).clone();
        let mut fields = Vec::new();
        if before.name != after.name {
            fields.push(FieldChange {
                field: "name",
                before: Some(FieldValue::Text(before.name.clone())),
                after: Some(FieldValue::Text(after.name.clone())),
            });
        }
        match (&before.view, &after.view) {
            (DiagramView::Dfd(a), DiagramView::Dfd(b)) => {
                let name_of = |m: &Model, id: &str| -> String {
                    m.resolve_subject(id).map_or_else(String::new, |s| label_of_subject(m, &s))
                };
                compare_map(&a.nodes, &b.nodes, |e| RecordId::Node(d.clone(), e.clone()), |_| String::new(), layout);
                compare_map(
                    &a.boundaries,
                    &b.boundaries,
                    |x| RecordId::BoundaryBox(d.clone(), x.clone()),
                    |_| String::new(),
                    layout,
                );
                compare_map(&a.bends, &b.bends, |f| RecordId::Bends(d.clone(), f.clone()), |_| String::new(), layout);
                for change in layout.iter_mut().filter(|c| c.name.is_empty() && c.record.diagram() == Some(&d)) {
                    let source = if change.change == Change::Removed { old } else { new };
                    change.name = change.record.id_str().map(|id| name_of(source, id)).unwrap_or_default();
                }
            }
            (DiagramView::Sequence(a), DiagramView::Sequence(b)) => {
                compare_sequence(old, new, &d, a, b, &mut fields, changes);
            }
            _ => {
                // A diagram id reused for the other kind: the old one went, a new one came.
                changes.push(RecordChange {
                    record: RecordId::Diagram(d.clone()),
                    name: before.name.clone(),
                    change: Change::Removed,
                });
                changes.push(RecordChange {
                    record: RecordId::Diagram(d),
                    name: after.name.clone(),
                    change: Change::Added,
                });
                continue;
            }
        }
        if !fields.is_empty() {
            changes.push(RecordChange {
                record: RecordId::Diagram(d),
                name: after.name.clone(),
                change: Change::Changed(fields),
            });
        }
    }
}

/// The name of what a subject id names.
fn label_of_subject(model: &Model, subject: &crate::model::Subject) -> String {
    use crate::model::Subject;
    match subject {
        Subject::Element(id) => model.elements.get(id).map(|e| e.name.clone()).unwrap_or_default(),
        Subject::Flow(id) => model.flows.get(id).map(|f| f.name.clone()).unwrap_or_default(),
        Subject::Boundary(id) => model.boundaries.get(id).map(|b| b.name.clone()).unwrap_or_default(),
        Subject::Threat(id) => model.threats.get(id).map(|t| t.title.clone()).unwrap_or_default(),
        Subject::Diagram(id) => model.diagram(id).map(|d| d.name.clone()).unwrap_or_default(),
        Subject::Model | Subject::Message(_) => String::new(),
    }
}

/// Whether the ids both lists share come in another order.
fn reordered(before: &[&str], after: &[&str]) -> bool {
    let in_after: std::collections::BTreeSet<&str> = after.iter().copied().collect();
    let in_before: std::collections::BTreeSet<&str> = before.iter().copied().collect();
    let a = before.iter().filter(|x| in_after.contains(*x));
    let b = after.iter().filter(|x| in_before.contains(*x));
    !a.eq(b)
}

fn compare_sequence(
    old: &Model,
    new: &Model,
    d: &DiagramId,
    a: &SequenceView,
    b: &SequenceView,
    fields: &mut Vec<FieldChange>,
    changes: &mut Vec<RecordChange>,
) {
    let la: std::collections::BTreeSet<&ElementId> = a.lifelines.iter().collect();
    let lb: std::collections::BTreeSet<&ElementId> = b.lifelines.iter().collect();
    for e in la.iter().filter(|e| !lb.contains(*e)) {
        let name = old.elements.get(*e).map(|x| x.name.clone()).unwrap_or_default();
        changes.push(RecordChange {
            record: RecordId::Lifeline(d.clone(), (*e).clone()),
            name,
            change: Change::Removed,
        });
    }
    for e in lb.iter().filter(|e| !la.contains(*e)) {
        let name = new.elements.get(*e).map(|x| x.name.clone()).unwrap_or_default();
        changes.push(RecordChange { record: RecordId::Lifeline(d.clone(), (*e).clone()), name, change: Change::Added });
    }
    let label_old = |m: &crate::model::Message| short(m.label(old));
    let label_new = |m: &crate::model::Message| short(m.label(new));
    let mut found = Vec::new();
    compare_map(
        by_id(&a.messages, |m| &m.id),
        by_id(&b.messages, |m| &m.id),
        |id| RecordId::Message(d.clone(), id.clone()),
        label_new,
        &mut found,
    );
    for change in &mut found {
        if change.change == Change::Removed
            && let Some(m) = a.messages.iter().find(|m| Some(m.id.as_str()) == change.record.id_str())
        {
            change.name = label_old(m);
        }
    }
    changes.append(&mut found);
    compare_map(
        by_id(&a.fragments, |g| &g.id),
        by_id(&b.fragments, |g| &g.id),
        |id| RecordId::Fragment(d.clone(), id.clone()),
        |g| format!("{} {}", g.kind.label(), short(&g.guard)).trim_end().to_owned(),
        changes,
    );
    compare_map(
        by_id(&a.notes, |n| &n.id),
        by_id(&b.notes, |n| &n.id),
        |id| RecordId::Note(d.clone(), id.clone()),
        |n| short(&n.text),
        changes,
    );
    let orders: [(&'static str, Vec<&str>, Vec<&str>); 4] = [
        (
            "lifelines",
            a.lifelines.iter().map(ElementId::as_str).collect(),
            b.lifelines.iter().map(ElementId::as_str).collect(),
        ),
        (
            "messages",
            a.messages.iter().map(|m| m.id.as_str()).collect(),
            b.messages.iter().map(|m| m.id.as_str()).collect(),
        ),
        (
            "fragments",
            a.fragments.iter().map(|g| g.id.as_str()).collect(),
            b.fragments.iter().map(|g| g.id.as_str()).collect(),
        ),
        ("notes", a.notes.iter().map(|n| n.id.as_str()).collect(), b.notes.iter().map(|n| n.id.as_str()).collect()),
    ];
    for (field, before, after) in orders {
        if reordered(&before, &after) {
            let list = |ids: Vec<&str>| Some(FieldValue::Texts(ids.into_iter().map(str::to_owned).collect()));
            fields.push(FieldChange { field, before: list(before), after: list(after) });
        }
    }
}

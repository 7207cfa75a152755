//! Turning the whole model into another one as a single undo step: what reloading a file that
//! changed on disk does, so that Undo gives back the work the reload replaced. Only the records
//! that differ are written, so the step is as small as the change and the views redraw little.

use std::collections::BTreeMap;

use crate::edit::{Edit, Transaction};
use crate::model::{Diagram, Model};

/// The edits that make `old` into `new`, as one step called `label`; empty when they are equal.
#[must_use]
pub fn replace_model(old: &Model, new: &Model, label: &str) -> Transaction {
    let mut tx = Transaction::new(label);
    if old.meta != new.meta {
        tx.push(Edit::Meta(Box::new(new.meta.clone())));
    }
    records(&mut tx, &old.elements, &new.elements, |id, v| Edit::Element(id, v.map(Box::new)));
    records(&mut tx, &old.flows, &new.flows, |id, v| Edit::Flow(id, v.map(Box::new)));
    records(&mut tx, &old.boundaries, &new.boundaries, |id, v| Edit::Boundary(id, v.map(Box::new)));
    records(&mut tx, &old.threats, &new.threats, |id, v| Edit::Threat(id, v.map(Box::new)));
    records(&mut tx, &old.dismissed, &new.dismissed, Edit::Dismissal);
    records(&mut tx, &old.suppressions, &new.suppressions, Edit::Suppression);
    records(&mut tx, &old.conflicts, &new.conflicts, |key, v| Edit::Conflict(key, v.map(Box::new)));
    diagrams(&mut tx, &old.diagrams, &new.diagrams);
    tx
}

/// Removes the records of `old` that `new` lacks and writes those `new` has differently.
fn records<K: Ord + Clone, V: PartialEq + Clone>(
    tx: &mut Transaction,
    old: &BTreeMap<K, V>,
    new: &BTreeMap<K, V>,
    edit: impl Fn(K, Option<V>) -> Edit,
) {
    for key in old.keys().filter(|k| !new.contains_key(*k)) {
        tx.push(edit(key.clone(), None));
    }
    for (key, value) in new {
        if old.get(key) != Some(value) {
            tx.push(edit(key.clone(), Some(value.clone())));
        }
    }
}

/// Removes the diagrams `new` lacks, then puts each diagram of `new` that is not already in
/// its place, as it is in `new`, at its tab position.
fn diagrams(tx: &mut Transaction, old: &[Diagram], new: &[Diagram]) {
    let mut tabs: Vec<&Diagram> = Vec::with_capacity(old.len().max(new.len()));
    for d in old {
        if new.iter().any(|n| n.id == d.id) {
            tabs.push(d);
        } else {
            tx.push(Edit::Diagram(d.id.clone(), None));
        }
    }
    for (i, d) in new.iter().enumerate() {
        if tabs.get(i) != Some(&d) {
            tx.push(Edit::Diagram(d.id.clone(), Some((i, Box::new(d.clone())))));
            tabs.retain(|t| t.id != d.id);
            tabs.insert(i.min(tabs.len()), d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply_all;
    use crate::model::{DiagramId, DiagramView, ElementId, Rect};

    fn apply(old: &Model, new: &Model) -> (Model, usize) {
        let tx = replace_model(old, new, "Reload");
        let count = tx.edits.len();
        let mut model = old.clone();
        apply_all(&mut model, tx.edits).expect("the edits apply");
        (model, count)
    }

    #[test]
    fn equal_models_need_no_edit() {
        let model = crate::format::juice_shop_sample();
        assert!(replace_model(&model, &model, "Reload").is_empty());
    }

    /// Records changed, added and removed, a diagram renamed, one removed, the tabs reordered and
    /// a box moved: the edits make the one model into the other, touching only what differs.
    #[test]
    fn the_edits_make_old_into_new_and_write_only_what_differs() {
        let old = crate::format::juice_shop_sample();
        let mut new = old.clone();
        new.meta.title.push_str(" (pulled)");
        let first = new.elements.keys().next().cloned().expect("an element");
        new.elements.get_mut(&first).expect("element").name = "Renamed".to_owned();
        let gone = new.flows.keys().next_back().cloned().expect("a flow");
        new.flows.remove(&gone);
        new.threats.retain(|_, t| !matches!(&t.target, crate::model::ThreatTarget::Flow(f) if *f == gone));
        let extra = ElementId::new("pulled-in");
        new.elements.insert(extra.clone(), crate::model::Element { name: "From git".to_owned(), ..Default::default() });
        let DiagramView::Dfd(view) = &mut new.diagrams[0].view else { panic!("a DFD first") };
        view.nodes.insert(extra, Rect::new(0, 0, 100, 60));
        new.diagrams.reverse();
        new.diagrams.push(Diagram {
            id: DiagramId::new("new-tab"),
            name: "New".to_owned(),
            view: DiagramView::Dfd(crate::model::DfdView::default()),
        });
        let (model, count) = apply(&old, &new);
        assert_eq!(model, new);
        assert!(count < 20, "{count} edits for a handful of changes");
        // And back: the inverse direction works the same way.
        assert_eq!(apply(&new, &old).0, old);
    }

    #[test]
    fn everything_replaced_by_an_empty_model_and_back() {
        let full = crate::format::juice_shop_sample();
        let empty = Model::default();
        assert_eq!(apply(&full, &empty).0, empty);
        assert_eq!(apply(&empty, &full).0, full);
    }
}

//! Undoable edits.
//!
//! Every change to a [`Model`] is an [`Edit`]: "set this one record to this value (or remove
//! it)". Applying an edit returns its inverse, the same kind of edit holding the old value, so
//! undo is exact by construction and costs what changed, not a copy of the model. A user action
//! is a [`Transaction`] of edits built by [`commands`]; the [`History`] keeps them and merges a
//! continuous gesture (a drag) into one step.

pub mod commands;
mod history;
pub mod sequence;

pub use history::History;

use crate::model::{
    BoundaryId, DataFlow, Diagram, DiagramId, DiagramView, Element, ElementId, FlowId, Metadata, Model, Point, Rect,
    SequenceView, SuggestionKey, SuppressionKey, Threat, ThreatId, TrustBoundary,
};

/// One record-level change. `None` removes the record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Replace the model's metadata.
    Meta(Box<Metadata>),
    /// Set or remove an element.
    Element(ElementId, Option<Box<Element>>),
    /// Set or remove a data flow.
    Flow(FlowId, Option<Box<DataFlow>>),
    /// Set or remove a trust boundary.
    Boundary(BoundaryId, Option<Box<TrustBoundary>>),
    /// Set or remove a threat.
    Threat(ThreatId, Option<Box<Threat>>),
    /// Insert a diagram at a tab position, or remove it.
    Diagram(DiagramId, Option<(usize, Box<Diagram>)>),
    /// Rename a diagram.
    DiagramName(DiagramId, String),
    /// Place, move or unplace an element on a DFD.
    Node(DiagramId, ElementId, Option<Rect>),
    /// Place, move or unplace a boundary on a DFD.
    BoundaryRect(DiagramId, BoundaryId, Option<Rect>),
    /// Set a flow's bend points on a DFD (empty: straight).
    Bends(DiagramId, FlowId, Vec<Point>),
    /// Replace a sequence diagram's lifelines, messages, fragments and notes.
    Sequence(DiagramId, Box<SequenceView>),
    /// Dismiss a threat-library suggestion with a reason (may be empty), or take the dismissal
    /// back (`None`).
    Dismissal(SuggestionKey, Option<String>),
    /// Suppress a check finding with its reason, or lift the suppression (`None`).
    Suppression(SuppressionKey, Option<String>),
}

/// What an edit changes: two edits with the same key overwrite each other, which is how a
/// gesture keeps only the first (original) inverse of each record it touches.
#[derive(Clone, Debug, PartialEq, Eq)]
enum EditKey {
    Meta,
    Element(ElementId),
    Flow(FlowId),
    Boundary(BoundaryId),
    Threat(ThreatId),
    Diagram(DiagramId),
    DiagramName(DiagramId),
    Node(DiagramId, ElementId),
    BoundaryRect(DiagramId, BoundaryId),
    Bends(DiagramId, FlowId),
    Sequence(DiagramId),
    Dismissal(SuggestionKey),
    Suppression(SuppressionKey),
}

impl Edit {
    fn key(&self) -> EditKey {
        match self {
            Self::Meta(_) => EditKey::Meta,
            Self::Element(id, _) => EditKey::Element(id.clone()),
            Self::Flow(id, _) => EditKey::Flow(id.clone()),
            Self::Boundary(id, _) => EditKey::Boundary(id.clone()),
            Self::Threat(id, _) => EditKey::Threat(id.clone()),
            Self::Diagram(id, _) => EditKey::Diagram(id.clone()),
            Self::DiagramName(id, _) => EditKey::DiagramName(id.clone()),
            Self::Node(d, e, _) => EditKey::Node(d.clone(), e.clone()),
            Self::BoundaryRect(d, b, _) => EditKey::BoundaryRect(d.clone(), b.clone()),
            Self::Bends(d, f, _) => EditKey::Bends(d.clone(), f.clone()),
            Self::Sequence(d, _) => EditKey::Sequence(d.clone()),
            Self::Dismissal(key, _) => EditKey::Dismissal(key.clone()),
            Self::Suppression(key, _) => EditKey::Suppression(key.clone()),
        }
    }
}

/// A named group of edits: one user action, one undo step.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Transaction {
    /// Shown in the Edit menu: "Undo Move".
    pub label: String,
    /// The edits, applied in order.
    pub edits: Vec<Edit>,
}

impl Transaction {
    /// An empty transaction called `label`.
    #[must_use]
    pub fn new(label: impl Into<String>) -> Self {
        Self { label: label.into(), edits: Vec::new() }
    }

    /// Adds an edit.
    pub fn push(&mut self, edit: Edit) {
        self.edits.push(edit);
    }

    /// Whether there is nothing to do.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }
}

/// An edit that cannot apply: it names a diagram that is not there or of the other kind.
/// Commands build valid edits, so this means a stale edit (e.g. from an old clipboard).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// No diagram with that id.
    #[error("there is no diagram {0}")]
    NoDiagram(DiagramId),
    /// The diagram is a sequence diagram where a DFD was needed, or the other way round.
    #[error("diagram {0} is not a {1}")]
    WrongDiagramKind(DiagramId, &'static str),
}

fn dfd_mut<'a>(model: &'a mut Model, id: &DiagramId) -> Result<&'a mut crate::model::DfdView, EditError> {
    match model.diagrams.iter_mut().find(|d| &d.id == id).map(|d| &mut d.view) {
        Some(DiagramView::Dfd(v)) => Ok(v),
        Some(DiagramView::Sequence(_)) => Err(EditError::WrongDiagramKind(id.clone(), "data-flow diagram")),
        None => Err(EditError::NoDiagram(id.clone())),
    }
}

fn set<K: Ord, V>(map: &mut std::collections::BTreeMap<K, V>, key: K, value: Option<V>) -> Option<V> {
    match value {
        Some(v) => map.insert(key, v),
        None => map.remove(&key),
    }
}

impl Edit {
    /// Applies the edit and returns its inverse.
    ///
    /// # Errors
    /// [`EditError`] if the edit names a diagram that is missing or of the other kind; the
    /// model is then unchanged.
    pub fn apply(self, model: &mut Model) -> Result<Edit, EditError> {
        Ok(match self {
            Self::Meta(meta) => Self::Meta(Box::new(std::mem::replace(&mut model.meta, *meta))),
            Self::Element(id, v) => {
                let old = set(&mut model.elements, id.clone(), v.map(|b| *b));
                Self::Element(id, old.map(Box::new))
            }
            Self::Flow(id, v) => {
                let old = set(&mut model.flows, id.clone(), v.map(|b| *b));
                Self::Flow(id, old.map(Box::new))
            }
            Self::Boundary(id, v) => {
                let old = set(&mut model.boundaries, id.clone(), v.map(|b| *b));
                Self::Boundary(id, old.map(Box::new))
            }
            Self::Threat(id, v) => {
                let old = set(&mut model.threats, id.clone(), v.map(|b| *b));
                Self::Threat(id, old.map(Box::new))
            }
            Self::Diagram(id, v) => {
                let existing = model.diagrams.iter().position(|d| d.id == id);
                let old = existing.map(|i| (i, Box::new(model.diagrams.remove(i))));
                if let Some((index, diagram)) = v {
                    let index = index.min(model.diagrams.len());
                    model.diagrams.insert(index, Diagram { id: id.clone(), ..*diagram });
                }
                Self::Diagram(id, old)
            }
            Self::DiagramName(id, name) => {
                let diagram =
                    model.diagrams.iter_mut().find(|d| d.id == id).ok_or_else(|| EditError::NoDiagram(id.clone()))?;
                let old = std::mem::replace(&mut diagram.name, name);
                Self::DiagramName(id, old)
            }
            Self::Node(d, e, rect) => {
                let old = set(&mut dfd_mut(model, &d)?.nodes, e.clone(), rect);
                Self::Node(d, e, old)
            }
            Self::BoundaryRect(d, b, rect) => {
                let old = set(&mut dfd_mut(model, &d)?.boundaries, b.clone(), rect);
                Self::BoundaryRect(d, b, old)
            }
            Self::Bends(d, f, points) => {
                let bends = &mut dfd_mut(model, &d)?.bends;
                let value = if points.is_empty() { None } else { Some(points) };
                let old = set(bends, f.clone(), value);
                Self::Bends(d, f, old.unwrap_or_default())
            }
            Self::Sequence(d, view) => {
                let seq = match model.diagrams.iter_mut().find(|x| x.id == d).map(|x| &mut x.view) {
                    Some(DiagramView::Sequence(s)) => s,
                    Some(DiagramView::Dfd(_)) => {
                        return Err(EditError::WrongDiagramKind(d, "sequence diagram"));
                    }
                    None => return Err(EditError::NoDiagram(d)),
                };
                let old = std::mem::replace(seq, *view);
                Self::Sequence(d, Box::new(old))
            }
            Self::Dismissal(key, reason) => {
                let old = set(&mut model.dismissed, key.clone(), reason);
                Self::Dismissal(key, old)
            }
            Self::Suppression(key, reason) => {
                let old = set(&mut model.suppressions, key.clone(), reason);
                Self::Suppression(key, old)
            }
        })
    }
}

/// Applies `edits` in order and returns the inverses in undo order. If one fails, those
/// already applied are rolled back and the model is unchanged.
///
/// # Errors
/// The first [`EditError`].
pub fn apply_all(model: &mut Model, edits: Vec<Edit>) -> Result<Vec<Edit>, EditError> {
    let mut inverses = Vec::with_capacity(edits.len());
    for edit in edits {
        match edit.apply(model) {
            Ok(inverse) => inverses.push(inverse),
            Err(e) => {
                for inverse in inverses.into_iter().rev() {
                    // Re-applying an inverse of an edit that just applied cannot fail.
                    let _ = inverse.apply(model);
                }
                return Err(e);
            }
        }
    }
    inverses.reverse();
    Ok(inverses)
}

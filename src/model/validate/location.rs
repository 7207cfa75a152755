//! Where in a model a problem is: the record, by id where records are keyed by id and by
//! position where they are kept in order, and the field, named as the file format names it.

use std::fmt;

use crate::model::{BoundaryId, ConflictKey, ElementId, FlowId, SuggestionKey, SuppressionKey, ThreatId};

/// A field of a record, named as the file format names it (so the loader can point at it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// The record as a whole.
    Whole,
    /// One field: `target`.
    Named(&'static str),
    /// One item of a list field: `assumptions[2]`.
    Item(&'static str, usize),
}

impl fmt::Display for Field {
    /// `.target`, `.assumptions[2]`, or nothing for the whole record.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Whole => Ok(()),
            Self::Named(name) => write!(f, ".{name}"),
            Self::Item(name, i) => write!(f, ".{name}[{i}]"),
        }
    }
}

/// A record of a model, and the field at fault. Diagrams, and the lifelines, messages,
/// fragments and notes of a sequence diagram, are named by position (`diagram` is the index
/// in [`crate::model::Model::diagrams`]), because they are kept in order and a broken model
/// may repeat an id; the other records by their key.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// The model's title, owner, scope...
    Meta(Field),
    /// An element.
    Element(ElementId, Field),
    /// A data flow.
    Flow(FlowId, Field),
    /// A trust boundary.
    Boundary(BoundaryId, Field),
    /// A threat.
    Threat(ThreatId, Field),
    /// A dismissed threat-library suggestion.
    Dismissal(SuggestionKey, Field),
    /// A suppressed check finding.
    Suppression(SuppressionKey, Field),
    /// An unresolved merge conflict; the field is `base`, `ours` or `theirs`.
    Conflict(ConflictKey, Field),
    /// A diagram's own fields (id, name).
    Diagram(usize, Field),
    /// The box of an element on a data-flow diagram.
    Node(usize, ElementId),
    /// The region of a boundary on a data-flow diagram.
    Region(usize, BoundaryId),
    /// The bend points of a flow on a data-flow diagram, or one of them.
    Bends(usize, FlowId, Option<usize>),
    /// A lifeline of a sequence diagram, by position.
    Lifeline(usize, usize),
    /// A message of a sequence diagram, by position.
    Message(usize, usize, Field),
    /// A combined fragment of a sequence diagram, by position.
    Fragment(usize, usize, Field),
    /// A note of a sequence diagram, by position.
    Note(usize, usize, Field),
}

impl Location {
    /// The same record, at `field`.
    #[must_use]
    pub fn field(self, field: &'static str) -> Self {
        self.with(Field::Named(field))
    }

    /// The same record, at `field`.
    #[must_use]
    pub fn with(self, field: Field) -> Self {
        match self {
            Self::Meta(_) => Self::Meta(field),
            Self::Element(id, _) => Self::Element(id, field),
            Self::Flow(id, _) => Self::Flow(id, field),
            Self::Boundary(id, _) => Self::Boundary(id, field),
            Self::Threat(id, _) => Self::Threat(id, field),
            Self::Dismissal(key, _) => Self::Dismissal(key, field),
            Self::Suppression(key, _) => Self::Suppression(key, field),
            Self::Conflict(key, _) => Self::Conflict(key, field),
            Self::Diagram(d, _) => Self::Diagram(d, field),
            Self::Message(d, i, _) => Self::Message(d, i, field),
            Self::Fragment(d, i, _) => Self::Fragment(d, i, field),
            Self::Note(d, i, _) => Self::Note(d, i, field),
            placed @ (Self::Node(..) | Self::Region(..) | Self::Bends(..) | Self::Lifeline(..)) => placed,
        }
    }
}

impl fmt::Display for Location {
    /// In the model's words: `flow F1.target`, `diagram 2, message 5.flow`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Positions are shown from 1, as people count.
        match self {
            Self::Meta(field) => write!(f, "the model{field}"),
            Self::Element(id, field) => write!(f, "element {id}{field}"),
            Self::Flow(id, field) => write!(f, "flow {id}{field}"),
            Self::Boundary(id, field) => write!(f, "boundary {id}{field}"),
            Self::Threat(id, field) => write!(f, "threat {id}{field}"),
            Self::Dismissal(key, field) => write!(f, "dismissal of {} on {}{field}", key.rule, key.target.id_str()),
            Self::Suppression(key, field) => write!(f, "suppression of {} on {}{field}", key.rule, key.subject),
            Self::Conflict(key, field) => write!(f, "conflict on {key}{field}"),
            Self::Diagram(d, field) => write!(f, "diagram {}{field}", d + 1),
            Self::Node(d, id) => write!(f, "diagram {}, box of {id}", d + 1),
            Self::Region(d, id) => write!(f, "diagram {}, region of {id}", d + 1),
            Self::Bends(d, id, None) => write!(f, "diagram {}, bends of {id}", d + 1),
            Self::Bends(d, id, Some(i)) => write!(f, "diagram {}, bend {} of {id}", d + 1, i + 1),
            Self::Lifeline(d, i) => write!(f, "diagram {}, lifeline {}", d + 1, i + 1),
            Self::Message(d, i, field) => write!(f, "diagram {}, message {}{field}", d + 1, i + 1),
            Self::Fragment(d, i, field) => write!(f, "diagram {}, fragment {}{field}", d + 1, i + 1),
            Self::Note(d, i, field) => write!(f, "diagram {}, note {}{field}", d + 1, i + 1),
        }
    }
}

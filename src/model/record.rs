//! Naming any one record of a model: a compare marks records added, removed or changed by these
//! names, and a merge conflict says which record it is about.

use std::fmt;

use super::ids::{BoundaryId, DiagramId, ElementId, FlowId, FragmentId, MessageId, NoteId, ThreatId};
use super::threat::ThreatTarget;
use super::triage::{SuggestionKey, SuppressionKey};

/// One record of a model, of any kind. Diagram parts carry their diagram, since an element is
/// placed (and has a lifeline) once per diagram.
///
/// The variant order is the order reports list records in: what the system is first, then
/// threats and triage, then views.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordId {
    /// The model's metadata (title, scope, methodology...).
    Meta,
    /// A process, external entity or data store.
    Element(ElementId),
    /// A data flow.
    Flow(FlowId),
    /// A trust boundary.
    Boundary(BoundaryId),
    /// A threat.
    Threat(ThreatId),
    /// A dismissed threat-library suggestion.
    Dismissal(SuggestionKey),
    /// A suppressed check finding.
    Suppression(SuppressionKey),
    /// A diagram: its name, and for a sequence diagram the order of its parts.
    Diagram(DiagramId),
    /// An element's box on a data-flow diagram.
    Node(DiagramId, ElementId),
    /// A trust boundary's box on a data-flow diagram.
    BoundaryBox(DiagramId, BoundaryId),
    /// A flow's bend points on a data-flow diagram.
    Bends(DiagramId, FlowId),
    /// An element's lifeline on a sequence diagram.
    Lifeline(DiagramId, ElementId),
    /// A message of a sequence diagram.
    Message(DiagramId, MessageId),
    /// A combined fragment of a sequence diagram.
    Fragment(DiagramId, FragmentId),
    /// A note of a sequence diagram.
    Note(DiagramId, NoteId),
}

/// The kind of a [`RecordId`], without its ids: what the file format writes and what field
/// tables are looked up by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordKind {
    /// See [`RecordId::Meta`].
    Meta,
    /// See [`RecordId::Element`].
    Element,
    /// See [`RecordId::Flow`].
    Flow,
    /// See [`RecordId::Boundary`].
    Boundary,
    /// See [`RecordId::Threat`].
    Threat,
    /// See [`RecordId::Dismissal`].
    Dismissal,
    /// See [`RecordId::Suppression`].
    Suppression,
    /// See [`RecordId::Diagram`].
    Diagram,
    /// See [`RecordId::Node`].
    Node,
    /// See [`RecordId::BoundaryBox`].
    BoundaryBox,
    /// See [`RecordId::Bends`].
    Bends,
    /// See [`RecordId::Lifeline`].
    Lifeline,
    /// See [`RecordId::Message`].
    Message,
    /// See [`RecordId::Fragment`].
    Fragment,
    /// See [`RecordId::Note`].
    Note,
}

impl RecordKind {
    /// Every kind, in report order.
    pub const ALL: [Self; 15] = [
        Self::Meta,
        Self::Element,
        Self::Flow,
        Self::Boundary,
        Self::Threat,
        Self::Dismissal,
        Self::Suppression,
        Self::Diagram,
        Self::Node,
        Self::BoundaryBox,
        Self::Bends,
        Self::Lifeline,
        Self::Message,
        Self::Fragment,
        Self::Note,
    ];

    /// A human label, lower case: "element", "boundary box".
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Meta => "model properties",
            Self::Element => "element",
            Self::Flow => "data flow",
            Self::Boundary => "trust boundary",
            Self::Threat => "threat",
            Self::Dismissal => "dismissed suggestion",
            Self::Suppression => "suppressed finding",
            Self::Diagram => "diagram",
            Self::Node => "element box",
            Self::BoundaryBox => "boundary box",
            Self::Bends => "flow bends",
            Self::Lifeline => "lifeline",
            Self::Message => "message",
            Self::Fragment => "fragment",
            Self::Note => "note",
        }
    }

    /// Whether records of this kind are only where things sit on a data-flow diagram: a
    /// compare sums them up unless asked, and a merge lets a deletion win over a move.
    #[must_use]
    pub const fn is_layout(self) -> bool {
        matches!(self, Self::Node | Self::BoundaryBox | Self::Bends)
    }
}

impl RecordId {
    /// The record's kind.
    #[must_use]
    pub const fn kind(&self) -> RecordKind {
        match self {
            Self::Meta => RecordKind::Meta,
            Self::Element(_) => RecordKind::Element,
            Self::Flow(_) => RecordKind::Flow,
            Self::Boundary(_) => RecordKind::Boundary,
            Self::Threat(_) => RecordKind::Threat,
            Self::Dismissal(_) => RecordKind::Dismissal,
            Self::Suppression(_) => RecordKind::Suppression,
            Self::Diagram(_) => RecordKind::Diagram,
            Self::Node(..) => RecordKind::Node,
            Self::BoundaryBox(..) => RecordKind::BoundaryBox,
            Self::Bends(..) => RecordKind::Bends,
            Self::Lifeline(..) => RecordKind::Lifeline,
            Self::Message(..) => RecordKind::Message,
            Self::Fragment(..) => RecordKind::Fragment,
            Self::Note(..) => RecordKind::Note,
        }
    }

    /// The diagram a diagram part belongs to (or the diagram itself).
    #[must_use]
    pub const fn diagram(&self) -> Option<&DiagramId> {
        match self {
            Self::Diagram(d)
            | Self::Node(d, _)
            | Self::BoundaryBox(d, _)
            | Self::Bends(d, _)
            | Self::Lifeline(d, _)
            | Self::Message(d, _)
            | Self::Fragment(d, _)
            | Self::Note(d, _) => Some(d),
            _ => None,
        }
    }

    /// The record's own id as written in the file: the element of a box or lifeline, the
    /// target of a dismissal or suppression (`None` for the metadata and a model-wide
    /// suppression).
    #[must_use]
    pub fn id_str(&self) -> Option<&str> {
        match self {
            Self::Meta => None,
            Self::Element(id) | Self::Node(_, id) | Self::Lifeline(_, id) => Some(id.as_str()),
            Self::Flow(id) | Self::Bends(_, id) => Some(id.as_str()),
            Self::Boundary(id) | Self::BoundaryBox(_, id) => Some(id.as_str()),
            Self::Threat(id) => Some(id.as_str()),
            Self::Dismissal(key) => Some(key.target.id_str()),
            Self::Suppression(key) => key.subject.id_str(),
            Self::Diagram(id) => Some(id.as_str()),
            Self::Message(_, id) => Some(id.as_str()),
            Self::Fragment(_, id) => Some(id.as_str()),
            Self::Note(_, id) => Some(id.as_str()),
        }
    }

    /// The rule of a dismissal or suppression.
    #[must_use]
    pub fn rule(&self) -> Option<&str> {
        match self {
            Self::Dismissal(key) => Some(&key.rule),
            Self::Suppression(key) => Some(&key.rule),
            _ => None,
        }
    }
}

/// The record a threat target names.
#[must_use]
pub fn target_record(target: &ThreatTarget) -> RecordId {
    match target {
        ThreatTarget::Element(id) => RecordId::Element(id.clone()),
        ThreatTarget::Flow(id) => RecordId::Flow(id.clone()),
        ThreatTarget::Boundary(id) => RecordId::Boundary(id.clone()),
    }
}

impl fmt::Display for RecordId {
    /// "element P1", "message m-3 on D2", "suppressed finding DFD013 on F3".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = self.kind().label();
        match self {
            Self::Meta => f.write_str(label),
            Self::Dismissal(key) => write!(f, "{label} {} on {}", key.rule, key.target.id_str()),
            Self::Suppression(key) => write!(f, "{label} {} on {}", key.rule, key.subject),
            Self::Diagram(id) => write!(f, "{label} {id}"),
            other => {
                let id = other.id_str().unwrap_or_default();
                match other.diagram() {
                    Some(d) => write!(f, "{label} {id} on {d}"),
                    None => write!(f, "{label} {id}"),
                }
            }
        }
    }
}

impl super::Model {
    /// Whether the record is there (the metadata always is).
    #[must_use]
    pub fn has_record(&self, record: &RecordId) -> bool {
        use super::DiagramView;
        let dfd = |d: &super::DiagramId| match self.diagram(d).map(|x| &x.view) {
            Some(DiagramView::Dfd(v)) => Some(v),
            _ => None,
        };
        let sequence = |d: &super::DiagramId| match self.diagram(d).map(|x| &x.view) {
            Some(DiagramView::Sequence(v)) => Some(v),
            _ => None,
        };
        match record {
            RecordId::Meta => true,
            RecordId::Element(id) => self.elements.contains_key(id),
            RecordId::Flow(id) => self.flows.contains_key(id),
            RecordId::Boundary(id) => self.boundaries.contains_key(id),
            RecordId::Threat(id) => self.threats.contains_key(id),
            RecordId::Dismissal(key) => self.dismissed.contains_key(key),
            RecordId::Suppression(key) => self.suppressions.contains_key(key),
            RecordId::Diagram(id) => self.diagram(id).is_some(),
            RecordId::Node(d, e) => dfd(d).is_some_and(|v| v.nodes.contains_key(e)),
            RecordId::BoundaryBox(d, b) => dfd(d).is_some_and(|v| v.boundaries.contains_key(b)),
            RecordId::Bends(d, f) => dfd(d).is_some_and(|v| v.bends.contains_key(f)),
            RecordId::Lifeline(d, e) => sequence(d).is_some_and(|v| v.lifelines.contains(e)),
            RecordId::Message(d, m) => sequence(d).is_some_and(|v| v.messages.iter().any(|x| &x.id == m)),
            RecordId::Fragment(d, g) => sequence(d).is_some_and(|v| v.fragments.iter().any(|x| &x.id == g)),
            RecordId::Note(d, n) => sequence(d).is_some_and(|v| v.notes.iter().any(|x| &x.id == n)),
        }
    }
}

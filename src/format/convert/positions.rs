//! Where each record of the model sits in the file as written, so a problem found on the
//! model is reported at its JSON path (`$.flows[3].target`), and problems list in file order.

use std::collections::BTreeMap;

use crate::model::{
    BoundaryId, ConflictKey, ElementId, Fault, Field, FlowId, Location, SuggestionKey, SuppressionKey, ThreatId, quoted,
};

/// The top-level parts of a file, in the order the canonical file writes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Section {
    /// `format` and `version`.
    Envelope,
    /// `model`.
    Meta,
    /// `elements`.
    Elements,
    /// `flows`.
    Flows,
    /// `boundaries`.
    Boundaries,
    /// `threats`.
    Threats,
    /// `dismissed`.
    Dismissed,
    /// `suppressions`.
    Suppressions,
    /// `diagrams`.
    Diagrams,
    /// `conflicts`.
    Conflicts,
}

impl Section {
    /// The section's field name in the file.
    pub(super) const fn name(self) -> &'static str {
        match self {
            Self::Envelope => "",
            Self::Meta => "model",
            Self::Elements => "elements",
            Self::Flows => "flows",
            Self::Boundaries => "boundaries",
            Self::Threats => "threats",
            Self::Dismissed => "dismissed",
            Self::Suppressions => "suppressions",
            Self::Diagrams => "diagrams",
            Self::Conflicts => "conflicts",
        }
    }
}

/// The position in its list of every record the model keeps by key. Records kept in order
/// (diagrams and what is inside them) sit at the same position in the model as in the file.
#[derive(Default)]
pub(super) struct Positions {
    pub elements: BTreeMap<ElementId, usize>,
    pub flows: BTreeMap<FlowId, usize>,
    pub boundaries: BTreeMap<BoundaryId, usize>,
    pub threats: BTreeMap<ThreatId, usize>,
    /// For a threat some of whose references were dropped as unreadable: the file position of
    /// each one kept.
    pub references: BTreeMap<ThreatId, Vec<usize>>,
    pub dismissed: BTreeMap<SuggestionKey, usize>,
    pub suppressions: BTreeMap<SuppressionKey, usize>,
    pub conflicts: BTreeMap<ConflictKey, usize>,
}

impl Positions {
    /// The section and position of the record at `at` (to sort by), and its JSON path.
    pub(super) fn path(&self, at: &Location) -> ((Section, usize), String) {
        let keyed = |section: Section, position: Option<&usize>, id: &str, field: &Field| {
            // Every record of the model came from the file, so it has a position; a missing one
            // would be a bug here, and is still shown, by id.
            let path = position.map_or_else(
                || format!("$.{}[id {id}]{field}", section.name()),
                |i| format!("$.{}[{i}]{field}", section.name()),
            );
            ((section, position.copied().unwrap_or(usize::MAX)), path)
        };
        let diagram = |d: &usize, rest: String| ((Section::Diagrams, *d), format!("$.diagrams[{d}]{rest}"));
        match at {
            Location::Meta(field) => ((Section::Meta, 0), format!("$.model{field}")),
            Location::Element(id, field) => keyed(Section::Elements, self.elements.get(id), id.as_str(), field),
            Location::Flow(id, field) => keyed(Section::Flows, self.flows.get(id), id.as_str(), field),
            Location::Boundary(id, field) => keyed(Section::Boundaries, self.boundaries.get(id), id.as_str(), field),
            Location::Threat(id, field) => {
                let field = match (field, self.references.get(id)) {
                    (Field::Item("references", i), Some(kept)) => {
                        Field::Item("references", kept.get(*i).copied().unwrap_or(*i))
                    }
                    _ => *field,
                };
                keyed(Section::Threats, self.threats.get(id), id.as_str(), &field)
            }
            Location::Dismissal(key, field) => {
                keyed(Section::Dismissed, self.dismissed.get(key), key.target.id_str(), field)
            }
            Location::Suppression(key, field) => {
                let id = key.subject.id_str().unwrap_or("");
                keyed(Section::Suppressions, self.suppressions.get(key), id, field)
            }
            Location::Conflict(key, field) => {
                let id = key.record.id_str().unwrap_or("");
                keyed(Section::Conflicts, self.conflicts.get(key), id, field)
            }
            Location::Diagram(d, field) => diagram(d, field.to_string()),
            Location::Node(d, id) => diagram(d, format!(".nodes.{id}")),
            Location::Region(d, id) => diagram(d, format!(".boundaries.{id}")),
            Location::Bends(d, id, None) => diagram(d, format!(".bends.{id}")),
            Location::Bends(d, id, Some(i)) => diagram(d, format!(".bends.{id}[{i}]")),
            Location::Lifeline(d, i) => diagram(d, format!(".lifelines[{i}]")),
            Location::Message(d, i, field) => diagram(d, format!(".messages[{i}]{field}")),
            Location::Fragment(d, i, field) => diagram(d, format!(".fragments[{i}]{field}")),
            Location::Note(d, i, field) => diagram(d, format!(".notes[{i}]{field}")),
        }
    }

    /// The fault in words, with any other record it mentions given by its path.
    pub(super) fn describe(&self, fault: &Fault) -> String {
        match fault {
            Fault::DuplicateId { id, first } => format!("id {} is already used at {}", quoted(id), self.path(first).1),
            other => other.to_string(),
        }
    }
}

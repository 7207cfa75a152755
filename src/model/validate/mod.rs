//! What makes a model valid, checked on the model itself: every reference names a record that
//! exists, ids are well-formed and unique across every kind of record, boundaries do not nest
//! in a circle, sequence messages agree with the flows they carry, and texts, coordinates and
//! lists (and the values a merge conflict holds) stay within the limits of [`super::limits`].
//! It is the one check of a model's integrity: a merge mends what it finds (see [`named`]),
//! and resolving a conflict is refused when it would add a problem.
//!
//! The loader calls [`Model::validate`] on every file it reads and turns each [`Location`]
//! into a JSON path; the editor and importers call it on the models they build. Each check
//! costs O(n log n) in the size of the model at most, so no file, however it is shaped, makes
//! opening it slow.

mod conflicts;
mod diagrams;
mod location;
mod named;
mod records;

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;

pub use location::{Field, Location};

use super::Model;
use super::geometry::{MAX_COORD, MAX_EXTENT, Point};
use super::ids::{BoundaryId, ElementId, FlowId, MessageId, ThreatId};
use super::reference::{ParseReferenceError, Reference, quoted};
use super::threat::ThreatTarget;
use super::triage::Subject;

/// The most problems [`Model::validate`] lists: past that a model is hopeless, and listing
/// every fault of a hostile file would only cost memory.
pub const MAX_PROBLEMS: usize = 200;

/// One thing wrong with a model: where, and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The record and field at fault.
    pub at: Location,
    /// What is wrong.
    pub fault: Fault,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.fault)
    }
}

/// What is wrong at a [`Location`]. The texts are the ones files are reported with.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Fault {
    /// An id that is not 1 to 64 ASCII letters, digits, `-` or `_`.
    #[error("{} is not a valid id (1 to 64 letters, digits, '-' or '_')", quoted(.0))]
    BadId(String),
    /// An id used by an earlier record too (of any kind).
    #[error("id {} is already used by {first}", quoted(.id))]
    DuplicateId {
        /// The id.
        id: String,
        /// The record that uses it first.
        first: Location,
    },
    /// A text over its limit.
    #[error("is {chars} characters long; the limit is {limit}")]
    TooLong {
        /// Its length in characters.
        chars: usize,
        /// The limit.
        limit: usize,
    },
    /// A rule id that is not 1 to 64 ASCII letters, digits, `-`, `_` or `.`.
    #[error("{} is not a valid rule id (1 to 64 letters, digits, '-', '_' or '.')", quoted(.0))]
    BadRuleId(String),
    /// A bend point beyond the coordinates a diagram may use.
    #[error("point ({}, {}) is beyond ±{MAX_COORD}", .0.x, .0.y)]
    PointOutOfRange(Point),
    /// A box beyond the coordinates or sizes a diagram may use.
    #[error("box is out of range (|x|, |y| ≤ {MAX_COORD}; 1 ≤ w, h ≤ {MAX_EXTENT})")]
    BoxOutOfRange,
    /// An element or boundary inside a boundary that does not exist.
    #[error("boundary {} does not exist", quoted(.0.as_str()))]
    NoSuchBoundary(BoundaryId),
    /// Boundaries that nest in a circle, listed from the smallest id following parents.
    #[error("boundaries nest in a circle: {}", circle(.0))]
    BoundaryCycle(Vec<BoundaryId>),
    /// A flow end that is not an element.
    #[error("flow {flow} has {end} {}, which is not an element", quoted(.element.as_str()))]
    NoSuchFlowEnd {
        /// The flow.
        flow: FlowId,
        /// "source" or "target".
        end: &'static str,
        /// The missing element.
        element: ElementId,
    },
    /// A threat on something that does not exist.
    #[error("threat {threat} is attached to {}, which is no element, flow or boundary", quoted(.target.id_str()))]
    NoSuchThreatTarget {
        /// The threat.
        threat: ThreatId,
        /// What it names.
        target: ThreatTarget,
    },
    /// More references on one threat than [`super::MAX_REFERENCES`].
    #[error("lists {0} references; the limit is {limit}", limit = super::limits::MAX_REFERENCES)]
    TooManyReferences(usize),
    /// The same reference twice on one threat.
    #[error("{0} is listed twice")]
    RepeatedReference(Reference),
    /// A reference whose text does not read back as itself (a link that is not one).
    #[error("{0}")]
    BadReference(ParseReferenceError),
    /// A DFD box for an element that does not exist.
    #[error("places {}, which is not an element", quoted(.0.as_str()))]
    PlacesNoElement(ElementId),
    /// A DFD region for a boundary that does not exist.
    #[error("places {}, which is not a trust boundary", quoted(.0.as_str()))]
    PlacesNoBoundary(BoundaryId),
    /// Bend points of a flow that does not exist.
    #[error("bends {}, which is not a flow", quoted(.0.as_str()))]
    BendsNoFlow(FlowId),
    /// A lifeline for an element that does not exist.
    #[error("{} is not an element", quoted(.0.as_str()))]
    LifelineNoElement(ElementId),
    /// Two lifelines for one element.
    #[error("{0} has two lifelines")]
    RepeatedLifeline(ElementId),
    /// A message or note end on an element without a lifeline in its diagram.
    #[error("{} has no lifeline in this diagram", quoted(.0.as_str()))]
    NoLifeline(ElementId),
    /// A message carrying a flow that does not exist.
    #[error("{} is not a flow", quoted(.0.as_str()))]
    NoSuchFlow(FlowId),
    /// A message carrying a flow that goes elsewhere.
    #[error("message {message} goes from {from} to {to}, but flow {flow} goes from {flow_from} to {flow_to}")]
    FlowMismatch {
        /// The message.
        message: MessageId,
        /// Its sender.
        from: ElementId,
        /// Its receiver.
        to: ElementId,
        /// The flow it carries.
        flow: FlowId,
        /// The flow's source.
        flow_from: ElementId,
        /// The flow's target.
        flow_to: ElementId,
    },
    /// A fragment or note naming a message its diagram does not have.
    #[error("{} is not a message of this diagram", quoted(.0.as_str()))]
    NoSuchMessage(MessageId),
    /// A fragment that ends before it starts.
    #[error("the last message comes before the first")]
    LastBeforeFirst,
    /// An else branch outside its fragment.
    #[error("the else branch must start inside the fragment, after its first message")]
    ElseOutsideFragment,
    /// A suppression without a reason.
    #[error("a suppression needs a written reason")]
    NoReason,
    /// A dismissal of a suggestion on something that does not exist.
    #[error("{} is no element, flow or boundary", quoted(.0.id_str()))]
    NoSuchDismissalTarget(ThreatTarget),
    /// A suppression on something that does not exist.
    #[error("{} is no element, flow, boundary, diagram, threat or message", quoted(&.0.to_string()))]
    NoSuchSubject(Subject),
}

fn circle(ids: &[BoundaryId]) -> String {
    let mut text: Vec<&str> = ids.iter().map(BoundaryId::as_str).collect();
    text.extend(ids.first().map(BoundaryId::as_str));
    text.join(" → ")
}

/// The record that uses an id, borrowed from the model: a [`Location`] is built only for the
/// few ids used twice, not for every record (that was most of the cost of validating a large
/// model, which a merge does after every merge).
#[derive(Clone, Copy)]
enum Site<'a> {
    Element(&'a ElementId),
    Flow(&'a FlowId),
    Boundary(&'a BoundaryId),
    Threat(&'a ThreatId),
    Diagram(usize),
    Message(usize, usize),
    Fragment(usize, usize),
    Note(usize, usize),
}

impl Site<'_> {
    fn location(self) -> Location {
        match self {
            Self::Element(id) => Location::Element(id.clone(), Field::Whole),
            Self::Flow(id) => Location::Flow(id.clone(), Field::Whole),
            Self::Boundary(id) => Location::Boundary(id.clone(), Field::Whole),
            Self::Threat(id) => Location::Threat(id.clone(), Field::Whole),
            Self::Diagram(d) => Location::Diagram(d, Field::Whole),
            Self::Message(d, i) => Location::Message(d, i, Field::Whole),
            Self::Fragment(d, i) => Location::Fragment(d, i, Field::Whole),
            Self::Note(d, i) => Location::Note(d, i, Field::Whole),
        }
    }
}

/// Gathers problems, up to [`MAX_PROBLEMS`], and the first user of every id.
struct Report<'a> {
    problems: Vec<Problem>,
    // Only looked up, never iterated, so its order reaches nothing.
    ids: HashMap<&'a str, Site<'a>>,
}

impl<'a> Report<'a> {
    /// Whether the list is full, so the remaining checks can be skipped.
    fn is_full(&self) -> bool {
        self.problems.len() >= MAX_PROBLEMS
    }

    fn add(&mut self, at: Location, fault: Fault) {
        if !self.is_full() {
            self.problems.push(Problem { at, fault });
        }
    }

    /// Checks that `id` is well-formed and used by no earlier record; `site` is the record.
    fn id(&mut self, id: &'a str, site: Site<'a>) {
        if !super::ids::is_valid_id(id) {
            self.add(site.location().field("id"), Fault::BadId(id.to_owned()));
        }
        match self.ids.entry(id) {
            Entry::Occupied(first) => {
                let fault = Fault::DuplicateId { id: id.to_owned(), first: first.get().location() };
                self.add(site.location().field("id"), fault);
            }
            Entry::Vacant(slot) => {
                slot.insert(site);
            }
        }
    }

    /// Whether `id` is an element's: a hash lookup in the ids already seen instead of a search
    /// of the model's elements. Exact once the elements have been checked (they come first, so
    /// each element is its id's first user); until the list of problems is full, they all are.
    fn is_element(&self, id: &ElementId) -> bool {
        matches!(self.ids.get(id.as_str()), Some(Site::Element(_)))
    }

    /// Checks that `text` is at most `limit` characters; `at` is the field.
    fn text(&mut self, text: &str, limit: usize, at: impl FnOnce() -> Location) {
        // Only text longer than the limit in bytes can be longer in characters.
        if text.len() > limit {
            let chars = text.chars().count();
            if chars > limit {
                self.add(at(), Fault::TooLong { chars, limit });
            }
        }
    }

    /// Checks each item of a list of short texts; `at(i)` is item `i`.
    fn texts(&mut self, texts: &[String], at: impl Fn(usize) -> Location) {
        for (i, text) in texts.iter().enumerate() {
            self.text(text, super::limits::MAX_NAME_CHARS, || at(i));
        }
    }

    /// Checks a rule id; `at` is the field.
    fn rule(&mut self, rule: &str, at: impl FnOnce() -> Location) {
        if !super::triage::is_valid_rule_id(rule) {
            self.add(at(), Fault::BadRuleId(rule.to_owned()));
        }
    }
}

impl Model {
    /// Checks every invariant of a valid model: references, unique ids, boundary nesting,
    /// message and flow agreement, fragments and notes, limits, dismissals and suppressions.
    /// The loader refuses a file whose model fails it; an edit or import should never produce
    /// one. O(n log n) in the size of the model.
    ///
    /// # Errors
    /// Every problem found, in the order the canonical file lists the records, up to
    /// [`MAX_PROBLEMS`].
    pub fn validate(&self) -> Result<(), Vec<Problem>> {
        // Sized for every id up front: growing a table of tens of thousands of ids step by step
        // cost more than filling it.
        let ids = HashMap::with_capacity(self.id_count());
        let mut report = Report { problems: Vec::new(), ids };
        records::check(self, &mut report);
        records::check_triage(self, &mut report);
        diagrams::check(self, &mut report);
        conflicts::check(self, &mut report);
        if report.problems.is_empty() { Ok(()) } else { Err(report.problems) }
    }

    /// How many records carry an id of their own.
    fn id_count(&self) -> usize {
        let parts: usize = self
            .diagrams
            .iter()
            .map(|d| match &d.view {
                super::DiagramView::Dfd(_) => 0,
                super::DiagramView::Sequence(v) => v.messages.len() + v.fragments.len() + v.notes.len(),
            })
            .sum();
        self.elements.len()
            + self.flows.len()
            + self.boundaries.len()
            + self.threats.len()
            + self.diagrams.len()
            + parts
    }
}

#[cfg(test)]
mod tests;

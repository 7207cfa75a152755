//! Records in words, for the message of a finding written when it is shown:
//! `process "Angular SPA" (P1)`, `flow "REST requests" (F3)`, "a, b and c".
//!
//! Messages are written from the model and the finding's subjects alone (no [`Index`]), so a
//! check stores ids and the panel or the command line pays for the words of what it shows.
//!
//! [`Index`]: super::index::Index

use std::fmt::{self, Write as _};

use super::Subject;
use super::index::trimmed;
use crate::model::{BoundaryId, DiagramView, ElementId, ElementKindTag, FlowId, Message, Model, ThreatId};

/// Looks records up by id to name them.
#[derive(Clone, Copy)]
pub(super) struct Words<'a> {
    /// The model that was checked.
    pub model: &'a Model,
}

impl<'a> Words<'a> {
    /// Names records of `model`.
    pub const fn new(model: &'a Model) -> Self {
        Self { model }
    }

    /// An element in words: `process "Angular SPA" (P1)`; `unnamed element (P1)` when the
    /// model does not have it.
    pub fn element(self, id: &'a ElementId) -> Named<'a> {
        match self.model.elements.get(id) {
            Some(element) => Named::new(kind_word(element.kind.tag()), &element.name, id.as_str()),
            None => Named::new("element", "", id.as_str()),
        }
    }

    /// A flow in words: `flow "REST requests" (F3)`.
    pub fn flow(self, id: &'a FlowId) -> Named<'a> {
        Named::new("flow", self.model.flows.get(id).map_or("", |f| f.name.as_str()), id.as_str())
    }

    /// A boundary in words: `trust boundary "Internet" (TB1)`.
    pub fn boundary(self, id: &'a BoundaryId) -> Named<'a> {
        Named::new("trust boundary", self.model.boundaries.get(id).map_or("", |b| b.name.as_str()), id.as_str())
    }

    /// A threat in words: `threat "DOM XSS" (T1)`.
    pub fn threat(self, id: &'a ThreatId) -> Named<'a> {
        Named::new("threat", self.model.threats.get(id).map_or("", |t| t.title.as_str()), id.as_str())
    }

    /// A sequence message and where it is: the message and its diagram, if the model has them.
    pub fn message(self, diagram: &Subject, id: &Subject) -> Option<&'a Message> {
        let (Subject::Diagram(diagram), Subject::Message(id)) = (diagram, id) else { return None };
        match &self.model.diagram(diagram)?.view {
            DiagramView::Sequence(view) => view.message(id),
            DiagramView::Dfd(_) => None,
        }
    }

    /// Any subject in words (the model as a whole is `the model "title"`).
    pub fn subject(self, subject: &'a Subject) -> Named<'a> {
        match subject {
            Subject::Model => Named::new("model", &self.model.meta.title, "model"),
            Subject::Element(id) => self.element(id),
            Subject::Flow(id) => self.flow(id),
            Subject::Boundary(id) => self.boundary(id),
            Subject::Threat(id) => self.threat(id),
            Subject::Diagram(id) => {
                Named::new("diagram", self.model.diagram(id).map_or("", |d| d.name.as_str()), id.as_str())
            }
            Subject::Message(id) => Named::new("message", "", id.as_str()),
        }
    }

    /// Subjects in words, joined with commas and "and".
    pub fn list(self, subjects: &'a [Subject]) -> List<impl Iterator<Item = Named<'a>> + Clone> {
        List(subjects.iter().map(move |s| self.subject(s)))
    }
}

/// The subject at `i` as an element id, if it is one.
pub(super) fn element_at(subjects: &[Subject], i: usize) -> Option<&ElementId> {
    match subjects.get(i) {
        Some(Subject::Element(id)) => Some(id),
        _ => None,
    }
}

/// The subject at `i` as a flow id, if it is one.
pub(super) fn flow_at(subjects: &[Subject], i: usize) -> Option<&FlowId> {
    match subjects.get(i) {
        Some(Subject::Flow(id)) => Some(id),
        _ => None,
    }
}

/// The subjects from `i` on (empty past the end).
pub(super) fn from(subjects: &[Subject], i: usize) -> &[Subject] {
    subjects.get(i..).unwrap_or_default()
}

/// An element kind in words: "process", "external entity", "data store".
pub(super) const fn kind_word(kind: ElementKindTag) -> &'static str {
    match kind {
        ElementKindTag::Process => "process",
        ElementKindTag::ExternalEntity => "external entity",
        ElementKindTag::DataStore => "data store",
    }
}

/// A record in words, written straight into the message being formatted (no string of its
/// own): `kind "name" (id)`, or `unnamed kind (id)` when the name is blank.
#[derive(Clone, Copy)]
pub(super) struct Named<'a> {
    kind: &'static str,
    name: &'a str,
    id: &'a str,
    capital: bool,
}

impl<'a> Named<'a> {
    /// `kind` must be lower-case ASCII words.
    pub fn new(kind: &'static str, name: &'a str, id: &'a str) -> Self {
        Self { kind, name: trimmed(name), id, capital: false }
    }

    /// The same, starting with a capital letter, to open a sentence.
    pub const fn capitalised(self) -> Self {
        Self { capital: true, ..self }
    }
}

impl fmt::Display for Named<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let blank = self.name.is_empty();
        let lead = if blank { "unnamed " } else { self.kind };
        match (self.capital, lead.as_bytes().first()) {
            (true, Some(first)) => {
                f.write_char(char::from(first.to_ascii_uppercase()))?;
                f.write_str(lead.get(1..).unwrap_or_default())?;
            }
            _ => f.write_str(lead)?,
        }
        if blank {
            f.write_str(self.kind)?;
        } else {
            f.write_str(" \"")?;
            f.write_str(self.name)?;
            f.write_char('"')?;
        }
        f.write_str(" (")?;
        f.write_str(self.id)?;
        f.write_char(')')
    }
}

/// Items in words: "a", "a and b", "a, b and c".
#[derive(Clone)]
pub(super) struct List<I>(pub I);

impl<I, T> fmt::Display for List<I>
where
    I: Iterator<Item = T> + Clone,
    T: fmt::Display,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.clone().count();
        for (i, item) in self.0.clone().enumerate() {
            match i {
                0 => {}
                i if i + 1 == count => f.write_str(" and ")?,
                _ => f.write_str(", ")?,
            }
            write!(f, "{item}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Element;

    #[test]
    fn names_read_well() {
        let mut m = Model::default();
        m.elements.insert(ElementId::new("p"), Element { name: " API ".into(), ..Element::default() });
        m.elements.insert(ElementId::new("q"), Element::default());
        let (p, q, gone) = (ElementId::new("p"), ElementId::new("q"), ElementId::new("gone"));
        let words = Words::new(&m);
        assert_eq!(words.element(&p).to_string(), "process \"API\" (p)");
        assert_eq!(words.element(&q).capitalised().to_string(), "Unnamed process (q)");
        assert_eq!(words.element(&p).capitalised().to_string(), "Process \"API\" (p)");
        assert_eq!(words.element(&gone).to_string(), "unnamed element (gone)");
        assert_eq!(List(["a", "b", "c"].iter()).to_string(), "a, b and c");
        assert_eq!(List(["a", "b"].iter()).to_string(), "a and b");
        assert_eq!(List(["a"].iter()).to_string(), "a");
    }
}

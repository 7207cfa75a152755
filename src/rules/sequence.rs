//! Sequence diagrams against the model: steps the DFD does not show, and lifelines of elements
//! that are gone (SEQ001, SEQ002).

use super::index::{Index, is_blank};
use super::words::{Named, Words, element_at};
use super::{Finding, Rule, Severity, Subject};
use crate::model::{Diagram, DiagramView, ElementId, Message, Model};

/// SEQ001.
pub(super) static MESSAGE_WITHOUT_FLOW: Rule = Rule {
    id: "SEQ001",
    severity: Severity::Hint,
    title: "Sequence step with no data flow",
    condition: "A message between two different lifelines has no data flow in the model that carries data from \
                its sender to its receiver.",
    why: "The sequence shows data moving that the data-flow diagram does not, so the threats on that flow (and \
          any boundary it crosses) are missing from the model.",
    fix: "Add the data flow to the model (adding the message from the sequence editor does it), or correct \
          the message's sender or receiver.",
    check: message_without_flow,
    describe: describe_message_without_flow,
};

/// A message between two lifelines, its diagram, and the positions of its sender and
/// receiver when both are elements.
type Step<'m> = (&'m Diagram, &'m Message, Option<(usize, usize)>);

fn message_without_flow(index: &Index<'_>, out: &mut Vec<Finding>) {
    let messages: Vec<Step<'_>> = index
        .model
        .diagrams
        .iter()
        .filter_map(|d| match &d.view {
            DiagramView::Sequence(view) => Some((d, view)),
            DiagramView::Dfd(_) => None,
        })
        .flat_map(|(d, view)| view.messages.iter().filter(|m| m.from != m.to).map(move |m| (d, m)))
        .map(|(d, m)| (d, m, index.element_position(&m.from).zip(index.element_position(&m.to))))
        .collect();
    if messages.is_empty() {
        return;
    }
    // Every (sender, receiver) some flow carries, sorted for binary search.
    let mut carried: Vec<(usize, usize)> = Vec::with_capacity(index.flows.len());
    for f in &index.flows {
        let (Some(s), Some(t)) = (f.source, f.target) else { continue };
        carried.push((s, t));
        if f.flow.bidirectional {
            carried.push((t, s));
        }
    }
    carried.sort_unstable();
    for (diagram, m, ends) in messages {
        if ends.is_some_and(|pair| carried.binary_search(&pair).is_ok()) {
            continue;
        }
        let mut subjects = vec![Subject::Message(m.id.clone()), Subject::Diagram(diagram.id.clone())];
        for end in [&m.from, &m.to] {
            if index.element_position(end).is_some() {
                subjects.push(Subject::Element(end.clone()));
            }
        }
        out.push(MESSAGE_WITHOUT_FLOW.finding(subjects));
    }
}

fn describe_message_without_flow(finding: &Finding, model: &Model) -> String {
    let words = Words::new(model);
    let (Some(message), Some(diagram)) = (finding.subjects.first(), finding.subjects.get(1)) else {
        return String::new();
    };
    let (Some(m), Subject::Diagram(diagram_id)) = (words.message(diagram, message), diagram) else {
        return String::new();
    };
    let Some(diagram) = model.diagram(diagram_id) else { return String::new() };
    message!(
        "{} in {} goes from {} to {}, but no data flow in the model carries data that way",
        describe_message(model, m).capitalised(),
        describe_diagram(diagram),
        describe_end(model, &m.from),
        describe_end(model, &m.to)
    )
}

/// SEQ002.
pub(super) static DANGLING_LIFELINE: Rule = Rule {
    id: "SEQ002",
    severity: Severity::Warning,
    title: "Lifeline of an element that no longer exists",
    condition: "A sequence diagram has a lifeline for an element that is not in the model.",
    why: "A lifeline stands for an element of the model; one whose element is gone shows a participant that \
          no flow, boundary or threat can refer to. Files are checked for this when they open, so it shows up \
          after an import or a merge.",
    fix: "Remove the lifeline and its messages, or put the element back.",
    check: dangling_lifeline,
    describe: describe_dangling_lifeline,
};

fn dangling_lifeline(index: &Index<'_>, out: &mut Vec<Finding>) {
    for diagram in &index.model.diagrams {
        let DiagramView::Sequence(view) = &diagram.view else { continue };
        for lifeline in &view.lifelines {
            if index.element_position(lifeline).is_none() {
                let subjects = vec![Subject::Diagram(diagram.id.clone()), Subject::Element(lifeline.clone())];
                out.push(DANGLING_LIFELINE.finding(subjects));
            }
        }
    }
}

fn describe_dangling_lifeline(finding: &Finding, model: &Model) -> String {
    let (Some(Subject::Diagram(id)), Some(lifeline)) = (finding.subjects.first(), element_at(&finding.subjects, 1))
    else {
        return String::new();
    };
    let Some(diagram) = model.diagram(id) else { return String::new() };
    message!(
        "{} has a lifeline for \"{lifeline}\", which is not an element of the model",
        describe_diagram(diagram).capitalised()
    )
}

/// `sequence diagram "Login" (D2)`.
fn describe_diagram(diagram: &Diagram) -> Named<'_> {
    Named::new("sequence diagram", &diagram.name, diagram.id.as_str())
}

/// `message "POST /login" (m1)`: its own text, else its flow's name.
fn describe_message<'m>(model: &'m Model, m: &'m Message) -> Named<'m> {
    let flow_name = m.flow.as_ref().and_then(|f| model.flows.get(f)).map_or("", |f| f.name.as_str());
    let text = if is_blank(&m.text) { flow_name } else { m.text.as_str() };
    Named::new("message", text, m.id.as_str())
}

/// A lifeline's element in words, or its bare id if the element is gone.
fn describe_end(model: &Model, id: &ElementId) -> String {
    if model.elements.contains_key(id) {
        Words::new(model).element(id).to_string()
    } else {
        format!("missing element \"{id}\"")
    }
}

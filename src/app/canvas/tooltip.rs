//! Hover tooltips on the canvas: what an element, flow, boundary or message is, its key
//! security properties, and its threats counted by status, so a diagram can be read without
//! clicking through it. A flow whose label is shortened on the canvas shows its full name here.

use crate::model::{
    BoundaryId, DataFlow, DiagramId, DiagramView, Element, ElementId, ElementKind, EntityNature, FlowId, MessageId,
    Model, ThreatStatus, ThreatTarget,
};
use crate::scene::Owner;

/// A tooltip's text: a title line, then one line per property.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tip {
    /// "Process: API".
    pub title: String,
    /// "Technology: Node.js", "Threats: 2 open · 1 mitigated", …
    pub lines: Vec<String>,
}

/// Longest free text quoted in a tooltip, in characters.
const QUOTE_CHARS: usize = 120;

fn quote(text: &str) -> String {
    let first = text.lines().next().unwrap_or_default().trim();
    if first.chars().count() > QUOTE_CHARS || text.lines().nth(1).is_some() {
        first.chars().take(QUOTE_CHARS).collect::<String>() + "…"
    } else {
        first.to_owned()
    }
}

const fn yes_no(v: bool) -> &'static str {
    if v { "yes" } else { "no" }
}

/// "Threats: 2 open · 1 mitigated", or "No threats".
#[must_use]
pub fn threat_counts(model: &Model, target: &ThreatTarget) -> String {
    let statuses: Vec<ThreatStatus> = model.threats_on(target).map(|(_, t)| t.status).collect();
    if statuses.is_empty() {
        return "No threats".to_owned();
    }
    let parts: Vec<String> = ThreatStatus::ALL
        .iter()
        .filter_map(|s| {
            let n = statuses.iter().filter(|x| *x == s).count();
            (n > 0).then(|| format!("{n} {}", s.label().to_lowercase()))
        })
        .collect();
    format!("Threats: {}", parts.join(" · "))
}

/// The tooltip of what `owner` draws on `diagram`, if it is something with properties.
#[must_use]
pub fn tip(model: &Model, diagram: &DiagramId, owner: &Owner) -> Option<Tip> {
    match owner {
        Owner::Element(id) | Owner::Lifeline(id) => element_tip(model, id),
        Owner::Flow(id) => flow_tip(model, id),
        Owner::Boundary(id) => boundary_tip(model, id),
        Owner::Message(id) => message_tip(model, diagram, id),
        Owner::Fragment(_) | Owner::Note(_) => None,
    }
}

fn element_tip(model: &Model, id: &ElementId) -> Option<Tip> {
    let e: &Element = model.elements.get(id)?;
    let mut lines = Vec::new();
    match &e.kind {
        ElementKind::Process(p) => {
            if !p.technology.is_empty() {
                lines.push(format!("Technology: {}", p.technology));
            }
            lines.push(format!("Runs with privilege: {}", yes_no(p.privileged)));
            lines.push(format!("Authenticates its callers: {}", yes_no(p.authenticates_callers)));
        }
        ElementKind::ExternalEntity(x) => {
            lines.push(if x.nature == EntityNature::Person { "A person" } else { "A system" }.to_owned());
        }
        ElementKind::DataStore(s) => {
            lines.push(format!("Holds credentials: {}", yes_no(s.stores_credentials)));
            lines.push(format!("Holds personal data: {}", yes_no(s.stores_personal_data)));
            lines.push(format!("Encrypted at rest: {}", yes_no(s.encrypted_at_rest)));
            lines.push(format!("Log or audit store: {}", yes_no(s.is_log)));
        }
    }
    if let Some(b) = e.boundary.as_ref().and_then(|b| model.boundaries.get(b)) {
        lines.push(format!("In trust boundary: {}", b.name));
    }
    if !e.description.is_empty() {
        lines.push(quote(&e.description));
    }
    if e.out_of_scope {
        lines.push(format!("Out of scope: {}", quote(&e.out_of_scope_reason)));
    }
    lines.push(threat_counts(model, &ThreatTarget::Element(id.clone())));
    Some(Tip { title: format!("{}: {}", e.kind.tag().label(), e.name), lines })
}

fn flow_lines(model: &Model, id: &FlowId, flow: &DataFlow) -> Vec<String> {
    let name_of = |e: &ElementId| model.elements.get(e).map_or_else(|| e.to_string(), |x| x.name.clone());
    let arrow = if flow.bidirectional { "⇄" } else { "→" };
    let mut lines = vec![format!("{} {arrow} {}", name_of(&flow.source), name_of(&flow.target))];
    lines.push(if flow.protocol.is_empty() {
        "Protocol: not set".to_owned()
    } else {
        format!("Protocol: {}", flow.protocol)
    });
    lines.push(format!("Encrypted: {} · Authenticated: {}", yes_no(flow.encrypted), yes_no(flow.authenticated)));
    if !flow.data.is_empty() {
        lines.push(format!("Data: {}", quote(&flow.data)));
    }
    let crossed: Vec<&str> = model
        .crossed_boundaries(flow)
        .iter()
        .filter_map(|b| model.boundaries.get(b))
        .map(|b| b.name.as_str())
        .collect();
    if !crossed.is_empty() {
        lines.push(format!("Crosses: {}", crossed.join(", ")));
    }
    if flow.out_of_scope {
        lines.push(format!("Out of scope: {}", quote(&flow.out_of_scope_reason)));
    }
    lines.push(threat_counts(model, &ThreatTarget::Flow(id.clone())));
    lines
}

fn flow_tip(model: &Model, id: &FlowId) -> Option<Tip> {
    let flow = model.flows.get(id)?;
    Some(Tip { title: format!("Data flow: {}", flow.name), lines: flow_lines(model, id, flow) })
}

fn boundary_tip(model: &Model, id: &BoundaryId) -> Option<Tip> {
    let b = model.boundaries.get(id)?;
    let members = model.elements.values().filter(|e| e.boundary.as_ref() == Some(id)).count();
    let mut lines = vec![format!("Holds {members} element{}", if members == 1 { "" } else { "s" })];
    if let Some(parent) = b.parent.as_ref().and_then(|p| model.boundaries.get(p)) {
        lines.push(format!("Inside: {}", parent.name));
    }
    if !b.description.is_empty() {
        lines.push(quote(&b.description));
    }
    lines.push(threat_counts(model, &ThreatTarget::Boundary(id.clone())));
    Some(Tip { title: format!("Trust boundary: {}", b.name), lines })
}

fn message_tip(model: &Model, diagram: &DiagramId, id: &MessageId) -> Option<Tip> {
    let Some(DiagramView::Sequence(seq)) = model.diagram(diagram).map(|d| &d.view) else { return None };
    let message = seq.message(id)?;
    match message.flow.as_ref().and_then(|f| model.flows.get(f).map(|x| (f, x))) {
        Some((flow_id, flow)) => {
            let mut lines = Vec::new();
            if !message.text.is_empty() {
                lines.push(format!("This step: {}", message.text));
            }
            lines.extend(flow_lines(model, flow_id, flow));
            Some(Tip { title: format!("Data flow: {}", flow.name), lines })
        }
        None => Some(Tip {
            title: format!("Message: {}", message.text),
            lines: vec!["A self-message: it carries no data flow".to_owned()],
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Model {
        crate::format::juice_shop_sample()
    }

    #[test]
    fn flows_show_protocol_protection_data_and_threats_by_status() {
        let mut model = sample();
        let diagram = model.diagrams[0].id.clone();
        let (id, flow) = model.flows.iter().find(|(_, f)| f.encrypted && !f.protocol.is_empty()).expect("a flow");
        let (id, protocol) = (id.clone(), flow.protocol.clone());
        let tip = tip(&model, &diagram, &Owner::Flow(id.clone())).expect("a tip");
        assert!(tip.title.starts_with("Data flow: "), "{tip:?}");
        assert!(tip.lines.contains(&format!("Protocol: {protocol}")), "{tip:?}");
        assert!(tip.lines.iter().any(|l| l.starts_with("Encrypted: yes")), "{tip:?}");
        // Threats counted by status.
        let threats: Vec<_> = model.threats.keys().cloned().collect();
        for (i, t) in threats.iter().enumerate().take(3) {
            if let Some(threat) = model.threats.get_mut(t) {
                threat.target = ThreatTarget::Flow(id.clone());
                threat.status = if i == 0 { ThreatStatus::Mitigated } else { ThreatStatus::Open };
            }
        }
        let tip = super::tip(&model, &diagram, &Owner::Flow(id.clone())).expect("a tip");
        let counts = tip.lines.last().expect("counts");
        let open = model.threats_on(&ThreatTarget::Flow(id)).filter(|(_, t)| t.status == ThreatStatus::Open).count();
        assert!(counts.starts_with(&format!("Threats: {open} open · ")), "{counts}");
        assert!(counts.contains(" mitigated"), "{counts}");
    }

    #[test]
    fn elements_show_the_properties_of_their_kind() {
        let model = sample();
        let diagram = model.diagrams[0].id.clone();
        for (id, e) in &model.elements {
            let tip = tip(&model, &diagram, &Owner::Element(id.clone())).expect("a tip");
            assert_eq!(tip.title, format!("{}: {}", e.kind.tag().label(), e.name));
            let expected = match &e.kind {
                ElementKind::Process(_) => "Authenticates its callers: ",
                ElementKind::ExternalEntity(_) => "A ",
                ElementKind::DataStore(_) => "Encrypted at rest: ",
            };
            assert!(tip.lines.iter().any(|l| l.starts_with(expected)), "{tip:?}");
            assert!(tip.lines.last().is_some_and(|l| l.starts_with("Threats: ") || l == "No threats"));
        }
        assert_eq!(tip(&model, &diagram, &Owner::Element(ElementId::new("gone"))), None);
    }

    #[test]
    fn long_text_is_cut_to_one_line() {
        assert_eq!(quote("short"), "short");
        assert_eq!(quote("two\nlines"), "two…");
        assert_eq!(quote(&"x".repeat(200)).chars().count(), QUOTE_CHARS + 1);
    }
}

//! What a report says, gathered once from the model: both formats (HTML and Markdown) render
//! this same content, so they never disagree on a count or on the order of threats.

use std::collections::BTreeMap;

use crate::model::{
    DiagramView, ElementKind, EntityNature, Model, Reference, Severity, Subject, Threat, ThreatCategory, ThreatId,
    ThreatStatus, ThreatTarget,
};

/// One record (element, flow or boundary) as the report lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record<'m> {
    /// The record's id, also its anchor in the HTML.
    pub id: &'m str,
    /// "Process", "Data flow", "Trust boundary"...
    pub kind: &'static str,
    /// Its name as the diagrams show it.
    pub name: &'m str,
    /// Free text about it.
    pub description: &'m str,
    /// Label and value pairs, in a fixed order: technology, protocol, encrypted...
    pub properties: Vec<(&'static str, String)>,
    /// Assumptions the team wrote down for it.
    pub assumptions: &'m [String],
    /// The reason it is out of scope, when it is (may be empty if none was written).
    pub out_of_scope: Option<&'m str>,
    /// Its threats, in list order (rank, then id).
    pub threats: Vec<(&'m ThreatId, &'m Threat)>,
}

/// Counts of threats by status, by severity and by category, in the menus' order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// All threats.
    pub total: usize,
    /// By status; every status is listed, zeros included.
    pub by_status: Vec<(ThreatStatus, usize)>,
    /// By severity, most severe first; every severity is listed, zeros included.
    pub by_severity: Vec<(Severity, usize)>,
    /// By category, the categories that occur only.
    pub by_category: Vec<(ThreatCategory, usize)>,
}

/// A dismissed threat-library suggestion, as the report lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dismissal<'m> {
    /// The rule that proposed it.
    pub rule: &'m str,
    /// What it was proposed for: a kind and a name.
    pub target: String,
    /// Why the team turned it down (may be empty).
    pub reason: &'m str,
}

/// A suppressed check finding, as the report lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression<'m> {
    /// The check's id ("DFD013").
    pub rule: &'m str,
    /// The check's title, when the id is one of ours.
    pub title: Option<&'static str>,
    /// What was silenced: a kind and a name, or "the whole model".
    pub subject: String,
    /// Why.
    pub reason: &'m str,
}

/// Everything a report shows, in the order it shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Content<'m> {
    /// The model it is about.
    pub model: &'m Model,
    /// Threat counts.
    pub summary: Summary,
    /// Open threats rated critical or high, critical first: what to act on.
    pub priority: Vec<(&'m ThreatId, &'m Threat)>,
    /// Elements (by kind, then name), flows, then boundaries.
    pub records: Vec<Record<'m>>,
    /// Dismissed suggestions, by target then rule.
    pub dismissed: Vec<Dismissal<'m>>,
    /// Suppressed findings, by rule then subject.
    pub suppressions: Vec<Suppression<'m>>,
}

impl<'m> Content<'m> {
    /// Gathers the report's content from `model`.
    #[must_use]
    pub fn of(model: &'m Model) -> Self {
        let mut by_target: BTreeMap<&ThreatTarget, Vec<(&ThreatId, &Threat)>> = BTreeMap::new();
        for (id, threat) in &model.threats {
            by_target.entry(&threat.target).or_default().push((id, threat));
        }
        for list in by_target.values_mut() {
            list.sort_by(|a, b| (a.1.rank, a.0).cmp(&(b.1.rank, b.0)));
        }
        let mut take = |target: ThreatTarget| by_target.remove(&target).unwrap_or_default();
        let mut records = Vec::new();
        let mut elements: Vec<_> = model.elements.iter().collect();
        elements.sort_by(|a, b| (a.1.kind.tag(), &a.1.name, a.0).cmp(&(b.1.kind.tag(), &b.1.name, b.0)));
        for (id, e) in elements {
            let properties = element_properties(model, e);
            records.push(Record {
                id: id.as_str(),
                kind: e.kind.tag().label(),
                name: &e.name,
                description: &e.description,
                properties,
                assumptions: &e.assumptions,
                out_of_scope: e.out_of_scope.then_some(e.out_of_scope_reason.as_str()),
                threats: take(ThreatTarget::Element(id.clone())),
            });
        }
        for (id, f) in &model.flows {
            let properties = flow_properties(model, f);
            records.push(Record {
                id: id.as_str(),
                kind: "Data flow",
                name: &f.name,
                description: &f.description,
                properties,
                assumptions: &f.assumptions,
                out_of_scope: f.out_of_scope.then_some(f.out_of_scope_reason.as_str()),
                threats: take(ThreatTarget::Flow(id.clone())),
            });
        }
        for (id, b) in &model.boundaries {
            let mut properties = Vec::new();
            if let Some(parent) = &b.parent {
                properties.push(("Inside", boundary_name(model, parent.as_str())));
            }
            records.push(Record {
                id: id.as_str(),
                kind: "Trust boundary",
                name: &b.name,
                description: &b.description,
                properties,
                assumptions: &[],
                out_of_scope: None,
                threats: take(ThreatTarget::Boundary(id.clone())),
            });
        }
        let mut priority: Vec<_> = model
            .threats
            .iter()
            .filter(|(_, t)| t.status == ThreatStatus::Open && t.severity >= Severity::High)
            .collect();
        priority.sort_by(|a, b| b.1.severity.cmp(&a.1.severity).then_with(|| a.0.cmp(b.0)));
        let dismissed = model
            .dismissed
            .iter()
            .map(|(key, reason)| Dismissal { rule: &key.rule, target: target_label(model, &key.target), reason })
            .collect();
        let suppressions = model
            .suppressions
            .iter()
            .map(|(key, reason)| Suppression {
                rule: &key.rule,
                title: crate::rules::rule(&key.rule).map(|r| r.title),
                subject: subject_label(model, &key.subject),
                reason,
            })
            .collect();
        Self { model, summary: Summary::of(model), priority, records, dismissed, suppressions }
    }

    /// The records that are out of scope, with their reasons.
    pub fn out_of_scope(&self) -> impl Iterator<Item = &Record<'m>> {
        self.records.iter().filter(|r| r.out_of_scope.is_some())
    }

    /// The records that carry assumptions.
    pub fn with_assumptions(&self) -> impl Iterator<Item = &Record<'m>> {
        self.records.iter().filter(|r| !r.assumptions.is_empty())
    }

    /// The kind and name of what a threat is on: "Process “Angular SPA”".
    #[must_use]
    pub fn target_label(&self, target: &ThreatTarget) -> String {
        target_label(self.model, target)
    }
}

impl Summary {
    /// Counts the threats of `model`.
    #[must_use]
    pub fn of(model: &Model) -> Self {
        let count_by = |f: &dyn Fn(&Threat) -> bool| model.threats.values().filter(|t| f(t)).count();
        let by_status = ThreatStatus::ALL.iter().map(|&s| (s, count_by(&|t| t.status == s))).collect();
        let by_severity = Severity::ALL.iter().rev().map(|&s| (s, count_by(&|t| t.severity == s))).collect();
        let mut categories: BTreeMap<ThreatCategory, usize> = BTreeMap::new();
        for t in model.threats.values() {
            *categories.entry(t.category).or_default() += 1;
        }
        Self { total: model.threats.len(), by_status, by_severity, by_category: categories.into_iter().collect() }
    }
}

/// An element's properties, in a fixed order.
fn element_properties(model: &Model, e: &crate::model::Element) -> Vec<(&'static str, String)> {
    let mut properties = Vec::new();
    if let Some(b) = &e.boundary {
        properties.push(("Trust boundary", boundary_name(model, b.as_str())));
    }
    match &e.kind {
        ElementKind::Process(p) => {
            if !p.technology.is_empty() {
                properties.push(("Technology", p.technology.clone()));
            }
            properties.push(("Privileged", yes_no(p.privileged)));
            properties.push(("Authenticates callers", yes_no(p.authenticates_callers)));
        }
        ElementKind::ExternalEntity(x) => {
            let nature = match x.nature {
                EntityNature::Person => "Person",
                EntityNature::System => "System",
            };
            properties.push(("Nature", nature.to_owned()));
        }
        ElementKind::DataStore(s) => {
            properties.push(("Stores credentials", yes_no(s.stores_credentials)));
            properties.push(("Stores personal data", yes_no(s.stores_personal_data)));
            properties.push(("Encrypted at rest", yes_no(s.encrypted_at_rest)));
            properties.push(("Log or audit store", yes_no(s.is_log)));
        }
    }
    properties
}

/// A flow's properties, in a fixed order.
fn flow_properties(model: &Model, f: &crate::model::DataFlow) -> Vec<(&'static str, String)> {
    let name_of = |e: &crate::model::ElementId| model.elements.get(e).map_or_else(|| e.to_string(), |e| e.name.clone());
    let arrow = if f.bidirectional { "↔" } else { "→" };
    let mut properties = vec![("Between", format!("{} {arrow} {}", name_of(&f.source), name_of(&f.target)))];
    if !f.data.is_empty() {
        properties.push(("Data", f.data.clone()));
    }
    if !f.protocol.is_empty() {
        properties.push(("Protocol", f.protocol.clone()));
    }
    properties.push(("Encrypted", yes_no(f.encrypted)));
    properties.push(("Authenticated", yes_no(f.authenticated)));
    let crossed = model.crossed_boundaries(f);
    if !crossed.is_empty() {
        let names: Vec<String> = crossed.iter().map(|b| boundary_name(model, b.as_str())).collect();
        properties.push(("Crosses", names.join("; ")));
    }
    properties
}

/// "Yes" or "No".
fn yes_no(value: bool) -> String {
    if value { "Yes" } else { "No" }.to_owned()
}

/// A boundary's name, or its id if it has gone.
fn boundary_name(model: &Model, id: &str) -> String {
    model.boundaries.iter().find(|(b, _)| b.as_str() == id).map_or_else(|| id.to_owned(), |(_, b)| b.name.clone())
}

/// The kind and name of a threat's target: "Process “Angular SPA”".
#[must_use]
pub fn target_label(model: &Model, target: &ThreatTarget) -> String {
    match target {
        ThreatTarget::Element(id) => model
            .elements
            .get(id)
            .map_or_else(|| format!("element {id}"), |e| format!("{} “{}”", e.kind.tag().label(), e.name)),
        ThreatTarget::Flow(id) => {
            model.flows.get(id).map_or_else(|| format!("flow {id}"), |f| format!("Data flow “{}”", f.name))
        }
        ThreatTarget::Boundary(id) => model
            .boundaries
            .get(id)
            .map_or_else(|| format!("boundary {id}"), |b| format!("Trust boundary “{}”", b.name)),
    }
}

/// The kind and name of a suppression's subject.
fn subject_label(model: &Model, subject: &Subject) -> String {
    match subject {
        Subject::Model => "the whole model".to_owned(),
        Subject::Element(id) => target_label(model, &ThreatTarget::Element(id.clone())),
        Subject::Flow(id) => target_label(model, &ThreatTarget::Flow(id.clone())),
        Subject::Boundary(id) => target_label(model, &ThreatTarget::Boundary(id.clone())),
        Subject::Diagram(id) => {
            model.diagram(id).map_or_else(|| format!("diagram {id}"), |d| format!("Diagram “{}”", d.name))
        }
        Subject::Threat(id) => {
            model.threats.get(id).map_or_else(|| format!("threat {id}"), |t| format!("Threat “{}”", t.title))
        }
        Subject::Message(id) => {
            let text = model.diagrams.iter().find_map(|d| match &d.view {
                DiagramView::Sequence(s) => s.messages.iter().find(|m| &m.id == id).map(|m| m.label(model)),
                DiagramView::Dfd(_) => None,
            });
            text.map_or_else(|| format!("message {id}"), |t| format!("Message “{t}”"))
        }
    }
}

/// Where to read about a reference: MITRE's page for CWE and CAPEC ids, the link itself for a
/// link (only http and https ever become links).
#[must_use]
pub fn reference_url(reference: &Reference) -> Option<String> {
    match reference {
        Reference::Cwe(n) => Some(format!("https://cwe.mitre.org/data/definitions/{n}.html")),
        Reference::Capec(n) => Some(format!("https://capec.mitre.org/data/definitions/{n}.html")),
        Reference::Link(url) => {
            let lower = url.to_ascii_lowercase();
            (lower.starts_with("https://") || lower.starts_with("http://")).then(|| url.clone())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Element, ElementId};

    fn model() -> Model {
        let mut m = Model::default();
        m.elements.insert(ElementId::new("a"), Element { name: "A".into(), ..Element::default() });
        let on_a = ThreatTarget::Element(ElementId::new("a"));
        for (id, severity, status) in [
            ("t1", Severity::High, ThreatStatus::Open),
            ("t2", Severity::Critical, ThreatStatus::Open),
            ("t3", Severity::Critical, ThreatStatus::Mitigated),
            ("t4", Severity::Low, ThreatStatus::Open),
        ] {
            let mut t = Threat::new(on_a.clone(), ThreatCategory::Spoofing, id);
            t.severity = severity;
            t.status = status;
            m.threats.insert(ThreatId::new(id), t);
        }
        m
    }

    #[test]
    fn open_critical_threats_come_before_open_high_and_the_rest_are_left_out() {
        let m = model();
        let c = Content::of(&m);
        let ids: Vec<&str> = c.priority.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["t2", "t1"]);
    }

    #[test]
    fn the_summary_counts_every_threat_once_per_dimension() {
        let s = Summary::of(&model());
        assert_eq!(s.total, 4);
        assert_eq!(s.by_status[0], (ThreatStatus::Open, 3));
        assert_eq!(s.by_severity[0], (Severity::Critical, 2));
        assert_eq!(s.by_category, [(ThreatCategory::Spoofing, 4)]);
        assert_eq!(s.by_status.iter().map(|x| x.1).sum::<usize>(), 4);
    }

    #[test]
    fn only_http_links_become_links() {
        assert_eq!(
            reference_url(&Reference::Cwe(79)).as_deref(),
            Some("https://cwe.mitre.org/data/definitions/79.html")
        );
        assert_eq!(reference_url(&Reference::Link("javascript:alert(1)".into())), None);
    }
}

//! Tests over the whole shipped library and the evaluator's semantics.
//!
//! The table-driven test builds, for every rule in the library, a model made for it (from the
//! rule's own condition: each test it asks for is made true on a fresh target and whatever
//! flows and neighbours the condition mentions), and checks that the rule is proposed there and
//! nowhere in an unrelated model. A new rule gets its case from its condition; a rule whose
//! condition cannot be met this way fails the test, which names it.

use std::collections::BTreeSet;

use crate::model::{
    BoundaryId, DataFlow, Element, ElementId, ElementKind, FlowId, Methodology, Model, ProcessProps, Threat,
    ThreatCategory, ThreatTarget, TrustBoundary,
};

use super::rule::{Condition, Flag, RuleSubject, TextField};
use super::{Library, Scope, suggest};

const INSIDE: &str = "b-inside";

/// A model under construction for one rule.
struct Builder {
    model: Model,
    next: usize,
    /// Elements in the order they were made: a flow's newer end is the one made for it.
    made: Vec<ElementId>,
}

impl Builder {
    fn new() -> Self {
        let mut model = Model::default();
        model.boundaries.insert(BoundaryId::new(INSIDE), TrustBoundary { name: "Inside".into(), ..Default::default() });
        Self { model, next: 0, made: Vec::new() }
    }

    fn fresh(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{prefix}{}", self.next)
    }

    /// A new element of the kind `condition` asks for, inside the boundary, made to satisfy it.
    fn element_for(&mut self, condition: &Condition) -> ElementId {
        let subject = kind_wanted(condition).unwrap_or(RuleSubject::Process);
        let id = ElementId::new(self.fresh("e"));
        let kind = match subject {
            RuleSubject::ExternalEntity => crate::model::ElementKindTag::ExternalEntity,
            RuleSubject::DataStore => crate::model::ElementKindTag::DataStore,
            _ => crate::model::ElementKindTag::Process,
        }
        .default_kind();
        let element = Element {
            name: format!("Element {id}"),
            kind,
            boundary: Some(BoundaryId::new(INSIDE)),
            ..Element::default()
        };
        self.model.elements.insert(id.clone(), element);
        self.made.push(id.clone());
        self.satisfy(condition, &ThreatTarget::Element(id.clone()));
        id
    }

    /// A new flow between `from` and `to`, made to satisfy `condition`.
    fn flow_for(&mut self, from: ElementId, to: ElementId, condition: &Condition) -> FlowId {
        let id = FlowId::new(self.fresh("f"));
        let flow = DataFlow { source: from, target: to, name: format!("Flow {id}"), ..DataFlow::default() };
        self.model.flows.insert(id.clone(), flow);
        self.satisfy(condition, &ThreatTarget::Flow(id.clone()));
        id
    }

    /// Makes `condition` true at `at` (every `any` by its first part; `not` by leaving the
    /// defaults, which are false and empty).
    fn satisfy(&mut self, condition: &Condition, at: &ThreatTarget) {
        match condition {
            Condition::Always | Condition::Kind(_) | Condition::Not(_) => {}
            Condition::All(parts) => {
                // Relations last, so crossing is decided once the ends' own boundaries are set.
                let (relations, local): (Vec<_>, Vec<_>) = parts.iter().partition(|c| is_relation(c));
                for part in local.into_iter().chain(relations) {
                    self.satisfy(part, at);
                }
            }
            Condition::Any(parts) => {
                if let Some(first) = parts.first() {
                    self.satisfy(first, at);
                }
            }
            Condition::Flag(flag, value) => self.set_flag(*flag, *value, at),
            Condition::Nature(nature) => {
                if let ThreatTarget::Element(id) = at
                    && let Some(ElementKind::ExternalEntity(p)) = self.model.elements.get_mut(id).map(|e| &mut e.kind)
                {
                    p.nature = *nature;
                }
            }
            Condition::Words(field, words) => self.add_text(*field, &words[0], at),
            Condition::Source(inner) | Condition::Target(inner) | Condition::EitherEnd(inner) => {
                let ThreatTarget::Flow(id) = at else { return };
                let end = match condition {
                    Condition::Target(_) => self.model.flows[id].target.clone(),
                    _ => self.model.flows[id].source.clone(),
                };
                self.satisfy(inner, &ThreatTarget::Element(end));
            }
            Condition::Incoming(inner) | Condition::Outgoing(inner) => {
                let ThreatTarget::Element(subject) = at else { return };
                let other_condition = end_condition(inner, matches!(condition, Condition::Incoming(_)));
                let other = self.element_for(&other_condition);
                let (from, to) = if matches!(condition, Condition::Incoming(_)) {
                    (other, subject.clone())
                } else {
                    (subject.clone(), other)
                };
                self.flow_for(from, to, inner);
            }
        }
    }

    fn set_flag(&mut self, flag: Flag, value: bool, at: &ThreatTarget) {
        match at {
            ThreatTarget::Element(id) => {
                let Some(element) = self.model.elements.get_mut(id) else { return };
                match (&mut element.kind, flag) {
                    (_, Flag::InBoundary) => element.boundary = value.then(|| BoundaryId::new(INSIDE)),
                    (ElementKind::Process(p), Flag::Privileged) => p.privileged = value,
                    (ElementKind::Process(p), Flag::AuthenticatesCallers) => p.authenticates_callers = value,
                    (ElementKind::DataStore(s), Flag::StoresCredentials) => s.stores_credentials = value,
                    (ElementKind::DataStore(s), Flag::StoresPersonalData) => s.stores_personal_data = value,
                    (ElementKind::DataStore(s), Flag::EncryptedAtRest) => s.encrypted_at_rest = value,
                    (ElementKind::DataStore(s), Flag::IsLog) => s.is_log = value,
                    _ => {}
                }
            }
            ThreatTarget::Flow(id) => {
                let Some(flow) = self.model.flows.get(id).cloned() else { return };
                match flag {
                    Flag::Encrypted => self.edit_flow(id, |f| f.encrypted = value),
                    Flag::Authenticated => self.edit_flow(id, |f| f.authenticated = value),
                    Flag::Bidirectional => self.edit_flow(id, |f| f.bidirectional = value),
                    Flag::CrossesBoundary => {
                        // The newer end (the one this flow was made for) moves.
                        let age = |e: &ElementId| self.made.iter().position(|m| m == e);
                        let (fixed, moving) = if age(&flow.source) < age(&flow.target) {
                            (flow.source, flow.target)
                        } else {
                            (flow.target, flow.source)
                        };
                        let fixed_boundary = self.model.elements[&fixed].boundary.clone();
                        let moved = if value {
                            if fixed_boundary.is_some() { None } else { Some(BoundaryId::new(INSIDE)) }
                        } else {
                            fixed_boundary
                        };
                        if let Some(e) = self.model.elements.get_mut(&moving) {
                            e.boundary = moved;
                        }
                    }
                    _ => {}
                }
            }
            ThreatTarget::Boundary(_) => {}
        }
    }

    fn edit_flow(&mut self, id: &FlowId, change: impl FnOnce(&mut DataFlow)) {
        if let Some(f) = self.model.flows.get_mut(id) {
            change(f);
        }
    }

    fn add_text(&mut self, field: TextField, word: &str, at: &ThreatTarget) {
        let append = |text: &mut String| {
            text.push_str(" uses ");
            text.push_str(word);
        };
        match at {
            ThreatTarget::Element(id) => {
                let Some(e) = self.model.elements.get_mut(id) else { return };
                match (field, &mut e.kind) {
                    (TextField::Name, _) => append(&mut e.name),
                    (TextField::Technology, ElementKind::Process(p)) => append(&mut p.technology),
                    _ => append(&mut e.description),
                }
            }
            ThreatTarget::Flow(id) => {
                let Some(f) = self.model.flows.get_mut(id) else { return };
                match field {
                    TextField::Name => append(&mut f.name),
                    TextField::Data => append(&mut f.data),
                    TextField::Protocol => append(&mut f.protocol),
                    _ => append(&mut f.description),
                }
            }
            ThreatTarget::Boundary(_) => {}
        }
    }
}

fn is_relation(c: &Condition) -> bool {
    matches!(
        c,
        Condition::Source(_)
            | Condition::Target(_)
            | Condition::EitherEnd(_)
            | Condition::Incoming(_)
            | Condition::Outgoing(_)
    )
}

/// The condition on the far end of a flow that `flow_condition` puts on it: the source's part
/// for an incoming flow, the target's for an outgoing one.
fn end_condition(flow_condition: &Condition, incoming: bool) -> Condition {
    let mut parts = Vec::new();
    collect_end(flow_condition, incoming, &mut parts);
    Condition::All(parts)
}

fn collect_end(c: &Condition, incoming: bool, out: &mut Vec<Condition>) {
    match c {
        Condition::All(parts) => parts.iter().for_each(|p| collect_end(p, incoming, out)),
        Condition::Any(parts) => {
            if let Some(first) = parts.first() {
                collect_end(first, incoming, out);
            }
        }
        Condition::Source(inner) if incoming => out.push((**inner).clone()),
        Condition::Target(inner) if !incoming => out.push((**inner).clone()),
        Condition::EitherEnd(inner) => out.push((**inner).clone()),
        _ => {}
    }
}

/// The element kind a condition needs, from its first telling test.
fn kind_wanted(c: &Condition) -> Option<RuleSubject> {
    match c {
        Condition::Kind(kinds) => kinds.first().copied(),
        Condition::Nature(_) => Some(RuleSubject::ExternalEntity),
        Condition::Flag(Flag::Privileged | Flag::AuthenticatesCallers, _)
        | Condition::Words(TextField::Technology, _) => Some(RuleSubject::Process),
        Condition::Flag(
            Flag::StoresCredentials | Flag::StoresPersonalData | Flag::EncryptedAtRest | Flag::IsLog,
            _,
        ) => Some(RuleSubject::DataStore),
        Condition::All(parts) => parts.iter().find_map(kind_wanted),
        Condition::Any(parts) => parts.first().and_then(kind_wanted),
        _ => None,
    }
}

/// A model made for `rule` and the target it should be proposed for.
fn model_for(rule: &super::Rule) -> (Model, ThreatTarget) {
    let mut b = Builder::new();
    let subject = rule.applies_to[0];
    let target = if subject == RuleSubject::Flow {
        let ends = end_condition(&rule.condition, true);
        let from = b.element_for(&ends);
        let to = b.element_for(&end_condition(&rule.condition, false));
        ThreatTarget::Flow(b.flow_for(from, to, &rule.condition))
    } else {
        let condition = Condition::All(vec![Condition::Kind(vec![subject]), rule.condition.clone()]);
        ThreatTarget::Element(b.element_for(&condition))
    };
    (b.model, target)
}

/// A model that no shipped rule should match: processes that authenticate their callers and
/// run a neutral technology, and an encrypted, unremarkable store, all inside one boundary,
/// linked by encrypted flows of plain numbers.
fn unrelated_model() -> Model {
    let mut m = Model::default();
    let inside = Some(BoundaryId::new(INSIDE));
    m.boundaries.insert(BoundaryId::new(INSIDE), TrustBoundary::default());
    let process = |name: &str| Element {
        name: name.into(),
        kind: ElementKind::Process(ProcessProps {
            technology: "Bespoke firmware".into(),
            authenticates_callers: true,
            privileged: false,
        }),
        boundary: inside.clone(),
        ..Element::default()
    };
    m.elements.insert(ElementId::new("p1"), process("Tile renderer"));
    m.elements.insert(ElementId::new("p2"), process("Colour mixer"));
    let mut store = Element { name: "Palette".into(), boundary: inside.clone(), ..Element::default() };
    store.kind = ElementKind::DataStore(crate::model::DataStoreProps { encrypted_at_rest: true, ..Default::default() });
    m.elements.insert(ElementId::new("s1"), store);
    let flow = |s: &str, t: &str| DataFlow {
        source: ElementId::new(s),
        target: ElementId::new(t),
        name: "Numbers".into(),
        data: "Numbers".into(),
        protocol: "Unix socket".into(),
        encrypted: true,
        authenticated: true,
        ..DataFlow::default()
    };
    m.flows.insert(FlowId::new("f1"), flow("p1", "p2"));
    m.flows.insert(FlowId::new("f2"), flow("p2", "s1"));
    m
}

#[test]
fn every_shipped_rule_matches_a_model_made_for_it_and_not_an_unrelated_one() {
    let library = Library::shipped();
    assert!(Library::shipped_problems().is_empty(), "{:#?}", Library::shipped_problems());
    assert!(library.len() >= 60, "the shipped library has {} rules", library.len());
    let unrelated = unrelated_model();
    let stray: Vec<String> = suggest(&unrelated, library, Scope::Model)
        .iter()
        .map(|s| format!("{} on {}", s.rule.id, s.target.id_str()))
        .collect();
    assert!(stray.is_empty(), "rules proposed in the unrelated model: {stray:?}");
    let mut failures = Vec::new();
    for rule in library.rules() {
        let (model, target) = model_for(rule);
        crate::format::load_bytes(crate::format::to_canonical_string(&model).as_bytes(), &rule.id)
            .unwrap_or_else(|e| panic!("the model built for {} does not load: {e}", rule.id));
        let proposed = suggest(&model, library, Scope::Model);
        if !proposed.iter().any(|s| s.rule.id == rule.id && s.target == target) {
            failures.push(format!("{} is not proposed for {target:?} in {model:#?}", rule.id));
        }
    }
    assert!(failures.is_empty(), "{} rules failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_rule_cites_a_weakness_and_fills_in_its_target() {
    for rule in Library::shipped().rules() {
        assert!(!rule.cwe.is_empty(), "{} cites no CWE", rule.id);
        assert!(rule.id.starts_with("TC-"), "{}", rule.id);
        let names = super::Names { target: "<T>", from: "<F>", to: "<O>" };
        assert!(rule.title.render(names).contains('<'), "{}'s title names nothing", rule.id);
        assert!(
            rule.description.source().len() > 80 && rule.mitigation.source().len() > 60,
            "{} is too terse",
            rule.id
        );
        assert!(Methodology::Stride.categories().contains(&rule.stride));
    }
}

fn element(name: &str, kind: ElementKind, boundary: Option<&str>) -> Element {
    Element { name: name.into(), kind, boundary: boundary.map(BoundaryId::new), ..Element::default() }
}

fn process(tech: &str, authenticates: bool) -> ElementKind {
    ElementKind::Process(ProcessProps {
        technology: tech.into(),
        authenticates_callers: authenticates,
        privileged: false,
    })
}

/// A browser-side app in `outside`, an API in `inner` nested in `outer`, and a store beside
/// the API, linked by a request flow and a two-way query flow.
fn small_system() -> Model {
    let mut m = Model::default();
    m.boundaries.insert(BoundaryId::new("outer"), TrustBoundary::default());
    m.boundaries.insert(
        BoundaryId::new("inner"),
        TrustBoundary { parent: Some(BoundaryId::new("outer")), ..Default::default() },
    );
    m.elements.insert(ElementId::new("spa"), element("Shop SPA", process("Angular", false), None));
    m.elements.insert(ElementId::new("api"), element("Shop API", process("Express, libxmljs2", false), Some("inner")));
    let store = ElementKind::DataStore(crate::model::DataStoreProps { stores_credentials: true, ..Default::default() });
    m.elements.insert(ElementId::new("db"), element("Users (PostgreSQL)", store, Some("inner")));
    let flow = |s: &str, t: &str, data: &str| DataFlow {
        source: ElementId::new(s),
        target: ElementId::new(t),
        name: format!("{s} to {t}"),
        data: data.into(),
        ..DataFlow::default()
    };
    m.flows.insert(FlowId::new("req"), flow("spa", "api", "Login form with password"));
    m.flows.insert(FlowId::new("sql"), DataFlow { bidirectional: true, ..flow("api", "db", "SQL queries") });
    m
}

fn proposed(m: &Model) -> BTreeSet<(String, String)> {
    suggest(m, Library::shipped(), Scope::Model)
        .into_iter()
        .map(|s| (s.rule.id.clone(), s.target.id_str().to_owned()))
        .collect()
}

fn has(set: &BTreeSet<(String, String)>, rule: &str, target: &str) -> bool {
    set.contains(&(rule.to_owned(), target.to_owned()))
}

#[test]
fn crossing_follows_nested_membership() {
    let mut m = small_system();
    let set = proposed(&m);
    assert!(has(&set, "TC-CRED-003", "req"), "password over an unencrypted boundary crossing");
    assert!(has(&set, "TC-AUTH-001", "api"), "unauthenticated process reached across a boundary");
    assert!(!has(&set, "TC-FLOW-001", "sql"), "api and db share their boundaries");
    // The store moves to the outer boundary: the query flow now leaves `inner`.
    m.elements.get_mut(&ElementId::new("db")).expect("db").boundary = Some(BoundaryId::new("outer"));
    assert!(!m.crossed_boundaries(&m.flows[&FlowId::new("sql")]).is_empty());
    assert!(has(&proposed(&m), "TC-FLOW-001", "sql"));
    // And the SPA inside `outer` too: its request still crosses `inner`.
    m.elements.get_mut(&ElementId::new("spa")).expect("spa").boundary = Some(BoundaryId::new("outer"));
    assert!(has(&proposed(&m), "TC-CRED-003", "req"));
    m.elements.get_mut(&ElementId::new("spa")).expect("spa").boundary = Some(BoundaryId::new("inner"));
    assert!(!has(&proposed(&m), "TC-CRED-003", "req"));
}

#[test]
fn properties_and_keywords_decide() {
    let mut m = small_system();
    let set = proposed(&m);
    assert!(has(&set, "TC-XML-001", "api"), "libxmljs2 is an XML parser");
    assert!(has(&set, "TC-CRED-001", "db"), "credentials not encrypted at rest");
    assert!(has(&set, "TC-SQL-001", "api"), "the api queries a store through a two-way flow");
    if let ElementKind::DataStore(s) = &mut m.elements.get_mut(&ElementId::new("db")).expect("db").kind {
        s.encrypted_at_rest = true;
    }
    if let ElementKind::Process(p) = &mut m.elements.get_mut(&ElementId::new("api")).expect("api").kind {
        p.technology = "Express".into();
        p.authenticates_callers = true;
    }
    let set = proposed(&m);
    assert!(!has(&set, "TC-CRED-001", "db"));
    assert!(!has(&set, "TC-XML-001", "api"));
    assert!(!has(&set, "TC-AUTH-001", "api"));
}

#[test]
fn two_way_flows_count_in_both_directions() {
    let m = small_system();
    // The store receives data through the two-way flow it is the target of, and sends data
    // back through it: the api is its sender both ways round.
    let set = proposed(&m);
    assert!(has(&set, "TC-STORE-004", "db"), "the store is written by a process serving outside callers");
}

#[test]
fn out_of_scope_and_unselected_records_get_nothing() {
    let mut m = small_system();
    m.elements.get_mut(&ElementId::new("api")).expect("api").out_of_scope = true;
    m.flows.get_mut(&FlowId::new("req")).expect("req").out_of_scope = true;
    let set = proposed(&m);
    assert!(!set.iter().any(|(_, t)| t == "api" || t == "req"), "{set:?}");
    assert!(set.iter().any(|(_, t)| t == "db"), "others still get theirs");
    let selection: BTreeSet<ThreatTarget> = [ThreatTarget::Element(ElementId::new("db"))].into();
    let only = suggest(&m, Library::shipped(), Scope::Targets(&selection));
    assert!(!only.is_empty());
    assert!(only.iter().all(|s| s.target == ThreatTarget::Element(ElementId::new("db"))));
}

#[test]
fn suggestions_come_in_target_then_rule_order_with_names_filled_in() {
    let m = small_system();
    let all = suggest(&m, Library::shipped(), Scope::Model);
    let keys: Vec<_> = all.iter().map(|s| (s.target.clone(), s.rule.id.clone())).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let xml = all.iter().find(|s| s.rule.id == "TC-XML-001").expect("xml");
    assert_eq!(xml.title, "Shop API parses XML with external entities enabled");
    let cred = all.iter().find(|s| s.rule.id == "TC-CRED-003").expect("cred");
    let threat: Threat = cred.threat(&m);
    assert!(threat.description.contains("from Shop SPA to Shop API"), "{}", threat.description);
    assert_eq!(threat.category, ThreatCategory::InformationDisclosure);
}

#[test]
fn the_category_follows_the_methodology() {
    let rule = Library::shipped().rule("TC-STORE-001").expect("rule");
    assert_eq!(rule.category(Methodology::Stride), ThreatCategory::InformationDisclosure);
    assert_eq!(rule.category(Methodology::Linddun), ThreatCategory::DataDisclosure);
    assert_eq!(rule.category(Methodology::Cia), ThreatCategory::Confidentiality);
    let no_linddun = Library::shipped().rule("TC-XML-001").expect("rule");
    assert_eq!(no_linddun.category(Methodology::Linddun), ThreatCategory::InformationDisclosure);
}

//! Suggestions: the threats the library proposes for a model that it does not hold yet.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashSet;
use std::sync::Arc;

use crate::model::{
    MAX_NAME_CHARS, MAX_TEXT_CHARS, Model, Severity, SuggestionKey, Threat, ThreatCategory, ThreatTarget,
};

use super::evaluate::{At, ModelIndex, subject_of};
use super::library::Library;
use super::rule::{Rule, RuleSubject};
use super::template::Names;

/// Which part of the model to suggest for.
#[derive(Clone, Copy, Debug)]
pub enum Scope<'a> {
    /// Every element and flow.
    Model,
    /// These elements and flows only (a selection); boundaries in it get none.
    Targets(&'a BTreeSet<ThreatTarget>),
}

impl Scope<'_> {
    fn includes(self, target: impl FnOnce() -> ThreatTarget) -> bool {
        match self {
            Self::Model => true,
            Self::Targets(set) => set.contains(&target()),
        }
    }
}

/// A threat a rule proposes for one element or flow. Its identity is the rule id and the
/// target: accepting it records the rule on the new threat, dismissing it records the pair,
/// and either way it is not proposed again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// The rule that proposes it.
    pub rule: Arc<Rule>,
    /// The element or flow it is about.
    pub target: ThreatTarget,
    /// The rule's title with the target's name filled in.
    pub title: String,
}

/// Suggestions for `model` from `library`, in target order (elements by id, then flows by
/// id), each target's by rule id. Out-of-scope elements and flows get none, nor does a rule
/// and target pair that already has a threat from that rule or that the team dismissed.
#[must_use]
pub fn suggest(model: &Model, library: &Library, scope: Scope<'_>) -> Vec<Suggestion> {
    let taken = taken(model);
    let index = ModelIndex::new(model, library.vocabulary());
    let mut out = Vec::new();
    let mut propose = |rule: &Arc<Rule>, at: At, target: ThreatTarget| {
        let (name, from, to) = index.names(at);
        let title = clip(rule.title.render(Names { target: name, from, to }), MAX_NAME_CHARS);
        out.push(Suggestion { rule: Arc::clone(rule), target, title });
    };
    for (e, entry) in index.elements.iter().enumerate() {
        let Ok(e) = u32::try_from(e) else { break };
        if entry.element.out_of_scope || !scope.includes(|| ThreatTarget::Element(entry.id.clone())) {
            continue;
        }
        let at = At::Element(e);
        for (rule, test) in library.for_subject(subject_of(entry.element)) {
            if index.eval(test, at) && !taken.contains(&(rule.id.as_str(), entry.id.as_str())) {
                propose(rule, at, ThreatTarget::Element(entry.id.clone()));
            }
        }
    }
    for (f, entry) in index.flows.iter().enumerate() {
        let Ok(flow) = u32::try_from(f) else { break };
        if entry.flow.out_of_scope || !scope.includes(|| ThreatTarget::Flow(entry.id.clone())) {
            continue;
        }
        let at = At::Flow { flow, forward: true };
        for (rule, test) in library.for_subject(RuleSubject::Flow) {
            if index.eval(test, at) && !taken.contains(&(rule.id.as_str(), entry.id.as_str())) {
                propose(rule, at, ThreatTarget::Flow(entry.id.clone()));
            }
        }
    }
    out
}

/// The (rule id, target id) pairs not to propose: those with a threat from that rule, and
/// those dismissed. Target ids are unique across elements, flows and boundaries, so the id
/// alone names the target.
fn taken(model: &Model) -> FxHashSet<(&str, &str)> {
    let accepted = model.threats.values().filter_map(|t| t.rule.as_deref().map(|rule| (rule, t.target.id_str())));
    let dismissed = model.dismissed.keys().map(|k| (k.rule.as_str(), k.target.id_str()));
    accepted.chain(dismissed).collect()
}

/// Suggestions grouped by target, in target order: what a review list shows under each
/// element or flow.
#[must_use]
pub fn by_target(suggestions: &[Suggestion]) -> BTreeMap<&ThreatTarget, Vec<&Suggestion>> {
    let mut groups: BTreeMap<&ThreatTarget, Vec<&Suggestion>> = BTreeMap::new();
    for s in suggestions {
        groups.entry(&s.target).or_default().push(s);
    }
    groups
}

impl Suggestion {
    /// What identifies it: the rule id and the target. Dismissing records this key.
    #[must_use]
    pub fn key(&self) -> SuggestionKey {
        SuggestionKey { rule: self.rule.id.clone(), target: self.target.clone() }
    }

    /// The threat accepting this suggestion creates in `model`: the rule's category for the
    /// model's methodology, the title, description and mitigation with names filled in, the
    /// default severity, the rule's references and id; open, unscored, rank 0 (the accept
    /// command places it after the target's threats).
    #[must_use]
    pub fn threat(&self, model: &Model) -> Threat {
        let names = names_of(model, &self.target);
        let names = Names { target: &names.0, from: &names.1, to: &names.2 };
        let mut threat = Threat::new(self.target.clone(), self.category(model), self.title.clone());
        threat.severity = self.severity();
        threat.description = clip(self.rule.description.render(names), MAX_TEXT_CHARS);
        threat.mitigation = clip(self.rule.mitigation.render(names), MAX_TEXT_CHARS);
        threat.references = self.rule.references();
        threat.rule = Some(self.rule.id.clone());
        threat
    }

    /// The category the threat gets in `model`.
    #[must_use]
    pub fn category(&self, model: &Model) -> ThreatCategory {
        self.rule.category(model.meta.methodology)
    }

    /// The rule's default severity.
    #[must_use]
    pub fn severity(&self) -> Severity {
        self.rule.severity
    }
}

/// `text` cut to at most `max` characters (a model limit), ending in "…" when cut.
fn clip(text: String, max: usize) -> String {
    if text.chars().count() <= max {
        return text;
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn names_of(model: &Model, target: &ThreatTarget) -> (String, String, String) {
    let element_name = |id| model.elements.get(id).map(|e| e.name.clone()).unwrap_or_default();
    match target {
        ThreatTarget::Element(id) => (element_name(id), String::new(), String::new()),
        ThreatTarget::Flow(id) => model
            .flows
            .get(id)
            .map_or_else(Default::default, |f| (f.name.clone(), element_name(&f.source), element_name(&f.target))),
        ThreatTarget::Boundary(id) => {
            (model.boundaries.get(id).map(|b| b.name.clone()).unwrap_or_default(), String::new(), String::new())
        }
    }
}

//! A set of rules ready to evaluate, and the shipped one.

use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

use super::evaluate::Test;
use super::rule::{Origin, Rule, RuleSubject};
use super::spec::{LibraryProblem, parse_file};
use super::words::Vocabulary;

/// The shipped library files, embedded in the binary: `(file name, text)`.
pub const SHIPPED_FILES: &[(&str, &str)] = &[
    ("access.toml", include_str!("../../assets/threats/access.toml")),
    ("injection.toml", include_str!("../../assets/threats/injection.toml")),
    ("transport.toml", include_str!("../../assets/threats/transport.toml")),
    ("storage.toml", include_str!("../../assets/threats/storage.toml")),
    ("operations.toml", include_str!("../../assets/threats/operations.toml")),
    ("privacy.toml", include_str!("../../assets/threats/privacy.toml")),
];

/// Rules compiled for evaluation, sorted by id.
#[derive(Clone, Debug, Default)]
pub struct Library {
    rules: Vec<Arc<Rule>>,
    tests: Vec<Test>,
    /// Indexes into `rules` of those about each [`RuleSubject`], in [`RuleSubject::ALL`] order.
    by_subject: [Vec<usize>; 4],
    vocabulary: Vocabulary,
}

/// A rule that replaced another with the same id: a team's own version of a shipped rule, or
/// a later library file's version of an earlier one's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleOverride {
    /// The rule id.
    pub id: String,
    /// Where the replaced rule came from.
    pub replaced: Origin,
    /// Where the rule now in use came from.
    pub by: Origin,
}

static SHIPPED: LazyLock<(Library, Vec<LibraryProblem>)> = LazyLock::new(|| {
    let mut rules = Vec::new();
    let mut problems = Vec::new();
    for (name, text) in SHIPPED_FILES {
        let (file_rules, file_problems) = parse_file(text, &Origin::Shipped(name));
        rules.extend(file_rules.into_iter().map(Arc::new));
        problems.extend(file_problems);
    }
    let (library, overrides) = Library::layered(Vec::new(), rules);
    for o in overrides {
        problems.push(LibraryProblem {
            file: o.by.to_string(),
            place: o.id.clone(),
            fault: format!("the id is also used in {}", o.replaced),
        });
    }
    (library, problems)
});

impl Library {
    /// The rules shipped with ThreatCanvas, parsed once.
    #[must_use]
    pub fn shipped() -> &'static Self {
        &SHIPPED.0
    }

    /// Problems in the shipped files (a test keeps this empty; the loader reports any).
    #[must_use]
    pub fn shipped_problems() -> &'static [LibraryProblem] {
        &SHIPPED.1
    }

    /// A library of `rules`; of several with the same id, the last wins.
    #[must_use]
    pub fn new(rules: impl IntoIterator<Item = Arc<Rule>>) -> Self {
        Self::layered(Vec::new(), rules).0
    }

    /// `base` with `extra` laid over it in order: a rule whose id is already present replaces
    /// the earlier one, and the replacement is listed.
    #[must_use]
    pub fn layered(
        base: impl IntoIterator<Item = Arc<Rule>>,
        extra: impl IntoIterator<Item = Arc<Rule>>,
    ) -> (Self, Vec<RuleOverride>) {
        let mut by_id: BTreeMap<String, Arc<Rule>> = base.into_iter().map(|r| (r.id.clone(), r)).collect();
        let mut overrides = Vec::new();
        for rule in extra {
            if let Some(old) = by_id.insert(rule.id.clone(), Arc::clone(&rule)) {
                overrides.push(RuleOverride {
                    id: rule.id.clone(),
                    replaced: old.origin.clone(),
                    by: rule.origin.clone(),
                });
            }
        }
        let rules: Vec<Arc<Rule>> = by_id.into_values().collect();
        let mut vocabulary = Vocabulary::default();
        let tests = rules.iter().map(|r| Test::compile(&r.condition, &mut vocabulary)).collect();
        let mut by_subject: [Vec<usize>; 4] = Default::default();
        for (i, rule) in rules.iter().enumerate() {
            for (slot, subject) in by_subject.iter_mut().zip(RuleSubject::ALL) {
                if rule.applies_to(subject) {
                    slot.push(i);
                }
            }
        }
        (Self { rules, tests, by_subject, vocabulary }, overrides)
    }

    /// Every rule, sorted by id.
    #[must_use]
    pub fn rules(&self) -> &[Arc<Rule>] {
        &self.rules
    }

    /// The rule with `id`.
    #[must_use]
    pub fn rule(&self, id: &str) -> Option<&Arc<Rule>> {
        self.rules.binary_search_by(|r| r.id.as_str().cmp(id)).ok().map(|i| &self.rules[i])
    }

    /// How many rules there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The rules about `subject` with their compiled conditions.
    pub(crate) fn for_subject(&self, subject: RuleSubject) -> impl Iterator<Item = (&Arc<Rule>, &Test)> + '_ {
        let slot = RuleSubject::ALL.iter().position(|s| *s == subject).unwrap_or(0);
        self.by_subject[slot].iter().map(|i| (&self.rules[*i], &self.tests[*i]))
    }

    pub(crate) fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }
}

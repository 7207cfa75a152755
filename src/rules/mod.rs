//! The do's and don'ts of data-flow diagrams, as checks.
//!
//! Each [`Rule`] is a pure function over the [`Model`] with a stable id (used in suppressions,
//! the command line and SARIF), a default [`Severity`] and the text that explains it. The
//! [`REGISTRY`] lists them all: the app's problems panel and help, `threatcanvas check` and the
//! cheat sheet printed by `threatcanvas rules` all read it, so the published advice and the
//! checks cannot drift apart.
//!
//! [`check`] builds one [`Index`](index) of derived facts (flows per element, boundary chains,
//! crossings, threatened records) and runs every rule over it, so a check of a 10,000-element
//! model stays well inside one frame of typing. A finding holds ids and a few words, not its
//! message: [`Finding::message`] writes the sentence from the model when it is shown, since a
//! large model yields tens of thousands of findings and a panel shows a screenful.

/// Formats a finding's message into a string sized for a typical message, so writing it rarely
/// has to grow the string (the command line writes every finding of a large model).
macro_rules! message {
    ($($arg:tt)*) => {{
        let mut text = String::with_capacity(160);
        let _ = std::fmt::Write::write_fmt(&mut text, format_args!($($arg)*));
        text
    }};
}

mod applicability;
mod boundaries;
mod conflicts;
mod coverage;
mod index;
mod naming;
mod scope;
mod sequence;
mod structure;
mod words;

use std::fmt;

pub use crate::model::Subject;
use crate::model::{Model, SuppressionKey};

pub use applicability::{CategoryTarget, category_applies};
use index::Index;

/// How much a finding matters. Ordered: `Hint < Warning < Error`, so a gate keeps findings at
/// or above a threshold with `>=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// A suggestion: the model may be fine, but a second look often finds something.
    Hint,
    /// Probably a mistake, or a gap that hides threats.
    Warning,
    /// The diagram says something that cannot be right.
    Error,
}

impl Severity {
    /// Every severity, most severe first (the order a problems panel filters in).
    pub const ALL: [Self; 3] = [Self::Error, Self::Warning, Self::Hint];

    /// The word used in output and in files: "error", "warning", "hint".
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Hint => "hint",
        }
    }

    /// A human label: "Error", "Warning", "Hint".
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Error => "Error",
            Self::Warning => "Warning",
            Self::Hint => "Hint",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One do or don't of data-flow modelling, with the text that explains it.
pub struct Rule {
    /// Stable id, e.g. "DFD003": suppressions, the command line and SARIF refer to it.
    pub id: &'static str,
    /// How much a finding of this rule matters unless configured otherwise.
    pub severity: Severity,
    /// A short title, e.g. "Flow between two external entities".
    pub title: &'static str,
    /// When the rule fires, in words.
    pub condition: &'static str,
    /// Why it matters for finding threats.
    pub why: &'static str,
    /// How to fix the model.
    pub fix: &'static str,
    /// Appends this rule's findings for the indexed model.
    check: fn(&Index<'_>, &mut Vec<Finding>),
    /// Writes the message of one of this rule's findings from the model it was found in.
    describe: fn(&Finding, &Model) -> String,
}

impl Rule {
    /// The help text: why it matters, then how to fix it.
    #[must_use]
    pub fn help(&self) -> String {
        format!("{} {}", self.why, self.fix)
    }

    /// A finding of this rule at its default severity. `subjects` must not be empty: the first
    /// is the primary subject.
    fn finding(&'static self, subjects: Vec<Subject>) -> Finding {
        self.finding_with(subjects, Detail::None)
    }

    /// A finding whose message needs `detail` besides its subjects and the model.
    fn finding_with(&'static self, subjects: Vec<Subject>, detail: Detail) -> Finding {
        Finding { rule: self, severity: self.severity, subjects, detail, suppressed: None }
    }
}

impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for Rule {}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule").field("id", &self.id).field("severity", &self.severity).finish_non_exhaustive()
    }
}

/// One problem found in a model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The rule that found it (its id, title and help).
    pub rule: &'static Rule,
    /// How much it matters.
    pub severity: Severity,
    /// The records it is about, primary first (never empty). The primary subject is what a
    /// click selects and what a suppression is keyed on; the others (the ends of a flow, the
    /// boundaries it crosses, a message's diagram) give context.
    pub subjects: Vec<Subject>,
    /// What the message needs that the subjects and the model do not say (a count the check
    /// worked out, the words for what is wrong).
    detail: Detail,
    /// The written reason, when the finding is suppressed in the model. A suppressed finding
    /// is still listed, but never counts against a gate.
    pub suppressed: Option<String>,
}

/// What a finding's message needs besides its subjects and the model: facts the check derived
/// (a count, which of several problems it is), kept as a number or fixed words so a finding
/// costs no formatting until it is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Detail {
    /// The subjects and the model say it all.
    None,
    /// A number the check counted.
    Count(u32),
    /// Fixed words that say which problem it is.
    Words(&'static str),
    /// Which of the model's merge conflicts, by its position in the model's list.
    Conflict(u32),
}

impl Finding {
    /// What is wrong, in a sentence naming the records by name and id. `model` is the model
    /// that was checked: names are read from it now, so a list of thousands of findings costs
    /// no formatting until one is shown. Given another model, records it lacks are named by id.
    #[must_use]
    pub fn message(&self, model: &Model) -> String {
        (self.rule.describe)(self, model)
    }

    /// The record the finding is mainly about.
    #[must_use]
    pub fn primary(&self) -> &Subject {
        self.subjects.first().unwrap_or(&Subject::Model)
    }

    /// The key a suppression of this finding is stored under: the rule and the primary subject.
    #[must_use]
    pub fn suppression_key(&self) -> SuppressionKey {
        SuppressionKey { rule: self.rule.id.to_owned(), subject: self.primary().clone() }
    }

    /// Whether the finding is suppressed.
    #[must_use]
    pub const fn is_suppressed(&self) -> bool {
        self.suppressed.is_some()
    }

    /// Whether the finding should fail a gate set at `threshold`: not suppressed, and at least
    /// that severe.
    #[must_use]
    pub fn fails(&self, threshold: Severity) -> bool {
        !self.is_suppressed() && self.severity >= threshold
    }
}

/// How many findings of each kind: for status bars and summary lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Errors not suppressed.
    pub errors: usize,
    /// Warnings not suppressed.
    pub warnings: usize,
    /// Hints not suppressed.
    pub hints: usize,
    /// Suppressed findings of any severity.
    pub suppressed: usize,
}

impl Counts {
    /// Counts `findings`.
    #[must_use]
    pub fn of(findings: &[Finding]) -> Self {
        let mut counts = Self::default();
        counts.add(findings);
        counts
    }

    /// Adds `findings` to the counts.
    pub fn add(&mut self, findings: &[Finding]) {
        for f in findings {
            match (f.is_suppressed(), f.severity) {
                (true, _) => self.suppressed += 1,
                (false, Severity::Error) => self.errors += 1,
                (false, Severity::Warning) => self.warnings += 1,
                (false, Severity::Hint) => self.hints += 1,
            }
        }
    }
}

/// Every rule, in id order: DFD001–DFD024, MRG001, then SEQ001–SEQ002.
pub static REGISTRY: &[&Rule] = &[
    &structure::DANGLING_FLOW,
    &structure::SELF_FLOW,
    &structure::ENTITY_TO_ENTITY,
    &structure::STORE_TO_STORE,
    &structure::ENTITY_TO_STORE,
    &structure::BLACK_HOLE,
    &structure::MIRACLE,
    &structure::UNCONNECTED,
    &structure::ONE_WAY_STORE,
    &naming::UNNAMED,
    &naming::SHARED_NAME,
    &naming::NO_DATA,
    &boundaries::UNENCRYPTED_CROSSING,
    &boundaries::UNAUTHENTICATED_CROSSING,
    &boundaries::UNCROSSED_BOUNDARY,
    &boundaries::NO_BOUNDARY,
    &boundaries::TRUSTED_ENTITY,
    &boundaries::EXPOSED_SENSITIVE_STORE,
    &coverage::NO_THREATS,
    &coverage::UNMITIGATED_THREAT,
    &naming::DUPLICATE_FLOW,
    &scope::OUT_OF_SCOPE_WITHOUT_REASON,
    &coverage::MISFILED_THREAT,
    &scope::NO_SCOPE,
    &conflicts::UNRESOLVED_CONFLICT,
    &sequence::MESSAGE_WITHOUT_FLOW,
    &sequence::DANGLING_LIFELINE,
];

/// Every registered rule, in id order (the same as [`REGISTRY`]).
#[must_use]
pub fn all() -> &'static [&'static Rule] {
    REGISTRY
}

/// The rule with `id` ("DFD003"), if there is one.
#[must_use]
pub fn rule(id: &str) -> Option<&'static Rule> {
    REGISTRY.iter().copied().find(|r| r.id == id)
}

/// Runs every rule over `model`. Findings come in registry order, and within a rule in the
/// order of the records they are about (by id), so the same model always gives the same list.
/// A finding whose rule and primary subject the model suppresses carries the written reason in
/// [`Finding::suppressed`]; it stays in the list.
#[must_use]
pub fn check(model: &Model) -> Vec<Finding> {
    let index = Index::new(model);
    // Roughly one finding per record, and more on a model still being drawn (no threats yet,
    // flows across boundaries): room for half as many again, so the list of a large model is
    // rarely copied while it grows.
    let records = model.elements.len() + model.flows.len();
    let mut findings = Vec::with_capacity(records + records / 2);
    for rule in REGISTRY {
        (rule.check)(&index, &mut findings);
    }
    if !model.suppressions.is_empty() {
        let reasons: std::collections::HashMap<(&str, &Subject), &String> =
            model.suppressions.iter().map(|(key, reason)| ((key.rule.as_str(), &key.subject), reason)).collect();
        for finding in &mut findings {
            if let Some(reason) = reasons.get(&(finding.rule.id, finding.primary())) {
                finding.suppressed = Some((*reason).clone());
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_ids_are_unique_sorted_and_texts_filled_in() {
        let ids: Vec<&str> = REGISTRY.iter().map(|r| r.id).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(ids, sorted, "ids are unique and in order");
        assert_eq!(ids.len(), 27);
        for r in REGISTRY {
            for (what, text) in [("title", r.title), ("condition", r.condition), ("why", r.why), ("fix", r.fix)] {
                assert!(text.len() > 10, "{} has a {what}", r.id);
                assert!(!text.contains("  "), "{} {what} has no double space", r.id);
            }
            assert!(r.help().contains(r.fix));
            assert_eq!(rule(r.id).map(|found| found.id), Some(r.id));
        }
        assert!(rule("DFD999").is_none());
    }

    #[test]
    fn severities_order_for_gates() {
        assert!(Severity::Hint < Severity::Warning && Severity::Warning < Severity::Error);
        let f = structure::DANGLING_FLOW.finding(vec![Subject::Model]);
        assert!(f.fails(Severity::Error) && f.fails(Severity::Hint));
        let suppressed = Finding { suppressed: Some("known".into()), ..f };
        assert!(!suppressed.fails(Severity::Hint));
        assert_eq!(Counts::of(&[suppressed]).suppressed, 1);
    }
}

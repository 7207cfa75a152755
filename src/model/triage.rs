//! The team's answers to what the tools propose: threat-library suggestions it dismissed, and
//! DFD check findings it suppressed. Both are kept in the model, so they travel with the file
//! and a re-run never proposes them again.

use std::fmt;

use super::ids::{BoundaryId, DiagramId, ElementId, FlowId, MessageId, ThreatId};
use super::limits::MAX_RULE_ID_LEN;
use super::threat::ThreatTarget;

/// Whether `s` is acceptable as a rule id ("TC-XML-001", "DFD013", "acme.tokens-2"): 1 to 64
/// ASCII letters, digits, `-`, `_` or `.`.
#[must_use]
pub fn is_valid_rule_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_RULE_ID_LEN
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Identifies one threat-library suggestion: a rule proposing a threat on a target. Running the
/// library again yields the same key, which is how a dismissed suggestion stays dismissed.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SuggestionKey {
    /// The rule's id, e.g. "TC-XML-001".
    pub rule: String,
    /// The element, flow or boundary the rule matched.
    pub target: ThreatTarget,
}

/// Identifies one suppressed check finding: a rule silenced on one subject.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SuppressionKey {
    /// The check's id, e.g. "DFD013" or "SEQ001".
    pub rule: String,
    /// What the finding is about.
    pub subject: Subject,
}

/// What a check finding, and so a suppression, is about: the whole model or one record.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    /// The model as a whole (e.g. "no trust boundary anywhere").
    Model,
    /// A process, external entity or data store.
    Element(ElementId),
    /// A data flow.
    Flow(FlowId),
    /// A trust boundary.
    Boundary(BoundaryId),
    /// A diagram.
    Diagram(DiagramId),
    /// A threat.
    Threat(ThreatId),
    /// A message of a sequence diagram.
    Message(MessageId),
}

impl Subject {
    /// The subject's id as written in the file; `None` for the whole model.
    #[must_use]
    pub fn id_str(&self) -> Option<&str> {
        match self {
            Self::Model => None,
            Self::Element(id) => Some(id.as_str()),
            Self::Flow(id) => Some(id.as_str()),
            Self::Boundary(id) => Some(id.as_str()),
            Self::Diagram(id) => Some(id.as_str()),
            Self::Threat(id) => Some(id.as_str()),
            Self::Message(id) => Some(id.as_str()),
        }
    }
}

impl Subject {
    /// The kind of record in one lower-case word, as check output and SARIF name it: "model",
    /// "element", "flow", "boundary", "diagram", "threat" or "message".
    #[must_use]
    pub const fn kind(&self) -> &'static str {
        match self {
            Self::Model => "model",
            Self::Element(_) => "element",
            Self::Flow(_) => "flow",
            Self::Boundary(_) => "boundary",
            Self::Diagram(_) => "diagram",
            Self::Threat(_) => "threat",
            Self::Message(_) => "message",
        }
    }
}

impl From<ThreatTarget> for Subject {
    fn from(target: ThreatTarget) -> Self {
        match target {
            ThreatTarget::Element(id) => Self::Element(id),
            ThreatTarget::Flow(id) => Self::Flow(id),
            ThreatTarget::Boundary(id) => Self::Boundary(id),
        }
    }
}

impl fmt::Display for Subject {
    /// "the model", or the id.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id_str().unwrap_or("the model"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids() {
        for good in ["TC-XML-001", "DFD013", "SEQ001", "acme.tokens_2"] {
            assert!(is_valid_rule_id(good), "{good}");
        }
        for bad in ["", "a b", "DFD/013", "é", &"x".repeat(MAX_RULE_ID_LEN + 1)] {
            assert!(!is_valid_rule_id(bad), "{bad}");
        }
    }

    #[test]
    fn a_threat_target_is_the_subject_of_the_same_id() {
        let subject = Subject::from(ThreatTarget::Flow(FlowId::new("F1")));
        assert_eq!(subject, Subject::Flow(FlowId::new("F1")));
        assert_eq!(subject.id_str(), Some("F1"));
        assert_eq!(Subject::Model.to_string(), "the model");
        assert_eq!((subject.kind(), Subject::Model.kind()), ("flow", "model"));
    }
}

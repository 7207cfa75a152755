//! Threats attached to elements, flows and boundaries.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ids::{BoundaryId, ElementId, FlowId};
use super::methodology::ThreatCategory;
use super::reference::Reference;

/// Something that can go wrong, attached to the part of the model where it happens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Threat {
    /// The element, flow or boundary the threat is about.
    pub target: ThreatTarget,
    /// One line: "Brute-force TOTP within tmpToken lifetime".
    pub title: String,
    /// The category under the model's methodology.
    pub category: ThreatCategory,
    /// Where triage stands.
    pub status: ThreatStatus,
    /// How bad it would be.
    pub severity: Severity,
    /// How the attack works.
    pub description: String,
    /// What we do, or will do, about it.
    pub mitigation: String,
    /// Weaknesses and attack patterns it is an instance of (CWE, CAPEC) and further reading, in
    /// the order the team put them.
    pub references: Vec<Reference>,
    /// The id of the threat-library rule that suggested it ("TC-XML-001"), so the rule does not
    /// suggest it again; `None` for a threat written by hand.
    pub rule: Option<String>,
    /// A score in whatever scheme the team uses (a CVSS vector, Threat Dragon's score, "8.1");
    /// free text, empty when unscored.
    pub score: String,
    /// Order among the threats on the same target: lists show them by (rank, id), so reordering
    /// changes ranks, never ids.
    pub rank: u32,
}

impl Threat {
    /// An open, unrated threat called `title` on `target`, with nothing else filled in.
    #[must_use]
    pub fn new(target: ThreatTarget, category: ThreatCategory, title: impl Into<String>) -> Self {
        Self {
            target,
            title: title.into(),
            category,
            status: ThreatStatus::Open,
            severity: Severity::Unrated,
            description: String::new(),
            mitigation: String::new(),
            references: Vec::new(),
            rule: None,
            score: String::new(),
            rank: 0,
        }
    }
}

/// The part of the model a threat is attached to.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ThreatTarget {
    /// A process, external entity or data store.
    Element(ElementId),
    /// A data flow.
    Flow(FlowId),
    /// A trust boundary.
    Boundary(BoundaryId),
}

impl ThreatTarget {
    /// The target's id as written in the file.
    #[must_use]
    pub fn id_str(&self) -> &str {
        match self {
            Self::Element(id) => id.as_str(),
            Self::Flow(id) => id.as_str(),
            Self::Boundary(id) => id.as_str(),
        }
    }
}

/// Where triage of a threat stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ThreatStatus {
    /// Not yet dealt with.
    #[default]
    Open,
    /// A mitigation is in place.
    Mitigated,
    /// The risk is accepted, with a reason in the mitigation text.
    Accepted,
    /// Someone else carries the risk (a provider, an insurer).
    Transferred,
    /// Does not apply to this system.
    NotApplicable,
}

impl ThreatStatus {
    /// Every status, in menu order.
    pub const ALL: [Self; 5] = [Self::Open, Self::Mitigated, Self::Accepted, Self::Transferred, Self::NotApplicable];

    /// A human label.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Open => "Open",
            Self::Mitigated => "Mitigated",
            Self::Accepted => "Accepted",
            Self::Transferred => "Transferred",
            Self::NotApplicable => "Not applicable",
        }
    }
}

/// How bad a threat would be if it happened.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Not yet rated.
    #[default]
    Unrated,
    /// Minor.
    Low,
    /// Notable.
    Medium,
    /// Serious.
    High,
    /// Drop everything.
    Critical,
}

impl Severity {
    /// Every severity, in menu order.
    pub const ALL: [Self; 5] = [Self::Unrated, Self::Low, Self::Medium, Self::High, Self::Critical];

    /// A human label.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Unrated => "Unrated",
            Self::Low => "Low",
            Self::Medium => "Medium",
            Self::High => "High",
            Self::Critical => "Critical",
        }
    }
}

//! Threats attached to elements, flows and boundaries, and the methodologies that name them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ids::{BoundaryId, ElementId, FlowId};

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

/// How threats are found and named.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Methodology {
    /// Spoofing, Tampering, Repudiation, Information disclosure, Denial of service, Elevation
    /// of privilege, per element.
    #[default]
    Stride,
    /// Privacy threats: Linking, Identifying, Non-repudiation, Detecting, Data disclosure,
    /// Unawareness and unintervenability, Non-compliance.
    Linddun,
    /// Confidentiality, Integrity, Availability: a quick pass.
    Cia,
}

impl Methodology {
    /// Every methodology, in menu order.
    pub const ALL: [Self; 3] = [Self::Stride, Self::Linddun, Self::Cia];

    /// A human label.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Stride => "STRIDE",
            Self::Linddun => "LINDDUN",
            Self::Cia => "CIA",
        }
    }

    /// The categories this methodology offers.
    #[must_use]
    pub const fn categories(self) -> &'static [ThreatCategory] {
        use ThreatCategory as C;
        match self {
            Self::Stride => &[
                C::Spoofing,
                C::Tampering,
                C::Repudiation,
                C::InformationDisclosure,
                C::DenialOfService,
                C::ElevationOfPrivilege,
            ],
            Self::Linddun => &[
                C::Linking,
                C::Identifying,
                C::NonRepudiation,
                C::Detecting,
                C::DataDisclosure,
                C::Unawareness,
                C::NonCompliance,
            ],
            Self::Cia => &[C::Confidentiality, C::Integrity, C::Availability],
        }
    }
}

/// A threat category from one of the methodologies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)] // the variant names are the documentation: the methodologies' own words
pub enum ThreatCategory {
    #[default]
    Spoofing,
    Tampering,
    Repudiation,
    InformationDisclosure,
    DenialOfService,
    ElevationOfPrivilege,
    Linking,
    Identifying,
    NonRepudiation,
    Detecting,
    DataDisclosure,
    Unawareness,
    NonCompliance,
    Confidentiality,
    Integrity,
    Availability,
}

impl ThreatCategory {
    /// A human label.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Spoofing => "Spoofing",
            Self::Tampering => "Tampering",
            Self::Repudiation => "Repudiation",
            Self::InformationDisclosure => "Information disclosure",
            Self::DenialOfService => "Denial of service",
            Self::ElevationOfPrivilege => "Elevation of privilege",
            Self::Linking => "Linking",
            Self::Identifying => "Identifying",
            Self::NonRepudiation => "Non-repudiation",
            Self::Detecting => "Detecting",
            Self::DataDisclosure => "Data disclosure",
            Self::Unawareness => "Unawareness and unintervenability",
            Self::NonCompliance => "Non-compliance",
            Self::Confidentiality => "Confidentiality",
            Self::Integrity => "Integrity",
            Self::Availability => "Availability",
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

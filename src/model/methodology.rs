//! The methodologies a team may follow, and the categories each one names threats by.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
    /// CIA plus the DIE triad for cloud-native systems: Distributed, Immutable, Ephemeral.
    CiaDie,
    /// Privacy Library Of Threats 4 Artificial Intelligence: threats to AI and ML systems.
    Plot4ai,
    /// Elevation of Privilege card games for web applications: the OWASP Cornucopia suits,
    /// plus the wild card.
    Eop,
    /// No methodology: threats are not sorted into categories.
    Generic,
}

impl Methodology {
    /// Every methodology, in menu order.
    pub const ALL: [Self; 7] =
        [Self::Stride, Self::Linddun, Self::Cia, Self::CiaDie, Self::Plot4ai, Self::Eop, Self::Generic];

    /// A human label.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Stride => "STRIDE",
            Self::Linddun => "LINDDUN",
            Self::Cia => "CIA",
            Self::CiaDie => "CIA-DIE",
            Self::Plot4ai => "PLOT4ai",
            Self::Eop => "EoP",
            Self::Generic => "Generic",
        }
    }

    /// The categories this methodology offers, in its own order.
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
            Self::CiaDie => {
                &[C::Confidentiality, C::Integrity, C::Availability, C::Distributed, C::Immutable, C::Ephemeral]
            }
            Self::Plot4ai => &[
                C::TechniqueProcesses,
                C::Accessibility,
                C::IdentifiabilityLinkability,
                C::Security,
                C::Safety,
                C::Unawareness,
                C::EthicsHumanRights,
                C::NonCompliance,
            ],
            Self::Eop => &[
                C::DataValidationEncoding,
                C::Authentication,
                C::SessionManagement,
                C::Authorization,
                C::Cryptography,
                C::Cornucopia,
                C::WildCard,
            ],
            Self::Generic => &[C::Other],
        }
    }
}

/// A threat category from one of the methodologies. A category may belong to several (CIA's
/// three are also CIA-DIE's; LINDDUN's Unawareness and Non-compliance are also PLOT4ai's).
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
    Distributed,
    Immutable,
    Ephemeral,
    TechniqueProcesses,
    Accessibility,
    IdentifiabilityLinkability,
    Security,
    Safety,
    EthicsHumanRights,
    DataValidationEncoding,
    Authentication,
    SessionManagement,
    Authorization,
    Cryptography,
    Cornucopia,
    WildCard,
    Other,
}

impl ThreatCategory {
    /// Every category, in declaration order (for importers mapping labels back, and for tests).
    pub const ALL: [Self; 33] = [
        Self::Spoofing,
        Self::Tampering,
        Self::Repudiation,
        Self::InformationDisclosure,
        Self::DenialOfService,
        Self::ElevationOfPrivilege,
        Self::Linking,
        Self::Identifying,
        Self::NonRepudiation,
        Self::Detecting,
        Self::DataDisclosure,
        Self::Unawareness,
        Self::NonCompliance,
        Self::Confidentiality,
        Self::Integrity,
        Self::Availability,
        Self::Distributed,
        Self::Immutable,
        Self::Ephemeral,
        Self::TechniqueProcesses,
        Self::Accessibility,
        Self::IdentifiabilityLinkability,
        Self::Security,
        Self::Safety,
        Self::EthicsHumanRights,
        Self::DataValidationEncoding,
        Self::Authentication,
        Self::SessionManagement,
        Self::Authorization,
        Self::Cryptography,
        Self::Cornucopia,
        Self::WildCard,
        Self::Other,
    ];

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
            Self::Distributed => "Distributed",
            Self::Immutable => "Immutable",
            Self::Ephemeral => "Ephemeral",
            Self::TechniqueProcesses => "Technique and processes",
            Self::Accessibility => "Accessibility",
            Self::IdentifiabilityLinkability => "Identifiability and linkability",
            Self::Security => "Security",
            Self::Safety => "Safety",
            Self::EthicsHumanRights => "Ethics and human rights",
            Self::DataValidationEncoding => "Data validation and encoding",
            Self::Authentication => "Authentication",
            Self::SessionManagement => "Session management",
            Self::Authorization => "Authorization",
            Self::Cryptography => "Cryptography",
            Self::Cornucopia => "Cornucopia",
            Self::WildCard => "Wild card",
            Self::Other => "Other",
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_category_belongs_to_a_methodology_and_all_lists_each_once() {
        let listed: BTreeSet<ThreatCategory> = ThreatCategory::ALL.into_iter().collect();
        assert_eq!(listed.len(), ThreatCategory::ALL.len());
        let offered: BTreeSet<ThreatCategory> =
            Methodology::ALL.iter().flat_map(|m| m.categories().iter().copied()).collect();
        assert_eq!(offered, listed);
    }

    #[test]
    fn labels_are_distinct() {
        let methodologies: BTreeSet<&str> = Methodology::ALL.iter().map(|m| m.label()).collect();
        assert_eq!(methodologies.len(), Methodology::ALL.len());
        let categories: BTreeSet<&str> = ThreatCategory::ALL.iter().map(|c| c.label()).collect();
        assert_eq!(categories.len(), ThreatCategory::ALL.len());
    }

    #[test]
    fn the_combined_methodologies_reuse_the_categories_they_share() {
        assert!(Methodology::Cia.categories().iter().all(|c| Methodology::CiaDie.categories().contains(c)));
        for shared in [ThreatCategory::Unawareness, ThreatCategory::NonCompliance] {
            assert!(Methodology::Linddun.categories().contains(&shared));
            assert!(Methodology::Plot4ai.categories().contains(&shared));
        }
    }
}

//! The on-disk types of format version 2. Frozen once released: a change means a new version
//! and a migration step (see the policy in [`super::migrate`]).
//!
//! Version 2 adds, all optional: threat `references`, `rule`, `score` and `rank`; the top-level
//! `dismissed` suggestions and `suppressions` of check findings; the CIA-DIE, PLOT4ai, EoP and
//! Generic methodologies and their categories. Records that did not change are v1's own types,
//! reused as they are (they are frozen too).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use super::v1::{
    BoundaryV1, DiagramKindV1, DiagramV1, ElementKindV1, ElementV1, FlowV1, FragmentKindV1, FragmentV1, MessageKindV1,
    MessageV1, NatureV1, NoteV1, PointV1, RectV1, SeverityV1, ThreatStatusV1,
};
use crate::model::{Methodology, ThreatCategory, ThreatId};

/// A rule id as the schema checks it (`is_valid_rule_id` checks the same at load).
const RULE_ID_PATTERN: &str = "^[A-Za-z0-9._-]{1,64}$";
/// A reference as the schema checks it: CWE-n, CAPEC-n (any case) or an http(s) link.
const REFERENCE_PATTERN: &str =
    "^\\s*([Cc][Ww][Ee]-[0-9]+|[Cc][Aa][Pp][Ee][Cc]-[0-9]+|[Hh][Tt][Tt][Pp][Ss]?://[^/?#\\s]+\\S*)\\s*$";

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A whole ThreatCanvas file, version 2.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "ThreatCanvas threat model", description = "A ThreatCanvas threat model file (format version 2).")]
pub struct FileV2 {
    /// Always "threatcanvas".
    #[schemars(extend("const" = "threatcanvas"))]
    pub format: String,
    /// Always 2 for this schema.
    #[schemars(extend("const" = 2))]
    pub version: u64,
    /// Title, owner, scope and methodology.
    #[serde(default)]
    pub model: MetadataV2,
    /// Processes, external entities and data stores, sorted by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub elements: Vec<ElementV1>,
    /// Data flows, sorted by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flows: Vec<FlowV1>,
    /// Trust boundaries, sorted by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boundaries: Vec<BoundaryV1>,
    /// Threats, sorted by target, then rank, then id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub threats: Vec<ThreatV2>,
    /// Threat-library suggestions the team dismissed, sorted by target then rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dismissed: Vec<DismissalV2>,
    /// Check findings the team suppressed, sorted by target (the whole model first) then rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppressions: Vec<SuppressionV2>,
    /// Diagrams, in tab order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagrams: Vec<DiagramV1>,
}

/// Model metadata.
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetadataV2 {
    /// The model's title.
    #[serde(default)]
    pub title: String,
    /// What the system is.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Who owns the model.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// Who contributed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contributors: Vec<String>,
    /// Who reviewed it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reviewer: String,
    /// What is in scope and what is not.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scope: String,
    /// How threats are found and named.
    #[serde(default)]
    pub methodology: MethodologyV2,
}

/// How threats are found and named.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MethodologyV2 {
    /// STRIDE: spoofing, tampering, repudiation, information disclosure, denial of service,
    /// elevation of privilege.
    #[default]
    Stride,
    /// LINDDUN privacy threats.
    Linddun,
    /// Confidentiality, integrity, availability.
    Cia,
    /// CIA plus distributed, immutable, ephemeral.
    CiaDie,
    /// PLOT4ai: threats to AI and ML systems.
    Plot4ai,
    /// Elevation of Privilege card games (OWASP Cornucopia suits).
    Eop,
    /// No methodology: one catch-all category.
    Generic,
}

/// A threat category from one of the methodologies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)] // the variant names are the documentation: the methodologies' own words
pub enum ThreatCategoryV2 {
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

/// A threat.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThreatV2 {
    /// Unique id.
    pub id: ThreatId,
    /// Id of the element, flow or boundary it is about.
    pub target: String,
    /// Order among the threats on the same target (0 when left out).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub rank: u32,
    /// One line.
    pub title: String,
    /// Category under the model's methodology.
    pub category: ThreatCategoryV2,
    /// Triage state.
    #[serde(default)]
    pub status: ThreatStatusV1,
    /// How bad.
    #[serde(default)]
    pub severity: SeverityV1,
    /// A score in the team's own scheme, e.g. a CVSS vector.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub score: String,
    /// How the attack works.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// What we do about it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub mitigation: String,
    /// "CWE-79", "CAPEC-66" or an http(s) link, in the team's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(inner(pattern(REFERENCE_PATTERN)))]
    pub references: Vec<String>,
    /// The id of the threat-library rule that suggested it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(pattern(RULE_ID_PATTERN))]
    pub rule: Option<String>,
}

/// A threat-library suggestion the team dismissed.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DismissalV2 {
    /// The rule that made the suggestion.
    #[schemars(pattern(RULE_ID_PATTERN))]
    pub rule: String,
    /// Id of the element, flow or boundary it was about.
    pub target: String,
    /// Why it was dismissed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// A check finding the team suppressed.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SuppressionV2 {
    /// The check, e.g. "DFD013".
    #[schemars(pattern(RULE_ID_PATTERN))]
    pub rule: String,
    /// Id of the element, flow, boundary, diagram, threat or message the finding is about; left
    /// out for a finding about the whole model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Why the finding does not apply (required).
    #[schemars(length(min = 1))]
    pub reason: String,
}

both_ways!(MethodologyV2 <=> Methodology { Stride, Linddun, Cia, CiaDie, Plot4ai, Eop, Generic });
both_ways!(ThreatCategoryV2 <=> ThreatCategory {
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
});

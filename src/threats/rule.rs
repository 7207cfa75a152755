//! A library rule once read and checked: what it is about, when it applies and the threat it
//! proposes.

use std::fmt;
use std::path::PathBuf;

use crate::model::{EntityNature, Methodology, Reference, Severity, ThreatCategory};

use super::template::Template;

/// What a rule can be about: one of the three element kinds, or a data flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleSubject {
    /// A process.
    Process,
    /// An external entity.
    ExternalEntity,
    /// A data store.
    DataStore,
    /// A data flow.
    Flow,
}

impl RuleSubject {
    /// Every subject, in the order suggestions list them.
    pub const ALL: [Self; 4] = [Self::Process, Self::ExternalEntity, Self::DataStore, Self::Flow];

    /// The word a library file uses.
    #[must_use]
    pub const fn keyword(self) -> &'static str {
        match self {
            Self::Process => "process",
            Self::ExternalEntity => "external_entity",
            Self::DataStore => "data_store",
            Self::Flow => "flow",
        }
    }

    pub(crate) const fn bit(self) -> u8 {
        match self {
            Self::Process => 1,
            Self::ExternalEntity => 2,
            Self::DataStore => 4,
            Self::Flow => 8,
        }
    }
}

/// A set of subjects as bits, for checking conditions against what a rule is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) struct Subjects(pub(crate) u8);

impl Subjects {
    pub(crate) const ELEMENTS: Self = Self(1 | 2 | 4);
    pub(crate) const FLOW: Self = Self(8);

    pub(crate) fn of(subjects: &[RuleSubject]) -> Self {
        Self(subjects.iter().fold(0, |bits, s| bits | s.bit()))
    }

    pub(crate) const fn has(self, s: RuleSubject) -> bool {
        self.0 & s.bit() != 0
    }

    pub(crate) const fn meet(self, other: Self) -> Self {
        Self(self.0 & other.0)
    }

    pub(crate) const fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub(crate) fn names(self) -> String {
        let names: Vec<&str> = RuleSubject::ALL.iter().filter(|s| self.has(**s)).map(|s| s.keyword()).collect();
        if names.is_empty() { "nothing".to_owned() } else { names.join(", ") }
    }
}

/// A yes/no property a condition can test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    /// A process runs with elevated privilege.
    Privileged,
    /// A process authenticates its callers.
    AuthenticatesCallers,
    /// A data store holds credentials.
    StoresCredentials,
    /// A data store holds personal data.
    StoresPersonalData,
    /// A data store is encrypted at rest.
    EncryptedAtRest,
    /// A data store is a log or audit store.
    IsLog,
    /// An element sits inside some trust boundary.
    InBoundary,
    /// A flow is protected in transit.
    Encrypted,
    /// A flow's sender is authenticated.
    Authenticated,
    /// A flow carries data both ways.
    Bidirectional,
    /// A flow crosses at least one trust boundary (membership, including nesting).
    CrossesBoundary,
}

impl Flag {
    /// The word a library file uses.
    #[must_use]
    pub const fn keyword(self) -> &'static str {
        match self {
            Self::Privileged => "privileged",
            Self::AuthenticatesCallers => "authenticates_callers",
            Self::StoresCredentials => "stores_credentials",
            Self::StoresPersonalData => "stores_personal_data",
            Self::EncryptedAtRest => "encrypted_at_rest",
            Self::IsLog => "is_log",
            Self::InBoundary => "in_boundary",
            Self::Encrypted => "encrypted",
            Self::Authenticated => "authenticated",
            Self::Bidirectional => "bidirectional",
            Self::CrossesBoundary => "crosses_boundary",
        }
    }

    /// The subjects that have this property; on any other it tests false.
    pub(crate) const fn subjects(self) -> Subjects {
        match self {
            Self::Privileged | Self::AuthenticatesCallers => Subjects(1),
            Self::StoresCredentials | Self::StoresPersonalData | Self::EncryptedAtRest | Self::IsLog => Subjects(4),
            Self::InBoundary => Subjects::ELEMENTS,
            Self::Encrypted | Self::Authenticated | Self::Bidirectional | Self::CrossesBoundary => Subjects::FLOW,
        }
    }
}

/// A text a keyword test reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TextField {
    /// The name.
    Name,
    /// The description.
    Description,
    /// A process's technology.
    Technology,
    /// What a flow carries.
    Data,
    /// A flow's protocol.
    Protocol,
    /// All of the subject's texts, assumptions included.
    Text,
}

impl TextField {
    /// The word a library file uses.
    #[must_use]
    pub const fn keyword(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Description => "description",
            Self::Technology => "technology",
            Self::Data => "data",
            Self::Protocol => "protocol",
            Self::Text => "text",
        }
    }

    pub(crate) const fn subjects(self) -> Subjects {
        match self {
            Self::Name | Self::Description | Self::Text => Subjects(1 | 2 | 4 | 8),
            Self::Technology => Subjects(1),
            Self::Data | Self::Protocol => Subjects::FLOW,
        }
    }

    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

/// When a rule applies: data, never code. A property or keyword test is true only for a
/// subject that has that property or text, so `not` of it holds for subjects without it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    /// Always true (a rule without `when`).
    Always,
    /// Every part holds.
    All(Vec<Condition>),
    /// At least one part holds.
    Any(Vec<Condition>),
    /// The part does not hold.
    Not(Box<Condition>),
    /// The subject is one of these.
    Kind(Vec<RuleSubject>),
    /// The property has this value.
    Flag(Flag, bool),
    /// An external entity is a person or a system.
    Nature(EntityNature),
    /// The text holds at least one of the keywords.
    Words(TextField, Vec<String>),
    /// A flow's source element satisfies the condition (seen from the flow: the sender).
    Source(Box<Condition>),
    /// A flow's target element satisfies the condition (the receiver).
    Target(Box<Condition>),
    /// One end of a flow satisfies the condition.
    EitherEnd(Box<Condition>),
    /// Some flow carrying data into the element satisfies the condition (its source is the
    /// sender; a two-way flow counts both ways).
    Incoming(Box<Condition>),
    /// Some flow carrying data out of the element satisfies the condition.
    Outgoing(Box<Condition>),
}

/// Where a rule came from, for reports and overrides.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// Shipped with ThreatCanvas, from this file of `assets/threats/`.
    Shipped(&'static str),
    /// A library file on disk.
    File(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Shipped(name) => write!(f, "the shipped library ({name})"),
            Self::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// One library rule: a threat to propose wherever its condition holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable id, remembered on accepted threats and dismissals: "TC-XML-001".
    pub id: String,
    /// What the rule is about, sorted.
    pub applies_to: Vec<RuleSubject>,
    /// The STRIDE category (every rule has one).
    pub stride: ThreatCategory,
    /// The LINDDUN category, for privacy threats.
    pub linddun: Option<ThreatCategory>,
    /// The CIA category (also used under CIA-DIE).
    pub cia: Option<ThreatCategory>,
    /// The PLOT4ai category, when the rule names one.
    pub plot4ai: Option<ThreatCategory>,
    /// The Elevation of Privilege (OWASP Cornucopia) suit, when the rule names one.
    pub eop: Option<ThreatCategory>,
    /// Default severity of the proposed threat.
    pub severity: Severity,
    /// CWE weakness ids.
    pub cwe: Vec<u32>,
    /// CAPEC attack pattern ids.
    pub capec: Vec<u32>,
    /// Further reading: [`Reference::Link`]s, checked when the library loads.
    pub links: Vec<Reference>,
    /// The title template: "{target} parses XML with external entities enabled".
    pub title: Template,
    /// The description template.
    pub description: Template,
    /// The mitigation template.
    pub mitigation: Template,
    /// When it applies.
    pub condition: Condition,
    /// Where it came from.
    pub origin: Origin,
}

impl Rule {
    /// The category a threat from this rule gets in a model using `methodology`: the rule's
    /// own category for it when it names one; otherwise, under LINDDUN its STRIDE category,
    /// under CIA-DIE its CIA one, under PLOT4ai "Security" (or the privacy category its LINDDUN
    /// one maps to), under EoP the suit its STRIDE category belongs to, and "Other" for Generic.
    #[must_use]
    pub fn category(&self, methodology: Methodology) -> ThreatCategory {
        use ThreatCategory as C;
        match methodology {
            Methodology::Stride => self.stride,
            Methodology::Linddun => self.linddun.unwrap_or(self.stride),
            Methodology::Cia | Methodology::CiaDie => self.cia.unwrap_or(match self.stride {
                C::InformationDisclosure => C::Confidentiality,
                C::DenialOfService => C::Availability,
                _ => C::Integrity,
            }),
            Methodology::Plot4ai => self.plot4ai.unwrap_or(match self.linddun {
                Some(C::Unawareness) => C::Unawareness,
                Some(C::NonCompliance) => C::NonCompliance,
                Some(C::Linking | C::Identifying) => C::IdentifiabilityLinkability,
                _ => C::Security,
            }),
            Methodology::Eop => self.eop.unwrap_or(match self.stride {
                C::Spoofing => C::Authentication,
                C::Tampering => C::DataValidationEncoding,
                C::ElevationOfPrivilege => C::Authorization,
                _ => C::Cornucopia,
            }),
            Methodology::Generic => C::Other,
        }
    }

    /// The CWE, CAPEC and link references a threat from this rule carries, in that order.
    #[must_use]
    pub fn references(&self) -> Vec<Reference> {
        let cwe = self.cwe.iter().map(|n| Reference::Cwe(*n));
        let capec = self.capec.iter().map(|n| Reference::Capec(*n));
        cwe.chain(capec).chain(self.links.iter().cloned()).collect()
    }

    /// Whether the rule is about `subject`.
    #[must_use]
    pub fn applies_to(&self, subject: RuleSubject) -> bool {
        self.applies_to.contains(&subject)
    }
}

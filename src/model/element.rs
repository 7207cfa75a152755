//! Processes, external entities and data stores: the nodes of a data-flow diagram.

use super::ids::BoundaryId;

/// A component of the system: something that runs, something outside our control, or
/// somewhere data rests. It lives once in the model; diagrams only place or order it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Element {
    /// What people call it in reviews and reports.
    pub name: String,
    /// Free text: what it does, what it is built with, why it is there.
    pub description: String,
    /// The kind, with the properties threat modelers ask about for that kind.
    pub kind: ElementKind,
    /// The innermost trust boundary the element sits in, if any. Membership is explicit and
    /// semantic: whether a flow crosses a boundary follows from it, never from pixels.
    pub boundary: Option<BoundaryId>,
    /// Whether the element is deliberately left out of the analysis.
    pub out_of_scope: bool,
    /// Why it is out of scope; reports show it.
    pub out_of_scope_reason: String,
    /// Short statements taken as true, e.g. "TLS terminates at the reverse proxy".
    pub assumptions: Vec<String>,
}

/// The three kinds of DFD element, each with its own properties.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ElementKind {
    /// Code that transforms data: a service, an app, a route.
    Process(ProcessProps),
    /// A person or system outside our control that sends or receives data.
    ExternalEntity(ExternalEntityProps),
    /// Somewhere data rests: a database, a file system, a log, a queue.
    DataStore(DataStoreProps),
}

impl Default for ElementKind {
    fn default() -> Self {
        Self::Process(ProcessProps::default())
    }
}

impl ElementKind {
    /// The kind without its properties.
    #[must_use]
    pub const fn tag(&self) -> ElementKindTag {
        match self {
            Self::Process(_) => ElementKindTag::Process,
            Self::ExternalEntity(_) => ElementKindTag::ExternalEntity,
            Self::DataStore(_) => ElementKindTag::DataStore,
        }
    }
}

/// The kind of an element without its properties, for palettes, rules and labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ElementKindTag {
    /// See [`ElementKind::Process`].
    Process,
    /// See [`ElementKind::ExternalEntity`].
    ExternalEntity,
    /// See [`ElementKind::DataStore`].
    DataStore,
}

impl ElementKindTag {
    /// Every kind, in palette order.
    pub const ALL: [Self; 3] = [Self::Process, Self::ExternalEntity, Self::DataStore];

    /// A human label: "Process", "External entity", "Data store".
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Process => "Process",
            Self::ExternalEntity => "External entity",
            Self::DataStore => "Data store",
        }
    }

    /// The kind's default properties.
    #[must_use]
    pub fn default_kind(self) -> ElementKind {
        match self {
            Self::Process => ElementKind::Process(ProcessProps::default()),
            Self::ExternalEntity => ElementKind::ExternalEntity(ExternalEntityProps::default()),
            Self::DataStore => ElementKind::DataStore(DataStoreProps::default()),
        }
    }
}

/// What threat modelers ask about a process.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProcessProps {
    /// Language, framework, runtime: "Node.js 22, Express 4".
    pub technology: String,
    /// Runs with elevated privilege (root, admin, a service account with wide rights).
    pub privileged: bool,
    /// Authenticates whoever calls it; a boundary crossing into a process that does not is a
    /// spoofing risk.
    pub authenticates_callers: bool,
}

/// Whether an external entity is a person or a machine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EntityNature {
    /// A human user.
    #[default]
    Person,
    /// Another system or service.
    System,
}

/// What threat modelers ask about an external entity.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExternalEntityProps {
    /// Person or system.
    pub nature: EntityNature,
}

/// What threat modelers ask about a data store.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DataStoreProps {
    /// Holds passwords, password hashes, keys, tokens or second-factor secrets.
    pub stores_credentials: bool,
    /// Holds personal data.
    pub stores_personal_data: bool,
    /// Encrypted at rest.
    pub encrypted_at_rest: bool,
    /// A log or audit store: repudiation threats apply to it.
    pub is_log: bool,
}

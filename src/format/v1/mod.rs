//! The on-disk types of format version 1. Frozen once released: a change means a new version
//! and a migration step (see the policy in [`super::migrate`]). They use no type of the
//! in-memory model except the ids (plain strings on disk), so changing the model cannot change
//! what a v1 file means; `assets/schema/v1.schema.json` is their schema, and a test keeps the
//! two equal.
//!
//! The layout is chosen for diffs: records are flat, defaults are left out, records sort by id,
//! and each box or bend list is written on one line, so a moved box is a one-line change.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use schemars::JsonSchema;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

mod values;

pub use values::{
    FragmentKindV1, MessageKindV1, MethodologyV1, PointV1, RectV1, SeverityV1, ThreatCategoryV1, ThreatStatusV1,
};

use crate::model::{BoundaryId, DiagramId, ElementId, FlowId, FragmentId, MessageId, NoteId, ThreatId};

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_false(b: &bool) -> bool {
    !*b
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    v == &T::default()
}

/// A whole ThreatCanvas file, version 1.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "ThreatCanvas threat model", description = "A ThreatCanvas threat model file (format version 1).")]
pub struct FileV1 {
    /// Always "threatcanvas".
    #[schemars(extend("const" = "threatcanvas"))]
    pub format: String,
    /// Always 1 for this schema.
    #[schemars(extend("const" = 1))]
    pub version: u64,
    /// Title, owner, scope and methodology.
    #[serde(default)]
    pub model: MetadataV1,
    /// Processes, external entities and data stores, sorted by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub elements: Vec<ElementV1>,
    /// Data flows, sorted by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flows: Vec<FlowV1>,
    /// Trust boundaries, sorted by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boundaries: Vec<BoundaryV1>,
    /// Threats, sorted by target then id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub threats: Vec<ThreatV1>,
    /// Diagrams, in tab order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagrams: Vec<DiagramV1>,
}

/// Model metadata.
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetadataV1 {
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
    pub methodology: MethodologyV1,
}

/// The kind of an element.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ElementKindV1 {
    /// Code that transforms data.
    Process,
    /// A person or system outside our control.
    ExternalEntity,
    /// Somewhere data rests.
    DataStore,
}

/// Person or system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NatureV1 {
    /// A human.
    Person,
    /// A machine.
    System,
}

/// A process, external entity or data store. Kind-specific properties are flat and left out
/// when false or empty; a property of another kind is an error.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ElementV1 {
    /// Unique id.
    pub id: ElementId,
    /// process, external_entity or data_store.
    #[allow(clippy::doc_markdown, reason = "frozen: this text is part of the v1 schema")]
    pub kind: ElementKindV1,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The innermost trust boundary it sits in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boundary: Option<BoundaryId>,
    /// Process: language, framework, runtime.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub technology: String,
    /// Process: runs with elevated privilege.
    #[serde(default, skip_serializing_if = "is_false")]
    pub privileged: bool,
    /// Process: authenticates its callers.
    #[serde(default, skip_serializing_if = "is_false")]
    pub authenticates_callers: bool,
    /// External entity: person or system (person when left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nature: Option<NatureV1>,
    /// Data store: holds credentials or secrets.
    #[serde(default, skip_serializing_if = "is_false")]
    pub stores_credentials: bool,
    /// Data store: holds personal data.
    #[serde(default, skip_serializing_if = "is_false")]
    pub stores_personal_data: bool,
    /// Data store: encrypted at rest.
    #[serde(default, skip_serializing_if = "is_false")]
    pub encrypted_at_rest: bool,
    /// Data store: a log or audit store.
    #[serde(default, skip_serializing_if = "is_false")]
    pub is_log: bool,
    /// Left out of the analysis.
    #[serde(default, skip_serializing_if = "is_false")]
    pub out_of_scope: bool,
    /// Why it is out of scope.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub out_of_scope_reason: String,
    /// Statements taken as true.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<String>,
}

/// A data flow.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlowV1 {
    /// Unique id.
    pub id: FlowId,
    /// Element the data comes from.
    pub source: ElementId,
    /// Element the data goes to.
    pub target: ElementId,
    /// Data moves both ways.
    #[serde(default, skip_serializing_if = "is_false")]
    pub bidirectional: bool,
    /// Label on the arrow.
    #[serde(default)]
    pub name: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// What data is carried.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub data: String,
    /// Transport.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub protocol: String,
    /// Protected in transit.
    #[serde(default, skip_serializing_if = "is_false")]
    pub encrypted: bool,
    /// The sender is authenticated.
    #[serde(default, skip_serializing_if = "is_false")]
    pub authenticated: bool,
    /// Left out of the analysis.
    #[serde(default, skip_serializing_if = "is_false")]
    pub out_of_scope: bool,
    /// Why it is out of scope.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub out_of_scope_reason: String,
    /// Statements taken as true.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<String>,
}

/// A trust boundary.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BoundaryV1 {
    /// Unique id.
    pub id: BoundaryId,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The enclosing boundary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<BoundaryId>,
}

/// A threat.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThreatV1 {
    /// Unique id.
    pub id: ThreatId,
    /// Id of the element, flow or boundary it is about.
    pub target: String,
    /// One line.
    pub title: String,
    /// Category under the model's methodology.
    pub category: ThreatCategoryV1,
    /// Triage state.
    #[serde(default)]
    pub status: ThreatStatusV1,
    /// How bad.
    #[serde(default)]
    pub severity: SeverityV1,
    /// How the attack works.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// What we do about it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub mitigation: String,
}

/// The kind of a diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DiagramKindV1 {
    /// Data-flow diagram.
    Dfd,
    /// Sequence diagram.
    Sequence,
}

/// A diagram. DFD fields (`nodes`, `boundaries`, `bends`) and sequence fields (`lifelines`,
/// `messages`, `fragments`, `notes`) are left out when empty; a field of the other kind is an
/// error.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiagramV1 {
    /// Unique id.
    pub id: DiagramId,
    /// Tab name.
    #[serde(default)]
    pub name: String,
    /// dfd or sequence.
    pub kind: DiagramKindV1,
    /// DFD: box of each placed element, by element id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "unique_keys")]
    pub nodes: BTreeMap<ElementId, RectV1>,
    /// DFD: region of each placed boundary, by boundary id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "unique_keys")]
    pub boundaries: BTreeMap<BoundaryId, RectV1>,
    /// DFD: bend points of flows, by flow id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "unique_keys")]
    pub bends: BTreeMap<FlowId, Vec<PointV1>>,
    /// Sequence: element ids, left to right.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lifelines: Vec<ElementId>,
    /// Sequence: messages, top to bottom.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<MessageV1>,
    /// Sequence: combined fragments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fragments: Vec<FragmentV1>,
    /// Sequence: notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<NoteV1>,
}

/// A sequence message.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageV1 {
    /// Unique id.
    pub id: MessageId,
    /// Sending lifeline's element id.
    pub from: ElementId,
    /// Receiving lifeline's element id.
    pub to: ElementId,
    /// The data flow carried (none for a self-message).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<FlowId>,
    /// call (the default), reply or async.
    #[serde(default, skip_serializing_if = "is_default")]
    pub kind: MessageKindV1,
    /// This step's text; the flow's name when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
}

/// A combined fragment.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FragmentV1 {
    /// Unique id.
    pub id: FragmentId,
    /// alt, opt or loop.
    pub kind: FragmentKindV1,
    /// The condition.
    #[serde(default)]
    pub guard: String,
    /// First message inside.
    pub first: MessageId,
    /// Last message inside.
    pub last: MessageId,
    /// alt only: first message of the else branch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub else_first: Option<MessageId>,
    /// alt only: the else branch's guard.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub else_guard: String,
}

/// A note on a lifeline.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteV1 {
    /// Unique id.
    pub id: NoteId,
    /// The lifeline's element id.
    pub lifeline: ElementId,
    /// The message it follows; before the first when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<MessageId>,
    /// The text.
    pub text: String,
}

/// Deserializes a map and rejects a key given twice: JSON allows it, and serde would silently
/// keep the last one, losing the other box without a word.
fn unique_keys<'de, D, K, V>(deserializer: D) -> Result<BTreeMap<K, V>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Ord + fmt::Display,
    V: Deserialize<'de>,
{
    struct UniqueKeys<K, V>(PhantomData<(K, V)>);
    impl<'de, K, V> Visitor<'de> for UniqueKeys<K, V>
    where
        K: Deserialize<'de> + Ord + fmt::Display,
        V: Deserialize<'de>,
    {
        type Value = BTreeMap<K, V>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object keyed by id")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
            let mut map = BTreeMap::new();
            while let Some((key, value)) = access.next_entry::<K, V>()? {
                if map.contains_key(&key) {
                    return Err(serde::de::Error::custom(format_args!("id {key} appears twice")));
                }
                map.insert(key, value);
            }
            Ok(map)
        }
    }
    deserializer.deserialize_map(UniqueKeys(PhantomData))
}

//! The on-disk types of format version 3. Frozen once released: a change means a new version
//! and a migration step (see the policy in [`super::migrate`]).
//!
//! Version 3 adds one optional top-level list, `conflicts`: what a three-way merge
//! (`threatcanvas merge`) could not decide, each with the record and field it is about and the
//! base, ours and theirs values, so a file with conflicts still loads and they are resolved
//! as data, never as text markers. Everything else is version 2's own types, reused as they are
//! (they are frozen too).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use super::v2::{
    BoundaryV1, DiagramKindV1, DiagramV1, DismissalV2, ElementKindV1, ElementV1, FlowV1, FragmentKindV1, FragmentV1,
    MessageKindV1, MessageV1, MetadataV2, MethodologyV2, NatureV1, NoteV1, PointV1, RectV1, SeverityV1, SuppressionV2,
    ThreatCategoryV2, ThreatStatusV1, ThreatV2,
};

/// A whole ThreatCanvas file, version 3.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "ThreatCanvas threat model", description = "A ThreatCanvas threat model file (format version 3).")]
pub struct FileV3 {
    /// Always "threatcanvas".
    #[schemars(extend("const" = "threatcanvas"))]
    pub format: String,
    /// Always 3 for this schema.
    #[schemars(extend("const" = 3))]
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
    /// Unresolved merge conflicts, sorted by record then field. `validate` and `check` fail
    /// while there are any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<ConflictV3>,
}

/// One unresolved merge conflict.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConflictV3 {
    /// What kind of record it is about.
    pub record: RecordKindV3,
    /// The diagram, for a part of one (a box, bends, a lifeline, a message, a fragment, a note).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagram: Option<String>,
    /// The record's id: for a box or a lifeline the element's (or boundary's), for bends the
    /// flow's, for a dismissal or suppression its target's (left out for the model's
    /// properties and a model-wide suppression).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// For a dismissal or suppression: what kind of record its target is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<SubjectKindV3>,
    /// For a dismissal or suppression: its rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The field, by its name in this file format; left out when the conflict is about the
    /// record itself (deleted on one side, edited or needed on the other).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The common ancestor's value; left out where the record (or field) is not there. For
    /// a conflict about the record itself, `true` where it is there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<ValueV3>,
    /// Our side's value (the branch merged into), which the model holds until resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ours: Option<ValueV3>,
    /// Their side's value (the branch merged in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theirs: Option<ValueV3>,
}

/// The kinds of record a conflict can be about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecordKindV3 {
    /// The model's properties (`model` in this file).
    #[serde(rename = "model")]
    Meta,
    /// An element.
    Element,
    /// A data flow.
    Flow,
    /// A trust boundary.
    Boundary,
    /// A threat.
    Threat,
    /// A dismissed suggestion.
    Dismissal,
    /// A suppressed finding.
    Suppression,
    /// A diagram: its name, or the order of a sequence diagram's parts.
    Diagram,
    /// An element's box on a data-flow diagram.
    Node,
    /// A boundary's box on a data-flow diagram.
    BoundaryBox,
    /// A flow's bend points on a data-flow diagram.
    Bends,
    /// A lifeline on a sequence diagram.
    Lifeline,
    /// A message.
    Message,
    /// A combined fragment.
    Fragment,
    /// A note.
    Note,
}

/// What kind of record a dismissal's or suppression's target is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKindV3 {
    /// An element.
    Element,
    /// A data flow.
    Flow,
    /// A trust boundary.
    Boundary,
    /// A diagram.
    Diagram,
    /// A threat.
    Threat,
    /// A message.
    Message,
}

/// A field's value as this file writes that field: a text (also ids and enum values), a flag,
/// a number, a list of texts, a box or a list of points.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ValueV3 {
    /// Text, an id or an enum value.
    Text(String),
    /// A yes/no property.
    Flag(bool),
    /// A whole number.
    Number(i64),
    /// A list of texts or ids.
    Texts(Vec<String>),
    /// A box.
    Box(RectV1),
    /// Bend points.
    Points(Vec<PointV1>),
}

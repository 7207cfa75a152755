//! The enums and geometry of format version 1, frozen: copies of what the in-memory model
//! had when v1 was released, so that a new category or kind in the model can never change
//! what a v1 file may hold. Each carries its schema name and doc comments from that time, so
//! the generated schema stays byte-for-byte `assets/schema/v1.schema.json`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{FragmentKind, MessageKind, Point, Rect, Severity, ThreatStatus};

/// How threats are found and named.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "Methodology")]
pub enum MethodologyV1 {
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

/// A threat category from one of the methodologies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "ThreatCategory")]
#[allow(missing_docs)] // the variant names are the documentation: the methodologies' own words
pub enum ThreatCategoryV1 {
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

/// Where triage of a threat stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "ThreatStatus")]
pub enum ThreatStatusV1 {
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

/// How bad a threat would be if it happened.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "Severity")]
pub enum SeverityV1 {
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

/// How a message is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "MessageKind")]
pub enum MessageKindV1 {
    /// A synchronous call: solid line, filled arrow head.
    #[default]
    Call,
    /// A reply: dashed line, open arrow head.
    Reply,
    /// An asynchronous message: solid line, open arrow head.
    Async,
}

/// The operator of a combined fragment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "FragmentKind")]
pub enum FragmentKindV1 {
    /// Alternatives.
    Alt,
    /// Optional.
    Opt,
    /// Repeated.
    Loop,
}

/// A point in diagram units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "Point")]
pub struct PointV1 {
    /// Horizontal position, growing to the right.
    pub x: i32,
    /// Vertical position, growing downwards.
    pub y: i32,
}

/// An axis-aligned box in diagram units: top-left corner and size.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Rect")]
pub struct RectV1 {
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Width, at least 1.
    pub w: i32,
    /// Height, at least 1.
    pub h: i32,
}

// `both_ways!` is defined in `format/mod.rs`, shared by every version.
both_ways!(ThreatStatusV1 <=> ThreatStatus { Open, Mitigated, Accepted, Transferred, NotApplicable });
both_ways!(SeverityV1 <=> Severity { Unrated, Low, Medium, High, Critical });
both_ways!(MessageKindV1 <=> MessageKind { Call, Reply, Async });
both_ways!(FragmentKindV1 <=> FragmentKind { Alt, Opt, Loop });

impl From<PointV1> for Point {
    fn from(p: PointV1) -> Self {
        Self::new(p.x, p.y)
    }
}

impl From<Point> for PointV1 {
    fn from(p: Point) -> Self {
        Self { x: p.x, y: p.y }
    }
}

impl From<RectV1> for Rect {
    fn from(r: RectV1) -> Self {
        Self::new(r.x, r.y, r.w, r.h)
    }
}

impl From<Rect> for RectV1 {
    fn from(r: Rect) -> Self {
        Self { x: r.x, y: r.y, w: r.w, h: r.h }
    }
}

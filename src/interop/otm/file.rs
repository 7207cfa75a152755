//! The parts of an OTM file we read, typed as real files hold them (nulls for lists, numbers as
//! strings). Fields follow the OTM 0.2.0 schema's names.

use serde::Deserialize;
use serde_json::Value;

use super::super::lenient::{Flag, Num, Text, list};

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OtmFile {
    pub otm_version: Text,
    #[serde(default)]
    pub project: Project,
    #[serde(default, deserialize_with = "list")]
    pub representations: Vec<Representation>,
    #[serde(default, deserialize_with = "list")]
    pub trust_zones: Vec<Zone>,
    #[serde(default, deserialize_with = "list")]
    pub components: Vec<Component>,
    #[serde(default, deserialize_with = "list")]
    pub dataflows: Vec<Dataflow>,
    #[serde(default, deserialize_with = "list")]
    pub threats: Vec<OtmThreat>,
    #[serde(default, deserialize_with = "list")]
    pub mitigations: Vec<Mitigation>,
}

/// `project`: the model's title, description and owner.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Project {
    pub name: Text,
    pub description: Text,
    pub owner: Text,
    pub attributes: Option<Value>,
}

/// One of `representations`: a diagram (or code) the positions refer to.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Representation {
    pub id: Text,
    pub name: Text,
    #[serde(rename = "type")]
    pub kind: Text,
    pub attributes: Option<Value>,
}

/// Where a zone or component sits: in a trust zone or in another component.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Parent {
    #[serde(rename = "trustZone")]
    pub trust_zone: Text,
    pub component: Text,
}

/// A zone's or component's position in one representation, relative to its parent.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Placement {
    pub representation: Text,
    pub position: Option<XY>,
    pub size: Option<WH>,
}

/// A position.
#[derive(Debug, Default, Deserialize)]
pub struct XY {
    #[serde(default)]
    pub x: Num,
    #[serde(default)]
    pub y: Num,
}

/// A size.
#[derive(Debug, Default, Deserialize)]
pub struct WH {
    #[serde(default)]
    pub width: Num,
    #[serde(default)]
    pub height: Num,
}

/// A threat instance on a component, dataflow or trust zone.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Instance {
    pub threat: Text,
    pub state: Text,
    #[serde(deserialize_with = "list")]
    pub mitigations: Vec<MitigationInstance>,
}

/// A mitigation of a threat instance.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MitigationInstance {
    pub mitigation: Text,
    pub state: Text,
}

/// A trust zone.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Zone {
    pub id: Text,
    pub name: Text,
    pub description: Text,
    pub parent: Option<Parent>,
    #[serde(deserialize_with = "list")]
    pub representations: Vec<Placement>,
    #[serde(deserialize_with = "list")]
    pub threats: Vec<Instance>,
    pub attributes: Option<Value>,
}

/// A component.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Component {
    pub id: Text,
    pub name: Text,
    #[serde(rename = "type")]
    pub kind: Text,
    pub description: Text,
    pub parent: Option<Parent>,
    #[serde(deserialize_with = "list")]
    pub representations: Vec<Placement>,
    #[serde(deserialize_with = "list")]
    pub threats: Vec<Instance>,
    pub attributes: Option<Value>,
}

/// A dataflow.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Dataflow {
    pub id: Text,
    pub name: Text,
    pub description: Text,
    pub bidirectional: Flag,
    pub source: Text,
    pub destination: Text,
    #[serde(deserialize_with = "list")]
    pub threats: Vec<Instance>,
    pub attributes: Option<Value>,
}

/// A threat definition.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OtmThreat {
    pub id: Text,
    pub name: Text,
    pub description: Text,
    #[serde(deserialize_with = "list")]
    pub categories: Vec<Text>,
    #[serde(deserialize_with = "list")]
    pub cwes: Vec<Text>,
    pub risk: Option<Risk>,
    pub attributes: Option<Value>,
}

/// A threat's risk: likelihood and impact, each 0 to 100.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Risk {
    pub likelihood: Option<Num>,
    pub impact: Option<Num>,
}

/// A mitigation definition.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Mitigation {
    pub id: Text,
    pub name: Text,
    pub description: Text,
    pub attributes: Option<Value>,
}

//! Threat Dragon v2 files (every 2.x version seen: "2.0" to "2.6.1", "-RC1" suffixes, or no
//! version at all), read into [`TdModel`]. The types follow what real files hold: `data` carries
//! the properties and threats, labels are strings or objects, flow ends are cells or points.

use serde::Deserialize;
use serde_json::Value;

use super::super::lenient::{Num, Text, list};
use super::cells::{Cell, DiagramExtra, End, Props, Shape, TdDiagram, TdModel, Threats, attrs_text, first_label};

/// The top level. `summary` and `detail` are required: a file without them is not a model.
#[derive(Debug, Deserialize)]
pub struct FileV2 {
    #[serde(default)]
    version: Text,
    summary: SummaryTd,
    detail: DetailV2,
}

/// `summary`, shared with v1.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SummaryTd {
    /// The model's title.
    pub title: Text,
    /// Its owner.
    pub owner: Text,
    /// Its description.
    pub description: Text,
    /// What a ThreatCanvas export added.
    pub threatcanvas: super::cells::Extra,
}

/// One `detail.contributors[]` entry, shared with v1.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Contributor {
    /// The contributor's name.
    pub name: Text,
}

#[derive(Debug, Deserialize)]
struct DetailV2 {
    #[serde(default, deserialize_with = "list")]
    contributors: Vec<Contributor>,
    #[serde(deserialize_with = "list")]
    diagrams: Vec<DiagramV2>,
    #[serde(default)]
    reviewer: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DiagramV2 {
    #[serde(default)]
    id: Text,
    #[serde(default)]
    title: Text,
    #[serde(default)]
    diagram_type: Text,
    #[serde(default)]
    description: Text,
    #[serde(default, deserialize_with = "list")]
    cells: Vec<CellV2>,
    #[serde(default)]
    threatcanvas: DiagramExtra,
}

/// A point or a size: `{x, y}` / `{width, height}`.
#[derive(Debug, Default, Deserialize)]
pub struct XY {
    #[serde(default, alias = "width")]
    pub x: Num,
    #[serde(default, alias = "height")]
    pub y: Num,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CellV2 {
    #[serde(default)]
    id: Text,
    #[serde(default)]
    shape: Text,
    position: Option<XY>,
    size: Option<XY>,
    source: Option<Value>,
    target: Option<Value>,
    #[serde(default, deserialize_with = "list")]
    vertices: Vec<XY>,
    labels: Option<Value>,
    attrs: Option<Value>,
    #[serde(default)]
    data: Option<DataV2>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct DataV2 {
    #[serde(rename = "type")]
    kind: Text,
    name: Text,
    description: Text,
    out_of_scope: super::super::lenient::Flag,
    reason_out_of_scope: Text,
    threats: Threats,
    #[serde(flatten)]
    props: Props,
}

/// The reading of a v2 file.
pub fn read(file: FileV2) -> TdModel {
    let version = file.version.0.trim().to_owned();
    let format =
        if version.is_empty() { "Threat Dragon v2".to_owned() } else { format!("Threat Dragon v2 ({version})") };
    TdModel {
        format,
        title: file.summary.title.0,
        owner: file.summary.owner.0,
        description: file.summary.description.0,
        contributors: file.detail.contributors.into_iter().map(|c| c.name.0).filter(|n| !n.is_empty()).collect(),
        reviewer: file.detail.reviewer.0,
        scope: file.summary.threatcanvas.scope.0,
        diagrams: file.detail.diagrams.into_iter().enumerate().map(|(i, d)| diagram(i, d)).collect(),
    }
}

fn diagram(index: usize, d: DiagramV2) -> TdDiagram {
    let number = if d.id.as_str().is_empty() { index.to_string() } else { d.id.0 };
    TdDiagram {
        number,
        title: d.title.0,
        kind: d.diagram_type.0,
        description: d.description.0,
        path: format!("$.detail.diagrams[{index}]"),
        cells: d.cells.into_iter().map(cell).collect(),
        threatcanvas: d.threatcanvas,
    }
}

fn cell(c: CellV2) -> Cell {
    let data = c.data.unwrap_or_default();
    let shape = Shape::from_names(c.shape.as_str(), data.kind.as_str());
    let mut name = data.name.0;
    if name.is_empty() {
        name = match shape {
            Shape::Flow | Shape::BoundaryCurve => first_label(c.labels.as_ref()),
            _ => attrs_text(c.attrs.as_ref()),
        }
        .unwrap_or_default();
    }
    let rect = match (&c.position, &c.size) {
        (Some(p), Some(s)) => Some([p.x.0, p.y.0, s.x.0, s.y.0]),
        (Some(p), None) => Some([p.x.0, p.y.0, 0.0, 0.0]),
        _ => None,
    };
    Cell {
        id: c.id.0,
        shape,
        name,
        description: data.description.0,
        out_of_scope: data.out_of_scope.0,
        reason_out_of_scope: data.reason_out_of_scope.0,
        rect,
        source: End::from_value(c.source.as_ref()),
        target: End::from_value(c.target.as_ref()),
        vertices: c.vertices.iter().map(|v| (v.x.0, v.y.0)).collect(),
        props: data.props,
        threats: data.threats.0,
    }
}

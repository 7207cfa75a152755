//! Threat Dragon v1 files (JointJS cells under `diagramJson`, properties on the cell itself,
//! names in `attrs.text.text` or the first label), read into [`TdModel`]. Juice Shop's own
//! repository ships its threat model in this form.

use serde::Deserialize;
use serde_json::Value;

use super::super::lenient::{Flag, Text, list};
use super::cells::{Cell, DiagramExtra, End, Props, Shape, TdDiagram, TdModel, Threats, attrs_text, first_label};
use super::v2::{Contributor, SummaryTd, XY};

/// The top level.
#[derive(Debug, Deserialize)]
pub struct FileV1 {
    #[serde(default)]
    version: Text,
    summary: SummaryTd,
    detail: DetailV1,
}

#[derive(Debug, Deserialize)]
struct DetailV1 {
    #[serde(default, deserialize_with = "list")]
    contributors: Vec<Contributor>,
    #[serde(deserialize_with = "list")]
    diagrams: Vec<DiagramV1>,
    #[serde(default)]
    reviewer: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DiagramV1 {
    #[serde(default)]
    id: Text,
    #[serde(default)]
    title: Text,
    #[serde(default)]
    diagram_type: Text,
    #[serde(default)]
    diagram_json: Option<DiagramJson>,
}

#[derive(Debug, Default, Deserialize)]
struct DiagramJson {
    #[serde(default, deserialize_with = "list")]
    cells: Vec<CellV1>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CellV1 {
    #[serde(default)]
    id: Text,
    #[serde(rename = "type", default)]
    kind: Text,
    position: Option<XY>,
    size: Option<XY>,
    source: Option<Value>,
    target: Option<Value>,
    #[serde(default, deserialize_with = "list")]
    vertices: Vec<XY>,
    labels: Option<Value>,
    attrs: Option<Value>,
    #[serde(default)]
    name: Text,
    #[serde(default)]
    description: Text,
    #[serde(default)]
    out_of_scope: Flag,
    #[serde(default)]
    reason_out_of_scope: Text,
    #[serde(default)]
    threats: Threats,
    #[serde(flatten)]
    props: Props,
}

/// The reading of a v1 file.
pub fn read(file: FileV1) -> TdModel {
    let version = file.version.0.trim().to_owned();
    let format =
        if version.is_empty() { "Threat Dragon v1".to_owned() } else { format!("Threat Dragon v1 ({version})") };
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

fn diagram(index: usize, d: DiagramV1) -> TdDiagram {
    let number = if d.id.as_str().is_empty() { index.to_string() } else { d.id.0 };
    TdDiagram {
        number,
        title: d.title.0,
        kind: d.diagram_type.0,
        description: String::new(),
        path: format!("$.detail.diagrams[{index}]"),
        cells: d.diagram_json.unwrap_or_default().cells.into_iter().map(cell).collect(),
        threatcanvas: DiagramExtra::default(),
    }
}

fn cell(c: CellV1) -> Cell {
    let shape = Shape::from_names("", c.kind.as_str());
    let mut name = c.name.0;
    if name.is_empty() {
        name = match shape {
            Shape::Flow | Shape::BoundaryCurve => first_label(c.labels.as_ref()),
            _ => attrs_text(c.attrs.as_ref()),
        }
        .unwrap_or_default();
    }
    let rect = match (&c.position, &c.size) {
        (Some(p), Some(s)) => Some([p.x.0, p.y.0, s.x.0, s.y.0]),
        _ => None,
    };
    Cell {
        id: c.id.0,
        shape,
        name,
        description: c.description.0,
        out_of_scope: c.out_of_scope.0,
        reason_out_of_scope: c.reason_out_of_scope.0,
        rect,
        source: End::from_value(c.source.as_ref()),
        target: End::from_value(c.target.as_ref()),
        vertices: c.vertices.iter().map(|v| (v.x.0, v.y.0)).collect(),
        props: c.props,
        threats: c.threats.0,
    }
}

//! One reading of a Threat Dragon model, whatever version wrote it: v1 and v2 files are both
//! turned into these cells, and the model is built from them in one place.

use serde::Deserialize;
use serde_json::Value;

use super::super::lenient::{Flag, Text, list};

/// A whole Threat Dragon model.
#[derive(Debug, Default)]
pub struct TdModel {
    /// "Threat Dragon v2 (2.3.0)".
    pub format: String,
    /// `summary.title`.
    pub title: String,
    /// `summary.owner`.
    pub owner: String,
    /// `summary.description`.
    pub description: String,
    /// `detail.contributors[].name`.
    pub contributors: Vec<String>,
    /// `detail.reviewer`.
    pub reviewer: String,
    /// The scope a ThreatCanvas export kept in `summary.threatcanvas`.
    pub scope: String,
    /// The diagrams, in file order.
    pub diagrams: Vec<TdDiagram>,
}

/// One diagram with its cells.
#[derive(Debug, Default)]
pub struct TdDiagram {
    /// The diagram's number, as text.
    pub number: String,
    /// Its title.
    pub title: String,
    /// STRIDE, LINDDUN, CIA, DIE, PLOT4ai, EOP, Generic, TM-BOM...
    pub kind: String,
    /// Its description.
    pub description: String,
    /// JSON path of the diagram, for messages.
    pub path: String,
    /// Its cells, in file order.
    pub cells: Vec<Cell>,
    /// What a ThreatCanvas export added: the diagram's own id, or that it is the page of
    /// what no data-flow diagram shows.
    pub threatcanvas: DiagramExtra,
}

/// The `threatcanvas` key of a diagram that ThreatCanvas wrote.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DiagramExtra {
    /// The ThreatCanvas diagram's id.
    pub id: Text,
    /// The page holds what no data-flow diagram shows (or shows without its trust boundary):
    /// its cells are read, and no diagram is made of it.
    pub rest: Flag,
}

/// What a cell is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shape {
    /// `actor` / `tm.Actor`: an external entity.
    Actor,
    /// `process` / `tm.Process`.
    Process,
    /// `store` / `tm.Store`.
    Store,
    /// `flow` / `tm.Flow`.
    Flow,
    /// `trust-boundary-box` / `tm.BoundaryBox`.
    BoundaryBox,
    /// `trust-boundary-curve` (or the old misspelling `trust-broundary-curve`) / `tm.Boundary`.
    BoundaryCurve,
    /// `td-text-block` / `tm.Text`.
    Text,
    /// Anything else, as written.
    Unknown(String),
}

impl Shape {
    /// The shape named by a v2 `shape`, or else by a `data.type` (v1 `type`).
    #[must_use]
    pub fn from_names(shape: &str, data_type: &str) -> Self {
        match shape {
            "actor" => Self::Actor,
            "process" => Self::Process,
            "store" => Self::Store,
            "flow" => Self::Flow,
            "trust-boundary-box" => Self::BoundaryBox,
            "trust-boundary-curve" | "trust-broundary-curve" => Self::BoundaryCurve,
            "td-text-block" => Self::Text,
            _ => match data_type {
                "tm.Actor" => Self::Actor,
                "tm.Process" => Self::Process,
                "tm.Store" => Self::Store,
                "tm.Flow" => Self::Flow,
                "tm.BoundaryBox" => Self::BoundaryBox,
                "tm.Boundary" => Self::BoundaryCurve,
                "tm.Text" => Self::Text,
                _ if shape.is_empty() => Self::Unknown(data_type.to_owned()),
                _ => Self::Unknown(shape.to_owned()),
            },
        }
    }
}

/// Where a flow or curve ends.
#[derive(Clone, Debug, PartialEq)]
pub enum End {
    /// Attached to the cell with this id (possibly one that does not exist).
    Cell(String),
    /// A free point.
    Point(f64, f64),
    /// Nothing usable.
    Missing,
}

impl End {
    /// Reads `{cell}`, `{cell, port}`, `{id}` (v1) or `{x, y}`.
    #[must_use]
    pub fn from_value(value: Option<&Value>) -> Self {
        let Some(Value::Object(map)) = value else { return Self::Missing };
        for key in ["cell", "id"] {
            if let Some(Value::String(id)) = map.get(key) {
                return if id.is_empty() { Self::Missing } else { Self::Cell(id.clone()) };
            }
        }
        match (map.get("x").and_then(Value::as_f64), map.get("y").and_then(Value::as_f64)) {
            (Some(x), Some(y)) if x.is_finite() && y.is_finite() => Self::Point(x, y),
            _ => Self::Missing,
        }
    }
}

/// One cell: an element, a flow, a boundary or a text block.
#[derive(Debug)]
pub struct Cell {
    /// Its id as written.
    pub id: String,
    /// What it is.
    pub shape: Shape,
    /// Its name (not yet put on one line).
    pub name: String,
    /// `description`.
    pub description: String,
    /// `outOfScope`.
    pub out_of_scope: bool,
    /// `reasonOutOfScope`.
    pub reason_out_of_scope: String,
    /// Top-left corner and size, for nodes.
    pub rect: Option<[f64; 4]>,
    /// Where a flow or curve starts.
    pub source: End,
    /// Where it ends.
    pub target: End,
    /// Its bend points.
    pub vertices: Vec<(f64, f64)>,
    /// Flow and element properties, as Threat Dragon names them.
    pub props: Props,
    /// Threats, in file order.
    pub threats: Vec<TdThreat>,
}

/// The type-specific properties of a cell (v2 `data`, v1 the cell itself).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Props {
    /// Flow: `protocol`.
    pub protocol: Text,
    /// Flow or store: `isEncrypted`.
    pub is_encrypted: Flag,
    /// Flow: `isPublicNetwork`.
    pub is_public_network: Flag,
    /// Flow: `isBidirectional`.
    pub is_bidirectional: Flag,
    /// Process: `privilegeLevel`.
    pub privilege_level: Text,
    /// Process: `isWebApplication`.
    pub is_web_application: Flag,
    /// Process: `handlesCardPayment`.
    pub handles_card_payment: Flag,
    /// Process: `handlesGoodsOrServices`.
    pub handles_goods_or_services: Flag,
    /// Actor: `providesAuthentication`.
    pub provides_authentication: Flag,
    /// Store: `isALog`.
    #[serde(rename = "isALog")]
    pub is_a_log: Flag,
    /// Store: `isSigned`.
    pub is_signed: Flag,
    /// Store: `storesCredentials`.
    pub stores_credentials: Flag,
    /// Store: `storesInventory`.
    pub stores_inventory: Flag,
    /// What a ThreatCanvas export added beyond Threat Dragon's fields.
    pub threatcanvas: Extra,
}

/// The `threatcanvas` key of a cell that ThreatCanvas wrote: fields Threat Dragon has no
/// place for, read back on import.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Extra {
    /// The record's ThreatCanvas id. A record shown on several diagrams is written as one cell
    /// on each, all with this id, and read back as one record.
    pub id: Text,
    /// Process technology.
    pub technology: Text,
    /// Process runs privileged.
    pub privileged: Flag,
    /// Process authenticates its callers.
    pub authenticates_callers: Flag,
    /// External entity: "system" or "person".
    pub nature: Text,
    /// Store holds personal data.
    pub stores_personal_data: Flag,
    /// Flow: the data carried.
    pub data: Text,
    /// Flow: the sender is authenticated.
    pub authenticated: Flag,
    /// Assumptions other than those standing for Threat Dragon fields.
    #[serde(deserialize_with = "list")]
    pub assumptions: Vec<Text>,
    /// Threat: references (CWE, CAPEC, links).
    #[serde(deserialize_with = "list")]
    pub references: Vec<Text>,
    /// Threat: the library rule that suggested it.
    pub rule: Text,
    /// Threat: its rank among its target's threats (ties are allowed, so the order of the
    /// list does not say it). Read loosely: anything but a whole number is reported.
    pub rank: Option<serde_json::Value>,
    /// Summary: the model's scope.
    pub scope: Text,
}

/// A threat as Threat Dragon writes it, v1 or v2.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TdThreat {
    /// v2 `id`.
    pub id: Text,
    /// v1 (and some v2) `threatId`.
    pub threat_id: Text,
    /// `title`.
    pub title: Text,
    /// The category label, in the author's language at the time; null on EoP card threats.
    #[serde(rename = "type")]
    pub kind: Text,
    /// Open, Mitigated, `NotApplicable`, ...
    pub status: Text,
    /// Low ... Critical, TBD, TBA, "".
    pub severity: Text,
    /// Free text, a number or null.
    pub score: Text,
    /// `description`.
    pub description: Text,
    /// `mitigation`.
    pub mitigation: Text,
    /// STRIDE, LINDDUN, CIA, DIE, PLOT4ai, EOP, Generic.
    pub model_type: Text,
    /// EoP: the card's suit.
    pub card_suit: Text,
    /// EoP: the card.
    pub card_number: Text,
    /// EoP: which deck.
    pub eop_game_id: Text,
    /// What a ThreatCanvas export added.
    pub threatcanvas: Extra,
}

impl TdThreat {
    /// The threat's id as written, if it has one.
    #[must_use]
    pub fn source_id(&self) -> &str {
        if self.id.as_str().is_empty() { self.threat_id.as_str() } else { self.id.as_str() }
    }
}

/// Threats of a cell: a list, null or missing.
#[derive(Debug, Default, Deserialize)]
pub struct Threats(#[serde(deserialize_with = "list")] pub Vec<TdThreat>);

/// The text of a label: a string, or an object with `attrs.label.text`, `attrs.labelText.text`
/// or `attrs.text.text`.
#[must_use]
pub fn label_text(label: &Value) -> Option<String> {
    if let Value::String(s) = label {
        return Some(s.clone());
    }
    let attrs = label.get("attrs")?;
    ["label", "labelText", "text"]
        .iter()
        .filter_map(|key| attrs.get(key).and_then(|a| a.get("text")).and_then(Value::as_str))
        .find(|s| !s.is_empty())
        .map(str::to_owned)
}

/// The first non-empty label text of a flow or curve.
#[must_use]
pub fn first_label(labels: Option<&Value>) -> Option<String> {
    labels?.as_array()?.iter().filter_map(label_text).find(|s| !s.is_empty())
}

/// The text drawn on a node: `attrs.text.text` or `attrs.label.text`.
#[must_use]
pub fn attrs_text(attrs: Option<&Value>) -> Option<String> {
    let attrs = attrs?;
    ["text", "label"]
        .iter()
        .filter_map(|key| attrs.get(key).and_then(|a| a.get("text")).and_then(Value::as_str))
        .find(|s| !s.is_empty())
        .map(str::to_owned)
}

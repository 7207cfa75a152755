//! OWASP Threat Dragon files: v1 and every 2.x version in, v2 out.
//!
//! What maps to what:
//! - actors → external entities, processes → processes, stores → data stores, flows → data
//!   flows (protocol, encrypted, bidirectional; "public network" becomes the assumption
//!   "Crosses a public network"), boundary boxes and curves → trust boundaries (curves become
//!   boxes around the elements beside them on their smaller side; see `membership`);
//! - flows keep their bend points, also where a curve became a box. A bend routes its flow
//!   around the elements, which stay where they were; only the place where the flow crosses
//!   the boundary moves, because the box hugs the members instead of following the curve.
//!   Dropping bends would lose the author's routing and make the trip back to Threat Dragon
//!   lossy, and no file in the corpus has a bend inside a curve's new box on a flow that
//!   neither starts nor ends in it (the one case where a kept bend would look wrong);
//! - text blocks → paragraphs of the model's description (a ThreatCanvas diagram holds no
//!   free text);
//! - Threat Dragon's threat-suggestion flags that ThreatCanvas has no field for (an actor that
//!   provides authentication, a process's privilege level, a signed store...) → assumptions of
//!   the element, in the words of [`ASSUMPTIONS`], which the exporter reads back;
//! - each diagram → a data-flow diagram; the model takes the methodology most diagrams use;
//! - cells carrying the same ThreatCanvas id (an export's copies of one record on several
//!   diagrams) → one record placed on each (`pages` says how an export writes them).

mod cells;
mod label_table;
mod labels;
mod membership;
mod pages;
mod read;
mod records;
mod threats;
mod v1;
mod v2;
mod write;

use serde_json::Value;

pub use write::to_string;

use super::summary::Summary;
use super::{ImportError, parse_typed};
use crate::model::Model;

/// The assumption texts that carry Threat Dragon properties ThreatCanvas has no field for.
pub struct AssumptionTexts {
    /// Flow `isPublicNetwork`.
    pub public_network: &'static str,
    /// Actor `providesAuthentication`.
    pub provides_authentication: &'static str,
    /// Process `privilegeLevel`, followed by the level.
    pub privilege_level: &'static str,
    /// Process `isWebApplication`.
    pub web_application: &'static str,
    /// Process `handlesCardPayment`.
    pub card_payment: &'static str,
    /// Process `handlesGoodsOrServices`.
    pub goods_or_services: &'static str,
    /// Store `isSigned`.
    pub signed: &'static str,
    /// Store `storesInventory`.
    pub stores_inventory: &'static str,
}

/// See [`AssumptionTexts`].
pub const ASSUMPTIONS: AssumptionTexts = AssumptionTexts {
    public_network: "Crosses a public network",
    provides_authentication: "Provides authentication",
    privilege_level: "Privilege level: ",
    web_application: "Is a web application",
    card_payment: "Handles card payment",
    goods_or_services: "Handles goods or services",
    signed: "Signs what it stores",
    stores_inventory: "Stores inventory",
};

/// Reads a Threat Dragon file (v1 or v2, told apart by `version` or, without one, by v1's
/// `diagramJson`).
///
/// # Errors
/// [`ImportError`] naming `file` and the JSON path when the file is not a Threat Dragon model.
pub fn import(value: &Value, bytes: &[u8], file: &str) -> Result<(Model, Summary), ImportError> {
    let td = if is_v1(value) {
        v1::read(parse_typed::<v1::FileV1>(bytes, file, "a Threat Dragon v1 model")?)
    } else {
        v2::read(parse_typed::<v2::FileV2>(bytes, file, "a Threat Dragon v2 model")?)
    };
    Ok(read::build(td))
}

fn is_v1(value: &Value) -> bool {
    if let Some(version) = value.get("version").and_then(Value::as_str) {
        return version.trim_start().starts_with('1');
    }
    let diagrams = value.get("detail").and_then(|d| d.get("diagrams")).and_then(Value::as_array);
    diagrams.is_some_and(|ds| {
        ds.iter().any(|d| d.get("diagramJson").is_some())
            || (!ds.is_empty() && ds.iter().all(|d| d.get("cells").is_none()))
    })
}

/// The category a Threat Dragon label names in any of its locales, if any (for a label that
/// names several, the one `labels` takes).
#[must_use]
pub fn category_from_label(label: &str) -> Option<crate::model::ThreatCategory> {
    labels::category(label, None).map(|r| r.category)
}

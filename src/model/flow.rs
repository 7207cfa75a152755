//! Data flows: the edges of a data-flow diagram.

use super::ids::ElementId;

/// Data moving from one element to another. Flows live once in the model: a DFD draws them
/// between placed elements and a sequence message refers to the flow it carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DataFlow {
    /// Where the data comes from.
    pub source: ElementId,
    /// Where the data goes.
    pub target: ElementId,
    /// Data moves both ways (a query and its rows); drawn with two arrow heads.
    pub bidirectional: bool,
    /// Short label drawn on the arrow.
    pub name: String,
    /// Free text.
    pub description: String,
    /// What data is carried: threats depend on it.
    pub data: String,
    /// Transport: "HTTPS", "SQL over file I/O", "DOM events".
    pub protocol: String,
    /// Protected in transit.
    pub encrypted: bool,
    /// The sender is authenticated.
    pub authenticated: bool,
    /// Deliberately left out of the analysis.
    pub out_of_scope: bool,
    /// Why it is out of scope.
    pub out_of_scope_reason: String,
    /// Short statements taken as true.
    pub assumptions: Vec<String>,
}

impl DataFlow {
    /// Whether the flow has `element` at either end.
    #[must_use]
    pub fn touches(&self, element: &ElementId) -> bool {
        &self.source == element || &self.target == element
    }

    /// Whether the flow carries data from `from` to `to` (in either direction if bidirectional).
    #[must_use]
    pub fn carries(&self, from: &ElementId, to: &ElementId) -> bool {
        (&self.source == from && &self.target == to)
            || (self.bidirectional && &self.source == to && &self.target == from)
    }
}

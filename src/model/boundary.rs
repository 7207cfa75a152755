//! Trust boundaries: where control or trust changes.

use super::ids::BoundaryId;

/// A named region of trust. Elements name the boundary they sit in; a boundary may sit inside
/// another one, so membership includes nesting.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustBoundary {
    /// "Juice Shop server", "Customer device / Internet".
    pub name: String,
    /// Free text: who controls what is inside.
    pub description: String,
    /// The enclosing boundary, if nested.
    pub parent: Option<BoundaryId>,
}

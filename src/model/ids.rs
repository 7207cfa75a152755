//! Identifiers: short, random, stable strings wrapped in one newtype per record kind.
//!
//! Ids are never list positions, so two branches that each add an element never produce the
//! same id, and a moved or re-ordered record keeps its identity in diffs.

use std::fmt;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Characters of a generated id suffix: lower-case Crockford base32 (no i, l, o, u), so ids
/// read aloud and typed by hand are not confused.
const ID_ALPHABET: &[u8] = b"0123456789abcdefghjkmnpqrstvwxyz";
/// Length of a generated suffix: 8 characters = 40 bits, so two people adding a thousand records
/// each on separate branches collide with a chance of about one in a million.
const ID_SUFFIX_LEN: usize = 8;
/// Longest id a file may use; anything longer is a hostile or broken file.
pub const MAX_ID_LEN: usize = 64;

/// A fresh random id suffix.
fn random_suffix() -> String {
    (0..ID_SUFFIX_LEN).map(|_| char::from(ID_ALPHABET[fastrand::usize(..ID_ALPHABET.len())])).collect()
}

/// Whether `s` is acceptable as an id in a file: 1 to 64 ASCII letters, digits, `-` or `_`.
/// Hand-written ids such as `P1` or `EE3` are fine; generated ones look like `e-4k9x2m7q`.
#[must_use]
pub fn is_valid_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= MAX_ID_LEN && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        // Shared text: ids are copied into selections, findings, caches and edits far more often
        // than they are made, and a copy of an `Arc<str>` allocates nothing.
        #[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
        #[serde(transparent)]
        pub struct $name(Arc<str>);

        impl $name {
            /// Wraps an existing id (from a file or a test); validation happens at load.
            #[must_use]
            pub fn new(id: impl Into<String>) -> Self {
                Self(Arc::from(id.into()))
            }

            /// A new random id for a record created by the user.
            #[must_use]
            pub fn generate() -> Self {
                Self::new(format!(concat!($prefix, "-{}"), random_suffix()))
            }

            /// The id as written in the file.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// Identifies a process, external entity or data store.
    ElementId, "e"
);
id_type!(
    /// Identifies a data flow.
    FlowId, "f"
);
id_type!(
    /// Identifies a trust boundary.
    BoundaryId, "b"
);
id_type!(
    /// Identifies a threat.
    ThreatId, "t"
);
id_type!(
    /// Identifies a diagram (a DFD or a sequence view).
    DiagramId, "d"
);
id_type!(
    /// Identifies a message of a sequence diagram.
    MessageId, "m"
);
id_type!(
    /// Identifies a combined fragment (alt / opt / loop) of a sequence diagram.
    FragmentId, "g"
);
id_type!(
    /// Identifies a note of a sequence diagram.
    NoteId, "n"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_valid_prefixed_and_distinct() {
        let a = ElementId::generate();
        let b = ElementId::generate();
        assert!(a.as_str().starts_with("e-"));
        assert!(is_valid_id(a.as_str()));
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 2 + ID_SUFFIX_LEN);
    }

    #[test]
    fn id_validity() {
        assert!(is_valid_id("P1"));
        assert!(is_valid_id("f-3k_x"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("a b"));
        assert!(!is_valid_id("<script>"));
        assert!(!is_valid_id(&"x".repeat(MAX_ID_LEN + 1)));
    }
}

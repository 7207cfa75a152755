//! Which threat categories apply to which part of a model under each methodology: STRIDE per
//! element and LINDDUN per element; the other methodologies have no per-element table, so their
//! categories apply everywhere.

use crate::model::{Methodology, ThreatCategory};

/// The kind of record a threat is attached to, with what decides applicability.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CategoryTarget {
    /// An external entity.
    ExternalEntity,
    /// A process.
    Process,
    /// A data store; `is_log` when it is a log or audit store.
    DataStore {
        /// Repudiation applies to a store only when it is a log or audit store.
        is_log: bool,
    },
    /// A data flow.
    Flow,
    /// A trust boundary: the per-element tables say nothing about boundaries, so every category
    /// of the methodology applies.
    Boundary,
}

/// Whether threats of `category` apply to `target` under `methodology`.
///
/// "Other" is a catch-all and always applies; any other category of another methodology never
/// does. STRIDE per element: external entities get spoofing and repudiation; processes get all
/// six; data stores tampering, information disclosure and denial of service, plus repudiation
/// when they are logs; flows tampering, information disclosure and denial of service. LINDDUN:
/// external entities get linking, identifying and unawareness; everything else all but
/// unawareness. Boundaries, and the methodologies without a per-element table (CIA, CIA-DIE,
/// PLOT4ai, EoP, Generic), take every category of the methodology.
#[must_use]
pub fn category_applies(methodology: Methodology, category: ThreatCategory, target: CategoryTarget) -> bool {
    use CategoryTarget as T;
    use ThreatCategory as C;
    if category == C::Other {
        return true;
    }
    if !methodology.categories().contains(&category) {
        return false;
    }
    match (methodology, target) {
        (Methodology::Stride, T::ExternalEntity) => matches!(category, C::Spoofing | C::Repudiation),
        (Methodology::Stride, T::DataStore { is_log }) => {
            matches!(category, C::Tampering | C::InformationDisclosure | C::DenialOfService)
                || (is_log && category == C::Repudiation)
        }
        (Methodology::Stride, T::Flow) => {
            matches!(category, C::Tampering | C::InformationDisclosure | C::DenialOfService)
        }
        (Methodology::Linddun, T::ExternalEntity) => {
            matches!(category, C::Linking | C::Identifying | C::Unawareness)
        }
        (Methodology::Linddun, T::Process | T::DataStore { .. } | T::Flow) => category != C::Unawareness,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stride_per_element() {
        use CategoryTarget as T;
        use ThreatCategory as C;
        let s = |c, t| category_applies(Methodology::Stride, c, t);
        assert!(s(C::ElevationOfPrivilege, T::Process));
        assert!(!s(C::ElevationOfPrivilege, T::Flow));
        assert!(s(C::Tampering, T::Flow));
        assert!(!s(C::Tampering, T::ExternalEntity));
        assert!(s(C::Spoofing, T::ExternalEntity));
        assert!(!s(C::Repudiation, T::DataStore { is_log: false }));
        assert!(s(C::Repudiation, T::DataStore { is_log: true }));
        assert!(!s(C::Linking, T::Process), "another methodology's category");
        assert!(category_applies(Methodology::Linddun, C::Unawareness, T::ExternalEntity));
        assert!(!category_applies(Methodology::Linddun, C::Unawareness, T::Flow));
        assert!(!category_applies(Methodology::Linddun, C::Unawareness, T::Process));
        assert!(category_applies(Methodology::Linddun, C::Detecting, T::DataStore { is_log: false }));
        assert!(category_applies(Methodology::Cia, C::Availability, T::ExternalEntity));
        assert!(category_applies(Methodology::CiaDie, C::Ephemeral, T::Flow));
        assert!(!category_applies(Methodology::Generic, C::Spoofing, T::Process));
        assert!(category_applies(Methodology::Stride, C::Other, T::Flow), "the catch-all is never misfiled");
        assert!(s(C::ElevationOfPrivilege, T::Boundary));
    }
}

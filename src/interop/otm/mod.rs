//! Open Threat Model (OTM), the interchange format of IriusRisk and StartLeft: 0.1.0 and
//! 0.2.0 in, 0.2.0 out. The `read` module says what maps to what.

mod attributes;
mod file;
mod place;
mod read;
mod threats;
mod triage;
mod unread;
mod write;

pub use read::import;
pub use write::to_string;

use crate::model::{ElementKindTag, ThreatCategory};

/// The component attribute in which an export records the element kind, so a re-import does
/// not have to guess it from the component type.
pub const KIND_ATTRIBUTE: &str = "threatcanvas.kind";

/// The id of the diagram representation an export writes: its positions are ThreatCanvas's
/// own, read back as they are.
pub const REPRESENTATION: &str = "threatcanvas-diagram";

/// The component type an export gives a process with no technology.
pub const GENERIC_PROCESS: &str = "generic-process";

/// The trust-zone attribute that marks the zone an export puts the elements in no boundary in
/// (OTM wants every component in a zone); a re-import reads that zone's components as in no
/// boundary and makes no boundary of it.
pub const OUTSIDE_ATTRIBUTE: &str = "threatcanvas.outside";

/// The kind's name in [`KIND_ATTRIBUTE`].
#[must_use]
pub const fn kind_name(tag: ElementKindTag) -> &'static str {
    match tag {
        ElementKindTag::Process => "process",
        ElementKindTag::ExternalEntity => "external_entity",
        ElementKindTag::DataStore => "data_store",
    }
}

/// A guess of the element kind from an OTM component type ("web-client", "rds",
/// "CD-MICROSOFT-AZURE-DB-POSTGRESQL"...): clients, users and devices are external entities;
/// databases, storage, buckets and queues are data stores; everything else is a process.
#[must_use]
pub fn kind_from_type(kind: &str) -> ElementKindTag {
    let k = kind.to_ascii_lowercase();
    let words: Vec<&str> = k.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    if has(&["client", "user", "browser", "actor", "person", "human", "android", "ios", "mobile", "device"]) {
        ElementKindTag::ExternalEntity
    } else if has(&[
        "db",
        "database",
        "rds",
        "sql",
        "postgresql",
        "mysql",
        "mongodb",
        "dynamodb",
        "storage",
        "s3",
        "bucket",
        "store",
        "datastore",
        "redis",
        "cache",
        "queue",
        "sqs",
        "file",
        "blob",
        "elasticsearch",
        "documentdb",
    ]) {
        ElementKindTag::DataStore
    } else {
        ElementKindTag::Process
    }
}

/// The category an OTM threat category names: STRIDE's words in the spellings seen (Microsoft's
/// "Elevation of Privileges"), or any Threat Dragon label.
#[must_use]
pub fn category(name: &str) -> Option<ThreatCategory> {
    let key: String = name.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
    Some(match key.as_str() {
        "spoofing" => ThreatCategory::Spoofing,
        "tampering" => ThreatCategory::Tampering,
        "repudiation" => ThreatCategory::Repudiation,
        "informationdisclosure" => ThreatCategory::InformationDisclosure,
        "denialofservice" => ThreatCategory::DenialOfService,
        "elevationofprivilege" | "elevationofprivileges" => ThreatCategory::ElevationOfPrivilege,
        "other" | "generic" => ThreatCategory::Other,
        _ => return super::td::category_from_label(name),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_types_guess_kinds() {
        assert_eq!(kind_from_type("web-client"), ElementKindTag::ExternalEntity);
        assert_eq!(kind_from_type("android-device-client"), ElementKindTag::ExternalEntity);
        assert_eq!(kind_from_type("CD-MICROSOFT-AZURE-DB-POSTGRESQL"), ElementKindTag::DataStore);
        assert_eq!(kind_from_type("rds"), ElementKindTag::DataStore);
        assert_eq!(kind_from_type("elastic-container-service"), ElementKindTag::Process);
        assert_eq!(category("Elevation of Privileges"), Some(ThreatCategory::ElevationOfPrivilege));
        assert_eq!(category("Integrity"), Some(ThreatCategory::Integrity));
        assert_eq!(category("nonsense"), None);
    }
}

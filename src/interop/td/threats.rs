//! Threat Dragon's threat fields read into ours: the category from a (possibly translated)
//! label, the status and severity from Threat Dragon's words, anything unknown mapped to a
//! default with a warning.

use super::super::summary::{Summary, WarningKind};
use super::labels;
use crate::model::{Methodology, Severity, ThreatCategory, ThreatStatus};

/// The methodology a Threat Dragon diagram type or threat `modelType` names, if any. TM-BOM
/// diagrams carry no categories of their own, so they read as Generic.
#[must_use]
pub fn methodology(name: &str) -> Option<Methodology> {
    let key: String = name.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
    Some(match key.as_str() {
        "stride" => Methodology::Stride,
        "linddun" => Methodology::Linddun,
        "cia" => Methodology::Cia,
        "die" | "ciadie" => Methodology::CiaDie,
        "plot4ai" => Methodology::Plot4ai,
        "eop" | "eopgames" => Methodology::Eop,
        "generic" | "tmbom" => Methodology::Generic,
        _ => return None,
    })
}

/// How Threat Dragon names a methodology in `diagramType` and `modelType`.
#[must_use]
pub const fn methodology_name(m: Methodology) -> &'static str {
    match m {
        Methodology::Stride => "STRIDE",
        Methodology::Linddun => "LINDDUN",
        Methodology::Cia => "CIA",
        Methodology::CiaDie => "DIE",
        Methodology::Plot4ai => "PLOT4ai",
        Methodology::Eop => "EOP",
        Methodology::Generic => "Generic",
    }
}

/// The category of a threat of type `label` (or, for an EoP card, of suit `suit`) under
/// `methodology`. A label that names two categories (Hindi and Malay PLOT4ai use one word for
/// security and safety) is read as the one [`labels::category`] takes, with a warning naming
/// the threat.
pub fn category(
    label: &str,
    suit: &str,
    methodology: Option<Methodology>,
    summary: &mut Summary,
    id: &str,
) -> ThreatCategory {
    let label = label.trim();
    let reading = labels::category(label, methodology)
        .or_else(|| if label.is_empty() { labels::category(suit, Some(Methodology::Eop)) } else { None });
    if let Some(reading) = reading {
        if !reading.also.is_empty() {
            let others: Vec<&str> = reading.also.iter().map(|c| c.label()).collect();
            summary.warn(
                WarningKind::UnknownValue,
                Some(id),
                format!(
                    "threat type \"{label}\" means both {} and {} in Threat Dragon's languages; read as {}",
                    reading.category.label(),
                    others.join(" and "),
                    reading.category.label()
                ),
            );
        }
        return reading.category;
    }
    if label.eq_ignore_ascii_case("generic") || (label.is_empty() && methodology == Some(Methodology::Generic)) {
        return ThreatCategory::Other;
    }
    let shown = if label.is_empty() { suit } else { label };
    summary.warn(
        WarningKind::UnknownValue,
        Some(id),
        format!("threat type \"{shown}\" is not one Threat Dragon offers in any language; read as Other"),
    );
    ThreatCategory::Other
}

/// Threat Dragon's status words: Open, Mitigated, `NotApplicable` (v1: "Not Applicable"), N/A,
/// Accepted, Transferred; Avoided and Eliminated have no equal here and read as Mitigated.
pub fn status(text: &str, summary: &mut Summary, id: &str) -> ThreatStatus {
    let key: String = text.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
    match key.as_str() {
        "" | "open" => ThreatStatus::Open,
        "mitigated" => ThreatStatus::Mitigated,
        "notapplicable" | "na" => ThreatStatus::NotApplicable,
        "accepted" => ThreatStatus::Accepted,
        "transferred" => ThreatStatus::Transferred,
        "avoided" | "eliminated" => {
            summary.warn(
                WarningKind::UnknownValue,
                Some(id),
                format!("status {text:?} has no equal in ThreatCanvas; read as Mitigated"),
            );
            ThreatStatus::Mitigated
        }
        _ => {
            summary.warn(WarningKind::UnknownValue, Some(id), format!("status {text:?} is unknown; read as Open"));
            ThreatStatus::Open
        }
    }
}

/// Threat Dragon's severity words: Low, Medium, High, Critical; TBD, TBA and "" mean not rated.
pub fn severity(text: &str, summary: &mut Summary, id: &str) -> Severity {
    match text.trim().to_ascii_lowercase().as_str() {
        "low" => Severity::Low,
        "medium" => Severity::Medium,
        "high" => Severity::High,
        "critical" => Severity::Critical,
        "" | "tbd" | "tba" => Severity::Unrated,
        _ => {
            summary.warn(
                WarningKind::UnknownValue,
                Some(id),
                format!("severity {text:?} is unknown; read as not rated"),
            );
            Severity::Unrated
        }
    }
}

/// The status word Threat Dragon writes.
#[must_use]
pub const fn status_name(s: ThreatStatus) -> &'static str {
    match s {
        ThreatStatus::Open => "Open",
        ThreatStatus::Mitigated => "Mitigated",
        ThreatStatus::Accepted => "Accepted",
        ThreatStatus::Transferred => "Transferred",
        ThreatStatus::NotApplicable => "NotApplicable",
    }
}

/// The severity word Threat Dragon writes.
#[must_use]
pub const fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Unrated => "TBD",
        Severity::Low => "Low",
        Severity::Medium => "Medium",
        Severity::High => "High",
        Severity::Critical => "Critical",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translated_labels_map_back_within_their_methodology() {
        let mut s = Summary::default();
        assert_eq!(category("Manipulation", "", None, &mut s, "t"), ThreatCategory::Tampering);
        assert_eq!(category("Information disclosure", "", None, &mut s, "t"), ThreatCategory::InformationDisclosure);
        let french = "Divulgation d'information";
        assert_eq!(category(french, "", Some(Methodology::Stride), &mut s, "t"), ThreatCategory::InformationDisclosure);
        assert_eq!(category(french, "", Some(Methodology::Linddun), &mut s, "t"), ThreatCategory::DataDisclosure);
        assert_eq!(category("", "AUTHENTICATION", Some(Methodology::Eop), &mut s, "t"), ThreatCategory::Authentication);
        assert_eq!(category("", "Wild Card", Some(Methodology::Eop), &mut s, "t"), ThreatCategory::WildCard);
        assert!(s.warnings.is_empty());
        assert_eq!(category("Gremlins", "", None, &mut s, "t"), ThreatCategory::Other);
        assert_eq!(s.warnings.len(), 1);
    }

    #[test]
    fn a_label_naming_two_categories_is_read_one_way_and_reported() {
        let plot4ai = Some(Methodology::Plot4ai);
        for (label, expected) in [("सुरक्षा", ThreatCategory::Security), ("Keselamatan", ThreatCategory::Safety)]
        {
            let mut s = Summary::default();
            assert_eq!(category(label, "", plot4ai, &mut s, "threat-7"), expected, "{label}");
            assert_eq!(s.warnings.len(), 1, "{label}");
            let w = &s.warnings[0];
            assert_eq!(w.source_id.as_deref(), Some("threat-7"));
            assert!(w.message.contains("Security") && w.message.contains("Safety"), "{}", w.message);
        }
        // Indonesian security has a word of its own.
        let mut s = Summary::default();
        assert_eq!(category("Keamanan", "", plot4ai, &mut s, "t"), ThreatCategory::Security);
        assert!(s.warnings.is_empty());
    }

    #[test]
    fn statuses_and_severities_of_real_files() {
        let mut s = Summary::default();
        assert_eq!(status("Not Applicable", &mut s, "t"), ThreatStatus::NotApplicable);
        assert_eq!(status("NotApplicable", &mut s, "t"), ThreatStatus::NotApplicable);
        assert_eq!(status("", &mut s, "t"), ThreatStatus::Open);
        assert_eq!(severity("TBA", &mut s, "t"), Severity::Unrated);
        assert_eq!(severity("", &mut s, "t"), Severity::Unrated);
        assert!(s.warnings.is_empty());
        assert_eq!(status("Avoided", &mut s, "t"), ThreatStatus::Mitigated);
        assert_eq!(severity("Huge", &mut s, "t"), Severity::Unrated);
        assert_eq!(s.warnings.len(), 2);
        for m in Methodology::ALL {
            assert_eq!(methodology(methodology_name(m)), Some(m));
        }
    }
}

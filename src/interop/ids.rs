//! Ids and texts from other tools, made to fit the model: every id valid and unique across all
//! kinds of record, every name on one line, every text within the model's limits. Renamed ids
//! are derived from the original, never random, so importing the same file twice gives the same
//! model byte for byte.

use std::collections::BTreeSet;

use super::summary::{Summary, WarningKind};
use crate::model::{MAX_ID_LEN, MAX_NAME_CHARS, MAX_TEXT_CHARS, is_valid_id};

/// Hands out ids, keeping a foreign id where it is usable.
#[derive(Debug, Default)]
pub struct IdPool {
    used: BTreeSet<String>,
}

impl IdPool {
    /// The id for a record the source calls `foreign`: `foreign` itself when it is a valid id
    /// not yet taken, else `foreign` with unusable characters replaced, cut short and numbered
    /// until unique; `fallback` stands in for an empty source id.
    pub fn claim(&mut self, foreign: &str, fallback: &str) -> String {
        if is_valid_id(foreign) && !self.used.contains(foreign) {
            self.used.insert(foreign.to_owned());
            return foreign.to_owned();
        }
        let cleaned: Vec<char> =
            foreign.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
        // A cleaned id that fits is kept whole. Beyond that, the end of a long id is the part
        // that tells records apart ("zone.vpc.subnet1.ssm"): it is kept from a separator on, so
        // it does not start in the middle of a word, leaving room for a "-N" to make it unique.
        let keep = MAX_ID_LEN - 8;
        let tail: String = if cleaned.len() <= MAX_ID_LEN {
            cleaned.iter().collect()
        } else {
            let cut = &cleaned[cleaned.len() - keep..];
            let from = cut.iter().position(|&c| c == '-').filter(|&i| i + 1 < cut.len()).map_or(0, |i| i + 1);
            cut[from..].iter().collect()
        };
        let cleaned = tail.trim_matches('-');
        let stem = if cleaned.is_empty() { fallback } else { cleaned };
        let mut candidate = stem.to_owned();
        let mut n = 2_u32;
        while !is_valid_id(&candidate) || self.used.contains(&candidate) {
            candidate = format!("{stem}-{n}");
            n += 1;
        }
        self.used.insert(candidate.clone());
        candidate
    }
}

/// Why a record's id changed, for the summary.
#[must_use]
pub fn renamed(source_id: &str, id: &str) -> String {
    if is_valid_id(source_id) {
        format!("the id is used twice in the file; this one is now {id}")
    } else {
        format!("the id cannot be a ThreatCanvas id (1 to 64 letters, digits, '-' or '_'); it is now {id}")
    }
}

/// A name on one line: line breaks (Threat Dragon's way of wrapping a label by hand) become
/// spaces, runs of spaces one space, and the result is cut at the model's name limit.
pub fn one_line(text: &str, summary: &mut Summary, source_id: &str) -> String {
    if text.trim().contains(['\n', '\r']) {
        summary.names_joined += 1;
    }
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    cut(joined, MAX_NAME_CHARS, summary, source_id, "name")
}

/// A short text kept as written (an assumption, a contributor, a technology another
/// ThreatCanvas wrote into an attribute), only cut at the model's limit for names: it came
/// from a model where it was valid, so it is not reflowed.
pub fn short_text(text: &str, summary: &mut Summary, source_id: &str, what: &str) -> String {
    cut(text.to_owned(), MAX_NAME_CHARS, summary, source_id, what)
}

/// Free text cut at the model's limit for descriptions.
pub fn long_text(text: &str, summary: &mut Summary, source_id: &str, what: &str) -> String {
    cut(text.trim().to_owned(), MAX_TEXT_CHARS, summary, source_id, what)
}

fn cut(text: String, limit: usize, summary: &mut Summary, source_id: &str, what: &str) -> String {
    if text.chars().count() <= limit {
        return text;
    }
    summary.warn(
        WarningKind::Adjusted,
        Some(source_id),
        format!("the {what} is longer than {limit} characters and was cut there"),
    );
    text.chars().take(limit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_kept_when_usable_and_derived_otherwise() {
        let mut pool = IdPool::default();
        assert_eq!(pool.claim("P1", "x"), "P1");
        assert_eq!(pool.claim("P1", "x"), "P1-2");
        assert_eq!(pool.claim("a b/c", "x"), "a-b-c");
        assert_eq!(pool.claim("", "threat"), "threat");
        assert_eq!(pool.claim("", "threat"), "threat-2");
        let long = "u".repeat(100);
        let id = pool.claim(&long, "x");
        assert!(is_valid_id(&id) && id.len() < 64, "{id}");
        // Cleaned, it fits: kept whole.
        let otm = "b61d6911-338d-46a8-9f39-8dcd24abfe91.customvpc.privatesubnet1";
        assert_eq!(pool.claim(otm, "x"), "b61d6911-338d-46a8-9f39-8dcd24abfe91-customvpc-privatesubnet1");
        // Too long: the end, from a separator on.
        let deeper = format!("{otm}.securitygroup.instance");
        assert_eq!(pool.claim(&deeper, "x"), "customvpc-privatesubnet1-securitygroup-instance");
    }

    #[test]
    fn names_are_put_on_one_line() {
        let mut summary = Summary::default();
        assert_eq!(one_line("Web\nApplication ", &mut summary, "c"), "Web Application");
        assert_eq!(one_line("Web  Server\n", &mut summary, "c"), "Web Server");
        assert!(summary.warnings.is_empty());
        assert_eq!(summary.names_joined, 1, "counted for the summary's one line about it");
        let long = "x".repeat(MAX_NAME_CHARS + 5);
        assert_eq!(one_line(&long, &mut summary, "c").chars().count(), MAX_NAME_CHARS);
        assert_eq!(summary.warnings.len(), 1);
    }
}

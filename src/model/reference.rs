//! References from a threat to the catalogues that describe it (CWE, CAPEC) and to further
//! reading.

use std::fmt;
use std::str::FromStr;

use super::limits::MAX_LINK_LEN;

/// Where to read more about a threat. Written as text everywhere (file, panel, reports):
/// "CWE-79", "CAPEC-66", or the link itself; [`FromStr`] reads the same forms.
///
/// Build a `Link` through [`FromStr`]: it checks that the text is an http(s) link.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reference {
    /// A weakness in MITRE's Common Weakness Enumeration: `Cwe(79)` is CWE-79.
    Cwe(u32),
    /// An attack pattern in MITRE's CAPEC: `Capec(66)` is CAPEC-66.
    Capec(u32),
    /// An http or https link, kept exactly as written.
    Link(String),
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Cwe(n) => write!(f, "CWE-{n}"),
            Self::Capec(n) => write!(f, "CAPEC-{n}"),
            Self::Link(url) => f.write_str(url),
        }
    }
}

impl Reference {
    /// Where to read it: MITRE's page for a CWE or CAPEC id, or the link itself. The app opens
    /// it, reports link it, so an id is one click from its definition.
    #[must_use]
    pub fn url(&self) -> String {
        match self {
            Self::Cwe(n) => format!("https://cwe.mitre.org/data/definitions/{n}.html"),
            Self::Capec(n) => format!("https://capec.mitre.org/data/definitions/{n}.html"),
            Self::Link(url) => url.clone(),
        }
    }
}

/// Why a text is not a [`Reference`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseReferenceError {
    /// `CWE-` or `CAPEC-` followed by something other than a number from 1.
    #[error("{0} is not a {1} id: write {1}- and a number from 1, as in {1}-79")]
    BadNumber(String, &'static str),
    /// Starts like a link but is not one.
    #[error("{0} is not a link: a link names a host after http:// or https:// and has no spaces")]
    BadLink(String),
    /// A link longer than [`MAX_LINK_LEN`].
    #[error("the link is {0} bytes long; the limit is {MAX_LINK_LEN}")]
    LinkTooLong(usize),
    /// None of the forms.
    #[error("{0} is not a reference: write CWE-79, CAPEC-66 or an http(s) link")]
    Unknown(String),
}

/// `text` quoted for an error message, cut when long.
pub(crate) fn quoted(text: &str) -> String {
    const SHOWN: usize = 40;
    if text.chars().count() > SHOWN {
        let head: String = text.chars().take(SHOWN).collect();
        format!("{head:?}…")
    } else {
        format!("{text:?}")
    }
}

/// The rest of `text` after `prefix`, compared without regard to ASCII case.
fn strip_prefix_ignoring_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

/// A catalogue number: decimal digits only, from 1.
fn catalogue_number(digits: &str) -> Option<u32> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|n| *n > 0)
}

impl FromStr for Reference {
    type Err = ParseReferenceError;

    /// Reads "CWE-79", "CAPEC-66" (prefixes in any case) or an http(s) link; surrounding
    /// whitespace is ignored.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        for (prefix, name, make) in
            [("CWE-", "CWE", Self::Cwe as fn(u32) -> Self), ("CAPEC-", "CAPEC", Self::Capec as fn(u32) -> Self)]
        {
            if let Some(digits) = strip_prefix_ignoring_case(text, prefix) {
                return catalogue_number(digits)
                    .map(make)
                    .ok_or_else(|| ParseReferenceError::BadNumber(quoted(text), name));
            }
        }
        let Some(rest) =
            strip_prefix_ignoring_case(text, "https://").or_else(|| strip_prefix_ignoring_case(text, "http://"))
        else {
            return Err(ParseReferenceError::Unknown(quoted(text)));
        };
        if text.len() > MAX_LINK_LEN {
            return Err(ParseReferenceError::LinkTooLong(text.len()));
        }
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if host.is_empty() || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(ParseReferenceError::BadLink(quoted(text)));
        }
        Ok(Self::Link(text.to_owned()))
    }
}

impl serde::Serialize for Reference {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Reference {
    /// From the text form, so threat-library files write references as the file format does.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Reference, ParseReferenceError> {
        text.parse()
    }

    #[test]
    fn catalogue_ids_read_in_any_case_and_print_in_capitals() {
        assert_eq!(parse("CWE-79"), Ok(Reference::Cwe(79)));
        assert_eq!(parse("cwe-611"), Ok(Reference::Cwe(611)));
        assert_eq!(parse(" Capec-66 "), Ok(Reference::Capec(66)));
        assert_eq!(Reference::Cwe(79).to_string(), "CWE-79");
        assert_eq!(Reference::Capec(66).to_string(), "CAPEC-66");
        for r in [Reference::Cwe(1), Reference::Capec(4_294_967_295)] {
            assert_eq!(parse(&r.to_string()), Ok(r));
        }
    }

    #[test]
    fn bad_catalogue_ids_are_refused() {
        for text in ["CWE-", "CWE-0", "CWE--1", "CWE-+1", "CWE-7a", "CWE-99999999999", "CAPEC-x", "CWE 79"] {
            assert!(parse(text).is_err(), "{text}");
        }
        assert!(matches!(parse("capec-0"), Err(ParseReferenceError::BadNumber(_, "CAPEC"))));
    }

    #[test]
    fn links_must_be_http_or_https_with_a_host_and_keep_their_text() {
        let url = "https://owasp.org/www-community/attacks/xss/#stored";
        assert_eq!(parse(url), Ok(Reference::Link(url.to_owned())));
        assert_eq!(parse(url).map(|r| r.to_string()), Ok(url.to_owned()));
        assert_eq!(parse("HTTP://example.com"), Ok(Reference::Link("HTTP://example.com".into())));
        for text in ["https://", "https:///path", "http://exa mple.com", "https://x\u{7}", "ftp://example.com"] {
            assert!(parse(text).is_err(), "{text}");
        }
        assert!(matches!(parse("javascript:alert(1)"), Err(ParseReferenceError::Unknown(_))));
        assert!(matches!(parse(""), Err(ParseReferenceError::Unknown(_))));
        let long = format!("https://example.com/{}", "a".repeat(MAX_LINK_LEN));
        assert!(matches!(parse(&long), Err(ParseReferenceError::LinkTooLong(_))));
    }

    #[test]
    fn ids_link_to_their_mitre_pages_and_links_to_themselves() {
        assert_eq!(Reference::Cwe(79).url(), "https://cwe.mitre.org/data/definitions/79.html");
        assert_eq!(Reference::Capec(66).url(), "https://capec.mitre.org/data/definitions/66.html");
        let link = "https://owasp.org/www-community/attacks/xss/";
        assert_eq!(Reference::Link(link.into()).url(), link);
    }

    #[test]
    fn serde_uses_the_text_form() {
        let refs = vec![Reference::Cwe(79), Reference::Link("https://example.com".into())];
        let json = serde_json::to_string(&refs).expect("serialize");
        assert_eq!(json, r#"["CWE-79","https://example.com"]"#);
        let back: Vec<Reference> = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back, refs);
        assert!(serde_json::from_str::<Reference>(r#""CWE-0""#).is_err());
    }
}

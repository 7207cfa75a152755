//! Threat Dragon stores a threat's category as the label its UI showed in the author's language
//! at the time ("Information disclosure", German "Manipulation"), so reading a file means
//! mapping every locale's labels back. The table below lists, for each of Threat Dragon's 16
//! locales, the label of each category under each methodology; writing uses the English ones.
//! A test checks the table against Threat Dragon's locale files when the corpus is present, and
//! [`category`] says when a label is ambiguous so the importer can say so.

use super::label_table::LABELS;
use crate::model::{Methodology as M, ThreatCategory as C};

/// What a label names: the category taken, and any other category the same words name in
/// another entry of the table (Hindi "सुरक्षा" is PLOT4ai's security and its safety).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    /// The category taken.
    pub category: C,
    /// The other categories the label names under the same methodology, most likely first;
    /// empty when the label is not ambiguous.
    pub also: Vec<C>,
}

/// What `label` names, looking first among the labels of `methodology` (the same words can
/// name two categories of different methodologies: French "Divulgation d'information" is
/// both STRIDE's information disclosure and LINDDUN's disclosure of information), then among
/// all. Matching ignores case, spacing and punctuation. When the label names several
/// categories, the one most locales mean by it is taken (Malay and Indonesian "Keselamatan"
/// is safety in both, security in Malay only), then the one the methodology lists first, so
/// the choice never depends on anything but the label. `None` when no locale uses the label.
#[must_use]
pub fn category(label: &str, methodology: Option<M>) -> Option<Reading> {
    let wanted = normalized(label);
    if wanted.is_empty() {
        return None;
    }
    let matches: Vec<&(&str, M, C, &str)> = LABELS.iter().filter(|(.., text)| normalized(text) == wanted).collect();
    let in_methodology = methodology.filter(|m| matches.iter().any(|(_, lm, ..)| lm == m));
    // (category, locales meaning it, first place in the table)
    let mut votes: Vec<(C, usize, usize)> = Vec::new();
    for (place, (_, lm, c, _)) in matches.iter().enumerate() {
        if in_methodology.is_some_and(|m| m != *lm) {
            continue;
        }
        match votes.iter_mut().find(|(v, ..)| v == c) {
            Some((_, n, _)) => *n += 1,
            None => votes.push((*c, 1, place)),
        }
    }
    let listed = |c: C| in_methodology.and_then(|m| m.categories().iter().position(|x| *x == c)).unwrap_or(usize::MAX);
    votes.sort_by_key(|&(c, n, place)| (std::cmp::Reverse(n), listed(c), place));
    let mut categories = votes.into_iter().map(|(c, ..)| c);
    let category = categories.next()?;
    Some(Reading { category, also: categories.collect() })
}

/// The English label Threat Dragon shows for `category`: what an exported file carries.
#[must_use]
pub fn english(category: C) -> &'static str {
    LABELS.iter().find(|(locale, _, c, _)| *locale == "en" && *c == category).map_or("Generic", |(_, _, _, text)| text)
}

/// Lower-case letters and digits only.
fn normalized(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

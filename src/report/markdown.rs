//! The Markdown report: the same content as the HTML one, for wikis and pull requests. The
//! diagrams are SVG files beside it, which it links as images.
//!
//! Every piece of user text goes through [`text`] (or [`block`]), which backslash-escapes what
//! Markdown would read as markup, so a title such as `](javascript:x)` or `<img …>` shows as
//! the characters typed. Link destinations go through [`destination`], which percent-encodes
//! everything but plain URL characters.

use std::fmt::Write as _;

use super::content::{Content, Record, reference_url};
use crate::model::{Threat, ThreatId};

/// The report of `content` as Markdown; `diagrams` holds each diagram's name, kind and the file
/// name of its SVG beside the report.
pub(super) fn write(content: &Content<'_>, diagrams: &[(String, &'static str, String)]) -> String {
    let meta = &content.model.meta;
    let title = if meta.title.trim().is_empty() { "Threat model" } else { meta.title.as_str() };
    let s = &content.summary;
    let mut out = front(content, title);
    out.push_str("## Summary\n\n");
    table(&mut out, &["Status", "Threats"], s.by_status.iter().map(|(k, n)| vec![k.label().to_owned(), n.to_string()]));
    table(
        &mut out,
        &["Severity", "Threats"],
        s.by_severity.iter().map(|(k, n)| vec![k.label().to_owned(), n.to_string()]),
    );
    table(&mut out, &["Category", "Threats"], s.by_category.iter().map(|(k, n)| vec![text(k.label()), n.to_string()]));

    out.push_str("## Open high and critical threats\n\n");
    if content.priority.is_empty() {
        out.push_str("*No open threat is rated high or critical.*\n\n");
    } else {
        table(
            &mut out,
            &["Severity", "Threat", "On", "Category", "Mitigation"],
            content.priority.iter().map(|(_, t)| {
                vec![
                    t.severity.label().to_owned(),
                    text(&t.title),
                    text(&content.target_label(&t.target)),
                    text(t.category.label()),
                    text(&t.mitigation),
                ]
            }),
        );
    }

    out.push_str("## Diagrams\n\n");
    if diagrams.is_empty() {
        out.push_str("*The model has no diagrams.*\n\n");
    }
    for (name, kind, file) in diagrams {
        let _ = writeln!(out, "### {} ({kind})\n\n![{}]({})\n", text(name), text(name), destination(file));
    }

    out.push_str("## Elements, flows and boundaries\n\n");
    for r in &content.records {
        record(&mut out, r);
    }

    out.push_str("## Dismissed suggestions\n\n");
    if content.dismissed.is_empty() {
        out.push_str("*No threat-library suggestion was dismissed.*\n\n");
    } else {
        table(
            &mut out,
            &["Rule", "On", "Reason"],
            content.dismissed.iter().map(|d| vec![code(d.rule), text(&d.target), text(d.reason)]),
        );
    }
    out.push_str("## Suppressed findings\n\n");
    if content.suppressions.is_empty() {
        out.push_str("*No check finding was suppressed.*\n\n");
    } else {
        table(
            &mut out,
            &["Check", "On", "Reason"],
            content.suppressions.iter().map(|f| {
                let check = f.title.map_or_else(|| code(f.rule), |t| format!("{} {}", code(f.rule), text(t)));
                vec![check, text(&f.subject), text(f.reason)]
            }),
        );
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The title, who made the model, the description, the scope and the assumptions.
fn front(content: &Content<'_>, title: &str) -> String {
    let meta = &content.model.meta;
    let s = &content.summary;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", text(title));
    let mut facts = Vec::new();
    if !meta.owner.is_empty() {
        facts.push(format!("**Owner:** {}", text(&meta.owner)));
    }
    if !meta.reviewer.is_empty() {
        facts.push(format!("**Reviewer:** {}", text(&meta.reviewer)));
    }
    if !meta.contributors.is_empty() {
        let names: Vec<String> = meta.contributors.iter().map(|c| text(c)).collect();
        facts.push(format!("**Contributors:** {}", names.join("; ")));
    }
    facts.push(format!("**Methodology:** {}", text(meta.methodology.label())));
    facts.push(format!("**Threats:** {}", s.total));
    let _ = writeln!(out, "{}\n", facts.join("  \n"));

    let _ = writeln!(out, "## Description\n\n{}\n", block(&meta.description, "*No description.*"));
    let _ = writeln!(out, "## Scope\n\n{}\n", block(&meta.scope, "*No scope written.*"));
    out.push_str("### Out of scope\n\n");
    let outside: Vec<&Record<'_>> = content.out_of_scope().collect();
    if outside.is_empty() {
        out.push_str("*Every element and flow is in scope.*\n\n");
    } else {
        table(
            &mut out,
            &["Record", "Kind", "Reason"],
            outside.iter().map(|r| vec![text(r.name), text(r.kind), text(r.out_of_scope.unwrap_or_default())]),
        );
    }

    out.push_str("## Assumptions\n\n");
    let with: Vec<&Record<'_>> = content.with_assumptions().collect();
    if with.is_empty() {
        out.push_str("*No assumptions written.*\n\n");
    }
    for r in with {
        let _ = writeln!(out, "### {}\n", text(r.name));
        for a in r.assumptions {
            let _ = writeln!(out, "- {}", text(a));
        }
        out.push('\n');
    }
    out
}

/// One element, flow or boundary: its properties, then its threats.
fn record(out: &mut String, r: &Record<'_>) {
    let _ = writeln!(out, "### {} ({})\n", text(r.name), r.kind);
    if !r.description.trim().is_empty() {
        let _ = writeln!(out, "{}\n", block(r.description, ""));
    }
    for (label, value) in &r.properties {
        let _ = writeln!(out, "- **{label}:** {}", text(value));
    }
    if let Some(reason) = r.out_of_scope {
        let _ =
            writeln!(out, "- **Out of scope:** {}", if reason.is_empty() { "yes".to_owned() } else { text(reason) });
    }
    for a in r.assumptions {
        let _ = writeln!(out, "- **Assumption:** {}", text(a));
    }
    out.push('\n');
    if r.threats.is_empty() {
        out.push_str("*No threats.*\n\n");
    }
    for (id, t) in &r.threats {
        threat(out, id, t);
    }
}

/// One threat, with everything the team wrote about it.
fn threat(out: &mut String, id: &ThreatId, t: &Threat) {
    let _ = writeln!(out, "#### {}: {}\n", t.severity.label(), text(&t.title));
    let _ = writeln!(out, "- **Id:** {}", code(id.as_str()));
    let _ = writeln!(out, "- **Category:** {}", text(t.category.label()));
    let _ = writeln!(out, "- **Status:** {}", t.status.label());
    if !t.score.is_empty() {
        let _ = writeln!(out, "- **Score:** {}", text(&t.score));
    }
    if let Some(rule) = &t.rule {
        let _ = writeln!(out, "- **Library rule:** {}", code(rule));
    }
    if !t.references.is_empty() {
        let refs: Vec<String> = t
            .references
            .iter()
            .map(|r| {
                let label = text(&r.to_string());
                reference_url(r).map_or_else(|| label.clone(), |url| format!("[{label}]({})", destination(&url)))
            })
            .collect();
        let _ = writeln!(out, "- **References:** {}", refs.join(", "));
    }
    out.push('\n');
    if !t.description.trim().is_empty() {
        let _ = writeln!(out, "{}\n", block(&t.description, ""));
    }
    if !t.mitigation.trim().is_empty() {
        let _ = writeln!(out, "**Mitigation:** {}\n", block(&t.mitigation, ""));
    }
}

/// A table with a header row; cells are already escaped.
fn table(out: &mut String, head: &[&str], rows: impl Iterator<Item = Vec<String>>) {
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out.push('\n');
}

/// An id or rule id in code type. Ids hold only letters, digits, `-`, `_` and `.`, but a rule
/// id read from a file is escaped all the same if it holds anything else.
fn code(id: &str) -> String {
    if id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
        format!("`{id}`")
    } else {
        text(id)
    }
}

/// User text for one line of Markdown (a heading, a list item, a table cell): line breaks
/// become spaces, and every character Markdown could read as markup is backslash-escaped.
#[must_use]
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, word) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        for c in word.chars() {
            // Brackets, angle brackets, emphasis, code, headings' closing #s, table pipes,
            // entities, strikethrough and maths are markup anywhere in a line.
            let markup = matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '$');
            // A list marker or a setext underline is markup only at the start of a line.
            let starts_line = out.is_empty() && matches!(c, '-' | '+' | '=');
            if markup || starts_line {
                out.push('\\');
            }
            out.push(c);
        }
    }
    // "1. " or "1) " at the start of a line would begin a numbered list.
    if let Some(end) = out.find(|c: char| !c.is_ascii_digit())
        && end > 0
        && (out[end..].starts_with('.') || out[end..].starts_with(')'))
    {
        out.insert(end, '\\');
    }
    out
}

/// User text of several paragraphs: each paragraph escaped as [`text`], line breaks inside a
/// paragraph kept as hard breaks; `empty` when there is nothing.
fn block(s: &str, empty: &str) -> String {
    let paragraphs: Vec<String> = s
        .split("\n\n")
        .map(|p| p.lines().map(text).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("  \n"))
        .filter(|p| !p.is_empty())
        .collect();
    if paragraphs.is_empty() { empty.to_owned() } else { paragraphs.join("\n\n") }
}

/// A link destination: plain URL characters kept, everything else (spaces, brackets,
/// parentheses, angle brackets, quotes, non-ASCII) percent-encoded, so it cannot end the link
/// early or start markup.
fn destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for byte in url.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~:/?#@!$&*+,;=%".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_user_text_is_escaped() {
        assert_eq!(text("](javascript:x)"), r"\](javascript:x)");
        assert_eq!(text("<img src=x>"), r"\<img src=x\>");
        assert_eq!(text("- a - b"), r"\- a - b");
        assert_eq!(text("a\n# b"), r"a \# b");
        assert_eq!(text("1. first"), r"1\. first");
        assert_eq!(text("plain words"), "plain words");
    }

    #[test]
    fn destinations_cannot_close_the_link() {
        assert_eq!(destination("https://x.test/a b)"), "https://x.test/a%20b%29");
        assert_eq!(destination("diagram-é.svg"), "diagram-%C3%A9.svg");
    }
}

//! The HTML report: one self-contained file (styles inline, diagrams as inline SVG, no script,
//! nothing fetched), with print styles so a browser's Print to PDF gives clean pages.
//!
//! Written with maud: every spliced value is escaped unless wrapped in `PreEscaped`, which only
//! the style sheet and our own SVG writer's output (itself escaped) ever are.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::content::{Content, Record, reference_url};
use crate::model::{Threat, ThreatId};

/// The style sheet: readable on screen, clean on paper.
const STYLE: &str = include_str!("report.css");

/// The report of `content` as an HTML document; `diagrams` holds each diagram's name, kind and
/// SVG, in tab order.
pub(super) fn write(content: &Content<'_>, diagrams: &[(String, &'static str, String)]) -> String {
    let meta = &content.model.meta;
    let title = if meta.title.trim().is_empty() { "Threat model" } else { meta.title.as_str() };
    let s = &content.summary;
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content="ThreatCanvas";
                title { (title) " — threat model" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                (header(content, title))
                main {
                    section #description {
                        h2 { "Description" }
                        (paragraphs(&meta.description, "No description."))
                    }
                    (scope(content))
                    section #summary {
                        h2 { "Summary" }
                        div.tc-counts {
                            (counts("By status", "Status", s.by_status.iter().map(|(k, n)| (k.label(), *n))))
                            (counts("By severity", "Severity", s.by_severity.iter().map(|(k, n)| (k.label(), *n))))
                            (counts("By category", "Category", s.by_category.iter().map(|(k, n)| (k.label(), *n))))
                        }
                    }
                    section #priority {
                        h2 { "Open high and critical threats" }
                        @if content.priority.is_empty() {
                            p.tc-none { "No open threat is rated high or critical." }
                        } @else {
                            table {
                                thead { tr { th { "Severity" } th { "Threat" } th { "On" } th { "Category" } th { "Mitigation" } } }
                                tbody {
                                    @for (id, t) in &content.priority {
                                        tr {
                                            td { span class={ "tc-sev tc-sev-" (t.severity.label().to_lowercase()) } { (t.severity.label()) } }
                                            td { a href={ "#" (id.as_str()) } { (t.title) } }
                                            td { a href={ "#" (t.target.id_str()) } { (content.target_label(&t.target)) } }
                                            td { (t.category.label()) }
                                            td { (t.mitigation) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    section #diagrams {
                        h2 { "Diagrams" }
                        @if diagrams.is_empty() { p.tc-none { "The model has no diagrams." } }
                        @for (name, kind, svg) in diagrams {
                            figure.tc-diagram {
                                figcaption { strong { (name) } " · " (kind) }
                                (PreEscaped(svg_body(svg)))
                            }
                        }
                    }
                    section #records {
                        h2 { "Elements, flows and boundaries" }
                        @for r in &content.records { (record(r)) }
                    }
                    (triage(content))
                }
                footer { "Made with ThreatCanvas from the model file; " (s.total) " threats." }
            }
        }
    };
    markup.into_string()
}

/// The title block: who made the model, and the contents.
fn header(content: &Content<'_>, title: &str) -> Markup {
    let meta = &content.model.meta;
    let s = &content.summary;
    html! {
        header #top {
            h1 { (title) }
            dl.tc-meta {
                @if !meta.owner.is_empty() { dt { "Owner" } dd { (meta.owner) } }
                @if !meta.reviewer.is_empty() { dt { "Reviewer" } dd { (meta.reviewer) } }
                @if !meta.contributors.is_empty() {
                    dt { "Contributors" }
                    dd { ul { @for c in &meta.contributors { li { (c) } } } }
                }
                dt { "Methodology" } dd { (meta.methodology.label()) }
                dt { "Threats" } dd { (s.total) }
            }
            nav.tc-toc aria-label="Contents" {
                ol {
                    li { a href="#description" { "Description" } }
                    li { a href="#scope" { "Scope" } }
                    li { a href="#assumptions" { "Assumptions" } }
                    li { a href="#summary" { "Summary" } }
                    li { a href="#priority" { "Open high and critical threats" } }
                    li { a href="#diagrams" { "Diagrams" } }
                    li { a href="#records" { "Elements, flows and boundaries" } }
                    li { a href="#dismissed" { "Dismissed suggestions" } }
                    li { a href="#suppressed" { "Suppressed findings" } }
                }
            }
        }
    }
}

/// Scope, what is out of it and why, and the assumptions.
fn scope(content: &Content<'_>) -> Markup {
    let meta = &content.model.meta;
    html! {
        section #scope {
            h2 { "Scope" }
            (paragraphs(&meta.scope, "No scope written."))
            h3 { "Out of scope" }
            @let out: Vec<&Record<'_>> = content.out_of_scope().collect();
            @if out.is_empty() {
                p.tc-none { "Every element and flow is in scope." }
            } @else {
                table {
                    thead { tr { th { "Record" } th { "Kind" } th { "Reason" } } }
                    tbody {
                        @for r in out {
                            tr {
                                td { a href={ "#" (r.id) } { (r.name) } }
                                td { (r.kind) }
                                td { (r.out_of_scope.unwrap_or_default()) }
                            }
                        }
                    }
                }
            }
        }
        section #assumptions {
            h2 { "Assumptions" }
            @let with: Vec<&Record<'_>> = content.with_assumptions().collect();
            @if with.is_empty() {
                p.tc-none { "No assumptions written." }
            } @else {
                @for r in with {
                    h3 { a href={ "#" (r.id) } { (r.name) } }
                    ul { @for a in r.assumptions { li { (a) } } }
                }
            }
        }
    }
}

/// Dismissed suggestions and suppressed findings, with their reasons.
fn triage(content: &Content<'_>) -> Markup {
    html! {
        section #dismissed {
            h2 { "Dismissed suggestions" }
            @if content.dismissed.is_empty() {
                p.tc-none { "No threat-library suggestion was dismissed." }
            } @else {
                table {
                    thead { tr { th { "Rule" } th { "On" } th { "Reason" } } }
                    tbody {
                        @for d in &content.dismissed {
                            tr { td { code { (d.rule) } } td { (d.target) } td { (d.reason) } }
                        }
                    }
                }
            }
        }
        section #suppressed {
            h2 { "Suppressed findings" }
            @if content.suppressions.is_empty() {
                p.tc-none { "No check finding was suppressed." }
            } @else {
                table {
                    thead { tr { th { "Check" } th { "On" } th { "Reason" } } }
                    tbody {
                        @for f in &content.suppressions {
                            tr {
                                td { code { (f.rule) } @if let Some(title) = f.title { br; (title) } }
                                td { (f.subject) }
                                td { (f.reason) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A small table of counts under a caption.
fn counts<'a>(caption: &str, head: &str, rows: impl Iterator<Item = (&'a str, usize)>) -> Markup {
    html! {
        table.tc-count {
            caption { (caption) }
            thead { tr { th { (head) } th.tc-n { "Threats" } } }
            tbody { @for (label, n) in rows { tr { td { (label) } td.tc-n { (n) } } } }
        }
    }
}

/// One element, flow or boundary: its properties, then its threats.
fn record(r: &Record<'_>) -> Markup {
    html! {
        article.tc-record id=(r.id) {
            h3 { (r.name) " " small { (r.kind) } }
            @if !r.description.is_empty() { (paragraphs(r.description, "")) }
            dl.tc-props {
                @for (label, value) in &r.properties { dt { (label) } dd { (value) } }
                @if let Some(reason) = r.out_of_scope {
                    dt { "Out of scope" } dd { @if reason.is_empty() { "Yes" } @else { (reason) } }
                }
            }
            @if !r.assumptions.is_empty() {
                p.tc-label { "Assumptions" }
                ul { @for a in r.assumptions { li { (a) } } }
            }
            @if r.threats.is_empty() {
                p.tc-none { "No threats." }
            } @else {
                @for (id, t) in &r.threats { (threat(id, t)) }
            }
        }
    }
}

/// One threat, with everything the team wrote about it.
fn threat(id: &ThreatId, t: &Threat) -> Markup {
    html! {
        div.tc-threat id=(id.as_str()) {
            h4 {
                span class={ "tc-sev tc-sev-" (t.severity.label().to_lowercase()) } { (t.severity.label()) }
                " " (t.title)
            }
            dl.tc-props {
                dt { "Category" } dd { (t.category.label()) }
                dt { "Status" } dd { (t.status.label()) }
                @if !t.score.is_empty() { dt { "Score" } dd { (t.score) } }
                @if let Some(rule) = &t.rule { dt { "Library rule" } dd { code { (rule) } } }
                @if !t.references.is_empty() {
                    dt { "References" }
                    dd {
                        @for (i, r) in t.references.iter().enumerate() {
                            @if i > 0 { ", " }
                            @if let Some(url) = reference_url(r) { a href=(url) { (r.to_string()) } } @else { (r.to_string()) }
                        }
                    }
                }
            }
            @if !t.description.is_empty() { p.tc-label { "Description" } (paragraphs(&t.description, "")) }
            @if !t.mitigation.is_empty() { p.tc-label { "Mitigation" } (paragraphs(&t.mitigation, "")) }
        }
    }
}

/// Text split into paragraphs at blank lines, single line breaks kept; `empty` when blank.
fn paragraphs(text: &str, empty: &str) -> Markup {
    let text = text.trim();
    html! {
        @if text.is_empty() {
            @if !empty.is_empty() { p.tc-none { (empty) } }
        } @else {
            @for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
                p { @for (i, line) in para.lines().enumerate() { @if i > 0 { br; } (line) } }
            }
        }
    }
}

/// An SVG document as it goes inside HTML: without an XML declaration, if it has one.
fn svg_body(svg: &str) -> &str {
    svg.find("<svg").map_or(svg, |start| &svg[start..])
}

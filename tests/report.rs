//! The report (HTML and Markdown) and the threat table (CSV and JSON): the sample's report read
//! back by an HTML parser, hostile text in both formats, the CSV read back by a CSV parser, and
//! the commands that write them.

use std::path::Path;
use std::process::Command;

use pulldown_cmark::{Event, Options, Parser, Tag};
use scraper::{Html, Selector};
use threatcanvas::model::{
    DfdView, Diagram, DiagramId, DiagramView, Element, ElementId, Model, Rect, Reference, Severity, Subject,
    SuggestionKey, SuppressionKey, Threat, ThreatCategory, ThreatId, ThreatStatus, ThreatTarget,
};
use threatcanvas::report;

const IMG: &str = "<img src=x onerror=alert(1)>";
const LINK: &str = "](javascript:x)";
const SCRIPT: &str = "</style><script>alert(2)</script>";

fn sample() -> Model {
    threatcanvas::format::load_file(Path::new("samples/juice-shop.json")).expect("the sample loads")
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

/// A model whose every piece of free text is hostile.
fn hostile() -> Model {
    let mut m = Model::default();
    m.meta.title = format!("Shop {SCRIPT}");
    m.meta.owner = IMG.into();
    m.meta.description = format!("[click]{LINK} and <b>bold</b>");
    let a = ElementId::new("a");
    m.elements.insert(
        a.clone(),
        Element {
            name: IMG.into(),
            description: LINK.into(),
            assumptions: vec![format!("# {IMG}")],
            out_of_scope: true,
            out_of_scope_reason: format!("[x]{LINK}"),
            ..Element::default()
        },
    );
    let mut t = Threat::new(ThreatTarget::Element(a.clone()), ThreatCategory::Spoofing, IMG);
    t.severity = Severity::Critical;
    t.mitigation = LINK.into();
    t.references = vec![Reference::Cwe(79), Reference::Link("https://example.test/a)b<c".into())];
    m.threats.insert(ThreatId::new("t1"), t);
    let mut t = Threat::new(ThreatTarget::Element(a.clone()), ThreatCategory::Tampering, LINK);
    t.severity = Severity::High;
    m.threats.insert(ThreatId::new("t2"), t);
    m.dismissed.insert(SuggestionKey { rule: "TC-X-001".into(), target: ThreatTarget::Element(a.clone()) }, IMG.into());
    m.suppressions.insert(SuppressionKey { rule: "DFD001".into(), subject: Subject::Element(a.clone()) }, LINK.into());
    let mut view = DfdView::default();
    view.nodes.insert(a, Rect::new(0, 0, 120, 60));
    m.diagrams.push(Diagram { id: DiagramId::new("d"), name: IMG.into(), view: DiagramView::Dfd(view) });
    m
}

#[test]
fn the_samples_html_report_has_every_section_and_the_right_counts() {
    let model = sample();
    let doc = Html::parse_document(&report::html(&model).expect("report"));
    for id in
        ["description", "scope", "assumptions", "summary", "priority", "diagrams", "records", "dismissed", "suppressed"]
    {
        assert_eq!(doc.select(&sel(&format!("section#{id} > h2"))).count(), 1, "section {id}");
    }
    let title = doc.select(&sel("h1")).next().expect("h1").text().collect::<String>();
    assert_eq!(title, model.meta.title);
    // Every threat once, under its record.
    assert_eq!(doc.select(&sel("#records .tc-threat")).count(), model.threats.len());
    assert_eq!(model.threats.len(), 107);
    // Summary counts by status: 104 open, 3 accepted.
    let status: Vec<(String, String)> = doc
        .select(&sel("#summary table"))
        .next()
        .expect("status table")
        .select(&sel("tbody tr"))
        .map(|tr| {
            let cells: Vec<String> = tr.select(&sel("td")).map(|td| td.text().collect()).collect();
            (cells[0].clone(), cells[1].clone())
        })
        .collect();
    assert!(status.contains(&("Open".into(), "104".into())), "{status:?}");
    assert!(status.contains(&("Accepted".into(), "3".into())), "{status:?}");
    // Open high and critical threats first, critical before high.
    let open_serious =
        model.threats.values().filter(|t| t.status == ThreatStatus::Open && t.severity >= Severity::High).count();
    let rows: Vec<String> =
        doc.select(&sel("#priority tbody tr td:first-child")).map(|td| td.text().collect()).collect();
    assert_eq!(rows.len(), open_serious);
    assert!(rows.iter().all(|s| s == "Critical" || s == "High"), "{rows:?}");
    let first_high = rows.iter().position(|s| s == "High").unwrap_or(rows.len());
    assert!(rows[first_high..].iter().all(|s| s == "High"), "critical first: {rows:?}");
    // Every diagram inline, with its text; every dismissed suggestion with its reason.
    assert_eq!(doc.select(&sel("#diagrams figure svg")).count(), model.diagrams.len());
    let dfd_text: String = doc.select(&sel("#diagrams figure svg")).next().expect("svg").text().collect();
    assert!(dfd_text.contains("Angular SPA"), "the diagram's labels are in the page");
    assert_eq!(doc.select(&sel("#dismissed tbody tr")).count(), 99);
    // Every record with its id as anchor; rule ids and references shown.
    assert_eq!(
        doc.select(&sel("article.tc-record")).count(),
        model.elements.len() + model.flows.len() + model.boundaries.len()
    );
    let rules = doc.select(&sel(".tc-threat dd code")).count();
    assert_eq!(rules, model.threats.values().filter(|t| t.rule.is_some()).count());
    assert!(doc.select(&sel(r#".tc-threat a[href^="https://cwe.mitre.org/"]"#)).count() > 0);
    // Self-contained: no script, nothing loaded from elsewhere.
    assert_eq!(doc.select(&sel("script, link, img, iframe, object")).count(), 0);
    assert_eq!(doc.select(&sel("[src]")).count(), 0);
    assert_eq!(doc.select(&sel("style")).count(), 1);
}

#[test]
fn hostile_text_shows_as_text_in_html() {
    let html = report::html(&hostile()).expect("report");
    let doc = Html::parse_document(&html);
    assert_eq!(doc.select(&sel("img, script, b")).count(), 0, "no markup from user text");
    for element in doc.root_element().descendants().filter_map(scraper::ElementRef::wrap) {
        for (name, value) in element.value().attrs() {
            assert!(!name.starts_with("on"), "event handler attribute {name}");
            assert!(!value.trim_start().to_ascii_lowercase().starts_with("javascript:"), "{name}={value}");
        }
    }
    let text: String = doc.root_element().text().collect();
    for hostile in [IMG, LINK, SCRIPT] {
        assert!(text.contains(hostile), "{hostile} is shown as typed");
    }
    // The one style sheet is ours, whole.
    let style: String = doc.select(&sel("style")).next().expect("style").text().collect();
    assert!(style.contains("@media print"));
    // A link reference keeps its text but cannot break out of its href.
    let hrefs: Vec<&str> = doc.select(&sel(".tc-threat a")).filter_map(|a| a.value().attr("href")).collect();
    assert_eq!(hrefs, ["https://cwe.mitre.org/data/definitions/79.html", "https://example.test/a)b<c"]);
}

/// Printed to PDF, a summary count table split over two pages reads as two tables (seen on
/// the sample's pages 4 and 5): each is kept whole.
#[test]
fn printed_summary_tables_are_kept_whole() {
    let html = report::html(&hostile()).expect("report");
    let doc = Html::parse_document(&html);
    assert_eq!(doc.select(&sel("table.tc-count")).count(), 3, "the summary's three count tables");
    let style: String = doc.select(&sel("style")).next().expect("style").text().collect();
    let print = style.split_once("@media print").expect("a print block").1;
    let rule = print.split_once("table.tc-count").expect("a print rule for the count tables").1;
    let body = rule.split_once('}').expect("a closed rule").0;
    assert!(body.contains("break-inside: avoid"), "{body}");
}

#[test]
fn hostile_text_shows_as_text_in_markdown() {
    let md = report::markdown(&hostile(), "r").expect("report");
    let mut text = String::new();
    let mut links = Vec::new();
    let mut images = Vec::new();
    for event in Parser::new_ext(&md.text, Options::all()) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML reached the Markdown: {h}"),
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::Start(Tag::Image { dest_url, .. }) => images.push(dest_url.to_string()),
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    assert_eq!(links, ["https://cwe.mitre.org/data/definitions/79.html", "https://example.test/a%29b%3Cc"]);
    assert_eq!(images.len(), 1);
    assert!(images[0].starts_with("r-") && Path::new(&images[0]).extension() == Some("svg".as_ref()), "{images:?}");
    assert_eq!(md.pictures.len(), 1);
    assert_eq!(md.pictures[0].0, images[0]);
    for hostile in [IMG, LINK, SCRIPT, "[click]"] {
        assert!(text.contains(hostile), "{hostile} is shown as typed:\n{}", md.text);
    }
    assert!(text.contains(&format!("# {IMG}")), "a leading # is no heading");
    // The picture beside it escapes the same text in SVG.
    let svg = &md.pictures[0].1;
    assert!(!svg.contains("<img") && svg.contains("&lt;img"), "{svg}");
}

#[test]
fn the_samples_markdown_report_has_every_section() {
    let model = sample();
    let md = report::markdown(&model, "juice").expect("report");
    let mut headings = Vec::new();
    let mut in_h2 = false;
    let mut h4 = 0;
    for event in Parser::new_ext(&md.text, Options::all()) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                in_h2 = level == pulldown_cmark::HeadingLevel::H2;
                h4 += usize::from(level == pulldown_cmark::HeadingLevel::H4);
            }
            Event::Text(t) if in_h2 => headings.push(t.to_string()),
            Event::End(_) => in_h2 = false,
            _ => {}
        }
    }
    assert_eq!(
        headings,
        [
            "Description",
            "Scope",
            "Assumptions",
            "Summary",
            "Open high and critical threats",
            "Diagrams",
            "Elements, flows and boundaries",
            "Dismissed suggestions",
            "Suppressed findings"
        ]
    );
    assert_eq!(h4, model.threats.len(), "one heading per threat");
    assert_eq!(md.pictures.len(), model.diagrams.len());
    assert!(md.text.contains("| Open | 104 |") && md.text.contains("| Accepted | 3 |"));
}

#[test]
fn threats_csv_reads_back_one_row_per_threat() {
    let model = hostile();
    let text = report::threats_csv(&model).expect("csv");
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().expect("header").iter().map(str::to_owned).collect();
    assert_eq!(header, report::CSV_HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("rows");
    assert_eq!(rows.len(), 2);
    let t1 = &rows[0];
    assert_eq!(&t1[0], "t1");
    assert_eq!(&t1[1], "a");
    assert_eq!(&t1[3], "Spoofing");
    assert_eq!(&t1[4], "Open");
    assert_eq!(&t1[5], "Critical");
    assert_eq!(&t1[6], IMG);
    assert_eq!(&t1[7], LINK);
    assert_eq!(&t1[8], "CWE-79; https://example.test/a)b<c");
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_threatcanvas")).args(args).output().expect("run threatcanvas")
}

#[test]
fn the_report_command_writes_html_and_markdown_with_its_diagrams() {
    let dir = tempfile::tempdir().expect("dir");
    let html = dir.path().join("model.html");
    let out = run(&["report", "samples/juice-shop.json", "-o", html.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = std::fs::read_to_string(&html).expect("written");
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<svg"));

    let md = dir.path().join("model.md");
    let out = run(&["report", "samples/juice-shop.json", "--format", "md", "-o", md.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&md).expect("written");
    for line in text.lines().filter(|l| l.starts_with("![")) {
        let file = line.rsplit_once("](").expect("image").1.trim_end_matches(')');
        let svg = std::fs::read_to_string(dir.path().join(file)).expect("the linked picture is beside it");
        assert!(svg.starts_with("<svg"));
    }
    assert_eq!(text.lines().filter(|l| l.starts_with("![")).count(), 2);

    let out = run(&["report", "samples/no-such.json", "-o", html.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such.json"));
}

#[test]
fn the_threats_command_prints_csv_and_json() {
    let out = run(&["threats", "samples/juice-shop.json", "--format", "csv"]);
    assert!(out.status.success());
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    assert_eq!(reader.records().count(), 107);
    let out = run(&["threats", "samples/juice-shop.json", "--format", "json"]);
    assert!(out.status.success());
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(rows.len(), 107);
    for key in ["element", "category", "status", "severity", "title", "mitigation", "references"] {
        assert!(rows[0].get(key).is_some(), "{key}");
    }
}

#[test]
fn export_only_draws_the_named_records() {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("part.svg");
    let path = out.to_str().expect("utf-8");
    let run_export = |only: &str| {
        run(&["export", "samples/juice-shop.json", "--diagram", "Juice Shop DFD", "--only", only, "-o", path])
    };
    let done = run_export("P1,DS1");
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    let svg = std::fs::read_to_string(&out).expect("written");
    assert_eq!(svg.matches(r#"<g class="element""#).count(), 2, "only the two elements");
    assert!(svg.contains(r#"data-id="P1""#) && svg.contains(r#"data-id="DS1""#));
    let ghost = run_export("P1,GHOST");
    assert_eq!(ghost.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&ghost.stderr).contains("--only GHOST"));
}

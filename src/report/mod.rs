//! The published threat model: a report in HTML or Markdown, and the threats as a table (CSV,
//! JSON) for trackers and spreadsheets.
//!
//! A report holds the model's title, owner, reviewer, contributors, description and scope;
//! what is out of scope and why; the assumptions; threat counts by status, severity and
//! category; the open high and critical threats first; every diagram; every element, flow and
//! boundary with its properties and threats (rule ids and references included); and the
//! dismissed suggestions and suppressed findings with their reasons. Both formats render one
//! [`content::Content`], so they say the same thing.
//!
//! [`html`] and [`markdown`] touch no file; [`files::write`] writes a report and its diagram
//! files atomically, for the CLI and the app alike.

pub mod content;
pub mod files;
mod html;
mod markdown;
mod threat_table;

pub use content::{Content, Summary};
pub use markdown::text as escape_markdown;
pub use threat_table::{CSV_HEADER, TableError, ThreatRow, threat_rows, threats_csv, threats_json};

use crate::export::{self, ExportError, ExportOptions, Picture};
use crate::model::Model;

/// The two report formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// One self-contained HTML file, diagrams inline.
    Html,
    /// Markdown, with each diagram an SVG file beside it.
    Markdown,
}

/// A Markdown report: its text and the diagram files it links, to be written beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkdownReport {
    /// The Markdown.
    pub text: String,
    /// File name (no folder) and SVG text of each diagram, in tab order.
    pub pictures: Vec<(String, String)>,
}

/// How every diagram in a report is drawn: the export default, with the legend for readers
/// who do not know the notation.
fn picture_options() -> ExportOptions {
    ExportOptions { legend: true, ..ExportOptions::default() }
}

/// The SVG of every diagram, with its name and kind, in tab order.
fn diagram_svgs(model: &Model) -> Result<Vec<(String, &'static str, String)>, ExportError> {
    model
        .diagrams
        .iter()
        .map(|d| {
            let svg = Picture::new(model, &d.id, &picture_options())?.svg();
            Ok((d.name.clone(), d.view.kind_label(), svg))
        })
        .collect()
}

/// The report of `model` as one self-contained HTML document.
///
/// # Errors
/// [`ExportError`] if a diagram cannot be drawn (a model that passed validation always can).
pub fn html(model: &Model) -> Result<String, ExportError> {
    let diagrams = diagram_svgs(model)?;
    Ok(html::write(&Content::of(model), &diagrams))
}

/// The report of `model` as Markdown. Its diagrams are named `{stem}-{diagram}.svg` (the
/// diagram's name made a safe file name, kept apart where two clash), to be written in the same
/// folder as the report; the text links them by those names.
///
/// # Errors
/// [`ExportError`] if a diagram cannot be drawn (a model that passed validation always can).
pub fn markdown(model: &Model, stem: &str) -> Result<MarkdownReport, ExportError> {
    let svgs = diagram_svgs(model)?;
    let names = export::file_names(model.diagrams.iter().map(|d| d.name.as_str()), "svg");
    let diagrams: Vec<_> = svgs
        .iter()
        .zip(&names)
        .map(|((name, kind, _), file)| (name.clone(), *kind, format!("{stem}-{file}")))
        .collect();
    let text = markdown::write(&Content::of(model), &diagrams);
    let pictures = diagrams.into_iter().zip(svgs).map(|((_, _, file), (_, _, svg))| (file, svg)).collect();
    Ok(MarkdownReport { text, pictures })
}

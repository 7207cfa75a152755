//! PDF: the same SVG, converted to vector PDF by svg2pdf with the shipped font embedded
//! (subset), so text stays text that LaTeX, slide tools and readers can select and search.
//!
//! svg2pdf 0.13 reads usvg 0.45 trees while resvg 0.49 brings usvg 0.49: the SVG is parsed
//! again with svg2pdf's own usvg. PDF export is rare and one parse is cheap next to writing.

use std::sync::Arc;

use svg2pdf::usvg;

use super::{ExportError, Picture, svg};
use crate::scene::{FONT_BYTES, FONT_FAMILY};

impl Picture {
    /// The picture as a one-page vector PDF, one PDF point per diagram unit.
    ///
    /// # Errors
    /// [`ExportError::Pdf`] if the conversion fails (a bug: every picture converts).
    pub fn pdf(&self) -> Result<Vec<u8>, ExportError> {
        to_pdf(&svg::write(self.scene(), self.page()))
    }
}

/// Converts one of our SVG documents to PDF.
fn to_pdf(svg: &str) -> Result<Vec<u8>, ExportError> {
    let mut db = usvg::fontdb::Database::new();
    db.load_font_data(FONT_BYTES.to_vec());
    let options =
        usvg::Options { font_family: FONT_FAMILY.to_owned(), fontdb: Arc::new(db), ..usvg::Options::default() };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| ExportError::Svg(e.to_string()))?;
    svg2pdf::to_pdf(&tree, svg2pdf::ConversionOptions::default(), svg2pdf::PageOptions::default())
        .map_err(|e| ExportError::Pdf(e.to_string()))
}

//! Exports: SVG, PNG and PDF of a diagram, all drawn from one [`Picture`] (the diagram's scene
//! with a heading and an optional legend), so the three formats show the same thing.
//!
//! - SVG is written straight from the scene.
//! - PNG is rasterised straight from the scene with tiny-skia and the shipped font's glyph
//!   outlines, band by band, and shrinks to fit the pixel limit instead of failing.
//!   [`render_png`] (resvg over the SVG) is the slower reference it is tested against.
//! - PDF is the SVG converted by svg2pdf, vector with text kept as text.
//!
//! Nothing here touches files: callers write the bytes, so every error they report can name
//! the file concerned.

mod coverage;
mod glyphs;
mod naming;
mod options;
mod pdf;
mod picture;
mod png;
mod raster;
mod sprites;
mod svg;

pub use naming::{MAX_STEM_BYTES, file_names, file_stem, file_stem as slug};
pub use options::{Background, DEFAULT_SCALE, ExportOptions, Theme};
pub use picture::Picture;
pub use png::{MAX_PNG_SIDE, PngInfo, fit_scale, render_png, usvg_options};
pub use svg::to_svg;

use crate::model::{DiagramId, Model};
use crate::scene;

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The diagram does not exist.
    #[error(transparent)]
    NoDiagram(#[from] scene::NoSuchDiagram),
    /// A selection was given and the diagram draws none of it.
    #[error("nothing selected is drawn on this diagram")]
    EmptySelection,
    /// An SVG could not be parsed back (a bug: every SVG we write must parse).
    #[error("the SVG could not be read back: {0}")]
    Svg(String),
    /// The reference renderer was asked for a picture past the pixel limit.
    #[error("the picture would be {width}×{height} pixels; the limit is {MAX_PNG_SIDE} on each side")]
    TooLarge {
        /// Width in pixels.
        width: u64,
        /// Height in pixels.
        height: u64,
    },
    /// PNG encoding or writing failed.
    #[error("PNG encoding failed: {0}")]
    Png(String),
    /// PDF conversion failed.
    #[error("PDF conversion failed: {0}")]
    Pdf(String),
}

impl Picture {
    /// The picture as a standalone SVG document.
    #[must_use]
    pub fn svg(&self) -> String {
        svg::write(self.scene(), self.page())
    }
}

/// The SVG of one diagram with the default options (light, white page, titled, no legend).
///
/// # Errors
/// [`ExportError::NoDiagram`] if there is no such diagram.
pub fn diagram_svg(model: &Model, diagram: &DiagramId) -> Result<String, ExportError> {
    Ok(Picture::new(model, diagram, &ExportOptions::default())?.svg())
}

/// The PNG of one diagram at `scale` pixels per diagram unit with the default options, or at
/// the largest scale that fits [`MAX_PNG_SIDE`] when `scale` would not.
///
/// # Errors
/// [`ExportError::NoDiagram`] if there is no such diagram.
pub fn diagram_png(model: &Model, diagram: &DiagramId, scale: f32) -> Result<Vec<u8>, ExportError> {
    Ok(Picture::new(model, diagram, &ExportOptions::default())?.png(scale)?.0)
}

/// The PDF of one diagram with the default options: vector, text kept as text.
///
/// # Errors
/// [`ExportError::NoDiagram`] if there is no such diagram, [`ExportError::Pdf`] if conversion
/// fails.
pub fn diagram_pdf(model: &Model, diagram: &DiagramId) -> Result<Vec<u8>, ExportError> {
    Picture::new(model, diagram, &ExportOptions::default())?.pdf()
}

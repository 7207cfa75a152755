//! Exports: SVG written straight from the scene, PNG rendered from that SVG with resvg and the
//! shipped font, so the picture is the same on every machine.

mod name;
mod png;
mod svg;

pub use name::slug;
pub use png::{MAX_PNG_SIDE, render_png, usvg_options};
pub use svg::to_svg;

use crate::model::{DiagramId, Model};
use crate::scene::{self, FontMetrics, Style};

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The diagram does not exist.
    #[error(transparent)]
    NoDiagram(#[from] scene::NoSuchDiagram),
    /// The SVG could not be parsed back (a bug: every SVG we write must parse).
    #[error("the SVG could not be rendered: {0}")]
    Svg(String),
    /// The PNG would be too large.
    #[error(
        "the picture would be {width}×{height} pixels; the limit is {MAX_PNG_SIDE} on each side (use a smaller --scale)"
    )]
    TooLarge {
        /// Width in pixels.
        width: u64,
        /// Height in pixels.
        height: u64,
    },
    /// PNG encoding failed.
    #[error("PNG encoding failed: {0}")]
    Png(String),
}

/// The SVG of one diagram, in the light export style.
///
/// # Errors
/// [`ExportError::NoDiagram`] if there is no such diagram.
pub fn diagram_svg(model: &Model, diagram: &DiagramId) -> Result<String, ExportError> {
    let scene = scene::build(model, diagram, &Style::light(), &FontMetrics::shipped())?;
    Ok(to_svg(&scene))
}

/// The PNG of one diagram at `scale` pixels per diagram unit.
///
/// # Errors
/// [`ExportError`] if there is no such diagram or the picture would be too large.
pub fn diagram_png(model: &Model, diagram: &DiagramId, scale: f32) -> Result<Vec<u8>, ExportError> {
    render_png(&diagram_svg(model, diagram)?, scale)
}

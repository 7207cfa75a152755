//! PNG: the SVG rendered by resvg with only the shipped font loaded, so text looks the same on
//! every machine and never silently disappears for want of a system font.

use std::sync::Arc;

use resvg::{tiny_skia, usvg};

use super::ExportError;
use crate::scene::{FONT_BYTES, FONT_FAMILY};

/// Largest PNG side in pixels: beyond this the image is useless for slides and costly to
/// allocate (16384² × 4 bytes = 1 GiB).
pub const MAX_PNG_SIDE: u64 = 16_384;

/// usvg options with the shipped font as the only font.
#[must_use]
pub fn usvg_options() -> usvg::Options<'static> {
    let mut db = usvg::fontdb::Database::new();
    db.load_font_data(FONT_BYTES.to_vec());
    usvg::Options { font_family: FONT_FAMILY.to_owned(), fontdb: Arc::new(db), ..usvg::Options::default() }
}

/// Renders `svg` at `scale` pixels per unit to PNG bytes.
///
/// # Errors
/// [`ExportError`] if the SVG does not parse, the picture would be too large, or encoding fails.
pub fn render_png(svg: &str, scale: f32) -> Result<Vec<u8>, ExportError> {
    let tree = usvg::Tree::from_str(svg, &usvg_options()).map_err(|e| ExportError::Svg(e.to_string()))?;
    let size = tree.size();
    let scale = if scale.is_finite() && scale > 0.0 { scale } else { 1.0 };
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "sizes are positive; `as` saturates")]
    let (width, height) = (
        (f64::from(size.width()) * f64::from(scale)).ceil() as u64,
        (f64::from(size.height()) * f64::from(scale)).ceil() as u64,
    );
    if width > MAX_PNG_SIDE || height > MAX_PNG_SIDE || width == 0 || height == 0 {
        return Err(ExportError::TooLarge { width, height });
    }
    let (Ok(w), Ok(h)) = (u32::try_from(width), u32::try_from(height)) else {
        return Err(ExportError::TooLarge { width, height });
    };
    let mut pixmap = tiny_skia::Pixmap::new(w, h).ok_or(ExportError::TooLarge { width, height })?;
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| ExportError::Png(e.to_string()))
}

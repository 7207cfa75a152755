//! PNG: the scene rasterised band by band (see [`super::raster`]) and streamed into the PNG
//! encoder, at the largest scale up to the requested one that keeps both sides within
//! [`MAX_PNG_SIDE`]. The slower resvg rendering of the SVG stays as [`render_png`], the
//! reference the fast path is tested against.

use std::io::Write;
use std::sync::Arc;

use resvg::{tiny_skia, usvg};

use super::raster::Raster;
use super::{ExportError, Picture};
use crate::scene::{FONT_BYTES, FONT_FAMILY};

/// Largest PNG side in pixels: beyond this the image is useless for slides and many viewers
/// refuse it (16384² × 4 bytes = 1 GiB decoded).
pub const MAX_PNG_SIDE: u64 = 16_384;

/// What a PNG export drew.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PngInfo {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The scale drawn at, in pixels per diagram unit.
    pub scale: f32,
    /// The scale asked for; larger than `scale` when that would have passed the pixel limit.
    pub requested_scale: f32,
}

impl PngInfo {
    /// Whether the picture was drawn smaller than asked, to fit the pixel limit.
    #[must_use]
    pub fn was_shrunk(&self) -> bool {
        self.scale < self.requested_scale
    }

    /// The size the requested scale would have given, for telling the user.
    #[must_use]
    pub fn requested_size(&self, picture: &Picture) -> (u64, u64) {
        let (w, h) = picture.size();
        (pixels(w, self.requested_scale), pixels(h, self.requested_scale))
    }
}

/// Pixels covering `units` at `scale`: at least one.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "checked finite and at least 1; `as` saturates"
)]
fn pixels(units: f32, scale: f32) -> u64 {
    let v = (f64::from(units) * f64::from(scale)).ceil();
    if v.is_finite() && v >= 1.0 { v as u64 } else { 1 }
}

/// The scale to draw a `width`×`height` (diagram units) picture at: `requested`, or if that
/// passes [`MAX_PNG_SIDE`], the largest scale that fits, rounded down to four decimals so it
/// reads well in a message. A requested scale that is not a positive number counts as 1.
#[must_use]
#[allow(clippy::cast_possible_truncation, reason = "a scale between 0 and 16 fits f32")]
pub fn fit_scale(width: f32, height: f32, requested: f32) -> f32 {
    let requested = if requested.is_finite() && requested > 0.0 { requested } else { 1.0 };
    let fits = |s: f32| pixels(width, s) <= MAX_PNG_SIDE && pixels(height, s) <= MAX_PNG_SIDE;
    if fits(requested) {
        return requested;
    }
    let largest = MAX_PNG_SIDE as f64 / f64::from(width.max(height).max(f32::MIN_POSITIVE));
    let rounded = ((largest * 10_000.0).floor() / 10_000.0) as f32;
    let mut scale = if rounded > 0.0 { rounded } else { largest as f32 };
    while !fits(scale) && scale > f32::MIN_POSITIVE {
        scale *= 0.999;
    }
    scale
}

impl Picture {
    /// The PNG at `scale` pixels per diagram unit, or at the largest scale that fits.
    ///
    /// # Errors
    /// [`ExportError::Png`] if encoding fails (it does not for an in-memory buffer).
    pub fn png(&self, scale: f32) -> Result<(Vec<u8>, PngInfo), ExportError> {
        let mut bytes = Vec::new();
        let info = self.write_png(scale, &mut bytes)?;
        Ok((bytes, info))
    }

    /// Streams the PNG into `out`, drawing one band of rows at a time so that memory stays
    /// small whatever the size of the picture.
    ///
    /// # Errors
    /// [`ExportError::Png`] if `out` fails or encoding fails.
    pub fn write_png<W: Write>(&self, scale: f32, out: W) -> Result<PngInfo, ExportError> {
        let (w, h) = self.size();
        let used = fit_scale(w, h, scale);
        let (Ok(width), Ok(height)) = (u32::try_from(pixels(w, used)), u32::try_from(pixels(h, used))) else {
            return Err(ExportError::TooLarge { width: pixels(w, used), height: pixels(h, used) });
        };
        let info = PngInfo { width, height, scale: used, requested_scale: scale };
        let opaque = self.page().is_some_and(|c| c.a == 255);
        let png_err = |e: png::EncodingError| ExportError::Png(e.to_string());
        let mut encoder = png::Encoder::new(out, width, height);
        encoder.set_color(if opaque { png::ColorType::Rgb } else { png::ColorType::Rgba });
        encoder.set_depth(png::BitDepth::Eight);
        // zlib level 1 over "up"-filtered rows: diagrams are mostly flat colour repeated down
        // the page, and on the 10,000-element bench model this costs no more time than the
        // crate's "fast" preset (fdeflate, adaptive filters) for a third of the bytes (23 MB
        // against 68 MB), which also makes the write itself cheaper.
        encoder.set_deflate_compression(png::DeflateCompression::Level(1));
        encoder.set_filter(png::Filter::Up);
        let mut writer = encoder.write_header().map_err(png_err)?;
        let mut raster = Raster::new(self.scene(), self.page(), used, width, height);
        let band_rows = raster.band_rows().min(height);
        let new_pixmap = || {
            tiny_skia::Pixmap::new(width, band_rows)
                .ok_or(ExportError::TooLarge { width: u64::from(width), height: u64::from(height) })
        };
        // Two bands in flight: a second thread draws the next band while this one converts
        // and compresses the last, so drawing and encoding overlap on two cores. The drawn
        // pixmaps come back to be drawn into again, so memory stays at two bands.
        let (first, second) = (new_pixmap()?, new_pixmap()?);
        let (drawn_tx, drawn_rx) = std::sync::mpsc::sync_channel::<(tiny_skia::Pixmap, u32)>(1);
        let (free_tx, free_rx) = std::sync::mpsc::channel::<tiny_skia::Pixmap>();
        let _ = free_tx.send(first);
        let _ = free_tx.send(second);
        let channels = if opaque { 3 } else { 4 };
        let mut row = vec![0_u8; width as usize * channels];
        std::thread::scope(|scope| {
            scope.spawn(move || {
                for band in 0..raster.band_count() {
                    let Ok(mut pixmap) = free_rx.recv() else { return };
                    let rows = raster.draw_band(band, &mut pixmap);
                    if drawn_tx.send((pixmap, rows)).is_err() {
                        return;
                    }
                }
            });
            // Owned here, so that leaving early (an error) lets the drawing thread finish.
            let free_tx = free_tx;
            let mut stream = writer.stream_writer_with_size(1 << 20).map_err(png_err)?;
            for (pixmap, rows) in drawn_rx {
                for y in 0..rows as usize {
                    let start = y * width as usize;
                    let Some(pixels) = pixmap.pixels().get(start..start + width as usize) else {
                        break;
                    };
                    if opaque {
                        // Opaque premultiplied pixels are their own straight colours.
                        let bytes = pixmap.data().get(start * 4..(start + width as usize) * 4).unwrap_or_default();
                        for (out, p) in row.chunks_exact_mut(3).zip(bytes.chunks_exact(4)) {
                            out.copy_from_slice(&p[..3]);
                        }
                    } else {
                        for (out, p) in row.chunks_exact_mut(4).zip(pixels) {
                            let c = p.demultiply();
                            out.copy_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
                        }
                    }
                    // On an error the drawing thread stops at its next send: the channel is
                    // dropped with this loop.
                    stream.write_all(&row).map_err(|e| ExportError::Png(e.to_string()))?;
                }
                let _ = free_tx.send(pixmap);
            }
            stream.finish().map_err(png_err)
        })?;
        writer.finish().map_err(png_err)?;
        Ok(info)
    }
}

/// usvg options with the shipped font as the only font.
#[must_use]
pub fn usvg_options() -> usvg::Options<'static> {
    let mut db = usvg::fontdb::Database::new();
    db.load_font_data(FONT_BYTES.to_vec());
    usvg::Options { font_family: FONT_FAMILY.to_owned(), fontdb: Arc::new(db), ..usvg::Options::default() }
}

/// Renders `svg` at `scale` pixels per unit to PNG bytes with resvg: the reference renderer
/// the scene rasteriser is tested against. Slow and memory-hungry on large diagrams.
///
/// # Errors
/// [`ExportError`] if the SVG does not parse, the picture would be too large, or encoding fails.
pub fn render_png(svg: &str, scale: f32) -> Result<Vec<u8>, ExportError> {
    let tree = usvg::Tree::from_str(svg, &usvg_options()).map_err(|e| ExportError::Svg(e.to_string()))?;
    let size = tree.size();
    let scale = if scale.is_finite() && scale > 0.0 { scale } else { 1.0 };
    let width = pixels(size.width(), scale);
    let height = pixels(size.height(), scale);
    if width > MAX_PNG_SIDE || height > MAX_PNG_SIDE {
        return Err(ExportError::TooLarge { width, height });
    }
    let (Ok(w), Ok(h)) = (u32::try_from(width), u32::try_from(height)) else {
        return Err(ExportError::TooLarge { width, height });
    };
    let mut pixmap = tiny_skia::Pixmap::new(w, h).ok_or(ExportError::TooLarge { width, height })?;
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| ExportError::Png(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::float_cmp, reason = "a kept scale is the very same number")]
    fn a_scale_that_fits_is_kept_and_one_that_does_not_is_the_largest_that_fits() {
        assert_eq!(fit_scale(1000.0, 500.0, 2.0), 2.0);
        let s = fit_scale(24_000.0, 300.0, 2.0);
        assert!(s < 0.6827 && s > 0.68, "{s}");
        assert!(pixels(24_000.0, s) <= MAX_PNG_SIDE && pixels(24_000.0, s + 0.0002) > MAX_PNG_SIDE);
        let tall = fit_scale(10.0, 2_000_000.0, 16.0);
        assert!(pixels(2_000_000.0, tall) <= MAX_PNG_SIDE && tall > 0.0, "{tall}");
        assert_eq!(fit_scale(100.0, 100.0, f32::NAN), 1.0);
    }

    /// A sink that takes `left` bytes, then fails.
    struct Failing {
        left: usize,
    }

    impl Write for Failing {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.left < buf.len() {
                return Err(std::io::Error::other("disk full"));
            }
            self.left -= buf.len();
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_sink_failing_midway_is_an_error_and_both_bands_in_flight_stop() {
        use crate::export::ExportOptions;
        use crate::model::{DfdView, Diagram, DiagramId, DiagramView, Element, ElementId, Model, Rect};
        // Wide and tall enough for many bands at scale 4, so the drawing thread is ahead of
        // the failure and must be stopped rather than left waiting.
        let mut model = Model::default();
        let mut view = DfdView::default();
        for (i, id) in (0..).zip(["a", "b"]) {
            model.elements.insert(ElementId::new(id), Element { name: id.into(), ..Element::default() });
            view.nodes.insert(ElementId::new(id), Rect::new(i * 3800, i * 3800, 100, 60));
        }
        model.diagrams.push(Diagram { id: DiagramId::new("d"), name: "d".into(), view: DiagramView::Dfd(view) });
        let picture = Picture::new(&model, &DiagramId::new("d"), &ExportOptions::default()).expect("picture");
        let result = picture.write_png(4.0, Failing { left: 4096 });
        assert!(matches!(result, Err(ExportError::Png(_))), "{result:?}");
        let (bytes, info) = picture.png(0.1).expect("a small one encodes");
        assert!(info.width > 380 && info.height > 380, "{info:?}");
        assert!(bytes.starts_with(b"\x89PNG"));
    }
}

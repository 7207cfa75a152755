//! The scene drawn straight into pixels, one horizontal band at a time.
//!
//! No SVG is written or parsed, and only one band of pixels exists at once, so a picture of
//! ten thousand elements costs the band, the glyph masks and the compressed PNG, not a
//! full-size bitmap plus a parsed SVG tree. Shapes are drawn by tiny-skia as the SVG describes
//! them (fill, then outline; round joins; butt caps; dash patterns from the path's start);
//! text and the inside of wide see-through fills take the faster paths of
//! [`super::coverage`], and small shapes that recur (element outlines, arrow heads, straight
//! flows) are drawn once and stamped by [`super::sprites`]. The result matches resvg's rendering of [`super::to_svg`]; a test holds
//! the two together.

#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "pixel rows and columns: clamped to the picture, which is at most 16,384 a side"
)]

use resvg::tiny_skia::{self, FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Rect, StrokeDash, Transform};

use super::coverage::{GlyphMasks, blend_rect};
use super::glyphs::{GlyphId, Glyphs};
use super::sprites::Sprites;
use super::svg::ASCENT;
use crate::scene::{Color, FONT_BYTES, Scene, SceneRect, Shape, Stroke, geometry};

/// Bytes of pixels a band may hold: small enough to stay out of the way, large enough that
/// few shapes are visited twice.
const BAND_BYTES: usize = 48 << 20;
/// A see-through fill takes the fast path inside when it covers at least this many pixels.
const FAST_FILL_PIXELS: f32 = 4096.0;

/// Draws a scene band by band.
pub(super) struct Raster<'a> {
    scene: &'a Scene,
    page: Option<Color>,
    scale: f32,
    height: u32,
    band_rows: u32,
    /// For each band, the indices of the items that reach into it, in painting order.
    bands: Vec<Vec<u32>>,
    text: Text,
    /// Shapes drawn once and stamped where they recur.
    sprites: Sprites,
}

/// What drawing text needs: the font's outlines, the masks made from them, and a scratch list
/// of glyph positions.
struct Text {
    glyphs: Glyphs<'static>,
    masks: GlyphMasks,
    placed: Vec<(GlyphId, f32)>,
}

impl<'a> Raster<'a> {
    /// Prepares to draw `scene` at `scale` into a `width`×`height` picture.
    pub(super) fn new(scene: &'a Scene, page: Option<Color>, scale: f32, width: u32, height: u32) -> Self {
        let row_bytes = (width as usize).max(1) * 4;
        let band_rows = u32::try_from(BAND_BYTES / row_bytes).unwrap_or(u32::MAX).clamp(8, height.max(8));
        let band_count = height.div_ceil(band_rows) as usize;
        let mut bands: Vec<Vec<u32>> = vec![Vec::new(); band_count];
        let top = scene.bounds.min.y;
        for (index, item) in scene.items.iter().enumerate() {
            let reach = reach(&item.shape);
            if reach.is_empty() {
                continue;
            }
            // Two pixels of slack for anti-aliasing.
            let first = ((reach.min.y - top) * scale - 2.0).max(0.0);
            let last = ((reach.max.y - top) * scale + 2.0).max(0.0);
            let (first, last) = ((first as u32) / band_rows, (last as u32) / band_rows);
            let Ok(index) = u32::try_from(index) else {
                break;
            };
            for band in bands.iter_mut().take(last as usize + 1).skip(first as usize) {
                band.push(index);
            }
        }
        let text = Text { glyphs: Glyphs::new(FONT_BYTES), masks: GlyphMasks::default(), placed: Vec::new() };
        Self { scene, page, scale, height, band_rows, bands, text, sprites: Sprites::default() }
    }

    /// Height of every band but perhaps the last.
    pub(super) const fn band_rows(&self) -> u32 {
        self.band_rows
    }

    /// Number of bands.
    pub(super) fn band_count(&self) -> usize {
        self.bands.len()
    }

    /// Draws band `band` into `pixmap` (as wide as the picture, `band_rows` high; the last band
    /// uses only its top rows). Returns the number of rows that belong to the picture.
    pub(super) fn draw_band(&mut self, band: usize, pixmap: &mut Pixmap) -> u32 {
        let top_row = u32::try_from(band).unwrap_or(u32::MAX).saturating_mul(self.band_rows);
        let rows = self.band_rows.min(self.height.saturating_sub(top_row));
        match self.page {
            Some(c) => pixmap.fill(tiny_skia::Color::from_rgba8(c.r, c.g, c.b, c.a)),
            None => pixmap.fill(tiny_skia::Color::TRANSPARENT),
        }
        let s = self.scale;
        let origin = self.scene.bounds.min;
        let transform = Transform::from_row(s, 0.0, 0.0, s, -origin.x * s, -origin.y * s - top_row as f32);
        let Some(indices) = self.bands.get(band) else {
            return rows;
        };
        for &index in indices {
            if let Some(item) = self.scene.items.get(index as usize) {
                draw(&mut self.text, &mut self.sprites, pixmap, &item.shape, transform);
            }
        }
        rows
    }
}

/// The box a shape may paint, strokes and glyph overhangs included.
fn reach(shape: &Shape) -> SceneRect {
    match shape {
        Shape::Text { size, .. } => geometry::shape_bounds(shape).expand(size * 0.5),
        Shape::Rect { stroke, .. } | Shape::Ellipse { stroke, .. } | Shape::Polygon { stroke, .. } => {
            geometry::shape_bounds(shape).expand(stroke.map_or(0.0, |s| s.width))
        }
        Shape::Line { stroke, .. } => geometry::shape_bounds(shape).expand(stroke.width),
    }
}

fn paint(c: Color) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color_rgba8(c.r, c.g, c.b, c.a);
    paint.anti_alias = true;
    paint
}

fn stroke_style(stroke: &Stroke) -> tiny_skia::Stroke {
    tiny_skia::Stroke {
        width: stroke.width,
        miter_limit: 4.0,
        line_cap: LineCap::Butt,
        line_join: LineJoin::Round,
        dash: stroke.dash.and_then(|(dash, gap)| StrokeDash::new(vec![dash, gap], 0.0)),
    }
}

/// One shape, as the SVG writer describes it.
fn draw(text: &mut Text, sprites: &mut Sprites, pixmap: &mut Pixmap, shape: &Shape, transform: Transform) {
    match shape {
        Shape::Rect { rect, radius, fill: Some(fill), stroke } if fill.a < 255 => {
            fill_see_through_rect(pixmap, rect, *radius, *fill, transform);
            fill_and_stroke(pixmap, rect_path(rect, *radius), None, *stroke, transform);
        }
        Shape::Text { pos, text: run, size, color, align, .. } => {
            let Text { glyphs, masks, placed } = text;
            glyphs.layout(run, *size, pos.x, *align, placed);
            let baseline = (pos.y + size * ASCENT) * transform.sy + transform.ty;
            for &(glyph, x) in placed.iter() {
                let x = x * transform.sx + transform.tx;
                masks.stamp(glyphs, pixmap, glyph, size * transform.sx, x, baseline, *color);
            }
        }
        _ => {
            if !sprites.stamp(pixmap, shape, reach(shape), transform, |p, t| draw_in_place(p, shape, t)) {
                draw_in_place(pixmap, shape, transform);
            }
        }
    }
}

/// A shape other than text drawn by tiny-skia: its fill, then its outline.
fn draw_in_place(pixmap: &mut Pixmap, shape: &Shape, transform: Transform) {
    let (path, fill, stroke) = match shape {
        Shape::Rect { rect, radius, fill, stroke } => (rect_path(rect, *radius), *fill, *stroke),
        Shape::Ellipse { center, radius, fill, stroke } => (ellipse_path(*center, *radius), *fill, *stroke),
        Shape::Line { points, stroke } => (poly_path(points, false), None, Some(*stroke)),
        Shape::Polygon { points, fill, stroke } => (poly_path(points, true), *fill, *stroke),
        Shape::Text { .. } => return,
    };
    fill_and_stroke(pixmap, path, fill, stroke, transform);
}

fn fill_and_stroke(
    pixmap: &mut Pixmap,
    path: Option<tiny_skia::Path>,
    fill: Option<Color>,
    stroke: Option<Stroke>,
    transform: Transform,
) {
    let Some(path) = path else {
        return;
    };
    if let Some(fill) = fill {
        pixmap.fill_path(&path, &paint(fill), FillRule::Winding, transform, None);
    }
    if let Some(stroke) = stroke {
        pixmap.stroke_path(&path, &paint(stroke.color), &stroke_style(&stroke), transform, None);
    }
}

/// Fills a see-through (rounded) rectangle: the whole pixels inside its straight edges with
/// one blend loop, the ring around them (edges and corners, anti-aliased) with tiny-skia.
/// Trust boundaries cover most of a large diagram, so this is most of a PNG's blending.
fn fill_see_through_rect(pixmap: &mut Pixmap, rect: &SceneRect, radius: f32, color: Color, transform: Transform) {
    let (s, tx, ty) = (transform.sx, transform.tx, transform.ty);
    let device = SceneRect {
        min: crate::scene::Pos::new(rect.min.x * s + tx, rect.min.y * s + ty),
        max: crate::scene::Pos::new(rect.max.x * s + tx, rect.max.y * s + ty),
    };
    // The corners' vertical radius, as rect_path clamps it.
    let ry = radius.min(rect.height() / 2.0).max(0.0) * s;
    let (x0, x1) = (device.min.x.ceil(), device.max.x.floor());
    // Rows clear of the corners; only the rows of this band are worth blending.
    let band_height = pixmap.height() as f32;
    let (y0, y1) = ((device.min.y + ry).ceil().max(-1.0), (device.max.y - ry).floor().min(band_height + 1.0));
    let inside = (x1 - x0) * (y1 - y0);
    if !(x1 > x0 && y1 > y0 && inside >= FAST_FILL_PIXELS) {
        if let Some(path) = rect_path(rect, radius) {
            pixmap.fill_path(&path, &paint(color), FillRule::Winding, transform, None);
        }
        return;
    }
    blend_rect(pixmap, (x0 as i64, y0 as i64, x1 as i64, y1 as i64), color);
    let mut ring = PathBuilder::new();
    if let Some(outer) = rect_path(&device, radius * s) {
        ring.push_path(&outer);
    }
    if let Some(hole) = Rect::from_ltrb(x0, y0, x1, y1) {
        ring.push_rect(hole);
    }
    if let Some(ring) = ring.finish() {
        pixmap.fill_path(&ring, &paint(color), FillRule::EvenOdd, Transform::identity(), None);
    }
}

fn poly_path(points: &[crate::scene::Pos], closed: bool) -> Option<tiny_skia::Path> {
    let (first, rest) = points.split_first()?;
    let mut builder = PathBuilder::with_capacity(points.len() + 1, points.len());
    builder.move_to(first.x, first.y);
    for p in rest {
        builder.line_to(p.x, p.y);
    }
    if closed {
        builder.close();
    }
    builder.finish()
}

/// Control point distance of a cubic quarter circle, as a fraction of the radius.
const KAPPA: f32 = 0.552_284_8;

/// An ellipse as SVG renderers trace it: from the rightmost point, clockwise on screen, so a
/// dash pattern starts where theirs does.
fn ellipse_path(c: crate::scene::Pos, r: crate::scene::Pos) -> Option<tiny_skia::Path> {
    if !(r.x > 0.0 && r.y > 0.0) {
        return None;
    }
    let (kx, ky) = (r.x * KAPPA, r.y * KAPPA);
    let mut p = PathBuilder::new();
    p.move_to(c.x + r.x, c.y);
    p.cubic_to(c.x + r.x, c.y + ky, c.x + kx, c.y + r.y, c.x, c.y + r.y);
    p.cubic_to(c.x - kx, c.y + r.y, c.x - r.x, c.y + ky, c.x - r.x, c.y);
    p.cubic_to(c.x - r.x, c.y - ky, c.x - kx, c.y - r.y, c.x, c.y - r.y);
    p.cubic_to(c.x + kx, c.y - r.y, c.x + r.x, c.y - ky, c.x + r.x, c.y);
    p.close();
    p.finish()
}

/// A rectangle with corners rounded as SVG rounds `rx` alone: the radius is clamped to half of
/// each side, and each corner is a quarter ellipse.
fn rect_path(rect: &SceneRect, radius: f32) -> Option<tiny_skia::Path> {
    let bounds = Rect::from_ltrb(rect.min.x, rect.min.y, rect.max.x, rect.max.y)?;
    let (rx, ry) = (radius.min(bounds.width() / 2.0), radius.min(bounds.height() / 2.0));
    if rx <= 0.0 || ry <= 0.0 {
        return Some(PathBuilder::from_rect(bounds));
    }
    let (kx, ky) = (rx * KAPPA, ry * KAPPA);
    let (left, top, right, bottom) = (bounds.left(), bounds.top(), bounds.right(), bounds.bottom());
    let mut path = PathBuilder::new();
    path.move_to(left + rx, top);
    path.line_to(right - rx, top);
    path.cubic_to(right - rx + kx, top, right, top + ry - ky, right, top + ry);
    path.line_to(right, bottom - ry);
    path.cubic_to(right, bottom - ry + ky, right - rx + kx, bottom, right - rx, bottom);
    path.line_to(left + rx, bottom);
    path.cubic_to(left + rx - kx, bottom, left, bottom - ry + ky, left, bottom - ry);
    path.line_to(left, top + ry);
    path.cubic_to(left, top + ry - ky, left + rx - kx, top, left + rx, top);
    path.close();
    path.finish()
}

//! Pixels the fast way, where tiny-skia's general pipeline would cost most on big pictures:
//! text as cached glyph coverage masks stamped in a colour, and wide see-through fills blended
//! with one tight loop.
//!
//! A glyph's mask is rasterised by tiny-skia once per glyph, pixel size and quarter-pixel
//! offset, then reused for every occurrence: a 10,000-element diagram has hundreds of
//! thousands of glyphs but a few thousand distinct masks. Positions are rounded to a quarter
//! pixel, well within what the eye (or the comparison with resvg) can tell.

#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap,
    reason = "pixel coordinates and sizes: small, and bounds-checked before any pixel is touched"
)]

use std::collections::HashMap;

use resvg::tiny_skia::{FillRule, Mask, Pixmap, PremultipliedColorU8, Transform};

use super::glyphs::{GlyphId, Glyphs};
use crate::scene::Color;

/// Sub-pixel steps per pixel for glyph placement.
const STEPS: f32 = 4.0;

/// One glyph's coverage at one size and offset, relative to the pixel its origin falls in.
struct GlyphMask {
    left: i32,
    top: i32,
    width: usize,
    coverage: Vec<u8>,
}

/// Glyph masks by (glyph, size in 1/64 pixel, x step, y step).
#[derive(Default)]
pub(super) struct GlyphMasks {
    masks: HashMap<(u16, u32, u8, u8), Option<GlyphMask>>,
}

impl GlyphMasks {
    /// Stamps `glyph` in `color` with its origin at (`x`, `y`) pixels of `pixmap`, `size_px`
    /// pixels to the em.
    #[allow(clippy::too_many_arguments)] // a glyph, where, how big, what colour, and onto what
    pub(super) fn stamp(
        &mut self,
        glyphs: &mut Glyphs<'_>,
        pixmap: &mut Pixmap,
        glyph: GlyphId,
        size_px: f32,
        x: f32,
        y: f32,
        color: Color,
    ) {
        let (x_floor, y_floor) = (x.floor(), y.floor());
        // Offsets rounded to a step; a full step carries into the next pixel.
        let (mut ix, mut iy) = (x_floor as i64, y_floor as i64);
        let (mut sx, mut sy) = (((x - x_floor) * STEPS).round() as u8, ((y - y_floor) * STEPS).round() as u8);
        if f32::from(sx) >= STEPS {
            sx = 0;
            ix += 1;
        }
        if f32::from(sy) >= STEPS {
            sy = 0;
            iy += 1;
        }
        let size_key = (size_px * 64.0).round() as u32;
        let key = (glyph.0, size_key, sx, sy);
        let mask = self.masks.entry(key).or_insert_with(|| {
            let offset = (f32::from(sx) / STEPS, f32::from(sy) / STEPS);
            rasterise(glyphs, glyph, size_key as f32 / 64.0, offset)
        });
        if let Some(mask) = mask {
            blend_mask(pixmap, mask, ix + i64::from(mask.left), iy + i64::from(mask.top), color);
        }
    }
}

/// The coverage of `glyph` at `size_px` pixels per em, its origin at `offset` within a pixel.
fn rasterise(glyphs: &mut Glyphs<'_>, glyph: GlyphId, size_px: f32, offset: (f32, f32)) -> Option<GlyphMask> {
    let k = size_px / glyphs.units_per_em();
    let outline = glyphs.outline(glyph)?;
    let b = outline.bounds();
    // The outline's box in pixels, y down, with a pixel to spare for anti-aliasing.
    let left = (b.left() * k + offset.0).floor() as i32 - 1;
    let top = (-b.bottom() * k + offset.1).floor() as i32 - 1;
    let right = (b.right() * k + offset.0).ceil() as i32 + 1;
    let bottom = (-b.top() * k + offset.1).ceil() as i32 + 1;
    let (width, height) = (u32::try_from(right - left).ok()?, u32::try_from(bottom - top).ok()?);
    let mut mask = Mask::new(width, height)?;
    let transform = Transform::from_row(k, 0.0, 0.0, -k, offset.0 - left as f32, offset.1 - top as f32);
    mask.fill_path(outline, FillRule::Winding, true, transform);
    Some(GlyphMask { left, top, width: width as usize, coverage: mask.take() })
}

/// `a × b / 255`, rounded.
#[inline]
fn mul(a: u16, b: u16) -> u16 {
    let t = a * b + 128;
    (t + (t >> 8)) >> 8
}

/// A colour premultiplied by its alpha.
fn premultiplied(c: Color) -> [u16; 4] {
    let a = u16::from(c.a);
    [mul(u16::from(c.r), a), mul(u16::from(c.g), a), mul(u16::from(c.b), a), a]
}

/// `v / 255` as tiny-skia's pipeline computes it (rounding up), so a fill blended here and one
/// blended by tiny-skia give the very same pixel.
#[inline]
pub(super) fn div255(v: u16) -> u16 {
    (v + 255) >> 8
}

/// Source-over of `src` (premultiplied) at `coverage` onto one premultiplied RGBA pixel.
#[inline]
fn over(dst: &mut [u8], src: [u16; 4], coverage: u16) {
    let s = [mul(src[0], coverage), mul(src[1], coverage), mul(src[2], coverage), mul(src[3], coverage)];
    let keep = 255 - s[3];
    for (d, s) in dst.iter_mut().zip(s) {
        *d = (s + div255(u16::from(*d) * keep)).min(255) as u8;
    }
}

/// Blends `color` through `mask` with the mask's top-left at pixel (`x`, `y`), clipped.
fn blend_mask(pixmap: &mut Pixmap, mask: &GlyphMask, x: i64, y: i64, color: Color) {
    let (width, height) = (i64::from(pixmap.width()), i64::from(pixmap.height()));
    let src = premultiplied(color);
    let data = pixmap.data_mut();
    for (row, coverage) in mask.coverage.chunks_exact(mask.width).enumerate() {
        let py = y + row as i64;
        if py < 0 || py >= height {
            continue;
        }
        for (col, &c) in coverage.iter().enumerate() {
            let px = x + col as i64;
            if c == 0 || px < 0 || px >= width {
                continue;
            }
            let at = ((py * width + px) * 4) as usize;
            if let Some(pixel) = data.get_mut(at..at + 4) {
                over(pixel, src, u16::from(c));
            }
        }
    }
}

/// Source-over of `color` on the whole pixels `x0..x1` × `y0..y1` of `pixmap` (clipped).
pub(super) fn blend_rect(pixmap: &mut Pixmap, (x0, y0, x1, y1): (i64, i64, i64, i64), color: Color) {
    let (width, height) = (i64::from(pixmap.width()), i64::from(pixmap.height()));
    let (x0, x1) = (x0.clamp(0, width), x1.clamp(0, width));
    let (y0, y1) = (y0.clamp(0, height), y1.clamp(0, height));
    if x0 >= x1 || y0 >= y1 {
        return;
    }
    let src = premultiplied(color);
    let keep = 255 - src[3];
    let blend = |p: PremultipliedColorU8| {
        let [r, g, b, a] = [(p.red(), src[0]), (p.green(), src[1]), (p.blue(), src[2]), (p.alpha(), src[3])]
            .map(|(d, s)| (s + div255(u16::from(d) * keep)).min(255) as u8);
        PremultipliedColorU8::from_rgba(r, g, b, a).unwrap_or(p)
    };
    let pixels = pixmap.pixels_mut();
    // What lies under a wide fill is mostly runs of one colour (the page, an outer boundary):
    // blend each colour once per run.
    let (mut last_in, mut last_out) = (None, PremultipliedColorU8::TRANSPARENT);
    for y in y0..y1 {
        let (start, end) = ((y * width + x0) as usize, (y * width + x1) as usize);
        let Some(row) = pixels.get_mut(start..end) else {
            continue;
        };
        for pixel in row {
            if last_in != Some(*pixel) {
                last_in = Some(*pixel);
                last_out = blend(*pixel);
            }
            *pixel = last_out;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::FONT_BYTES;

    #[test]
    fn blending_is_source_over_in_premultiplied_pixels() {
        let mut pixmap = Pixmap::new(4, 1).expect("pixmap");
        pixmap.fill(resvg::tiny_skia::Color::from_rgba8(0, 0, 255, 255));
        blend_rect(&mut pixmap, (1, 0, 3, 1), Color::rgba(255, 0, 0, 128));
        let p = pixmap.pixels();
        assert_eq!((p[0].red(), p[0].blue()), (0, 255), "outside untouched");
        assert_eq!((p[1].red(), p[1].blue(), p[1].alpha()), (128, 127, 255), "half red over blue");
        assert_eq!(p[3].blue(), 255);
        blend_rect(&mut pixmap, (-5, -5, 50, 50), Color::rgb(0, 255, 0));
        assert!(pixmap.pixels().iter().all(|p| p.green() == 255 && p.red() == 0), "clipped, opaque covers");
    }

    #[test]
    fn a_glyph_mask_is_made_once_and_stamped_where_its_origin_is() {
        let mut glyphs = Glyphs::new(FONT_BYTES);
        let mut masks = GlyphMasks::default();
        let mut pixmap = Pixmap::new(40, 40).expect("pixmap");
        let mut placed = Vec::new();
        glyphs.layout("HH", 20.0, 0.0, crate::scene::Align::Start, &mut placed);
        let h = placed[0].0;
        masks.stamp(&mut glyphs, &mut pixmap, h, 20.0, 5.0, 30.0, Color::rgb(0, 0, 0));
        masks.stamp(&mut glyphs, &mut pixmap, h, 20.0, 5.1, 30.0, Color::rgb(0, 0, 0));
        assert_eq!(masks.masks.len(), 1, "5.1 rounds to the same quarter pixel as 5.0");
        let inked: Vec<(u32, u32)> = (0..40_u32)
            .flat_map(|y| (0..40_u32).map(move |x| (x, y)))
            .filter(|(x, y)| pixmap.pixel(*x, *y).is_some_and(|p| p.alpha() > 128))
            .collect();
        let (min_x, max_y) = (inked.iter().map(|p| p.0).min(), inked.iter().map(|p| p.1).max());
        assert_eq!(min_x, Some(7), "the stem starts two pixels (H's side bearing) right of the origin");
        assert_eq!(max_y, Some(29), "and stands on the baseline");
        let min_y = inked.iter().map(|p| p.1).min().expect("ink");
        assert!((14..17).contains(&min_y), "cap height of about 0.73 em: {min_y}");
        // Stamped partly outside the pixmap: clipped, no panic.
        masks.stamp(&mut glyphs, &mut pixmap, h, 20.0, -8.0, 3.0, Color::rgb(0, 0, 0));
    }
}

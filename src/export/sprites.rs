//! Small shapes drawn once and stamped: a big diagram repeats the same few shapes (element
//! outlines of one size, arrow heads, straight flows between neighbours) thousands of times,
//! and tiny-skia pays for building, stroking and anti-aliasing each path every time.
//!
//! A shape's sprite is its fill and outline rasterised by tiny-skia, exactly as they would be
//! drawn in place, into a small transparent pixmap; it is kept per shape (geometry relative to
//! the shape's anchor point, colours, stroke) and quarter-pixel offset of that anchor, and
//! composited source-over wherever the shape recurs. Source-over is associative, so stamping
//! "outline over fill" equals drawing the fill and then the outline, up to rounding; the
//! anchor moves by at most an eighth of a pixel, as glyphs do in [`super::coverage`].

#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap,
    reason = "pixel coordinates and sizes: small, and bounds-checked before any pixel is touched"
)]

use std::collections::HashMap;

use resvg::tiny_skia::{Pixmap, Transform};

use super::coverage::div255;
use crate::scene::{Color, Pos, SceneRect, Shape, Stroke};

/// Sub-pixel steps per pixel for a sprite's anchor.
const STEPS: f32 = 4.0;
/// Shapes with more points than this are drawn in place: long polylines are rarely repeated.
const MAX_POINTS: usize = 8;
/// Largest sprite in pixels; bigger shapes are drawn in place.
const MAX_SPRITE_PIXELS: u32 = 256 * 256;
/// Bytes of sprites kept at most, so that a picture of all-different shapes costs no more
/// memory than this; past it, shapes not yet kept are drawn in place.
const MAX_KEPT_BYTES: usize = 24 << 20;

/// A shape's anchor, its kind and geometry relative to the anchor, its fill and its outline.
type Description = (Pos, Vec<u32>, Option<Color>, Option<Stroke>);

/// An outline's colour, width and dash lengths (bits of f32s).
type StrokeKey = (Color, u32, Option<(u32, u32)>);

/// What makes two shapes the same sprite.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    /// Which kind of shape, then its geometry relative to its anchor (bits of f32s).
    geometry: Vec<u32>,
    fill: Option<Color>,
    stroke: Option<StrokeKey>,
    /// Quarter-pixel offset of the anchor within its pixel.
    step: (u8, u8),
}

/// One shape rasterised: premultiplied RGBA, placed relative to the pixel its anchor is in.
pub(super) struct Sprite {
    left: i32,
    top: i32,
    width: usize,
    pixels: Vec<u8>,
}

impl Sprite {
    /// Premultiplied RGBA rows of the sprite.
    pub(super) fn pixels(&self) -> &[u8] {
        &self.pixels
    }

    /// Width in pixels.
    pub(super) const fn width(&self) -> usize {
        self.width
    }
}

/// Sprites of one picture, made as shapes first need them.
#[derive(Default)]
pub(super) struct Sprites {
    kept: HashMap<Key, Option<Sprite>>,
    kept_bytes: usize,
}

impl Sprites {
    /// Stamps `shape` (whose box, strokes included, is `reach`) onto `pixmap` under
    /// `transform` (a scale and a translation) from its sprite, making the sprite with `draw`
    /// the first time. Returns false when the shape is not one to stamp, and nothing is drawn.
    pub(super) fn stamp(
        &mut self,
        pixmap: &mut Pixmap,
        shape: &Shape,
        reach: SceneRect,
        transform: Transform,
        draw: impl FnOnce(&mut Pixmap, Transform),
    ) -> bool {
        let Some((anchor, geometry, fill, stroke)) = describe(shape) else {
            return false;
        };
        let s = transform.sx;
        let (x, y) = (anchor.x * s + transform.tx, anchor.y * s + transform.ty);
        if !(x.is_finite() && y.is_finite()) {
            return false;
        }
        let (x_floor, y_floor) = (x.floor(), y.floor());
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
        let stroke = stroke.map(|st| (st.color, st.width.to_bits(), st.dash.map(|(d, g)| (d.to_bits(), g.to_bits()))));
        let key = Key { geometry, fill, stroke, step: (sx, sy) };
        if !self.kept.contains_key(&key) {
            if self.kept_bytes > MAX_KEPT_BYTES {
                return false;
            }
            let offset = (f32::from(sx) / STEPS, f32::from(sy) / STEPS);
            let sprite = rasterise(anchor, reach, s, offset, draw);
            self.kept_bytes += sprite.as_ref().map_or(0, |sp| sp.pixels.len()) + 64;
            self.kept.insert(key.clone(), sprite);
        }
        match self.kept.get(&key) {
            Some(Some(sprite)) => {
                composite(pixmap, sprite, ix + i64::from(sprite.left), iy + i64::from(sprite.top));
                true
            }
            // Too big to keep, or empty: drawn in place.
            Some(None) | None => false,
        }
    }
}

/// A shape's anchor, its kind and geometry relative to the anchor, and its paint; `None` for
/// shapes that are not stamped.
fn describe(shape: &Shape) -> Option<Description> {
    let relative = |tag: u32, points: &[Pos]| {
        let first = points.first()?;
        let mut geometry = Vec::with_capacity(points.len() * 2 + 1);
        geometry.push(tag);
        for p in points {
            geometry.push((p.x - first.x).to_bits());
            geometry.push((p.y - first.y).to_bits());
        }
        Some((*first, geometry))
    };
    match shape {
        Shape::Rect { rect, radius, fill, stroke } => {
            let geometry = vec![0, rect.width().to_bits(), rect.height().to_bits(), radius.to_bits()];
            Some((rect.min, geometry, *fill, *stroke))
        }
        Shape::Ellipse { center, radius, fill, stroke } => {
            Some((*center, vec![1, radius.x.to_bits(), radius.y.to_bits()], *fill, *stroke))
        }
        Shape::Line { points, stroke } if points.len() <= MAX_POINTS => {
            relative(2, points).map(|(anchor, g)| (anchor, g, None, Some(*stroke)))
        }
        Shape::Polygon { points, fill, stroke } if points.len() <= MAX_POINTS => {
            relative(3, points).map(|(anchor, g)| (anchor, g, *fill, *stroke))
        }
        Shape::Line { .. } | Shape::Polygon { .. } | Shape::Text { .. } => None,
    }
}

/// The sprite of a shape anchored at `anchor`, painting within `reach`, at `scale`, with the
/// anchor `offset` pixels into its pixel; `None` if it is empty or too big to keep.
fn rasterise(
    anchor: Pos,
    reach: SceneRect,
    scale: f32,
    offset: (f32, f32),
    draw: impl FnOnce(&mut Pixmap, Transform),
) -> Option<Sprite> {
    // The reach in pixels around the anchor, with two pixels to spare for anti-aliasing.
    let left = ((reach.min.x - anchor.x) * scale + offset.0).floor() - 2.0;
    let top = ((reach.min.y - anchor.y) * scale + offset.1).floor() - 2.0;
    let right = ((reach.max.x - anchor.x) * scale + offset.0).ceil() + 2.0;
    let bottom = ((reach.max.y - anchor.y) * scale + offset.1).ceil() + 2.0;
    let (width, height) = (right - left, bottom - top);
    if !(width >= 1.0 && height >= 1.0 && width * height <= MAX_SPRITE_PIXELS as f32) {
        return None;
    }
    let mut pixmap = Pixmap::new(width as u32, height as u32)?;
    let transform = Transform::from_row(
        scale,
        0.0,
        0.0,
        scale,
        offset.0 - left - anchor.x * scale,
        offset.1 - top - anchor.y * scale,
    );
    draw(&mut pixmap, transform);
    Some(Sprite { left: left as i32, top: top as i32, width: width as usize, pixels: pixmap.take() })
}

/// Source-over of `sprite` (premultiplied) with its top-left at pixel (`x`, `y`), clipped.
pub(super) fn composite(pixmap: &mut Pixmap, sprite: &Sprite, x: i64, y: i64) {
    let (width, height) = (i64::from(pixmap.width()), i64::from(pixmap.height()));
    let sprite_width = sprite.width() as i64;
    // The sprite's columns that land on the pixmap.
    let (first, last) = ((-x).clamp(0, sprite_width), (width - x).clamp(0, sprite_width));
    if first >= last {
        return;
    }
    let data = pixmap.data_mut();
    for (row, source) in sprite.pixels().chunks_exact(sprite.width() * 4).enumerate() {
        let py = y + row as i64;
        if py < 0 || py >= height {
            continue;
        }
        let start = ((py * width + x + first) * 4) as usize;
        let Some(target) = data.get_mut(start..start + ((last - first) * 4) as usize) else {
            continue;
        };
        let Some(source) = source.get((first * 4) as usize..(last * 4) as usize) else {
            continue;
        };
        for (d, s) in target.chunks_exact_mut(4).zip(source.chunks_exact(4)) {
            match s[3] {
                0 => {}
                255 => d.copy_from_slice(s),
                alpha => {
                    let keep = 255 - u16::from(alpha);
                    for (d, s) in d.iter_mut().zip(s) {
                        *d = (u16::from(*s) + div255(u16::from(*d) * keep)).min(255) as u8;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::Pos;

    fn element(x: f32, y: f32) -> Shape {
        Shape::Rect {
            rect: SceneRect::from_min_size(Pos::new(x, y), Pos::new(40.0, 20.0)),
            radius: 4.0,
            fill: Some(Color::rgb(250, 250, 250)),
            stroke: Some(Stroke::solid(1.5, Color::rgb(20, 20, 20))),
        }
    }

    fn draw_in_place(shape: &Shape) -> impl FnOnce(&mut Pixmap, Transform) + '_ {
        move |pixmap, transform| {
            if let Shape::Rect { rect, .. } = shape {
                let r =
                    resvg::tiny_skia::Rect::from_ltrb(rect.min.x, rect.min.y, rect.max.x, rect.max.y).expect("rect");
                let mut paint = resvg::tiny_skia::Paint::default();
                paint.set_color_rgba8(20, 20, 20, 255);
                pixmap.fill_rect(r, &paint, transform, None);
            }
        }
    }

    #[test]
    fn a_repeated_shape_is_drawn_once_and_stamped_where_it_recurs() {
        let mut sprites = Sprites::default();
        let mut pixmap = Pixmap::new(200, 100).expect("pixmap");
        let transform = Transform::from_scale(2.0, 2.0);
        let mut drawn = 0;
        for x in [0.0, 30.0, 60.0] {
            let shape = element(x + 0.5, 10.0);
            let reach = SceneRect::from_min_size(Pos::new(x, 9.0), Pos::new(42.0, 22.0));
            let stamped = sprites.stamp(&mut pixmap, &shape, reach, transform, |p, t| {
                drawn += 1;
                draw_in_place(&shape)(p, t);
            });
            assert!(stamped);
        }
        assert_eq!(drawn, 1, "one sprite for three rectangles a whole number of pixels apart");
        assert_eq!(sprites.kept.len(), 1);
        // The third copy covers x 121..201 px, clipped at 200; inside it is inked, left of the
        // first copy is not.
        assert_eq!(pixmap.pixel(150, 40).map(resvg::tiny_skia::PremultipliedColorU8::alpha), Some(255));
        assert_eq!(pixmap.pixel(0, 40).map(resvg::tiny_skia::PremultipliedColorU8::alpha), Some(0));
        assert_eq!(
            pixmap.pixel(150, 5).map(resvg::tiny_skia::PremultipliedColorU8::alpha),
            Some(0),
            "above the rectangles"
        );
    }

    #[test]
    fn long_lines_and_text_are_drawn_in_place() {
        let mut sprites = Sprites::default();
        let mut pixmap = Pixmap::new(10, 10).expect("pixmap");
        let points = (0..20).map(|i| Pos::new(i as f32, 0.0)).collect();
        let line = Shape::Line { points, stroke: Stroke::solid(1.0, Color::rgb(0, 0, 0)) };
        let reach = SceneRect::from_min_size(Pos::new(0.0, 0.0), Pos::new(20.0, 1.0));
        assert!(!sprites.stamp(&mut pixmap, &line, reach, Transform::identity(), |_, _| {}));
        let huge = element(0.0, 0.0);
        let reach = SceneRect::from_min_size(Pos::new(0.0, 0.0), Pos::new(40.0, 20.0));
        assert!(
            !sprites.stamp(&mut pixmap, &huge, reach, Transform::from_scale(20.0, 20.0), |_, _| {}),
            "800 × 400 pixels is past the sprite size"
        );
    }
}

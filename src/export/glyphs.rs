//! Text as paths: the shipped font's glyph outlines, read once per glyph with ttf-parser and
//! kept, then placed along a run with the font's advances and kerning pairs, as the SVG
//! renderers place them. This is what lets the PNG path draw text without an SVG parser or a
//! font database.

use resvg::tiny_skia::{Path, PathBuilder};
pub(super) use ttf_parser::GlyphId;

use crate::scene::Align;

/// A glyph's outline as far as the cache knows it.
#[derive(Clone)]
enum Outline {
    /// Not read from the font yet.
    Unread,
    /// Read: the glyph draws nothing (a space, or a glyph the font lacks).
    Empty,
    /// Read: the glyph's path.
    Drawn(Path),
}

/// The shipped font's outlines, cached per glyph as they are first needed.
pub(super) struct Glyphs<'a> {
    face: Option<ttf_parser::Face<'a>>,
    units_per_em: f32,
    /// Outline of each glyph in font units (y up), as far as read.
    outlines: Vec<Outline>,
    /// Glyph and advance of ASCII characters: nearly every label is ASCII.
    ascii: [Option<(GlyphId, f32)>; 128],
    /// Kerning of printable ASCII pairs (font units), `[left - 32][right - 32]`.
    ascii_kerning: Vec<[i16; 96]>,
}

impl<'a> Glyphs<'a> {
    /// Outlines of the font in `data`; a font that does not parse draws no text.
    pub(super) fn new(data: &'a [u8]) -> Self {
        let face = ttf_parser::Face::parse(data, 0).ok();
        let units_per_em = face.as_ref().map_or(1000.0, |f| f32::from(f.units_per_em()));
        let count = face.as_ref().map_or(0, |f| usize::from(f.number_of_glyphs()));
        let mut glyphs = Self {
            face,
            units_per_em,
            outlines: vec![Outline::Unread; count],
            ascii: [None; 128],
            ascii_kerning: vec![[0; 96]; 96],
        };
        for code in 0..128_u8 {
            glyphs.ascii[usize::from(code)] = Some(glyphs.lookup(char::from(code)));
        }
        for left in 32..128_u8 {
            for right in 32..128_u8 {
                let pair = (glyphs.glyph(char::from(left)).0, glyphs.glyph(char::from(right)).0);
                glyphs.ascii_kerning[usize::from(left - 32)][usize::from(right - 32)] =
                    glyphs.lookup_kerning(pair.0, pair.1);
            }
        }
        glyphs
    }

    /// The kerning between two glyphs from the font's `kern` table, in font units.
    fn lookup_kerning(&self, left: GlyphId, right: GlyphId) -> i16 {
        let Some(kern) = self.face.as_ref().and_then(|f| f.tables().kern) else {
            return 0;
        };
        kern.subtables
            .into_iter()
            .filter(|t| t.horizontal && !t.variable && !t.has_cross_stream)
            .find_map(|t| t.glyphs_kerning(left, right))
            .unwrap_or(0)
    }

    /// The kerning between the characters `left` and `right` (font units).
    fn kerning(&self, left: char, right: char) -> f32 {
        let printable = |c: char| u8::try_from(u32::from(c)).ok().filter(|b| (32..128).contains(b)).map(|b| b - 32);
        let units = match (printable(left), printable(right)) {
            (Some(l), Some(r)) => self.ascii_kerning[usize::from(l)][usize::from(r)],
            _ => self.lookup_kerning(self.glyph(left).0, self.glyph(right).0),
        };
        f32::from(units)
    }

    /// The glyph for `c` and its advance in font units. Characters the font lacks take its
    /// "missing" glyph and half an em, as [`crate::scene::FontMetrics`] measures them; control
    /// characters are spaces, as in the SVG.
    fn lookup(&self, c: char) -> (GlyphId, f32) {
        let c = if c.is_control() { ' ' } else { c };
        let Some(face) = &self.face else {
            return (GlyphId(0), self.units_per_em / 2.0);
        };
        match face.glyph_index(c) {
            Some(g) => (g, face.glyph_hor_advance(g).map_or(self.units_per_em / 2.0, f32::from)),
            None => (GlyphId(0), self.units_per_em / 2.0),
        }
    }

    fn glyph(&self, c: char) -> (GlyphId, f32) {
        match usize::try_from(u32::from(c)).ok().and_then(|i| self.ascii.get(i)) {
            Some(Some(known)) => *known,
            _ => self.lookup(c),
        }
    }

    /// The outline of `glyph` in font units (y up), read from the font the first time.
    pub(super) fn outline(&mut self, glyph: GlyphId) -> Option<&Path> {
        let slot = self.outlines.get_mut(usize::from(glyph.0))?;
        if matches!(slot, Outline::Unread) {
            let mut builder = OutlinePath(PathBuilder::new());
            let drawn = self.face.as_ref().and_then(|f| f.outline_glyph(glyph, &mut builder));
            *slot = match drawn.and_then(|_| builder.0.finish()) {
                Some(path) => Outline::Drawn(path),
                None => Outline::Empty,
            };
        }
        match slot {
            Outline::Drawn(path) => Some(path),
            Outline::Unread | Outline::Empty => None,
        }
    }

    /// Advance width of `text` at `size`, kerning included.
    pub(super) fn width(&self, text: &str, size: f32) -> f32 {
        let mut units = 0.0;
        let mut previous = None;
        for c in text.chars() {
            units += self.glyph(c).1 + previous.map_or(0.0, |p| self.kerning(p, c));
            previous = Some(c);
        }
        units * size / self.units_per_em
    }

    /// Where each glyph of `text` goes: its id and the x of its origin, for a run `size` units
    /// high with `x` at its start, centre or end as `align` says. Replaces `out`'s contents.
    pub(super) fn layout(&self, text: &str, size: f32, x: f32, align: Align, out: &mut Vec<(GlyphId, f32)>) {
        out.clear();
        let k = size / self.units_per_em;
        let width = self.width(text, size);
        let mut pen = match align {
            Align::Start => x,
            Align::Middle => x - width / 2.0,
            Align::End => x - width,
        };
        let mut previous = None;
        for c in text.chars() {
            let (glyph, advance) = self.glyph(c);
            pen += previous.map_or(0.0, |p| self.kerning(p, c)) * k;
            out.push((glyph, pen));
            pen += advance * k;
            previous = Some(c);
        }
    }

    /// Font units per em: outlines are in these units.
    pub(super) const fn units_per_em(&self) -> f32 {
        self.units_per_em
    }
}

/// ttf-parser's outline callbacks writing into a tiny-skia path.
struct OutlinePath(PathBuilder);

impl ttf_parser::OutlineBuilder for OutlinePath {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.quad_to(x1, y1, x, y);
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.cubic_to(x1, y1, x2, y2, x, y);
    }

    fn close(&mut self) {
        self.0.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::{FONT_BYTES, FontMetrics, TextMeasure};

    #[test]
    fn runs_advance_as_the_scene_measures_give_or_take_kerning() {
        let glyphs = Glyphs::new(FONT_BYTES);
        let m = FontMetrics::shipped();
        for text in ["Juice Shop DFD", "Zahlung über SEPA", "日本"] {
            assert!((glyphs.width(text, 14.0) - m.width(text, 14.0)).abs() < 0.05 * m.width(text, 14.0), "{text}");
        }
        assert!(glyphs.width("AV", 100.0) < m.width("AV", 100.0) - 1.0, "the font kerns A and V");
        assert!((glyphs.width("HH", 100.0) - m.width("HH", 100.0)).abs() < 0.01, "but not H and H");
        assert!(glyphs.width("ÄV", 100.0) < m.width("ÄV", 100.0) - 1.0, "nor only ASCII pairs");
    }

    #[test]
    fn a_run_is_placed_by_its_alignment_and_outlines_are_cached() {
        let mut glyphs = Glyphs::new(FONT_BYTES);
        let mut placed = Vec::new();
        let width = glyphs.width("Hi", 20.0);
        for (align, first_x) in
            [(Align::Start, 100.0), (Align::Middle, 100.0 - width / 2.0), (Align::End, 100.0 - width)]
        {
            glyphs.layout("Hi", 20.0, 100.0, align, &mut placed);
            assert_eq!(placed.len(), 2);
            assert!((placed[0].1 - first_x).abs() < 1e-3, "{align:?}: {placed:?}");
            assert!(placed[1].1 > placed[0].1 + 10.0, "H is wider than 10 units at 20: {placed:?}");
        }
        let h = placed[0].0;
        let outline = glyphs.outline(h).expect("H has an outline").bounds();
        assert!(outline.bottom() > 0.6 * glyphs.units_per_em() && outline.top().abs() < 1.0, "{outline:?}");
        glyphs.outline(placed[1].0);
        glyphs.outline(h);
        let cached = glyphs.outlines.iter().filter(|o| !matches!(o, Outline::Unread)).count();
        assert_eq!(cached, 2, "one outline per glyph, read once");
        glyphs.layout(" ", 20.0, 0.0, Align::Start, &mut placed);
        assert!(glyphs.outline(placed[0].0).is_none(), "a space draws nothing");
    }
}

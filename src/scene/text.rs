//! Text measurement and wrapping with the one font ThreatCanvas ships, so the canvas, the SVG
//! and the PNG break lines at the same places on every machine.

/// The shipped font: `DejaVu` Sans Condensed (Bitstream Vera licence, `assets/fonts/`).
pub static FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansCondensed.ttf");
/// The family name SVG files ask for; the PNG renderer loads [`FONT_BYTES`] under it.
pub const FONT_FAMILY: &str = "DejaVu Sans Condensed";

/// Measures text. A trait, so tests can lay out with fixed widths and the canvas and the
/// exporters share one implementation.
pub trait TextMeasure {
    /// Advance width of `text` at `size` (diagram units).
    fn width(&self, text: &str, size: f32) -> f32;
    /// Distance from a line's top to its baseline, as a fraction of the size.
    fn ascent(&self) -> f32;
    /// Height of one line, as a fraction of the size.
    fn line_height(&self) -> f32;
}

/// Measures with the shipped font's real advance widths.
pub struct FontMetrics {
    /// Advance of ASCII characters 0..128 in font units (cached: nearly every label is ASCII).
    ascii: [u16; 128],
    /// The parsed font, for the rest (parsed once: "…" ends many a cut label).
    face: Option<ttf_parser::Face<'static>>,
    units_per_em: f32,
    /// What a glyph the font lacks is taken to advance: half an em, in font units.
    half_em_units: u32,
    ascent: f32,
    line_height: f32,
}

impl FontMetrics {
    /// Metrics of the shipped font.
    #[must_use]
    pub fn shipped() -> Self {
        Self::from_font(FONT_BYTES)
    }

    /// Metrics of any TrueType font; falls back to rough fixed metrics if it does not parse.
    #[must_use]
    pub fn from_font(data: &'static [u8]) -> Self {
        let mut metrics = Self {
            ascii: [0; 128],
            face: None,
            units_per_em: 1000.0,
            half_em_units: 500,
            ascent: 0.93,
            line_height: 1.17,
        };
        if let Ok(face) = ttf_parser::Face::parse(data, 0) {
            metrics.units_per_em = f32::from(face.units_per_em());
            metrics.half_em_units = u32::from(face.units_per_em()) / 2;
            metrics.ascent = f32::from(face.ascender()) / metrics.units_per_em;
            metrics.line_height =
                f32::from(face.ascender() - face.descender() + face.line_gap()) / metrics.units_per_em;
            for (code, slot) in metrics.ascii.iter_mut().enumerate() {
                let ch = char::from(u8::try_from(code).unwrap_or(b' '));
                *slot = face.glyph_index(ch).and_then(|g| face.glyph_hor_advance(g)).unwrap_or(0);
            }
            metrics.face = Some(face);
        } else {
            metrics.ascii = [600; 128];
        }
        metrics
    }
}

impl TextMeasure for FontMetrics {
    fn width(&self, text: &str, size: f32) -> f32 {
        let face = self.face.as_ref();
        let units: u32 = text
            .chars()
            .map(|c| {
                if let Some(slot) = usize::try_from(u32::from(c)).ok().and_then(|i| self.ascii.get(i)) {
                    u32::from(*slot)
                } else {
                    face.and_then(|f| f.glyph_index(c).and_then(|g| f.glyph_hor_advance(g)))
                        .map_or(self.half_em_units, u32::from)
                }
            })
            .sum();
        units as f32 * size / self.units_per_em
    }

    fn ascent(&self) -> f32 {
        self.ascent
    }

    fn line_height(&self) -> f32 {
        self.line_height
    }
}

/// Breaks `text` into lines no wider than `max_width`, at spaces where possible and inside a
/// word only when the word alone is too wide. At most `max_lines`; a cut last line ends in "…".
#[must_use]
pub fn wrap(measure: &dyn TextMeasure, text: &str, size: f32, max_width: f32, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
            if measure.width(&candidate, size) <= max_width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word alone may still be too wide: break it by characters.
            for ch in word.chars() {
                line.push(ch);
                if measure.width(&line, size) > max_width && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::take(&mut line));
                    line.push(ch);
                }
            }
        }
        lines.push(line);
    }
    while lines.len() > 1 && lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && measure.width(&format!("{last}…"), size) > max_width {
                last.pop();
            }
            last.push('…');
        }
    }
    lines
}

/// `text` on one line no wider than `max_width`, cut at the end with "…" if it must be;
/// `None` if fewer than `min_chars` characters would be left before the "…".
#[must_use]
pub fn elide(measure: &dyn TextMeasure, text: &str, size: f32, max_width: f32, min_chars: usize) -> Option<String> {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if measure.width(&one_line, size) <= max_width {
        return Some(one_line);
    }
    let budget = max_width - measure.width("…", size);
    let mut kept = String::new();
    let mut width = 0.0;
    for ch in one_line.chars() {
        let mut buf = [0_u8; 4];
        let w = measure.width(ch.encode_utf8(&mut buf), size);
        if width + w > budget {
            break;
        }
        width += w;
        kept.push(ch);
    }
    let kept = kept.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '/' | '-'));
    (kept.chars().count() >= min_chars).then(|| format!("{kept}…"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_font_measures_real_widths() {
        let m = FontMetrics::shipped();
        let narrow = m.width("iiii", 14.0);
        let wide = m.width("WWWW", 14.0);
        assert!(narrow > 0.0 && wide > narrow * 2.0, "{narrow} {wide}");
        assert!((m.width("ab", 28.0) - 2.0 * m.width("ab", 14.0)).abs() < 0.01);
        assert!(m.width("é", 14.0) > 0.0);
        assert!(m.ascent() > 0.5 && m.line_height() > m.ascent());
    }

    #[test]
    fn wrapping_breaks_at_spaces_then_inside_long_words() {
        let m = FontMetrics::shipped();
        let lines = wrap(&m, "Express REST API (/rest, /api)", 14.0, 120.0, 5);
        assert!(lines.len() >= 2, "{lines:?}");
        assert!(lines.iter().all(|l| m.width(l, 14.0) <= 120.0));
        assert_eq!(lines.join(" "), "Express REST API (/rest, /api)");
        let long = wrap(&m, &"x".repeat(200), 14.0, 100.0, 3);
        assert_eq!(long.len(), 3);
        assert!(long[2].ends_with('…'));
        assert_eq!(wrap(&m, "", 14.0, 100.0, 3), vec![String::new()]);
    }

    #[test]
    fn eliding_cuts_one_line_to_fit() {
        let m = FontMetrics::shipped();
        assert_eq!(elide(&m, "login  response", 12.0, 500.0, 3).as_deref(), Some("login response"));
        let cut = elide(&m, "credentials, TOTP code", 12.0, 60.0, 3).expect("room for some");
        assert!(cut.ends_with('…') && m.width(&cut, 12.0) <= 60.0, "{cut}");
        assert!("credentials, TOTP code".starts_with(cut.trim_end_matches('…')));
        assert_eq!(elide(&m, "credentials", 12.0, 12.0, 3), None);
    }
}

//! The SVG writer: one element per scene item, grouped by the model record it draws, numbers
//! with one decimal, text escaped, so the output is deterministic and safe to embed.

use std::fmt::Write as _;

use crate::scene::{Align, Color, FONT_FAMILY, Owner, Scene, Shape, Stroke};

/// Baseline position as a fraction of the font size (the shipped font's ascender). The raster
/// and PDF paths place text with the same number.
pub(super) const ASCENT: f32 = 0.928;

/// Writes `scene` as a standalone SVG document on its own background colour.
#[must_use]
pub fn to_svg(scene: &Scene) -> String {
    write(scene, Some(scene.background))
}

/// Writes `scene` as a standalone SVG document on `page`, or with no page at all (transparent).
pub(super) fn write(scene: &Scene, page: Option<Color>) -> String {
    let b = scene.bounds;
    let (min_x, min_y) = (b.min.x, b.min.y);
    let (w, h) = (b.width(), b.height());
    let mut out = String::with_capacity(64 * scene.items.len() + 512);
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="{} {} {} {}" font-family="{FONT_FAMILY}, DejaVu Sans, sans-serif">"#,
        num(w),
        num(h),
        num(min_x),
        num(min_y),
        num(w),
        num(h)
    );
    let _ = writeln!(out, "<title>{}</title>", escape(&scene.title));
    if let Some(page) = page {
        let _ = writeln!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
            num(min_x),
            num(min_y),
            num(w),
            num(h),
            page.hex()
        );
    }
    let mut open: Option<&Owner> = None;
    for item in &scene.items {
        if item.owner.as_ref() != open {
            if open.is_some() {
                out.push_str("</g>\n");
            }
            if let Some(owner) = &item.owner {
                let (kind, id) = owner_attrs(owner);
                let _ = writeln!(out, r#"<g class="{kind}" data-id="{}">"#, escape(id));
            }
            open = item.owner.as_ref();
        }
        write_shape(&mut out, &item.shape);
    }
    if open.is_some() {
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    out
}

fn owner_attrs(owner: &Owner) -> (&'static str, &str) {
    match owner {
        Owner::Element(id) => ("element", id.as_str()),
        Owner::Flow(id) => ("flow", id.as_str()),
        Owner::Boundary(id) => ("boundary", id.as_str()),
        Owner::Message(id) => ("message", id.as_str()),
        Owner::Lifeline(id) => ("lifeline", id.as_str()),
        Owner::Fragment(id) => ("fragment", id.as_str()),
        Owner::Note(id) => ("note", id.as_str()),
    }
}

fn write_shape(out: &mut String, shape: &Shape) {
    match shape {
        Shape::Rect { rect, radius, fill, stroke } => {
            let _ = write!(
                out,
                r#"<rect x="{}" y="{}" width="{}" height="{}""#,
                num(rect.min.x),
                num(rect.min.y),
                num(rect.width()),
                num(rect.height())
            );
            if *radius > 0.0 {
                let _ = write!(out, r#" rx="{}""#, num(*radius));
            }
            paint(out, *fill, stroke.as_ref());
        }
        Shape::Ellipse { center, radius, fill, stroke } => {
            let _ = write!(
                out,
                r#"<ellipse cx="{}" cy="{}" rx="{}" ry="{}""#,
                num(center.x),
                num(center.y),
                num(radius.x),
                num(radius.y)
            );
            paint(out, *fill, stroke.as_ref());
        }
        Shape::Line { points, stroke } => {
            let _ = write!(out, r#"<polyline points="{}""#, points_attr(points));
            paint(out, None, Some(stroke));
        }
        Shape::Polygon { points, fill, stroke } => {
            let _ = write!(out, r#"<polygon points="{}""#, points_attr(points));
            paint(out, *fill, stroke.as_ref());
        }
        Shape::Text { pos, text, size, color, align, .. } => {
            let anchor = match align {
                Align::Start => "",
                Align::Middle => r#" text-anchor="middle""#,
                Align::End => r#" text-anchor="end""#,
            };
            let _ = write!(
                out,
                r#"<text x="{}" y="{}" font-size="{}" fill="{}""#,
                num(pos.x),
                num(pos.y + size * ASCENT),
                num(*size),
                color.hex()
            );
            if color.a < 255 {
                let _ = write!(out, r#" fill-opacity="{}""#, num(color.opacity()));
            }
            let _ = writeln!(out, r#"{anchor} xml:space="preserve">{}</text>"#, escape(text));
        }
    }
}

fn paint(out: &mut String, fill: Option<Color>, stroke: Option<&Stroke>) {
    match fill {
        Some(c) => {
            let _ = write!(out, r#" fill="{}""#, c.hex());
            if c.a < 255 {
                let _ = write!(out, r#" fill-opacity="{:.3}""#, c.opacity());
            }
        }
        None => out.push_str(r#" fill="none""#),
    }
    if let Some(s) = stroke {
        let _ = write!(out, r#" stroke="{}" stroke-width="{}""#, s.color.hex(), num(s.width));
        if s.color.a < 255 {
            let _ = write!(out, r#" stroke-opacity="{:.3}""#, s.color.opacity());
        }
        if let Some((dash, gap)) = s.dash {
            let _ = write!(out, r#" stroke-dasharray="{} {}""#, num(dash), num(gap));
        }
        out.push_str(r#" stroke-linejoin="round""#);
    }
    out.push_str("/>\n");
}

fn points_attr(points: &[crate::scene::Pos]) -> String {
    points.iter().map(|p| format!("{},{}", num(p.x), num(p.y))).collect::<Vec<_>>().join(" ")
}

/// A number with one decimal, never "-0.0", never NaN.
fn num(v: f32) -> String {
    if !v.is_finite() {
        return "0".to_owned();
    }
    let s = format!("{:.1}", v + 0.0);
    let s = s.strip_suffix(".0").map_or(s.clone(), str::to_owned);
    if s == "-0" { "0".to_owned() } else { s }
}

/// Escapes text for XML content and attribute values.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow at all (controls, U+FFFE, U+FFFF).
            c if ((c as u32) < 0x20 && c != '\t') || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_fixed_precision() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.25), "1.2");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(f32::NAN), "0");
        assert_eq!(num(-3.5), "-3.5");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>\u{7}"),
            "&lt;script&gt;alert(&apos;x&apos;) &amp; &quot;y&quot;&lt;/script&gt; "
        );
    }

    #[test]
    fn characters_xml_forbids_are_replaced() {
        assert_eq!(escape("a\u{FFFE}b\u{FFFF}c\u{0}"), "a b c ");
    }
}

//! Paints a [`Scene`] with egui's painter: the same display list the SVG export writes.

use egui::epaint::{self, PathShape, PathStroke};
use egui::{Align2, Color32, FontFamily, FontId, Painter, Pos2, Rect, Shape as EguiShape, Stroke as EguiStroke, Vec2};

use crate::scene::{Align, Color, Pos, Scene, SceneRect, Shape, Stroke};

/// The egui font family holding the shipped diagram font.
pub const DIAGRAM_FAMILY: &str = "diagram";

/// Registers the shipped font as the [`DIAGRAM_FAMILY`] family (once per context).
pub fn install_fonts(ctx: &egui::Context) {
    ctx.add_font(epaint::text::FontInsert::new(
        DIAGRAM_FAMILY,
        egui::FontData::from_static(crate::scene::FONT_BYTES),
        vec![
            epaint::text::InsertFontFamily {
                family: FontFamily::Name(DIAGRAM_FAMILY.into()),
                priority: epaint::text::FontPriority::Highest,
            },
            // Also a fallback for the UI font, which lacks arrows and other symbols.
            epaint::text::InsertFontFamily {
                family: FontFamily::Proportional,
                priority: epaint::text::FontPriority::Lowest,
            },
        ],
    ));
}

pub fn pos2(p: Pos) -> Pos2 {
    Pos2::new(p.x, p.y)
}

pub fn rect(r: SceneRect) -> Rect {
    Rect::from_min_max(pos2(r.min), pos2(r.max))
}

pub fn color(c: Color) -> Color32 {
    Color32::from_rgba_unmultiplied(c.r, c.g, c.b, c.a)
}

fn stroke(s: &Stroke) -> EguiStroke {
    EguiStroke::new(s.width, color(s.color))
}

/// Points around a rounded rectangle, for dashed outlines.
fn rounded_rect_path(r: Rect, radius: f32) -> Vec<Pos2> {
    let radius = radius.min(r.width() / 2.0).min(r.height() / 2.0).max(0.0);
    let mut points = Vec::with_capacity(4 * 7 + 1);
    let corners = [
        (Pos2::new(r.max.x - radius, r.min.y + radius), -90.0_f32),
        (Pos2::new(r.max.x - radius, r.max.y - radius), 0.0),
        (Pos2::new(r.min.x + radius, r.max.y - radius), 90.0),
        (Pos2::new(r.min.x + radius, r.min.y + radius), 180.0),
    ];
    for (c, start) in corners {
        for i in 0..=6 {
            let a = (start + 15.0 * i as f32).to_radians();
            points.push(c + radius * Vec2::new(a.cos(), a.sin()));
        }
    }
    if let Some(first) = points.first().copied() {
        points.push(first);
    }
    points
}

fn ellipse_path(center: Pos2, radius: Vec2) -> Vec<Pos2> {
    (0..=64)
        .map(|i| {
            let a = i as f32 / 64.0 * std::f32::consts::TAU;
            center + Vec2::new(radius.x * a.cos(), radius.y * a.sin())
        })
        .collect()
}

fn outline(painter: &Painter, path: &[Pos2], s: &Stroke) {
    if let Some((dash, gap)) = s.dash {
        painter.extend(EguiShape::dashed_line(path, stroke(s), dash, gap));
    } else {
        painter.add(PathShape::line(path.to_vec(), PathStroke::new(s.width, color(s.color))));
    }
}

/// Text smaller than this on screen (points) is not drawn: it cannot be read, and laying it
/// out is most of a frame's cost on a zoomed-out 5,000-element diagram.
const MIN_READABLE_TEXT: f32 = 3.5;

/// Paints the items of `scene` that intersect `visible` (diagram coordinates) at `zoom`
/// screen points per diagram unit.
pub fn paint(painter: &Painter, scene: &Scene, bounds: &[SceneRect], visible: SceneRect, zoom: f32) {
    let family = FontFamily::Name(DIAGRAM_FAMILY.into());
    for (item, b) in scene.items.iter().zip(bounds) {
        if !b.intersects(&visible) {
            continue;
        }
        match &item.shape {
            Shape::Rect { rect: r, radius, fill, stroke: s } => {
                let r = rect(*r);
                if let Some(f) = fill {
                    painter.rect_filled(r, *radius, color(*f));
                }
                if let Some(s) = s {
                    if s.dash.is_some() || *radius > 0.0 && s.dash.is_some() {
                        outline(painter, &rounded_rect_path(r, *radius), s);
                    } else {
                        painter.rect_stroke(r, *radius, stroke(s), egui::StrokeKind::Middle);
                    }
                }
            }
            Shape::Ellipse { center, radius, fill, stroke: s } => {
                let (c, rad) = (pos2(*center), Vec2::new(radius.x, radius.y));
                if let Some(f) = fill {
                    painter.add(EguiShape::ellipse_filled(c, rad, color(*f)));
                }
                if let Some(s) = s {
                    if s.dash.is_some() {
                        outline(painter, &ellipse_path(c, rad), s);
                    } else {
                        painter.add(EguiShape::ellipse_stroke(c, rad, stroke(s)));
                    }
                }
            }
            Shape::Line { points, stroke: s } => {
                let path: Vec<Pos2> = points.iter().map(|p| pos2(*p)).collect();
                outline(painter, &path, s);
            }
            Shape::Polygon { points, fill, stroke: s } => {
                let path: Vec<Pos2> = points.iter().map(|p| pos2(*p)).collect();
                let fill = fill.map_or(Color32::TRANSPARENT, color);
                let s = s.map_or(EguiStroke::NONE, |s| stroke(&s));
                painter.add(EguiShape::convex_polygon(path, fill, s));
            }
            Shape::Text { size, .. } if size * zoom < MIN_READABLE_TEXT => {}
            Shape::Text { pos, text, size, color: c, align, .. } => {
                let anchor = match align {
                    Align::Start => Align2::LEFT_TOP,
                    Align::Middle => Align2::CENTER_TOP,
                    Align::End => Align2::RIGHT_TOP,
                };
                painter.text(pos2(*pos), anchor, text, FontId::new(*size, family.clone()), color(*c));
            }
        }
    }
}

//! Paints a [`Scene`] with egui's painter: the same display list the SVG export writes.

use egui::epaint::{self, Mesh, PathShape, PathStroke};
use egui::{Align2, Color32, FontFamily, FontId, Painter, Pos2, Rect, Shape as EguiShape, Stroke as EguiStroke, Vec2};

use crate::scene::{Align, Color, Item, Scene, SceneRect, Shape, Stroke};

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

use super::space::{layer_pos as pos2, layer_rect as rect};

/// A scene colour as egui's.
#[must_use]
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

/// A dash pattern shorter than this on screen (points) is drawn as a faint solid line: the
/// dashes could not be told apart, and a zoomed-out lifeline would otherwise be thousands of
/// dashes.
const MIN_VISIBLE_DASH: f32 = 3.0;

/// Adds a small rectangle or ellipse (fill and a one-point outline) to `mesh`; false for other
/// shapes, which are painted normally.
fn add_small_shape(mesh: &mut Mesh, shape: &Shape, zoom: f32) -> bool {
    let outline_half = 0.5 / zoom;
    let ring: Vec<Pos2> = match shape {
        Shape::Rect { rect: r, .. } => {
            let r = rect(*r);
            vec![r.left_top(), r.right_top(), r.right_bottom(), r.left_bottom()]
        }
        Shape::Ellipse { center, radius, .. } => (0..12)
            .map(|i| {
                let a = i as f32 / 12.0 * std::f32::consts::TAU;
                Pos2::new(center.x + radius.x * a.cos(), center.y + radius.y * a.sin())
            })
            .collect(),
        _ => return false,
    };
    let (fill, stroke) = match shape {
        Shape::Rect { fill, stroke, .. } | Shape::Ellipse { fill, stroke, .. } => (*fill, *stroke),
        _ => return false,
    };
    if let Some(f) = fill {
        let base = u32::try_from(mesh.vertices.len()).unwrap_or(u32::MAX);
        for p in &ring {
            mesh.colored_vertex(*p, color(f));
        }
        let corners = u32::try_from(ring.len()).unwrap_or(0);
        for i in 1..corners.saturating_sub(1) {
            mesh.add_triangle(base, base + i, base + i + 1);
        }
    }
    if let Some(s) = stroke {
        let c = match s.dash {
            Some((dash, gap)) => color(s.color).gamma_multiply(dash / (dash + gap)),
            None => color(s.color),
        };
        for i in 0..ring.len() {
            add_segment(mesh, ring[i], ring[(i + 1) % ring.len()], outline_half, c);
        }
    }
    true
}

/// A straight segment from `a` to `b`, `half_width` either side, as two triangles.
pub fn add_segment(mesh: &mut Mesh, a: Pos2, b: Pos2, half_width: f32, color: Color32) {
    let d = b - a;
    let length = d.length();
    if length <= f32::EPSILON {
        return;
    }
    let normal = Vec2::new(-d.y, d.x) / length * half_width;
    let first = u32::try_from(mesh.vertices.len()).unwrap_or(u32::MAX);
    for corner in [a + normal, a - normal, b - normal, b + normal] {
        mesh.colored_vertex(corner, color);
    }
    mesh.add_triangle(first, first + 1, first + 2);
    mesh.add_triangle(first, first + 2, first + 3);
}

fn outline(painter: &Painter, path: &[Pos2], s: &Stroke, zoom: f32) {
    if let Some((dash, gap)) = s.dash
        && (dash + gap) * zoom < MIN_VISIBLE_DASH
    {
        let faint = color(s.color).gamma_multiply(dash / (dash + gap));
        painter.add(PathShape::line(path.to_vec(), PathStroke::new(s.width, faint)));
    } else if let Some((dash, gap)) = s.dash {
        painter.extend(EguiShape::dashed_line(path, stroke(s), dash, gap));
    } else {
        painter.add(PathShape::line(path.to_vec(), PathStroke::new(s.width, color(s.color))));
    }
}

/// Boxes and ellipses smaller than this on screen (points) are drawn as simple batched
/// geometry (no anti-aliasing, a 12-sided ellipse): indistinguishable at that size, and a
/// fraction of the tessellation cost.
const SMALL_SHAPE: f32 = 24.0;

/// Text smaller than this on screen (points) is not drawn: it cannot be read, and laying it
/// out is most of a frame's cost on a zoomed-out 5,000-element diagram.
const MIN_READABLE_TEXT: f32 = 3.5;

/// Paints the items of `scene` that intersect `visible` (diagram coordinates) at `zoom`
/// screen points per diagram unit.
pub fn paint(painter: &Painter, scene: &Scene, visible: SceneRect, zoom: f32) {
    paint_items(painter, scene.items.iter().zip(&scene.item_bounds), visible, zoom);
}

/// Paints `items` (each with its bounds) that intersect `visible` at `zoom`: the scene's, or
/// those of something drawn beside it such as the legend.
pub fn paint_items<'a>(
    painter: &Painter,
    items: impl Iterator<Item = (&'a Item, &'a SceneRect)>,
    visible: SceneRect,
    zoom: f32,
) {
    let family = FontFamily::Name(DIAGRAM_FAMILY.into());
    // Shapes too small for their own outline and curves, collected into one mesh: on a
    // zoomed-out 5,000-element diagram, tessellating thousands of tiny shapes one by one is
    // what makes a frame slow.
    let mut batch = Mesh::default();
    for (item, b) in items {
        if !b.intersects(&visible) {
            continue;
        }
        // Level of detail: shapes under a point across (arrow heads, badges zoomed far out)
        // cannot be seen, and a flow label's background is pointless once its text is too
        // small to draw.
        if b.width().max(b.height()) * zoom < 1.0 {
            continue;
        }
        if matches!((&item.owner, &item.shape), (Some(crate::scene::Owner::Flow(_)), Shape::Rect { .. }))
            && b.height() * zoom < MIN_READABLE_TEXT * 1.6
        {
            continue;
        }
        if let Shape::Text { size, .. } = &item.shape
            && size * zoom < MIN_READABLE_TEXT
        {
            continue;
        }
        // Small boxes and ellipses, and hairlines, go into the batch.
        if b.width().max(b.height()) * zoom < SMALL_SHAPE && add_small_shape(&mut batch, &item.shape, zoom) {
            continue;
        }
        // Lines under a point and a half wide on screen go into the batch too, as plain quads.
        if let Shape::Line { points, stroke: s } = &item.shape
            && s.width * zoom < 1.5
        {
            let c = match s.dash {
                Some((dash, gap)) => color(s.color).gamma_multiply(dash / (dash + gap)),
                None => color(s.color),
            };
            for w in points.windows(2) {
                add_segment(&mut batch, pos2(w[0]), pos2(w[1]), 0.5 / zoom, c);
            }
            continue;
        }
        // Painted on its own: first paint what was batched before it, keeping the order.
        if !batch.is_empty() {
            painter.add(EguiShape::mesh(std::mem::take(&mut batch)));
        }
        match &item.shape {
            Shape::Rect { rect: r, radius, fill, stroke: s } => {
                let r = rect(*r);
                if let Some(f) = fill {
                    painter.rect_filled(r, *radius, color(*f));
                }
                if let Some(s) = s {
                    if s.dash.is_some() || *radius > 0.0 && s.dash.is_some() {
                        outline(painter, &rounded_rect_path(r, *radius), s, zoom);
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
                        outline(painter, &ellipse_path(c, rad), s, zoom);
                    } else {
                        painter.add(EguiShape::ellipse_stroke(c, rad, stroke(s)));
                    }
                }
            }
            Shape::Line { points, stroke: s } => {
                let path: Vec<Pos2> = points.iter().map(|p| pos2(*p)).collect();
                outline(painter, &path, s, zoom);
            }
            Shape::Polygon { points, fill, stroke: s } => {
                let path: Vec<Pos2> = points.iter().map(|p| pos2(*p)).collect();
                let fill = fill.map_or(Color32::TRANSPARENT, color);
                let s = s.map_or(EguiStroke::NONE, |s| stroke(&s));
                painter.add(EguiShape::convex_polygon(path, fill, s));
            }
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
    if !batch.is_empty() {
        painter.add(EguiShape::mesh(batch));
    }
}

//! Flow labels placed where they hide nothing. A label sits on its line where the line has
//! room for it; otherwise further along, wrapped narrower, or beside the line; and only when
//! none of that is clear of every arrow head and of the labels placed before it (in flow id
//! order) is its text cut short with "…" (the whole name stays in the layout for the canvas to
//! show on hover). Element shapes are avoided too, where possible.
//!
//! Where a label goes depends only on its own flow and on the obstacles near its route (within
//! [`REACH`]), so an update re-places exactly the labels that something moved near.

use super::badge::{Open, badge_box, badge_shapes, flow_badge_center};
use super::geometry::{Pos, SceneRect, point_along};
use super::marks::{MARK_GAP, MARK_HEIGHT, MARK_WIDTH, Mark, marks_width};
use super::obstacles::Obstacles;
use super::{Align, Owner, Scene, Shape, Stroke, Style, TextMeasure, elide, wrap};
use crate::model::FlowId;

/// Widest a flow label gets before it wraps.
const LABEL_MAX_WIDTH: f32 = 170.0;
/// Narrower wraps tried when the widest does not fit: width and most lines.
const NARROWER: [(f32, usize); 2] = [(110.0, 3), (80.0, 4)];
/// Most lines of the widest wrap.
const MAX_LINES: usize = 3;
/// One-line widths tried when the label must be cut short.
const CUT_WIDTHS: [f32; 4] = [130.0, 100.0, 70.0, 45.0];
/// Fewest characters a cut label keeps before its "…".
const MIN_KEPT: usize = 3;
/// Where along its route a label is tried, as a share of the route's length, best first.
const ALONG: [f32; 7] = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8];
/// Where along its route a label is tried beside the line.
const BESIDE: [f32; 3] = [0.5, 0.35, 0.65];
/// Space between a line and a label beside it: clear of the arrow heads' half-width.
const BESIDE_GAP: f32 = 7.0;
/// Further distances tried off the line, past sibling lanes and their labels; a label this far
/// off gets a leader line to its flow.
const FURTHER: [f32; 8] = [16.0, 32.0, 48.0, 72.0, 100.0, 140.0, 190.0, 250.0];
/// Padding inside the label's box.
const PAD_X: f32 = 4.0;
/// Padding inside the label's box.
const PAD_Y: f32 = 2.0;
/// Furthest a label, with its badge, reaches from the box around its route: anything further
/// away cannot change where it goes.
pub const REACH: f32 = 480.0;

/// What a flow's label shows.
#[derive(Clone, Debug)]
pub struct Content<'a> {
    /// The flow's name.
    pub name: &'a str,
    /// Its marks.
    pub marks: Vec<Mark>,
    /// Its open threats, if any.
    pub badge: Option<Open>,
}

impl Content<'_> {
    /// Whether there is nothing to show (a nameless flow with no marks has no label).
    pub fn is_empty(&self) -> bool {
        self.name.is_empty() && self.marks.is_empty()
    }
}

/// One way of writing the name.
#[derive(Clone, Debug)]
struct Text {
    lines: Vec<String>,
    width: f32,
    cut: bool,
}

/// Where a label went and what it shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    /// The label's box.
    pub rect: SceneRect,
    /// The name's lines as drawn.
    pub lines: Vec<String>,
    /// Whether the name is cut short.
    pub cut: bool,
    /// The box and badge together: what later labels keep clear of.
    pub footprint: SceneRect,
    /// The point of the route a label placed well off it points to with a leader line.
    pub leader: Option<Pos>,
}

/// Wraps `name` to `width`, noting whether lines were dropped.
fn wrapped(measure: &dyn TextMeasure, name: &str, size: f32, width: f32, max_lines: usize) -> Text {
    let all = wrap(measure, name, size, width, usize::MAX);
    let cut = all.len() > max_lines;
    let lines = if cut { wrap(measure, name, size, width, max_lines) } else { all };
    let widest = lines.iter().map(|l| measure.width(l, size)).fold(0.0_f32, f32::max);
    Text { lines, width: widest, cut }
}

/// The ways of writing a label, made only as they are asked for (most labels fit with the
/// first): whole, widest first, then cut short to one line.
struct Texts<'a> {
    name: &'a str,
    size: f32,
    measure: &'a dyn TextMeasure,
    made: Vec<Text>,
    tried: usize,
}

impl<'a> Texts<'a> {
    /// How many ways there are to try.
    const WAYS: usize = 1 + NARROWER.len() + CUT_WIDTHS.len();

    fn new(name: &'a str, style: &Style, measure: &'a dyn TextMeasure) -> Self {
        Self { name, size: style.label_size, measure, made: Vec::new(), tried: 0 }
    }

    /// The `way`-th way of writing the name, if it differs from the ones before.
    fn make(&self, way: usize) -> Option<Text> {
        if self.name.is_empty() {
            return (way == 0).then(|| Text { lines: Vec::new(), width: 0.0, cut: false });
        }
        if way == 0 {
            return Some(wrapped(self.measure, self.name, self.size, LABEL_MAX_WIDTH, MAX_LINES));
        }
        if let Some((width, lines)) = NARROWER.get(way - 1) {
            return Some(wrapped(self.measure, self.name, self.size, *width, *lines));
        }
        let width = CUT_WIDTHS.get(way - 1 - NARROWER.len())?;
        let line = elide(self.measure, self.name, self.size, *width, MIN_KEPT).filter(|l| l.ends_with('…'))?;
        let width = self.measure.width(&line, self.size);
        Some(Text { lines: vec![line], width, cut: true })
    }

    /// The `i`-th distinct way of writing the name, if there are that many.
    fn get(&mut self, i: usize) -> Option<Text> {
        while self.made.len() <= i && self.tried < Self::WAYS {
            let text = self.make(self.tried);
            self.tried += 1;
            if let Some(text) = text
                && self.made.iter().all(|t| t.lines != text.lines)
            {
                self.made.push(text);
            }
        }
        self.made.get(i).cloned()
    }
}

/// The size of the label's box for `text`.
fn box_size(content: &Content<'_>, text: &Text, style: &Style, measure: &dyn TextMeasure) -> Pos {
    let line_height = style.label_size * measure.line_height();
    let marks = marks_width(content.marks.len(), !text.lines.is_empty());
    let height = (line_height * text.lines.len() as f32).max(if content.marks.is_empty() { 0.0 } else { MARK_HEIGHT });
    Pos::new(marks + text.width + 2.0 * PAD_X, height + 2.0 * PAD_Y)
}

/// The box and badge of a label at `rect`.
fn footprint(content: &Content<'_>, rect: SceneRect, style: &Style, measure: &dyn TextMeasure) -> SceneRect {
    match content.badge {
        Some(open) => rect.union(badge_box(flow_badge_center(&rect), open.count, style, measure)),
        None => rect,
    }
}

/// A place tried for a label.
#[derive(Clone, Copy, Debug)]
struct Spot {
    rect: SceneRect,
    /// The point of the route a label this far off points to with a leader line.
    leader: Option<Pos>,
}

/// The box of `size` whose nearest edge lies `distance` from `anchor` in the unit direction
/// `toward`.
fn toward_box(anchor: Pos, toward: Pos, size: Pos, distance: f32) -> SceneRect {
    let half = (toward.x * size.x).abs() / 2.0 + (toward.y * size.y).abs() / 2.0 + distance;
    SceneRect::from_center_size(Pos::new(anchor.x + toward.x * half, anchor.y + toward.y * half), size.x, size.y)
}

/// The normal of the route at `t` on the side a label there prefers: away from sibling flows,
/// or for a flow alone above the line (right of it when the line is upright).
fn preferred_normal(d: Pos, away: Pos) -> Pos {
    let normal = Pos::new(-d.y, d.x);
    let keep = if away.x.abs() + away.y.abs() > 0.0 {
        normal.x * away.x + normal.y * away.y >= 0.0
    } else if normal.y.abs() > 0.1 {
        normal.y < 0.0
    } else {
        normal.x > 0.0
    };
    if keep { normal } else { Pos::new(-normal.x, -normal.y) }
}

/// Places for a label of `size` near the route, best first: on the line, then just beside it.
fn near_spots(points: &[Pos], size: Pos, away: Pos) -> Vec<Spot> {
    let mut spots: Vec<Spot> = ALONG
        .into_iter()
        .map(|t| Spot { rect: SceneRect::from_center_size(point_along(points, t).0, size.x, size.y), leader: None })
        .collect();
    for t in BESIDE {
        let (p, d) = point_along(points, t);
        let n = preferred_normal(d, away);
        for toward in [n, Pos::new(-n.x, -n.y)] {
            spots.push(Spot { rect: toward_box(p, toward, size, BESIDE_GAP), leader: None });
        }
    }
    spots
}

/// Places further off, past sibling lanes and their labels, each with a leader line: beside
/// the line, then all round the middle of the route.
fn far_spots(points: &[Pos], size: Pos, away: Pos) -> Vec<Spot> {
    let (middle, d) = point_along(points, 0.5);
    let n = preferred_normal(d, away);
    let mut spots = Vec::new();
    for further in FURTHER {
        for t in BESIDE {
            let (p, d) = point_along(points, t);
            let n = preferred_normal(d, away);
            for toward in [n, Pos::new(-n.x, -n.y)] {
                spots.push(Spot { rect: toward_box(p, toward, size, BESIDE_GAP + further), leader: Some(p) });
            }
        }
        // Diagonally off the middle, and beyond it along the line.
        let diagonal = std::f32::consts::FRAC_1_SQRT_2;
        for (a, b) in [(1.0, 1.0), (1.0, -1.0), (-1.0, 1.0), (-1.0, -1.0), (0.0, 1.0), (0.0, -1.0)] {
            let toward = if a == 0.0 {
                Pos::new(d.x * b, d.y * b)
            } else {
                Pos::new((n.x * a + d.x * b) * diagonal, (n.y * a + d.y * b) * diagonal)
            };
            spots.push(Spot { rect: toward_box(middle, toward, size, BESIDE_GAP + further), leader: Some(middle) });
        }
    }
    spots
}

/// Places the label of flow `id` on the route `points`, clear of `obstacles` where it can be.
/// `away` points to the route's side away from its siblings (zero if none). `None` if there is
/// nothing to show.
pub fn place(
    id: &FlowId,
    content: &Content<'_>,
    points: &[Pos],
    away: Pos,
    obstacles: &Obstacles,
    style: &Style,
    measure: &dyn TextMeasure,
) -> Option<Placed> {
    if content.is_empty() || points.len() < 2 {
        return None;
    }
    let reach = points.iter().fold(SceneRect::NOTHING, |b, p| b.union(SceneRect { min: *p, max: *p })).expand(REACH);
    let mut texts = Texts::new(content.name, style, measure);
    let placed = |text: &Text, spot: Spot| {
        let footprint = footprint(content, spot.rect, style, measure);
        Placed { rect: spot.rect, lines: text.lines.clone(), cut: text.cut, footprint, leader: spot.leader }
    };
    // The spots of a text clear of heads and earlier labels, with how much of an element each
    // covers.
    let clear = |text: &Text, far: bool| {
        let size = box_size(content, text, style, measure);
        let spots = if far { far_spots(points, size, away) } else { near_spots(points, size, away) };
        spots.into_iter().filter_map(move |spot| {
            let print = footprint(content, spot.rect, style, measure);
            (reach.contains_rect(&print) && !obstacles.blocks(&print, id))
                .then(|| (spot, obstacles.over_elements(&print)))
        })
    };
    // Near the line and clear of elements, whole then cut short; then further off; else the
    // spot covering the least of an element.
    for far in [false, true] {
        for i in 0.. {
            let Some(text) = texts.get(i) else { break };
            if let Some((spot, _)) = clear(&text, far).find(|(_, over)| *over <= 0.0) {
                return Some(placed(&text, spot));
            }
        }
    }
    let mut best: Option<(f32, Text, Spot)> = None;
    for far in [false, true] {
        for i in 0.. {
            let Some(text) = texts.get(i) else { break };
            for (spot, over) in clear(&text, far) {
                if best.as_ref().is_none_or(|(least, ..)| over < *least) {
                    best = Some((over, text.clone(), spot));
                }
            }
        }
    }
    if let Some((_, text, spot)) = best {
        return Some(placed(&text, spot));
    }
    // Nowhere is clear: the shortest text on the middle of the line.
    let text = texts.made.last().cloned().unwrap_or_else(|| Text { lines: Vec::new(), width: 0.0, cut: false });
    let size = box_size(content, &text, style, measure);
    Some(placed(
        &text,
        Spot { rect: SceneRect::from_center_size(point_along(points, 0.5).0, size.x, size.y), leader: None },
    ))
}

/// How the leader line from a label set off from its flow is drawn.
#[must_use]
pub fn leader_stroke(style: &Style) -> Stroke {
    Stroke::dashed(0.8, style.muted, 2.0, 2.0)
}

/// The point of `r` nearest `p`.
fn nearest_in(r: &SceneRect, p: Pos) -> Pos {
    Pos::new(p.x.clamp(r.min.x, r.max.x), p.y.clamp(r.min.y, r.max.y))
}

/// Draws a placed label: its box, marks, text and badge. `muted` for an out-of-scope flow.
pub fn draw(
    scene: &mut Scene,
    owner: &Owner,
    content: &Content<'_>,
    placed: &Placed,
    muted: bool,
    style: &Style,
    measure: &dyn TextMeasure,
) {
    let rect = placed.rect;
    let size = style.label_size;
    let line_height = size * measure.line_height();
    if let Some(anchor) = placed.leader {
        let points = vec![anchor, nearest_in(&rect, anchor)];
        scene.push(Some(owner), Shape::Line { points, stroke: leader_stroke(style) });
    }
    scene.push(Some(owner), Shape::Rect { rect, radius: 3.0, fill: Some(style.label_background), stroke: None });
    let mark_top = rect.center().y - MARK_HEIGHT / 2.0;
    for (i, mark) in content.marks.iter().enumerate() {
        let left = rect.min.x + PAD_X + i as f32 * (MARK_WIDTH + MARK_GAP);
        let color = if muted { style.muted } else { mark.color(style) };
        for shape in mark.shapes(Pos::new(left, mark_top), color, style.label_background) {
            scene.push(Some(owner), shape);
        }
    }
    let text_left = rect.min.x + PAD_X + marks_width(content.marks.len(), true);
    let text_width = rect.max.x - PAD_X - text_left;
    let top = rect.center().y - line_height * placed.lines.len() as f32 / 2.0;
    for (i, line) in placed.lines.iter().enumerate() {
        let width = measure.width(line, size);
        let pos = Pos::new(text_left + text_width / 2.0, top + i as f32 * line_height);
        scene.push(
            Some(owner),
            Shape::Text { pos, text: line.clone(), size, color: style.ink, align: Align::Middle, width },
        );
    }
    if let Some(open) = content.badge {
        for shape in badge_shapes(flow_badge_center(&rect), open, style, measure) {
            scene.push(Some(owner), shape);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::FontMetrics;
    use super::super::geometry::Outline;
    use super::super::obstacles::Obstacle;
    use super::*;
    use crate::model::ElementId;

    fn content(name: &str) -> Content<'_> {
        Content { name, marks: Vec::new(), badge: None }
    }

    #[test]
    fn a_label_sits_on_a_line_with_room_for_it() {
        let (style, measure) = (Style::light(), FontMetrics::shipped());
        let points = [Pos::new(0.0, 0.0), Pos::new(400.0, 0.0)];
        let placed = place(
            &FlowId::new("f"),
            &content("login response"),
            &points,
            Pos::default(),
            &Obstacles::default(),
            &style,
            &measure,
        )
        .expect("placed");
        assert!((placed.rect.center().x - 200.0).abs() < 1e-3 && placed.rect.center().y.abs() < 1e-3);
        assert!(!placed.cut);
    }

    #[test]
    fn a_short_line_gets_its_label_beside_it_or_cut_short() {
        let (style, measure) = (Style::light(), FontMetrics::shipped());
        let points = [Pos::new(0.0, 0.0), Pos::new(40.0, 0.0)];
        let mut obstacles = Obstacles::default();
        let head = super::super::flows::head_room(&super::super::geometry::arrow_head(points[0], points[1], 11.0, 4.5));
        obstacles.insert(Obstacle::Head(FlowId::new("f"), 0), head, Outline::Box);
        let f = FlowId::new("f");
        let placed =
            place(&f, &content("credentials, TOTP code"), &points, Pos::default(), &obstacles, &style, &measure)
                .expect("placed");
        assert!(!placed.footprint.expand(-0.01).intersects(&head), "{placed:?}");
        assert!(placed.rect.max.y < 0.0, "above the line: {placed:?}");
        // Elements on both sides and above leave no room beside the line: the label is cut.
        for (id, x) in [("a", -200.0), ("b", 40.0)] {
            let r = SceneRect::from_min_size(Pos::new(x, -100.0), Pos::new(160.0, 200.0));
            obstacles.insert(Obstacle::Element(ElementId::new(id)), r, Outline::Box);
        }
        let placed =
            place(&f, &content("credentials, TOTP code"), &points, Pos::default(), &obstacles, &style, &measure)
                .expect("placed");
        assert!(!placed.footprint.expand(-0.01).intersects(&head), "{placed:?}");
        assert!(placed.cut && placed.lines[0].ends_with('…'), "{placed:?}");
    }
}

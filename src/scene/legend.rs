//! The legend: a key to the notation, for readers who have never seen a DFD. Each entry is a
//! sample drawn with the very shapes the scene draws, and a few words on what it means; a
//! diagram's legend holds the entries of the notation its scene uses, laid out as plain scene
//! items in a frame. The canvas (View > Legend) and every export (`ExportOptions::legend`)
//! draw this one legend, so the key and the picture never disagree.

use std::collections::BTreeSet;

use super::dfd::{arrow_shapes, boundary_shape, element_shapes, flow_stroke};
use super::flows::{HEAD_HALF_WIDTH, HEAD_LENGTH};
use super::geometry::{Pos, SceneRect, arrow_head, shape_bounds};
use super::labels::leader_stroke;
use super::marks::{MARK_HEIGHT, MARK_WIDTH, Mark};
use super::{Align, Item, Owner, Scene, Shape, Stroke, Style, TextMeasure};
use crate::model::{
    BoundaryId, DataFlow, Diagram, DiagramId, DiagramView, Element, ElementId, ElementKind, ElementKindTag, FlowId,
    Message, MessageId, MessageKind, Model, SequenceView, TrustBoundary,
};

/// The box every sample is drawn in: from (0, 0) to this corner, in diagram units.
pub const LEGEND_SAMPLE: Pos = Pos::new(56.0, 28.0);
/// Gap between a sample and its words, and between entries on a row.
const GAP: f32 = 8.0;
const ENTRY_GAP: f32 = 22.0;
/// Gap between rows.
const ROW_GAP: f32 = 8.0;
/// Padding inside the legend's frame.
const PADDING: f32 = 10.0;

/// One entry of the legend.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    /// The sample, inside (0, 0)–[`LEGEND_SAMPLE`].
    pub sample: Vec<Shape>,
    /// What it means.
    pub text: &'static str,
}

/// A legend laid out: its items (frame first) and the frame's box, in diagram units.
#[derive(Clone, Debug, PartialEq)]
pub struct Legend {
    /// Plain items (no owner), painted in order.
    pub items: Vec<Item>,
    /// The box the frame covers; every item lies inside it.
    pub frame: SceneRect,
}

/// When an entry of the data-flow notation belongs in a diagram's legend.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shown {
    /// Always: the basic notation.
    Always,
    /// When the scene draws a shape that looks like one of the sample's and like none of the
    /// basic notation's (an out-of-scope outline, a padlock, a badge...).
    Drawn,
    /// When a flow has heads at both ends.
    BothWays,
    /// When a label is cut short or set off from its flow on a leader line.
    SetOff,
}

/// How a shape looks, leaving out where it is and what it says.
fn look(shape: &Shape) -> Option<String> {
    match shape {
        Shape::Rect { fill, stroke, radius, .. } => Some(format!("rect {fill:?} {stroke:?} {radius}")),
        Shape::Ellipse { fill, stroke, .. } => Some(format!("ellipse {fill:?} {stroke:?}")),
        Shape::Line { stroke, .. } => Some(format!("line {stroke:?}")),
        Shape::Polygon { fill, stroke, .. } => Some(format!("polygon {fill:?} {stroke:?}")),
        Shape::Text { .. } => None,
    }
}

/// The legend's words for the threat badge.
const OPEN_THREATS: &str = "Open threats, coloured by the highest severity: unrated, low, medium, high, critical";

/// One small disc per badge colour, lowest severity first: a badge drawn in any of them is a
/// badge, so the entry shows whatever severities the diagram has.
fn badge_sample(style: &Style) -> Vec<Shape> {
    let step = LEGEND_SAMPLE.x / style.threat_badges.len() as f32;
    let radius = step / 2.0 - 0.5;
    (0..style.threat_badges.len())
        .map(|i| Shape::Ellipse {
            center: Pos::new(step * (i as f32 + 0.5), LEGEND_SAMPLE.y / 2.0),
            radius: Pos::new(radius, radius),
            fill: Some(style.threat_badges[i]),
            stroke: None,
        })
        .collect()
}

/// A flow's line across the sample, with its heads.
fn line_sample(stroke: Stroke, both_ways: bool) -> Vec<Shape> {
    let (from, to) = (Pos::new(3.0, LEGEND_SAMPLE.y / 2.0), Pos::new(LEGEND_SAMPLE.x - 3.0, LEGEND_SAMPLE.y / 2.0));
    let mut heads = vec![arrow_head(from, to, HEAD_LENGTH, HEAD_HALF_WIDTH)];
    if both_ways {
        heads.push(arrow_head(to, from, HEAD_LENGTH, HEAD_HALF_WIDTH));
    }
    arrow_shapes(vec![from, to], &heads, stroke)
}

/// A mark in the middle of the sample, on a label's background.
fn mark_sample(mark: Mark, style: &Style) -> Vec<Shape> {
    let center = Pos::new(LEGEND_SAMPLE.x / 2.0, LEGEND_SAMPLE.y / 2.0);
    let top_left = Pos::new(center.x - MARK_WIDTH / 2.0, center.y - MARK_HEIGHT / 2.0);
    let mut shapes = vec![Shape::Rect {
        rect: SceneRect::from_center_size(center, MARK_WIDTH + 8.0, MARK_HEIGHT + 4.0),
        radius: 3.0,
        fill: Some(style.label_background),
        stroke: None,
    }];
    shapes.extend(mark.shapes(top_left, mark.color(style), style.label_background));
    shapes
}

/// A label set off from its flow, with its leader line, its name cut short.
fn set_off_sample(style: &Style, measure: &dyn TextMeasure) -> Vec<Shape> {
    let y = LEGEND_SAMPLE.y - 5.0;
    let (from, to) = (Pos::new(3.0, y), Pos::new(LEGEND_SAMPLE.x - 3.0, y));
    let mut shapes = arrow_shapes(
        vec![from, to],
        &[arrow_head(from, to, HEAD_LENGTH, HEAD_HALF_WIDTH)],
        flow_stroke(false, false, style),
    );
    let size = style.small_size * 0.8;
    let text = "name\u{2026}".to_owned();
    let width = measure.width(&text, size);
    let label = SceneRect::from_center_size(Pos::new(LEGEND_SAMPLE.x / 2.0, 7.0), width + 6.0, size * 1.2 + 2.0);
    shapes.push(Shape::Line {
        points: vec![Pos::new(LEGEND_SAMPLE.x / 2.0, y), Pos::new(LEGEND_SAMPLE.x / 2.0, label.max.y)],
        stroke: leader_stroke(style),
    });
    shapes.push(Shape::Rect { rect: label, radius: 2.0, fill: Some(style.label_background), stroke: None });
    shapes.push(Shape::Text {
        pos: Pos::new(label.center().x, label.min.y + 1.0),
        text,
        size,
        color: style.ink,
        align: Align::Middle,
        width,
    });
    shapes
}

/// Every entry of the data-flow notation, in reading order, with when it is shown.
fn dfd_notation(style: &Style, measure: &dyn TextMeasure) -> Vec<(LegendEntry, Shown)> {
    let element = |tag: ElementKindTag| -> Vec<Shape> {
        let kind: ElementKind = tag.default_kind();
        let rect = SceneRect::from_min_size(Pos::new(4.0, 3.0), Pos::new(LEGEND_SAMPLE.x - 8.0, LEGEND_SAMPLE.y - 6.0));
        element_shapes(&kind, rect, false, style).0
    };
    // An element and a flow left out of the analysis.
    let mut out_of_scope = element_shapes(
        &ElementKindTag::Process.default_kind(),
        SceneRect::from_min_size(Pos::new(2.0, 4.0), Pos::new(22.0, LEGEND_SAMPLE.y - 8.0)),
        true,
        style,
    )
    .0;
    let (from, to) = (Pos::new(24.0, LEGEND_SAMPLE.y / 2.0), Pos::new(LEGEND_SAMPLE.x - 3.0, LEGEND_SAMPLE.y / 2.0));
    out_of_scope.extend(arrow_shapes(
        vec![from, to],
        &[arrow_head(from, to, HEAD_LENGTH, HEAD_HALF_WIDTH)],
        flow_stroke(true, false, style),
    ));
    let mut exposed = line_sample(flow_stroke(false, true, style), false);
    exposed.extend(mark_sample(Mark::Exposed, style));
    let entry = |sample, text| LegendEntry { sample, text };
    vec![
        (entry(element(ElementKindTag::Process), "Process"), Shown::Always),
        (entry(element(ElementKindTag::ExternalEntity), "External entity"), Shown::Always),
        (entry(element(ElementKindTag::DataStore), "Data store"), Shown::Always),
        (
            entry(
                vec![boundary_shape(
                    SceneRect::from_min_size(
                        Pos::new(2.0, 2.0),
                        Pos::new(LEGEND_SAMPLE.x - 4.0, LEGEND_SAMPLE.y - 4.0),
                    ),
                    style,
                )],
                "Trust boundary",
            ),
            Shown::Always,
        ),
        (entry(line_sample(flow_stroke(false, false, style), false), "Data flow"), Shown::Always),
        (entry(line_sample(flow_stroke(false, false, style), true), "Data flow both ways"), Shown::BothWays),
        (entry(mark_sample(Mark::Encrypted, style), "Encrypted in transit"), Shown::Drawn),
        (entry(mark_sample(Mark::Authenticated, style), "Sender authenticated"), Shown::Drawn),
        (entry(exposed, "Not encrypted, yet crosses a trust boundary"), Shown::Drawn),
        (entry(out_of_scope, "Out of scope"), Shown::Drawn),
        (
            entry(
                set_off_sample(style, measure),
                "A label set off from its flow; \u{201c}\u{2026}\u{201d} ends a name cut short",
            ),
            Shown::SetOff,
        ),
        (entry(badge_sample(style), OPEN_THREATS), Shown::Drawn),
    ]
}

/// The whole data-flow notation, in reading order, whatever a diagram uses: the key a reader
/// new to DFDs would want in full (a diagram's legend keeps only what it draws).
#[must_use]
pub fn notation(style: &Style, measure: &dyn TextMeasure) -> Vec<LegendEntry> {
    dfd_notation(style, measure).into_iter().map(|(entry, _)| entry).collect()
}

/// The entries of the notation `scene` (a scene of a diagram shown as `view`) uses.
#[must_use]
pub fn entries(view: &DiagramView, scene: &Scene, style: &Style, measure: &dyn TextMeasure) -> Vec<LegendEntry> {
    match view {
        DiagramView::Dfd(_) => dfd_entries(scene, style, measure),
        DiagramView::Sequence(_) => sequence_entries(scene, style, measure),
    }
}

fn dfd_entries(scene: &Scene, style: &Style, measure: &dyn TextMeasure) -> Vec<LegendEntry> {
    let all = dfd_notation(style, measure);
    let drawn: BTreeSet<String> = scene.items.iter().filter_map(|i| look(&i.shape)).collect();
    let basic: BTreeSet<String> =
        all.iter().filter(|(_, shown)| *shown == Shown::Always).flat_map(|(e, _)| &e.sample).filter_map(look).collect();
    let both_ways = scene.layout.flows.values().any(|p| p.heads.len() > 1);
    let leader = look(&Shape::Line { points: Vec::new(), stroke: leader_stroke(style) });
    let set_off =
        scene.layout.flows.values().any(|p| p.full_label.is_some()) || leader.is_some_and(|l| drawn.contains(&l));
    all.into_iter()
        .filter(|(entry, shown)| match shown {
            Shown::Always => true,
            Shown::Drawn => entry.sample.iter().filter_map(look).any(|l| !basic.contains(&l) && drawn.contains(&l)),
            Shown::BothWays => both_ways,
            Shown::SetOff => set_off,
        })
        .map(|(entry, _)| entry)
        .collect()
}

/// The legend of `scene` (a scene of a diagram shown as `view`), its entries in rows no wider
/// than `max_width`, its top-left corner at `origin`.
#[must_use]
pub fn legend(
    view: &DiagramView,
    scene: &Scene,
    style: &Style,
    measure: &dyn TextMeasure,
    origin: Pos,
    max_width: f32,
) -> Legend {
    let size = style.label_size;
    let line_height = size * measure.line_height();
    let mut items = Vec::new();
    let mut push = |shape| items.push(Item { owner: None, shape });
    let title = "Legend";
    let title_width = measure.width(title, style.small_size);
    push(Shape::Text {
        pos: Pos::new(origin.x + PADDING, origin.y + PADDING),
        text: title.to_owned(),
        size: style.small_size,
        color: style.muted,
        align: Align::Start,
        width: title_width,
    });
    let left = origin.x + PADDING;
    let right_limit = origin.x + max_width.max(LEGEND_SAMPLE.x * 4.0) - PADDING;
    let mut x = left;
    let mut y = origin.y + PADDING + style.small_size * measure.line_height() + 6.0;
    let mut right = left + title_width;
    for entry in entries(view, scene, style, measure) {
        let text_width = measure.width(entry.text, size);
        let width = LEGEND_SAMPLE.x + GAP + text_width;
        if x > left && x + width > right_limit {
            x = left;
            y += LEGEND_SAMPLE.y + ROW_GAP;
        }
        for shape in &entry.sample {
            push(offset(shape, Pos::new(x, y)));
        }
        push(Shape::Text {
            pos: Pos::new(x + LEGEND_SAMPLE.x + GAP, y + (LEGEND_SAMPLE.y - line_height) / 2.0),
            text: entry.text.to_owned(),
            size,
            color: style.ink,
            align: Align::Start,
            width: text_width,
        });
        right = right.max(x + width);
        x += width + ENTRY_GAP;
    }
    let frame = SceneRect { min: origin, max: Pos::new(right + PADDING, y + LEGEND_SAMPLE.y + PADDING) };
    let back = Shape::Rect { rect: frame, radius: 4.0, fill: None, stroke: Some(Stroke::solid(1.0, style.muted)) };
    items.insert(0, Item { owner: None, shape: back });
    Legend { items, frame }
}

impl Legend {
    /// The same legend with its frame's top-left corner at `origin`.
    #[must_use]
    pub fn moved_to(self, origin: Pos) -> Self {
        let by = Pos::new(origin.x - self.frame.min.x, origin.y - self.frame.min.y);
        let items = self.items.into_iter().map(|i| Item { owner: i.owner, shape: offset(&i.shape, by) }).collect();
        let frame = SceneRect {
            min: Pos::new(self.frame.min.x + by.x, self.frame.min.y + by.y),
            max: Pos::new(self.frame.max.x + by.x, self.frame.max.y + by.y),
        };
        Self { items, frame }
    }
}

fn element(kind: ElementKindTag) -> Element {
    Element { kind: kind.default_kind(), ..Element::default() }
}

/// The items of `scene` that `owner` draws, without text (samples carry no names).
fn drawn_by(scene: &Scene, owner: &Owner) -> Vec<Shape> {
    scene
        .items
        .iter()
        .filter(|i| i.owner.as_ref() == Some(owner) && !matches!(i.shape, Shape::Text { .. }))
        .map(|i| i.shape.clone())
        .collect()
}

/// The sequence notation: samples cut from the scene of a tiny sequence diagram, so they are
/// drawn by the code that draws the diagram.
fn sequence_entries(diagram_scene: &Scene, style: &Style, measure: &dyn TextMeasure) -> Vec<LegendEntry> {
    let mut model = Model::default();
    let id = |s: &str| ElementId::new(s);
    model.elements.insert(id("p"), element(ElementKindTag::Process));
    model
        .elements
        .insert(id("e"), Element { boundary: Some(BoundaryId::new("b")), ..element(ElementKindTag::ExternalEntity) });
    model.elements.insert(id("s"), element(ElementKindTag::DataStore));
    model.boundaries.insert(BoundaryId::new("b"), TrustBoundary::default());
    for (name, from, to) in [("pe", "p", "e"), ("ps", "p", "s")] {
        model.flows.insert(FlowId::new(name), DataFlow { source: id(from), target: id(to), ..DataFlow::default() });
    }
    let message = |name: &str, from: &str, to: &str, flow: &str, kind| Message {
        id: MessageId::new(name),
        from: id(from),
        to: id(to),
        flow: Some(FlowId::new(flow)),
        kind,
        text: String::new(),
    };
    let view = SequenceView {
        lifelines: vec![id("p"), id("e"), id("s")],
        messages: vec![
            message("call", "p", "s", "ps", MessageKind::Call),
            // Left to right like the others: the samples are cut from their tips.
            message("reply", "p", "s", "ps", MessageKind::Reply),
            message("async", "p", "s", "ps", MessageKind::Async),
            message("cross", "p", "e", "pe", MessageKind::Call),
        ],
        ..SequenceView::default()
    };
    let diagram = DiagramId::new("legend");
    model.diagrams.push(Diagram { id: diagram.clone(), name: String::new(), view: DiagramView::Sequence(view) });
    let Ok(scene) = super::build(&model, &diagram, style, measure) else {
        return Vec::new();
    };
    let is_marker = |s: &Shape| matches!(s, Shape::Polygon { points, fill: Some(c), .. } if points.len() == 4 && *c == style.boundary);
    // A message's line and head, without its label's backdrop or a boundary marker.
    let arrow = |name: &str| {
        let shapes = drawn_by(&scene, &Owner::Message(MessageId::new(name)));
        cut_from_tip(shapes.into_iter().filter(|s| !matches!(s, Shape::Rect { .. }) && !is_marker(s)).collect())
    };
    let head = |name: &str| fit(drawn_by(&scene, &Owner::Element(id(name))));
    let entry = |sample, text| LegendEntry { sample, text };
    let mut entries = vec![
        entry(head("p"), "Process"),
        entry(head("e"), "External entity"),
        entry(head("s"), "Data store"),
        entry(arrow("call"), "Call"),
        entry(arrow("reply"), "Reply"),
        entry(arrow("async"), "Asynchronous message"),
    ];
    if diagram_scene.items.iter().any(|i| matches!(i.owner, Some(Owner::Boundary(_)))) {
        // A band is as tall as the diagram: its sample is the band's outline on the sample box.
        let band = drawn_by(&scene, &Owner::Boundary(BoundaryId::new("b")));
        entries.push(entry(on_sample_box(band), "Trust boundary"));
    }
    if diagram_scene.items.iter().any(|i| is_marker(&i.shape)) {
        let marker: Vec<Shape> =
            drawn_by(&scene, &Owner::Message(MessageId::new("cross"))).into_iter().filter(is_marker).take(1).collect();
        entries.push(entry(fit(marker), "Crosses a trust boundary"));
    }
    entries
}

fn bounds_of(shapes: &[Shape]) -> SceneRect {
    shapes.iter().fold(SceneRect::NOTHING, |b, s| b.union(shape_bounds(s)))
}

/// Shapes scaled down (never up) and centred to fit the sample box. Line widths keep their
/// size, so a sample's outline looks like the diagram's.
fn fit(shapes: Vec<Shape>) -> Vec<Shape> {
    let b = bounds_of(&shapes);
    if b.is_empty() {
        return shapes;
    }
    // Room for the outline's stroke.
    let room = Pos::new(LEGEND_SAMPLE.x - 4.0, LEGEND_SAMPLE.y - 4.0);
    let factor = (room.x / b.width().max(1.0)).min(room.y / b.height().max(1.0)).min(1.0);
    let target = Pos::new(LEGEND_SAMPLE.x / 2.0, LEGEND_SAMPLE.y / 2.0);
    let center = b.center();
    let map = |p: Pos| Pos::new(target.x + (p.x - center.x) * factor, target.y + (p.y - center.y) * factor);
    shapes.into_iter().map(|s| transform(s, &map, factor)).collect()
}

/// Rectangles redrawn on the whole sample box, keeping their paint and corners.
fn on_sample_box(shapes: Vec<Shape>) -> Vec<Shape> {
    let sample = SceneRect::from_min_size(Pos::new(1.0, 1.0), Pos::new(LEGEND_SAMPLE.x - 2.0, LEGEND_SAMPLE.y - 2.0));
    shapes
        .into_iter()
        .filter_map(|s| match s {
            Shape::Rect { radius, fill, stroke, .. } => Some(Shape::Rect { rect: sample, radius, fill, stroke }),
            _ => None,
        })
        .collect()
}

/// Shapes of a horizontal arrow moved so the tip sits at the sample's right edge and cut at
/// its left edge, so arrow heads keep their real size.
fn cut_from_tip(shapes: Vec<Shape>) -> Vec<Shape> {
    let b = bounds_of(&shapes);
    if b.is_empty() {
        return shapes;
    }
    let (dx, dy) = (LEGEND_SAMPLE.x - b.max.x, LEGEND_SAMPLE.y / 2.0 - b.center().y);
    let map = |p: Pos| Pos::new((p.x + dx).max(0.0), p.y + dy);
    shapes.into_iter().map(|s| transform(s, &map, 1.0)).collect()
}

/// `shape` with its points mapped by `map` and its radii multiplied by `factor`.
fn transform(shape: Shape, map: &dyn Fn(Pos) -> Pos, factor: f32) -> Shape {
    match shape {
        Shape::Rect { rect, radius, fill, stroke } => Shape::Rect {
            rect: SceneRect { min: map(rect.min), max: map(rect.max) },
            radius: radius * factor,
            fill,
            stroke,
        },
        Shape::Ellipse { center, radius, fill, stroke } => {
            Shape::Ellipse { center: map(center), radius: Pos::new(radius.x * factor, radius.y * factor), fill, stroke }
        }
        Shape::Line { points, stroke } => Shape::Line { points: points.into_iter().map(map).collect(), stroke },
        Shape::Polygon { points, fill, stroke } => {
            Shape::Polygon { points: points.into_iter().map(map).collect(), fill, stroke }
        }
        Shape::Text { pos, text, size, color, align, width } => {
            Shape::Text { pos: map(pos), text, size, color, align, width }
        }
    }
}

/// `shape` moved by `by`.
fn offset(shape: &Shape, by: Pos) -> Shape {
    transform(shape.clone(), &|p| Pos::new(p.x + by.x, p.y + by.y), 1.0)
}

#[cfg(test)]
mod tests {
    use super::super::{FontMetrics, build, fixtures};
    use super::*;
    use crate::model::{DfdView, Rect, Threat, ThreatCategory, ThreatId, ThreatTarget};

    fn texts(items: &[Item]) -> Vec<&str> {
        items
            .iter()
            .filter_map(|i| match &i.shape {
                Shape::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    /// A model of one diagram with one process, and the scene of that diagram.
    fn lone_process(with_threat: bool) -> (Model, Scene) {
        let mut model = Model::default();
        model.elements.insert(ElementId::new("a"), element(ElementKindTag::Process));
        let mut view = DfdView::default();
        view.nodes.insert(ElementId::new("a"), Rect::new(0, 0, 100, 60));
        if with_threat {
            model.threats.insert(
                ThreatId::new("t"),
                Threat::new(ThreatTarget::Element(ElementId::new("a")), ThreatCategory::Tampering, "x"),
            );
        }
        model.diagrams.push(Diagram { id: DiagramId::new("d"), name: "D".into(), view: DiagramView::Dfd(view) });
        let scene = build(&model, &DiagramId::new("d"), &Style::light(), &FontMetrics::shipped()).expect("scene");
        (model, scene)
    }

    /// Every outline, fill and line style a data-flow diagram draws has an entry in its
    /// legend that draws it too: a new notation without an entry fails here.
    #[test]
    fn the_legend_shows_everything_a_diagram_draws() {
        let (style, measure) = (Style::light(), FontMetrics::shipped());
        let mut model = fixtures::gallery();
        let (entity, process) = (ElementId::new("logina"), ElementId::new("fivea"));
        for (i, target) in [&entity, &process].into_iter().enumerate() {
            model.threats.insert(
                ThreatId::new(format!("t{i}")),
                Threat::new(ThreatTarget::Element(target.clone()), ThreatCategory::Spoofing, "Spoofed"),
            );
        }
        if let Some(e) = model.elements.get_mut(&process) {
            e.out_of_scope = true;
        }
        let scene = build(&model, &model.diagrams[0].id, &style, &measure).expect("scene");
        let shown = entries(&model.diagrams[0].view, &scene, &style, &measure);
        let shown_looks: BTreeSet<String> = shown.iter().flat_map(|e| &e.sample).filter_map(look).collect();
        let drawn: BTreeSet<String> = scene.items.iter().filter_map(|i| look(&i.shape)).collect();
        let missing: Vec<&String> = drawn.difference(&shown_looks).collect();
        assert!(missing.is_empty(), "drawn but not in the legend: {missing:#?}");
        // The gallery uses the whole notation.
        assert_eq!(shown.len(), notation(&style, &measure).len());
    }

    #[test]
    fn a_legend_names_only_the_notation_its_diagram_uses() {
        let (style, measure) = (Style::light(), FontMetrics::shipped());
        let (model, scene) = lone_process(false);
        let plain = legend(&model.diagrams[0].view, &scene, &style, &measure, Pos::new(0.0, 0.0), 2000.0);
        assert_eq!(
            texts(&plain.items),
            ["Legend", "Process", "External entity", "Data store", "Trust boundary", "Data flow"]
        );
        let (model, scene) = lone_process(true);
        let with_badge = legend(&model.diagrams[0].view, &scene, &style, &measure, Pos::new(0.0, 0.0), 2000.0);
        assert!(texts(&with_badge.items).contains(&OPEN_THREATS));
        for item in &plain.items {
            assert!(plain.frame.expand(1.0).contains_rect(&shape_bounds(&item.shape)), "{item:?} outside");
        }
    }

    #[test]
    fn a_narrow_legend_wraps_into_rows() {
        let (style, measure) = (Style::light(), FontMetrics::shipped());
        let (model, scene) = lone_process(false);
        let view = &model.diagrams[0].view;
        let wide = legend(view, &scene, &style, &measure, Pos::new(0.0, 0.0), 2000.0).frame;
        let narrow = legend(view, &scene, &style, &measure, Pos::new(0.0, 0.0), 300.0).frame;
        assert!(narrow.height() > wide.height() * 1.5 && narrow.width() < wide.width());
    }

    #[test]
    fn a_sequence_legend_draws_its_messages_as_the_diagram_does() {
        let (style, measure) = (Style::light(), FontMetrics::shipped());
        let model = crate::format::juice_shop_sample();
        let sequence = model.diagrams.iter().find(|d| matches!(d.view, DiagramView::Sequence(_))).expect("a sequence");
        let scene = build(&model, &sequence.id, &style, &measure).expect("scene");
        let shown = entries(&sequence.view, &scene, &style, &measure);
        let names: Vec<&str> = shown.iter().map(|e| e.text).collect();
        assert_eq!(names[..6], ["Process", "External entity", "Data store", "Call", "Reply", "Asynchronous message"]);
        let call = &shown[3];
        assert!(call.sample.iter().any(|s| matches!(s, Shape::Polygon { .. })), "the head: {:?}", call.sample);
        let b = bounds_of(&call.sample);
        assert!(b.min.x >= 0.0 && (b.max.x - LEGEND_SAMPLE.x).abs() < 0.01, "{b:?}");
        // A DFD's legend is another notation.
        let dfd = build(&model, &model.diagrams[0].id, &style, &measure).expect("scene");
        let dfd_names: Vec<&str> =
            entries(&model.diagrams[0].view, &dfd, &style, &measure).iter().map(|e| e.text).collect();
        assert!(dfd_names.contains(&"Data flow") && !dfd_names.contains(&"Call"), "{dfd_names:?}");
    }

    #[test]
    fn samples_stay_in_their_box() {
        let (style, measure) = (Style::light(), FontMetrics::shipped());
        let room = SceneRect::from_min_size(Pos::new(0.0, 0.0), LEGEND_SAMPLE).expand(1.0);
        let (_, scene) = lone_process(false);
        let sequence = sequence_entries(&scene, &style, &measure);
        assert_eq!(sequence.len(), 6);
        for entry in notation(&style, &measure).into_iter().chain(sequence) {
            assert!(!entry.sample.is_empty() && !entry.text.is_empty());
            for shape in &entry.sample {
                assert!(room.contains_rect(&shape_bounds(shape)), "{}: {shape:?}", entry.text);
            }
        }
    }
}

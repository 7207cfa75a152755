//! The legend: a key to the notation, for readers of a slide who have never seen a DFD.
//!
//! Every sample is cut from a scene that [`scene::build`] made of a tiny model, so the key
//! draws processes, flows and boundaries with the very code that draws the diagram and can
//! never drift from it. The result is plain scene items, so SVG, PNG and PDF all get it.

use crate::model::{
    BoundaryId, DataFlow, DfdView, Diagram, DiagramId, DiagramView, Element, ElementId, ElementKindTag, FlowId,
    Message, MessageId, MessageKind, Model, Rect, SequenceView, Threat, ThreatCategory, ThreatId, ThreatTarget,
    TrustBoundary,
};
use crate::scene::{self, Align, Item, Owner, Pos, Scene, SceneRect, Shape, Stroke, Style, TextMeasure, geometry};

/// Size of the box each sample is drawn in.
const SAMPLE_WIDTH: f32 = 56.0;
const SAMPLE_HEIGHT: f32 = 30.0;
/// Gap between a sample and its label, and between entries.
const GAP: f32 = 8.0;
const ENTRY_GAP: f32 = 22.0;
/// Padding inside the legend's frame.
const PADDING: f32 = 10.0;

/// One entry: what to draw and what it means.
struct Entry {
    sample: Vec<Shape>,
    label: &'static str,
}

/// The legend of `scene` (a scene of `diagram`), laid out in rows no wider than `max_width`,
/// with its top-left corner at `origin`. Returns the items and the box they cover.
pub(super) fn legend(
    diagram: &Diagram,
    scene: &Scene,
    style: &Style,
    measure: &dyn TextMeasure,
    origin: Pos,
    max_width: f32,
) -> (Vec<Item>, SceneRect) {
    let entries = match &diagram.view {
        DiagramView::Dfd(_) => dfd_entries(scene, style, measure),
        DiagramView::Sequence(_) => sequence_entries(scene, style, measure),
    };
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
    let right_limit = origin.x + max_width.max(SAMPLE_WIDTH * 4.0) - PADDING;
    let mut x = left;
    let mut y = origin.y + PADDING + style.small_size * measure.line_height() + 6.0;
    let mut right = left + title_width;
    for entry in entries {
        let label_width = measure.width(entry.label, size);
        let width = SAMPLE_WIDTH + GAP + label_width;
        if x > left && x + width > right_limit {
            x = left;
            y += SAMPLE_HEIGHT + 8.0;
        }
        let sample_box = SceneRect::from_min_size(Pos::new(x, y), Pos::new(SAMPLE_WIDTH, SAMPLE_HEIGHT));
        for shape in entry.sample {
            push(offset(&shape, sample_box.min));
        }
        push(Shape::Text {
            pos: Pos::new(x + SAMPLE_WIDTH + GAP, y + (SAMPLE_HEIGHT - line_height) / 2.0),
            text: entry.label.to_owned(),
            size,
            color: style.ink,
            align: Align::Start,
            width: label_width,
        });
        right = right.max(x + width);
        x += width + ENTRY_GAP;
    }
    let frame = SceneRect { min: origin, max: Pos::new(right + PADDING, y + SAMPLE_HEIGHT + PADDING) };
    items.insert(
        0,
        Item {
            owner: None,
            shape: Shape::Rect { rect: frame, radius: 4.0, fill: None, stroke: Some(Stroke::solid(1.0, style.muted)) },
        },
    );
    (items, frame)
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

/// Whether `scene` draws a shape that passes `test`.
fn scene_has(scene: &Scene, test: impl Fn(&Shape) -> bool) -> bool {
    scene.items.iter().any(|i| test(&i.shape))
}

fn dfd_entries(diagram_scene: &Scene, style: &Style, measure: &dyn TextMeasure) -> Vec<Entry> {
    let mut model = Model::default();
    let mut view = DfdView::default();
    let id = |s: &str| ElementId::new(s);
    for (name, kind, x) in [
        ("p", ElementKindTag::Process, 0),
        ("e", ElementKindTag::ExternalEntity, 100),
        ("s", ElementKindTag::DataStore, 200),
    ] {
        model.elements.insert(id(name), element(kind));
        view.nodes.insert(id(name), Rect::new(x, 0, 56, 30));
    }
    model.elements.insert(id("o"), Element { out_of_scope: true, ..element(ElementKindTag::ExternalEntity) });
    view.nodes.insert(id("o"), Rect::new(300, 0, 56, 30));
    model.elements.insert(id("t"), element(ElementKindTag::ExternalEntity));
    view.nodes.insert(id("t"), Rect::new(400, 0, 56, 30));
    model
        .threats
        .insert(ThreatId::new("threat"), Threat::new(ThreatTarget::Element(id("t")), ThreatCategory::Spoofing, ""));
    // Flow ends are points far apart: the flow is cut to the sample's width from its tip.
    for (name, x) in [("a", 0), ("b", 300)] {
        model.elements.insert(id(name), element(ElementKindTag::ExternalEntity));
        view.nodes.insert(id(name), Rect::new(x, 100, 0, 0));
    }
    model.flows.insert(FlowId::new("f"), DataFlow { source: id("a"), target: id("b"), ..DataFlow::default() });
    model.boundaries.insert(BoundaryId::new("b"), TrustBoundary::default());
    view.boundaries.insert(BoundaryId::new("b"), Rect::new(0, 200, 56, 30));
    let Some(scene) = mini_scene(model, DiagramView::Dfd(view), style, measure) else {
        return Vec::new();
    };
    let element_sample = |name: &str| fit(drawn_by(&scene, &Owner::Element(id(name))));
    let mut entries = vec![
        Entry { sample: element_sample("p"), label: "Process" },
        Entry { sample: element_sample("e"), label: "External entity" },
        Entry { sample: element_sample("s"), label: "Data store" },
        Entry { sample: cut_from_tip(drawn_by(&scene, &Owner::Flow(FlowId::new("f")))), label: "Data flow" },
        Entry { sample: fit(drawn_by(&scene, &Owner::Boundary(BoundaryId::new("b")))), label: "Trust boundary" },
    ];
    let dashed_muted = |s: &Shape| matches!(s, Shape::Rect { stroke: Some(st), .. } | Shape::Ellipse { stroke: Some(st), .. } | Shape::Line { stroke: st, .. } if st.dash.is_some() && st.color == style.muted);
    if scene_has(diagram_scene, dashed_muted) {
        entries.push(Entry { sample: element_sample("o"), label: "Out of scope" });
    }
    let is_badge = |s: &Shape| matches!(s, Shape::Ellipse { fill: Some(c), .. } if style.threat_badges.contains(c));
    if scene_has(diagram_scene, is_badge) {
        let badge: Vec<Shape> = scene
            .items
            .iter()
            .filter(|i| i.owner == Some(Owner::Element(id("t"))))
            .skip_while(|i| !is_badge(&i.shape))
            .map(|i| i.shape.clone())
            .collect();
        entries.push(Entry { sample: fit(badge), label: "Open threats" });
    }
    entries
}

fn sequence_entries(diagram_scene: &Scene, style: &Style, measure: &dyn TextMeasure) -> Vec<Entry> {
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
    let Some(scene) = mini_scene(model, DiagramView::Sequence(view), style, measure) else {
        return Vec::new();
    };
    let is_marker = |s: &Shape| matches!(s, Shape::Polygon { points, fill: Some(c), .. } if points.len() == 4 && *c == style.boundary);
    // A message's line and head, without its label's backdrop or a boundary marker.
    let arrow = |name: &str| {
        let shapes = drawn_by(&scene, &Owner::Message(MessageId::new(name)));
        let shapes = shapes.into_iter().filter(|s| !matches!(s, Shape::Rect { .. }) && !is_marker(s)).collect();
        cut_from_tip(shapes)
    };
    let head = |name: &str| fit(drawn_by(&scene, &Owner::Element(id(name))));
    let mut entries = vec![
        Entry { sample: head("p"), label: "Process" },
        Entry { sample: head("e"), label: "External entity" },
        Entry { sample: head("s"), label: "Data store" },
        Entry { sample: arrow("call"), label: "Call" },
        Entry { sample: arrow("reply"), label: "Reply" },
        Entry { sample: arrow("async"), label: "Asynchronous message" },
    ];
    let has_band = diagram_scene.items.iter().any(|i| matches!(i.owner, Some(Owner::Boundary(_))));
    if has_band {
        // A band is as tall as the diagram: its sample is the band's outline on the sample box.
        let band = drawn_by(&scene, &Owner::Boundary(BoundaryId::new("b")));
        entries.push(Entry { sample: on_sample_box(band), label: "Trust boundary" });
    }
    if scene_has(diagram_scene, is_marker) {
        let marker: Vec<Shape> =
            drawn_by(&scene, &Owner::Message(MessageId::new("cross"))).into_iter().filter(is_marker).take(1).collect();
        entries.push(Entry { sample: fit(marker), label: "Crosses a trust boundary" });
    }
    entries
}

/// The scene of a one-diagram model, in the diagram's style.
fn mini_scene(mut model: Model, view: DiagramView, style: &Style, measure: &dyn TextMeasure) -> Option<Scene> {
    let id = DiagramId::new("legend");
    model.diagrams.push(Diagram { id: id.clone(), name: String::new(), view });
    scene::build(&model, &id, style, measure).ok()
}

fn bounds_of(shapes: &[Shape]) -> SceneRect {
    shapes.iter().fold(SceneRect::NOTHING, |b, s| b.union(geometry::shape_bounds(s)))
}

/// Shapes scaled down (never up) and centred to fit the sample box at the origin. Line widths
/// keep their size, so a sample's outline looks like the diagram's.
fn fit(shapes: Vec<Shape>) -> Vec<Shape> {
    let b = bounds_of(&shapes);
    if b.is_empty() {
        return shapes;
    }
    let factor = (SAMPLE_WIDTH / b.width().max(1.0)).min(SAMPLE_HEIGHT / b.height().max(1.0)).min(1.0);
    let target = Pos::new(SAMPLE_WIDTH / 2.0, SAMPLE_HEIGHT / 2.0);
    let center = b.center();
    let map = |p: Pos| Pos::new(target.x + (p.x - center.x) * factor, target.y + (p.y - center.y) * factor);
    shapes.into_iter().map(|s| transform(s, &map, factor)).collect()
}

/// Rectangles redrawn on the whole sample box, keeping their paint and corners.
fn on_sample_box(shapes: Vec<Shape>) -> Vec<Shape> {
    let sample = SceneRect::from_min_size(Pos::new(1.0, 1.0), Pos::new(SAMPLE_WIDTH - 2.0, SAMPLE_HEIGHT - 2.0));
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
    let (dx, dy) = (SAMPLE_WIDTH - b.max.x, SAMPLE_HEIGHT / 2.0 - b.center().y);
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
pub(super) fn offset(shape: &Shape, by: Pos) -> Shape {
    transform(shape.clone(), &|p| Pos::new(p.x + by.x, p.y + by.y), 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::FontMetrics;

    fn labels(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .filter_map(|i| match &i.shape {
                Shape::Text { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    fn dfd(with_threat: bool) -> (Diagram, Scene) {
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
        let diagram = Diagram { id: DiagramId::new("d"), name: "D".into(), view: DiagramView::Dfd(view) };
        model.diagrams.push(diagram.clone());
        let scene = scene::build(&model, &diagram.id, &Style::light(), &FontMetrics::shipped()).expect("scene");
        (diagram, scene)
    }

    #[test]
    fn a_dfd_legend_names_the_notation_and_only_the_marks_the_diagram_uses() {
        let m = FontMetrics::shipped();
        let (diagram, scene) = dfd(false);
        let (items, frame) = legend(&diagram, &scene, &Style::light(), &m, Pos::new(0.0, 0.0), 2000.0);
        assert_eq!(
            labels(&items),
            ["Legend", "Process", "External entity", "Data store", "Data flow", "Trust boundary"]
        );
        let (diagram, scene) = dfd(true);
        let (with_badge, _) = legend(&diagram, &scene, &Style::light(), &m, Pos::new(0.0, 0.0), 2000.0);
        assert!(labels(&with_badge).contains(&"Open threats".to_owned()));
        // Every sample has something to draw, and everything lies inside the frame.
        assert!(items.iter().filter(|i| matches!(i.shape, Shape::Ellipse { .. })).count() == 1, "the process");
        for item in &items {
            let b = geometry::shape_bounds(&item.shape);
            assert!(
                frame.expand(1.0).contains(b.min) && frame.expand(1.0).contains(b.max),
                "{item:?} outside {frame:?}"
            );
        }
    }

    #[test]
    fn a_narrow_legend_wraps_into_rows() {
        let m = FontMetrics::shipped();
        let (diagram, scene) = dfd(false);
        let (_, wide) = legend(&diagram, &scene, &Style::light(), &m, Pos::new(0.0, 0.0), 2000.0);
        let (_, narrow) = legend(&diagram, &scene, &Style::light(), &m, Pos::new(0.0, 0.0), 300.0);
        assert!(narrow.height() > wide.height() * 1.5 && narrow.width() < wide.width());
    }

    #[test]
    fn samples_come_from_the_scene_notation() {
        let m = FontMetrics::shipped();
        let entries = dfd_entries(&dfd(false).1, &Style::light(), &m);
        let flow = &entries[3].sample;
        assert!(flow.iter().any(|s| matches!(s, Shape::Polygon { .. })), "the flow keeps its arrow head: {flow:?}");
        let b = bounds_of(flow);
        assert!(b.min.x >= 0.0 && (b.max.x - SAMPLE_WIDTH).abs() < 0.01, "{b:?}");
        let boundary = &entries[4].sample;
        assert!(
            matches!(boundary.as_slice(), [Shape::Rect { stroke: Some(Stroke { dash: Some(_), .. }), .. }]),
            "{boundary:?}"
        );
    }
}

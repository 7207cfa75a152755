//! The notation of data-flow diagrams in one place: each entry is a sample drawn with the very
//! shapes the scene draws, and a few words on what it means. An export's legend and the app's
//! Help show these entries, so the key and the picture never disagree.

use super::badge::badge_shapes;
use super::dfd::{arrow_shapes, boundary_shape, element_shapes, flow_stroke};
use super::flows::{HEAD_HALF_WIDTH, HEAD_LENGTH};
use super::geometry::{Pos, SceneRect, arrow_head};
use super::labels::leader_stroke;
use super::marks::{MARK_HEIGHT, MARK_WIDTH, Mark};
use super::{Align, Shape, Stroke, Style, TextMeasure};
use crate::model::{ElementKind, ElementKindTag};

/// The box every sample is drawn in: from (0, 0) to this corner, in diagram units.
pub const LEGEND_SAMPLE: Pos = Pos::new(56.0, 28.0);

/// One entry of the legend.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    /// The sample, inside (0, 0)–[`LEGEND_SAMPLE`].
    pub sample: Vec<Shape>,
    /// What it means.
    pub text: &'static str,
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

/// The entries of the data-flow diagram notation, in reading order, drawn in `style`.
#[must_use]
pub fn legend(style: &Style, measure: &dyn TextMeasure) -> Vec<LegendEntry> {
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
    // A label set off from its flow, with its leader line, its name cut short.
    let y = LEGEND_SAMPLE.y - 5.0;
    let (from, to) = (Pos::new(3.0, y), Pos::new(LEGEND_SAMPLE.x - 3.0, y));
    let mut leader = arrow_shapes(
        vec![from, to],
        &[arrow_head(from, to, HEAD_LENGTH, HEAD_HALF_WIDTH)],
        flow_stroke(false, false, style),
    );
    let size = style.small_size * 0.8;
    let text = "name…".to_owned();
    let width = measure.width(&text, size);
    let label = SceneRect::from_center_size(Pos::new(LEGEND_SAMPLE.x / 2.0, 7.0), width + 6.0, size * 1.2 + 2.0);
    leader.push(Shape::Line {
        points: vec![Pos::new(LEGEND_SAMPLE.x / 2.0, y), Pos::new(LEGEND_SAMPLE.x / 2.0, label.max.y)],
        stroke: leader_stroke(style),
    });
    leader.push(Shape::Rect { rect: label, radius: 2.0, fill: Some(style.label_background), stroke: None });
    leader.push(Shape::Text {
        pos: Pos::new(label.center().x, label.min.y + 1.0),
        text,
        size,
        color: style.ink,
        align: Align::Middle,
        width,
    });
    vec![
        LegendEntry { sample: element(ElementKindTag::Process), text: "Process" },
        LegendEntry { sample: element(ElementKindTag::ExternalEntity), text: "External entity" },
        LegendEntry { sample: element(ElementKindTag::DataStore), text: "Data store" },
        LegendEntry {
            sample: vec![boundary_shape(
                SceneRect::from_min_size(Pos::new(2.0, 2.0), Pos::new(LEGEND_SAMPLE.x - 4.0, LEGEND_SAMPLE.y - 4.0)),
                style,
            )],
            text: "Trust boundary",
        },
        LegendEntry { sample: line_sample(flow_stroke(false, false, style), false), text: "Data flow" },
        LegendEntry { sample: line_sample(flow_stroke(false, false, style), true), text: "Data flow both ways" },
        LegendEntry { sample: mark_sample(Mark::Encrypted, style), text: "Encrypted in transit" },
        LegendEntry { sample: mark_sample(Mark::Authenticated, style), text: "Sender authenticated" },
        LegendEntry { sample: exposed, text: "Not encrypted, yet crosses a trust boundary" },
        LegendEntry { sample: out_of_scope, text: "Out of scope" },
        LegendEntry {
            sample: leader,
            text: "A label set off from its flow; \u{201c}…\u{201d} ends a name cut short (hover to read it all)",
        },
        LegendEntry {
            sample: badge_shapes(Pos::new(LEGEND_SAMPLE.x / 2.0, LEGEND_SAMPLE.y / 2.0), 2, style, measure),
            text: "Open threats",
        },
    ]
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::super::geometry::shape_bounds;
    use super::super::{FontMetrics, build, fixtures};
    use super::*;
    use crate::model::{ElementId, Threat, ThreatCategory, ThreatId, ThreatTarget};

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

    /// Every outline, fill and line style a data-flow diagram draws has a legend entry that
    /// draws it too: a new notation without an entry fails here.
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
        let entries = legend(&style, &measure);
        let shown: BTreeSet<String> = entries.iter().flat_map(|e| &e.sample).filter_map(look).collect();
        let drawn: BTreeSet<String> = scene.items.iter().filter_map(|i| look(&i.shape)).collect();
        let missing: Vec<&String> = drawn.difference(&shown).collect();
        assert!(missing.is_empty(), "drawn but not in the legend: {missing:#?}");
    }

    #[test]
    fn samples_stay_in_their_box() {
        let (style, measure) = (Style::light(), FontMetrics::shipped());
        let room = SceneRect::from_min_size(Pos::new(0.0, 0.0), LEGEND_SAMPLE).expand(1.0);
        for entry in legend(&style, &measure) {
            assert!(!entry.sample.is_empty() && !entry.text.is_empty());
            for shape in &entry.sample {
                assert!(room.contains_rect(&shape_bounds(shape)), "{}: {shape:?}", entry.text);
            }
        }
    }
}

//! The picture every format draws: the diagram's scene, cut to the selection if there is one,
//! with a heading (the model's title and the diagram's name) and an optional legend added as
//! ordinary scene items. SVG, PNG and PDF all start from here, so they never disagree.

use crate::model::{DiagramId, Model};
use crate::scene::{self, Align, Color, FontMetrics, Item, Owner, Pos, Scene, SceneRect, Shape, TextMeasure, geometry};

use super::{ExportError, ExportOptions};

/// Gap above and below the heading.
const HEADING_PAD: f32 = 8.0;
/// Heading sizes: the model's title, then the diagram's name.
const TITLE_SIZE: f32 = 18.0;
const SUBTITLE_SIZE: f32 = 13.0;
/// Inset of the heading and the legend from the picture's left edge.
const INSET: f32 = 16.0;
/// A heading or legend never wraps narrower than this, however small the diagram.
const MIN_TEXT_WIDTH: f32 = 320.0;

/// A diagram ready to export: a scene in export coordinates and its page colour.
#[derive(Clone, Debug, PartialEq)]
pub struct Picture {
    scene: Scene,
    page: Option<Color>,
}

impl Picture {
    /// The picture of `diagram` in `model` as `options` ask.
    ///
    /// # Errors
    /// [`ExportError::NoDiagram`] if there is no such diagram, [`ExportError::EmptySelection`]
    /// if a selection is given and the diagram draws none of it.
    pub fn new(model: &Model, diagram: &DiagramId, options: &ExportOptions) -> Result<Self, ExportError> {
        let style = options.theme.style();
        let measure = FontMetrics::shipped();
        let mut scene = scene::build(model, diagram, &style, &measure)?;
        if let Some(selection) = &options.selection {
            let keep = |owner: &Owner| match owner {
                Owner::Lifeline(id) => selection.contains(owner) || selection.contains(&Owner::Element(id.clone())),
                _ => selection.contains(owner),
            };
            scene.items.retain(|item| item.owner.as_ref().is_some_and(keep));
            if scene.items.is_empty() {
                return Err(ExportError::EmptySelection);
            }
            let drawn = scene.items.iter().fold(SceneRect::NOTHING, |b, i| b.union(geometry::shape_bounds(&i.shape)));
            scene.bounds = drawn.expand(style.margin);
        }
        let full = model.diagram(diagram).ok_or_else(|| scene::NoSuchDiagram(diagram.clone()))?;
        if options.legend {
            let b = scene.bounds;
            let origin = Pos::new(b.min.x + INSET, b.max.y);
            let width = (b.width() - 2.0 * INSET).max(MIN_TEXT_WIDTH);
            let scene::Legend { items, frame } = scene::legend(&full.view, &scene, &style, &measure, origin, width);
            scene.items.extend(items);
            scene.bounds =
                b.union(SceneRect { min: frame.min, max: Pos::new(frame.max.x + INSET, frame.max.y + INSET) });
        }
        heading(&mut scene, &model.meta.title, &full.name, style.muted, &measure);
        scene.background = options.page().unwrap_or(style.background);
        Ok(Self { scene, page: options.page() })
    }

    /// A picture of a scene as it is (no heading, no legend): for tests and for callers that
    /// built their own scene.
    #[must_use]
    pub fn from_scene(scene: Scene, page: Option<Color>) -> Self {
        Self { scene, page }
    }

    /// The scene, heading and legend included.
    #[must_use]
    pub const fn scene(&self) -> &Scene {
        &self.scene
    }

    /// The page colour, or `None` for a transparent picture.
    #[must_use]
    pub const fn page(&self) -> Option<Color> {
        self.page
    }

    /// Width and height in diagram units.
    #[must_use]
    pub fn size(&self) -> (f32, f32) {
        (self.scene.bounds.width(), self.scene.bounds.height())
    }
}

/// Adds the heading above the diagram: the model's title, then the diagram's name in smaller,
/// quieter type (or the diagram's name alone when the model has no title).
fn heading(scene: &mut Scene, title: &str, name: &str, muted: Color, measure: &dyn TextMeasure) {
    let b = scene.bounds;
    let max_width = (b.width() - 2.0 * INSET).max(MIN_TEXT_WIDTH);
    let mut runs: Vec<(String, f32, Color)> = Vec::new();
    let title = title.trim();
    let lines = |text: &str, size| scene::wrap(measure, text, size, max_width, 2);
    if title.is_empty() {
        runs.extend(lines(name, TITLE_SIZE).into_iter().map(|l| (l, TITLE_SIZE, scene.foreground)));
    } else {
        runs.extend(lines(title, TITLE_SIZE).into_iter().map(|l| (l, TITLE_SIZE, scene.foreground)));
        if !name.trim().is_empty() {
            runs.extend(lines(name, SUBTITLE_SIZE).into_iter().map(|l| (l, SUBTITLE_SIZE, muted)));
        }
    }
    let height: f32 = runs.iter().map(|(_, size, _)| size * measure.line_height()).sum::<f32>() + 2.0 * HEADING_PAD;
    let top = b.min.y - height;
    let mut y = top + HEADING_PAD;
    let mut right = b.max.x;
    let mut items = Vec::with_capacity(runs.len());
    for (text, size, color) in runs {
        let width = measure.width(&text, size);
        right = right.max(b.min.x + INSET + width + INSET);
        items.push(Item {
            owner: None,
            shape: Shape::Text { pos: Pos::new(b.min.x + INSET, y), text, size, color, align: Align::Start, width },
        });
        y += size * measure.line_height();
    }
    // The heading is painted last: nothing of the diagram lies above the old bounds anyway.
    scene.items.extend(items);
    scene.bounds = SceneRect { min: Pos::new(b.min.x, top), max: Pos::new(right, b.max.y) };
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::export::{Background, Theme};
    use crate::model::{DfdView, Diagram, DiagramView, Element, ElementId, Rect};

    fn model() -> Model {
        let mut m = Model::default();
        m.meta.title = "Shop".into();
        let mut view = DfdView::default();
        for (i, id) in (0..).zip(["a", "b"]) {
            m.elements.insert(ElementId::new(id), Element { name: format!("Element {id}"), ..Element::default() });
            view.nodes.insert(ElementId::new(id), Rect::new(i * 1000, 0, 100, 60));
        }
        m.diagrams.push(Diagram { id: DiagramId::new("d"), name: "Checkout".into(), view: DiagramView::Dfd(view) });
        m
    }

    fn texts(p: &Picture) -> Vec<&str> {
        p.scene()
            .items
            .iter()
            .filter_map(|i| match &i.shape {
                Shape::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_heading_names_the_model_and_the_diagram_above_the_diagram() {
        let p = Picture::new(&model(), &DiagramId::new("d"), &ExportOptions::default()).expect("picture");
        let t = texts(&p);
        assert!(t.contains(&"Shop") && t.contains(&"Checkout"), "{t:?}");
        let bare = scene::build(&model(), &DiagramId::new("d"), &scene::Style::light(), &FontMetrics::shipped())
            .expect("scene");
        assert!(p.scene().bounds.min.y < bare.bounds.min.y - 30.0, "room made for the heading");
        assert_eq!(p.page(), Some(Color::rgb(255, 255, 255)));
    }

    #[test]
    fn a_selection_keeps_only_its_records_and_shrinks_the_picture() {
        let options = ExportOptions {
            selection: Some(BTreeSet::from([Owner::Element(ElementId::new("a"))])),
            ..ExportOptions::default()
        };
        let p = Picture::new(&model(), &DiagramId::new("d"), &options).expect("picture");
        let t = texts(&p);
        assert!(t.contains(&"Element a") && !t.contains(&"Element b"), "{t:?}");
        assert!(p.size().0 < 500.0, "{:?}", p.size());
        let nothing = ExportOptions {
            selection: Some(BTreeSet::from([Owner::Element(ElementId::new("ghost"))])),
            ..ExportOptions::default()
        };
        assert!(matches!(Picture::new(&model(), &DiagramId::new("d"), &nothing), Err(ExportError::EmptySelection)));
    }

    #[test]
    fn theme_background_and_legend_options_reach_the_scene() {
        let options = ExportOptions {
            theme: Theme::Dark,
            background: Background::Transparent,
            legend: true,
            ..ExportOptions::default()
        };
        let plain = Picture::new(&model(), &DiagramId::new("d"), &ExportOptions::default()).expect("picture");
        let p = Picture::new(&model(), &DiagramId::new("d"), &options).expect("picture");
        assert_eq!(p.page(), None);
        assert_eq!(p.scene().foreground, scene::Style::dark().ink);
        assert!(texts(&p).contains(&"Legend") && texts(&p).contains(&"Trust boundary"));
        assert!(p.size().1 > plain.size().1 + 40.0, "room made for the legend");
        let white = ExportOptions { theme: Theme::Dark, background: Background::White, ..ExportOptions::default() };
        let p = Picture::new(&model(), &DiagramId::new("d"), &white).expect("picture");
        assert_eq!(p.page(), Some(Color::rgb(255, 255, 255)));
    }

    #[test]
    fn a_thousand_character_name_wraps_instead_of_widening_the_picture() {
        let mut m = model();
        m.diagrams[0].name = "word ".repeat(200);
        let p = Picture::new(&m, &DiagramId::new("d"), &ExportOptions::default()).expect("picture");
        assert!(p.size().0 < 1300.0, "{:?}", p.size());
        assert!(texts(&p).iter().any(|t| t.ends_with('…')));
    }
}

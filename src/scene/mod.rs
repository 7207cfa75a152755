//! The scene: a flat display list of a diagram in diagram coordinates.
//!
//! [`build`] turns a model and a diagram into rectangles, ellipses, lines, polygons and text
//! runs, each tagged with the model record it draws. The canvas paints this list with egui and
//! hit-tests against it; `export::svg` writes the very same list; `export::png` renders that
//! SVG. One source of truth for the notation, so screen and slide never drift. Selection and
//! hover are never part of a scene, so they cannot leak into an export.

mod badge;
mod bands;
mod dfd;
#[cfg(test)]
mod fixtures;
mod flows;
pub mod geometry;
mod groups;
mod labels;
mod layout;
mod legend;
mod marks;
mod message_spans;
mod obstacles;
mod obstruction;
mod sequence;
mod style;
mod text;

pub use badge::flow_badge_center;
pub use bands::MAX_BAND_DEPTH;
pub use dfd::element_badge_center;
pub use geometry::{Pos, SceneRect};
pub use layout::{FlowPath, Layout};
pub use legend::{LEGEND_SAMPLE, Legend, LegendEntry, entries as legend_entries, legend, notation};
pub use obstruction::{COINCIDENT_DISTANCE, Obstruction, obstructions};
pub use style::{Color, Style};
pub use text::{FONT_BYTES, FONT_FAMILY, FontMetrics, TextMeasure, elide, wrap};

use std::collections::BTreeSet;

use crate::model::{BoundaryId, DiagramId, DiagramView, ElementId, FlowId, FragmentId, MessageId, Model, NoteId};

use flows::FlowIndex;
use groups::{GroupKey, Groups};

/// A model record a shape draws, for hit-testing and selection.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Owner {
    /// An element's shape (DFD box or sequence lifeline head).
    Element(ElementId),
    /// A flow's line or label.
    Flow(FlowId),
    /// A trust boundary's region or band.
    Boundary(BoundaryId),
    /// A sequence message's arrow or label.
    Message(MessageId),
    /// A sequence lifeline's dashed line.
    Lifeline(ElementId),
    /// A combined fragment's frame.
    Fragment(FragmentId),
    /// A note.
    Note(NoteId),
}

/// How a line is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stroke {
    /// Width in diagram units.
    pub width: f32,
    /// Colour.
    pub color: Color,
    /// Dash and gap lengths, or solid.
    pub dash: Option<(f32, f32)>,
}

impl Stroke {
    /// A solid line.
    #[must_use]
    pub const fn solid(width: f32, color: Color) -> Self {
        Self { width, color, dash: None }
    }

    /// A dashed line.
    #[must_use]
    pub const fn dashed(width: f32, color: Color, dash: f32, gap: f32) -> Self {
        Self { width, color, dash: Some((dash, gap)) }
    }
}

/// Horizontal alignment of a text run relative to its x.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// x is the left end.
    Start,
    /// x is the centre.
    Middle,
    /// x is the right end.
    End,
}

/// One drawing primitive.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// A rectangle, optionally with rounded corners.
    Rect {
        /// Where.
        rect: SceneRect,
        /// Corner radius.
        radius: f32,
        /// Fill, if any.
        fill: Option<Color>,
        /// Outline, if any.
        stroke: Option<Stroke>,
    },
    /// An axis-aligned ellipse.
    Ellipse {
        /// Centre.
        center: Pos,
        /// Horizontal and vertical radii.
        radius: Pos,
        /// Fill, if any.
        fill: Option<Color>,
        /// Outline, if any.
        stroke: Option<Stroke>,
    },
    /// An open polyline.
    Line {
        /// At least two points.
        points: Vec<Pos>,
        /// How.
        stroke: Stroke,
    },
    /// A closed polygon (arrow heads, markers).
    Polygon {
        /// At least three points.
        points: Vec<Pos>,
        /// Fill, if any.
        fill: Option<Color>,
        /// Outline, if any.
        stroke: Option<Stroke>,
    },
    /// One line of text.
    Text {
        /// Anchor point: x per `align`, y at the top of the line box.
        pos: Pos,
        /// The text, never containing a newline.
        text: String,
        /// Font size in diagram units.
        size: f32,
        /// Colour.
        color: Color,
        /// Where `pos.x` sits on the run.
        align: Align,
        /// Measured width, so hit-testing and export agree with layout.
        width: f32,
    },
}

/// A shape and the record it draws.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// The record, if the shape belongs to one.
    pub owner: Option<Owner>,
    /// What to draw.
    pub shape: Shape,
}

/// A diagram ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    /// What the picture covers, margins included.
    pub bounds: SceneRect,
    /// Background colour.
    pub background: Color,
    /// Colour of text drawn outside the diagram, such as the export's title.
    pub foreground: Color,
    /// Items in painting order (first is at the back).
    pub items: Vec<Item>,
    /// The diagram's name, shown above it in exports.
    pub title: String,
    /// Where things ended up: what the canvas hit-tests, draws handles on and aims at.
    pub layout: Layout,
    /// The box each item covers, in step with `items`: for culling and hit-testing.
    pub item_bounds: Vec<SceneRect>,
    /// Which items draw which record, for [`update`].
    groups: Groups,
    /// Flow pairs, heads and labels of a DFD, for [`update`].
    flows: FlowIndex,
}

impl Scene {
    fn new(style: &Style, title: &str) -> Self {
        Self {
            bounds: SceneRect::NOTHING,
            background: style.background,
            foreground: style.ink,
            items: Vec::new(),
            title: title.to_owned(),
            layout: Layout::default(),
            item_bounds: Vec::new(),
            groups: Groups::default(),
            flows: FlowIndex::default(),
        }
    }

    fn push(&mut self, owner: Option<&Owner>, shape: Shape) {
        self.item_bounds.push(geometry::shape_bounds(&shape));
        self.items.push(Item { owner: owner.cloned(), shape });
    }

    /// Starts the items drawing one record.
    fn begin_group(&mut self, key: GroupKey) {
        self.groups.begin(key, self.items.len());
    }

    /// Ends the items drawing the record of the last [`Scene::begin_group`].
    fn end_group(&mut self) {
        self.groups.end(self.items.len());
    }

    /// Replaces the items of the run `key` with those of `fresh` (a scratch scene the record
    /// was drawn into); false if there is no such run.
    fn replace_group(&mut self, key: &GroupKey, fresh: Self) -> bool {
        let Some(range) = self.groups.range(key) else { return false };
        let len = fresh.items.len();
        self.items.splice(range.clone(), fresh.items);
        self.item_bounds.splice(range, fresh.item_bounds);
        self.groups.resize(key, len);
        true
    }

    /// An empty scene of the same style, to draw one record into.
    fn scratch(&self) -> Self {
        Self {
            bounds: SceneRect::NOTHING,
            background: self.background,
            foreground: self.foreground,
            items: Vec::new(),
            title: String::new(),
            layout: Layout::default(),
            item_bounds: Vec::new(),
            groups: Groups::default(),
            flows: FlowIndex::default(),
        }
    }

    /// The topmost record whose shape contains `p` (within `tolerance` for lines).
    #[must_use]
    pub fn hit(&self, p: Pos, tolerance: f32) -> Option<&Owner> {
        self.items
            .iter()
            .rev()
            .find(|item| item.owner.is_some() && geometry::shape_contains(&item.shape, p, tolerance))
            .and_then(|i| i.owner.as_ref())
    }

    /// Sets `bounds` to cover every item, plus `margin`.
    fn fit_bounds(&mut self, margin: f32) {
        let mut b = SceneRect::NOTHING;
        for item_bounds in &self.item_bounds {
            b = b.union(*item_bounds);
        }
        if b.is_empty() {
            b = SceneRect::from_min_size(Pos::new(0.0, 0.0), Pos::new(400.0, 300.0));
        }
        self.bounds = b.expand(margin);
    }
}

/// Why a scene could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("there is no diagram {0}")]
pub struct NoSuchDiagram(pub DiagramId);

/// Builds the scene of `diagram` in `model`.
///
/// # Errors
/// [`NoSuchDiagram`] if the model has no diagram with that id.
pub fn build(
    model: &Model,
    diagram: &DiagramId,
    style: &Style,
    measure: &dyn TextMeasure,
) -> Result<Scene, NoSuchDiagram> {
    let d = model.diagram(diagram).ok_or_else(|| NoSuchDiagram(diagram.clone()))?;
    let mut scene = Scene::new(style, &d.name);
    match &d.view {
        DiagramView::Dfd(view) => dfd::build(&mut scene, model, view, style, measure),
        DiagramView::Sequence(view) => sequence::build(&mut scene, model, view, style, measure),
    }
    scene.fit_bounds(style.margin);
    Ok(scene)
}

/// Which records of a diagram changed since its scene was built: their model record, or their
/// place on this diagram.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Change {
    /// Elements whose record or box changed.
    pub elements: BTreeSet<ElementId>,
    /// Flows whose record or bend points changed.
    pub flows: BTreeSet<FlowId>,
    /// Boundaries whose box changed (a changed boundary record needs a full build: its nesting
    /// decides the painting order).
    pub boundary_boxes: BTreeSet<BoundaryId>,
}

/// Brings `scene`, built from an earlier state of `model`, up to date after `change`, redrawing
/// only the records it touches (and the flows touching changed elements). Returns false when
/// the change cannot be applied in place (a record appeared or disappeared, or the diagram is a
/// sequence diagram, whose layout flows from top to bottom): the caller then builds afresh. The
/// result is the scene [`build`] would give.
pub fn update(
    scene: &mut Scene,
    model: &Model,
    diagram: &DiagramId,
    style: &Style,
    measure: &dyn TextMeasure,
    change: &Change,
) -> bool {
    let Some(d) = model.diagram(diagram) else { return false };
    let DiagramView::Dfd(view) = &d.view else { return false };
    if d.name != scene.title {
        return false;
    }
    if !dfd::update(scene, model, view, style, measure, change) {
        return false;
    }
    scene.fit_bounds(style.margin);
    true
}

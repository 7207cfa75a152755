//! Pointer and keyboard handling on a data-flow diagram: place, select, move, connect,
//! resize boundaries, bend flows, nudge. It reads the model and the scene's layout and proposes
//! actions; selection and handles are painted by `dfd_overlay`.

use std::collections::BTreeSet;

use crate::app::action::{Action, PaletteItem};
use crate::app::view::Tool;
use crate::edit::arrange::{self, MIN_ELEMENT};
use crate::edit::commands::{self, Item};
use crate::model::{
    BoundaryId, DfdView, DiagramId, DiagramView, ElementId, ElementKindTag, FlowId, MAX_EXTENT, Model, Point,
    Rect as ModelRect,
};
use crate::scene::{Layout, Owner, Pos, SceneRect};

use super::guides::{self, Guide};
use super::hit::hit;
use super::input::CanvasInput;
use super::rename::{Rename, RenameTarget};
use super::space::{GRID, snap};

/// Smallest boundary box.
const MIN_BOUNDARY: (i32, i32) = (80, 60);
/// Size of a boundary placed with a click.
const CLICKED_BOUNDARY: (i32, i32) = (360, 240);

/// A pointer gesture under way on a DFD. Positions are in diagram space.
#[derive(Clone, Debug)]
pub enum Drag {
    /// Moving the selection; `applied` is the offset already applied to the model. `bounds`
    /// is the box around what moves, as it was when the drag began; `guides` are the lines it
    /// lines up on now (drawn by the overlay).
    Move {
        origin: Pos,
        anchor: ModelRect,
        applied: (i32, i32),
        elements: BTreeSet<ElementId>,
        boundaries: BTreeSet<BoundaryId>,
        bounds: Option<SceneRect>,
        guides: Vec<Guide>,
    },
    /// Selecting with a rubber band.
    Band { origin: Pos, additive: bool },
    /// Dragging a new flow out of an element.
    Connect { from: ElementId },
    /// Drawing a new boundary.
    NewBoundary { origin: Pos },
    /// Resizing a boundary by a corner (`left`, `top` say which).
    Resize { boundary: BoundaryId, original: ModelRect, left: bool, top: bool, origin: Pos },
    /// Resizing an element by a corner (`left`, `top` say which).
    ResizeElement { element: ElementId, original: ModelRect, left: bool, top: bool, origin: Pos },
    /// Moving a bend point.
    Bend { flow: FlowId, index: usize, original: Vec<Point> },
}

impl Drag {
    /// Whether this gesture changes the model as it goes (inside an open undo gesture).
    #[must_use]
    pub const fn edits_model(&self) -> bool {
        matches!(self, Self::Move { .. } | Self::Resize { .. } | Self::ResizeElement { .. } | Self::Bend { .. })
    }
}

/// A handle of a selected record.
pub enum Handle {
    /// A corner of a selected boundary: (boundary, left, top).
    Corner(BoundaryId, bool, bool),
    /// A corner of the one selected element: (element, left, top).
    ElementCorner(ElementId, bool, bool),
    /// An existing bend point of a selected flow.
    Bend(FlowId, usize),
    /// The middle of a segment of a selected flow: dragging it adds a bend at this index.
    NewBend(FlowId, usize),
}

/// Segments shorter than this (diagram units) get no "add a bend" handle.
pub const MIN_BENDABLE_SEGMENT: f32 = 60.0;

/// The size of a new element of `kind`.
#[must_use]
pub const fn default_size(kind: ElementKindTag) -> (i32, i32) {
    match kind {
        ElementKindTag::Process => (160, 90),
        ElementKindTag::ExternalEntity => (160, 70),
        ElementKindTag::DataStore => (180, 70),
    }
}

/// The name a new element of `kind` starts with.
#[must_use]
pub const fn default_name(kind: ElementKindTag) -> &'static str {
    match kind {
        ElementKindTag::Process => "New process",
        ElementKindTag::ExternalEntity => "New external entity",
        ElementKindTag::DataStore => "New data store",
    }
}

fn dfd_view<'a>(model: &'a Model, diagram: &DiagramId) -> Option<&'a DfdView> {
    match model.diagram(diagram).map(|d| &d.view) {
        Some(DiagramView::Dfd(v)) => Some(v),
        _ => None,
    }
}

fn item_of(owner: &Owner) -> Option<Item> {
    match owner {
        Owner::Element(id) => Some(Item::Element(id.clone())),
        Owner::Flow(id) => Some(Item::Flow(id.clone())),
        Owner::Boundary(id) => Some(Item::Boundary(id.clone())),
        _ => None,
    }
}

/// What placing something proposes, and the rename that names it.
pub struct Placed {
    /// The actions.
    pub actions: Vec<Action>,
    /// Names the new record in place.
    pub rename: Rename,
}

/// Places a new element of `kind` centred at `at`, in the boundary under it, named in place:
/// one undo step.
#[must_use]
pub fn place_element(diagram: &DiagramId, kind: ElementKindTag, at: Pos, snap_on: bool) -> Placed {
    let (w, h) = default_size(kind);
    let rect = ModelRect::new(snap(at.x - w as f32 / 2.0, snap_on), snap(at.y - h as f32 / 2.0, snap_on), w, h);
    let (id, tx) = commands::add_element(kind, default_name(kind), None, Some((diagram, rect)));
    Placed {
        actions: vec![
            Action::BeginGesture(tx.label.clone()),
            Action::Apply(tx),
            Action::SyncMembership(diagram.clone(), [id.clone()].into(), BTreeSet::new()),
            Action::Select([Item::Element(id.clone())].into()),
            Action::SetTool(Tool::Select),
        ],
        rename: Rename::new_record(RenameTarget::Item(Item::Element(id)), default_name(kind).to_owned()),
    }
}

/// Places a new trust boundary at `rect`; the elements and boundaries inside become members.
#[must_use]
pub fn place_boundary(model: &Model, diagram: &DiagramId, rect: ModelRect) -> Placed {
    let (id, tx) = commands::add_boundary("New trust boundary", None, Some((diagram, rect)));
    let (elements, mut boundaries) = commands::placed_within(model, diagram, &rect);
    boundaries.insert(id.clone());
    Placed {
        actions: vec![
            Action::BeginGesture(tx.label.clone()),
            Action::Apply(tx),
            Action::SyncMembership(diagram.clone(), elements, boundaries),
            Action::Select([Item::Boundary(id.clone())].into()),
            Action::SetTool(Tool::Select),
        ],
        rename: Rename::new_record(RenameTarget::Item(Item::Boundary(id)), "New trust boundary".to_owned()),
    }
}

/// A boundary of the clicked size centred at `at`.
#[must_use]
pub fn clicked_boundary(at: Pos, snap_on: bool) -> ModelRect {
    let (w, h) = CLICKED_BOUNDARY;
    ModelRect::new(snap(at.x - w as f32 / 2.0, snap_on), snap(at.y - h as f32 / 2.0, snap_on), w, h)
}

/// Places what was dropped from the palette at `at`.
#[must_use]
pub fn drop_from_palette(model: &Model, diagram: &DiagramId, item: PaletteItem, at: Pos, snap_on: bool) -> Placed {
    match item {
        PaletteItem::Element(kind) => place_element(diagram, kind, at, snap_on),
        PaletteItem::Boundary => place_boundary(model, diagram, clicked_boundary(at, snap_on)),
    }
}

/// Whether `p` is near the outline of the element box `r` (where dragging starts a flow).
fn on_edge(r: &SceneRect, p: Pos, tolerance: f32) -> bool {
    // The band where a drag starts a flow: a few units wide, but never most of the box (zoomed
    // far out, the box must still be movable).
    let edge = tolerance.max(6.0).min(r.width().min(r.height()) * 0.25);
    r.expand(2.0).contains(p) && !r.expand(-edge).contains(p)
}

/// The handle of a selected record under `p`.
#[must_use]
pub fn handle_at(selection: &BTreeSet<Item>, layout: &Layout, p: Pos, tolerance: f32) -> Option<Handle> {
    let radius = tolerance * 1.4;
    let single_element = selection.iter().filter(|i| matches!(i, Item::Element(_))).count() == 1;
    for item in selection {
        match item {
            Item::Boundary(b) => {
                let Some(r) = layout.boundaries.get(b) else { continue };
                let corners = r.corners();
                for (corner, (left, top)) in corners.iter().zip(CORNERS) {
                    if corner.distance(p) <= radius {
                        return Some(Handle::Corner(b.clone(), left, top));
                    }
                }
            }
            Item::Flow(f) => {
                let Some(path) = layout.flows.get(f) else { continue };
                let points = &path.points;
                for (i, q) in points.iter().enumerate().skip(1).take(points.len().saturating_sub(2)) {
                    if q.distance(p) <= radius {
                        return Some(Handle::Bend(f.clone(), i - 1));
                    }
                }
                for (i, w) in points.windows(2).enumerate() {
                    if w[0].lerp(w[1], 0.5).distance(p) <= radius && w[0].distance(w[1]) > MIN_BENDABLE_SEGMENT {
                        return Some(Handle::NewBend(f.clone(), i));
                    }
                }
            }
            Item::Element(e) if single_element => {
                let Some(r) = layout.elements.get(e) else { continue };
                for (corner, (left, top)) in r.corners().iter().zip(CORNERS) {
                    if corner.distance(p) <= radius {
                        return Some(Handle::ElementCorner(e.clone(), left, top));
                    }
                }
            }
            Item::Element(_) => {}
        }
    }
    None
}

/// Which corner each of [`SceneRect::corners`] is: (left, top).
pub const CORNERS: [(bool, bool); 4] = [(true, true), (false, true), (true, false), (false, false)];

/// Everything a boundary in `selection` carries when dragged: the selected elements and
/// boundaries, plus what sits inside the selected boundaries.
fn moved_with(
    model: &Model,
    diagram: &DiagramId,
    view: &DfdView,
    selection: &BTreeSet<Item>,
) -> (BTreeSet<ElementId>, BTreeSet<BoundaryId>) {
    let mut elements: BTreeSet<ElementId> =
        selection.iter().filter_map(|i| if let Item::Element(e) = i { Some(e.clone()) } else { None }).collect();
    let mut boundaries: BTreeSet<BoundaryId> =
        selection.iter().filter_map(|i| if let Item::Boundary(b) = i { Some(b.clone()) } else { None }).collect();
    for b in boundaries.clone() {
        if let Some(r) = view.boundaries.get(&b) {
            let (e, nested) = commands::placed_within(model, diagram, r);
            elements.extend(e);
            boundaries.extend(nested);
        }
    }
    (elements, boundaries)
}

/// The pointer and keyboard on a DFD for one frame.
pub fn interact(
    ui: &egui::Ui,
    input: &CanvasInput<'_>,
    drag: &mut Option<Drag>,
    rename: &mut Option<Rename>,
    out: &mut Vec<Action>,
) {
    let model = input.snapshot.model;
    let Some(view) = dfd_view(model, input.diagram) else {
        return;
    };
    escape(ui, input, drag, rename.is_some(), out);
    if input.response.drag_started_by(egui::PointerButton::Primary)
        && let Some(origin) = input.press_in_diagram
    {
        *drag = start_drag(input, view, origin, out);
    }
    if input.response.dragged_by(egui::PointerButton::Primary)
        && let Some(p) = input.pointer_in_diagram
    {
        update_drag(input, view, drag, p, out);
    }
    if input.response.drag_stopped()
        && let Some(ended) = drag.take()
    {
        end_drag(input, view, ended, rename, out);
    }
    clicks(input, view, rename, out);
    nudge(ui, input, view, rename.is_some(), out);
}

/// Escape: cancel the gesture, else the tool, else the selection.
fn escape(ui: &egui::Ui, input: &CanvasInput<'_>, drag: &mut Option<Drag>, renaming: bool, out: &mut Vec<Action>) {
    if !ui.input(|i| i.key_pressed(egui::Key::Escape)) || renaming {
        return;
    }
    if let Some(cancelled) = drag.take() {
        if cancelled.edits_model() {
            out.push(Action::CancelGesture);
        }
    } else if input.snapshot.view.tool != Tool::Select {
        out.push(Action::SetTool(Tool::Select));
    } else {
        out.push(Action::Select(BTreeSet::new()));
    }
}

fn start_drag(input: &CanvasInput<'_>, view: &DfdView, origin: Pos, out: &mut Vec<Action>) -> Option<Drag> {
    let selection = &input.snapshot.view.selection;
    let tolerance = input.tolerance();
    let layout = &input.scene.layout;
    let hit_owner = hit(input.scene, origin, tolerance).cloned();
    let handle = handle_at(selection, layout, origin, tolerance);
    match (input.snapshot.view.tool, handle, hit_owner) {
        (Tool::PlaceBoundary, ..) => Some(Drag::NewBoundary { origin }),
        (Tool::Place(_), ..) => None,
        (_, Some(Handle::Corner(boundary, left, top)), _) => {
            let original = view.boundaries.get(&boundary).copied().unwrap_or_default();
            out.push(Action::BeginGesture("Resize trust boundary".into()));
            Some(Drag::Resize { boundary, original, left, top, origin })
        }
        (_, Some(Handle::ElementCorner(element, left, top)), _) => {
            let original = view.nodes.get(&element).copied().unwrap_or_default();
            out.push(Action::BeginGesture("Resize element".into()));
            Some(Drag::ResizeElement { element, original, left, top, origin })
        }
        (_, Some(Handle::Bend(flow, index)), _) => {
            out.push(Action::BeginGesture("Move bend point".into()));
            Some(Drag::Bend { original: view.bends.get(&flow).cloned().unwrap_or_default(), flow, index })
        }
        (_, Some(Handle::NewBend(flow, index)), _) => {
            let mut original = view.bends.get(&flow).cloned().unwrap_or_default();
            original.insert(index.min(original.len()), Point::new(snap(origin.x, false), snap(origin.y, false)));
            out.push(Action::BeginGesture("Add bend point".into()));
            out.push(Action::Apply(commands::set_bends(input.diagram, &flow, original.clone())));
            Some(Drag::Bend { flow, index, original })
        }
        (tool, None, Some(Owner::Element(id)))
            if tool == Tool::Connect || layout.elements.get(&id).is_some_and(|r| on_edge(r, origin, tolerance)) =>
        {
            Some(Drag::Connect { from: id })
        }
        (_, None, Some(owner @ (Owner::Element(_) | Owner::Boundary(_)))) => {
            let mut selection = selection.clone();
            if let Some(item) = item_of(&owner)
                && !selection.contains(&item)
            {
                if !input.extend_selection {
                    selection.clear();
                }
                selection.insert(item);
                out.push(Action::Select(selection.clone()));
            }
            let (elements, boundaries) = moved_with(input.snapshot.model, input.diagram, view, &selection);
            let anchor = match &owner {
                Owner::Element(id) => view.nodes.get(id).copied(),
                Owner::Boundary(id) => view.boundaries.get(id).copied(),
                _ => None,
            }
            .unwrap_or_default();
            let bounds = elements
                .iter()
                .filter_map(|e| layout.elements.get(e))
                .chain(boundaries.iter().filter_map(|b| layout.boundaries.get(b)))
                .fold(None, |acc: Option<SceneRect>, r| Some(acc.map_or(*r, |a| a.union(*r))));
            out.push(Action::BeginGesture("Move".into()));
            Some(Drag::Move { origin, anchor, applied: (0, 0), elements, boundaries, bounds, guides: Vec::new() })
        }
        _ => Some(Drag::Band { origin, additive: input.extend_selection }),
    }
}

/// A box with one corner dragged by `delta`, kept between `min` and the largest size.
fn resized(original: ModelRect, (left, top): (bool, bool), delta: Pos, snap_on: bool, min: (i32, i32)) -> ModelRect {
    let (mut x0, mut y0, mut x1, mut y1) = (original.x, original.y, original.x + original.w, original.y + original.h);
    if left {
        x0 = snap(x0 as f32 + delta.x, snap_on).clamp(x1 - MAX_EXTENT, x1 - min.0);
    } else {
        x1 = snap(x1 as f32 + delta.x, snap_on).clamp(x0 + min.0, x0 + MAX_EXTENT);
    }
    if top {
        y0 = snap(y0 as f32 + delta.y, snap_on).clamp(y1 - MAX_EXTENT, y1 - min.1);
    } else {
        y1 = snap(y1 as f32 + delta.y, snap_on).clamp(y0 + min.1, y0 + MAX_EXTENT);
    }
    ModelRect::new(x0, y0, x1 - x0, y1 - y0)
}

fn update_drag(input: &CanvasInput<'_>, view: &DfdView, drag: &mut Option<Drag>, p: Pos, out: &mut Vec<Action>) {
    let snap_on = input.snapshot.view.snap;
    let diagram = input.diagram;
    match drag {
        Some(Drag::Move { origin, anchor, applied, elements, boundaries, bounds, guides }) => {
            let (raw_x, raw_y) = (p.x - origin.x, p.y - origin.y);
            let mut dx = snap(anchor.x as f32 + raw_x, snap_on) - anchor.x;
            let mut dy = snap(anchor.y as f32 + raw_y, snap_on) - anchor.y;
            if let Some(b) = bounds {
                // Edges and centres of the other elements in view win over the grid.
                let others: Vec<SceneRect> = input
                    .scene
                    .layout
                    .elements
                    .iter()
                    .filter(|(id, r)| !elements.contains(*id) && r.intersects(&input.visible))
                    .map(|(_, r)| *r)
                    .collect();
                let moved = translated(b, raw_x, raw_y);
                let (shift_x, shift_y) = guides::snap(&moved, &others, 6.0 / input.zoom());
                if let Some(s) = shift_x {
                    dx = snap(raw_x + s, false);
                }
                if let Some(s) = shift_y {
                    dy = snap(raw_y + s, false);
                }
                *guides = guides::lines(&translated(b, dx as f32, dy as f32), &others);
            }
            if (dx, dy) != *applied {
                let tx = commands::move_items(
                    input.snapshot.model,
                    diagram,
                    elements,
                    boundaries,
                    dx - applied.0,
                    dy - applied.1,
                );
                out.push(Action::Apply(tx));
                *applied = (dx, dy);
            }
        }
        Some(Drag::Resize { boundary, original, left, top, origin }) => {
            let delta = Pos::new(p.x - origin.x, p.y - origin.y);
            let rect = resized(*original, (*left, *top), delta, snap_on, MIN_BOUNDARY);
            if view.boundaries.get(boundary) != Some(&rect) {
                out.push(Action::Apply(commands::set_boundary_rect(diagram, boundary, rect)));
            }
        }
        Some(Drag::ResizeElement { element, original, left, top, origin }) => {
            let delta = Pos::new(p.x - origin.x, p.y - origin.y);
            let rect = resized(*original, (*left, *top), delta, snap_on, MIN_ELEMENT);
            let tx = arrange::resize_element(input.snapshot.model, diagram, element, rect);
            if !tx.is_empty() {
                out.push(Action::Apply(tx));
            }
        }
        Some(Drag::Bend { flow, index, original }) => {
            let mut points = original.clone();
            if let Some(point) = points.get_mut(*index) {
                *point = Point::new(snap(p.x, snap_on), snap(p.y, snap_on));
            }
            if view.bends.get(flow) != Some(&points) {
                out.push(Action::Apply(commands::set_bends(diagram, flow, points)));
            }
        }
        Some(Drag::Band { .. } | Drag::Connect { .. } | Drag::NewBoundary { .. }) | None => {}
    }
}

fn end_drag(input: &CanvasInput<'_>, view: &DfdView, ended: Drag, rename: &mut Option<Rename>, out: &mut Vec<Action>) {
    let model = input.snapshot.model;
    let diagram = input.diagram;
    let snap_on = input.snapshot.view.snap;
    match ended {
        Drag::Move { elements, boundaries, .. } => {
            out.push(Action::SyncMembership(diagram.clone(), elements, boundaries));
            out.push(Action::EndGesture);
        }
        Drag::Resize { boundary, original, .. } => {
            let now = view.boundaries.get(&boundary).copied().unwrap_or(original);
            let (mut elements, mut boundaries) = commands::placed_within(model, diagram, &original);
            let (e2, b2) = commands::placed_within(model, diagram, &now);
            elements.extend(e2);
            boundaries.extend(b2);
            boundaries.insert(boundary);
            out.push(Action::SyncMembership(diagram.clone(), elements, boundaries));
            out.push(Action::EndGesture);
        }
        Drag::ResizeElement { element, .. } => {
            out.push(Action::SyncMembership(diagram.clone(), [element].into(), BTreeSet::new()));
            out.push(Action::EndGesture);
        }
        Drag::Bend { .. } => out.push(Action::EndGesture),
        Drag::Band { origin, additive } => {
            if let Some(p) = input.pointer_in_diagram {
                out.push(Action::Select(band_selection(input, view, SceneRect::from_two_pos(origin, p), additive)));
            }
        }
        Drag::Connect { from } => {
            let target = input.pointer_in_diagram.and_then(|p| hit(input.scene, p, input.tolerance()).cloned());
            if let Some(Owner::Element(to)) = target
                && to != from
            {
                let (flow, tx) = commands::add_flow(&from, &to, "New flow");
                out.push(Action::BeginGesture(tx.label.clone()));
                out.push(Action::Apply(tx));
                out.push(Action::Select([Item::Flow(flow.clone())].into()));
                *rename = Some(Rename::new_record(RenameTarget::Item(Item::Flow(flow)), "New flow".to_owned()));
                if input.snapshot.view.tool == Tool::Connect {
                    out.push(Action::SetTool(Tool::Select));
                }
            }
        }
        Drag::NewBoundary { origin } => {
            if let Some(p) = input.pointer_in_diagram {
                let r = SceneRect::from_two_pos(origin, p);
                let (x0, y0) = (snap(r.min.x, snap_on), snap(r.min.y, snap_on));
                let (w, h) = (
                    (snap(r.max.x, snap_on) - x0).clamp(MIN_BOUNDARY.0, MAX_EXTENT),
                    (snap(r.max.y, snap_on) - y0).clamp(MIN_BOUNDARY.1, MAX_EXTENT),
                );
                let placed = place_boundary(model, diagram, ModelRect::new(x0, y0, w, h));
                out.extend(placed.actions);
                *rename = Some(placed.rename);
            }
        }
    }
}

/// What a rubber band selects: elements and boundaries wholly inside it, and the flows between
/// selected elements.
fn band_selection(input: &CanvasInput<'_>, view: &DfdView, band: SceneRect, additive: bool) -> BTreeSet<Item> {
    let mut selection = if additive { input.snapshot.view.selection.clone() } else { BTreeSet::new() };
    let inside = |r: &ModelRect| band.contains_rect(&SceneRect::from(*r));
    selection.extend(view.nodes.iter().filter(|(_, r)| inside(r)).map(|(id, _)| Item::Element(id.clone())));
    selection.extend(view.boundaries.iter().filter(|(_, r)| inside(r)).map(|(id, _)| Item::Boundary(id.clone())));
    let chosen: BTreeSet<ElementId> =
        selection.iter().filter_map(|i| if let Item::Element(e) = i { Some(e.clone()) } else { None }).collect();
    selection.extend(
        input
            .snapshot
            .model
            .flows
            .iter()
            .filter(|(_, f)| chosen.contains(&f.source) && chosen.contains(&f.target))
            .map(|(id, _)| Item::Flow(id.clone())),
    );
    selection
}

fn clicks(input: &CanvasInput<'_>, view: &DfdView, rename: &mut Option<Rename>, out: &mut Vec<Action>) {
    let model = input.snapshot.model;
    let tolerance = input.tolerance();
    let snap_on = input.snapshot.view.snap;
    if input.response.clicked_by(egui::PointerButton::Primary)
        && let Some(p) = input.pointer_in_diagram
    {
        match input.snapshot.view.tool {
            Tool::Place(kind) => {
                let placed = place_element(input.diagram, kind, p, snap_on);
                out.extend(placed.actions);
                *rename = Some(placed.rename);
            }
            Tool::PlaceBoundary => {
                let placed = place_boundary(model, input.diagram, clicked_boundary(p, snap_on));
                out.extend(placed.actions);
                *rename = Some(placed.rename);
            }
            Tool::Select | Tool::Connect => {
                let item = hit(input.scene, p, tolerance).and_then(item_of);
                let extend = input.extend_selection;
                let mut selection = if extend { input.snapshot.view.selection.clone() } else { BTreeSet::new() };
                if let Some(item) = item
                    && !(extend && selection.remove(&item))
                {
                    selection.insert(item);
                }
                out.push(Action::Select(selection));
            }
        }
    }
    if input.response.double_clicked_by(egui::PointerButton::Primary)
        && let Some(p) = input.pointer_in_diagram
    {
        if let Some(Handle::Bend(flow, index)) =
            handle_at(&input.snapshot.view.selection, &input.scene.layout, p, tolerance)
        {
            let mut points = view.bends.get(&flow).cloned().unwrap_or_default();
            if index < points.len() {
                points.remove(index);
                let mut tx = commands::set_bends(input.diagram, &flow, points);
                tx.label = "Remove bend point".into();
                out.push(Action::Apply(tx));
            }
        } else if let Some(item) = hit(input.scene, p, tolerance).and_then(item_of) {
            out.push(Action::Select([item.clone()].into()));
            *rename = Rename::of_selected(model, &item);
        }
    }
}

/// Arrow keys nudge the selection (by the grid when snapping, else by one unit; Shift: ×10).
fn nudge(ui: &egui::Ui, input: &CanvasInput<'_>, view: &DfdView, renaming: bool, out: &mut Vec<Action>) {
    let selection = &input.snapshot.view.selection;
    if !input.keys_are_ours(ui.ctx(), renaming) || selection.is_empty() {
        return;
    }
    let (dx, dy, big) = ui.input(|i| {
        let mut d = (0, 0);
        if i.key_pressed(egui::Key::ArrowLeft) {
            d.0 -= 1;
        }
        if i.key_pressed(egui::Key::ArrowRight) {
            d.0 += 1;
        }
        if i.key_pressed(egui::Key::ArrowUp) {
            d.1 -= 1;
        }
        if i.key_pressed(egui::Key::ArrowDown) {
            d.1 += 1;
        }
        (d.0, d.1, i.modifiers.shift)
    });
    if (dx, dy) == (0, 0) {
        return;
    }
    let step = if input.snapshot.view.snap { GRID } else { 1 } * if big { 10 } else { 1 };
    let (elements, boundaries) = moved_with(input.snapshot.model, input.diagram, view, selection);
    let mut tx =
        commands::move_items(input.snapshot.model, input.diagram, &elements, &boundaries, dx * step, dy * step);
    tx.label = "Nudge".into();
    out.push(Action::BeginGesture("Nudge".into()));
    out.push(Action::Apply(tx));
    out.push(Action::SyncMembership(input.diagram.clone(), elements, boundaries));
    out.push(Action::EndGesture);
}

/// `r` moved by `dx`, `dy`.
fn translated(r: &SceneRect, dx: f32, dy: f32) -> SceneRect {
    SceneRect { min: Pos::new(r.min.x + dx, r.min.y + dy), max: Pos::new(r.max.x + dx, r.max.y + dy) }
}

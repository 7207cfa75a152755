//! Pointer and keyboard handling on a data-flow diagram.

use std::collections::BTreeSet;

use egui::{Color32, Pos2, Rect, Stroke, Vec2};

use super::{GRID, RenameTarget, Tool, hit, paint};
use crate::app::Editor;
use crate::app::actions::Action;
use crate::app::palette::PaletteItem;
use crate::edit::commands::{self, Item};
use crate::model::{
    BoundaryId, DfdView, DiagramId, DiagramView, ElementId, ElementKindTag, FlowId, Point, Rect as ModelRect,
};
use crate::scene::{Owner, Pos, Shape};

/// Smallest boundary box.
const MIN_BOUNDARY: (i32, i32) = (80, 60);
use crate::model::MAX_EXTENT;

/// A pointer gesture under way.
#[derive(Clone, Debug)]
pub(super) enum Drag {
    /// Moving the selection; `applied` is the offset already applied to the model.
    Move {
        origin: Pos2,
        anchor: ModelRect,
        applied: (i32, i32),
        elements: BTreeSet<ElementId>,
        boundaries: BTreeSet<BoundaryId>,
    },
    /// Selecting with a rubber band.
    Band { origin: Pos2, additive: bool },
    /// Dragging a new flow out of an element.
    Connect { from: ElementId },
    /// Drawing a new boundary.
    NewBoundary { origin: Pos2 },
    /// Resizing a boundary by a corner (`left`, `top` say which).
    Resize { boundary: BoundaryId, original: ModelRect, left: bool, top: bool, origin: Pos2 },
    /// Moving a bend point.
    Bend { flow: FlowId, index: usize, original: Vec<Point> },
}

impl Drag {
    /// Whether this gesture changes the model as it goes (inside an open undo gesture).
    pub(super) fn edits_model(&self) -> bool {
        matches!(self, Self::Move { .. } | Self::Resize { .. } | Self::Bend { .. })
    }
}

fn snap(v: f32, on: bool) -> i32 {
    let v = crate::model::clamp_coord(v.round() as i32);
    if on { (v as f32 / GRID as f32).round() as i32 * GRID } else { v }
}

fn default_size(kind: ElementKindTag) -> (i32, i32) {
    match kind {
        ElementKindTag::Process => (160, 90),
        ElementKindTag::ExternalEntity => (160, 70),
        ElementKindTag::DataStore => (180, 70),
    }
}

fn default_name(kind: ElementKindTag) -> &'static str {
    match kind {
        ElementKindTag::Process => "New process",
        ElementKindTag::ExternalEntity => "New external entity",
        ElementKindTag::DataStore => "New data store",
    }
}

fn dfd_view<'a>(editor: &'a Editor, diagram: &DiagramId) -> Option<&'a DfdView> {
    match editor.doc.model.diagram(diagram).map(|d| &d.view) {
        Some(DiagramView::Dfd(v)) => Some(v),
        _ => None,
    }
}

fn to_pos(p: Pos2) -> Pos {
    Pos::new(p.x, p.y)
}

/// Places a new element of `kind` centred at `at`, in the boundary under it, and starts
/// renaming it: one undo step.
fn place_element(editor: &mut Editor, diagram: &DiagramId, kind: ElementKindTag, at: Pos2) {
    let (w, h) = default_size(kind);
    let rect = ModelRect::new(snap(at.x - w as f32 / 2.0, editor.snap), snap(at.y - h as f32 / 2.0, editor.snap), w, h);
    let (id, tx) = commands::add_element(kind, default_name(kind), None, Some((diagram, rect)));
    editor.queue(Action::BeginGesture(tx.label.clone()));
    editor.queue(Action::Execute(tx));
    editor.queue(Action::SyncMembership(diagram.clone(), [id.clone()].into(), BTreeSet::new()));
    editor.queue(Action::Select([Item::Element(id.clone())].into()));
    editor.canvas.start_naming_new(RenameTarget::Item(Item::Element(id)), default_name(kind).to_owned());
    editor.tool = Tool::Select;
}

fn place_boundary(editor: &mut Editor, diagram: &DiagramId, rect: ModelRect) {
    let (id, tx) = commands::add_boundary("New trust boundary", None, Some((diagram, rect)));
    let (elements, mut boundaries) = commands::placed_within(&editor.doc.model, diagram, &rect);
    boundaries.insert(id.clone());
    editor.queue(Action::BeginGesture(tx.label.clone()));
    editor.queue(Action::Execute(tx));
    editor.queue(Action::SyncMembership(diagram.clone(), elements, boundaries));
    editor.queue(Action::Select([Item::Boundary(id.clone())].into()));
    editor.canvas.start_naming_new(RenameTarget::Item(Item::Boundary(id)), "New trust boundary".to_owned());
    editor.tool = Tool::Select;
}

fn item_of(owner: &Owner) -> Option<Item> {
    match owner {
        Owner::Element(id) => Some(Item::Element(id.clone())),
        Owner::Flow(id) => Some(Item::Flow(id.clone())),
        Owner::Boundary(id) => Some(Item::Boundary(id.clone())),
        _ => None,
    }
}

/// Whether `p` is near the outline of the element box `r` (where dragging starts a flow).
fn on_edge(r: &ModelRect, p: Pos2, tolerance: f32) -> bool {
    let rect = Rect::from_min_size(Pos2::new(r.x as f32, r.y as f32), Vec2::new(r.w as f32, r.h as f32));
    // The band where a drag starts a flow: a few points wide, but never most of the box (zoomed
    // far out, the box must still be movable).
    let edge = tolerance.max(6.0).min(r.w.min(r.h) as f32 * 0.25);
    rect.expand(2.0).contains(p) && !rect.shrink(edge).contains(p)
}

#[allow(clippy::too_many_lines)] // the canvas state machine reads best in one place
pub(super) fn interact(
    editor: &mut Editor,
    ui: &mut egui::Ui,
    response: &egui::Response,
    pointer: Option<Pos2>,
    diagram: &DiagramId,
    zoom: f32,
) {
    let tolerance = 6.0 / zoom;
    let shift = ui.input(|i| i.modifiers.shift || i.modifiers.command);
    let press = ui.input(|i| i.pointer.press_origin()).and_then(|p| editor.canvas.to_global.map(|t| t.inverse() * p));

    // Palette drops.
    if let Some((item, global)) = editor.canvas.palette_drop.take()
        && let Some(to_global) = editor.canvas.to_global
        && response.rect.contains(to_global.inverse() * global)
    {
        let p = to_global.inverse() * global;
        match item {
            PaletteItem::Element(kind) => place_element(editor, diagram, kind, p),
            PaletteItem::Boundary => place_boundary(
                editor,
                diagram,
                ModelRect::new(snap(p.x - 180.0, editor.snap), snap(p.y - 120.0, editor.snap), 360, 240),
            ),
        }
    }

    let Some(view) = dfd_view(editor, diagram).cloned() else {
        return;
    };
    let Some(scene) = editor.canvas.shared_scene() else {
        return;
    };

    // Escape: cancel the gesture, else the tool, else the selection.
    if ui.input(|i| i.key_pressed(egui::Key::Escape)) && editor.canvas.rename.is_none() {
        if let Some(drag) = editor.canvas.drag.take() {
            if matches!(drag, Drag::Move { .. } | Drag::Resize { .. } | Drag::Bend { .. }) {
                editor.queue(Action::CancelGesture);
            }
        } else if editor.tool != Tool::Select {
            editor.tool = Tool::Select;
        } else {
            editor.queue(Action::Select(BTreeSet::new()));
        }
    }

    // Drag start.
    if response.drag_started_by(egui::PointerButton::Primary)
        && let Some(origin) = press
    {
        let hit_owner = hit(&scene, to_pos(origin), tolerance).cloned();
        let handle = handle_at(editor, &view, origin, tolerance);
        editor.canvas.drag = match (editor.tool, handle, hit_owner) {
            (Tool::PlaceBoundary, ..) => Some(Drag::NewBoundary { origin }),
            (Tool::Place(_), ..) => None,
            (_, Some(Handle::Corner(boundary, left, top)), _) => {
                let original = view.boundaries.get(&boundary).copied().unwrap_or_default();
                editor.queue(Action::BeginGesture("Resize trust boundary".into()));
                Some(Drag::Resize { boundary, original, left, top, origin })
            }
            (_, Some(Handle::Bend(flow, index)), _) => {
                editor.queue(Action::BeginGesture("Move bend point".into()));
                Some(Drag::Bend { original: view.bends.get(&flow).cloned().unwrap_or_default(), flow, index })
            }
            (_, Some(Handle::NewBend(flow, index)), _) => {
                let mut original = view.bends.get(&flow).cloned().unwrap_or_default();
                original.insert(index, Point::new(snap(origin.x, false), snap(origin.y, false)));
                editor.queue(Action::BeginGesture("Add bend point".into()));
                editor.queue(Action::Execute(commands::set_bends(diagram, &flow, original.clone())));
                Some(Drag::Bend { flow, index, original })
            }
            (tool, None, Some(Owner::Element(id)))
                if tool == Tool::Connect || view.nodes.get(&id).is_some_and(|r| on_edge(r, origin, tolerance)) =>
            {
                Some(Drag::Connect { from: id })
            }
            (_, None, Some(owner @ (Owner::Element(_) | Owner::Boundary(_)))) => {
                let item = item_of(&owner);
                let mut selection = editor.selection.clone();
                if let Some(item) = &item
                    && !selection.contains(item)
                {
                    if !shift {
                        selection.clear();
                    }
                    selection.insert(item.clone());
                    editor.queue(Action::Select(selection.clone()));
                }
                let mut elements: BTreeSet<ElementId> = selection
                    .iter()
                    .filter_map(|i| if let Item::Element(e) = i { Some(e.clone()) } else { None })
                    .collect();
                let mut boundaries: BTreeSet<BoundaryId> = selection
                    .iter()
                    .filter_map(|i| if let Item::Boundary(b) = i { Some(b.clone()) } else { None })
                    .collect();
                // A boundary carries what sits inside it.
                for b in boundaries.clone() {
                    if let Some(r) = view.boundaries.get(&b) {
                        let (e, nested) = commands::placed_within(&editor.doc.model, diagram, r);
                        elements.extend(e);
                        boundaries.extend(nested);
                    }
                }
                let anchor = match &owner {
                    Owner::Element(id) => view.nodes.get(id).copied(),
                    Owner::Boundary(id) => view.boundaries.get(id).copied(),
                    _ => None,
                }
                .unwrap_or_default();
                editor.queue(Action::BeginGesture("Move".into()));
                Some(Drag::Move { origin, anchor, applied: (0, 0), elements, boundaries })
            }
            _ => Some(Drag::Band { origin, additive: shift }),
        };
    }

    // Drag update.
    if let (Some(drag), Some(p)) = (editor.canvas.drag.clone(), pointer)
        && response.dragged_by(egui::PointerButton::Primary)
    {
        match drag {
            Drag::Move { origin, anchor, applied, elements, boundaries } => {
                let dx = snap(anchor.x as f32 + p.x - origin.x, editor.snap) - anchor.x;
                let dy = snap(anchor.y as f32 + p.y - origin.y, editor.snap) - anchor.y;
                if (dx, dy) != applied {
                    let tx = commands::move_items(
                        &editor.doc.model,
                        diagram,
                        &elements,
                        &boundaries,
                        dx - applied.0,
                        dy - applied.1,
                    );
                    editor.queue(Action::Execute(tx));
                    editor.canvas.drag = Some(Drag::Move { origin, anchor, applied: (dx, dy), elements, boundaries });
                }
            }
            Drag::Resize { boundary, original, left, top, origin } => {
                let (dx, dy) = (p.x - origin.x, p.y - origin.y);
                let (mut x0, mut y0, mut x1, mut y1) =
                    (original.x, original.y, original.x + original.w, original.y + original.h);
                if left {
                    x0 = snap(x0 as f32 + dx, editor.snap).clamp(x1 - MAX_EXTENT, x1 - MIN_BOUNDARY.0);
                } else {
                    x1 = snap(x1 as f32 + dx, editor.snap).clamp(x0 + MIN_BOUNDARY.0, x0 + MAX_EXTENT);
                }
                if top {
                    y0 = snap(y0 as f32 + dy, editor.snap).clamp(y1 - MAX_EXTENT, y1 - MIN_BOUNDARY.1);
                } else {
                    y1 = snap(y1 as f32 + dy, editor.snap).clamp(y0 + MIN_BOUNDARY.1, y0 + MAX_EXTENT);
                }
                let rect = ModelRect::new(x0, y0, x1 - x0, y1 - y0);
                if view.boundaries.get(&boundary) != Some(&rect) {
                    editor.queue(Action::Execute(commands::set_boundary_rect(diagram, &boundary, rect)));
                }
            }
            Drag::Bend { flow, index, mut original } => {
                if let Some(point) = original.get_mut(index) {
                    *point = Point::new(snap(p.x, editor.snap), snap(p.y, editor.snap));
                }
                if view.bends.get(&flow) != Some(&original) {
                    editor.queue(Action::Execute(commands::set_bends(diagram, &flow, original)));
                }
            }
            Drag::Band { .. } | Drag::Connect { .. } | Drag::NewBoundary { .. } => {}
        }
    }

    // Drag end.
    if response.drag_stopped()
        && let Some(drag) = editor.canvas.drag.take()
    {
        match drag {
            Drag::Move { elements, boundaries, .. } => {
                editor.queue(Action::SyncMembership(diagram.clone(), elements, boundaries));
                editor.queue(Action::EndGesture);
            }
            Drag::Resize { boundary, original, .. } => {
                let now = view.boundaries.get(&boundary).copied().unwrap_or(original);
                let (mut elements, mut boundaries) = commands::placed_within(&editor.doc.model, diagram, &original);
                let (e2, b2) = commands::placed_within(&editor.doc.model, diagram, &now);
                elements.extend(e2);
                boundaries.extend(b2);
                boundaries.insert(boundary);
                editor.queue(Action::SyncMembership(diagram.clone(), elements, boundaries));
                editor.queue(Action::EndGesture);
            }
            Drag::Bend { .. } => editor.queue(Action::EndGesture),
            Drag::Band { origin, additive } => {
                if let Some(p) = pointer {
                    let band = Rect::from_two_pos(origin, p);
                    let mut selection = if additive { editor.selection.clone() } else { BTreeSet::new() };
                    let inside = |r: &ModelRect| {
                        band.contains_rect(Rect::from_min_size(
                            Pos2::new(r.x as f32, r.y as f32),
                            Vec2::new(r.w as f32, r.h as f32),
                        ))
                    };
                    selection
                        .extend(view.nodes.iter().filter(|(_, r)| inside(r)).map(|(id, _)| Item::Element(id.clone())));
                    selection.extend(
                        view.boundaries.iter().filter(|(_, r)| inside(r)).map(|(id, _)| Item::Boundary(id.clone())),
                    );
                    let chosen: BTreeSet<ElementId> = selection
                        .iter()
                        .filter_map(|i| if let Item::Element(e) = i { Some(e.clone()) } else { None })
                        .collect();
                    selection.extend(
                        editor
                            .doc
                            .model
                            .flows
                            .iter()
                            .filter(|(_, f)| chosen.contains(&f.source) && chosen.contains(&f.target))
                            .map(|(id, _)| Item::Flow(id.clone())),
                    );
                    editor.queue(Action::Select(selection));
                }
            }
            Drag::Connect { from } => {
                let target = pointer.and_then(|p| hit(&scene, to_pos(p), tolerance).cloned());
                if let Some(Owner::Element(to)) = target
                    && to != from
                {
                    let (flow, tx) = commands::add_flow(&from, &to, "New flow");
                    editor.queue(Action::BeginGesture(tx.label.clone()));
                    editor.queue(Action::Execute(tx));
                    editor.queue(Action::Select([Item::Flow(flow.clone())].into()));
                    editor.canvas.start_naming_new(RenameTarget::Item(Item::Flow(flow)), "New flow".to_owned());
                    if editor.tool == Tool::Connect {
                        editor.tool = Tool::Select;
                    }
                }
            }
            Drag::NewBoundary { origin } => {
                if let Some(p) = pointer {
                    let r = Rect::from_two_pos(origin, p);
                    let (x0, y0) = (snap(r.min.x, editor.snap), snap(r.min.y, editor.snap));
                    let (w, h) = (
                        (snap(r.max.x, editor.snap) - x0).clamp(MIN_BOUNDARY.0, MAX_EXTENT),
                        (snap(r.max.y, editor.snap) - y0).clamp(MIN_BOUNDARY.1, MAX_EXTENT),
                    );
                    place_boundary(editor, diagram, ModelRect::new(x0, y0, w, h));
                }
            }
        }
    }

    // Clicks.
    if response.clicked()
        && let Some(p) = pointer
    {
        match editor.tool {
            Tool::Place(kind) => place_element(editor, diagram, kind, p),
            Tool::PlaceBoundary => place_boundary(
                editor,
                diagram,
                ModelRect::new(snap(p.x - 180.0, editor.snap), snap(p.y - 120.0, editor.snap), 360, 240),
            ),
            Tool::Select | Tool::Connect => {
                let item = hit(&scene, to_pos(p), tolerance).and_then(item_of);
                let mut selection = if shift { editor.selection.clone() } else { BTreeSet::new() };
                if let Some(item) = item {
                    if shift && selection.contains(&item) {
                        selection.remove(&item);
                    } else {
                        selection.insert(item);
                    }
                }
                editor.queue(Action::Select(selection));
            }
        }
    }
    if response.double_clicked()
        && let Some(p) = pointer
    {
        if let Some(Handle::Bend(flow, index)) = handle_at(editor, &view, p, tolerance) {
            let mut points = view.bends.get(&flow).cloned().unwrap_or_default();
            if index < points.len() {
                points.remove(index);
                let mut tx = commands::set_bends(diagram, &flow, points);
                tx.label = "Remove bend point".into();
                editor.queue(Action::Execute(tx));
            }
        } else if let Some(item) = hit(&scene, to_pos(p), tolerance).and_then(item_of) {
            editor.queue(Action::Select([item.clone()].into()));
            editor.canvas.start_rename_selected(&editor.doc.model, Some(diagram), &[item].into());
        }
    }

    keyboard(editor, ui, diagram, &view);
    overlay(editor, ui, &view, &scene, pointer, zoom);
}

/// Arrow keys nudge the selection (by the grid when snapping, else by one unit; Shift: ×10).
fn keyboard(editor: &mut Editor, ui: &egui::Ui, diagram: &DiagramId, view: &DfdView) {
    if ui.ctx().text_edit_focused() || editor.canvas.rename.is_some() || editor.dialog.is_some() {
        return;
    }
    let (dx, dy, big) = ui.input(|i| {
        let mut d = (0, 0);
        if i.key_pressed(egui::Key::ArrowLeft) {
            d.0 -= 1
        }
        if i.key_pressed(egui::Key::ArrowRight) {
            d.0 += 1
        }
        if i.key_pressed(egui::Key::ArrowUp) {
            d.1 -= 1
        }
        if i.key_pressed(egui::Key::ArrowDown) {
            d.1 += 1
        }
        (d.0, d.1, i.modifiers.shift)
    });
    if (dx, dy) == (0, 0) || editor.selection.is_empty() {
        return;
    }
    let step = if editor.snap { GRID } else { 1 } * if big { 10 } else { 1 };
    let elements: BTreeSet<ElementId> =
        editor.selection.iter().filter_map(|i| if let Item::Element(e) = i { Some(e.clone()) } else { None }).collect();
    let boundaries: BTreeSet<BoundaryId> = editor
        .selection
        .iter()
        .filter_map(|i| if let Item::Boundary(b) = i { Some(b.clone()) } else { None })
        .collect();
    let mut all_elements = elements.clone();
    let mut all_boundaries = boundaries.clone();
    for b in &boundaries {
        if let Some(r) = view.boundaries.get(b) {
            let (e, nested) = commands::placed_within(&editor.doc.model, diagram, r);
            all_elements.extend(e);
            all_boundaries.extend(nested);
        }
    }
    let mut tx = commands::move_items(&editor.doc.model, diagram, &all_elements, &all_boundaries, dx * step, dy * step);
    tx.label = "Nudge".into();
    editor.queue(Action::BeginGesture("Nudge".into()));
    editor.queue(Action::Execute(tx));
    editor.queue(Action::SyncMembership(diagram.clone(), all_elements, all_boundaries));
    editor.queue(Action::EndGesture);
}

/// A handle of a selected record.
enum Handle {
    /// A corner of a selected boundary: (boundary, left, top).
    Corner(BoundaryId, bool, bool),
    /// An existing bend point of a selected flow.
    Bend(FlowId, usize),
    /// The middle of a segment of a selected flow: dragging it adds a bend at this index.
    NewBend(FlowId, usize),
}

fn flow_path(editor: &Editor, view: &DfdView, flow: &FlowId) -> Option<Vec<Pos2>> {
    let f = editor.doc.model.flows.get(flow)?;
    let (a, b) = (view.nodes.get(&f.source)?, view.nodes.get(&f.target)?);
    let mut points = vec![Pos2::new(a.center().x as f32, a.center().y as f32)];
    points.extend(view.bends.get(flow).into_iter().flatten().map(|p| Pos2::new(p.x as f32, p.y as f32)));
    points.push(Pos2::new(b.center().x as f32, b.center().y as f32));
    Some(points)
}

fn handle_at(editor: &Editor, view: &DfdView, p: Pos2, tolerance: f32) -> Option<Handle> {
    let radius = tolerance * 1.4;
    for item in &editor.selection {
        match item {
            Item::Boundary(b) => {
                let r = view.boundaries.get(b)?;
                for (left, top) in [(true, true), (false, true), (true, false), (false, false)] {
                    let corner =
                        Pos2::new((r.x + if left { 0 } else { r.w }) as f32, (r.y + if top { 0 } else { r.h }) as f32);
                    if corner.distance(p) <= radius {
                        return Some(Handle::Corner(b.clone(), left, top));
                    }
                }
            }
            Item::Flow(f) => {
                let points = flow_path(editor, view, f)?;
                for (i, q) in points.iter().enumerate().skip(1).take(points.len().saturating_sub(2)) {
                    if q.distance(p) <= radius {
                        return Some(Handle::Bend(f.clone(), i - 1));
                    }
                }
                for (i, w) in points.windows(2).enumerate() {
                    if w[0].lerp(w[1], 0.5).distance(p) <= radius && w[0].distance(w[1]) > 60.0 {
                        return Some(Handle::NewBend(f.clone(), i));
                    }
                }
            }
            Item::Element(_) => {}
        }
    }
    None
}

/// Selection, hover, handles and previews: canvas only, never exported.
fn overlay(
    editor: &Editor,
    ui: &egui::Ui,
    view: &DfdView,
    scene: &crate::scene::Scene,
    pointer: Option<Pos2>,
    zoom: f32,
) {
    let painter = ui.painter();
    let accent = ui.visuals().selection.stroke.color;
    let accent = if accent == Color32::TRANSPARENT { Color32::from_rgb(0, 120, 215) } else { accent };
    let width = 2.0 / zoom;
    let handle = 4.5 / zoom;
    let to_rect =
        |r: &ModelRect| Rect::from_min_size(Pos2::new(r.x as f32, r.y as f32), Vec2::new(r.w as f32, r.h as f32));
    if let Some(p) = pointer
        && editor.canvas.drag.is_none()
        && let Some(Owner::Element(id)) = hit(scene, to_pos(p), 6.0 / zoom)
        && let Some(r) = view.nodes.get(id)
    {
        painter.rect_stroke(
            to_rect(r).expand(3.0 / zoom),
            4.0,
            Stroke::new(1.0 / zoom, accent.gamma_multiply(0.6)),
            egui::StrokeKind::Outside,
        );
    }
    for item in &editor.selection {
        match item {
            Item::Element(id) => {
                if let Some(r) = view.nodes.get(id) {
                    painter.rect_stroke(
                        to_rect(r).expand(4.0 / zoom),
                        4.0,
                        Stroke::new(width, accent),
                        egui::StrokeKind::Outside,
                    );
                }
            }
            Item::Boundary(id) => {
                if let Some(r) = view.boundaries.get(id) {
                    let rect = to_rect(r);
                    painter.rect_stroke(rect, 10.0, Stroke::new(width, accent), egui::StrokeKind::Middle);
                    for c in [rect.left_top(), rect.right_top(), rect.left_bottom(), rect.right_bottom()] {
                        painter.rect_filled(Rect::from_center_size(c, Vec2::splat(handle * 2.0)), 1.0, accent);
                    }
                }
            }
            Item::Flow(id) => {
                for i in scene.items.iter().filter(|i| i.owner.as_ref() == Some(&Owner::Flow(id.clone()))) {
                    if let Shape::Line { points, .. } = &i.shape {
                        let path: Vec<Pos2> = points.iter().map(|p| paint::pos2(*p)).collect();
                        painter.add(egui::Shape::line(path, Stroke::new(width * 1.5, accent.gamma_multiply(0.7))));
                    }
                }
                if let Some(points) = flow_path(editor, view, id) {
                    for q in points.iter().skip(1).take(points.len().saturating_sub(2)) {
                        painter.rect_filled(Rect::from_center_size(*q, Vec2::splat(handle * 2.0)), 1.0, accent);
                    }
                    for w in points.windows(2) {
                        if w[0].distance(w[1]) > 60.0 {
                            painter.circle_stroke(w[0].lerp(w[1], 0.5), handle, Stroke::new(width * 0.75, accent));
                        }
                    }
                }
            }
        }
    }
    match (&editor.canvas.drag, pointer) {
        (Some(Drag::Band { origin, .. } | Drag::NewBoundary { origin }), Some(p)) => {
            let r = Rect::from_two_pos(*origin, p);
            painter.rect(
                r,
                0.0,
                accent.gamma_multiply(0.08),
                Stroke::new(1.0 / zoom, accent),
                egui::StrokeKind::Middle,
            );
        }
        (Some(Drag::Connect { from }), Some(p)) => {
            if let Some(r) = view.nodes.get(from) {
                let start = Pos2::new(r.center().x as f32, r.center().y as f32);
                painter.arrow(start, p - start, Stroke::new(width, accent));
            }
        }
        _ => {}
    }
}

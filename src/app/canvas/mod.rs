//! The canvas: draws the current diagram's scene inside an `egui::Scene` (pan and zoom) and
//! turns pointer and keyboard input into actions. It reads the model through a [`Snapshot`],
//! keeps only its own state (cameras, the gesture under way, the rename field, the cached
//! scene), and proposes every change as an [`Action`]. Selection, hover, handles and previews
//! are painted in a separate pass after the scene, so they can never reach an export.
//!
//! The submodules never import this one: they share the leaf modules `space` (coordinate
//! spaces), `input` (one frame's input), `hit` and `rename`.

mod cache;
mod dfd;
mod dfd_overlay;
mod grid;
mod hit;
mod input;
pub mod paint;
mod rename;
mod seq_toolbar;
mod sequence;
pub mod space;

use std::collections::BTreeMap;
use std::sync::Arc;

use egui::{Rect, Sense, Vec2};

use super::action::{Action, PaletteItem};
use super::view::Snapshot;
use crate::edit::commands::Item;
use crate::model::{DiagramId, DiagramView, Model};
use crate::scene::{Owner, Pos, Scene, SceneRect, Style};

pub use rename::{Rename, RenameTarget};
pub use space::{GRID, ScreenFromDiagram};

/// Canvas state: cameras per diagram, the gesture under way, the rename field, the cached scene.
#[derive(Default)]
pub struct CanvasState {
    cameras: BTreeMap<DiagramId, Rect>,
    /// The camera of the last frame.
    transform: Option<ScreenFromDiagram>,
    /// Where the canvas sat on screen in the last frame.
    rect_on_screen: Option<Rect>,
    cache: cache::SceneCache,
    dfd_drag: Option<dfd::Drag>,
    sequence_drag: Option<sequence::Drag>,
    rename: Option<Rename>,
    fit: bool,
    zoom: Option<f32>,
    pan: Vec2,
    /// A palette entry dropped at this screen position, placed on the next frame.
    pending_drop: Option<(PaletteItem, egui::Pos2)>,
    /// Bring the selection into view on the next frame.
    reveal: bool,
    /// The record under the pointer, when the pointer is over the canvas itself.
    hovered: Option<Owner>,
}

impl CanvasState {
    /// Zooms by `factor` around the view's centre on the next frame.
    pub fn zoom_by(&mut self, factor: f32) {
        self.zoom = Some(self.zoom.unwrap_or(1.0) * factor);
    }

    /// Fits the diagram in the view on the next frame.
    pub fn request_fit(&mut self) {
        self.fit = true;
    }

    /// Whether an in-place rename is open.
    #[must_use]
    pub const fn is_renaming(&self) -> bool {
        self.rename.is_some()
    }

    /// Whether a pointer gesture is under way.
    #[must_use]
    pub const fn is_dragging(&self) -> bool {
        self.dfd_drag.is_some() || self.sequence_drag.is_some()
    }

    /// Ends a pointer gesture (switching diagrams, saving); returns whether it had changed the
    /// model inside an open undo gesture (which the caller then rolls back).
    pub fn end_drag(&mut self) -> bool {
        self.sequence_drag = None;
        self.dfd_drag.take().is_some_and(|d| d.edits_model())
    }

    /// Takes the rename under way, to commit or drop it.
    pub fn take_rename(&mut self) -> Option<Rename> {
        self.rename.take()
    }

    /// Starts renaming in place.
    pub fn start_rename(&mut self, rename: Rename) {
        self.rename = Some(rename);
    }

    /// Moves the camera on the next frame so the selection is in view (zoom unchanged), if it
    /// is not already.
    pub fn reveal_selection(&mut self) {
        self.reveal = true;
    }

    /// Places `item` where it was dropped, on the next frame, if that is over the canvas.
    pub fn drop_from_palette(&mut self, item: PaletteItem, pos_on_screen: egui::Pos2) {
        self.pending_drop = Some((item, pos_on_screen));
    }

    /// The record under the pointer in the last frame; `None` when the pointer is elsewhere
    /// (over a panel, a menu, a dialog).
    #[must_use]
    pub const fn hovered(&self) -> Option<&Owner> {
        self.hovered.as_ref()
    }

    /// Where the canvas was on screen in the last frame.
    #[must_use]
    pub const fn rect_on_screen(&self) -> Option<Rect> {
        self.rect_on_screen
    }

    /// The camera of the last frame (tests use it to aim the pointer).
    #[must_use]
    pub const fn transform(&self) -> Option<ScreenFromDiagram> {
        self.transform
    }

    /// Where diagram point `p` was on screen in the last frame.
    #[must_use]
    pub fn screen_from_diagram(&self, p: Pos) -> Option<egui::Pos2> {
        self.transform.map(|t| t.screen_from_diagram(p))
    }

    /// The scene of the shown diagram, as last drawn.
    #[must_use]
    pub fn scene(&self) -> Option<&Scene> {
        self.cache.scene()
    }

    /// Forgets cameras and gestures (a new or reopened document).
    pub fn reset(&mut self) {
        *self = Self::default();
    }
}

/// The diagram tabs above the canvas.
pub fn tabs(ui: &mut egui::Ui, snapshot: &Snapshot<'_>) -> Vec<Action> {
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        for d in &snapshot.model.diagrams {
            let selected = snapshot.view.diagram.as_ref() == Some(&d.id);
            let tab = ui
                .selectable_label(selected, &d.name)
                .on_hover_text(format!("{} · double-click to rename", d.view.kind_label()));
            if tab.clicked() && !selected {
                out.push(Action::SwitchDiagram(d.id.clone()));
            }
            if tab.double_clicked() {
                out.push(Action::SwitchDiagram(d.id.clone()));
                out.push(Action::RenameDiagram);
            }
        }
        ui.menu_button("+", |ui| {
            if ui.button("New data-flow diagram").clicked() {
                out.push(Action::NewDiagram(false));
            }
            if ui.button("New sequence diagram").clicked() {
                out.push(Action::NewDiagram(true));
            }
        })
        .response
        .on_hover_text("New diagram");
    });
    ui.separator();
    out
}

/// The camera for this frame: the remembered one, fitted or zoomed as requested.
fn camera(state: &mut CanvasState, diagram: &DiagramId, content: Option<SceneRect>, view: Rect) -> Rect {
    let mut scene_rect = state.cameras.get(diagram).copied().unwrap_or(Rect::NOTHING);
    if state.fit || !scene_rect.is_finite() || scene_rect.area() <= 0.0 {
        if let Some(c) = content {
            // Fit the content, but never zoom in past 1:1: a new, nearly empty diagram shows
            // its first element at its real size, not blown up to fill the window.
            let fitted = space::layer_rect(c);
            let at_one_to_one = Rect::from_center_size(fitted.center(), view.size());
            scene_rect =
                if fitted.width() < view.width() && fitted.height() < view.height() { at_one_to_one } else { fitted };
        }
        state.fit = false;
    }
    if let Some(factor) = state.zoom.take() {
        scene_rect = Rect::from_center_size(scene_rect.center(), scene_rect.size() / factor);
    }
    scene_rect
}

/// Places a palette entry dropped over the canvas in the last frame.
fn place_dropped(state: &mut CanvasState, model: &Model, diagram: &DiagramId, snap_on: bool, out: &mut Vec<Action>) {
    let Some((item, pos_on_screen)) = state.pending_drop.take() else { return };
    let (Some(transform), Some(canvas)) = (state.transform, state.rect_on_screen) else { return };
    if !canvas.contains(pos_on_screen) {
        return;
    }
    let at = transform.diagram_from_screen(pos_on_screen);
    let is_sequence = matches!(model.diagram(diagram).map(|d| &d.view), Some(DiagramView::Sequence(_)));
    if is_sequence {
        let Some(scene) = state.cache.shared() else { return };
        if let Some((actions, rename)) = sequence::drop_from_palette(model, diagram, &scene.layout, item, at) {
            out.extend(actions);
            if rename.is_some() {
                state.rename = rename;
            }
        }
    } else {
        let placed = dfd::drop_from_palette(model, diagram, item, at, snap_on);
        out.extend(placed.actions);
        state.rename = Some(placed.rename);
    }
}

/// The canvas of the current diagram: draws it and returns what the user did.
pub fn show(ui: &mut egui::Ui, state: &mut CanvasState, snapshot: &Snapshot<'_>) -> Vec<Action> {
    let mut out = Vec::new();
    let Some(diagram) = snapshot.view.diagram.clone() else {
        ui.centered_and_justified(|ui| ui.label("No diagram. Use Diagram ▸ New Data-Flow Diagram."));
        return out;
    };
    let style = if snapshot.dark { Style::dark() } else { Style::light() };
    let Some(scene) = state.cache.get(snapshot.model, snapshot.revision, snapshot.changes, &diagram, snapshot.dark)
    else {
        return out;
    };
    place_dropped(state, snapshot.model, &diagram, snapshot.view.snap, &mut out);
    let is_sequence = snapshot.view.is_sequence(snapshot.model);
    if is_sequence {
        out.extend(seq_toolbar::show(ui, snapshot, &diagram));
    }
    let mut scene_rect = camera(state, &diagram, Some(scene.bounds), ui.available_rect_before_wrap());
    if std::mem::take(&mut state.reveal)
        && let Some(wanted) = selection_bounds(&scene, snapshot.view)
    {
        let wanted = space::layer_rect(wanted);
        if !scene_rect.contains_rect(wanted) {
            scene_rect = scene_rect.translate(wanted.center() - scene_rect.center());
        }
    }
    egui::Scene::new().zoom_range(0.02..=4.0).sense(Sense::hover()).show(ui, &mut scene_rect, |ui| {
        let transform = ScreenFromDiagram::new(ui.ctx().layer_transform_to_global(ui.layer_id()).unwrap_or_default());
        state.transform = Some(transform);
        let visible = ui.clip_rect();
        state.rect_on_screen = Some(Rect::from_min_max(
            transform.screen_from_diagram(space::diagram_pos(visible.min)),
            transform.screen_from_diagram(space::diagram_pos(visible.max)),
        ));
        ui.painter().rect_filled(visible, 0.0, paint::color(style.background));
        if snapshot.view.grid && !is_sequence {
            grid::paint(ui, visible, transform.zoom());
        }
        let visible_in_diagram =
            SceneRect { min: space::diagram_pos(visible.min), max: space::diagram_pos(visible.max) };
        paint::paint(ui.painter(), &scene, visible_in_diagram, transform.zoom());
        let response = ui.interact(visible, ui.scope_id().with("canvas"), Sense::click_and_drag());
        // Only a pointer over the canvas itself hovers anything: not one over a panel, a menu
        // or a dialog that happens to cover part of the diagram.
        state.hovered = response
            .contains_pointer()
            .then(|| ui.input(|i| i.pointer.latest_pos()))
            .flatten()
            .and_then(|p| hit::hit(&scene, transform.diagram_from_screen(p), 6.0 / transform.zoom()).cloned());
        if response.dragged_by(egui::PointerButton::Middle) || response.dragged_by(egui::PointerButton::Secondary) {
            state.pan += response.drag_delta();
        }
        let input = input::CanvasInput {
            snapshot,
            diagram: &diagram,
            scene: &scene,
            response: &response,
            pointer_in_diagram: ui.input(|i| i.pointer.latest_pos()).map(|p| transform.diagram_from_screen(p)),
            press_in_diagram: ui.input(|i| i.pointer.press_origin()).map(|p| transform.diagram_from_screen(p)),
            transform,
            extend_selection: ui.input(|i| i.modifiers.shift || i.modifiers.command),
            hovered: state.hovered.as_ref(),
        };
        if is_sequence {
            sequence::interact(ui, &input, &mut state.sequence_drag, &mut state.rename, &mut out);
        } else {
            dfd::interact(ui, &input, &mut state.dfd_drag, &mut state.rename, &mut out);
            dfd_overlay::paint(ui, &input, state.dfd_drag.as_ref());
        }
        out.extend(rename::overlay(ui.ctx(), &mut state.rename, &scene, transform, snapshot.model, &diagram));
    });
    if state.pan != Vec2::ZERO {
        scene_rect = scene_rect.translate(-state.pan);
        state.pan = Vec2::ZERO;
    }
    state.cameras.insert(diagram, scene_rect);
    out
}

/// F2: the rename of the one selected item, or of the one selected message.
#[must_use]
pub fn rename_of_selection(model: &Model, view: &super::view::View) -> Option<Rename> {
    if let [message] = view.selected_messages.iter().collect::<Vec<_>>().as_slice() {
        let text = model
            .diagrams
            .iter()
            .find_map(|d| match &d.view {
                DiagramView::Sequence(s) => s.message(message),
                DiagramView::Dfd(_) => None,
            })
            .map(|m| m.label(model).to_owned())
            .unwrap_or_default();
        return Some(Rename::existing(RenameTarget::Message((*message).clone()), text));
    }
    match view.selection.iter().collect::<Vec<&Item>>().as_slice() {
        [item] => Rename::of_selected(model, item),
        _ => None,
    }
}

/// The scene of the shown diagram, shared.
#[must_use]
pub fn shared_scene(state: &CanvasState) -> Option<Arc<Scene>> {
    state.cache.shared()
}

/// The box around what is selected, from the scene's layout.
fn selection_bounds(scene: &Scene, view: &super::view::View) -> Option<SceneRect> {
    let layout = &scene.layout;
    let mut b = SceneRect::NOTHING;
    for item in &view.selection {
        let r = match item {
            Item::Element(id) => layout.elements.get(id).copied(),
            Item::Boundary(id) => layout.boundaries.get(id).copied(),
            Item::Flow(id) => layout
                .flows
                .get(id)
                .map(|f| f.points.iter().fold(SceneRect::NOTHING, |b, p| b.union(SceneRect { min: *p, max: *p }))),
        };
        if let Some(r) = r {
            b = b.union(r);
        }
    }
    for id in &view.selected_messages {
        if let Some(r) = layout.message_labels.get(id) {
            b = b.union(*r);
        }
    }
    (!b.is_empty()).then_some(b)
}

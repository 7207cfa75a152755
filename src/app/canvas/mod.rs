//! The canvas: draws the current diagram's scene inside an `egui::Scene` (pan and zoom) and
//! turns pointer and keyboard input into actions. It reads the model through a [`Snapshot`],
//! keeps only its own state (cameras, the gesture under way, the rename field, the cached
//! scene), and proposes every change as an [`Action`]. Selection, hover, handles and previews
//! are painted in a separate pass after the scene, so they can never reach an export.
//!
//! Around the diagram: a right-click menu (`context_menu`), hover tooltips (`tooltip`), a find
//! bar (`find`), alignment guides while dragging (`guides`), the ghost of a palette entry being
//! dragged in (`ghost`), camera moves to the selection (`framing`), and the legend (`legend`). The canvas takes the
//! keyboard when clicked or tabbed to, and shows it with a frame. Middle-drag or Space+drag pans;
//! the wheel scrolls and Ctrl+wheel zooms.
//!
//! The submodules never import this one: they share the leaf modules `space` (coordinate
//! spaces), `input` (one frame's input), `hit` and `rename`.

mod badge_tip;
mod cache;
mod compare_marks;
mod context_menu;
mod dfd;
mod dfd_overlay;
pub mod find;
mod framing;
mod ghost;
mod grid;
pub mod guides;
mod hit;
mod input;
mod legend;
mod markers;
pub mod paint;
mod rename;
mod seq_toolbar;
mod sequence;
pub mod space;
pub mod tooltip;

use std::collections::BTreeMap;
use std::sync::Arc;

use egui::{Rect, Sense, Vec2};

use super::action::{Action, PaletteItem};
use super::view::{Snapshot, View};
use crate::edit::commands::Item;
use crate::model::{DiagramId, DiagramView, Model};
use crate::scene::{Owner, Pos, Scene, SceneRect, Style};

pub use framing::Framing;
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
    /// Bring the selection into view on the next frame.
    reveal: bool,
    /// The record under the pointer, when the pointer is over the canvas itself.
    hovered: Option<Owner>,
    /// Show the selection on the next frame (zoom to selection, a find jump).
    framing: Option<Framing>,
    /// The part of the diagram in view in the last frame.
    visible: Option<SceneRect>,
    /// A Space+drag is panning.
    space_pan: bool,
    /// What the open context menu is about.
    context: Option<context_menu::Target>,
    /// Where that menu opens, on screen.
    menu_at: Option<egui::Pos2>,
    /// The menu was asked for in this frame (right-click, Shift+F10).
    menu_opening: bool,
    /// The find bar, while open.
    find: Option<find::FindBar>,
    /// The canvas's widget id, to give it the keyboard back.
    focus_id: Option<egui::Id>,
    /// Whether the canvas had the keyboard in the last frame.
    has_focus: bool,
    /// Where the palette entry being dragged over the canvas would land, as last drawn.
    ghost: Option<SceneRect>,
    /// The legend (View > Legend) as last laid out.
    legend: Option<legend::LegendCache>,
    /// The threat badge under the pointer: whose it is.
    hovered_badge: Option<crate::model::ThreatTarget>,
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

    /// The record under the pointer in the last frame; `None` when the pointer is elsewhere
    /// (over a panel, a menu, a dialog).
    #[must_use]
    pub const fn hovered(&self) -> Option<&Owner> {
        self.hovered.as_ref()
    }

    /// Whose threat badge the pointer rested on in the last frame.
    #[must_use]
    pub const fn hovered_badge(&self) -> Option<&crate::model::ThreatTarget> {
        self.hovered_badge.as_ref()
    }

    /// Shows the selection on the next frame: fitted, or centred at the current zoom.
    pub fn frame_selection(&mut self, framing: Framing) {
        self.framing = Some(framing);
    }

    /// Opens the find bar, or puts the keyboard back in it.
    pub fn open_find(&mut self) {
        match &mut self.find {
            Some(bar) => bar.refocus(),
            None => self.find = Some(find::FindBar::opened()),
        }
    }

    /// Whether the find bar is open.
    #[must_use]
    pub const fn find_is_open(&self) -> bool {
        self.find.is_some()
    }

    /// The canvas's widget id (it takes the keyboard when clicked or tabbed to).
    #[must_use]
    pub const fn focus_id(&self) -> Option<egui::Id> {
        self.focus_id
    }

    /// Whether the canvas had the keyboard in the last frame.
    #[must_use]
    pub const fn has_keyboard_focus(&self) -> bool {
        self.has_focus
    }

    /// Where the canvas sat on screen in the last frame.
    #[must_use]
    pub const fn rect_on_screen(&self) -> Option<Rect> {
        self.rect_on_screen
    }

    /// Where the palette entry being dragged in would land, as drawn in the last frame.
    #[must_use]
    pub const fn ghost(&self) -> Option<SceneRect> {
        self.ghost
    }

    /// The alignment guides of the move under way (empty when none).
    #[must_use]
    pub fn guides(&self) -> &[guides::Guide] {
        match &self.dfd_drag {
            Some(dfd::Drag::Move { guides, .. }) => guides,
            _ => &[],
        }
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

    /// Where the legend (View > Legend) is on screen, when it shows.
    #[must_use]
    pub fn legend_rect(&self) -> Option<Rect> {
        self.legend.as_ref().map(legend::LegendCache::rect)
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

/// The camera for this frame: the remembered one, fitted, zoomed or moved to the selection as
/// requested. `available` is where the canvas goes on screen.
fn camera(state: &mut CanvasState, diagram: &DiagramId, scene: &Scene, view: &View, available: Rect) -> Rect {
    let mut scene_rect = state.cameras.get(diagram).copied().unwrap_or(Rect::NOTHING);
    if state.fit || !scene_rect.is_finite() || scene_rect.area() <= 0.0 {
        // Fit the content, but never zoom in past 1:1: a new, nearly empty diagram shows
        // its first element at its real size, not blown up to fill the window.
        let fitted = space::layer_rect(scene.bounds);
        let at_one_to_one = Rect::from_center_size(fitted.center(), available.size());
        scene_rect = if fitted.width() < available.width() && fitted.height() < available.height() {
            at_one_to_one
        } else {
            fitted
        };
        state.fit = false;
    }
    if std::mem::take(&mut state.reveal)
        && let Some(wanted) = framing::selection_bounds(&scene.layout, view)
    {
        let wanted = space::layer_rect(wanted);
        if !scene_rect.contains_rect(wanted) {
            scene_rect = scene_rect.translate(wanted.center() - scene_rect.center());
        }
    }
    if let Some(how) = state.framing.take()
        && let Some(bounds) = framing::selection_bounds(&scene.layout, view)
        && let Some(screen) = state.rect_on_screen
    {
        let shown = SceneRect { min: space::diagram_pos(scene_rect.min), max: space::diagram_pos(scene_rect.max) };
        let visible = state.visible.filter(|v| v.width() > 0.0 && v.height() > 0.0).unwrap_or(shown);
        // The visible area at this diagram's zoom (a jump may just have switched diagrams).
        let scale = (shown.width() / visible.width()).max(shown.height() / visible.height());
        let visible = SceneRect::from_center_size(shown.center(), visible.width() * scale, visible.height() * scale);
        scene_rect = space::layer_rect(framing::frame(how, bounds, visible, (screen.width(), screen.height())));
    }
    if let Some(factor) = state.zoom.take() {
        scene_rect = Rect::from_center_size(scene_rect.center(), scene_rect.size() / factor);
    }
    scene_rect
}

/// Places a palette entry released over the canvas at diagram point `at`, in the frame it is
/// released (a frame later, a quick drag's drop waited for the next input event, and the press
/// that came with it started a rubber band instead).
fn place_dropped(
    rename: &mut Option<Rename>,
    scene: &Scene,
    model: &Model,
    diagram: &DiagramId,
    (item, at): (PaletteItem, Pos),
    snap_on: bool,
    out: &mut Vec<Action>,
) {
    let is_sequence = matches!(model.diagram(diagram).map(|d| &d.view), Some(DiagramView::Sequence(_)));
    if is_sequence {
        if let Some((actions, new_rename)) = sequence::drop_from_palette(model, diagram, &scene.layout, item, at) {
            out.extend(actions);
            if new_rename.is_some() {
                *rename = new_rename;
            }
        }
    } else {
        let placed = dfd::drop_from_palette(model, diagram, item, at, snap_on);
        out.extend(placed.actions);
        *rename = Some(placed.rename);
    }
}

/// The hover tooltip of what is under the pointer.
fn show_tooltip(response: &egui::Response, snapshot: &Snapshot<'_>, diagram: &DiagramId, owner: &crate::scene::Owner) {
    let Some(tip) = tooltip::tip(snapshot.model, diagram, owner) else { return };
    response.clone().on_hover_ui_at_pointer(|ui| {
        ui.set_max_width(380.0);
        ui.strong(&tip.title);
        for line in &tip.lines {
            ui.label(line);
        }
    });
}

/// The canvas takes the keyboard when clicked, and keeps the arrow keys (nudge, walk messages)
/// and Esc while it has it; Tab moves on.
fn keyboard_focus(ui: &egui::Ui, state: &mut CanvasState, response: &egui::Response) {
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Diagram canvas"));
    state.focus_id = Some(response.id);
    if response.clicked_by(egui::PointerButton::Primary) || response.drag_started() || response.secondary_clicked() {
        response.request_focus();
    }
    if response.has_focus() {
        let filter = egui::EventFilter { tab: false, horizontal_arrows: true, vertical_arrows: true, escape: true };
        ui.memory_mut(|m| m.set_focus_lock_filter(response.id, filter));
    }
    state.has_focus = response.has_focus();
}

/// Middle-drag pans, and so does a primary drag begun with Space held.
fn pan(ui: &egui::Ui, state: &mut CanvasState, response: &egui::Response, snapshot: &Snapshot<'_>) {
    let keys_free = !ui.ctx().text_edit_focused() && state.rename.is_none() && !snapshot.modal_open;
    let space_down = keys_free && ui.input(|i| i.key_down(egui::Key::Space));
    if response.drag_started_by(egui::PointerButton::Primary)
        && space_down
        && state.dfd_drag.is_none()
        && state.sequence_drag.is_none()
    {
        state.space_pan = true;
    }
    if response.dragged_by(egui::PointerButton::Middle) || (state.space_pan && response.dragged()) {
        // In diagram units already: the scene's layer scales it.
        state.pan += response.drag_delta();
    }
    if state.space_pan && response.dragged() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::Grabbing);
    } else if space_down && response.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::Grab);
    }
}

/// The find bar, while open; closing it gives the keyboard back to the canvas.
fn find_bar(ui: &egui::Ui, state: &mut CanvasState, snapshot: &Snapshot<'_>, out: &mut Vec<Action>) {
    let (Some(bar), Some(canvas)) = (&mut state.find, state.rect_on_screen) else { return };
    let shown = find::show(ui.ctx(), bar, snapshot, canvas);
    out.extend(shown.actions);
    if shown.closed {
        state.find = None;
        if let Some(id) = state.focus_id {
            ui.memory_mut(|m| m.request_focus(id));
        }
    }
}

/// Shift+F10 opens the menu from the keyboard: on the one selected thing, else on the canvas.
pub const MENU_KEY: egui::KeyboardShortcut = egui::KeyboardShortcut::new(egui::Modifiers::SHIFT, egui::Key::F10);

/// Opens the context menu from the keyboard, at the selection (or the middle of the canvas).
fn menu_from_keyboard(ui: &egui::Ui, state: &mut CanvasState, input: &input::CanvasInput<'_>, is_sequence: bool) {
    if !state.has_focus || !ui.input_mut(|i| i.consume_shortcut(&MENU_KEY)) {
        return;
    }
    let view = input.snapshot.view;
    let at = framing::selection_bounds(&input.scene.layout, view).map_or(input.visible.center(), |b| b.center());
    state.context = Some(context_menu::keyboard_target(view, is_sequence, at));
    state.menu_at = Some(input.transform.screen_from_diagram(at));
    state.menu_opening = true;
}

/// The context menu of what was right-clicked (or chosen with Shift+F10), while it is open.
fn context_menu_popup(
    state: &mut CanvasState,
    canvas: &egui::Response,
    snapshot: &Snapshot<'_>,
    (diagram, layout): (&DiagramId, &crate::scene::Layout),
    out: &mut Vec<Action>,
) {
    let (Some(target), Some(at)) = (state.context.clone(), state.menu_at) else { return };
    let open = if std::mem::take(&mut state.menu_opening) {
        Some(egui::SetOpenCommand::Bool(true))
    } else if canvas.clicked() {
        Some(egui::SetOpenCommand::Bool(false))
    } else {
        None
    };
    let menu = egui::Popup::menu(canvas).open_memory(open).at_position(at).show(|ui| {
        let choice = context_menu::show(ui, snapshot, diagram, layout, &target);
        out.extend(choice.actions);
        if choice.rename.is_some() {
            state.rename = choice.rename;
        }
    });
    if menu.is_none() {
        state.context = None;
        state.menu_at = None;
    }
}

/// What happens at the pointer besides the diagram's own gestures: the ghost and the drop of a
/// palette entry, the right-click that opens the context menu, the hover tooltip.
fn around_pointer(
    ui: &egui::Ui,
    state: &mut CanvasState,
    input: &input::CanvasInput<'_>,
    is_sequence: bool,
    out: &mut Vec<Action>,
) {
    let (snapshot, scene, response, diagram) = (input.snapshot, input.scene, input.response, input.diagram);
    let pointer = input.pointer_in_diagram;
    state.ghost = None;
    if let (Some(item), Some(p)) = (response.dnd_hover_payload::<PaletteItem>(), pointer) {
        let snap_on = snapshot.view.snap && !is_sequence;
        ghost::paint(ui.painter(), *item, p, snap_on, dfd_overlay::accent(ui), input.zoom());
        state.ghost = Some(ghost::landing(*item, p, snap_on));
    }
    if let (Some(item), Some(p)) = (response.dnd_release_payload::<PaletteItem>(), pointer) {
        let drop = (*item, p);
        place_dropped(&mut state.rename, scene, snapshot.model, diagram, drop, snapshot.view.snap, out);
    }
    if response.secondary_clicked()
        && let Some(p) = pointer
    {
        let target = context_menu::target_at(scene, p, input.tolerance(), is_sequence);
        out.extend(context_menu::select_on_open(snapshot, diagram, &target));
        state.context = Some(target);
        state.menu_at = ui.input(|i| i.pointer.latest_pos());
        state.menu_opening = true;
    }
    menu_from_keyboard(ui, state, input, is_sequence);
    // Not while typing (a find jump moves the diagram under a pointer at rest).
    let idle = state.dfd_drag.is_none()
        && state.sequence_drag.is_none()
        && state.rename.is_none()
        && !ui.ctx().text_edit_focused();
    if idle
        && state.context.is_none()
        && !egui::DragAndDrop::has_any_payload(ui.ctx())
        && response.hovered()
        && let Some(owner) = input.hovered
    {
        match &state.hovered_badge {
            Some(target) => badge_tip::show(response, snapshot.model, target),
            None => show_tooltip(response, snapshot, diagram, owner),
        }
    }
}

/// What the pointer rests on: a record, and on a data-flow diagram perhaps its threat badge.
/// Only a pointer over the canvas itself hovers anything: not one over a panel, a menu or a
/// dialog that happens to cover part of the diagram.
fn hover(
    ui: &egui::Ui,
    state: &mut CanvasState,
    (model, scene): (&crate::model::Model, &Scene),
    transform: ScreenFromDiagram,
    response: &egui::Response,
    is_sequence: bool,
) {
    let pointer = response.contains_pointer().then(|| ui.input(|i| i.pointer.latest_pos())).flatten();
    state.hovered =
        pointer.and_then(|p| hit::hit(scene, transform.diagram_from_screen(p), 6.0 / transform.zoom()).cloned());
    state.hovered_badge = match pointer {
        Some(p) if !is_sequence => {
            badge_tip::badge_at(model, scene, state.hovered.as_ref(), transform.diagram_from_screen(p))
        }
        _ => None,
    };
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
    // Before the canvas reads the keyboard: the bar's Esc is not the canvas's.
    find_bar(ui, state, snapshot, &mut out);
    let is_sequence = snapshot.view.is_sequence(snapshot.model);
    if is_sequence {
        out.extend(seq_toolbar::show(ui, snapshot, &diagram));
    }
    let mut scene_rect = camera(state, &diagram, &scene, snapshot.view, ui.available_rect_before_wrap());
    let shown = egui::Scene::new().zoom_range(0.02..=4.0).sense(Sense::hover()).show(ui, &mut scene_rect, |ui| {
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
        state.visible = Some(visible_in_diagram);
        paint::paint(ui.painter(), &scene, visible_in_diagram, transform.zoom());
        let response = ui.interact(visible, ui.scope_id().with("canvas"), Sense::click_and_drag());
        hover(ui, state, (snapshot.model, &scene), transform, &response, is_sequence);
        let hovered = state.hovered.clone();
        keyboard_focus(ui, state, &response);
        if response.drag_stopped() {
            state.space_pan = false;
        }
        pan(ui, state, &response, snapshot);
        let input = input::CanvasInput {
            snapshot,
            diagram: &diagram,
            scene: &scene,
            response: &response,
            pointer_in_diagram: ui.input(|i| i.pointer.latest_pos()).map(|p| transform.diagram_from_screen(p)),
            press_in_diagram: ui.input(|i| i.pointer.press_origin()).map(|p| transform.diagram_from_screen(p)),
            transform,
            extend_selection: ui.input(|i| i.modifiers.shift || i.modifiers.command),
            hovered: hovered.as_ref(),
            visible: visible_in_diagram,
        };
        if is_sequence {
            if !state.space_pan {
                sequence::interact(ui, &input, &mut state.sequence_drag, &mut state.rename, &mut out);
            }
        } else {
            if !state.space_pan {
                dfd::interact(ui, &input, &mut state.dfd_drag, &mut state.rename, &mut out);
            }
            dfd_overlay::paint(ui, &input, state.dfd_drag.as_ref());
        }
        if let Some(comparison) = snapshot.compare {
            if is_sequence {
                compare_marks::paint_sequence(ui, &input, comparison);
            } else {
                compare_marks::paint(ui, &input, comparison);
            }
        }
        around_pointer(ui, state, &input, is_sequence, &mut out);
        markers::paint(ui, &input);
        out.extend(rename::overlay(ui.ctx(), &mut state.rename, &scene, transform, snapshot.model, &diagram));
        if state.has_focus {
            // egui draws no focus ring on a custom widget: a subtle frame says the keys go here.
            let zoom = transform.zoom();
            let stroke = egui::Stroke::new(2.0 / zoom, dfd_overlay::accent(ui).gamma_multiply(0.6));
            ui.painter().rect_stroke(visible.shrink(1.0 / zoom), 0.0, stroke, egui::StrokeKind::Inside);
        }
        response
    });
    context_menu_popup(state, &shown.inner, snapshot, (&diagram, &scene.layout), &mut out);
    if snapshot.view.legend
        && let Some(shown_diagram) = snapshot.model.diagram(&diagram)
        && let Some(canvas) = state.rect_on_screen
    {
        let key =
            legend::LegendKey { revision: snapshot.revision, diagram: diagram.clone(), dark: snapshot.dark, canvas };
        legend::show(ui.ctx(), &mut state.legend, key, (&shown_diagram.view, &scene), &style);
    } else {
        state.legend = None;
    }
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

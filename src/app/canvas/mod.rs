//! The canvas: draws the current diagram's scene inside an `egui::Scene` (pan and zoom) and
//! turns pointer and keyboard input into actions. Selection, hover, handles and previews are
//! painted in a separate pass after the scene, so they can never reach an export.

mod dfd;
pub mod paint;
mod sequence;

use std::collections::{BTreeMap, BTreeSet};

use egui::emath::TSTransform;
use egui::{Pos2, Rect, Sense, Vec2};

use super::Editor;
use super::actions::Action;
use crate::edit::commands::Item;
use crate::model::{DiagramId, DiagramView, ElementKindTag, MessageId, Model};
use crate::scene::{self, FontMetrics, Owner, Pos, Scene, SceneRect, Style};

/// Grid spacing in diagram units; moves snap to it.
pub const GRID: i32 = 10;

/// What a click or drag on the canvas does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    /// Select, move, connect from edges, rename.
    Select,
    /// Place an element of this kind.
    Place(ElementKindTag),
    /// Draw a trust boundary.
    PlaceBoundary,
    /// Drag from element to element to add a flow.
    Connect,
}

/// What is being renamed in place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenameTarget {
    /// An element, flow or boundary.
    Item(Item),
    /// A sequence message (its text, or its flow's name when it has none).
    Message(MessageId),
}

/// An in-place rename.
#[derive(Clone, Debug)]
pub struct Rename {
    /// What.
    pub target: RenameTarget,
    /// The text typed so far.
    pub text: String,
    focused: bool,
    /// The record was just created in an open gesture: naming it ends that gesture, so
    /// creating and naming are one undo step.
    ends_gesture: bool,
    unanchored_frames: u8,
}

/// The scene of the shown diagram, rebuilt only when the model, the diagram or the theme changes.
struct Cached {
    key: (u64, DiagramId, bool),
    /// Shared, so a frame can hold it while it changes the editor.
    scene: std::sync::Arc<Scene>,
    bounds: Vec<SceneRect>,
}

/// Canvas state: cameras per diagram, the gesture under way, the cached scene.
#[derive(Default)]
pub struct CanvasState {
    cameras: BTreeMap<DiagramId, Rect>,
    /// Diagram → screen transform of the last frame (tests use it to aim the pointer).
    pub to_global: Option<TSTransform>,
    cache: Option<Cached>,
    drag: Option<dfd::Drag>,
    seq_drag: Option<sequence::Drag>,
    /// The rename under way.
    pub rename: Option<Rename>,
    fit: bool,
    zoom: Option<f32>,
    pan: Vec2,
    /// A palette entry released at this screen position (placed if it is over the canvas).
    pub palette_drop: Option<(super::palette::PaletteItem, Pos2)>,
}

impl super::Editor {
    /// Applies the in-place rename under way, if any: Save, Quit and switching diagrams call
    /// this first, so typed text is never lost.
    pub fn commit_rename(&mut self) {
        let Some(rename) = self.canvas.rename.take() else { return };
        let model = &self.doc.model;
        let name = rename.text.trim().to_owned();
        let mut tx = match &rename.target {
            RenameTarget::Item(Item::Element(id)) => {
                crate::edit::commands::update_element(model, id, |e| e.name = name)
            }
            RenameTarget::Item(Item::Flow(id)) => crate::edit::commands::update_flow(model, id, |f| f.name = name),
            RenameTarget::Item(Item::Boundary(id)) => {
                crate::edit::commands::update_boundary(model, id, |b| b.name = name)
            }
            RenameTarget::Message(id) => match &self.diagram {
                Some(diagram) => crate::edit::sequence::rename_message(model, diagram, id, &name),
                None => crate::edit::Transaction::default(),
            },
        };
        tx.label = "Rename".to_owned();
        let _ = self.doc.execute(tx);
        if rename.ends_gesture {
            self.doc.history.end_gesture();
        }
    }

    /// Drops the in-place rename under way, keeping the old name.
    pub fn cancel_rename(&mut self) {
        if self.canvas.rename.take().is_some_and(|r| r.ends_gesture) {
            self.doc.history.end_gesture();
        }
    }
}

impl CanvasState {
    /// Zooms by `factor` around the view's centre.
    pub fn zoom_by(&mut self, factor: f32) {
        self.zoom = Some(self.zoom.unwrap_or(1.0) * factor);
    }

    /// Fits the diagram in the view on the next frame.
    pub fn request_fit(&mut self) {
        self.fit = true;
    }

    /// Whether an in-place rename is open.
    #[must_use]
    pub fn is_renaming(&self) -> bool {
        self.rename.is_some()
    }

    /// Whether a pointer gesture is under way.
    #[must_use]
    pub fn is_dragging(&self) -> bool {
        self.drag.is_some() || self.seq_drag.is_some()
    }

    /// Ends a pointer gesture (switching diagrams); returns whether it had changed the model
    /// inside an open undo gesture (which the caller then rolls back).
    pub fn end_drag(&mut self) -> bool {
        self.seq_drag = None;
        self.drag.take().is_some_and(|d| d.edits_model())
    }

    /// Starts renaming `target` in place.
    pub fn start_rename(&mut self, target: RenameTarget, text: String) {
        self.rename = Some(Rename { target, text, focused: false, ends_gesture: false, unanchored_frames: 0 });
    }

    /// Starts naming a record created in the open gesture; committing or cancelling the name
    /// ends the gesture, so creating and naming are one undo step.
    pub fn start_naming_new(&mut self, target: RenameTarget, text: String) {
        self.rename = Some(Rename { target, text, focused: false, ends_gesture: true, unanchored_frames: 0 });
    }

    /// F2: renames the one selected item.
    pub fn start_rename_selected(&mut self, model: &Model, _diagram: Option<&DiagramId>, selection: &BTreeSet<Item>) {
        if selection.len() != 1 {
            return;
        }
        let Some(item) = selection.first() else {
            return;
        };
        let name = match item {
            Item::Element(id) => model.elements.get(id).map(|e| e.name.clone()),
            Item::Flow(id) => model.flows.get(id).map(|f| f.name.clone()),
            Item::Boundary(id) => model.boundaries.get(id).map(|b| b.name.clone()),
        };
        if let Some(name) = name {
            self.start_rename(RenameTarget::Item(item.clone()), name);
        }
    }

    /// Where a diagram point is on screen, as of the last frame.
    #[must_use]
    pub fn screen_pos(&self, p: Pos) -> Option<Pos2> {
        self.to_global.map(|t| t * Pos2::new(p.x, p.y))
    }

    /// The cached scene of the shown diagram.
    #[must_use]
    pub fn scene(&self) -> Option<&Scene> {
        self.cache.as_ref().map(|c| c.scene.as_ref())
    }

    /// The cached scene, shared (cheap to hold across edits of the editor).
    fn shared_scene(&self) -> Option<std::sync::Arc<Scene>> {
        self.cache.as_ref().map(|c| std::sync::Arc::clone(&c.scene))
    }

    fn ensure_scene(&mut self, editor_doc: &super::Document, diagram: &DiagramId, dark: bool) -> bool {
        let key = (editor_doc.revision, diagram.clone(), dark);
        if self.cache.as_ref().is_some_and(|c| c.key == key) {
            return true;
        }
        let style = if dark { Style::dark() } else { Style::light() };
        let Ok(scene) = scene::build(&editor_doc.model, diagram, &style, &FontMetrics::shipped()) else {
            return false;
        };
        let bounds = scene.items.iter().map(|i| scene::geometry::shape_bounds(&i.shape)).collect();
        self.cache = Some(Cached { key, scene: std::sync::Arc::new(scene), bounds });
        true
    }
}

/// The diagram tabs above the canvas.
pub(super) fn tabs(editor: &mut Editor, ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        let diagrams: Vec<_> = editor
            .doc
            .model
            .diagrams
            .iter()
            .map(|d| (d.id.clone(), d.name.clone(), matches!(d.view, DiagramView::Sequence(_))))
            .collect();
        for (id, name, is_sequence) in diagrams {
            let selected = editor.diagram.as_ref() == Some(&id);
            let kind = if is_sequence { "Sequence diagram" } else { "Data-flow diagram" };
            let tab = ui.selectable_label(selected, name).on_hover_text(format!("{kind} · double-click to rename"));
            if tab.clicked() && !selected {
                editor.queue(Action::SwitchDiagram(id.clone()));
            }
            if tab.double_clicked() {
                editor.queue(Action::SwitchDiagram(id));
                editor.queue(Action::RenameDiagram);
            }
        }
        ui.menu_button("+", |ui| {
            if ui.button("New data-flow diagram").clicked() {
                editor.queue(Action::NewDiagram(false));
            }
            if ui.button("New sequence diagram").clicked() {
                editor.queue(Action::NewDiagram(true));
            }
        })
        .response
        .on_hover_text("New diagram");
    });
    ui.separator();
}

/// The canvas of the current diagram.
pub(super) fn show(editor: &mut Editor, ui: &mut egui::Ui) {
    let Some(diagram_id) = editor.diagram.clone() else {
        ui.centered_and_justified(|ui| ui.label("No diagram. Use Diagram ▸ New Data-Flow Diagram."));
        return;
    };
    let dark = ui.visuals().dark_mode;
    if !editor.canvas.ensure_scene(&editor.doc, &diagram_id, dark) {
        return;
    }
    let is_sequence = matches!(editor.doc.model.diagram(&diagram_id).map(|d| &d.view), Some(DiagramView::Sequence(_)));
    if is_sequence {
        sequence::toolbar(editor, ui, &diagram_id);
    }
    let mut scene_rect = editor.canvas.cameras.get(&diagram_id).copied().unwrap_or(Rect::NOTHING);
    let content = editor.canvas.scene().map(|s| paint::rect(s.bounds));
    if editor.canvas.fit || !scene_rect.is_finite() || scene_rect.area() <= 0.0 {
        if let Some(c) = content {
            scene_rect = c;
        }
        editor.canvas.fit = false;
    }
    if let Some(factor) = editor.canvas.zoom.take() {
        scene_rect = Rect::from_center_size(scene_rect.center(), scene_rect.size() / factor);
    }
    egui::Scene::new().zoom_range(0.02..=4.0).sense(Sense::hover()).show(ui, &mut scene_rect, |ui| {
        let to_global = ui.ctx().layer_transform_to_global(ui.layer_id()).unwrap_or_default();
        editor.canvas.to_global = Some(to_global);
        let visible = ui.clip_rect();
        let background = if dark { Style::dark().background } else { Style::light().background };
        ui.painter().rect_filled(visible, 0.0, paint::color(background));
        if editor.grid && !is_sequence {
            paint_grid(ui, visible, to_global.scaling);
        }
        if let Some(cached) = &editor.canvas.cache {
            paint::paint(
                ui.painter(),
                &cached.scene,
                &cached.bounds,
                SceneRect { min: Pos::new(visible.min.x, visible.min.y), max: Pos::new(visible.max.x, visible.max.y) },
                to_global.scaling,
            );
        }
        let response = ui.interact(visible, ui.scope_id().with("canvas"), Sense::click_and_drag());
        if response.dragged_by(egui::PointerButton::Middle) || response.dragged_by(egui::PointerButton::Secondary) {
            editor.canvas.pan += response.drag_delta();
        }
        let pointer = ui.input(|i| i.pointer.latest_pos()).map(|p| to_global.inverse() * p);
        if is_sequence {
            sequence::interact(editor, ui, &response, pointer, &diagram_id, to_global.scaling);
        } else {
            dfd::interact(editor, ui, &response, pointer, &diagram_id, to_global.scaling);
        }
        rename_overlay(editor, ui, &diagram_id);
    });
    if editor.canvas.pan != Vec2::ZERO {
        scene_rect = scene_rect.translate(-editor.canvas.pan);
        editor.canvas.pan = Vec2::ZERO;
    }
    editor.canvas.cameras.insert(diagram_id, scene_rect);
}

fn paint_grid(ui: &egui::Ui, visible: Rect, zoom: f32) {
    // Dots every 20 units, coarser when zoomed out: never denser than 10 points apart or
    // more than a few thousand dots.
    let mut step = 20.0;
    while step * zoom < 12.0 || (visible.width() / step) * (visible.height() / step) > 2_500.0 {
        step *= 5.0;
    }
    let color = ui.visuals().weak_text_color().gamma_multiply(0.35);
    let (x0, y0) = ((visible.min.x / step).floor() * step, (visible.min.y / step).floor() * step);
    let radius = (1.0 / zoom).max(0.6);
    // One mesh of small squares: four vertices a dot, one shape for the whole grid.
    let mut mesh = egui::epaint::Mesh::default();
    let mut x = x0;
    while x <= visible.max.x {
        let mut y = y0;
        while y <= visible.max.y {
            mesh.add_colored_rect(Rect::from_center_size(Pos2::new(x, y), Vec2::splat(radius * 2.0)), color);
            y += step;
        }
        x += step;
    }
    ui.painter().add(egui::Shape::mesh(mesh));
}

/// The canvas-only hit test: a boundary is hit on its edge or its name, not anywhere inside,
/// so clicks inside a boundary reach the background (rubber band).
pub(super) fn hit(scene: &Scene, p: Pos, tolerance: f32) -> Option<&Owner> {
    scene.items.iter().rev().find_map(|item| {
        let owner = item.owner.as_ref()?;
        let hit = match (&item.shape, owner) {
            (scene::Shape::Rect { rect, .. }, Owner::Boundary(_)) => {
                rect.expand(tolerance).contains(p) && !rect.expand(-tolerance).contains(p)
            }
            (shape, _) => scene::geometry::shape_contains(shape, p, tolerance),
        };
        hit.then_some(owner)
    })
}

/// The box around everything a record draws.
pub(super) fn owner_bounds(scene: &Scene, owner: &Owner) -> Option<SceneRect> {
    let b = scene
        .items
        .iter()
        .filter(|i| i.owner.as_ref() == Some(owner))
        .map(|i| scene::geometry::shape_bounds(&i.shape))
        .fold(SceneRect::NOTHING, SceneRect::union);
    (!b.is_empty()).then_some(b)
}

fn rename_overlay(editor: &mut Editor, ui: &mut egui::Ui, diagram: &DiagramId) {
    let Some(rename) = editor.canvas.rename.as_mut() else {
        return;
    };
    let Some(scene) = editor.canvas.cache.as_ref().map(|c| &c.scene) else {
        return;
    };
    let owner = match &rename.target {
        RenameTarget::Item(Item::Element(id)) => Owner::Element(id.clone()),
        RenameTarget::Item(Item::Flow(id)) => Owner::Flow(id.clone()),
        RenameTarget::Item(Item::Boundary(id)) => Owner::Boundary(id.clone()),
        RenameTarget::Message(id) => Owner::Message(id.clone()),
    };
    let anchor = match (&rename.target, editor.doc.model.diagram(diagram).map(|d| &d.view)) {
        (RenameTarget::Item(Item::Boundary(id)), Some(DiagramView::Dfd(v))) => {
            v.boundaries.get(id).map(|r| Pos2::new(r.x as f32 + 110.0, r.y as f32 + 8.0))
        }
        (RenameTarget::Item(Item::Flow(_)), _) | (RenameTarget::Message(_), _) => {
            // The label: the flow's or message's text runs.
            let label = scene
                .items
                .iter()
                .filter(|i| i.owner.as_ref() == Some(&owner) && matches!(i.shape, scene::Shape::Text { .. }))
                .map(|i| scene::geometry::shape_bounds(&i.shape))
                .fold(SceneRect::NOTHING, SceneRect::union);
            (!label.is_empty())
                .then(|| paint::pos2(label.center()))
                .or_else(|| owner_bounds(scene, &owner).map(|b| paint::pos2(b.center())))
        }
        _ => owner_bounds(scene, &owner).map(|b| paint::pos2(b.center())),
    };
    let Some(anchor) = anchor else {
        // Not drawn: a record just created appears next frame; one that stays undrawn (not on
        // this diagram, or gone) ends the rename rather than leave the keyboard captured.
        rename.unanchored_frames += 1;
        if rename.unanchored_frames > 2 {
            editor.cancel_rename();
        }
        return;
    };
    // Drawn in screen space, above the canvas, so it stays full size at any zoom.
    let Some(anchor) = editor.canvas.to_global.map(|t| t * anchor) else { return };
    let mut commit = false;
    let mut cancel = false;
    egui::Area::new(egui::Id::unique("rename_in_place"))
        .order(egui::Order::Foreground)
        .fixed_pos(anchor - egui::vec2(110.0, 28.0))
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                let label = ui.label("New name");
                let output = egui::TextEdit::singleline(&mut rename.text)
                    .desired_width(200.0)
                    .char_limit(crate::format::MAX_NAME_CHARS)
                    .show(ui);
                let field = egui::Response::clone(&output.response).labelled_by(label.id);
                if !rename.focused {
                    // Select the whole name, so typing replaces a placeholder such as "New flow".
                    field.request_focus();
                    let mut state = output.state;
                    let end = egui::text::CCursor::new(rename.text.chars().count());
                    state.cursor.set_char_range(Some(egui::text::CCursorRange::two(egui::text::CCursor::new(0), end)));
                    state.store(ui.ctx(), field.id);
                    rename.focused = true;
                }
                if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    cancel = true;
                } else if field.lost_focus() {
                    commit = true;
                }
            });
        });
    if cancel {
        editor.cancel_rename();
    } else if commit {
        editor.commit_rename();
    }
}

//! Pointer and keyboard handling on a sequence diagram: add participants and messages, reorder
//! both by dragging, select a message (which selects the flow it carries), rename in place.
//! Positions come from the scene's layout.

use std::collections::BTreeSet;

use egui::Stroke;

use crate::app::action::{Action, PaletteItem};
use crate::app::view::Tool;
use crate::edit::commands::Item;
use crate::edit::sequence::{self as commands, add_message, flow_between, move_message};
use crate::edit::{CommandError, Transaction};
use crate::model::{DiagramId, DiagramView, ElementId, ElementKindTag, MessageId, Model, SequenceView};
use crate::scene::{Layout, Owner, Pos, Shape};

use super::dfd::default_name;
use super::dfd_overlay::accent;
use super::hit::hit;
use super::input::CanvasInput;
use super::rename::{Rename, RenameTarget};
use super::space::layer_pos;

/// A pointer gesture on a sequence diagram, in diagram space.
#[derive(Clone, Debug)]
pub enum Drag {
    /// Dragging a new message out of a lifeline.
    NewMessage { from: ElementId, origin: Pos },
    /// Moving a message up or down.
    Reorder { message: MessageId },
    /// Moving a lifeline left or right.
    MoveLifeline { element: ElementId },
}

/// The sequence view of `diagram`.
#[must_use]
pub fn view<'a>(model: &'a Model, diagram: &DiagramId) -> Option<&'a SequenceView> {
    match model.diagram(diagram).map(|d| &d.view) {
        Some(DiagramView::Sequence(s)) => Some(s),
        _ => None,
    }
}

/// Where a message dropped at height `y` goes: before the first message drawn below it.
fn index_at(layout: &Layout, seq: &SequenceView, y: f32) -> usize {
    layout
        .messages
        .iter()
        .find(|(_, row)| *row > y)
        .and_then(|(id, _)| seq.messages.iter().position(|m| &m.id == id))
        .unwrap_or(seq.messages.len())
}

/// Moving a message, or a status message saying why it cannot move.
#[must_use]
pub fn reorder(model: &Model, diagram: &DiagramId, from: usize, to: usize) -> Action {
    let message = view(model, diagram).and_then(|s| s.messages.get(from)).map(|m| m.id.clone()).unwrap_or_default();
    match move_message(model, diagram, &message, to) {
        Ok(tx) => Action::Apply(tx),
        Err(e) => Action::Status(format!("Cannot move the message: {e}")),
    }
}

/// What a sequence command proposes: its transaction, or, when it refuses, the reason in the
/// status bar.
#[must_use]
pub fn propose(result: Result<Transaction, CommandError>) -> Action {
    match result {
        Ok(tx) => Action::Apply(tx),
        Err(e) => Action::Status(e.to_string()),
    }
}

/// The actions that select a message and the flow it carries.
fn select_message(seq: &SequenceView, id: &MessageId) -> Vec<Action> {
    let mut actions = vec![Action::SelectMessage(id.clone())];
    if let Some(flow) = seq.message(id).and_then(|m| m.flow.clone()) {
        actions.push(Action::AlsoSelect(Item::Flow(flow)));
    }
    actions
}

/// Selects what was clicked; Shift-click adds messages to the selection (to wrap a range of
/// them in a fragment).
fn select_owner(seq: &SequenceView, owner: Option<&Owner>, extend: bool) -> Vec<Action> {
    match owner {
        Some(Owner::Message(id)) if extend => vec![Action::ToggleMessage(id.clone())],
        Some(Owner::Message(id)) => select_message(seq, id),
        Some(Owner::Element(id) | Owner::Lifeline(id)) => vec![Action::Select([Item::Element(id.clone())].into())],
        _ => vec![Action::Select(BTreeSet::new())],
    }
}

/// Adds a new element of `kind` as a lifeline at the column under `x`, named in place.
#[must_use]
pub fn add_participant(
    model: &Model,
    diagram: &DiagramId,
    seq: &SequenceView,
    layout: &Layout,
    kind: ElementKindTag,
    x: f32,
) -> (Vec<Action>, Option<Rename>) {
    let name = default_name(kind);
    let index = layout
        .lifelines
        .iter()
        .find(|(_, cx)| *cx > x)
        .and_then(|(l, _)| seq.lifelines.iter().position(|x| x == l))
        .unwrap_or(seq.lifelines.len());
    match commands::add_participant(model, diagram, kind, name, index) {
        Ok((id, tx)) => {
            let actions = vec![
                Action::BeginGesture(tx.label.clone()),
                Action::Apply(tx),
                Action::Select([Item::Element(id.clone())].into()),
                Action::SetTool(Tool::Select),
            ];
            (actions, Some(Rename::new_record(RenameTarget::Item(Item::Element(id)), name.to_owned())))
        }
        Err(e) => (vec![Action::Status(e.to_string())], None),
    }
}

/// Places what was dropped from the palette: a new participant under `at`.
#[must_use]
pub fn drop_from_palette(
    model: &Model,
    diagram: &DiagramId,
    layout: &Layout,
    item: PaletteItem,
    at: Pos,
) -> Option<(Vec<Action>, Option<Rename>)> {
    let PaletteItem::Element(kind) = item else { return None };
    let seq = view(model, diagram)?;
    Some(add_participant(model, diagram, seq, layout, kind, at.x))
}

/// The pointer and keyboard on a sequence diagram for one frame.
pub fn interact(
    ui: &egui::Ui,
    input: &CanvasInput<'_>,
    drag: &mut Option<Drag>,
    rename: &mut Option<Rename>,
    out: &mut Vec<Action>,
) {
    let model = input.snapshot.model;
    let Some(seq) = view(model, input.diagram) else {
        return;
    };
    let layout = &input.scene.layout;
    let tolerance = input.tolerance();
    if ui.input(|i| i.key_pressed(egui::Key::Escape)) && rename.is_none() && drag.take().is_none() {
        if input.snapshot.view.tool == Tool::Select {
            out.push(Action::Select(BTreeSet::new()));
        }
        out.push(Action::SetTool(Tool::Select));
    }
    if input.response.drag_started_by(egui::PointerButton::Primary)
        && let Some(origin) = input.press_in_diagram
    {
        *drag = match hit(input.scene, origin, tolerance).cloned() {
            Some(Owner::Message(message)) => Some(Drag::Reorder { message }),
            Some(Owner::Element(element)) => Some(Drag::MoveLifeline { element }),
            _ => layout
                .lifeline_near(origin.x, 30.0 / input.zoom().max(0.2))
                .map(|from| Drag::NewMessage { from: from.clone(), origin }),
        };
    }
    if input.response.drag_stopped()
        && let (Some(ended), Some(p)) = (drag.take(), input.pointer_in_diagram)
    {
        end_drag(input, seq, ended, p, rename, out);
    }
    if input.response.clicked_by(egui::PointerButton::Primary)
        && let Some(p) = input.pointer_in_diagram
    {
        if let Tool::Place(kind) = input.snapshot.view.tool {
            let (actions, new_rename) = add_participant(model, input.diagram, seq, layout, kind, p.x);
            out.extend(actions);
            if new_rename.is_some() {
                *rename = new_rename;
            }
        } else {
            let owner = hit(input.scene, p, tolerance).cloned();
            out.extend(select_owner(seq, owner.as_ref(), ui.input(|i| i.modifiers.shift)));
        }
    }
    if input.response.double_clicked_by(egui::PointerButton::Primary)
        && let Some(p) = input.pointer_in_diagram
    {
        match hit(input.scene, p, tolerance).cloned() {
            Some(Owner::Message(id)) => {
                let current = seq.message(&id).map(|m| m.label(model).to_owned()).unwrap_or_default();
                *rename = Some(Rename::existing(RenameTarget::Message(id), current));
            }
            Some(Owner::Element(id)) => *rename = Rename::of_selected(model, &Item::Element(id)),
            _ => {}
        }
    }
    keyboard(ui, input, seq, rename.is_some(), out);
    paint_overlay(ui, input, drag.as_ref());
}

fn end_drag(
    input: &CanvasInput<'_>,
    seq: &SequenceView,
    ended: Drag,
    p: Pos,
    rename: &mut Option<Rename>,
    out: &mut Vec<Action>,
) {
    let model = input.snapshot.model;
    let diagram = input.diagram;
    let layout = &input.scene.layout;
    match ended {
        Drag::NewMessage { from, origin } => {
            let to = layout.lifeline_near(p.x, 60.0).cloned().unwrap_or_else(|| from.clone());
            let is_self = to == from;
            if is_self && origin.distance(p) < 20.0 {
                return;
            }
            let index = index_at(layout, seq, origin.y);
            if let Ok((id, tx)) = add_message(model, diagram, &from, &to, index) {
                out.push(Action::BeginGesture(tx.label.clone()));
                out.push(Action::Apply(tx));
                out.push(Action::SelectMessage(id.clone()));
                let name = if is_self {
                    String::new()
                } else {
                    flow_between(model, &from, &to)
                        .and_then(|f| model.flows.get(&f))
                        .map_or("New flow".to_owned(), |f| f.name.clone())
                };
                *rename = Some(Rename::new_record(RenameTarget::Message(id), name));
            }
        }
        Drag::Reorder { message } => {
            let Some(old) = seq.messages.iter().position(|m| m.id == message) else {
                return;
            };
            let new_index = seq
                .messages
                .iter()
                .filter(|m| m.id != message)
                .position(|m| layout.message_y(&m.id).is_some_and(|y| y > p.y))
                .unwrap_or(seq.messages.len() - 1);
            if new_index != old {
                out.push(reorder(model, diagram, old, new_index));
            }
        }
        Drag::MoveLifeline { element } => {
            let Some(old) = seq.lifelines.iter().position(|l| l == &element) else {
                return;
            };
            let new_index = seq
                .lifelines
                .iter()
                .filter(|l| *l != &element)
                .position(|l| layout.lifeline_x(l).is_some_and(|x| x > p.x))
                .unwrap_or(seq.lifelines.len() - 1);
            if new_index != old {
                out.push(propose(commands::move_lifeline(model, diagram, &element, new_index)));
            }
        }
    }
}

/// Up and Down walk through the messages, so everything a selected message offers (rename with
/// F2, Delete, kind, move, note, fragment) is reachable without a mouse.
fn keyboard(ui: &egui::Ui, input: &CanvasInput<'_>, seq: &SequenceView, renaming: bool, out: &mut Vec<Action>) {
    if !input.keys_are_ours(ui.ctx(), renaming) || seq.messages.is_empty() {
        return;
    }
    let step = ui.input(|i| {
        if i.key_pressed(egui::Key::ArrowDown) {
            1
        } else if i.key_pressed(egui::Key::ArrowUp) {
            -1
        } else {
            0
        }
    });
    if step == 0 {
        return;
    }
    let selected = &input.snapshot.view.selected_messages;
    let current = seq.messages.iter().rposition(|m| selected.contains(&m.id));
    let last = seq.messages.len() - 1;
    let next = match current {
        Some(i) => i.saturating_add_signed(step).min(last),
        None if step > 0 => 0,
        None => last,
    };
    out.extend(select_message(seq, &seq.messages[next].id));
}

/// Selection and the message being drawn: canvas only.
fn paint_overlay(ui: &egui::Ui, input: &CanvasInput<'_>, drag: Option<&Drag>) {
    let painter = ui.painter();
    let accent = accent(ui);
    let zoom = input.zoom();
    let view = input.snapshot.view;
    for item in &input.scene.items {
        let selected = match &item.owner {
            Some(Owner::Message(id)) => view.selected_messages.contains(id),
            Some(Owner::Element(id)) => view.selection.contains(&Item::Element(id.clone())),
            _ => false,
        };
        if !selected {
            continue;
        }
        if let Shape::Line { points, .. } | Shape::Polygon { points, .. } = &item.shape {
            let path = points.iter().map(|p| layer_pos(*p)).collect();
            painter.add(egui::Shape::line(path, Stroke::new(3.0 / zoom, accent.gamma_multiply(0.7))));
        }
        if let (Some(Owner::Element(_)), Shape::Rect { rect, .. }) = (&item.owner, &item.shape) {
            painter.rect_stroke(
                super::space::layer_rect(*rect).expand(3.0 / zoom),
                6.0,
                Stroke::new(2.0 / zoom, accent),
                egui::StrokeKind::Outside,
            );
        }
    }
    if let (Some(Drag::NewMessage { origin, .. }), Some(p)) = (drag, input.pointer_in_diagram) {
        painter.arrow(layer_pos(*origin), egui::vec2(p.x - origin.x, 0.0), Stroke::new(2.0 / zoom, accent));
    }
}

//! Pointer handling and the toolbar of a sequence diagram: add lifelines and messages, reorder
//! both by dragging, select a message (which selects the flow it carries), rename in place.

use std::collections::BTreeSet;

use egui::{Pos2, Stroke};

use super::{RenameTarget, Tool, hit};
use crate::app::Editor;
use crate::app::actions::Action;
use crate::edit::commands::{self, Item};
use crate::edit::{Edit, Transaction};
use crate::model::{
    DiagramId, DiagramView, ElementId, ElementKindTag, FragmentKind, MessageId, MessageKind, Model, Note, NoteId,
    SequenceView,
};
use crate::scene::{Owner, Pos, Scene, Shape};

/// A pointer gesture on a sequence diagram.
#[derive(Clone, Debug)]
pub(super) enum Drag {
    /// Dragging a new message out of a lifeline.
    NewMessage { from: ElementId, origin: Pos2 },
    /// Moving a message up or down.
    Reorder { message: MessageId },
    /// Moving a lifeline left or right.
    MoveLifeline { element: ElementId },
}

fn view<'a>(model: &'a Model, diagram: &DiagramId) -> Option<&'a SequenceView> {
    match model.diagram(diagram).map(|d| &d.view) {
        Some(DiagramView::Sequence(s)) => Some(s),
        _ => None,
    }
}

/// The x of each lifeline, from the scene.
fn columns(scene: &Scene) -> Vec<(ElementId, f32)> {
    scene
        .items
        .iter()
        .filter_map(|i| match (&i.owner, &i.shape) {
            (Some(Owner::Lifeline(id)), Shape::Line { points, .. }) => points.first().map(|p| (id.clone(), p.x)),
            _ => None,
        })
        .collect()
}

/// The y of each message's arrow, from the scene, in order.
fn message_rows(scene: &Scene) -> Vec<(MessageId, f32)> {
    let mut rows: Vec<(MessageId, f32)> = Vec::new();
    for i in &scene.items {
        if let (Some(Owner::Message(id)), Shape::Line { points, .. }) = (&i.owner, &i.shape)
            && !rows.iter().any(|(m, _)| m == id)
            && let Some(p) = points.first()
        {
            rows.push((id.clone(), p.y));
        }
    }
    rows
}

fn lifeline_at(scene: &Scene, p: Pos2, reach: f32) -> Option<ElementId> {
    columns(scene)
        .into_iter()
        .filter(|(_, x)| (x - p.x).abs() <= reach)
        .min_by(|a, b| (a.1 - p.x).abs().total_cmp(&(b.1 - p.x).abs()))
        .map(|(id, _)| id)
}

/// Where a message dropped at height `y` goes: before the first message below it.
fn index_at(scene: &Scene, view: &SequenceView, y: f32) -> usize {
    let rows = message_rows(scene);
    view.messages
        .iter()
        .position(|m| rows.iter().any(|(id, row)| id == &m.id && *row > y))
        .unwrap_or(view.messages.len())
}

use crate::edit::sequence::{add_message, flow_between};

/// Moving a message, or a status message saying why it cannot move.
fn reorder(model: &Model, diagram: &DiagramId, from: usize, to: usize) -> Action {
    match crate::edit::sequence::reorder_message(model, diagram, from, to) {
        Some(tx) => Action::Execute(tx),
        None => Action::Status(
            "That move would break a fragment: move the whole fragment's messages, or remove the fragment first"
                .to_owned(),
        ),
    }
}

fn sequence_tx(diagram: &DiagramId, label: &str, seq: SequenceView) -> Transaction {
    let mut tx = Transaction::new(label);
    tx.push(Edit::Sequence(diagram.clone(), Box::new(seq)));
    tx
}

fn name_of(model: &Model, id: &ElementId) -> String {
    model.elements.get(id).map_or_else(|| id.to_string(), |e| e.name.clone())
}

/// The toolbar above a sequence diagram: everything the mouse does, reachable by keyboard.
pub(super) fn toolbar(editor: &mut Editor, ui: &mut egui::Ui, diagram: &DiagramId) {
    let Some(seq) = view(&editor.doc.model, diagram).cloned() else {
        return;
    };
    let model = &editor.doc.model;
    let mut queue: Vec<Action> = Vec::new();
    ui.horizontal_wrapped(|ui| {
        let candidates: Vec<(ElementId, String)> = model
            .elements
            .iter()
            .filter(|(id, _)| !seq.lifelines.contains(id))
            .map(|(id, e)| (id.clone(), e.name.clone()))
            .collect();
        ui.add_enabled_ui(!candidates.is_empty(), |ui| {
            let caption = ui.label("Add lifeline for");
            egui::ComboBox::from_id_salt("add_lifeline")
                .selected_text("an existing element…")
                .show_ui(ui, |ui| {
                    for (id, name) in candidates {
                        if ui.selectable_label(false, name).clicked() {
                            let mut s = seq.clone();
                            s.lifelines.push(id);
                            queue.push(Action::Execute(sequence_tx(diagram, "Add lifeline", s)));
                        }
                    }
                })
                .response
                .labelled_by(caption.id);
        });
        ui.separator();
        let memory_id = egui::Id::unique(("message_ends", diagram.as_str()));
        let (mut from, mut to): (Option<ElementId>, Option<ElementId>) =
            ui.data(|d| d.get_temp(memory_id)).unwrap_or_default();
        // A remembered end whose lifeline was removed since is forgotten.
        from = from.filter(|e| seq.lifelines.contains(e));
        to = to.filter(|e| seq.lifelines.contains(e));
        lifeline_picker(ui, model, &seq.lifelines, ("Message from", "message_from"), &mut from);
        lifeline_picker(ui, model, &seq.lifelines, ("to", "message_to"), &mut to);
        ui.data_mut(|d| d.insert_temp(memory_id, (from.clone(), to.clone())));
        if ui.add_enabled(from.is_some() && to.is_some(), egui::Button::new("Add message")).clicked()
            && let (Some(from), Some(to)) = (&from, &to)
        {
            let index = editor
                .selected_messages
                .iter()
                .filter_map(|m| seq.messages.iter().position(|x| &x.id == m))
                .max()
                .map_or(seq.messages.len(), |i| i + 1);
            if let Some((id, tx)) = add_message(model, diagram, from, to, index) {
                queue.push(Action::Execute(tx));
                queue.push(Action::SelectMessage(id));
            }
        }
    });
    // A row of its own for the selected message, so selecting one never moves the canvas.
    ui.horizontal(|ui| {
        let selected: Vec<usize> = seq
            .messages
            .iter()
            .enumerate()
            .filter(|(_, m)| editor.selected_messages.contains(&m.id))
            .map(|(i, _)| i)
            .collect();
        if selected.is_empty() {
            ui.label(
                egui::RichText::new("Click a message to change its kind, move it or add a note; Shift-click a range to wrap it in a fragment.")
                    .weak(),
            );
        }
        if let [index] = selected.as_slice() {
            let index = *index;
            let message = &seq.messages[index];
            let mut kind = message.kind;
            let kind_caption = ui.label("Kind");
            egui::ComboBox::from_id_salt("message_kind")
                .selected_text(kind_label(kind))
                .show_ui(ui, |ui| {
                    for k in [MessageKind::Call, MessageKind::Reply, MessageKind::Async] {
                        ui.selectable_value(&mut kind, k, kind_label(k));
                    }
                })
                .response
                .labelled_by(kind_caption.id);
            if kind != message.kind {
                let mut s = seq.clone();
                s.messages[index].kind = kind;
                queue.push(Action::Execute(sequence_tx(diagram, "Change message kind", s)));
            }
            let mut target = None;
            if ui.add_enabled(index > 0, egui::Button::new("Move up")).clicked() {
                target = Some(index - 1);
            }
            if ui.add_enabled(index + 1 < seq.messages.len(), egui::Button::new("Move down")).clicked() {
                target = Some(index + 1);
            }
            if let Some(to) = target {
                queue.push(reorder(model, diagram, index, to));
            }
            if ui.button("Add note").on_hover_text("A note on the receiving lifeline after this message").clicked() {
                let mut s = seq.clone();
                s.notes.push(Note {
                    id: NoteId::generate(),
                    lifeline: message.to.clone(),
                    after: Some(message.id.clone()),
                    text: "Note".to_owned(),
                });
                queue.push(Action::Execute(sequence_tx(diagram, "Add note", s)));
            }
        }
        if let (Some(first), Some(last)) = (selected.first(), selected.last()) {
            ui.menu_button("Wrap in fragment", |ui| {
                for kind in [FragmentKind::Alt, FragmentKind::Opt, FragmentKind::Loop] {
                    if ui.button(kind.label()).clicked() {
                        let mut s = seq.clone();
                        s.fragments.push(crate::model::Fragment {
                            id: crate::model::FragmentId::generate(),
                            kind,
                            guard: "condition".to_owned(),
                            first: seq.messages[*first].id.clone(),
                            last: seq.messages[*last].id.clone(),
                            else_branch: None,
                        });
                        queue.push(Action::Execute(sequence_tx(diagram, "Add fragment", s)));
                    }
                }
            });
        }
    });
    fragments_and_notes(editor, ui, diagram, &seq, &mut queue);
    for action in queue {
        editor.queue(action);
    }
    ui.separator();
}

/// Guards of fragments and texts of notes, editable in a collapsible row.
fn fragments_and_notes(
    editor: &Editor,
    ui: &mut egui::Ui,
    diagram: &DiagramId,
    seq: &SequenceView,
    queue: &mut Vec<Action>,
) {
    if seq.fragments.is_empty() && seq.notes.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(format!("Fragments ({}) and notes ({})", seq.fragments.len(), seq.notes.len()))
        .id_salt("frag_notes")
        .show(ui, |ui| {
            for (i, fragment) in seq.fragments.iter().enumerate() {
                ui.horizontal(|ui| {
                    let label = format!("{} guard", fragment.kind.label());
                    text_field(ui, queue, &label, &fragment.guard, (200.0, crate::format::MAX_NAME_CHARS), |guard| {
                        let mut s = seq.clone();
                        s.fragments[i].guard = guard;
                        Action::Execute(sequence_tx(diagram, "Edit guard", s))
                    });
                    if ui.button("Remove fragment").clicked() {
                        let mut s = seq.clone();
                        s.fragments.remove(i);
                        queue.push(Action::Execute(sequence_tx(diagram, "Remove fragment", s)));
                    }
                });
                if fragment.kind == FragmentKind::Alt {
                    else_branch_row(editor, ui, diagram, seq, i, queue);
                }
            }
            for (i, note) in seq.notes.iter().enumerate() {
                ui.horizontal(|ui| {
                    text_field(ui, queue, "Note", &note.text, (320.0, crate::format::MAX_TEXT_CHARS), |text| {
                        let mut s = seq.clone();
                        s.notes[i].text = text;
                        Action::Execute(sequence_tx(diagram, "Edit note", s))
                    });
                    if ui.button("Remove note").clicked() {
                        let mut s = seq.clone();
                        s.notes.remove(i);
                        queue.push(Action::Execute(sequence_tx(diagram, "Remove note", s)));
                    }
                });
            }
        });
}

/// A caption and a combo box choosing one of `lifelines`.
fn lifeline_picker(
    ui: &mut egui::Ui,
    model: &Model,
    lifelines: &[ElementId],
    (caption, salt): (&str, &str),
    choice: &mut Option<ElementId>,
) {
    let caption = ui.label(caption);
    let shown = choice.as_ref().map_or("…".to_owned(), |e| name_of(model, e));
    egui::ComboBox::from_id_salt(salt)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            for id in lifelines {
                ui.selectable_value(choice, Some(id.clone()), name_of(model, id));
            }
        })
        .response
        .labelled_by(caption.id);
}

/// A labelled one-line field; when the text changes, `edit` turns it into the action to queue.
/// Typing into one field is one undo step (a gesture from focus to blur).
fn text_field(
    ui: &mut egui::Ui,
    queue: &mut Vec<Action>,
    label: &str,
    value: &str,
    (width, limit): (f32, usize),
    edit: impl FnOnce(String) -> Action,
) {
    let caption = ui.label(label);
    let mut text = value.to_owned();
    let field =
        ui.add(egui::TextEdit::singleline(&mut text).desired_width(width).char_limit(limit)).labelled_by(caption.id);
    if field.gained_focus() {
        queue.push(Action::BeginGesture(format!("Edit {label}")));
    }
    if field.changed() && text != value {
        queue.push(edit(text));
    }
    if field.lost_focus() {
        queue.push(Action::EndGesture);
    }
}

/// The else branch of `alt` fragment `i`: its guard, or a button that starts it at the selected
/// message (which must lie inside the fragment, after its first message).
fn else_branch_row(
    editor: &Editor,
    ui: &mut egui::Ui,
    diagram: &DiagramId,
    seq: &SequenceView,
    i: usize,
    queue: &mut Vec<Action>,
) {
    let fragment = &seq.fragments[i];
    let position = |id: &MessageId| seq.messages.iter().position(|m| &m.id == id);
    ui.horizontal(|ui| {
        ui.add_space(16.0);
        if let Some(branch) = &fragment.else_branch {
            text_field(ui, queue, "else guard", &branch.guard, (200.0, crate::format::MAX_NAME_CHARS), |guard| {
                let mut s = seq.clone();
                if let Some(b) = s.fragments[i].else_branch.as_mut() {
                    b.guard = guard;
                }
                Action::Execute(sequence_tx(diagram, "Edit guard", s))
            });
            if ui.button("Remove else").clicked() {
                let mut s = seq.clone();
                s.fragments[i].else_branch = None;
                queue.push(Action::Execute(sequence_tx(diagram, "Remove else branch", s)));
            }
        } else {
            let selected = editor.selected_messages.first().filter(|_| editor.selected_messages.len() == 1);
            let inside = selected.and_then(|m| Some((position(m)?, m))).filter(|(at, _)| {
                position(&fragment.first).is_some_and(|first| *at > first)
                    && position(&fragment.last).is_some_and(|last| *at <= last)
            });
            let button = ui
                .add_enabled(inside.is_some(), egui::Button::new("Else branch from selected message"))
                .on_disabled_hover_text("Select a message inside this alt fragment, after its first message");
            if button.clicked()
                && let Some((_, m)) = inside
            {
                let mut s = seq.clone();
                s.fragments[i].else_branch =
                    Some(crate::model::ElseBranch { first: m.clone(), guard: "else".to_owned() });
                queue.push(Action::Execute(sequence_tx(diagram, "Add else branch", s)));
            }
        }
    });
}

const fn kind_label(kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::Call => "Call",
        MessageKind::Reply => "Reply",
        MessageKind::Async => "Asynchronous",
    }
}

/// Selects what was clicked; Shift-click adds messages to the selection (to wrap a range of
/// them in a fragment).
fn select_owner(editor: &mut Editor, diagram: &DiagramId, owner: Option<&Owner>, extend: bool) {
    match owner {
        Some(Owner::Message(id)) if extend => editor.queue(Action::ToggleMessage(id.clone())),
        Some(Owner::Message(id)) => {
            let flow = view(&editor.doc.model, diagram)
                .and_then(|s| s.messages.iter().find(|m| &m.id == id))
                .and_then(|m| m.flow.clone());
            editor.queue(Action::SelectMessage(id.clone()));
            if let Some(flow) = flow {
                editor.queue(Action::AlsoSelect(Item::Flow(flow)));
            }
        }
        Some(Owner::Element(id) | Owner::Lifeline(id)) => {
            editor.queue(Action::Select([Item::Element(id.clone())].into()))
        }
        _ => editor.queue(Action::Select(BTreeSet::new())),
    }
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
    let Some(scene) = editor.canvas.shared_scene() else {
        return;
    };
    let Some(seq) = view(&editor.doc.model, diagram).cloned() else {
        return;
    };
    let tolerance = 6.0 / zoom;
    let press = ui.input(|i| i.pointer.press_origin()).and_then(|p| editor.canvas.to_global.map(|t| t.inverse() * p));
    let to_pos = |p: Pos2| Pos::new(p.x, p.y);
    if ui.input(|i| i.key_pressed(egui::Key::Escape))
        && editor.canvas.rename.is_none()
        && editor.canvas.seq_drag.take().is_none()
    {
        if editor.tool == Tool::Select {
            editor.queue(Action::Select(BTreeSet::new()));
        }
        editor.tool = Tool::Select;
    }
    if let Some((crate::app::palette::PaletteItem::Element(kind), global)) = editor.canvas.palette_drop.take()
        && let Some(to_global) = editor.canvas.to_global
        && response.rect.contains(to_global.inverse() * global)
    {
        add_participant(editor, diagram, &seq, &scene, kind, (to_global.inverse() * global).x);
    }
    if response.drag_started_by(egui::PointerButton::Primary)
        && let Some(origin) = press
    {
        let owner = hit(&scene, to_pos(origin), tolerance).cloned();
        editor.canvas.seq_drag = match owner {
            Some(Owner::Message(message)) => Some(Drag::Reorder { message }),
            Some(Owner::Element(element)) => Some(Drag::MoveLifeline { element }),
            _ => lifeline_at(&scene, origin, 30.0 / zoom.max(0.2)).map(|from| Drag::NewMessage { from, origin }),
        };
    }
    if response.drag_stopped()
        && let (Some(drag), Some(p)) = (editor.canvas.seq_drag.take(), pointer)
    {
        match drag {
            Drag::NewMessage { from, origin } => {
                let to = lifeline_at(&scene, p, 60.0).unwrap_or_else(|| from.clone());
                let is_self = to == from;
                if is_self && origin.distance(p) < 20.0 {
                    return;
                }
                let index = index_at(&scene, &seq, origin.y);
                if let Some((id, tx)) = add_message(&editor.doc.model, diagram, &from, &to, index) {
                    editor.queue(Action::BeginGesture(tx.label.clone()));
                    editor.queue(Action::Execute(tx));
                    editor.queue(Action::SelectMessage(id.clone()));
                    let name = if is_self {
                        String::new()
                    } else {
                        flow_between(&editor.doc.model, &from, &to)
                            .and_then(|f| editor.doc.model.flows.get(&f))
                            .map_or("New flow".to_owned(), |f| f.name.clone())
                    };
                    editor.canvas.start_naming_new(RenameTarget::Message(id), name);
                }
            }
            Drag::Reorder { message } => {
                let Some(old) = seq.messages.iter().position(|m| m.id == message) else {
                    return;
                };
                let rows = message_rows(&scene);
                let new_index = seq
                    .messages
                    .iter()
                    .filter(|m| m.id != message)
                    .position(|m| rows.iter().any(|(id, y)| id == &m.id && *y > p.y))
                    .unwrap_or(seq.messages.len() - 1);
                if new_index != old {
                    let action = reorder(&editor.doc.model, diagram, old, new_index);
                    editor.queue(action);
                }
            }
            Drag::MoveLifeline { element } => {
                let Some(old) = seq.lifelines.iter().position(|l| l == &element) else {
                    return;
                };
                let cols = columns(&scene);
                let mut s = seq.clone();
                let moved = s.lifelines.remove(old);
                let new_index = s
                    .lifelines
                    .iter()
                    .position(|l| cols.iter().any(|(id, x)| id == l && *x > p.x))
                    .unwrap_or(s.lifelines.len());
                if new_index != old {
                    s.lifelines.insert(new_index, moved);
                    editor.queue(Action::Execute(sequence_tx(diagram, "Move lifeline", s)));
                }
            }
        }
    }
    if response.clicked()
        && let Some(p) = pointer
    {
        if let Tool::Place(kind) = editor.tool {
            add_participant(editor, diagram, &seq, &scene, kind, p.x);
        } else {
            let owner = hit(&scene, to_pos(p), tolerance).cloned();
            let extend = ui.input(|i| i.modifiers.shift);
            select_owner(editor, diagram, owner.as_ref(), extend);
        }
    }
    if response.double_clicked()
        && let Some(p) = pointer
    {
        match hit(&scene, to_pos(p), tolerance).cloned() {
            Some(Owner::Message(id)) => {
                let current = editor.message_label(&id);
                editor.canvas.start_rename(RenameTarget::Message(id), current);
            }
            Some(Owner::Element(id)) => {
                let name = name_of(&editor.doc.model, &id);
                editor.canvas.start_rename(RenameTarget::Item(Item::Element(id)), name);
            }
            _ => {}
        }
    }
    keyboard(editor, ui, &seq);
    // Overlay: selection and the message being drawn.
    let painter = ui.painter();
    let accent = ui.visuals().selection.stroke.color;
    for item in &scene.items {
        let selected = match &item.owner {
            Some(Owner::Message(id)) => editor.selected_messages.contains(id),
            Some(Owner::Element(id)) => editor.selection.contains(&Item::Element(id.clone())),
            _ => false,
        };
        if selected && let Shape::Line { points, .. } | Shape::Polygon { points, .. } = &item.shape {
            let path: Vec<Pos2> = points.iter().map(|p| Pos2::new(p.x, p.y)).collect();
            painter.add(egui::Shape::line(path, Stroke::new(3.0 / zoom, accent.gamma_multiply(0.7))));
        }
        if selected && let (Some(Owner::Element(_)), Shape::Rect { rect, .. }) = (&item.owner, &item.shape) {
            painter.rect_stroke(
                super::paint::rect(*rect).expand(3.0 / zoom),
                6.0,
                Stroke::new(2.0 / zoom, accent),
                egui::StrokeKind::Outside,
            );
        }
    }
    if let (Some(Drag::NewMessage { origin, .. }), Some(p)) = (&editor.canvas.seq_drag, pointer) {
        painter.arrow(
            Pos2::new(p.x.min(origin.x).max(origin.x.min(p.x)), origin.y),
            egui::vec2(p.x - origin.x, 0.0),
            Stroke::new(2.0 / zoom, accent),
        );
        let _ = p;
    }
}

/// Up and Down walk through the messages, so everything a selected message offers (rename with
/// F2, Delete, kind, move, note, fragment) is reachable without a mouse.
fn keyboard(editor: &mut Editor, ui: &egui::Ui, seq: &SequenceView) {
    if ui.ctx().text_edit_focused()
        || editor.canvas.rename.is_some()
        || editor.dialog.is_some()
        || seq.messages.is_empty()
    {
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
    let current = seq.messages.iter().rposition(|m| editor.selected_messages.contains(&m.id));
    let next = match current {
        Some(i) => i.saturating_add_signed(step).min(seq.messages.len() - 1),
        None if step > 0 => 0,
        None => seq.messages.len() - 1,
    };
    let message = &seq.messages[next];
    editor.queue(Action::SelectMessage(message.id.clone()));
    if let Some(flow) = &message.flow {
        editor.queue(Action::AlsoSelect(Item::Flow(flow.clone())));
    }
}

/// Adds a new element of `kind` as a lifeline at the column under `x`, and starts renaming it.
fn add_participant(
    editor: &mut Editor,
    diagram: &DiagramId,
    seq: &SequenceView,
    scene: &Scene,
    kind: ElementKindTag,
    x: f32,
) {
    let name = match kind {
        ElementKindTag::Process => "New process",
        ElementKindTag::ExternalEntity => "New external entity",
        ElementKindTag::DataStore => "New data store",
    };
    let (id, mut tx) = commands::add_element(kind, name, None, None);
    tx.label = "Add participant".to_owned();
    let cols = columns(scene);
    let index =
        seq.lifelines.iter().position(|l| cols.iter().any(|(c, cx)| c == l && *cx > x)).unwrap_or(seq.lifelines.len());
    let mut s = seq.clone();
    s.lifelines.insert(index, id.clone());
    tx.push(Edit::Sequence(diagram.clone(), Box::new(s)));
    editor.queue(Action::BeginGesture(tx.label.clone()));
    editor.queue(Action::Execute(tx));
    editor.queue(Action::Select([Item::Element(id.clone())].into()));
    editor.canvas.start_naming_new(RenameTarget::Item(Item::Element(id)), name.to_owned());
    editor.tool = Tool::Select;
}

//! The toolbar above a sequence diagram: everything the mouse does there, reachable by keyboard
//! (add a lifeline for an existing element, add a message, change its kind, move it, add a note,
//! wrap a range in a fragment), and a collapsible row of fragment guards and notes.

use crate::app::action::Action;
use crate::app::view::Snapshot;
use crate::edit::sequence as commands;
use crate::model::{DiagramId, ElementId, FragmentKind, MessageId, MessageKind, Model, SequenceView};

use super::sequence::{propose, reorder, view};

fn name_of(model: &Model, id: &ElementId) -> String {
    model.elements.get(id).map_or_else(|| id.to_string(), |e| e.name.clone())
}

const fn kind_label(kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::Call => "Call",
        MessageKind::Reply => "Reply",
        MessageKind::Async => "Asynchronous",
    }
}

/// Draws the toolbar of sequence diagram `diagram` and returns what the user asked for.
pub fn show(ui: &mut egui::Ui, snapshot: &Snapshot<'_>, diagram: &DiagramId) -> Vec<Action> {
    let Some(seq) = view(snapshot.model, diagram) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // Rows of a fixed height, so selecting a message (which fills the second row) never moves
    // the canvas under the pointer.
    let row_height = ui.spacing().interact_size.y;
    ui.horizontal_wrapped(|ui| {
        ui.set_min_height(row_height);
        add_row(ui, snapshot, diagram, seq, &mut out);
    });
    ui.horizontal(|ui| {
        ui.set_min_height(row_height);
        message_row(ui, snapshot, diagram, seq, &mut out);
    });
    fragments_and_notes(ui, snapshot, diagram, seq, &mut out);
    ui.separator();
    out
}

/// "Add lifeline for …" and "Message from … to … [Add message]".
fn add_row(ui: &mut egui::Ui, snapshot: &Snapshot<'_>, diagram: &DiagramId, seq: &SequenceView, out: &mut Vec<Action>) {
    let model = snapshot.model;
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
                        out.push(propose(commands::add_lifeline(model, diagram, &id, usize::MAX)));
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
        let index = seq
            .messages
            .iter()
            .rposition(|m| snapshot.view.selected_messages.contains(&m.id))
            .map_or(seq.messages.len(), |i| i + 1);
        if let Ok((id, tx)) = crate::edit::sequence::add_message(model, diagram, from, to, index) {
            out.push(Action::Apply(tx));
            out.push(Action::SelectMessage(id));
        }
    }
}

/// Kind, Move up/down, Add note for one selected message; Wrap in fragment for a range.
fn message_row(
    ui: &mut egui::Ui,
    snapshot: &Snapshot<'_>,
    diagram: &DiagramId,
    seq: &SequenceView,
    out: &mut Vec<Action>,
) {
    let model = snapshot.model;
    let selected: Vec<usize> = seq
        .messages
        .iter()
        .enumerate()
        .filter(|(_, m)| snapshot.view.selected_messages.contains(&m.id))
        .map(|(i, _)| i)
        .collect();
    if selected.is_empty() {
        ui.label(
            egui::RichText::new(
                "Click a message to change its kind, move it or add a note; Shift-click a range to wrap it in a fragment.",
            )
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
            let change = commands::update_message(model, diagram, &message.id, |m| m.kind = kind).map(|mut tx| {
                "Change message kind".clone_into(&mut tx.label);
                tx
            });
            out.push(propose(change));
        }
        let mut target = None;
        if ui.add_enabled(index > 0, egui::Button::new("Move up")).clicked() {
            target = Some(index - 1);
        }
        if ui.add_enabled(index + 1 < seq.messages.len(), egui::Button::new("Move down")).clicked() {
            target = Some(index + 1);
        }
        if let Some(to) = target {
            out.push(reorder(model, diagram, index, to));
        }
        if ui.button("Add note").on_hover_text("A note on the receiving lifeline after this message").clicked() {
            let added = commands::add_note(model, diagram, &message.to, Some(&message.id), "Note").map(|(_, tx)| tx);
            out.push(propose(added));
        }
    }
    if let (Some(first), Some(last)) = (selected.first(), selected.last()) {
        ui.menu_button("Wrap in fragment", |ui| {
            for kind in [FragmentKind::Alt, FragmentKind::Opt, FragmentKind::Loop] {
                if ui.button(kind.label()).clicked() {
                    let (first, last) = (&seq.messages[*first].id, &seq.messages[*last].id);
                    let wrapped = commands::wrap_in_fragment(model, diagram, kind, first, last, "condition");
                    out.push(propose(wrapped.map(|(_, tx)| tx)));
                }
            }
        });
    }
}

/// Guards of fragments and texts of notes, editable in a collapsible row.
fn fragments_and_notes(
    ui: &mut egui::Ui,
    snapshot: &Snapshot<'_>,
    diagram: &DiagramId,
    seq: &SequenceView,
    out: &mut Vec<Action>,
) {
    if seq.fragments.is_empty() && seq.notes.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(format!("Fragments ({}) and notes ({})", seq.fragments.len(), seq.notes.len()))
        .id_salt("frag_notes")
        .show(ui, |ui| {
            let model = snapshot.model;
            for (i, fragment) in seq.fragments.iter().enumerate() {
                ui.horizontal(|ui| {
                    let label = format!("{} guard", fragment.kind.label());
                    text_field(ui, out, &label, &fragment.guard, (200.0, crate::model::MAX_NAME_CHARS), |guard| {
                        propose(commands::set_fragment_guard(model, diagram, &fragment.id, &guard))
                    });
                    // Removing sits behind a menu, never one Tab and one keystroke from the guard.
                    more_menu(ui, ("fragment", fragment.id.as_str()), |ui| {
                        if ui.button("Remove fragment").clicked() {
                            out.push(propose(commands::remove_fragment(model, diagram, &fragment.id)));
                            ui.close();
                        }
                    });
                });
                if fragment.kind == FragmentKind::Alt {
                    else_branch_row(ui, snapshot, diagram, seq, i, out);
                }
            }
            for note in &seq.notes {
                ui.horizontal(|ui| {
                    text_field(ui, out, "Note", &note.text, (320.0, crate::model::MAX_TEXT_CHARS), |text| {
                        propose(commands::set_note_text(model, diagram, &note.id, &text))
                    });
                    more_menu(ui, ("note", note.id.as_str()), |ui| {
                        if ui.button("Remove note").clicked() {
                            out.push(propose(commands::remove_note(model, diagram, &note.id)));
                            ui.close();
                        }
                    });
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

/// A labelled one-line field; when the text changes, `edit` turns it into the action to
/// propose. Typing into one field is one undo step (a gesture from focus to blur).
fn text_field(
    ui: &mut egui::Ui,
    out: &mut Vec<Action>,
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
        out.push(Action::BeginGesture(format!("Edit {label}")));
    }
    if field.changed() && text != value {
        out.push(edit(text));
    }
    if field.lost_focus() {
        out.push(Action::EndGesture);
    }
}

/// The else branch of `alt` fragment `i`: its guard, or a button that starts it at the selected
/// message (which must lie inside the fragment, after its first message).
fn else_branch_row(
    ui: &mut egui::Ui,
    snapshot: &Snapshot<'_>,
    diagram: &DiagramId,
    seq: &SequenceView,
    i: usize,
    out: &mut Vec<Action>,
) {
    let model = snapshot.model;
    let fragment = &seq.fragments[i];
    let position = |id: &MessageId| seq.messages.iter().position(|m| &m.id == id);
    ui.horizontal(|ui| {
        ui.add_space(16.0);
        if let Some(branch) = &fragment.else_branch {
            text_field(ui, out, "else guard", &branch.guard, (200.0, crate::model::MAX_NAME_CHARS), |guard| {
                propose(commands::set_else_guard(model, diagram, &fragment.id, &guard))
            });
            more_menu(ui, ("else", fragment.id.as_str()), |ui| {
                if ui.button("Remove else").clicked() {
                    out.push(propose(commands::remove_else_branch(model, diagram, &fragment.id)));
                    ui.close();
                }
            });
        } else {
            let selected = &snapshot.view.selected_messages;
            let single = selected.first().filter(|_| selected.len() == 1);
            let inside = single.and_then(|m| Some((position(m)?, m))).filter(|(at, _)| {
                position(&fragment.first).is_some_and(|first| *at > first)
                    && position(&fragment.last).is_some_and(|last| *at <= last)
            });
            let button = ui
                .add_enabled(inside.is_some(), egui::Button::new("Else branch from selected message"))
                .on_disabled_hover_text("Select a message inside this alt fragment, after its first message");
            if button.clicked()
                && let Some((_, m)) = inside
            {
                out.push(propose(commands::set_else_branch(model, diagram, &fragment.id, m, "else")));
            }
        }
    });
}

/// A small "⋯" menu holding what removes a record, so a stray keystroke after Tab cannot.
fn more_menu(ui: &mut egui::Ui, (what, id): (&str, &str), contents: impl FnOnce(&mut egui::Ui)) {
    ui.push_id(id, |ui| {
        ui.menu_button(format!("⋯ {what}"), contents).response.on_hover_text(format!("More for this {what}"));
    });
}

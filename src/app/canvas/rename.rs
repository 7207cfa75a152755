//! Renaming in place: a small text field over the thing being renamed, in screen space so it
//! stays full size at any zoom. Committing proposes the rename as an action; nothing here
//! changes the model.

use crate::app::action::Action;
use crate::edit::commands::{self, Item};
use crate::edit::{Transaction, sequence};
use crate::model::{DiagramId, MessageId, Model};
use crate::scene::{Pos, Scene};

use super::space::ScreenFromDiagram;

/// What is being renamed in place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenameTarget {
    /// An element, flow or boundary.
    Item(Item),
    /// A sequence message (its own text, or its flow's name when it has none).
    Message(MessageId),
}

/// An in-place rename under way.
#[derive(Clone, Debug)]
pub struct Rename {
    /// What.
    pub target: RenameTarget,
    /// The text typed so far.
    pub text: String,
    focused: bool,
    /// The record was just created in an open undo gesture: naming it ends that gesture, so
    /// creating and naming are one undo step.
    ends_gesture: bool,
    unanchored_frames: u8,
}

impl Rename {
    /// Renames an existing record.
    #[must_use]
    pub const fn existing(target: RenameTarget, text: String) -> Self {
        Self { target, text, focused: false, ends_gesture: false, unanchored_frames: 0 }
    }

    /// Names a record created in the open gesture; committing or cancelling ends the gesture.
    #[must_use]
    pub const fn new_record(target: RenameTarget, text: String) -> Self {
        Self { target, text, focused: false, ends_gesture: true, unanchored_frames: 0 }
    }

    /// The rename of the one selected item, if exactly one is selected.
    #[must_use]
    pub fn of_selected(model: &Model, item: &Item) -> Option<Self> {
        let name = match item {
            Item::Element(id) => model.elements.get(id).map(|e| e.name.clone()),
            Item::Flow(id) => model.flows.get(id).map(|f| f.name.clone()),
            Item::Boundary(id) => model.boundaries.get(id).map(|b| b.name.clone()),
        };
        name.map(|name| Self::existing(RenameTarget::Item(item.clone()), name))
    }

    /// The actions that commit the typed name (trimmed).
    #[must_use]
    pub fn commit(self, model: &Model, diagram: Option<&DiagramId>) -> Vec<Action> {
        let name = self.text.trim().to_owned();
        let mut tx = match &self.target {
            RenameTarget::Item(Item::Element(id)) => commands::update_element(model, id, |e| e.name = name),
            RenameTarget::Item(Item::Flow(id)) => commands::update_flow(model, id, |f| f.name = name),
            RenameTarget::Item(Item::Boundary(id)) => commands::update_boundary(model, id, |b| b.name = name),
            RenameTarget::Message(id) => match diagram {
                Some(diagram) => sequence::rename_message(model, diagram, id, &name).unwrap_or_default(),
                None => Transaction::default(),
            },
        };
        "Rename".clone_into(&mut tx.label);
        let mut actions = vec![Action::Apply(tx)];
        if self.ends_gesture {
            actions.push(Action::EndGesture);
        }
        actions
    }

    /// The actions that drop the rename, keeping the old name.
    #[must_use]
    pub fn cancel(self) -> Vec<Action> {
        if self.ends_gesture { vec![Action::EndGesture] } else { Vec::new() }
    }
}

/// Where the field sits: over the record's label or shape, in diagram space.
fn anchor_in_diagram(scene: &Scene, target: &RenameTarget) -> Option<Pos> {
    let layout = &scene.layout;
    match target {
        RenameTarget::Item(Item::Element(id)) => layout.elements.get(id).map(crate::scene::SceneRect::center),
        RenameTarget::Item(Item::Boundary(id)) => {
            layout.boundaries.get(id).map(|r| Pos::new(r.min.x + 110.0, r.min.y + 8.0))
        }
        RenameTarget::Item(Item::Flow(id)) => layout
            .flows
            .get(id)
            .map(|f| f.label.map_or_else(|| crate::scene::geometry::midpoint(&f.points), |l| l.center())),
        RenameTarget::Message(id) => layout
            .message_labels
            .get(id)
            .map(crate::scene::SceneRect::center)
            .or_else(|| layout.message_y(id).map(|y| Pos::new(0.0, y))),
    }
}

/// Draws the field of the rename under way and proposes what the user did with it.
pub fn overlay(
    ctx: &egui::Context,
    state: &mut Option<Rename>,
    scene: &Scene,
    transform: ScreenFromDiagram,
    model: &Model,
    diagram: &DiagramId,
) -> Vec<Action> {
    let Some(rename) = state.as_mut() else {
        return Vec::new();
    };
    let Some(anchor) = anchor_in_diagram(scene, &rename.target) else {
        // Not drawn: a record just created appears next frame; one that stays undrawn (not on
        // this diagram, or gone) ends the rename rather than leave the keyboard captured.
        rename.unanchored_frames += 1;
        if rename.unanchored_frames > 2 {
            return state.take().map(Rename::cancel).unwrap_or_default();
        }
        return Vec::new();
    };
    let anchor_on_screen = transform.screen_from_diagram(anchor);
    let mut commit = false;
    let mut cancel = false;
    egui::Area::new(egui::Id::unique("rename_in_place"))
        .order(egui::Order::Foreground)
        .fixed_pos(anchor_on_screen - egui::vec2(110.0, 28.0))
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                let label = ui.label("New name");
                let output = egui::TextEdit::singleline(&mut rename.text)
                    .desired_width(200.0)
                    .char_limit(crate::model::MAX_NAME_CHARS)
                    .show(ui);
                let field = egui::Response::clone(&output.response).labelled_by(label.id);
                if !rename.focused {
                    // Select the whole name, so typing replaces a placeholder such as "New flow".
                    field.request_focus();
                    let mut text_state = output.state;
                    let end = egui::text::CCursor::new(rename.text.chars().count());
                    text_state
                        .cursor
                        .set_char_range(Some(egui::text::CCursorRange::two(egui::text::CCursor::new(0), end)));
                    text_state.store(ui.ctx(), field.id);
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
        return state.take().map(Rename::cancel).unwrap_or_default();
    }
    if commit && let Some(rename) = state.take() {
        return rename.commit(model, Some(diagram));
    }
    Vec::new()
}

//! The palette: pick what to place, click (or drag) it onto the canvas.

use super::action::{Action, PaletteItem};
use super::view::{Snapshot, Tool};
use crate::model::ElementKindTag;

/// Draws the palette and returns what the user picked or dropped.
pub fn show(ui: &mut egui::Ui, snapshot: &Snapshot<'_>) -> Vec<Action> {
    let mut out = Vec::new();
    let is_sequence = snapshot.view.is_sequence(snapshot.model);
    let current = snapshot.view.tool;
    ui.add_space(4.0);
    ui.strong(if is_sequence { "Add participant" } else { "Palette" });
    ui.add_space(4.0);
    let entries = [
        (PaletteItem::Element(ElementKindTag::Process), "Process", "P"),
        (PaletteItem::Element(ElementKindTag::ExternalEntity), "External entity", "E"),
        (PaletteItem::Element(ElementKindTag::DataStore), "Data store", "S"),
        (PaletteItem::Boundary, "Trust boundary", "B"),
    ];
    for (item, label, key) in entries {
        if is_sequence && item == PaletteItem::Boundary {
            continue;
        }
        let tool = match item {
            PaletteItem::Element(kind) => Tool::Place(kind),
            PaletteItem::Boundary => Tool::PlaceBoundary,
        };
        let selected = current == tool;
        let response = ui
            .add_sized([136.0, 28.0], egui::Button::selectable(selected, label))
            .interact(egui::Sense::drag())
            .on_hover_text(format!("Click, then click on the canvas (or drag it there). Key: {key}"));
        // The canvas draws the ghost under the pointer and places the entry where it is
        // released, in that same frame.
        response.dnd_set_drag_payload(item);
        if response.dragged() {
            ui.ctx().set_cursor_icon(egui::CursorIcon::Grabbing);
        }
        if response.clicked() {
            out.push(Action::SetTool(if selected { Tool::Select } else { tool }));
        }
    }
    if !is_sequence {
        let selected = current == Tool::Connect;
        if ui
            .add_sized([136.0, 28.0], egui::Button::selectable(selected, "Data flow"))
            .on_hover_text("Drag from one element to another. Key: C (or drag from an element's edge)")
            .clicked()
        {
            out.push(Action::SetTool(if selected { Tool::Select } else { Tool::Connect }));
        }
    }
    ui.add_space(8.0);
    ui.separator();
    let hint = match current {
        Tool::Select if is_sequence => {
            "Drag from one lifeline to another to add a message. Drag a message up or down to reorder it. \
             Right-click for more. Middle-drag or Space+drag pans."
        }
        Tool::Select => {
            "Drag to move, drag an edge to connect, drag a selected corner to resize, double-click to rename. \
             Right-click for more. Middle-drag or Space+drag pans."
        }
        Tool::Place(_) if is_sequence => "Click on the diagram to add the participant. Esc cancels.",
        Tool::Place(_) => "Click on the canvas to place it. Esc cancels.",
        Tool::PlaceBoundary => "Drag a rectangle around the elements it holds. Esc cancels.",
        Tool::Connect => "Drag from the source element to the target. Esc cancels.",
    };
    ui.label(egui::RichText::new(hint).small().weak());
    out
}

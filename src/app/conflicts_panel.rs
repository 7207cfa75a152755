//! The merge-conflicts panel: shown while the model holds conflicts a merge left (a file
//! written by `threatcanvas merge`), one row per conflict with its base, ours and theirs
//! values. Choosing a side, or keeping what the model holds now (after editing it by hand),
//! resolves the conflict in one undoable step.

use super::action::Action;
use super::record_reveal::reveal_record;
use super::view::Snapshot;
use crate::edit::conflicts::{self, Resolution};
use crate::model::{Conflict, ConflictKey, FieldValue, Side};

/// Draws the panel's contents.
pub fn show(ui: &mut egui::Ui, snapshot: &Snapshot<'_>) -> Vec<Action> {
    let mut out = Vec::new();
    let model = snapshot.model;
    let count = model.conflicts.len();
    ui.horizontal(|ui| {
        ui.heading(format!("Merge conflicts ({count})"));
        for side in [Side::Ours, Side::Theirs] {
            if ui.button(format!("Take all {}", side.label())).clicked() {
                out.push(step(conflicts::resolve_all(model, side)));
            }
        }
    });
    ui.label("Each is one undoable step. Edit the record by hand, then Keep current, to resolve it your way.");
    egui::ScrollArea::vertical().auto_shrink([false, true]).max_height(220.0).show(ui, |ui| {
        egui::Grid::new("conflicts").striped(true).num_columns(5).show(ui, |ui| {
            for heading in ["What", "Base", "Ours", "Theirs", ""] {
                ui.strong(heading);
            }
            ui.end_row();
            for (key, conflict) in &model.conflicts {
                row(ui, snapshot, key, conflict, &mut out);
                ui.end_row();
            }
        });
    });
    out
}

fn row(ui: &mut egui::Ui, snapshot: &Snapshot<'_>, key: &ConflictKey, conflict: &Conflict, out: &mut Vec<Action>) {
    let model = snapshot.model;
    let what = match &key.field {
        Some(field) => format!("{} · {field}", key.record),
        None => format!("{} (kept on one side, deleted on the other)", key.record),
    };
    let reveal = reveal_record(model, snapshot.view.diagram.as_ref(), &key.record);
    let label = ui.add_enabled(reveal.is_some(), egui::Button::new(what).frame(false));
    if label.clicked()
        && let Some(reveal) = reveal
    {
        out.push(Action::Reveal(reveal));
    }
    for side in [Side::Base, Side::Ours, Side::Theirs] {
        ui.label(value_text(key, conflict.value(side)));
    }
    ui.horizontal(|ui| {
        let id = key.to_string();
        for (text, resolution) in [
            ("Ours", Resolution::Take(Side::Ours)),
            ("Theirs", Resolution::Take(Side::Theirs)),
            ("Keep current", Resolution::KeepCurrent),
        ] {
            let button = ui.button(text).on_hover_text(format!("Resolve the conflict on {id}: {text}"));
            if button.clicked() {
                out.push(step(conflicts::resolve(model, key, resolution)));
            }
        }
    });
}

fn value_text(key: &ConflictKey, value: Option<&FieldValue>) -> String {
    match (value, &key.field) {
        (None, None) => "deleted".to_owned(),
        (None, Some(_)) => "(does not apply)".to_owned(),
        (Some(_), None) => "kept".to_owned(),
        (Some(v), Some(_)) => v.to_string(),
    }
}

fn step<E: std::fmt::Display>(result: Result<crate::edit::Transaction, E>) -> Action {
    match result {
        Ok(tx) => Action::Apply(tx),
        Err(e) => Action::Status(e.to_string()),
    }
}

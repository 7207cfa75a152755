//! The changes panel of View ▸ Compare with…: the security-relevant changes first, then every
//! record added, removed or changed (with its fields before and after), then what moved on the
//! shown diagram. Clicking a change selects it and centres it on the canvas; a removed record
//! is drawn ghosted there and cannot be selected.

use super::action::Action;
use super::compare::Comparison;
use super::record_reveal::reveal_record;
use super::view::Snapshot;
use crate::diff::{Change, ChangeKind, RecordChange};

/// Draws the panel's contents.
pub fn show(ui: &mut egui::Ui, snapshot: &Snapshot<'_>, comparison: &Comparison) -> Vec<Action> {
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        ui.heading("Changes");
        if ui.button("Close compare").clicked() {
            out.push(Action::CloseCompare);
        }
    });
    ui.label(format!("Since {}", comparison.against));
    let diff = &comparison.diff;
    if diff.is_empty() {
        ui.label("No differences.");
        return out;
    }
    egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
        if !diff.security.is_empty() {
            ui.strong("Security review");
            for s in &diff.security {
                ui.label(format!("⚠ {}", s.text));
            }
            ui.separator();
        }
        ui.strong(format!("Records ({})", diff.changes.len()));
        for change in &diff.changes {
            entry(ui, snapshot, change, &mut out);
        }
        let current = snapshot.view.diagram.as_ref();
        let here: Vec<&RecordChange> =
            diff.layout.iter().filter(|c| current.is_some() && c.record.diagram() == current).collect();
        if !here.is_empty() {
            ui.separator();
            ui.strong(format!("Layout on this diagram ({})", here.len()));
            for change in here {
                entry(ui, snapshot, change, &mut out);
            }
        }
    });
    out
}

fn entry(ui: &mut egui::Ui, snapshot: &Snapshot<'_>, change: &RecordChange, out: &mut Vec<Action>) {
    let (mark, verb) = match change.change.kind() {
        ChangeKind::Added => ("+", "added"),
        ChangeKind::Removed => ("−", "removed"),
        ChangeKind::Changed => ("~", if change.record.kind().is_layout() { "moved" } else { "changed" }),
    };
    let name = if change.name.is_empty() { String::new() } else { format!(" “{}”", change.name) };
    let text = format!("{mark} {}{name} {verb}", change.record);
    let reveal = match change.change {
        Change::Removed => None,
        _ => reveal_record(snapshot.model, snapshot.view.diagram.as_ref(), &change.record),
    };
    let mut response = ui.add(egui::Button::new(text).frame(false));
    if let Change::Changed(fields) = &change.change {
        let details: Vec<String> = fields
            .iter()
            .map(|f| {
                let show = |v: Option<&crate::model::FieldValue>| v.map_or("(none)".to_owned(), ToString::to_string);
                format!("{}: {} → {}", f.field, show(f.before.as_ref()), show(f.after.as_ref()))
            })
            .collect();
        response = response.on_hover_text(details.join("\n"));
    }
    if response.clicked() {
        out.push(match reveal {
            Some(reveal) => Action::Reveal(reveal),
            None if matches!(change.change, Change::Removed) => {
                Action::Status(format!("{} was removed: it is drawn ghosted where it was", change.record))
            }
            None => Action::Status(format!("No diagram shows {}", change.record)),
        });
    }
}

//! What an import did, and what an export to another tool could not hold, shown after the
//! fact: counts per kind of record (with how many were left out) and every warning, each naming
//! its record by name and by the source file's id, grouped by the kind of decision. Nothing
//! here is a choice to make: the dialogs only close.

use std::path::Path;

use super::action::Action;
use crate::interop::summary::{RecordKind, Summary, Warning, WarningKind};

/// The import summary: what arrived, what was left out and why, and every decision taken.
pub fn import_summary(ctx: &egui::Context, file: &Path, summary: &Summary, escape: bool) -> Vec<Action> {
    let mut close = escape;
    egui::Modal::new(egui::Id::unique("import_summary")).show(ctx, |ui| {
        ui.set_max_width(640.0);
        ui.heading("Import summary");
        ui.label(format!(
            "{} was read as {}. It is open as a new document that is not saved yet: Save As keeps it \
             as a ThreatCanvas model; the original file is never written to.",
            file.display(),
            summary.source_format
        ));
        ui.add_space(6.0);
        counts_grid(ui, summary);
        ui.add_space(6.0);
        warning_list(ui, &summary.warnings, "The import took no decision on your behalf: nothing was left out.");
        close |= ok_button(ui);
    });
    if close { vec![Action::CloseDialog] } else { Vec::new() }
}

/// After an export to Threat Dragon or OTM: what that format cannot hold.
pub fn export_notes(ctx: &egui::Context, file: &Path, format: &str, warnings: &[Warning], escape: bool) -> Vec<Action> {
    let mut close = escape;
    egui::Modal::new(egui::Id::unique("export_notes")).show(ctx, |ui| {
        ui.set_max_width(640.0);
        ui.heading(format!("Exported for {format}"));
        ui.label(format!("{} was written. {format} cannot hold everything in this model:", file.display()));
        ui.add_space(6.0);
        warning_list(ui, warnings, "");
        close |= ok_button(ui);
    });
    if close { vec![Action::CloseDialog] } else { Vec::new() }
}

/// Imported and left-out counts, one row per kind of record.
fn counts_grid(ui: &mut egui::Ui, summary: &Summary) {
    let c = &summary.counts;
    let rows: [(&str, usize, Option<RecordKind>); 9] = [
        ("Elements", c.elements(), Some(RecordKind::Element)),
        ("    processes", c.processes, None),
        ("    external entities", c.external_entities, None),
        ("    data stores", c.data_stores, None),
        ("Data flows", c.flows, Some(RecordKind::Flow)),
        ("Trust boundaries", c.boundaries, Some(RecordKind::Boundary)),
        ("Threats", c.threats, Some(RecordKind::Threat)),
        ("Diagrams", c.diagrams, Some(RecordKind::Diagram)),
        ("Text blocks (in the description)", c.text_blocks, Some(RecordKind::TextBlock)),
    ];
    egui::Grid::new("import_counts").num_columns(3).striped(true).show(ui, |ui| {
        ui.strong("Kind");
        ui.strong("Imported");
        ui.strong("Left out");
        ui.end_row();
        for (label, imported, kind) in rows {
            ui.label(label);
            ui.label(imported.to_string());
            ui.label(kind.map_or_else(String::new, |k| summary.dropped(k).to_string()));
            ui.end_row();
        }
    });
}

/// Every warning, grouped by the kind of decision, each naming its record; scrolls when long.
fn warning_list(ui: &mut egui::Ui, warnings: &[Warning], when_empty: &str) {
    if warnings.is_empty() {
        if !when_empty.is_empty() {
            ui.label(when_empty);
        }
        return;
    }
    let count = warnings.len();
    ui.strong(format!("{count} warning{}:", if count == 1 { "" } else { "s" }));
    let mut kinds: Vec<WarningKind> = warnings.iter().map(|w| w.kind).collect();
    kinds.sort();
    kinds.dedup();
    egui::ScrollArea::vertical().min_scrolled_height(240.0).max_height(360.0).auto_shrink([false, true]).show(
        ui,
        |ui| {
            for kind in kinds {
                ui.label(egui::RichText::new(group_title(kind)).italics());
                for w in warnings.iter().filter(|w| w.kind == kind) {
                    ui.label(format!("• {w}"));
                }
            }
        },
    );
}

/// The heading of a group of warnings.
fn group_title(kind: WarningKind) -> String {
    match kind {
        WarningKind::Dropped(what) => format!("Left out ({}):", what.label()),
        WarningKind::FlowEndAttached => "Flow ends attached to the element under them:".to_owned(),
        WarningKind::UnknownValue => "Values read as the nearest one we know:".to_owned(),
        WarningKind::Membership => "Trust-boundary membership decided:".to_owned(),
        WarningKind::Adjusted => "Changed to fit the model:".to_owned(),
        WarningKind::NotRead => "Not read (the model has no place for it):".to_owned(),
    }
}

/// OK, with the keyboard on it so Enter closes.
fn ok_button(ui: &mut egui::Ui) -> bool {
    ui.add_space(6.0);
    let ok = ui.button("OK");
    if ui.memory(|m| m.focused().is_none()) {
        ok.request_focus();
    }
    ok.clicked()
}

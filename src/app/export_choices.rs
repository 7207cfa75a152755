//! The export options the user picks in the export dialog (scale, page, theme, legend, only the
//! selection), remembered in the settings between exports and between runs. This is the
//! widget half: it draws the choices and proposes new ones; the applier turns them into the
//! exporter's options.

use super::action::Action;
use super::picture_choices::{ExportChoices, PageChoice, SCALE_RANGE};

/// Draws the choices; proposes [`Action::SetExportChoices`] when the user changes one.
/// `has_selection` enables "Only the selection".
pub fn show(ui: &mut egui::Ui, current: &ExportChoices, has_selection: bool) -> Vec<Action> {
    let mut choices = current.clone();
    ui.add_space(4.0);
    egui::Grid::new("export_choices").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
        let label = ui.label("Scale (PNG pixels per unit):");
        ui.add(egui::DragValue::new(&mut choices.scale).range(SCALE_RANGE).speed(0.05).max_decimals(2))
            .labelled_by(label.id);
        ui.end_row();
        ui.label("Background:");
        ui.horizontal(|ui| {
            ui.radio_value(&mut choices.page, PageChoice::Theme, "Theme's page");
            ui.radio_value(&mut choices.page, PageChoice::White, "White");
            ui.radio_value(&mut choices.page, PageChoice::Transparent, "Transparent");
        });
        ui.end_row();
        ui.label("Theme:");
        ui.horizontal(|ui| {
            ui.radio_value(&mut choices.dark, false, "Light");
            ui.radio_value(&mut choices.dark, true, "Dark");
        });
        ui.end_row();
    });
    ui.checkbox(&mut choices.legend, "Legend below the diagram");
    ui.add_enabled(has_selection, egui::Checkbox::new(&mut choices.selection_only, "Only the selection"))
        .on_disabled_hover_text("Select elements, flows or boundaries first");
    if choices == *current { Vec::new() } else { vec![Action::SetExportChoices(choices)] }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_missing_from_old_settings_take_their_defaults() {
        let read: ExportChoices = serde_json::from_str(r#"{"legend": true}"#).expect("reads");
        assert_eq!(read, ExportChoices { legend: true, ..ExportChoices::default() });
        let back: ExportChoices = serde_json::from_str(&serde_json::to_string(&read).expect("writes")).expect("reads");
        assert_eq!(back, read);
    }
}

//! The export options the user picks in the export dialog (scale, page, theme, legend, only the
//! selection), remembered in the settings between exports and between runs. This is the
//! widget half: it draws the choices and proposes new ones; the applier turns them into the
//! exporter's options.

use serde::{Deserialize, Serialize};

use super::action::Action;

/// The page behind an exported picture, as the dialog offers it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageChoice {
    /// The theme's own page colour.
    #[default]
    Theme,
    /// White, whatever the theme.
    White,
    /// No page: for pasting onto a coloured slide.
    Transparent,
}

/// What the export dialog remembers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportChoices {
    /// PNG (and copied picture) pixels per diagram unit.
    pub scale: f32,
    /// The page behind the diagram.
    pub page: PageChoice,
    /// Light ink on a dark page.
    pub dark: bool,
    /// A key to the notation below the diagram.
    pub legend: bool,
    /// Export only the selected records, when something is selected.
    pub selection_only: bool,
}

impl Default for ExportChoices {
    fn default() -> Self {
        Self { scale: 2.0, page: PageChoice::Theme, dark: false, legend: false, selection_only: false }
    }
}

/// Smallest and largest scale offered (the CLI accepts the same range).
pub const SCALE_RANGE: std::ops::RangeInclusive<f32> = 0.25..=16.0;

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

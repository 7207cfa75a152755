//! What the export dialog remembers between exports and runs: plain data, which the settings
//! store, the dialog edits and the applier turns into the exporter's options.

use serde::{Deserialize, Serialize};

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

//! What an export looks like: one set of options shared by SVG, PNG and PDF, so a slide made
//! from any of them shows the same picture.

use std::collections::BTreeSet;

use crate::scene::{Color, Owner, Style};

/// The page behind the diagram.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Background {
    /// No page at all: the picture sits on whatever slide or document it is pasted into.
    Transparent,
    /// Plain white, whatever the theme: what printed documents expect.
    White,
    /// The theme's own page colour (white for light, near-black for dark).
    #[default]
    Theme,
}

/// The colours of the notation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Dark ink on a light page.
    #[default]
    Light,
    /// Light ink on a dark page, for dark slide decks.
    Dark,
}

impl Theme {
    /// The scene style of this theme.
    #[must_use]
    pub const fn style(self) -> Style {
        match self {
            Self::Light => Style::light(),
            Self::Dark => Style::dark(),
        }
    }
}

/// How to export a diagram. `ExportOptions::default()` is what `threatcanvas export` does
/// without flags: the whole diagram, light theme, the theme's page, no legend, scale 2.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportOptions {
    /// PNG pixels per diagram unit. A picture that would pass the pixel limit at this scale
    /// is drawn at the largest scale that fits instead. SVG and PDF are vector and ignore it.
    pub scale: f32,
    /// The page behind the diagram.
    pub background: Background,
    /// The colours of the notation.
    pub theme: Theme,
    /// Add a key to the notation below the diagram, for readers who do not know DFDs.
    pub legend: bool,
    /// Only these records (the app's selection); `None` exports the whole diagram. Selecting
    /// an element brings its sequence lifeline along.
    pub selection: Option<BTreeSet<Owner>>,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            scale: DEFAULT_SCALE,
            background: Background::Theme,
            theme: Theme::Light,
            legend: false,
            selection: None,
        }
    }
}

/// The default PNG scale: sharp on high-density screens and projectors.
pub const DEFAULT_SCALE: f32 = 2.0;

impl ExportOptions {
    /// The page colour, or `None` for a transparent picture.
    #[must_use]
    pub fn page(&self) -> Option<Color> {
        match self.background {
            Background::Transparent => None,
            Background::White => Some(Color::rgb(255, 255, 255)),
            Background::Theme => Some(self.theme.style().background),
        }
    }
}

//! Colours and sizes of the notation, for a light and a dark theme.

use crate::model::Severity;

/// An sRGB colour with alpha.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Color {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Opacity, 255 = opaque.
    pub a: u8,
}

impl Color {
    /// An opaque colour.
    #[must_use]
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b, a: 255 }
    }

    /// A colour with opacity.
    #[must_use]
    pub const fn rgba(r: u8, g: u8, b: u8, a: u8) -> Self {
        Self { r, g, b, a }
    }

    /// `#rrggbb`, for SVG.
    #[must_use]
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// Opacity from 0 to 1.
    #[must_use]
    pub fn opacity(self) -> f32 {
        f32::from(self.a) / 255.0
    }
}

/// The look of the notation. Exports use [`Style::light`]; the canvas follows the app theme.
#[derive(Clone, Debug, PartialEq)]
pub struct Style {
    /// Page background.
    pub background: Color,
    /// Element outlines and arrows.
    pub ink: Color,
    /// Secondary text: numbers, guards, kinds.
    pub muted: Color,
    /// Process fill.
    pub process_fill: Color,
    /// External entity fill.
    pub entity_fill: Color,
    /// Data store fill.
    pub store_fill: Color,
    /// Trust boundary outline and label.
    pub boundary: Color,
    /// Trust boundary region fill.
    pub boundary_fill: Color,
    /// Background behind flow labels, so they stay legible over lines.
    pub label_background: Color,
    /// Note fill.
    pub note_fill: Color,
    /// Open-threat badges by the highest open severity, in [`Severity::ALL`] order (unrated,
    /// low, medium, high, critical): grey, blue, orange, red, crimson.
    pub threat_badges: [Color; 5],
    /// Text on the badge.
    pub badge_text: Color,
    /// Marks of protection: the padlock of an encrypted flow, the shield of an authenticated one.
    pub secure: Color,
    /// A flow that carries data across a trust boundary unencrypted.
    pub warning: Color,
    /// Element names.
    pub text_size: f32,
    /// Flow and message labels.
    pub label_size: f32,
    /// Small print: kinds, numbers, guards.
    pub small_size: f32,
    /// Margin around the picture.
    pub margin: f32,
}

impl Style {
    /// Dark ink on white: exports and the light theme.
    #[must_use]
    pub const fn light() -> Self {
        Self {
            background: Color::rgb(255, 255, 255),
            ink: Color::rgb(38, 50, 56),
            muted: Color::rgb(96, 108, 118),
            process_fill: Color::rgb(227, 239, 252),
            entity_fill: Color::rgb(255, 243, 224),
            store_fill: Color::rgb(232, 245, 233),
            boundary: Color::rgb(198, 40, 40),
            boundary_fill: Color::rgba(198, 40, 40, 14),
            label_background: Color::rgba(255, 255, 255, 225),
            note_fill: Color::rgb(255, 249, 196),
            threat_badges: [
                Color::rgb(117, 117, 117),
                Color::rgb(21, 101, 192),
                Color::rgb(216, 84, 0),
                Color::rgb(211, 47, 47),
                Color::rgb(136, 14, 79),
            ],
            badge_text: Color::rgb(255, 255, 255),
            secure: Color::rgb(46, 125, 50),
            warning: Color::rgb(214, 96, 0),
            text_size: 14.0,
            label_size: 12.0,
            small_size: 11.0,
            margin: 32.0,
        }
    }

    /// Light ink on a dark page: the dark theme.
    #[must_use]
    pub const fn dark() -> Self {
        Self {
            background: Color::rgb(30, 32, 36),
            ink: Color::rgb(220, 226, 232),
            muted: Color::rgb(150, 160, 170),
            process_fill: Color::rgb(33, 55, 82),
            entity_fill: Color::rgb(74, 56, 30),
            store_fill: Color::rgb(34, 64, 40),
            boundary: Color::rgb(239, 112, 112),
            boundary_fill: Color::rgba(239, 112, 112, 18),
            label_background: Color::rgba(30, 32, 36, 225),
            note_fill: Color::rgb(84, 78, 40),
            threat_badges: [
                Color::rgb(120, 126, 132),
                Color::rgb(52, 120, 220),
                Color::rgb(222, 100, 10),
                Color::rgb(229, 83, 83),
                Color::rgb(194, 24, 91),
            ],
            badge_text: Color::rgb(255, 255, 255),
            secure: Color::rgb(129, 199, 132),
            warning: Color::rgb(255, 167, 38),
            ..Self::light()
        }
    }
}

impl Style {
    /// The colour of a badge whose highest open severity is `severity`.
    #[must_use]
    pub const fn badge_color(&self, severity: Severity) -> Color {
        self.threat_badges[match severity {
            Severity::Unrated => 0,
            Severity::Low => 1,
            Severity::Medium => 2,
            Severity::High => 3,
            Severity::Critical => 4,
        }]
    }
}

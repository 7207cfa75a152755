//! How big a model may get: limits that are part of what a valid model is, so the editor, the
//! loader and every importer enforce the same ones.

/// Longest name, title or guard, in characters.
pub const MAX_NAME_CHARS: usize = 1_000;
/// Longest description, mitigation or other free text, in characters.
pub const MAX_TEXT_CHARS: usize = 100_000;

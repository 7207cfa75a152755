//! How big a model may get: limits that are part of what a valid model is, so the editor, the
//! loader and every importer enforce the same ones.

/// Longest name, title or guard, in characters.
pub const MAX_NAME_CHARS: usize = 1_000;
/// Longest description, mitigation or other free text, in characters.
pub const MAX_TEXT_CHARS: usize = 100_000;
/// The longest rule id (of a threat-library rule or a check), in bytes.
pub const MAX_RULE_ID_LEN: usize = 64;
/// The longest link a threat reference may hold, in bytes: far beyond any real URL, short of
/// abuse.
pub const MAX_LINK_LEN: usize = 2_048;
/// The most references one threat may carry.
pub const MAX_REFERENCES: usize = 100;

//! ThreatCanvas: a desktop threat-modeling diagram editor.
//!
//! The library holds everything but argument parsing: the model and its file format, undoable
//! edits, the scene description that both the canvas and the exporters draw, and the app.

pub mod app;
pub mod cli;
pub mod diff;
pub mod document;
pub mod edit;
pub mod export;
pub mod format;
pub mod interop;
pub mod layout;
pub mod merge;
pub mod model;
pub mod plural;
pub mod report;
pub mod rules;
pub mod scene;
pub mod threats;

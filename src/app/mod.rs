//! The desktop app (eframe).

use std::path::Path;
use std::process::ExitCode;

/// Opens the editor window on `file`.
#[must_use]
pub fn run(file: Option<&Path>) -> ExitCode {
    let _ = file;
    eprintln!("error: the editor window is not built yet");
    ExitCode::from(2)
}

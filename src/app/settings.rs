//! What the app remembers between runs: the recently opened files. Kept in a small JSON file
//! in the user's config folder, never in the model.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Most recent files listed.
const MAX_RECENT: usize = 10;

/// Remembered settings.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Settings {
    /// Most recent first.
    #[serde(default)]
    pub recent: Vec<PathBuf>,
    /// Dark theme.
    #[serde(default)]
    pub dark: bool,
    /// The export dialog's choices, remembered between exports.
    #[serde(default)]
    pub export: super::picture_choices::ExportChoices,
    /// Where this was loaded from; `None` keeps everything in memory (tests).
    #[serde(skip)]
    pub file: Option<PathBuf>,
}

impl Settings {
    /// The default settings file: `$THREATCANVAS_CONFIG_DIR`, else `$XDG_CONFIG_HOME`, else
    /// `~/.config`, then `threatcanvas/settings.json`.
    #[must_use]
    pub fn default_file() -> Option<PathBuf> {
        if let Some(dir) = std::env::var_os("THREATCANVAS_CONFIG_DIR") {
            return Some(PathBuf::from(dir).join("settings.json"));
        }
        let base = std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
        Some(base.join("threatcanvas").join("settings.json"))
    }

    /// Loads settings from `file`; a missing or broken file gives defaults (settings are a
    /// convenience, never a reason not to start).
    #[must_use]
    pub fn load(file: Option<PathBuf>) -> Self {
        let mut settings: Self = file
            .as_deref()
            .and_then(|f| std::fs::read(f).ok())
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        settings.file = file;
        settings
    }

    /// Writes the settings back, quietly ignoring failures (e.g. a read-only home).
    pub fn save(&self) {
        let Some(file) = &self.file else { return };
        if let Some(dir) = file.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Ok(text) = serde_json::to_string_pretty(self) {
            let _ = crate::format::write_atomically(file, text.as_bytes());
        }
    }

    /// Puts `path` at the top of the recent list.
    pub fn add_recent(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
        self.save();
    }
}

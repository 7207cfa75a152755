//! An open model: the model, its undo history, where it lives on disk, and whether it has
//! unsaved changes.

use std::path::{Path, PathBuf};

use crate::edit::{EditError, History, Transaction, commands};
use crate::format::{self, LoadError, SaveError};
use crate::model::{DiagramId, Model};

/// The model being edited.
pub struct Document {
    /// The model. Change it only through [`Document::execute`], so undo stays complete.
    pub model: Model,
    /// Undo and redo.
    pub history: History,
    /// Where it was opened from or last saved to; `None` for a new model.
    pub path: Option<PathBuf>,
    /// The history state at the last save.
    saved_state: u64,
    /// Counts every change, so views can cache what they draw.
    pub revision: u64,
}

impl Document {
    /// A new model with one empty data-flow diagram.
    #[must_use]
    pub fn new_model() -> Self {
        let mut model = Model::default();
        model.meta.title = "Untitled threat model".to_owned();
        let (_, tx) = commands::add_diagram(&model, "Data-flow diagram", false);
        let _ = crate::edit::apply_all(&mut model, tx.edits);
        Self::from_model(model, None)
    }

    /// Wraps a loaded model.
    #[must_use]
    pub fn from_model(model: Model, path: Option<PathBuf>) -> Self {
        Self { model, history: History::new(), path, saved_state: 0, revision: 0 }
    }

    /// Opens the file at `path`. On error nothing is kept: a file that could not be read is
    /// never associated with a document, so it can never be saved over.
    ///
    /// # Errors
    /// The [`LoadError`] naming the file and the fault.
    pub fn open(path: &Path) -> Result<Self, LoadError> {
        let model = format::load_file(path)?;
        Ok(Self::from_model(model, Some(path.to_path_buf())))
    }

    /// Whether there are changes since the last save (undoing back to it counts as none).
    #[must_use]
    pub fn is_dirty(&self) -> bool {
        self.history.state() != self.saved_state
    }

    /// Applies a user action as one undo step.
    ///
    /// # Errors
    /// [`EditError`] for a stale edit; the model is unchanged.
    pub fn execute(&mut self, tx: Transaction) -> Result<(), EditError> {
        if tx.is_empty() {
            return Ok(());
        }
        self.history.execute(&mut self.model, tx)?;
        self.revision += 1;
        Ok(())
    }

    /// Undoes the last step.
    pub fn undo(&mut self) -> Option<String> {
        let label = self.history.undo(&mut self.model);
        self.revision += 1;
        label
    }

    /// Redoes the last undone step.
    pub fn redo(&mut self) -> Option<String> {
        let label = self.history.redo(&mut self.model);
        self.revision += 1;
        label
    }

    /// Rolls back an open gesture.
    pub fn cancel_gesture(&mut self) {
        self.history.cancel_gesture(&mut self.model);
        self.revision += 1;
    }

    /// Saves to `path` atomically and remembers it.
    ///
    /// # Errors
    /// The [`SaveError`]; the file on disk is then unchanged.
    pub fn save_to(&mut self, path: &Path) -> Result<(), SaveError> {
        // Never write a file ThreatCanvas could not open again.
        let text = format::to_canonical_string(&self.model);
        if let Err(e) = format::load_bytes(text.as_bytes(), &path.display().to_string()) {
            let message = format!(
                "the model would not load back, so nothing was written ({e}); undo the last change and save again"
            );
            return Err(SaveError { file: path.display().to_string(), source: std::io::Error::other(message) });
        }
        format::write_atomically(path, text.as_bytes())?;
        self.path = Some(path.to_path_buf());
        self.saved_state = self.history.state();
        Ok(())
    }

    /// The file name, or "Untitled" for a new model.
    #[must_use]
    pub fn display_name(&self) -> String {
        self.path
            .as_ref()
            .and_then(|p| p.file_name())
            .map_or_else(|| "Untitled".to_owned(), |n| n.to_string_lossy().into_owned())
    }

    /// The first diagram, if any.
    #[must_use]
    pub fn first_diagram(&self) -> Option<DiagramId> {
        self.model.diagrams.first().map(|d| d.id.clone())
    }
}

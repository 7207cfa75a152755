//! An open model: the model, its undo history, where it lives on disk, and whether it has
//! unsaved changes. The model is private: the only ways to change it are [`Document::execute`],
//! undo, redo and the gesture calls, so undo stays complete.

use std::path::{Path, PathBuf};

use crate::document::Fingerprint;
use crate::edit::{ChangeLog, EditError, History, Touch, Transaction};
use crate::format::{self, LoadError, SaveError};
use crate::model::{DfdView, Diagram, DiagramId, DiagramView, Model};

/// The model being edited.
pub struct Document {
    model: Model,
    history: History,
    /// Where it was opened from or last saved to; `None` for a new model.
    path: Option<PathBuf>,
    /// The history state at the last save; `None` for an import never saved, which counts as
    /// unsaved changes until it is.
    saved_state: Option<u64>,
    /// The other tool's file an unsaved import came from (never written to).
    imported_from: Option<PathBuf>,
    /// Counts every change, so views can cache what they draw.
    revision: u64,
    /// What the recent changes touched, so views can redraw just that.
    changes: ChangeLog,
    /// What the file looked like when it was opened or last saved: Save checks it is still so.
    disk: Option<Fingerprint>,
}

impl Document {
    /// A new model with one empty data-flow diagram.
    #[must_use]
    pub fn new_model() -> Self {
        let mut model = Model::default();
        "Untitled threat model".clone_into(&mut model.meta.title);
        model.diagrams.push(Diagram {
            id: DiagramId::generate(),
            name: "Data-flow diagram".to_owned(),
            view: DiagramView::Dfd(DfdView::default()),
        });
        Self::from_model(model, None)
    }

    /// Wraps a loaded model.
    #[must_use]
    pub fn from_model(model: Model, path: Option<PathBuf>) -> Self {
        Self {
            model,
            history: History::new(),
            path,
            saved_state: Some(0),
            imported_from: None,
            revision: 0,
            changes: ChangeLog::default(),
            disk: None,
        }
    }

    /// Work restored from a recovery file: unsaved, belonging to `path` (if it had a file) as
    /// that file was (`disk`), so Save still notices the file changed since.
    #[must_use]
    pub fn restored(model: Model, path: Option<PathBuf>, disk: Option<Fingerprint>) -> Self {
        Self { saved_state: None, disk, ..Self::from_model(model, path) }
    }

    /// A model imported from another tool's file at `source`: a new document with no file of
    /// its own (Save asks where, so the source is never written over) and no undo history,
    /// counted as unsaved so closing it asks first.
    #[must_use]
    pub fn imported(model: Model, source: &Path) -> Self {
        Self { saved_state: None, imported_from: Some(source.to_path_buf()), ..Self::from_model(model, None) }
    }

    /// The file an unsaved import came from.
    #[must_use]
    pub fn imported_from(&self) -> Option<&Path> {
        self.imported_from.as_deref()
    }

    /// Opens the file at `path`. On error nothing is kept: a file that could not be read is
    /// never associated with a document, so it can never be saved over.
    ///
    /// # Errors
    /// The [`LoadError`] naming the file and the fault.
    pub fn open(path: &Path) -> Result<Self, LoadError> {
        let bytes = format::read_file(path)?;
        let meta = std::fs::metadata(path).ok();
        let model = format::load_bytes(&bytes, &path.display().to_string())?;
        let disk = Some(Fingerprint::of_bytes(&bytes, meta.as_ref()));
        Ok(Self { disk, ..Self::from_model(model, Some(path.to_path_buf())) })
    }

    /// Reads the file again and makes the model what it now holds, as one undo step called
    /// "Reload from disk": Undo gives back the version the reload replaced, unsaved work
    /// included. Afterwards the document counts as saved (it is what the file holds). Returns
    /// whether the model changed; with no file, or during a gesture, nothing happens.
    ///
    /// # Errors
    /// The [`LoadError`] naming the file; the model and its history are then unchanged.
    pub fn reload(&mut self) -> Result<bool, LoadError> {
        let Some(path) = self.path.clone() else { return Ok(false) };
        if self.history.in_gesture() {
            return Ok(false);
        }
        let bytes = format::read_file(&path)?;
        let meta = std::fs::metadata(&path).ok();
        let model = format::load_bytes(&bytes, &path.display().to_string())?;
        let tx = crate::edit::commands::replace_model(&self.model, &model, "Reload from disk");
        let changed = self.execute(tx).map_err(|e| LoadError::Read {
            file: path.display().to_string(),
            source: std::io::Error::other(format!("the model could not take the file's version: {e}")),
        })?;
        self.disk = Some(Fingerprint::of_bytes(&bytes, meta.as_ref()));
        self.imported_from = None;
        self.saved_state = Some(self.history.state());
        Ok(changed)
    }

    /// What the file looked like when it was opened or last saved.
    #[must_use]
    pub const fn disk(&self) -> Option<Fingerprint> {
        self.disk
    }

    /// Whether the file on disk is no longer the one opened or last saved (someone changed or
    /// replaced it). A file that is gone counts as unchanged: saving writes it again.
    #[must_use]
    pub fn changed_on_disk(&self) -> bool {
        match (&self.path, &self.disk) {
            (Some(path), Some(disk)) => path.exists() && !disk.matches_file(path),
            _ => false,
        }
    }

    /// The model, to read.
    #[must_use]
    pub const fn model(&self) -> &Model {
        &self.model
    }

    /// Where the document was opened from or last saved to.
    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Counts every change of the model.
    #[must_use]
    pub const fn revision(&self) -> u64 {
        self.revision
    }

    /// What the recent changes touched.
    #[must_use]
    pub const fn changes(&self) -> &ChangeLog {
        &self.changes
    }

    /// Whether there are changes since the last save (undoing back to it counts as none).
    #[must_use]
    pub fn is_dirty(&self) -> bool {
        self.saved_state != Some(self.history.state())
    }

    /// Applies a user action as one undo step (or part of the open gesture); returns whether
    /// the model changed.
    ///
    /// # Errors
    /// [`EditError`] for a stale edit; the model is unchanged.
    pub fn execute(&mut self, tx: Transaction) -> Result<bool, EditError> {
        if tx.is_empty() {
            return Ok(false);
        }
        let touched = Touch::all(&tx.edits);
        let changed = self.history.execute(&mut self.model, tx)?;
        if changed {
            self.revision += 1;
            self.changes.record(self.revision, touched);
        }
        Ok(changed)
    }

    /// What the last undo or redo changed.
    #[must_use]
    pub fn last_touched(&self) -> &[Touch] {
        self.history.last_touched()
    }

    /// Undoes the last step; returns its label, or `None` if there was nothing to undo.
    ///
    /// # Errors
    /// [`EditError`] if the step cannot apply; the model is unchanged and the step kept.
    pub fn undo(&mut self) -> Result<Option<String>, EditError> {
        let label = self.history.undo(&mut self.model);
        self.revision += 1;
        self.changes.record_everything(self.revision);
        label
    }

    /// Redoes the last undone step; returns its label, or `None` if there was nothing to redo.
    ///
    /// # Errors
    /// [`EditError`] if the step cannot apply; the model is unchanged and the step kept.
    pub fn redo(&mut self) -> Result<Option<String>, EditError> {
        let label = self.history.redo(&mut self.model);
        self.revision += 1;
        self.changes.record_everything(self.revision);
        label
    }

    /// What Undo would take back.
    #[must_use]
    pub fn undo_label(&self) -> Option<&str> {
        self.history.undo_label()
    }

    /// What Redo would apply.
    #[must_use]
    pub fn redo_label(&self) -> Option<&str> {
        self.history.redo_label()
    }

    /// Starts merging transactions into one step called `label`.
    pub fn begin_gesture(&mut self, label: impl Into<String>) {
        self.history.begin_gesture(label);
    }

    /// Stops merging.
    pub fn end_gesture(&mut self) {
        self.history.end_gesture(&mut self.model);
        self.revision += 1;
        self.changes.record_everything(self.revision);
    }

    /// Whether a gesture is open.
    #[must_use]
    pub fn in_gesture(&self) -> bool {
        self.history.in_gesture()
    }

    /// Rolls back an open gesture.
    ///
    /// # Errors
    /// [`EditError`] if the gesture's step cannot apply; the model is unchanged.
    pub fn cancel_gesture(&mut self) -> Result<(), EditError> {
        let result = self.history.cancel_gesture(&mut self.model);
        self.revision += 1;
        self.changes.record_everything(self.revision);
        result
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
        let meta = std::fs::metadata(path).ok();
        self.disk = Some(Fingerprint::of_bytes(text.as_bytes(), meta.as_ref()));
        self.path = Some(path.to_path_buf());
        self.imported_from = None;
        self.saved_state = Some(self.history.state());
        Ok(())
    }

    /// The file name; for an unsaved import, the source's name marked "(imported)"; else
    /// "Untitled".
    #[must_use]
    pub fn display_name(&self) -> String {
        let name = |p: &PathBuf| p.file_name().map(|n| n.to_string_lossy().into_owned());
        match (self.path.as_ref().and_then(name), self.imported_from.as_ref().and_then(name)) {
            (Some(own), _) => own,
            (None, Some(source)) => format!("{source} (imported)"),
            (None, None) => "Untitled".to_owned(),
        }
    }

    /// The first diagram, if any.
    #[must_use]
    pub fn first_diagram(&self) -> Option<DiagramId> {
        self.model.diagrams.first().map(|d| d.id.clone())
    }
}

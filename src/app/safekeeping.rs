//! Keeping work from being lost, in the editor: autosave to a recovery file, the recovery offer
//! at start, noticing the open file changed on disk, refusing to save over a newer file
//! silently, and locks between windows. The files themselves are [`crate::document`]'s; this
//! decides when to write, what to ask, and applies the answers.
//!
//! - Unsaved work is written to the document's recovery file [`AUTOSAVE_DELAY_SECS`] after the
//!   last change, and at once before opening another file or reloading; saving, closing the
//!   model or quitting cleanly removes it.
//! - Every [`DISK_POLL_SECS`] (and when the window gets the focus) the open file's size and
//!   time are compared with what was last seen; a real change (the content hash differs)
//!   reloads a document without unsaved changes, or asks otherwise.

use std::path::{Path, PathBuf};

use super::action::{PathPurpose, Pending, Safekeeping};
use super::dialogs::Dialog;
use super::safekeeping_dialogs::{RecoveryOffer, SafeDialog};
use super::{Document, Editor};
use crate::document::{Fingerprint, Lock, LockState, RecoveryFile, RecoveryStore};

/// Seconds after the last change before unsaved work is written to the recovery file.
pub const AUTOSAVE_DELAY_SECS: f64 = 2.0;
/// Seconds between looks at the open file on disk.
pub const DISK_POLL_SECS: f64 = 1.0;

/// The editor's safekeeping state.
#[derive(Debug, Default)]
pub(super) struct Keeping {
    /// Where recovery files and locks live; `None` keeps nothing (tests without a state folder).
    state_dir: Option<PathBuf>,
    /// This document's recovery file, once written (or taken over by a restore).
    recovery: Option<RecoveryFile>,
    /// The document revision the recovery file holds.
    written_revision: Option<u64>,
    /// The revision seen last frame, and when (egui time) it changed.
    seen_revision: u64,
    changed_at: f64,
    /// The lock on the open file, when we hold it.
    lock: Option<Lock>,
    /// Save is refused: the file is open in another window.
    read_only: bool,
    /// The file on disk as last seen (loaded, saved, or changed and told about).
    seen: Option<Fingerprint>,
    /// The file has gone from disk and the status bar said so.
    missing_told: bool,
    next_poll: f64,
    was_focused: bool,
    /// A file the user chose to open although another window holds it.
    open_anyway: Option<PathBuf>,
    /// What to do after a save that the "overwrite?" question interrupted.
    pub(super) after_save: Option<Pending>,
    /// The window is closing cleanly: the unsaved work was discarded, never write it again.
    closed: bool,
}

impl Editor {
    /// The same editor keeping recovery files and locks in `state_dir` (see
    /// [`crate::document::state_dir`]): locks the open file (asking if another window holds
    /// it) and offers unsaved work left by windows that no longer run.
    #[must_use]
    pub fn keeping_work_in(mut self, state_dir: Option<PathBuf>) -> Self {
        self.keeping.state_dir = state_dir;
        self.keeping.seen = self.doc.disk();
        if let (Some(dir), Some(path)) = (self.keeping.state_dir.clone(), self.doc.path().map(Path::to_path_buf))
            && let LockState::Held(owner) = Lock::inspect(&dir, &path)
        {
            self.dialog =
                Some(Dialog::Safekeeping(SafeDialog::Locked { path, owner: owner.describe(), startup: true }));
        } else {
            self.take_lock();
        }
        let offers = self.recovery_offers();
        if offers.is_empty() {
            return self;
        }
        if self.dialog.is_none() {
            self.dialog = Some(Dialog::Safekeeping(SafeDialog::Recover(offers)));
        } else {
            "Unsaved work from an earlier session waits: File > Recover Unsaved Work…".clone_into(&mut self.status);
        }
        self
    }

    /// Whether Save is refused because the file is open in another window.
    #[must_use]
    pub const fn is_read_only(&self) -> bool {
        self.keeping.read_only
    }

    /// Writes the recovery file now if there is unsaved work it does not hold yet. Runs by
    /// itself a few seconds after the last change and before risky operations.
    pub fn write_recovery_now(&mut self) {
        let Some(store) = self.recovery_store() else { return };
        let revision = self.doc.revision();
        if !self.doc.is_dirty() || self.keeping.written_revision == Some(revision) {
            return;
        }
        let file = self.keeping.recovery.get_or_insert_with(|| store.new_file()).clone();
        self.keeping.written_revision = Some(revision);
        if let Err(e) = store.write(&file, self.doc.model(), self.doc.path(), self.doc.disk()) {
            self.status = format!("Could not keep a recovery copy: {e}");
        }
    }

    /// The recovery file of the open document, if one was written.
    #[must_use]
    pub fn recovery_file(&self) -> Option<&Path> {
        self.keeping.recovery.as_ref().map(RecoveryFile::path).filter(|p| p.exists())
    }

    fn recovery_store(&self) -> Option<RecoveryStore> {
        self.keeping.state_dir.as_deref().map(RecoveryStore::new)
    }

    fn recovery_offers(&self) -> Vec<RecoveryOffer> {
        let headers = self.recovery_store().map(|s| s.orphans()).unwrap_or_default();
        headers
            .into_iter()
            .map(|offer| {
                let c = offer.counts;
                RecoveryOffer {
                    place: offer.source.as_ref().map_or_else(|| "untitled".to_owned(), |p| p.display().to_string()),
                    summary: format!(
                        "Written {} · {} diagrams · {} elements · {} flows · {} boundaries · {} threats",
                        offer.written_text(),
                        c.diagrams,
                        c.elements,
                        c.flows,
                        c.boundaries,
                        c.threats
                    ),
                    title: offer.title,
                    file: offer.file,
                }
            })
            .collect()
    }

    /// Once a frame, after the actions: autosave when due, and look at the file on disk.
    pub(super) fn keep_safe(&mut self, ctx: &egui::Context) {
        let (now, focused) = ctx.input(|i| (i.time, i.focused));
        if self.keeping.closed {
            return;
        }
        let revision = self.doc.revision();
        if revision != self.keeping.seen_revision {
            self.keeping.seen_revision = revision;
            self.keeping.changed_at = now;
        }
        if self.keeping.state_dir.is_some() {
            if self.doc.is_dirty() {
                if self.keeping.written_revision != Some(revision) {
                    let due = self.keeping.changed_at + AUTOSAVE_DELAY_SECS;
                    if now >= due {
                        self.write_recovery_now();
                    } else {
                        ctx.request_repaint_after(std::time::Duration::from_secs_f64(due - now));
                    }
                }
            } else {
                // Saved, or undone back to the saved state: nothing to recover.
                self.forget_recovery();
            }
        }
        let regained_focus = focused && !self.keeping.was_focused;
        self.keeping.was_focused = focused;
        if self.doc.path().is_some() {
            if now >= self.keeping.next_poll || regained_focus {
                self.keeping.next_poll = now + DISK_POLL_SECS;
                self.look_at_disk();
            }
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(DISK_POLL_SECS));
        }
    }

    /// Compares the open file with what was last seen; reloads or asks on a real change.
    fn look_at_disk(&mut self) {
        let Some(path) = self.doc.path().map(Path::to_path_buf) else { return };
        // A question is open: ask about the disk once it is answered.
        // Nor in the middle of a drag: the file is looked at again once it ends.
        if self.dialog.is_some() || self.doc.in_gesture() || self.keeping.seen.is_some_and(|s| s.matches_file(&path)) {
            return;
        }
        let now = match Fingerprint::of_file(&path) {
            Ok(Some(now)) => now,
            Ok(None) => {
                if !self.keeping.missing_told && self.keeping.seen.is_some() {
                    self.status = format!("{} is no longer on disk; Save writes it again", path.display());
                    self.keeping.missing_told = true;
                }
                return;
            }
            Err(_) => return,
        };
        self.keeping.missing_told = false;
        let same_content = |f: Option<Fingerprint>| f.is_some_and(|f| f.hash == now.hash && f.len == now.len);
        let unchanged = same_content(self.keeping.seen) || same_content(self.doc.disk());
        self.keeping.seen = Some(now);
        if unchanged {
            return;
        }
        if self.doc.is_dirty() {
            self.dialog = Some(Dialog::Safekeeping(SafeDialog::ChangedOnDisk { file: self.doc.display_name() }));
        } else {
            self.reload_from_disk();
        }
    }

    /// Loads the file again as one undo step, keeping the view: what was on screen stays, and
    /// Undo gives back the version the reload replaced (unsaved work included).
    fn reload_from_disk(&mut self) {
        let Some(path) = self.doc.path().map(Path::to_path_buf) else { return };
        let had_work = self.doc.is_dirty();
        match self.doc.reload() {
            Ok(_) => {
                self.keeping.seen = self.doc.disk();
                self.prune_selection();
                let name = self.doc.display_name();
                self.status = if had_work {
                    format!("Reloaded {name}: it changed on disk. Edit ▸ Undo gives your version back")
                } else {
                    format!("Reloaded {name}: it changed on disk")
                };
            }
            Err(e) => {
                self.status =
                    format!("{} changed on disk but does not load, so the open model stays: {e}", path.display());
            }
        }
    }

    /// Whether `path` may be opened now; if another window holds it, asks first.
    pub(super) fn may_open(&mut self, path: &Path) -> bool {
        if self.keeping.open_anyway.as_deref() == Some(path) {
            self.keeping.open_anyway = None;
            return true;
        }
        let Some(dir) = &self.keeping.state_dir else { return true };
        match Lock::inspect(dir, path) {
            LockState::Held(owner) => {
                let path = path.to_path_buf();
                self.dialog =
                    Some(Dialog::Safekeeping(SafeDialog::Locked { path, owner: owner.describe(), startup: false }));
                false
            }
            _ => true,
        }
    }

    /// Whether saving to `path` may go ahead: not over a file open read-only, not silently
    /// over a file that changed on disk. Otherwise asks (or offers Save As) and says no.
    pub(super) fn may_save(&mut self, path: &Path) -> bool {
        if self.doc.path() != Some(path) {
            return true;
        }
        if self.keeping.read_only {
            let mut dialog =
                Dialog::path(PathPurpose::SaveAs(self.keeping.after_save.take()), path.display().to_string());
            dialog.set_error(format!(
                "{} is open in another window, so this one is read-only: save under another name.",
                path.display()
            ));
            self.dialog = Some(dialog);
            return false;
        }
        if self.doc.changed_on_disk() {
            let then = self.keeping.after_save.take();
            self.dialog = Some(Dialog::Safekeeping(SafeDialog::Overwrite { file: self.doc.display_name(), then }));
            return false;
        }
        true
    }

    /// After a successful save: the recovery file has done its job; lock the file saved to.
    pub(super) fn saved(&mut self) {
        // A comparison with the file just written would list what the save wrote as changes:
        // the file is now the model, so the comparison starts again from it.
        if let (Some(path), Some(compare)) = (self.doc.path(), &mut self.compare)
            && Path::new(&compare.against) == path
        {
            *compare = super::compare::Comparison::new(
                compare.against.clone(),
                self.doc.model().clone(),
                self.doc.model(),
                self.doc.revision(),
            );
        }
        self.keeping.after_save = None;
        self.forget_recovery();
        self.keeping.seen = self.doc.disk();
        self.keeping.read_only = false;
        self.take_lock();
    }

    /// After the document was replaced (new, open, reload, restore): drop the old one's
    /// recovery file (its work was saved or discarded) and lock the new one's file.
    pub(super) fn document_replaced(&mut self) {
        self.forget_recovery();
        self.keeping.seen_revision = self.doc.revision();
        self.keeping.read_only = false;
        self.keeping.seen = self.doc.disk();
        self.keeping.missing_told = false;
        self.take_lock();
    }

    /// A clean close: nothing to recover, nothing locked.
    pub(super) fn close_cleanly(&mut self) {
        self.forget_recovery();
        self.keeping.lock = None;
        self.keeping.closed = true;
    }

    fn forget_recovery(&mut self) {
        if let Some(file) = self.keeping.recovery.take()
            && let Err(e) = file.remove()
        {
            self.status = format!("Could not remove the recovery copy: {e}");
        }
        self.keeping.written_revision = None;
    }

    /// Locks the open file unless another window holds it (then Open anyway: no lock).
    fn take_lock(&mut self) {
        let (Some(dir), Some(path)) = (&self.keeping.state_dir, self.doc.path()) else {
            self.keeping.lock = None;
            return;
        };
        // Keep the lock we hold on the same file: dropping it would remove the new one.
        if self.keeping.lock.is_some() && Lock::inspect(dir, path) == LockState::Ours {
            return;
        }
        self.keeping.lock = Lock::acquire(dir, path).ok();
    }

    /// Applies an answer to one of the safekeeping questions.
    pub(super) fn apply_safekeeping(&mut self, ctx: &egui::Context, answer: Safekeeping) {
        match answer {
            Safekeeping::Restore(file) => self.restore(&file),
            Safekeeping::DiscardRecovery(file) => {
                if let Err(e) = std::fs::remove_file(&file) {
                    self.status = format!("Could not delete {}: {e}", file.display());
                }
                self.show_recovery();
            }
            Safekeeping::RecoverLater => self.dialog = None,
            Safekeeping::ShowRecovery => self.show_recovery(),
            Safekeeping::ReloadFromDisk => {
                self.dialog = None;
                self.reload_from_disk();
            }
            Safekeeping::KeepMine => {
                self.dialog = None;
                "Kept your version; Save asks before overwriting the file on disk".clone_into(&mut self.status);
            }
            Safekeeping::CompareWithDisk => {
                self.dialog = None;
                let Some(path) = self.doc.path().map(Path::to_path_buf) else { return };
                match self.compare_with(&path) {
                    Ok(()) => self.status.push_str("; Save asks before overwriting the file on disk"),
                    Err(e) => self.dialog = Some(Dialog::Error(e)),
                }
            }
            Safekeeping::Overwrite => {
                let Some(Dialog::Safekeeping(SafeDialog::Overwrite { then, .. })) = self.dialog.take() else { return };
                let Some(path) = self.doc.path().map(Path::to_path_buf) else { return };
                match self.doc.save_to(&path) {
                    Ok(()) => {
                        self.settings.add_recent(&path);
                        self.status = format!("Saved {}", path.display());
                        self.saved();
                        if let Some(then) = then {
                            self.run_pending(ctx, then);
                        }
                    }
                    Err(e) => self.dialog = Some(Dialog::Error(e.to_string())),
                }
            }
            Safekeeping::OpenLocked { path, read_only } => {
                let startup =
                    matches!(&self.dialog, Some(Dialog::Safekeeping(SafeDialog::Locked { startup: true, .. })));
                self.dialog = None;
                if startup || self.doc.path() == Some(path.as_path()) {
                    self.keeping.read_only = read_only;
                } else {
                    self.keeping.open_anyway = Some(path.clone());
                    match self.open_path(&path) {
                        Ok(()) => self.keeping.read_only = read_only,
                        Err(e) => self.dialog = Some(Dialog::Error(e)),
                    }
                }
                if read_only {
                    format!("{} is open read-only: another window has it", path.display()).clone_into(&mut self.status);
                }
            }
            Safekeeping::CancelLocked => {
                let startup =
                    matches!(&self.dialog, Some(Dialog::Safekeeping(SafeDialog::Locked { startup: true, .. })));
                self.dialog = None;
                if startup {
                    self.replace_document(Document::new_model());
                }
            }
        }
    }

    fn show_recovery(&mut self) {
        let offers = self.recovery_offers();
        self.dialog = if offers.is_empty() {
            "No unsaved work to recover".clone_into(&mut self.status);
            None
        } else {
            Some(Dialog::Safekeeping(SafeDialog::Recover(offers)))
        };
    }

    /// Opens the work in recovery file `file` as an unsaved document (refused while the open
    /// model has unsaved changes: they would be dropped).
    fn restore(&mut self, file: &Path) {
        self.dialog = None;
        if self.doc.is_dirty() {
            "Save or close the open model first, then recover (File > Recover Unsaved Work…)"
                .clone_into(&mut self.status);
            return;
        }
        let Some(store) = self.recovery_store() else { return };
        match store.restore(file) {
            Ok((header, model, taken)) => {
                let doc = Document::restored(model, header.source.clone(), header.base);
                self.replace_document(doc);
                self.keeping.recovery = Some(taken);
                self.keeping.written_revision = Some(self.doc.revision());
                self.status = format!("Restored unsaved work from {}: save it to keep it", header.written_text());
            }
            Err(e) => self.dialog = Some(Dialog::Error(e.to_string())),
        }
    }
}

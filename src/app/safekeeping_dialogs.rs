//! The dialogs that keep work from being lost: the recovery offer at start, "the file changed
//! on disk", "save over a changed file?", and "open in another window". Each proposes a
//! [`Safekeeping`] answer; the editor acts on it (`safekeeping.rs`).

use std::path::PathBuf;

use super::action::{Action, Pending, Safekeeping};

/// Unsaved work offered for recovery, in the words the dialog shows (the editor reads the
/// recovery file's header and fills this in; the dialog does no I/O).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryOffer {
    /// The recovery file: what Restore and Discard act on.
    pub file: PathBuf,
    /// The model's title.
    pub title: String,
    /// The model file the work belongs to, or "untitled".
    pub place: String,
    /// When it was written and what it holds, in one line.
    pub summary: String,
}

/// One of the questions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SafeDialog {
    /// Unsaved work from a window that crashed or was killed (or put off with "Later").
    Recover(Vec<RecoveryOffer>),
    /// The open file changed on disk while there are unsaved changes.
    ChangedOnDisk {
        /// The file's name.
        file: String,
    },
    /// Save would overwrite a file that changed on disk since it was opened or saved.
    Overwrite {
        /// The file's name.
        file: String,
        /// What to do after saving (from the unsaved-changes question).
        then: Option<Pending>,
    },
    /// The file is open in another window.
    Locked {
        /// The file.
        path: PathBuf,
        /// Who holds it, in words.
        owner: String,
        /// Asked at start, with the file already loaded (Cancel then starts a new model).
        startup: bool,
    },
}

/// Draws `dialog` and returns the answer.
pub fn show(ctx: &egui::Context, dialog: &SafeDialog, escape: bool) -> Vec<Action> {
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::unique("safekeeping_dialog"));
    modal.show(ctx, |ui| {
        ui.set_max_width(560.0);
        answer = match dialog {
            SafeDialog::Recover(offers) => recover(ui, offers),
            SafeDialog::ChangedOnDisk { file } => changed_on_disk(ui, file),
            SafeDialog::Overwrite { file, .. } => overwrite(ui, file),
            SafeDialog::Locked { path, owner, .. } => locked(ui, path, owner),
        };
    });
    if answer.is_none() && escape {
        answer = Some(match dialog {
            SafeDialog::Recover(_) => Safekeeping::RecoverLater,
            SafeDialog::ChangedOnDisk { .. } => Safekeeping::KeepMine,
            SafeDialog::Locked { .. } => Safekeeping::CancelLocked,
            SafeDialog::Overwrite { .. } => return vec![Action::CloseDialog],
        });
    }
    answer.map(|a| vec![Action::Safekeeping(a)]).unwrap_or_default()
}

fn recover(ui: &mut egui::Ui, offers: &[RecoveryOffer]) -> Option<Safekeeping> {
    let mut answer = None;
    ui.heading("Recover unsaved work");
    ui.label("ThreatCanvas closed without saving this work (a crash, a kill or a power cut). Restore opens it as an unsaved model.");
    for offer in offers {
        ui.separator();
        ui.strong(format!("{} ({})", offer.title, offer.place));
        ui.label(&offer.summary);
        ui.horizontal(|ui| {
            if ui.button("Restore").clicked() {
                answer = Some(Safekeeping::Restore(offer.file.clone()));
            }
            if ui.button("Discard").on_hover_text("Delete this recovered work for good").clicked() {
                answer = Some(Safekeeping::DiscardRecovery(offer.file.clone()));
            }
        });
    }
    ui.separator();
    if ui.button("Later").on_hover_text("Keep the work; File > Recover Unsaved Work… offers it again").clicked() {
        answer = Some(Safekeeping::RecoverLater);
    }
    answer
}

fn changed_on_disk(ui: &mut egui::Ui, file: &str) -> Option<Safekeeping> {
    let mut answer = None;
    ui.heading("File changed on disk");
    ui.label(format!(
        "{file} was changed by another program (or another window) since you opened or saved it, and you have unsaved changes."
    ));
    ui.horizontal(|ui| {
        if ui.button("Reload").on_hover_text("Take the version on disk; Edit ▸ Undo gives yours back").clicked() {
            answer = Some(Safekeeping::ReloadFromDisk);
        }
        if ui.button("Keep mine").on_hover_text("Go on editing; Save asks before overwriting the file").clicked() {
            answer = Some(Safekeeping::KeepMine);
        }
        let compare = ui.button("Compare").on_hover_text(
            "Keep your version and mark what differs from the one on disk (View ▸ Close Compare ends it)",
        );
        if compare.clicked() {
            answer = Some(Safekeeping::CompareWithDisk);
        }
    });
    answer
}

fn overwrite(ui: &mut egui::Ui, file: &str) -> Option<Safekeeping> {
    let mut answer = None;
    ui.heading("Overwrite the newer file?");
    ui.label(format!("{file} changed on disk since you opened or saved it. Saving replaces that version with yours."));
    ui.horizontal(|ui| {
        if ui.button("Overwrite").clicked() {
            answer = Some(Safekeeping::Overwrite);
        }
        if ui.button("Reload").on_hover_text("Take the version on disk; Edit ▸ Undo gives yours back").clicked() {
            answer = Some(Safekeeping::ReloadFromDisk);
        }
        if ui.button("Cancel").clicked() {
            answer = Some(Safekeeping::KeepMine);
        }
    });
    answer
}

fn locked(ui: &mut egui::Ui, path: &std::path::Path, owner: &str) -> Option<Safekeeping> {
    let mut answer = None;
    ui.heading("Open in another window");
    ui.label(format!(
        "{} is open in another ThreatCanvas window ({owner}). Saving from both would lose one window's changes.",
        path.display()
    ));
    ui.horizontal(|ui| {
        if ui.button("Open read-only").on_hover_text("Look and edit, but Save is refused (Save As works)").clicked() {
            answer = Some(Safekeeping::OpenLocked { path: path.to_path_buf(), read_only: true });
        }
        if ui.button("Open anyway").clicked() {
            answer = Some(Safekeeping::OpenLocked { path: path.to_path_buf(), read_only: false });
        }
        if ui.button("Cancel").clicked() {
            answer = Some(Safekeeping::CancelLocked);
        }
    });
    answer
}

//! "Suppress this finding": asks for the written reason a suppression needs, and proposes the
//! suppression as one undoable edit.

use super::super::action::Action;
use super::super::view::Snapshot;
use crate::edit::commands;
use crate::model::{MAX_TEXT_CHARS, Subject};

/// A suppression being written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SuppressDraft {
    /// The check's id.
    pub rule: &'static str,
    /// What its finding is about.
    pub subject: Subject,
    /// The finding's message, shown so the user knows what they are silencing.
    pub message: String,
    /// The reason typed so far.
    pub reason: String,
    /// Why the last attempt was refused.
    pub error: Option<String>,
}

impl SuppressDraft {
    /// A draft for the finding of `rule` on `subject`, whose message is `message`.
    #[must_use]
    pub const fn new(rule: &'static str, subject: Subject, message: String) -> Self {
        Self { rule, subject, message, reason: String::new(), error: None }
    }
}

/// Draws the dialog; returns the suppression when the user gives a reason.
pub fn show(ctx: &egui::Context, draft: &mut SuppressDraft, snapshot: &Snapshot<'_>, escape: bool) -> Vec<Action> {
    let mut submit = false;
    let mut cancel = escape;
    egui::Modal::new(egui::Id::unique("suppress_dialog")).show(ctx, |ui| {
        ui.set_width(520.0);
        ui.heading(format!("Suppress {}", draft.rule));
        ui.label(egui::RichText::new(&draft.message).italics());
        ui.add_space(6.0);
        ui.label(
            "A suppressed finding stays listed with its reason, in the problems panel and in the output of \
             threatcanvas check, but no longer counts against the model. Say why it is acceptable here.",
        );
        let label = ui.label("Reason (required):");
        let field = ui
            .add(
                egui::TextEdit::multiline(&mut draft.reason)
                    .desired_rows(3)
                    .desired_width(f32::INFINITY)
                    .char_limit(MAX_TEXT_CHARS)
                    .hint_text("e.g. Open to anyone by design: guests may file a complaint without an account."),
            )
            .labelled_by(label.id);
        if draft.reason.is_empty() && ui.memory(|m| m.focused().is_none()) {
            field.request_focus();
        }
        if let Some(error) = &draft.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        ui.horizontal(|ui| {
            submit = ui.button("Suppress").clicked();
            cancel |= ui.button("Cancel").clicked();
        });
    });
    if cancel {
        return vec![Action::CloseDialog];
    }
    if !submit {
        return Vec::new();
    }
    if draft.reason.trim().is_empty() {
        draft.error = Some("Write the reason: it is what reviewers read instead of the finding.".to_owned());
        return Vec::new();
    }
    match commands::suppress_finding(snapshot.model, draft.rule, &draft.subject, &draft.reason) {
        Ok(tx) => vec![Action::Apply(tx), Action::CloseDialog],
        Err(e) => {
            draft.error = Some(e.to_string());
            Vec::new()
        }
    }
}

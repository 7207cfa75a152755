//! The pending threat suggestions of the selected element or flow: how many, Accept and Dismiss
//! for each and for all, and the way to the full review (where a dismissal can carry a reason).
//! Out-of-scope items get none, and say so; boundaries get none.

use egui::Ui;

use super::Panel;
use crate::app::action::{Action, ReviewScope, ReviewTab};
use crate::app::threat_labels::{out_of_scope, severity_tag};
use crate::edit::triage;
use crate::model::ThreatTarget;
use crate::threats::Suggestion;

/// Suggestions listed open, without a click, up to this many.
const OPEN_UP_TO: usize = 5;

pub(super) fn section(p: &mut Panel<'_>, ui: &mut Ui, target: &ThreatTarget) {
    if matches!(target, ThreatTarget::Boundary(_)) {
        return;
    }
    let model = p.model;
    ui.add_space(6.0);
    if out_of_scope(model, target) {
        ui.label(egui::RichText::new("Out of scope: no threat suggestions.").weak());
        return;
    }
    let list: &[Suggestion] = p.library.pending_on(target);
    let header = match list.len() {
        0 => "No pending suggestions".to_owned(),
        1 => "1 pending suggestion".to_owned(),
        n => format!("{n} pending suggestions"),
    };
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(header).strong());
        if ui.small_button("Review…").on_hover_text("Open the review list for this item").clicked() {
            p.out.push(Action::ReviewSuggestions(ReviewScope::Targets([target.clone()].into()), ReviewTab::Pending));
        }
    });
    if list.is_empty() {
        return;
    }
    egui::CollapsingHeader::new("Suggestions")
        .id_salt(("pending", target.id_str()))
        .default_open(list.len() <= OPEN_UP_TO)
        .show(ui, |ui| {
            for s in list {
                ui.horizontal_wrapped(|ui| {
                    severity_tag(ui, s.severity());
                    ui.label(&s.title);
                });
                ui.horizontal(|ui| {
                    if ui.small_button("Accept").on_hover_text(format!("Add \u{201c}{}\u{201d}", s.title)).clicked() {
                        p.apply(triage::accept_suggestions(model, [s.threat(model)]).1);
                    }
                    if ui
                        .small_button("Dismiss")
                        .on_hover_text("Dismiss without a reason (Review… asks for one)")
                        .clicked()
                    {
                        p.apply(triage::dismiss_suggestions(model, [s.key()], ""));
                    }
                });
                ui.add_space(4.0);
            }
            if list.len() > 1 {
                ui.horizontal(|ui| {
                    if ui.button("Accept all").on_hover_text("Add every suggested threat for this item").clicked() {
                        p.apply(triage::accept_suggestions(model, list.iter().map(|s| s.threat(model))).1);
                    }
                    if ui.button("Dismiss all").on_hover_text("Dismiss every suggestion for this item").clicked() {
                        p.apply(triage::dismiss_suggestions(model, list.iter().map(Suggestion::key), ""));
                    }
                });
            }
        });
}

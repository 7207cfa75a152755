//! The review list of threat suggestions: what the library proposes for the whole model or a
//! selection, grouped by element and flow. Each suggestion can be accepted (the threat joins
//! the model, remembering its rule) or dismissed with an optional reason (stored in the model);
//! a group, or the whole list, in one step. Dismissed suggestions are listed on their own tab
//! and can be restored. Library problems (a broken rule file) are shown with file and place.
//!
//! It reads the suggestions the editor keeps up to date for the model (see `threat_library`)
//! and proposes each decision as one undoable transaction built by `edit::triage`.

use std::collections::BTreeMap;

use egui::Ui;

use super::action::{Action, ReviewScope, ReviewTab};
use super::threat_labels::{reference_links, severity_tag, target_kind, target_name};
use super::view::Snapshot;
use crate::edit::triage;
use crate::model::{Model, SuggestionKey, ThreatTarget};
use crate::threats::{Names, Suggestion};

/// The review window's own state: its scope, tab, and the reason typed for dismissals.
#[derive(Clone, Debug)]
pub struct Review {
    /// What it covers.
    pub scope: ReviewScope,
    /// Which list shows.
    pub tab: ReviewTab,
    /// The reason the next dismissals record (may be empty).
    reason: String,
}

impl Review {
    /// A review of `scope` showing `tab`.
    #[must_use]
    pub const fn new(scope: ReviewScope, tab: ReviewTab) -> Self {
        Self { scope, tab, reason: String::new() }
    }
}

/// Groups of more suggestions than this start closed, so a big model's list stays quick.
const OPEN_GROUPS_UP_TO: usize = 12;

/// Draws the review window; returns what the user decided.
pub fn show(ctx: &egui::Context, review: &mut Review, snapshot: &Snapshot<'_>) -> Vec<Action> {
    let mut out = Vec::new();
    let mut open = true;
    egui::Window::new("Threat suggestions")
        .id(egui::Id::unique("threat_suggestions"))
        .open(&mut open)
        .default_size([640.0, 560.0])
        .default_pos(ctx.content_rect().center() - egui::vec2(320.0, 300.0))
        .resizable(true)
        .collapsible(false)
        .show(ctx, |ui| body(ui, review, snapshot, &mut out));
    if !open {
        out.push(Action::CloseReview);
    }
    out
}

fn body(ui: &mut Ui, review: &mut Review, snapshot: &Snapshot<'_>, out: &mut Vec<Action>) {
    let model = snapshot.model;
    let pending: Vec<&Suggestion> =
        snapshot.library.suggestions().iter().filter(|s| review.scope.includes(&s.target)).collect();
    let dismissed: Vec<(&SuggestionKey, &String)> =
        model.dismissed.iter().filter(|(k, _)| review.scope.includes(&k.target)).collect();
    ui.horizontal(|ui| {
        ui.selectable_value(&mut review.tab, ReviewTab::Pending, format!("Pending ({})", pending.len()));
        ui.selectable_value(&mut review.tab, ReviewTab::Dismissed, format!("Dismissed ({})", dismissed.len()));
        ui.separator();
        ui.label(scope_text(model, &review.scope));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("Reload rules")
                .on_hover_text("Read the library folders again (after editing a rule file)")
                .clicked()
            {
                out.push(Action::ReloadThreatRules);
            }
        });
    });
    library_problems(ui, snapshot);
    ui.separator();
    match review.tab {
        ReviewTab::Pending => pending_list(ui, review, model, &pending, out),
        ReviewTab::Dismissed => dismissed_list(ui, snapshot, &dismissed, out),
    }
}

fn scope_text(model: &Model, scope: &ReviewScope) -> String {
    match scope {
        ReviewScope::Model => "Whole model".to_owned(),
        ReviewScope::Targets(set) => match set.iter().collect::<Vec<_>>().as_slice() {
            [one] => format!("{} ({})", target_name(model, one), target_kind(model, one).to_lowercase()),
            many => format!("{} selected items", many.len()),
        },
    }
}

/// Library files or rules that could not be used, by file and place: the rest still work.
fn library_problems(ui: &mut Ui, snapshot: &Snapshot<'_>) {
    let library = snapshot.library;
    let problems = library.problems();
    let notes = library.notes();
    let rules = library.library().len();
    let files = library.own_files();
    let summary = if files == 0 {
        format!("{rules} rules (shipped)")
    } else {
        format!("{rules} rules (shipped and {files} file{} of your own)", if files == 1 { "" } else { "s" })
    };
    if problems.is_empty() && notes.is_empty() {
        ui.label(egui::RichText::new(summary).small().weak());
        return;
    }
    let warn = ui.visuals().warn_fg_color;
    let header = if problems.is_empty() {
        format!("{summary}; {} replaced", notes.len())
    } else {
        format!(
            "⚠ {} library problem{}: those rules were left out; {summary} in use",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" }
        )
    };
    egui::CollapsingHeader::new(egui::RichText::new(header).color(warn))
        .id_salt("library_problems")
        .default_open(!problems.is_empty())
        .show(ui, |ui| {
            egui::ScrollArea::vertical().id_salt("library_problems_scroll").max_height(120.0).show(ui, |ui| {
                for p in problems {
                    ui.label(egui::RichText::new(p.to_string()).color(warn));
                }
                for n in &notes {
                    ui.label(n);
                }
            });
        });
}

fn pending_list(ui: &mut Ui, review: &mut Review, model: &Model, pending: &[&Suggestion], out: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        let caption = ui.label("Reason for dismissing:");
        ui.add(
            egui::TextEdit::singleline(&mut review.reason)
                .hint_text("optional; kept in the model")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(caption.id);
    });
    let reason = review.reason.trim().to_owned();
    if pending.is_empty() {
        ui.add_space(12.0);
        ui.label(match &review.scope {
            ReviewScope::Model => "Nothing to review: every suggestion is accepted or dismissed.",
            ReviewScope::Targets(_) => {
                "Nothing to review for the selection: out-of-scope items and boundaries get no suggestions."
            }
        });
        return;
    }
    ui.horizontal(|ui| {
        decide(ui, model, pending, &reason, &format!("all {}", pending.len()), "in this list", out);
    });
    ui.separator();
    let mut groups: BTreeMap<&ThreatTarget, Vec<&Suggestion>> = BTreeMap::new();
    for s in pending {
        groups.entry(&s.target).or_default().push(s);
    }
    let open_groups = groups.len() <= OPEN_GROUPS_UP_TO;
    egui::ScrollArea::vertical().id_salt("pending_suggestions").auto_shrink(false).show(ui, |ui| {
        for (target, list) in groups {
            group(ui, model, target, &list, &reason, open_groups, out);
        }
    });
}

/// "Accept …" and "Dismiss …" for several suggestions at once, each one undo step.
fn decide(
    ui: &mut Ui,
    model: &Model,
    list: &[&Suggestion],
    reason: &str,
    how_many: &str,
    which: &str,
    out: &mut Vec<Action>,
) {
    let accept = ui.button(format!("Accept {how_many}")).on_hover_text(format!("Add the suggested threats {which}"));
    if accept.clicked() {
        out.push(Action::Apply(triage::accept_suggestions(model, list.iter().map(|s| s.threat(model))).1));
    }
    let dismiss = ui
        .button(format!("Dismiss {how_many}"))
        .on_hover_text(format!("Dismiss the suggestions {which}, with the reason above"));
    if dismiss.clicked() {
        out.push(Action::Apply(triage::dismiss_suggestions(model, list.iter().map(|s| s.key()), reason)));
    }
}

/// One element's or flow's suggestions: a header with its name and kind, Show, and Accept and
/// Dismiss for the group; then each suggestion.
fn group(
    ui: &mut Ui,
    model: &Model,
    target: &ThreatTarget,
    list: &[&Suggestion],
    reason: &str,
    open: bool,
    out: &mut Vec<Action>,
) {
    let name = target_name(model, target);
    let header = format!("{name} · {} ({})", target_kind(model, target), list.len());
    let id = ui.make_persistent_id(("suggestion_group", target.id_str()));
    egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, open)
        .show_header(ui, |ui| {
            right_aligned(
                ui,
                |ui| {
                    // Laid out from the right: Show, Accept n, Dismiss n read left to right.
                    if list.len() > 1 {
                        let n = list.len();
                        let dismiss = ui
                            .button(format!("Dismiss {n}"))
                            .on_hover_text(format!("Dismiss the suggestions for {name}, with the reason above"));
                        if dismiss.clicked() {
                            out.push(Action::Apply(triage::dismiss_suggestions(
                                model,
                                list.iter().map(|s| s.key()),
                                reason,
                            )));
                        }
                        let accept = ui
                            .button(format!("Accept {n}"))
                            .on_hover_text(format!("Add the suggested threats for {name}"));
                        if accept.clicked() {
                            let threats = list.iter().map(|s| s.threat(model));
                            out.push(Action::Apply(triage::accept_suggestions(model, threats).1));
                        }
                    }
                    if ui.button("Show").on_hover_text(format!("Select {name} on a diagram")).clicked() {
                        out.push(Action::ShowTarget(target.clone()));
                    }
                },
                |ui| {
                    ui.add(egui::Label::new(egui::RichText::new(&header).strong()).truncate());
                },
            );
        })
        .body(|ui| {
            for s in list {
                suggestion(ui, model, s, reason, out);
            }
        })
        .0
        .on_hover_text(format!("Show or hide the suggestions for {name}"));
    ui.add_space(2.0);
}

/// A header row: `left` gets the room `right` (laid out from the right edge) leaves.
fn right_aligned(ui: &mut Ui, right: impl FnOnce(&mut Ui), left: impl FnOnce(&mut Ui)) {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        right(ui);
        ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), left);
    });
}

/// One suggestion: severity and title (which expands to description, mitigation and origin)
/// with Accept and Dismiss; below, category, rule and references.
fn suggestion(ui: &mut Ui, model: &Model, s: &Suggestion, reason: &str, out: &mut Vec<Action>) {
    let id = ui.make_persistent_id(("suggestion", &s.rule.id, s.target.id_str()));
    egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, false)
        .show_header(ui, |ui| {
            right_aligned(
                ui,
                |ui| {
                    let dismiss = ui
                        .button("Dismiss")
                        .on_hover_text("Dismiss it with the reason above; the Dismissed tab restores it");
                    if dismiss.clicked() {
                        out.push(Action::Apply(triage::dismiss_suggestions(model, [s.key()], reason)));
                    }
                    let accept =
                        ui.button("Accept").on_hover_text(format!("Add the threat \u{201c}{}\u{201d}", s.title));
                    if accept.clicked() {
                        out.push(Action::Apply(triage::accept_suggestions(model, [s.threat(model)]).1));
                    }
                },
                |ui| {
                    severity_tag(ui, s.severity());
                    ui.add(egui::Label::new(&s.title).truncate());
                },
            );
        })
        .body(|ui| {
            let threat = s.threat(model);
            ui.label(egui::RichText::new("How it works").strong());
            ui.label(&threat.description);
            ui.label(egui::RichText::new("Mitigation").strong());
            ui.label(&threat.mitigation);
            ui.label(egui::RichText::new(format!("Rule {} from {}", s.rule.id, s.rule.origin)).small().weak());
        })
        .0
        .on_hover_text("Show or hide how it works and the mitigation");
    ui.horizontal_wrapped(|ui| {
        ui.add_space(ui.spacing().indent);
        ui.label(egui::RichText::new(format!("{} · {}", s.category(model).label(), s.rule.id)).small().weak());
        reference_links(ui, &s.rule.references(), true);
    });
    ui.add_space(4.0);
}

fn dismissed_list(
    ui: &mut Ui,
    snapshot: &Snapshot<'_>,
    dismissed: &[(&SuggestionKey, &String)],
    out: &mut Vec<Action>,
) {
    let model = snapshot.model;
    if dismissed.is_empty() {
        ui.add_space(12.0);
        ui.label("No dismissed suggestions here.");
        return;
    }
    if ui.button(format!("Restore all {}", dismissed.len())).on_hover_text("Propose them all again").clicked() {
        out.push(Action::Apply(triage::restore_suggestions(model, dismissed.iter().map(|(k, _)| (*k).clone()))));
    }
    ui.separator();
    let mut groups: BTreeMap<&ThreatTarget, Vec<(&SuggestionKey, &String)>> = BTreeMap::new();
    for (k, r) in dismissed {
        groups.entry(&k.target).or_default().push((k, r));
    }
    let open = groups.len() <= OPEN_GROUPS_UP_TO;
    egui::ScrollArea::vertical().id_salt("dismissed_suggestions").auto_shrink(false).show(ui, |ui| {
        for (target, list) in groups {
            let header = format!("{} · {} ({})", target_name(model, target), target_kind(model, target), list.len());
            egui::CollapsingHeader::new(egui::RichText::new(header).strong())
                .id_salt(("dismissed_group", target.id_str()))
                .default_open(open)
                .show(ui, |ui| {
                    for (key, reason) in list {
                        dismissed_row(ui, snapshot, key, reason, out);
                    }
                });
        }
    });
}

fn dismissed_row(ui: &mut Ui, snapshot: &Snapshot<'_>, key: &SuggestionKey, reason: &str, out: &mut Vec<Action>) {
    let model = snapshot.model;
    let title = snapshot.library.rule(&key.rule).map_or_else(
        || format!("{} (not in the loaded library)", key.rule),
        |rule| {
            let (name, from, to) = names(model, &key.target);
            rule.title.render(Names { target: &name, from: &from, to: &to })
        },
    );
    ui.horizontal(|ui| {
        if ui.button("Restore").on_hover_text("Propose it again").clicked() {
            out.push(Action::Apply(triage::restore_suggestions(model, [key.clone()])));
        }
        ui.label(egui::RichText::new(&key.rule).small().weak());
        ui.add(egui::Label::new(title).truncate());
    });
    let reason = if reason.is_empty() { "No reason given".to_owned() } else { format!("Reason: {reason}") };
    ui.indent(("dismissed_reason", &key.rule, key.target.id_str()), |ui| {
        ui.label(egui::RichText::new(reason).italics());
    });
}

/// The names a rule's templates fill in: the target's, and a flow's source and target.
fn names(model: &Model, target: &ThreatTarget) -> (String, String, String) {
    match target {
        ThreatTarget::Flow(id) => {
            let end = |e| model.elements.get(e).map(|x| x.name.clone()).unwrap_or_default();
            model.flows.get(id).map_or_else(Default::default, |f| (f.name.clone(), end(&f.source), end(&f.target)))
        }
        other => (target_name(model, other), String::new(), String::new()),
    }
}

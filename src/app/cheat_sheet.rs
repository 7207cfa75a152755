//! Help ▸ DFD do's and don'ts: every rule the live checks apply, from the same registry as
//! `threatcanvas rules` and the published cheat sheet, searchable; a finding's help link opens
//! it scrolled to that finding's rule.

use super::action::Action;
use super::findings::severity_icon;
use super::view::Snapshot;
use crate::rules::{self, Rule};

/// The window's own state.
#[derive(Clone, Debug, Default)]
pub struct CheatSheet {
    /// Words to look for in the rules.
    search: String,
    /// The last request scrolled to, so each request scrolls once and then leaves the user be.
    scrolled: u64,
}

/// Whether `rule` mentions every word of `query` (any case) in its id, severity or text.
fn matches(rule: &Rule, query: &str) -> bool {
    let text =
        format!("{} {} {} {} {} {}", rule.id, rule.severity.as_str(), rule.title, rule.condition, rule.why, rule.fix)
            .to_lowercase();
    query.to_lowercase().split_whitespace().all(|word| text.contains(word))
}

/// Draws the window when it is open; returns what the user chose.
pub fn show(ctx: &egui::Context, state: &mut CheatSheet, snapshot: &Snapshot<'_>) -> Vec<Action> {
    let Some(help) = snapshot.view.panels.rule_help else { return Vec::new() };
    let scroll_to = (help.request != state.scrolled).then_some(help.rule).flatten();
    if scroll_to.is_some_and(|id| rules::rule(id).is_some_and(|r| !matches(r, &state.search))) {
        // The rule asked for must show, whatever was searched for before.
        state.search.clear();
    }
    state.scrolled = help.request;
    let mut open = true;
    let screen = ctx.content_rect();
    egui::Window::new("DFD do's and don'ts")
        .open(&mut open)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(egui::pos2(screen.center().x, screen.min.y + 60.0))
        .default_size([560.0, 600.0])
        .vscroll(false)
        .show(ctx, |ui| {
            ui.label(
                "Every check ThreatCanvas runs on the model as you edit it, with why it matters and how to fix \
                 it. The command threatcanvas rules prints the same text.",
            );
            ui.horizontal(|ui| {
                let label = ui.label("Search the rules:");
                ui.add(egui::TextEdit::singleline(&mut state.search).desired_width(260.0).hint_text("boundary"))
                    .labelled_by(label.id);
            });
            ui.separator();
            let shown: Vec<&Rule> = rules::all().iter().copied().filter(|r| matches(r, &state.search)).collect();
            egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
                if shown.is_empty() {
                    ui.label(egui::RichText::new("No rule mentions that.").weak());
                }
                for rule in shown {
                    let focused = help.rule == Some(rule.id);
                    let response = rule_card(ui, rule, focused);
                    if scroll_to == Some(rule.id) {
                        response.scroll_to_me(Some(egui::Align::TOP));
                    }
                }
            });
        });
    if open { Vec::new() } else { vec![Action::CloseRuleHelp] }
}

/// One rule: its id, severity and title, then when it fires, why it matters and how to fix it.
/// The rule a finding linked to is framed.
fn rule_card(ui: &mut egui::Ui, rule: &Rule, focused: bool) -> egui::Response {
    let stroke = if focused {
        egui::Stroke::new(2.0, ui.visuals().selection.stroke.color)
    } else {
        egui::Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color)
    };
    egui::Frame::group(ui.style())
        .stroke(stroke)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                severity_icon(ui, rule.severity);
                ui.label(egui::RichText::new(format!("{} · {}", rule.id, rule.title)).strong());
                ui.label(egui::RichText::new(rule.severity.label()).weak());
            });
            for (heading, text) in [("When", rule.condition), ("Why it matters", rule.why), ("How to fix", rule.fix)] {
                ui.horizontal_wrapped(|ui| {
                    ui.spacing_mut().item_spacing.x = 4.0;
                    ui.label(egui::RichText::new(format!("{heading}:")).strong());
                    ui.label(text);
                });
            }
        })
        .response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_matches_every_word_in_any_field() {
        let rule = rules::rule("DFD013").expect("registered");
        assert!(matches(rule, ""));
        assert!(matches(rule, "dfd013"));
        assert!(matches(rule, "Boundary ENCRYPTED"));
        assert!(matches(rule, "warning tls"), "the fix text mentions TLS");
        assert!(!matches(rule, "boundary lifeline"));
        let found: Vec<&str> = rules::all().iter().filter(|r| matches(r, "lifeline")).map(|r| r.id).collect();
        assert!(found.contains(&"SEQ002") && !found.iter().any(|id| id.starts_with("DFD")), "{found:?}");
    }
}

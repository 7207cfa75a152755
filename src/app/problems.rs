//! The problems panel: what the live checks found, filtered by severity, one line each with its
//! severity, rule id (a link to the rule's help) and message. Clicking a message goes to what
//! it is about; "Suppress…" asks for the reason. Suppressed findings have their own tab with
//! their reasons, where the suppression can be lifted. And the status bar's count.
//!
//! Only the rows on screen are laid out, and only their messages are written, so a model with
//! tens of thousands of findings scrolls as fast as one with ten.

use super::action::Action;
use super::findings::{count, severity_icon};
use super::view::Snapshot;
use crate::edit::commands::{self, Item};
use crate::model::Subject;
use crate::rules::{Counts, Finding, Severity};

/// What the panel lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Tab {
    /// Findings that count.
    #[default]
    Open,
    /// Findings suppressed with a reason.
    Suppressed,
}

/// The panel's own state: its filters and tab.
#[derive(Clone, Debug)]
pub struct ProblemsPanel {
    /// Shown severities, in [`Severity::ALL`] order (errors, warnings, hints).
    shown: [bool; 3],
    tab: Tab,
}

impl Default for ProblemsPanel {
    fn default() -> Self {
        Self { shown: [true; 3], tab: Tab::Open }
    }
}

impl ProblemsPanel {
    fn shows(&self, severity: Severity) -> bool {
        Severity::ALL.iter().position(|s| *s == severity).is_some_and(|i| self.shown[i])
    }
}

/// Room kept at the right of a row for its button.
const BUTTON_ROOM: f32 = 100.0;
/// Lines of a message shown in its row; the rest is on hover.
const MESSAGE_LINES: usize = 2;

/// The height of a row: two lines of text and a little air, the same for every row so only
/// the rows on screen are laid out.
fn row_height(ui: &egui::Ui) -> f32 {
    let line = ui.text_style_height(&egui::TextStyle::Body);
    #[allow(clippy::cast_precision_loss, reason = "a small constant")]
    let lines = MESSAGE_LINES as f32;
    lines * line + 8.0
}

/// Below this width the header's buttons join the wrapping flow instead of keeping the right end.
const HEADER_SPLIT_WIDTH: f32 = 420.0;

/// The header's title, tabs and (on the Open tab) the count toggles.
fn header_tabs(ui: &mut egui::Ui, state: &mut ProblemsPanel, counts: &Counts) {
    ui.label(egui::RichText::new("Problems").strong());
    ui.separator();
    let open = counts.errors + counts.warnings + counts.hints;
    ui.selectable_value(&mut state.tab, Tab::Open, format!("Open ({open})"));
    ui.selectable_value(&mut state.tab, Tab::Suppressed, format!("Suppressed ({})", counts.suppressed));
    ui.separator();
    if state.tab == Tab::Open {
        for (i, (severity, n, word)) in [
            (Severity::Error, counts.errors, "error"),
            (Severity::Warning, counts.warnings, "warning"),
            (Severity::Hint, counts.hints, "hint"),
        ]
        .into_iter()
        .enumerate()
        {
            severity_icon(ui, severity);
            ui.toggle_value(&mut state.shown[i], count(n, word)).on_hover_text(format!("Show or hide {word}s"));
        }
    }
}

/// The header's help and close buttons, in reading order (so laid out right to left, the
/// close button comes first).
fn header_buttons(ui: &mut egui::Ui, out: &mut Vec<Action>, right_to_left: bool) {
    let close = |ui: &mut egui::Ui| {
        ui.small_button("×")
            .on_hover_text("Close the problems panel")
            .clicked()
            .then_some(Action::SetProblemsPanel(false))
    };
    if right_to_left {
        out.extend(close(ui));
    }
    if ui.small_button("DFD do's and don'ts").on_hover_text("Every rule, why it matters, how to fix it").clicked() {
        out.push(Action::ShowRuleHelp(None));
    }
    if !right_to_left {
        out.extend(close(ui));
    }
}

/// Draws the panel; returns what the user chose.
pub fn show(ui: &mut egui::Ui, state: &mut ProblemsPanel, snapshot: &Snapshot<'_>) -> Vec<Action> {
    let mut out = Vec::new();
    let findings = snapshot.findings;
    let counts = findings.counts();
    ui.add_space(2.0);
    // The close and help buttons take the right end first, and the title, tabs and counts wrap
    // in what is left; in a panel too narrow for that, all of them wrap in one flow. Either
    // way a panel squeezed by the side panels never draws one over another.
    if ui.available_width() >= HEADER_SPLIT_WIDTH {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
            header_buttons(ui, &mut out, true);
            // Left to right although the parent lays out right to left; one row high to start with.
            let size = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
            let wrapped = egui::Layout::left_to_right(egui::Align::Center).with_main_wrap(true);
            ui.allocate_ui_with_layout(size, wrapped, |ui| header_tabs(ui, state, &counts));
        });
    } else {
        ui.horizontal_wrapped(|ui| {
            header_tabs(ui, state, &counts);
            header_buttons(ui, &mut out, false);
        });
    }
    ui.separator();
    let rows: Vec<&Finding> = findings
        .list()
        .iter()
        .filter(|f| match state.tab {
            Tab::Open => !f.is_suppressed() && state.shows(f.severity),
            Tab::Suppressed => f.is_suppressed(),
        })
        .collect();
    if rows.is_empty() {
        ui.label(egui::RichText::new(empty_text(state.tab, findings.list().len())).weak());
        return out;
    }
    let height = row_height(ui);
    egui::ScrollArea::vertical().auto_shrink(false).show_rows(ui, height, rows.len(), |ui, range| {
        for finding in &rows[range] {
            out.extend(row(ui, snapshot, finding, height));
        }
    });
    out
}

fn empty_text(tab: Tab, total: usize) -> &'static str {
    match (tab, total) {
        (Tab::Open, 0) => "No problems: the model follows every DFD rule ThreatCanvas checks.",
        (Tab::Open, _) => "Nothing to show with these filters.",
        (Tab::Suppressed, _) => "Nothing is suppressed.",
    }
}

/// One finding: severity, rule id (its help), message (go to it), and Suppress… or, for a
/// suppressed one, its reason and Unsuppress.
fn row(ui: &mut egui::Ui, snapshot: &Snapshot<'_>, finding: &Finding, height: f32) -> Vec<Action> {
    let mut out = Vec::new();
    let message = finding.message(snapshot.model);
    let fill = if is_selected(snapshot, finding.primary()) {
        ui.visuals().selection.bg_fill.gamma_multiply(0.35)
    } else {
        egui::Color32::TRANSPARENT
    };
    egui::Frame::NONE.fill(fill).show(ui, |ui| {
        ui.horizontal_top(|ui| {
            ui.set_height(height);
            severity_icon(ui, finding.severity);
            let rule = finding.rule;
            if ui.link(rule.id).on_hover_text(format!("{}: open its help", rule.title)).clicked() {
                out.push(Action::ShowRuleHelp(Some(rule.id)));
            }
            let text = match &finding.suppressed {
                Some(reason) => format!("{message} — suppressed: {reason}"),
                None => message.clone(),
            };
            let width = (ui.available_width() - BUTTON_ROOM).max(40.0);
            let mut job = egui::text::LayoutJob::simple(
                text,
                egui::TextStyle::Body.resolve(ui.style()),
                ui.visuals().text_color(),
                width,
            );
            job.wrap.max_rows = MESSAGE_LINES;
            let clicked = ui
                .allocate_ui_with_layout(
                    egui::vec2(width, height),
                    egui::Layout::left_to_right(egui::Align::Min),
                    |ui| {
                        ui.add(egui::Label::new(job).wrap().sense(egui::Sense::click()))
                            .on_hover_text(format!("{message}\n\nClick to show it on the diagram."))
                            .clicked()
                    },
                )
                .inner;
            if clicked {
                out.push(Action::GoTo(finding.primary().clone()));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
                if finding.is_suppressed() {
                    if ui.small_button("Unsuppress").on_hover_text("Count this finding again").clicked() {
                        out.push(Action::Apply(commands::unsuppress_finding(
                            snapshot.model,
                            rule.id,
                            finding.primary(),
                        )));
                    }
                } else if ui.small_button("Suppress…").on_hover_text("Accept it here, with a written reason").clicked()
                {
                    out.push(Action::AskSuppress { rule: rule.id, subject: finding.primary().clone() });
                }
            });
        })
    });
    out
}

/// Whether the record a finding is about is selected, so its row stands out.
fn is_selected(snapshot: &Snapshot<'_>, subject: &Subject) -> bool {
    let view = snapshot.view;
    match subject {
        Subject::Element(id) => view.selection.contains(&Item::Element(id.clone())),
        Subject::Flow(id) => view.selection.contains(&Item::Flow(id.clone())),
        Subject::Boundary(id) => view.selection.contains(&Item::Boundary(id.clone())),
        Subject::Message(id) => view.selected_messages.contains(id),
        Subject::Model | Subject::Diagram(_) | Subject::Threat(_) => false,
    }
}

/// The status bar's count of findings, "2 errors · 5 warnings": a button that shows or hides
/// the problems panel.
pub fn status_count(ui: &mut egui::Ui, snapshot: &Snapshot<'_>) -> Option<Action> {
    let findings = snapshot.findings;
    let counts = findings.counts();
    let worst = if counts.errors > 0 {
        Some(Severity::Error)
    } else if counts.warnings > 0 {
        Some(Severity::Warning)
    } else {
        None
    };
    ui.horizontal(|ui| {
        if let Some(severity) = worst {
            severity_icon(ui, severity);
        }
        let shown = snapshot.view.panels.problems;
        let hover = format!(
            "{} and {} suppressed · click to {} the problems panel",
            count(counts.hints, "hint"),
            counts.suppressed,
            if shown { "hide" } else { "show" }
        );
        ui.add(egui::Button::new(findings.summary()).frame(false))
            .on_hover_text(hover)
            .clicked()
            .then_some(Action::SetProblemsPanel(!shown))
    })
    .inner
}

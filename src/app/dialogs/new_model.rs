//! "New model from the guided start": the questions of the guided start's first four steps
//! (what is the model called, what is in scope, who is involved, which approach; then the
//! components by kind), answered on two pages before anything is created.

use std::collections::BTreeMap;

use super::super::action::Action;
use super::super::first_model::{self, Component, ModelPlan};
use crate::model::{MAX_NAME_CHARS, MAX_TEXT_CHARS, Methodology};

/// The answers typed so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewModelDraft {
    /// On the components page (the second).
    components_page: bool,
    title: String,
    scope: String,
    /// One name per line.
    contributors: String,
    methodology: Methodology,
    /// Per kind, one name per line.
    components: BTreeMap<Component, String>,
}

impl NewModelDraft {
    /// The model the answers describe.
    #[must_use]
    pub fn plan(&self) -> ModelPlan {
        ModelPlan {
            title: self.title.clone(),
            scope: self.scope.clone(),
            contributors: first_model::names(&self.contributors),
            methodology: self.methodology,
            components: self.components.iter().map(|(kind, text)| (*kind, first_model::names(text))).collect(),
        }
    }
}

/// When to pick each approach, in a line.
const fn approach_hint(m: Methodology) -> &'static str {
    match m {
        Methodology::Stride => {
            "The default: per element, ask about spoofing, tampering, repudiation, disclosure, \
                                denial of service and elevation of privilege."
        }
        Methodology::Linddun => "For privacy: linking, identifying, detecting and disclosing personal data.",
        Methodology::Cia => "A quick pass: confidentiality, integrity, availability.",
        Methodology::CiaDie => "CIA plus distributed, immutable, ephemeral: for cloud-native systems.",
        Methodology::Plot4ai => "For systems that use AI or machine learning.",
        Methodology::Eop => "The Elevation of Privilege card game's suits, for web applications.",
        Methodology::Generic => "No categories: threats are written free-form.",
    }
}

/// Draws the questions; returns the plan when the user creates the model.
pub fn show(ctx: &egui::Context, draft: &mut NewModelDraft, escape: bool) -> Vec<Action> {
    let mut out = Vec::new();
    let mut cancel = escape;
    egui::Modal::new(egui::Id::unique("new_model_dialog")).show(ctx, |ui| {
        ui.set_width(600.0);
        if draft.components_page {
            components_page(ui, draft, &mut out, &mut cancel);
        } else {
            basics_page(ui, draft, &mut cancel);
        }
    });
    if cancel {
        return vec![Action::CloseDialog];
    }
    out
}

fn basics_page(ui: &mut egui::Ui, draft: &mut NewModelDraft, cancel: &mut bool) {
    ui.heading("New model from the guided start");
    ui.label(egui::RichText::new("1 of 2 · What are we working on?").strong());
    ui.add_space(4.0);
    let label = ui.label("Model title:");
    let title = ui
        .add(
            egui::TextEdit::singleline(&mut draft.title)
                .desired_width(f32::INFINITY)
                .char_limit(MAX_NAME_CHARS)
                .hint_text("e.g. Web shop checkout"),
        )
        .labelled_by(label.id);
    if ui.memory(|m| m.focused().is_none()) && draft.title.is_empty() {
        title.request_focus();
    }
    let label = ui.label("Scope: what is in, and what deliberately is not:");
    ui.add(
        egui::TextEdit::multiline(&mut draft.scope)
            .desired_rows(3)
            .desired_width(f32::INFINITY)
            .char_limit(MAX_TEXT_CHARS)
            .hint_text("Start small: one feature, one service, one change."),
    )
    .labelled_by(label.id);
    let label = ui.label("Who is involved (one name per line):");
    ui.add(
        egui::TextEdit::multiline(&mut draft.contributors)
            .desired_rows(3)
            .desired_width(f32::INFINITY)
            .char_limit(MAX_TEXT_CHARS)
            .hint_text("Lead developer, architect, DevOps, someone who knows the business"),
    )
    .labelled_by(label.id);
    ui.horizontal(|ui| {
        egui::ComboBox::from_label("Approach").selected_text(draft.methodology.label()).show_ui(ui, |ui| {
            for m in Methodology::ALL {
                ui.selectable_value(&mut draft.methodology, m, m.label());
            }
        });
    });
    ui.label(egui::RichText::new(approach_hint(draft.methodology)).weak());
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui.button("Next: the components").clicked() {
            draft.components_page = true;
        }
        *cancel |= ui.button("Cancel").clicked();
    });
}

fn components_page(ui: &mut egui::Ui, draft: &mut NewModelDraft, out: &mut Vec<Action>, cancel: &mut bool) {
    ui.heading("New model from the guided start");
    ui.label(egui::RichText::new("2 of 2 · The components, by kind (one name per line)").strong());
    ui.label(
        egui::RichText::new(
            "Each becomes an element on the first data-flow diagram. Leave a kind empty if the system has none; \
             you can add more on the canvas later.",
        )
        .weak(),
    );
    ui.add_space(4.0);
    egui::Grid::new("components").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
        for (i, kind) in Component::ALL.into_iter().enumerate() {
            ui.vertical(|ui| {
                ui.set_width(280.0);
                let label = ui.label(egui::RichText::new(kind.label()).strong());
                ui.add(
                    egui::TextEdit::multiline(draft.components.entry(kind).or_default())
                        .desired_rows(3)
                        .desired_width(f32::INFINITY)
                        .char_limit(MAX_TEXT_CHARS)
                        .hint_text(kind.examples().replace(", ", "\n")),
                )
                .labelled_by(label.id);
            });
            if i % 2 == 1 {
                ui.end_row();
            }
        }
    });
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui.button("Back").clicked() {
            draft.components_page = false;
        }
        if ui.button("Create model").clicked() {
            out.push(Action::CreateGuidedModel(Box::new(draft.plan())));
        }
        *cancel |= ui.button("Cancel").clicked();
    });
}

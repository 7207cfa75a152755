//! The applier's part for the live checks and the guided start: re-checking the model when it
//! changed, going to what a finding is about, the suppress dialog, the DFD do's and don'ts,
//! and creating a model from the guided start's questions.

use std::collections::BTreeSet;

use super::action::{Action, Pending, Reveal};
use super::dialogs::{Dialog, SuppressDraft};
use super::first_model::{self, ModelPlan};
use super::view::{RuleHelp, Tool};
use super::{Document, Editor};
use crate::edit::commands::Item;
use crate::model::{Subject, ThreatTarget};

impl Editor {
    /// Checks the model if it changed since the last check. A pointer drag edits the model on
    /// every frame but moves boxes only, which no check looks at: the findings wait for the
    /// drag to end, so live checking never costs a frame.
    pub(super) fn refresh_findings(&mut self) {
        if !self.canvas.is_dragging() {
            self.findings.refresh(self.doc.model(), self.doc.revision());
        }
    }

    /// Offers the guided start on a new, empty model, unless the user closed it before.
    pub(super) fn offer_guided_start(&mut self) {
        if self.doc.path().is_none() && self.doc.model().elements.is_empty() && !self.view.panels.guided_start_closed {
            self.view.panels.guided_start = true;
        }
    }

    /// Findings, their help, the suppress dialog, the guided start.
    pub(super) fn apply_to_checks(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::GoTo(subject) => self.go_to(ctx, &subject),
            Action::SetProblemsPanel(on) => self.view.panels.problems = on,
            Action::ShowRuleHelp(rule) => {
                let request = self.view.panels.rule_help.map_or(1, |h| h.request + 1);
                self.view.panels.rule_help = Some(RuleHelp { rule, request });
            }
            Action::CloseRuleHelp => self.view.panels.rule_help = None,
            Action::AskSuppress { rule, subject } => self.ask_suppress(rule, subject),
            Action::SetGuidedStart(on) => {
                self.view.panels.guided_start = on;
                self.view.panels.guided_start_closed |= !on;
            }
            Action::NewGuidedModel => self.guard_unsaved(ctx, Pending::GuidedModel),
            Action::CreateGuidedModel(plan) => self.create_guided_model(&plan),
            _ => {}
        }
    }

    /// Selects what `subject` names and centres it, on the shown diagram if it is there, else
    /// on the first diagram that shows it (through the find bar's [`Reveal`]). A threat selects
    /// the record it is on (whose panel lists it); the model as a whole shows the model's
    /// properties.
    fn go_to(&mut self, ctx: &egui::Context, subject: &Subject) {
        let model = self.doc.model();
        let item = match subject {
            Subject::Element(id) => Item::Element(id.clone()),
            Subject::Flow(id) => Item::Flow(id.clone()),
            Subject::Boundary(id) => Item::Boundary(id.clone()),
            Subject::Threat(id) => match model.threats.get(id).map(|t| &t.target) {
                Some(ThreatTarget::Element(id)) => Item::Element(id.clone()),
                Some(ThreatTarget::Flow(id)) => Item::Flow(id.clone()),
                Some(ThreatTarget::Boundary(id)) => Item::Boundary(id.clone()),
                None => return,
            },
            Subject::Message(id) => {
                let diagram = model.diagrams.iter().find(|d| super::actions::diagram_has_message(d, id));
                let Some(diagram) = diagram.map(|d| d.id.clone()) else { return };
                let reveal = Reveal { diagram: Some(diagram), items: BTreeSet::new(), messages: [id.clone()].into() };
                self.apply(ctx, Action::Reveal(reveal));
                return;
            }
            Subject::Diagram(id) => {
                if model.diagram(id).is_some() && self.view.diagram.as_ref() != Some(id) {
                    self.settle_gestures(ctx);
                    self.view.diagram = Some(id.clone());
                    self.view.tool = Tool::Select;
                }
                return;
            }
            Subject::Model => {
                self.view.selection.clear();
                self.view.selected_messages.clear();
                self.view.show_properties = true;
                "The model's properties are on the right".clone_into(&mut self.status);
                return;
            }
        };
        let shows = |d: &crate::model::Diagram| super::actions::diagram_shows(model, d, &item);
        let current = self.view.diagram.as_ref().and_then(|d| model.diagram(d)).filter(|d| shows(d));
        let diagram = current.or_else(|| model.diagrams.iter().find(|d| shows(d))).map(|d| d.id.clone());
        if diagram.is_none() {
            self.view.show_properties = true;
        }
        let on_no_diagram = diagram.is_none();
        let reveal = Reveal { diagram, items: [item].into(), messages: BTreeSet::new() };
        self.apply(ctx, Action::Reveal(reveal));
        if on_no_diagram {
            "It is on no diagram: its properties are on the right".clone_into(&mut self.status);
        }
        if matches!(subject, Subject::Threat(_)) {
            self.view.show_properties = true;
        }
    }

    /// Opens the dialog that asks why `rule` is suppressed on `subject`.
    fn ask_suppress(&mut self, rule: &'static str, subject: Subject) {
        let model = self.doc.model();
        let Some(finding) = self.findings.list().iter().find(|f| f.rule.id == rule && f.primary() == &subject) else {
            return;
        };
        let message = finding.message(model);
        self.dialog = Some(Dialog::Suppress(SuppressDraft::new(rule, subject, message)));
    }

    /// Replaces the document with a new one holding what the guided start's questions
    /// described: one undo step, not saved yet.
    fn create_guided_model(&mut self, plan: &ModelPlan) {
        let doc = Document::new_model();
        let tx = first_model::transaction(doc.model(), plan);
        self.dialog = None;
        self.replace_document(doc);
        self.execute(tx);
        self.view.panels.guided_start = true;
        self.canvas.request_fit();
        let n = self.doc.model().elements.len();
        self.status = format!(
            "New model from the guided start, with {n} component{}: draw the data flows between them next",
            if n == 1 { "" } else { "s" }
        );
    }
}

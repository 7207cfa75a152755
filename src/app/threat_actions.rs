//! The applier's part for threats: opening and closing the suggestions review, reading the
//! threat library folders again, showing the threat list, and going to what a threat is about.

use std::collections::BTreeSet;

use super::Editor;
use super::action::{Action, ReviewScope, ReviewTab};
use super::actions::diagram_shows;
use super::canvas::Framing;
use super::suggestions::Review;
use super::threat_labels::{item_of, target_name};
use super::threat_library::ThreatLibrary;
use super::view::Tool;
use crate::edit::commands::Item;
use crate::model::{DiagramView, MessageId, ThreatTarget};
use crate::threats::loader;

impl Editor {
    /// Applies a suggestions, library, threat list or go-to-target request.
    pub(super) fn apply_to_threats(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::ReviewSuggestions(scope, tab) => {
                let model = self.doc.model();
                let pending = match &scope {
                    ReviewScope::Model => self.library.suggestions().len(),
                    ReviewScope::Targets(set) => set.iter().map(|t| self.library.pending_on(t).len()).sum(),
                };
                let what = if matches!(scope, ReviewScope::Model) { "the model" } else { "the selection" };
                self.status = if tab == ReviewTab::Dismissed {
                    let dismissed = model.dismissed.keys().filter(|k| scope.includes(&k.target)).count();
                    format!("{dismissed} dismissed suggestion{} for {what}", if dismissed == 1 { "" } else { "s" })
                } else {
                    format!("{pending} threat suggestion{} for {what}", if pending == 1 { "" } else { "s" })
                };
                if let ReviewScope::Targets(set) = &scope
                    && let Some(out) = set.iter().find(|t| super::threat_labels::out_of_scope(model, t))
                {
                    let name = target_name(model, out);
                    self.status = format!("{} ({name} is out of scope)", self.status);
                }
                self.review = Some(Review::new(scope, tab));
            }
            Action::CloseReview => self.review = None,
            Action::ReloadThreatRules => {
                self.load_threat_library();
                let problems = self.library.problems().len();
                self.status = format!(
                    "Read {} threat rules{}",
                    self.library.library().len(),
                    match problems {
                        0 => String::new(),
                        1 => "; 1 library problem (see Threats ▸ Suggest threats)".to_owned(),
                        n => format!("; {n} library problems (see Threats ▸ Suggest threats)"),
                    }
                );
            }
            Action::SetThreatList(on) => self.view.show_threat_list = on,
            Action::ShowTarget(target) => self.show_target(ctx, &target),
            Action::ShowThreat(id) => {
                let Some(target) = self.doc.model().threats.get(&id).map(|t| t.target.clone()) else { return };
                self.show_target(ctx, &target);
                self.view.show_properties = true;
                self.view.reveal_threat = Some(id);
            }
            _ => {}
        }
    }

    /// Reads the library folders for the document's file: the shipped rules, the user's and
    /// the repository's. Suggestions are recomputed on the next frame.
    pub(super) fn load_threat_library(&mut self) {
        self.library = ThreatLibrary::new(loader::load_for(self.doc.path(), &[]));
    }

    /// " · 2 threat library problems (…)" when library files could not be used, else nothing:
    /// added to what the status bar says when a document opens.
    pub(super) fn library_note(&self) -> String {
        match self.library.problems().len() {
            0 => String::new(),
            1 => " · 1 threat library problem (Threats ▸ Suggest threats… lists it)".to_owned(),
            n => format!(" · {n} threat library problems (Threats ▸ Suggest threats… lists them)"),
        }
    }

    /// After Save As: a file saved into another repository uses that repository's rules.
    pub(super) fn library_follows_file(&mut self, before: Option<&std::path::Path>) {
        let folder = |p: Option<&std::path::Path>| p.and_then(loader::repository_folder);
        if folder(before) != folder(self.doc.path()) {
            self.load_threat_library();
        }
    }

    /// Selects `target` and centres it at the current zoom: on the shown diagram if it draws it, else on
    /// the first data-flow diagram that does, else on a sequence diagram carrying it.
    fn show_target(&mut self, ctx: &egui::Context, target: &ThreatTarget) {
        let model = self.doc.model();
        if !model.target_exists(target) {
            return;
        }
        let item = item_of(target);
        let current =
            self.view.diagram.as_ref().and_then(|d| model.diagram(d)).filter(|d| diagram_shows(model, d, &item));
        let dfd =
            || model.diagrams.iter().find(|d| matches!(d.view, DiagramView::Dfd(_)) && diagram_shows(model, d, &item));
        let any = || model.diagrams.iter().find(|d| diagram_shows(model, d, &item));
        let Some(diagram) = current.or_else(dfd).or_else(any) else {
            self.view.selection = [item].into();
            self.view.selected_messages.clear();
            self.status = format!("{} is on no diagram", target_name(model, target));
            return;
        };
        let diagram_id = diagram.id.clone();
        // On a sequence diagram a flow shows as the messages that carry it.
        let messages: BTreeSet<MessageId> = match (&diagram.view, &item) {
            (DiagramView::Sequence(s), Item::Flow(f)) => {
                s.messages.iter().filter(|m| m.flow.as_ref() == Some(f)).map(|m| m.id.clone()).take(1).collect()
            }
            _ => BTreeSet::new(),
        };
        if self.view.diagram.as_ref() != Some(&diagram_id) {
            self.settle_gestures(ctx);
            self.view.diagram = Some(diagram_id);
            self.view.tool = Tool::Select;
        }
        self.view.selection = [item].into();
        self.view.selected_messages = messages;
        self.canvas.frame_selection(Framing::Center);
    }
}

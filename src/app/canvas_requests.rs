//! The applier's part for what the canvas's menus and bars ask for: arranging the selection,
//! showing a found record, zooming to the selection, the find bar, and putting the keyboard in
//! the properties panel.

use std::collections::BTreeSet;

use super::Editor;
use super::action::{Action, Reveal};
use super::canvas::Framing;
use super::view::Tool;
use crate::edit::arrange::{self, Arrangement};
use crate::edit::commands;

impl Editor {
    /// Applies an arrange, reveal, zoom-to-selection, find or focus request.
    pub(super) fn apply_canvas_request(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Arrange(arrangement) => self.arrange(ctx, arrangement),
            Action::ZoomToSelection => {
                if self.view.selection.is_empty() && self.view.selected_messages.is_empty() {
                    "Nothing is selected: zoomed to fit the diagram".clone_into(&mut self.status);
                    self.canvas.request_fit();
                } else {
                    self.canvas.frame_selection(Framing::Fit);
                }
            }
            Action::OpenFind => self.canvas.open_find(),
            Action::Reveal(reveal) => self.reveal(ctx, reveal),
            Action::FocusProperties => {
                self.view.show_properties = true;
                self.view.focus_properties = true;
            }
            _ => {}
        }
    }

    /// Aligns or distributes the selected elements; the boundaries they land in follow, in the
    /// same undo step.
    fn arrange(&mut self, ctx: &egui::Context, arrangement: Arrangement) {
        let Some(diagram) = self.view.diagram.clone() else { return };
        self.settle_gestures(ctx);
        let elements = self.view.selected_elements();
        let tx = arrange::arrange(self.doc.model(), &diagram, &elements, arrangement);
        let label = arrangement.label();
        if tx.is_empty() {
            self.status = if elements.len() < arrangement.needs() {
                format!("{label}: select {} or more elements on a data-flow diagram", arrangement.needs())
            } else {
                format!("{label}: already so")
            };
            return;
        }
        self.doc.begin_gesture(label);
        self.execute(tx);
        let sync = commands::sync_membership(self.doc.model(), &diagram, &elements, &BTreeSet::new());
        self.execute(sync);
        self.doc.end_gesture();
        self.status = format!("{label}: {} elements", elements.len());
    }

    /// Switches to the diagram that draws what was found, selects it and centres it.
    fn reveal(&mut self, ctx: &egui::Context, reveal: Reveal) {
        if let Some(diagram) = reveal.diagram.filter(|d| self.doc.model().diagram(d).is_some())
            && self.view.diagram.as_ref() != Some(&diagram)
        {
            self.settle_gestures(ctx);
            self.view.diagram = Some(diagram);
            self.view.tool = Tool::Select;
        }
        self.view.selection = reveal.items;
        self.view.selected_messages = reveal.messages;
        self.prune_selection();
        self.canvas.frame_selection(Framing::Center);
    }
}

//! What the user asked for, applied after the UI pass: every model change goes through the
//! document's history here.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::dialogs::{Dialog, PathPurpose, Pending};
use super::{Editor, Tool, clipboard};
use crate::edit::Transaction;
use crate::edit::commands::{self, Item};
use crate::model::{BoundaryId, DiagramId, DiagramView, ElementId};

/// A user request, queued during the frame.
#[derive(Clone, Debug)]
pub enum Action {
    /// Apply a transaction as one undo step (or part of the open gesture).
    Execute(Transaction),
    /// After boxes moved on `diagram`: recompute boundary membership of these records.
    SyncMembership(DiagramId, BTreeSet<ElementId>, BTreeSet<BoundaryId>),
    /// Start merging transactions into one step.
    BeginGesture(String),
    /// Stop merging.
    EndGesture,
    /// Roll the open gesture back.
    CancelGesture,
    /// Undo.
    Undo,
    /// Redo.
    Redo,
    /// New model (asks about unsaved changes).
    New,
    /// Open a model: prompt for the path (asks about unsaved changes first).
    Open,
    /// Open this recent file (asks about unsaved changes first).
    OpenRecent(PathBuf),
    /// Save to the current path, or ask for one.
    Save,
    /// Ask for a path and save there.
    SaveAs,
    /// Export the current diagram.
    ExportSvg,
    /// Export the current diagram as PNG.
    ExportPng,
    /// Close the model (asks about unsaved changes) and start a new one.
    Close,
    /// Quit (asks about unsaved changes).
    Quit,
    /// Copy the selection to the clipboard.
    Copy,
    /// Copy, then delete.
    Cut,
    /// Paste clipboard text.
    Paste(String),
    /// Copy and paste in one go.
    Duplicate,
    /// Delete the selection with everything that depends on it.
    Delete,
    /// Select everything on the diagram.
    SelectAll,
    /// Select exactly these.
    Select(BTreeSet<Item>),
    /// Select one sequence message (and nothing else).
    SelectMessage(crate::model::MessageId),
    /// Add to the selection.
    AlsoSelect(Item),
    /// Add a sequence message to the selection, or take it out.
    ToggleMessage(crate::model::MessageId),
    /// Zoom the canvas in.
    ZoomIn,
    /// Zoom the canvas out.
    ZoomOut,
    /// Fit the diagram in the view.
    ZoomFit,
    /// New diagram (true: sequence).
    NewDiagram(bool),
    /// Ask for a new name for the current diagram.
    RenameDiagram,
    /// Delete the current diagram.
    DeleteDiagram,
    /// Show another diagram.
    SwitchDiagram(DiagramId),
    /// Start renaming the single selected item in place.
    RenameSelected,
    /// Switch dark theme on or off.
    ToggleTheme,
    /// Show a message in the status bar.
    Status(String),
}

impl Editor {
    /// Applies one action.
    #[allow(clippy::too_many_lines)] // one flat dispatch is easier to follow than many tiny ones
    pub(super) fn apply(&mut self, ctx: &egui::Context, action: Action) {
        if matches!(
            action,
            Action::New
                | Action::Open
                | Action::OpenRecent(_)
                | Action::Close
                | Action::Quit
                | Action::Save
                | Action::SaveAs
                | Action::ExportSvg
                | Action::ExportPng
        ) {
            // A name being typed in place belongs in what is saved or closed.
            self.settle_gestures();
        }
        match action {
            Action::Execute(tx) => {
                let label = tx.label.clone();
                if let Err(e) = self.doc.execute(tx) {
                    self.status = format!("{label} failed: {e}");
                }
                self.prune_selection();
            }
            Action::SyncMembership(diagram, elements, boundaries) => {
                let tx = commands::sync_membership(&self.doc.model, &diagram, &elements, &boundaries);
                let _ = self.doc.execute(tx);
            }
            Action::BeginGesture(label) => self.doc.history.begin_gesture(label),
            Action::EndGesture => self.doc.history.end_gesture(),
            Action::CancelGesture => {
                self.doc.cancel_gesture();
                self.prune_selection();
            }
            Action::Undo => {
                self.status = match self.doc.undo() {
                    Some(label) => format!("Undid {label}"),
                    None => "Nothing to undo".to_owned(),
                };
                self.prune_selection();
            }
            Action::Redo => {
                self.status = match self.doc.redo() {
                    Some(label) => format!("Redid {label}"),
                    None => "Nothing to redo".to_owned(),
                };
                self.prune_selection();
            }
            Action::New => self.guard_unsaved(ctx, Pending::New),
            Action::Open => self.guard_unsaved(ctx, Pending::OpenPrompt),
            Action::OpenRecent(path) => self.guard_unsaved(ctx, Pending::OpenPath(path)),
            Action::Close => self.guard_unsaved(ctx, Pending::New),
            Action::Quit => self.guard_unsaved(ctx, Pending::Quit),
            Action::Save => match self.doc.path.clone() {
                Some(path) => {
                    self.save_to(&path);
                }
                None => self.dialog = Some(Dialog::path(PathPurpose::SaveAs(None), self.suggested_path("json"))),
            },
            Action::SaveAs => self.dialog = Some(Dialog::path(PathPurpose::SaveAs(None), self.suggested_path("json"))),
            Action::ExportSvg => self.dialog = Some(Dialog::path(PathPurpose::ExportSvg, self.suggested_export("svg"))),
            Action::ExportPng => self.dialog = Some(Dialog::path(PathPurpose::ExportPng, self.suggested_export("png"))),
            Action::Copy => {
                self.copy(ctx);
            }
            Action::Cut => {
                if self.copy(ctx) {
                    self.apply(ctx, Action::Delete);
                }
            }
            Action::Paste(text) => self.paste(&text, clipboard::PASTE_OFFSET),
            Action::Duplicate => {
                if let Some(diagram) = &self.diagram
                    && let Some(text) = clipboard::copy(&self.doc.model, diagram, &self.selection)
                {
                    self.paste(&text, clipboard::PASTE_OFFSET);
                }
            }
            Action::Delete => {
                let count = self.selection.len().max(self.selected_messages.len());
                let sequence = self.diagram.as_ref().and_then(|d| match self.doc.model.diagram(d).map(|x| &x.view) {
                    Some(DiagramView::Sequence(view)) => Some((d.clone(), view.clone())),
                    _ => None,
                });
                let tx = if let Some((diagram, view)) = sequence {
                    // On a sequence diagram, Delete takes lifelines and messages off this
                    // diagram; the elements and flows stay in the model.
                    let mut pruned = view.clone();
                    pruned.messages.retain(|m| !self.selected_messages.contains(&m.id));
                    let elements: BTreeSet<ElementId> = self
                        .selection
                        .iter()
                        .filter_map(|i| if let Item::Element(e) = i { Some(e.clone()) } else { None })
                        .collect();
                    let pruned = commands::prune_sequence(&pruned, &elements, &BTreeSet::new());
                    let mut tx = Transaction::new("Delete");
                    if pruned != view {
                        tx.push(crate::edit::Edit::Sequence(diagram, Box::new(pruned)));
                    }
                    tx
                } else {
                    let items: Vec<Item> = self.selection.iter().cloned().collect();
                    commands::delete(&self.doc.model, &items)
                };
                if !tx.is_empty() {
                    let _ = self.doc.execute(tx);
                    self.status = format!("Deleted {count} item{}", if count == 1 { "" } else { "s" });
                }
                self.selection.clear();
                self.selected_messages.clear();
                self.prune_selection();
            }
            Action::SelectAll => self.select_all(),
            Action::Select(items) => {
                self.selection = items;
                self.selected_messages.clear();
            }
            Action::SelectMessage(id) => {
                self.selection.clear();
                self.selected_messages = [id].into();
            }
            Action::AlsoSelect(item) => {
                self.selection.insert(item);
            }
            Action::ToggleMessage(id) => {
                if !self.selected_messages.remove(&id) {
                    self.selected_messages.insert(id);
                }
                self.selection.retain(|i| !matches!(i, Item::Flow(_)));
            }
            Action::ZoomIn => self.canvas.zoom_by(1.25),
            Action::ZoomOut => self.canvas.zoom_by(0.8),
            Action::ZoomFit => self.canvas.request_fit(),
            Action::NewDiagram(sequence) => {
                let name = if sequence { "Sequence diagram" } else { "Data-flow diagram" };
                let (id, tx) = commands::add_diagram(&self.doc.model, name, sequence);
                let _ = self.doc.execute(tx);
                self.diagram = Some(id.clone());
                self.dialog = Some(Dialog::RenameDiagram { id, text: name.to_owned() });
            }
            Action::RenameDiagram => {
                if let Some(d) = self.diagram.as_ref().and_then(|id| self.doc.model.diagram(id)) {
                    self.dialog = Some(Dialog::RenameDiagram { id: d.id.clone(), text: d.name.clone() });
                }
            }
            Action::DeleteDiagram => {
                if let Some(id) = self.diagram.clone() {
                    let _ = self.doc.execute(commands::delete_diagram(&id));
                    self.diagram = self.doc.first_diagram();
                    self.status =
                        "Deleted the diagram (its elements stay in the model; Undo brings it back)".to_owned();
                }
            }
            Action::SwitchDiagram(id) => {
                self.settle_gestures();
                self.diagram = Some(id);
                // What was selected may not be on the new diagram; Delete must not reach it.
                self.selection.clear();
                self.selected_messages.clear();
                self.tool = Tool::Select;
            }
            Action::RenameSelected => {
                // A selected message comes with its flow selected: rename the message.
                if let [message] = self.selected_messages.iter().cloned().collect::<Vec<_>>().as_slice() {
                    let text = self.message_label(message);
                    self.canvas.start_rename(super::canvas::RenameTarget::Message(message.clone()), text);
                } else {
                    self.canvas.start_rename_selected(&self.doc.model, self.diagram.as_ref(), &self.selection);
                }
            }
            Action::Status(message) => self.status = message,
            Action::ToggleTheme => {
                self.settings.dark = !self.settings.dark;
                ctx.set_theme(if self.settings.dark { egui::Theme::Dark } else { egui::Theme::Light });
                self.settings.save();
            }
        }
    }

    /// Commits an in-place rename, rolls back a pointer gesture cut short, and closes any open
    /// undo gesture, so nothing typed is lost and later edits are not merged into it.
    pub(super) fn settle_gestures(&mut self) {
        self.commit_rename();
        if self.canvas.end_drag() {
            self.doc.cancel_gesture();
        }
        self.doc.history.end_gesture();
    }

    /// The text a message shows: its own, else its flow's name.
    pub(super) fn message_label(&self, id: &crate::model::MessageId) -> String {
        self.doc
            .model
            .diagrams
            .iter()
            .filter_map(|d| match &d.view {
                DiagramView::Sequence(s) => s.messages.iter().find(|m| &m.id == id),
                DiagramView::Dfd(_) => None,
            })
            .map(|m| {
                if m.text.is_empty() {
                    m.flow
                        .as_ref()
                        .and_then(|f| self.doc.model.flows.get(f))
                        .map(|f| f.name.clone())
                        .unwrap_or_default()
                } else {
                    m.text.clone()
                }
            })
            .next()
            .unwrap_or_default()
    }

    /// Runs `then` now, or first asks whether to save unsaved changes.
    fn guard_unsaved(&mut self, ctx: &egui::Context, then: Pending) {
        if self.doc.is_dirty() {
            self.dialog = Some(Dialog::Unsaved { then });
        } else {
            self.run_pending(ctx, then);
        }
    }

    /// Does what was asked once unsaved changes are dealt with.
    pub(super) fn run_pending(&mut self, ctx: &egui::Context, pending: Pending) {
        match pending {
            Pending::New => {
                self.replace_document(super::Document::new_model());
                self.status = "New model".to_owned();
            }
            Pending::OpenPrompt => {
                let folder = self.default_folder();
                self.dialog = Some(Dialog::path(PathPurpose::Open, folder.join("").display().to_string()));
            }
            Pending::OpenPath(path) => {
                if let Err(e) = self.open_path(&path) {
                    self.dialog = Some(Dialog::Error(e));
                }
            }
            Pending::Quit => {
                self.close_confirmed = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// Saves to `path`; errors are shown and nothing is lost.
    pub(super) fn save_to(&mut self, path: &std::path::Path) -> bool {
        match self.doc.save_to(path) {
            Ok(()) => {
                self.settings.add_recent(path);
                self.status = format!("Saved {}", path.display());
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::Error(e.to_string()));
                false
            }
        }
    }

    fn suggested_path(&self, ext: &str) -> String {
        match &self.doc.path {
            Some(p) => p.display().to_string(),
            None => {
                let stem = crate::cli::slug(&self.doc.model.meta.title);
                self.default_folder().join(format!("{stem}.{ext}")).display().to_string()
            }
        }
    }

    fn suggested_export(&self, ext: &str) -> String {
        let name = self
            .diagram
            .as_ref()
            .and_then(|d| self.doc.model.diagram(d))
            .map_or("diagram".to_owned(), |d| crate::cli::slug(&d.name));
        self.default_folder().join(format!("{name}.{ext}")).display().to_string()
    }

    fn copy(&mut self, ctx: &egui::Context) -> bool {
        let Some(diagram) = &self.diagram else {
            return false;
        };
        match clipboard::copy(&self.doc.model, diagram, &self.selection) {
            Some(text) => {
                ctx.copy_text(text);
                self.status =
                    format!("Copied {} item{}", self.selection.len(), if self.selection.len() == 1 { "" } else { "s" });
                true
            }
            None => {
                if !self.selection.is_empty() {
                    self.status =
                        "Copy takes elements and boundaries; flows come along when both their ends are copied"
                            .to_owned();
                }
                false
            }
        }
    }

    fn is_sequence(&self) -> bool {
        self.diagram
            .as_ref()
            .and_then(|d| self.doc.model.diagram(d))
            .is_some_and(|d| matches!(d.view, DiagramView::Sequence(_)))
    }

    fn paste(&mut self, text: &str, offset: i32) {
        let Some(diagram) = self.diagram.clone() else {
            return;
        };
        if self.is_sequence() {
            self.status = "Paste into a data-flow diagram; on a sequence diagram, add lifelines for existing elements from the toolbar".to_owned();
            return;
        }
        match clipboard::paste(&self.doc.model, &diagram, text, offset) {
            Some((tx, added)) => {
                let _ = self.doc.execute(tx);
                self.selection = added;
                self.status = "Pasted".to_owned();
            }
            None => self.status = "The clipboard holds no ThreatCanvas elements".to_owned(),
        }
    }

    fn select_all(&mut self) {
        let Some(diagram) = self.diagram.as_ref().and_then(|d| self.doc.model.diagram(d)) else {
            return;
        };
        match &diagram.view {
            DiagramView::Dfd(view) => {
                let mut items: BTreeSet<Item> = view.nodes.keys().cloned().map(Item::Element).collect();
                items.extend(view.boundaries.keys().cloned().map(Item::Boundary));
                items.extend(
                    self.doc
                        .model
                        .flows
                        .iter()
                        .filter(|(_, f)| view.nodes.contains_key(&f.source) && view.nodes.contains_key(&f.target))
                        .map(|(id, _)| Item::Flow(id.clone())),
                );
                self.selection = items;
            }
            DiagramView::Sequence(view) => {
                self.selection = view.lifelines.iter().cloned().map(Item::Element).collect();
                self.selected_messages = view.messages.iter().map(|m| m.id.clone()).collect();
            }
        }
    }
}

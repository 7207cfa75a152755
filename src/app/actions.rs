//! The applier: [`Editor::apply`] is the one place that changes the model (through the
//! document's history), does file I/O, and updates view state, after the UI pass.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::action::{Action, PathPurpose, Pending, UnsavedAnswer};
use super::canvas;
use super::clipboard;
use super::dialogs::Dialog;
use super::view::Tool;
use super::{Document, Editor};
use crate::edit::commands::{self, Item};
use crate::edit::{Touch, Transaction};
use crate::model::{DiagramView, MessageId, ThreatTarget};

impl Editor {
    /// Applies one action.
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
                | Action::ExportPdf
                | Action::ExportReport
                | Action::CopyImage
        ) {
            // A name being typed in place belongs in what is saved or closed.
            self.settle_gestures(ctx);
        }
        match action {
            Action::Apply(_)
            | Action::SyncMembership(..)
            | Action::BeginGesture(_)
            | Action::EndGesture
            | Action::CancelGesture
            | Action::Undo
            | Action::Redo => self.apply_to_model(action),
            Action::New
            | Action::Close
            | Action::Open
            | Action::OpenRecent(_)
            | Action::Quit
            | Action::Save
            | Action::SaveAs
            | Action::ExportSvg
            | Action::ExportPng
            | Action::SubmitPath(_)
            | Action::BrowseForPath
            | Action::AnswerUnsaved(_)
            | Action::CloseDialog => self.apply_to_files(ctx, action),
            Action::Copy
            | Action::Cut
            | Action::Paste(_)
            | Action::Duplicate
            | Action::Delete
            | Action::SelectAll
            | Action::Select(_)
            | Action::SelectMessage(_)
            | Action::AlsoSelect(_)
            | Action::ToggleMessage(_)
            | Action::RenameSelected => self.apply_to_selection(ctx, action),
            Action::SetTool(_)
            | Action::ZoomIn
            | Action::ZoomOut
            | Action::ZoomFit
            | Action::SetGrid(_)
            | Action::SetSnap(_)
            | Action::SetPropertiesPanel(_)
            | Action::SetLegend(_)
            | Action::SetDarkTheme(_)
            | Action::NewDiagram(_)
            | Action::RenameDiagram
            | Action::DeleteDiagram
            | Action::SwitchDiagram(_)
            | Action::Status(_) => self.apply_to_view(ctx, action),
            Action::Arrange(_)
            | Action::ZoomToSelection
            | Action::OpenFind
            | Action::Reveal(_)
            | Action::FocusProperties => self.apply_canvas_request(ctx, action),
            Action::Safekeeping(answer) => self.apply_safekeeping(ctx, answer),
            Action::Import
            | Action::OpenOrImport(_)
            | Action::ExportThreatDragon
            | Action::ExportOtm
            | Action::AutoLayout => self.apply_interchange(ctx, action),
            Action::ExportPdf | Action::ExportReport | Action::CopyImage | Action::SetExportChoices(_) => {
                self.apply_publish(action);
            }
            Action::CompareWith => self.ask_path(PathPurpose::Compare),
            Action::CloseCompare => self.close_compare(),
            Action::ReviewSuggestions(..)
            | Action::CloseReview
            | Action::ReloadThreatRules
            | Action::SetThreatList(_)
            | Action::ShowTarget(_)
            | Action::ShowThreat(_) => self.apply_to_threats(ctx, action),
            Action::GoTo(_)
            | Action::SetProblemsPanel(_)
            | Action::ShowRuleHelp(_)
            | Action::CloseRuleHelp
            | Action::AskSuppress { .. }
            | Action::SetGuidedStart(_)
            | Action::NewGuidedModel
            | Action::CreateGuidedModel(_) => self.apply_to_checks(ctx, action),
        }
    }

    /// Edits, gestures, undo and redo.
    fn apply_to_model(&mut self, action: Action) {
        match action {
            Action::Apply(tx) => self.execute(tx),
            Action::SyncMembership(diagram, elements, boundaries) => {
                let tx = commands::sync_membership(self.doc.model(), &diagram, &elements, &boundaries);
                self.execute(tx);
            }
            Action::BeginGesture(label) => self.doc.begin_gesture(label),
            Action::EndGesture => self.doc.end_gesture(),
            Action::CancelGesture => {
                if let Err(e) = self.doc.cancel_gesture() {
                    self.status = format!("Could not roll back: {e}");
                }
                self.prune_selection();
            }
            Action::Undo => {
                self.status = match self.doc.undo() {
                    Ok(Some(label)) => format!("Undid {label}"),
                    Ok(None) => "Nothing to undo".to_owned(),
                    Err(e) => format!("Could not undo: {e}"),
                };
                self.prune_selection();
                self.show_what_changed();
            }
            Action::Redo => {
                self.status = match self.doc.redo() {
                    Ok(Some(label)) => format!("Redid {label}"),
                    Ok(None) => "Nothing to redo".to_owned(),
                    Err(e) => format!("Could not redo: {e}"),
                };
                self.prune_selection();
                self.show_what_changed();
            }
            _ => {}
        }
    }

    /// New, open, save, export, quit and their dialogs.
    fn apply_to_files(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::New | Action::Close => self.guard_unsaved(ctx, Pending::New),
            Action::Open => self.guard_unsaved(ctx, Pending::OpenPrompt),
            Action::OpenRecent(path) => self.guard_unsaved(ctx, Pending::OpenPath(path)),
            Action::Quit => self.guard_unsaved(ctx, Pending::Quit),
            Action::Save => match self.doc.path().map(Path::to_path_buf) {
                Some(path) => {
                    self.save_to(&path);
                }
                None => self.ask_path(PathPurpose::SaveAs(None)),
            },
            Action::SaveAs => self.ask_path(PathPurpose::SaveAs(None)),
            Action::ExportSvg => self.ask_path(PathPurpose::ExportSvg),
            Action::ExportPng => self.ask_path(PathPurpose::ExportPng),
            Action::SubmitPath(path) => self.submit_path(ctx, &path),
            Action::BrowseForPath => self.browse_for_path(ctx),
            Action::AnswerUnsaved(answer) => self.answer_unsaved(ctx, answer),
            Action::CloseDialog => self.dialog = None,
            _ => {}
        }
    }

    /// The clipboard, Delete, selecting and renaming.
    fn apply_to_selection(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Copy => {
                self.copy(ctx);
            }
            Action::Cut if self.copy(ctx) => self.delete(),
            Action::Paste(text) => self.paste(&text),
            Action::Duplicate => {
                if let Some(diagram) = &self.view.diagram
                    && let Some(text) = clipboard::copy(self.doc.model(), diagram, &self.view.selection)
                {
                    self.paste(&text);
                }
            }
            Action::Delete => self.delete(),
            Action::SelectAll => self.select_all(),
            Action::Select(items) => {
                self.view.selection = items;
                self.view.selected_messages.clear();
            }
            Action::SelectMessage(id) => {
                self.view.selection.clear();
                self.view.selected_messages = [id].into();
            }
            Action::AlsoSelect(item) => {
                self.view.selection.insert(item);
            }
            Action::ToggleMessage(id) => {
                if !self.view.selected_messages.remove(&id) {
                    self.view.selected_messages.insert(id);
                }
                self.view.selection.retain(|i| !matches!(i, Item::Flow(_)));
            }
            Action::RenameSelected => {
                if let Some(rename) = canvas::rename_of_selection(self.doc.model(), &self.view) {
                    self.canvas.start_rename(rename);
                }
            }
            _ => {}
        }
    }

    /// Tools, the camera, view options, diagrams and the status bar.
    fn apply_to_view(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::SetTool(tool) => self.view.tool = tool,
            Action::ZoomIn => self.canvas.zoom_by(1.25),
            Action::ZoomOut => self.canvas.zoom_by(0.8),
            Action::ZoomFit => self.canvas.request_fit(),
            Action::SetGrid(on) => self.view.grid = on,
            Action::SetSnap(on) => self.view.snap = on,
            Action::SetPropertiesPanel(on) => self.view.show_properties = on,
            Action::SetLegend(on) => self.view.legend = on,
            Action::SetDarkTheme(on) => {
                self.settings.dark = on;
                ctx.set_theme(if on { egui::Theme::Dark } else { egui::Theme::Light });
                self.settings.save();
            }
            Action::NewDiagram(sequence) => {
                let name = if sequence { "Sequence diagram" } else { "Data-flow diagram" };
                let (id, tx) = commands::add_diagram(self.doc.model(), name, sequence);
                self.execute(tx);
                if self.doc.model().diagram(&id).is_some() {
                    self.view.diagram = Some(id.clone());
                    self.dialog = Some(Dialog::RenameDiagram { id, text: name.to_owned() });
                }
            }
            Action::RenameDiagram => {
                if let Some(d) = self.view.diagram.as_ref().and_then(|id| self.doc.model().diagram(id)) {
                    self.dialog = Some(Dialog::RenameDiagram { id: d.id.clone(), text: d.name.clone() });
                }
            }
            Action::DeleteDiagram => {
                if let Some(id) = self.view.diagram.clone() {
                    self.execute(commands::delete_diagram(self.doc.model(), &id));
                    self.view.diagram = self.doc.first_diagram();
                    "Deleted the diagram (its elements stay in the model; Undo brings it back)"
                        .clone_into(&mut self.status);
                }
            }
            Action::SwitchDiagram(id) => {
                self.settle_gestures(ctx);
                self.view.diagram = Some(id);
                // What was selected may not be on the new diagram; Delete must not reach it.
                self.view.selection.clear();
                self.view.selected_messages.clear();
                self.view.tool = Tool::Select;
            }
            Action::Status(message) => self.status = message,
            _ => {}
        }
    }

    /// Runs `tx` through the history; a failure is shown, never ignored.
    /// Every edit names itself in the status bar, so nothing changes unseen.
    pub(super) fn execute(&mut self, tx: Transaction) {
        let label = tx.label.clone();
        match self.doc.execute(tx) {
            Ok(true) if !label.is_empty() => self.status = label,
            Ok(_) => {}
            Err(e) => self.status = format!("{label} failed: {e}"),
        }
        self.prune_selection();
    }

    /// After undo or redo: select what changed, on a diagram that shows it, and bring it into
    /// view, so the user sees what the step did.
    fn show_what_changed(&mut self) {
        let model = self.doc.model();
        let mut items = BTreeSet::new();
        let mut messages = BTreeSet::new();
        for touch in self.doc.last_touched() {
            match touch {
                Touch::Element(id) | Touch::Node(_, id) if model.elements.contains_key(id) => {
                    items.insert(Item::Element(id.clone()));
                }
                Touch::Flow(id) | Touch::Bends(_, id) if model.flows.contains_key(id) => {
                    items.insert(Item::Flow(id.clone()));
                }
                Touch::Boundary(id) | Touch::BoundaryBox(_, id) if model.boundaries.contains_key(id) => {
                    items.insert(Item::Boundary(id.clone()));
                }
                Touch::Threat(target) if model.target_exists(target) => {
                    items.insert(match target {
                        ThreatTarget::Element(id) => Item::Element(id.clone()),
                        ThreatTarget::Flow(id) => Item::Flow(id.clone()),
                        ThreatTarget::Boundary(id) => Item::Boundary(id.clone()),
                    });
                }
                Touch::Message(_, id) => {
                    messages.insert(id.clone());
                }
                _ => {}
            }
        }
        if items.is_empty() && messages.is_empty() {
            return;
        }
        let shows = |d: &crate::model::Diagram| {
            items.iter().any(|i| diagram_shows(model, d, i)) || messages.iter().any(|m| diagram_has_message(d, m))
        };
        let current = self.view.diagram.as_ref().and_then(|d| model.diagram(d)).filter(|d| shows(d));
        let Some(diagram) = current.or_else(|| model.diagrams.iter().find(|d| shows(d))) else { return };
        let diagram_id = diagram.id.clone();
        let on_diagram: BTreeSet<Item> = items.into_iter().filter(|i| diagram_shows(model, diagram, i)).collect();
        let messages: BTreeSet<MessageId> = messages.into_iter().filter(|m| diagram_has_message(diagram, m)).collect();
        if self.view.diagram.as_ref() != Some(&diagram_id) {
            self.view.diagram = Some(diagram_id);
            self.view.tool = Tool::Select;
        }
        self.view.selection = on_diagram;
        self.view.selected_messages = messages;
        self.canvas.reveal_selection();
    }

    /// Commits an in-place rename, rolls back a pointer gesture cut short, and closes any open
    /// undo gesture, so nothing typed is lost and later edits are not merged into it.
    pub(super) fn settle_gestures(&mut self, ctx: &egui::Context) {
        if let Some(rename) = self.canvas.take_rename() {
            let actions = rename.commit(self.doc.model(), self.view.diagram.as_ref());
            for action in actions {
                self.apply(ctx, action);
            }
        }
        if self.canvas.end_drag()
            && let Err(e) = self.doc.cancel_gesture()
        {
            self.status = format!("Could not roll back: {e}");
        }
        self.doc.end_gesture();
    }

    /// Runs `then` now, or first asks whether to save unsaved changes.
    pub(super) fn guard_unsaved(&mut self, ctx: &egui::Context, then: Pending) {
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
                self.replace_document(Document::new_model());
                self.offer_guided_start();
                "New model".clone_into(&mut self.status);
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
            Pending::ImportPrompt => {
                let text = self.interchange_path(&PathPurpose::Import);
                self.dialog = Some(Dialog::path(PathPurpose::Import, text));
            }
            Pending::ImportPath(path) => {
                if let Err(e) = self.open_or_import(&path) {
                    self.dialog = Some(Dialog::Error(e));
                }
            }
            Pending::GuidedModel => self.dialog = Some(Dialog::NewModel(Box::default())),
            Pending::Quit => {
                self.close_cleanly();
                self.close_confirmed = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    fn answer_unsaved(&mut self, ctx: &egui::Context, answer: UnsavedAnswer) {
        let Some(Dialog::Unsaved { then }) = self.dialog.take() else { return };
        match answer {
            UnsavedAnswer::Save => {
                if let Some(path) = self.doc.path().map(Path::to_path_buf) {
                    self.keeping.after_save = Some(then.clone());
                    let saved = self.save_to(&path);
                    self.keeping.after_save = None;
                    if saved {
                        self.run_pending(ctx, then);
                    }
                } else {
                    let text = self.suggested_path("json");
                    self.dialog = Some(Dialog::path(PathPurpose::SaveAs(Some(then)), text));
                }
            }
            UnsavedAnswer::Discard => self.run_pending(ctx, then),
            UnsavedAnswer::Cancel => {}
        }
    }

    /// Opens the path dialog for `purpose`, prefilled with a sensible path.
    pub(super) fn ask_path(&mut self, purpose: PathPurpose) {
        let text = match &purpose {
            PathPurpose::Open => self.default_folder().join("").display().to_string(),
            PathPurpose::SaveAs(_) => self.suggested_path("json"),
            PathPurpose::ExportSvg => self.suggested_export("svg"),
            PathPurpose::ExportPng => self.suggested_export("png"),
            PathPurpose::Import | PathPurpose::ExportThreatDragon | PathPurpose::ExportOtm => {
                self.interchange_path(&purpose)
            }
            PathPurpose::ExportPdf => self.suggested_export("pdf"),
            PathPurpose::ExportReport => self.suggested_path("html").replace(".json", ".html"),
            PathPurpose::Compare => "HEAD".to_owned(),
        };
        self.dialog = Some(Dialog::path(purpose, text));
    }

    /// The path dialog's path was submitted: check it, then open, save or export. An error
    /// keeps the dialog open with the message.
    fn submit_path(&mut self, ctx: &egui::Context, path: &Path) {
        let Some(Dialog::Path { purpose, replace, .. }) = self.dialog.clone() else { return };
        let own_file = self.doc.path() == Some(path);
        let ok_label = if purpose == PathPurpose::Open {
            "Open"
        } else if purpose == PathPurpose::Import {
            "Import"
        } else if purpose == PathPurpose::Compare {
            "Compare"
        } else if matches!(purpose, PathPurpose::SaveAs(_)) {
            "Save"
        } else {
            "Export"
        };
        if path.as_os_str().is_empty() {
            self.dialog_error("Type a file path.".to_owned());
            return;
        }
        if purpose.writes() && path.is_file() && !own_file && replace.as_deref() != Some(path) {
            self.dialog_error(format!("{} already exists. Press {ok_label} again to replace it.", path.display()));
            if let Some(Dialog::Path { replace, .. }) = &mut self.dialog {
                *replace = Some(path.to_path_buf());
            }
            return;
        }
        self.dialog = None;
        let result = match &purpose {
            PathPurpose::Open => self.open_path(path),
            PathPurpose::SaveAs(then) => self.save_as(ctx, path, then.clone()),
            PathPurpose::Import => self.open_or_import(path),
            PathPurpose::ExportThreatDragon | PathPurpose::ExportOtm => self.export_interchange(&purpose, path),
            PathPurpose::ExportSvg | PathPurpose::ExportPng | PathPurpose::ExportPdf => {
                self.export_picture(&purpose, path)
            }
            PathPurpose::ExportReport => self.export_report(path),
            PathPurpose::Compare => self.compare_with(path),
        };
        if let Err(e) = result {
            let mut dialog = Dialog::Path { purpose, text: path.display().to_string(), error: None, replace };
            dialog.set_error(e);
            self.dialog = Some(dialog);
        }
    }

    fn dialog_error(&mut self, message: String) {
        if let Some(dialog) = &mut self.dialog {
            dialog.set_error(message);
        }
    }

    /// The system's file dialog for the open path dialog; `None` when cancelled or when none
    /// can open, which the dialog then says.
    fn browse_for_path(&mut self, ctx: &egui::Context) {
        let Some(Dialog::Path { purpose, text, .. }) = &self.dialog else { return };
        match native_dialog(purpose, text) {
            Some(path) => {
                if let Some(Dialog::Path { text, .. }) = &mut self.dialog {
                    *text = path.display().to_string();
                }
                self.submit_path(ctx, &path);
            }
            None => self.dialog_error(
                "No file chosen (or no system file dialog is available here): type the path above.".to_owned(),
            ),
        }
    }

    fn save_as(&mut self, ctx: &egui::Context, path: &Path, then: Option<Pending>) -> Result<(), String> {
        if path.is_dir() {
            return Err(format!("{} is a folder: add a file name", path.display()));
        }
        self.keeping.after_save.clone_from(&then);
        let may_save = self.may_save(path);
        self.keeping.after_save = None;
        if !may_save {
            return Ok(());
        }
        let before = self.doc.path().map(Path::to_path_buf);
        self.doc.save_to(path).map_err(|e| e.to_string())?;
        self.library_follows_file(before.as_deref());
        self.saved();
        self.settings.add_recent(path);
        self.status = format!("Saved {}", path.display());
        if let Some(then) = then {
            self.run_pending(ctx, then);
        }
        Ok(())
    }

    /// Saves to `path`; errors are shown and nothing is lost.
    fn save_to(&mut self, path: &Path) -> bool {
        if !self.may_save(path) {
            return false;
        }
        match self.doc.save_to(path) {
            Ok(()) => {
                self.saved();
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

    /// The model's own file, else a name made from its title in the default folder; never the
    /// other tool's file an unsaved import came from (saving there would write over it).
    fn suggested_path(&self, ext: &str) -> String {
        if let Some(p) = self.doc.path() {
            return p.display().to_string();
        }
        let stem = crate::export::slug(&self.doc.model().meta.title);
        let mut path = self.default_folder().join(format!("{stem}.{ext}"));
        if self.doc.imported_from() == Some(path.as_path()) {
            path = self.default_folder().join(format!("{stem}.threatcanvas.{ext}"));
        }
        path.display().to_string()
    }

    fn suggested_export(&self, ext: &str) -> String {
        let name = self
            .view
            .diagram
            .as_ref()
            .and_then(|d| self.doc.model().diagram(d))
            .map_or("diagram".to_owned(), |d| crate::export::slug(&d.name));
        self.default_folder().join(format!("{name}.{ext}")).display().to_string()
    }

    fn copy(&mut self, ctx: &egui::Context) -> bool {
        let Some(diagram) = &self.view.diagram else {
            return false;
        };
        let selection = &self.view.selection;
        if let Some(text) = clipboard::copy(self.doc.model(), diagram, selection) {
            ctx.copy_text(text);
            self.status = format!("Copied {} item{}", selection.len(), if selection.len() == 1 { "" } else { "s" });
            true
        } else {
            if !selection.is_empty() {
                "Copy takes elements and boundaries; flows come along when both their ends are copied"
                    .clone_into(&mut self.status);
            }
            false
        }
    }

    fn paste(&mut self, text: &str) {
        let Some(diagram) = self.view.diagram.clone() else {
            return;
        };
        if self.view.is_sequence(self.doc.model()) {
            "Paste into a data-flow diagram; on a sequence diagram, add lifelines for existing elements from the toolbar".clone_into(&mut self.status);
            return;
        }
        match clipboard::paste(self.doc.model(), &diagram, text, clipboard::PASTE_OFFSET) {
            Some((tx, added)) => {
                self.execute(tx);
                self.view.selection = added;
                "Pasted".clone_into(&mut self.status);
            }
            None => "The clipboard holds no ThreatCanvas elements".clone_into(&mut self.status),
        }
    }

    /// Delete: on a DFD, the selection with everything that depends on it; on a sequence
    /// diagram, the selected lifelines and messages from this diagram only (the elements and
    /// flows stay in the model).
    fn delete(&mut self) {
        let view = &self.view;
        let count = view.selection.len().max(view.selected_messages.len());
        let model = self.doc.model();
        let sequence = view.diagram.as_ref().and_then(|d| match model.diagram(d).map(|x| &x.view) {
            Some(DiagramView::Sequence(seq)) => Some((d.clone(), seq)),
            _ => None,
        });
        let tx = if let Some((diagram, _)) = sequence {
            let lifelines = view.selected_elements();
            match crate::edit::sequence::delete_from_sequence(model, &diagram, &lifelines, &view.selected_messages) {
                Ok(tx) => tx,
                Err(e) => {
                    self.status = e.to_string();
                    return;
                }
            }
        } else {
            let items: Vec<Item> = view.selection.iter().cloned().collect();
            commands::delete(model, &items)
        };
        if !tx.is_empty() {
            self.execute(tx);
            self.status = format!("Deleted {count} item{}", if count == 1 { "" } else { "s" });
        }
        self.view.selection.clear();
        self.view.selected_messages.clear();
        self.prune_selection();
    }

    fn select_all(&mut self) {
        let model = self.doc.model();
        let Some(diagram) = self.view.diagram.as_ref().and_then(|d| model.diagram(d)) else {
            return;
        };
        match &diagram.view {
            DiagramView::Dfd(view) => {
                let mut items: BTreeSet<Item> = view.nodes.keys().cloned().map(Item::Element).collect();
                items.extend(view.boundaries.keys().cloned().map(Item::Boundary));
                items.extend(
                    model
                        .flows
                        .iter()
                        .filter(|(_, f)| view.nodes.contains_key(&f.source) && view.nodes.contains_key(&f.target))
                        .map(|(id, _)| Item::Flow(id.clone())),
                );
                self.view.selection = items;
            }
            DiagramView::Sequence(view) => {
                self.view.selection = view.lifelines.iter().cloned().map(Item::Element).collect();
                self.view.selected_messages = view.messages.iter().map(|m| m.id.clone()).collect();
            }
        }
    }

    /// Drops ids that no longer exist from the selection (after undo, redo, delete).
    pub(super) fn prune_selection(&mut self) {
        let m = self.doc.model();
        self.view.selection.retain(|item| match item {
            Item::Element(id) => m.elements.contains_key(id),
            Item::Flow(id) => m.flows.contains_key(id),
            Item::Boundary(id) => m.boundaries.contains_key(id),
        });
        let messages: BTreeSet<&MessageId> = m
            .diagrams
            .iter()
            .filter_map(|d| match &d.view {
                DiagramView::Sequence(s) => Some(s.messages.iter().map(|x| &x.id)),
                DiagramView::Dfd(_) => None,
            })
            .flatten()
            .collect();
        self.view.selected_messages.retain(|id| messages.contains(id));
        if self.view.diagram.as_ref().is_none_or(|d| m.diagram(d).is_none()) {
            self.view.diagram = self.doc.first_diagram();
        }
    }

    /// The default folder for file dialogs: the model's folder, else the current one.
    pub(super) fn default_folder(&self) -> PathBuf {
        self.doc
            .path()
            .or_else(|| self.doc.imported_from())
            .and_then(Path::parent)
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| std::env::current_dir().unwrap_or_default(), Path::to_path_buf)
    }
}

/// The system's file dialog; `None` when cancelled or when none can open.
fn native_dialog(purpose: &PathPurpose, current: &str) -> Option<PathBuf> {
    let start = PathBuf::from(current);
    let folder = if start.is_dir() { Some(start.clone()) } else { start.parent().map(Path::to_path_buf) };
    let mut dialog = rfd::FileDialog::new();
    if let Some(folder) = folder.filter(|f| f.is_dir()) {
        dialog = dialog.set_directory(folder);
    }
    let file_name =
        |fallback: &str| start.file_name().map_or_else(|| fallback.to_owned(), |n| n.to_string_lossy().into_owned());
    match purpose {
        PathPurpose::Open | PathPurpose::Compare => dialog.add_filter("ThreatCanvas model", &["json"]).pick_file(),
        PathPurpose::SaveAs(_) => {
            dialog.add_filter("ThreatCanvas model", &["json"]).set_file_name(file_name("model.json")).save_file()
        }
        PathPurpose::ExportSvg => {
            dialog.add_filter("SVG image", &["svg"]).set_file_name(file_name("diagram.svg")).save_file()
        }
        PathPurpose::ExportPng => {
            dialog.add_filter("PNG image", &["png"]).set_file_name(file_name("diagram.png")).save_file()
        }
        PathPurpose::Import | PathPurpose::ExportThreatDragon | PathPurpose::ExportOtm => {
            super::interchange::native_dialog(purpose, dialog, &file_name("model.json"))
        }
        PathPurpose::ExportPdf => {
            dialog.add_filter("PDF document", &["pdf"]).set_file_name(file_name("diagram.pdf")).save_file()
        }
        PathPurpose::ExportReport => dialog
            .add_filter("HTML report", &["html"])
            .add_filter("Markdown report", &["md"])
            .set_file_name(file_name("report.html"))
            .save_file(),
    }
}

/// Whether diagram `d` shows `item`: a box on a DFD (a flow when both its ends are placed), a
/// lifeline on a sequence diagram (a flow when a message carries it).
pub(super) fn diagram_shows(model: &crate::model::Model, d: &crate::model::Diagram, item: &Item) -> bool {
    match (&d.view, item) {
        (DiagramView::Dfd(v), Item::Element(id)) => v.nodes.contains_key(id),
        (DiagramView::Dfd(v), Item::Boundary(id)) => v.boundaries.contains_key(id),
        (DiagramView::Dfd(v), Item::Flow(id)) => {
            model.flows.get(id).is_some_and(|f| v.nodes.contains_key(&f.source) && v.nodes.contains_key(&f.target))
        }
        (DiagramView::Sequence(s), Item::Element(id)) => s.lifelines.contains(id),
        (DiagramView::Sequence(s), Item::Flow(id)) => s.messages.iter().any(|m| m.flow.as_ref() == Some(id)),
        (DiagramView::Sequence(_), Item::Boundary(_)) => false,
    }
}

pub(super) fn diagram_has_message(d: &crate::model::Diagram, id: &MessageId) -> bool {
    matches!(&d.view, DiagramView::Sequence(s) if s.message(id).is_some())
}

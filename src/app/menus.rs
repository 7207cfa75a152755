//! The menu bar and the keyboard shortcuts; every menu item shows its shortcut.

use egui::{Key, KeyboardShortcut, Modifiers};

use super::action::{Action, ReviewScope, ReviewTab, Safekeeping};
use super::view::{Snapshot, Tool};
use crate::edit::arrange::{Alignment, Arrangement, Axis};
use crate::model::ElementKindTag;

const fn cmd(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}
const fn cmd_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
}
const fn plain(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

pub const NEW: KeyboardShortcut = cmd(Key::N);
pub const OPEN: KeyboardShortcut = cmd(Key::O);
pub const SAVE: KeyboardShortcut = cmd(Key::S);
pub const SAVE_AS: KeyboardShortcut = cmd_shift(Key::S);
pub const EXPORT_SVG: KeyboardShortcut = cmd(Key::E);
pub const EXPORT_PNG: KeyboardShortcut = cmd_shift(Key::E);
pub const COPY_IMAGE: KeyboardShortcut = cmd_shift(Key::C);
pub const CLOSE: KeyboardShortcut = cmd(Key::W);
pub const QUIT: KeyboardShortcut = cmd(Key::Q);
pub const UNDO: KeyboardShortcut = cmd(Key::Z);
pub const REDO: KeyboardShortcut = cmd_shift(Key::Z);
pub const REDO_Y: KeyboardShortcut = cmd(Key::Y);
pub const DUPLICATE: KeyboardShortcut = cmd(Key::D);
pub const SELECT_ALL: KeyboardShortcut = cmd(Key::A);
pub const ZOOM_IN: KeyboardShortcut = cmd(Key::Equals);
pub const ZOOM_IN_PLUS: KeyboardShortcut = cmd(Key::Plus);
pub const ZOOM_OUT: KeyboardShortcut = cmd(Key::Minus);
pub const ZOOM_FIT: KeyboardShortcut = cmd(Key::Num0);
pub const ZOOM_SELECTION: KeyboardShortcut = cmd(Key::Num2);
pub const FIND: KeyboardShortcut = cmd(Key::F);
pub const RENAME: KeyboardShortcut = plain(Key::F2);
pub const PROPERTIES: KeyboardShortcut = plain(Key::F4);
pub const DELETE: KeyboardShortcut = plain(Key::Delete);
pub const NEW_DFD: KeyboardShortcut = cmd_shift(Key::D);
pub const NEW_SEQUENCE: KeyboardShortcut = cmd_shift(Key::N);
pub const NEXT_DIAGRAM: KeyboardShortcut = cmd(Key::PageDown);
pub const PREV_DIAGRAM: KeyboardShortcut = cmd(Key::PageUp);
pub const INSERT_PROCESS: KeyboardShortcut = plain(Key::P);
pub const INSERT_ENTITY: KeyboardShortcut = plain(Key::E);
pub const INSERT_STORE: KeyboardShortcut = plain(Key::S);
pub const INSERT_BOUNDARY: KeyboardShortcut = plain(Key::B);
pub const CONNECT: KeyboardShortcut = plain(Key::C);
pub const IMPORT: KeyboardShortcut = cmd(Key::I);
pub const AUTO_LAYOUT: KeyboardShortcut = cmd_shift(Key::L);
pub const SUGGEST_THREATS: KeyboardShortcut = cmd_shift(Key::T);
pub const THREAT_LIST: KeyboardShortcut = cmd(Key::T);
pub const PROBLEMS: KeyboardShortcut = cmd_shift(Key::M);
pub const NEXT_PROBLEM: KeyboardShortcut = plain(Key::F8);
pub const RULE_HELP: KeyboardShortcut = plain(Key::F1);

/// What the canvas is doing, for shortcuts that must wait for it.
#[derive(Clone, Copy, Debug, Default)]
pub struct CanvasBusy {
    /// A pointer gesture is under way.
    pub dragging: bool,
    /// An in-place rename has the keyboard.
    pub renaming: bool,
}

/// The live checks' shortcuts: the problems panel, the DFD do's and don'ts, the next problem.
fn check_shortcuts(fire: &dyn Fn(&KeyboardShortcut) -> bool, snapshot: &Snapshot<'_>, out: &mut Vec<Action>) {
    if fire(&PROBLEMS) {
        out.push(Action::SetProblemsPanel(!snapshot.view.panels.problems));
    }
    if fire(&RULE_HELP) {
        out.push(if snapshot.view.panels.rule_help.is_some() {
            Action::CloseRuleHelp
        } else {
            Action::ShowRuleHelp(None)
        });
    }
    if fire(&NEXT_PROBLEM) {
        out.extend(next_problem(snapshot));
    }
}

/// The shortcuts of the whole window, turned into actions. Single-key shortcuts only act when
/// no text field has the keyboard.
pub fn shortcuts(ctx: &egui::Context, snapshot: &Snapshot<'_>, busy: CanvasBusy) -> Vec<Action> {
    let mut out = Vec::new();
    // Only a text field owns the keyboard; a focused button or checkbox (after Tab) does not.
    let typing = ctx.text_edit_focused();
    let fire = |shortcut: &KeyboardShortcut| ctx.input_mut(|i| i.consume_shortcut(shortcut));
    // Shift variants first: egui matches Ctrl+S against Ctrl+Shift+S too.
    let global: [(KeyboardShortcut, Action); 22] = [
        (NEW_DFD, Action::NewDiagram(false)),
        (NEW_SEQUENCE, Action::NewDiagram(true)),
        (SAVE_AS, Action::SaveAs),
        (SAVE, Action::Save),
        (NEW, Action::New),
        (OPEN, Action::Open),
        (EXPORT_PNG, Action::ExportPng),
        (EXPORT_SVG, Action::ExportSvg),
        (CLOSE, Action::Close),
        (QUIT, Action::Quit),
        (REDO, Action::Redo),
        (UNDO, Action::Undo),
        (REDO_Y, Action::Redo),
        (ZOOM_IN, Action::ZoomIn),
        (ZOOM_IN_PLUS, Action::ZoomIn),
        (ZOOM_OUT, Action::ZoomOut),
        (ZOOM_FIT, Action::ZoomFit),
        (ZOOM_SELECTION, Action::ZoomToSelection),
        (FIND, Action::OpenFind),
        (IMPORT, Action::Import),
        (SUGGEST_THREATS, Action::ReviewSuggestions(ReviewScope::Model, ReviewTab::Pending)),
        (THREAT_LIST, Action::SetThreatList(!snapshot.view.show_threat_list)),
    ];
    for (shortcut, action) in global {
        // Undo inside a text field is the field's own undo; during a drag it would fight the drag.
        if (typing || busy.dragging) && matches!(action, Action::Undo | Action::Redo) {
            continue;
        }
        if fire(&shortcut) {
            out.push(action);
        }
    }
    // Not during a drag: the layout would fight the boxes being moved.
    if !busy.dragging && fire(&AUTO_LAYOUT) {
        out.push(Action::AutoLayout);
    }
    check_shortcuts(&fire, snapshot, &mut out);
    if fire(&PROPERTIES) {
        out.push(Action::SetPropertiesPanel(!snapshot.view.show_properties));
        // A field being typed into may disappear with the panel: close its undo step.
        out.push(Action::EndGesture);
    }
    for (shortcut, forward) in [(NEXT_DIAGRAM, true), (PREV_DIAGRAM, false)] {
        if fire(&shortcut) {
            let diagrams = &snapshot.model.diagrams;
            if let Some(i) = snapshot.view.diagram.as_ref().and_then(|d| diagrams.iter().position(|x| &x.id == d)) {
                let n = diagrams.len();
                let next = if forward { (i + 1) % n } else { (i + n - 1) % n };
                out.push(Action::SwitchDiagram(diagrams[next].id.clone()));
            }
        }
    }
    // The threat list's rows have the keyboard: Delete, arrows and letters are theirs.
    let list_keys = ctx.memory(|m| m.has_focus(super::view::threat_list_keys()));
    if typing || busy.renaming || list_keys {
        return out;
    }
    for (shortcut, action) in
        [(DUPLICATE, Action::Duplicate), (SELECT_ALL, Action::SelectAll), (RENAME, Action::RenameSelected)]
    {
        if fire(&shortcut) {
            out.push(action);
        }
    }
    if fire(&DELETE) || fire(&plain(Key::Backspace)) {
        out.push(Action::Delete);
    }
    for (shortcut, tool) in [
        (INSERT_PROCESS, Tool::Place(ElementKindTag::Process)),
        (INSERT_ENTITY, Tool::Place(ElementKindTag::ExternalEntity)),
        (INSERT_STORE, Tool::Place(ElementKindTag::DataStore)),
        (INSERT_BOUNDARY, Tool::PlaceBoundary),
        (CONNECT, Tool::Connect),
    ] {
        if fire(&shortcut) {
            if snapshot.view.is_sequence(snapshot.model) && matches!(tool, Tool::PlaceBoundary | Tool::Connect) {
                out.push(Action::Status(
                    "On a sequence diagram, boundaries follow membership and messages are drawn between lifelines"
                        .to_owned(),
                ));
            } else {
                out.push(Action::SetTool(if snapshot.view.tool == tool { Tool::Select } else { tool }));
            }
        }
    }
    // Ctrl+Shift+C also arrives as a Copy event (the platform layer ignores Shift): that one is
    // the picture, not the records.
    let copy_image = fire(&COPY_IMAGE);
    if copy_image {
        out.push(Action::CopyImage);
    }
    let events = ctx.input(|i| i.events.clone());
    for event in events {
        match event {
            egui::Event::Copy if copy_image => {}
            egui::Event::Copy => out.push(Action::Copy),
            egui::Event::Cut => out.push(Action::Cut),
            egui::Event::Paste(text) => out.push(Action::Paste(text)),
            _ => {}
        }
    }
    out
}

fn item(ui: &mut egui::Ui, label: &str, shortcut: Option<&KeyboardShortcut>, enabled: bool) -> bool {
    let mut button = egui::Button::new(label);
    if let Some(s) = shortcut {
        button = button.shortcut_text(ui.ctx().format_shortcut(s));
    }
    ui.add_enabled(enabled, button).clicked()
}

/// The menu bar; returns what the user chose.
pub fn menu_bar(ui: &mut egui::Ui, snapshot: &Snapshot<'_>) -> Vec<Action> {
    let mut out = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| file_menu(ui, snapshot, &mut out));
        ui.menu_button("Edit", |ui| edit_menu(ui, snapshot, &mut out));
        ui.menu_button("Insert", |ui| insert_menu(ui, &mut out));
        ui.menu_button("Arrange", |ui| arrange_menu(ui, snapshot, &mut out));
        ui.menu_button("View", |ui| view_menu(ui, snapshot, &mut out));
        ui.menu_button("Threats", |ui| threats_menu(ui, snapshot, &mut out));
        ui.menu_button("Diagram", |ui| diagram_menu(ui, snapshot, &mut out));
        ui.menu_button("Help", |ui| help_menu(ui, snapshot, &mut out));
    });
    out
}

/// F8: goes to the first error or warning after the selected record (in the problems panel's
/// order), wrapping around, and shows the problems panel.
fn next_problem(snapshot: &Snapshot<'_>) -> Vec<Action> {
    use crate::model::Subject;
    use crate::rules::Severity;
    let list = snapshot.findings.list();
    let counted: Vec<&Subject> =
        list.iter().filter(|f| f.fails(Severity::Warning)).map(crate::rules::Finding::primary).collect();
    let selected = |s: &Subject| match s {
        Subject::Element(id) => snapshot.view.selection.contains(&crate::edit::commands::Item::Element(id.clone())),
        Subject::Flow(id) => snapshot.view.selection.contains(&crate::edit::commands::Item::Flow(id.clone())),
        Subject::Boundary(id) => snapshot.view.selection.contains(&crate::edit::commands::Item::Boundary(id.clone())),
        Subject::Message(id) => snapshot.view.selected_messages.contains(id),
        _ => false,
    };
    let after = counted.iter().rposition(|s| selected(s)).map_or(0, |i| i + 1);
    let next = counted.iter().skip(after).chain(counted.iter()).find(|s| !selected(s));
    match next {
        Some(subject) => vec![Action::SetProblemsPanel(true), Action::GoTo((*subject).clone())],
        None => vec![Action::Status("No errors or warnings".to_owned())],
    }
}

fn help_menu(ui: &mut egui::Ui, snapshot: &Snapshot<'_>, out: &mut Vec<Action>) {
    act(ui, out, "DFD do's and don'ts", Some(&RULE_HELP), Action::ShowRuleHelp(None));
    let mut guided = snapshot.view.panels.guided_start;
    if ui.checkbox(&mut guided, "Guided start").clicked() {
        out.push(Action::SetGuidedStart(guided));
    }
}

/// Proposes `action` when the menu item is clicked.
fn act(ui: &mut egui::Ui, out: &mut Vec<Action>, label: &str, shortcut: Option<&KeyboardShortcut>, action: Action) {
    if item(ui, label, shortcut, true) {
        out.push(action);
    }
}

fn file_menu(ui: &mut egui::Ui, snapshot: &Snapshot<'_>, out: &mut Vec<Action>) {
    act(ui, out, "New", Some(&NEW), Action::New);
    act(ui, out, "New model from guided start…", None, Action::NewGuidedModel);
    act(ui, out, "Open…", Some(&OPEN), Action::Open);
    let recent = snapshot.recent;
    ui.add_enabled_ui(!recent.is_empty(), |ui| {
        ui.menu_button("Open Recent", |ui| {
            for path in recent {
                if ui.button(path.display().to_string()).clicked() {
                    out.push(Action::OpenRecent(path.clone()));
                }
            }
        });
    });
    act(ui, out, "Import from Threat Dragon or OTM…", Some(&IMPORT), Action::Import);
    ui.separator();
    act(ui, out, "Save", Some(&SAVE), Action::Save);
    act(ui, out, "Save As…", Some(&SAVE_AS), Action::SaveAs);
    act(ui, out, "Recover Unsaved Work…", None, Action::Safekeeping(Safekeeping::ShowRecovery));
    ui.separator();
    act(ui, out, "Export SVG…", Some(&EXPORT_SVG), Action::ExportSvg);
    act(ui, out, "Export PNG…", Some(&EXPORT_PNG), Action::ExportPng);
    act(ui, out, "Export to Threat Dragon…", None, Action::ExportThreatDragon);
    act(ui, out, "Export to OTM…", None, Action::ExportOtm);
    act(ui, out, "Export PDF…", None, Action::ExportPdf);
    act(ui, out, "Export Report…", None, Action::ExportReport);
    ui.separator();
    act(ui, out, "Close", Some(&CLOSE), Action::Close);
    act(ui, out, "Quit", Some(&QUIT), Action::Quit);
}

fn edit_menu(ui: &mut egui::Ui, snapshot: &Snapshot<'_>, out: &mut Vec<Action>) {
    let view = snapshot.view;
    let undo = snapshot.undo_label.map_or("Undo".to_owned(), |l| format!("Undo {l}"));
    let redo = snapshot.redo_label.map_or("Redo".to_owned(), |l| format!("Redo {l}"));
    let has_selection = !view.selection.is_empty() || !view.selected_messages.is_empty();
    let entries: [(String, Option<KeyboardShortcut>, bool, Action); 5] = [
        (undo, Some(UNDO), snapshot.undo_label.is_some(), Action::Undo),
        (redo, Some(REDO), snapshot.redo_label.is_some(), Action::Redo),
        ("Duplicate".to_owned(), Some(DUPLICATE), has_selection, Action::Duplicate),
        ("Delete".to_owned(), Some(DELETE), has_selection, Action::Delete),
        ("Select All".to_owned(), Some(SELECT_ALL), true, Action::SelectAll),
    ];
    for (i, (label, shortcut, enabled, action)) in entries.into_iter().enumerate() {
        if i == 2 {
            ui.separator();
            out.extend(clipboard_items(ui, has_selection));
        }
        if item(ui, &label, shortcut.as_ref(), enabled) {
            out.push(action);
        }
    }
    ui.separator();
    let one = view.selection.len() == 1 || view.selected_messages.len() == 1;
    if item(ui, "Rename", Some(&RENAME), one) {
        out.push(Action::RenameSelected);
    }
    ui.separator();
    let what = if has_selection { "Copy Selection as Image" } else { "Copy Diagram as Image" };
    if item(ui, what, Some(&COPY_IMAGE), view.diagram.is_some()) {
        out.push(Action::CopyImage);
    }
    ui.separator();
    act(ui, out, "Find…", Some(&FIND), Action::OpenFind);
}

/// Align and Distribute for the selected elements of a data-flow diagram; each item says how
/// many elements it needs.
fn arrange_menu(ui: &mut egui::Ui, snapshot: &Snapshot<'_>, out: &mut Vec<Action>) {
    let count = if snapshot.view.is_sequence(snapshot.model) { 0 } else { snapshot.view.selected_elements().len() };
    let mut entries: Vec<Arrangement> = Alignment::ALL.into_iter().map(Arrangement::Align).collect();
    entries.extend([Arrangement::Distribute(Axis::Horizontal), Arrangement::Distribute(Axis::Vertical)]);
    for (i, arrangement) in entries.into_iter().enumerate() {
        if i == 3 || i == 6 {
            ui.separator();
        }
        let needs = arrangement.needs();
        let button = ui
            .add_enabled(count >= needs, egui::Button::new(arrangement.label()))
            .on_disabled_hover_text(format!("Select {needs} or more elements on a data-flow diagram"));
        if button.clicked() {
            out.push(Action::Arrange(arrangement));
        }
    }
    ui.separator();
    let dfd = snapshot.view.diagram.is_some() && !snapshot.view.is_sequence(snapshot.model);
    if ui
        .add_enabled(dfd, egui::Button::new("Auto-layout").shortcut_text(ui.ctx().format_shortcut(&AUTO_LAYOUT)))
        .on_hover_text("Lay the whole diagram out afresh: flows left to right, each trust boundary around its members")
        .on_disabled_hover_text("Show a data-flow diagram")
        .clicked()
    {
        out.push(Action::AutoLayout);
    }
}

fn insert_menu(ui: &mut egui::Ui, out: &mut Vec<Action>) {
    for (kind, shortcut) in [
        (ElementKindTag::Process, INSERT_PROCESS),
        (ElementKindTag::ExternalEntity, INSERT_ENTITY),
        (ElementKindTag::DataStore, INSERT_STORE),
    ] {
        act(ui, out, kind.label(), Some(&shortcut), Action::SetTool(Tool::Place(kind)));
    }
    act(ui, out, "Trust boundary", Some(&INSERT_BOUNDARY), Action::SetTool(Tool::PlaceBoundary));
    act(ui, out, "Data flow (drag between elements)", Some(&CONNECT), Action::SetTool(Tool::Connect));
}

fn view_menu(ui: &mut egui::Ui, snapshot: &Snapshot<'_>, out: &mut Vec<Action>) {
    let view = snapshot.view;
    for (label, shortcut, action) in [
        ("Zoom In", ZOOM_IN, Action::ZoomIn),
        ("Zoom Out", ZOOM_OUT, Action::ZoomOut),
        ("Zoom to Fit", ZOOM_FIT, Action::ZoomFit),
        ("Zoom to Selection", ZOOM_SELECTION, Action::ZoomToSelection),
    ] {
        act(ui, out, label, Some(&shortcut), action);
    }
    ui.separator();
    let mut grid = view.grid;
    if ui.checkbox(&mut grid, "Grid").changed() {
        out.push(Action::SetGrid(grid));
    }
    let mut snap = view.snap;
    if ui.checkbox(&mut snap, "Snap to grid").changed() {
        out.push(Action::SetSnap(snap));
    }
    let mut dark = snapshot.dark;
    if ui.checkbox(&mut dark, "Dark theme").changed() {
        out.push(Action::SetDarkTheme(dark));
    }
    let mut props = view.show_properties;
    if ui
        .add(egui::Checkbox::new(&mut props, "Properties panel"))
        .on_hover_text(ui.ctx().format_shortcut(&PROPERTIES))
        .changed()
    {
        out.push(Action::SetPropertiesPanel(props));
    }
    let mut legend = view.legend;
    if ui
        .checkbox(&mut legend, "Legend")
        .on_hover_text("A key to the notation in the canvas's corner, as exports draw it")
        .changed()
    {
        out.push(Action::SetLegend(legend));
    }
    let mut list = view.show_threat_list;
    if ui
        .add(egui::Checkbox::new(&mut list, "Threat list"))
        .on_hover_text(ui.ctx().format_shortcut(&THREAT_LIST))
        .changed()
    {
        out.push(Action::SetThreatList(list));
    }
    let mut problems = view.panels.problems;
    if ui
        .add(egui::Checkbox::new(&mut problems, "Problems panel"))
        .on_hover_text(ui.ctx().format_shortcut(&PROBLEMS))
        .changed()
    {
        out.push(Action::SetProblemsPanel(problems));
    }
    if item(ui, "Next problem", Some(&NEXT_PROBLEM), true) {
        out.extend(next_problem(snapshot));
    }
    ui.separator();
    if snapshot.compare.is_some() {
        act(ui, out, "Close Compare", None, Action::CloseCompare);
    } else {
        act(ui, out, "Compare with…", None, Action::CompareWith);
    }
}

/// Suggestions from the threat library, dismissed ones, the threat list, reloading the rules.
fn threats_menu(ui: &mut egui::Ui, snapshot: &Snapshot<'_>, out: &mut Vec<Action>) {
    let pending = snapshot.library.suggestions().len();
    let review = |scope, tab| Action::ReviewSuggestions(scope, tab);
    act(ui, out, "Suggest threats…", Some(&SUGGEST_THREATS), review(ReviewScope::Model, ReviewTab::Pending));
    let targets = super::threat_labels::targets_of(&snapshot.view.selection);
    let selection = ui
        .add_enabled(!targets.is_empty(), egui::Button::new("Suggest for selection"))
        .on_disabled_hover_text("Select elements or flows first");
    if selection.clicked() {
        out.push(review(ReviewScope::Targets(targets), ReviewTab::Pending));
    }
    act(ui, out, "Dismissed suggestions…", None, review(ReviewScope::Model, ReviewTab::Dismissed));
    ui.label(egui::RichText::new(format!("{pending} pending for the model")).small().weak());
    ui.separator();
    let label = if snapshot.view.show_threat_list { "Hide threat list" } else { "Threat list" };
    act(ui, out, label, Some(&THREAT_LIST), Action::SetThreatList(!snapshot.view.show_threat_list));
    ui.separator();
    act(ui, out, "Reload threat rules", None, Action::ReloadThreatRules);
}

fn diagram_menu(ui: &mut egui::Ui, snapshot: &Snapshot<'_>, out: &mut Vec<Action>) {
    let view = snapshot.view;
    let has = view.diagram.is_some();
    let entries = [
        ("New Data-Flow Diagram", Some(NEW_DFD), true, Action::NewDiagram(false)),
        ("New Sequence Diagram", Some(NEW_SEQUENCE), true, Action::NewDiagram(true)),
        ("Rename Diagram…", None, has, Action::RenameDiagram),
        ("Delete Diagram", None, has, Action::DeleteDiagram),
    ];
    for (label, shortcut, enabled, action) in entries {
        if item(ui, label, shortcut.as_ref(), enabled) {
            out.push(action);
        }
    }
    ui.separator();
    for d in &snapshot.model.diagrams {
        if ui.radio(view.diagram.as_ref() == Some(&d.id), &d.name).clicked() {
            out.push(Action::SwitchDiagram(d.id.clone()));
        }
    }
    ui.label(format!(
        "Next / previous: {} / {}",
        ui.ctx().format_shortcut(&NEXT_DIAGRAM),
        ui.ctx().format_shortcut(&PREV_DIAGRAM)
    ));
}

/// Cut, Copy, Paste. Paste asks the system for the clipboard through egui's paste event, so
/// the menu item tells how.
fn clipboard_items(ui: &mut egui::Ui, has_selection: bool) -> Vec<Action> {
    let mut out = Vec::new();
    let (cut, copy, paste) = (cmd(Key::X), cmd(Key::C), cmd(Key::V));
    if item(ui, "Cut", Some(&cut), has_selection) {
        out.push(Action::Cut);
    }
    if item(ui, "Copy", Some(&copy), has_selection) {
        out.push(Action::Copy);
    }
    if item(ui, "Paste", Some(&paste), true) {
        // A menu click carries no clipboard text; ask the platform for it.
        ui.ctx().send_viewport_cmd(egui::ViewportCommand::RequestPaste);
    }
    out
}

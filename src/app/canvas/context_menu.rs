//! The canvas's right-click menu: what applies to the thing under the pointer (rename, delete,
//! add a threat, reverse a flow, move into a trust boundary, show it on another diagram,
//! properties...), or, on empty canvas, adding an element right there. Right-clicking selects
//! what is under the pointer first unless it is already selected, so the menu acts on what the
//! user sees highlighted.

use std::collections::BTreeSet;

use crate::app::action::{Action, PaletteItem, Reveal};
use crate::app::view::{Snapshot, View};
use crate::edit::arrange::{self, Alignment, Arrangement, Axis};
use crate::edit::commands::{self, Item};
use crate::edit::sequence as seq_commands;
use crate::model::{
    BoundaryId, DiagramId, DiagramView, ElementId, ElementKindTag, MessageId, Model, ThreatCategory, ThreatTarget,
};
use crate::scene::{Layout, Owner, Pos, Scene};

use super::hit::hit;
use super::rename::Rename;
use super::{dfd, sequence};

/// What was right-clicked.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// Empty canvas, at this diagram point.
    Canvas(Pos),
    /// An element, flow or boundary on a DFD.
    Item(Item),
    /// A lifeline (its head or its dashed line) on a sequence diagram.
    Lifeline(ElementId),
    /// A message on a sequence diagram.
    Message(MessageId),
}

/// What is under diagram point `p`.
#[must_use]
pub fn target_at(scene: &Scene, p: Pos, tolerance: f32, is_sequence: bool) -> Target {
    match hit(scene, p, tolerance) {
        Some(Owner::Element(id)) if is_sequence => Target::Lifeline(id.clone()),
        Some(Owner::Lifeline(id)) => Target::Lifeline(id.clone()),
        Some(Owner::Element(id)) => Target::Item(Item::Element(id.clone())),
        Some(Owner::Flow(id)) => Target::Item(Item::Flow(id.clone())),
        Some(Owner::Boundary(id)) => Target::Item(Item::Boundary(id.clone())),
        Some(Owner::Message(id)) => Target::Message(id.clone()),
        Some(Owner::Fragment(_) | Owner::Note(_)) | None => Target::Canvas(p),
    }
}

/// The target of the menu opened from the keyboard: the one selected thing, else the canvas at
/// `at`.
#[must_use]
pub fn keyboard_target(view: &View, is_sequence: bool, at: Pos) -> Target {
    if let [message] = view.selected_messages.iter().collect::<Vec<_>>().as_slice() {
        return Target::Message((*message).clone());
    }
    match view.selection.iter().collect::<Vec<_>>().as_slice() {
        [Item::Element(e)] if is_sequence => Target::Lifeline(e.clone()),
        [item] => Target::Item((*item).clone()),
        _ => Target::Canvas(at),
    }
}

/// The item a target stands for in the selection, if any.
fn item_of(target: &Target) -> Option<Item> {
    match target {
        Target::Item(item) => Some(item.clone()),
        Target::Lifeline(e) => Some(Item::Element(e.clone())),
        Target::Canvas(_) | Target::Message(_) => None,
    }
}

fn message_flow(model: &Model, diagram: &DiagramId, id: &MessageId) -> Option<crate::model::FlowId> {
    match model.diagram(diagram).map(|d| &d.view) {
        Some(DiagramView::Sequence(s)) => s.message(id).and_then(|m| m.flow.clone()),
        _ => None,
    }
}

/// Selecting only `target` (a message brings its flow along).
fn select_only(model: &Model, diagram: &DiagramId, target: &Target) -> Vec<Action> {
    match target {
        Target::Message(m) => {
            let mut actions = vec![Action::SelectMessage(m.clone())];
            if let Some(flow) = message_flow(model, diagram, m) {
                actions.push(Action::AlsoSelect(Item::Flow(flow)));
            }
            actions
        }
        other => item_of(other).map(|i| vec![Action::Select([i].into())]).unwrap_or_default(),
    }
}

/// The right-click itself: select what is under the pointer unless it is already selected.
#[must_use]
pub fn select_on_open(snapshot: &Snapshot<'_>, diagram: &DiagramId, target: &Target) -> Vec<Action> {
    let view = snapshot.view;
    let selected = match target {
        Target::Canvas(_) => true,
        Target::Message(m) => view.selected_messages.contains(m),
        other => item_of(other).is_some_and(|i| view.selection.contains(&i)),
    };
    if selected { Vec::new() } else { select_only(snapshot.model, diagram, target) }
}

/// What the user chose in the menu.
#[derive(Default)]
pub struct Choice {
    /// The actions.
    pub actions: Vec<Action>,
    /// Names a record placed from the menu, in place.
    pub rename: Option<Rename>,
}

/// A menu entry; true when clicked.
fn entry(ui: &mut egui::Ui, label: &str, shortcut: Option<&str>, enabled: bool) -> bool {
    let mut button = egui::Button::new(label);
    if let Some(s) = shortcut {
        button = button.shortcut_text(s);
    }
    ui.add_enabled(enabled, button).clicked()
}

/// Draws the menu for `target` and returns what the user chose.
pub fn show(
    ui: &mut egui::Ui,
    snapshot: &Snapshot<'_>,
    diagram: &DiagramId,
    layout: &Layout,
    target: &Target,
) -> Choice {
    let mut choice = Choice::default();
    match target {
        Target::Canvas(at) => canvas_entries(ui, snapshot, diagram, layout, *at, &mut choice),
        Target::Item(item) => item_entries(ui, snapshot, diagram, target, item, &mut choice),
        Target::Lifeline(e) => lifeline_entries(ui, snapshot, diagram, target, e, &mut choice),
        Target::Message(m) => message_entries(ui, snapshot, diagram, target, m, &mut choice),
    }
    choice
}

/// Empty canvas: add an element here, paste, select all.
fn canvas_entries(
    ui: &mut egui::Ui,
    snapshot: &Snapshot<'_>,
    diagram: &DiagramId,
    layout: &Layout,
    at: Pos,
    choice: &mut Choice,
) {
    let model = snapshot.model;
    let is_sequence = snapshot.view.is_sequence(model);
    let mut entries: Vec<(PaletteItem, &str)> = ElementKindTag::ALL
        .into_iter()
        .map(|k| {
            let label = match k {
                ElementKindTag::Process => "Add process here",
                ElementKindTag::ExternalEntity => "Add external entity here",
                ElementKindTag::DataStore => "Add data store here",
            };
            (PaletteItem::Element(k), label)
        })
        .collect();
    if !is_sequence {
        entries.push((PaletteItem::Boundary, "Add trust boundary here"));
    }
    for (item, label) in entries {
        if !entry(ui, label, None, true) {
            continue;
        }
        if is_sequence {
            if let Some((actions, rename)) = sequence::drop_from_palette(model, diagram, layout, item, at) {
                choice.actions.extend(actions);
                choice.rename = rename;
            }
        } else {
            let placed = dfd::drop_from_palette(model, diagram, item, at, snapshot.view.snap);
            choice.actions.extend(placed.actions);
            choice.rename = Some(placed.rename);
        }
    }
    ui.separator();
    if !is_sequence && entry(ui, "Paste", Some(&ui.ctx().format_shortcut(&paste_shortcut())), true) {
        // A menu click carries no clipboard text: ask the platform, which sends a paste event.
        ui.ctx().send_viewport_cmd(egui::ViewportCommand::RequestPaste);
    }
    if entry(ui, "Select all", Some(&ui.ctx().format_shortcut(&select_all_shortcut())), true) {
        choice.actions.push(Action::SelectAll);
    }
}

const fn paste_shortcut() -> egui::KeyboardShortcut {
    egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::V)
}

const fn select_all_shortcut() -> egui::KeyboardShortcut {
    egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::A)
}

/// Rename, add a threat, properties: the entries every record has.
fn common_entries(
    ui: &mut egui::Ui,
    snapshot: &Snapshot<'_>,
    diagram: &DiagramId,
    target: &Target,
    threat_target: Option<(ThreatTarget, &str)>,
    choice: &mut Choice,
) {
    let model = snapshot.model;
    let rename_label = if matches!(target, Target::Message(_)) { "Rename message" } else { "Rename" };
    if entry(ui, rename_label, Some("F2"), true) {
        choice.actions.extend(select_only(model, diagram, target));
        choice.actions.push(Action::RenameSelected);
    }
    if let Some((on, label)) = threat_target
        && entry(ui, label, None, true)
    {
        let category = model.meta.methodology.categories().first().copied().unwrap_or(ThreatCategory::Spoofing);
        let (_, tx) = commands::add_threat(on, category, "New threat");
        choice.actions.extend(select_only(model, diagram, target));
        choice.actions.push(Action::Apply(tx));
        choice.actions.push(Action::SetPropertiesPanel(true));
    }
    if entry(ui, "Properties", None, true) {
        choice.actions.extend(select_only(model, diagram, target));
        choice.actions.push(Action::FocusProperties);
    }
}

/// The elements a "move to boundary" acts on: the selected ones, else the one clicked.
fn acted_on(snapshot: &Snapshot<'_>, element: &ElementId) -> BTreeSet<ElementId> {
    let selected = snapshot.view.selected_elements();
    if selected.contains(element) { selected } else { [element.clone()].into() }
}

/// "Move to trust boundary ▸ (none), A, B…": membership, and on a DFD the boxes follow.
fn boundary_submenu(
    ui: &mut egui::Ui,
    model: &Model,
    diagram: Option<&DiagramId>,
    elements: &BTreeSet<ElementId>,
    choice: &mut Choice,
) {
    ui.menu_button("Move to trust boundary", |ui| {
        let current: BTreeSet<Option<&BoundaryId>> =
            elements.iter().filter_map(|e| model.elements.get(e)).map(|e| e.boundary.as_ref()).collect();
        let mut boundaries: Vec<(&BoundaryId, &str)> =
            model.boundaries.iter().map(|(id, b)| (id, b.name.as_str())).collect();
        boundaries.sort_by(|a, b| a.1.cmp(b.1).then_with(|| a.0.cmp(b.0)));
        let options = std::iter::once((None, "(none)")).chain(boundaries.into_iter().map(|(id, n)| (Some(id), n)));
        for (boundary, name) in options {
            let is_current = current.len() == 1 && current.contains(&boundary);
            if ui.add(egui::Button::selectable(is_current, name)).clicked() && !is_current {
                choice.actions.push(Action::Apply(arrange::move_to_boundary(model, diagram, elements, boundary)));
            }
        }
    });
}

/// "Align and distribute ▸" for two or more selected elements.
fn arrange_submenu(ui: &mut egui::Ui, snapshot: &Snapshot<'_>, choice: &mut Choice) {
    let count = snapshot.view.selected_elements().len();
    if count < 2 {
        return;
    }
    ui.menu_button("Align and distribute", |ui| {
        let mut entries: Vec<Arrangement> = Alignment::ALL.into_iter().map(Arrangement::Align).collect();
        entries.extend([Arrangement::Distribute(Axis::Horizontal), Arrangement::Distribute(Axis::Vertical)]);
        for arrangement in entries {
            if entry(ui, arrangement.label(), None, count >= arrangement.needs()) {
                choice.actions.push(Action::Arrange(arrangement));
            }
        }
    });
}

/// An element, flow or boundary on a DFD.
fn item_entries(
    ui: &mut egui::Ui,
    snapshot: &Snapshot<'_>,
    diagram: &DiagramId,
    target: &Target,
    item: &Item,
    choice: &mut Choice,
) {
    let model = snapshot.model;
    let threat_target = match item {
        Item::Element(e) => (ThreatTarget::Element(e.clone()), "Add threat to this element"),
        Item::Flow(f) => (ThreatTarget::Flow(f.clone()), "Add threat to this flow"),
        Item::Boundary(b) => (ThreatTarget::Boundary(b.clone()), "Add threat to this boundary"),
    };
    common_entries(ui, snapshot, diagram, target, Some(threat_target), choice);
    match item {
        Item::Flow(f) => {
            if entry(ui, "Reverse flow", None, true) {
                let mut tx = commands::update_flow(model, f, |x| std::mem::swap(&mut x.source, &mut x.target));
                "Reverse data flow".clone_into(&mut tx.label);
                choice.actions.push(Action::Apply(tx));
            }
        }
        Item::Element(e) => {
            ui.separator();
            boundary_submenu(ui, model, Some(diagram), &acted_on(snapshot, e), choice);
            sequence_submenu(ui, model, e, choice);
            arrange_submenu(ui, snapshot, choice);
        }
        Item::Boundary(_) => {}
    }
    ui.separator();
    if matches!(item, Item::Element(_) | Item::Boundary(_)) {
        for (label, key, action) in [
            ("Copy", egui::Key::C, Action::Copy),
            ("Cut", egui::Key::X, Action::Cut),
            ("Duplicate", egui::Key::D, Action::Duplicate),
        ] {
            let shortcut = ui.ctx().format_shortcut(&egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, key));
            if entry(ui, label, Some(&shortcut), true) {
                choice.actions.push(action);
            }
        }
    }
    if entry(ui, "Delete", Some("Del"), true) {
        choice.actions.push(Action::Delete);
    }
}

/// "Add to sequence diagram ▸": a lifeline for the element on a sequence diagram that lacks one.
fn sequence_submenu(ui: &mut egui::Ui, model: &Model, element: &ElementId, choice: &mut Choice) {
    let sequences: Vec<(&DiagramId, &str, bool)> = model
        .diagrams
        .iter()
        .filter_map(|d| match &d.view {
            DiagramView::Sequence(s) => Some((&d.id, d.name.as_str(), s.lifelines.contains(element))),
            DiagramView::Dfd(_) => None,
        })
        .collect();
    if sequences.is_empty() {
        return;
    }
    ui.menu_button("Add to sequence diagram", |ui| {
        for (id, name, has) in sequences {
            let button =
                ui.add_enabled(!has, egui::Button::new(name)).on_disabled_hover_text("Already a lifeline there");
            if button.clicked() {
                choice.actions.push(sequence::propose(seq_commands::add_lifeline(model, id, element, usize::MAX)));
                choice.actions.push(Action::Reveal(Reveal {
                    diagram: Some(id.clone()),
                    items: [Item::Element(element.clone())].into(),
                    ..Reveal::default()
                }));
            }
        }
    });
}

/// "Show in data-flow diagram ▸": the DFDs that draw `item`.
fn dfd_submenu(ui: &mut egui::Ui, model: &Model, label: &str, item: &Item, choice: &mut Choice) {
    let drawn = |v: &crate::model::DfdView| match item {
        Item::Element(e) => v.nodes.contains_key(e),
        Item::Flow(f) => {
            model.flows.get(f).is_some_and(|x| v.nodes.contains_key(&x.source) && v.nodes.contains_key(&x.target))
        }
        Item::Boundary(b) => v.boundaries.contains_key(b),
    };
    let dfds: Vec<(&DiagramId, &str)> = model
        .diagrams
        .iter()
        .filter_map(|d| match &d.view {
            DiagramView::Dfd(v) if drawn(v) => Some((&d.id, d.name.as_str())),
            _ => None,
        })
        .collect();
    ui.add_enabled_ui(!dfds.is_empty(), |ui| {
        ui.menu_button(label, |ui| {
            for (id, name) in dfds {
                if ui.button(name).clicked() {
                    choice.actions.push(Action::Reveal(Reveal {
                        diagram: Some(id.clone()),
                        items: [item.clone()].into(),
                        ..Reveal::default()
                    }));
                }
            }
        });
    });
}

/// A lifeline on a sequence diagram.
fn lifeline_entries(
    ui: &mut egui::Ui,
    snapshot: &Snapshot<'_>,
    diagram: &DiagramId,
    target: &Target,
    element: &ElementId,
    choice: &mut Choice,
) {
    let model = snapshot.model;
    let threat = (ThreatTarget::Element(element.clone()), "Add threat to this element");
    common_entries(ui, snapshot, diagram, target, Some(threat), choice);
    ui.separator();
    dfd_submenu(ui, model, "Show in data-flow diagram", &Item::Element(element.clone()), choice);
    boundary_submenu(ui, model, None, &[element.clone()].into(), choice);
    ui.separator();
    if entry(ui, "Remove from diagram", Some("Del"), true) {
        choice.actions.push(Action::Delete);
    }
}

/// A message on a sequence diagram.
fn message_entries(
    ui: &mut egui::Ui,
    snapshot: &Snapshot<'_>,
    diagram: &DiagramId,
    target: &Target,
    message: &MessageId,
    choice: &mut Choice,
) {
    let model = snapshot.model;
    let flow = message_flow(model, diagram, message);
    let threat = flow.clone().map(|f| (ThreatTarget::Flow(f), "Add threat to its flow"));
    common_entries(ui, snapshot, diagram, target, threat, choice);
    ui.separator();
    if let Some(f) = flow {
        dfd_submenu(ui, model, "Show flow in data-flow diagram", &Item::Flow(f), choice);
    }
    let to = match model.diagram(diagram).map(|d| &d.view) {
        Some(DiagramView::Sequence(s)) => s.message(message).map(|m| m.to.clone()),
        _ => None,
    };
    if let Some(to) = to
        && entry(ui, "Add note", None, true)
    {
        let added = seq_commands::add_note(model, diagram, &to, Some(message), "Note").map(|(_, tx)| tx);
        choice.actions.push(sequence::propose(added));
    }
    ui.separator();
    if entry(ui, "Remove from diagram", Some("Del"), true) {
        choice.actions.push(Action::Delete);
    }
}

//! The properties panel: the selection's name, description and the properties of its kind,
//! then its threats. It reads the model and proposes every change as an undoable command;
//! typing into one field merges into one undo step (a gesture from focus to blur).

mod pending;
mod threats;

use egui::Ui;

use super::action::Action;
use super::threat_library::ThreatLibrary;
use super::view::Snapshot;
use crate::edit::commands::Item;
use crate::edit::{Transaction, commands};
use crate::model::{
    BoundaryId, DataFlow, DataStoreProps, Element, ElementId, ElementKind, ElementKindTag, EntityNature, FlowId,
    MAX_NAME_CHARS, MAX_TEXT_CHARS, Methodology, Model, ThreatTarget,
};

/// What the panel reads and what it proposes, for one frame.
struct Panel<'a> {
    model: &'a Model,
    /// The threat library: rule titles, and the pending suggestions of the selection.
    library: &'a ThreatLibrary,
    out: Vec<Action>,
    /// The record the fields edit: each field's widget id (and with it egui's own undo history
    /// of the field) belongs to one record, so Ctrl+Z in a field never brings back another
    /// record's text.
    record: String,
    /// The label of a field to focus (with its text selected) as it is drawn.
    focus: Option<&'static str>,
    /// The next text field takes the keyboard (Properties in a context menu).
    focus_next_field: bool,
    /// The threat whose section opens and scrolls into view (clicked in the threat list).
    reveal_threat: Option<&'a crate::model::ThreatId>,
}

impl Panel<'_> {
    /// Proposes `tx` (an empty one changes nothing and is dropped by the history).
    fn apply(&mut self, tx: Transaction) {
        self.out.push(Action::Apply(tx));
    }

    /// A labelled text field; returns the new text when it changed. Typing into it is one undo
    /// step (a gesture from focus to blur); Ctrl+Z inside it is the field's own undo; Esc
    /// takes back what was typed and keeps the selection.
    fn text(&mut self, ui: &mut Ui, label: &str, value: &str, multiline: bool) -> Option<String> {
        let mut text = value.to_owned();
        let caption = ui.label(label);
        let salt = (self.record.as_str(), label);
        let edit = if multiline {
            egui::TextEdit::multiline(&mut text).desired_rows(2).desired_width(f32::INFINITY).char_limit(MAX_TEXT_CHARS)
        } else {
            egui::TextEdit::singleline(&mut text).desired_width(f32::INFINITY).char_limit(MAX_NAME_CHARS)
        };
        let output = edit.id_salt(salt).show(ui);
        let response = egui::Response::clone(&output.response).labelled_by(caption.id);
        let first_asked = std::mem::take(&mut self.focus_next_field);
        if first_asked || self.focus == Some(label) {
            if self.focus == Some(label) {
                self.focus = None;
            }
            // Select the whole text, so typing replaces a placeholder such as "New threat".
            response.request_focus();
            let mut state = output.state;
            let end = egui::text::CCursor::new(text.chars().count());
            state.cursor.set_char_range(Some(egui::text::CCursorRange::two(egui::text::CCursor::new(0), end)));
            state.store(ui.ctx(), response.id);
        }
        self.gesture(ui, &response, label);
        (response.changed() && text != value).then_some(text)
    }

    /// Opens the field's undo step on focus; closes it on blur, or rolls it back on Esc (and
    /// keeps the Esc from reaching the canvas, which would drop the selection).
    fn gesture(&mut self, ui: &Ui, response: &egui::Response, label: &str) {
        if response.gained_focus() {
            self.out.push(Action::BeginGesture(format!("Edit {}", label.to_lowercase())));
        }
        if response.lost_focus() {
            if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
                self.out.push(Action::CancelGesture);
            } else {
                self.out.push(Action::EndGesture);
            }
        }
    }

    /// A list edited as one line per entry. While the field has focus it shows the text as
    /// typed (trailing spaces, an empty last line), so typing "TLS terminates" works; the model
    /// gets the trimmed, non-empty lines.
    fn list(&mut self, ui: &mut Ui, label: &str, key: &str, items: &[String]) -> Option<Vec<String>> {
        let draft_id = egui::Id::unique(("list_draft", label, key, self.record.as_str()));
        let draft: Option<String> = ui.data(|d| d.get_temp(draft_id));
        let mut text = draft.unwrap_or_else(|| items.join("\n"));
        let caption = ui.label(label);
        let edit = egui::TextEdit::multiline(&mut text)
            .desired_rows(2)
            .desired_width(f32::INFINITY)
            .char_limit(MAX_TEXT_CHARS);
        let response = ui.add(edit.id_salt((self.record.as_str(), label))).labelled_by(caption.id);
        if response.gained_focus() {
            self.out.push(Action::BeginGesture(format!("Edit {}", label.to_lowercase())));
        }
        let escaped = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape));
        let mut result = None;
        let cut_id = draft_id.with("cut");
        if response.changed() {
            if fit_lines(&mut text) {
                ui.data_mut(|d| d.insert_temp(cut_id, true));
            }
            ui.data_mut(|d| d.insert_temp(draft_id, text.clone()));
            let parsed = lines(&text);
            if parsed != items {
                result = Some(parsed);
            }
        }
        if ui.data(|d| d.get_temp::<bool>(cut_id)).is_some() {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("A line holds at most {MAX_NAME_CHARS} characters: the rest was cut."),
            );
        }
        if response.lost_focus() {
            ui.data_mut(|d| {
                d.remove::<String>(draft_id);
                d.remove::<bool>(cut_id);
            });
            if escaped {
                ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
                self.out.push(Action::CancelGesture);
                return None;
            }
            self.out.push(Action::EndGesture);
        }
        result
    }
}

/// Cuts every line of a list field to the model's limit for one entry ([`MAX_NAME_CHARS`]), so
/// the panel never holds an entry the loader would refuse; returns whether anything was cut.
fn fit_lines(text: &mut String) -> bool {
    if text.split('\n').all(|line| line.chars().count() <= MAX_NAME_CHARS) {
        return false;
    }
    let fitted: Vec<String> = text.split('\n').map(|line| line.chars().take(MAX_NAME_CHARS).collect()).collect();
    *text = fitted.join("\n");
    true
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

fn check(ui: &mut Ui, label: &str, value: bool, hint: &str) -> Option<bool> {
    let mut v = value;
    ui.checkbox(&mut v, label).on_hover_text(hint).changed().then_some(v)
}

/// Draws the panel for the current selection and returns what the user changed.
pub fn show(ui: &mut Ui, snapshot: &Snapshot<'_>) -> Vec<Action> {
    let mut panel = Panel {
        model: snapshot.model,
        library: snapshot.library,
        out: Vec::new(),
        record: "model".to_owned(),
        focus: None,
        focus_next_field: snapshot.view.focus_properties,
        reveal_threat: snapshot.view.reveal_threat.as_ref(),
    };
    ui.add_space(4.0);
    let view = snapshot.view;
    let selection: Vec<&Item> = view.selection.iter().collect();
    let message = match (view.selected_messages.iter().collect::<Vec<_>>().as_slice(), &view.diagram) {
        ([id], Some(diagram)) => match snapshot.model.diagram(diagram).map(|d| &d.view) {
            Some(crate::model::DiagramView::Sequence(s)) => s.message(id).map(|m| (diagram, m)),
            _ => None,
        },
        _ => None,
    };
    if let Some((diagram, m)) = message {
        message_section(&mut panel, ui, diagram, m);
    }
    match selection.as_slice() {
        [] if message.is_some() => {
            ui.label("A self-message: it carries no data flow.");
        }
        [] => model_panel(&mut panel, ui),
        [Item::Element(id)] => element_panel(&mut panel, ui, id),
        [Item::Flow(id)] => flow_panel(&mut panel, ui, id),
        [Item::Boundary(id)] => boundary_panel(&mut panel, ui, id),
        many => {
            ui.heading(format!("{} items selected", many.len()));
            ui.label("Select one item to edit its properties.");
        }
    }
    panel.out
}

/// The selected sequence message: its own text for this step. The flow it carries, with its
/// threats, follows below.
fn message_section(p: &mut Panel<'_>, ui: &mut Ui, diagram: &crate::model::DiagramId, m: &crate::model::Message) {
    m.id.as_str().clone_into(&mut p.record);
    ui.heading("Message");
    if let Some(v) = p.text(ui, "Text of this step", &m.text, false) {
        let tx = crate::edit::sequence::update_message(p.model, diagram, &m.id, |x| x.text.clone_from(&v));
        match tx {
            Ok(mut tx) => {
                "Edit message text".clone_into(&mut tx.label);
                p.apply(tx);
            }
            Err(e) => p.out.push(Action::Status(e.to_string())),
        }
    }
    let hint = if m.text.is_empty() {
        "Empty: the message shows its flow's name. F2 on the diagram renames the flow."
    } else {
        "The flow keeps its own name. F2 on the diagram edits this text; empty it to show the flow's name."
    };
    ui.label(egui::RichText::new(hint).small().weak());
    ui.add_space(6.0);
    ui.separator();
}

fn model_panel(p: &mut Panel<'_>, ui: &mut Ui) {
    ui.heading("Threat model");
    let meta = &p.model.meta;
    let set = |p: &mut Panel<'_>, change: &dyn Fn(&mut crate::model::Metadata)| {
        let tx = commands::update_meta(p.model, change);
        p.apply(tx);
    };
    if let Some(v) = p.text(ui, "Title", &meta.title, false) {
        set(p, &move |m| m.title.clone_from(&v));
    }
    if let Some(v) = p.text(ui, "Description", &meta.description, true) {
        set(p, &move |m| m.description.clone_from(&v));
    }
    if let Some(v) = p.text(ui, "Scope", &meta.scope, true) {
        set(p, &move |m| m.scope.clone_from(&v));
    }
    if let Some(v) = p.text(ui, "Owner", &meta.owner, false) {
        set(p, &move |m| m.owner.clone_from(&v));
    }
    if let Some(v) = p.text(ui, "Reviewer", &meta.reviewer, false) {
        set(p, &move |m| m.reviewer.clone_from(&v));
    }
    if let Some(v) = p.list(ui, "Contributors (one per line)", "model", &meta.contributors) {
        set(p, &move |m| m.contributors.clone_from(&v));
    }
    let mut methodology = meta.methodology;
    egui::ComboBox::from_label("Methodology").selected_text(methodology.label()).show_ui(ui, |ui| {
        for m in Methodology::ALL {
            ui.selectable_value(&mut methodology, m, m.label());
        }
    });
    if methodology != meta.methodology {
        set(p, &move |m| m.methodology = methodology);
    }
}

/// A data-store flag: label, value, hover text, and where it lives.
type StoreFlag = (&'static str, bool, &'static str, fn(&mut DataStoreProps) -> &mut bool);

fn element_panel(p: &mut Panel<'_>, ui: &mut Ui, id: &ElementId) {
    let Some(element) = p.model.elements.get(id) else {
        return;
    };
    id.as_str().clone_into(&mut p.record);
    ui.heading(element.kind.tag().label());
    ui.label(egui::RichText::new(format!("id {id}")).small().weak());
    let update = |p: &mut Panel<'_>, change: &dyn Fn(&mut Element)| {
        let tx = commands::update_element(p.model, id, change);
        p.apply(tx);
    };
    if let Some(v) = p.text(ui, "Name", &element.name, false) {
        update(p, &move |e| e.name.clone_from(&v));
    }
    if let Some(v) = p.text(ui, "Description", &element.description, true) {
        update(p, &move |e| e.description.clone_from(&v));
    }
    let mut kind = element.kind.tag();
    egui::ComboBox::from_label("Kind").selected_text(kind.label()).show_ui(ui, |ui| {
        for k in ElementKindTag::ALL {
            ui.selectable_value(&mut kind, k, k.label());
        }
    });
    if kind != element.kind.tag() {
        update(p, &move |e| e.kind = kind.default_kind());
    }
    kind_fields(p, ui, id, &element.kind);
    if let Some(Picked(b)) = boundary_combo(ui, p.model, "Trust boundary", element.boundary.as_ref(), None) {
        let tx = commands::set_membership(p.model, id, b.as_ref());
        p.apply(tx);
    }
    if let Some((out, reason)) = scope_fields(p, ui, element.out_of_scope, &element.out_of_scope_reason) {
        update(p, &move |e| {
            e.out_of_scope = out;
            e.out_of_scope_reason.clone_from(&reason);
        });
    }
    if let Some(v) = p.list(ui, "Assumptions (one per line)", id.as_str(), &element.assumptions) {
        update(p, &move |e| e.assumptions.clone_from(&v));
    }
    threats::section(p, ui, &ThreatTarget::Element(id.clone()));
}

/// The properties of an element's kind: technology and flags of a process, the nature of an
/// external entity, what a data store holds.
fn kind_fields(p: &mut Panel<'_>, ui: &mut Ui, id: &ElementId, kind: &ElementKind) {
    let update = |p: &mut Panel<'_>, change: &dyn Fn(&mut Element)| {
        let tx = commands::update_element(p.model, id, change);
        p.apply(tx);
    };
    match kind {
        ElementKind::Process(props) => {
            if let Some(v) = p.text(ui, "Technology", &props.technology, false) {
                update(p, &move |e| {
                    if let ElementKind::Process(x) = &mut e.kind {
                        x.technology.clone_from(&v);
                    }
                });
            }
            if let Some(v) =
                check(ui, "Runs with privilege", props.privileged, "root, admin, or a service account with wide rights")
            {
                update(p, &move |e| {
                    if let ElementKind::Process(x) = &mut e.kind {
                        x.privileged = v;
                    }
                });
            }
            if let Some(v) = check(
                ui,
                "Authenticates its callers",
                props.authenticates_callers,
                "Checks who is calling before acting",
            ) {
                update(p, &move |e| {
                    if let ElementKind::Process(x) = &mut e.kind {
                        x.authenticates_callers = v;
                    }
                });
            }
        }
        ElementKind::ExternalEntity(x) => {
            let mut nature = x.nature;
            ui.horizontal(|ui| {
                ui.radio_value(&mut nature, EntityNature::Person, "Person");
                ui.radio_value(&mut nature, EntityNature::System, "System");
            });
            if nature != x.nature {
                update(p, &move |e| {
                    if let ElementKind::ExternalEntity(x) = &mut e.kind {
                        x.nature = nature;
                    }
                });
            }
        }
        ElementKind::DataStore(s) => {
            let flags: [StoreFlag; 4] = [
                (
                    "Holds credentials or secrets",
                    s.stores_credentials,
                    "Passwords, hashes, keys, tokens, second-factor secrets",
                    |s| &mut s.stores_credentials,
                ),
                ("Holds personal data", s.stores_personal_data, "Anything about identifiable people", |s| {
                    &mut s.stores_personal_data
                }),
                ("Encrypted at rest", s.encrypted_at_rest, "Disk, database or field encryption", |s| {
                    &mut s.encrypted_at_rest
                }),
                ("Is a log or audit store", s.is_log, "Repudiation threats apply to logs", |s| &mut s.is_log),
            ];
            for (label, value, hint, field) in flags {
                if let Some(v) = check(ui, label, value, hint) {
                    update(p, &move |e| {
                        if let ElementKind::DataStore(s) = &mut e.kind {
                            *field(s) = v;
                        }
                    });
                }
            }
        }
    }
}

/// "Out of scope" and its reason; returns the new pair when either changed.
fn scope_fields(p: &mut Panel<'_>, ui: &mut Ui, out: bool, reason: &str) -> Option<(bool, String)> {
    if let Some(v) = check(ui, "Out of scope", out, "Left out of the analysis on purpose; say why") {
        return Some((v, reason.to_owned()));
    }
    if out && let Some(v) = p.text(ui, "Why out of scope", reason, false) {
        return Some((out, v));
    }
    None
}

/// A boundary picked from a combo box; `None` inside is "no boundary".
struct Picked(Option<BoundaryId>);

/// A combo box of trust boundaries; returns the new choice when it changed.
fn boundary_combo(
    ui: &mut Ui,
    model: &Model,
    label: &str,
    current: Option<&BoundaryId>,
    exclude: Option<&BoundaryId>,
) -> Option<Picked> {
    let name = |id: Option<&BoundaryId>| {
        id.and_then(|b| model.boundaries.get(b)).map_or("(none)".to_owned(), |b| b.name.clone())
    };
    let mut choice = current.cloned();
    egui::ComboBox::from_label(label).selected_text(name(current)).show_ui(ui, |ui| {
        ui.selectable_value(&mut choice, None, "(none)");
        for (id, b) in &model.boundaries {
            if Some(id) != exclude {
                ui.selectable_value(&mut choice, Some(id.clone()), &b.name);
            }
        }
    });
    (choice.as_ref() != current).then_some(Picked(choice))
}

fn flow_panel(p: &mut Panel<'_>, ui: &mut Ui, id: &FlowId) {
    let model = p.model;
    let Some(flow) = model.flows.get(id) else {
        return;
    };
    id.as_str().clone_into(&mut p.record);
    ui.heading("Data flow");
    let name_of = |e: &ElementId| model.elements.get(e).map_or_else(|| e.to_string(), |x| x.name.clone());
    ui.label(format!(
        "{} {} {}",
        name_of(&flow.source),
        if flow.bidirectional { "⇄" } else { "→" },
        name_of(&flow.target)
    ));
    let crossed = model.crossed_boundaries(flow);
    if !crossed.is_empty() {
        let names: Vec<&str> =
            crossed.iter().filter_map(|b| model.boundaries.get(b)).map(|b| b.name.as_str()).collect();
        ui.label(egui::RichText::new(format!("Crosses: {}", names.join(", "))).color(ui.visuals().warn_fg_color));
    }
    let update = |p: &mut Panel<'_>, change: &dyn Fn(&mut DataFlow)| {
        let tx = commands::update_flow(p.model, id, change);
        p.apply(tx);
    };
    if let Some(v) = p.text(ui, "Name", &flow.name, false) {
        update(p, &move |f| f.name.clone_from(&v));
    }
    if let Some(v) = p.text(ui, "Data carried", &flow.data, true) {
        update(p, &move |f| f.data.clone_from(&v));
    }
    if let Some(v) = p.text(ui, "Protocol", &flow.protocol, false) {
        update(p, &move |f| f.protocol.clone_from(&v));
    }
    if let Some(v) = check(ui, "Encrypted in transit", flow.encrypted, "TLS or equivalent") {
        update(p, &move |f| f.encrypted = v);
    }
    if let Some(v) = check(ui, "Sender authenticated", flow.authenticated, "The receiver knows who sent it") {
        update(p, &move |f| f.authenticated = v);
    }
    if let Some(v) = check(ui, "Bidirectional", flow.bidirectional, "Data moves both ways") {
        update(p, &move |f| f.bidirectional = v);
    }
    if ui.button("Reverse direction").clicked() {
        update(p, &|f| std::mem::swap(&mut f.source, &mut f.target));
    }
    if let Some(v) = p.text(ui, "Description", &flow.description, true) {
        update(p, &move |f| f.description.clone_from(&v));
    }
    if let Some((out, reason)) = scope_fields(p, ui, flow.out_of_scope, &flow.out_of_scope_reason) {
        update(p, &move |f| {
            f.out_of_scope = out;
            f.out_of_scope_reason.clone_from(&reason);
        });
    }
    if let Some(v) = p.list(ui, "Assumptions (one per line)", id.as_str(), &flow.assumptions) {
        update(p, &move |f| f.assumptions.clone_from(&v));
    }
    threats::section(p, ui, &ThreatTarget::Flow(id.clone()));
}

fn boundary_panel(p: &mut Panel<'_>, ui: &mut Ui, id: &BoundaryId) {
    let model = p.model;
    let Some(boundary) = model.boundaries.get(id) else {
        return;
    };
    id.as_str().clone_into(&mut p.record);
    ui.heading("Trust boundary");
    if let Some(v) = p.text(ui, "Name", &boundary.name, false) {
        p.apply(commands::update_boundary(model, id, move |b| b.name = v));
    }
    if let Some(v) = p.text(ui, "Description", &boundary.description, true) {
        p.apply(commands::update_boundary(model, id, move |b| b.description = v));
    }
    if let Some(Picked(parent)) = boundary_combo(ui, model, "Inside", boundary.parent.as_ref(), Some(id)) {
        match commands::set_boundary_parent(model, id, parent.as_ref()) {
            Ok(tx) => p.apply(tx),
            Err(e) => p.out.push(Action::Status(e.to_string())),
        }
    }
    let members = model.elements.values().filter(|e| e.boundary.as_ref() == Some(id)).count();
    ui.label(format!("Holds {members} element{}", if members == 1 { "" } else { "s" }));
    threats::section(p, ui, &ThreatTarget::Boundary(id.clone()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_lines_are_cut_to_the_models_limit_in_characters() {
        let mut text = format!("short\n{}\n{}", "é".repeat(MAX_NAME_CHARS), "x".repeat(MAX_NAME_CHARS + 5));
        assert!(fit_lines(&mut text));
        let entries = lines(&text);
        assert_eq!(entries.len(), 3);
        assert!(entries.iter().all(|e| e.chars().count() <= MAX_NAME_CHARS));
        assert_eq!(entries[1], "é".repeat(MAX_NAME_CHARS), "a line at the limit is kept whole");
        assert_eq!(entries[2], "x".repeat(MAX_NAME_CHARS));
        let mut fine = "a\nb".to_owned();
        assert!(!fit_lines(&mut fine));
        assert_eq!(fine, "a\nb");
    }
}

//! The properties panel: the selection's name, description and the properties of its kind,
//! then its threats. Every field edit is an undoable command; typing into one field merges
//! into one undo step.

use egui::Ui;

use super::Editor;
use super::actions::Action;
use crate::edit::commands::Item;
use crate::edit::{Transaction, commands};
use crate::model::{
    BoundaryId, DataFlow, Element, ElementKind, ElementKindTag, EntityNature, Methodology, Model, Severity,
    ThreatCategory, ThreatId, ThreatStatus, ThreatTarget,
};

/// A labelled single-line text field; returns the new text when it changed. Typing in one
/// field is one undo step.
fn text_field(editor: &mut Editor, ui: &mut Ui, label: &str, value: &str, multiline: bool) -> Option<String> {
    let mut text = value.to_owned();
    let label_response = ui.label(label);
    let edit = if multiline {
        egui::TextEdit::multiline(&mut text)
            .desired_rows(2)
            .desired_width(f32::INFINITY)
            .char_limit(crate::format::MAX_TEXT_CHARS)
    } else {
        egui::TextEdit::singleline(&mut text).desired_width(f32::INFINITY).char_limit(crate::format::MAX_NAME_CHARS)
    };
    let response = ui.add(edit).labelled_by(label_response.id);
    if response.gained_focus() {
        editor.queue(Action::BeginGesture(format!("Edit {}", label.to_lowercase())));
    }
    if response.lost_focus() {
        editor.queue(Action::EndGesture);
    }
    (response.changed() && text != value).then_some(text)
}

fn check(ui: &mut Ui, label: &str, value: bool, hint: &str) -> Option<bool> {
    let mut v = value;
    ui.checkbox(&mut v, label).on_hover_text(hint).changed().then_some(v)
}

pub(super) fn show(editor: &mut Editor, ui: &mut Ui) {
    ui.add_space(4.0);
    let selection: Vec<Item> = editor.selection.iter().cloned().collect();
    let message_flow = editor.selected_messages.first().and_then(|m| {
        editor.doc.model.diagrams.iter().find_map(|d| match &d.view {
            crate::model::DiagramView::Sequence(s) => s.messages.iter().find(|x| &x.id == m).map(|x| x.flow.clone()),
            crate::model::DiagramView::Dfd(_) => None,
        })
    });
    match selection.as_slice() {
        [] if message_flow.is_some() => {
            if let Some(Some(flow)) = message_flow {
                flow_panel(editor, ui, &flow);
            } else {
                ui.heading("Message");
                ui.label("A self-message: it carries no data flow.");
            }
        }
        [] => model_panel(editor, ui),
        [Item::Element(id)] => element_panel(editor, ui, id),
        [Item::Flow(id)] => flow_panel(editor, ui, id),
        [Item::Boundary(id)] => boundary_panel(editor, ui, id),
        many => {
            ui.heading(format!("{} items selected", many.len()));
            ui.label("Select one item to edit its properties.");
        }
    }
}

fn model_panel(editor: &mut Editor, ui: &mut Ui) {
    ui.heading("Threat model");
    let meta = editor.doc.model.meta.clone();
    let set = |editor: &mut Editor, change: &dyn Fn(&mut crate::model::Metadata)| {
        let tx = commands::update_meta(&editor.doc.model, change);
        editor.queue(Action::Execute(tx));
    };
    if let Some(v) = text_field(editor, ui, "Title", &meta.title, false) {
        set(editor, &move |m| m.title.clone_from(&v));
    }
    if let Some(v) = text_field(editor, ui, "Description", &meta.description, true) {
        set(editor, &move |m| m.description.clone_from(&v));
    }
    if let Some(v) = text_field(editor, ui, "Scope", &meta.scope, true) {
        set(editor, &move |m| m.scope.clone_from(&v));
    }
    if let Some(v) = text_field(editor, ui, "Owner", &meta.owner, false) {
        set(editor, &move |m| m.owner.clone_from(&v));
    }
    if let Some(v) = text_field(editor, ui, "Reviewer", &meta.reviewer, false) {
        set(editor, &move |m| m.reviewer.clone_from(&v));
    }
    if let Some(v) = list_field(editor, ui, "Contributors (one per line)", "model", &meta.contributors) {
        set(editor, &move |m| m.contributors.clone_from(&v));
    }
    let mut methodology = meta.methodology;
    egui::ComboBox::from_label("Methodology").selected_text(methodology.label()).show_ui(ui, |ui| {
        for m in Methodology::ALL {
            ui.selectable_value(&mut methodology, m, m.label());
        }
    });
    if methodology != meta.methodology {
        set(editor, &move |m| m.methodology = methodology);
    }
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// A list edited as one line per entry. While the field has focus it shows the text as typed
/// (trailing spaces, an empty last line), so typing "TLS terminates" works; the model gets the
/// trimmed, non-empty lines.
fn list_field(editor: &mut Editor, ui: &mut Ui, label: &str, key: &str, items: &[String]) -> Option<Vec<String>> {
    let draft_id = egui::Id::unique(("list_draft", label, key));
    let draft: Option<String> = ui.data(|d| d.get_temp(draft_id));
    let mut text = draft.unwrap_or_else(|| items.join("\n"));
    let caption = ui.label(label);
    let edit = egui::TextEdit::multiline(&mut text)
        .desired_rows(2)
        .desired_width(f32::INFINITY)
        .char_limit(crate::format::MAX_TEXT_CHARS);
    let response = ui.add(edit).labelled_by(caption.id);
    if response.gained_focus() {
        editor.queue(Action::BeginGesture(format!("Edit {}", label.to_lowercase())));
    }
    let mut result = None;
    if response.changed() {
        ui.data_mut(|d| d.insert_temp(draft_id, text.clone()));
        let parsed = lines(&text);
        if parsed != items {
            result = Some(parsed);
        }
    }
    if response.lost_focus() {
        ui.data_mut(|d| d.remove::<String>(draft_id));
        editor.queue(Action::EndGesture);
    }
    result
}

/// A data-store flag: label, value, hover text, and where it lives.
type StoreFlag = (&'static str, bool, &'static str, fn(&mut crate::model::DataStoreProps) -> &mut bool);

fn element_panel(editor: &mut Editor, ui: &mut Ui, id: &crate::model::ElementId) {
    let Some(element) = editor.doc.model.elements.get(id).cloned() else {
        return;
    };
    ui.heading(element.kind.tag().label());
    ui.label(egui::RichText::new(format!("id {id}")).small().weak());
    let update = |editor: &mut Editor, change: Box<dyn FnOnce(&mut Element)>| {
        let tx = commands::update_element(&editor.doc.model, id, change);
        editor.queue(Action::Execute(tx));
    };
    if let Some(v) = text_field(editor, ui, "Name", &element.name, false) {
        update(editor, Box::new(move |e| e.name = v));
    }
    if let Some(v) = text_field(editor, ui, "Description", &element.description, true) {
        update(editor, Box::new(move |e| e.description = v));
    }
    let mut kind = element.kind.tag();
    egui::ComboBox::from_label("Kind").selected_text(kind.label()).show_ui(ui, |ui| {
        for k in ElementKindTag::ALL {
            ui.selectable_value(&mut kind, k, k.label());
        }
    });
    if kind != element.kind.tag() {
        update(editor, Box::new(move |e| e.kind = kind.default_kind()));
    }
    match &element.kind {
        ElementKind::Process(p) => {
            if let Some(v) = text_field(editor, ui, "Technology", &p.technology, false) {
                update(
                    editor,
                    Box::new(move |e| {
                        if let ElementKind::Process(p) = &mut e.kind {
                            p.technology = v
                        }
                    }),
                );
            }
            if let Some(v) =
                check(ui, "Runs with privilege", p.privileged, "root, admin, or a service account with wide rights")
            {
                update(
                    editor,
                    Box::new(move |e| {
                        if let ElementKind::Process(p) = &mut e.kind {
                            p.privileged = v
                        }
                    }),
                );
            }
            if let Some(v) =
                check(ui, "Authenticates its callers", p.authenticates_callers, "Checks who is calling before acting")
            {
                update(
                    editor,
                    Box::new(move |e| {
                        if let ElementKind::Process(p) = &mut e.kind {
                            p.authenticates_callers = v
                        }
                    }),
                );
            }
        }
        ElementKind::ExternalEntity(x) => {
            let mut nature = x.nature;
            ui.horizontal(|ui| {
                ui.radio_value(&mut nature, EntityNature::Person, "Person");
                ui.radio_value(&mut nature, EntityNature::System, "System");
            });
            if nature != x.nature {
                update(
                    editor,
                    Box::new(move |e| {
                        if let ElementKind::ExternalEntity(x) = &mut e.kind {
                            x.nature = nature
                        }
                    }),
                );
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
                    update(
                        editor,
                        Box::new(move |e| {
                            if let ElementKind::DataStore(s) = &mut e.kind {
                                *field(s) = v
                            }
                        }),
                    );
                }
            }
        }
    }
    let boundary = boundary_combo(ui, &editor.doc.model, "Trust boundary", element.boundary.as_ref(), None);
    if let Some(b) = boundary {
        let tx = commands::set_membership(&editor.doc.model, id, b.as_ref());
        editor.queue(Action::Execute(tx));
    }
    scope_fields(editor, ui, element.out_of_scope, &element.out_of_scope_reason, &|out, reason| {
        let (out, reason) = (out, reason.to_owned());
        Box::new(move |m: &Model| {
            commands::update_element(m, id, move |e| {
                e.out_of_scope = out;
                e.out_of_scope_reason = reason;
            })
        })
    });
    if let Some(v) = list_field(editor, ui, "Assumptions (one per line)", id.as_str(), &element.assumptions) {
        update(editor, Box::new(move |e| e.assumptions = v));
    }
    threats_section(editor, ui, &ThreatTarget::Element(id.clone()));
}

type ScopeTx<'a> = dyn Fn(bool, &str) -> Box<dyn FnOnce(&Model) -> Transaction + 'a> + 'a;

fn scope_fields(editor: &mut Editor, ui: &mut Ui, out: bool, reason: &str, make: &ScopeTx<'_>) {
    if let Some(v) = check(ui, "Out of scope", out, "Left out of the analysis on purpose; say why") {
        let tx = make(v, reason)(&editor.doc.model);
        editor.queue(Action::Execute(tx));
    }
    if out && let Some(v) = text_field(editor, ui, "Why out of scope", reason, false) {
        let tx = make(out, &v)(&editor.doc.model);
        editor.queue(Action::Execute(tx));
    }
}

/// A combo box of trust boundaries; returns the new choice when it changed.
fn boundary_combo(
    ui: &mut Ui,
    model: &Model,
    label: &str,
    current: Option<&BoundaryId>,
    exclude: Option<&BoundaryId>,
) -> Option<Option<BoundaryId>> {
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
    (choice.as_ref() != current).then_some(choice)
}

fn flow_panel(editor: &mut Editor, ui: &mut Ui, id: &crate::model::FlowId) {
    let Some(flow) = editor.doc.model.flows.get(id).cloned() else {
        return;
    };
    ui.heading("Data flow");
    let name_of = |e: &crate::model::ElementId| {
        editor.doc.model.elements.get(e).map_or_else(|| e.to_string(), |x| x.name.clone())
    };
    ui.label(format!(
        "{} {} {}",
        name_of(&flow.source),
        if flow.bidirectional { "⇄" } else { "→" },
        name_of(&flow.target)
    ));
    let crossed = editor.doc.model.crossed_boundaries(&flow);
    if !crossed.is_empty() {
        let names: Vec<String> =
            crossed.iter().filter_map(|b| editor.doc.model.boundaries.get(b)).map(|b| b.name.clone()).collect();
        ui.label(egui::RichText::new(format!("Crosses: {}", names.join(", "))).color(ui.visuals().warn_fg_color));
    }
    let update = |editor: &mut Editor, change: Box<dyn FnOnce(&mut DataFlow)>| {
        let tx = commands::update_flow(&editor.doc.model, id, change);
        editor.queue(Action::Execute(tx));
    };
    if let Some(v) = text_field(editor, ui, "Name", &flow.name, false) {
        update(editor, Box::new(move |f| f.name = v));
    }
    if let Some(v) = text_field(editor, ui, "Data carried", &flow.data, true) {
        update(editor, Box::new(move |f| f.data = v));
    }
    if let Some(v) = text_field(editor, ui, "Protocol", &flow.protocol, false) {
        update(editor, Box::new(move |f| f.protocol = v));
    }
    if let Some(v) = check(ui, "Encrypted in transit", flow.encrypted, "TLS or equivalent") {
        update(editor, Box::new(move |f| f.encrypted = v));
    }
    if let Some(v) = check(ui, "Sender authenticated", flow.authenticated, "The receiver knows who sent it") {
        update(editor, Box::new(move |f| f.authenticated = v));
    }
    if let Some(v) = check(ui, "Bidirectional", flow.bidirectional, "Data moves both ways") {
        update(editor, Box::new(move |f| f.bidirectional = v));
    }
    if ui.button("Reverse direction").clicked() {
        update(editor, Box::new(|f| std::mem::swap(&mut f.source, &mut f.target)));
    }
    if let Some(v) = text_field(editor, ui, "Description", &flow.description, true) {
        update(editor, Box::new(move |f| f.description = v));
    }
    scope_fields(editor, ui, flow.out_of_scope, &flow.out_of_scope_reason, &|out, reason| {
        let reason = reason.to_owned();
        Box::new(move |m: &Model| {
            commands::update_flow(m, id, move |f| {
                f.out_of_scope = out;
                f.out_of_scope_reason = reason;
            })
        })
    });
    if let Some(v) = list_field(editor, ui, "Assumptions (one per line)", id.as_str(), &flow.assumptions) {
        update(editor, Box::new(move |f| f.assumptions = v));
    }
    threats_section(editor, ui, &ThreatTarget::Flow(id.clone()));
}

fn boundary_panel(editor: &mut Editor, ui: &mut Ui, id: &BoundaryId) {
    let Some(boundary) = editor.doc.model.boundaries.get(id).cloned() else {
        return;
    };
    ui.heading("Trust boundary");
    if let Some(v) = text_field(editor, ui, "Name", &boundary.name, false) {
        let tx = commands::update_boundary(&editor.doc.model, id, move |b| b.name = v);
        editor.queue(Action::Execute(tx));
    }
    if let Some(v) = text_field(editor, ui, "Description", &boundary.description, true) {
        let tx = commands::update_boundary(&editor.doc.model, id, move |b| b.description = v);
        editor.queue(Action::Execute(tx));
    }
    if let Some(parent) = boundary_combo(ui, &editor.doc.model, "Inside", boundary.parent.as_ref(), Some(id)) {
        // Refuse a choice that would nest the boundary inside itself.
        let cycles = parent.as_ref().is_some_and(|p| {
            let mut next = Some(p.clone());
            let mut guard = 0;
            while let Some(b) = next {
                if &b == id || guard > 64 {
                    return true;
                }
                guard += 1;
                next = editor.doc.model.boundaries.get(&b).and_then(|x| x.parent.clone());
            }
            false
        });
        if cycles {
            editor.status = "A boundary cannot sit inside itself".to_owned();
        } else {
            let tx = commands::update_boundary(&editor.doc.model, id, move |b| b.parent = parent);
            editor.queue(Action::Execute(tx));
        }
    }
    let members: Vec<String> = editor
        .doc
        .model
        .elements
        .values()
        .filter(|e| e.boundary.as_ref() == Some(id))
        .map(|e| e.name.clone())
        .collect();
    ui.label(format!("Holds {} element{}", members.len(), if members.len() == 1 { "" } else { "s" }));
    threats_section(editor, ui, &ThreatTarget::Boundary(id.clone()));
}

/// The threats on one target: each editable in a collapsing section, and "Add threat".
fn threats_section(editor: &mut Editor, ui: &mut Ui, target: &ThreatTarget) {
    ui.add_space(8.0);
    ui.separator();
    let threats: Vec<(ThreatId, crate::model::Threat)> =
        editor.doc.model.threats_on(target).map(|(id, t)| (id.clone(), t.clone())).collect();
    ui.heading(format!("Threats ({})", threats.len()));
    let methodology = editor.doc.model.meta.methodology;
    for (id, threat) in threats {
        // Headers do not wrap: keep them short so a long title cannot widen the panel.
        let mut header = format!("{} · {} · {}", threat.category.label(), threat.status.label(), threat.title);
        if header.chars().count() > 48 {
            header = header.chars().take(47).collect::<String>() + "…";
        }
        egui::CollapsingHeader::new(header).id_salt(("threat", id.as_str())).show(ui, |ui| {
            let update = |editor: &mut Editor, change: Box<dyn FnOnce(&mut crate::model::Threat)>| {
                let tx = commands::update_threat(&editor.doc.model, &id, change);
                editor.queue(Action::Execute(tx));
            };
            if let Some(v) = text_field(editor, ui, "Title", &threat.title, false) {
                update(editor, Box::new(move |t| t.title = v));
            }
            let mut category = threat.category;
            egui::ComboBox::new(("category", id.as_str()), "Category").selected_text(category.label()).show_ui(
                ui,
                |ui| {
                    for c in methodology.categories() {
                        ui.selectable_value(&mut category, *c, c.label());
                    }
                },
            );
            let mut status = threat.status;
            let mut severity = threat.severity;
            ui.horizontal(|ui| {
                egui::ComboBox::new(("status", id.as_str()), "Status").selected_text(status.label()).show_ui(
                    ui,
                    |ui| {
                        for s in ThreatStatus::ALL {
                            ui.selectable_value(&mut status, s, s.label());
                        }
                    },
                );
                egui::ComboBox::new(("severity", id.as_str()), "Severity").selected_text(severity.label()).show_ui(
                    ui,
                    |ui| {
                        for s in Severity::ALL {
                            ui.selectable_value(&mut severity, s, s.label());
                        }
                    },
                );
            });
            if (category, status, severity) != (threat.category, threat.status, threat.severity) {
                update(
                    editor,
                    Box::new(move |t| {
                        t.category = category;
                        t.status = status;
                        t.severity = severity;
                    }),
                );
            }
            if let Some(v) = text_field(editor, ui, "How it works", &threat.description, true) {
                update(editor, Box::new(move |t| t.description = v));
            }
            if let Some(v) = text_field(editor, ui, "Mitigation", &threat.mitigation, true) {
                update(editor, Box::new(move |t| t.mitigation = v));
            }
            if ui.button("Delete threat").clicked() {
                editor.queue(Action::Execute(commands::delete_threat(&id)));
            }
        });
    }
    if ui.button("Add threat").clicked() {
        let category = methodology.categories().first().copied().unwrap_or(ThreatCategory::Spoofing);
        let (_, tx) = commands::add_threat(target.clone(), category, "New threat");
        editor.queue(Action::Execute(tx));
    }
}
